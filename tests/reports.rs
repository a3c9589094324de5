//! District reports: a hand-computed summary, determinism, every report in every format.

mod common;

use common::{Work, stderr, stdout};

/// Three registrations in two communes, scored at the district and the province:
/// - 2019-001 (Xuân Lập): province average (75 + 80) / 2 = 77.50 → 4★, recognised;
/// - 2019-002 (Xuân Lập): district only, one sheet of 45 → 2★ (below 3);
/// - 2019-003 (Thọ Thắng): district, one eliminated sheet → eliminated;
/// - 2019-004 (Thọ Thắng): registered at stage idea, never scored.
fn scenario() -> Work {
    let w = Work::new();
    w.init();
    w.ocop("en")
        .args([
            "subject",
            "add",
            "--kind",
            "HTX",
            "--name",
            "HTX A",
            "--commune",
            "15586",
        ])
        .assert()
        .success();
    w.ocop("en")
        .args([
            "subject",
            "add",
            "--kind",
            "THT",
            "--name",
            "THT B",
            "--commune",
            "15589",
            "--as-of",
            "01/08/2019",
        ])
        .assert()
        .success();
    for (subject, name, set) in [
        ("1", "Bánh gai", "Chế biến từ gạo"),
        ("1", "Rượu nếp", "Rượu trắng"),
        ("2", "Chè xanh", "Chè tươi"),
        ("2", "Mật ong", "Mật ong"),
    ] {
        // THT B's commune ended on 30/11/2019: its products are recorded as of 2019.
        let as_of: &[&str] = if subject == "2" {
            &["--as-of", "01/08/2019"]
        } else {
            &[]
        };
        w.ocop("en")
            .args([
                "product",
                "add",
                "--subject",
                subject,
                "--name",
                name,
                "--set",
                set,
                "--regime",
                "qd1048",
            ])
            .args(as_of)
            .assert()
            .success();
    }
    for (p, stage) in [
        ("1", "submitted"),
        ("2", "submitted"),
        ("3", "submitted"),
        ("4", "idea"),
    ] {
        w.ocop("en")
            .args([
                "register",
                p,
                "--year",
                "2019",
                "--date",
                "01/08/2019",
                "--stage",
                stage,
            ])
            .assert()
            .success();
    }
    let sheet =
        |reg: &str, level: &str, member: &str, a: &str, b: &str, c: &str, extra: &[&str]| {
            w.ocop("en")
                .args(["score", "add", reg, "--level", level, "--member", member])
                .args([
                    "--part",
                    &format!("A={a}"),
                    "--part",
                    &format!("B={b}"),
                    "--part",
                    &format!("C={c}"),
                ])
                .args(extra)
                .assert()
                .success();
        };
    sheet("2019-001", "district", "M1", "30", "20", "30", &[]);
    sheet("2019-002", "district", "M1", "15", "10", "20", &[]);
    sheet(
        "2019-003",
        "district",
        "M1",
        "30",
        "20",
        "30",
        &["--eliminated", "nguyên liệu nhập khẩu"],
    );
    w.ocop("en")
        .args(["rank", "--year", "2019", "--level", "district"])
        .assert()
        .success();
    sheet("2019-001", "province", "P1", "30", "20", "25", &[]);
    sheet("2019-001", "province", "P2", "30", "20", "30", &[]);
    w.ocop("en")
        .args(["rank", "--year", "2019", "--level", "province"])
        .assert()
        .success();
    w.ocop("en")
        .args([
            "recognise",
            "2019-001",
            "--decision",
            "QĐ 1/QĐ-UBND",
            "--date",
            "2019-12-23",
        ])
        .assert()
        .success();
    w
}

#[test]
fn the_summary_matches_the_hand_computed_csv() {
    let w = scenario();
    let a = w
        .ocop("en")
        .args(["report", "summary", "--year", "2019", "--format", "csv"])
        .assert()
        .success();
    let csv = stdout(&a);
    let lines: Vec<&str> = csv.lines().collect();
    assert_eq!(lines.len(), 1 + 41 + 1, "the 41 units of 2019 and a total");
    assert_eq!(
        lines[0],
        "commune_code,commune_name,registrations,submitted,evaluated,stars_3,stars_4,stars_5,below_3,eliminated,average_score,recognised"
    );
    let row = |code: &str| {
        lines
            .iter()
            .find(|l| l.starts_with(code))
            .copied()
            .unwrap_or("")
    };
    // Xuân Lập: 2 registrations, both submitted and evaluated; 4★ (77.50) and below 3 (45.00):
    // average (77.50 + 45.00) / 2 = 61.25; one certificate.
    assert_eq!(row("15586,"), "15586,Xã Xuân Lập,2,2,2,0,1,0,1,0,61.25,1");
    // Thọ Thắng: 2 registrations, 1 submitted and evaluated, eliminated: no average.
    assert_eq!(row("15589,"), "15589,Xã Thọ Thắng,2,1,1,0,0,0,0,1,,0");
    assert_eq!(row("15481,"), "15481,Thị trấn Thọ Xuân,0,0,0,0,0,0,0,0,,0");
    assert_eq!(row("total,"), "total,total,4,3,3,0,1,0,1,1,61.25,1");
    // At the district level only, 2019-001 counts with its district average 80.00 (4★).
    let a = w
        .ocop("en")
        .args([
            "report", "summary", "--year", "2019", "--level", "district", "--format", "csv",
        ])
        .assert()
        .success();
    assert!(
        stdout(&a).contains("15586,Xã Xuân Lập,2,2,2,0,1,0,1,0,62.50,1"),
        "{}",
        stdout(&a)
    );
    // The same database gives the same bytes.
    let again = stdout(
        &w.ocop("en")
            .args(["report", "summary", "--year", "2019", "--format", "csv"])
            .assert()
            .success(),
    );
    assert_eq!(csv, again);
}

#[test]
fn every_report_in_every_format_and_language() {
    let w = scenario();
    for report in [
        vec!["summary", "--year", "2019"],
        vec!["products", "--year", "2019"],
        vec!["groups", "--year", "2019"],
        vec!["progress", "--year", "2019"],
        vec!["certificates", "--at", "2020-01-01"],
    ] {
        for lang in ["en", "vi"] {
            w.ocop(lang).arg("report").args(&report).assert().success();
            let a = w
                .ocop(lang)
                .arg("report")
                .args(&report)
                .args(["--format", "json"])
                .assert()
                .success();
            serde_json::from_str::<serde_json::Value>(&stdout(&a)).unwrap();
            let a = w
                .ocop(lang)
                .arg("report")
                .args(&report)
                .args(["--format", "csv", "--labels", "--excel"])
                .assert()
                .success();
            assert!(stdout(&a).starts_with('\u{feff}'));
            let file = w.path(&format!("{}-{lang}.xlsx", report[0]));
            w.ocop(lang)
                .arg("report")
                .args(&report)
                .args(["--format", "xlsx", "--out"])
                .arg(&file)
                .assert()
                .success();
            assert!(file.exists());
        }
    }
    let a = w
        .ocop("vi")
        .args([
            "report", "summary", "--year", "2019", "--format", "csv", "--labels",
        ])
        .assert()
        .success();
    assert!(
        stdout(&a).starts_with("Mã xã,Xã,Số đăng ký"),
        "{}",
        stdout(&a)
    );
    let a = w
        .ocop("en")
        .args([
            "report",
            "products",
            "--year",
            "2019",
            "--min-stars",
            "3",
            "--format",
            "json",
        ])
        .assert()
        .success();
    let v: serde_json::Value = serde_json::from_str(&stdout(&a)).unwrap();
    assert_eq!(v.as_array().unwrap().len(), 1);
    assert_eq!(v[0]["average_total"], 77.5);
    assert_eq!(v[0]["decision"], "QĐ 1/QĐ-UBND");
    assert_eq!(v[0]["group"], "thuc-pham-che-bien");
    let a = w
        .ocop("en")
        .args(["report", "summary", "--year", "2019", "--format", "xlsx"])
        .assert()
        .code(2);
    assert!(stderr(&a).contains("--out"), "{}", stderr(&a));
}

#[test]
fn the_xlsx_summary_reads_back_the_csv_numbers() {
    use calamine::{Data, Reader};
    let w = scenario();
    let file = w.path("tổng hợp.xlsx");
    w.ocop("en")
        .args([
            "report", "summary", "--year", "2019", "--format", "xlsx", "--out",
        ])
        .arg(&file)
        .assert()
        .success();
    let mut wb = calamine::open_workbook_auto(&file).unwrap();
    let range = wb.worksheet_range("summary").unwrap();
    let all: Vec<&[Data]> = range.rows().collect();
    // The title block: the report, the area as it was that year, the regime, the audit head.
    let text = |r: &[Data]| r.first().map(|d| d.to_string()).unwrap_or_default();
    assert_eq!(text(all[0]), "OCOP programme results by commune");
    assert!(text(all[1]).contains("Huyện Thọ Xuân") && text(all[1]).ends_with("2019"));
    assert!(text(all[2]).contains("1048/QĐ-TTg"), "{}", text(all[2]));
    assert!(
        text(all[3]).starts_with("Made from audit log entry"),
        "{}",
        text(all[3])
    );
    // Then the table, its header the column ids (no --labels).
    let head = all
        .iter()
        .position(|r| r[0] == Data::String("commune_code".into()))
        .unwrap();
    assert_eq!(head, 5);
    let rows = &all[head..];
    let xl = rows
        .iter()
        .find(|r| r[0] == Data::String("15586".into()))
        .unwrap();
    assert_eq!(xl[2], Data::Float(2.0), "numbers are numbers");
    assert_eq!(xl[10], Data::Float(61.25), "scores are numbers");
    let total = rows.last().unwrap();
    assert_eq!(total[0], Data::String("total".into()));
    assert_eq!(total[2], Data::Float(4.0));
    // The chart's sheet: the communes with products rated 3 stars or more, with their numbers.
    let chart = wb.worksheet_range("Chart").unwrap();
    let cells: Vec<String> = chart.rows().flatten().map(|d| d.to_string()).collect();
    for want in ["Commune", "3 stars", "4 stars", "5 stars", "Total"] {
        assert!(cells.iter().any(|c| c == want), "{want}: {cells:?}");
    }
    // The same database gives the same bytes.
    let again = w.path("again.xlsx");
    w.ocop("en")
        .args([
            "report", "summary", "--year", "2019", "--format", "xlsx", "--out",
        ])
        .arg(&again)
        .assert()
        .success();
    assert_eq!(
        std::fs::read(&file).unwrap(),
        std::fs::read(&again).unwrap()
    );
}

#[test]
fn report_all_writes_every_report_and_the_demo_ends_with_them() {
    let w = scenario();
    w.ocop("en")
        .args(["report", "all", "--year", "2019", "--out", "báo cáo"])
        .assert()
        .success();
    for name in ["summary", "products", "groups", "progress", "certificates"] {
        assert!(
            w.path(&format!("báo cáo/{name}-2019.csv")).exists(),
            "{name}"
        );
    }
    // The same database gives the same bytes in either language: CSV carries ids, not labels.
    w.ocop("vi")
        .args(["report", "all", "--year", "2019", "--out", "báo cáo vi"])
        .assert()
        .success();
    for name in [
        "summary",
        "products",
        "groups",
        "progress",
        "certificates",
        "dossiers",
    ] {
        let file = format!("{name}-2019.csv");
        let en = std::fs::read(w.path("báo cáo").join(&file)).unwrap();
        let vi = std::fs::read(w.path("báo cáo vi").join(&file)).unwrap();
        assert!(
            en == vi,
            "{file}:\n{}\n---\n{}",
            String::from_utf8_lossy(&en),
            String::from_utf8_lossy(&vi)
        );
    }
    let d = Work::new();
    let a = d.ocop("vi").args(["demo", "--dir", "."]).assert().success();
    assert!(stdout(&a).contains("Tổng cộng"), "{}", stdout(&a));
    assert!(d.path("bao-cao-2019/summary-2019.csv").exists());
    // One definition of each word: summary, progress, groups, products and certificates agree
    // on every count of the demo's year (and of the scenario's).
    for db in [d.path("ocop.db"), w.db()] {
        let conn = rusqlite::Connection::open(&db).unwrap();
        let scope = ocop::report::Scope {
            year: 2019,
            round: None,
            level: None,
        };
        let found = ocop::report::agreement::disagreements(&conn, scope).unwrap();
        assert!(found.is_empty(), "{}: {found:#?}", db.display());
    }
    // And the demo's 2026 cycle after the reform.
    let conn = rusqlite::Connection::open(d.path("ocop.db")).unwrap();
    let scope = ocop::report::Scope {
        year: 2026,
        round: None,
        level: None,
    };
    let found = ocop::report::agreement::disagreements(&conn, scope).unwrap();
    assert!(found.is_empty(), "2026: {found:#?}");
    drop(conn);
    assert!(d.path("bao-cao-2026/summary-2026.csv").exists());
    // The check can fail: a certificate gone behind ocop's back is a disagreement.
    let conn = rusqlite::Connection::open(d.path("ocop.db")).unwrap();
    conn.execute_batch(
        "PRAGMA foreign_keys = OFF; DELETE FROM certificate WHERE id = (SELECT max(c.id) FROM certificate c JOIN registration r ON r.id = c.registration_id WHERE r.year = 2019)",
    )
    .unwrap();
    let scope = ocop::report::Scope {
        year: 2019,
        round: None,
        level: None,
    };
    let found = ocop::report::agreement::disagreements(&conn, scope).unwrap();
    assert_eq!(
        found,
        ["recognised: summary says 14, progress says 15"],
        "the stage says recognised, no certificate does"
    );
}

#[test]
fn a_province_reports_over_its_districts_files() {
    let w = Work::new();
    // District 1: Thọ Xuân (the scenario's database). District 2: Triệu Sơn, one commune.
    let a_db = scenario();
    let units = "province_code,province_name,district_code,district_name,commune_code,commune_name,commune_type\n\
                 38,Tỉnh Thanh Hóa,396,Huyện Triệu Sơn,15607,Thị trấn Nưa,thị trấn\n";
    std::fs::write(w.path("ts.csv"), units).unwrap();
    w.ocop("en")
        .args(["--db", "trieu-son.db", "init", "--units", "ts.csv"])
        .assert()
        .success();
    let ts = |args: &[&str]| {
        w.ocop("en")
            .args(["--db", "trieu-son.db"])
            .args(args)
            .assert()
            .success()
    };
    // The same cooperative (same tax code) registered in both files.
    let tax = "0100233488";
    a_db.ocop("en")
        .args(["subject", "edit", "HTX A", "--tax-code", tax])
        .assert()
        .success();
    ts(&[
        "subject",
        "add",
        "--kind",
        "HTX",
        "--name",
        "HTX A",
        "--tax-code",
        tax,
        "--commune",
        "15607",
    ]);
    ts(&[
        "product",
        "add",
        "--subject",
        "1",
        "--name",
        "Bánh gai",
        "--set",
        "Chế biến từ gạo",
        "--regime",
        "qd1048",
    ]);
    ts(&["register", "1", "--year", "2019", "--stage", "submitted"]);
    ts(&[
        "score", "add", "2019-001", "--level", "province", "--force", "--reason", "direct",
        "--member", "P", "--part", "A=30", "--part", "B=20", "--part", "C=25",
    ]);
    ts(&["rank", "--year", "2019", "--level", "province"]);
    let both = |args: &[&str]| {
        w.ocop("en")
            .arg("--db")
            .arg(a_db.db())
            .args(["--db", "trieu-son.db", "report"])
            .args(args)
            .assert()
            .success()
    };
    let a = both(&["summary", "--year", "2019", "--format", "csv"]);
    let csv = stdout(&a);
    assert!(
        csv.contains("15607,Thị trấn Nưa,1,1,1,0,1,0,0,0,75.00,0"),
        "{csv}"
    );
    assert!(
        csv.contains("15586,Xã Xuân Lập,2,2,2,0,1,0,1,0,61.25,1"),
        "{csv}"
    );
    // Total: 5 registrations; evaluated averages 77.50, 45.00 and 75.00 → 65.83.
    assert!(
        csv.lines()
            .last()
            .unwrap()
            .starts_with("total,total,5,4,4,0,2,0,1,1,65.83,1"),
        "{csv}"
    );
    let a = both(&["products", "--year", "2019", "--format", "csv"]);
    assert!(
        stderr(&a).contains("producer 0100233488 HTX A is in several files"),
        "{}",
        stderr(&a)
    );
    let products = stdout(&a);
    assert_eq!(
        products
            .lines()
            .filter(|l| l.contains(",Bánh gai,"))
            .count(),
        1,
        "{products}"
    );
    let a = both(&["groups", "--year", "2019", "--format", "csv"]);
    assert!(
        stdout(&a)
            .lines()
            .last()
            .unwrap()
            .starts_with("total,total,4,"),
        "{}",
        stdout(&a)
    );
    both(&["all", "--year", "2019", "--out", "tỉnh"]);
    assert!(w.path("tỉnh/summary-2019.csv").exists());
    // Several files are for reports only.
    let a = w
        .ocop("en")
        .arg("--db")
        .arg(a_db.db())
        .args(["--db", "trieu-son.db", "subject", "list"])
        .assert()
        .code(2);
    assert!(
        stderr(&a).contains("several --db are for reports"),
        "{}",
        stderr(&a)
    );
}

#[test]
fn the_trend_counts_each_years_stars_as_the_summary_does() {
    let d = Work::new();
    d.ocop("en").args(["demo", "--dir", "."]).assert().success();
    let a = d
        .ocop("en")
        .args(["report", "trend", "--format", "csv"])
        .assert()
        .success();
    assert_eq!(
        stdout(&a),
        "year,stars,products\n2019,3,7\n2019,4,8\n2019,5,3\n2026,3,4\n2026,4,4\n2026,5,3\n"
    );
    // The same numbers as each year's summary total row.
    for (year, want) in [("2019", ["7", "8", "3"]), ("2026", ["4", "4", "3"])] {
        let a = d
            .ocop("en")
            .args(["report", "summary", "--year", year, "--format", "csv"])
            .assert()
            .success();
        let out = stdout(&a);
        let total: Vec<&str> = out.lines().last().unwrap().split(',').collect();
        assert_eq!(&total[5..8], &want, "{year}: {out}");
    }
    // A range, JSON, and a year without registrations is not a row.
    let a = d
        .ocop("en")
        .args(["report", "trend", "--from", "2020", "--format", "json"])
        .assert()
        .success();
    let v: serde_json::Value = serde_json::from_str(&stdout(&a)).unwrap();
    assert_eq!(v.as_array().unwrap().len(), 3);
    assert_eq!(v[0]["year"], 2026);
    assert_eq!(v[2]["products"], 3);
    let a = d
        .ocop("en")
        .args(["report", "trend", "--from", "twenty"])
        .assert()
        .failure();
    assert!(stderr(&a).contains("`twenty`"), "{}", stderr(&a));
    // The workbook: its chart sheet holds one row per year.
    use calamine::Reader;
    let file = d.path("xu hướng.xlsx");
    d.ocop("vi")
        .args(["report", "trend", "--format", "xlsx", "--labels", "--out"])
        .arg(&file)
        .assert()
        .success();
    let mut wb = calamine::open_workbook_auto(&file).unwrap();
    let first = wb.worksheet_range("trend").unwrap();
    let title: Vec<String> = first.rows().take(2).map(|r| r[0].to_string()).collect();
    assert_eq!(title[0], "Sản phẩm OCOP đạt từ 3 sao trở lên qua các năm");
    // The area as it was in the first year and in the last.
    assert_eq!(
        title[1],
        "Huyện Thọ Xuân, Tỉnh Thanh Hóa, năm 2019; 8 xã của Tỉnh Thanh Hóa kế thừa Huyện Thọ Xuân (từ 01/07/2025), năm 2026"
    );
    let chart = wb.worksheet_range("Biểu đồ").unwrap();
    let cells: Vec<String> = chart.rows().flatten().map(|c| c.to_string()).collect();
    assert!(
        cells.contains(&"Năm".to_string()) && cells.contains(&"5 sao".to_string()),
        "{cells:?}"
    );
}

#[test]
fn the_brief_is_a_word_document_with_the_same_bytes_from_the_same_database() {
    let d = Work::new();
    d.ocop("vi").args(["demo", "--dir", "."]).assert().success();
    // The demo wrote it beside the CSV reports.
    let demo = d.path("bao-cao-2019/brief-2019.docx");
    assert!(
        std::fs::read(&demo).unwrap().starts_with(b"PK"),
        "a DOCX is a zip"
    );
    d.ocop("vi")
        .args(["report", "brief", "--year", "2019", "--out", "first.docx"])
        .assert()
        .success();
    let bytes = std::fs::read(d.path("first.docx")).unwrap();
    let a = d
        .ocop("vi")
        .args([
            "report",
            "brief",
            "--year",
            "2019",
            "--out",
            "báo cáo năm.docx",
        ])
        .assert()
        .success();
    assert!(stderr(&a).contains("báo cáo năm.docx"), "{}", stderr(&a));
    let again = std::fs::read(d.path("báo cáo năm.docx")).unwrap();
    assert_eq!(bytes, again, "the same database, the same bytes");
    // Its text: the numbers in sentences, the chart as a PNG picture.
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(again)).unwrap();
    let mut xml = String::new();
    std::io::Read::read_to_string(&mut zip.by_name("word/document.xml").unwrap(), &mut xml)
        .unwrap();
    for want in [
        "Kết quả thực hiện Chương trình OCOP năm 2019",
        "Năm 2019, có 47 sản phẩm đăng ký tham gia Chương trình OCOP.",
        "18 sản phẩm đạt từ 3 sao trở lên, gồm 7 sản phẩm 3 sao, 8 sản phẩm 4 sao và 3 sản phẩm 5 sao.",
        "Cơ sở dữ liệu chưa có số liệu của các năm trước để so sánh.",
        "Đánh giá theo Bộ tiêu chí",
    ] {
        assert!(xml.contains(want), "no {want:?}");
    }
    // Each of the three tables repeats its header row on the pages it runs onto.
    assert_eq!(xml.matches("<w:tblHeader />").count(), 3);
    let pngs = (0..zip.len())
        .filter(|i| zip.by_index(*i).unwrap().name().unwrap().ends_with(".png"))
        .count();
    assert_eq!(pngs, 1, "the stars chart");
    // 2026 compares with the latest earlier year, in English too.
    let a = d
        .ocop("en")
        .args(["report", "brief", "--year", "2026", "--out", "brief.docx"])
        .assert()
        .success();
    let _ = a;
    let mut zip = zip::ZipArchive::new(std::fs::File::open(d.path("brief.docx")).unwrap()).unwrap();
    let mut xml = String::new();
    std::io::Read::read_to_string(&mut zip.by_name("word/document.xml").unwrap(), &mut xml)
        .unwrap();
    assert!(
        xml.contains(
            "In 2026, 12 products were registered for the OCOP programme (2019: 47, down 35)."
        ),
        "{xml}"
    );
    // Without --out it is a usage error; an earlier brief is replaced whole (a yearly script runs
    // again), the database never.
    d.ocop("en")
        .args(["report", "brief", "--year", "2019"])
        .assert()
        .code(2);
    d.ocop("en")
        .args(["report", "brief", "--year", "2019", "--out", "brief.docx"])
        .assert()
        .success();
    // A Word document only under a .docx name: a spreadsheet named by mistake stays as it was.
    std::fs::write(d.path("danh sách.csv"), "ma,ten\n").unwrap();
    let a = d
        .ocop("vi")
        .args([
            "report",
            "brief",
            "--year",
            "2019",
            "--out",
            "danh sách.csv",
        ])
        .assert()
        .code(2);
    assert!(stderr(&a).contains(".docx"), "{}", stderr(&a));
    assert_eq!(
        std::fs::read_to_string(d.path("danh sách.csv")).unwrap(),
        "ma,ten\n"
    );
    let before = std::fs::read(d.path("ocop.db")).unwrap();
    d.ocop("en")
        .args(["report", "brief", "--year", "2019", "--out", "ocop.db"])
        .assert()
        .failure();
    assert_eq!(std::fs::read(d.path("ocop.db")).unwrap(), before);
}

#[test]
fn the_same_district_file_twice_is_refused_and_printed_reports_name_their_round() {
    let d = Work::new();
    d.ocop("en").args(["demo", "--dir", "."]).assert().success();
    std::fs::copy(d.path("ocop.db"), d.path("bản sao.db")).unwrap();
    // The same path twice, or a copy of the same file: every count would be doubled.
    for other in ["ocop.db", "bản sao.db"] {
        let a = d
            .ocop("en")
            .args(["--db", "ocop.db", "--db", other])
            .args(["report", "summary", "--year", "2019", "--format", "csv"])
            .assert()
            .code(2);
        assert!(stderr(&a).contains("same district file"), "{}", stderr(&a));
    }
    // A reversed range is a usage error.
    d.ocop("en")
        .args(["report", "trend", "--from", "2026", "--to", "2019"])
        .assert()
        .code(2);
    // One round: the brief says which, and compares with the same round of the earlier year.
    d.ocop("vi")
        .args([
            "report",
            "brief",
            "--year",
            "2026",
            "--round",
            "1",
            "--out",
            "đợt 1.docx",
        ])
        .assert()
        .success();
    let mut zip = zip::ZipArchive::new(std::fs::File::open(d.path("đợt 1.docx")).unwrap()).unwrap();
    let mut xml = String::new();
    std::io::Read::read_to_string(&mut zip.by_name("word/document.xml").unwrap(), &mut xml)
        .unwrap();
    assert!(xml.contains("Kết quả thực hiện Chương trình OCOP năm 2026, đợt 1"));
    assert!(xml.contains("Năm 2026, đợt 1, có 12 sản phẩm"), "{xml}");
    assert!(xml.contains("(năm 2019, đợt 1: "), "{xml}");
    // A year without a registration is written, with a warning.
    let a = d
        .ocop("en")
        .args(["report", "brief", "--year", "2020", "--out", "2020.docx"])
        .assert()
        .success();
    assert!(
        stderr(&a).contains("2020 has no registration"),
        "{}",
        stderr(&a)
    );
    // A workbook limited to a round says so in its title.
    use calamine::Reader;
    d.ocop("en")
        .args(["report", "summary", "--year", "2019", "--round", "2"])
        .args(["--format", "xlsx", "--out", "round.xlsx"])
        .assert()
        .success();
    let mut wb = calamine::open_workbook_auto(d.path("round.xlsx")).unwrap();
    let sheet = wb.worksheet_range("summary").unwrap();
    assert_eq!(
        sheet.get((0, 0)).unwrap().to_string(),
        "OCOP programme results by commune, round 2"
    );
}
