//! CLI transcripts: every command and error path, in English and Vietnamese.

mod common;

use common::{Work, fixture, stderr, stdout};
use predicates::prelude::*;

#[test]
fn scripted_session_in_both_languages() {
    for lang in ["en", "vi"] {
        let w = Work::new();
        let a = w
            .ocop(lang)
            .args(["init", "--units"])
            .arg(fixture("units/tho-xuan.csv"))
            .assert()
            .success();
        let out = stdout(&a);
        assert!(out.contains("52"), "{out}");
        let a = w
            .ocop(lang)
            .args([
                "subject",
                "add",
                "--kind",
                "cooperative",
                "--name",
                "HTX Nông nghiệp Xuân Lập",
            ])
            .args(["--tax-code", "0100233488", "--commune", "Xã Xuân Lập"])
            .assert()
            .success();
        let expect = if lang == "vi" {
            "đã thêm chủ thể #1"
        } else {
            "added producer #1"
        };
        assert!(stdout(&a).contains(expect), "{}", stdout(&a));
        w.ocop(lang)
            .args([
                "product",
                "add",
                "--subject",
                "HTX Nông nghiệp Xuân Lập",
                "--name",
                "Chè xanh Xuân Lập",
            ])
            .args(["--set", "che tuoi", "--regime", "qd1048"])
            .assert()
            .success();
        let a = w
            .ocop(lang)
            .args([
                "register",
                "che xanh xuan lap",
                "--year",
                "2019",
                "--stage",
                "submitted",
            ])
            .assert()
            .success();
        assert!(stdout(&a).contains("2019-001"), "{}", stdout(&a));

        let a = w
            .ocop(lang)
            .args(["registration", "list", "--format", "csv"])
            .assert()
            .success();
        let csv = stdout(&a);
        let mut lines = csv.lines();
        assert_eq!(
            lines.next().unwrap(),
            "code,year,round,kind,stage,product_id,product_name,subject_id,subject_name,subject_kind,\
             commune_code,commune_name,regime,product_set,group,registered_on"
        );
        assert_eq!(
            lines.next().unwrap(),
            "2019-001,2019,1,new,submitted,1,Chè xanh Xuân Lập,1,HTX Nông nghiệp Xuân Lập,cooperative,\
             15586,Xã Xuân Lập,qd1048,che-tuoi-che-bien,che,"
        );
        assert_eq!(lines.next(), None);

        let a = w
            .ocop(lang)
            .args(["registration", "list", "--format", "json"])
            .assert()
            .success();
        let v: serde_json::Value = serde_json::from_str(&stdout(&a)).unwrap();
        assert_eq!(v[0]["code"], "2019-001");
        assert_eq!(v[0]["year"], 2019);
        assert_eq!(v[0]["stage"], "submitted");
        assert_eq!(v[0]["commune_code"], "15586");
    }
}

#[test]
fn wrong_tax_code_check_digit_is_refused_with_the_reason() {
    for (lang, words) in [("en", "wrong check digit"), ("vi", "sai chữ số kiểm tra")] {
        let w = Work::new();
        w.init();
        let a = w
            .ocop(lang)
            .args([
                "subject",
                "add",
                "--kind",
                "HTX",
                "--name",
                "HTX A",
                "--tax-code",
                "0100233480",
                "--commune",
                "15586",
            ])
            .assert()
            .code(1);
        let err = stderr(&a);
        assert!(
            err.contains(words) && err.contains("0100233480") && err.contains('8'),
            "{err}"
        );
        assert_eq!(err.lines().count(), 1, "one sentence: {err}");
        let n: i64 = w
            .sql()
            .query_row("SELECT count(*) FROM subject", [], |r| r.get(0))
            .unwrap();
        assert_eq!(n, 0);
    }
}

#[test]
fn a_missing_database_names_ocop_init() {
    for (lang, words) in [("en", "no ocop database"), ("vi", "không có cơ sở dữ liệu")] {
        let w = Work::new();
        for args in [
            vec!["subject", "list"],
            vec!["unit", "show", "15481"],
            vec!["registration", "list"],
        ] {
            let a = w.ocop(lang).args(&args).assert().code(3);
            let err = stderr(&a);
            assert!(err.contains("ocop init") && err.contains(words), "{err}");
        }
        assert!(!w.db().exists(), "no database is created by accident");
    }
}

#[test]
fn database_path_comes_from_flag_then_env_then_default() {
    let w = Work::new();
    w.ocop("en")
        .args(["--db", "từ cờ.db", "init"])
        .assert()
        .success();
    assert!(w.path("từ cờ.db").exists());
    w.ocop("en")
        .env("OCOP_DB", w.path("env.db"))
        .arg("init")
        .assert()
        .success();
    assert!(w.path("env.db").exists());
    w.ocop("en").arg("init").assert().success();
    assert!(w.db().exists());
}

#[test]
fn init_never_touches_an_existing_database() {
    let w = Work::new();
    w.with_product();
    for (lang, words) in [("en", "already exists"), ("vi", "đã tồn tại")] {
        let a = w.ocop(lang).arg("init").assert().code(1);
        assert!(stderr(&a).contains(words), "{}", stderr(&a));
    }
    let n: i64 = w
        .sql()
        .query_row("SELECT count(*) FROM product", [], |r| r.get(0))
        .unwrap();
    assert_eq!(n, 1);
    std::fs::write(
        w.path("not.db"),
        b"this is not sqlite, just text that is long enough to look like a header....",
    )
    .unwrap();
    let a = w
        .ocop("en")
        .args(["--db", "not.db", "subject", "list"])
        .assert()
        .code(3);
    assert!(
        stderr(&a).contains("not a readable ocop database"),
        "{}",
        stderr(&a)
    );
}

#[test]
fn init_with_a_district_from_a_national_file() {
    let w = Work::new();
    let national = "province_code,province_name,district_code,district_name,commune_code,commune_name,commune_type\n\
        38,Tỉnh Thanh Hóa,395,Huyện Thọ Xuân,15586,Xã Xuân Lập,xã\n\
        38,Tỉnh Thanh Hóa,396,Huyện Triệu Sơn,15607,Thị trấn Nưa,thị trấn\n\
        1,Thành phố Hà Nội,1,Quận Ba Đình,1,Phường Phúc Xá,phường\n";
    std::fs::write(w.path("vn.csv"), national).unwrap();
    let a = w
        .ocop("vi")
        .args(["init", "--units", "vn.csv", "--district", "Thọ Xuân"])
        .assert()
        .success();
    assert!(stdout(&a).contains("395 Huyện Thọ Xuân"), "{}", stdout(&a));
    let a = w
        .ocop("en")
        .args(["unit", "list", "--format", "csv"])
        .assert()
        .success();
    assert_eq!(stdout(&a).lines().count(), 2, "{}", stdout(&a));
    // Without a district, every row is loaded, and codes that lost their zeros get them back.
    let w = Work::new();
    std::fs::write(w.path("vn.csv"), national).unwrap();
    w.ocop("en")
        .args(["init", "--units", "vn.csv"])
        .assert()
        .success();
    let a = w
        .ocop("en")
        .args(["unit", "show", "00001"])
        .assert()
        .success();
    assert!(stdout(&a).contains("Phường Phúc Xá"), "{}", stdout(&a));
    let a = w
        .ocop("en")
        .args(["unit", "list", "--level", "province", "--format", "csv"])
        .assert()
        .success();
    assert!(
        stdout(&a).contains("01,Thành phố Hà Nội,thành phố"),
        "{}",
        stdout(&a)
    );
    // A district that the file lacks.
    let w = Work::new();
    std::fs::write(w.path("vn.csv"), national).unwrap();
    w.ocop("en")
        .args(["init", "--units", "vn.csv", "--district", "Nowhere"])
        .assert()
        .code(1);
    assert!(!w.db().exists());
}

#[test]
fn bad_units_files_name_file_row_and_column() {
    let w = Work::new();
    let bad = "province_code,province_name,district_code,district_name,commune_code,commune_name,commune_type,valid_from\n\
        38,Tỉnh Thanh Hóa,395,Huyện Thọ Xuân,15586,Xã Xuân Lập,xã,\n\
        38,Tỉnh Thanh Hóa,395,Huyện Thọ Xuân,155x6,,xã,31/02/2019\n";
    std::fs::write(w.path("bad units.csv"), bad).unwrap();
    for lang in ["en", "vi"] {
        let a = w
            .ocop(lang)
            .args(["init", "--units", "bad units.csv"])
            .assert()
            .code(1);
        let err = stderr(&a);
        assert!(err.contains("bad units.csv:3:commune_code"), "{err}");
        assert!(err.contains("bad units.csv:3:commune_name"), "{err}");
        assert!(err.contains("bad units.csv:3:valid_from"), "{err}");
        assert!(!w.db().exists());
    }
    std::fs::write(
        w.path("short.csv"),
        "province_code,commune_code\n38,15586\n",
    )
    .unwrap();
    let a = w
        .ocop("en")
        .args(["init", "--units", "short.csv"])
        .assert()
        .code(1);
    assert!(
        stderr(&a).contains("short.csv: no header row") && stderr(&a).contains("province_name"),
        "{}",
        stderr(&a)
    );
    let a = w
        .ocop("en")
        .args(["init", "--units", "missing.csv"])
        .assert()
        .code(3);
    assert!(stderr(&a).contains("missing.csv"), "{}", stderr(&a));
}

#[test]
fn unit_show_tells_the_merger() {
    let w = Work::new();
    w.init();
    let a = w
        .ocop("en")
        .args(["unit", "show", "15481"])
        .assert()
        .success();
    assert!(
        stdout(&a).contains("merged into 15499 Thị trấn Thọ Xuân on 2019-12-01"),
        "{}",
        stdout(&a)
    );
    let a = w
        .ocop("vi")
        .args(["unit", "show", "15481"])
        .assert()
        .success();
    assert!(
        stdout(&a).contains("đã sáp nhập vào 15499 Thị trấn Thọ Xuân từ ngày 2019-12-01"),
        "{}",
        stdout(&a)
    );
    let a = w
        .ocop("en")
        .args(["unit", "show", "15499", "--format", "json"])
        .assert()
        .success();
    let v: serde_json::Value = serde_json::from_str(&stdout(&a)).unwrap();
    assert_eq!(v.as_array().unwrap().len(), 2, "the code names two units");
    assert_eq!(v[0]["name"], "Xã Hạnh Phúc");
    assert!(
        v[1]["status"]
            .as_str()
            .unwrap()
            .contains("formed on 2019-12-01 from 15481")
    );
    // Units in force on a date: 41 in mid-2019, 30 after the mergers.
    let count = |at: &str| {
        let a = w
            .ocop("en")
            .args(["unit", "list", "--at", at, "--format", "csv"])
            .assert()
            .success();
        stdout(&a).lines().count() - 1
    };
    assert_eq!(count("30/06/2019"), 41);
    assert_eq!(count("2020-01-01"), 30);
    let a = w
        .ocop("en")
        .args(["unit", "list", "--all", "--format", "csv"])
        .assert()
        .success();
    assert_eq!(stdout(&a).lines().count() - 1, 50);
    w.ocop("en")
        .args(["unit", "show", "99999"])
        .assert()
        .code(1);
}

#[test]
fn unit_import_twice_changes_nothing_the_second_time() {
    let w = Work::new();
    w.ocop("en").arg("init").assert().success();
    let a = w
        .ocop("en")
        .args(["unit", "import"])
        .arg(fixture("units/tho-xuan.csv"))
        .assert()
        .success();
    assert!(
        stdout(&a).contains("52 units added, 0 new versions, 0 closed, 0 updated, 0 unchanged"),
        "{}",
        stdout(&a)
    );
    let a = w
        .ocop("vi")
        .args(["unit", "import"])
        .arg(fixture("units/tho-xuan.csv"))
        .assert()
        .success();
    assert!(
        stdout(&a).contains("thêm 0 đơn vị, 0 phiên bản mới, đóng 0, cập nhật 0, giữ nguyên 52"),
        "{}",
        stdout(&a)
    );
}

#[test]
fn a_registration_keeps_the_commune_it_was_made_in() {
    let w = Work::new();
    w.init();
    // Thọ Thắng (15589) merged into Xuân Lập (15586) on 2019-12-01: its producer comes in with
    // the 2019 list (a new producer today would be refused there, naming Xuân Lập).
    let list = w.path("ds 2019.csv");
    std::fs::write(
        &list,
        "Năm;Đợt;Loại đăng ký;Giai đoạn;Ngày đăng ký;Xã;Loại hình chủ thể;Tên chủ thể;Tên sản phẩm;Bộ sản phẩm\n\
         2019;1;Mới;Ý tưởng;15/07/2019;Xã Thọ Thắng;THT;Tổ hợp tác bánh gai Thọ Thắng;Bánh gai Thọ Thắng;Chế biến từ gạo, ngũ cốc\n",
    )
    .unwrap();
    w.ocop("en")
        .args(["import", "registrations"])
        .arg(&list)
        .assert()
        .success();
    let a = w
        .ocop("en")
        .args([
            "subject",
            "add",
            "--kind",
            "THT",
            "--name",
            "Tổ hợp tác mới",
            "--commune",
            "15589",
        ])
        .assert()
        .code(1);
    assert!(
        stderr(&a)
            .contains("Xã Thọ Thắng (15589) was merged into Xã Xuân Lập (15586) on 01/12/2019"),
        "{}",
        stderr(&a)
    );
    w.ocop("en")
        .args(["register", "1", "--year", "2021"])
        .assert()
        .success();
    let a = w
        .ocop("en")
        .args(["registration", "list", "--format", "json"])
        .assert()
        .success();
    let v: serde_json::Value = serde_json::from_str(&stdout(&a)).unwrap();
    assert_eq!(v[0]["commune_code"], "15589");
    assert_eq!(v[0]["commune_name"], "Xã Thọ Thắng");
    assert_eq!(v[1]["code"], "2021-001");
    assert_eq!(v[1]["commune_code"], "15586");
    // The commune filter finds both versions of a code.
    let a = w
        .ocop("en")
        .args([
            "registration",
            "list",
            "--commune",
            "Thọ Thắng",
            "--format",
            "csv",
        ])
        .assert()
        .success();
    assert_eq!(stdout(&a).lines().count(), 2);
}

#[test]
fn names_are_found_without_case_or_diacritics_and_ambiguity_lists_candidates() {
    let w = Work::new();
    w.with_product();
    w.ocop("en")
        .args(["subject", "show", "htx nong nghiep xuan lap"])
        .assert()
        .success();
    w.ocop("en")
        .args(["subject", "show", "0100233488"])
        .assert()
        .success();
    w.ocop("en")
        .args(["product", "show", "BANH GAI"])
        .assert()
        .success();
    w.ocop("en")
        .args([
            "product",
            "add",
            "--subject",
            "1",
            "--name",
            "Bánh gai lá gai",
            "--set",
            "Chế biến từ gạo",
            "--regime",
            "qd1048",
        ])
        .assert()
        .success();
    for (lang, words) in [("en", "matches several"), ("vi", "khớp với nhiều")] {
        let a = w
            .ocop(lang)
            .args(["product", "show", "banh gai"])
            .assert()
            .code(1);
        let err = stderr(&a);
        assert!(
            err.contains(words)
                && err.contains("Bánh gai Tứ Trụ")
                && err.contains("Bánh gai lá gai"),
            "{err}"
        );
    }
    for (lang, words) in [
        ("en", "no producer matches"),
        ("vi", "không tìm thấy chủ thể"),
    ] {
        let a = w
            .ocop(lang)
            .args(["subject", "show", "không có ai"])
            .assert()
            .code(1);
        assert!(stderr(&a).contains(words), "{}", stderr(&a));
    }
    // An ambiguous product set.
    let a = w
        .ocop("en")
        .args([
            "product",
            "add",
            "--subject",
            "1",
            "--name",
            "X",
            "--set",
            "chế biến",
            "--regime",
            "qd1048",
        ])
        .assert()
        .code(1);
    assert!(
        stderr(&a).contains("che-bien-tu-gao-ngu-coc"),
        "{}",
        stderr(&a)
    );
}

#[test]
fn subjects_are_checked_edited_and_removed_with_care() {
    let w = Work::new();
    w.with_product();
    // Duplicate tax code, bad phone, unknown kind.
    let a = w
        .ocop("en")
        .args([
            "subject",
            "add",
            "--kind",
            "DN",
            "--name",
            "Công ty B",
            "--tax-code",
            "0100233488",
            "--commune",
            "15586",
        ])
        .assert()
        .code(1);
    assert!(
        stderr(&a).contains("already belongs to producer #1"),
        "{}",
        stderr(&a)
    );
    let a = w
        .ocop("vi")
        .args([
            "subject",
            "add",
            "--kind",
            "DN",
            "--name",
            "Công ty B",
            "--phone",
            "12345",
            "--commune",
            "15586",
        ])
        .assert()
        .code(1);
    assert!(
        stderr(&a).contains("số điện thoại `12345` không hợp lệ"),
        "{}",
        stderr(&a)
    );
    let a = w
        .ocop("en")
        .args([
            "subject",
            "add",
            "--kind",
            "bank",
            "--name",
            "B",
            "--commune",
            "15586",
        ])
        .assert()
        .code(1);
    assert!(
        stderr(&a).contains("producer kind `bank` is unknown"),
        "{}",
        stderr(&a)
    );
    // A 13-digit branch code and a personal 12-digit code (accepted with a warning).
    let a = w
        .ocop("en")
        .args([
            "subject",
            "add",
            "--kind",
            "hộ kinh doanh",
            "--name",
            "Hộ Lê Văn A",
            "--tax-code",
            "038123456789",
            "--commune",
            "15586",
        ])
        .assert()
        .success();
    assert!(stderr(&a).contains("warning:"), "{}", stderr(&a));
    w.ocop("en")
        .args([
            "subject",
            "add",
            "--kind",
            "DN",
            "--name",
            "Chi nhánh",
            "--tax-code",
            "0100233488001",
            "--commune",
            "15586",
        ])
        .assert()
        .success();
    // Edit normalises the phone and records what changed.
    let a = w
        .ocop("en")
        .args([
            "--by",
            "Cán bộ Hạnh",
            "subject",
            "edit",
            "1",
            "--phone",
            "+84 987 654 321",
            "--format",
            "json",
        ])
        .assert()
        .success();
    let v: serde_json::Value = serde_json::from_str(&stdout(&a)).unwrap();
    assert_eq!(v["phone"], "0987654321");
    assert_eq!(v["kind"], "cooperative");
    let (op, details): (String, String) = w
        .sql()
        .query_row(
            "SELECT operator, details FROM audit WHERE action = 'edit' AND entity = 'subject'",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .unwrap();
    assert_eq!(op, "Cán bộ Hạnh");
    assert_eq!(details, r#"{"phone":["0912345678","0987654321"]}"#);
    w.ocop("en").args(["subject", "edit", "1"]).assert().code(2);
    // Remove refuses while products exist.
    for (lang, words) in [("en", "still has 1 product;"), ("vi", "vẫn còn 1 sản phẩm")] {
        let a = w
            .ocop(lang)
            .args(["subject", "remove", "1"])
            .assert()
            .code(1);
        assert!(stderr(&a).contains(words), "{}", stderr(&a));
    }
    w.ocop("en")
        .args(["product", "remove", "Bánh gai Tứ Trụ"])
        .assert()
        .success();
    w.ocop("en")
        .args(["subject", "remove", "1"])
        .assert()
        .success();
    let a = w
        .ocop("en")
        .args(["subject", "list", "--format", "csv"])
        .assert()
        .success();
    assert_eq!(stdout(&a).lines().count(), 3);
}

#[test]
fn products_are_edited_and_kept_while_registered() {
    let w = Work::new();
    w.with_product();
    w.ocop("en")
        .args(["product", "edit", "1", "--name", "Bánh gai Tứ Trụ Xuân Lập"])
        .assert()
        .success();
    w.ocop("en")
        .args(["register", "1", "--year", "2019"])
        .assert()
        .success();
    let a = w
        .ocop("vi")
        .args(["product", "remove", "1"])
        .assert()
        .code(1);
    assert!(
        stderr(&a).contains("đã có 1 lượt đăng ký"),
        "{}",
        stderr(&a)
    );
    let a = w
        .ocop("en")
        .args(["product", "list", "--search", "xuan lap", "--format", "csv"])
        .assert()
        .success();
    assert!(
        stdout(&a).contains("Bánh gai Tứ Trụ Xuân Lập"),
        "{}",
        stdout(&a)
    );
    let a = w
        .ocop("en")
        .args([
            "product",
            "list",
            "--set",
            "chế biến từ gạo",
            "--regime",
            "qd1048",
            "--format",
            "csv",
        ])
        .assert()
        .success();
    assert_eq!(stdout(&a).lines().count(), 2);
}

#[test]
fn registrations_move_forward_only() {
    let w = Work::new();
    w.with_product();
    w.ocop("en")
        .args(["register", "Bánh gai", "--year", "2019", "--stage", "idea"])
        .assert()
        .success();
    let a = w
        .ocop("en")
        .args(["register", "Bánh gai", "--year", "2019"])
        .assert()
        .code(1);
    assert!(
        stderr(&a).contains("already registered for 2019 round 1 as 2019-001"),
        "{}",
        stderr(&a)
    );
    w.ocop("en")
        .args(["registration", "advance", "2019-001", "--stage", "plan"])
        .assert()
        .success();
    let a = w
        .ocop("vi")
        .args([
            "registration",
            "advance",
            "2019-1",
            "--stage",
            "đã nộp hồ sơ",
            "--force",
            "--reason",
            "hồ sơ giấy đã nhận",
        ])
        .assert()
        .success();
    assert!(
        stdout(&a).contains("2019-001: phương án → đã nộp hồ sơ"),
        "{}",
        stdout(&a)
    );
    for (lang, words) in [("en", "cannot move back"), ("vi", "không thể lùi")] {
        let a = w
            .ocop(lang)
            .args(["registration", "advance", "2019-001", "--stage", "idea"])
            .assert()
            .code(1);
        assert!(stderr(&a).contains(words), "{}", stderr(&a));
    }
    w.ocop("en")
        .args([
            "registration",
            "withdraw",
            "2019-001",
            "--reason",
            "chủ thể xin rút",
        ])
        .assert()
        .success();
    for (lang, words) in [("en", "was withdrawn"), ("vi", "đã rút đăng ký")] {
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
        assert!(stderr(&a).contains(words), "{}", stderr(&a));
    }
    let a = w
        .ocop("en")
        .args(["registration", "advance", "2019-001", "--stage", "done"])
        .assert()
        .code(1);
    assert!(
        stderr(&a).contains("use one of idea, plan"),
        "{}",
        stderr(&a)
    );
    // The history shows every step with its operator and reason.
    let a = w
        .ocop("en")
        .args(["registration", "show", "2019-001"])
        .assert()
        .success();
    let out = stdout(&a);
    assert!(
        out.contains("tester") && out.contains("chủ thể xin rút") && out.contains("to: withdrawn"),
        "{out}"
    );
    // Filters.
    let a = w
        .ocop("en")
        .args([
            "registration",
            "list",
            "--stage",
            "withdrawn",
            "--format",
            "csv",
        ])
        .assert()
        .success();
    assert_eq!(stdout(&a).lines().count(), 2);
    let a = w
        .ocop("en")
        .args([
            "registration",
            "list",
            "--group",
            "thực phẩm chế biến",
            "--year",
            "2019",
            "--format",
            "csv",
        ])
        .assert()
        .success();
    assert_eq!(stdout(&a).lines().count(), 2);
    let a = w
        .ocop("en")
        .args([
            "registration",
            "list",
            "--search",
            "TU TRU",
            "--format",
            "csv",
        ])
        .assert()
        .success();
    assert_eq!(stdout(&a).lines().count(), 2);
    let a = w
        .ocop("en")
        .args([
            "registration",
            "list",
            "--set",
            "rượu trắng",
            "--format",
            "csv",
        ])
        .assert()
        .success();
    assert_eq!(stdout(&a).lines().count(), 1);
    w.ocop("en")
        .args(["registration", "show", "2019-999"])
        .assert()
        .code(1);
}

#[test]
fn the_regime_follows_the_year_and_sets_carry_over() {
    let w = Work::new();
    w.with_product();
    w.ocop("en")
        .args(["register", "1", "--year", "2023"])
        .assert()
        .success();
    w.ocop("en")
        .args(["register", "1", "--year", "2025"])
        .assert()
        .success();
    let a = w
        .ocop("en")
        .args(["registration", "list", "--format", "json"])
        .assert()
        .success();
    let v: serde_json::Value = serde_json::from_str(&stdout(&a)).unwrap();
    assert_eq!(v[0]["regime"], "qd148");
    assert_eq!(v[1]["regime"], "qd148-1489");
    assert_eq!(v[0]["product_set"], "che-bien-tu-gao-ngu-coc");
    let a = w
        .ocop("en")
        .args(["register", "1", "--year", "2018"])
        .assert()
        .code(1);
    assert!(stderr(&a).contains("--regime"), "{}", stderr(&a));
    w.ocop("en")
        .args(["register", "1", "--year", "19"])
        .assert()
        .code(1);
}

#[test]
fn listings_in_every_format() {
    let w = Work::new();
    w.with_product();
    for args in [
        vec!["subject", "list"],
        vec!["product", "list"],
        vec!["registration", "list"],
        vec!["unit", "list"],
        vec!["criteria", "list"],
        vec!["criteria", "list", "--regime", "qd148"],
    ] {
        for lang in ["en", "vi"] {
            w.ocop(lang).args(&args).assert().success();
            let a = w
                .ocop(lang)
                .args(&args)
                .args(["--format", "json"])
                .assert()
                .success();
            serde_json::from_str::<serde_json::Value>(&stdout(&a)).unwrap();
            let a = w
                .ocop(lang)
                .args(&args)
                .args(["--format", "csv", "--excel"])
                .assert()
                .success();
            let out = stdout(&a);
            assert!(
                out.starts_with('\u{feff}') && out.contains("\r\n"),
                "{args:?}"
            );
        }
    }
    let a = w.ocop("vi").args(["subject", "list"]).assert().success();
    assert!(
        stdout(&a).contains("Mã số thuế") && stdout(&a).contains("hợp tác xã"),
        "{}",
        stdout(&a)
    );
    let a = w
        .ocop("en")
        .args(["criteria", "list", "--regime", "qd1048", "--format", "csv"])
        .assert()
        .success();
    assert_eq!(stdout(&a).lines().count(), 27);
}

#[test]
fn language_comes_from_env_when_not_given() {
    let w = Work::new();
    let mut c = assert_cmd::Command::cargo_bin("ocop").unwrap();
    c.current_dir(w.dir.path())
        .env_remove("OCOP_LANG")
        .env_remove("OCOP_DB")
        .env("LANG", "vi_VN.UTF-8");
    c.args(["subject", "list"])
        .assert()
        .code(3)
        .stderr(predicate::str::contains("không có cơ sở dữ liệu"));
    let mut c = assert_cmd::Command::cargo_bin("ocop").unwrap();
    c.current_dir(w.dir.path())
        .env("OCOP_LANG", "en")
        .env_remove("OCOP_DB")
        .env("LANG", "vi_VN.UTF-8");
    c.args(["subject", "list"])
        .assert()
        .code(3)
        .stderr(predicate::str::contains("no ocop database"));
}

#[test]
fn usage_errors_exit_2_and_help_carries_examples() {
    let w = Work::new();
    w.ocop("en").arg("frobnicate").assert().code(2);
    w.ocop("en").args(["register"]).assert().code(2);
    let a = w.ocop("en").arg("--help").assert().success();
    assert!(stdout(&a).contains("Examples:"), "{}", stdout(&a));
    for sub in [
        vec!["init"],
        vec!["demo"],
        vec!["unit", "list"],
        vec!["unit", "show"],
        vec!["unit", "import"],
        vec!["subject", "add"],
        vec!["subject", "list"],
        vec!["subject", "show"],
        vec!["subject", "edit"],
        vec!["subject", "remove"],
        vec!["product", "add"],
        vec!["product", "list"],
        vec!["product", "show"],
        vec!["product", "edit"],
        vec!["product", "remove"],
        vec!["register"],
        vec!["registration", "list"],
        vec!["registration", "show"],
        vec!["registration", "advance"],
        vec!["registration", "withdraw"],
        vec!["criteria", "list"],
        vec!["import", "registrations"],
        vec!["import", "units"],
        vec!["import", "scores"],
        vec!["export", "registrations"],
        vec!["export", "subjects"],
        vec!["export", "products"],
        vec!["score", "add"],
        vec!["score", "show"],
        vec!["score", "enter"],
        vec!["score", "remove"],
        vec!["rank"],
        vec!["recognise"],
        vec!["certificate", "list"],
        vec!["report", "summary"],
        vec!["report", "products"],
        vec!["report", "groups"],
        vec!["report", "progress"],
        vec!["report", "certificates"],
        vec!["report", "all"],
        vec!["dossier", "add"],
        vec!["dossier", "list"],
        vec!["dossier", "remove"],
        vec!["dossier", "check"],
        vec!["dossier", "verify"],
        vec!["dossier", "kinds"],
        vec!["dossier", "export"],
        vec!["import", "documents"],
        vec!["report", "dossiers"],
        vec!["backup"],
        vec!["restore"],
        vec!["doctor"],
        vec!["log"],
        vec!["completions"],
        vec!["criteria", "show"],
        vec!["criteria", "template"],
        vec!["criteria", "check"],
        vec!["man"],
    ] {
        let a = w.ocop("en").args(&sub).arg("--help").assert().success();
        assert!(stdout(&a).contains("Example"), "{sub:?} has no example");
    }
}

#[test]
fn demo_builds_the_sample_and_can_run_again() {
    let w = Work::new();
    for lang in ["en", "vi"] {
        let a = w
            .ocop(lang)
            .args(["demo", "--dir", "thư mục demo"])
            .args(if lang == "vi" { &["--force"][..] } else { &[] })
            .assert()
            .success();
        let out = stdout(&a);
        assert!(out.contains("Xã Xuân Lập") && out.contains("47"), "{out}");
    }
    // An earlier demo is built again only when asked; a --db would be ignored, so it is refused.
    let a = w
        .ocop("en")
        .args(["demo", "--dir", "thư mục demo"])
        .assert()
        .code(2);
    assert!(stderr(&a).contains("--force"), "{}", stderr(&a));
    let a = w.ocop("en").args(["--db", "x.db", "demo"]).assert().code(2);
    assert!(stderr(&a).contains("--dir"), "{}", stderr(&a));
    let c = rusqlite::Connection::open(w.path("thư mục demo/ocop.db")).unwrap();
    let n: i64 = c
        .query_row("SELECT count(*) FROM subject", [], |r| r.get(0))
        .unwrap();
    assert_eq!(n, 42);
    let kinds: i64 = c
        .query_row("SELECT count(DISTINCT kind) FROM subject", [], |r| r.get(0))
        .unwrap();
    assert_eq!(kinds, 4);
    let stages: i64 = c
        .query_row("SELECT count(DISTINCT stage) FROM registration", [], |r| {
            r.get(0)
        })
        .unwrap();
    assert!(stages >= 4);
    // A folder holding someone else's database is refused.
    w.init();
    std::fs::create_dir(w.path("other")).unwrap();
    std::fs::copy(w.db(), w.path("other/ocop.db")).unwrap();
    w.ocop("en")
        .args(["demo", "--dir", "other"])
        .assert()
        .code(1);
}

#[cfg(unix)]
#[test]
fn the_database_is_readable_by_its_owner_only() {
    use std::os::unix::fs::PermissionsExt;
    let w = Work::new();
    w.init();
    let mode = std::fs::metadata(w.db()).unwrap().permissions().mode();
    assert_eq!(mode & 0o777, 0o600);
}

#[test]
fn completions_and_man_page_need_no_database() {
    let w = Work::new();
    for shell in ["bash", "zsh", "fish", "powershell", "elvish"] {
        let a = w.ocop("en").args(["completions", shell]).assert().success();
        assert!(stdout(&a).contains("ocop"), "{shell}");
    }
    let a = w.ocop("en").arg("man").assert().success();
    assert!(stdout(&a).contains(".TH ocop 1"), "{}", stdout(&a));
    assert!(!w.db().exists());
}

#[cfg(unix)]
#[test]
fn a_closed_pipe_ends_output_quietly() {
    let w = Work::new();
    w.ocop("en").args(["demo", "--dir", "."]).assert().success();
    let bin = assert_cmd::cargo::cargo_bin("ocop");
    for cmd in [
        "registration list --format csv",
        "completions bash",
        "report summary --year 2019",
    ] {
        let out = std::process::Command::new("sh")
            .current_dir(w.dir.path())
            .arg("-c")
            .arg(format!(
                "'{}' --lang en {cmd} | head -1; exit ${{PIPESTATUS:-0}}",
                bin.display()
            ))
            .output()
            .unwrap();
        assert!(out.status.success(), "{cmd}");
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(
            !err.contains("panicked") && !err.contains("Broken pipe"),
            "{cmd}: {err}"
        );
    }
}

#[test]
fn tables_fit_columns_and_never_split_a_code() {
    let w = Work::new();
    w.with_product();
    w.ocop("en")
        .args(["register", "Bánh gai Tứ Trụ", "--year", "2019"])
        .assert()
        .success();
    let a = w
        .ocop("en")
        .env("COLUMNS", "70")
        .args(["registration", "list", "--year", "2019"])
        .assert()
        .success();
    let out = stdout(&a);
    assert!(out.contains("2019-001"), "the code is whole:\n{out}");
    assert!(
        out.lines().all(|l| l.chars().count() <= 70),
        "fits in 70 columns:\n{out}"
    );
    // Too narrow for the text: the table keeps its width instead of one letter per line.
    let a = w
        .ocop("en")
        .env("COLUMNS", "20")
        .args(["registration", "list", "--year", "2019"])
        .assert()
        .success();
    assert!(stdout(&a).contains("Bánh gai Tứ Trụ"), "{}", stdout(&a));
}

#[test]
fn a_blank_template_reads_back_as_not_yet_filled_in() {
    let w = Work::new();
    w.with_product();
    w.ocop("en")
        .args([
            "register",
            "Bánh gai Tứ Trụ",
            "--year",
            "2019",
            "--stage",
            "submitted",
        ])
        .assert()
        .success();
    for (lang, labels, words) in [
        ("en", false, "no points given yet"),
        ("vi", true, "chưa có điểm"),
    ] {
        let file = w.path(&format!("phiếu {lang}.xlsx"));
        let mut t = w.ocop(lang);
        t.args([
            "criteria", "template", "2019-001", "--format", "xlsx", "--out",
        ])
        .arg(&file);
        if labels {
            t.arg("--labels");
        }
        t.assert().success();
        let a = w
            .ocop(lang)
            .args([
                "score", "add", "2019-001", "--level", "district", "--member", "A",
            ])
            .arg("--sheet")
            .arg(&file)
            .assert()
            .code(1);
        assert!(stderr(&a).contains(words), "{}", stderr(&a));
    }
}
