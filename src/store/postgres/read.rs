//! Reads: cases by id and ref, pages and counts pushed down to SQL, the
//! candidates of a filter in the order of a page, summaries, and every
//! record of a table handed out in chunks (keyset paging: no cursor held
//! open between them).

use super::{PgStore, Result, big, from_json, num};
use crate::domain::filter::CaseKind;
use crate::domain::{Case, Queue, State, Subject};
use crate::store::error::StoreError;
use crate::store::page::{PageSpec, RawCounts, RawPage, SortKey};
use crate::store::summary::{CaseSummary, Place};
use postgres::types::ToSql;
use postgres::{GenericClient, Row};

/// How many records a chunk of [`Chunks`] reads.
const CHUNK: i64 = 500;

/// Every record of a query, read `CHUNK` at a time after the last key seen.
pub struct Chunks<'s, R> {
    store: &'s PgStore,
    /// The query: `$1` is the last key seen, `$2` the chunk's size.
    sql: &'static str,
    last: Key,
    read: fn(&Row) -> Result<(Key, R)>,
    buffer: std::vec::IntoIter<(Key, R)>,
    done: bool,
}

/// The key a chunk continues after.
#[derive(Clone)]
pub(super) enum Key {
    Int(i64),
    Text(String),
}

impl<'s, R> Chunks<'s, R> {
    pub(super) fn new(
        store: &'s PgStore,
        sql: &'static str,
        first: Key,
        read: fn(&Row) -> Result<(Key, R)>,
    ) -> Chunks<'s, R> {
        Chunks {
            store,
            sql,
            last: first,
            read,
            buffer: Vec::new().into_iter(),
            done: false,
        }
    }

    fn fill(&mut self) -> Result<()> {
        let mut c = self.store.pool.get()?;
        let rows = match &self.last {
            Key::Int(k) => c.query(self.sql, &[k, &CHUNK])?,
            Key::Text(k) => c.query(self.sql, &[k, &CHUNK])?,
        };
        self.done = (rows.len() as i64) < CHUNK;
        let mut out = Vec::with_capacity(rows.len());
        for row in &rows {
            out.push((self.read)(row)?);
        }
        if let Some((k, _)) = out.last() {
            self.last = k.clone();
        }
        self.buffer = out.into_iter();
        Ok(())
    }
}

impl<R> Iterator for Chunks<'_, R> {
    type Item = Result<R>;
    fn next(&mut self) -> Option<Result<R>> {
        loop {
            if let Some((_, r)) = self.buffer.next() {
                return Some(Ok(r));
            }
            if self.done {
                return None;
            }
            if let Err(e) = self.fill() {
                self.done = true;
                return Some(Err(e));
            }
        }
    }
}

/// The summary of a row of `cases` selected with [`SUMMARY`].
fn summary_of(row: &Row, at: usize) -> Result<CaseSummary> {
    let state: &str = row.get(at);
    Ok(CaseSummary {
        state: State::from_id(state).ok_or_else(|| {
            StoreError::Codec(crate::store::error::Codec::Value {
                detail: format!("a case of no state: {state:?}"),
            })
        })?,
        due: row.get(at + 1),
        received: row.get(at + 2),
        assignee: row.get::<_, i32>(at + 3) as u32,
        orgs: row.get::<_, i32>(at + 4) as u32,
        place: row.get::<_, i32>(at + 5) as u32,
        kind: CaseKind::from_code(row.get::<_, i16>(at + 6) as u8).flatten(),
    })
}

/// The columns a summary is made of.
const SUMMARY: &str = "state, due_days, received_s, assignee_no, org_set, place_no, kind";

/// A `LIKE` pattern matching what begins with `word`.
fn prefix_pattern(word: &str) -> String {
    let mut p = String::with_capacity(word.len() + 1);
    for ch in word.chars() {
        if matches!(ch, '\\' | '%' | '_') {
            p.push('\\');
        }
        p.push(ch);
    }
    p.push('%');
    p
}

/// The `WHERE` of a page spec and its parameters (offset and limit aside).
fn conditions(spec: &PageSpec) -> (String, Vec<Box<dyn ToSql + Sync>>) {
    let mut params: Vec<Box<dyn ToSql + Sync>> = vec![Box::new(spec.queue.id().to_string())];
    let mut sql = String::from("queue = $1");
    if !spec.include_closed {
        sql.push_str(" AND NOT closed");
    }
    if let Some(s) = spec.state {
        params.push(Box::new(s.id().to_string()));
        sql.push_str(&format!(" AND state = ${}", params.len()));
    }
    if let Some(d) = spec.due_before {
        params.push(Box::new(d));
        sql.push_str(&format!(" AND due_days < ${}", params.len()));
    }
    if let Some(mask) = &spec.within {
        let sets: Vec<i32> = mask.numbers().map(|n| n as i32).collect();
        params.push(Box::new(sets));
        sql.push_str(&format!(" AND org_set = ANY(${})", params.len()));
    }
    for word in &spec.words {
        params.push(Box::new(prefix_pattern(word)));
        sql.push_str(&format!(
            " AND EXISTS (SELECT 1 FROM case_words w WHERE w.case_id = cases.id AND w.word LIKE ${})",
            params.len()
        ));
    }
    (sql, params)
}

/// The order of a page: open cases first, then by due (sled's default
/// index), receipt or name, then id.
fn order(spec: &PageSpec, for_page: bool) -> &'static str {
    match spec.sort {
        SortKey::Received => "closed, received_s, id",
        // sled's page walks its due index for an age order without words;
        // its candidates and word searches order by receipt.
        SortKey::Age if !for_page || !spec.words.is_empty() => "closed, received_s, id",
        SortKey::Name => "closed, name_key, id",
        _ => "closed, due_days, id",
    }
}

fn params_of(params: &[Box<dyn ToSql + Sync>]) -> Vec<&(dyn ToSql + Sync)> {
    params.iter().map(|p| p.as_ref()).collect()
}

impl PgStore {
    pub fn case(&self, id: u64) -> Result<Option<Case>> {
        let mut c = self.pool.get()?;
        c.query_opt("SELECT body FROM cases WHERE id = $1", &[&big(id)])?
            .map(|r| from_json(r.get(0)))
            .transpose()
    }

    pub fn case_id(&self, queue: Queue, reference: &str) -> Result<Option<u64>> {
        let mut c = self.pool.get()?;
        Ok(c.query_opt(
            "SELECT id FROM cases WHERE queue = $1 AND ref = $2",
            &[&queue.id(), &reference],
        )?
        .map(|r| num(r.get(0))))
    }

    pub fn all_cases(&self) -> Chunks<'_, (u64, Case)> {
        Chunks::new(
            self,
            "SELECT id, body FROM cases WHERE id > $1 ORDER BY id LIMIT $2",
            Key::Int(-1),
            |row| {
                let id: i64 = row.get(0);
                Ok((Key::Int(id), (num(id), from_json(row.get(1))?)))
            },
        )
    }

    pub fn case_count(&self) -> Result<u64> {
        let mut c = self.pool.get()?;
        Ok(num(c.query_one("SELECT count(*) FROM cases", &[])?.get(0)))
    }

    pub fn counts(
        &self,
        queue: Queue,
        today_days: i32,
        within: Option<&crate::store::summary::OrgMask>,
    ) -> Result<RawCounts> {
        let mut c = self.pool.get()?;
        let sets: Option<Vec<i32>> = within.map(|m| m.numbers().map(|n| n as i32).collect());
        let rows = c.query(
            "SELECT state, count(*), count(*) FILTER (WHERE due_days < $2)
               FROM cases WHERE queue = $1 AND ($3::int[] IS NULL OR org_set = ANY($3))
              GROUP BY state",
            &[&queue.id(), &today_days, &sets],
        )?;
        let mut out = RawCounts::default();
        for row in rows {
            let id: &str = row.get(0);
            let Some(state) = State::from_id(id) else {
                continue;
            };
            let n = num(row.get(1));
            if state.is_open() {
                out.open += n;
                out.overdue += num(row.get(2));
            }
            out.by_state.push((state, n));
        }
        out.by_state.sort();
        Ok(out)
    }

    pub fn page(&self, spec: &PageSpec) -> Result<RawPage> {
        let (cond, mut params) = conditions(spec);
        let mut c = self.pool.get()?;
        let total: i64 = c
            .query_one(
                &format!("SELECT count(*) FROM cases WHERE {cond}"),
                &params_of(&params),
            )?
            .get(0);
        params.push(Box::new(i64::try_from(spec.offset).unwrap_or(i64::MAX)));
        params.push(Box::new(i64::try_from(spec.limit).unwrap_or(i64::MAX)));
        let n = params.len();
        let rows = c.query(
            &format!(
                "SELECT id FROM cases WHERE {cond} ORDER BY {} OFFSET ${} LIMIT ${n}",
                order(spec, true),
                n - 1
            ),
            &params_of(&params),
        )?;
        Ok(RawPage {
            ids: rows.iter().map(|r| num(r.get(0))).collect(),
            total: num(total),
        })
    }

    pub fn each_candidate(
        &self,
        spec: &PageSpec,
        f: &mut dyn FnMut(u64, CaseSummary) -> Result<bool>,
    ) -> Result<()> {
        use postgres::fallible_iterator::FallibleIterator;
        let (cond, params) = conditions(spec);
        let mut c = self.pool.get()?;
        let sql = format!(
            "SELECT id, {SUMMARY} FROM cases WHERE {cond} ORDER BY {}",
            order(spec, false)
        );
        let mut rows = c.query_raw(sql.as_str(), params_of(&params))?;
        while let Some(row) = rows.next()? {
            if !f(num(row.get(0)), summary_of(&row, 1)?)? {
                break;
            }
        }
        Ok(())
    }

    /// The summaries of a queue (the closed too if `closed`); none if the
    /// database cannot be read (the failure is logged).
    pub fn summaries(&self, queue: Queue, closed: bool) -> Vec<(u64, CaseSummary)> {
        let read = || -> Result<Vec<(u64, CaseSummary)>> {
            let mut c = self.pool.get()?;
            let rows = c.query(
                &format!("SELECT id, {SUMMARY} FROM cases WHERE queue = $1 AND ($2 OR NOT closed)"),
                &[&queue.id(), &closed],
            )?;
            rows.iter()
                .map(|r| Ok((num(r.get(0)), summary_of(r, 1)?)))
                .collect()
        };
        read().unwrap_or_else(|e| {
            tracing::warn!(error = %e, "reading the summaries of a queue");
            Vec::new()
        })
    }

    /// The queue and summary of one case (None also if the database cannot be read).
    pub fn summary(&self, id: u64) -> Option<(Queue, CaseSummary)> {
        let read = || -> Result<Option<(Queue, CaseSummary)>> {
            let mut c = self.pool.get()?;
            let Some(row) = c.query_opt(
                &format!("SELECT queue, {SUMMARY} FROM cases WHERE id = $1"),
                &[&big(id)],
            )?
            else {
                return Ok(None);
            };
            Ok(Some((PgStore::queue_of(row.get(0))?, summary_of(&row, 1)?)))
        };
        read().unwrap_or_else(|e| {
            tracing::warn!(error = %e, id, "reading the summary of a case");
            None
        })
    }

    /// The facility of place `number`: the facility itself, or a loan's
    /// borrower's latest workplace (read now: another server may have
    /// written the loan).
    pub fn place_facility(&self, number: u32) -> Result<Option<String>> {
        if number == 0 {
            return Ok(None);
        }
        let key: Option<String> = {
            let mut c = self.pool.get()?;
            c.query_opt(
                "SELECT place FROM places WHERE number = $1",
                &[&(number as i32)],
            )?
            .map(|r| r.get(0))
        };
        match key.as_deref().and_then(Place::from_key) {
            Some(place) => place.facility(|id| self.loan(id)),
            None => Ok(None),
        }
    }

    pub fn assignee_name(&self, number: u32) -> Option<String> {
        if number == 0 {
            return None;
        }
        let mut c = self.pool.get().ok()?;
        c.query_opt(
            "SELECT name FROM assignees WHERE number = $1",
            &[&(number as i32)],
        )
        .ok()
        .flatten()
        .map(|r| r.get(0))
    }

    pub fn reference_of(&self, id: u64) -> Result<Option<String>> {
        let mut c = self.pool.get()?;
        Ok(
            c.query_opt("SELECT ref FROM cases WHERE id = $1", &[&big(id)])?
                .map(|r| r.get(0)),
        )
    }

    pub fn assignee_of(&self, id: u64) -> Result<Option<Option<String>>> {
        let mut c = self.pool.get()?;
        Ok(
            c.query_opt("SELECT assignee FROM cases WHERE id = $1", &[&big(id)])?
                .map(|r| r.get(0)),
        )
    }

    pub fn cases_of(&self, subject: &Subject) -> Result<Vec<u64>> {
        let kind: i16 = match subject {
            Subject::Person(_) => 0,
            Subject::Facility(_) => 1,
        };
        let mut c = self.pool.get()?;
        let rows = c.query(
            "SELECT id FROM cases WHERE subject_kind = $1 AND subject = $2 ORDER BY id",
            &[&kind, &subject.key()],
        )?;
        Ok(rows.iter().map(|r| num(r.get(0))).collect())
    }

    /// A record's whole value from `table` by its key column.
    pub(super) fn body<R: serde::de::DeserializeOwned>(
        &self,
        table: &str,
        column: &str,
        key: &str,
    ) -> Result<Option<R>> {
        let mut c = self.pool.get()?;
        c.query_opt(
            &format!("SELECT body FROM {table} WHERE {column} = $1"),
            &[&key],
        )?
        .map(|r| from_json(r.get(0)))
        .transpose()
    }

    /// The first column, text, of every row `sql` selects with `params`.
    pub(super) fn texts(&self, sql: &str, params: &[&(dyn ToSql + Sync)]) -> Result<Vec<String>> {
        let mut c = self.pool.get()?;
        Ok(c.query(sql, params)?.iter().map(|r| r.get(0)).collect())
    }
}

/// Runs `sql` on `c` and reads the first column of each row as JSON of `R`.
pub(super) fn bodies<R: serde::de::DeserializeOwned>(
    c: &mut impl GenericClient,
    sql: &str,
    params: &[&(dyn ToSql + Sync)],
) -> Result<Vec<R>> {
    c.query(sql, params)?
        .iter()
        .map(|r| from_json(r.get(0)))
        .collect()
}
