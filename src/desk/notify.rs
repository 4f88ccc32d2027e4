//! The one notification a decision owes, in the organisation's wording.

use super::{Desk, Result};
use crate::domain::workflow::notifies;
use crate::domain::{Case, CaseBody, DecisionKind, OutboxMessage, OutboxStatus, State, Timestamp};

impl Desk {
    /// The notification a decision owes, or None where the procedure sends none.
    pub(crate) fn notification(
        &self,
        case: &Case,
        kind: DecisionKind,
        state_after: State,
        reason: Option<&str>,
        now: Timestamp,
    ) -> Result<Option<OutboxMessage>> {
        if !notifies(case.queue, kind, state_after) {
            return Ok(None);
        }
        let person = match &case.body {
            CaseBody::Withdrawal(w) => self.store.person(w.registration_number.as_str())?,
            CaseBody::Transfer(t) => self.store.person(t.registration_number.as_str())?,
            CaseBody::LoanFollowup(f) => self.store.person(f.registration_number.as_str())?,
            CaseBody::CompletionApplication(a) => {
                self.store.person(a.registration_number.as_str())?
            }
            CaseBody::FacilityReport(_) => None,
        };
        let recipient = match (&case.body, kind) {
            (CaseBody::Withdrawal(w), DecisionKind::Chase | DecisionKind::Received) => {
                w.director_email.clone()
            }
            (CaseBody::FacilityReport(r), _) => match &r.contact_email {
                Some(e) => Some(e.clone()),
                None => self
                    .store
                    .facility(r.facility_number.as_str())?
                    .and_then(|f| f.contact_email),
            },
            _ => person.as_ref().and_then(|p| p.email.clone()),
        };
        let vars = case_vars(case, reason, state_after);
        let borrowed: Vec<(&str, &str)> = vars.iter().map(|(k, v)| (*k, v.as_str())).collect();
        let t = self
            .templates
            .render_case(self.notify_ja, case, kind, &borrowed);
        Ok(Some(self.message(
            case,
            kind,
            recipient.unwrap_or_else(|| crate::domain::delivery::NO_ADDRESS.to_string()),
            t,
            now,
        )))
    }

    /// The mail telling the association a completion application (修了申請)
    /// names that it has one to decide, sent to its お問い合わせ通知先
    /// `address`: one per application, as the seed says. None for another
    /// kind of case, or without an address (an association that has set none).
    pub(crate) fn completion_association_mail(
        &self,
        case: &Case,
        address: Option<&str>,
        now: Timestamp,
    ) -> Option<OutboxMessage> {
        let CaseBody::CompletionApplication(_) = &case.body else {
            return None;
        };
        let address = address.map(str::trim).filter(|a| !a.is_empty())?;
        let vars = case_vars(case, None, case.state);
        let borrowed: Vec<(&str, &str)> = vars.iter().map(|(k, v)| (*k, v.as_str())).collect();
        let t = self.templates.render_variant(
            self.notify_ja,
            case.queue,
            DecisionKind::Received,
            crate::domain::templates::ASSOCIATION,
            &borrowed,
        );
        Some(self.message(case, DecisionKind::Received, address.to_string(), t, now))
    }

    fn message(
        &self,
        case: &Case,
        kind: DecisionKind,
        recipient: String,
        t: crate::domain::templates::Template,
        now: Timestamp,
    ) -> OutboxMessage {
        OutboxMessage {
            id: 0,
            queue: case.queue,
            case_ref: case.reference.clone(),
            decision: kind,
            recipient,
            subject: t.subject,
            body: t.body,
            created_at: now,
            release_at: crate::domain::time::add_secs(now, self.rules.release_delay_secs.max(0)),
            status: OutboxStatus::Pending,
        }
    }
}

/// The placeholders of a case's notification (see `domain::templates`).
fn case_vars(case: &Case, reason: Option<&str>, state_after: State) -> Vec<(&'static str, String)> {
    let mut vars: Vec<(&str, String)> = vec![
        ("name", case.subject_name.clone()),
        ("ref", case.reference.clone()),
        ("reason", reason.unwrap_or("").to_string()),
        ("state", state_after.id().to_string()),
        ("due", case.due.map(|d| d.to_string()).unwrap_or_default()),
    ];
    match &case.body {
        CaseBody::Withdrawal(w) => {
            vars.push(("program", w.program.clone()));
            vars.push(("director", w.director.clone()));
            vars.push(("withdrawal_reason", w.reason.clone()));
        }
        CaseBody::FacilityReport(r) => vars.push(("facility", r.facility_number.to_string())),
        CaseBody::LoanFollowup(f) => {
            vars.push(("topic", f.topic.clone()));
            vars.push((
                "amount",
                f.amount_due.map(crate::text::yen).unwrap_or_default(),
            ));
        }
        CaseBody::Transfer(t) => vars.push(("category", t.requested_category.clone())),
        CaseBody::CompletionApplication(a) => {
            vars.push(("association", a.association.clone()));
            vars.push(("training", a.training.clone()));
            vars.push(("completed_on", a.completed_on.to_string()));
            vars.push(("registration_number", a.registration_number.to_string()));
        }
    }
    vars
}

impl Desk {
    /// A case's arrival: a withdrawal awaiting its programme director whose
    /// address is known gets a `received` entry in its history and the mail
    /// asking the director for the answer (`[rules] notify_director_on_arrival`);
    /// a completion application (修了申請) gets one and the 受付 mail to the
    /// member, always (the seed offers no way to stop it). Each is released
    /// with the write like any notification. A case written before (an import
    /// of a ref the store holds) is left as it is.
    pub(super) fn with_arrival(
        &self,
        mut w: crate::store::CaseWrite,
        actor: &super::Actor,
        now: Timestamp,
    ) -> Result<crate::store::CaseWrite> {
        let case = &w.after;
        let owed = match &case.body {
            CaseBody::Withdrawal(wd) => {
                self.rules.notify_director_on_arrival
                    && case.state == State::AwaitingDirector
                    && wd.director_email.is_some()
            }
            CaseBody::CompletionApplication(_) => case.state == State::Submitted,
            _ => false,
        };
        if !owed || case.revision != 0 || !case.history.is_empty() {
            return Ok(w);
        }
        // A completion application mails the association applied to (its
        // お問い合わせ通知先, seed 001: one mail per application) as well as
        // the member: its own history entry, named by the association.
        let owner = match &w.orgs {
            Some(o) => o.first().map(|o| o.org.clone()),
            None => None,
        };
        let association = match owner {
            Some(id) => self.store.org(&id)?,
            None => None,
        };
        if let Some(org) = &association {
            if let Some(m) =
                self.completion_association_mail(case, org.inquiry_email.as_deref(), now)
            {
                w.after.history.push(crate::domain::Decision {
                    kind: DecisionKind::Received,
                    reason: Some(org.name.clone()),
                    actor: actor.name.clone(),
                    at: now,
                    state_before: w.after.state,
                    state_after: w.after.state,
                    notification: None,
                });
                w.earlier_outbox.push((w.after.history.len() - 1, m));
            }
        }
        let case = &w.after;
        let Some(message) =
            self.notification(case, DecisionKind::Received, case.state, None, now)?
        else {
            return Ok(w);
        };
        w.after.history.push(crate::domain::Decision {
            kind: DecisionKind::Received,
            reason: None,
            actor: actor.name.clone(),
            at: now,
            state_before: case.state,
            state_after: case.state,
            notification: None,
        });
        w.outbox = Some(message);
        Ok(w)
    }
}
