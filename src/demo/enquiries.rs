//! Demo enquiries: calls, mails and visits of the last month on some of the
//! people, by the demo users, most answered at once, some still open.

use super::{Demo, Stream, pick};
use crate::domain::Timestamp;
use crate::domain::enquiry::{Channel, EnquiryDraft};
use crate::domain::time::{add_days, at};
use rand::Rng;

/// What callers ask, by topic: a note a clerk would write.
const NOTES: [(&str, &str); 10] = [
    (
        "ログインメール未着",
        "ログイン用のメールが届かないとのこと。迷惑メールフォルダを確認いただくよう案内。",
    ),
    ("パスワード", "パスワードを忘れたため再発行の手順を案内。"),
    (
        "登録情報変更",
        "転居のため住所とメールアドレスを変更したい。変更届の様式を送付。",
    ),
    (
        "二重登録",
        "旧姓で登録したアカウントがもう一つあるとの申し出。統合を検討中。",
    ),
    (
        "採用辞退",
        "辞退届の書き方と提出先についての問い合わせ。統括責任者の承認が必要と説明。",
    ),
    ("研修施設登録", "研修施設の追加登録の締切を確認したい。"),
    ("異動届", "異動届の提出期限(10日以内)について確認。"),
    (
        "在籍報告",
        "在籍報告の入力画面が開けないとの連絡。ブラウザを変えて再度試すよう案内。",
    ),
    (
        "研修資金",
        "休職する場合の研修資金の扱いについて。第8号様式 休職届を案内。",
    ),
    ("その他", "説明会の日程についての問い合わせ。"),
];

/// Who takes calls in the demo.
const CLERKS: [&str; 3] = ["sato", "sato", "tanaka"];

/// One demo enquiry: when, who took it, what was asked, and whether to
/// look for a case of the person to attach.
pub struct DemoEnquiry {
    pub at: Timestamp,
    pub by: &'static str,
    pub draft: EnquiryDraft,
    pub with_case: bool,
}

impl Demo {
    /// The demo's enquiries, oldest first: one for every fifth person, at
    /// most 40, over the last 30 days.
    pub fn enquiries(&self) -> Vec<DemoEnquiry> {
        let people = self.people();
        let n = (people.len() / 5).min(40);
        let mut out: Vec<DemoEnquiry> = (0..n)
            .map(|i| {
                let mut rng = self.rng(Stream::Enquiry, i);
                let person = &people[rng.gen_range(0..people.len())];
                let (topic, note) = *pick(&mut rng, &NOTES);
                let days = rng.gen_range(1..30);
                let at = at(
                    add_days(self.today, -days),
                    rng.gen_range(9..18),
                    rng.gen_range(0..60),
                );
                // Older ones are answered; of the last two weeks, more than half wait.
                let resolved = days > 14 || rng.gen_bool(0.4);
                DemoEnquiry {
                    at,
                    by: CLERKS[rng.gen_range(0..CLERKS.len())],
                    draft: EnquiryDraft {
                        registration_number: Some(person.registration_number.clone()),
                        channel: *pick(
                            &mut rng,
                            &[
                                Channel::Phone,
                                Channel::Phone,
                                Channel::Mail,
                                Channel::Form,
                                Channel::Counter,
                            ],
                        ),
                        topic: topic.to_string(),
                        note: note.to_string(),
                        case: None,
                        resolved,
                    },
                    with_case: topic == "採用辞退" || topic == "異動届",
                }
            })
            .collect();
        out.sort_by_key(|e| e.at);
        out
    }
}
