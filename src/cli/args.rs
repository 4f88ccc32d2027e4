//! The command line (SPEC "Command line").

use clap::{Args, Parser, Subcommand, ValueEnum};
use std::path::PathBuf;

/// A keyboard-driven desk for the secretariats of Japanese physician-training bodies.
#[derive(Debug, Parser)]
#[command(name = "secretariat", version, about, long_about = None)]
pub struct Cli {
    /// Where the store lives (default: the platform data dir, e.g. ~/.local/share/secretariat).
    #[arg(long, global = true, value_name = "DIR")]
    pub data_dir: Option<PathBuf>,
    /// Pretend today is this JST date (2026-11-21, 2026/11/21, R8.11.21 or 令和8年11月21日; 1990 to 2099)
    #[arg(long, global = true, value_name = "DATE")]
    pub as_of: Option<String>,
    /// Language of the screen: ja or en (default from LANG).
    #[arg(long, global = true, value_parser = ["ja", "en"])]
    pub lang: Option<String>,
    /// Act as this user (only for a supervisor, or in a demo store).
    #[arg(long, global = true, value_name = "NAME")]
    pub user: Option<String>,
    /// The configuration file (default: the platform config dir's secretariat/config.toml).
    #[arg(long, global = true, value_name = "FILE")]
    pub config: Option<PathBuf>,
    /// Open the store directly instead of through a running server (single
    /// process; only the store's owner can).
    #[arg(long, global = true)]
    pub embedded: bool,
    /// The owner server's socket (a team's service); also `server.socket` in
    /// the config or SECRETARIAT_SOCKET. Default: DIR/secretariat.sock.
    #[arg(long, global = true, value_name = "PATH")]
    pub socket: Option<PathBuf>,
    #[command(subcommand)]
    pub command: Option<Command>,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Create (or replace) a demo store with realistic Japanese data, then open the TUI.
    Demo {
        /// How many cases.
        #[arg(long, default_value_t = 2000)]
        cases: usize,
        /// Seed of the generator: the same seed gives the same store.
        #[arg(long, default_value_t = 1)]
        seed: u64,
        /// Create the store but do not open the TUI.
        #[arg(long)]
        no_tui: bool,
    },
    /// Import people, facilities, physicians, loans, loan events and cases.
    Import {
        #[arg(required = true)]
        files: Vec<PathBuf>,
        /// Validate only; write nothing.
        #[arg(long)]
        dry_run: bool,
        /// Keep the valid rows of a file that has rejected rows.
        #[arg(long)]
        skip_invalid: bool,
        /// The kind of records in CSV files whose name does not say it.
        #[arg(long)]
        kind: Option<String>,
    },
    /// Write cases, decisions, the audit log, the outbox or the enquiry log out.
    Export {
        what: ExportWhat,
        /// Only this queue (withdrawal, transfer, facility_report, loan_followup).
        #[arg(long)]
        queue: Option<String>,
        #[arg(long, value_enum, default_value_t = FormatArg::Jsonl)]
        format: FormatArg,
        /// Write to this file instead of standard output.
        #[arg(short = 'o', long)]
        output: Option<PathBuf>,
        /// Outbox: also list messages already released or cancelled, each with
        /// where it stands with the mail relay (marks nothing).
        #[arg(long)]
        all: bool,
        /// Outbox: only the notifications the mail relay refused (marks nothing).
        #[arg(long, conflicts_with = "all")]
        failed: bool,
        /// With --format csv: the form a person reads in Excel, in the user's
        /// language (--lang, LANG): titles, states, warnings and names in words,
        /// dates Excel reads, UTF-8 with a BOM and CRLF line ends (the default
        /// stays the machine's ids, UTF-8 with LF).
        #[arg(long)]
        excel: bool,
        /// Cases, decisions: only the cases this query selects (the filter language,
        /// e.g. "overdue age>30 assignee:none").
        #[arg(long, value_name = "QUERY", allow_hyphen_values = true)]
        filter: Option<String>,
    },
    /// Deliver the outbox over SMTP (`[mail]` in the configuration file).
    Mail {
        #[command(subcommand)]
        action: super::mail::MailAction,
    },
    /// The backlog overview: per queue open, overdue, due within 7 days, ages,
    /// per assignee, and 12 weeks of arrivals against decisions.
    Backlog {
        /// Print JSON instead of a table.
        #[arg(long)]
        json: bool,
        /// Only the cases this query selects (the filter language).
        #[arg(long, value_name = "QUERY", allow_hyphen_values = true)]
        filter: Option<String>,
    },
    /// The enquiry log (問い合わせ記録), newest first, with each one's age.
    Enquiries {
        /// Only the enquiries still open.
        #[arg(long)]
        open: bool,
        /// Only this person's (a registration number).
        #[arg(long, value_name = "REGNO")]
        person: Option<String>,
        /// At most this many (up to 500).
        #[arg(long, default_value_t = 100)]
        limit: usize,
        /// One JSON object a line instead of a table.
        #[arg(long)]
        json: bool,
    },
    /// Log an enquiry (`enquiry add`), or mark one resolved (`enquiry resolve`).
    Enquiry {
        #[command(subcommand)]
        action: EnquiryAction,
    },
    /// What help desk sees for a registration number, or for a name (kanji
    /// or kana) with the birth date (`lookup 池田 H2.4.1`): one person, or
    /// every person who matches with what tells them apart.
    Lookup {
        /// A registration number, or a name and a birth date.
        #[arg(num_args = 1.., required = true, value_name = "REGNO | NAME BIRTH_DATE")]
        regno: Vec<String>,
        #[arg(long)]
        json: bool,
    },
    /// Record a form: a loan event, a case received on paper, or the fields
    /// of a person, facility, physician or loan (created, or only the fields
    /// named changed). Fields as the import format names them.
    Record {
        /// person, facility, physician, loan, loan_event, withdrawal, transfer,
        /// facility_report or completion_application.
        kind: String,
        /// FIELD=VALUE, repeated (an empty VALUE clears an optional field).
        #[arg(value_name = "FIELD=VALUE")]
        fields: Vec<String>,
        /// Check every field and say what would change; write nothing.
        #[arg(long)]
        dry_run: bool,
        /// Print the report as JSON.
        #[arg(long)]
        json: bool,
    },
    /// Link a duplicate registration (二重登録) to the one that stays
    /// (supervisors): its cases, loans and enquiries move, its record is
    /// removed and its number then finds the person kept. `u` in the TUI
    /// undoes it for as long as a decision.
    Link {
        /// The registration number registered twice, to be linked away.
        duplicate: String,
        /// The registration number that stays.
        keep: String,
        /// Say what would move; write nothing.
        #[arg(long)]
        dry_run: bool,
        /// Print the report as JSON.
        #[arg(long)]
        json: bool,
    },
    /// A numbered letter of a case as an A4 PDF (文書): payment_notice
    /// (納入通知書), reminder (督促状), return_letter (差し戻し通知),
    /// certification_return_request (認定返上届の提出依頼) or loan_decision
    /// (貸与決定通知). Producing it again gives the number it was given first.
    /// Several refs, or --filter, make a batch (supervisors).
    Document(DocumentArgs),
    /// (Re)generate loan and missing-report follow-ups, idempotently.
    Followups,
    /// Manage who may do what, in which organisation (supervisors in their
    /// organisations, administrators everywhere).
    Users {
        #[command(subcommand)]
        action: UsersAction,
    },
    /// The organisations sharing the store (団体): list (everyone); add, edit
    /// and remove (administrators).
    Orgs {
        #[command(subcommand)]
        action: OrgsAction,
    },
    /// Verify the store: indexes agree with records, audit chain intact.
    Check {
        /// Also verify that the audit chain still extends this head, as
        /// `secretariat audit head` printed it earlier.
        #[arg(long, value_name = "SEQ:MAC")]
        since_head: Option<String>,
    },
    /// The keyed audit chain (`audit head`: its head, to anchor elsewhere).
    Audit {
        #[command(subcommand)]
        action: AuditAction,
    },
    /// Write a consistent copy of the store that --data-dir DEST can open.
    Backup { dest: PathBuf },
    /// Measure the store on a large demo (import, lookup, pages, decisions, bulk, RSS).
    #[command(hide = true)]
    Bench {
        #[arg(long, default_value_t = 1_000_000)]
        cases: usize,
        /// Keep the benchmark store here instead of a temporary directory.
        #[arg(long)]
        keep: Option<PathBuf>,
        /// Measure an existing store (made with --keep) in a fresh process: opening,
        /// lookups, pages, decisions and this process's memory, without building.
        #[arg(long, conflicts_with = "keep")]
        reuse: Option<PathBuf>,
    },
    /// Serve the store to several operators over a Unix socket in the data dir.
    Serve {
        /// Stop when no client has been connected for this many seconds.
        #[arg(long, value_name = "SECS")]
        idle_exit: Option<u64>,
    },
    /// Stop the server of the data dir (supervisors, or the user it runs as).
    Stop,
    /// Print the shell completion script: bash, zsh, fish, elvish or powershell
    /// (e.g. `secretariat completions bash > /etc/bash_completion.d/secretariat`).
    Completions {
        #[arg(value_enum)]
        shell: clap_complete::Shell,
    },
    /// Print the manual page, secretariat(1), in roff (`secretariat man | man -l -`).
    Man,
    /// Measure the server: round trips, decisions per second with 20 clients,
    /// and how soon a change reaches another client.
    #[command(hide = true)]
    BenchServer {
        /// Cases in the benchmark's demo store.
        #[arg(long, default_value_t = 20_000)]
        cases: usize,
        /// Concurrent clients deciding.
        #[arg(long, default_value_t = 20)]
        clients: usize,
        /// Seconds of sustained deciding.
        #[arg(long, default_value_t = 5)]
        seconds: u64,
        /// Instead: a soak of this many seconds, the clients connecting and
        /// leaving again, the server's RSS, threads, descriptors and memory
        /// maps printed at start and end.
        #[arg(long, default_value_t = 0)]
        soak_secs: u64,
        /// Connections opened and closed one after another before the soak.
        #[arg(long, default_value_t = 50_000)]
        churn: usize,
    },
}

#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum ExportWhat {
    Cases,
    Decisions,
    Audit,
    Outbox,
    Enquiries,
}

/// How an enquiry came in.
#[derive(Debug, Clone, Copy, ValueEnum, PartialEq, Eq)]
pub enum ChannelArg {
    /// 電話.
    Phone,
    /// メール.
    Mail,
    /// フォーム (the web form).
    Form,
    /// 窓口 (in person).
    Counter,
}

#[derive(Debug, Subcommand)]
pub enum EnquiryAction {
    /// Log an enquiry on the person REGNO (none: a caller not yet identified).
    Add {
        regno: Option<String>,
        #[arg(long, value_enum)]
        channel: ChannelArg,
        /// One of the configured topics (`[rules] enquiry_topics`), e.g. パスワード.
        #[arg(long)]
        topic: String,
        /// What was asked and answered (at most 10,000 characters; `-` reads it
        /// from standard input).
        #[arg(long, default_value = "", allow_hyphen_values = true)]
        note: String,
        /// The case it concerns, as QUEUE/REF (withdrawal/W-2026-000001).
        #[arg(long, value_name = "QUEUE/REF")]
        case: Option<String>,
        /// Answered already: log it resolved.
        #[arg(long)]
        resolved: bool,
        /// Print the enquiry logged as JSON.
        #[arg(long)]
        json: bool,
    },
    /// Mark enquiry ID resolved.
    Resolve {
        id: u64,
        /// Refuse if it changed since this revision (as `enquiries --json` printed it).
        #[arg(long)]
        revision: Option<u64>,
    },
}

#[derive(Debug, Clone, Copy, ValueEnum, PartialEq, Eq)]
pub enum FormatArg {
    Jsonl,
    Csv,
}

#[derive(Debug, Subcommand)]
pub enum AuditAction {
    /// Print the head of the audit chain as SEQ:MAC.
    Head,
}

#[derive(Debug, Subcommand)]
pub enum UsersAction {
    /// Every user with their roles: user name, ROLE@ORGANISATION (with `+`
    /// where the role extends to the organisations below), and the name
    /// people read.
    List {
        /// JSON lines instead of columns.
        #[arg(long)]
        json: bool,
    },
    /// Give NAME a role (helpdesk, operator or supervisor) in an
    /// organisation, or make NAME an administrator (`admin`).
    Add {
        name: String,
        role: String,
        /// The organisation (id or name), repeatable; without it, the
        /// store's only one or the one you supervise.
        #[arg(long = "org", value_name = "ID")]
        orgs: Vec<String>,
        /// The role extends to the organisations below (a prefecture's
        /// supervisor over its districts).
        #[arg(long)]
        children: bool,
        /// The name people read for NAME on screens (`--shown "田中 花子"`).
        #[arg(long, value_name = "NAME")]
        shown: Option<String>,
        /// Even when NAME is the store's service account and the role cannot
        /// send mail: all mail then stops.
        #[arg(long)]
        force: bool,
    },
    /// Set the name people read for NAME on screens (`田中 花子` for
    /// `tanaka`); `--clear` shows the user name again.
    Name {
        name: String,
        #[arg(required_unless_present = "clear")]
        shown: Option<String>,
        #[arg(long, conflicts_with = "shown")]
        clear: bool,
    },
    /// Take NAME's roles away in the organisations named (all you manage
    /// without `--org`); `--admin` takes administration away.
    Remove {
        name: String,
        #[arg(long = "org", value_name = "ID")]
        orgs: Vec<String>,
        /// Take NAME's administration of the store away (and nothing else).
        #[arg(long, conflicts_with = "orgs")]
        admin: bool,
        /// Even when NAME is the store's service account: all mail then stops.
        #[arg(long)]
        force: bool,
    },
}

#[derive(Debug, Subcommand)]
pub enum OrgsAction {
    /// Every organisation: id, name, kind, parent, cases and users.
    List {
        /// JSON lines instead of columns.
        #[arg(long)]
        json: bool,
    },
    /// Create an organisation (administrators).
    Add {
        id: String,
        name: String,
        /// office, national_association, prefectural_association,
        /// district_association, board, certification_body or loan_office.
        #[arg(long)]
        kind: String,
        /// The organisation above it (a district's prefecture).
        #[arg(long)]
        parent: Option<String>,
        /// お問い合わせ通知先メールアドレス (半角100文字以内).
        #[arg(long, value_name = "ADDRESS")]
        inquiry_email: Option<String>,
        /// 会員管理用通知メールアドレス (半角100文字以内).
        #[arg(long, value_name = "ADDRESS")]
        member_admin_email: Option<String>,
    },
    /// Change the fields named of an organisation (administrators); an
    /// empty value clears an optional one (`--parent ""`).
    Edit {
        id: String,
        #[arg(long)]
        name: Option<String>,
        #[arg(long)]
        kind: Option<String>,
        #[arg(long)]
        parent: Option<String>,
        #[arg(long, value_name = "ADDRESS")]
        inquiry_email: Option<String>,
        #[arg(long, value_name = "ADDRESS")]
        member_admin_email: Option<String>,
    },
    /// Remove an organisation that holds no case, role or organisation
    /// below it (administrators).
    Remove { id: String },
}

// What `document` is asked to make: the arguments of `Command::Document`.
// (A plain comment: a doc comment here would be clap's text for the command.)
#[derive(Debug, Args)]
pub struct DocumentArgs {
    /// The kind, by its id or its Japanese name (e.g. 督促状).
    pub kind: String,
    /// The case's ref (for payment_notice and reminder a loan id names its repayment).
    #[arg(value_name = "REF", required_unless_present = "filter")]
    pub refs: Vec<String>,
    /// A batch: the cases of the kind's queue this query selects (the filter language).
    #[arg(long, value_name = "QUERY", allow_hyphen_values = true)]
    pub filter: Option<String>,
    /// The PDF to write (a batch: one file, a page per case); default:
    /// [documents] output_dir.
    #[arg(short = 'o', long, value_name = "FILE.pdf")]
    pub output: Option<PathBuf>,
    /// A batch: one PDF per case, in this directory.
    #[arg(long, value_name = "DIR", conflicts_with = "output")]
    pub each_into: Option<PathBuf>,
    /// Also print it with [documents] print_command.
    #[arg(long)]
    pub print: bool,
    /// Print the letter's text instead of writing a PDF (numbered all the same).
    #[arg(long, conflicts_with_all = ["output", "each_into", "print"])]
    pub text: bool,
}
