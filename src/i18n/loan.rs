//! Wording of the loan rules added with the repayment, study-plan,
//! designated-workplace and office-deadline checks, in Japanese and English.

use super::Lang;
use crate::domain::{Flag, PriorLoanKind, PriorObligation};

/// One line explaining a loan flag added here (None for the others).
pub fn flag_text(lang: Lang, f: Flag) -> Option<&'static str> {
    Some(match f {
        Flag::PaymentOverdue => lang.pick(
            "納期限を過ぎても返還金が納付されていません (延滞利息 年15%)",
            "the repayment is past its payment deadline (late interest 15% a year)",
        ),
        Flag::StudyPlanLate => lang.pick(
            "修学の計画書 (様式17) が開始の3か月前までに提出されていません",
            "the study-interruption plan (form 17) came later than 3 months before the start",
        ),
        Flag::NotDesignatedWorkplace => lang.pick(
            "返還免除条件となる医療機関以外で勤務しています (従事月数に算入せず、返還の対象)",
            "service at a facility that is not designated (no months count; repayment)",
        ),
        Flag::DisbursementOverdue => lang.pick(
            "継続手続済みの年度の貸与が4月30日までに行われていません (事務局の対応)",
            "a continued year was not disbursed by April 30 (the office's task)",
        ),
        Flag::DisbursementMayBeHeld => lang.pick(
            "継続手続の時期に休職中: 当該年度の貸与を一時保留できます",
            "on leave during the continuation period: that year's disbursement may be held",
        ),
        _ => return None,
    })
}

/// The label of a facility's `designated` field.
pub fn designated_label(lang: Lang) -> &'static str {
    lang.pick("返還免除対象の医療機関", "designated workplace")
}

/// The name of an earlier loan's kind (seed 004).
pub fn prior_kind(lang: Lang, k: PriorLoanKind) -> &'static str {
    match k {
        PriorLoanKind::Shugaku => lang.pick("医師修学資金", "medical-student loan"),
        PriorLoanKind::Rinsho => lang.pick("臨床研修医研修資金", "clinical-trainee loan"),
    }
}

/// Why service counts only from a later month: the earlier loan's
/// obligation it follows (`医師修学資金の義務 令和13年3月31日まで、以後に算入`).
pub fn counted_after(lang: Lang, dates: super::DateStyle, o: PriorObligation) -> String {
    let end = super::dates::date(o.end, dates, super::DateWidth::Full);
    match lang {
        Lang::Ja => format!("{}の義務 {end}まで、以後に算入", prior_kind(lang, o.kind)),
        Lang::En => format!(
            "the {} obligation runs to {end}; counted after it",
            prior_kind(lang, o.kind)
        ),
    }
}

/// Where a loan stands, on one line for the help desk's lookup: service
/// toward exemption (`従事 26/36か月`), exemption reached or expected, and
/// the amount due and still owed when repayment is due.
pub fn standing(
    lang: Lang,
    dates: super::DateStyle,
    s: &crate::desk::LoanStanding,
    today: chrono::NaiveDate,
) -> String {
    use super::labels::{months, yen};
    let mut parts = vec![format!(
        "{} {}/{}{}",
        lang.pick("従事", "service"),
        s.service_months,
        months(lang, s.required_months),
        s.counted_after
            .map(|o| format!(" ({})", counted_after(lang, dates, o)))
            .unwrap_or_default()
    )];
    if let Some(d) = s.exemption_date {
        let words = if d <= today {
            lang.pick("免除到達", "exemption reached")
        } else {
            lang.pick("免除見込", "exemption expected")
        };
        parts.push(format!(
            "{words} {}",
            super::dates::date(d, dates, super::DateWidth::Full)
        ));
    }
    if let Some(due) = s.amount_due {
        parts.push(format!(
            "{} {}",
            lang.pick("返還額", "amount due"),
            yen(lang, due)
        ));
    }
    if let (Some(owed), Some(due)) = (s.outstanding, s.amount_due) {
        parts.push(match (lang, owed > due) {
            (Lang::Ja, true) => format!("未納 (延滞利息込) {}", yen(lang, owed)),
            (Lang::Ja, false) => format!("未納 {}", yen(lang, owed)),
            (Lang::En, true) => format!("owed {} with late interest", yen(lang, owed)),
            (Lang::En, false) => format!("owed {}", yen(lang, owed)),
        });
    }
    parts.join(lang.pick("・", " · "))
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    #[test]
    fn every_flag_has_a_code_and_a_text_in_both_languages() {
        for f in Flag::ALL {
            assert!(!super::super::flag_code(f).is_empty(), "{f:?}");
            for lang in [Lang::Ja, Lang::En] {
                assert!(!super::super::flag_text(lang, f).is_empty(), "{f:?}");
            }
        }
        let codes: std::collections::BTreeSet<&str> = Flag::ALL
            .iter()
            .map(|f| super::super::flag_code(*f))
            .collect();
        assert_eq!(codes.len(), Flag::ALL.len(), "codes are unique");
    }

    /// A loan in service: 26 of 36 months, exemption expected 2027-09-30.
    pub(crate) fn serving() -> crate::desk::LoanStanding {
        crate::desk::LoanStanding {
            loan_id: "L-2021-00001".into(),
            service_months: 26,
            required_months: 36,
            exemption_date: Some(crate::domain::time::ymd(2027, 9, 30)),
            amount_due: None,
            outstanding: None,
            counted_after: None,
        }
    }

    #[test]
    fn a_loan_standing_reads_as_one_line_in_both_languages() {
        use super::super::DateStyle::{Iso, Wareki};
        use crate::desk::LoanStanding;
        use crate::domain::time::ymd;
        let today = ymd(2026, 11, 21);
        let serving = serving();
        let done = LoanStanding {
            service_months: 36,
            exemption_date: Some(ymd(2026, 3, 31)),
            ..serving.clone()
        };
        let owed = LoanStanding {
            service_months: 0,
            required_months: 18,
            exemption_date: None,
            amount_due: Some(3_602_876),
            outstanding: Some(3_602_876),
            ..serving.clone()
        };
        // Stacked: 医師修学資金 of 9 years ending 2031-03-31 comes first.
        let stacked = LoanStanding {
            service_months: 0,
            exemption_date: Some(ymd(2034, 3, 31)),
            counted_after: Some(PriorObligation {
                kind: PriorLoanKind::Shugaku,
                years: 9,
                end: ymd(2031, 3, 31),
            }),
            ..serving.clone()
        };
        for (lang, dates, s, line) in [
            (
                Lang::Ja,
                Iso,
                &serving,
                "従事 26/36か月・免除見込 2027-09-30",
            ),
            (
                Lang::Ja,
                Wareki,
                &serving,
                "従事 26/36か月・免除見込 令和9年9月30日",
            ),
            (
                Lang::En,
                Iso,
                &serving,
                "service 26/36 months · exemption expected 2027-09-30",
            ),
            (Lang::Ja, Iso, &done, "従事 36/36か月・免除到達 2026-03-31"),
            (
                Lang::Ja,
                Iso,
                &owed,
                "従事 0/18か月・返還額 3,602,876円・未納 3,602,876円",
            ),
            (
                Lang::En,
                Iso,
                &owed,
                "service 0/18 months · amount due ¥3,602,876 · owed ¥3,602,876",
            ),
            (
                Lang::Ja,
                Wareki,
                &stacked,
                "従事 0/36か月 (医師修学資金の義務 令和13年3月31日まで、以後に算入)・免除見込 令和16年3月31日",
            ),
            (
                Lang::En,
                Iso,
                &stacked,
                "service 0/36 months (the medical-student loan obligation runs to 2031-03-31; counted after it) · exemption expected 2034-03-31",
            ),
        ] {
            assert_eq!(standing(lang, dates, s, today), line);
        }
    }
}
