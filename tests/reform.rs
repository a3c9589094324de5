//! The two-level government of 01/07/2025: a district install goes through the reform and keeps
//! its history; a province office installs from the 2025 units; records land on the communes of
//! their date.

mod common;

use common::{Work, fixture, stderr, stdout};

fn ok(w: &Work, args: &[&str]) -> String {
    stdout(&w.ocop("en").args(args).assert().success())
}

fn refused(w: &Work, lang: &str, args: &[&str]) -> String {
    stderr(&w.ocop(lang).args(args).assert().code(1))
}

/// `unit import` of the 2025 communes over a district install.
fn reform(w: &Work) -> String {
    let a = w
        .ocop("en")
        .args(["unit", "import"])
        .arg(fixture("units/thanh-hoa-2025.csv"))
        .args(["--from", "2025-07-01", "--successors"])
        .arg(fixture("units/thanh-hoa-2025-successors.csv"))
        .assert()
        .success();
    stdout(&a)
}

fn rows(csv: &str) -> usize {
    // Header and total row aside.
    csv.lines().count() - 2
}

#[test]
fn a_district_install_goes_through_the_reform_and_keeps_its_history() {
    let w = Work::new();
    w.with_product();
    ok(
        &w,
        &["register", "1", "--year", "2019", "--date", "15/07/2019"],
    );
    ok(
        &w,
        &["register", "1", "--year", "2024", "--date", "15/03/2024"],
    );
    let report = |year: &str| {
        ok(
            &w,
            &["report", "summary", "--year", year, "--format", "csv"],
        )
    };
    let before: Vec<String> = ["2019", "2024"].iter().map(|y| report(y)).collect();
    // Without successors a two-level file cannot say which communes are the district's.
    let a = w
        .ocop("en")
        .args(["unit", "import"])
        .arg(fixture("units/thanh-hoa-2025.csv"))
        .assert()
        .code(2);
    assert!(stderr(&a).contains("--successors"), "{}", stderr(&a));
    let out = reform(&w);
    assert!(out.contains("8 new versions"), "{out}");
    let listed = ok(
        &w,
        &["unit", "list", "--at", "2025-07-01", "--format", "csv"],
    );
    assert_eq!(listed.lines().count(), 9, "{listed}");
    assert!(listed.contains("15592,Xã Xuân Lập"), "{listed}");
    // The reports of the years before are the same, byte for byte.
    let after: Vec<String> = ["2019", "2024"].iter().map(|y| report(y)).collect();
    assert_eq!(before, after);
    assert_eq!(rows(&after[1]), 30);
    assert_eq!(rows(&report("2026")), 8);
    // A registration of 2026 of a producer of the old Xuân Lập (15586) lands on 15592; naming
    // the commune does too.
    ok(&w, &["register", "1", "--year", "2026"]);
    let unit: String = w
        .sql()
        .query_row(
            "SELECT u.code FROM registration r JOIN unit u ON u.id = r.unit_id WHERE r.code = '2026-001'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(unit, "15592");
    ok(
        &w,
        &[
            "product",
            "add",
            "--subject",
            "0100233488",
            "--name",
            "Chè lam Xuân Lập",
            "--set",
            "6",
            "--regime",
            "qd26-2026",
            "--commune",
            "Xuân Lập",
        ],
    );
    ok(
        &w,
        &["register", "2", "--year", "2026", "--commune", "Xuân Lập"],
    );
    // A new producer in an abolished commune is refused, naming its successor, in both languages.
    for (lang, words) in [
        (
            "en",
            "Xã Xuân Hồng (15493) was merged into Xã Thọ Xuân (15499) on 01/07/2025",
        ),
        (
            "vi",
            "Xã Xuân Hồng (15493) đã sáp nhập vào Xã Thọ Xuân (15499) từ ngày 01/07/2025",
        ),
    ] {
        let e = refused(
            &w,
            lang,
            &[
                "subject",
                "add",
                "--kind",
                "HTX",
                "--name",
                "HTX Xuân Hồng",
                "--commune",
                "Xuân Hồng",
            ],
        );
        assert!(e.contains(words), "{e}");
    }
    // A list row dated after the reform in the abolished commune is refused too.
    let list = w.path("ds 2025.csv");
    std::fs::write(
        &list,
        "Năm;Đợt;Loại đăng ký;Giai đoạn;Ngày đăng ký;Xã;Loại hình chủ thể;Tên chủ thể;Tên sản phẩm;Bộ sản phẩm\n\
         2025;1;Mới;Ý tưởng;01/09/2025;Xã Xuân Hồng;HTX;HTX Xuân Hồng;Nem chua Xuân Hồng;Chế biến từ thịt, thủy sản, trứng, sữa, các sản phẩm từ mật ong, mật khác và nông sản thực phẩm khác\n",
    )
    .unwrap();
    let a = w
        .ocop("en")
        .args(["import", "registrations"])
        .arg(&list)
        .assert()
        .code(1);
    assert!(
        stderr(&a).contains("was merged into Xã Thọ Xuân (15499)"),
        "{}",
        stderr(&a)
    );
    // The 2024 producer list still shows the commune it was recorded in.
    let s = ok(&w, &["subject", "list", "--format", "csv"]);
    assert!(s.contains("Xã Xuân Lập"), "{s}");
    // Importing the reform again changes nothing.
    let again = reform(&w);
    assert!(
        again.contains("0 units added, 0 new versions, 0 closed"),
        "{again}"
    );
}

/// Hà Trung's Thị trấn Hà Trung (15271) was divided between Xã Hà Trung (15271) and Xã Hoạt
/// Giang (15286): a later registration of its product asks which, naming both.
#[test]
fn a_divided_commune_asks_which_successor() {
    let w = Work::new();
    w.ocop("en")
        .args(["init", "--units"])
        .arg(fixture("units/ha-trung.csv"))
        .assert()
        .success();
    ok(
        &w,
        &[
            "subject",
            "add",
            "--kind",
            "HTX",
            "--name",
            "HTX Hà Trung",
            "--commune",
            "15271",
            "--tax-code",
            "0100233488",
        ],
    );
    ok(
        &w,
        &[
            "product",
            "add",
            "--subject",
            "0100233488",
            "--name",
            "Nem Hà Trung",
            "--set",
            "chế biến từ thịt, trứng, sữa",
            "--regime",
            "qd1048",
        ],
    );
    let out = reform(&w);
    assert!(out.contains("units added"), "{out}");
    let communes = ok(&w, &["unit", "list", "--format", "csv"]);
    assert!(communes.contains("Xã Hoạt Giang"), "{communes}");
    let all = ok(&w, &["unit", "list", "--all", "--format", "csv"]);
    assert!(
        all.contains("15271,Thị trấn Hà Trung,thị trấn,392,38,,2025-06-30,15271+15286"),
        "{all}"
    );
    for (lang, words) in [
        (
            "en",
            "Thị trấn Hà Trung (15271) was divided on 01/07/2025 between Xã Hà Trung (15271); Xã Hoạt Giang (15286)",
        ),
        ("vi", "đã được chia từ ngày 01/07/2025 cho các đơn vị"),
    ] {
        let e = refused(&w, lang, &["register", "1", "--year", "2026"]);
        assert!(e.contains(words), "{e}");
    }
    ok(
        &w,
        &["register", "1", "--year", "2026", "--commune", "Hoạt Giang"],
    );
}

/// A province office: `init --province` keeps the province's 166 communes; its reports have a
/// row per commune.
#[test]
fn a_province_office_installs_from_the_2025_units() {
    let w = Work::new();
    let a = w
        .ocop("vi")
        .args(["init", "--province", "Thanh Hóa", "--units"])
        .arg(fixture("units/thanh-hoa-2025.csv"))
        .assert()
        .success();
    assert!(stdout(&a).contains("38 Tỉnh Thanh Hóa"), "{}", stdout(&a));
    let listed = ok(&w, &["unit", "list", "--format", "csv"]);
    assert_eq!(listed.lines().count(), 167);
    let summary = ok(
        &w,
        &["report", "summary", "--year", "2026", "--format", "csv"],
    );
    assert_eq!(rows(&summary), 166);
    // A province that the file does not hold: said, and nothing created.
    let other = Work::new();
    let a = other
        .ocop("en")
        .args(["init", "--province", "Hà Tĩnh", "--units"])
        .arg(fixture("units/thanh-hoa-2025.csv"))
        .assert()
        .code(1);
    assert!(stderr(&a).contains("Hà Tĩnh is not in"), "{}", stderr(&a));
    assert!(!other.db().exists());
}

/// `report summary` over several province offices' files (`--db` many) after the reform: one row
/// per commune of each province, and the total of both. Needs ../shared/data for the second
/// province; skips with a message without it.
#[test]
fn a_summary_over_several_province_files() {
    let national =
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/data/vn-units-2025.csv");
    if !national.exists() {
        eprintln!("skipped: {} is not here", national.display());
        return;
    }
    let a = Work::new();
    a.ocop("en")
        .args(["init", "--province", "Thanh Hóa", "--units"])
        .arg(fixture("units/thanh-hoa-2025.csv"))
        .assert()
        .success();
    let b = Work::new();
    b.ocop("en")
        .args(["init", "--province", "Nghệ An", "--units"])
        .arg(&national)
        .assert()
        .success();
    for (w, commune) in [(&a, "Xuân Lập"), (&b, "Vinh Phú")] {
        ok(
            w,
            &[
                "subject",
                "add",
                "--kind",
                "HTX",
                "--name",
                "HTX Một",
                "--commune",
                commune,
            ],
        );
        ok(
            w,
            &[
                "product",
                "add",
                "--subject",
                "1",
                "--name",
                "Sản phẩm một",
                "--set",
                "6",
                "--regime",
                "qd26-2026",
            ],
        );
        ok(w, &["register", "1", "--year", "2026"]);
    }
    let out = stdout(
        &a.ocop("en")
            .args([
                "report", "summary", "--year", "2026", "--format", "csv", "--db",
            ])
            .arg(a.db())
            .arg("--db")
            .arg(b.db())
            .assert()
            .success(),
    );
    let communes_b = std::fs::read_to_string(&national)
        .unwrap()
        .lines()
        .filter(|l| l.starts_with("40,"))
        .count();
    assert_eq!(rows(&out), 166 + communes_b, "{out}");
    assert!(out.lines().last().unwrap().starts_with("total,"), "{out}");
    assert!(out.lines().last().unwrap().contains(",2,"), "{out}");
}
