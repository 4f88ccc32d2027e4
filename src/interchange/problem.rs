//! A refused field in the words of the data formats (English, with the
//! fields' names as files write them): what an import report says of a row.
//! A form says it in the user's language (`i18n::fields`).

/// A value as a reason quotes it (its first 40 characters).
pub(crate) use super::fields::shown;
use crate::domain::field::{FieldProblem, Problem};

/// One problem as an import report says it.
pub fn english(p: &FieldProblem) -> String {
    let name = p.field.as_str();
    match &p.problem {
        Problem::Unknown => format!("unknown field {}", shown(name)),
        Problem::NotText => format!("field \"{name}\" must be text, not a list or object"),
        Problem::Missing => format!("missing required field \"{name}\""),
        Problem::TooLong { max } => format!("field \"{name}\" is longer than {max} characters"),
        Problem::ControlCharacters { value } if name == "supervisors" => format!(
            "supervisor certificate number {} contains control characters",
            shown(value)
        ),
        Problem::ControlCharacters { value } => {
            format!("{name} {} contains control characters", shown(value))
        }
        Problem::RegistrationNumber { value } => {
            format!("{name} {} must be 1 to 7 digits", shown(value))
        }
        Problem::FacilityNumber { value } => format!(
            "{name} {} may hold only ASCII letters, digits and '-'",
            shown(value)
        ),
        Problem::Date { value } => format!("{name} {value:?} is not a valid date (YYYY-MM-DD)"),
        Problem::Day { value } => format!(
            "{name} {} is not a valid date (YYYY-MM-DD) or date-time",
            shown(value)
        ),
        Problem::Moment { value } => {
            format!("{name} {value:?} is not a valid date-time (RFC 3339 or YYYY-MM-DD HH:MM, JST)")
        }
        Problem::OutsideRuleYears { value } => {
            format!("{name} {}", crate::domain::time::outside_rule_years(value))
        }
        Problem::Bool { value } => format!(
            "{name} {} must be true or false (also 1/0, yes/no)",
            shown(value)
        ),
        Problem::WholeNumber { value } => {
            format!("{name} must be a whole number, got {}", shown(value))
        }
        Problem::Range { min, max, got } => format!("{name} must be {min} to {max}, got {got}"),
        Problem::YenRange { min, max, got } => {
            format!("{name} must be {min} to {max} yen, got {got}")
        }
        Problem::Choice { value, choices } => format!(
            "{name} {} must be one of {}",
            shown(value),
            choices.join(", ")
        ),
        Problem::OrgId { value } => format!(
            "{name} {} must be 1 to 32 of a-z, 0-9, - and _",
            shown(value)
        ),
        Problem::Email { value, max } => format!(
            "{name} {} is not an e-mail address of at most {max} half-width characters",
            shown(value)
        ),
        Problem::NotList => {
            format!("field \"{name}\" must be a list (a JSON array, or items joined by ';')")
        }
        Problem::ListItems => format!("field \"{name}\" must be a list of text items"),
        Problem::TooManyItems { max } => format!("field \"{name}\" has more than {max} items"),
        Problem::ItemTooLong { item } => {
            format!("an item of \"{name}\" is too long: {}", shown(item))
        }
        Problem::ItemForm { item, form } => format!("{name} item {} must be {form}", shown(item)),
        Problem::ItemEndsBeforeStart { item } => {
            format!("{name} item {} ends before it starts", shown(item))
        }
        Problem::EndBeforeDate { date, end } => format!("end_date {end} is before date {date}"),
        Problem::CompletedAfterReceipt {
            completed_on,
            received_on,
        } => format!(
            "{name} {completed_on} is after the day the application was received ({received_on}); the training must be completed before applying"
        ),
        Problem::PaymentNeedsAmount => {
            "a payment needs its amount in yen (field \"amount\")".to_string()
        }
        Problem::AmountNotForEvent { event } => {
            format!("amount is only for payment and waiver events, not {event}")
        }
        Problem::ReasonNotForEvent { event } => format!(
            "reason is only for cancellation (a-g, ア-キ) and waiver (death, illness, disaster, other) events, not {event}"
        ),
        Problem::NeedsEndDate { event } => {
            let what = if event == "repayment_notice" {
                "the payment deadline (納期限)"
            } else {
                "the day the deferral ends"
            };
            format!("a {event} needs end_date: {what}")
        }
        Problem::NotKnown { what, key } => {
            format!("{what} {key} is not known; import or record the {what} first")
        }
        Problem::Taken { key } => format!("{name} {key} is already taken"),
        Problem::KeyField => format!("{name} names the record and cannot be changed"),
        Problem::NoChange => "nothing to record: no field changes the record".to_string(),
    }
}
