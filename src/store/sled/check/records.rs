//! `check`, record by record: every record of every table is read — its key
//! as the table lays keys out (`keys`), its value as the table stores it — and
//! one that does not read is named by its table and key, in words
//! (`people "1234567"`, `refs withdrawal/W-2026-0001`, `cases 17
//! (withdrawal/W-2026-0017)`). A new table must say here how it reads: the
//! match below has no default.

use super::CheckReport;
use super::fault::{CheckFault, Part, RecordKey, Why};
use crate::domain::enquiry::Enquiry;
use crate::domain::{
    AuditRecord, Case, Delivery, Facility, Loan, OutboxMessage, Person, Physician, Queue, State,
};
use crate::store::sled::{Result, SledStore, T, journal, keys, postings, tags, undo};
use serde::de::DeserializeOwned;

impl SledStore {
    /// Reads every record of every table, naming each that does not read
    /// (the cases are read once, by `check` itself, which asks
    /// [`SledStore::record_fault`] of one that does not decode).
    pub(super) fn check_tables(&self, r: &mut CheckReport) -> Result<()> {
        for t in T::ALL.into_iter().filter(|t| *t != T::Cases) {
            for kv in self.tree(t).iter() {
                let (k, v) = kv?;
                if let Some(f) = self.record_fault(t, &k, &v) {
                    r.fault(f);
                }
            }
        }
        Ok(())
    }

    /// The fault of a record of table `t` that does not read, naming it.
    pub(super) fn record_fault(&self, t: T, k: &[u8], v: &[u8]) -> Option<CheckFault> {
        let why = read(t, k, v).err()?;
        let mut key = key_of(t, k);
        if let (T::Cases, RecordKey::Number { n: id }) = (t, &key) {
            if let Some((queue, reference)) = self.ref_of(*id) {
                key = RecordKey::Case {
                    id: *id,
                    queue,
                    reference,
                };
            }
        }
        Some(CheckFault::Record {
            table: t.name().to_string(),
            key,
            why,
        })
    }

    /// The ref the refs table gives case `id` (a scan: only for a case that
    /// does not read).
    fn ref_of(&self, id: u64) -> Option<(Queue, String)> {
        self.tree(T::Refs).iter().flatten().find_map(|(k, v)| {
            if keys::u64_from(&v) != Some(id) || v.len() != 8 {
                return None;
            }
            match key_of(T::Refs, &k) {
                RecordKey::Ref { queue, reference } => Some((queue, reference)),
                _ => None,
            }
        })
    }
}

/// Whether a record of table `t` reads.
fn read(t: T, k: &[u8], v: &[u8]) -> std::result::Result<(), Why> {
    match t {
        T::Meta => meta(k, v),
        T::Cases => id_key(k).and(reads::<Case>(v, Part::Case)),
        T::Refs => {
            queue(k.first())?;
            let (_, reference) = split0(&k[1..])?;
            text(reference, Part::Ref)?;
            eight(v, Part::CaseId).map(|_| ())
        }
        T::IdxDue => {
            if k.len() != 14 {
                return Err(length(Part::DueEntry, 14, k));
            }
            queue(k.first())?;
            bucket(k[1])?;
            empty(v)
        }
        T::IdxName | T::IdxSubject => {
            // queue, bucket, name, 0, id; or subject kind, number, 0, id.
            let head = if t == T::IdxName {
                queue(k.first())?;
                bucket(*k.get(1).unwrap_or(&0xff))?;
                2
            } else if k.first().is_some_and(|b| *b <= 1) {
                1
            } else {
                return Err(Why::NoSubjectKind);
            };
            let (word, id) = split0(k.get(head..).unwrap_or_default())?;
            text(word, Part::Name)?;
            eight(id, Part::CaseId)?;
            empty(v)
        }
        // Schema 6 keeps none of these (`keys`): an entry is a leftover.
        T::IdxReceived | T::IdxState | T::IdxToken => Err(Why::LeftBehind),
        T::CountsAll => {
            if k.len() != 6 {
                return Err(length(Part::CounterKey, 6, k));
            }
            queue(k.first())?;
            State::from_code(k[1]).ok_or(Why::NoState)?;
            eight(v, Part::Count).map(|_| ())
        }
        T::Counts => {
            if k.len() != 10 {
                return Err(length(Part::CounterKey, 10, k));
            }
            queue(k.first())?;
            State::from_code(k[5]).ok_or(Why::NoState)?;
            eight(v, Part::Count).map(|_| ())
        }
        T::People => name_key(k).and(reads::<Person>(v, Part::Person)),
        T::Facilities => name_key(k).and(reads::<Facility>(v, Part::Facility)),
        T::Physicians => name_key(k).and(reads::<Physician>(v, Part::Physician)),
        T::Loans => name_key(k).and(reads::<Loan>(v, Part::Loan)),
        T::PeopleByIdentity => {
            let (name, rest) = split0(k)?;
            text(name, Part::Name)?;
            let regno = rest.get(4..).ok_or(Why::CutShort {
                what: Part::BirthDate,
            })?;
            text(regno, Part::RegistrationNumber)?;
            empty(v)
        }
        T::PhysiciansByWorkplace | T::LoansByPerson => {
            let (a, b) = split0(k)?;
            text(a, Part::Key)?;
            text(b, Part::Key)?;
            empty(v)
        }
        T::Audit => {
            let seq = id_key(k)?;
            let rec = value::<AuditRecord>(v, Part::AuditRecord)?;
            same(rec.seq, seq, Part::AuditRecord)
        }
        T::Outbox => {
            let id = id_key(k)?;
            same(
                value::<OutboxMessage>(v, Part::Notification)?.id,
                id,
                Part::Notification,
            )
        }
        T::Users => {
            name_key(k)?;
            value::<crate::domain::org::UserAccess>(v, Part::UserAccess).map(|_| ())
        }
        T::Orgs => {
            text(k, Part::Key)?;
            value::<crate::domain::org::Organisation>(v, Part::Organisation).map(|_| ())
        }
        T::OrgSets => {
            if k.len() != 4 {
                return Err(length(Part::OrgSetNumber, 4, k));
            }
            value::<Vec<crate::domain::org::CaseOrg>>(v, Part::OrgSet).map(|_| ())
        }
        T::Undo => {
            if k.contains(&0) {
                let (user, seq) = split0(k)?;
                text(user, Part::User)?;
                eight(seq, Part::UndoNumber)?;
                value::<undo::UndoEntry>(v, Part::UndoEntry).map(|_| ())
            } else {
                // A schema-1 single slot under the user's name alone.
                name_key(k)?;
                value::<crate::store::sled::UndoRecord>(v, Part::UndoRecord).map(|_| ())
            }
        }
        T::OutboxDelivery => {
            let id = id_key(k)?;
            same(
                value::<Delivery>(v, Part::Delivery)?.outbox_id,
                id,
                Part::Delivery,
            )
        }
        T::DeliveryQueue => id_key(k).and(empty(v)),
        T::ImportJournal => journal_entry(k, v),
        T::Tags => {
            id_key(k)?;
            tags::block_fault(v).map_or(Ok(()), Err)
        }
        T::Places => {
            id_key(k)?;
            tags::places_fault(v).map_or(Ok(()), Err)
        }
        T::PlaceNames => {
            if k.len() != 4 {
                return Err(length(Part::PlaceNumber, 4, k));
            }
            crate::store::Place::decode(v).map(|_| ()).ok_or(Why::NotA {
                what: Part::Place,
                detail: "neither F nor L and UTF-8".into(),
            })
        }
        T::Assignees => {
            if k.len() != 4 {
                return Err(length(Part::AssigneeNumber, 4, k));
            }
            if text(v, Part::Name)?.is_empty() {
                return Err(Why::Empty { what: Part::Name });
            }
            Ok(())
        }
        T::Postings => {
            queue(k.first())?;
            let (word, first) = split0(&k[1..])?;
            text(word, Part::Word)?;
            eight(first, Part::CaseId)?;
            postings::packed_fault(v).map_or(Ok(()), Err)
        }
        T::Enquiries => {
            let id = id_key(k)?;
            same(value::<Enquiry>(v, Part::Enquiry)?.id, id, Part::Enquiry)
        }
        T::EnquiriesByPerson => {
            let (regno, id) = split0(k)?;
            text(regno, Part::RegistrationNumber)?;
            eight(id, Part::Id)?;
            empty(v)
        }
        T::PeopleByBirth => {
            let regno = k.get(4..).ok_or(Why::CutShort {
                what: Part::BirthDate,
            })?;
            text(regno, Part::RegistrationNumber)?;
            empty(v)
        }
    }
}

/// The values `meta` keeps under each name.
fn meta(k: &[u8], v: &[u8]) -> std::result::Result<(), Why> {
    match text(k, Part::Name)? {
        "schema_version" if v.len() != 4 => Err(length(Part::SchemaVersion, 4, v)),
        "case_seq" | "outbox_seq" | "undo_seq" | "mail_cursor" | "enquiry_seq" => {
            eight(v, Part::SequenceNumber).map(|_| ())
        }
        "audit_head" => {
            let mac = v.get(8..).filter(|m| !m.is_empty());
            text(mac.ok_or(Why::NotAHead)?, Part::Mac).map(|_| ())
        }
        "audit_key_id" | "created_by" | "store_id" => text(v, Part::Value).map(|_| ()),
        // 文書番号: a fiscal year's counter, and each document given one.
        name if name.starts_with("document_seq/") => eight(v, Part::SequenceNumber).map(|_| ()),
        name if name.starts_with("document/") => {
            serde_json::from_slice::<crate::domain::document::Issued>(v)
                .map(|_| ())
                .map_err(|e| Why::NotA {
                    what: Part::Value,
                    detail: e.to_string(),
                })
        }
        _ => Ok(()),
    }
}

/// An import's header (`H` id) or a prior value (`J` id, table, key).
fn journal_entry(k: &[u8], v: &[u8]) -> std::result::Result<(), Why> {
    let id = k.get(1..9).ok_or(Why::CutShort {
        what: Part::JournalKey,
    })?;
    eight(id, Part::ImportId)?;
    match k.first() {
        Some(b'H') if k.len() == 9 => {
            value::<journal::ImportHeader>(v, Part::ImportHeader).map(|_| ())
        }
        Some(b'J') => match k.get(9) {
            Some(&journal::CREATED) => {
                eight(&k[10..], Part::CaseId)?;
                (v == [1]).then_some(()).ok_or(Why::NotACreatedMark)
            }
            Some(&t) if t < crate::store::sled::TABLES && t != T::ImportJournal as u8 => {
                match v.first() {
                    Some(0) if v.len() == 1 => Ok(()),
                    Some(1) => Ok(()),
                    _ => Err(Why::NotAPriorValue),
                }
            }
            _ => Err(Why::NoTable),
        },
        _ => Err(Why::NotAJournalKey),
    }
}

fn reads<V: DeserializeOwned>(v: &[u8], what: Part) -> std::result::Result<(), Why> {
    value::<V>(v, what).map(|_| ())
}

fn value<V: DeserializeOwned>(v: &[u8], what: Part) -> std::result::Result<V, Why> {
    bincode::deserialize::<V>(v).map_err(|e| Why::NotA {
        what,
        detail: e.to_string(),
    })
}

/// `what` of `found`'s length where it is `want` bytes.
fn length(what: Part, want: u64, found: &[u8]) -> Why {
    Why::Length {
        what,
        want,
        found: found.len() as u64,
    }
}

fn id_key(k: &[u8]) -> std::result::Result<u64, Why> {
    eight(k, Part::Id)
}

fn eight(b: &[u8], what: Part) -> std::result::Result<u64, Why> {
    match keys::u64_from(b) {
        Some(n) if b.len() == 8 => Ok(n),
        _ => Err(length(what, 8, b)),
    }
}

fn same(found: u64, key: u64, what: Part) -> std::result::Result<(), Why> {
    if found == key {
        Ok(())
    } else {
        Err(Why::Misplaced { what, key, found })
    }
}

fn name_key(k: &[u8]) -> std::result::Result<(), Why> {
    text(k, Part::Key).map(|_| ())
}

fn text(b: &[u8], what: Part) -> std::result::Result<&str, Why> {
    std::str::from_utf8(b).map_err(|_| Why::NotText { what })
}

fn empty(v: &[u8]) -> std::result::Result<(), Why> {
    if v.is_empty() {
        Ok(())
    } else {
        Err(Why::IndexValue {
            found: v.len() as u64,
        })
    }
}

fn queue(b: Option<&u8>) -> std::result::Result<Queue, Why> {
    b.and_then(|b| Queue::from_code(*b)).ok_or(Why::NoQueue)
}

fn bucket(b: u8) -> std::result::Result<(), Why> {
    if b <= 1 { Ok(()) } else { Err(Why::NoBucket) }
}

/// The parts of a key before and after its first 0x00.
fn split0(k: &[u8]) -> std::result::Result<(&[u8], &[u8]), Why> {
    let at = k.iter().position(|b| *b == 0).ok_or(Why::NoSeparator)?;
    Ok((&k[..at], &k[at + 1..]))
}

/// A key as people read it: numbers as numbers, names as names, and the
/// parts of a composite key apart.
pub(super) fn key_of(t: T, k: &[u8]) -> RecordKey {
    let id = |b: &[u8]| keys::u64_from(b).filter(|_| b.len() == 8);
    let q = |b: Option<&u8>| b.and_then(|b| Queue::from_code(*b));
    let utf8 = |b: &[u8]| std::str::from_utf8(b).ok().map(str::to_string);
    let known = match t {
        T::Cases | T::Audit | T::Outbox | T::OutboxDelivery | T::DeliveryQueue | T::Enquiries => {
            id(k).map(|n| RecordKey::Number { n })
        }
        T::Tags | T::Places => id(k).map(|block| {
            let per = tags::PER_BLOCK;
            RecordKey::TagBlock {
                block,
                first: block.saturating_mul(per),
                last: block.saturating_mul(per).saturating_add(per - 1),
            }
        }),
        T::Assignees | T::PlaceNames => k.try_into().ok().map(|b| RecordKey::Number {
            n: u32::from_be_bytes(b).into(),
        }),
        T::People | T::Facilities | T::Physicians | T::Loans | T::Users | T::Meta => {
            utf8(k).map(|name| RecordKey::Name { name })
        }
        T::Refs => q(k.first()).and_then(|queue| {
            let (_, reference) = split0(k.get(1..)?).ok()?;
            Some(RecordKey::Ref {
                queue,
                reference: utf8(reference)?,
            })
        }),
        T::IdxDue if k.len() == 14 => q(k.first()).map(|queue| RecordKey::Due {
            queue,
            closed: k[1] != 0,
            due: keys::i32_from_key(&k[2..6]).and_then(keys::due_from_days),
            case: id(&k[6..]),
        }),
        T::Undo => split0(k).ok().and_then(|(user, seq)| {
            Some(RecordKey::Undo {
                user: utf8(user)?,
                seq: id(seq)?,
            })
        }),
        T::IdxName => q(k.first()).and_then(|queue| {
            let (name, case) = split0(k.get(2..)?).ok()?;
            Some(RecordKey::ByName {
                queue,
                closed: *k.get(1)? != 0,
                name: utf8(name)?,
                case: id(case)?,
            })
        }),
        T::IdxSubject => split0(k.get(1..).unwrap_or_default())
            .ok()
            .and_then(|(number, case)| {
                Some(RecordKey::Subject {
                    facility: match k.first()? {
                        0 => false,
                        1 => true,
                        _ => return None,
                    },
                    number: utf8(number)?,
                    case: id(case)?,
                })
            }),
        T::CountsAll if k.len() == 6 => q(k.first()).and_then(|queue| {
            Some(RecordKey::Counter {
                queue,
                state: State::from_code(k[1])?,
                due: keys::i32_from_key(&k[2..]).and_then(keys::due_from_days),
            })
        }),
        T::Counts if k.len() == 10 => q(k.first()).and_then(|queue| {
            Some(RecordKey::Counter {
                queue,
                state: State::from_code(k[5])?,
                due: keys::i32_from_key(&k[6..]).and_then(keys::due_from_days),
            })
        }),
        T::PeopleByIdentity => split0(k).ok().and_then(|(name, rest)| {
            Some(RecordKey::Identity {
                name: utf8(name)?,
                born: keys::i32_from_key(rest.get(..4)?).and_then(keys::due_from_days),
                number: utf8(rest.get(4..)?)?,
            })
        }),
        T::Postings => q(k.first()).and_then(|queue| {
            let (word, first) = split0(k.get(1..)?).ok()?;
            Some(RecordKey::Posting {
                queue,
                word: utf8(word)?,
                first: id(first)?,
            })
        }),
        T::ImportJournal => {
            k.get(1..9)
                .and_then(id)
                .and_then(|import| match (k.first()?, k.get(9)) {
                    (b'H', None) => Some(RecordKey::ImportHeader { import }),
                    (b'J', Some(&journal::CREATED)) => Some(RecordKey::ImportCreated {
                        import,
                        case: id(&k[10..])?,
                    }),
                    (b'J', Some(t)) => {
                        let table = T::ALL.get(*t as usize)?;
                        Some(RecordKey::ImportPrior {
                            import,
                            table: table.name().to_string(),
                            key: Box::new(key_of(*table, &k[10..])),
                        })
                    }
                    _ => None,
                })
        }
        _ => None,
    };
    known.unwrap_or_else(|| RecordKey::Bytes { text: readable(k) })
}

/// Bytes as text where they are text: `/` for the separator, `\xNN` else.
fn readable(b: &[u8]) -> String {
    let mut out = String::new();
    for chunk in b.utf8_chunks() {
        for c in chunk.valid().chars() {
            match c {
                '\0' => out.push('/'),
                c if c.is_control() => out.push_str(&c.escape_default().to_string()),
                c => out.push(c),
            }
        }
        for byte in chunk.invalid() {
            out.push_str(&format!("\\x{byte:02x}"));
        }
    }
    out
}
