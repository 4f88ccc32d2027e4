//! The enquiry log in the TUI, driven by keys against a temporary store:
//! `i` in the lookup logs an enquiry on the person shown (picked channel and
//! topic, a typed note or one written in `$EDITOR`, a case, open or
//! resolved), an invalid note is named beside its field, `I` and
//! `:enquiries` list the open ones with their age, `d` resolves one and
//! `Enter` opens its caller's lookup. Screens at 80×24 and 120×40.

mod common;

use common::*;
use secretariat::desk::{EnquiryRequest, Request};
use secretariat::domain::enquiry::{Channel, Enquiry, EnquiryStatus};
use secretariat::i18n::Lang;
use secretariat::tui::app::{Action, App, Effect, FormField, Popup, Screen};

const SIZES: [(u16, u16); 2] = [(80, 24), (120, 40)];

fn snap(name: &str, app: &mut App) {
    for (w, h) in SIZES {
        let text = screen(app, w, h);
        assert!(!text.contains('\u{1b}'), "an escape reached the screen");
        insta::assert_snapshot!(format!("{name}_{w}x{h}"), text);
    }
}

fn look_up(app: &mut App, regno: &str) {
    press(app, &["L"]);
    type_text(app, regno);
    press(app, &["Enter"]);
    assert!(app.lookup_view().is_some());
}

fn enquiries(f: &Fixture) -> Vec<Enquiry> {
    f.desk.store().all_enquiries().map(|e| e.unwrap()).collect()
}

fn form(app: &App) -> &secretariat::tui::app::EnquiryForm {
    match app.popup() {
        Some(Popup::Enquiry(f)) => f,
        other => panic!("no enquiry form: {other:?}"),
    }
}

#[test]
fn i_logs_an_enquiry_on_the_person_of_the_lookup() {
    let f = fixture();
    let mut app = app(&f, &f.helpdesk, Lang::Ja, 80, 24);
    look_up(&mut app, "1234561");
    press(&mut app, &["i"]);
    assert_eq!(form(&app).focus, FormField::Channel);
    // Mail, the fourth topic, a typed note, the person's withdrawal, left open.
    press(&mut app, &["Down", "Tab", "Down", "Down", "Down", "Tab"]);
    assert_eq!(form(&app).focus, FormField::Note);
    type_text(&mut app, "旧姓のアカウントがあるとのこと");
    press(&mut app, &["Tab", "Down", "Tab", "Space"]);
    assert_eq!(form(&app).focus, FormField::Status);
    assert!(!form(&app).resolved);
    press(&mut app, &["Enter"]);
    assert!(app.popup().is_none(), "saved: the form is gone");
    let logged = enquiries(&f);
    assert_eq!(logged.len(), 1);
    let e = &logged[0];
    assert_eq!(e.registration_number.as_ref().unwrap().as_str(), "1234561");
    assert_eq!(e.by, "tanaka");
    assert_eq!(e.channel, Channel::Mail);
    assert_eq!(e.topic, "二重登録");
    assert_eq!(e.note, "旧姓のアカウントがあるとのこと");
    assert_eq!(e.status, EnquiryStatus::Open);
    // The first of the person's cases, as the lookup lists them.
    let case = e.case.as_ref().unwrap();
    let l = app.lookup_view().unwrap();
    assert_eq!(
        (case.queue, case.reference.as_str()),
        (
            l.data.cases[0].key.queue,
            l.data.cases[0].key.reference.as_str()
        )
    );
    // The lookup lists it at once.
    assert_eq!(l.data.enquiries.len(), 1);
    let text = screen(&mut app, 80, 24);
    assert!(text.contains("問い合わせ #1 を記録しました"), "{text}");
    assert!(text.contains("#1") && text.contains("二重登録"), "{text}");
}

#[test]
fn esc_cancels_and_a_note_over_the_bound_is_named_beside_its_field() {
    let f = fixture();
    let mut app = app(&f, &f.helpdesk, Lang::Ja, 80, 24);
    look_up(&mut app, "2345672");
    press(&mut app, &["i", "Esc"]);
    assert!(app.popup().is_none());
    assert!(enquiries(&f).is_empty());

    press(&mut app, &["i"]);
    // What an editor left: too long, and control characters are cleaned.
    step(&mut app, Action::Edited(Some("あ".repeat(10_001))));
    assert_eq!(form(&app).focus, FormField::Note);
    press(&mut app, &["Enter"]);
    assert!(enquiries(&f).is_empty(), "nothing written");
    let text = screen(&mut app, 80, 24);
    assert!(text.contains("内容が 10001 文字あります"), "{text}");
    assert!(text.contains("赤字の項目を直してください"), "{text}");
    snap("enquiry_form_problem", &mut app);
}

#[test]
fn ctrl_e_asks_for_the_editor_and_its_lines_are_kept() {
    let f = fixture();
    let mut app = app(&f, &f.operator, Lang::Ja, 120, 40);
    look_up(&mut app, "3456783");
    press(&mut app, &["i", "Tab", "Tab"]);
    type_text(&mut app, "一行目");
    let effects = press(&mut app, &["Ctrl-e"]);
    assert_eq!(effects, vec![Effect::EditText("一行目".into())]);
    step(
        &mut app,
        Action::Edited(Some("一行目\n二行目 \u{1b}[31m赤\n".into())),
    );
    snap("enquiry_form", &mut app);
    press(&mut app, &["Enter"]);
    let e = &enquiries(&f)[0];
    assert_eq!(e.note, "一行目\n二行目 ?[31m赤");
    assert!(
        !e.status.is_open(),
        "resolved is the default: the call is answered"
    );
    assert_eq!(e.by, "suzuki");
}

#[test]
fn colon_enquiries_lists_the_open_ones_and_d_resolves_one() {
    let f = fixture();
    for (regno, topic) in [("1234561", "パスワード"), ("4567894", "研修資金")] {
        f.desk
            .execute(
                &secretariat::desk::Session {
                    actor: f.helpdesk.clone(),
                    now: now() - chrono::Duration::days(3),
                    today: now().date_naive(),
                },
                Request::Enquiry(EnquiryRequest::LogEnquiry {
                    registration_number: Some(regno.into()),
                    channel: Channel::Phone,
                    topic: topic.into(),
                    note: "折り返し連絡を約束".into(),
                    case: None,
                    resolved: false,
                }),
                &mut |_, _| {},
            )
            .unwrap();
    }
    let mut app = app(&f, &f.helpdesk, Lang::Ja, 80, 24);
    press(&mut app, &[":"]);
    type_text(&mut app, "enquiries");
    press(&mut app, &["Enter"]);
    assert!(matches!(app.shown_screen(), Some(Screen::Enquiries(_))));
    let text = screen(&mut app, 80, 24);
    assert!(text.contains("未対応の問い合わせ (2件)"), "{text}");
    assert!(text.contains("伊藤 美咲") && text.contains("3日"), "{text}");
    assert!(
        !text.contains("phone"),
        "no ids on a Japanese screen: {text}"
    );
    snap("enquiries_list", &mut app);

    // Enter: the caller's lookup; Esc back to the list.
    press(&mut app, &["Enter"]);
    let l = app.lookup_view().unwrap();
    assert_eq!(l.data.registration_number, "4567894");
    assert!(matches!(app.shown_screen(), Some(Screen::Lookup(_))));
    press(&mut app, &["Esc"]);
    assert!(matches!(app.shown_screen(), Some(Screen::Enquiries(_))));

    // d resolves the newest; someone else resolving the other first is named.
    press(&mut app, &["d"]);
    let open: Vec<_> = enquiries(&f)
        .into_iter()
        .filter(|e| e.status.is_open())
        .collect();
    assert_eq!(open.len(), 1);
    f.desk
        .resolve_enquiry(&f.operator, open[0].id, Some(1), now())
        .unwrap();
    press(&mut app, &["d"]);
    let text = screen(&mut app, 80, 24);
    assert!(
        text.contains("鈴木 一郎") || text.contains("suzuki"),
        "{text}"
    );
    assert!(text.contains("未対応の問い合わせはありません"), "{text}");
    // I toggles back to the list of cases.
    press(&mut app, &["I"]);
    assert!(app.shown_screen().is_none());
    press(&mut app, &["I"]);
    assert!(matches!(app.shown_screen(), Some(Screen::Enquiries(_))));
}

#[test]
fn the_lookup_lists_a_persons_enquiries_newest_first() {
    let f = fixture();
    for (days, topic) in [(10, "ログインメール未着"), (2, "パスワード")] {
        let draft = secretariat::domain::enquiry::EnquiryDraft {
            registration_number: secretariat::domain::RegistrationNumber::parse("1234561").ok(),
            channel: Channel::Counter,
            topic: topic.into(),
            note: "窓口で説明".into(),
            case: None,
            resolved: days > 5,
        };
        f.desk
            .log_enquiry(&f.helpdesk, draft, now() - chrono::Duration::days(days))
            .unwrap();
    }
    let mut app = app(&f, &f.helpdesk, Lang::Ja, 80, 24);
    look_up(&mut app, "1234561");
    let l = app.lookup_view().unwrap();
    assert_eq!(
        l.data
            .enquiries
            .iter()
            .map(|e| e.topic.as_str())
            .collect::<Vec<_>>(),
        ["パスワード", "ログインメール未着"]
    );
    snap("lookup_enquiries", &mut app);
}
