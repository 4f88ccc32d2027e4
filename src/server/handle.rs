//! Runs one call as the client's user, with the server's clock, answers it,
//! and tells every client what changed. Desk requests go to the desk in one
//! call; the server's own services are answered here.

use super::protocol::{
    Answer, Call, Event, RemoteError, ServerMessage, Service, ServiceAnswer, encode,
};
use super::serve::{Client, Shared};
use crate::desk::trouble::{Stopping, Trouble};
use crate::desk::{Actor, BulkReport, CaseKey, DeskError, Request, Response, Session};
use crate::domain::{Permission, Refusal, Role};
use std::collections::HashSet;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Instant;

/// Above this many cases, a bulk decision is announced as one `Reload`.
const CHANGED_EVENTS_MAX: usize = 256;

/// Runs a call and queues its answer; then broadcasts its events.
pub(crate) fn answer(shared: &Shared, client: &Arc<Client>, call: u64, request: Call) {
    let started = Instant::now();
    let what = request.name();
    // A question nobody waits for is not worth answering; a change the client
    // sent whole is made all the same (a dropped SSH session after `y` must
    // not leave the operator guessing whether it landed).
    let changes = matches!(&request, Call::Desk(r) if r.writes());
    if client.gone() && !changes {
        tracing::debug!(
            client = client.id,
            request = what,
            "not run: the client left before it began"
        );
        return;
    }
    // A request that panics answers that it failed, and the server goes on.
    let result = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| match request {
        Call::Desk(r) => desk_request(shared, client, call, r),
        Call::Service(s) => service(shared, client, call, s),
    }))
    .unwrap_or_else(|panic| {
        tracing::error!(client = client.id, user = %client.user, pid = client.pid, request = what, panic = %super::serve::panic_text(&*panic), "a request met an internal error");
        Err(DeskError::Failed(Trouble::Internal))
    });
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
                outcome: Err(RemoteError::from(&DeskError::Failed(
                    Trouble::AnswerNotEncoded {
                        detail: e.to_string(),
                    },
                ))),
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

/// An answer and the events it sends everyone.
pub(super) type Answered = Result<(Answer, Vec<Event>), DeskError>;

/// The session of a client's request: its user's role now, the server's clock,
/// and the client's `--as-of` for deadlines.
fn session(shared: &Shared, client: &Client) -> Result<Session, DeskError> {
    // The role is read on every request, so a change of role applies at once;
    // the uid is the kernel's word for who is at the other end.
    let mut actor = shared.desk.actor(&client.user)?;
    actor.uid = Some(client.uid);
    Ok(Session {
        actor,
        now: shared.clock.now(),
        today: client.as_of.unwrap_or_else(|| shared.clock.today()),
    })
}

/// Passes of `check` read beside the changes before it takes the store to
/// itself.
const CHECK_PASSES: usize = 3;

/// `check` through the server: read beside the changes, holding nobody up.
/// A change made while a pass reads can look like a fault to that pass, so
/// a pass that finds any is followed by another: damage is found by every
/// pass, a change under way by one. Only faults that every pass found send
/// it to read once more with the store to itself (changes wait then: the
/// store looks damaged, and that answer must be sure).
fn check_beside_changes(
    shared: &Shared,
    s: &Session,
    progress: &mut dyn FnMut(usize, usize),
) -> Result<Response, DeskError> {
    let mut persistent: Option<Vec<crate::store::CheckFault>> = None;
    let mut last = None;
    for _ in 0..CHECK_PASSES {
        let pass = shared.desk.execute(s, Request::Check, progress)?;
        let Response::Check(c) = &pass else {
            return Ok(pass);
        };
        if c.faults.is_empty() {
            return Ok(pass);
        }
        let seen = match persistent.take() {
            None => c.faults.clone(),
            Some(before) => before
                .into_iter()
                .filter(|f| c.faults.contains(f))
                .collect(),
        };
        tracing::info!(first = %c.faults[0], kept = seen.len(), "check found faults reading beside the changes; reading again");
        persistent = Some(seen);
        last = Some(pass);
    }
    match (persistent, last) {
        (Some(p), Some(Response::Check(mut c))) if p.is_empty() => {
            // Each pass saw something else: changes under way, not damage.
            c.faults.clear();
            Ok(Response::Check(c))
        }
        _ => {
            let _alone = shared.gate.write().unwrap_or_else(|e| e.into_inner());
            shared.desk.execute(s, Request::Check, progress)
        }
    }
}

fn desk_request(shared: &Shared, client: &Arc<Client>, call: u64, request: Request) -> Answered {
    let s = session(shared, client)?;
    let bulk_keys = match &request {
        Request::Bulk { keys, .. } => keys.clone(),
        _ => Vec::new(),
    };
    let mut progress = |done, total| {
        if let Ok(f) = encode(&ServerMessage::Event(Event::BulkProgress {
            call,
            done,
            total,
        })) {
            client.push(Arc::new(f));
        }
    };
    let response = if matches!(request, Request::Check) {
        check_beside_changes(shared, &s, &mut progress)?
    } else if request.writes() {
        // Changes wait while `check` runs; reads go on meanwhile.
        let _shared = shared.gate.read().unwrap_or_else(|e| e.into_inner());
        shared.desk.execute(&s, request, &mut progress)?
    } else {
        shared.desk.execute(&s, request, &mut progress)?
    };
    let events = match &response {
        Response::Case(case) => vec![Event::Changed {
            key: CaseKey::new(case.queue, case.reference.clone()),
            by: s.actor.name.clone(),
            revision: case.revision,
            state: case.state,
        }],
        Response::Bulk(report) => bulk_events(shared, &s.actor, &bulk_keys, report),
        // A form, its undo and a link change records and cases: all read again.
        Response::Recorded(r) if r.written => vec![Event::Reload {
            by: s.actor.name.clone(),
        }],
        Response::Linked(r) if r.written => vec![Event::Reload {
            by: s.actor.name.clone(),
        }],
        Response::Enquiry(e) => vec![Event::Enquiry {
            id: e.id,
            by: s.actor.name.clone(),
            registration_number: e.registration_number.as_ref().map(|r| r.to_string()),
            open: e.status.is_open(),
        }],
        Response::Followups(r) if r.created + r.updated + r.closed + r.reopened > 0 => {
            vec![Event::Reload {
                by: s.actor.name.clone(),
            }]
        }
        _ => Vec::new(),
    };
    Ok((Answer::Desk(response), events))
}

fn done() -> Answered {
    Ok((Answer::Desk(Response::Done), Vec::new()))
}

/// Refuses a service whose texts are over the desk's bounds (its lists are
/// bounded where they are used: an import's files by `server.upload_max_files`).
fn check_bounds(service: &Service) -> Result<(), DeskError> {
    use crate::desk::{check_filter, check_key, check_text};
    match service {
        Service::Export { spec } => check_filter(spec.filter.as_deref().unwrap_or("")),
        Service::Import { files, .. } => files.iter().try_for_each(|f| check_text(&f.name)),
        Service::Backup { dest, name } => {
            check_text(name)?;
            check_text(&dest.to_string_lossy())
        }
        Service::Viewing { key: Some(key) } => check_key(key),
        Service::Viewing { key: None }
        | Service::SaveSession { .. }
        | Service::LoadSession
        | Service::Shutdown
        | Service::ReleaseIfIdle
        | Service::EndOfCommand => Ok(()),
    }
}

fn service(shared: &Shared, client: &Arc<Client>, call: u64, service: Service) -> Answered {
    check_bounds(&service)?;
    let s = session(shared, client)?;
    match service {
        Service::Export { spec } => super::transfer::export(shared, client, call, &spec, &s),
        Service::Import { files, options } => {
            super::transfer::import(shared, client, call, files, &options)
        }
        Service::Backup { dest, name } => {
            let dest = backup_destination(shared, client, &s, dest, &name)?;
            let _alone = shared.gate.write().unwrap_or_else(|e| e.into_inner());
            super::transfer::backup(shared, client, &dest)
        }
        Service::Viewing { key } => {
            shared.set_viewing(client.id, &client.user, key.clone());
            // Tell the newcomer too, in case nothing changed for the others.
            if let Some(key) = key {
                let users = shared.viewers_of(&key);
                if let Ok(f) = encode(&ServerMessage::Event(Event::Viewers { key, users })) {
                    client.push(Arc::new(f));
                }
            }
            done()
        }
        Service::SaveSession { state } => {
            shared
                .sessions
                .save(&client.user, state)
                .map_err(DeskError::Failed)?;
            done()
        }
        Service::LoadSession => Ok((
            Answer::Service(ServiceAnswer::Session(shared.sessions.load(&client.user))),
            Vec::new(),
        )),
        Service::Shutdown => {
            let actor = s.actor;
            if actor.role != Role::Supervisor && client.uid != shared.server_uid {
                return Err(DeskError::Refused(Refusal::MayNotStop {
                    user: actor.name,
                    role: actor.role,
                }));
            }
            shared.stopper.stop(Stopping::AskedBy { user: actor.name });
            done()
        }
        Service::ReleaseIfIdle | Service::EndOfCommand => {
            if !shared.idle_exit {
                return Err(DeskError::Refused(Refusal::StartedByHand));
            }
            let others = shared.client_count().saturating_sub(1);
            if others > 0 {
                return Err(DeskError::Refused(Refusal::InUse { others }));
            }
            let user = s.actor.name;
            shared
                .stopper
                .stop(if matches!(service, Service::EndOfCommand) {
                    Stopping::CommandEnded { user }
                } else {
                    Stopping::StoreWanted { user }
                });
            done()
        }
    }
}

/// Where a backup may go: anywhere for the store's owner (who can copy its
/// files anyway); for anyone else, a supervisor, a plain name under the
/// configured `server.backup_dir` — never a path of the client's choosing.
fn backup_destination(
    shared: &Shared,
    client: &Client,
    s: &Session,
    dest: PathBuf,
    name: &str,
) -> Result<PathBuf, DeskError> {
    if client.uid == shared.server_uid {
        return Ok(dest);
    }
    if !s.actor.role.may(Permission::Backup) {
        return Err(DeskError::Refused(Refusal::Permission {
            user: s.actor.name.clone(),
            role: s.actor.role,
            permission: Permission::Backup,
        }));
    }
    let plain = !name.is_empty()
        && name != "."
        && name != ".."
        && !name.contains('/')
        && !name.chars().any(char::is_control);
    if !plain {
        return Err(DeskError::Refused(Refusal::BackupName {
            name: name.to_string(),
        }));
    }
    match &shared.backup_dir {
        Some(dir) => Ok(dir.join(name)),
        None => Err(DeskError::Failed(Trouble::NoBackupDir)),
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
