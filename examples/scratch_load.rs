use secretariat::desk::{Desk, DeskSettings};
use secretariat::domain::time::{at, ymd};
use secretariat::domain::*;
use secretariat::store::RegistryWrite;
use std::time::Instant;

fn main() {
    let n: usize = std::env::args()
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or(100_000);
    let dir = tempfile::tempdir().unwrap();
    let desk = Desk::open(dir.path(), "boss", DeskSettings::default()).unwrap();
    let boss = desk.actor("boss").unwrap();
    let now = at(ymd(2026, 11, 21), 10, 0);
    let people: Vec<RegistryWrite> = (0..n / 4)
        .map(|i| {
            RegistryWrite::Person(Person {
                registration_number: RegistrationNumber::parse(&(1_000_000 + i).to_string())
                    .unwrap(),
                name: format!("山田 太郎{i}"),
                name_kana: Some("やまだ たろう".into()),
                birth_date: ymd(1990, 1, 1),
                email: None,
                regional_quota: false,
                training_periods: vec![],
            })
        })
        .collect();
    let t = Instant::now();
    desk.load_records(&boss, people, vec![], now).unwrap();
    println!("people {} in {:?}", n / 4, t.elapsed());
    let t = Instant::now();
    for chunk in 0..(n / 20_000).max(1) {
        let cases: Vec<Case> = (0..20_000.min(n))
            .map(|j| {
                let i = chunk * 20_000 + j;
                let regno =
                    RegistrationNumber::parse(&(1_000_000 + i % (n / 4)).to_string()).unwrap();
                let body = CaseBody::Withdrawal(Withdrawal {
                    registration_number: regno.clone(),
                    program: "P".into(),
                    director: "D".into(),
                    director_email: None,
                    reason: "R".into(),
                    kind: WithdrawalKind::Adoption,
                    director_decision: DirectorDecision::Pending,
                    director_decided_at: None,
                    chased_at: None,
                    completed_at: None,
                });
                Case {
                    reference: format!("W-{i}"),
                    queue: Queue::Withdrawal,
                    state: State::AwaitingDirector,
                    subject: Subject::Person(regno),
                    subject_name: String::new(),
                    subject_kana: None,
                    received_at: now,
                    due: None,
                    assignee: None,
                    revision: 0,
                    updated_at: now,
                    updated_by: "x".into(),
                    body,
                    notes: vec![],
                    history: vec![],
                }
            })
            .collect();
        desk.load_records(&boss, vec![], cases, now).unwrap();
    }
    let e = t.elapsed();
    println!("cases {n} in {:?} = {:.0}/s", e, n as f64 / e.as_secs_f64());
}
