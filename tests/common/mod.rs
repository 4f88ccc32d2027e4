//! A small Japanese store and helpers that drive the TUI's `App` by key names.
#![allow(dead_code)]

pub mod documents;

use crossterm::event::{Event, KeyCode, KeyEvent, KeyModifiers};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use secretariat::clock::Clock;
use secretariat::config::TuiConfig;
use secretariat::desk::{Actor, Desk, DeskClient, DeskSettings, LocalDesk};
use secretariat::domain::time::{at, ymd};
use secretariat::domain::{
    Case, CaseBody, DirectorDecision, Facility, FacilityNumber, FacilityReport, LoanFollowup,
    Person, Queue, RegistrationNumber, Role, State, Subject, Timestamp, TrainingPeriod, Transfer,
    TransferKind, Withdrawal, WithdrawalKind,
};
use secretariat::i18n::{DateStyle, Lang};
use secretariat::store::RegistryWrite;
use secretariat::tui::app::{Action, App, AppSetup, Effect};
use secretariat::tui::keymap::Key;
use secretariat::tui::runner::step_inline;
use secretariat::tui::views;
use std::os::unix::fs::PermissionsExt;
use std::sync::Arc;

/// 2026-11-21 10:00 JST: the fixed "now" of every test.
pub fn now() -> Timestamp {
    at(ymd(2026, 11, 21), 10, 0)
}

pub struct Fixture {
    pub _dir: tempfile::TempDir,
    pub desk: Arc<Desk>,
    pub supervisor: Actor,
    pub operator: Actor,
    pub helpdesk: Actor,
}

fn regno(s: &str) -> RegistrationNumber {
    RegistrationNumber::parse(s).unwrap()
}

pub fn person(r: &str, name: &str, kana: &str, birth: (i32, u32, u32)) -> Person {
    Person {
        registration_number: regno(r),
        name: name.into(),
        name_kana: Some(kana.into()),
        birth_date: ymd(birth.0, birth.1, birth.2),
        email: Some(format!("user{r}@example.jp")),
        regional_quota: r.ends_with('1'),
        training_periods: vec![TrainingPeriod {
            facility: FacilityNumber::parse("F-0001").unwrap(),
            start: ymd(2024, 4, 1),
            end: ymd(2025, 3, 31),
        }],
    }
}

fn facility() -> Facility {
    Facility {
        facility_number: FacilityNumber::parse("F-0001").unwrap(),
        name: "東北大学病院".into(),
        prefecture: "宮城県".into(),
        medical_area: Some("仙台医療圏".into()),
        dental: false,
        priority_area: false,
        certified: true,
        contact_email: Some("kenshu@tohoku-hosp.example.jp".into()),
        last_report: None,
        designated: true,
    }
}

fn case(reference: &str, queue: Queue, subject: Subject, day: u32, body: CaseBody) -> Case {
    let state = match &body {
        CaseBody::Withdrawal(_) => State::AwaitingDirector,
        CaseBody::LoanFollowup(_) => State::Open,
        _ => State::Submitted,
    };
    Case {
        reference: reference.into(),
        queue,
        state,
        subject,
        subject_name: String::new(),
        subject_kana: None,
        received_at: at(ymd(2026, 11, day), 9, 30),
        due: None,
        assignee: None,
        revision: 0,
        updated_at: at(ymd(2026, 11, day), 9, 30),
        updated_by: "import".into(),
        body,
        notes: Vec::new(),
        history: Vec::new(),
    }
}

pub fn withdrawal(reference: &str, r: &str, day: u32, reason: &str) -> Case {
    case(
        reference,
        Queue::Withdrawal,
        Subject::Person(regno(r)),
        day,
        CaseBody::Withdrawal(Withdrawal {
            registration_number: regno(r),
            program: "東北大学 内科専門研修プログラム".into(),
            director: "佐藤 一郎".into(),
            director_email: Some("director@tohoku.example.jp".into()),
            reason: reason.into(),
            kind: WithdrawalKind::Adoption,
            director_decision: DirectorDecision::Pending,
            director_decided_at: None,
            chased_at: None,
            completed_at: None,
        }),
    )
}

fn cases() -> Vec<Case> {
    let mut v = vec![
        withdrawal("W-2026-0001", "1234561", 2, "他のプログラムへの応募のため"),
        withdrawal("W-2026-0002", "2345672", 5, "家庭の事情により"),
        withdrawal("W-2026-0003", "3456783", 10, "研修施設の変更を希望"),
        withdrawal("W-2026-0004", "4567894", 18, "体調不良のため"),
    ];
    v.push(case(
        "T-2026-0001",
        Queue::Transfer,
        Subject::Person(regno("2345672")),
        8,
        CaseBody::Transfer(Transfer {
            registration_number: regno("2345672"),
            kind: TransferKind::AssociationTransfer,
            from_association: "仙台市医師会".into(),
            requested_category: "A①".into(),
            to_association: Some("札幌市医師会".into()),
            to_prefecture: Some("北海道".into()),
            to_district: Some("札幌市".into()),
            current_category: Some("B".into()),
            facility: None,
            facility_duty: Some("勤務医".into()),
            reason: Some("転勤のため".into()),
        }),
    ));
    v.push(case(
        "R-2026-0001",
        Queue::FacilityReport,
        Subject::Facility(FacilityNumber::parse("F-0001").unwrap()),
        3,
        CaseBody::FacilityReport(FacilityReport {
            facility_number: FacilityNumber::parse("F-0001").unwrap(),
            fiscal_year: 2026,
            reporter_name: "渡辺 直美".into(),
            supervisors: vec!["C-1001".into(), "C-1002".into()],
            director_name: Some("小林 誠".into()),
            contact_email: None,
            generated: false,
        }),
    ));
    for (i, (r, due, topic)) in [
        ("1234561", ymd(2026, 4, 15), "continuation_overdue"),
        ("3456783", ymd(2026, 11, 23), "status_report_overdue"),
    ]
    .into_iter()
    .enumerate()
    {
        v.push(case(
            &format!("LF-{r}-{i}"),
            Queue::LoanFollowup,
            Subject::Person(regno(r)),
            1,
            CaseBody::LoanFollowup(LoanFollowup {
                loan_id: format!("LOAN-{r}"),
                registration_number: regno(r),
                topic: topic.into(),
                due,
                principal: Some(6_600_000),
                interest: None,
                amount_due: None,
                service_months: Some(7),
            }),
        ));
    }
    v
}

/// A store with four withdrawals, a transfer, a facility report and two loan
/// follow-ups; 佐藤 is supervisor, 鈴木 operator, 田中 help desk.
pub fn fixture() -> Fixture {
    let dir = tempfile::tempdir().unwrap();
    // A store's directory is its owner's alone (a server refuses any other).
    std::fs::set_permissions(dir.path(), std::fs::Permissions::from_mode(0o700)).unwrap();
    // Under this user's audit key, as the binary reads it (some tests serve it).
    let settings = DeskSettings {
        audit_key: secretariat::audit_key::owner_key(None).unwrap(),
        ..DeskSettings::default()
    };
    let desk = Desk::open(dir.path(), "sato", settings).unwrap();
    let supervisor = desk.actor("sato").unwrap();
    desk.add_user(&supervisor, "suzuki", Role::Operator, now())
        .unwrap();
    desk.add_user(&supervisor, "tanaka", Role::Helpdesk, now())
        .unwrap();
    // The names people read for the users (screens show these).
    for (user, shown) in [
        ("sato", "佐藤 恵子"),
        ("suzuki", "鈴木 一郎"),
        ("tanaka", "田中 誠"),
    ] {
        desk.set_user_name(&supervisor, user, Some(shown), now())
            .unwrap();
    }
    let people = vec![
        person("1234561", "山田 太郎", "やまだ たろう", (1995, 4, 2)),
        person("2345672", "鈴木 花子", "すずき はなこ", (1996, 7, 15)),
        person(
            "3456783",
            "高橋 健一郎",
            "たかはし けんいちろう",
            (1994, 1, 30),
        ),
        person("4567894", "伊藤 美咲", "いとう みさき", (1997, 12, 8)),
        // 二重登録: the same name and birth date as 山田 太郎 under another number.
        person("7654321", "山田 太郎", "やまだ たろう", (1995, 4, 2)),
    ];
    let mut registry: Vec<RegistryWrite> = people.into_iter().map(RegistryWrite::Person).collect();
    registry.push(RegistryWrite::Facility(facility()));
    desk.load_records(&supervisor, registry, cases(), now())
        .unwrap();
    Fixture {
        operator: desk.actor("suzuki").unwrap(),
        helpdesk: desk.actor("tanaka").unwrap(),
        supervisor,
        desk: Arc::new(desk),
        _dir: dir,
    }
}

/// A form as a clerk fills it in, field by field (the import format's names).
pub fn form(kind: &str, fields: &[(&str, &str)]) -> secretariat::desk::RecordForm {
    secretariat::desk::RecordForm {
        kind: kind.into(),
        fields: fields
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect(),
        seen: Vec::new(),
        dry_run: false,
    }
}

/// Records `form` as `who`, at the fixed now; it must be taken.
pub fn record(f: &Fixture, who: &Actor, form: &secretariat::desk::RecordForm) {
    f.desk
        .record_form(who, form, now().date_naive(), now())
        .unwrap();
}

/// The store is sound: `check` finds no fault.
pub fn sound(f: &Fixture) {
    let report = f.desk.store().check().unwrap();
    assert!(report.faults.is_empty(), "{:?}", report.faults);
}

/// One request of `who`'s to the fixture's desk, at the fixed now.
pub fn call(
    f: &Fixture,
    who: &Actor,
    r: secretariat::desk::Request,
) -> Result<secretariat::desk::Response, secretariat::desk::DeskError> {
    f.desk.execute(
        &secretariat::desk::Session {
            actor: who.clone(),
            now: now(),
            today: now().date_naive(),
        },
        r,
        &mut |_, _| {},
    )
}

/// An app for `actor`, sized and started.
pub fn app(f: &Fixture, actor: &Actor, lang: Lang, w: u16, h: u16) -> App {
    app_with_views(f, actor, lang, w, h, Vec::new())
}

/// An app with configured views (`[[views]]`).
pub fn app_with_views(
    f: &Fixture,
    actor: &Actor,
    lang: Lang,
    w: u16,
    h: u16,
    views: Vec<secretariat::domain::view::View>,
) -> App {
    app_setup(f, actor, lang, DateStyle::Iso, (w, h), views)
}

/// An app with an office's `[documents]` (`P`).
pub fn app_with_documents(
    f: &Fixture,
    actor: &Actor,
    lang: Lang,
    w: u16,
    h: u16,
    documents: secretariat::document::DocumentsConfig,
) -> App {
    let mut app = app_setup_with(
        f,
        actor,
        lang,
        DateStyle::Iso,
        (w, h),
        Vec::new(),
        documents,
    );
    step(&mut app, Action::Resize(w, h));
    app
}

/// An app writing dates in `dates` (`[display] dates`).
pub fn app_dated(f: &Fixture, actor: &Actor, lang: Lang, dates: DateStyle, w: u16, h: u16) -> App {
    app_setup(f, actor, lang, dates, (w, h), Vec::new())
}

fn app_setup(
    f: &Fixture,
    actor: &Actor,
    lang: Lang,
    dates: DateStyle,
    size: (u16, u16),
    views: Vec<secretariat::domain::view::View>,
) -> App {
    app_setup_with(f, actor, lang, dates, size, views, Default::default())
}

fn app_setup_with(
    f: &Fixture,
    actor: &Actor,
    lang: Lang,
    dates: DateStyle,
    (w, h): (u16, u16),
    views: Vec<secretariat::domain::view::View>,
    documents: secretariat::document::DocumentsConfig,
) -> App {
    let config = TuiConfig {
        followups_on_start: false,
        ..TuiConfig::default()
    };
    let port: Arc<dyn DeskClient> =
        Arc::new(LocalDesk::new(f.desk.clone(), &actor.name, Clock::stopped_at(now())).unwrap());
    let mut app = App::new(
        port,
        AppSetup {
            actor: actor.clone(),
            lang,
            dates,
            store_label: "/tmp/secretariat-test".into(),
            config,
            views,
            no_color: true,
            documents,
        },
        now(),
    );
    step(&mut app, Action::Resize(w, h));
    step(&mut app, Action::Start);
    app
}

/// Applies an action with its desk calls done inline (the synchronous runner).
/// Runs one action as the loop does: its effects inline, then a frame drawn
/// at the app's size (what the widgets report bounds the next keys).
pub fn step(app: &mut App, action: Action) -> Vec<Effect> {
    let effects = step_inline(app, action, now());
    let (w, h) = app.size();
    let mut term = Terminal::new(TestBackend::new(w, h)).unwrap();
    let mut drawn = Default::default();
    term.draw(|f| drawn = views::render(app, f)).unwrap();
    app.drew(drawn);
    effects
}

/// A key event from its config name (`a`, `Enter`, `Ctrl-c`, `ａ`…).
pub fn key_event(name: &str) -> Event {
    let k = Key::parse(name).unwrap_or_else(|| panic!("bad key {name}"));
    let mut ev = KeyEvent::new(k.code, k.mods);
    if let KeyCode::Char(c) = k.code {
        if c.is_ascii_uppercase() {
            ev.modifiers |= KeyModifiers::SHIFT;
        }
    }
    Event::Key(ev)
}

/// Presses keys as the terminal would deliver them; runs bulk work inline.
pub fn press(app: &mut App, keys: &[&str]) -> Vec<Effect> {
    let mut all = Vec::new();
    for k in keys {
        all.extend(feed(app, &key_event(k)));
    }
    all
}

/// Types text into the focused field, character by character (as an IME commits it).
pub fn type_text(app: &mut App, text: &str) {
    for c in text.chars() {
        feed(
            app,
            &Event::Key(KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE)),
        );
    }
}

/// Feeds one terminal event; every effect runs inline (desk calls, bulk work).
pub fn feed(app: &mut App, ev: &Event) -> Vec<Effect> {
    let Some(action) = app.action_for(ev) else {
        return Vec::new();
    };
    step(app, action)
}

/// The screen as text lines at `w`×`h`.
pub fn screen(app: &mut App, w: u16, h: u16) -> String {
    step(app, Action::Resize(w, h));
    let mut term = Terminal::new(TestBackend::new(w, h)).unwrap();
    let mut drawn = Default::default();
    term.draw(|f| drawn = views::render(app, f)).unwrap();
    app.drew(drawn);
    views::buffer_lines(term.backend().buffer()).join("\n")
}

/// Approves the transfer and has the mail relay refuse its notification for
/// good (550); returns the notification's id.
pub fn refuse_one_notification(f: &Fixture) -> u64 {
    let t = secretariat::desk::CaseKey::new(Queue::Transfer, "T-2026-0001");
    let rev = f.desk.detail(&t, now().date_naive()).unwrap().case.revision;
    f.desk.approve(&f.operator, &t, rev, now()).unwrap();
    let later = now() + chrono::Duration::minutes(10);
    let taken = f
        .desk
        .mail_take(&f.operator, later, "example.jp", 10)
        .unwrap();
    f.desk
        .mail_failed(
            &f.operator,
            &taken[0].1,
            "550 5.1.1 Mailbox unavailable",
            later,
        )
        .unwrap();
    taken[0].0.id
}
