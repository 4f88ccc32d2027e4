use super::*;
use crate::domain::time::ymd;
use crate::domain::{CaseBody, DirectorDecision, LoanEventKind, Queue, Subject};
use std::collections::{HashMap, HashSet};

fn demo(seed: u64) -> Demo {
    Demo::new(2_000, seed, ymd(2026, 11, 21))
}

#[test]
fn same_seed_same_data_other_seed_other_data() {
    let a: Vec<Case> = demo(1).case_batches(100).next().unwrap();
    let b: Vec<Case> = demo(1).case_batches(100).next().unwrap();
    let c: Vec<Case> = demo(2).case_batches(100).next().unwrap();
    assert_eq!(a.len(), 100);
    assert_eq!(a, b);
    assert_ne!(a, c);
    assert_eq!(demo(1).people(), demo(1).people());
    assert_ne!(demo(1).people(), demo(2).people());
    assert_eq!(demo(1).loans(), demo(1).loans());
}

#[test]
fn batches_cover_every_case_once_with_unique_refs() {
    let d = Demo::new(1_005, 3, ymd(2026, 11, 21));
    let batches: Vec<Vec<Case>> = d.case_batches(100).collect();
    assert_eq!(batches.len(), 11);
    assert_eq!(batches[10].len(), 5);
    let mut refs = HashSet::new();
    for c in batches.iter().flatten() {
        assert!(
            refs.insert((c.queue, c.reference.clone())),
            "{}",
            c.reference
        );
    }
    assert_eq!(refs.len(), 1_005);
}

#[test]
fn every_subject_exists_and_registries_are_consistent() {
    let d = demo(7);
    let people = d.people();
    let facilities = d.facilities();
    let physicians = d.physicians();
    let regnos: HashSet<&str> = people
        .iter()
        .map(|p| p.registration_number.as_str())
        .collect();
    assert_eq!(
        regnos.len(),
        people.len(),
        "registration numbers are unique"
    );
    let numbers: HashSet<&str> = facilities
        .iter()
        .map(|f| f.facility_number.as_str())
        .collect();
    let certs: HashSet<&str> = physicians.iter().map(|p| p.cert_number.as_str()).collect();
    let mut queues = HashMap::new();
    let mut completions = 0;
    for c in d.case_batches(500).flatten() {
        *queues.entry(c.queue).or_insert(0) += 1;
        if let CaseBody::CompletionApplication(a) = &c.body {
            completions += 1;
            assert_eq!(c.queue, Queue::Transfer);
            assert!(
                a.completed_on <= c.received_at.date_naive(),
                "{}",
                c.reference
            );
            assert!(
                crate::domain::completion::validate(a, &c.received_at).is_empty(),
                "{}",
                c.reference
            );
        }
        match &c.subject {
            Subject::Person(r) => assert!(regnos.contains(r.as_str()), "{}", c.reference),
            Subject::Facility(f) => assert!(numbers.contains(f.as_str()), "{}", c.reference),
        }
        assert!(!c.subject_name.is_empty());
        assert!(c.received_at.date_naive() <= d.today);
        if let CaseBody::FacilityReport(r) = &c.body {
            assert!(
                r.supervisors
                    .iter()
                    .all(|s| certs.contains(s.as_str()) || s.starts_with("C-9"))
            );
        }
    }
    assert_eq!(queues[&Queue::Withdrawal], 800);
    assert_eq!(queues[&Queue::Transfer], 700);
    // A few dozen of the membership queue's cases are 修了申請.
    assert!((20..=80).contains(&completions), "{completions}");
    assert_eq!(queues[&Queue::FacilityReport], 500);
    for p in &physicians {
        assert!(regnos.contains(p.registration_number.as_str()));
        assert!(numbers.contains(p.workplace.as_str()));
    }
    for l in d.loans() {
        assert!(regnos.contains(l.registration_number.as_str()));
        assert!((1..=4).contains(&l.years_approved));
        assert!(l.events.iter().all(|e| e.date <= d.today));
    }
}

#[test]
fn the_data_exercises_search_sanitiser_and_rules() {
    let d = demo(11);
    let people = d.people();
    let names: Vec<&str> = people.iter().map(|p| p.name.as_str()).collect();
    for needle in ["髙", "﨑", "邉", "齋"] {
        assert!(names.iter().any(|n| n.contains(needle)), "{needle}");
    }
    assert!(names.iter().any(|n| n.contains('\x1b')));
    assert!(people.iter().all(|p| {
        p.email
            .as_ref()
            .is_none_or(|e| e.is_ascii() && e.len() <= 100)
    }));
    let mut seen = HashMap::new();
    let mut duplicates = 0;
    for p in &people {
        if seen
            .insert(
                (p.name.clone(), p.birth_date),
                p.registration_number.clone(),
            )
            .is_some()
        {
            duplicates += 1;
        }
    }
    assert!(duplicates >= 5, "{duplicates}");
    let quota = people.iter().filter(|p| p.regional_quota).count();
    assert!((20..=90).contains(&quota), "{quota}");

    let facilities = d.facilities();
    assert!(
        facilities
            .iter()
            .any(|f| f.priority_area && f.prefecture == "宮城県")
    );
    assert!(facilities.iter().any(|f| f.dental));
    assert!(facilities.iter().any(|f| !f.certified));
    let physicians = d.physicians();
    assert!(physicians.iter().any(|p| !p.renewed));
    assert!(physicians.iter().any(|p| !p.full_time));
    let dental: HashSet<&str> = facilities
        .iter()
        .filter(|f| f.dental)
        .map(|f| f.facility_number.as_str())
        .collect();
    assert!(
        physicians
            .iter()
            .any(|p| p.certification == crate::domain::Certification::Dental
                && !dental.contains(p.workplace.as_str()))
    );

    let cases: Vec<Case> = d.case_batches(2_000).flatten().collect();
    let withdrawals: Vec<&crate::domain::Withdrawal> = cases
        .iter()
        .filter_map(|c| match &c.body {
            CaseBody::Withdrawal(w) => Some(w),
            _ => None,
        })
        .collect();
    assert!(
        withdrawals
            .iter()
            .any(|w| w.director_decision == DirectorDecision::Pending)
    );
    assert!(
        withdrawals
            .iter()
            .any(|w| w.director_decision == DirectorDecision::Approved)
    );
    assert!(
        withdrawals
            .iter()
            .any(|w| w.kind == crate::domain::WithdrawalKind::Loan)
    );
    assert!(
        cases
            .iter()
            .any(|c| (d.today - c.received_at.date_naive()).num_days() > 30)
    );

    let loans = d.loans();
    let kinds: HashSet<LoanEventKind> = loans
        .iter()
        .flat_map(|l| l.events.iter().map(|e| e.event))
        .collect();
    for k in [
        LoanEventKind::ContinuationSubmitted,
        LoanEventKind::Completion,
        LoanEventKind::EmploymentStart,
        LoanEventKind::StatusReport,
        LoanEventKind::LeaveStart,
    ] {
        assert!(kinds.contains(&k), "{k:?}");
    }
    assert!(
        loans
            .iter()
            .flat_map(|l| &l.events)
            .any(|e| e.working_days.is_some_and(|w| w < 200))
    );
    assert!(loans.iter().any(|l| l.first_fiscal_year == 2019));
}

#[test]
fn a_large_demo_keeps_registries_bounded() {
    let d = Demo::new(1_000_000, 1, ymd(2026, 11, 21));
    assert_eq!(d.person_count(), 50_000);
    assert_eq!(d.facility_count(), 1_500);
    assert_eq!(d.loan_count(), 20_000);
    let first = d.case_batches(1_000).next().unwrap();
    assert_eq!(first.len(), 1_000);
}

/// `cargo test --release --lib demo::tests::a_million_cases -- --ignored --nocapture`
#[test]
#[ignore = "slow in debug builds; run in release to time the 1M-case demo"]
fn a_million_cases() {
    let d = Demo::new(1_000_000, 1, ymd(2026, 11, 21));
    let t = std::time::Instant::now();
    let n: usize = d.case_batches(10_000).map(|b| b.len()).sum();
    let people = d.people().len();
    let loans = d.loans().len();
    println!(
        "{n} cases, {people} people, {loans} loans in {:?}",
        t.elapsed()
    );
    assert_eq!(n, 1_000_000);
}

#[test]
fn the_loan_ledgers_raise_every_loan_flag() {
    use crate::domain::calendar::Calendar;
    use crate::domain::config::RulesConfig;
    use crate::domain::loan::{Workplaces, followups};
    let d = demo(11);
    let facilities = d.facilities();
    assert!(facilities.iter().any(|f| !f.designated));
    let w = Workplaces::from_facilities(&facilities);
    let cfg = RulesConfig::default();
    let cal = Calendar::new(&cfg);
    let mut seen: HashSet<String> = HashSet::new();
    for l in d.loans() {
        for draft in followups(&l, &w, &cfg, &cal, d.today) {
            if draft.worth_recording() {
                seen.insert(draft.followup.topic.clone());
                seen.extend(draft.also.iter().map(|f| f.id().to_string()));
            }
        }
    }
    for f in [
        "payment_overdue",
        "study_plan_late",
        "not_designated_workplace",
        "disbursement_overdue",
        "disbursement_may_be_held",
        "notification_late",
        "repayment_due",
    ] {
        assert!(seen.contains(f), "{f} not in {seen:?}");
    }
}
