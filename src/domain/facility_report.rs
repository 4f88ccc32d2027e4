//! Queue 3: 在籍報告 rules.

use super::calendar::Calendar;
use super::case::{FacilityReport, State};
use super::config::RulesConfig;
use super::flags::{Check, CheckDetail, Flag, NamedCert};
use super::model::{Certification, Facility, Physician};
use super::time::{Timestamp, jst_date};
use chrono::{NaiveDate, Timelike};

/// One named supervisor and the registry entry of that certificate, if any.
#[derive(Debug, Clone)]
pub struct NamedSupervisor {
    pub cert_number: String,
    pub physician: Option<Physician>,
}

/// When the secretariat's decision on a report (or a missing report) is due:
/// a submitted report `decision_days` after receipt; a missing one
/// `missing_report_grace_days` after the window closed; both rolled to a
/// business day.
pub fn due(
    r: &FacilityReport,
    state: State,
    received_at: &Timestamp,
    cfg: &RulesConfig,
    cal: &Calendar,
) -> Option<NaiveDate> {
    match state {
        State::Submitted => Some(cal.deadline_within(jst_date(received_at), cfg.decision_days)),
        State::Missing => cfg
            .report_window(r.fiscal_year)
            .map(|w| cal.deadline_within(jst_date(&w.closes), cfg.missing_report_grace_days)),
        _ => None,
    }
}

/// Why a named supervisor does not count, one flag per failed condition.
/// An empty list means the supervisor counts.
pub fn supervisor_failures(
    p: &Physician,
    facility_number: &str,
    facility: Option<&Facility>,
) -> Vec<Flag> {
    let mut out = Vec::new();
    if !p.renewed {
        out.push(Flag::SupervisorNotRenewed);
    }
    if !p.full_time {
        out.push(Flag::SupervisorNotFullTime);
    }
    if p.workplace.as_str() != facility_number {
        out.push(Flag::SupervisorWorkplaceMismatch);
    }
    // An unknown facility is not known to be dental, so a dental certificate
    // does not count there.
    if p.certification == Certification::Dental && !facility.is_some_and(|f| f.dental) {
        out.push(Flag::DentalCertificateAtNonDentalFacility);
    }
    out
}

/// The supervisors of a report who count (指導責任者として有効).
pub fn valid_supervisors<'a>(
    r: &FacilityReport,
    facility: Option<&Facility>,
    supervisors: &'a [NamedSupervisor],
) -> Vec<&'a Physician> {
    supervisors
        .iter()
        .filter_map(|s| s.physician.as_ref())
        .filter(|p| supervisor_failures(p, r.facility_number.as_str(), facility).is_empty())
        .collect()
}

/// Whether a report was received within its fiscal year's window, both ends
/// included, to the minute. None when no window is configured.
pub fn within_window(
    r: &FacilityReport,
    received_at: &Timestamp,
    cfg: &RulesConfig,
) -> Option<bool> {
    let w = cfg.report_window(r.fiscal_year)?;
    let at = received_at
        .with_second(0)
        .and_then(|t| t.with_nanosecond(0))
        .unwrap_or(*received_at);
    Some(w.opens <= at && at <= w.closes)
}

/// The report's rule checks: supervisor validity, window, missing.
pub fn checks(
    r: &FacilityReport,
    state: State,
    facility: Option<&Facility>,
    supervisors: &[NamedSupervisor],
    received_at: &Timestamp,
    cfg: &RulesConfig,
) -> Vec<Check> {
    if r.generated {
        let w = cfg.report_window(r.fiscal_year);
        let window = CheckDetail::ReportWindow {
            fiscal_year: r.fiscal_year,
            opens: w.map(|w| w.opens),
            closes: w.map(|w| w.closes),
        };
        let check = if state == State::Missing {
            Check::raised(Flag::MissingReport, window)
        } else {
            Check::clear(Flag::MissingReport, window)
        };
        return vec![check];
    }

    let mut out = Vec::new();
    let mut unknown: Vec<&str> = Vec::new();
    let mut valid: Vec<NamedCert> = Vec::new();
    // The desk resolves every named certificate; if it passed none, the
    // report's own list still names them, and they are unknown.
    let named: Vec<NamedSupervisor> = if supervisors.is_empty() {
        r.supervisors
            .iter()
            .map(|c| NamedSupervisor {
                cert_number: c.clone(),
                physician: None,
            })
            .collect()
    } else {
        supervisors.to_vec()
    };
    for s in &named {
        let Some(p) = &s.physician else {
            unknown.push(&s.cert_number);
            continue;
        };
        let failures = supervisor_failures(p, r.facility_number.as_str(), facility);
        if failures.is_empty() {
            valid.push(NamedCert {
                name: p.name.clone(),
                cert_number: p.cert_number.clone(),
            });
        }
        for f in failures {
            let mismatch = f == Flag::SupervisorWorkplaceMismatch;
            let detail = CheckDetail::Supervisor {
                supervisor: NamedCert {
                    name: p.name.clone(),
                    cert_number: p.cert_number.clone(),
                },
                workplace: mismatch.then(|| p.workplace.clone()),
                facility_number: mismatch.then(|| r.facility_number.clone()),
            };
            out.push(Check::raised(f, detail));
        }
    }
    let none_valid = valid.is_empty();
    let summary = CheckDetail::Supervisors {
        valid,
        named: i64::try_from(named.len()).unwrap_or(i64::MAX),
        unknown: unknown.iter().map(|c| c.to_string()).collect(),
    };
    out.push(if none_valid {
        Check::raised(Flag::NoValidSupervisor, summary)
    } else {
        Check::clear(Flag::NoValidSupervisor, summary)
    });

    if let (Some(inside), Some(w)) = (
        within_window(r, received_at, cfg),
        cfg.report_window(r.fiscal_year),
    ) {
        let detail = CheckDetail::Submitted {
            at: *received_at,
            opens: w.opens,
            closes: w.closes,
        };
        out.push(if inside {
            Check::clear(Flag::SubmittedOutsideWindow, detail)
        } else {
            Check::raised(Flag::SubmittedOutsideWindow, detail)
        });
    }
    out
}

/// The reference of the generated `missing` follow-up of a facility and year.
pub fn missing_reference(fiscal_year: i32, facility_number: &str) -> String {
    format!("MISSING-{fiscal_year}-{facility_number}")
}

/// A `missing` follow-up for a certified facility with no accepted report of the
/// fiscal year, once that year's window has closed as of `today`; None otherwise.
/// Returns the follow-up's ref and body. Whether an accepted report exists is
/// the caller's to know: call this only for facilities without one.
pub fn missing_report(
    facility: &Facility,
    fiscal_year: i32,
    cfg: &RulesConfig,
    today: NaiveDate,
) -> Option<(String, FacilityReport)> {
    let window = cfg.report_window(fiscal_year)?;
    if !facility.certified || today <= jst_date(&window.closes) {
        return None;
    }
    Some((
        missing_reference(fiscal_year, facility.facility_number.as_str()),
        FacilityReport {
            facility_number: facility.facility_number.clone(),
            fiscal_year,
            reporter_name: String::new(),
            supervisors: Vec::new(),
            director_name: None,
            contact_email: facility.contact_email.clone(),
            generated: true,
        },
    ))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::calendar::at_the_ends_of_the_calendar;
    use crate::domain::ids::{FacilityNumber, RegistrationNumber};
    use crate::domain::time::{at, ymd};

    fn fac(dental: bool) -> Facility {
        Facility {
            facility_number: FacilityNumber::parse("MI-001").unwrap(),
            name: "石巻赤十字病院".into(),
            prefecture: "宮城県".into(),
            medical_area: Some("石巻・登米・気仙沼医療圏".into()),
            dental,
            priority_area: true,
            certified: true,
            contact_email: Some("kenshu@example.jp".into()),
            last_report: None,
            designated: true,
        }
    }

    fn doc(cert: &str, name: &str) -> Physician {
        Physician {
            cert_number: cert.into(),
            registration_number: RegistrationNumber::parse("100001").unwrap(),
            name: name.into(),
            certification: Certification::General,
            renewed: true,
            full_time: true,
            workplace: FacilityNumber::parse("MI-001").unwrap(),
        }
    }

    fn report(certs: &[&str]) -> FacilityReport {
        FacilityReport {
            facility_number: FacilityNumber::parse("MI-001").unwrap(),
            fiscal_year: 2025,
            reporter_name: "佐藤花子".into(),
            supervisors: certs.iter().map(|s| s.to_string()).collect(),
            director_name: Some("鈴木一郎".into()),
            contact_email: None,
            generated: false,
        }
    }

    fn named(p: Physician) -> NamedSupervisor {
        NamedSupervisor {
            cert_number: p.cert_number.clone(),
            physician: Some(p),
        }
    }

    fn raised(c: &[Check]) -> Vec<Flag> {
        crate::domain::flags::raised_flags(c)
    }

    fn in_window() -> Timestamp {
        at(ymd(2025, 9, 20), 10, 0)
    }

    /// The checks of `r` in `state`, received in the window, at a dental
    /// facility or not, with the default rules.
    fn checked(
        r: &FacilityReport,
        state: State,
        dental: bool,
        supervisors: &[NamedSupervisor],
    ) -> Vec<Check> {
        let cfg = RulesConfig::default();
        checks(
            r,
            state,
            Some(&fac(dental)),
            supervisors,
            &in_window(),
            &cfg,
        )
    }

    #[test]
    fn one_valid_supervisor_is_enough() {
        let r = report(&["C1", "C2"]);
        let mut part = doc("C2", "高橋");
        part.full_time = false;
        let sups = [named(doc("C1", "田中")), named(part)];
        let c = checked(&r, State::Submitted, false, &sups);
        assert_eq!(raised(&c), vec![Flag::SupervisorNotFullTime]);
        assert_eq!(valid_supervisors(&r, Some(&fac(false)), &sups).len(), 1);
    }

    #[test]
    fn every_failed_condition_is_its_own_check() {
        let r = report(&["D1"]);
        let mut p = doc("D1", "伊藤");
        p.certification = Certification::Dental;
        p.renewed = false;
        p.full_time = false;
        p.workplace = FacilityNumber::parse("MI-999").unwrap();
        let c = checked(&r, State::Submitted, false, &[named(p.clone())]);
        assert_eq!(
            raised(&c),
            vec![
                Flag::NoValidSupervisor,
                Flag::SupervisorNotRenewed,
                Flag::SupervisorNotFullTime,
                Flag::SupervisorWorkplaceMismatch,
                Flag::DentalCertificateAtNonDentalFacility,
            ]
        );
        let wm = c
            .iter()
            .find(|x| x.flag == Flag::SupervisorWorkplaceMismatch)
            .unwrap();
        assert_eq!(
            wm.detail,
            CheckDetail::Supervisor {
                supervisor: NamedCert {
                    name: "伊藤".into(),
                    cert_number: "D1".into()
                },
                workplace: Some(FacilityNumber::parse("MI-999").unwrap()),
                facility_number: Some(FacilityNumber::parse("MI-001").unwrap()),
            }
        );
        // At a dental facility the dental certificate itself is fine.
        let c = checked(&r, State::Submitted, true, &[named(p)]);
        assert!(!raised(&c).contains(&Flag::DentalCertificateAtNonDentalFacility));
    }

    #[test]
    fn empty_or_unknown_supervisors_leave_none_valid() {
        for supervisors in [&[][..], &["X9"]] {
            let c = checked(&report(supervisors), State::Submitted, false, &[]);
            assert_eq!(raised(&c), vec![Flag::NoValidSupervisor]);
            if let Some(unknown) = supervisors.first() {
                assert!(format!("{:?}", c[0].detail).contains(unknown));
            }
        }
    }

    #[test]
    fn window_is_inclusive_to_the_minute() {
        let cfg = RulesConfig::default();
        let r = report(&["C1"]);
        let sups = [named(doc("C1", "田中"))];
        let late = |t: Timestamp| {
            raised(&checks(
                &r,
                State::Submitted,
                Some(&fac(false)),
                &sups,
                &t,
                &cfg,
            ))
            .contains(&Flag::SubmittedOutsideWindow)
        };
        assert!(!late(at(ymd(2025, 9, 4), 13, 0)));
        assert!(late(at(ymd(2025, 9, 4), 12, 59)));
        assert!(!late(
            at(ymd(2025, 10, 6), 23, 59) + chrono::Duration::seconds(30)
        ));
        assert!(late(at(ymd(2025, 10, 7), 0, 0)));
        let mut other = r.clone();
        other.fiscal_year = 2031;
        let c = checked(&other, State::Submitted, false, &sups);
        assert!(c.iter().all(|x| x.flag != Flag::SubmittedOutsideWindow));
    }

    #[test]
    fn missing_reports_after_the_window() {
        let cfg = RulesConfig::default();
        assert!(missing_report(&fac(false), 2025, &cfg, ymd(2025, 10, 6)).is_none());
        let (reference, body) = missing_report(&fac(false), 2025, &cfg, ymd(2025, 10, 7)).unwrap();
        assert_eq!(reference, "MISSING-2025-MI-001");
        assert!(body.generated && body.reporter_name.is_empty());
        assert_eq!(body.contact_email.as_deref(), Some("kenshu@example.jp"));
        let mut uncertified = fac(false);
        uncertified.certified = false;
        assert!(missing_report(&uncertified, 2025, &cfg, ymd(2025, 12, 1)).is_none());
        assert!(missing_report(&fac(false), 2031, &cfg, ymd(2033, 1, 1)).is_none());

        let c = checked(&body, State::Missing, false, &[]);
        assert_eq!(raised(&c), vec![Flag::MissingReport]);
        let cal = Calendar::new(&cfg);
        // 2025-10-06 + 14 = 10/20 (Monday).
        assert_eq!(
            due(&body, State::Missing, &in_window(), &cfg, &cal),
            Some(ymd(2025, 10, 20))
        );
        // Received Friday 9/19 + 14 = 10/3 (Friday).
        let recv = at(ymd(2025, 9, 19), 9, 0);
        assert_eq!(
            due(&report(&[]), State::Submitted, &recv, &cfg, &cal),
            Some(ymd(2025, 10, 3))
        );
    }

    #[test]
    fn the_due_date_at_the_ends_of_the_calendar_does_not_panic() {
        at_the_ends_of_the_calendar(|cfg, cal, recv| {
            for state in [State::Submitted, State::Missing] {
                let _ = due(&report(&[]), state, recv, cfg, cal);
            }
        });
    }
}
