//! Rule checks that argue against closing a case by approval: a facility
//! report accepted without valid supervisors, a withdrawal completed after
//! recruitment closed, a repayment closed with money still owed. Approving
//! such a case asks first, naming the checks; a bulk approval counts the
//! marked cases each check fails.

use super::answer::{Answer, take};
use super::{App, Pending, Popup, Then};
use crate::desk::{CaseDetail, CaseKey, PageQuery, Request};
use crate::domain::workflow::approve_step;
use crate::domain::{Flag, Queue, State};
use std::collections::{BTreeMap, HashSet};

/// The checks that reject closing a case of `queue` by approval, and the
/// state from which an approval closes it.
pub fn rejecting(queue: Queue) -> (Option<State>, &'static [Flag]) {
    match queue {
        Queue::Withdrawal => (
            Some(State::DirectorApproved),
            &[Flag::AfterRecruitmentClosed],
        ),
        Queue::FacilityReport => (
            Some(State::Submitted),
            &[
                Flag::NoValidSupervisor,
                Flag::SupervisorNotRenewed,
                Flag::SupervisorNotFullTime,
                Flag::SupervisorWorkplaceMismatch,
                Flag::DentalCertificateAtNonDentalFacility,
            ],
        ),
        Queue::LoanFollowup => (
            Some(State::Open),
            &[Flag::RepaymentDue, Flag::PaymentOverdue],
        ),
        Queue::Transfer => (None, &[]),
    }
}

/// The checks of a case that an approval now would close against.
pub fn failing(d: &CaseDetail) -> Vec<Flag> {
    let closes = approve_step(&d.case).is_ok_and(|s| !s.is_open());
    if !closes {
        return Vec::new();
    }
    let (_, flags) = rejecting(d.case.queue);
    let mut out: Vec<Flag> = d
        .checks
        .iter()
        .filter(|c| c.raised && flags.contains(&c.flag))
        .map(|c| c.flag)
        .collect();
    out.dedup();
    out
}

/// A bulk approval's count of the marked cases each rejecting check fails,
/// while the desk answers.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct BulkChecks {
    /// Which confirmation it is for (bumped for each).
    pub ask: u64,
    /// Queries yet to answer.
    pub left: usize,
    /// Marked cases failing each check.
    pub counts: BTreeMap<Flag, usize>,
    /// Whether an answer was cut at the desk's cap (the counts are then at least).
    pub capped: bool,
}

impl App {
    /// Asks the desk which marked cases fail each rejecting check, for the
    /// bulk approval's confirmation (one query per queue, check).
    pub(in crate::tui) fn count_failing_checks(&mut self, keys: &[CaseKey]) {
        let ask = self.queues.bulk_checks.as_ref().map_or(0, |b| b.ask) + 1;
        let queues: HashSet<Queue> = keys.iter().map(|k| k.queue).collect();
        let mut asked = Vec::new();
        for q in Queue::ALL.into_iter().filter(|q| queues.contains(q)) {
            let (Some(state), flags) = rejecting(q) else {
                continue;
            };
            for f in flags {
                let mut query = PageQuery::new(q);
                query.text = format!("state:{} flag:{}", state.id(), f.id());
                asked.push((query, *f));
            }
        }
        self.queues.bulk_checks = Some(BulkChecks {
            ask,
            left: asked.len(),
            ..Default::default()
        });
        for (query, flag) in asked {
            self.call(
                Request::MatchKeys {
                    query,
                    max: super::MARK_CAP + 1,
                },
                Then::FailingChecks { ask, flag },
            );
        }
    }

    /// One check's matches: counted against the marks, the question reworded.
    pub(in crate::tui) fn failing_checks_answered(&mut self, ask: u64, flag: Flag, answer: Answer) {
        let Some(b) = self.queues.bulk_checks.as_mut().filter(|b| b.ask == ask) else {
            return;
        };
        b.left = b.left.saturating_sub(1);
        match take::<Vec<CaseKey>>(answer) {
            Ok(keys) => {
                b.capped |= keys.len() > super::MARK_CAP;
                let n = keys
                    .iter()
                    .filter(|k| self.queues.marks.contains(*k))
                    .count();
                if n > 0 {
                    *b.counts.entry(flag).or_default() += n;
                }
            }
            Err(f) => {
                let text = f.text(self.lang, self.dates);
                self.set_error(crate::i18n::msg::refused(self.lang, &text));
            }
        }
        if let Some(Popup::Confirm { pending, .. }) = &self.popup {
            if matches!(pending, Pending::Bulk { .. }) {
                let question = self.bulk_question(pending);
                if let Some(Popup::Confirm { question: q, .. }) = &mut self.popup {
                    *q = question;
                }
            }
        }
    }
}
