//! Who may do what (SPEC "Users and roles").

use serde::{Deserialize, Serialize};

/// A user's role in a store. Unknown users are `Helpdesk` (least privilege).
#[derive(
    Debug, Clone, Copy, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize,
)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    #[default]
    Helpdesk,
    Operator,
    Supervisor,
}

/// Something a user may be allowed to do.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Permission {
    Read,
    Annotate,
    Decide,
    Claim,
    Import,
    Bulk,
    Reassign,
    Reopen,
    ManageUsers,
    EditConfig,
    /// Verify the whole store (`check`): it reads every record.
    Check,
    /// Have the server write a copy of all the store's personal data.
    Backup,
    /// Hand released notifications to the mail relay (`mail send`).
    SendMail,
    /// Retry or cancel a notification the relay refused.
    ManageMail,
    /// Record a form, a case received on paper, or a correction of the
    /// registry (`record`, `e`/`N`/`E`).
    Record,
    /// Log an enquiry (問い合わせ記録) and mark one resolved.
    LogEnquiry,
    /// Link a duplicate registration (二重登録) to the one that stays.
    LinkDuplicate,
    /// Produce a numbered letter (文書) of a case.
    Document,
}

impl Role {
    pub fn id(self) -> &'static str {
        match self {
            Role::Helpdesk => "helpdesk",
            Role::Operator => "operator",
            Role::Supervisor => "supervisor",
        }
    }

    pub fn from_id(s: &str) -> Option<Role> {
        [Role::Helpdesk, Role::Operator, Role::Supervisor]
            .into_iter()
            .find(|r| r.id() == s.trim())
    }

    /// Whether this role grants a permission.
    pub fn may(self, p: Permission) -> bool {
        use Permission::*;
        match p {
            Read | Annotate | LogEnquiry => true,
            Decide | Claim | Import | Check | SendMail | Record | Document => {
                self >= Role::Operator
            }
            Bulk | Reassign | Reopen | ManageUsers | EditConfig | Backup | ManageMail
            | LinkDuplicate => self == Role::Supervisor,
        }
    }

    /// The least role that grants a permission, for refusal messages.
    pub fn needed_for(p: Permission) -> Role {
        [Role::Helpdesk, Role::Operator, Role::Supervisor]
            .into_iter()
            .find(|r| r.may(p))
            .unwrap_or(Role::Supervisor)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn roles_are_ordered_by_privilege() {
        assert!(!Role::Helpdesk.may(Permission::Decide));
        assert!(Role::Helpdesk.may(Permission::Annotate));
        assert!(Role::Operator.may(Permission::Decide));
        assert!(!Role::Operator.may(Permission::Bulk));
        assert!(Role::Supervisor.may(Permission::ManageUsers));
        assert_eq!(Role::needed_for(Permission::Bulk), Role::Supervisor);
        assert!(Role::Helpdesk.may(Permission::LogEnquiry));
    }
}
