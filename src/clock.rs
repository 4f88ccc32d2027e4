//! The only place that reads the clock; `--as-of` pretends today is another JST date.

use crate::domain::Timestamp;
use crate::domain::time::{JST, jst};
use chrono::{NaiveDate, TimeZone, Utc};

/// Today and now, real or pretended.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Clock {
    pub as_of: Option<NaiveDate>,
    /// A clock stopped at this instant (tests and benchmarks).
    pub stopped: Option<Timestamp>,
}

impl Clock {
    /// A clock on `as_of` (`--as-of`), running.
    pub fn as_of(as_of: Option<NaiveDate>) -> Clock {
        Clock {
            as_of,
            stopped: None,
        }
    }

    /// A clock that always says `at`.
    pub fn stopped_at(at: Timestamp) -> Clock {
        Clock {
            as_of: Some(at.date_naive()),
            stopped: Some(at),
        }
    }

    /// Now in JST; with `--as-of`, the current time of day on that date.
    pub fn now(&self) -> Timestamp {
        if let Some(at) = self.stopped {
            return at;
        }
        let real = Utc::now().with_timezone(&jst());
        match self.as_of {
            None => real,
            Some(d) => JST
                .from_local_datetime(&d.and_time(real.time()))
                .single()
                .unwrap_or(real),
        }
    }

    /// Today's JST date.
    pub fn today(&self) -> NaiveDate {
        self.as_of.unwrap_or_else(|| self.now().date_naive())
    }
}
