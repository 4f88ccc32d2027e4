//! Loans of DOMAIN.md's worked example and an office's `[documents]`, for
//! the document tests.

use super::{Fixture, fixture, now};
use secretariat::desk::CaseKey;
use secretariat::document::DocumentsConfig;
use secretariat::domain::time::ymd;
use secretariat::domain::{
    Disbursement, Loan, LoanEvent, LoanEventKind, Queue, RegistrationNumber,
};
use secretariat::store::RegistryWrite;

pub fn event(kind: LoanEventKind, date: chrono::NaiveDate) -> LoanEvent {
    LoanEvent {
        event: kind,
        date,
        end_date: None,
        notified_at: None,
        working_days: None,
        facility_number: None,
        note: None,
        amount: None,
    }
}

/// DOMAIN.md's worked example: ¥3,300,000 paid 2023-04-28 and 2024-04-30,
/// resigned 2025-03-31.
pub fn worked_loan(id: &str) -> Loan {
    Loan {
        loan_id: id.into(),
        registration_number: RegistrationNumber::parse("1234561").unwrap(),
        first_fiscal_year: 2023,
        years_approved: 2,
        annual_amount: 3_300_000,
        disbursements: vec![
            Disbursement {
                date: ymd(2023, 4, 28),
                amount: 3_300_000,
            },
            Disbursement {
                date: ymd(2024, 4, 30),
                amount: 3_300_000,
            },
        ],
        events: vec![event(LoanEventKind::Resignation, ymd(2025, 3, 31))],
        prior_obligations: Vec::new(),
    }
}

/// The common fixture, with `loans` worked-example loans (`L-2023-0001`…)
/// and their follow-ups as of 2025-04-10.
pub fn loans_fixture(loans: usize) -> Fixture {
    let f = fixture();
    let mut registry = Vec::new();
    for i in 1..=loans {
        registry.push(RegistryWrite::Loan(worked_loan(&format!("L-2023-{i:04}"))));
    }
    f.desk
        .load_records(&f.supervisor, registry, Vec::new(), now())
        .unwrap();
    f.desk
        .generate_followups(&f.supervisor, ymd(2025, 4, 10), now())
        .unwrap();
    f
}

pub fn repayment(i: usize) -> CaseKey {
    CaseKey::new(Queue::LoanFollowup, format!("L-2023-{i:04}/repayment"))
}

pub fn office() -> DocumentsConfig {
    DocumentsConfig {
        office: "宮城県保健福祉部医療人材対策室".into(),
        sender: "宮城県知事　村井 嘉浩".into(),
        address: "〒980-8570 仙台市青葉区本町三丁目8番1号\n電話 022-211-2622".into(),
        person: "医師確保班 佐藤".into(),
        number_prefix: "医人第".into(),
        payment_to: "七十七銀行 県庁支店 普通預金 1234567\n口座名義 宮城県会計管理者".into(),
        ..DocumentsConfig::default()
    }
}
