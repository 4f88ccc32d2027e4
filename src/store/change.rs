//! What an audit record says of a case write: a short summary of the case,
//! or of a change only the fields that differ, always with the state, the
//! revision and the organisations the case belongs to; the records a batch
//! creates, audited together; a delivery's state.

use crate::domain::Case;
use sha2::{Digest, Sha256};

/// A short JSON summary of a case for the audit record.
fn case_summary(c: &Case) -> serde_json::Value {
    serde_json::json!({
        "state": c.state.id(),
        "revision": c.revision,
        "assignee": c.assignee,
        "due": c.due,
        "notes": c.notes.len(),
        "last": c.history.last().map(|d| serde_json::json!({"decision": d.kind.id(), "reason": d.reason, "actor": d.actor})),
        "body": serde_json::to_value(&c.body).unwrap_or_default(),
    })
}

/// What an audit record says of a case write: for a change, only the fields
/// that differ, before and after (the state and revision always); for a new
/// case, its summary.
pub(crate) fn case_change(
    old: Option<&Case>,
    new: &Case,
    orgs: &[crate::domain::org::CaseOrg],
) -> (Option<String>, String) {
    let mut after = case_summary(new);
    // The organisations the case belongs to: every record names them.
    if let serde_json::Value::Object(a) = &mut after {
        a.insert(
            "orgs".into(),
            orgs.iter()
                .map(|o| o.org.as_str())
                .collect::<Vec<_>>()
                .into(),
        );
    }
    let Some(old) = old else {
        return (None, after.to_string());
    };
    let before = case_summary(old);
    let (serde_json::Value::Object(mut b), serde_json::Value::Object(mut a)) = (before, after)
    else {
        return (None, String::new());
    };
    let keep = ["state", "revision", "orgs"];
    let same: Vec<String> = a
        .iter()
        .filter(|(k, v)| !keep.contains(&k.as_str()) && b.get(*k) == Some(*v))
        .map(|(k, _)| k.clone())
        .collect();
    for k in same {
        a.remove(&k);
        b.remove(&k);
    }
    // Of a body that changed, the fields that changed.
    if let (Some(serde_json::Value::Object(bb)), Some(serde_json::Value::Object(ab))) =
        (b.get_mut("body"), a.get_mut("body"))
    {
        let same: Vec<String> = ab
            .iter()
            .filter(|(k, v)| bb.get(*k) == Some(*v))
            .map(|(k, _)| k.clone())
            .collect();
        for k in same {
            ab.remove(&k);
            bb.remove(&k);
        }
    }
    (
        Some(serde_json::Value::Object(b).to_string()),
        serde_json::Value::Object(a).to_string(),
    )
}

/// Records created by one batch, audited together: one audit record per
/// `CREATED_PER_RECORD` of them, each with a SHA-256 over the records it
/// names. (sled writes a node of over 128 KiB as a separate blob file, and a
/// blob is what its recovery after a kill has been seen to lose: an audit
/// record naming 2,000 refs made its node one.)
#[derive(Default)]
pub(crate) struct Creations {
    groups: Vec<(Vec<String>, Sha256)>,
}

const CREATED_PER_RECORD: usize = 100;

impl Creations {
    /// Adds a record created, by its audit target and its stored bytes.
    pub(crate) fn add(&mut self, target: String, bytes: &[u8]) {
        if self
            .groups
            .last()
            .is_none_or(|(t, _)| t.len() >= CREATED_PER_RECORD)
        {
            self.groups.push((Vec::new(), Sha256::new()));
        }
        if let Some((targets, digest)) = self.groups.last_mut() {
            digest.update(bytes);
            targets.push(target);
        }
    }

    /// The audit records that name them: (target, after), one per group.
    pub(crate) fn audited(self) -> Vec<(String, String)> {
        self.groups
            .into_iter()
            .map(|(targets, digest)| {
                let target = format!("records/{}", targets.len());
                let after = serde_json::json!({
                    "created": targets,
                    "sha256": super::audit::hex(&digest.finalize()),
                })
                .to_string();
                (target, after)
            })
            .collect()
    }
}

/// What an audit record says of a delivery: its state and the relay's answer.
pub(crate) fn delivery_summary(d: &crate::domain::Delivery) -> String {
    serde_json::json!({
        "state": d.state.id(),
        "message_id": d.message_id,
        "attempts": d.attempts,
        "answer": d.answer,
        "next_attempt_at": d.next_attempt_at,
        "sent_at": d.sent_at,
    })
    .to_string()
}
