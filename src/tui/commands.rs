//! The TUI's commands, defined once: each with its config name, the
//! permission a role needs for it, its place in the hint line,
//! its wording (an `i18n::Text`), and its default keys per context. The
//! `Command` enum, `Command::ALL` and the default key map are generated from
//! this table (helix's `static_commands!` is the model), so help and hints,
//! filtered by the user's role, cannot disagree with the keys.

use super::keymap::Context;
use crate::domain::Permission;
use crate::i18n::Text;

macro_rules! commands {
    ($(
        $(#[$doc:meta])*
        $name:ident = $id:literal, $needs:ident, $hint:literal, $text:ident,
            { $($ctx:ident: [$($key:literal),*]),* };
    )*) => {
        /// What a key asks for. The name (`id`) is what the config file uses.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub enum Command { $($(#[$doc])* $name),* }

        impl Command {
            /// Every command, in help order.
            pub const ALL: &'static [Command] = &[$(Command::$name),*];

            /// The name used in `[tui.keys]`.
            pub fn id(self) -> &'static str {
                match self { $(Command::$name => $id),* }
            }

            /// What the user's role must grant for the command (on one case;
            /// a decision on marked cases needs `Bulk`, see `App`).
            pub fn needs(self) -> Permission {
                match self { $(Command::$name => Permission::$needs),* }
            }

            /// Its place in the hint line (1 first), or 0 when not hinted.
            pub fn hint_order(self) -> u8 {
                match self { $(Command::$name => $hint),* }
            }

            /// Its wording in help and hints.
            pub fn text(self) -> Text {
                match self { $(Command::$name => Text::$text),* }
            }
        }

        /// The default bindings: (context, command, keys).
        pub(crate) const DEFAULTS: &[(Context, Command, &[&str])] = &[
            $($((Context::$ctx, Command::$name, &[$($key),*]),)*)*
        ];
    };
}

commands! {
    Queue1 = "queue_1", Read, 0, CmdQueue1, { List: ["1"] };
    Queue2 = "queue_2", Read, 0, CmdQueue2, { List: ["2"] };
    Queue3 = "queue_3", Read, 0, CmdQueue3, { List: ["3"] };
    Queue4 = "queue_4", Read, 0, CmdQueue4, { List: ["4"] };
    NextQueue = "next_queue", Read, 0, CmdNextQueue, { List: ["Tab"] };
    PrevQueue = "prev_queue", Read, 0, CmdPrevQueue, { List: ["Shift-Tab"] };
    Down = "down", Read, 0, CmdDown,
        {
        List: ["j", "Down"], Lookup: ["j", "Down"], Mail: ["j", "Down"], Backlog: ["j", "Down"],
        Enquiries: ["j", "Down"]
    };
    Up = "up", Read, 0, CmdUp,
        {
        List: ["k", "Up"], Lookup: ["k", "Up"], Mail: ["k", "Up"], Backlog: ["k", "Up"],
        Enquiries: ["k", "Up"]
    };
    Left = "left", Read, 0, CmdLeft, { Backlog: ["h", "Left"] };
    Right = "right", Read, 0, CmdRight, { Backlog: ["l", "Right"] };
    SwitchTable = "switch_table", Read, 0, CmdSwitchTable, { Backlog: ["Tab"] };
    Top = "top", Read, 0, CmdTop,
        {
        List: ["g", "Home"], Detail: ["g", "Home"], Lookup: ["g", "Home"], Mail: ["g", "Home"],
        Enquiries: ["g", "Home"]
    };
    Bottom = "bottom", Read, 0, CmdBottom,
        {
        List: ["G", "End"], Detail: ["G", "End"], Lookup: ["G", "End"], Mail: ["G", "End"],
        Enquiries: ["G", "End"]
    };
    PageDown = "page_down", Read, 0, CmdPageDown,
        { List: ["PgDn", "Ctrl-f"], Detail: ["PgDn", "Ctrl-f"], Lookup: ["PgDn", "Ctrl-f"] };
    PageUp = "page_up", Read, 0, CmdPageUp,
        { List: ["PgUp", "Ctrl-b"], Detail: ["PgUp", "Ctrl-b"], Lookup: ["PgUp", "Ctrl-b"] };
    ToggleDetail = "toggle_detail", Read, 0, CmdToggleDetail, { List: ["Enter"], Detail: ["Enter"] };
    DetailDown = "detail_down", Read, 0, CmdDetailDown,
        { List: ["J"], Detail: ["j", "Down", "J"], Lookup: ["J"] };
    DetailUp = "detail_up", Read, 0, CmdDetailUp,
        { List: ["K"], Detail: ["k", "Up", "K"], Lookup: ["K"] };
    Open = "open", Read, 10, CmdOpen, { Lookup: ["Enter"], Backlog: ["Enter"], Enquiries: ["Enter"] };
    Filter = "filter", Read, 8, CmdFilter, { List: ["/"] };
    OverdueOnly = "overdue_only", Read, 0, CmdOverdueOnly, { List: ["o"] };
    CycleSort = "cycle_sort", Read, 0, CmdCycleSort, { List: ["s"] };
    ReverseSort = "reverse_sort", Read, 0, CmdReverseSort, { List: ["S"] };
    IncludeClosed = "include_closed", Read, 0, CmdIncludeClosed, { List: ["x"] };
    Reload = "reload", Read, 0, CmdReload,
        {
        List: ["R", "Ctrl-r"], Detail: ["R", "Ctrl-r"], Mail: ["R", "Ctrl-r"], Backlog: ["R", "Ctrl-r"],
        Enquiries: ["R", "Ctrl-r"]
    };
    Lookup = "lookup", Read, 9, CmdLookup, { List: ["L"], Detail: ["L"], Lookup: ["L"] };
    Approve = "approve", Decide, 4, CmdApprove, { List: ["a"], Detail: ["a"] };
    Return = "return", Decide, 5, CmdReturn, { List: ["r"], Detail: ["r"] };
    Note = "note", Annotate, 6, CmdNote, { List: ["n"], Detail: ["n"] };
    /// A letter of the case (納入通知書, 督促状, 差し戻し通知…): preview, then PDF.
    Document = "document", Document, 0, CmdDocument, { List: ["P"], Detail: ["P"] };
    /// A loan form on the loan shown (第8号様式 休職届 …).
    RecordForm = "record_form", Record, 0, CmdRecordForm,
        { List: ["e"], Detail: ["e"], Lookup: ["e"] };
    /// A case of the queue shown, received on paper.
    Receive = "receive", Record, 0, CmdReceive, { List: ["N"] };
    /// Correct the registry data of the person shown.
    EditRecord = "edit_record", Record, 0, CmdEditRecord,
        { List: ["E"], Detail: ["E"], Lookup: ["E"] };
    Claim = "claim", Claim, 7, CmdClaim, { List: ["c"], Detail: ["c"] };
    Chase = "chase", Decide, 0, CmdChase, { List: ["C"], Detail: ["C"] };
    CertificationReturn = "certification_return", Decide, 0, CmdCertificationReturn,
        { List: ["H"], Detail: ["H"] };
    Reopen = "reopen", Reopen, 0, CmdReopen, { List: ["O"], Detail: ["O"] };
    Reassign = "reassign", Reassign, 0, CmdReassign, { List: ["A"], Detail: ["A"] };
    Mark = "mark", Read, 11, CmdMark, { List: ["Space"] };
    RangeMark = "range_mark", Read, 0, CmdRangeMark, { List: ["v"] };
    MarkAll = "mark_all", Read, 0, CmdMarkAll, { List: ["*"] };
    MarkMatching = "mark_matching", Read, 0, CmdMarkMatching, { List: ["M"] };
    ClearMarks = "clear_marks", Read, 0, CmdClearMarks, { List: ["-"] };
    /// The notifications the mail relay refused.
    FailedMail = "failed_mail", Read, 0, CmdFailedMail, { List: ["F"], Detail: ["F"] };
    /// The backlog overview.
    Backlog = "backlog", Read, 0, CmdBacklog, { List: ["B"], Detail: ["B"] };
    /// Log an enquiry on the person of the lookup (問い合わせ記録).
    LogEnquiry = "log_enquiry", LogEnquiry, 4, CmdLogEnquiry, { Lookup: ["i"] };
    /// Link the duplicate registration shown to the person looked up (二重登録).
    LinkDuplicate = "link_duplicate", LinkDuplicate, 0, CmdLinkDuplicate, { Lookup: ["D"] };
    /// The open enquiries, with their age.
    Enquiries = "enquiries", Read, 0, CmdEnquiries, { List: ["I"], Detail: ["I"], Lookup: ["I"] };
    ResolveEnquiry = "resolve_enquiry", LogEnquiry, 4, CmdResolveEnquiry, { Enquiries: ["d"] };
    /// The `:` command line.
    CommandLine = "command_line", Read, 0, CmdCommandLine, { List: [":"], Detail: [":"] };
    /// The view picker, with live counts.
    Views = "views", Read, 0, CmdViews, { List: ["V"], Detail: ["V"] };
    RetryMail = "retry_mail", ManageMail, 4, CmdRetryMail, { Mail: ["t"] };
    CancelMail = "cancel_mail", ManageMail, 5, CmdCancelMail, { Mail: ["X"] };
    Undo = "undo", Decide, 12, CmdUndo, { List: ["u"], Detail: ["u"], Lookup: ["u"] };
    Messages = "messages", Read, 0, CmdMessages,
        { List: ["m"], Detail: ["m"], Lookup: ["m"], Mail: ["m"], Backlog: ["m"], Enquiries: ["m"] };
    Help = "help", Read, 3, CmdHelp,
        {
        List: ["?", "F1"], Detail: ["?", "F1"], Lookup: ["?", "F1"], Mail: ["?", "F1"],
        Backlog: ["?", "F1"], Enquiries: ["?", "F1"]
    };
    Back = "back", Read, 13, CmdBack,
        {
        List: ["Esc"], Detail: ["Esc"], Lookup: ["Esc"], Mail: ["Esc", "F"], Backlog: ["Esc", "B"],
        Enquiries: ["Esc", "I"]
    };
    Quit = "quit", Read, 14, CmdQuit, {
        List: ["q", "Ctrl-c"], Detail: ["q", "Ctrl-c"], Lookup: ["q", "Ctrl-c"],
        Mail: ["q", "Ctrl-c"], Backlog: ["q", "Ctrl-c"], Confirm: ["Ctrl-c"],
        Enquiries: ["q", "Ctrl-c"]
    };
    Yes = "yes", Read, 1, CmdYes, { Confirm: ["y"] };
    No = "no", Read, 2, CmdNo, { Confirm: ["n", "Esc", "Enter"] };
}

impl Command {
    /// The command of a config name.
    pub fn from_id(s: &str) -> Option<Command> {
        Command::ALL.iter().copied().find(|c| c.id() == s)
    }
}

macro_rules! typable {
    ($(
        $(#[$doc:meta])*
        $name:ident = $id:literal, $needs:ident, [$arg_ja:literal, $arg_en:literal], $text:ident;
    )*) => {
        /// A command typed on the `:` line (helix's typable commands are the
        /// model): its name, what it takes, the permission it needs and its
        /// wording. The parser, completion, help and the key reference read
        /// this one table.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        pub enum Typable { $($(#[$doc])* $name),* }

        impl Typable {
            /// Every `:` command, in help order.
            pub const ALL: &'static [Typable] = &[$(Typable::$name),*];

            /// The name typed after `:`.
            pub fn id(self) -> &'static str {
                match self { $(Typable::$name => $id),* }
            }

            /// What the role must grant for it.
            pub fn needs(self) -> Permission {
                match self { $(Typable::$name => Permission::$needs),* }
            }

            /// What it takes after its name, in `lang` (empty for nothing).
            pub fn argument(self, lang: crate::i18n::Lang) -> &'static str {
                match self { $(Typable::$name => lang.pick($arg_ja, $arg_en)),* }
            }

            /// Its wording in help and the reference.
            pub fn text(self) -> Text {
                match self { $(Typable::$name => Text::$text),* }
            }

            /// The command of a typed name (ASCII case ignored).
            pub fn from_id(s: &str) -> Option<Typable> {
                Typable::ALL.iter().copied().find(|t| t.id().eq_ignore_ascii_case(s))
            }
        }
    };
}

typable! {
    /// Open a view by (either of) its names.
    View = "view", Read, ["名前", "NAME"], LineView;
    /// Jump to a case by its reference, in whichever queue holds it.
    Ref = "ref", Read, ["受付番号", "REF"], LineRef;
    /// The backlog overview.
    Backlog = "backlog", Read, ["", ""], LineBacklog;
    /// The open enquiries.
    Enquiries = "enquiries", Read, ["", ""], LineEnquiries;
    /// Switch queue.
    Queue = "queue", Read, ["1-4", "1-4"], LineQueue;
    /// Sort the list.
    Sort = "sort", Read, ["項目 [降順]", "FIELD [desc]"], LineSort;
    /// The message history.
    Messages = "messages", Read, ["", ""], LineMessages;
}
