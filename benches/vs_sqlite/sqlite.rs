//! The peer: the same data in SQLite, with the indexes and durability a
//! careful SQLite application would use (WAL, `synchronous=FULL`, an index
//! per list order, FTS5 over the same search words).

use rusqlite::{Connection, OptionalExtension, params};
use secretariat::domain::{Case, Loan, Person, Queue, State};
use secretariat::store::Store;
use secretariat::store::{CaseSummary, tokens};
use std::path::Path;

pub type Res<T> = Result<T, Box<dyn std::error::Error>>;

const SCHEMA: &str = "
CREATE TABLE IF NOT EXISTS people (regno TEXT PRIMARY KEY, name TEXT NOT NULL, birth TEXT NOT NULL, body TEXT NOT NULL) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS people_identity ON people(name, birth);
CREATE TABLE IF NOT EXISTS loans (loan_id TEXT PRIMARY KEY, regno TEXT NOT NULL, body TEXT NOT NULL) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS loans_regno ON loans(regno);
CREATE TABLE IF NOT EXISTS facilities (number TEXT PRIMARY KEY, body TEXT NOT NULL) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS cases (
  id INTEGER PRIMARY KEY, queue INTEGER NOT NULL, ref TEXT NOT NULL, state INTEGER NOT NULL,
  open INTEGER NOT NULL, due INTEGER NOT NULL, received INTEGER NOT NULL, kana TEXT NOT NULL,
  assignee TEXT, subject TEXT NOT NULL, revision INTEGER NOT NULL, body TEXT NOT NULL);
CREATE UNIQUE INDEX IF NOT EXISTS cases_ref ON cases(queue, ref);
CREATE INDEX IF NOT EXISTS cases_due ON cases(queue, open, due, id);
CREATE INDEX IF NOT EXISTS cases_received ON cases(queue, open, received, id);
CREATE INDEX IF NOT EXISTS cases_kana ON cases(queue, open, kana, id);
CREATE INDEX IF NOT EXISTS cases_state ON cases(queue, state, due);
CREATE INDEX IF NOT EXISTS cases_subject ON cases(subject);
CREATE VIRTUAL TABLE IF NOT EXISTS case_words USING fts5(words, tokenize = \"unicode61 tokenchars '-_'\");
CREATE TABLE IF NOT EXISTS audit (seq INTEGER PRIMARY KEY, at TEXT NOT NULL, actor TEXT NOT NULL, action TEXT NOT NULL, target TEXT NOT NULL, before TEXT, after TEXT, hash TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS outbox (id INTEGER PRIMARY KEY, case_id INTEGER NOT NULL, body TEXT NOT NULL);
";

/// Opens (or creates) the database with the durability the store promises.
pub fn open(path: &Path) -> Res<Connection> {
    let c = Connection::open(path)?;
    c.pragma_update(None, "journal_mode", "WAL")?;
    c.pragma_update(None, "synchronous", "FULL")?;
    c.execute_batch(SCHEMA)?;
    Ok(c)
}

fn words(case: &Case) -> String {
    tokens(case).join(" ")
}

pub fn insert_case(tx: &Connection, id: u64, case: &Case) -> Res<()> {
    let tag = CaseSummary::of(case, 0, 0, 0);
    tx.execute(
        "INSERT INTO cases (id, queue, ref, state, open, due, received, kana, assignee, subject, revision, body)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)",
        params![
            id as i64,
            case.queue.code(),
            case.reference,
            case.state.code(),
            case.state.is_open(),
            tag.due,
            tag.received,
            secretariat::store::sled::keys::name_sort_key(case),
            case.assignee,
            case.subject.key(),
            case.revision as i64,
            serde_json::to_string(case)?,
        ],
    )?;
    tx.execute(
        "INSERT INTO case_words (rowid, words) VALUES (?1, ?2)",
        params![id as i64, words(case)],
    )?;
    Ok(())
}

pub fn insert_person(tx: &Connection, p: &Person) -> Res<()> {
    tx.execute(
        "INSERT OR REPLACE INTO people (regno, name, birth, body) VALUES (?1, ?2, ?3, ?4)",
        params![
            p.registration_number.as_str(),
            p.name,
            p.birth_date.to_string(),
            serde_json::to_string(p)?
        ],
    )?;
    Ok(())
}

/// Copies every record of our store into SQLite, in transactions of 10,000.
pub fn load_from(store: &Store, conn: &mut Connection) -> Res<u64> {
    let mut n = 0u64;
    let mut tx = conn.transaction()?;
    for p in store.all_people() {
        insert_person(&tx, &p?)?;
    }
    for l in store.all_loans() {
        let l = l?;
        tx.execute(
            "INSERT INTO loans (loan_id, regno, body) VALUES (?1, ?2, ?3)",
            params![
                l.loan_id,
                l.registration_number.as_str(),
                serde_json::to_string(&l)?
            ],
        )?;
    }
    for f in store.all_facilities() {
        let f = f?;
        tx.execute(
            "INSERT INTO facilities (number, body) VALUES (?1, ?2)",
            params![f.facility_number.as_str(), serde_json::to_string(&f)?],
        )?;
    }
    for a in store.all_audit() {
        let a = a?;
        tx.execute(
            "INSERT INTO audit (seq, at, actor, action, target, before, after, hash) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
            params![a.seq as i64, a.at.to_rfc3339(), a.actor, a.action, a.target, a.before, a.after, a.hash],
        )?;
    }
    for m in store.all_outbox() {
        let m = m?;
        tx.execute(
            "INSERT INTO outbox (id, case_id, body) VALUES (?1, ?2, ?3)",
            params![m.id as i64, 0, serde_json::to_string(&m)?],
        )?;
    }
    for item in store.all_cases() {
        let (id, case) = item?;
        insert_case(&tx, id, &case)?;
        n += 1;
        if n % 10_000 == 0 {
            tx.commit()?;
            tx = conn.transaction()?;
        }
    }
    tx.commit()?;
    conn.execute_batch("PRAGMA wal_checkpoint(TRUNCATE); ANALYZE;")?;
    Ok(n)
}

/// Open cases per queue and state, and how many are overdue.
pub fn counts(conn: &Connection, today_days: i32) -> Res<u64> {
    let mut st = conn.prepare_cached(
        "SELECT queue, state, count(*), sum(due < ?1) FROM cases GROUP BY queue, state",
    )?;
    let mut total = 0u64;
    let rows = st.query_map([today_days], |r| r.get::<_, i64>(2))?;
    for r in rows {
        total += r? as u64;
    }
    Ok(total)
}

/// One page of a queue's open cases by due date, and the number that match.
pub fn page(conn: &Connection, queue: Queue, words: &[String]) -> Res<(usize, u64)> {
    if words.is_empty() {
        let mut st = conn.prepare_cached(
            "SELECT id, ref, kana, state, due, body FROM cases WHERE queue = ?1 AND open = 1 ORDER BY due, id LIMIT 50",
        )?;
        let n = st
            .query_map([queue.code()], |r| r.get::<_, String>(5))?
            .filter(|b| {
                b.as_ref()
                    .is_ok_and(|b| serde_json::from_str::<Case>(b).is_ok())
            })
            .count();
        let total: i64 = conn
            .prepare_cached("SELECT count(*) FROM cases WHERE queue = ?1 AND open = 1")?
            .query_row([queue.code()], |r| r.get(0))?;
        return Ok((n, total as u64));
    }
    let query = words
        .iter()
        .map(|w| format!("\"{}\"*", w.replace('"', "")))
        .collect::<Vec<_>>()
        .join(" AND ");
    let mut st = conn.prepare_cached(
        "SELECT c.body FROM case_words w JOIN cases c ON c.id = w.rowid
         WHERE case_words MATCH ?1 AND c.queue = ?2 AND c.open = 1 ORDER BY c.due, c.id LIMIT 50",
    )?;
    let n = st
        .query_map(params![query, queue.code()], |r| r.get::<_, String>(0))?
        .filter(|b| {
            b.as_ref()
                .is_ok_and(|b| serde_json::from_str::<Case>(b).is_ok())
        })
        .count();
    let total: i64 = conn
        .prepare_cached(
            "SELECT count(*) FROM case_words w JOIN cases c ON c.id = w.rowid
             WHERE case_words MATCH ?1 AND c.queue = ?2 AND c.open = 1",
        )?
        .query_row(params![query, queue.code()], |r| r.get(0))?;
    Ok((n, total as u64))
}

/// One page of the open facility reports whose facility is in a priority
/// area (`priority`), by due date, and the number that match: the
/// facilities joined, as a SQL application would.
pub fn priority_page(conn: &Connection) -> Res<(usize, u64)> {
    const FROM: &str = "FROM cases c JOIN facilities f ON f.number = c.subject
         WHERE c.queue = ?1 AND c.open = 1 AND json_extract(f.body, '$.priority_area') = 1";
    let queue = Queue::FacilityReport.code();
    let mut st = conn.prepare_cached(&format!(
        "SELECT c.body {FROM} ORDER BY c.due, c.id LIMIT 50"
    ))?;
    let n = st
        .query_map([queue], |r| r.get::<_, String>(0))?
        .filter(|b| {
            b.as_ref()
                .is_ok_and(|b| serde_json::from_str::<Case>(b).is_ok())
        })
        .count();
    let total: i64 = conn
        .prepare_cached(&format!("SELECT count(*) {FROM}"))?
        .query_row([queue], |r| r.get(0))?;
    Ok((n, total as u64))
}

/// What help desk sees for a registration number: the person, people with the
/// same name and birth date, their cases and their loans, decoded.
pub fn lookup(conn: &Connection, regno: &str) -> Res<usize> {
    let person: Option<String> = conn
        .prepare_cached("SELECT body FROM people WHERE regno = ?1")?
        .query_row([regno], |r| r.get(0))
        .optional()?;
    let mut found = 0;
    if let Some(body) = person {
        let p: Person = serde_json::from_str(&body)?;
        let mut st = conn.prepare_cached(
            "SELECT body FROM people WHERE name = ?1 AND birth = ?2 AND regno <> ?3",
        )?;
        for b in st.query_map(params![p.name, p.birth_date.to_string(), regno], |r| {
            r.get::<_, String>(0)
        })? {
            let _: Person = serde_json::from_str(&b?)?;
            found += 1;
        }
        found += 1;
    }
    let mut st = conn.prepare_cached("SELECT body FROM cases WHERE subject = ?1")?;
    for b in st.query_map([regno], |r| r.get::<_, String>(0))? {
        let _: Case = serde_json::from_str(&b?)?;
        found += 1;
    }
    let mut st = conn.prepare_cached("SELECT body FROM loans WHERE regno = ?1")?;
    for b in st.query_map([regno], |r| r.get::<_, String>(0))? {
        let _: Loan = serde_json::from_str(&b?)?;
        found += 1;
    }
    Ok(found)
}

/// One decision as the store makes it: read the case, check its revision,
/// write the new state with the decision in its history, one audit record
/// with before and after, one outbox message; committed durably.
pub fn decide(conn: &mut Connection, ids: &[u64], state: State, actor: &str) -> Res<usize> {
    let tx = conn.transaction()?;
    let mut done = 0;
    for id in ids {
        let row: Option<(String, i64)> = tx
            .prepare_cached("SELECT body, revision FROM cases WHERE id = ?1")?
            .query_row([*id as i64], |r| Ok((r.get(0)?, r.get(1)?)))
            .optional()?;
        let Some((before, revision)) = row else {
            continue;
        };
        let mut case: Case = serde_json::from_str(&before)?;
        case.state = state;
        case.revision += 1;
        case.updated_by = actor.to_string();
        let after = serde_json::to_string(&case)?;
        let changed = tx.execute(
            "UPDATE cases SET state = ?1, open = ?2, revision = ?3, body = ?4 WHERE id = ?5 AND revision = ?6",
            params![state.code(), state.is_open(), case.revision as i64, after, *id as i64, revision],
        )?;
        if changed == 0 {
            continue;
        }
        let seq: i64 = tx.query_row("SELECT coalesce(max(seq), 0) + 1 FROM audit", [], |r| {
            r.get(0)
        })?;
        tx.execute(
            "INSERT INTO audit (seq, at, actor, action, target, before, after, hash) VALUES (?1, datetime('now'), ?2, 'return', ?3, ?4, ?5, ?6)",
            params![seq, actor, format!("{}/{}", case.queue.id(), case.reference), before, after, format!("{seq:064x}")],
        )?;
        tx.execute(
            "INSERT INTO outbox (case_id, body) VALUES (?1, ?2)",
            params![*id as i64, "差し戻しのお知らせ"],
        )?;
        done += 1;
    }
    tx.commit()?;
    Ok(done)
}

/// The same rows an import file holds (people and withdrawals), parsed and
/// inserted in transactions of 2,000 rows.
pub fn import(conn: &mut Connection, path: &Path) -> Res<usize> {
    use std::io::BufRead;
    let file = std::io::BufReader::new(std::fs::File::open(path)?);
    let mut rows = 0;
    let mut next_id: i64 =
        conn.query_row("SELECT coalesce(max(id), 0) + 1 FROM cases", [], |r| {
            r.get(0)
        })?;
    let mut tx = conn.transaction()?;
    for line in file.lines() {
        let line = line?;
        let v: serde_json::Value = serde_json::from_str(&line)?;
        let text = |k: &str| v.get(k).and_then(|x| x.as_str()).unwrap_or("").to_string();
        match v.get("kind").and_then(|k| k.as_str()) {
            Some("person") => {
                tx.execute(
                    "INSERT OR REPLACE INTO people (regno, name, birth, body) VALUES (?1, ?2, ?3, ?4)",
                    params![text("registration_number"), text("name"), text("birth_date"), line],
                )?;
            }
            Some(_) => {
                let words = format!(
                    "{} {} {}",
                    text("ref"),
                    text("registration_number"),
                    text("program")
                );
                tx.execute(
                    "INSERT INTO cases (id, queue, ref, state, open, due, received, kana, assignee, subject, revision, body)
                     VALUES (?1, 0, ?2, 0, 1, 0, 0, '', NULL, ?3, 1, ?4)",
                    params![next_id, text("ref"), text("registration_number"), line],
                )?;
                tx.execute(
                    "INSERT INTO case_words (rowid, words) VALUES (?1, ?2)",
                    params![next_id, words],
                )?;
                next_id += 1;
            }
            None => return Err(format!("{}: a row without kind", path.display()).into()),
        }
        rows += 1;
        if rows % 2_000 == 0 {
            tx.commit()?;
            tx = conn.transaction()?;
        }
    }
    tx.commit()?;
    Ok(rows)
}

/// The database's size on disk (main file and WAL).
pub fn size(path: &Path) -> u64 {
    let wal = path.with_extension("db-wal");
    [path.to_path_buf(), wal]
        .iter()
        .filter_map(|p| std::fs::metadata(p).ok())
        .map(|m| m.len())
        .sum()
}
