//! Vietnamese all the way: every command's help and every table of the demo in `--lang vi` hold no
//! English word outside ids, codes and names. An English word is one of the words of the English
//! side of the message catalogue and of the English help that the Vietnamese side never uses.

mod common;

use std::collections::HashSet;

use clap::CommandFactory;
use common::{Work, stdout};
use ocop::i18n::{Lang, Msg};

/// Words an official meets in Vietnamese output that are not English prose: file formats,
/// programs, the programme's own ids and the example names.
const ALLOWED: &[&str] = &[
    "ocop",
    "csv",
    "json",
    "xlsx",
    "xlsb",
    "ods",
    "xls",
    "pdf",
    "zip",
    "toml",
    "utf",
    "bom",
    "crlf",
    "sqlite",
    "excel",
    "windows",
    "linux",
    "bash",
    "zsh",
    "fish",
    "elvish",
    "powershell",
    "roff",
    "man",
    "sha",
    "htx",
    "tht",
    "ubnd",
    "table",
    "vi",
    "en",
    "path",
    "label",
    "name",
    "file",
    "dir",
    "date",
    "days",
    "code",
    "reason",
    "text",
    "seconds",
    "year",
    "id",
    "set",
    "value",
    "criterion",
    "points",
    "level",
    "member",
    "stage",
    "kind",
    "regime",
    // A command's name (`report brief`), listed as such in Vietnamese help.
    "brief",
    "docx",
    "word",
    "number",
    "query",
    "shell",
    "product",
    "registration",
    "registrations",
    "producer",
    "version",
    "format",
    "format",
    "help",
    "options",
    "demo",
    "init",
    "register",
    "recognise",
    "rank",
    "report",
    "backup",
    "restore",
    "doctor",
    "log",
    "completions",
    "import",
    "export",
    "unit",
    "subject",
    "criteria",
    "dossier",
    "score",
    "certificate",
    "registration",
    "show",
    "list",
    "add",
    "edit",
    "remove",
    "advance",
    "withdraw",
    "enter",
    "template",
    "check",
    "kinds",
    "summary",
    "products",
    "groups",
    "dossiers",
    "progress",
    "certificates",
    "all",
    "results",
    "units",
    "scores",
    "documents",
    "subjects",
    "head",
    "anchor",
    "met",
    "origin",
    "labour",
    "idea",
    "identity",
    "aspect",
    "none",
    "yes",
    "loai",
    "dung",
    "kad",
    // Vietnamese words and names written without marks that English also has: "may mặc"
    // (garments), "Xuân Long".
    "may",
    "long",
];

fn words(s: &str) -> impl Iterator<Item = &str> {
    s.split(|c: char| {
        !(c.is_alphanumeric() || c == '-' || c == '_' || c == '.' || c == '/' || c == '@')
    })
    .filter(|w| !w.is_empty())
}

/// Lower-case ASCII words of three letters or more: an id, a code, a path or an option (with a
/// dash, a digit, a dot, a slash) is not a word.
fn plain(w: &str) -> Option<String> {
    (w.len() >= 3 && w.chars().all(|c| c.is_ascii_alphabetic())).then(|| w.to_ascii_lowercase())
}

fn english_words() -> HashSet<String> {
    let mut en = HashSet::new();
    let mut vi = HashSet::new();
    for m in Msg::ALL {
        en.extend(words(m.text(Lang::En)).filter_map(plain));
        vi.extend(words(m.text(Lang::Vi)).filter_map(plain));
    }
    for (_, text) in ocop::cli::help::keys(&ocop::cli::Cli::command()) {
        en.extend(words(&text).filter_map(plain));
    }
    for t in ocop::cli::help::vi_texts().values() {
        vi.extend(words(t).filter_map(plain));
    }
    en.retain(|w| !vi.contains(w) && !ALLOWED.contains(&w.as_str()));
    en
}

/// The English words of `text`, outside `backticks` (commands and ids quoted in prose).
fn english_in(text: &str, english: &HashSet<String>) -> Vec<String> {
    let mut found = Vec::new();
    for (i, part) in text.split('`').enumerate() {
        if i % 2 == 1 {
            continue;
        }
        for w in words(part) {
            if let Some(p) = plain(w)
                && english.contains(&p)
            {
                found.push(w.to_string());
            }
        }
    }
    found.sort();
    found.dedup();
    found
}

#[test]
fn every_help_and_every_table_of_the_demo_is_vietnamese() {
    let english = english_words();
    assert!(english.contains("database"), "the dictionary is built");
    let mut problems = Vec::new();
    let w = Work::new();
    // Help: every command's, as an official asks for it.
    let paths: Vec<String> = ocop::cli::help::keys(&ocop::cli::Cli::command())
        .into_iter()
        .map(|(k, _)| k)
        .filter(|k| !k.contains("--") && !k.contains('<'))
        .collect();
    for path in &paths {
        let mut cmd = w.ocop("vi");
        if path != "ocop" {
            cmd.args(path.split(' '));
        }
        let out = stdout(&cmd.arg("--help").assert().success());
        let found = english_in(&out, &english);
        if !found.is_empty() {
            problems.push(format!("{path} --help: {found:?}"));
        }
    }
    // Tables: the demo's, in Vietnamese.
    w.ocop("vi").args(["demo", "--dir", "."]).assert().success();
    let tables: &[&[&str]] = &[
        &["unit", "list"],
        &["unit", "show", "15481"],
        &["subject", "list"],
        &["subject", "show", "1"],
        &["product", "list"],
        &["product", "show", "1"],
        &["registration", "list", "--year", "2019"],
        &["registration", "show", "2019-004"],
        &["criteria", "list"],
        &["criteria", "list", "--regime", "qd1048"],
        &["criteria", "show", "qd1048"],
        &["dossier", "kinds", "--regime", "qd1048"],
        &["dossier", "list", "2019-004"],
        &["dossier", "check", "--year", "2019"],
        &["score", "show", "2019-004"],
        &["rank", "--year", "2019", "--level", "province"],
        &["certificate", "list"],
        &["report", "summary", "--year", "2019"],
        &["report", "products", "--year", "2019"],
        &["report", "groups", "--year", "2019"],
        &["report", "dossiers", "--year", "2019"],
        &["report", "progress", "--year", "2019"],
        &["report", "certificates"],
        &["report", "summary", "--year", "2026"],
        &["log", "--entity", "registration", "2019-004"],
    ];
    for args in tables {
        let out = w
            .ocop("vi")
            .args(*args)
            .args(["--db", "ocop.db"])
            .output()
            .unwrap();
        let text = String::from_utf8_lossy(&out.stdout).to_string()
            + &String::from_utf8_lossy(&out.stderr);
        let found = english_in(&text, &english);
        if !found.is_empty() {
            problems.push(format!("{}: {found:?}", args.join(" ")));
        }
    }
    assert!(
        problems.is_empty(),
        "English in --lang vi:\n{}",
        problems.join("\n")
    );
}
