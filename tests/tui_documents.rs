//! `P` in the TUI: the letter previewed as text (snapshots at 80×24 and
//! 120×40, in Japanese), `Tab` to another kind, `Enter` numbering it and
//! writing the PDF where `[documents] output_dir` says; help desk is neither
//! offered `P` nor allowed it.

mod common;
#[path = "skip/mod.rs"]
mod skip;

use common::documents::*;
use common::*;
use secretariat::desk::CaseKey;
use secretariat::document::DocumentsConfig;
use secretariat::domain::Queue;
use secretariat::domain::document::DocumentKind;
use secretariat::i18n::Lang;
use secretariat::tui::app::{App, Popup};

fn office_into(dir: &std::path::Path) -> DocumentsConfig {
    DocumentsConfig {
        output_dir: Some(dir.to_path_buf()),
        ..office()
    }
}

/// The repayment of `L-2023-0001` selected in the loan queue.
fn on_the_repayment(app: &mut App) {
    // Overdue since 2025, it heads the loan queue.
    press(app, &["4"]);
    let row = app.selected_row().expect("the repayment is listed");
    assert_eq!(row.key.reference, "L-2023-0001/repayment");
}

fn popup_kind(app: &App) -> Option<DocumentKind> {
    match app.popup() {
        Some(Popup::Document(p)) => Some(p.kind()),
        _ => None,
    }
}

#[test]
fn p_previews_then_enter_numbers_writes_prints_and_says_where() {
    if !std::path::Path::new(secretariat::document::DEFAULT_FONT).exists() {
        skip::unavailable("fonts-ipaexfont-mincho is not installed");
        return;
    }
    let f = loans_fixture(1);
    let out = tempfile::tempdir().unwrap();
    // A "printer" that leaves a mark: the PDF comes last, after its arguments.
    let printed = out.path().join("printed");
    let cfg = DocumentsConfig {
        print_command: Some(format!("touch {}", printed.display())),
        ..office_into(out.path())
    };
    let mut app = app_with_documents(&f, &f.operator, Lang::Ja, 80, 24, cfg);
    on_the_repayment(&mut app);
    press(&mut app, &["P"]);
    assert_eq!(popup_kind(&app), Some(DocumentKind::PaymentNotice));
    let text = screen(&mut app, 80, 24);
    insta::assert_snapshot!("document_preview_80x24", text);
    // Nothing is numbered by looking.
    let key = CaseKey::new(Queue::LoanFollowup, "L-2023-0001/repayment");
    let store = f.desk.store();
    assert!(
        store
            .issued_document(DocumentKind::PaymentNotice, key.queue, &key.reference)
            .unwrap()
            .is_none()
    );
    // Scrolled to the figures at a larger size.
    press(&mut app, &["PgDn"]);
    let text = screen(&mut app, 120, 40);
    insta::assert_snapshot!("document_preview_120x40", text);
    // Tab: the other kind that applies; Tab again comes back.
    press(&mut app, &["Tab"]);
    assert_eq!(popup_kind(&app), Some(DocumentKind::LoanDecision));
    let text = screen(&mut app, 80, 24);
    assert!(text.contains("貸与決定通知"), "{text}");
    press(&mut app, &["Tab", "Enter"]);
    assert!(app.popup().is_none(), "the popup closes once numbered");
    let issued = store
        .issued_document(DocumentKind::PaymentNotice, key.queue, &key.reference)
        .unwrap()
        .expect("numbered");
    assert_eq!(issued.number.seq, 1);
    let file = out
        .path()
        .join("payment_notice-2026-0001-L-2023-0001_repayment.pdf");
    let pdf = std::fs::read(&file).expect("the PDF is written");
    assert!(pdf.starts_with(b"%PDF"));
    let status = screen(&mut app, 120, 40);
    assert!(status.contains("医人第1号"), "{status}");
    assert!(status.contains("印刷しました"), "{status}");
    assert!(printed.exists(), "the print command ran");
    // The detail names it, with its date and who made it.
    screen(&mut app, 120, 40);
    let d = app.detail().expect("the repayment's detail");
    let detail: Vec<String> = secretariat::tui::views::detail::lines(&app, d, 200)
        .iter()
        .map(|l| l.to_string())
        .collect();
    let detail = detail.join("\n");
    assert!(
        detail.contains("納入通知書 医人第1号 (鈴木 一郎)"),
        "{detail}"
    );
    // Again: the same number, said to be a copy.
    press(&mut app, &["P", "Enter"]);
    let status = screen(&mut app, 120, 40);
    assert!(status.contains("医人第1号（再発行）"), "{status}");
}

#[test]
fn help_desk_is_not_offered_p_and_is_refused_it() {
    let f = loans_fixture(1);
    let out = tempfile::tempdir().unwrap();
    let mut app = app_with_documents(&f, &f.helpdesk, Lang::Ja, 120, 40, office_into(out.path()));
    on_the_repayment(&mut app);
    press(&mut app, &["?"]);
    let help = screen(&mut app, 120, 40);
    assert!(!help.contains("文書の作成"), "{help}");
    press(&mut app, &["Esc", "P"]);
    assert!(app.popup().is_none());
    let text = screen(&mut app, 120, 40);
    assert!(
        text.contains("文書の作成"),
        "the refusal names what was refused: {text}"
    );
    // An operator's help lists it.
    let mut app = app_with_documents(&f, &f.operator, Lang::Ja, 120, 40, office_into(out.path()));
    press(&mut app, &["?"]);
    let help = screen(&mut app, 120, 40);
    assert!(help.contains("P                文書の作成"), "{help}");
}

#[test]
fn a_case_no_letter_applies_to_says_so() {
    let f = loans_fixture(1);
    let out = tempfile::tempdir().unwrap();
    let mut app = app_with_documents(&f, &f.operator, Lang::Ja, 80, 24, office_into(out.path()));
    // A withdrawal awaiting its director: nothing to send on paper.
    press(&mut app, &["1", "P"]);
    assert!(app.popup().is_none());
    let text = screen(&mut app, 80, 24);
    assert!(text.contains("この案件から作る文書はありません"), "{text}");
}
