//! The demo's imported cases: withdrawals, transfers (some of them
//! completion applications, 修了申請) and facility reports.

use super::names::{
    COMPLETION_NOTES, COMPLETION_TRAININGS, DISTRICTS, FACILITY_DUTIES, FAMILY, GIVEN, PREFECTURES,
    SPECIALTIES, TRANSFER_REASONS, WITHDRAWAL_REASONS,
};
use super::{Demo, Stream, pick};
use crate::domain::config::RulesConfig;
use crate::domain::time::{at, fiscal_year, jst_date};
use crate::domain::workflow::initial_state;
use crate::domain::{
    Case, CaseBody, CompletionApplication, DirectorDecision, Facility, FacilityReport, Queue,
    RegistrationNumber, Subject, Timestamp, Transfer, TransferKind, Withdrawal, WithdrawalKind,
};
use chrono::{Duration, NaiveDate};
use rand::Rng;
use rand_chacha::ChaCha8Rng;

/// Who the demo's cases were imported by.
pub const DEMO_ACTOR: &str = "demo";

/// Of every 20 cases, this many are withdrawals, then transfers; the rest are
/// facility reports. Fixed by position so each queue's refs are dense.
const WITHDRAWALS_PER_20: usize = 8;
const TRANSFERS_PER_20: usize = 7;
/// Of the membership queue's cases, about one in this many is a completion
/// application (a few dozen in the default 2,000).
const COMPLETIONS_ONE_IN: u32 = 15;

/// What every case needs to know, worked out once per batch run.
pub(super) struct CaseContext {
    categories: Vec<String>,
    /// The end of the latest recruitment period before today, if any.
    recruitment_closed: Option<NaiveDate>,
    /// The fiscal year facility reports are for, and its window if configured.
    report_year: i32,
    window: Option<(Timestamp, Timestamp)>,
    /// The registries cases draw names from (indexed by the same counts the
    /// demo draws indices from, so always in range), made once (at most 1,500
    /// facilities and 50,000 names) rather than once a case.
    facilities: Vec<Facility>,
    names: Vec<(String, String)>,
}

impl CaseContext {
    /// Reports are for today's fiscal year; when its window has not opened yet
    /// (spring and summer), for the previous one, whose reports are the ones an
    /// office is still processing.
    pub fn new(demo: &Demo) -> Self {
        let rules = RulesConfig::default();
        let today = demo.today;
        // The last recruitment cycle that has closed (DOMAIN: no application
        // after it; a withdrawal completed then waits for the next cycle).
        let recruitment_closed = (fiscal_year(today) - 1..=fiscal_year(today))
            .rev()
            .filter_map(|fy| rules.recruitment_closes(fy))
            .find(|end| *end < today);
        let fy = fiscal_year(today);
        let opened = |y: i32| {
            rules
                .report_window(y)
                .filter(|w| jst_date(&w.opens) <= today)
                .map(|w| (w.opens, w.closes))
        };
        let (report_year, window) = match (opened(fy), opened(fy - 1)) {
            (Some(w), _) => (fy, Some(w)),
            (None, Some(w)) => (fy - 1, Some(w)),
            (None, None) => (fy, None),
        };
        CaseContext {
            facilities: demo.facilities(),
            names: (0..demo.person_count())
                .map(|i| demo.person_name(i))
                .collect(),
            categories: rules.membership_categories,
            recruitment_closed,
            report_year,
            window,
        }
    }
}

fn random_name(rng: &mut ChaCha8Rng) -> String {
    let (f, ..) = pick(rng, FAMILY);
    let (g, ..) = pick(rng, GIVEN);
    format!("{f}\u{3000}{g}")
}

impl Demo {
    /// A moment `days` before today, in office hours.
    fn days_ago(&self, rng: &mut ChaCha8Rng, days: i64) -> Timestamp {
        let d = self.today - Duration::days(days);
        at(d, rng.gen_range(8..=20), rng.gen_range(0..60))
    }

    /// Mostly the last few weeks, a tail back to three months.
    fn received(&self, rng: &mut ChaCha8Rng) -> Timestamp {
        let r: f64 = rng.r#gen();
        self.days_ago(rng, (r * r * 90.0) as i64)
    }

    /// Case `i` of the demo.
    pub(super) fn case(&self, ctx: &CaseContext, i: usize) -> Case {
        let mut rng = self.rng(Stream::Case, i);
        let (slot, round) = (i % 20, i / 20);
        let (subject, name, kana, received_at, body, reference) = if slot < WITHDRAWALS_PER_20 {
            let seq = round * WITHDRAWALS_PER_20 + slot + 1;
            self.withdrawal(ctx, &mut rng, seq)
        } else if slot < WITHDRAWALS_PER_20 + TRANSFERS_PER_20 {
            let seq = round * TRANSFERS_PER_20 + slot - WITHDRAWALS_PER_20 + 1;
            let mut which = self.rng(Stream::Completion, i);
            if which.gen_ratio(1, COMPLETIONS_ONE_IN) {
                self.completion(ctx, &mut which, seq)
            } else {
                self.transfer(ctx, &mut rng, seq)
            }
        } else {
            let per = 20 - WITHDRAWALS_PER_20 - TRANSFERS_PER_20;
            let seq = round * per + slot - WITHDRAWALS_PER_20 - TRANSFERS_PER_20 + 1;
            self.report(ctx, &mut rng, seq)
        };
        let queue = match body {
            CaseBody::Withdrawal(_) => Queue::Withdrawal,
            CaseBody::Transfer(_) | CaseBody::CompletionApplication(_) => Queue::Transfer,
            CaseBody::FacilityReport(_) => Queue::FacilityReport,
            CaseBody::LoanFollowup(_) => Queue::LoanFollowup,
        };
        Case {
            reference,
            queue,
            state: initial_state(&body),
            subject,
            subject_name: name,
            subject_kana: kana,
            received_at,
            due: None,
            assignee: None,
            revision: 0,
            updated_at: received_at,
            updated_by: DEMO_ACTOR.to_string(),
            body,
            notes: Vec::new(),
            history: Vec::new(),
        }
    }

    fn withdrawal(&self, ctx: &CaseContext, rng: &mut ChaCha8Rng, seq: usize) -> CaseParts {
        let loan = rng.gen_bool(0.2);
        let person = if loan {
            self.loan_person(rng.gen_range(0..self.loan_count()))
        } else {
            rng.gen_range(0..self.person_count())
        };
        let mut received_at = self.received(rng);
        // A few arrived in the month after the last recruitment cycle closed;
        // the demo completes them then, so they carry `after_recruitment_closed`.
        if let Some(closed) = ctx.recruitment_closed {
            let since = (self.today - closed).num_days();
            if since > 2 && rng.gen_bool(0.02) {
                let days = since - rng.gen_range(1..=since.min(30));
                received_at = self.days_ago(rng, days);
            }
        }
        let age = (self.today - jst_date(&received_at)).num_days();
        let decision = match rng.gen_range(0..100) {
            _ if age < 1 => DirectorDecision::Pending,
            0..=59 => DirectorDecision::Pending,
            60..=93 => DirectorDecision::Approved,
            _ => DirectorDecision::Declined,
        };
        let director_decided_at = (decision != DirectorDecision::Pending)
            .then(|| received_at + Duration::hours(rng.gen_range(2..=age.max(1) * 24)));
        let fac = rng.gen_range(0..self.facility_count());
        let facility = &ctx.facilities[fac];
        let program = if loan {
            format!("{}専門研修資金貸与", facility.prefecture)
        } else {
            format!(
                "{} {}専門研修プログラム",
                facility.name,
                pick(rng, SPECIALTIES)
            )
        };
        let (name, kana) = ctx.names[person].clone();
        let regno = self.regno(person);
        let body = CaseBody::Withdrawal(Withdrawal {
            registration_number: regno.clone(),
            program,
            director: random_name(rng),
            director_email: rng
                .gen_bool(0.85)
                .then(|| format!("director{}@hosp{}.example.jp", fac + 1, fac + 1)),
            reason: pick(rng, WITHDRAWAL_REASONS).to_string(),
            kind: if loan {
                WithdrawalKind::Loan
            } else {
                WithdrawalKind::Adoption
            },
            director_decision: decision,
            director_decided_at,
            chased_at: None,
            completed_at: None,
        });
        person_parts(regno, (name, kana), received_at, body, ('W', seq))
    }

    fn transfer(&self, ctx: &CaseContext, rng: &mut ChaCha8Rng, seq: usize) -> CaseParts {
        let person = rng.gen_range(0..self.person_count());
        let received_at = self.received(rng);
        let kind = if rng.gen_bool(0.5) {
            TransferKind::CategoryChange
        } else {
            TransferKind::AssociationTransfer
        };
        let from = pick(rng, PREFECTURES);
        let (from_city, _) = pick(rng, from.cities);
        let requested = pick(rng, &ctx.categories).clone();
        let current = ctx
            .categories
            .iter()
            .find(|c| **c != requested)
            .cloned()
            .filter(|_| rng.gen_bool(0.8));
        let (to_association, to_prefecture, to_district) = match kind {
            TransferKind::CategoryChange => (None, None, None),
            TransferKind::AssociationTransfer => {
                let to = pick(rng, PREFECTURES);
                let (city, _) = pick(rng, to.cities);
                let district = if city.ends_with('区') {
                    (*city).to_string()
                } else {
                    format!("{city}{}", pick(rng, DISTRICTS))
                };
                (
                    Some(format!("{city}医師会")),
                    Some(to.name.to_string()),
                    Some(district),
                )
            }
        };
        let facility = rng.gen_bool(0.7).then(|| {
            ctx.facilities[rng.gen_range(0..ctx.facilities.len())]
                .name
                .clone()
        });
        let (name, kana) = ctx.names[person].clone();
        let regno = self.regno(person);
        let body = CaseBody::Transfer(Transfer {
            registration_number: regno.clone(),
            kind,
            from_association: format!("{from_city}医師会"),
            requested_category: requested,
            to_association,
            to_prefecture,
            to_district,
            current_category: current,
            facility,
            facility_duty: Some(pick(rng, FACILITY_DUTIES).to_string()),
            reason: rng
                .gen_bool(0.8)
                .then(|| pick(rng, TRANSFER_REASONS).to_string()),
        });
        person_parts(regno, (name, kana), received_at, body, ('T', seq))
    }

    /// A completion application, filed with the member's own association,
    /// for a training completed a few days to a few months before.
    fn completion(&self, ctx: &CaseContext, rng: &mut ChaCha8Rng, seq: usize) -> CaseParts {
        let person = rng.gen_range(0..self.person_count());
        let received_at = self.received(rng);
        let pref = pick(rng, PREFECTURES);
        let (city, _) = pick(rng, pref.cities);
        let completed_on = jst_date(&received_at) - Duration::days(rng.gen_range(0..=120));
        let (name, kana) = ctx.names[person].clone();
        let regno = self.regno(person);
        let body = CaseBody::CompletionApplication(CompletionApplication {
            registration_number: regno.clone(),
            association: format!("{city}医師会"),
            training: pick(rng, COMPLETION_TRAININGS).to_string(),
            completed_on,
            notes: rng
                .gen_bool(0.2)
                .then(|| pick(rng, COMPLETION_NOTES).to_string()),
        });
        person_parts(regno, (name, kana), received_at, body, ('C', seq))
    }

    fn report(&self, ctx: &CaseContext, rng: &mut ChaCha8Rng, seq: usize) -> CaseParts {
        let facilities = self.facility_count();
        let j = rng.gen_range(0..facilities);
        let facility = &ctx.facilities[j];
        // Inside the window mostly; else a little before it or after it closed.
        let received_at = match ctx.window {
            Some((opens, closes)) => {
                let last = closes.min(at(self.today, 8, 0));
                let span = (last - opens).num_minutes().max(1);
                match rng.gen_range(0..100) {
                    0..=9 => opens - Duration::minutes(rng.gen_range(60..=20 * 24 * 60)),
                    10..=19 if jst_date(&closes) < self.today => {
                        let after = (self.today - jst_date(&closes)).num_days().max(1);
                        closes + Duration::minutes(rng.gen_range(1..=after * 24 * 60 - 1).max(1))
                    }
                    _ => opens + Duration::minutes(rng.gen_range(0..span)),
                }
            }
            None => self.received(rng),
        };
        // The facility's own physicians (k ≡ j mod facilities), some of them;
        // now and then a certificate number nobody holds, or none at all.
        let mut supervisors: Vec<String> = (0..3)
            .map(|n| j + n * facilities)
            .filter(|_| rng.gen_bool(0.6))
            .map(|k| format!("C-{:06}", k + 1))
            .collect();
        if supervisors.is_empty() && rng.gen_bool(0.8) {
            supervisors.push(format!("C-{:06}", j + 1));
        }
        if rng.gen_bool(0.03) {
            supervisors.push(format!("C-9{:05}", j + 1));
        }
        let body = CaseBody::FacilityReport(FacilityReport {
            facility_number: facility.facility_number.clone(),
            fiscal_year: ctx.report_year,
            reporter_name: random_name(rng),
            supervisors,
            director_name: rng.gen_bool(0.9).then(|| random_name(rng)),
            contact_email: facility.contact_email.clone(),
            generated: false,
        });
        (
            Subject::Facility(facility.facility_number.clone()),
            facility.name.clone(),
            None,
            received_at,
            body,
            format!("F-{}-{seq:06}", ctx.report_year),
        )
    }
}

/// Subject, name, kana, received, body, ref.
type CaseParts = (Subject, String, Option<String>, Timestamp, CaseBody, String);

/// The parts of a case about a person (`kind` the letter of its reference,
/// `seq` its number in the year it was received).
fn person_parts(
    regno: RegistrationNumber,
    (name, kana): (String, String),
    received_at: Timestamp,
    body: CaseBody,
    (kind, seq): (char, usize),
) -> CaseParts {
    let year = jst_date(&received_at).format("%Y");
    (
        Subject::Person(regno),
        name,
        Some(kana),
        received_at,
        body,
        format!("{kind}-{year}-{seq:06}"),
    )
}
