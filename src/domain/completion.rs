//! Queue 2: 修了申請 rules (completion of the training of the
//! かかりつけ医機能報告制度, seed `001_…`). The association the member chose
//! approves or returns the application; each decision mails the member only.

use super::calendar::Calendar;
use super::case::{CompletionApplication, State};
use super::config::RulesConfig;
use super::field::{FieldProblem, Problem};
use super::flags::Check;
use super::time::{Timestamp, jst_date};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// The longest training name (研修名) accepted, in characters.
pub const MAX_TRAINING_CHARS: usize = 100;

/// Why a completion application's fields do not hold together.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", tag = "problem")]
pub enum CompletionProblem {
    /// The training was completed after the application was received.
    CompletedAfterReceipt {
        completed_on: NaiveDate,
        received_on: NaiveDate,
    },
    /// No training named.
    TrainingEmpty,
    /// A training name over [`MAX_TRAINING_CHARS`].
    TrainingTooLong { chars: usize, max: usize },
    /// No association named.
    AssociationEmpty,
}

impl CompletionProblem {
    /// The field of the data formats the problem is about.
    pub fn field(&self) -> &'static str {
        match self {
            CompletionProblem::CompletedAfterReceipt { .. } => "completed_on",
            CompletionProblem::TrainingEmpty | CompletionProblem::TrainingTooLong { .. } => {
                "training"
            }
            CompletionProblem::AssociationEmpty => "association",
        }
    }

    /// The problem as an import or a form reports a field's.
    pub fn field_problem(&self) -> FieldProblem {
        let problem = match self {
            CompletionProblem::CompletedAfterReceipt {
                completed_on,
                received_on,
            } => Problem::CompletedAfterReceipt {
                completed_on: *completed_on,
                received_on: *received_on,
            },
            CompletionProblem::TrainingEmpty | CompletionProblem::AssociationEmpty => {
                Problem::Missing
            }
            CompletionProblem::TrainingTooLong { max, .. } => Problem::TooLong { max: *max },
        };
        FieldProblem::new(self.field(), problem)
    }
}

/// Every problem of an application received at `received_at`: the training
/// completed on or before the day of receipt (JST), a training named in at
/// most 100 characters, an association named.
pub fn validate(a: &CompletionApplication, received_at: &Timestamp) -> Vec<CompletionProblem> {
    let mut out = Vec::new();
    let received_on = jst_date(received_at);
    if a.completed_on > received_on {
        out.push(CompletionProblem::CompletedAfterReceipt {
            completed_on: a.completed_on,
            received_on,
        });
    }
    let training = a.training.trim();
    let chars = training.chars().count();
    if chars == 0 {
        out.push(CompletionProblem::TrainingEmpty);
    } else if chars > MAX_TRAINING_CHARS {
        out.push(CompletionProblem::TrainingTooLong {
            chars,
            max: MAX_TRAINING_CHARS,
        });
    }
    if a.association.trim().is_empty() {
        out.push(CompletionProblem::AssociationEmpty);
    }
    out
}

/// The state an approval takes a submitted application to.
pub fn approve_step(state: State) -> Option<State> {
    (state == State::Submitted).then_some(State::Accepted)
}

/// When the association's decision is due: `decision_days` after receipt,
/// rolled to a business day, as for a transfer.
pub fn due(
    state: State,
    received_at: &Timestamp,
    cfg: &RulesConfig,
    cal: &Calendar,
) -> Option<NaiveDate> {
    (state == State::Submitted)
        .then(|| cal.deadline_within(jst_date(received_at), cfg.decision_days))
}

/// The application's rule checks: none beyond the person checks every case has.
pub fn checks(_a: &CompletionApplication, _state: State) -> Vec<Check> {
    Vec::new()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::calendar::at_the_ends_of_the_calendar;
    use crate::domain::ids::RegistrationNumber;
    use crate::domain::time::{at, ymd};

    fn app() -> CompletionApplication {
        CompletionApplication {
            registration_number: RegistrationNumber::parse("654321").unwrap(),
            association: "仙台市医師会".into(),
            training: "かかりつけ医機能報告制度に係る研修".into(),
            completed_on: ymd(2026, 6, 1),
            notes: None,
        }
    }

    #[test]
    fn a_complete_application_has_no_problem() {
        assert!(validate(&app(), &at(ymd(2026, 6, 10), 9, 0)).is_empty());
    }

    #[test]
    fn completed_on_the_day_of_receipt_is_accepted_the_day_after_is_not() {
        // Received 2026-06-01 00:30 JST: the same day counts.
        assert!(validate(&app(), &at(ymd(2026, 6, 1), 0, 30)).is_empty());
        let recv = at(ymd(2026, 5, 31), 23, 59);
        assert_eq!(
            validate(&app(), &recv),
            vec![CompletionProblem::CompletedAfterReceipt {
                completed_on: ymd(2026, 6, 1),
                received_on: ymd(2026, 5, 31),
            }]
        );
    }

    #[test]
    fn training_is_named_in_at_most_100_characters() {
        let recv = at(ymd(2026, 6, 10), 9, 0);
        let mut a = app();
        a.training = "研".repeat(100);
        assert!(validate(&a, &recv).is_empty());
        a.training = "研".repeat(101);
        assert_eq!(
            validate(&a, &recv),
            vec![CompletionProblem::TrainingTooLong {
                chars: 101,
                max: 100
            }]
        );
        a.training = "  ".into();
        assert_eq!(validate(&a, &recv), vec![CompletionProblem::TrainingEmpty]);
    }

    #[test]
    fn every_problem_is_reported_with_its_field() {
        let mut a = app();
        a.training = String::new();
        a.association = "　".into(); // an ideographic space is blank too
        a.completed_on = ymd(2026, 7, 1);
        let found = validate(&a, &at(ymd(2026, 6, 10), 9, 0));
        let fields: Vec<&str> = found.iter().map(CompletionProblem::field).collect();
        assert_eq!(fields, ["completed_on", "training", "association"]);
        assert_eq!(
            found[2].field_problem(),
            FieldProblem::new("association", Problem::Missing)
        );
    }

    #[test]
    fn submitted_goes_to_accepted_and_nothing_else_moves() {
        assert_eq!(approve_step(State::Submitted), Some(State::Accepted));
        assert_eq!(approve_step(State::Accepted), None);
        assert_eq!(approve_step(State::Returned), None);
    }

    #[test]
    fn due_is_decision_days_on_a_business_day() {
        let cfg = RulesConfig::default();
        let cal = Calendar::new(&cfg);
        // 2025-04-15 + 14 = 4/29 (昭和の日) -> 4/30, as for a transfer.
        let recv = at(ymd(2025, 4, 15), 18, 0);
        assert_eq!(
            due(State::Submitted, &recv, &cfg, &cal),
            Some(ymd(2025, 4, 30))
        );
        // 2025-12-20 + 14 = 1/3 (year-end closure) -> 1/5 (Monday).
        let recv = at(ymd(2025, 12, 20), 10, 0);
        assert_eq!(
            due(State::Submitted, &recv, &cfg, &cal),
            Some(ymd(2026, 1, 5))
        );
        assert_eq!(due(State::Accepted, &recv, &cfg, &cal), None);
        assert_eq!(due(State::Returned, &recv, &cfg, &cal), None);
    }

    #[test]
    fn the_due_date_at_the_ends_of_the_calendar_does_not_panic() {
        at_the_ends_of_the_calendar(|cfg, cal, recv| {
            let _ = due(State::Submitted, recv, cfg, cal);
        });
    }
}
