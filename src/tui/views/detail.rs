//! The detail pane: every field of the case, its rule checks, deadlines,
//! the loan ledger, notes, history and notifications.

use super::put_line;
use crate::desk::CaseDetail;
use crate::domain::{CaseBody, Facility, Person, Timestamp};
use crate::i18n::dates::{date, timestamp};
use crate::i18n::{
    DateWidth, Text, decision_name, flag_code, labels, queue_name, rows, state_label,
};
use crate::tui::app::App;
use crate::tui::app::drawn::Extent;
use crate::tui::text::{width, wrap};
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::StatefulWidget;

/// A moment as this screen writes it.
fn ts(app: &App, t: &Timestamp) -> String {
    timestamp(t, app.dates, DateWidth::Full)
}

/// A date as this screen writes it.
pub fn day(app: &App, d: chrono::NaiveDate) -> String {
    date(d, app.dates, DateWidth::Full)
}

/// Builds wrapped lines of a given width.
pub struct Lines<'a> {
    app: &'a App,
    width: usize,
    pub out: Vec<Line<'static>>,
}

impl<'a> Lines<'a> {
    /// Lines for a pane `width` cells wide.
    pub fn new(app: &'a App, width: usize) -> Self {
        Lines {
            app,
            width: width.max(1),
            out: Vec::new(),
        }
    }

    /// A section title, after a blank line.
    pub fn head(&mut self, text: &str) {
        if !self.out.is_empty() {
            self.out.push(Line::default());
        }
        let style = self.app.theme.header;
        self.text(&format!("[{text}]"), style);
    }

    /// Text wrapped by cells, continuation lines indented.
    pub fn text(&mut self, text: &str, style: Style) {
        let mut first = true;
        let lead = width(text) - width(text.trim_start());
        let indent = (lead + 2).min(self.width / 2);
        let mut rest = crate::tui::text::clean(text);
        while !rest.is_empty() || first {
            let w = if first {
                self.width
            } else {
                self.width - indent
            };
            let pieces = wrap(&rest, w);
            let head = pieces.first().cloned().unwrap_or_default();
            let line = if first {
                head.clone()
            } else {
                format!("{}{head}", " ".repeat(indent))
            };
            self.out.push(Line::from(Span::styled(line, style)));
            if head.is_empty() {
                break;
            }
            rest = crate::tui::text::remainder(&rest, &head);
            first = false;
        }
    }

    /// `  label: value`.
    pub fn field(&mut self, label: &str, value: &str) {
        self.text(&format!("  {label}: {value}"), Style::default());
    }

    /// A field shown only when present.
    pub fn opt(&mut self, label: &str, value: Option<&str>) {
        if let Some(v) = value.filter(|v| !v.is_empty()) {
            self.field(label, v);
        }
    }
}

fn yes_no(app: &App, b: bool) -> &'static str {
    if b {
        Text::Yes.get(app.lang)
    } else {
        Text::No.get(app.lang)
    }
}

/// The person's fields.
pub fn person_fields(out: &mut Lines<'_>, p: &Person) {
    let app = out.app;
    let l = app.lang;
    out.field(Text::Name.get(l), &p.name);
    out.opt(Text::Kana.get(l), p.name_kana.as_deref());
    out.field(Text::RegNo.get(l), p.registration_number.as_str());
    out.field(Text::Birth.get(l), &day(app, p.birth_date));
    out.opt(Text::Email.get(l), p.email.as_deref());
    out.field(Text::RegionalQuota.get(l), yes_no(app, p.regional_quota));
}

fn facility_fields(out: &mut Lines<'_>, f: &Facility) {
    let app = out.app;
    let l = app.lang;
    out.field(Text::FacilityName.get(l), &f.name);
    out.field(Text::FacilityNo.get(l), f.facility_number.as_str());
    out.field(Text::Prefecture.get(l), &f.prefecture);
    out.opt(Text::MedicalArea.get(l), f.medical_area.as_deref());
    out.field(Text::Dental.get(l), yes_no(app, f.dental));
    out.field(Text::PriorityArea.get(l), yes_no(app, f.priority_area));
    out.field(Text::Certified.get(l), yes_no(app, f.certified));
    // Shown only where it matters: service there counts for no loan.
    if !f.designated {
        out.field(crate::i18n::loan::designated_label(l), yes_no(app, false));
    }
    out.opt(Text::ContactEmail.get(l), f.contact_email.as_deref());
    if let Some(r) = &f.last_report {
        out.field(
            Text::LastReport.get(l),
            &format!("{} {}", ts(app, &r.at), r.registrant),
        );
    }
}

fn body_fields(out: &mut Lines<'_>, body: &CaseBody, d: &CaseDetail) {
    let app = out.app;
    let l = app.lang;
    match body {
        CaseBody::Withdrawal(w) => {
            out.field(Text::Kind.get(l), labels::withdrawal_kind(l, w.kind));
            out.field(Text::Program.get(l), &w.program);
            out.field(Text::Director.get(l), &w.director);
            out.opt(Text::DirectorEmail.get(l), w.director_email.as_deref());
            let answer = labels::director_decision(l, w.director_decision);
            let at = w
                .director_decided_at
                .map(|t| format!(" ({})", ts(app, &t)))
                .unwrap_or_default();
            out.field(Text::DirectorDecision.get(l), &format!("{answer}{at}"));
            out.field(Text::Reason.get(l), &w.reason);
            out.opt(
                Text::Chased.get(l),
                w.chased_at.map(|t| ts(app, &t)).as_deref(),
            );
            out.opt(
                Text::CompletedAt.get(l),
                w.completed_at.map(|t| ts(app, &t)).as_deref(),
            );
        }
        CaseBody::Transfer(t) => {
            out.field(Text::Kind.get(l), labels::transfer_kind(l, t.kind));
            out.field(Text::FromAssoc.get(l), &t.from_association);
            out.opt(Text::ToAssoc.get(l), t.to_association.as_deref());
            let place: Vec<&str> = [t.to_prefecture.as_deref(), t.to_district.as_deref()]
                .into_iter()
                .flatten()
                .collect();
            if !place.is_empty() {
                out.field(Text::ToPlace.get(l), &place.join(" "));
            }
            out.opt(Text::CurrentCategory.get(l), t.current_category.as_deref());
            out.field(Text::RequestedCategory.get(l), &t.requested_category);
            let fac = t.facility.as_deref().unwrap_or(Text::Undetermined.get(l));
            out.field(Text::TransferFacility.get(l), fac);
            out.opt(Text::FacilityDuty.get(l), t.facility_duty.as_deref());
            out.opt(Text::Reason.get(l), t.reason.as_deref());
        }
        CaseBody::CompletionApplication(a) => {
            out.field(Text::Kind.get(l), Text::CompletionKind.get(l));
            out.field(Text::CompletionAssoc.get(l), &a.association);
            out.field(Text::Training.get(l), &a.training);
            out.field(Text::CompletedOn.get(l), &day(app, a.completed_on));
            out.opt(Text::CompletionNotes.get(l), a.notes.as_deref());
        }
        CaseBody::FacilityReport(r) => {
            out.field(Text::FacilityNo.get(l), r.facility_number.as_str());
            out.field(Text::FiscalYear.get(l), &r.fiscal_year.to_string());
            if r.generated {
                out.field(Text::Kind.get(l), Text::Generated.get(l));
            }
            out.field(Text::Reporter.get(l), &r.reporter_name);
            out.opt(Text::HospitalDirector.get(l), r.director_name.as_deref());
            out.opt(Text::ContactEmail.get(l), r.contact_email.as_deref());
            // By name, the certificate number after: 石川 彩 (C-000143).
            let named: Vec<String> = r
                .supervisors
                .iter()
                .map(|cert| match d.supervisor_names.get(cert) {
                    Some(name) => format!("{name} ({cert})"),
                    None => cert.clone(),
                })
                .collect();
            out.field(Text::Supervisors.get(l), &named.join(", "));
        }
        CaseBody::LoanFollowup(f) => {
            out.field(Text::LoanId.get(l), &f.loan_id);
            out.field(Text::RegNo.get(l), f.registration_number.as_str());
            out.field(Text::Topic.get(l), &labels::topic(l, &f.topic));
            out.field(Text::Due.get(l), &day(app, f.due));
            for (label, amount) in [
                (Text::Principal, f.principal),
                (Text::Interest, f.interest),
                (Text::AmountDue, f.amount_due),
            ] {
                out.opt(label.get(l), amount.map(|a| labels::yen(l, a)).as_deref());
            }
            out.opt(
                Text::ServiceMonths.get(l),
                f.service_months.map(|m| labels::months(l, m)).as_deref(),
            );
        }
    }
}

/// One rule check: `[x] CODE explanation - detail` where the rule applies,
/// `[ ] …` where it does not. A box reads right for rules that are failures
/// (no valid supervisor) and for rules that are met (exemption reached).
pub fn check_line(out: &mut Lines<'_>, c: &crate::domain::Check) {
    let app = out.app;
    let (mark, style) = if c.raised {
        ("[x]", app.theme.error)
    } else {
        ("[ ]", app.theme.ok)
    };
    let said = rows::check_detail(app.lang, app.dates, &c.detail);
    let detail = if said.is_empty() {
        String::new()
    } else {
        format!(" - {said}")
    };
    out.text(
        &format!(
            "  {mark} {} {}{detail}",
            flag_code(c.flag),
            labels::check_text(app.lang, c)
        ),
        style,
    );
}

/// A loan's ledger or computation, a row a line after `indent`.
fn ledger_lines(out: &mut Lines<'_>, indent: &str, ledger: &[crate::domain::loan::LedgerRow]) {
    let app = out.app;
    for row in ledger {
        let said = rows::ledger_row(app.lang, app.dates, row);
        out.text(&format!("{indent}{said}"), Style::default());
    }
}

/// Every line of the detail pane for a pane `width` cells wide.
pub fn lines(app: &App, d: &CaseDetail, width: usize) -> Vec<Line<'static>> {
    let l = app.lang;
    let c = &d.case;
    let mut out = Lines::new(app, width);
    out.text(
        &format!(
            "{} {} [{}]",
            Text::Case.get(l),
            crate::i18n::case_ref_label(l, app.dates, c.queue, &c.reference),
            queue_name(l, c.queue)
        ),
        app.theme.header,
    );
    out.field(Text::State.get(l), state_label(l, c.state));
    // Which organisations hold it, where the store has more than its one office.
    let one_office = d.orgs.len() == 1 && d.orgs[0].id == crate::domain::org::OrgId::default_org();
    if !d.orgs.is_empty() && !one_office {
        out.field(Text::Orgs.get(l), &crate::i18n::orgs::case_orgs(l, &d.orgs));
    }
    out.field(Text::Received.get(l), &ts(app, &c.received_at));
    match c.due {
        Some(due) if d.overdue => {
            let days = (app.today - due).num_days();
            out.text(
                &format!(
                    "  {}: {}  ! {} ({})",
                    Text::Due.get(l),
                    day(app, due),
                    Text::OverdueMark.get(l),
                    labels::days(l, days)
                ),
                app.theme.overdue,
            );
        }
        Some(due) => out.field(Text::Due.get(l), &day(app, due)),
        None => out.field(Text::Due.get(l), "-"),
    }
    out.field(
        Text::Assignee.get(l),
        c.assignee
            .as_deref()
            .map_or(Text::Unassigned.get(l), |a| app.shown_name(a)),
    );
    // When and by whom, as people read it (the revision is the program's).
    out.field(
        Text::Updated.get(l),
        &format!(
            "{} {}",
            ts(app, &c.updated_at),
            app.shown_name(&c.updated_by)
        ),
    );
    let (viewers, changed) = app.presence();
    if let Some(by) = changed {
        out.text(
            &format!("  {}", crate::i18n::msg::changed_by(l, app.shown_name(by))),
            app.theme.error,
        );
    }
    if let Some(users) = viewers {
        out.text(
            &format!(
                "  {}",
                crate::i18n::msg::viewed_by(
                    l,
                    &users
                        .iter()
                        .map(|u| app.shown_name(u))
                        .collect::<Vec<_>>()
                        .join(", ")
                )
            ),
            app.theme.accent,
        );
    }
    if let Some(p) = &d.person {
        out.head(Text::Subject.get(l));
        person_fields(&mut out, p);
    } else if !matches!(c.body, CaseBody::FacilityReport(_)) {
        out.head(Text::Subject.get(l));
        out.field(Text::Name.get(l), &c.subject_name);
        out.field(Text::RegNo.get(l), c.subject.key());
    }
    if let Some(f) = &d.facility {
        out.head(Text::FacilityHead.get(l));
        facility_fields(&mut out, f);
    }
    out.head(Text::Body.get(l));
    body_fields(&mut out, &c.body, d);
    if !d.computation.is_empty() {
        out.field(Text::Computation.get(l), "");
        ledger_lines(&mut out, "    ", &d.computation);
    }
    out.head(Text::Checks.get(l));
    if d.checks.is_empty() {
        out.text(&format!("  {}", Text::NoChecks.get(l)), app.theme.dim);
    }
    for check in &d.checks {
        check_line(&mut out, check);
    }
    if let Some(loan) = &d.loan {
        out.head(Text::Loan.get(l));
        out.field(Text::LoanId.get(l), &loan.loan_id);
        out.field(Text::FiscalYear.get(l), &loan.first_fiscal_year.to_string());
        out.field(
            Text::YearsApproved.get(l),
            &labels::years(l, loan.years_approved),
        );
        for disb in &loan.disbursements {
            out.field(
                Text::Disbursed.get(l),
                &format!("{} {}", day(app, disb.date), labels::yen(l, disb.amount)),
            );
        }
    }
    if !d.ledger.is_empty() {
        out.head(Text::Ledger.get(l));
        ledger_lines(&mut out, "  ", &d.ledger);
    }
    out.head(Text::Notes.get(l));
    if c.notes.is_empty() {
        out.text(&format!("  {}", Text::None_.get(l)), app.theme.dim);
    }
    for n in &c.notes {
        out.text(
            &format!(
                "  {} {}: {}",
                ts(app, &n.at),
                app.shown_name(&n.author),
                n.text
            ),
            Style::default(),
        );
    }
    out.head(Text::History.get(l));
    if c.history.is_empty() {
        out.text(&format!("  {}", Text::None_.get(l)), app.theme.dim);
    }
    for h in &c.history {
        let reason = h
            .reason
            .as_deref()
            .map(|r| format!(": {r}"))
            .unwrap_or_default();
        out.text(
            &format!(
                "  {} {} {} {} -> {}{reason}",
                ts(app, &h.at),
                app.shown_name(&h.actor),
                decision_name(l, h.kind),
                state_label(l, h.state_before),
                state_label(l, h.state_after),
            ),
            Style::default(),
        );
    }
    out.head(Text::Notifications.get(l));
    if d.notifications.is_empty() {
        out.text(&format!("  {}", Text::None_.get(l)), app.theme.dim);
    }
    for m in &d.notifications {
        let delivery = d.deliveries.iter().find(|x| x.outbox_id == m.id);
        out.text(
            &format!(
                "  {} -> {}: {} [{}]",
                ts(app, &m.created_at),
                m.recipient,
                m.subject,
                crate::i18n::delivery::state(l, app.dates, m, delivery, &app.now)
            ),
            Style::default(),
        );
    }
    if !d.documents.is_empty() {
        out.head(crate::i18n::documents::heading(l));
        for i in &d.documents {
            out.text(
                &format!(
                    "  {} {} {} ({})",
                    crate::i18n::dates::date(i.date, app.dates, crate::i18n::DateWidth::Full),
                    crate::i18n::documents::kind_name(l, i.kind),
                    app.documents.number_text(i.number.seq),
                    app.shown_name(&i.by)
                ),
                Style::default(),
            );
        }
    }
    out.out
}

/// The detail pane of the selected case.
pub struct DetailPane<'a> {
    pub app: &'a App,
}

/// Reports the lines it laid out and the rows it had.
impl StatefulWidget for DetailPane<'_> {
    type State = Option<Extent>;

    fn render(self, area: Rect, buf: &mut Buffer, drawn: &mut Option<Extent>) {
        let app = self.app;
        let Some(d) = app.detail() else {
            super::put(
                buf,
                area.x + 1,
                area.y,
                area.width.saturating_sub(1),
                Text::NoCase.get(app.lang),
                app.theme.dim,
            );
            return;
        };
        let all = lines(app, d, area.width as usize);
        let extent = Extent {
            lines: all.len(),
            rows: area.height as usize,
        };
        *drawn = Some(extent);
        let scroll = app.queues.detail_scroll.min(extent.max_scroll());
        for (line, y) in all.iter().skip(scroll).zip(area.top()..area.bottom()) {
            put_line(buf, area.x, y, area.width, line);
        }
    }
}
