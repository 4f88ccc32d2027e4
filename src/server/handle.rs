//! Runs one request on the desk as the client's user, with the server's clock,
//! answers it, and tells every client what changed.

use super::protocol::{CheckSummary, Event, RemoteError, Request, Response, ServerMessage, encode};
use super::serve::{Client, Shared};
use crate::desk::{Actor, BulkReport, CaseKey, DeskError};
use crate::domain::{Case, Role};
use std::collections::HashSet;
use std::sync::Arc;
use std::time::Instant;

/// Above this many cases, a bulk decision is announced as one `Reload`.
const CHANGED_EVENTS_MAX: usize = 256;

/// Runs a request and queues its answer; then broadcasts its events.
pub(crate) fn answer(shared: &Shared, client: &Arc<Client>, call: u64, request: Request) {
    let started = Instant::now();
    let what = request_name(&request);
    let result = if matches!(request, Request::Check | Request::Backup { .. }) {
        let _alone = shared.gate.write().unwrap_or_else(|e| e.into_inner());
        execute(shared, client, call, request)
    } else if changes_the_store(&request) {
        let _shared = shared.gate.read().unwrap_or_else(|e| e.into_inner());
        execute(shared, client, call, request)
    } else {
        execute(shared, client, call, request)
    };
    let (outcome, events) = match result {
        Ok((r, events)) => (Ok(r), events),
        Err(e) => {
            if e.is_refusal() {
                tracing::debug!(client = client.id, user = %client.user, request = what, refusal = %e, "refused");
            } else {
                tracing::error!(client = client.id, user = %client.user, pid = client.pid, request = what, error = %e, "failed");
            }
            (Err(RemoteError::from(&e)), Vec::new())
        }
    };
    match encode(&ServerMessage::Reply { id: call, outcome }) {
        // Blocking: an answer is never dropped; only this client's thread waits.
        Ok(frame) => {
            let _ = client.queue.send(Arc::new(frame));
        }
        Err(e) => {
            tracing::error!(client = client.id, request = what, error = %e, "an answer could not be encoded");
            let frame = encode(&ServerMessage::Reply {
                id: call,
                outcome: Err(RemoteError::from(&DeskError::Invalid(format!(
                    "the answer could not be sent ({e})"
                )))),
            });
            if let Ok(f) = frame {
                let _ = client.queue.send(Arc::new(f));
            }
        }
    }
    for ev in &events {
        shared.broadcast(ev);
    }
    tracing::trace!(
        client = client.id,
        request = what,
        micros = started.elapsed().as_micros() as u64,
        "answered"
    );
}

/// Whether a request writes to the store (and so waits while `check` runs;
/// reads go on meanwhile).
fn changes_the_store(r: &Request) -> bool {
    matches!(
        r,
        Request::Approve { .. }
            | Request::ReturnCase { .. }
            | Request::Chase { .. }
            | Request::CertificationReturn { .. }
            | Request::Claim { .. }
            | Request::Reopen { .. }
            | Request::Reassign { .. }
            | Request::Annotate { .. }
            | Request::Undo
            | Request::Bulk { .. }
            | Request::GenerateFollowups { .. }
            | Request::AddUser { .. }
            | Request::RemoveUser { .. }
            | Request::Import { .. }
    ) || matches!(r, Request::Export { spec, .. } if spec.writes())
}

fn request_name(r: &Request) -> &'static str {
    match r {
        Request::Counts { .. } => "counts",
        Request::Page { .. } => "page",
        Request::Detail { .. } => "detail",
        Request::Lookup { .. } => "lookup",
        Request::Approve { .. } => "approve",
        Request::ReturnCase { .. } => "return",
        Request::Chase { .. } => "chase",
        Request::CertificationReturn { .. } => "certification_return",
        Request::Claim { .. } => "claim",
        Request::Reopen { .. } => "reopen",
        Request::Reassign { .. } => "reassign",
        Request::Annotate { .. } => "annotate",
        Request::Undo => "undo",
        Request::Undoable => "undoable",
        Request::Bulk { .. } => "bulk",
        Request::GenerateFollowups { .. } => "followups",
        Request::Users => "users",
        Request::AddUser { .. } => "users.add",
        Request::RemoveUser { .. } => "users.remove",
        Request::Check => "check",
        Request::Export { .. } => "export",
        Request::Import { .. } => "import",
        Request::Backup { .. } => "backup",
        Request::Viewing { .. } => "viewing",
        Request::SaveSession { .. } => "session.save",
        Request::LoadSession => "session.load",
        Request::Shutdown => "shutdown",
        Request::ReleaseIfIdle => "release",
    }
}

/// An answer and the events it sends everyone.
pub(super) type Answer = Result<(Response, Vec<Event>), DeskError>;

fn changed(case: Case, by: &Actor) -> Answer {
    let ev = Event::Changed {
        key: CaseKey::new(case.queue, case.reference.clone()),
        by: by.name.clone(),
        revision: case.revision,
        state: case.state,
    };
    Ok((Response::Case(Box::new(case)), vec![ev]))
}

fn plain(r: Response) -> Answer {
    Ok((r, Vec::new()))
}

fn execute(shared: &Shared, client: &Client, call: u64, request: Request) -> Answer {
    let desk = &shared.desk;
    // The role is read on every request, so a change of role applies at once.
    let actor = desk.actor(&client.user)?;
    let now = shared.clock.now();
    match request {
        Request::Counts { today } => plain(Response::Counts(desk.counts(today)?)),
        Request::Page { query, today } => plain(Response::Page(desk.page(&query, today)?)),
        Request::Detail { key, today } => {
            plain(Response::Detail(Box::new(desk.detail(&key, today)?)))
        }
        Request::Lookup { input, today } => {
            plain(Response::Lookup(Box::new(desk.lookup(&input, today)?)))
        }
        Request::Approve { key, revision } => {
            changed(desk.approve(&actor, &key, revision, now)?, &actor)
        }
        Request::ReturnCase {
            key,
            revision,
            reason,
        } => changed(
            desk.return_case(&actor, &key, revision, &reason, now)?,
            &actor,
        ),
        Request::Chase { key, revision } => {
            changed(desk.chase(&actor, &key, revision, now)?, &actor)
        }
        Request::CertificationReturn {
            key,
            revision,
            reason,
        } => changed(
            desk.certification_return(&actor, &key, revision, &reason, now)?,
            &actor,
        ),
        Request::Claim { key, revision } => {
            changed(desk.claim(&actor, &key, revision, now)?, &actor)
        }
        Request::Reopen {
            key,
            revision,
            reason,
        } => changed(desk.reopen(&actor, &key, revision, &reason, now)?, &actor),
        Request::Reassign { key, revision, to } => {
            changed(desk.reassign(&actor, &key, revision, &to, now)?, &actor)
        }
        Request::Annotate { key, text } => {
            changed(desk.annotate(&actor, &key, &text, now)?, &actor)
        }
        Request::Undo => changed(desk.undo(&actor, now)?, &actor),
        Request::Undoable => plain(Response::Undoable(desk.undoable(&actor, now)?)),
        Request::Bulk { keys, action } => {
            let report = desk.bulk(&actor, &keys, &action, now, &mut |done, total| {
                if let Ok(f) = encode(&ServerMessage::Event(Event::BulkProgress {
                    call,
                    done,
                    total,
                })) {
                    client.push(Arc::new(f));
                }
            })?;
            let events = bulk_events(shared, &actor, &keys, &report);
            Ok((Response::Bulk(report), events))
        }
        Request::GenerateFollowups { today } => {
            let r = desk.generate_followups(&actor, today, now)?;
            let any = r.created + r.updated + r.closed + r.reopened > 0;
            let events = if any {
                vec![Event::Reload {
                    by: actor.name.clone(),
                }]
            } else {
                Vec::new()
            };
            Ok((Response::Followups(r), events))
        }
        Request::Users => plain(Response::Users(desk.users(&actor)?)),
        Request::AddUser { name, role } => {
            desk.add_user(&actor, &name, role, now)?;
            plain(Response::Done)
        }
        Request::RemoveUser { name } => {
            desk.remove_user(&actor, &name, now)?;
            plain(Response::Done)
        }
        Request::Check => {
            let r = desk.store().check()?;
            plain(Response::Check(CheckSummary {
                cases: r.cases,
                index_entries: r.index_entries,
                audit_records: r.audit_records,
                outbox_messages: r.outbox_messages,
                faults: r.faults,
            }))
        }
        Request::Export { spec, today } => {
            super::transfer::export(shared, client, call, &spec, today)
        }
        Request::Import { files, options } => {
            super::transfer::import(shared, client, call, files, &options)
        }
        Request::Backup { dest } => super::transfer::backup(shared, client, &dest),
        Request::Viewing { key } => {
            shared.set_viewing(client.id, &client.user, key.clone());
            // Tell the newcomer too, in case nothing changed for the others.
            if let Some(key) = key {
                let users = shared.viewers_of(&key);
                if let Ok(f) = encode(&ServerMessage::Event(Event::Viewers { key, users })) {
                    client.push(Arc::new(f));
                }
            }
            plain(Response::Done)
        }
        Request::SaveSession { state } => {
            shared
                .sessions
                .save(&client.user, state)
                .map_err(DeskError::Invalid)?;
            plain(Response::Done)
        }
        Request::LoadSession => plain(Response::Session(shared.sessions.load(&client.user))),
        Request::Shutdown => {
            if actor.role != Role::Supervisor && client.uid != shared.server_uid {
                return Err(DeskError::Refused(crate::i18n::refusals::may_not_stop(
                    &actor.name,
                    actor.role,
                )));
            }
            shared
                .stopper
                .stop(&format!("{} asked it to stop", actor.name));
            plain(Response::Done)
        }
        Request::ReleaseIfIdle => {
            if !shared.idle_exit {
                return Err(DeskError::Refused(crate::i18n::refusals::started_by_hand()));
            }
            let others = shared.client_count().saturating_sub(1);
            if others > 0 {
                return Err(DeskError::Refused(crate::i18n::refusals::in_use(others)));
            }
            shared
                .stopper
                .stop(&format!("{} needs the store to itself", actor.name));
            plain(Response::Done)
        }
    }
}

/// What to tell the clients after a bulk decision: each case changed, or, for
/// many, one `Reload`.
fn bulk_events(shared: &Shared, by: &Actor, keys: &[CaseKey], report: &BulkReport) -> Vec<Event> {
    if report.done == 0 {
        return Vec::new();
    }
    if report.done > CHANGED_EVENTS_MAX {
        return vec![Event::Reload {
            by: by.name.clone(),
        }];
    }
    let refused: HashSet<&CaseKey> = report.refused.iter().map(|(k, _)| k).collect();
    keys.iter()
        .filter(|k| !refused.contains(k))
        .filter_map(|k| shared.desk.load(k).ok())
        .map(|(_, case)| Event::Changed {
            key: CaseKey::new(case.queue, case.reference.clone()),
            by: by.name.clone(),
            revision: case.revision,
            state: case.state,
        })
        .collect()
}
