//! `secretariat lookup` as text: what help desk reads out on the phone.

use crate::desk::Lookup;
use crate::i18n::dates::date;
use crate::i18n::lookup_words::Word as W;
use crate::i18n::{
    DateStyle, DateWidth, Lang, flag_text, labels, msg, queue_name, rows, state_label,
};
use crate::text::sanitize;
use std::fmt::Write;

/// The lookup as plain lines, its dates in `dates` (`[display] dates`; ISO
/// in English); `today` tells an exemption reached from one expected.
pub fn render(l: &Lookup, lang: Lang, dates: DateStyle, today: chrono::NaiveDate) -> String {
    let dates = dates.for_lang(lang);
    let day = |d| date(d, dates, DateWidth::Full);
    let mut o = String::new();
    if !l.matches.is_empty() {
        let _ = writeln!(o, "{}", msg::callers(lang, l.matches.len()));
        for p in &l.matches {
            let _ = writeln!(
                o,
                "  {}  {}  ({})  {}  {}",
                p.registration_number,
                sanitize(&p.name),
                sanitize(p.name_kana.as_deref().unwrap_or("-")),
                day(p.birth_date),
                sanitize(p.email.as_deref().unwrap_or("-"))
            );
        }
        return o;
    }
    let _ = writeln!(
        o,
        "{} {}",
        W::RegistrationNumber.get(lang),
        l.registration_number
    );
    match &l.person {
        Some(p) => {
            let _ = writeln!(
                o,
                "  {}: {}  ({})",
                W::Name.get(lang),
                sanitize(&p.name),
                sanitize(p.name_kana.as_deref().unwrap_or(""))
            );
            let _ = writeln!(o, "  {}: {}", W::BirthDate.get(lang), day(p.birth_date));
            let _ = writeln!(
                o,
                "  {}: {}",
                W::Email.get(lang),
                sanitize(p.email.as_deref().unwrap_or("-"))
            );
            if p.regional_quota {
                let _ = writeln!(o, "  {}", W::RegionalQuota.get(lang));
            }
        }
        None => {
            let _ = writeln!(o, "  {}", W::NoPerson.get(lang));
        }
    }
    if let Some(from) = &l.linked_from {
        let _ = writeln!(
            o,
            "  {}",
            crate::i18n::msg::linked_from(lang, from, &l.registration_number)
        );
    }
    for d in &l.duplicates {
        let _ = writeln!(
            o,
            "  {} {} {} {}",
            W::PossibleDuplicate.get(lang),
            d.registration_number,
            sanitize(&d.name),
            day(d.birth_date)
        );
    }
    let _ = writeln!(o, "{} ({})", W::Cases.get(lang), l.cases.len());
    for c in &l.cases {
        let due = c.due.map(day).unwrap_or_else(|| "-".into());
        let flags: Vec<&str> = c.flags.iter().map(|f| flag_text(lang, *f)).collect();
        let _ = writeln!(
            o,
            "  {}{} {} [{}] {} {}",
            if c.overdue { "!" } else { " " },
            queue_name(lang, c.key.queue),
            sanitize(&c.key.reference),
            state_label(lang, c.state),
            W::Due.get(lang),
            due
        );
        for f in flags {
            let _ = writeln!(o, "      - {f}");
        }
    }
    if l.elsewhere > 0 {
        let _ = writeln!(o, "  {}", crate::i18n::orgs::elsewhere(lang, l.elsewhere));
    }
    if let Some(p) = &l.person {
        if !p.training_periods.is_empty() {
            let _ = writeln!(o, "{}", W::TrainingPeriods.get(lang));
            for tp in &p.training_periods {
                let _ = writeln!(
                    o,
                    "  {} … {} {}",
                    day(tp.start),
                    day(tp.end),
                    crate::i18n::labels::facility_label(
                        l.facility_names.get(tp.facility.as_str()),
                        tp.facility.as_str()
                    )
                );
            }
        }
    }
    for c in l.training.iter().filter(|c| c.raised) {
        let _ = writeln!(
            o,
            "  !! {}: {}",
            flag_text(lang, c.flag),
            sanitize(&rows::check_detail(lang, dates, &c.detail))
        );
    }
    if !l.loans.is_empty() {
        let _ = writeln!(o, "{}", W::Loans.get(lang));
        for loan in &l.loans {
            let _ = writeln!(
                o,
                "  {}",
                sanitize(&msg::loan_line(
                    lang,
                    dates,
                    &loan.loan_id,
                    loan.first_fiscal_year,
                    loan.years_approved,
                    &labels::yen(lang, loan.principal()),
                ))
            );
            if let Some(s) = l.loan_standing.iter().find(|s| s.loan_id == loan.loan_id) {
                let _ = writeln!(
                    o,
                    "    {}",
                    crate::i18n::loan::standing(lang, dates, s, today)
                );
            }
        }
    }
    if !l.enquiries.is_empty() {
        let _ = writeln!(o, "{}", W::Enquiries.get(lang));
        for e in &l.enquiries {
            let _ = writeln!(
                o,
                "  #{} {}  {}  {}  {}",
                e.id,
                crate::i18n::dates::timestamp(&e.at, dates, DateWidth::Narrow),
                crate::i18n::enquiry::status_name(lang, &e.status),
                crate::i18n::enquiry::channel_name(lang, e.channel),
                sanitize(&e.topic)
            );
        }
    }
    o
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::time::ymd;
    use crate::domain::{Loan, RegistrationNumber};

    #[test]
    fn each_loan_says_where_it_stands() {
        let l = Lookup {
            registration_number: "1234561".into(),
            person: None,
            duplicates: Vec::new(),
            linked_from: None,
            elsewhere: 0,
            cases: Vec::new(),
            loans: vec![Loan {
                loan_id: "L-2021-00001".into(),
                registration_number: RegistrationNumber::parse("1234561").unwrap(),
                first_fiscal_year: 2021,
                years_approved: 2,
                annual_amount: 3_300_000,
                disbursements: Vec::new(),
                events: Vec::new(),
                prior_obligations: Vec::new(),
            }],
            training: Vec::new(),
            facility_names: Default::default(),
            enquiries: Vec::new(),
            matches: Vec::new(),
            loan_standing: vec![crate::i18n::loan::tests::serving()],
        };
        let ja = render(&l, Lang::Ja, DateStyle::Iso, ymd(2026, 11, 21));
        assert!(
            ja.contains("    従事 26/36か月・免除見込 2027-09-30"),
            "{ja}"
        );
        let en = render(&l, Lang::En, DateStyle::Wareki, ymd(2026, 11, 21));
        assert!(en.contains("service 26/36 months"), "{en}");
        assert!(en.contains("2027-09-30"), "English keeps ISO: {en}");
        let wareki = render(&l, Lang::Ja, DateStyle::Wareki, ymd(2026, 11, 21));
        assert!(wareki.contains("免除見込 令和9年9月30日"), "{wareki}");
    }
}
