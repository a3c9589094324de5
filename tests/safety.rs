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
        stderr(&a).contains("1 files in the store are used by no document"),
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
