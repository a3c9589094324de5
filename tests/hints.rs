//! Advice that can be followed: every option a message names exists on the command it is named
//! for: the command the message quotes (`ocop registration advance 2019-001 --stage submitted`),
//! else the command that printed it. Run on some forty wrong inputs, in both languages.

mod common;

use clap::CommandFactory;
use common::{Work, fixture};

/// The options of the command at `path` (deepest existing subcommand), with the global ones.
fn options_of(path: &[&str]) -> (String, Vec<String>) {
    let root = ocop::cli::Cli::command();
    let mut flags: Vec<String> = root
        .get_arguments()
        .filter_map(|a| a.get_long().map(|l| format!("--{l}")))
        .collect();
    let mut cmd = &root;
    let mut name = String::from("ocop");
    for p in path {
        match cmd.find_subcommand(p) {
            Some(sub) => {
                cmd = sub;
                name.push(' ');
                name.push_str(p);
            }
            None => break,
        }
    }
    for a in cmd.get_arguments() {
        if let Some(l) = a.get_long() {
            flags.push(format!("--{l}"));
        }
        for alias in a.get_visible_aliases().unwrap_or_default() {
            flags.push(format!("--{alias}"));
        }
    }
    flags.push("--help".into());
    (name, flags)
}

/// The options a message names, each with the command it is meant for.
fn named_options<'a>(message: &'a str, ran: &[&'a str]) -> Vec<(Vec<&'a str>, String)> {
    let mut out = Vec::new();
    for line in message.lines() {
        // A clause: what follows the last `;` or `(` before the option.
        let bytes = line.as_bytes();
        let mut i = 0;
        while let Some(pos) = line[i..].find("--") {
            let at = i + pos;
            let end = line[at + 2..]
                .find(|c: char| !(c.is_ascii_lowercase() || c == '-'))
                .map_or(line.len(), |e| at + 2 + e);
            let flag = &line[at..end];
            i = end.max(at + 2);
            if flag.len() <= 3 || (at > 0 && bytes[at - 1].is_ascii_alphanumeric()) {
                continue;
            }
            let clause_start = line[..at].rfind([';', '(', ')', '`']).map_or(0, |p| p + 1);
            let clause = &line[clause_start..at];
            let path: Vec<&str> = match clause.rfind("ocop ") {
                Some(p) => clause[p + 5..]
                    .split_whitespace()
                    .take_while(|w| w.chars().all(|c| c.is_ascii_lowercase()))
                    .collect(),
                None => ran.to_vec(),
            };
            out.push((path, flag.to_string()));
        }
    }
    out
}

#[test]
fn every_option_a_message_names_exists_where_it_is_named() {
    let demo = Work::new();
    demo.ocop("en")
        .args(["demo", "--dir", "."])
        .assert()
        .success();
    let fresh = Work::new();
    fresh.init();
    std::fs::write(fresh.path("empty.toml"), "").unwrap();
    std::fs::write(fresh.path("fake.xlsx"), "a,b\n1,2\n").unwrap();
    std::fs::write(
        fresh.path("1258.csv"),
        b"province_code,province_name,district_code,district_name,commune_code,commune_name,commune_type\n38,Thanh H\xf3a,395,Th\xf4 Xu\xe2n,15586,X\xe3,x\xe3\n",
    )
    .unwrap();
    std::fs::write(fresh.path("bad-header.csv"), "a,b,c\n1,2,3\n").unwrap();
    let units = fixture("units/tho-xuan.csv").display().to_string();
    type Case<'a> = (&'a Work, Vec<&'a str>);
    let cases: Vec<Case<'_>> = vec![
        (&fresh, vec!["subject", "list", "--format", "xlsx"]),
        (
            &fresh,
            vec![
                "rank", "--year", "2019", "--level", "district", "--format", "xlsx",
            ],
        ),
        (&fresh, vec!["init", "--units", "1258.csv"]),
        (&fresh, vec!["unit", "import", "1258.csv"]),
        (&fresh, vec!["unit", "import", "bad-header.csv"]),
        (&fresh, vec!["import", "registrations", "bad-header.csv"]),
        (&fresh, vec!["import", "results", "bad-header.csv"]),
        (&fresh, vec!["import", "registrations", "fake.xlsx"]),
        (&fresh, vec!["criteria", "check", "empty.toml"]),
        (&fresh, vec!["registration", "list", "--year", "2018"]),
        (&fresh, vec!["registration", "list", "--stage", "nowhere"]),
        (&fresh, vec!["subject", "show", "nobody"]),
        (
            &fresh,
            vec![
                "recognise",
                "2019-001",
                "--decision",
                "",
                "--date",
                "1/1/2020",
            ],
        ),
        (&fresh, vec!["backup", "/nonexistent/dir/x.db"]),
        (&fresh, vec!["--db", "nothere.db", "unit", "list"]),
        (
            &demo,
            vec![
                "score", "add", "2019-004", "--level", "district", "--member", "X", "--part", "A=1",
            ],
        ),
        (
            &demo,
            vec![
                "score", "add", "2019-006", "--level", "district", "--member", "X", "--part",
                "A=10", "--part", "B=10", "--part", "C=10",
            ],
        ),
        (
            &demo,
            vec![
                "score", "add", "2026-003", "--level", "province", "--member", "X", "--part",
                "A=10", "--part", "B=10", "--part", "C=10",
            ],
        ),
        (
            &demo,
            vec![
                "score", "remove", "2019-006", "--level", "district", "--member", "nobody",
            ],
        ),
        (
            &demo,
            vec![
                "registration",
                "advance",
                "2019-001",
                "--stage",
                "submitted",
            ],
        ),
        (
            &demo,
            vec![
                "registration",
                "advance",
                "2019-004",
                "--stage",
                "recognised",
            ],
        ),
        (
            &demo,
            vec!["registration", "edit", "2019-006", "--set", "gia vị"],
        ),
        (
            &demo,
            vec![
                "recognise",
                "2019-004",
                "--decision",
                "1/QĐ",
                "--date",
                "23/12/2019",
            ],
        ),
        (
            &demo,
            vec![
                "recognise",
                "2019-006",
                "--decision",
                "1/QĐ",
                "--date",
                "01/01/2018",
            ],
        ),
        (&demo, vec!["rank", "--year", "2019", "--level", "central"]),
        (&demo, vec!["rank", "--year", "2019", "--level", "nowhere"]),
        (
            &demo,
            vec![
                "register",
                "--from-cert",
                "1",
                "--year",
                "2019",
                "--kind",
                "new",
            ],
        ),
        (
            &demo,
            vec!["register", "Chè lam Phủ Quảng", "--year", "2019"],
        ),
        (&demo, vec!["product", "remove", "1"]),
        (&demo, vec!["subject", "remove", "1"]),
        (
            &demo,
            vec![
                "subject",
                "add",
                "--kind",
                "HTX",
                "--name",
                "HTX Mới",
                "--commune",
                "Xuân Lập",
            ],
        ),
        (&demo, vec!["dossier", "check", "--year", "2019"]),
        (
            &demo,
            vec!["dossier", "export", "2019-004", "--out", "ocop-files"],
        ),
        (&demo, vec!["import", "registrations", "ocop.db"]),
        (&demo, vec!["demo", "--dir", "."]),
        (&demo, vec!["restore", "ocop.db"]),
        (
            &demo,
            vec!["criteria", "template", "2019-004", "--format", "xlsx"],
        ),
        (&demo, vec!["report", "all", "--year", "2019", "--out", "."]),
    ];
    let mut wrong = Vec::new();
    let mut named = 0;
    for lang in ["en", "vi"] {
        for (w, args) in &cases {
            let args: Vec<&str> = args
                .iter()
                .map(|a| if *a == "UNITS" { units.as_str() } else { a })
                .collect();
            let out = w.ocop(lang).args(&args).output().unwrap();
            let err = String::from_utf8_lossy(&out.stderr).to_string();
            // The subcommand words the user typed, without global options.
            let ran: Vec<&str> = args
                .iter()
                .skip_while(|a| a.starts_with("--") || a.ends_with(".db"))
                .take_while(|a| !a.starts_with("--"))
                .copied()
                .collect();
            for (path, flag) in named_options(&err, &ran) {
                named += 1;
                let (name, flags) = options_of(&path);
                if !flags.contains(&flag) {
                    wrong.push(format!(
                        "[{lang}] ocop {}: names {flag}, which {name} does not have:\n  {}",
                        args.join(" "),
                        err.trim()
                    ));
                }
            }
        }
    }
    assert!(named > 20, "the cases name options: {named}");
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}

#[test]
fn an_option_is_read_with_the_command_a_message_quotes() {
    let found = named_options(
        "2019-001: submit it first (ocop registration advance 2019-001 --stage submitted), or give --force",
        &["score", "add"],
    );
    assert_eq!(
        found,
        [
            (vec!["registration", "advance"], "--stage".to_string()),
            (vec!["score", "add"], "--force".to_string())
        ]
    );
}
