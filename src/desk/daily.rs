//! The daily job: loan and missing-report follow-ups as of today, generated
//! once a day by the store's service account — the server at its start and at
//! each new day, or the program that opened the store itself. Nobody's opening
//! of a screen writes cases in their own name.

use super::{Desk, FollowupReport, Result};
use crate::domain::{Permission, Role, Timestamp};
use chrono::NaiveDate;

/// The metadata key holding the last day the job ran (`YYYY-MM-DD`).
const DAY_KEY: &str = "followups_day";

/// What the daily job did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Daily {
    /// It ran as `by`.
    Ran { by: String, report: FollowupReport },
    /// It had already run today.
    AlreadyToday,
    /// This desk was not opened by the store's owner (nothing runs as them).
    NoService,
    /// The service account's role may not generate follow-ups.
    NotPermitted { by: String, role: Role },
}

impl Desk {
    /// Runs the daily job as the service account unless it has run `today`.
    pub fn daily_followups(&self, today: NaiveDate, now: Timestamp) -> Result<Daily> {
        let Some(service) = self.service.clone() else {
            return Ok(Daily::NoService);
        };
        let day = today.format("%Y-%m-%d").to_string();
        if self.store.meta(DAY_KEY)?.as_deref() == Some(day.as_bytes()) {
            return Ok(Daily::AlreadyToday);
        }
        let mut actor = self.actor(&service)?;
        if !actor.role.may(Permission::Import) {
            return Ok(Daily::NotPermitted {
                by: service,
                role: actor.role,
            });
        }
        actor.uid = Some(nix::unistd::getuid().as_raw());
        let report = self.generate_followups(&actor, today, now)?;
        self.store.set_meta(DAY_KEY, day.as_bytes())?;
        Ok(Daily::Ran {
            by: service,
            report,
        })
    }

    /// Has the daily job run again at its next chance (after an import).
    pub(super) fn daily_again(&self) -> Result<()> {
        self.store.remove_meta(DAY_KEY)?;
        Ok(())
    }

    /// The last day the daily job ran, if ever.
    pub fn daily_last_run(&self) -> Result<Option<NaiveDate>> {
        Ok(self
            .store
            .meta(DAY_KEY)?
            .and_then(|v| NaiveDate::parse_from_str(&String::from_utf8_lossy(&v), "%Y-%m-%d").ok()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::desk::tests::{fixture, now};

    #[test]
    fn the_daily_job_runs_once_a_day_as_the_service_account() {
        let f = fixture();
        let desk = &f.desk;
        let today = crate::domain::time::ymd(2026, 11, 21);
        assert_eq!(desk.daily_last_run().unwrap(), None);
        let Daily::Ran { by, .. } = desk.daily_followups(today, now()).unwrap() else {
            panic!("the first run of the day runs");
        };
        // The store's owner, who opened it, not whoever is at the screen.
        assert_eq!(by, "boss");
        assert_eq!(
            desk.daily_followups(today, now()).unwrap(),
            Daily::AlreadyToday
        );
        assert_eq!(desk.daily_last_run().unwrap(), Some(today));
        let tomorrow = crate::domain::time::ymd(2026, 11, 22);
        assert!(matches!(
            desk.daily_followups(tomorrow, now()).unwrap(),
            Daily::Ran { .. }
        ));
    }
}
