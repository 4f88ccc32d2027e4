//! Issue 20: duplicates (二重登録). A supervisor links the number registered
//! twice (7654321, the same 山田 太郎 born 1995-04-02) to the one that stays
//! (1234561): its cases, loans and enquiries move, its record goes, its
//! number finds the person kept; the link is audited, refused to anyone but
//! a supervisor, and undone with `u`.

mod common;

use common::*;
use secretariat::desk::{DeskError, EnquiryRequest, LinkReport, Request, Response};
use secretariat::domain::enquiry::Channel;
use secretariat::domain::refusal::{LinkProblem, Refusal};
use secretariat::domain::{DecisionKind, Queue, Subject};
use secretariat::i18n::Lang;

fn link(f: &Fixture, who: &secretariat::desk::Actor) -> Result<LinkReport, DeskError> {
    match call(
        f,
        who,
        Request::LinkDuplicate {
            duplicate: "7654321".into(),
            keep: "1234561".into(),
            dry_run: false,
        },
    )? {
        Response::Linked(r) => Ok(r),
        other => panic!("{other:?}"),
    }
}

fn lookup(f: &Fixture, number: &str) -> secretariat::desk::Lookup {
    match call(
        f,
        &f.helpdesk,
        Request::Lookup {
            input: number.into(),
        },
    )
    .unwrap()
    {
        Response::Lookup(l) => *l,
        other => panic!("{other:?}"),
    }
}

/// The duplicate has a case received on paper, a loan and an enquiry of its own.
fn with_duplicates_things() -> Fixture {
    let f = fixture();
    for (kind, fields) in [
        (
            "withdrawal",
            vec![
                ("ref", "W-2026-0901"),
                ("registration_number", "7654321"),
                ("program", "内科専門研修プログラム"),
                ("director", "小林 誠"),
                ("reason", "家庭の事情のため"),
            ],
        ),
        (
            "loan",
            vec![
                ("loan_id", "LOAN-7654321"),
                ("registration_number", "7654321"),
                ("first_fiscal_year", "2025"),
                ("years_approved", "3"),
                ("disbursements", "2025-04-30:3300000"),
            ],
        ),
    ] {
        f.desk
            .record_form(&f.operator, &form(kind, &fields), now().date_naive(), now())
            .unwrap();
    }
    call(
        &f,
        &f.helpdesk,
        Request::Enquiry(EnquiryRequest::LogEnquiry {
            registration_number: Some("7654321".into()),
            channel: Channel::Phone,
            topic: "二重登録".into(),
            note: "番号が二つあると連絡".into(),
            case: None,
            resolved: false,
        }),
    )
    .unwrap();
    f
}

#[test]
fn a_supervisor_links_a_duplicate_and_everything_of_it_moves_to_the_person_kept() {
    let f = with_duplicates_things();
    let before = lookup(&f, "1234561");
    assert_eq!(before.duplicates.len(), 1, "二重登録 shown before");
    let r = link(&f, &f.supervisor).unwrap();
    // The paper case and the follow-up its loan opened.
    assert_eq!((r.cases, r.loans, r.enquiries), (2, 1, 1), "{r:?}");
    assert!(r.written);

    let store = f.desk.store();
    assert!(
        store.person("7654321").unwrap().is_none(),
        "the duplicate's record is gone"
    );
    let id = store
        .case_id(Queue::Withdrawal, "W-2026-0901")
        .unwrap()
        .unwrap();
    let case = store.case(id).unwrap().unwrap();
    assert_eq!(
        case.subject,
        Subject::Person(secretariat::domain::RegistrationNumber::parse("1234561").unwrap())
    );
    assert_eq!(case.subject_name, "山田 太郎");
    let last = case.history.last().unwrap();
    assert_eq!(last.kind, DecisionKind::Linked);
    assert_eq!(last.reason.as_deref(), Some("7654321"));
    assert_eq!(
        store
            .loan("LOAN-7654321")
            .unwrap()
            .unwrap()
            .registration_number
            .as_str(),
        "1234561"
    );

    let kept = lookup(&f, "1234561");
    assert!(kept.duplicates.is_empty(), "no duplicate left");
    assert!(kept.cases.iter().any(|c| c.key.reference == "W-2026-0901"));
    assert!(kept.loans.iter().any(|l| l.loan_id == "LOAN-7654321"));
    assert!(kept.enquiries.iter().any(|e| e.topic == "二重登録"));
    // The old number finds the person kept, and says so.
    let old = lookup(&f, "7654321");
    assert_eq!(old.registration_number, "1234561");
    assert_eq!(old.linked_from.as_deref(), Some("7654321"));
    sound(&f);
    let audit: Vec<String> = store.all_audit().map(|a| a.unwrap().action).collect();
    for action in ["linked", "loan.put", "enquiry.put", "person.remove"] {
        assert!(
            audit.iter().any(|a| a == action),
            "{action} audited: {audit:?}"
        );
    }

    // u puts everything back.
    f.desk.undo(&f.supervisor, now()).unwrap();
    assert!(store.person("7654321").unwrap().is_some());
    let case = store.case(id).unwrap().unwrap();
    assert_eq!(
        case.subject,
        Subject::Person(secretariat::domain::RegistrationNumber::parse("7654321").unwrap())
    );
    assert_eq!(
        store
            .loan("LOAN-7654321")
            .unwrap()
            .unwrap()
            .registration_number
            .as_str(),
        "7654321"
    );
    let back = lookup(&f, "7654321");
    assert_eq!(back.registration_number, "7654321");
    assert_eq!(back.linked_from, None);
    assert!(back.enquiries.iter().any(|e| e.topic == "二重登録"));
    assert_eq!(lookup(&f, "1234561").duplicates.len(), 1);
    sound(&f);
}

#[test]
fn only_a_supervisor_links_and_a_wrong_pair_is_refused_by_its_rule() {
    let f = with_duplicates_things();
    assert!(matches!(
        link(&f, &f.operator),
        Err(DeskError::Refused(Refusal::Permission { .. }))
    ));
    let refused = |duplicate: &str, keep: &str| match call(
        &f,
        &f.supervisor,
        Request::LinkDuplicate {
            duplicate: duplicate.into(),
            keep: keep.into(),
            dry_run: false,
        },
    ) {
        Err(DeskError::Refused(Refusal::Link { problem })) => problem,
        other => panic!("{other:?}"),
    };
    assert!(matches!(
        refused("1234561", "1234561"),
        LinkProblem::Same { .. }
    ));
    assert!(matches!(
        refused("9999999", "1234561"),
        LinkProblem::NotKnown { .. }
    ));
    link(&f, &f.supervisor).unwrap();
    assert!(matches!(
        refused("7654321", "2345672"),
        LinkProblem::Linked { keep, .. } if keep == "1234561"
    ));
    // A dry run writes nothing.
    match call(
        &f,
        &f.supervisor,
        Request::LinkDuplicate {
            duplicate: "4567894".into(),
            keep: "3456783".into(),
            dry_run: true,
        },
    )
    .unwrap()
    {
        Response::Linked(r) => assert!(!r.written),
        other => panic!("{other:?}"),
    }
    assert!(f.desk.store().person("4567894").unwrap().is_some());
}

#[test]
fn d_in_the_lookup_asks_then_links_and_u_undoes_it_at_80x24() {
    let f = with_duplicates_things();
    let mut app = app(&f, &f.supervisor, Lang::Ja, 80, 24);
    press(&mut app, &["L"]);
    type_text(&mut app, "1234561");
    press(&mut app, &["Enter", "D"]);
    let shown = screen(&mut app, 80, 24);
    assert!(
        shown.contains("二重登録 7654321 (山田 太郎) を 1234561 に統合しますか?"),
        "{shown}"
    );
    press(&mut app, &["y"]);
    let said = app.message().map(|m| m.text.clone()).unwrap_or_default();
    assert!(said.contains("7654321 を 1234561 に統合しました"), "{said}");
    assert!(said.contains("事案 2件"), "{said}");
    let shown = screen(&mut app, 80, 24);
    assert!(
        !shown.contains("別番号 7654321"),
        "the duplicate is no longer shown: {shown}"
    );
    press(&mut app, &["u"]);
    let said = app.message().map(|m| m.text.clone()).unwrap_or_default();
    assert!(
        said.contains("二重登録の統合 (7654321) の記録を取り消しました"),
        "{said}"
    );
    assert!(f.desk.store().person("7654321").unwrap().is_some());

    // An operator is neither offered D nor able to link with it.
    let mut op = app_for(&f, &f.operator);
    press(&mut op, &["L"]);
    type_text(&mut op, "1234561");
    press(&mut op, &["Enter", "?"]);
    let help = screen(&mut op, 80, 24);
    assert!(!help.contains("二重登録をこの方に統合"), "{help}");
    press(&mut op, &["Esc", "D"]);
    assert!(f.desk.store().person("7654321").unwrap().is_some());
}

fn app_for(f: &Fixture, who: &secretariat::desk::Actor) -> secretariat::tui::app::App {
    app(f, who, Lang::Ja, 80, 24)
}

fn bin(dir: &std::path::Path, lang: &str, args: &[&str]) -> std::process::Output {
    std::process::Command::new(env!("CARGO_BIN_EXE_secretariat"))
        .env("LANG", lang)
        .arg("--data-dir")
        .arg(dir)
        .args(["--as-of", "2026-11-21", "--embedded"])
        .args(args)
        .output()
        .unwrap()
}

fn out(o: &std::process::Output) -> String {
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    String::from_utf8_lossy(&o.stdout).into_owned()
}

#[test]
fn secretariat_link_says_what_moves_in_both_languages_and_refuses_by_rule() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("store");
    let file = tmp.path().join("people.jsonl");
    std::fs::write(
        &file,
        concat!(
            r#"{"kind":"person","registration_number":"1234561","name":"山田 太郎","birth_date":"1995-04-02"}"#,
            "\n",
            r#"{"kind":"person","registration_number":"7654321","name":"山田 太郎","birth_date":"1995-04-02"}"#,
            "\n",
        ),
    )
    .unwrap();
    out(&bin(&dir, "C.UTF-8", &["import", file.to_str().unwrap()]));
    let said = out(&bin(
        &dir,
        "ja_JP.UTF-8",
        &["link", "7654321", "1234561", "--dry-run"],
    ));
    assert!(
        said.contains("7654321 を 1234561 に統合できます (試行のみ)"),
        "{said}"
    );
    let said = out(&bin(&dir, "C.UTF-8", &["link", "7654321", "1234561"]));
    assert!(
        said.contains("7654321 linked to 1234561 — 0 cases"),
        "{said}"
    );
    let shown = out(&bin(&dir, "ja_JP.UTF-8", &["lookup", "7654321"]));
    assert!(
        shown.contains("7654321 は二重登録として 1234561 に統合済みです"),
        "{shown}"
    );
    let again = bin(&dir, "ja_JP.UTF-8", &["link", "7654321", "1234561"]);
    assert!(!again.status.success());
    let why = String::from_utf8_lossy(&again.stderr);
    assert!(why.contains("7654321 は 1234561 に統合済みです"), "{why}");
    let json = out(&bin(&dir, "C.UTF-8", &["lookup", "7654321", "--json"]));
    let l: serde_json::Value = serde_json::from_str(&json).unwrap();
    assert_eq!(l["linked_from"], "7654321");
    assert_eq!(l["registration_number"], "1234561");
}
