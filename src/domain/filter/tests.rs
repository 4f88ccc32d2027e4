//! Worked examples of the filter language.

use super::*;
use crate::domain::case::{Transfer, sample_withdrawal};
use crate::domain::ids::RegistrationNumber;
use crate::domain::model::sample_facility;
use crate::domain::time::{at, ymd};

fn case() -> Case {
    let mut c = sample_withdrawal(at(ymd(2026, 3, 1), 9, 0));
    c.reference = "W-2026-000230".into();
    c.subject_name = "田中 太郎".into();
    c.subject_kana = Some("たなか たろう".into());
    c.due = Some(ymd(2026, 3, 10));
    c.assignee = Some("tanaka".into());
    if let CaseBody::Withdrawal(w) = &mut c.body {
        w.kind = WithdrawalKind::Adoption;
    }
    c
}

fn facility() -> Facility {
    sample_facility("F-001", "仙南病院", "仙南医療圏")
}

/// Whether `query` selects the sample case on `today` (as `tanaka`, no flags).
fn selects(query: &str, today: NaiveDate) -> bool {
    selects_with(query, &case(), today, Some(&facility()), &[])
}

fn selects_with(
    query: &str,
    c: &Case,
    today: NaiveDate,
    facility: Option<&Facility>,
    flags: &[Flag],
) -> bool {
    // As a person types it: the Japanese words made the filter's terms first.
    let filter = typed(query).unwrap();
    let tokens = vec![
        "田中太郎".to_string(),
        "田中".into(),
        "太郎".into(),
        "w-2026-000230".into(),
        "000230".into(),
        "123456".into(),
    ];
    filter.holds(&Facts {
        case: c,
        today,
        me: "tanaka",
        facility,
        flags,
        tokens: &tokens,
    })
}

fn problem(query: &str) -> FilterError {
    typed(query).unwrap_err()
}

/// What the value a query is refused for should have been (None when it is
/// refused for something else).
fn expected_value(query: &str) -> Option<Expected> {
    match problem(query).problem {
        FilterProblem::BadValue { expected, .. } => Some(expected),
        _ => None,
    }
}

/// A query as typed, in either language (the edge makes it the filter's own
/// terms, `i18n::filter_text::canonical`, before the desk reads it).
fn typed(query: &str) -> Result<Filter, FilterError> {
    crate::i18n::filter_text::parse_typed(query)
}

#[test]
fn an_empty_query_selects_everything() {
    assert!(Filter::parse("").unwrap().is_empty());
    assert!(Filter::parse("  \u{3000} ").unwrap().is_empty());
    assert!(selects("", ymd(2026, 3, 5)));
}

#[test]
fn free_words_prefix_tokens_and_all_must_hold() {
    let today = ymd(2026, 3, 5);
    assert!(selects("田中", today));
    assert!(selects("000230", today));
    assert!(selects("ｗ－２０２６", today), "full-width folds");
    assert!(selects("田中 太郎", today));
    assert!(!selects("田中 花子", today));
    assert!(!selects("-田中", today));
    assert_eq!(
        Filter::parse("田中 state:awaiting_director")
            .unwrap()
            .words(),
        vec!["田中".to_string()]
    );
}

#[test]
fn state_takes_the_id_or_the_label() {
    let today = ymd(2026, 3, 5);
    assert!(selects("state:awaiting_director", today));
    let label = crate::i18n::state_name(crate::i18n::Lang::Ja, State::AwaitingDirector);
    assert!(selects(&format!("state:{label}"), today));
    assert!(
        selects(&format!("ｓｔａｔｅ：{label}"), today),
        "full-width field"
    );
    assert!(!selects("state:completed", today));
    assert!(selects("-state:completed", today));
    assert_eq!(
        problem("state:nope").problem,
        FilterProblem::BadValue {
            field: "state".into(),
            expected: Expected::State,
            date: None,
        }
    );
}

#[test]
fn assignee_names_me_or_none() {
    let today = ymd(2026, 3, 5);
    assert!(selects("assignee:tanaka", today));
    assert!(selects("assignee:TANAKA", today));
    assert!(selects("assignee:me", today));
    assert!(!selects("assignee:none", today));
    assert!(!selects("assignee:suzuki", today));
    let mut c = case();
    c.assignee = None;
    assert!(selects_with("assignee:none", &c, today, None, &[]));
    assert!(!selects_with("assignee:me", &c, today, None, &[]));
}

#[test]
fn flags_by_id_or_code() {
    let today = ymd(2026, 3, 5);
    let flags = [Flag::NoValidSupervisor];
    assert!(selects_with("flag:NOSUP", &case(), today, None, &flags));
    assert!(selects_with("flag:nosup", &case(), today, None, &flags));
    assert!(selects_with(
        "flag:no_valid_supervisor",
        &case(),
        today,
        None,
        &flags
    ));
    assert!(!selects_with("flag:DIR", &case(), today, None, &flags));
    assert!(!selects_with("-flag:NOSUP", &case(), today, None, &flags));
    assert!(matches!(
        problem("flag:XYZ").problem,
        FilterProblem::BadValue { .. }
    ));
}

#[test]
fn age_counts_whole_days_since_received() {
    // Received 2026-03-01; on 03-31 the case is 30 days old.
    let today = ymd(2026, 3, 31);
    assert!(selects("age>29", today));
    assert!(!selects("age>30", today));
    assert!(selects("age<31", today));
    assert!(!selects("age<30", today));
    assert_eq!(expected_value("age>x"), Some(Expected::Days));
    assert_eq!(expected_value("age:3"), Some(Expected::Days));
}

#[test]
fn overdue_and_due_bounds() {
    // Due 2026-03-10.
    assert!(!selects("overdue", ymd(2026, 3, 10)));
    assert!(selects("overdue", ymd(2026, 3, 11)));
    assert!(selects("due<2026-03-11", ymd(2026, 3, 1)));
    assert!(!selects("due<2026-03-10", ymd(2026, 3, 1)));
    assert!(selects("due>2026-03-09", ymd(2026, 3, 1)));
    assert!(selects("due<+7", ymd(2026, 3, 5)), "03-10 is before 03-12");
    assert!(
        !selects("due<+7", ymd(2026, 3, 1)),
        "03-10 is not before 03-08"
    );
    assert!(selects("due<２０２６－０３－１１", ymd(2026, 3, 1)));
    let mut c = case();
    c.due = None;
    assert!(!selects_with("due<+7", &c, ymd(2026, 3, 1), None, &[]));
    assert_eq!(expected_value("due<tomorrow"), Some(Expected::Date));
    assert_eq!(expected_value("overdue:yes"), Some(Expected::Nothing));
}

#[test]
fn a_due_date_may_be_written_as_the_office_writes_it() {
    // Due 2026-03-10 (令和8年3月10日).
    let today = ymd(2026, 3, 1);
    for q in [
        "due<2026/3/11",
        "due<R8.3.11",
        "due<r8/3/11",
        "due<令和8年3月11日",
        "due<令和８年３月１１日",
        "期限<R8.3.11",
        "due>H31.4.30",
    ] {
        assert!(selects(q, today), "{q}");
    }
    assert!(!selects("due<R8.3.10", today));
    let refused = |q: &str| match problem(q).problem {
        FilterProblem::BadValue { date, .. } => date,
        other => panic!("{q}: {other:?}"),
    };
    use crate::domain::time::{DateProblem, Era};
    assert_eq!(
        refused("due<R1.4.30"),
        Some(DateProblem::BeforeEra { era: Era::Reiwa })
    );
    assert_eq!(
        refused("due>H31.5.1"),
        Some(DateProblem::AfterEra { era: Era::Heisei })
    );
    assert_eq!(refused("due<2025-02-30"), Some(DateProblem::NoSuchDay));
    assert_eq!(refused("due<H1.12.31"), Some(DateProblem::OutsideRuleYears));
    assert_eq!(refused("due<tomorrow"), None);
    let r =
        |lang, q: &str| crate::i18n::refusals::refusal(lang, &Filter::parse(q).unwrap_err().into());
    let ja = r(crate::i18n::Lang::Ja, "due<R1.4.30");
    assert!(
        ja.contains("「R1.4.30」は令和が始まった 令和元年5月1日 (2019-05-01) より前"),
        "{ja}"
    );
    let en = r(crate::i18n::Lang::En, "due>H31.5.1");
    assert!(
        en.contains("after Heisei (平成) ended on 2019-04-30"),
        "{en}"
    );
    let en = r(crate::i18n::Lang::En, "due<tomorrow");
    assert!(en.contains("R8.11.30") && en.contains("1990-01-01"), "{en}");
}

#[test]
fn area_pref_and_priority_read_the_facility() {
    let today = ymd(2026, 3, 5);
    assert!(selects("area:仙南", today));
    assert!(selects("pref:宮城", today));
    assert!(selects("priority", today));
    assert!(!selects("pref:東京", today));
    assert!(!selects_with("priority", &case(), today, None, &[]));
    assert!(!selects_with("area:仙南", &case(), today, None, &[]));
    assert!(selects_with("-priority", &case(), today, None, &[]));
}

#[test]
fn kind_names_withdrawal_and_transfer_kinds() {
    let today = ymd(2026, 3, 5);
    assert!(selects("kind:adoption", today));
    assert!(!selects("kind:loan", today));
    let mut c = case();
    c.body = CaseBody::Transfer(Transfer {
        registration_number: RegistrationNumber::parse("123456").unwrap(),
        kind: TransferKind::CategoryChange,
        from_association: "A".into(),
        requested_category: "B".into(),
        to_association: None,
        to_prefecture: None,
        to_district: None,
        current_category: None,
        facility: Some("F-001".into()),
        facility_duty: None,
        reason: None,
    });
    assert!(selects_with("kind:category_change", &c, today, None, &[]));
    assert!(!selects_with("kind:adoption", &c, today, None, &[]));
    assert_eq!(facility_number(&c), Some("F-001"));
    assert_eq!(facility_number(&case()), None);
}

#[test]
fn unknown_fields_are_refused_with_the_term() {
    let e = problem("田中 colour:red");
    assert_eq!(e.term, "colour:red");
    assert_eq!(
        e.problem,
        FilterProblem::UnknownField {
            field: "colour".into()
        }
    );
    assert!(matches!(
        problem("state>3").problem,
        FilterProblem::UnknownField { .. }
    ));
    assert!(matches!(
        problem("assignee:").problem,
        FilterProblem::BadValue { .. }
    ));
}

#[test]
fn the_supervisors_query() {
    // "Every overdue report older than 30 days, not mine, in a priority area".
    let f = Filter::parse("overdue age>30 -assignee:me priority").unwrap();
    assert_eq!(f.terms.len(), 4);
    assert!(f.needs_facility());
    assert!(!f.needs_flags());
    assert!(!f.only_words());
    let mut c = case();
    c.assignee = Some("suzuki".into());
    assert!(selects_with(
        "overdue age>30 -assignee:me priority",
        &c,
        ymd(2026, 4, 15),
        Some(&facility()),
        &[]
    ));
}

/// Extreme numbers and dates are refused at parse, never overflow later.
#[test]
fn extreme_numbers_and_dates_are_refused_with_the_range() {
    use crate::domain::time::MAX_DAYS;
    for q in [
        "age>99999999999",
        "age<99999999999999999999999",
        "age>40177",
        "due<+40177",
        "due>-99999999999",
        "due<+262142-12-31",
        "due<1989-12-31",
        "due>2100-01-01",
    ] {
        let e = Filter::parse(q).unwrap_err();
        assert!(matches!(e.problem, FilterProblem::BadValue { .. }), "{q}");
        let en = crate::i18n::refusals::refusal(crate::i18n::Lang::En, &e.clone().into());
        assert!(en.contains("40176") || en.contains("1990-01-01"), "{en}");
    }
    for q in [
        "age>40176",
        "due<+40176",
        "due>-40176",
        "due<1990-01-01",
        "due>2099-12-31",
    ] {
        assert!(Filter::parse(q).is_ok(), "{q}");
    }
    // The widest bound from either end of the range is still a date.
    let first = crate::domain::time::first_rule_day();
    let last = crate::domain::time::last_rule_day();
    for (today, q) in [
        (first, "due>-40176"),
        (last, "due<+40176"),
        (last, "age>40176"),
    ] {
        let _ = selects(q, today);
    }
    assert_eq!(
        DueBound::InDays(MAX_DAYS).date(last),
        last + chrono::Days::new(40_176)
    );
}

/// Even outside the parser's bounds, a due bound saturates instead of panicking.
#[test]
fn due_bounds_saturate_at_the_ends_of_the_calendar() {
    assert_eq!(DueBound::InDays(7).date(NaiveDate::MAX), NaiveDate::MAX);
    assert_eq!(DueBound::InDays(-7).date(NaiveDate::MIN), NaiveDate::MIN);
    assert_eq!(
        DueBound::InDays(i64::MAX).date(ymd(2025, 1, 1)),
        NaiveDate::MAX
    );
    assert_eq!(
        DueBound::InDays(i64::MIN).date(ymd(2025, 1, 1)),
        NaiveDate::MIN
    );
    let _ = selects("due<+7", NaiveDate::MAX);
    assert!(selects("age>7", NaiveDate::MAX));
    assert!(!selects("age>7", NaiveDate::MIN));
}

mod never_panics {
    use super::*;
    use proptest::prelude::*;

    fn day_in_range() -> impl Strategy<Value = NaiveDate> {
        let first = crate::domain::time::first_rule_day();
        (0i64..=crate::domain::time::MAX_DAYS)
            .prop_map(move |n| crate::domain::time::add_days(first, n))
    }

    fn query() -> impl Strategy<Value = String> {
        prop_oneof![
            any::<String>(),
            "(-?(age[<>]|due[<>]|state:|flag:|kind:|area:)[-+]?[0-9]{0,25}(-[0-9]{1,3}){0,2} ?){1,4}",
            "(due[<>][-+]?[0-9+-]{0,12}|age[<>][0-9]{0,30})",
        ]
    }

    proptest! {
        #[test]
        fn parse_and_evaluate_never_panic(q in query(), today in day_in_range()) {
            if let Ok(f) = Filter::parse(&q) {
                let c = case();
                let fac = facility();
                let _ = f.holds(&Facts {
                    case: &c,
                    today,
                    me: "tanaka",
                    facility: Some(&fac),
                    flags: &[],
                    tokens: &[],
                });
            }
        }
    }
}

#[test]
fn japanese_field_names_mean_the_english_fields() {
    let today = ymd(2026, 3, 5);
    for (ja, en) in [
        ("状態:統括回答待ち", "state:awaiting_director"),
        ("担当:自分", "assignee:me"),
        ("担当：自分", "assignee:me"),
        ("-担当:なし", "-assignee:none"),
        ("経過>3", "age>3"),
        ("経過<3", "age<3"),
        ("期限<+7", "due<+7"),
        ("期限超過", "overdue"),
        ("種類:採用辞退", "kind:adoption"),
        ("県:宮城", "pref:宮城"),
        ("地域:仙台", "area:仙台"),
        ("重点", "priority"),
    ] {
        assert_eq!(
            typed(ja).unwrap(),
            Filter::parse(en).unwrap(),
            "{ja} should mean {en}"
        );
        // The desk itself reads only the filter's own terms.
        assert!(
            ja.starts_with("重点") || ja.starts_with("期限超過") || Filter::parse(ja).is_err(),
            "{ja}"
        );
        assert_eq!(selects(ja, today), selects(en, today), "{ja}");
    }
    assert!(selects("状態:統括回答待ち 担当:自分", today));
    assert!(!selects("担当:なし", today));
    assert!(matches!(
        problem("警告:XYZ").problem,
        FilterProblem::BadValue { .. }
    ));
}

#[test]
fn every_kind_has_a_code_of_its_own_that_reads_back() {
    use super::CaseKind;
    let mut seen = std::collections::BTreeSet::new();
    for code in 0..=5u8 {
        let kind = CaseKind::from_code(code).expect("a code of a kind");
        assert_eq!(CaseKind::code(kind), code);
        assert!(seen.insert(format!("{kind:?}")));
    }
    assert_eq!(CaseKind::from_code(6), None);
    assert_eq!(CaseKind::from_code(0xff), None);
}
