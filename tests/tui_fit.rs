//! Japanese all the way and fitting at 80×24: the tab bar at 50,000+ cases,
//! the hint line, popups with wide characters at their edge (issue 19).

mod common;

use common::*;
use secretariat::desk::QueueCounts;
use secretariat::domain::Queue;
use secretariat::i18n::Lang;
use secretariat::tui::app::App;
use secretariat::tui::views::tabs::bar_for;

fn big_counts() -> Vec<QueueCounts> {
    [(19_400, 11_020), (5_210, 0), (1_870, 320), (26_000, 900)]
        .into_iter()
        .zip(Queue::ALL)
        .map(|((open, overdue), queue)| QueueCounts {
            queue,
            open,
            overdue,
            by_state: Vec::new(),
        })
        .collect()
}

fn tab_bar(lang: Lang, w: usize) -> String {
    let text = bar_for(lang, &big_counts(), Queue::Withdrawal, w).text(Queue::Withdrawal);
    text.trim_end().to_string()
}

#[test]
fn the_tab_bar_keeps_the_queue_names_at_fifty_thousand_cases() {
    for w in [80, 120] {
        let ja = tab_bar(Lang::Ja, w);
        assert!(ja.starts_with("[1 採用辞退 1.9万"), "{ja}");
        for name in ["2 異動", "3 在籍", "2.6万"] {
            assert!(ja.contains(name), "{name} not in {ja}");
        }
        assert!(secretariat::text::width(&ja) <= w, "{ja}");
        insta::assert_snapshot!(format!("tabs_big_ja_{w}"), ja);
        let en = tab_bar(Lang::En, w);
        assert!(en.contains("19k !11k"), "{en}");
        assert!(secretariat::text::width(&en) <= w, "{en}");
        insta::assert_snapshot!(format!("tabs_big_en_{w}"), en);
    }
    assert!(tab_bar(Lang::Ja, 80).starts_with("[1 採用辞退 1.9万 !1.1万]"));
    // At 120 columns every name is whole; below 10,000 a count stays whole.
    let ja = tab_bar(Lang::Ja, 120);
    for name in [
        "2 異動届・修了申請 5210件",
        "3 在籍報告 1870件",
        "4 研修資金 2.6万件",
    ] {
        assert!(ja.contains(name), "{name} not in {ja}");
    }
}

/// The hint line's last row of the screen.
fn hint_row(app: &mut App, w: u16, h: u16) -> String {
    let text = screen(app, w, h);
    text.lines()
        .last()
        .unwrap_or_default()
        .trim_end()
        .to_string()
}

#[test]
fn the_hint_line_keeps_the_keys_that_matter_and_ends_with_help() {
    let f = fixture();
    for (lang, help, approve) in [
        (Lang::Ja, "?:ヘルプ", "a:承認"),
        (Lang::En, "?:help", "a:approve"),
    ] {
        for (w, h) in [(80, 24), (120, 40)] {
            let mut app = app(&f, &f.operator, lang, w, h);
            for keys in [&[][..], &["Enter"][..]] {
                press(&mut app, keys);
                let line = hint_row(&mut app, w, h);
                assert!(line.ends_with(help), "{keys:?} {w}: {line}");
                assert!(!line.contains('…'), "{keys:?} {w}: {line}");
                assert_eq!(line.matches(help).count(), 1, "{line}");
                assert!(secretariat::text::width(&line) <= w as usize, "{line}");
                if keys.is_empty() {
                    assert!(line.starts_with(approve), "{line}");
                }
                press(&mut app, &["Esc"]);
            }
        }
    }
}

/// The display column of each `|` on a text line.
fn bars(line: &str) -> Vec<usize> {
    let mut col = 0;
    let mut out = Vec::new();
    for c in line.chars() {
        if c == '|' {
            out.push(col);
        }
        col += secretariat::text::width(&c.to_string());
    }
    out
}

#[test]
fn a_popup_keeps_its_borders_when_a_wide_character_meets_them() {
    use ratatui::buffer::Buffer;
    use ratatui::layout::Rect;
    use secretariat::tui::views::{buffer_lines, draw_box};
    // A list of Japanese names under the popup, wide characters straddling
    // each edge on one row or the other.
    for offset in [0u16, 1] {
        let area = Rect::new(0, 0, 80, 24);
        let mut buf = Buffer::empty(area);
        for y in 0..24 {
            buf.set_string(
                offset + (y % 2),
                y,
                "山田太郎".repeat(10),
                ratatui::style::Style::default(),
            );
        }
        let r = Rect::new(2, 9, 76, 6);
        draw_box(&mut buf, r, "メモ: 山田 太郎", Default::default());
        let lines = buffer_lines(&buf);
        for line in &lines[10..14] {
            assert_eq!(bars(line), vec![2, 77], "{offset}: {line}");
        }
    }
    // Text typed into a popup: a wide character meets the inner right edge.
    let f = fixture();
    let mut app = app(&f, &f.operator, Lang::Ja, 80, 24);
    press(&mut app, &["n"]);
    type_text(&mut app, &format!("a{}", "署名漏れ".repeat(12)));
    let text = screen(&mut app, 80, 24);
    let rows: Vec<&str> = text.lines().filter(|l| l.contains("署名")).collect();
    assert!(!rows.is_empty(), "{text}");
    for row in rows {
        assert_eq!(bars(row), vec![2, 77], "{row}\n{text}");
    }
    insta::assert_snapshot!("popup_wide_edge_ja_80x24", text);
}

/// The demo's counts at 80 columns: the membership queue's name of two
/// (異動届・修了申請) goes short before the others do, unless it is shown.
#[test]
fn a_name_of_two_goes_short_first() {
    let counts: Vec<QueueCounts> = [(72, 33), (62, 37), (49, 48), (12, 11)]
        .into_iter()
        .zip(Queue::ALL)
        .map(|((open, overdue), queue)| QueueCounts {
            queue,
            open,
            overdue,
            by_state: Vec::new(),
        })
        .collect();
    let on = |q: Queue| {
        let bar = bar_for(Lang::Ja, &counts, q, 80).text(q);
        assert!(secretariat::text::width(bar.trim_end()) <= 80, "{bar}");
        bar
    };
    let withdrawals = on(Queue::Withdrawal);
    for name in ["採用辞退", "2 異動 62", "在籍報告", "研修資金"] {
        assert!(withdrawals.contains(name), "{name} not in {withdrawals}");
    }
    let transfers = on(Queue::Transfer);
    assert!(
        transfers.contains("[2 異動届・修了申請 62 !37]"),
        "{transfers}"
    );
}
