//! The screen's state and `step`, which turns an `Action` into new state and
//! effects for the loop to run, without touching the terminal, the clock or
//! the desk: every desk call is an `Effect`, its answer an `Action`.

mod answer;
pub mod backlog;
mod bulk;
pub mod checks;
pub mod command_line;
pub mod completion;
mod decide;
pub mod document;
pub mod drawn;
mod enquiry;
mod form;
mod link;
mod list;
mod live;
mod lookup;
mod mail;
mod messages;
mod popup;
mod queue;
mod screens;
mod session;
mod views;

pub use answer::{Answer, Failure, Then};
pub use enquiry::{EnquiriesScreen, EnquiryForm, FormField};
pub use form::{Choice, Form, Pick};
pub use list::{ListState, PageCache};
pub use mail::MailView;
pub use messages::{HISTORY, Message};
pub use popup::{Pending, Popup, ReasonTarget};
pub use screens::{Screen, Screens};
pub use session::{SavedList, SavedReason, SavedScreen, SavedTarget};

use super::keymap::{Command, Context, KeyMap};
use super::layout::{Areas, WIDE};
use super::theme::Theme;
use crate::config::TuiConfig;
use crate::desk::{
    Actor, BulkAction, BulkReport, CaseDetail, CaseKey, DeskClient, Lookup, PageQuery, QueueCounts,
    Request,
};
use crate::domain::time::jst_date;
use crate::domain::{Permission, Queue, Timestamp};
use crate::i18n::{Lang, msg};
use chrono::NaiveDate;
use crossterm::event::{Event, KeyCode, KeyEventKind, KeyModifiers};
use ratatui::layout::Rect;
use std::collections::{HashMap, HashSet};
use std::sync::Arc;
use tui_input::InputRequest;

/// Something that happened: a key's command, an edit of a text field, a new
/// terminal size, a tick of the clock, or news from a worker.
#[derive(Debug, Clone, PartialEq)]
pub enum Action {
    /// Load counts and the first page (and generate follow-ups if configured).
    Start,
    Command(Command),
    /// An edit in the text field that has the focus.
    Edit(InputRequest),
    Paste(String),
    Submit,
    Cancel,
    PickPrev,
    PickNext,
    /// `Tab` in the filter or the command line: complete the last word.
    Complete,
    /// PgUp / PgDn in a popup that scrolls (help, messages).
    PopupPage {
        down: bool,
    },
    /// Ctrl-C in a text field.
    Interrupt,
    Resize(u16, u16),
    /// Time passed (messages expire).
    Tick,
    BulkProgress {
        done: usize,
        total: usize,
    },
    BulkDone(Result<BulkReport, Failure>),
    /// Follow-ups generated in the background: (created, closed) or why not.
    FollowupsDone(Result<(usize, usize), Failure>),
    /// The keys a query matched (and whether the cap cut them), or why not.
    Matching(Result<(Vec<CaseKey>, bool), Failure>),
    /// Events pushed by the server since the last batch.
    Pushed(Vec<crate::desk::Event>),
    /// The answer of the desk call `id` (an `Effect::Call`).
    Answered {
        id: u64,
        then: Then,
        answer: Answer,
    },
    /// The session kept last time, if any (answer to `Effect::LoadSession`).
    SessionLoaded(Option<serde_json::Value>),
    /// `Ctrl-E` in the enquiry form: its note in `$EDITOR`.
    EditInEditor,
    /// The text the editor left (None: it failed or was left unsaved).
    Edited(Option<String>),
    /// A document's PDF written (and printed), or why not.
    DocumentWritten(Result<document::Written, String>),
}

/// Work for the loop, which `step` does not do itself.
#[derive(Debug, Clone, PartialEq)]
pub enum Effect {
    Quit,
    /// Run a bulk decision on a worker, reporting `BulkProgress` and `BulkDone`.
    StartBulk(BulkJob),
    /// Run the day's follow-up job (as the store's service account, once a
    /// day) on a worker, reporting `FollowupsDone`; the screen stays usable.
    GenerateFollowups,
    /// Collect the keys of every case a query matches (up to `MARK_CAP`) on a
    /// worker, reporting `Matching`.
    CollectMatching {
        query: PageQuery,
    },
    /// One desk call; its answer comes back as `Action::Answered` with `then`.
    Call {
        id: u64,
        request: Request,
        then: Then,
    },
    /// Read the session kept last time, reporting `SessionLoaded`.
    LoadSession,
    /// Keep the screen's state (the loop writes the latest one after a pause).
    SaveSession(serde_json::Value),
    /// Tell the desk which case the screen shows.
    Viewing(Option<CaseKey>),
    /// Suspend the screen and edit this text in `$EDITOR`, reporting `Edited`.
    EditText(String),
    /// Write (and print) a document's PDF on a worker, reporting `DocumentWritten`.
    WriteDocument(Box<document::WriteJob>),
}

/// The most cases `M` marks at once.
pub const MARK_CAP: usize = 10_000;

/// A bulk decision to run off the UI thread.
#[derive(Debug, Clone, PartialEq)]
pub struct BulkJob {
    pub keys: Vec<CaseKey>,
    pub action: BulkAction,
}

/// A person looked up by help desk, with the selected case.
#[derive(Debug, Clone, PartialEq)]
pub struct LookupView {
    pub data: Lookup,
    pub selected: usize,
    /// The first line shown.
    pub scroll: usize,
}

/// Who runs the screen and how it looks; fixed for a session.
pub struct AppSetup {
    pub actor: Actor,
    pub lang: Lang,
    /// How dates are written on Japanese screens (English keeps ISO).
    pub dates: crate::i18n::DateStyle,
    pub store_label: String,
    pub config: TuiConfig,
    /// The configured views, offered after the built-ins (`V`).
    pub views: Vec<crate::domain::view::View>,
    pub no_color: bool,
    /// `[documents]`: how `P` words, writes and prints a document.
    pub documents: crate::document::DocumentsConfig,
}

/// Everything the screen shows.
pub struct App {
    pub(in crate::tui) bulk_run: bulk::BulkRun,
    /// `Ctrl-C` pressed once over typed text (a second one quits).
    interrupted: bool,
    pub(in crate::tui) calls: answer::Calls,
    pub(in crate::tui) keeping: session::Keeping,
    /// The queue screen under every other: tabs, lists, detail, marks.
    pub(in crate::tui) queues: queue::QueueScreen,
    /// What the last frame drew (scroll bounds).
    pub(in crate::tui) drawn: drawn::Drawn,
    pub(in crate::tui) port: Arc<dyn DeskClient>,
    pub(in crate::tui) actor: Actor,
    pub(in crate::tui) lang: Lang,
    /// How dates are written here: the configured style, ISO in English.
    pub(in crate::tui) dates: crate::i18n::DateStyle,
    pub(in crate::tui) store_label: String,
    pub(in crate::tui) keymap: KeyMap,
    pub(in crate::tui) theme: Theme,
    pub(in crate::tui) canned: Vec<String>,
    /// Every view `V` offers: the built-ins, then the configured ones.
    pub(in crate::tui) views: Vec<crate::domain::view::View>,
    /// The names people read for users (`tanaka` → `田中 美咲`), once asked.
    pub(in crate::tui) user_names: std::collections::BTreeMap<String, String>,
    /// The store's users, once asked (for completion and the reassign picker).
    pub(in crate::tui) users: Option<Vec<(String, crate::domain::Role)>>,
    /// The `:` lines typed before.
    pub(in crate::tui) line_history: command_line::History,
    /// The completions `Tab` is cycling through, and the one shown.
    pub(in crate::tui) completing: Option<(Vec<String>, usize)>,
    /// Seconds a decision stays undoable, once the desk has said (`UndoInfo`).
    pub(in crate::tui) undo_window: Option<i64>,
    followups_on_start: bool,
    pub(in crate::tui) size: (u16, u16),
    pub(in crate::tui) now: Timestamp,
    pub(in crate::tui) today: NaiveDate,
    pub(in crate::tui) popup: Option<Popup>,
    /// The screens over the list (lookup `L`, failed mail `F`, backlog `B`).
    pub(in crate::tui) screens: Screens,
    pub(in crate::tui) message: Option<Message>,
    /// The last `HISTORY` messages, newest last (`m` shows them).
    pub(in crate::tui) history: std::collections::VecDeque<Message>,
    /// Other operators viewing a case, by case (from the server).
    pub(in crate::tui) viewers: HashMap<CaseKey, Vec<String>>,
    /// Set while the service account cannot send mail (supervisors only).
    pub(in crate::tui) mail_stopped: Option<crate::desk::MailStopped>,
    /// `[documents]`, for `P`.
    pub(in crate::tui) documents: crate::document::DocumentsConfig,
}

impl App {
    /// A screen over `port`; call `step(Action::Start, now)` to load it.
    pub fn new(port: Arc<dyn DeskClient>, setup: AppSetup, now: Timestamp) -> App {
        let (keymap, problems) = KeyMap::new(&setup.config.keys);
        let mut app = App {
            bulk_run: Default::default(),
            interrupted: false,
            calls: Default::default(),
            keeping: Default::default(),
            queues: queue::QueueScreen::default(),
            drawn: drawn::Drawn::default(),
            port,
            actor: setup.actor,
            lang: setup.lang,
            dates: setup.dates.for_lang(setup.lang),
            store_label: setup.store_label,
            keymap,
            theme: Theme::new(&setup.config.colors, setup.no_color),
            canned: setup.config.canned_reasons.clone(),
            documents: setup.documents,
            views: crate::domain::view::all_views(&setup.views),
            users: None,
            user_names: std::collections::BTreeMap::new(),
            line_history: Default::default(),
            completing: None,
            undo_window: None,
            followups_on_start: setup.config.followups_on_start,
            size: (80, 24),
            now,
            today: jst_date(&now),
            popup: None,
            screens: Screens::default(),
            message: None,
            history: Default::default(),
            viewers: HashMap::new(),
            mail_stopped: None,
        };
        if !problems.is_empty() {
            let text = msg::bad_keys(app.lang, &problems.join(", "));
            app.set_error(text);
        }
        app
    }

    /// The key map in force (for help and hints).
    pub fn keymap(&self) -> &KeyMap {
        &self.keymap
    }

    /// The desk behind the screen (the loop's runner does its calls).
    pub fn port(&self) -> Arc<dyn DeskClient> {
        Arc::clone(&self.port)
    }

    /// The queue shown.
    pub fn queue(&self) -> Queue {
        self.queues.queue
    }

    /// The list state of the queue shown.
    pub fn list(&self) -> &ListState {
        &self.queues.lists[self.queues.queue.index()]
    }

    /// The detail loaded for the selected case, if the pane is showing.
    pub fn detail(&self) -> Option<&CaseDetail> {
        self.queues.detail.as_ref()
    }

    /// The status-line message.
    pub fn message(&self) -> Option<&Message> {
        self.message.as_ref()
    }

    /// The popup open, if any.
    pub fn popup(&self) -> Option<&Popup> {
        self.popup.as_ref()
    }

    /// The lookup view, when shown.
    pub fn lookup_view(&self) -> Option<&LookupView> {
        self.screens.lookup()
    }

    /// The failed-notifications view, when shown.
    pub fn mail_view(&self) -> Option<&MailView> {
        self.screens.mail()
    }

    /// The backlog overview, when shown.
    pub fn backlog_view(&self) -> Option<&backlog::BacklogScreen> {
        self.screens.backlog()
    }

    /// The screen shown over the list, if any.
    pub fn shown_screen(&self) -> Option<&Screen> {
        self.screens.shown()
    }

    /// Every view `V` offers.
    pub fn views(&self) -> &[crate::domain::view::View] {
        &self.views
    }

    /// Marked cases.
    pub fn marks(&self) -> &HashSet<CaseKey> {
        &self.queues.marks
    }

    /// Counts per queue, as last loaded.
    pub fn counts(&self) -> &[QueueCounts] {
        &self.queues.counts
    }

    /// Bulk progress (done, total) while one runs.
    pub fn bulk_progress(&self) -> Option<(usize, usize)> {
        self.bulk_run.bulk
    }

    /// Whether the terminal is wide enough for the list and detail side by side.
    pub(in crate::tui) fn wide(&self) -> bool {
        self.size.0 >= WIDE
    }

    /// Whether the detail pane is showing.
    pub fn detail_shown(&self) -> bool {
        self.screens.is_empty()
            && if self.wide() {
                self.queues.wide_detail
            } else {
                self.queues.narrow_detail
            }
    }

    pub(in crate::tui) fn areas_for(&self, area: Rect) -> Option<Areas> {
        Areas::of(area, self.detail_shown())
    }

    pub(in crate::tui) fn areas(&self) -> Option<Areas> {
        Areas::of(
            Rect::new(0, 0, self.size.0, self.size.1),
            self.detail_shown(),
        )
    }

    /// Where the keyboard focus is.
    pub fn context(&self) -> Context {
        match &self.popup {
            Some(Popup::Confirm { .. }) => Context::Confirm,
            Some(_) => Context::Text,
            None => match self.screens.shown() {
                Some(Screen::Backlog(_)) => Context::Backlog,
                Some(Screen::Mail(_)) => Context::Mail,
                Some(Screen::Lookup(_)) => Context::Lookup,
                Some(Screen::Enquiries(_)) => Context::Enquiries,
                None if !self.wide() && self.queues.narrow_detail => Context::Detail,
                None => Context::List,
            },
        }
    }

    /// The action a terminal event asks for in the current context.
    pub fn action_for(&self, event: &Event) -> Option<Action> {
        match event {
            Event::Resize(w, h) => Some(Action::Resize(*w, *h)),
            Event::Paste(s) if self.context() == Context::Text => Some(Action::Paste(s.clone())),
            Event::Key(k) if k.kind != KeyEventKind::Release => {
                let ctx = self.context();
                if ctx != Context::Text {
                    return self.keymap.command(ctx, k).map(Action::Command);
                }
                let picking = matches!(&self.popup, Some(Popup::Form(f)) if f.pick.is_some());
                if picking
                    || matches!(
                        self.popup,
                        Some(Popup::Views { .. } | Popup::Messages { .. } | Popup::Document(_))
                    )
                {
                    // A picker without a text field moves with the list's keys.
                    match self.keymap.command(Context::List, k) {
                        Some(Command::Down) => return Some(Action::PickNext),
                        Some(Command::Up) => return Some(Action::PickPrev),
                        _ => {}
                    }
                }
                let ctrl = k.modifiers.contains(KeyModifiers::CONTROL);
                let form = matches!(self.popup, Some(Popup::Enquiry(_)));
                match k.code {
                    KeyCode::Char('c') if ctrl => Some(Action::Interrupt),
                    KeyCode::Char('e')
                        if ctrl && (form || matches!(self.popup, Some(Popup::Form(_)))) =>
                    {
                        Some(Action::EditInEditor)
                    }
                    KeyCode::Tab if form || matches!(self.popup, Some(Popup::Document(_))) => {
                        Some(Action::Complete)
                    }
                    KeyCode::Enter => Some(Action::Submit),
                    KeyCode::Esc => Some(Action::Cancel),
                    KeyCode::Tab
                        if matches!(
                            self.popup,
                            Some(Popup::Filter { .. } | Popup::Command { .. } | Popup::Form(_))
                        ) =>
                    {
                        Some(Action::Complete)
                    }
                    KeyCode::BackTab if matches!(self.popup, Some(Popup::Form(_))) => {
                        Some(Action::PickPrev)
                    }
                    KeyCode::Up => Some(Action::PickPrev),
                    KeyCode::Down => Some(Action::PickNext),
                    KeyCode::PageUp | KeyCode::PageDown
                        if matches!(
                            self.popup,
                            Some(Popup::Help { .. } | Popup::Messages { .. } | Popup::Document(_))
                        ) =>
                    {
                        Some(Action::PopupPage {
                            down: k.code == KeyCode::PageDown,
                        })
                    }
                    _ => tui_input::backend::crossterm::to_input_request(event).map(Action::Edit),
                }
            }
            _ => None,
        }
    }

    /// Applies one action at `now` (the loop stamps it from the clock).
    pub fn step(&mut self, action: Action, now: Timestamp) -> Vec<Effect> {
        self.now = now;
        let today = jst_date(&now);
        let new_day = today != self.today;
        self.today = today;
        self.expire_message();
        if !matches!(action, Action::Interrupt) {
            self.interrupted = false;
        }
        let mut effects = match action {
            Action::Start => vec![Effect::LoadSession],
            Action::SessionLoaded(saved) => self.start(saved),
            Action::Answered { id, then, answer } => {
                self.answered(id, then, answer);
                Vec::new()
            }
            Action::Matching(result) => {
                match result {
                    Ok((keys, capped)) => {
                        let n = keys.len();
                        self.queues.marks.extend(keys);
                        self.set_marks_info(msg::marked_matching(self.lang, n, capped));
                    }
                    Err(f) => self.show_failure(&f),
                }
                Vec::new()
            }
            Action::FollowupsDone(result) => {
                match result {
                    Ok((created, closed)) if created + closed > 0 => {
                        self.set_info(msg::followups(self.lang, created, closed));
                        self.refresh();
                    }
                    Ok(_) => {}
                    Err(f) => self.show_failure(&f),
                }
                Vec::new()
            }
            Action::Tick => {
                if new_day {
                    self.refresh();
                }
                Vec::new()
            }
            Action::Resize(w, h) => {
                self.size = (w, h);
                self.after_move();
                Vec::new()
            }
            Action::Command(c) => self.command(c),
            Action::Interrupt => self.interrupt(),
            Action::BulkProgress { done, total } => {
                self.bulk_run.bulk = Some((done, total));
                Vec::new()
            }
            Action::BulkDone(result) => self.bulk_done(result),
            Action::DocumentWritten(result) => {
                self.document_written(result);
                Vec::new()
            }
            Action::Pushed(events) => {
                self.pushed(events);
                Vec::new()
            }
            other => self.popup_action(other),
        };
        self.tell_viewing();
        self.keep_session();
        self.drop_stale_message();
        if effects.contains(&Effect::Quit) && self.bulk_run.bulk.is_some() {
            self.bulk_run.quit_after_bulk = true;
            self.set_info(crate::i18n::Text::WaitBulk.get(self.lang).to_string());
            effects.retain(|e| *e != Effect::Quit);
        }
        let mut out = std::mem::take(&mut self.calls.out);
        out.append(&mut effects);
        out
    }

    fn start(&mut self, saved: Option<serde_json::Value>) -> Vec<Effect> {
        let saved = saved.and_then(|v| self.restore_session(v));
        self.keeping.started = saved.is_none();
        self.keeping.restoring = saved;
        self.refresh();
        self.call(crate::desk::Request::UserNames, Then::UserNames);
        // The day's follow-ups are the service account's job, whoever opens
        // the screen (through a server, the server has done it).
        if self.followups_on_start {
            return vec![Effect::GenerateFollowups];
        }
        Vec::new()
    }

    /// The name people read for `user`: the one the store keeps for them
    /// (`田中 美咲`), else the user name itself.
    pub fn shown_name<'a>(&'a self, user: &'a str) -> &'a str {
        self.user_names.get(user).map_or(user, String::as_str)
    }

    /// The family name people read for `user` in a narrow column (`田中`).
    pub fn short_name<'a>(&'a self, user: &'a str) -> &'a str {
        let shown = self.shown_name(user);
        shown.split_whitespace().next().unwrap_or(shown)
    }

    /// Forgets every cached page and reloads counts, the visible rows and the
    /// detail (shown as it was until the new one arrives).
    pub(in crate::tui) fn refresh(&mut self) {
        self.calls.generation += 1;
        self.queues.cache.clear();
        self.queues.detail_fresh = false;
        self.queues.changed_by = None;
        self.reload_counts_and_lookup();
        self.after_move();
    }

    /// Asks for the queue counts, and the lookup or mail view shown (if any), again.
    pub(in crate::tui) fn reload_counts_and_lookup(&mut self) {
        let generation = self.calls.generation;
        self.call(Request::Counts, Then::Counts { generation });
        if self.actor.role.may(Permission::ManageUsers) {
            self.call(Request::ServiceMail, Then::ServiceMail);
        }
        if let Some(l) = self.screens.lookup() {
            let input = l.data.registration_number.clone();
            self.call(Request::Lookup { input }, Then::LookupAgain { generation });
        }
        self.reload_mail();
        self.reload_enquiries(false);
        if self.screens.backlog().is_some() {
            self.open_backlog();
        }
    }

    fn interrupt(&mut self) -> Vec<Effect> {
        let typed = match &self.popup {
            Some(p) => p.has_text(),
            None => false,
        };
        if typed && !self.interrupted {
            self.popup = None;
            self.interrupted = true;
            self.set_info(crate::i18n::Text::InterruptAgain.get(self.lang).to_string());
            return Vec::new();
        }
        vec![Effect::Quit]
    }

    /// What a command needs of the user's role here: a decision on marked
    /// cases needs `Bulk`.
    pub fn needs(&self, c: Command) -> Permission {
        match c {
            Command::Approve | Command::Return if !self.queues.marks.is_empty() => Permission::Bulk,
            other => other.needs(),
        }
    }

    /// Whether help and hints offer a command to this user: what the role
    /// grants here (marking is offered only to those who may decide in
    /// bulk; with cases marked, a decision is one on all of them).
    pub fn offers(&self, c: Command) -> bool {
        match c {
            Command::Mark | Command::RangeMark | Command::MarkAll | Command::MarkMatching => {
                self.may(Permission::Bulk)
            }
            // Whoever has marks may drop them.
            Command::ClearMarks => self.may(Permission::Bulk) || !self.queues.marks.is_empty(),
            other => self.may(self.needs(other)),
        }
    }

    fn command(&mut self, c: Command) -> Vec<Effect> {
        let needs = self.needs(c);
        if !self.may(needs) {
            // Refused at the key, before any dialog; the desk would refuse it too.
            let refusal = crate::domain::refusal::Refusal::Permission {
                user: self.actor.name.clone(),
                role: self.actor.role,
                permission: needs,
            };
            let text = crate::i18n::refusals::refusal(self.lang, &refusal);
            self.set_error(msg::refused(self.lang, &text));
            return Vec::new();
        }
        match c {
            Command::Messages => self.open_messages(),
            Command::Quit => return vec![Effect::Quit],
            Command::Help => self.open_help(),
            Command::Yes | Command::No => return self.confirm(c == Command::Yes),
            Command::Lookup => self.open_lookup_input(),
            Command::RecordForm => self.open_record_form(),
            Command::Receive => self.open_receive_form(),
            Command::EditRecord => self.open_edit_form(),
            Command::Approve => return self.approve(),
            Command::Return => self.open_return(),
            Command::Note => self.open_note(),
            Command::Document => self.open_document(),
            Command::Claim => self.claim(),
            Command::Chase => self.ask_chase(),
            Command::CertificationReturn => self.open_text_decision(|key, revision| {
                popup::ReasonTarget::CertificationReturn { key, revision }
            }),
            Command::Reopen => self
                .open_text_decision(|key, revision| popup::ReasonTarget::Reopen { key, revision }),
            Command::Reassign if !self.queues.marks.is_empty() => self.open_reassign_many(),
            Command::Reassign => self.open_text_decision(|key, revision| {
                popup::ReasonTarget::Reassign { key, revision }
            }),
            Command::Undo => self.undo(),
            Command::Reload => {
                self.refresh();
                self.set_info(crate::i18n::Text::Reloaded.get(self.lang).to_string());
            }
            Command::Open if matches!(self.screens.shown(), Some(Screen::Backlog(_))) => {
                self.backlog_command(c)
            }
            _ if matches!(self.screens.shown(), Some(Screen::Enquiries(_)))
                && c != Command::Reload =>
            {
                self.enquiries_command(c)
            }
            Command::LogEnquiry => self.open_enquiry_form(),
            Command::LinkDuplicate => self.ask_link(),
            Command::Enquiries => self.open_enquiries(),
            Command::Open => self.jump_from_lookup(),
            Command::FailedMail => self.open_failed_mail(),
            Command::Backlog => self.open_backlog(),
            Command::Views => self.open_views(),
            Command::CommandLine => self.open_command_line(),
            _ if matches!(self.screens.shown(), Some(Screen::Backlog(_))) => {
                self.backlog_command(c)
            }
            _ if matches!(self.screens.shown(), Some(Screen::Mail(_))) => self.mail_command(c),
            Command::Back if matches!(self.screens.shown(), Some(Screen::Lookup(_))) => {
                self.screens.close();
                self.after_move();
            }
            _ if matches!(self.screens.shown(), Some(Screen::Lookup(_))) => self.lookup_command(c),
            Command::MarkMatching if self.screens.is_empty() && self.bulk_run.bulk.is_none() => {
                self.set_info(crate::i18n::Text::Collecting.get(self.lang).to_string());
                return vec![Effect::CollectMatching {
                    query: self.list().query(self.queues.queue, 0),
                }];
            }
            Command::RangeMark => self.range_mark(),
            other => {
                self.list_command(other);
                if other == Command::ClearMarks {
                    self.queues.range = None;
                }
                self.extend_range();
            }
        }
        Vec::new()
    }

    pub(in crate::tui) fn bulk_done(&mut self, result: Result<BulkReport, Failure>) -> Vec<Effect> {
        self.bulk_run.bulk = None;
        match result {
            Ok(r) => {
                let refused: HashSet<&CaseKey> = r.refused.iter().map(|(k, _)| k).collect();
                self.queues.marks.retain(|k| refused.contains(k));
                let first = r.refused.first().map(|(k, why)| {
                    let why = crate::i18n::refusals::refusal_dated(self.lang, self.dates, why);
                    format!("{}: {why}", self.ref_label(k))
                });
                let text = msg::bulk_done(self.lang, r.done, r.refused.len(), first.as_deref());
                if r.refused.is_empty() {
                    self.set_info(text);
                } else {
                    self.set_error(text);
                }
            }
            Err(f) => self.show_failure(&f),
        }
        self.refresh();
        if std::mem::take(&mut self.bulk_run.quit_after_bulk) {
            return vec![Effect::Quit];
        }
        Vec::new()
    }
}
