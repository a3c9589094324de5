//! Dossiers: documents in a content-addressed store, completeness and validity checks, the
//! submission gate.

mod common;

use common::{Work, stderr, stdout};

/// A cooperative's food product registered for 2019 at stage plan (2019-001).
fn planned() -> Work {
    let w = Work::new();
    w.with_product();
    w.ocop("en")
        .args(["register", "1", "--year", "2019", "--stage", "plan"])
        .assert()
        .success();
    for (name, body) in [
        ("phiếu đăng ký.pdf", "form 01"),
        ("phương án.pdf", "business plan"),
        ("bộ máy.pdf", "organisation"),
        ("đkkd.pdf", "business registration"),
        ("attp.pdf", "food safety certificate"),
        ("kiểm nghiệm.pdf", "test report"),
    ] {
        std::fs::write(w.path(name), body).unwrap();
    }
    w
}

fn add(w: &Work, kind: &str, file: &str, extra: &[&str]) {
    w.ocop("en")
        .args(["dossier", "add", "2019-001", "--kind", kind, "--file", file])
        .args(extra)
        .assert()
        .success();
}

fn complete(w: &Work, expires: &str) {
    add(w, "registration-form", "phiếu đăng ký.pdf", &[]);
    add(w, "business-plan", "phương án.pdf", &[]);
    add(w, "organisation-profile", "bộ máy.pdf", &[]);
    add(w, "business-registration", "đkkd.pdf", &[]);
    add(
        w,
        "production-certificate",
        "attp.pdf",
        &[
            "--number",
            "12/ATTP",
            "--issued",
            "01/01/2019",
            "--expires",
            expires,
        ],
    );
    w.ocop("en")
        .args(["dossier", "add", "2019-001", "--kind", "5", "--received"])
        .assert()
        .success();
}

#[test]
fn a_complete_dossier_checks_clean_and_can_be_submitted() {
    let w = planned();
    // Submitting checks validity today: the certificate must still be valid now.
    complete(&w, "31/12/2099");
    for (lang, words) in [("en", "complete"), ("vi", "đủ")] {
        let a = w
            .ocop(lang)
            .args(["dossier", "check", "2019-001", "--at", "2019-08-01"])
            .assert()
            .success();
        assert!(stdout(&a).contains(words), "{}", stdout(&a));
    }
    w.ocop("en")
        .args([
            "registration",
            "advance",
            "2019-001",
            "--stage",
            "submitted",
        ])
        .assert()
        .success();
    let a = w
        .ocop("en")
        .args(["dossier", "list", "2019-001", "--format", "json"])
        .assert()
        .success();
    let v: serde_json::Value = serde_json::from_str(&stdout(&a)).unwrap();
    assert_eq!(v.as_array().unwrap().len(), 6);
    assert_eq!(v[0]["file"], "phiếu đăng ký.pdf");
}

#[test]
fn a_missing_business_plan_and_an_expired_test_report_are_named() {
    let w = planned();
    complete(&w, "31/12/2021");
    w.ocop("en")
        .args(["dossier", "remove", "2019-001", "--id", "2"])
        .assert()
        .success();
    // A test report issued 01/06/2018 is valid 12 months (the documented default).
    add(
        &w,
        "test-report",
        "kiểm nghiệm.pdf",
        &["--issued", "2018-06-01"],
    );
    // The test report is not mandatory: it makes the dossier incomplete only as a mandatory item would.
    let a = w
        .ocop("en")
        .args(["dossier", "check", "2019-001", "--at", "2019-08-01"])
        .assert()
        .code(1);
    let out = stdout(&a);
    assert!(
        out.contains("missing: Business plan (form 03) (business-plan)"),
        "{out}"
    );
    assert!(
        stderr(&a).contains("1 of 1 dossier is not complete"),
        "{}",
        stderr(&a)
    );
    let a = w
        .ocop("vi")
        .args(["dossier", "check", "2019-001", "--at", "2022-06-01"])
        .assert()
        .code(1);
    let out = stdout(&a);
    assert!(
        out.contains("còn thiếu: Phương án, kế hoạch kinh doanh sản phẩm"),
        "{out}"
    );
    assert!(
        out.contains("hết hiệu lực từ ngày 2021-12-31"),
        "the food-safety certificate: {out}"
    );
    let a = w
        .ocop("en")
        .args(["dossier", "list", "2019-001", "--format", "csv"])
        .assert()
        .success();
    assert!(
        stdout(&a).contains("2019-06-01"),
        "the test report expires 12 months after issue: {}",
        stdout(&a)
    );
    // The gate refuses, naming what is missing; --force needs a reason, and the log keeps it.
    for (lang, words) in [("en", "cannot be submitted"), ("vi", "chưa thể nộp")] {
        let a = w
            .ocop(lang)
            .args([
                "registration",
                "advance",
                "2019-001",
                "--stage",
                "submitted",
            ])
            .assert()
            .code(1);
        assert!(
            stderr(&a).contains(words) && stderr(&a).contains("business-plan"),
            "{}",
            stderr(&a)
        );
    }
    w.ocop("en")
        .args([
            "registration",
            "advance",
            "2019-001",
            "--stage",
            "submitted",
            "--force",
        ])
        .assert()
        .code(2);
    w.ocop("en")
        .args([
            "registration",
            "advance",
            "2019-001",
            "--stage",
            "submitted",
            "--force",
            "--reason",
            "nộp bổ sung sau",
        ])
        .assert()
        .success();
    let details: String = w
        .sql()
        .query_row(
            "SELECT details FROM audit WHERE action = 'stage' ORDER BY id DESC LIMIT 1",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert!(
        details.contains("nộp bổ sung sau") && details.contains("\"forced\":true"),
        "{details}"
    );
}

#[test]
fn the_store_keeps_one_copy_catches_changes_and_moves_with_the_database() {
    let w = planned();
    complete(&w, "31/12/2021");
    // The same content under another name is stored once.
    std::fs::copy(w.path("phương án.pdf"), w.path("bản sao.pdf")).unwrap();
    add(&w, "business-plan", "bản sao.pdf", &[]);
    let files = walk(&w.path("ocop-files"));
    assert_eq!(files, 5, "five distinct contents");
    w.ocop("en").args(["dossier", "verify"]).assert().success();
    // Move the database and its store together: still complete.
    std::fs::create_dir(w.path("moved")).unwrap();
    std::fs::rename(w.path("ocop.db"), w.path("moved/ocop.db")).unwrap();
    std::fs::rename(w.path("ocop-files"), w.path("moved/ocop-files")).unwrap();
    w.ocop("en")
        .args([
            "--db",
            "moved/ocop.db",
            "dossier",
            "check",
            "2019-001",
            "--at",
            "2019-08-01",
        ])
        .assert()
        .success();
    // A stored file changed on disk is caught.
    let sha: String = rusqlite::Connection::open(w.path("moved/ocop.db"))
        .unwrap()
        .query_row(
            "SELECT blob_sha256 FROM document WHERE kind = 'registration-form'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    std::fs::write(
        w.path(&format!("moved/ocop-files/{}/{sha}", &sha[..2])),
        "tampered",
    )
    .unwrap();
    for (lang, words) in [
        ("en", "1 of 5 stored files are missing or changed"),
        ("vi", "1 trên 5 tệp lưu trữ"),
    ] {
        let a = w
            .ocop(lang)
            .args(["--db", "moved/ocop.db", "dossier", "verify"])
            .assert()
            .code(1);
        assert!(stderr(&a).contains(words), "{}", stderr(&a));
    }
    let a = w
        .ocop("en")
        .args([
            "--db",
            "moved/ocop.db",
            "dossier",
            "check",
            "2019-001",
            "--at",
            "2019-08-01",
        ])
        .assert()
        .code(1);
    assert!(
        stdout(&a).contains("was changed after it was added"),
        "{}",
        stdout(&a)
    );
}

fn walk(dir: &std::path::Path) -> usize {
    std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .map(|p| {
            if p.is_dir() {
                walk(&p)
            } else {
                usize::from(!p.file_name().unwrap().to_string_lossy().starts_with('.'))
            }
        })
        .sum()
}

#[test]
fn kinds_and_bad_input() {
    let w = planned();
    let a = w
        .ocop("en")
        .args(["dossier", "kinds", "--regime", "qd1048", "--format", "csv"])
        .assert()
        .success();
    assert_eq!(stdout(&a).lines().count(), 19);
    let a = w
        .ocop("vi")
        .args(["dossier", "kinds", "--regime", "qd148", "--format", "json"])
        .assert()
        .success();
    let v: serde_json::Value = serde_json::from_str(&stdout(&a)).unwrap();
    assert_eq!(v.as_array().unwrap().len(), 19);
    assert_eq!(v[18]["id"], "self-assessment");
    let a = w
        .ocop("en")
        .args(["dossier", "add", "2019-001", "--kind", "nope", "--received"])
        .assert()
        .code(1);
    assert!(stderr(&a).contains("dossier kinds"), "{}", stderr(&a));
    let a = w
        .ocop("en")
        .args(["dossier", "add", "2019-001", "--kind", "business-plan"])
        .assert()
        .code(1);
    assert!(stderr(&a).contains("--file"), "{}", stderr(&a));
    let a = w
        .ocop("en")
        .args([
            "dossier",
            "add",
            "2019-001",
            "--kind",
            "business-plan",
            "--file",
            "không có.pdf",
        ])
        .assert()
        .code(3);
    assert!(stderr(&a).contains("không có.pdf"), "{}", stderr(&a));
    w.ocop("en")
        .args(["dossier", "remove", "2019-001", "--id", "99"])
        .assert()
        .code(1);
}

#[test]
fn a_manifest_imports_documents_and_refuses_paths_outside_its_folder() {
    let w = planned();
    std::fs::create_dir(w.path("hồ sơ")).unwrap();
    std::fs::write(w.path("hồ sơ/phương án.pdf"), "plan").unwrap();
    std::fs::write(w.path("hồ sơ/mẫu 01.pdf"), "form").unwrap();
    std::fs::write(w.path("bí mật.txt"), "secret").unwrap();
    let bad = "Mã đăng ký,Loại tài liệu,Tệp,Số,Ngày cấp\n2019-001,business-plan,phương án.pdf,,\n2019-001,registration-form,../bí mật.txt,,\n2019-001,registration-form,/etc/passwd,,\n2019-001,nope,mẫu 01.pdf,,\n";
    std::fs::write(w.path("hồ sơ/danh mục.csv"), bad).unwrap();
    let a = w
        .ocop("en")
        .args(["import", "documents", "hồ sơ/danh mục.csv"])
        .assert()
        .code(1);
    let err = stderr(&a);
    assert!(
        err.contains("danh mục.csv:3:file: `../bí mật.txt` leaves the manifest's folder"),
        "{err}"
    );
    assert!(err.contains("danh mục.csv:4:file:"), "{err}");
    assert!(err.contains("danh mục.csv:5:kind:"), "{err}");
    let n: i64 = w
        .sql()
        .query_row("SELECT count(*) FROM document", [], |r| r.get(0))
        .unwrap();
    assert_eq!(n, 0);
    let good = "Mã đăng ký,Loại tài liệu,Tệp,Số,Ngày cấp\n2019-001,business-plan,phương án.pdf,,01/07/2019\n2019-001,1,mẫu 01.pdf,01/ĐK,\n2019-001,product-samples,,,\n";
    std::fs::write(w.path("hồ sơ/đúng.csv"), good).unwrap();
    let a = w
        .ocop("vi")
        .args(["import", "documents", "hồ sơ/đúng.csv"])
        .assert()
        .code(1);
    assert!(
        stderr(&a).contains("đúng.csv:4:file:"),
        "samples need --received or a file: {}",
        stderr(&a)
    );
    let good = "Mã đăng ký,Loại tài liệu,Tệp,Số,Ngày cấp,Đã nhận\n2019-001,business-plan,phương án.pdf,,01/07/2019,\n2019-001,1,mẫu 01.pdf,01/ĐK,,\n2019-001,product-samples,,,,x\n";
    std::fs::write(w.path("hồ sơ/đúng.csv"), good).unwrap();
    let a = w
        .ocop("en")
        .args(["import", "documents", "hồ sơ/đúng.csv"])
        .assert()
        .success();
    assert!(stdout(&a).contains("3 documents added"), "{}", stdout(&a));
}

#[test]
fn the_export_bundle_has_files_a_manifest_whose_hashes_match_and_a_cover() {
    use sha2::{Digest, Sha256};
    let w = planned();
    complete(&w, "31/12/2099");
    w.ocop("en")
        .args([
            "dossier",
            "export",
            "2019-001",
            "--to",
            "gửi tỉnh",
            "--at",
            "2019-08-01",
        ])
        .assert()
        .success();
    let manifest = std::fs::read_to_string(w.path("gửi tỉnh/manifest.csv")).unwrap();
    let mut rdr = csv::Reader::from_reader(manifest.trim_start_matches('\u{feff}').as_bytes());
    let headers = rdr.headers().unwrap().clone();
    let col = |name: &str| headers.iter().position(|h| h == name).unwrap();
    let mut checked = 0;
    for rec in rdr.records() {
        let rec = rec.unwrap();
        let path = &rec[col("path")];
        if path.is_empty() {
            continue;
        }
        let bytes = std::fs::read(w.path(&format!("gửi tỉnh/{path}"))).unwrap();
        let sha: String = Sha256::digest(&bytes)
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect();
        assert_eq!(sha, rec[col("sha256")].to_string());
        checked += 1;
    }
    assert_eq!(checked, 5);
    let cover = std::fs::read_to_string(w.path("gửi tỉnh/cover.csv")).unwrap();
    assert!(
        cover.contains("2019-001,Bánh gai Tứ Trụ,HTX Nông nghiệp Xuân Lập"),
        "{cover}"
    );
    // The same bundle as one .zip: the same files with the same hashes.
    w.ocop("en")
        .args([
            "dossier",
            "export",
            "2019-001",
            "--to",
            "gửi tỉnh.zip",
            "--at",
            "2019-08-01",
        ])
        .assert()
        .success();
    let mut zip =
        zip::ZipArchive::new(std::fs::File::open(w.path("gửi tỉnh.zip")).unwrap()).unwrap();
    assert_eq!(zip.len(), 5 + 2, "five files, the manifest and the cover");
    for i in 0..zip.len() {
        let mut f = zip.by_index(i).unwrap();
        let name = f.name().unwrap().to_string();
        let mut bytes = Vec::new();
        std::io::Read::read_to_end(&mut f, &mut bytes).unwrap();
        assert_eq!(
            bytes,
            std::fs::read(w.path(&format!("gửi tỉnh/{name}"))).unwrap(),
            "{name}"
        );
    }
    w.ocop("en")
        .args(["dossier", "export", "2019-001", "--to", "gửi tỉnh.zip"])
        .assert()
        .code(1);
    // A folder that is not empty is refused.
    w.ocop("en")
        .args(["dossier", "export", "2019-001", "--to", "gửi tỉnh"])
        .assert()
        .code(1);
    // The backup carries the store; a restore elsewhere checks clean.
    w.ocop("en")
        .args(["backup", "sao lưu/ocop.db"])
        .assert()
        .code(3);
    std::fs::create_dir(w.path("sao lưu")).unwrap();
    w.ocop("en")
        .args(["backup", "sao lưu/ocop.db"])
        .assert()
        .success();
    w.ocop("en")
        .args(["restore", "sao lưu/ocop.db", "--to", "khôi phục/ocop.db"])
        .assert()
        .code(3);
    std::fs::create_dir(w.path("khôi phục")).unwrap();
    w.ocop("en")
        .args(["restore", "sao lưu/ocop.db", "--to", "khôi phục/ocop.db"])
        .assert()
        .success();
    w.ocop("en")
        .args(["--db", "khôi phục/ocop.db", "dossier", "verify"])
        .assert()
        .success();
    w.ocop("en")
        .args([
            "--db",
            "khôi phục/ocop.db",
            "dossier",
            "check",
            "2019-001",
            "--at",
            "2019-08-01",
        ])
        .assert()
        .success();
}

#[test]
fn the_demo_shows_a_missing_plan_and_an_expired_test_report() {
    let w = Work::new();
    w.ocop("en").args(["demo", "--dir", "."]).assert().success();
    let a = w
        .ocop("en")
        .args([
            "dossier",
            "check",
            "--year",
            "2019",
            "--at",
            "2019-11-15",
            "--format",
            "csv",
        ])
        .assert()
        .code(1);
    let out = stdout(&a);
    assert!(out.contains(",incomplete,business-plan,missing"), "{out}");
    assert!(out.contains(",incomplete,test-report,expired"), "{out}");
    assert_eq!(
        out.lines().filter(|l| l.contains("incomplete")).count(),
        2,
        "{out}"
    );
    w.ocop("en")
        .args(["report", "dossiers", "--year", "2019", "--at", "2019-11-15"])
        .assert()
        .success();
}

#[test]
fn scoring_and_ranking_warn_about_an_incomplete_dossier() {
    let w = Work::new();
    w.with_product();
    // Registered directly at stage submitted: recorded as reported, no gate.
    w.ocop("en")
        .args(["register", "1", "--year", "2019", "--stage", "submitted"])
        .assert()
        .success();
    let a = w
        .ocop("en")
        .args([
            "score", "add", "2019-001", "--level", "district", "--member", "A", "--part", "A=30",
            "--part", "B=20", "--part", "C=20",
        ])
        .assert()
        .success();
    assert!(
        stderr(&a).contains("warning: 2019-001: the dossier is incomplete"),
        "{}",
        stderr(&a)
    );
    let a = w
        .ocop("vi")
        .args(["rank", "--year", "2019", "--level", "district"])
        .assert()
        .success();
    assert!(
        stderr(&a).contains("cảnh báo: 1 đăng ký được xếp hạng khi hồ sơ chưa đầy đủ (2019-001)"),
        "{}",
        stderr(&a)
    );
}
