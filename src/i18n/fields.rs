//! Forms in words: the label of each field of the data formats, the rule it
//! is checked by, why a value was refused, and what a recorded form changed.

use super::{DateStyle, Lang, rows::loan_event};
use crate::desk::{Effect, RecordReport};
use crate::domain::field::{FieldProblem, Problem};
use crate::domain::loan::forms::LoanForm;
use crate::domain::refusal::Refusal;
use crate::domain::{LoanEventKind, PriorLoanKind};
use crate::interchange::Kind;

/// A kind of record in words.
pub fn kind_name(lang: Lang, k: Kind) -> &'static str {
    match k {
        Kind::Person => lang.pick("個人の登録情報", "person"),
        Kind::Facility => lang.pick("研修施設", "facility"),
        Kind::Physician => lang.pick("認定医", "certified physician"),
        Kind::Withdrawal => lang.pick("採用辞退", "withdrawal"),
        Kind::Transfer => lang.pick("異動届", "transfer"),
        Kind::FacilityReport => lang.pick("在籍報告", "facility report"),
        Kind::Loan => lang.pick("研修資金の貸与", "loan"),
        Kind::LoanEvent => lang.pick("研修資金の届出", "loan event"),
        Kind::Organisation => lang.pick("団体", "organisation"),
        Kind::CompletionApplication => lang.pick("修了申請", "completion application"),
    }
}

/// A loan form by its number and name (`第8号様式 休職届`).
pub fn loan_form(lang: Lang, f: &LoanForm) -> String {
    use LoanEventKind as K;
    let name = match (f.number, f.event) {
        (Some(10), _) => lang.pick("停職届", "suspension notice"),
        (_, K::LeaveStart) => lang.pick("休職届", "leave notice"),
        (_, K::LeaveEnd) => lang.pick("復職届", "return notice"),
        (_, K::Illness) => lang.pick("疾病等届", "illness notice"),
        (_, K::DetailsChange) => lang.pick("記載事項変更届", "change of details"),
        (_, K::GuarantorChange) => lang.pick("連帯保証人変更届", "change of guarantor"),
        (_, K::StudyInterruptionPlan) => lang.pick("修得計画書", "study plan"),
        (_, K::Resignation) => lang.pick("退職届", "resignation"),
        (_, K::Withdrawal) => lang.pick("貸与辞退届", "loan withdrawal"),
        (_, K::Completion) => lang.pick("完了届 (研修修了)", "completion"),
        (_, K::EmploymentStart) => lang.pick("勤務先届 (勤務開始)", "start of work"),
        (_, K::EmploymentEnd) => lang.pick("勤務先届 (勤務終了)", "end of work"),
        (_, K::StatusReport) => lang.pick("業務従事証明書", "status report"),
        (_, K::ContinuationSubmitted) => lang.pick("継続手続", "continuation"),
        (_, K::RepaymentNotice) => lang.pick("返還通知 (納入通知書)", "payment notice"),
        (_, K::Payment) => lang.pick("入金", "payment"),
        (_, K::Deferral) => lang.pick("返還猶予", "deferral"),
        (_, K::Waiver) => lang.pick("返還免除", "waiver"),
        (_, K::Cancellation) => lang.pick("貸与決定の取消し", "cancellation"),
    };
    match (lang, f.number) {
        (Lang::Ja, Some(n)) => format!("第{n}号様式 {name}"),
        (Lang::En, Some(n)) => format!("form {n} {name}"),
        (_, None) => name.to_string(),
    }
}

/// The reasons ア–キ a loan is cancelled for (seed 004).
pub fn cancellation_reason(lang: Lang, letter: &str) -> &'static str {
    match letter {
        "ア" => lang.pick(
            "ア 心身の故障で研修を続けられない",
            "A: unable to continue for health",
        ),
        "イ" => lang.pick("イ 研修の成績が著しく不良", "B: very poor results"),
        "ウ" => lang.pick("ウ 貸与を辞退した", "C: declined the loan"),
        "エ" => lang.pick("エ 死亡した", "D: died"),
        "オ" => lang.pick("オ 不正の手段で貸与を受けた", "E: obtained by fraud"),
        "カ" => lang.pick(
            "カ 貸与の目的を達成する見込みがない",
            "F: purpose cannot be met",
        ),
        _ => lang.pick(
            "キ 知事が必要と認めた",
            "G: as the governor finds necessary",
        ),
    }
}

/// A field's label (`birth_date` → 生年月日). `kind` tells names apart.
pub fn label(lang: Lang, kind: Kind, field: &str) -> String {
    // Parts of a list item: `training_periods start`.
    if let Some((list, part)) = field.split_once(' ') {
        let part = match part {
            "start" => lang.pick("開始", "start"),
            "end" => lang.pick("終了", "end"),
            "date" => lang.pick("日付", "date"),
            "amount" => lang.pick("金額", "amount"),
            "kind" => lang.pick("種類", "kind"),
            "years" => lang.pick("年数", "years"),
            other => other,
        };
        return format!("{} ({part})", label(lang, kind, list));
    }
    let ja = match (kind, field) {
        (Kind::Facility, "name") => "施設名",
        (Kind::Physician, "name") => "認定医の氏名",
        (Kind::LoanEvent, "facility_number") => "勤務先の施設番号",
        (Kind::LoanEvent, "date") => "事由の日付",
        (Kind::LoanEvent, "end_date") => "終了日・期限",
        (_, "registration_number") => "医籍登録番号",
        (_, "name") => "氏名",
        (_, "name_kana") => "氏名 (カナ)",
        (_, "birth_date") => "生年月日",
        (_, "email") => "メールアドレス",
        (_, "regional_quota") => "地域枠",
        (_, "training_periods") => "研修期間",
        (_, "facility_number") => "施設番号",
        (_, "prefecture") => "都道府県",
        (_, "medical_area") => "医療圏",
        (_, "dental") => "歯科口腔外科",
        (_, "priority_area") => "重点支援区域",
        (_, "certified") => "認定",
        (_, "contact_email") => "連絡先メール",
        (_, "designated") => "返還免除の対象施設",
        (_, "cert_number") => "認定番号",
        (_, "certification") => "認定の種類",
        (_, "renewed") => "更新済",
        (_, "full_time") => "常勤",
        (_, "workplace") => "勤務先 (施設番号)",
        (_, "ref") => "受付番号",
        (_, "received_at") => "受付日時",
        (_, "program") => "研修プログラム",
        (_, "director") => "統括責任者",
        (_, "reason") => "理由",
        (_, "withdrawal_kind") => "辞退の種類",
        (_, "director_email") => "統括責任者のメール",
        (_, "director_decision") => "統括責任者の回答",
        (_, "director_decided_at") => "回答の日",
        (_, "transfer_kind") => "異動の種類",
        (_, "from_association") => "異動元の医師会",
        (_, "requested_category") => "希望する会員区分",
        (_, "to_association") => "異動先の医師会",
        (_, "to_prefecture") => "異動先の都道府県",
        (_, "to_district") => "異動先の郡市区",
        (_, "current_category") => "現在の会員区分",
        (_, "facility") => "研修施設",
        (_, "facility_duty") => "施設での役割",
        (_, "fiscal_year") => "年度",
        (_, "reporter_name") => "報告者",
        (_, "supervisors") => "指導責任者の認定番号",
        (_, "director_name") => "施設長",
        (_, "loan_id") => "貸与番号",
        (_, "first_fiscal_year") => "貸与開始年度",
        (_, "years_approved") => "貸与年数",
        (_, "disbursements") => "貸与の実績",
        (_, "annual_amount") => "年額 (円)",
        (_, "prior_obligations") => "先行貸与の義務",
        (_, "event") => "届出",
        (_, "date") => "日付",
        (_, "end_date") => "終了日",
        (_, "notified_at") => "届出を受けた日",
        (_, "working_days") => "勤務日数",
        (_, "note") | (_, "notes") => "備考",
        (_, "association") => "申請先の医師会",
        (_, "training") => "研修名",
        (_, "completed_on") => "修了日",
        (_, "amount") => "金額 (円)",
        (_, "kind") => "記録の種類",
        _ => "",
    };
    match lang {
        Lang::Ja if !ja.is_empty() => ja.to_string(),
        _ => field.replace('_', " "),
    }
}

/// The values a choice field takes, each in Japanese with the id the data
/// formats write (`採用辞退` is `adoption`): a form shows and takes the words.
pub fn choices(field: &str) -> &'static [(&'static str, &'static str)] {
    match field {
        "withdrawal_kind" => &[("採用辞退", "adoption"), ("研修資金の辞退", "loan")],
        "director_decision" => &[
            ("未回答", "pending"),
            ("承認", "approved"),
            ("不承認", "declined"),
        ],
        "transfer_kind" => &[
            ("区分変更", "category_change"),
            ("医師会の異動", "association_transfer"),
        ],
        "certification" => &[("一般", "general"), ("歯科", "dental")],
        "prior_obligations kind" => &[
            ("医師修学資金", "shugaku"),
            ("臨床研修医研修資金", "rinsho"),
        ],
        _ => &[],
    }
}

/// A value typed in a form, as the data formats write it: a choice's
/// Japanese word becomes its id; anything else is sent as typed.
pub fn typed_value(field: &str, value: &str) -> String {
    let v = value.trim();
    choices(field)
        .iter()
        .find(|(ja, _)| *ja == v)
        .map_or_else(|| value.to_string(), |(_, id)| id.to_string())
}

/// A field's value as a person reads it in `lang`: a loan event by its name,
/// a choice by its word, yes or no in words; anything else as it is.
pub fn value(lang: Lang, field: &str, value: &str) -> String {
    if lang == Lang::En {
        return value.to_string();
    }
    if field == "event" {
        if let Some(k) = LoanEventKind::from_id(value) {
            return loan_event(lang, k).to_string();
        }
    }
    if field == "prior_obligations" {
        // `shugaku:9:2031-03-31` reads `医師修学資金:9:2031-03-31`.
        return value
            .split(';')
            .map(|item| match item.split_once(':') {
                Some((kind, rest)) => match PriorLoanKind::parse(kind) {
                    Some(k) => format!("{}:{rest}", k.name()),
                    None => item.to_string(),
                },
                None => item.to_string(),
            })
            .collect::<Vec<_>>()
            .join(";");
    }
    if let Some((ja, _)) = choices(field).iter().find(|(_, id)| *id == value) {
        return ja.to_string();
    }
    match value {
        "true" => super::Text::Yes.get(lang).to_string(),
        "false" => super::Text::No.get(lang).to_string(),
        _ => value.to_string(),
    }
}

/// The rule a field is checked by, shown beside its box.
pub fn rule(lang: Lang, field: &str) -> &'static str {
    match field {
        "withdrawal_kind" => lang.pick("採用辞退 / 研修資金の辞退", "adoption / loan"),
        "transfer_kind" => lang.pick(
            "区分変更 / 医師会の異動",
            "category_change / association_transfer",
        ),
        "certification" => lang.pick("一般 / 歯科", "general / dental"),
        "registration_number" => lang.pick("1〜7桁の数字", "1 to 7 digits"),
        "birth_date" | "date" | "end_date" | "notified_at" | "completed_on" => lang.pick(
            "例 R7.4.1 / 2025/4/1 / 2025-04-01",
            "e.g. 2025-04-01, 2025/4/1, R7.4.1",
        ),
        "received_at" => lang.pick("例 2025-04-01 09:00 (空欄で今)", "e.g. 2025-04-01 09:00"),
        "email" | "contact_email" | "director_email" => {
            lang.pick("半角100文字以内", "at most 100 half-width characters")
        }
        "regional_quota" | "dental" | "priority_area" | "certified" | "designated" | "renewed"
        | "full_time" => lang.pick("あり・はい / なし・いいえ", "yes / no"),
        "working_days" => lang.pick("0〜366日", "0 to 366 days"),
        "amount" | "annual_amount" => lang.pick("円 (半角数字)", "yen"),
        "training_periods" => lang.pick(
            "施設:開始:終了 を ; で区切る",
            "FACILITY:START:END joined by ;",
        ),
        "disbursements" => lang.pick("日付:金額 を ; で区切る", "DATE:AMOUNT joined by ;"),
        "prior_obligations" => lang.pick(
            "種類:年数:終了日 を ; で区切る (種類は 医師修学資金・臨床研修医研修資金)",
            "KIND:YEARS:END joined by ; (shugaku, rinsho)",
        ),
        "supervisors" => lang.pick("認定番号を ; で区切る", "certificate numbers joined by ;"),
        "ref" => lang.pick("空欄で自動採番", "empty: the next number"),
        "director_decision" => lang.pick("承認 / 不承認", "approved / declined"),
        "director_decided_at" => lang.pick(
            "回答の日 (空欄で今日) 例 R8.11.20",
            "the day it came (empty: today)",
        ),
        "note" | "notes" | "reason" => lang.pick("Ctrl-E でエディタ", "Ctrl-E: editor"),
        "training" => lang.pick("100文字以内", "at most 100 characters"),
        _ => "",
    }
}

/// Why one field was refused, in `lang`, naming the field by its label.
pub fn problem(lang: Lang, kind: Kind, p: &FieldProblem) -> String {
    if lang == Lang::En {
        return crate::interchange::problem::english(p);
    }
    let l = label(lang, kind, &p.field);
    let v = |s: &str| {
        let cut: String = s.chars().take(40).collect();
        crate::text::sanitize(&cut).into_owned()
    };
    match &p.problem {
        Problem::Unknown => format!("「{}」という項目はありません", v(&p.field)),
        Problem::NotText => format!("{l}は文字で書いてください"),
        Problem::Missing if p.field.is_empty() => "記録に必要な項目が足りません".into(),
        Problem::Missing => format!("{l}は必須です"),
        Problem::TooLong { max } => format!("{l}は{max}文字以内です"),
        Problem::ControlCharacters { .. } => format!("{l}に制御文字が含まれています"),
        Problem::RegistrationNumber { value } => {
            format!("{l}「{}」は1〜7桁の数字で書いてください", v(value))
        }
        Problem::FacilityNumber { value } => {
            format!(
                "{l}「{}」は半角英数字とハイフンだけで書いてください",
                v(value)
            )
        }
        Problem::Date { value } => format!(
            "{l}「{}」は日付として読めません (R7.4.1、2025/4/1、2025-04-01 など)",
            v(value)
        ),
        Problem::Day { value } => format!("{l}「{}」は日付・日時として読めません", v(value)),
        Problem::Moment { value } => format!(
            "{l}「{}」は日時として読めません (2025-04-01 09:00 など)",
            v(value)
        ),
        Problem::OutsideRuleYears { value } => format!(
            "{l}「{}」は規則の対象期間 (1990年〜2099年) の外です",
            v(value)
        ),
        Problem::Bool { value } => format!("{l}「{}」は はい か いいえ で答えてください", v(value)),
        Problem::WholeNumber { value } => format!("{l}「{}」は整数で書いてください", v(value)),
        Problem::Range { min, max, got } => format!("{l}は{min}〜{max}です ({got})"),
        Problem::YenRange { min, max, got } => {
            format!("{l}は{}〜{}円です ({}円)", yen(*min), yen(*max), yen(*got))
        }
        Problem::Choice {
            value,
            choices: ids,
        } => {
            // The words a form takes, where the field has them.
            let words: Vec<&str> = ids
                .iter()
                .map(|id| {
                    choices(&p.field)
                        .iter()
                        .find(|(_, i)| i == id)
                        .map_or(id.as_str(), |(ja, _)| *ja)
                })
                .collect();
            format!(
                "{l}「{}」は選べません。{} のどれかです",
                v(value),
                words.join("、")
            )
        }
        Problem::OrgId { value } => format!(
            "{l}「{}」は半角英小文字・数字・-・_ の32文字以内です",
            v(value)
        ),
        Problem::Email { value, max } => format!(
            "{l}「{}」は半角{max}文字以内のメールアドレスではありません",
            v(value)
        ),
        Problem::NotList | Problem::ListItems => format!("{l}は ; で区切って並べてください"),
        Problem::TooManyItems { max } => format!("{l}は{max}件までです"),
        Problem::ItemTooLong { item } => format!("{l}の「{}」が長すぎます", v(item)),
        Problem::ItemForm { item, form } => {
            format!("{l}の「{}」は {form} の形で書いてください", v(item))
        }
        Problem::ItemEndsBeforeStart { item } => {
            format!("{l}の「{}」は終了が開始より前です", v(item))
        }
        Problem::EndBeforeDate { date, end } => {
            format!("終了日 {end} が日付 {date} より前です")
        }
        Problem::PaymentNeedsAmount => "入金には金額 (円) が必要です".into(),
        Problem::AmountNotForEvent { event } => format!(
            "金額は入金と返還免除にだけ書きます ({}には書きません)",
            event_name(event)
        ),
        Problem::ReasonNotForEvent { event } => format!(
            "理由は貸与決定の取消し (ア〜キ) と返還免除 (死亡・疾病・災害・その他) にだけ書きます ({}には書きません)",
            event_name(event)
        ),
        Problem::NeedsEndDate { event } if event == "repayment_notice" => {
            "返還通知には納期限 (終了日) が必要です".into()
        }
        Problem::NeedsEndDate { event } => {
            format!("{}には終わる日 (終了日) が必要です", event_name(event))
        }
        Problem::NotKnown { what, key } => {
            let what = match what.as_str() {
                "person" => "医籍登録番号",
                "facility" => "施設番号",
                "physician" => "認定番号",
                _ => "貸与番号",
            };
            format!("{what} {} は登録されていません", v(key))
        }
        Problem::Taken { key } => format!("{l} {} はすでに使われています", v(key)),
        Problem::KeyField => format!("{l}は記録を特定する項目なので変更できません"),
        Problem::NoChange => "変更する項目がありません".into(),
        Problem::CompletedAfterReceipt {
            completed_on,
            received_on,
        } => format!(
            "{l} {completed_on} が申請の受付日 {received_on} より後です (修了してから申請します)"
        ),
    }
}

fn event_name(id: &str) -> &'static str {
    LoanEventKind::from_id(id).map_or("", |k| loan_event(Lang::Ja, k))
}

fn yen(n: i64) -> String {
    crate::text::yen(n)
}

/// A rule's short name, for what a recorded form changed.
pub fn flag_short(lang: Lang, f: crate::domain::Flag) -> &'static str {
    use crate::domain::Flag as F;
    if lang == Lang::En {
        return f.id();
    }
    match f {
        F::NoValidSupervisor => "指導責任者なし",
        F::SupervisorNotRenewed => "認定未更新",
        F::SupervisorNotFullTime => "非常勤",
        F::SupervisorWorkplaceMismatch => "勤務先不一致",
        F::DentalCertificateAtNonDentalFacility => "歯科認定の不一致",
        F::SubmittedOutsideWindow => "受付期間外",
        F::MissingReport => "報告なし",
        F::DirectorUnanswered => "統括未回答",
        F::AfterRecruitmentClosed => "募集終了後",
        F::UnknownPerson => "未登録者",
        F::DuplicatePerson => "二重登録",
        F::NotificationLate => "届出遅延",
        F::ContinuationOverdue => "継続手続遅延",
        F::StatusReportOverdue => "従事報告遅延",
        F::WorkingDaysBelow200 => "勤務日数不足",
        F::EmploymentGapTooLong => "勤務空白",
        F::ExemptionReached => "免除到達",
        F::RepaymentDue => "返還発生",
        F::TrainingPeriodCrossesFiscalYear => "年度またぎ",
        F::TrainingPeriodGap => "研修期間の空白",
        F::TrainingPeriodOverlap => "研修期間の重複",
        F::PaymentOverdue => "納付遅延",
        F::StudyPlanLate => "計画書遅延",
        F::NotDesignatedWorkplace => "対象外勤務",
        F::DisbursementOverdue => "貸与遅延",
        F::DisbursementMayBeHeld => "貸与保留",
    }
}

/// A refusal of a form, in `lang` (`Refusal::Fields`, `Refusal::RecordChanged`).
pub fn refusal(lang: Lang, dates: DateStyle, r: &Refusal) -> String {
    match r {
        Refusal::Fields { kind, problems } => problems
            .iter()
            .map(|p| problem(lang, Kind::from_id(kind).unwrap_or(Kind::Person), p))
            .collect::<Vec<_>>()
            .join(lang.pick("。", "; ")),
        Refusal::RecordChanged { change } => {
            let crate::domain::refusal::RecordChange {
                kind,
                key,
                field,
                now,
                by,
                at,
            } = change.as_ref();
            let kind = Kind::from_id(kind).unwrap_or(Kind::Person);
            let l = label(lang, kind, field);
            let when = at
                .as_ref()
                .map(|t| super::dates::timestamp(t, dates, super::DateWidth::Full));
            match lang {
                Lang::Ja => format!(
                    "{} {key} の{l}は「{}」に変更されました{}。見直してからもう一度保存してください",
                    kind_name(lang, kind),
                    if now.is_empty() { "空欄" } else { now },
                    match (by, when) {
                        (Some(b), Some(w)) => format!(" ({b}、{w})"),
                        _ => String::new(),
                    }
                ),
                Lang::En => format!(
                    "{} {key}: {field} was changed to {now:?}{} meanwhile; look again and save again",
                    kind_name(lang, kind),
                    match (by, when) {
                        (Some(b), Some(w)) => format!(" by {b} at {w}"),
                        _ => String::new(),
                    }
                ),
            }
        }
        _ => String::new(),
    }
}

/// One effect of a recorded form (`従事月数 16→14か月`, `届出遅延 0→1件`).
pub fn effect(lang: Lang, e: &Effect) -> String {
    match e {
        Effect::ServiceMonths { before, after } => match lang {
            Lang::Ja => format!("従事月数 {before}→{after}か月"),
            Lang::En => format!("service {before}→{after} months"),
        },
        Effect::Flag {
            flag,
            before,
            after,
        } => match lang {
            Lang::Ja => format!("{} {before}→{after}件", flag_short(lang, *flag)),
            Lang::En => format!("{} {before}→{after}", flag_short(lang, *flag)),
        },
        Effect::Followups {
            created,
            updated,
            closed,
        } => match lang {
            Lang::Ja => format!("フォローアップ 新規{created} 更新{updated} 完了{closed}"),
            Lang::En => format!("follow-ups {created} new, {updated} changed, {closed} closed"),
        },
    }
}

/// What a recorded form did, as one line (the status line, `record`).
pub fn report(lang: Lang, r: &RecordReport, what: &str) -> String {
    let done = match (lang, r.written) {
        (Lang::Ja, true) => format!("{what}を記録しました"),
        (Lang::Ja, false) => format!("{what}は記録できます (試行のみ)"),
        (Lang::En, true) => format!("{what} recorded"),
        (Lang::En, false) => format!("{what} would be recorded (dry run)"),
    };
    let effects: Vec<String> = r.effects.iter().map(|e| effect(lang, e)).collect();
    if effects.is_empty() {
        done
    } else {
        format!("{done} — {}", effects.join(", "))
    }
}

/// What an undo of a recorded change did (`u` after a form or a link):
/// `第8号様式 休職届 (L-2024-001) の記録を取り消しました — フォローアップ 更新0 完了1`.
pub fn undone(lang: Lang, r: &RecordReport) -> String {
    let event = r
        .changes
        .iter()
        .find(|c| c.field == "event")
        .and_then(|c| c.before.as_deref())
        .map(|e| value(lang, "event", e));
    let what = match (event, Kind::from_id(&r.kind)) {
        (Some(e), _) => e,
        (None, Some(k)) => kind_name(lang, k).to_string(),
        (None, None) => lang.pick("二重登録の統合", "duplicate link").to_string(),
    };
    let done = lang.pick(
        format!("{what} ({}) の記録を取り消しました", r.key),
        format!("{what} ({}) undone", r.key),
    );
    let effects: Vec<String> = r.effects.iter().map(|e| effect(lang, e)).collect();
    if effects.is_empty() {
        done
    } else {
        format!("{done} — {}", effects.join(", "))
    }
}

/// What a link moved: `7654321 を 1234561 に統合しました — 事案 2件, 研修資金 1件,
/// 問い合わせ 0件, 研修期間 1件`.
pub fn linked(lang: Lang, r: &crate::desk::LinkReport) -> String {
    let (d, k) = (
        crate::text::sanitize(&r.duplicate),
        crate::text::sanitize(&r.keep),
    );
    let n = super::decided::count;
    match (lang, r.written) {
        (Lang::Ja, written) => format!(
            "{d} を {k} に統合{} — 事案 {}件, 研修資金 {}件, 問い合わせ {}件, 研修期間 {}件",
            if written {
                "しました"
            } else {
                "できます (試行のみ)"
            },
            n(r.cases),
            n(r.loans),
            n(r.enquiries),
            n(r.training_periods)
        ),
        (Lang::En, written) => format!(
            "{d} {} to {k} — {} cases, {} loans, {} enquiries, {} training periods",
            if written { "linked" } else { "would be linked" },
            n(r.cases),
            n(r.loans),
            n(r.enquiries),
            n(r.training_periods)
        ),
    }
}

/// A `record` argument that is not `FIELD=VALUE`.
pub fn not_a_pair(lang: Lang, arg: &str) -> String {
    lang.pick(
        format!("「{arg}」は 項目=値 の形で書いてください"),
        format!("{arg:?} is not FIELD=VALUE"),
    )
}
