//! The docs' examples run: every command of the fenced `sh` blocks of README.md and the two user
//! guides, in order, in a fresh folder holding the project's fixtures, so that a guide that drifts
//! from the program fails CI.
//!
//! A command must succeed unless its comment says `exit N`. An HTML comment before a block may
//! say which database the block uses (`<!-- docs-test: db ocop-demo/ocop.db -->`) or why it is
//! not run (`<!-- docs-test: skip REASON -->`, for files only an office has). `cargo run --release
//! -- ARGS` runs `ocop ARGS`; `cargo build`, `cargo test` and `alias` lines are the reader's.
//! The files a guide's reader brings (the commune's list, a scanned plan, a decision annex) are
//! made here under the names the guide gives them.

mod common;

use std::path::Path;

use common::Work;

/// One command of a block: the words, where its output goes, the exit code the text expects.
struct Step {
    line: usize,
    words: Vec<String>,
    stdout_to: Option<String>,
    exit: i32,
}

/// The shell words of a command line (double and single quotes, backslashes), without its
/// comment; the comment's `exit N`, if any.
fn split(line: &str) -> (Vec<String>, Option<String>, i32) {
    let mut words = Vec::new();
    let mut cur = String::new();
    let mut has = false;
    let mut quote: Option<char> = None;
    let mut chars = line.chars().peekable();
    let mut comment = String::new();
    while let Some(c) = chars.next() {
        match (quote, c) {
            (Some(q), c) if c == q => quote = None,
            (Some(_), c) => cur.push(c),
            (None, '"' | '\'') => {
                quote = Some(c);
                has = true;
            }
            (None, '\\') => {
                if let Some(n) = chars.next() {
                    cur.push(n);
                    has = true;
                }
            }
            (None, '#') if !has && cur.is_empty() => {
                comment = chars.collect();
                break;
            }
            (None, c) if c.is_whitespace() => {
                if has || !cur.is_empty() {
                    words.push(std::mem::take(&mut cur));
                    has = false;
                }
            }
            (None, c) => {
                cur.push(c);
                has = true;
            }
        }
    }
    if has || !cur.is_empty() {
        words.push(cur);
    }
    let exit = comment
        .split_whitespace()
        .collect::<Vec<_>>()
        .windows(2)
        .find(|w| w[0] == "exit")
        .and_then(|w| {
            w[1].trim_matches(|c: char| !c.is_ascii_digit())
                .parse()
                .ok()
        })
        .unwrap_or(0);
    let mut out = None;
    if let Some(i) = words.iter().position(|w| w == ">") {
        out = words.get(i + 1).cloned();
        words.truncate(i);
    }
    (words, out, exit)
}

/// The blocks of a markdown file: (directive, steps).
fn blocks(text: &str) -> Vec<(Option<String>, Vec<Step>)> {
    let mut out = Vec::new();
    let mut lines = text.lines().enumerate().peekable();
    let mut directive: Option<String> = None;
    while let Some((n, line)) = lines.next() {
        let t = line.trim();
        if let Some(d) = t
            .strip_prefix("<!-- docs-test:")
            .and_then(|d| d.strip_suffix("-->"))
        {
            directive = Some(d.trim().to_string());
            continue;
        }
        if t == "```sh" {
            let mut steps = Vec::new();
            let mut pending = String::new();
            let mut first = 0;
            for (m, l) in lines.by_ref() {
                if l.trim() == "```" {
                    break;
                }
                if pending.is_empty() {
                    first = m + 1;
                }
                // A line continued with a backslash.
                if let Some(head) = l.trim_end().strip_suffix('\\') {
                    pending.push_str(head);
                    pending.push(' ');
                    continue;
                }
                pending.push_str(l);
                let (words, stdout_to, exit) = split(&pending);
                pending.clear();
                if !words.is_empty() {
                    steps.push(Step {
                        line: first,
                        words,
                        stdout_to,
                        exit,
                    });
                }
            }
            out.push((directive.take(), steps));
            let _ = n;
        } else if !t.is_empty() && !t.starts_with("<!--") {
            directive = None;
        }
    }
    out
}

/// The files a reader brings, under the names the guides give them.
fn bring(w: &Work) {
    let fixtures = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures");
    copy_dir(&fixtures, &w.path("fixtures"));
    std::fs::copy(
        fixtures.join("import/xa-xuan-lap-2019.xlsx"),
        w.path("Danh sách đăng ký xã Xuân Lập.xlsx"),
    )
    .unwrap();
    for pdf in ["Business plan.pdf", "Phương án kinh doanh.pdf"] {
        std::fs::write(w.path(pdf), b"%PDF-1.4\n% a scanned plan\n").unwrap();
    }
    annex(&w.path("QĐ 4512 công nhận OCOP 2021.xlsx"));
    // The dossier a commune sends with its 2026 registration: every item of 1489 for a
    // cooperative's food product, listed in its manifest.
    let dir = w.path("Hồ sơ 2026-001");
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(dir.join("giấy tờ.pdf"), b"%PDF-1.4\n").unwrap();
    let mut manifest = String::from("registration,kind,file,issued_on,received\n");
    for kind in [
        "registration-form",
        "business-plan",
        "organisation-profile",
        "business-registration",
        "production-certificate",
        "quality-declaration",
        "product-standard",
        "test-report",
        "product-story",
        "self-assessment",
    ] {
        manifest.push_str(&format!("2026-001,{kind},giấy tờ.pdf,01/05/2026,\n"));
    }
    manifest.push_str("2026-001,product-samples,,,yes\n");
    std::fs::write(dir.join("danh-muc.csv"), manifest).unwrap();
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for e in std::fs::read_dir(from).unwrap() {
        let e = e.unwrap();
        let p = e.path();
        if p.is_dir() {
            copy_dir(&p, &to.join(e.file_name()));
        } else {
            std::fs::copy(&p, to.join(e.file_name())).unwrap();
        }
    }
}

/// A province's decision annex of 2021: a title, a header, two products of Thọ Xuân.
fn annex(path: &Path) {
    let mut wb = rust_xlsxwriter::Workbook::new();
    let ws = wb.add_worksheet();
    let rows: [[&str; 5]; 4] = [
        ["DANH SÁCH SẢN PHẨM OCOP NĂM 2021", "", "", "", ""],
        ["STT", "Tên sản phẩm", "Chủ thể", "Địa chỉ", "Hạng sao"],
        [
            "1",
            "Chè lam Xuân Lập",
            "HTX Chè lam Xuân Lập",
            "xã Xuân Lập, huyện Thọ Xuân",
            "4 sao",
        ],
        [
            "2",
            "Mật ong Lam Sơn",
            "Công ty TNHH Ong mật Lam Sơn",
            "thị trấn Lam Sơn, huyện Thọ Xuân",
            "3 sao",
        ],
    ];
    for (r, row) in rows.iter().enumerate() {
        for (c, v) in row.iter().enumerate() {
            ws.write_string(r as u32, c as u16, *v).unwrap();
        }
    }
    wb.save(path).unwrap();
}

fn run_doc(doc: &str, lang: &str) {
    let text = std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join(doc)).unwrap();
    let w = Work::new();
    bring(&w);
    let mut ran = 0;
    for (directive, steps) in blocks(&text) {
        let mut db: Option<String> = None;
        match directive.as_deref() {
            Some(d) if d.starts_with("skip") => continue,
            Some(d) if d.starts_with("db ") => db = Some(d[3..].trim().to_string()),
            _ => {}
        }
        for s in steps {
            let mut words = s.words.clone();
            match words.first().map(String::as_str) {
                Some("ocop") => {
                    words.remove(0);
                }
                Some("cargo") if words.get(1).map(String::as_str) == Some("run") => {
                    let at = words.iter().position(|x| x == "--").unwrap_or(words.len());
                    words.drain(..=at.min(words.len() - 1));
                }
                _ => continue,
            }
            // The command's own --lang wins over the guide's language.
            let mut cmd = if words.iter().any(|x| x == "--lang") {
                let mut c = assert_cmd::Command::cargo_bin("ocop").unwrap();
                c.current_dir(w.dir.path())
                    .env_remove("OCOP_DB")
                    .env_remove("LANG")
                    .env("OCOP_LANG", lang)
                    .env("OCOP_USER", "tester");
                c
            } else {
                w.ocop(lang)
            };
            if let Some(d) = &db {
                cmd.env("OCOP_DB", d);
            }
            let out = cmd.args(&words).output().unwrap();
            let code = out.status.code().unwrap_or(-1);
            assert!(
                code == s.exit,
                "{doc}:{}: `ocop {}` exited {code}, the text expects {}\n{}{}",
                s.line,
                words.join(" "),
                s.exit,
                String::from_utf8_lossy(&out.stdout),
                String::from_utf8_lossy(&out.stderr)
            );
            if let Some(f) = &s.stdout_to {
                std::fs::write(w.path(f), &out.stdout).unwrap();
            }
            ran += 1;
        }
    }
    assert!(ran > 5, "{doc}: only {ran} commands found");
}

#[test]
fn the_readme_runs() {
    run_doc("README.md", "en");
}

#[test]
fn the_english_guide_runs() {
    run_doc("docs/guide.en.md", "en");
}

#[test]
fn the_vietnamese_guide_runs() {
    run_doc("docs/guide.vi.md", "vi");
}

#[test]
fn shell_words_and_expected_exits_are_read_as_a_reader_reads_them() {
    let (w, out, exit) = split(r#"ocop import x "Danh sách.xlsx" --a 'b c'   # fails: exit 1"#);
    assert_eq!(w, ["ocop", "import", "x", "Danh sách.xlsx", "--a", "b c"]);
    assert_eq!((out, exit), (None, 1));
    let (w, out, exit) = split("ocop list --format csv > a.csv");
    assert_eq!(w, ["ocop", "list", "--format", "csv"]);
    assert_eq!((out.as_deref(), exit), (Some("a.csv"), 0));
    let (w, _, _) = split(r#"ocop add --name "HTX #1""#);
    assert_eq!(w, ["ocop", "add", "--name", "HTX #1"]);
}
