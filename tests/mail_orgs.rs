//! Completion applications (修了申請) end to end with their mails, in a store
//! of several organisations, through the real relay the mail tests use
//! (aiosmtpd on 127.0.0.1): on arrival one mail to the association applied
//! to (its お問い合わせ通知先) and the member's 受付 mail; on the association's
//! decision one mail to the member alone — every one from the association's
//! addresses (From お問い合わせ通知先, Reply-To 会員管理用通知先), bounces to
//! the office's envelope sender. Another association's operator cannot see
//! or decide the application.

mod mail_support;
mod skip;

use mail_support::*;
use secretariat::clock::Clock;
use secretariat::desk::{CaseKey, Desk, Where};
use secretariat::domain::org::{OrgId, OrgKind, Organisation};
use secretariat::domain::{Person, Queue, RegistrationNumber, Role};
use secretariat::store::RegistryWrite;

fn org(id: &str, name: &str, kind: OrgKind, parent: Option<&str>) -> Organisation {
    Organisation {
        id: OrgId::parse(id).unwrap(),
        name: name.into(),
        kind,
        parent: parent.map(|p| OrgId::parse(p).unwrap()),
        inquiry_email: Some(format!("info@{id}.example.jp")),
        member_admin_email: Some(format!("member@{id}.example.jp")),
    }
}

#[test]
fn a_completion_application_mails_the_association_and_the_member_from_the_association() {
    if !aiosmtpd_available() {
        return;
    }
    let relay = Relay::start(0);
    // A store of one organisation, made the way `build` makes it, then given
    // two associations and an operator in each.
    let store = build(
        &relay,
        Plan {
            released: 0,
            recent: 0,
            undone: 0,
            unaddressed: 0,
        },
        "",
    );
    let now = Clock::default().now();
    let earlier = now - chrono::Duration::minutes(30);
    let today = Clock::default().today();
    let key = CaseKey::new(Queue::Transfer, "C-2026-0001");
    {
        let desk: Desk = store.desk();
        let sato = desk.actor("sato").unwrap();
        for o in [
            org(
                "miyagi",
                "宮城県医師会",
                OrgKind::PrefecturalAssociation,
                None,
            ),
            org(
                "sendai",
                "仙台市医師会",
                OrgKind::DistrictAssociation,
                Some("miyagi"),
            ),
            org(
                "ishinomaki",
                "石巻市医師会",
                OrgKind::DistrictAssociation,
                Some("miyagi"),
            ),
        ] {
            desk.put_org(&sato, o, true, earlier).unwrap();
        }
        for (user, at) in [("op-sendai", "sendai"), ("op-ishinomaki", "ishinomaki")] {
            let w = Where {
                orgs: vec![at.into()],
                children: false,
            };
            desk.grant_role(&sato, user, Role::Operator, &w, false, earlier)
                .unwrap();
        }
        let person = Person {
            registration_number: RegistrationNumber::parse("1234567").unwrap(),
            name: "佐藤 花子".into(),
            name_kana: Some("さとう はなこ".into()),
            birth_date: chrono::NaiveDate::from_ymd_opt(1980, 4, 2).unwrap(),
            email: Some("hanako@example.jp".into()),
            regional_quota: false,
            training_periods: Vec::new(),
        };
        desk.load_records(
            &sato,
            vec![RegistryWrite::Person(person)],
            Vec::new(),
            earlier,
        )
        .unwrap();
    }
    // The application arrives as an import file.
    let file = store.dir.path().join("completion.jsonl");
    std::fs::write(
        &file,
        format!(
            "{{\"kind\":\"completion_application\",\"ref\":\"C-2026-0001\",\"received_at\":\"{}\",\"registration_number\":\"1234567\",\"association\":\"仙台市医師会\",\"training\":\"かかりつけ医機能報告制度に係る研修\",\"completed_on\":\"{}\"}}\n",
            (earlier.with_timezone(&chrono_tz_jst())).format("%Y-%m-%d %H:%M"),
            today - chrono::Duration::days(3)
        ),
    )
    .unwrap();
    let out = store.run(&["import", file.to_str().unwrap()]);
    assert!(out.status.success(), "{}", text(&out));
    {
        let desk = store.desk();
        // 石巻 does not see it; 仙台 does, and approves it.
        let other = desk.actor("op-ishinomaki").unwrap();
        assert!(desk.detail_for(&other, &key, today).is_err());
        let sendai = desk.actor("op-sendai").unwrap();
        let d = desk.detail_for(&sendai, &key, today).unwrap();
        assert_eq!(d.orgs.len(), 1);
        assert_eq!(d.orgs[0].name, "仙台市医師会");
        let rev = d.case.revision;
        assert!(desk.approve(&other, &key, rev, earlier).is_err());
        desk.approve(&sendai, &key, rev, earlier).unwrap();
    }
    let tomorrow = (today + chrono::Duration::days(1)).to_string();
    let out = store.run(&["--as-of", &tomorrow, "mail", "send"]);
    assert!(out.status.success(), "{}", text(&out));
    let got = relay.received();
    let to = |addr: &str| got.iter().filter(|g| g["to"] == addr).count();
    assert_eq!(got.len(), 3, "{got:?}");
    assert_eq!(
        to("info@sendai.example.jp"),
        1,
        "one mail to the association"
    );
    assert_eq!(
        to("hanako@example.jp"),
        2,
        "受付 and the approval, to the member"
    );
    for g in &got {
        let from = g["from"].as_str().unwrap();
        assert!(
            from.contains("仙台市医師会") && from.contains("info@sendai.example.jp"),
            "{g}"
        );
        assert!(
            g["reply_to"]
                .as_str()
                .unwrap()
                .contains("member@sendai.example.jp"),
            "{g}"
        );
        assert_eq!(g["mail_from"], "bounces@example.jp");
    }
    let check = store.run(&["check"]);
    assert!(check.status.success(), "{}", text(&check));
}

/// JST, for the receipt time the file says.
fn chrono_tz_jst() -> chrono::FixedOffset {
    chrono::FixedOffset::east_opt(9 * 3600).unwrap()
}
