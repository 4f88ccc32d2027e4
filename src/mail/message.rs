//! An outbox message as the relay receives it: UTF-8 body (quoted-printable or
//! base64, whichever is shorter), RFC 2047 subject and display names, and the
//! stable Message-ID of its delivery.

use super::config::MailSettings;
use crate::domain::OutboxMessage;
use crate::domain::delivery::{AddressProblem, check_address};
use lettre::Message;
use lettre::address::Envelope;
use lettre::message::header::{ContentType, HeaderName, HeaderValue};
use lettre::message::{Mailbox, SinglePart};

/// Why one message cannot be mailed (it fails without asking the relay).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{0}")]
pub struct Unmailable(pub String);

/// Builds the message; an address that breaks the seed's rule is `Unmailable`.
pub fn build(
    msg: &OutboxMessage,
    message_id: &str,
    settings: &MailSettings,
) -> Result<(Envelope, Vec<u8>), Unmailable> {
    build_from(msg, message_id, settings, None)
}

/// [`build`], from an organisation's addresses when one is given: its
/// お問い合わせ通知先 as From (with its name), its 会員管理用通知先 as
/// Reply-To; the envelope sender stays the configuration's (bounces come
/// back to the office that runs the relay).
pub fn build_from(
    msg: &OutboxMessage,
    message_id: &str,
    settings: &MailSettings,
    org: Option<&crate::domain::org::Organisation>,
) -> Result<(Envelope, Vec<u8>), Unmailable> {
    let recipient = msg.recipient.trim();
    check_address(recipient).map_err(|e| match e {
        AddressProblem::Missing => Unmailable(e.to_string()),
        other => Unmailable(format!("recipient {recipient:?}: {other}")),
    })?;
    let to: Mailbox = recipient
        .parse()
        .map_err(|e| Unmailable(format!("recipient {recipient:?} is not an address: {e}")))?;
    let envelope = Envelope::new(Some(settings.envelope_from.clone()), vec![to.email.clone()])
        .map_err(|e| Unmailable(format!("no envelope: {e}")))?;
    let mailbox = |name: &str, addr: &str| -> Option<Mailbox> {
        Some(Mailbox::new(Some(name.to_string()), addr.parse().ok()?))
    };
    let org_from = org.and_then(|o| mailbox(&o.name, o.inquiry_email.as_deref()?));
    let org_reply = org.and_then(|o| {
        let addr = o
            .member_admin_email
            .as_deref()
            .or(o.inquiry_email.as_deref())?;
        mailbox(&o.name, addr)
    });
    let mut b = Message::builder()
        .from(org_from.clone().unwrap_or_else(|| settings.from.clone()))
        .to(to)
        .subject(msg.subject.clone())
        .message_id(Some(message_id.to_string()))
        .date(msg.release_at.into())
        .envelope(envelope.clone());
    match (org_reply, &settings.reply_to) {
        (Some(r), _) if org_from.is_some() => b = b.reply_to(r),
        (_, Some(r)) => b = b.reply_to(r.clone()),
        _ => {}
    }
    let ref_header = HeaderValue::new(
        HeaderName::new_from_ascii_str("X-Secretariat-Case"),
        format!("{}/{}", msg.queue.id(), msg.case_ref),
    );
    let mut email = b
        .singlepart(
            SinglePart::builder()
                .header(ContentType::TEXT_PLAIN)
                .body(msg.body.clone()),
        )
        .map_err(|e| Unmailable(format!("the message cannot be built: {e}")))?;
    email.headers_mut().insert_raw(ref_header);
    Ok((envelope, email.formatted()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::time::{at, ymd};
    use crate::domain::{DecisionKind, OutboxStatus, Queue};

    fn settings() -> MailSettings {
        let c: super::super::MailConfig = toml::from_str(
            "smtp_host = \"127.0.0.1\"\nfrom = \"研修事務局 <jimu@example.jp>\"\nreply_to = \"問い合わせ窓口 <toiawase@example.jp>\"",
        )
        .unwrap();
        c.settings().unwrap()
    }

    fn message(recipient: &str) -> OutboxMessage {
        let t = at(ymd(2026, 11, 21), 10, 0);
        OutboxMessage {
            id: 7,
            queue: Queue::Transfer,
            case_ref: "T-2026-0001".into(),
            decision: DecisionKind::Approve,
            recipient: recipient.into(),
            subject: "【仙台市医師会】異動届を承認しました".into(),
            body: "鈴木 花子 様\n\n異動届（T-2026-0001）を承認しました。\n".into(),
            created_at: t,
            release_at: t,
            status: OutboxStatus::Released,
        }
    }

    #[test]
    fn japanese_is_encoded_for_the_wire() {
        let (env, bytes) = build(
            &message("user2345672@example.jp"),
            "<outbox-7.abc@example.jp>",
            &settings(),
        )
        .unwrap();
        let text = String::from_utf8(bytes).unwrap();
        assert!(text.is_ascii(), "{text}");
        assert!(text.contains("Subject: =?utf-8?"), "{text}");
        assert!(text.contains("From: =?utf-8?"), "{text}");
        assert!(
            text.contains("Message-ID: <outbox-7.abc@example.jp>"),
            "{text}"
        );
        assert!(text.contains("charset=utf-8"), "{text}");
        assert!(
            text.contains("Content-Transfer-Encoding: base64")
                || text.contains("Content-Transfer-Encoding: quoted-printable"),
            "{text}"
        );
        assert!(text.contains("X-Secretariat-Case: transfer/T-2026-0001"));
        assert_eq!(env.to()[0].to_string(), "user2345672@example.jp");
    }

    #[test]
    fn an_organisations_mail_comes_from_its_addresses() {
        let org = crate::domain::org::Organisation {
            id: crate::domain::org::OrgId::parse("sendai").unwrap(),
            name: "仙台市医師会".into(),
            kind: crate::domain::org::OrgKind::DistrictAssociation,
            parent: None,
            inquiry_email: Some("info@sendai.example.jp".into()),
            member_admin_email: Some("member@sendai.example.jp".into()),
        };
        let (env, bytes) = build_from(
            &message("user2345672@example.jp"),
            "<outbox-7.abc@example.jp>",
            &settings(),
            Some(&org),
        )
        .unwrap();
        let text = String::from_utf8(bytes).unwrap();
        let header = |name: &str| {
            text.lines()
                .find(|l| l.starts_with(name))
                .unwrap_or_default()
                .to_string()
        };
        assert!(
            header("From:").contains("<info@sendai.example.jp>"),
            "{text}"
        );
        assert!(
            header("Reply-To:").contains("<member@sendai.example.jp>"),
            "{text}"
        );
        // Bounces still go to the office that runs the relay.
        assert_eq!(
            env.from().map(|a| a.to_string()),
            Some(settings().envelope_from.to_string())
        );
    }

    #[test]
    fn a_missing_address_says_so() {
        let e = build(
            &message(crate::domain::delivery::NO_ADDRESS),
            "<x@y.jp>",
            &settings(),
        );
        assert_eq!(e.unwrap_err().0, "no address on file");
    }

    #[test]
    fn bad_recipients_are_unmailable() {
        for r in ["(no address on file)", "山田@example.jp", ""] {
            assert!(build(&message(r), "<x@y.jp>", &settings()).is_err(), "{r}");
        }
    }
}
