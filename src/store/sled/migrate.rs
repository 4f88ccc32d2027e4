//! Schema migrations: run once, by the process that opens the store, before
//! anything else reads it.
//!
//! Records are bincode, which is positional: a struct that gains a field can
//! no longer read what the previous build wrote. Each step therefore keeps
//! frozen copies of the records as the previous schema wrote them, decodes
//! those, and re-encodes the current types, in one transaction together with
//! the new schema version, so a step either happens completely or not at all.
//! Before the first step a copy of the store is written beside it.
//!
//! To add a step: freeze the structs it changes in a `vN` module, write
//! `step_N_to_M`, append it to [`STEPS`] and bump `SCHEMA_VERSION`.

use super::{Result, SCHEMA_VERSION, SledStore, StoreError, T, decode, encode};
use std::path::{Path, PathBuf};

/// One migration step: reads the trees as schema `from` wrote them and
/// returns every record to rewrite (tree, key, new value) and every key to
/// drop.
type Step = fn(&SledStore) -> Result<Rewrite>;

/// What a step changes.
#[derive(Default)]
struct Rewrite {
    put: Vec<(T, Vec<u8>, Vec<u8>)>,
    remove: Vec<(T, Vec<u8>)>,
}

/// The steps, keyed by the version they start from.
const STEPS: &[(u32, Step)] = &[
    (1, step_1_to_2),
    (2, step_2_to_3),
    (3, v4_step::step_3_to_4),
    (4, |s| {
        super::migrate_audit::step_4_to_5(s).map(|()| Rewrite::default())
    }),
    (5, |s| {
        super::migrate_v6::rebuild_indexes(s).map(|()| Rewrite::default())
    }),
    (6, step_6_to_7),
    (7, step_7_to_8),
    (8, v9_step::step_8_to_9),
    (9, v10_step::step_9_to_10),
    (10, v11_step::step_10_to_11),
];

/// Schema 8: an undo stack entry is a decision on a case or a change of
/// registry records (`undo::Undoable`); every entry schema 7 wrote is a
/// decision, rewritten as one.
fn step_7_to_8(store: &SledStore) -> Result<Rewrite> {
    /// An undo stack entry as schema 7 wrote it.
    #[derive(serde::Deserialize)]
    struct EntryV7 {
        group: u64,
        record: super::UndoRecord,
    }
    let mut put = Vec::new();
    for kv in store.tree(T::Undo).iter() {
        let (k, v) = kv?;
        // The schema-1 single slot under the user's name alone keeps its shape.
        if !k.contains(&0) {
            continue;
        }
        let old: EntryV7 = decode(&v)?;
        let entry = super::UndoEntry {
            group: old.group,
            item: super::Undoable::Case(Box::new(old.record)),
        };
        put.push((T::Undo, k.to_vec(), encode(&entry)?));
    }
    Ok(Rewrite {
        put,
        remove: Vec::new(),
    })
}

/// Schema 7 adds the enquiry log (empty) and the people by birth date,
/// built here from the people stored, in the step's one transaction.
fn step_6_to_7(store: &SledStore) -> Result<Rewrite> {
    store.tree(T::PeopleByBirth).clear()?;
    Ok(Rewrite {
        put: store
            .birth_entries()?
            .into_iter()
            .map(|k| (T::PeopleByBirth, k, Vec::new()))
            .collect(),
        remove: Vec::new(),
    })
}

#[path = "migrate_v4.rs"]
mod v4_step;

#[path = "migrate_v9.rs"]
pub(crate) mod v9_step;

#[path = "migrate_v10.rs"]
pub(crate) mod v10_step;
#[path = "migrate_v11.rs"]
mod v11_step;

/// Where the copy taken before migrating goes: beside the store, named after
/// the schema it holds (`DIR.schema-1.bak`, then `…bak.2` if that exists).
pub(crate) fn backup_dir(dir: &Path, found: u32) -> PathBuf {
    let name = dir
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "store".into());
    let first = dir.with_file_name(format!("{name}.schema-{found}.bak"));
    if !first.exists() {
        return first;
    }
    (2..)
        .map(|n| dir.with_file_name(format!("{name}.schema-{found}.bak.{n}")))
        .find(|p| !p.exists())
        .unwrap_or(first)
}

/// Brings a store written with schema `found` up to `SCHEMA_VERSION`, after
/// writing a backup copy beside it. Returns where the backup is.
pub(crate) fn upgrade(store: &SledStore, found: u32, legacy: bool) -> Result<PathBuf> {
    let backup = backup_dir(&store.dir, found);
    store.backup(&backup).map_err(|e| StoreError::Io {
        dir: backup.clone(),
        detail: format!(
            "the store must be upgraded from schema {found} to {SCHEMA_VERSION} and a copy \
             of it could not be written first ({e}); make the parent directory writable and open it again"
        ),
    })?;
    // The copy holds what the store holds: no wider access than the store's own.
    if let Ok(meta) = std::fs::metadata(&store.dir) {
        if let Err(e) = std::fs::set_permissions(&backup, meta.permissions()) {
            tracing::warn!(error = %e, "could not restrict the backup's permissions");
        }
    }
    if legacy {
        store.move_legacy_trees()?;
    }
    for version in found..SCHEMA_VERSION {
        let step = STEPS
            .iter()
            .find(|(from, _)| *from == version)
            .map(|(_, s)| *s)
            .ok_or(StoreError::Codec(super::Codec::NoMigration {
                from: version,
            }))?;
        let rewrite = step(store)?;
        apply(store, rewrite, version + 1)?;
        tracing::info!(from = version, to = version + 1, "store schema upgraded");
    }
    store.db()?.flush()?;
    Ok(backup)
}

fn apply(store: &SledStore, rewrite: Rewrite, version: u32) -> Result<()> {
    store.transact(None, |tx| {
        for (t, k, v) in &rewrite.put {
            tx.tree(*t).insert(k.as_slice(), v.as_slice())?;
        }
        for (t, k) in &rewrite.remove {
            tx.tree(*t).remove(k.as_slice())?;
        }
        tx.tree(T::Meta)
            .insert(&b"schema_version"[..], &version.to_be_bytes()[..])?;
        Ok(())
    })
}

/// The records as schema 1 wrote them. Frozen: never edit these.
pub(crate) mod v1 {
    use crate::domain::{FacilityNumber, LoanEventKind, RegistrationNumber, Timestamp};
    use chrono::NaiveDate;
    use serde::{Deserialize, Serialize};

    #[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
    pub struct Facility {
        pub facility_number: FacilityNumber,
        pub name: String,
        pub prefecture: String,
        pub medical_area: Option<String>,
        pub dental: bool,
        pub priority_area: bool,
        pub certified: bool,
        pub contact_email: Option<String>,
        pub last_report: Option<LastReport>,
    }

    #[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
    pub struct LastReport {
        pub at: Timestamp,
        pub registrant: String,
    }

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

    /// `event` uses today's enum: schema 1's variants are its first eleven,
    /// and variants are only ever appended.
    #[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
    pub struct LoanEvent {
        pub event: LoanEventKind,
        pub date: NaiveDate,
        pub end_date: Option<NaiveDate>,
        pub notified_at: Option<NaiveDate>,
        pub working_days: Option<u32>,
        pub facility_number: Option<FacilityNumber>,
        pub note: Option<String>,
    }
}

/// Schema 2: `Facility.designated` (schema 1 facilities were all designated)
/// and `LoanEvent.amount` (none before). Undo slots hold a facility too; they
/// live only until a notification is released (minutes), so they are dropped
/// rather than converted: an undo right across an upgrade is refused.
/// Schema 3 posts a ref's number part as a search word (`000230` finds
/// `W-2026-000230`): every case's search entries are written again. They are
/// derived data, so the step writes them in batches and is simply done again
/// if it is cut short (the version moves on only after it).
fn step_2_to_3(store: &SledStore) -> Result<Rewrite> {
    let tokens = store.tree(T::IdxToken);
    let mut batch = sled::Batch::default();
    let mut n = 0usize;
    for kv in store.tree(T::Cases).iter() {
        let (k, v) = kv?;
        let (Some(id), Ok(case)) = (super::keys::u64_from(&k), decode::<crate::domain::Case>(&v))
        else {
            continue;
        };
        for (t, key, val) in super::write::entries(id, &case) {
            if t == T::IdxToken {
                batch.insert(tokens.key(&key), val);
                n += 1;
            }
        }
        if n >= 20_000 {
            store.data()?.apply_batch(std::mem::take(&mut batch))?;
            n = 0;
        }
    }
    store.data()?.apply_batch(batch)?;
    store.db()?.flush()?;
    Ok(Rewrite::default())
}

fn step_1_to_2(store: &SledStore) -> Result<Rewrite> {
    use crate::domain::{Facility, LastReport};
    // Loans as schema 2 to 8 wrote them: step 8 to 9 reads them so.
    use v9_step::v8::{Disbursement, Loan, LoanEvent};
    let mut out = Rewrite::default();
    for kv in store.tree(T::Facilities).iter() {
        let (k, v) = kv?;
        let old: v1::Facility = decode(&v)?;
        let new = Facility {
            facility_number: old.facility_number,
            name: old.name,
            prefecture: old.prefecture,
            medical_area: old.medical_area,
            dental: old.dental,
            priority_area: old.priority_area,
            certified: old.certified,
            contact_email: old.contact_email,
            last_report: old.last_report.map(|r| LastReport {
                at: r.at,
                registrant: r.registrant,
            }),
            designated: true,
        };
        out.put.push((T::Facilities, k.to_vec(), encode(&new)?));
    }
    for kv in store.tree(T::Loans).iter() {
        let (k, v) = kv?;
        let old: v1::Loan = decode(&v)?;
        let new = Loan {
            loan_id: old.loan_id,
            registration_number: old.registration_number,
            first_fiscal_year: old.first_fiscal_year,
            years_approved: old.years_approved,
            annual_amount: old.annual_amount,
            disbursements: old
                .disbursements
                .into_iter()
                .map(|d| Disbursement {
                    date: d.date,
                    amount: d.amount,
                })
                .collect(),
            events: old
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
                    amount: None,
                })
                .collect(),
        };
        out.put.push((T::Loans, k.to_vec(), encode(&new)?));
    }
    for k in store.tree(T::Undo).iter().keys() {
        out.remove.push((T::Undo, k?.to_vec()));
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::time::{at, ymd};
    use crate::domain::{FacilityNumber, LoanEventKind, RegistrationNumber};

    fn v1_facility() -> v1::Facility {
        v1::Facility {
            facility_number: FacilityNumber::parse("F-0001").unwrap(),
            name: "石巻赤十字病院".into(),
            prefecture: "宮城県".into(),
            medical_area: Some("石巻・登米・気仙沼医療圏".into()),
            dental: false,
            priority_area: true,
            certified: true,
            contact_email: Some("kenshu@example.jp".into()),
            last_report: Some(v1::LastReport {
                at: at(ymd(2025, 9, 10), 14, 0),
                registrant: "佐藤花子".into(),
            }),
        }
    }

    fn v1_loan() -> v1::Loan {
        v1::Loan {
            loan_id: "L-2023-0001".into(),
            registration_number: RegistrationNumber::parse("123456").unwrap(),
            first_fiscal_year: 2023,
            years_approved: 2,
            annual_amount: 3_300_000,
            disbursements: vec![v1::Disbursement {
                date: ymd(2023, 4, 28),
                amount: 3_300_000,
            }],
            events: vec![v1::LoanEvent {
                event: LoanEventKind::Cancellation,
                date: ymd(2025, 3, 31),
                end_date: None,
                notified_at: Some(ymd(2025, 4, 15)),
                working_days: None,
                facility_number: Some(FacilityNumber::parse("F-0001").unwrap()),
                note: Some("取消".into()),
            }],
        }
    }

    /// A store as the schema-1 build left it: version 1 in meta, records
    /// encoded from the frozen structs, an undo slot.
    fn schema_1_store(dir: &Path) {
        let s = SledStore::open(dir, "boss").unwrap();
        s.tree(T::Meta)
            .insert(b"schema_version", &1u32.to_be_bytes())
            .unwrap();
        s.tree(T::Facilities)
            .insert(b"F-0001", encode(&v1_facility()).unwrap())
            .unwrap();
        s.tree(T::Loans)
            .insert(b"L-2023-0001", encode(&v1_loan()).unwrap())
            .unwrap();
        s.tree(T::Undo).insert(b"boss", &b"old slot"[..]).unwrap();
        s.flush().unwrap();
    }

    #[test]
    fn a_schema_1_store_is_upgraded_once_with_a_backup_beside_it() {
        let tmp = tempfile::tempdir().unwrap();
        let dir = tmp.path().join("store");
        schema_1_store(&dir);
        // Opening it migrates: the current types read every record.
        {
            let s = SledStore::open(&dir, "boss").unwrap();
            let f = s.facility("F-0001").unwrap().unwrap();
            assert!(f.designated);
            assert_eq!(f.last_report.unwrap().registrant, "佐藤花子");
            let l = s.loan("L-2023-0001").unwrap().unwrap();
            assert_eq!(l.events.len(), 1);
            assert_eq!(l.events[0].note.as_deref(), Some("取消"));
            assert_eq!(l.events[0].amount, None);
            assert_eq!(l.principal(), 3_300_000);
            assert_eq!(s.tree(T::Undo).len(), 0);
            let v = s.tree(T::Meta).get(b"schema_version").unwrap().unwrap();
            assert_eq!(v.as_ref(), SCHEMA_VERSION.to_be_bytes());
            let report = s.check().unwrap();
            assert!(report.faults.is_empty(), "{:?}", report.faults);
        }
        let backup = tmp.path().join("store.schema-1.bak");
        assert!(backup.is_dir(), "backup beside the store");
        use std::os::unix::fs::PermissionsExt;
        let mode = |p: &Path| std::fs::metadata(p).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode(&backup), mode(&dir));
        // Opening again migrates nothing and takes no second backup.
        let s = SledStore::open(&dir, "boss").unwrap();
        assert!(s.facility("F-0001").unwrap().unwrap().designated);
        assert!(!tmp.path().join("store.schema-1.bak.2").exists());
        drop(s);
        // The backup still holds schema 1 and upgrades the same way.
        let b = SledStore::open(&backup, "boss").unwrap();
        assert_eq!(
            b.loan("L-2023-0001").unwrap().unwrap().events[0].amount,
            None
        );
    }

    #[test]
    fn schema_1_records_do_not_decode_as_schema_2() {
        let bytes = encode(&v1_facility()).unwrap();
        assert!(decode::<crate::domain::Facility>(&bytes).is_err());
    }

    #[test]
    fn every_version_below_the_current_one_has_a_step() {
        for v in 1..SCHEMA_VERSION {
            assert!(STEPS.iter().any(|(from, _)| *from == v), "no step from {v}");
        }
    }
}
