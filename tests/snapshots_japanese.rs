//! Every Japanese screen the snapshots keep is free of English ids and ASCII
//! slugs (issue 19): no state, queue, role, decision, flag, event or sort id,
//! no `snake_case` word, no `/exemption`-like path of a ref. Text a person
//! types as it is (a command line in backquotes), e-mail addresses and file
//! paths are not words of the screen and are left out; so are user names.

use secretariat::domain::{DecisionKind, Flag, LoanEventKind, Queue, Role, State};
use secretariat::store::SortKey;
use std::collections::BTreeSet;
use std::path::Path;

/// Whether a snapshot is of a Japanese screen: named so, or not named
/// English and holding kana.
fn japanese(name: &str, body: &str) -> bool {
    if name.contains("_en") || name.contains("english") {
        return false;
    }
    name.contains("_ja") || body.chars().any(|c| ('\u{3040}'..='\u{30ff}').contains(&c))
}

/// The screen itself: what follows insta's header.
fn body(text: &str) -> &str {
    match text.match_indices("\n---\n").next() {
        Some((i, _)) => &text[i + 5..],
        None => text,
    }
}

fn ids() -> BTreeSet<String> {
    let mut ids = BTreeSet::new();
    ids.extend(Queue::ALL.iter().map(|q| q.id().to_string()));
    ids.extend(State::ALL.iter().map(|s| s.id().to_string()));
    ids.extend(DecisionKind::ALL.iter().map(|d| d.id().to_string()));
    ids.extend(Flag::ALL.iter().map(|f| f.id().to_string()));
    ids.extend(LoanEventKind::ALL.iter().map(|e| e.id().to_string()));
    ids.extend(SortKey::ALL.iter().map(|s| s.id().to_string()));
    ids.extend(
        [Role::Helpdesk, Role::Operator, Role::Supervisor]
            .iter()
            .map(|r| r.id().to_string()),
    );
    ids.extend(
        [
            "exemption",
            "continuation",
            "repayment",
            "status_report",
            "adoption",
            "loan",
            "category_change",
            "association_transfer",
            "desc",
            "none",
            "me",
        ]
        .map(String::from),
    );
    ids
}

/// What is not a word of the screen: `command lines`, e-mail addresses, paths.
fn without_verbatim(line: &str) -> String {
    let mut out = String::new();
    for (i, part) in line.split('`').enumerate() {
        if i % 2 == 0 {
            out.push_str(part);
            out.push(' ');
        }
    }
    out.split(' ')
        // E-mail addresses and paths (`/tmp/…`, `docs/operating.md`).
        .filter(|w| !w.contains('@') && !w.starts_with('/') && !w.contains(".md"))
        .collect::<Vec<_>>()
        .join(" ")
}

fn english_in(line: &str, ids: &BTreeSet<String>) -> Vec<String> {
    let text = without_verbatim(line);
    let mut found = Vec::new();
    let chars: Vec<char> = text.chars().collect();
    let mut i = 0;
    while i < chars.len() {
        if chars[i].is_ascii_alphabetic() || chars[i] == '_' {
            let start = i;
            while i < chars.len() && (chars[i].is_ascii_alphanumeric() || chars[i] == '_') {
                i += 1;
            }
            let word: String = chars[start..i].iter().collect();
            // A word glued to a ref by a slash (`L-2024-0001/repayment`);
            // keys listed with slashes (`j/k`, `PgDn/PgUp`) are not.
            let after_slash = start > 1
                && chars[start - 1] == '/'
                && chars[start - 2].is_ascii_digit()
                && word.chars().all(|c| c.is_ascii_lowercase() || c == '_');
            let snake = word.contains('_') && word.chars().any(|c| c.is_ascii_lowercase());
            if snake || after_slash || ids.contains(&word) {
                found.push(word);
            }
        } else {
            i += 1;
        }
    }
    found
}

/// Every `.snap` under `dir` (the tests' and the widgets' own).
fn snapshots_under(dir: &Path, out: &mut Vec<std::path::PathBuf>) {
    for e in std::fs::read_dir(dir).unwrap() {
        let p = e.unwrap().path();
        if p.is_dir() {
            snapshots_under(&p, out);
        } else if p.extension().is_some_and(|e| e == "snap") {
            out.push(p);
        }
    }
}

#[test]
fn no_english_id_on_a_japanese_screen() {
    let ids = ids();
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut checked = 0;
    let mut faults = Vec::new();
    let mut names = Vec::new();
    snapshots_under(&root.join("tests"), &mut names);
    snapshots_under(&root.join("src"), &mut names);
    names.sort();
    for path in names {
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        let text = std::fs::read_to_string(&path).unwrap();
        let screen = body(&text);
        if !japanese(&name, screen) {
            continue;
        }
        checked += 1;
        for line in screen.lines() {
            let words = english_in(line, &ids);
            if !words.is_empty() {
                faults.push(format!("{name}: {words:?} in {:?}", line.trim()));
            }
        }
    }
    assert!(
        checked >= 50,
        "only {checked} Japanese snapshots were found"
    );
    assert!(faults.is_empty(), "{}", faults.join("\n"));
}

#[test]
fn the_check_finds_what_it_looks_for() {
    let ids = ids();
    assert_eq!(
        english_in("  状態: awaiting_director", &ids),
        ["awaiting_director"]
    );
    assert_eq!(english_in("L-2021-00001/exemption", &ids), ["exemption"]);
    assert_eq!(english_in("役割: operator", &ids), ["operator"]);
    assert!(
        english_in(
            "メール: user1@example.jp `secretariat users add x operator`",
            &ids
        )
        .is_empty()
    );
    assert!(english_in("NOSUP Enter:案件へ j/k:選択", &ids).is_empty());
}
