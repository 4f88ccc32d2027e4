//! Queue 1: 採用辞退 / 辞退届 rules.
//!
//! A loan withdrawal (kind `loan`, 辞退届 form 13) follows the same steps as
//! an adoption withdrawal here. Completing one stops disbursements: queue 4
//! reacts to the loan's `withdrawal` event, which makes repayment due.

use super::calendar::Calendar;
use super::case::{DirectorDecision, State, Withdrawal};
use super::config::RulesConfig;
use super::flags::{Check, CheckDetail, Flag};
use super::time::{Timestamp, add_days, fiscal_year, jst_date, ymd};
use chrono::NaiveDate;

/// When the secretariat's next step on a withdrawal is due.
///
/// Awaiting the director: the day to chase (the request, or the last chase,
/// plus `director_chase_days`); a reminder date, so it is not rolled.
/// Director approved: the confirmation is due `decision_days` after the
/// director's answer, rolled to a business day.
pub fn due(
    w: &Withdrawal,
    state: State,
    received_at: &Timestamp,
    cfg: &RulesConfig,
    cal: &Calendar,
) -> Option<NaiveDate> {
    match state {
        State::AwaitingDirector => {
            let since = w.chased_at.as_ref().unwrap_or(received_at);
            Some(add_days(jst_date(since), cfg.director_chase_days))
        }
        State::DirectorApproved => {
            let since = w.director_decided_at.as_ref().unwrap_or(received_at);
            Some(cal.deadline_within(jst_date(since), cfg.decision_days))
        }
        _ => None,
    }
}

/// The earliest training start open to someone who withdraws on `on`: April 1
/// after the recruitment running in that fiscal year, or a year later when
/// that recruitment has already closed.
pub fn next_possible_start(cfg: &RulesConfig, on: NaiveDate) -> NaiveDate {
    let fy = fiscal_year(on);
    match cfg.recruitment_closes(fy) {
        Some(closes) if on > closes => ymd(fy + 2, 4, 1),
        _ => ymd(fy + 1, 4, 1),
    }
}

/// The withdrawal's rule checks as of `today`.
pub fn checks(
    w: &Withdrawal,
    state: State,
    received_at: &Timestamp,
    cfg: &RulesConfig,
    today: NaiveDate,
) -> Vec<Check> {
    let mut out = Vec::new();
    if state == State::AwaitingDirector && w.director_decision == DirectorDecision::Pending {
        // Counted from the last chase, as `due` is: a chase restarts the wait.
        let arrived = jst_date(received_at);
        let since = w.chased_at.as_ref().map_or(arrived, jst_date);
        let days = (today - since).num_days();
        let detail = CheckDetail::DirectorWaiting {
            director: w.director.clone(),
            received: arrived,
            chased: w.chased_at.as_ref().map(jst_date),
            days,
            allowed_days: cfg.director_chase_days,
        };
        if days > cfg.director_chase_days {
            out.push(Check::raised(Flag::DirectorUnanswered, detail));
        } else {
            out.push(Check::clear(Flag::DirectorUnanswered, detail));
        }
    }
    let on = match state {
        State::Completed => w.completed_at.as_ref().map(jst_date),
        s if s.is_open() => Some(today),
        _ => None,
    };
    if let Some(on) = on {
        let fy = fiscal_year(on);
        if let Some(closes) = cfg.recruitment_closes(fy) {
            let detail = CheckDetail::Recruitment {
                on,
                closes,
                after_close: on > closes,
                earliest_start: next_possible_start(cfg, on),
            };
            out.push(if on > closes {
                Check::raised(Flag::AfterRecruitmentClosed, detail)
            } else {
                Check::clear(Flag::AfterRecruitmentClosed, detail)
            })
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::ids::RegistrationNumber;
    use crate::domain::time::at;

    fn w() -> Withdrawal {
        Withdrawal {
            registration_number: RegistrationNumber::parse("123456").unwrap(),
            program: "東北大学内科".into(),
            director: "山田太郎".into(),
            director_email: None,
            reason: "他プログラムへ応募".into(),
            kind: crate::domain::case::WithdrawalKind::Adoption,
            director_decision: DirectorDecision::Pending,
            director_decided_at: None,
            chased_at: None,
            completed_at: None,
        }
    }

    fn raised(checks: &[Check], f: Flag) -> Option<&Check> {
        checks.iter().find(|c| c.flag == f && c.raised)
    }

    #[test]
    fn due_dates() {
        let cfg = RulesConfig::default();
        let cal = Calendar::new(&cfg);
        let recv = at(ymd(2025, 4, 10), 9, 0);
        assert_eq!(
            due(&w(), State::AwaitingDirector, &recv, &cfg, &cal),
            Some(ymd(2025, 4, 17))
        );
        let mut chased = w();
        chased.chased_at = Some(at(ymd(2025, 4, 18), 10, 0));
        assert_eq!(
            due(&chased, State::AwaitingDirector, &recv, &cfg, &cal),
            Some(ymd(2025, 4, 25))
        );
        let mut approved = w();
        approved.director_decision = DirectorDecision::Approved;
        approved.director_decided_at = Some(at(ymd(2025, 4, 15), 23, 30));
        // 4/15 + 14 = 4/29 (昭和の日) -> 4/30.
        assert_eq!(
            due(&approved, State::DirectorApproved, &recv, &cfg, &cal),
            Some(ymd(2025, 4, 30))
        );
        assert_eq!(due(&w(), State::Completed, &recv, &cfg, &cal), None);
    }

    #[test]
    fn director_unanswered_after_chase_days() {
        let cfg = RulesConfig::default();
        let recv = at(ymd(2025, 4, 10), 9, 0);
        let c = checks(&w(), State::AwaitingDirector, &recv, &cfg, ymd(2025, 4, 17));
        assert!(raised(&c, Flag::DirectorUnanswered).is_none());
        let c = checks(&w(), State::AwaitingDirector, &recv, &cfg, ymd(2025, 4, 18));
        let ch = raised(&c, Flag::DirectorUnanswered).unwrap();
        assert_eq!(
            ch.detail,
            CheckDetail::DirectorWaiting {
                director: "山田太郎".into(),
                received: ymd(2025, 4, 10),
                chased: None,
                days: 8,
                allowed_days: 7,
            }
        );
        let mut answered = w();
        answered.director_decision = DirectorDecision::Declined;
        let c = checks(
            &answered,
            State::AwaitingDirector,
            &recv,
            &cfg,
            ymd(2025, 5, 1),
        );
        assert!(raised(&c, Flag::DirectorUnanswered).is_none());
    }

    #[test]
    fn a_chase_restarts_the_director_count() {
        // Arrived 11-01, chased 11-12: due 11-12 + 7 = 11-19. On 11-15 the
        // wait is 3 days (not 14), so nothing is raised; on 11-20 it is 8 > 7.
        let cfg = RulesConfig::default();
        let cal = Calendar::new(&cfg);
        let recv = at(ymd(2025, 11, 1), 9, 0);
        let mut chased = w();
        chased.chased_at = Some(at(ymd(2025, 11, 12), 10, 0));
        assert_eq!(
            due(&chased, State::AwaitingDirector, &recv, &cfg, &cal),
            Some(ymd(2025, 11, 19))
        );
        let on = |today| checks(&chased, State::AwaitingDirector, &recv, &cfg, today);
        for quiet in [ymd(2025, 11, 15), ymd(2025, 11, 19)] {
            assert!(raised(&on(quiet), Flag::DirectorUnanswered).is_none());
        }
        let c = on(ymd(2025, 11, 20));
        let ch = raised(&c, Flag::DirectorUnanswered).unwrap();
        assert!(matches!(
            &ch.detail,
            CheckDetail::DirectorWaiting { received, chased: Some(c), days: 8, .. }
                if *received == ymd(2025, 11, 1) && *c == ymd(2025, 11, 12)
        ));
    }

    #[test]
    fn completed_after_last_recruitment_period() {
        let cfg = RulesConfig::default();
        let recv = at(ymd(2025, 2, 1), 9, 0);
        let mut done = w();
        done.completed_at = Some(at(ymd(2025, 3, 3), 10, 0));
        let c = checks(&done, State::Completed, &recv, &cfg, ymd(2025, 6, 1));
        let ch = raised(&c, Flag::AfterRecruitmentClosed).unwrap();
        assert!(
            matches!(ch.detail, CheckDetail::Recruitment { earliest_start, .. } if earliest_start == ymd(2026, 4, 1)),
            "{:?}",
            ch.detail
        );
        assert_eq!(next_possible_start(&cfg, ymd(2025, 3, 3)), ymd(2026, 4, 1));

        done.completed_at = Some(at(ymd(2025, 2, 28), 23, 59));
        let c = checks(&done, State::Completed, &recv, &cfg, ymd(2025, 6, 1));
        assert!(raised(&c, Flag::AfterRecruitmentClosed).is_none());
        assert_eq!(next_possible_start(&cfg, ymd(2025, 2, 28)), ymd(2025, 4, 1));
    }

    #[test]
    fn open_withdrawal_uses_today() {
        let cfg = RulesConfig::default();
        let recv = at(ymd(2025, 2, 20), 9, 0);
        let c = checks(&w(), State::AwaitingDirector, &recv, &cfg, ymd(2025, 3, 1));
        assert!(raised(&c, Flag::AfterRecruitmentClosed).is_some());
        let c = checks(&w(), State::Returned, &recv, &cfg, ymd(2025, 3, 1));
        assert!(c.is_empty());
    }
}
