//! Schema 9: a loan records the borrower's prior obligations
//! (`Loan::prior_obligations`, seed 004's 医師修学資金 and 臨床研修医研修資金).
//!
//! bincode is positional, so every place a schema-8 `Loan` is encoded is
//! read with the frozen copy below and written again with no prior
//! obligations: the loans themselves, the undo stack's recorded changes
//! (`Stored::Loan` inside `RecordUndo`, before and after), and the prior
//! values an import cut short kept in its journal (put back on the next
//! open, after this step).

use crate::store::sled::undo::{RecordUndo, Stored, UndoEntry, Undoable};
use crate::store::sled::{Result, SledStore, T, decode, encode};

/// What this step rewrites: (tree, key, new value); it drops nothing.
pub(super) fn step_8_to_9(store: &SledStore) -> Result<super::Rewrite> {
    let mut put = Vec::new();
    for kv in store.tree(T::Loans).iter() {
        let (k, v) = kv?;
        put.push((T::Loans, k.to_vec(), loan(&v)?));
    }
    for kv in store.tree(T::Undo).iter() {
        let (k, v) = kv?;
        // The schema-1 single slot under the user's name alone holds a
        // decision, never a loan.
        if !k.contains(&0) {
            continue;
        }
        put.push((T::Undo, k.to_vec(), undo_entry(&v)?));
    }
    // An import's prior values: `J`, the import id (8 bytes), the table
    // byte, the key; the value `0` (absent) or `1` + the record's bytes.
    for kv in store.tree(T::ImportJournal).scan_prefix(b"J") {
        let (k, v) = kv?;
        let (Some(&t), Some((&1, bytes))) = (k.get(9), v.split_first()) else {
            continue;
        };
        let new = if t == T::Loans as u8 {
            loan(bytes)?
        } else if t == T::Undo as u8 && k.len() > 10 && k[10..].contains(&0) {
            undo_entry(bytes)?
        } else {
            continue;
        };
        let mut value = vec![1];
        value.extend_from_slice(&new);
        put.push((T::ImportJournal, k.to_vec(), value));
    }
    Ok(super::Rewrite {
        put,
        remove: Vec::new(),
    })
}

fn loan(bytes: &[u8]) -> Result<Vec<u8>> {
    let old: v8::Loan = decode(bytes)?;
    encode(&old.upgrade())
}

fn undo_entry(bytes: &[u8]) -> Result<Vec<u8>> {
    let old: v8::UndoEntry = decode(bytes)?;
    encode(&old.upgrade())
}

/// The records as schema 8 wrote them. Frozen: never edit these.
pub(crate) mod v8 {
    use crate::domain::Timestamp;
    use crate::domain::enquiry::Enquiry;
    use crate::domain::{
        Facility, FacilityNumber, LoanEventKind, Person, Physician, RegistrationNumber,
    };
    use crate::store::sled::undo::CaseBefore;
    use crate::store::sled::write::UndoRecord;
    use chrono::NaiveDate;
    use serde::{Deserialize, Serialize};

    #[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
    pub struct Loan {
        pub loan_id: String,
        pub registration_number: RegistrationNumber,
        pub first_fiscal_year: i32,
        pub years_approved: u8,
        pub annual_amount: i64,
        pub disbursements: Vec<Disbursement>,
        pub events: Vec<LoanEvent>,
    }

    #[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
    pub struct Disbursement {
        pub date: NaiveDate,
        pub amount: i64,
    }

    /// `event` uses today's enum: its variants are only ever appended.
    #[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
    pub struct LoanEvent {
        pub event: LoanEventKind,
        pub date: NaiveDate,
        pub end_date: Option<NaiveDate>,
        pub notified_at: Option<NaiveDate>,
        pub working_days: Option<u32>,
        pub facility_number: Option<FacilityNumber>,
        pub note: Option<String>,
        pub amount: Option<i64>,
    }

    #[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
    pub struct UndoEntry {
        pub group: u64,
        pub item: Undoable,
    }

    #[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
    pub enum Undoable {
        Case(Box<UndoRecord>),
        Record(Box<RecordUndo>),
    }

    #[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
    pub enum Stored {
        Person(Person),
        Facility(Facility),
        Physician(Physician),
        Loan(Loan),
        Enquiry(Enquiry),
    }

    #[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
    pub struct RecordUndo {
        pub what: String,
        pub key: String,
        pub records: Vec<(Option<Stored>, Option<Stored>)>,
        pub cases: Vec<CaseBefore>,
        pub meta: Vec<(String, Option<Vec<u8>>)>,
        pub at: Timestamp,
        pub until: Timestamp,
    }
}

impl v8::Loan {
    /// The loan in schema 9's shape, with no prior obligations.
    pub(crate) fn upgrade(self) -> crate::domain::Loan {
        use crate::domain::{Disbursement, Loan, LoanEvent};
        Loan {
            loan_id: self.loan_id,
            registration_number: self.registration_number,
            first_fiscal_year: self.first_fiscal_year,
            years_approved: self.years_approved,
            annual_amount: self.annual_amount,
            disbursements: self
                .disbursements
                .into_iter()
                .map(|d| Disbursement {
                    date: d.date,
                    amount: d.amount,
                })
                .collect(),
            events: self
                .events
                .into_iter()
                .map(|e| LoanEvent {
                    event: e.event,
                    date: e.date,
                    end_date: e.end_date,
                    notified_at: e.notified_at,
                    working_days: e.working_days,
                    facility_number: e.facility_number,
                    note: e.note,
                    amount: e.amount,
                })
                .collect(),
            prior_obligations: Vec::new(),
        }
    }
}

impl v8::Stored {
    fn upgrade(self) -> Stored {
        match self {
            v8::Stored::Person(p) => Stored::Person(p),
            v8::Stored::Facility(f) => Stored::Facility(f),
            v8::Stored::Physician(p) => Stored::Physician(p),
            v8::Stored::Loan(l) => Stored::Loan(l.upgrade()),
            v8::Stored::Enquiry(e) => Stored::Enquiry(e),
        }
    }
}

impl v8::UndoEntry {
    fn upgrade(self) -> UndoEntry {
        let item = match self.item {
            v8::Undoable::Case(r) => Undoable::Case(r),
            v8::Undoable::Record(r) => {
                let r = *r;
                Undoable::Record(Box::new(RecordUndo {
                    what: r.what,
                    key: r.key,
                    records: r
                        .records
                        .into_iter()
                        .map(|(b, a)| (b.map(v8::Stored::upgrade), a.map(v8::Stored::upgrade)))
                        .collect(),
                    cases: r.cases,
                    meta: r.meta,
                    at: r.at,
                    until: r.until,
                }))
            }
        };
        UndoEntry {
            group: self.group,
            item,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::time::ymd;
    use crate::domain::{Loan, LoanEventKind, RegistrationNumber};

    fn v8_loan() -> v8::Loan {
        v8::Loan {
            loan_id: "L-1".into(),
            registration_number: RegistrationNumber::parse("123456").unwrap(),
            first_fiscal_year: 2024,
            years_approved: 1,
            annual_amount: 3_300_000,
            disbursements: vec![v8::Disbursement {
                date: ymd(2024, 4, 30),
                amount: 3_300_000,
            }],
            events: vec![v8::LoanEvent {
                event: LoanEventKind::Completion,
                date: ymd(2025, 3, 31),
                end_date: None,
                notified_at: None,
                working_days: None,
                facility_number: None,
                note: Some("修了".into()),
                amount: None,
            }],
        }
    }

    #[test]
    fn loans_and_an_import_journals_prior_values_are_rewritten_with_no_prior_obligations() {
        let tmp = tempfile::tempdir().unwrap();
        let s = SledStore::open(&tmp.path().join("store"), "boss").unwrap();
        let old = encode(&v8_loan()).unwrap();
        assert!(decode::<Loan>(&old).is_err(), "schema 9 cannot read it");
        s.tree(T::Loans).insert(b"L-1", old.as_slice()).unwrap();
        let mut key = b"J".to_vec();
        key.extend_from_slice(&7u64.to_be_bytes());
        key.push(T::Loans as u8);
        key.extend_from_slice(b"L-1");
        let mut prior = vec![1];
        prior.extend_from_slice(&old);
        s.tree(T::ImportJournal)
            .insert(key.as_slice(), prior.as_slice())
            .unwrap();
        // A prior value of absence stays as it is.
        let mut absent = key.clone();
        absent.push(b'2');
        s.tree(T::ImportJournal)
            .insert(absent.as_slice(), &[0u8][..])
            .unwrap();

        let rewrite = step_8_to_9(&s).unwrap();
        assert_eq!(rewrite.put.len(), 2);
        let want = v8_loan().upgrade();
        assert!(want.prior_obligations.is_empty());
        assert_eq!(want.events[0].note.as_deref(), Some("修了"));
        for (t, k, v) in &rewrite.put {
            let bytes = match t {
                T::Loans => v.as_slice(),
                T::ImportJournal => {
                    assert_eq!(k, &key);
                    &v[1..]
                }
                _ => panic!("{k:?}"),
            };
            assert_eq!(decode::<Loan>(bytes).unwrap(), want);
        }
    }
}
