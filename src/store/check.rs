//! `secretariat check`: indexes agree with records, the audit chain is intact,
//! and every notification a decision names exists.

use super::audit::{AuditHead, GENESIS, KEY_ID};
use super::keys;
use super::{Result, Store, T, decode};
use crate::domain::{AuditRecord, Case, Facility, Loan, OutboxMessage, Person, Physician};
use std::collections::{HashMap, HashSet};

/// What `check` found; empty `faults` means the store is sound.
#[derive(Debug, Clone, Default)]
pub struct CheckReport {
    pub cases: u64,
    pub index_entries: u64,
    pub audit_records: u64,
    pub outbox_messages: u64,
    pub faults: Vec<String>,
}

impl CheckReport {
    fn fault(&mut self, f: String) {
        // A thousand faults say enough; the rest would only bury the first.
        if self.faults.len() < 1000 {
            self.faults.push(f);
        }
    }
}

/// Stops noting changed cases when a check ends, early returns included.
struct StopTracking<'a>(&'a Store);

impl Drop for StopTracking<'_> {
    fn drop(&mut self) {
        self.0.track_changes(false);
    }
}

impl Store {
    /// Verifies the whole store without changing it.
    pub fn check(&self) -> Result<CheckReport> {
        let mut r = CheckReport::default();
        let index_trees = [T::IdxDue, T::IdxName, T::IdxSubject];
        let mut expected_entries: HashMap<usize, u64> = HashMap::new();
        let mut expected_counts: HashMap<Vec<u8>, u64> = HashMap::new();
        let mut notified: HashSet<u64> = HashSet::new();
        let mut counted: HashMap<u64, Vec<u8>> = HashMap::new();
        let mut expected_posted = 0u64;
        self.track_changes(true);
        let _stop = StopTracking(self);
        for kv in self.tree(T::Cases).iter() {
            let (k, v) = kv?;
            r.cases += 1;
            let Some(id) = keys::u64_from(&k) else {
                r.fault("a case key is not a case id".into());
                continue;
            };
            let mut v = v;
            // Read beside the changes: a case changed between reading it and
            // its entries looks wrong for a moment; it is read again (a few
            // times) before anything is called a fault.
            let mut tries = 0;
            let (case, f) = loop {
                let case: Case = match decode(&v) {
                    Ok(c) => c,
                    Err(e) => break (None, vec![format!("case {id}: {e}")]),
                };
                let f = self.case_faults(id, &case)?;
                tries += 1;
                if f.is_empty() || tries >= 3 {
                    break (Some(case), f);
                }
                match self.tree(T::Cases).get(&k)? {
                    Some(again) => v = again,
                    None => break (Some(case), f),
                }
            };
            for f in f {
                r.fault(f);
            }
            let Some(case) = case else { continue };
            for (t, _, _) in super::write::entries(id, &case) {
                *expected_entries.entry(t as usize).or_default() += 1;
            }
            expected_posted += super::postings::words(&case).len() as u64;
            let ck = keys::count_key(case.queue, case.state, keys::due_days(case.due));
            *expected_counts.entry(ck.clone()).or_default() += 1;
            counted.insert(id, ck);
            notified.extend(case.history.iter().filter_map(|d| d.notification));
        }
        // What changed meanwhile is counted as it is now (see `changed_since`).
        self.reconcile(&mut expected_counts, &mut counted, &mut notified)?;
        for t in index_trees {
            let n = self.tree(t).len() as u64;
            r.index_entries += n;
            let want = expected_entries.get(&(t as usize)).copied().unwrap_or(0);
            if n != want {
                r.fault(format!(
                    "{} holds {n} entries but the cases call for {want}",
                    super::TREE_NAMES[t as usize]
                ));
            }
        }
        let (posted, tagged) = self.posted_and_tagged()?;
        r.index_entries += posted;
        if posted != expected_posted {
            r.fault(format!(
                "the search postings hold {posted} ids but the cases call for {expected_posted}"
            ));
        }
        if tagged != r.cases {
            r.fault(format!("tags hold {tagged} cases of {}", r.cases));
        }
        if self.tree(T::Refs).len() as u64 != r.cases {
            r.fault(format!(
                "refs holds {} entries for {} cases",
                self.tree(T::Refs).len(),
                r.cases
            ));
        }
        let mut found_counts = self.read_counts()?;
        for round in 0..3 {
            if found_counts == expected_counts {
                break;
            }
            // Decisions moved cases between counters while this read: count
            // those cases again as they are now, then the counters again —
            // the last time with changes held for that moment only (a few
            // cases and the counters: well under a millisecond).
            let _held =
                (round == 2).then(|| self.writers.write().unwrap_or_else(|e| e.into_inner()));
            self.reconcile(&mut expected_counts, &mut counted, &mut notified)?;
            found_counts = self.read_counts()?;
        }
        if found_counts != expected_counts {
            r.fault("the queue counters do not match the cases".into());
        }
        self.check_audit(&mut r)?;
        for kv in self.tree(T::Outbox).iter() {
            let (k, v) = kv?;
            r.outbox_messages += 1;
            match decode::<OutboxMessage>(&v) {
                Ok(m) if !notified.contains(&m.id) => {
                    // A decision made since its case was read names it.
                    self.reconcile(&mut expected_counts, &mut counted, &mut notified)?;
                    if !notified.contains(&m.id) {
                        r.fault(format!("outbox message {} belongs to no decision", m.id))
                    }
                }
                Ok(_) => {}
                Err(e) => r.fault(format!("outbox message {:?}: {e}", keys::u64_from(&k))),
            }
        }
        self.track_changes(false);
        for id in &notified {
            if self.tree(T::Outbox).get(id.to_be_bytes())?.is_none() {
                r.fault(format!(
                    "a decision names outbox message {id}, which does not exist"
                ));
            }
        }
        for f in self.delivery_faults()? {
            r.fault(f);
        }
        self.check_records(&mut r)?;
        Ok(r)
    }

    /// Decodes every registry record, every undo slot and every role, naming
    /// the tree and key of any that does not read; checks that each role is
    /// the one the audit log last gave.
    fn check_records(&self, r: &mut CheckReport) -> Result<()> {
        fn each<V: serde::de::DeserializeOwned>(
            store: &Store,
            t: T,
            r: &mut CheckReport,
        ) -> Result<()> {
            for kv in store.tree(t).iter() {
                let (k, v) = kv?;
                if let Err(e) = decode::<V>(&v) {
                    r.fault(format!(
                        "{} {:?}: the record does not read ({e})",
                        super::TREE_NAMES[t as usize],
                        String::from_utf8_lossy(&k)
                    ));
                }
            }
            Ok(())
        }
        each::<Person>(self, T::People, r)?;
        each::<Facility>(self, T::Facilities, r)?;
        each::<Physician>(self, T::Physicians, r)?;
        each::<Loan>(self, T::Loans, r)?;
        // The undo tree: stack entries under `user, 0x00, seq`, or a schema-1
        // single slot under `user` alone.
        for kv in self.tree(T::Undo).iter() {
            let (k, v) = kv?;
            let fault = if k.contains(&0) {
                decode::<super::undo::UndoEntry>(&v).err()
            } else {
                decode::<super::UndoRecord>(&v).err()
            };
            if let Some(e) = fault {
                r.fault(format!(
                    "undo {:?}: the record does not read ({e})",
                    String::from_utf8_lossy(&k)
                ));
            }
        }
        // Roles as the audit log tells them, in order.
        let mut told: HashMap<String, Option<String>> = HashMap::new();
        for kv in self.tree(T::Audit).iter() {
            let (_, v) = kv?;
            let Ok(rec) = decode::<AuditRecord>(&v) else {
                break;
            };
            if rec.action == "users.add" || rec.action == "users.remove" {
                if let Some(name) = rec.target.strip_prefix("user/") {
                    let role = rec
                        .after
                        .as_deref()
                        .map(|a| a.trim().trim_matches('"').to_string())
                        .filter(|a| !a.is_empty() && a != "null");
                    told.insert(name.to_string(), role);
                }
            }
        }
        let mut roles: HashMap<String, String> = HashMap::new();
        for kv in self.tree(T::Users).iter() {
            let (k, v) = kv?;
            let name = String::from_utf8_lossy(&k).into_owned();
            let role = String::from_utf8_lossy(&v).into_owned();
            if crate::domain::Role::from_id(&role).is_none() {
                r.fault(format!("users {name:?}: {role:?} is not a role"));
            }
            roles.insert(name, role);
        }
        for (name, role) in &roles {
            match told.get(name) {
                Some(Some(t)) if t == role => {}
                // The creator of the store is its first supervisor before any record.
                None if role == "supervisor" && told.is_empty() => {}
                None if role == "supervisor" && self.is_creator(name)? => {}
                other => r.fault(format!(
                    "users {name:?}: the role {role} is not the one the audit log gave ({})",
                    match other {
                        Some(Some(t)) => t.as_str(),
                        _ => "none",
                    }
                )),
            }
        }
        for (name, role) in &told {
            if role.is_some() && !roles.contains_key(name) {
                r.fault(format!(
                    "users {name:?}: the audit log gave a role the store no longer holds"
                ));
            }
        }
        Ok(())
    }

    /// What is wrong with one case's entries and ref, read now.
    fn case_faults(&self, id: u64, case: &Case) -> Result<Vec<String>> {
        let mut out = Vec::new();
        for (t, key, val) in super::write::entries(id, case) {
            let what = match self.tree(t).get(&key)? {
                None => "missing",
                Some(found) if found.as_ref() != val.as_slice() => "stale",
                Some(_) => continue,
            };
            out.push(format!(
                "{}/{}: {what} entry in {}",
                case.queue.id(),
                case.reference,
                super::TREE_NAMES[t as usize]
            ));
        }
        let number = self.with_tags(|t| t.number_of(case.assignee.as_deref()));
        let want = number.map(|n| (case.queue, super::keys::RowTag::of(case, n)));
        let stored = self
            .tree(T::Tags)
            .get(super::tags::block_key(id))?
            .and_then(|b| super::tags::stored_slot(&b, id));
        if want.is_none() || stored != want || self.tag(id) != want {
            out.push(format!(
                "{}/{}: stale or missing tag",
                case.queue.id(),
                case.reference
            ));
        }
        for w in super::postings::words(case) {
            if !self.posted(case.queue, &w, id)? {
                out.push(format!(
                    "{}/{}: missing from the postings of {w}",
                    case.queue.id(),
                    case.reference
                ));
            }
        }
        match self.case_id(case.queue, &case.reference)? {
            Some(found) if found == id => {}
            _ => out.push(format!(
                "{}/{}: ref index does not point at case {id}",
                case.queue.id(),
                case.reference
            )),
        }
        Ok(out)
    }

    fn read_counts(&self) -> Result<HashMap<Vec<u8>, u64>> {
        let mut found = HashMap::new();
        for kv in self.tree(T::Counts).iter() {
            let (k, v) = kv?;
            found.insert(k.to_vec(), keys::u64_from(&v).unwrap_or(0));
        }
        Ok(found)
    }

    /// Starts (or stops) noting the cases written, for a check reading beside
    /// the changes.
    fn track_changes(&self, on: bool) {
        let mut changed = self.changed.lock().unwrap_or_else(|e| e.into_inner());
        *changed = on.then(HashSet::new);
    }

    /// Counts the cases written since the last look as they are now.
    fn reconcile(
        &self,
        expected: &mut HashMap<Vec<u8>, u64>,
        counted: &mut HashMap<u64, Vec<u8>>,
        notified: &mut HashSet<u64>,
    ) -> Result<()> {
        let ids: Vec<u64> = {
            let mut changed = self.changed.lock().unwrap_or_else(|e| e.into_inner());
            changed
                .as_mut()
                .map(|c| c.drain().collect())
                .unwrap_or_default()
        };
        for id in ids {
            let Some(case) = self.case(id).ok().flatten() else {
                continue;
            };
            let ck = keys::count_key(case.queue, case.state, keys::due_days(case.due));
            if let Some(old) = counted.insert(id, ck.clone()) {
                if let Some(n) = expected.get_mut(&old) {
                    *n = n.saturating_sub(1);
                    if *n == 0 {
                        expected.remove(&old);
                    }
                }
            }
            *expected.entry(ck).or_default() += 1;
            notified.extend(case.history.iter().filter_map(|d| d.notification));
        }
        Ok(())
    }

    /// The head of the audit chain (`audit head`): the last record's seq and MAC.
    pub fn audit_head(&self) -> Result<AuditHead> {
        Ok(match self.tree(T::Meta).get(b"audit_head")? {
            Some(head) if head.len() > 8 => AuditHead {
                seq: keys::u64_from(&head).unwrap_or(0),
                mac: String::from_utf8_lossy(&head[8..]).into_owned(),
            },
            _ => AuditHead {
                seq: 0,
                mac: GENESIS.to_string(),
            },
        })
    }

    /// Whether the chain still extends `anchor` (`check --since-head`): the
    /// record it names is there with that MAC, and every record after it
    /// follows it under the key. Returns the faults.
    pub fn check_since(&self, anchor: &AuditHead) -> Result<Vec<String>> {
        let mut faults = Vec::new();
        let mut r = CheckReport::default();
        self.check_audit(&mut r)?;
        faults.extend(r.faults);
        if anchor.seq > 0 {
            match self.tree(T::Audit).get(anchor.seq.to_be_bytes())? {
                None => faults.push(format!(
                    "the audit log no longer holds record {} that the anchored head names: it was truncated",
                    anchor.seq
                )),
                Some(v) => {
                    let rec: AuditRecord = decode(&v)?;
                    if rec.hash != anchor.mac {
                        faults.push(format!(
                            "audit record {} no longer has the MAC anchored ({}…, now {}…): the log was rewritten",
                            anchor.seq,
                            anchor.mac.get(..12).unwrap_or(&anchor.mac),
                            rec.hash.get(..12).unwrap_or(&rec.hash)
                        ));
                    }
                }
            }
        }
        let head = self.audit_head()?;
        if head.seq < anchor.seq {
            faults.push(format!(
                "the audit chain ends at record {} before the anchored record {}: it was truncated",
                head.seq, anchor.seq
            ));
        }
        Ok(faults)
    }

    /// Whether `name` created the store (its first supervisor, given no record).
    fn is_creator(&self, name: &str) -> Result<bool> {
        Ok(self
            .tree(T::Meta)
            .get(b"created_by")?
            .is_some_and(|c| c.as_ref() == name.as_bytes()))
    }

    fn check_audit(&self, r: &mut CheckReport) -> Result<()> {
        match self.tree(T::Meta).get(KEY_ID)? {
            Some(id) if id.as_ref() == self.audit_key.fingerprint().as_bytes() => {}
            _ => {
                r.fault(format!(
                    "audit chain: the audit key {} does not match this store",
                    self.audit_key.source()
                ));
                return Ok(());
            }
        }
        // The head as it is now: records appended while this reads (beside
        // the changes) are for the next check.
        let head_marker = self.tree(T::Meta).get(b"audit_head")?;
        let limit = head_marker
            .as_ref()
            .filter(|h| h.len() > 8)
            .and_then(|h| keys::u64_from(h));
        let mut prev = GENESIS.to_string();
        let mut expect_seq = 1;
        for kv in self.tree(T::Audit).iter() {
            let (k, v) = kv?;
            if let (Some(limit), Some(seq)) = (limit, keys::u64_from(&k)) {
                if seq > limit {
                    break;
                }
            }
            r.audit_records += 1;
            let rec: AuditRecord = match decode(&v) {
                Ok(x) => x,
                Err(e) => {
                    r.fault(format!("audit record {expect_seq}: {e}"));
                    return Ok(());
                }
            };
            if rec.seq != expect_seq {
                r.fault(format!(
                    "audit chain: record {expect_seq} is missing (found {})",
                    rec.seq
                ));
                return Ok(());
            }
            if rec.prev_hash != prev {
                r.fault(format!(
                    "audit chain broken at record {}: it does not follow record {}",
                    rec.seq,
                    rec.seq - 1
                ));
                return Ok(());
            }
            if self.audit_key.seal(&rec) != rec.hash {
                r.fault(format!(
                    "audit record {} was altered: its MAC does not verify under the store's audit key",
                    rec.seq
                ));
                return Ok(());
            }
            prev = rec.hash;
            expect_seq += 1;
        }
        match head_marker {
            Some(head) if head.len() > 8 => {
                let seq = keys::u64_from(&head).unwrap_or(0);
                if seq != expect_seq - 1 || head[8..] != *prev.as_bytes() {
                    r.fault(format!(
                        "audit chain: the last {} record(s) were removed",
                        seq.saturating_sub(expect_seq - 1)
                    ));
                }
            }
            _ if expect_seq > 1 => r.fault("audit chain: the head marker is missing".into()),
            _ => {}
        }
        Ok(())
    }

    /// Test support: damages the store on purpose.
    #[doc(hidden)]
    pub fn tamper_for_tests(&self, what: &str) -> Result<()> {
        match what {
            "audit" => {
                if let Some((k, v)) = self.tree(T::Audit).first()? {
                    let mut rec: AuditRecord = decode(&v)?;
                    rec.actor = "mallory".into();
                    self.tree(T::Audit).insert(k, super::encode(&rec)?)?;
                }
            }
            "audit-rechained" => {
                // What an editor without the key would do: change one record,
                // then recompute the plain SHA-256 chain after it and the head.
                let mut prev = GENESIS.to_string();
                let mut last = None;
                for kv in self.tree(T::Audit).iter() {
                    let (k, v) = kv?;
                    let mut rec: AuditRecord = decode(&v)?;
                    if rec.seq == 1 {
                        rec.actor = "mallory".into();
                    }
                    rec.prev_hash = prev;
                    let old = super::migrate_audit::v4::AuditRecord {
                        seq: rec.seq,
                        at: rec.at,
                        actor: rec.actor.clone(),
                        action: rec.action.clone(),
                        target: rec.target.clone(),
                        before: rec.before.clone(),
                        after: rec.after.clone(),
                        prev_hash: rec.prev_hash.clone(),
                        hash: String::new(),
                    };
                    rec.hash = super::migrate_audit::v4::hash(&old);
                    prev = rec.hash.clone();
                    self.tree(T::Audit).insert(k, super::encode(&rec)?)?;
                    last = Some(rec);
                }
                if let Some(rec) = last {
                    let mut head = rec.seq.to_be_bytes().to_vec();
                    head.extend_from_slice(rec.hash.as_bytes());
                    self.tree(T::Meta).insert(b"audit_head", head)?;
                }
            }
            "audit-truncated" => {
                // The last record removed and the head moved back to the one before.
                if let Some((k, _)) = self.tree(T::Audit).pop_max()? {
                    let seq = keys::u64_from(&k).unwrap_or(1);
                    if let Some(v) = self.tree(T::Audit).get((seq - 1).to_be_bytes())? {
                        let rec: AuditRecord = decode(&v)?;
                        let mut head = rec.seq.to_be_bytes().to_vec();
                        head.extend_from_slice(rec.hash.as_bytes());
                        self.tree(T::Meta).insert(b"audit_head", head)?;
                    }
                }
            }
            "index" => {
                if let Some((k, _)) = self.tree(T::IdxDue).first()? {
                    self.tree(T::IdxDue).remove(k)?;
                }
            }
            "person" => {
                if let Some((k, v)) = self.tree(T::People).first()? {
                    // A byte flipped in the middle: the record no longer reads.
                    let mut bytes = v.to_vec();
                    bytes.truncate(bytes.len() / 2);
                    self.tree(T::People).insert(k, bytes)?;
                }
            }
            "role" => {
                self.tree(T::Users).insert(b"mallory", b"supervisor")?;
            }
            "schema" => {
                self.tree(T::Meta)
                    .insert(b"schema_version", &99u32.to_be_bytes())?;
            }
            _ => {}
        }
        self.flush()
    }
}
