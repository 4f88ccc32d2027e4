//! The TUI's commands, defined once: each with its config name, the
//! permission a role needs for it, whether it is offered in the hint line,
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

            /// Whether the hint line offers it.
            pub fn hinted(self) -> bool {
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
    Queue1 = "queue_1", Read, false, CmdQueue1, { List: ["1"] };
    Queue2 = "queue_2", Read, false, CmdQueue2, { List: ["2"] };
    Queue3 = "queue_3", Read, false, CmdQueue3, { List: ["3"] };
    Queue4 = "queue_4", Read, false, CmdQueue4, { List: ["4"] };
    NextQueue = "next_queue", Read, false, CmdNextQueue, { List: ["Tab"] };
    PrevQueue = "prev_queue", Read, false, CmdPrevQueue, { List: ["Shift-Tab"] };
    Down = "down", Read, false, CmdDown, { List: ["j", "Down"], Lookup: ["j", "Down"] };
    Up = "up", Read, false, CmdUp, { List: ["k", "Up"], Lookup: ["k", "Up"] };
    Top = "top", Read, false, CmdTop, { List: ["g", "Home"], Detail: ["g", "Home"], Lookup: ["g", "Home"] };
    Bottom = "bottom", Read, false, CmdBottom, { List: ["G", "End"], Detail: ["G", "End"], Lookup: ["G", "End"] };
    PageDown = "page_down", Read, false, CmdPageDown,
        { List: ["PgDn", "Ctrl-f"], Detail: ["PgDn", "Ctrl-f"], Lookup: ["PgDn", "Ctrl-f"] };
    PageUp = "page_up", Read, false, CmdPageUp,
        { List: ["PgUp", "Ctrl-b"], Detail: ["PgUp", "Ctrl-b"], Lookup: ["PgUp", "Ctrl-b"] };
    ToggleDetail = "toggle_detail", Read, false, CmdToggleDetail, { List: ["Enter"], Detail: ["Enter"] };
    DetailDown = "detail_down", Read, false, CmdDetailDown,
        { List: ["J"], Detail: ["j", "Down", "J"], Lookup: ["J"] };
    DetailUp = "detail_up", Read, false, CmdDetailUp,
        { List: ["K"], Detail: ["k", "Up", "K"], Lookup: ["K"] };
    Open = "open", Read, true, CmdOpen, { Lookup: ["Enter"] };
    Filter = "filter", Read, true, CmdFilter, { List: ["/"] };
    OverdueOnly = "overdue_only", Read, false, CmdOverdueOnly, { List: ["o"] };
    CycleSort = "cycle_sort", Read, false, CmdCycleSort, { List: ["s"] };
    IncludeClosed = "include_closed", Read, false, CmdIncludeClosed, { List: ["x"] };
    Reload = "reload", Read, false, CmdReload, { List: ["R", "Ctrl-r"], Detail: ["R", "Ctrl-r"] };
    Lookup = "lookup", Read, true, CmdLookup, { List: ["L"], Detail: ["L"], Lookup: ["L"] };
    Approve = "approve", Decide, true, CmdApprove, { List: ["a"], Detail: ["a"] };
    Return = "return", Decide, true, CmdReturn, { List: ["r"], Detail: ["r"] };
    Note = "note", Annotate, true, CmdNote, { List: ["n"], Detail: ["n"] };
    Claim = "claim", Claim, true, CmdClaim, { List: ["c"], Detail: ["c"] };
    Chase = "chase", Decide, false, CmdChase, { List: ["C"], Detail: ["C"] };
    CertificationReturn = "certification_return", Decide, false, CmdCertificationReturn,
        { List: ["H"], Detail: ["H"] };
    Reopen = "reopen", Reopen, false, CmdReopen, { List: ["O"], Detail: ["O"] };
    Reassign = "reassign", Reassign, false, CmdReassign, { List: ["A"], Detail: ["A"] };
    Mark = "mark", Read, true, CmdMark, { List: ["Space"] };
    MarkAll = "mark_all", Read, false, CmdMarkAll, { List: ["*"] };
    MarkMatching = "mark_matching", Read, false, CmdMarkMatching, { List: ["M"] };
    ClearMarks = "clear_marks", Read, false, CmdClearMarks, { List: ["-"] };
    Undo = "undo", Decide, true, CmdUndo, { List: ["u"], Detail: ["u"] };
    Messages = "messages", Read, false, CmdMessages, { List: ["m"], Detail: ["m"], Lookup: ["m"] };
    Help = "help", Read, true, CmdHelp, { List: ["?", "F1"], Detail: ["?", "F1"], Lookup: ["?", "F1"] };
    Back = "back", Read, true, CmdBack, { List: ["Esc"], Detail: ["Esc"], Lookup: ["Esc"] };
    Quit = "quit", Read, true, CmdQuit,
        { List: ["q", "Ctrl-c"], Detail: ["q", "Ctrl-c"], Lookup: ["q", "Ctrl-c"], Confirm: ["Ctrl-c"] };
    Yes = "yes", Read, true, CmdYes, { Confirm: ["y"] };
    No = "no", Read, true, CmdNo, { Confirm: ["n", "Esc", "Enter"] };
}

impl Command {
    /// The command of a config name.
    pub fn from_id(s: &str) -> Option<Command> {
        Command::ALL.iter().copied().find(|c| c.id() == s)
    }
}
