//! Japanese all the way and fitting at 80×24: the tab bar at 50,000+ cases,
//! the hint line, popups with wide characters at their edge (issue 19).


use secretariat::desk::QueueCounts;
use secretariat::domain::Queue;
use secretariat::i18n::Lang;
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
    for name in ["2 異動届 5210件", "3 在籍報告 1870件", "4 研修資金 2.6万件"] {
        assert!(ja.contains(name), "{name} not in {ja}");
    }
}
