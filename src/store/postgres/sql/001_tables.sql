-- Schema 1 of the PostgreSQL store. Each record keeps its whole value as
-- jsonb (what the program reads back) beside real columns that find,
-- order, count and report on it; the program writes both in one statement.

CREATE TABLE meta (
    key   text PRIMARY KEY,
    value bytea NOT NULL
);

-- Numbers that must not have gaps or must be taken under a row lock
-- (documents per fiscal year). Ids of cases, messages and undo entries come
-- from sequences instead: they take no lock.
CREATE TABLE counters (
    name  text PRIMARY KEY,
    value bigint NOT NULL
);

CREATE SEQUENCE case_ids;
CREATE SEQUENCE outbox_ids;
CREATE SEQUENCE undo_ids;
CREATE SEQUENCE undo_groups;
CREATE SEQUENCE enquiry_ids;
CREATE SEQUENCE import_ids;

-- The names behind a case summary's assignee number (0: nobody).
CREATE TABLE assignees (
    number serial PRIMARY KEY,
    name   text NOT NULL UNIQUE
);

-- What a case summary's place number stands for (0: none): store::Place's
-- key, `F` and a facility number or `L` and a loan id.
CREATE TABLE places (
    number serial PRIMARY KEY,
    place  text NOT NULL UNIQUE
);

-- The organisation sets cases belong to; set 0 is the default office alone.
CREATE TABLE org_sets (
    number integer PRIMARY KEY,
    orgs   jsonb NOT NULL,
    key    text NOT NULL UNIQUE
);

CREATE TABLE cases (
    id          bigint PRIMARY KEY,
    queue       text NOT NULL,
    ref         text NOT NULL,
    state       text NOT NULL,
    closed      boolean NOT NULL,
    -- due, received and updated_at are NULL for the rare date beyond
    -- PostgreSQL's range (chrono's is wider); due_days and received_s,
    -- which order and count, always hold them.
    due         date,
    due_days    integer NOT NULL,
    received    timestamptz,
    received_s  bigint NOT NULL,
    assignee    text,
    assignee_no integer NOT NULL,
    revision    bigint NOT NULL,
    subject_kind smallint NOT NULL,
    subject     text NOT NULL,
    subject_name text NOT NULL,
    name_key    text COLLATE "C" NOT NULL,
    org_set     integer NOT NULL REFERENCES org_sets (number),
    -- The place number (0: none) and the kind's code (0: none) of the
    -- summary: what `area:`, `pref:`, `priority` and `kind:` look at.
    place_no    integer NOT NULL,
    kind        smallint NOT NULL,
    updated_at  timestamptz,
    updated_by  text NOT NULL,
    body        jsonb NOT NULL,
    UNIQUE (queue, ref)
);
CREATE INDEX cases_by_due ON cases (queue, closed, due_days, id);
CREATE INDEX cases_by_received ON cases (queue, closed, received_s, id);
CREATE INDEX cases_by_name ON cases (queue, closed, name_key, id);
CREATE INDEX cases_by_subject ON cases (subject_kind, subject, id);
CREATE INDEX cases_by_org_set ON cases (org_set);

-- The words a case is found by (store::words::tokens), each prefix-searched.
CREATE TABLE case_words (
    case_id bigint NOT NULL REFERENCES cases (id) ON DELETE CASCADE,
    word    text COLLATE "C" NOT NULL,
    PRIMARY KEY (case_id, word)
);
CREATE INDEX case_words_by_word ON case_words (word text_pattern_ops, case_id);

-- birth_days (days from 0001-01-01) finds people; birth_date is for reports
-- (NULL beyond PostgreSQL's range of dates).
CREATE TABLE people (
    regno      text PRIMARY KEY,
    name_key   text COLLATE "C" NOT NULL,
    birth_days integer NOT NULL,
    birth_date date,
    body       jsonb NOT NULL
);
CREATE INDEX people_by_identity ON people (name_key, birth_days);
CREATE INDEX people_by_birth ON people (birth_days, regno);

CREATE TABLE facilities (
    number text PRIMARY KEY,
    body   jsonb NOT NULL
);

CREATE TABLE physicians (
    cert      text PRIMARY KEY,
    workplace text NOT NULL,
    body      jsonb NOT NULL
);
CREATE INDEX physicians_by_workplace ON physicians (workplace, cert);

CREATE TABLE loans (
    loan_id text PRIMARY KEY,
    regno   text NOT NULL,
    body    jsonb NOT NULL
);
CREATE INDEX loans_by_person ON loans (regno, loan_id);

CREATE TABLE users (
    name   text PRIMARY KEY,
    access jsonb NOT NULL
);

CREATE TABLE orgs (
    id   text PRIMARY KEY,
    body jsonb NOT NULL
);

CREATE TABLE outbox (
    id         bigint PRIMARY KEY,
    status     text NOT NULL,
    release_at timestamptz,
    release_s  bigint NOT NULL,
    queue      text NOT NULL,
    case_ref   text NOT NULL,
    body       jsonb NOT NULL
);
CREATE INDEX outbox_pending ON outbox (id) WHERE status = 'pending';

CREATE TABLE deliveries (
    outbox_id bigint PRIMARY KEY REFERENCES outbox (id),
    state     text NOT NULL,
    body      jsonb NOT NULL
);
CREATE INDEX deliveries_queued ON deliveries (outbox_id) WHERE state = 'queued';

-- Each user's undo stack (seq from undo_ids) and schema-1 slot.
CREATE TABLE undo (
    username text NOT NULL,
    seq      bigint NOT NULL,
    body     jsonb NOT NULL,
    PRIMARY KEY (username, seq)
);
CREATE TABLE undo_slots (
    username text PRIMARY KEY,
    body     jsonb NOT NULL
);

CREATE TABLE enquiries (
    id    bigint PRIMARY KEY,
    regno text,
    body  jsonb NOT NULL
);
CREATE INDEX enquiries_by_person ON enquiries (regno, id);

CREATE TABLE documents (
    kind        text NOT NULL,
    queue       text NOT NULL,
    ref         text NOT NULL,
    fiscal_year integer NOT NULL,
    number      bigint NOT NULL,
    body        jsonb NOT NULL,
    PRIMARY KEY (kind, queue, ref),
    UNIQUE (fiscal_year, number)
);

-- The audit chain: each record as the program sealed it (`record`, read
-- back verbatim), with columns to report on. The head is one row, locked by
-- every change that appends, so the chain stays linear with many writers.
CREATE TABLE audit (
    seq    bigint PRIMARY KEY,
    at     timestamptz,
    actor  text NOT NULL,
    action text NOT NULL,
    target text NOT NULL,
    record jsonb NOT NULL
);
CREATE INDEX audit_by_at ON audit (at);

CREATE TABLE audit_head (
    one  boolean PRIMARY KEY DEFAULT true CHECK (one),
    seq  bigint NOT NULL,
    mac  text NOT NULL
);

-- The audit log is appended to, never changed.
CREATE FUNCTION audit_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'the audit log is append-only: % refused', TG_OP
        USING ERRCODE = 'insufficient_privilege';
END
$$;
CREATE TRIGGER audit_append_only
    BEFORE UPDATE OR DELETE ON audit
    FOR EACH ROW EXECUTE FUNCTION audit_append_only();
CREATE TRIGGER audit_no_truncate
    BEFORE TRUNCATE ON audit
    FOR EACH STATEMENT EXECUTE FUNCTION audit_append_only();
