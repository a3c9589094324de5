//! Backup, restore, doctor and the audit log.

mod common;

use common::{Work, stderr, stdout};

#[test]
fn backup_then_restore_gives_a_clean_database_with_the_same_reports() {
    let w = Work::new();
    w.ocop("en").args(["demo", "--dir", "."]).assert().success();
    let report = |w: &Work, db: &str| {
        stdout(
            &w.ocop("en")
                .args([
                    "--db", db, "report", "summary", "--year", "2019", "--format", "csv",
                ])
                .assert()
                .success(),
        )
    };
    let before = report(&w, "ocop.db");
    let a = w
        .ocop("en")
        .args(["backup", "sao lưu.db"])
        .assert()
        .success();
    assert!(
        stdout(&a).contains("backup written to sao lưu.db"),
        "{}",
        stdout(&a)
    );
    for (lang, words) in [
        ("en", "already exists; give --force"),
        ("vi", "đã tồn tại; dùng --force"),
    ] {
        let a = w.ocop(lang).args(["backup", "sao lưu.db"]).assert().code(1);
        assert!(stderr(&a).contains(words), "{}", stderr(&a));
    }
    w.ocop("en")
        .args(["backup", "sao lưu.db", "--force"])
        .assert()
        .success();
    // Change the live database, then restore the backup over it.
    w.ocop("en")
        .args(["registration", "withdraw", "2019-001"])
        .assert()
        .success();
    w.ocop("en")
        .args(["restore", "sao lưu.db"])
        .assert()
        .code(1);
    w.ocop("en")
        .args(["restore", "sao lưu.db", "--force"])
        .assert()
        .success();
    assert_eq!(report(&w, "ocop.db"), before);
    w.ocop("en")
        .args(["restore", "sao lưu.db", "--to", "khác.db"])
        .assert()
        .success();
    assert_eq!(report(&w, "khác.db"), before);
    w.ocop("en").args(["doctor"]).assert().success();
    // Not a database.
    std::fs::write(w.path("rác.db"), vec![b'x'; 8192]).unwrap();
    let a = w
        .ocop("en")
        .args(["restore", "rác.db", "--to", "x.db"])
        .assert()
        .code(1);
    assert!(
        stderr(&a).contains("is not an ocop database"),
        "{}",
        stderr(&a)
    );
    assert!(!w.path("x.db").exists());
}

#[test]
fn doctor_finds_an_edited_audit_log_and_broken_references() {
    let w = Work::new();
    w.with_product();
    let a = w.ocop("vi").args(["doctor"]).assert().success();
    assert!(
        stdout(&a).contains("không phát hiện vấn đề nào"),
        "{}",
        stdout(&a)
    );
    let c = w.sql();
    c.execute("UPDATE audit SET operator = 'ai đó' WHERE id = 2", [])
        .unwrap();
    c.execute_batch("PRAGMA foreign_keys = OFF; UPDATE product SET subject_id = 999;")
        .unwrap();
    drop(c);
    let a = w.ocop("en").args(["doctor"]).assert().code(1);
    let err = stderr(&a);
    assert!(
        err.contains("the audit log was altered at entry 2"),
        "{err}"
    );
    assert!(
        err.contains("table product, row 1: refers to a missing row of subject"),
        "{err}"
    );
    assert!(err.contains("2 problems found"), "{err}");
}

#[test]
fn doctor_fix_removes_unused_regime_texts() {
    let w = Work::new();
    w.with_product();
    w.ocop("en")
        .args(["register", "1", "--year", "2019", "--stage", "submitted"])
        .assert()
        .success();
    w.ocop("en")
        .args([
            "score", "add", "2019-001", "--level", "district", "--member", "A", "--part", "A=1",
            "--part", "B=1", "--part", "C=1",
        ])
        .assert()
        .success();
    w.ocop("en")
        .args([
            "score", "remove", "2019-001", "--level", "district", "--member", "A",
        ])
        .assert()
        .success();
    let a = w.ocop("en").args(["doctor"]).assert().code(1);
    assert!(
        stderr(&a).contains("1 stored regime texts are used by no score sheet"),
        "{}",
        stderr(&a)
    );
    w.ocop("en").args(["doctor", "--fix"]).assert().success();
    w.ocop("en").args(["doctor"]).assert().success();
}

#[test]
fn the_log_lists_changes_by_entity_date_and_operator() {
    let w = Work::new();
    w.with_product();
    w.ocop("en")
        .args([
            "--by",
            "Cán bộ Hạnh",
            "subject",
            "edit",
            "1",
            "--phone",
            "0987654321",
        ])
        .assert()
        .success();
    let a = w
        .ocop("en")
        .args(["log", "--entity", "subject", "1", "--format", "json"])
        .assert()
        .success();
    let v: serde_json::Value = serde_json::from_str(&stdout(&a)).unwrap();
    let actions: Vec<&str> = v
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["action"].as_str().unwrap())
        .collect();
    assert_eq!(actions, vec!["add", "edit"]);
    let a = w
        .ocop("en")
        .args(["log", "--by", "Cán bộ Hạnh", "--format", "csv"])
        .assert()
        .success();
    assert_eq!(stdout(&a).lines().count(), 2, "{}", stdout(&a));
    let a = w
        .ocop("en")
        .args(["log", "--since", "2000-01-01", "--format", "csv"])
        .assert()
        .success();
    assert!(stdout(&a).lines().count() >= 4);
    let a = w
        .ocop("en")
        .args(["log", "--since", "2199-01-01", "--format", "csv"])
        .assert()
        .success();
    assert_eq!(stdout(&a).lines().count(), 1);
}

#[test]
fn anonymised_exports_leave_out_personal_data() {
    let w = Work::new();
    w.ocop("en").args(["demo", "--dir", "."]).assert().success();
    let a = w
        .ocop("en")
        .args(["export", "registrations", "--anonymise", "--format", "json"])
        .assert()
        .success();
    let v: serde_json::Value = serde_json::from_str(&stdout(&a)).unwrap();
    for r in v.as_array().unwrap() {
        assert!(
            r["representative"].is_null() && r["phone"].is_null() && r["address"].is_null(),
            "{r}"
        );
        assert!(r["subject_name"].is_string() && r["product_name"].is_string());
    }
    let a = w
        .ocop("en")
        .args(["export", "subjects", "--anonymise", "--format", "csv"])
        .assert()
        .success();
    assert!(!stdout(&a).contains("Thôn "), "{}", stdout(&a));
    let a = w
        .ocop("en")
        .args(["export", "subjects", "--format", "csv"])
        .assert()
        .success();
    assert!(
        stdout(&a).contains("Thôn "),
        "without the flag the addresses are there"
    );
}

#[test]
fn doctor_checks_the_stored_files_and_removes_orphans_with_fix() {
    let w = Work::new();
    w.with_product();
    w.ocop("en")
        .args(["register", "1", "--year", "2019"])
        .assert()
        .success();
    std::fs::write(w.path("plan.pdf"), "plan").unwrap();
    w.ocop("en")
        .args([
            "dossier",
            "add",
            "2019-001",
            "--kind",
            "business-plan",
            "--file",
            "plan.pdf",
        ])
        .assert()
        .success();
    w.ocop("en").args(["doctor"]).assert().success();
    // A file left by an interrupted command, and a stored file deleted by hand.
    std::fs::write(w.path("ocop-files/.incoming-999"), "half").unwrap();
    let sha: String = w
        .sql()
        .query_row("SELECT sha256 FROM blob", [], |r| r.get(0))
        .unwrap();
    std::fs::remove_file(w.path(&format!("ocop-files/{}/{sha}", &sha[..2]))).unwrap();
    for (lang, words) in [
        ("en", "is missing from the store"),
        ("vi", "không còn trong kho"),
    ] {
        let a = w.ocop(lang).args(["doctor"]).assert().code(1);
        assert!(
            stderr(&a).contains(words) && stderr(&a).contains(&sha),
            "{}",
            stderr(&a)
        );
    }
    let a = w.ocop("en").args(["doctor"]).assert().code(1);
    assert!(
        stderr(&a).contains("stored files used by no document: 1"),
        "{}",
        stderr(&a)
    );
    // A fresh leftover may belong to a command still at work: --fix leaves it for an hour.
    w.ocop("en").args(["doctor", "--fix"]).assert().code(1);
    assert!(w.path("ocop-files/.incoming-999").exists());
    age(&w.path("ocop-files/.incoming-999"), 2 * 3600);
    w.ocop("en").args(["doctor", "--fix"]).assert().code(1);
    assert!(!w.path("ocop-files/.incoming-999").exists());
}

/// Sets a file's modification time `secs` seconds into the past.
fn age(p: &std::path::Path, secs: u64) {
    let f = std::fs::File::options().write(true).open(p).unwrap();
    f.set_modified(std::time::SystemTime::now() - std::time::Duration::from_secs(secs))
        .unwrap();
}

#[test]
fn cells_that_look_like_formulas_are_defused_in_csv_and_come_back_as_typed() {
    let w = Work::new();
    w.init();
    let names = [
        "=HYPERLINK(\"http://x\",\"click\")",
        "=cmd|' /C calc'!A0",
        "+84 HTX",
        "@SUM(A1)",
        "-HTX",
    ];
    for n in names {
        w.ocop("en")
            .args(["subject", "add", "--kind", "HTX", "--commune", "xuan lap"])
            .arg(format!("--name={n}"))
            .assert()
            .success();
    }
    let a = w
        .ocop("en")
        .args(["export", "subjects", "--format", "csv"])
        .assert()
        .success();
    let out = stdout(&a);
    for n in names {
        let mut rdr = csv::Reader::from_reader(out.as_bytes());
        let head = rdr.headers().unwrap().clone();
        let pos = head.iter().position(|h| h == "subject_name").unwrap();
        let cells: Vec<String> = rdr.records().map(|r| r.unwrap()[pos].to_string()).collect();
        assert!(
            cells.contains(&format!("'{n}")),
            "{n} not defused in {cells:?}"
        );
    }
    // XLSX keeps text as text (shared strings), with no apostrophe to remove.
    w.ocop("en")
        .args(["export", "subjects", "--format", "xlsx", "--out", "s.xlsx"])
        .assert()
        .success();
    let bytes = std::fs::read(w.path("s.xlsx")).unwrap();
    let mut z = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
    let mut strings = String::new();
    std::io::Read::read_to_string(
        &mut z.by_name("xl/sharedStrings.xml").unwrap(),
        &mut strings,
    )
    .unwrap();
    assert!(
        strings.contains("<t>=HYPERLINK(\"http://x\",\"click\")</t>"),
        "{strings}"
    );
    let mut sheet = String::new();
    std::io::Read::read_to_string(
        &mut z.by_name("xl/worksheets/sheet1.xml").unwrap(),
        &mut sheet,
    )
    .unwrap();
    assert!(!sheet.contains("<f>"), "no formula cell: {sheet}");
    // The registrations export of such a producer imports into another database as typed.
    w.ocop("en").args(["register", "--help"]).assert().success();
    w.ocop("en")
        .args([
            "product",
            "add",
            "--subject",
            "1",
            "--name",
            "=1+1",
            "--set",
            "chế biến từ gạo",
            "--regime",
            "qd1048",
        ])
        .assert()
        .success();
    w.ocop("en")
        .args(["register", "1", "--year", "2019"])
        .assert()
        .success();
    w.ocop("en")
        .args([
            "export",
            "registrations",
            "--format",
            "csv",
            "--out",
            "r.csv",
        ])
        .assert()
        .success();
    assert!(
        std::fs::read_to_string(w.path("r.csv"))
            .unwrap()
            .contains("'=1+1")
    );
    w.ocop("en")
        .args(["--db", "other.db", "init", "--units"])
        .arg(common::fixture("units/tho-xuan.csv"))
        .assert()
        .success();
    w.ocop("en")
        .args(["--db", "other.db", "import", "registrations", "r.csv"])
        .assert()
        .success();
    let c = rusqlite::Connection::open(w.path("other.db")).unwrap();
    let (s, p): (String, String) = c
        .query_row(
            "SELECT s.name, p.name FROM product p JOIN subject s ON s.id = p.subject_id",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .unwrap();
    assert_eq!((s.as_str(), p.as_str()), (names[0], "=1+1"));
}

#[test]
fn the_rejects_file_keeps_every_cell_and_defuses_formulas() {
    let w = Work::new();
    w.init();
    std::fs::write(
        w.path("in.csv"),
        "year,commune,subject_kind,subject_name,product_name,product_set\n2019,Nowhere,HTX,=2+2,B,Rượu trắng,extra cell,@more\n",
    )
    .unwrap();
    w.ocop("en")
        .args([
            "import",
            "registrations",
            "in.csv",
            "--skip-invalid",
            "--rejects",
            "bad.csv",
        ])
        .assert()
        .code(1);
    let text = std::fs::read_to_string(w.path("bad.csv")).unwrap();
    assert!(
        text.contains("'=2+2") && text.contains("extra cell") && text.contains("'@more"),
        "{text}"
    );
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(w.path("bad.csv"))
            .unwrap()
            .permissions()
            .mode()
            & 0o777;
        assert_eq!(mode, 0o600);
    }
}

#[test]
fn the_audit_head_is_kept_by_backups_and_reports_and_checked_by_doctor() {
    let w = Work::new();
    w.ocop("en").args(["demo", "--dir", "."]).assert().success();
    let head = stdout(&w.ocop("en").args(["log", "--head"]).assert().success())
        .trim()
        .to_string();
    let (n, hash) = head.split_once(' ').unwrap();
    assert!(n.parse::<u64>().unwrap() > 10 && hash.len() == 64, "{head}");
    // The backup prints it and keeps it; the yearly reports write it beside them.
    let a = w.ocop("en").args(["backup", "b.db"]).assert().success();
    assert!(stdout(&a).contains(&head), "{}", stdout(&a));
    let kept: String = rusqlite::Connection::open(w.path("b.db"))
        .unwrap()
        .query_row(
            "SELECT value FROM meta WHERE key = 'backup_head'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(kept, head);
    w.ocop("en")
        .args(["report", "all", "--year", "2019", "--out", "r"])
        .assert()
        .success();
    assert_eq!(
        std::fs::read_to_string(w.path("r/head.txt"))
            .unwrap()
            .trim(),
        head
    );
    // The reports themselves do not carry it: they stay the same whatever the log.
    let summary = std::fs::read_to_string(w.path("r/summary-2019.csv")).unwrap();
    assert!(!summary.contains(hash));
    // Doctor passes on the log that produced it, also with later entries, and with the hash alone.
    w.ocop("en")
        .args([
            "subject",
            "add",
            "--kind",
            "HTX",
            "--name",
            "HTX Sau",
            "--commune",
            "xuan lap",
        ])
        .assert()
        .success();
    let a = w
        .ocop("en")
        .args(["doctor", "--anchor", &head])
        .assert()
        .success();
    assert!(stdout(&a).contains("reaches the anchor"), "{}", stdout(&a));
    w.ocop("en")
        .args(["doctor", "--anchor", hash])
        .assert()
        .success();
    // The last entries deleted: the chain is still whole, the anchor is not reached.
    w.sql()
        .execute(
            "DELETE FROM audit WHERE id >= (SELECT max(id) - 2 FROM audit)",
            [],
        )
        .unwrap();
    w.ocop("en").args(["doctor"]).assert().success();
    for (lang, words) in [
        ("en", "no longer reaches the anchor"),
        ("vi", "không còn đến được mốc"),
    ] {
        let a = w
            .ocop(lang)
            .args(["doctor", "--anchor", &head])
            .assert()
            .code(1);
        assert!(stderr(&a).contains(words), "{}", stderr(&a));
    }
    // All of it deleted.
    w.sql().execute("DELETE FROM audit", []).unwrap();
    w.ocop("en")
        .args(["doctor", "--anchor", &head])
        .assert()
        .code(1);
}

#[test]
fn doctor_and_restore_refuse_a_schema_that_is_not_ocops() {
    let w = Work::new();
    w.with_product();
    w.ocop("en").args(["backup", "b.db"]).assert().success();
    let c = rusqlite::Connection::open(w.path("b.db")).unwrap();
    c.execute_batch(
        "CREATE TRIGGER wipe AFTER INSERT ON subject BEGIN UPDATE subject SET tax_code = NULL; END;",
    )
    .unwrap();
    drop(c);
    for (lang, words) in [
        ("en", "trigger wipe is not ocop's"),
        ("vi", "trigger wipe không phải của ocop"),
    ] {
        let a = w
            .ocop(lang)
            .args(["restore", "b.db", "--force"])
            .assert()
            .code(1);
        assert!(stderr(&a).contains(words), "{}", stderr(&a));
        let a = w
            .ocop(lang)
            .args(["--db", "b.db", "doctor"])
            .assert()
            .code(1);
        assert!(stderr(&a).contains(words), "{}", stderr(&a));
    }
    // A dropped index is named too.
    w.sql()
        .execute_batch("DROP INDEX IF EXISTS subject_name_key")
        .unwrap();
    let names: Vec<String> = {
        let c = w.sql();
        let mut st = c
            .prepare(
                "SELECT name FROM sqlite_schema WHERE type = 'index' AND sql IS NOT NULL LIMIT 1",
            )
            .unwrap();
        st.query_map([], |r| r.get(0))
            .unwrap()
            .map(|r| r.unwrap())
            .collect()
    };
    let idx = &names[0];
    w.sql()
        .execute_batch(&format!("DROP INDEX \"{idx}\""))
        .unwrap();
    let a = w.ocop("en").args(["doctor"]).assert().code(1);
    assert!(
        stderr(&a).contains(&format!("index {idx} is missing")),
        "{}",
        stderr(&a)
    );
}

#[cfg(unix)]
#[test]
fn every_file_ocop_creates_is_private() {
    use std::os::unix::fs::PermissionsExt;
    let w = Work::new();
    w.ocop("en").args(["demo", "--dir", "d"]).assert().success();
    let db = ["--db", "d/ocop.db"];
    w.ocop("en")
        .args(db)
        .args(["backup", "b.db"])
        .assert()
        .success();
    w.ocop("en")
        .args(db)
        .args(["report", "all", "--year", "2019", "--out", "r"])
        .assert()
        .success();
    w.ocop("en")
        .args(db)
        .args(["export", "subjects", "--out", "s.csv"])
        .assert()
        .success();
    w.ocop("en")
        .args(db)
        .args(["dossier", "export", "2019-004", "--to", "bundle"])
        .assert()
        .success();
    w.ocop("en")
        .args(db)
        .args(["dossier", "export", "2019-004", "--to", "bundle.zip"])
        .assert()
        .success();
    w.ocop("en")
        .args(["restore", "b.db", "--to", "restored.db"])
        .assert()
        .success();
    let mut checked = 0;
    let mut stack = vec![w.dir.path().to_path_buf()];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).unwrap() {
            let p = e.unwrap().path();
            let mode = std::fs::metadata(&p).unwrap().permissions().mode() & 0o777;
            if p.is_dir() {
                assert_eq!(mode, 0o700, "{}", p.display());
                stack.push(p);
            } else {
                assert_eq!(mode, 0o600, "{}", p.display());
            }
            checked += 1;
        }
    }
    assert!(checked > 40, "{checked}");
}

#[test]
fn bundles_keep_every_document_under_a_unique_short_name() {
    let w = Work::new();
    w.with_product();
    w.ocop("en")
        .args(["register", "1", "--year", "2019"])
        .assert()
        .success();
    std::fs::create_dir(w.path("a")).unwrap();
    std::fs::create_dir(w.path("b")).unwrap();
    std::fs::write(w.path("a/scan.pdf"), "first").unwrap();
    std::fs::write(w.path("b/scan.pdf"), "second").unwrap();
    let long = format!("{}.pdf", "Giấy chứng nhận an toàn thực phẩm ".repeat(4));
    std::fs::write(w.path(&long), "third").unwrap();
    for f in ["a/scan.pdf", "b/scan.pdf", long.as_str()] {
        w.ocop("en")
            .args([
                "dossier",
                "add",
                "2019-001",
                "--kind",
                "business-plan",
                "--file",
                f,
            ])
            .assert()
            .success();
    }
    for target in ["gửi.zip", "gửi"] {
        w.ocop("en")
            .args(["dossier", "export", "2019-001", "--to", target])
            .assert()
            .success();
        let read = |rel: &str| -> Vec<u8> {
            if target.ends_with(".zip") {
                let bytes = std::fs::read(w.path(target)).unwrap();
                let mut z = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
                let mut out = Vec::new();
                std::io::Read::read_to_end(&mut z.by_name(rel).unwrap(), &mut out).unwrap();
                out
            } else {
                std::fs::read(w.path(target).join(rel)).unwrap()
            }
        };
        let manifest = String::from_utf8(read("manifest.csv")).unwrap();
        let mut rdr = csv::Reader::from_reader(manifest.as_bytes());
        let head = rdr.headers().unwrap().clone();
        let pos = head.iter().position(|h| h == "path").unwrap();
        let paths: Vec<String> = rdr
            .records()
            .map(|r| r.unwrap()[pos].to_string())
            .filter(|p| !p.is_empty())
            .collect();
        assert_eq!(paths.len(), 3, "{paths:?}");
        let unique: std::collections::HashSet<&String> = paths.iter().collect();
        assert_eq!(unique.len(), 3, "{paths:?}");
        let mut contents: Vec<Vec<u8>> = paths.iter().map(|p| read(p)).collect();
        contents.sort();
        assert_eq!(
            contents,
            vec![b"first".to_vec(), b"second".to_vec(), b"third".to_vec()]
        );
        assert!(paths.iter().all(|p| p.len() < 200), "{paths:?}");
    }
}
