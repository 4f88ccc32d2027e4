//! Schema 4: a loan follow-up no longer stores its computation as text
//! (`LoanFollowup.computation: Vec<String>`). The desk derives the
//! computation again, as typed rows, from the loan as of the day it shows
//! the case, so the step only rewrites loan follow-up cases without the
//! field. Undo entries hold a case too; like schema 2's step, they are
//! dropped rather than converted (they live minutes): an undo right across
//! the upgrade is refused.

use super::super::{Result, SledStore, T, decode, encode};
use super::Rewrite;

/// The records as schema 3 wrote them. Frozen: never edit these.
pub(crate) mod v3 {
    use crate::domain::{
        Decision, FacilityReport, Note, Queue, RegistrationNumber, State, Subject, Timestamp,
        Transfer, Withdrawal,
    };
    use chrono::NaiveDate;
    use serde::{Deserialize, Serialize};

    /// A case; its fields but the body are today's types, unchanged since 3.
    #[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
    pub struct Case {
        pub reference: String,
        pub queue: Queue,
        pub state: State,
        pub subject: Subject,
        pub subject_name: String,
        pub subject_kana: Option<String>,
        pub received_at: Timestamp,
        pub due: Option<NaiveDate>,
        pub assignee: Option<String>,
        pub revision: u64,
        pub updated_at: Timestamp,
        pub updated_by: String,
        pub body: CaseBody,
        pub notes: Vec<Note>,
        pub history: Vec<Decision>,
    }

    #[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
    pub enum CaseBody {
        Withdrawal(Withdrawal),
        Transfer(Transfer),
        FacilityReport(FacilityReport),
        LoanFollowup(LoanFollowup),
    }

    #[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
    pub struct LoanFollowup {
        pub loan_id: String,
        pub registration_number: RegistrationNumber,
        pub topic: String,
        pub due: NaiveDate,
        pub computation: Vec<String>,
        pub principal: Option<i64>,
        pub interest: Option<i64>,
        pub amount_due: Option<i64>,
        pub service_months: Option<i64>,
    }
}

fn current(old: v3::Case) -> crate::domain::Case {
    use crate::domain::{CaseBody, LoanFollowup};
    let body = match old.body {
        v3::CaseBody::Withdrawal(w) => CaseBody::Withdrawal(w),
        v3::CaseBody::Transfer(t) => CaseBody::Transfer(t),
        v3::CaseBody::FacilityReport(r) => CaseBody::FacilityReport(r),
        v3::CaseBody::LoanFollowup(f) => CaseBody::LoanFollowup(LoanFollowup {
            loan_id: f.loan_id,
            registration_number: f.registration_number,
            topic: f.topic,
            due: f.due,
            principal: f.principal,
            interest: f.interest,
            amount_due: f.amount_due,
            service_months: f.service_months,
        }),
    };
    crate::domain::Case {
        reference: old.reference,
        queue: old.queue,
        state: old.state,
        subject: old.subject,
        subject_name: old.subject_name,
        subject_kana: old.subject_kana,
        received_at: old.received_at,
        due: old.due,
        assignee: old.assignee,
        revision: old.revision,
        updated_at: old.updated_at,
        updated_by: old.updated_by,
        body,
        notes: old.notes,
        history: old.history,
    }
}

/// Rewrites every loan follow-up case and drops the undo entries, together
/// with schema version 4, in one transaction (the cases tree is not among
/// the trees `apply` writes). Other cases encode the same in both schemas.
pub(super) fn step_3_to_4(store: &SledStore) -> Result<Rewrite> {
    let mut put = Vec::new();
    for kv in store.tree(T::Cases).iter() {
        let (k, v) = kv?;
        let old: v3::Case = decode(&v)?;
        if matches!(old.body, v3::CaseBody::LoanFollowup(_)) {
            put.push((k.to_vec(), encode(&current(old))?));
        }
    }
    let undo: Vec<Vec<u8>> = store
        .tree(T::Undo)
        .iter()
        .keys()
        .map(|k| k.map(|k| k.to_vec()))
        .collect::<std::result::Result<_, _>>()?;
    store.transact(None, |tx| {
        for (k, v) in &put {
            tx.tree(T::Cases).insert(k.as_slice(), v.as_slice())?;
        }
        for k in &undo {
            tx.tree(T::Undo).remove(k.as_slice())?;
        }
        tx.tree(T::Meta)
            .insert(&b"schema_version"[..], &4u32.to_be_bytes()[..])?;
        Ok(())
    })?;
    Ok(Rewrite::default())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::desk::{CaseKey, Desk};
    use crate::domain::loan::LedgerRow;
    use crate::domain::time::{at, ymd};
    use crate::domain::{
        Disbursement, Loan, LoanEvent, LoanEventKind, Queue, RegistrationNumber, State, Subject,
    };
    use std::path::Path;

    fn loan() -> Loan {
        let regno = RegistrationNumber::parse("123456").unwrap_or_else(|e| panic!("{e}"));
        Loan {
            loan_id: "L-2023-0001".into(),
            registration_number: regno,
            first_fiscal_year: 2023,
            years_approved: 2,
            annual_amount: 3_300_000,
            disbursements: vec![
                Disbursement {
                    date: ymd(2023, 4, 28),
                    amount: 3_300_000,
                },
                Disbursement {
                    date: ymd(2024, 4, 30),
                    amount: 3_300_000,
                },
            ],
            events: vec![LoanEvent {
                event: LoanEventKind::Resignation,
                date: ymd(2025, 3, 31),
                end_date: None,
                notified_at: Some(ymd(2025, 4, 3)),
                working_days: None,
                facility_number: None,
                note: None,
                amount: None,
            }],
            prior_obligations: Vec::new(),
        }
    }

    fn v8_loan(l: Loan) -> crate::store::sled::migrate::v9_step::v8::Loan {
        use crate::store::sled::migrate::v9_step::v8;
        v8::Loan {
            loan_id: l.loan_id,
            registration_number: l.registration_number,
            first_fiscal_year: l.first_fiscal_year,
            years_approved: l.years_approved,
            annual_amount: l.annual_amount,
            disbursements: l
                .disbursements
                .iter()
                .map(|d| v8::Disbursement {
                    date: d.date,
                    amount: d.amount,
                })
                .collect(),
            events: l
                .events
                .into_iter()
                .map(|e| v8::LoanEvent {
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
        }
    }

    fn v3_case() -> v3::Case {
        let t = at(ymd(2025, 4, 10), 9, 0);
        v3::Case {
            reference: "L-2023-0001/repayment".into(),
            queue: Queue::LoanFollowup,
            state: State::Open,
            subject: Subject::Person(
                RegistrationNumber::parse("123456").unwrap_or_else(|e| panic!("{e}")),
            ),
            subject_name: "山田太郎".into(),
            subject_kana: None,
            received_at: t,
            due: Some(ymd(2025, 4, 14)),
            assignee: None,
            revision: 1,
            updated_at: t,
            updated_by: "import".into(),
            body: v3::CaseBody::LoanFollowup(v3::LoanFollowup {
                loan_id: "L-2023-0001".into(),
                registration_number: RegistrationNumber::parse("123456")
                    .unwrap_or_else(|e| panic!("{e}")),
                topic: "repayment_due".into(),
                due: ymd(2025, 4, 14),
                computation: vec![
                    "resignation 2025-03-31 -> 2025-03-31".into(),
                    "¥6,600,000 + ¥938,465 = ¥7,538,465".into(),
                ],
                principal: Some(6_600_000),
                interest: Some(938_465),
                amount_due: Some(7_538_465),
                service_months: Some(0),
            }),
            notes: Vec::new(),
            history: Vec::new(),
        }
    }

    /// A store as the schema-3 build left it: a loan, a follow-up case with
    /// its computation as text (and its indexes, written from today's case),
    /// an undo entry, version 3 in meta.
    fn schema_3_store(dir: &Path) {
        use crate::store::sled::{CaseWrite, Outcome, RegistryWrite, UndoSlot, WriteBatch};
        let s = SledStore::open(dir, "boss").unwrap();
        let now = at(ymd(2025, 4, 10), 9, 0);
        let out = s
            .write(&WriteBatch {
                cases: vec![CaseWrite {
                    expected_revision: None,
                    after: current(v3_case()),
                    action: "import".into(),
                    actor: "boss".into(),
                    at: now,
                    outbox: None,
                    cancel_outbox: None,
                    undo: UndoSlot::Keep,
                    skip_if_stale: false,
                    orgs: None,
                    earlier_outbox: Vec::new(),
                }],
                registry: vec![RegistryWrite::Loan(loan())],
                actor: "boss".into(),
                uid: None,
                at: Some(now),
                audit_creations_together: false,
            })
            .unwrap();
        let Some(Outcome::Written { id, .. }) = out.first() else {
            panic!("not written: {out:?}");
        };
        let id = *id;
        s.tree(T::Cases)
            .insert(id.to_be_bytes(), encode(&v3_case()).unwrap())
            .unwrap();
        // The loan as schemas 2 to 8 wrote it (without prior obligations).
        s.tree(T::Loans)
            .insert(b"L-2023-0001", encode(&v8_loan(loan())).unwrap())
            .unwrap();
        s.tree(T::Undo).insert(b"boss", &b"old slot"[..]).unwrap();
        s.tree(T::Meta)
            .insert(b"schema_version", &3u32.to_be_bytes())
            .unwrap();
        s.flush().unwrap();
    }

    #[test]
    fn schema_3_follow_ups_lose_their_text_and_show_typed_rows() {
        let tmp = tempfile::tempdir().unwrap();
        let dir = tmp.path().join("store");
        schema_3_store(&dir);
        assert!(decode::<crate::domain::Case>(&encode(&v3_case()).unwrap()).is_err());
        {
            let s = SledStore::open(&dir, "boss").unwrap();
            let v = s.tree(T::Meta).get(b"schema_version").unwrap().unwrap();
            assert_eq!(v.as_ref(), crate::store::sled::SCHEMA_VERSION.to_be_bytes());
            assert_eq!(s.tree(T::Undo).len(), 0);
            let report = s.check().unwrap();
            assert!(report.faults.is_empty(), "{:?}", report.faults);
        }
        assert!(tmp.path().join("store.schema-3.bak").is_dir());
        let desk = Desk::open(&dir, "boss", crate::desk::DeskSettings::default()).unwrap();
        let key = CaseKey::new(Queue::LoanFollowup, "L-2023-0001/repayment");
        let d = desk.detail(&key, ymd(2025, 4, 20)).unwrap();
        assert_eq!(d.case.subject_name, "山田太郎");
        assert!(
            d.computation.contains(&LedgerRow::RepaymentTotal {
                principal: 6_600_000,
                interest: 938_465,
                total: 7_538_465,
            }),
            "{:?}",
            d.computation
        );
    }
}
