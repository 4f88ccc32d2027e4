//! When the service account's role is taken with `--force`, all mail stops;
//! every supervisor sees it on the status line, in Japanese and English, and
//! no one else is bothered with it.

mod common;

use common::*;
use secretariat::domain::Role;
use secretariat::i18n::Lang;

#[test]
fn supervisors_see_that_mail_has_stopped_on_the_status_line() {
    let f = fixture();
    // `sato` opened the store: the service account mail is sent as.
    assert_eq!(f.desk.service_account(), Some("sato"));
    f.desk
        .add_user(&f.supervisor, "kato", Role::Supervisor, now())
        .unwrap();
    let kato = f.desk.actor("kato").unwrap();
    let mut before = app(&f, &kato, Lang::En, 120, 30);
    assert!(!screen(&mut before, 120, 30).contains("mail stopped"));

    f.desk.remove_role(&kato, "sato", true, now()).unwrap();
    for (lang, words) in [
        (Lang::En, "mail stopped (sato is helpdesk)"),
        (Lang::Ja, "メール停止中 (sato はヘルプデスク)"),
    ] {
        let mut a = app(&f, &kato, lang, 80, 24);
        let s = screen(&mut a, 80, 24);
        assert!(s.contains(words), "{s}");
    }
    let mut op = app(&f, &f.operator, Lang::En, 120, 30);
    assert!(!screen(&mut op, 120, 30).contains("mail stopped"));

    // Given back a role that sends mail, the warning goes at the next reload.
    f.desk
        .add_user(&kato, "sato", Role::Operator, now())
        .unwrap();
    let mut after = app(&f, &kato, Lang::En, 120, 30);
    assert!(!screen(&mut after, 120, 30).contains("mail stopped"));
}
