//! Queue 2: 異動届 rules.

use super::calendar::Calendar;
use super::case::{State, Transfer, TransferKind};
use super::config::RulesConfig;
use super::flags::Check;
use super::time::{Timestamp, jst_date};
use chrono::NaiveDate;

/// The longest notification address the member system accepts (半角100文字).
pub const MAX_ADDRESS_LEN: usize = 100;

/// When the association's next decision on a transfer is due: `decision_days`
/// after receipt, rolled to a business day. The acceptance after a release is
/// counted from receipt too, so the member's wait is bounded as a whole.
pub fn due(
    _t: &Transfer,
    state: State,
    received_at: &Timestamp,
    cfg: &RulesConfig,
    cal: &Calendar,
) -> Option<NaiveDate> {
    match state {
        State::Submitted | State::Released => {
            Some(cal.deadline_within(jst_date(received_at), cfg.decision_days))
        }
        _ => None,
    }
}

/// Checks a transfer's fields against the configuration: known membership
/// categories, and a destination for an association transfer. A missing
/// facility is allowed: it means 未定.
/// Why a transfer was refused by its rules.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case", tag = "why")]
pub enum TransferProblem {
    /// 異動元 is empty.
    NoFromAssociation,
    /// A category that is not one of the membership categories.
    UnknownCategory {
        /// Whether it is the current category (else the one requested).
        current: bool,
        category: String,
        categories: Vec<String>,
    },
    /// An association transfer without where to (prefecture and district,
    /// or the association).
    NoDestination,
}

pub fn validate(t: &Transfer, cfg: &RulesConfig) -> Result<(), TransferProblem> {
    let known = |c: &str| cfg.membership_categories.iter().any(|k| k == c);
    let unknown = |current: bool, c: &str| TransferProblem::UnknownCategory {
        current,
        category: c.to_string(),
        categories: cfg.membership_categories.clone(),
    };
    if t.from_association.trim().is_empty() {
        return Err(TransferProblem::NoFromAssociation);
    }
    if !known(&t.requested_category) {
        return Err(unknown(false, &t.requested_category));
    }
    if let Some(c) = &t.current_category {
        if !known(c) {
            return Err(unknown(true, c));
        }
    }
    if t.kind == TransferKind::AssociationTransfer {
        let filled = |o: &Option<String>| o.as_deref().is_some_and(|s| !s.trim().is_empty());
        let by_area = filled(&t.to_prefecture) && filled(&t.to_district);
        if !by_area && !filled(&t.to_association) {
            return Err(TransferProblem::NoDestination);
        }
    }
    Ok(())
}

/// Why a notification address was refused.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case", tag = "why")]
pub enum AddressProblem {
    Empty,
    /// Not half-width (ASCII) throughout.
    NotHalfWidth {
        address: String,
    },
    TooLong {
        length: usize,
        max: usize,
    },
    /// Not of the shape name@example.jp.
    NotAnAddress {
        address: String,
    },
}

/// Checks a notification e-mail address: at most 100 half-width (ASCII)
/// characters, no spaces, one `@` between a local part and a dotted domain.
pub fn validate_notification_address(addr: &str) -> Result<(), AddressProblem> {
    if addr.is_empty() {
        return Err(AddressProblem::Empty);
    }
    if !addr.is_ascii() {
        return Err(AddressProblem::NotHalfWidth {
            address: addr.chars().take(MAX_ADDRESS_LEN).collect(),
        });
    }
    if addr.len() > MAX_ADDRESS_LEN {
        return Err(AddressProblem::TooLong {
            length: addr.len(),
            max: MAX_ADDRESS_LEN,
        });
    }
    let bad = || AddressProblem::NotAnAddress {
        address: addr.to_string(),
    };
    if addr
        .bytes()
        .any(|b| b.is_ascii_whitespace() || b.is_ascii_control())
    {
        return Err(bad());
    }
    let (local, domain) = addr.split_once('@').ok_or_else(bad)?;
    let labels_ok = |s: &str| !s.is_empty() && s.split('.').all(|l| !l.is_empty());
    if !labels_ok(local)
        || domain.contains('@')
        || !domain.contains('.')
        || !labels_ok(domain)
        || !domain
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'.')
    {
        return Err(bad());
    }
    Ok(())
}

/// The transfer's rule checks. No flag of SPEC concerns transfers beyond the
/// person checks `rules::evaluate` adds, so there are none.
pub fn checks(_t: &Transfer, _state: State, _cfg: &RulesConfig, _today: NaiveDate) -> Vec<Check> {
    Vec::new()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::calendar::at_the_ends_of_the_calendar;
    use crate::domain::ids::RegistrationNumber;
    use crate::domain::time::{at, ymd};

    fn t(kind: TransferKind) -> Transfer {
        Transfer {
            registration_number: RegistrationNumber::parse("654321").unwrap(),
            kind,
            from_association: "仙台市医師会".into(),
            requested_category: "B".into(),
            to_association: None,
            to_prefecture: Some("宮城県".into()),
            to_district: Some("石巻市".into()),
            current_category: Some("A①".into()),
            facility: None,
            facility_duty: None,
            reason: None,
        }
    }

    #[test]
    fn due_is_decision_days_on_a_business_day() {
        let cfg = RulesConfig::default();
        let cal = Calendar::new(&cfg);
        let x = t(TransferKind::CategoryChange);
        // 2025-04-15 + 14 = 4/29 (holiday) -> 4/30.
        let recv = at(ymd(2025, 4, 15), 18, 0);
        assert_eq!(
            due(&x, State::Submitted, &recv, &cfg, &cal),
            Some(ymd(2025, 4, 30))
        );
        assert_eq!(due(&x, State::Accepted, &recv, &cfg, &cal), None);
    }

    #[test]
    fn validation() {
        let cfg = RulesConfig::default();
        assert!(validate(&t(TransferKind::AssociationTransfer), &cfg).is_ok());
        let mut x = t(TransferKind::AssociationTransfer);
        x.to_district = None;
        assert!(validate(&x, &cfg).is_err());
        x.to_association = Some("石巻市医師会".into());
        assert!(validate(&x, &cfg).is_ok());
        let mut y = t(TransferKind::CategoryChange);
        y.to_prefecture = None;
        y.to_district = None;
        assert!(validate(&y, &cfg).is_ok());
        y.requested_category = "Z".into();
        assert!(
            matches!(validate(&y, &cfg), Err(TransferProblem::UnknownCategory { current: false, category, .. }) if category == "Z")
        );
        let mut z = t(TransferKind::CategoryChange);
        z.current_category = Some("A③".into());
        assert!(validate(&z, &cfg).is_err());
    }

    #[test]
    fn notification_addresses() {
        assert!(validate_notification_address("taro.yamada@example.ac.jp").is_ok());
        let long = format!("{}@example.jp", "a".repeat(MAX_ADDRESS_LEN - 11));
        assert_eq!(long.len(), MAX_ADDRESS_LEN);
        assert!(validate_notification_address(&long).is_ok());
        let too_long = format!("a{long}");
        assert!(validate_notification_address(&too_long).is_err());
        for bad in [
            "",
            "ｔａｒｏ@example.jp",
            "taro@example",
            "taro example@example.jp",
            "@example.jp",
            "taro@@example.jp",
            "taro@.jp",
            "taro..x@example.jp",
        ] {
            assert!(validate_notification_address(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn the_due_date_at_the_ends_of_the_calendar_does_not_panic() {
        at_the_ends_of_the_calendar(|cfg, cal, recv| {
            let _ = due(
                &t(TransferKind::CategoryChange),
                State::Submitted,
                recv,
                cfg,
                cal,
            );
        });
        let cal = Calendar::new(&RulesConfig::default());
        let cfg = RulesConfig::default();
        let far = at(NaiveDate::MAX, 9, 0);
        assert_eq!(
            due(
                &t(TransferKind::CategoryChange),
                State::Submitted,
                &far,
                &cfg,
                &cal
            ),
            Some(NaiveDate::MAX)
        );
    }
}
