//! Score sheets by part totals, ranking, certificates: the worked cases of the scoring issue.

mod common;

use common::{Work, stderr, stdout};

/// init + one product registered for 2019 at stage submitted (2019-001).
fn registered() -> Work {
    let w = Work::new();
    w.with_product();
    w.ocop("en")
        .args(["register", "1", "--year", "2019", "--stage", "submitted"])
        .assert()
        .success();
    w
}

fn sheet(
    w: &Work,
    level: &str,
    member: &str,
    a: &str,
    b: &str,
    c: &str,
) -> assert_cmd::assert::Assert {
    w.ocop("en")
        .args([
            "score", "add", "2019-001", "--level", level, "--member", member,
        ])
        // These tests score a council on its own; a product registered directly with the
        // province reaches it through an office's decision, given with its reason.
        .args(if level == "district" {
            vec![]
        } else {
            vec![
                "--force",
                "--reason",
                "registered directly with the province",
            ]
        })
        .args([
            "--part",
            &format!("A={a}"),
            "--part",
            &format!("B={b}"),
            "--part",
            &format!("C={c}"),
        ])
        .assert()
}

fn rank_json(w: &Work, level: &str) -> serde_json::Value {
    let a = w
        .ocop("en")
        .args([
            "rank", "--year", "2019", "--level", level, "--format", "json",
        ])
        .assert()
        .success();
    serde_json::from_str(&stdout(&a)).unwrap()
}

#[test]
fn one_sheet_of_93_is_five_stars_under_1048() {
    let w = registered();
    let a = sheet(&w, "province", "Lê Văn A", "34", "24", "35").success();
    assert!(stdout(&a).contains("total 93.00"), "{}", stdout(&a));
    let v = rank_json(&w, "province");
    assert_eq!(v[0]["average_total"], 93.00);
    assert_eq!(v[0]["stars"], 5);
    assert_eq!(
        v[0]["outcome"], "forwards",
        "the province forwards 5★ candidates to the central council"
    );
    assert_eq!(v[0]["stage"], "evaluated");
}

#[test]
fn three_members_71_69_69_average_69_67_and_three_stars() {
    let w = registered();
    sheet(&w, "province", "A", "30", "20", "21").success();
    sheet(&w, "province", "B", "30", "20", "19").success();
    sheet(&w, "province", "C", "30", "20", "19").success();
    let v = rank_json(&w, "province");
    assert_eq!(v[0]["average_total"], 69.67);
    assert_eq!(v[0]["average_c"], 19.67);
    assert_eq!(v[0]["stars"], 3);
    assert_eq!(v[0]["outcome"], "recognises");
    // People read the decimal mark of their language; scripts read ids and a dot.
    for (lang, words, points) in [
        ("en", "Average (3)", "69.67"),
        ("vi", "Điểm trung bình (3)", "69,67"),
    ] {
        let a = w
            .ocop(lang)
            .args(["score", "show", "2019-001"])
            .assert()
            .success();
        assert!(
            stdout(&a).contains(words) && stdout(&a).contains(points),
            "{}",
            stdout(&a)
        );
    }
}

#[test]
fn an_eliminated_product_is_eliminated_whatever_its_points() {
    let w = registered();
    sheet(&w, "district", "A", "35", "25", "40").success();
    w.ocop("vi")
        .args([
            "score", "add", "2019-001", "--level", "huyện", "--member", "B",
        ])
        .args(["--part", "A=35", "--part", "B=25", "--part", "C=40"])
        .args(["--eliminated", "toàn bộ nguyên liệu nhập khẩu"])
        .assert()
        .success();
    let v = rank_json(&w, "district");
    assert_eq!(v[0]["stars"], 0);
    assert_eq!(v[0]["outcome"], "eliminated");
    assert_eq!(v[0]["stage"], "not-recognised");
}

#[test]
fn bad_sheets_are_refused_naming_the_part_and_the_allowed_points() {
    let w = registered();
    for (lang, words) in [
        (
            "en",
            "part A: 36 points is more than the part's maximum of 35",
        ),
        ("vi", "phần A: 36 điểm vượt quá điểm tối đa 35"),
    ] {
        let a = w
            .ocop(lang)
            .args([
                "score", "add", "2019-001", "--level", "district", "--member", "X",
            ])
            .args(["--part", "A=36", "--part", "B=20", "--part", "C=20"])
            .assert()
            .code(1);
        assert!(stderr(&a).contains(words), "{}", stderr(&a));
    }
    let a = w
        .ocop("en")
        .args([
            "score", "add", "2019-001", "--level", "district", "--member", "X", "--part", "A=30",
        ])
        .assert()
        .code(1);
    assert!(stderr(&a).contains("part B is missing"), "{}", stderr(&a));
    let a = w
        .ocop("en")
        .args([
            "score", "add", "2019-001", "--level", "district", "--member", "X", "--part", "A=30",
            "--part", "B=x", "--part", "C=1",
        ])
        .assert()
        .code(1);
    assert!(
        stderr(&a).contains("`x` is not a number of points from 0 to 25"),
        "{}",
        stderr(&a)
    );
    let a = w
        .ocop("en")
        .args([
            "score", "add", "2019-001", "--level", "commune", "--member", "X", "--part", "A=1",
            "--part", "B=1", "--part", "C=1",
        ])
        .assert()
        .code(1);
    assert!(
        stderr(&a).contains("district, province, central"),
        "{}",
        stderr(&a)
    );
    let a = w
        .ocop("en")
        .args([
            "score", "add", "2019-001", "--level", "district", "--member", "X", "A1.1=3",
        ])
        .assert()
        .code(1);
    assert!(
        stderr(&a).contains("criteria are not scored: A1.2, A1.3"),
        "{}",
        stderr(&a)
    );
    // One sheet per member and level; remove, then add again.
    sheet(&w, "district", "Lê Văn A", "30", "20", "20").success();
    let a = sheet(&w, "district", "le van a", "30", "20", "20").code(1);
    assert!(stderr(&a).contains("already has a sheet"), "{}", stderr(&a));
    w.ocop("en")
        .args([
            "score",
            "remove",
            "2019-001",
            "--level",
            "district",
            "--member",
            "LÊ VĂN A",
        ])
        .assert()
        .success();
    sheet(&w, "district", "Lê Văn A", "31", "20", "20").success();
    w.ocop("en")
        .args([
            "score", "remove", "2019-001", "--level", "district", "--member", "Nobody",
        ])
        .assert()
        .code(1);
    // Nothing ranked at a level without sheets.
    w.ocop("en")
        .args(["rank", "--year", "2019", "--level", "province"])
        .assert()
        .code(1);
    // A withdrawn registration cannot be scored.
    w.ocop("en")
        .args(["registration", "withdraw", "2019-001"])
        .assert()
        .success();
    let a = sheet(&w, "district", "Z", "1", "1", "1").code(1);
    assert!(stderr(&a).contains("withdrawn"), "{}", stderr(&a));
}

#[test]
fn the_sheet_keeps_the_regime_text_it_was_scored_under() {
    let w = registered();
    sheet(&w, "district", "A", "30", "20", "20").success();
    let (regime, len): (String, i64) = w
        .sql()
        .query_row(
            "SELECT t.regime_id, length(t.text) FROM score_sheet s JOIN regime_text t ON t.sha256 = s.regime_sha256",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .unwrap();
    assert_eq!(regime, "qd1048");
    assert!(len > 1000);
}

#[test]
fn recognition_issues_a_36_month_certificate_and_renewals_replace_it() {
    let w = registered();
    sheet(&w, "province", "A", "30", "20", "25").success();
    rank_json(&w, "province");
    for (lang, words) in [
        ("en", "valid until 2022-12-23"),
        ("vi", "hiệu lực đến 2022-12-23"),
    ] {
        if lang == "vi" {
            let a = w
                .ocop(lang)
                .args([
                    "recognise",
                    "2019-001",
                    "--decision",
                    "QĐ 2/QĐ-UBND",
                    "--date",
                    "23/12/2019",
                ])
                .assert()
                .code(1);
            assert!(
                stderr(&a).contains("đã có giấy chứng nhận"),
                "{}",
                stderr(&a)
            );
            continue;
        }
        let a = w
            .ocop(lang)
            .args([
                "recognise",
                "2019-001",
                "--decision",
                "QĐ 5445/QĐ-UBND",
                "--date",
                "23/12/2019",
            ])
            .assert()
            .success();
        assert!(stdout(&a).contains(words), "{}", stdout(&a));
    }
    let stage: String = w
        .sql()
        .query_row(
            "SELECT stage FROM registration WHERE code = '2019-001'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(stage, "recognised");
    let list = |args: &[&str]| {
        let a = w
            .ocop("en")
            .args(["certificate", "list", "--format", "json"])
            .args(args)
            .assert()
            .success();
        serde_json::from_str::<serde_json::Value>(&stdout(&a)).unwrap()
    };
    assert_eq!(list(&["--at", "2021-01-01"])[0]["status"], "valid");
    assert_eq!(
        list(&["--at", "2022-10-01", "--expiring-within", "90"])[0]["status"],
        "expiring"
    );
    // Valid to the end of 23/12/2022 (the Civil Code's count of 36 months), lapsed the day after.
    assert_eq!(
        list(&["--at", "2022-12-23", "--lapsed"])
            .as_array()
            .unwrap()
            .len(),
        0
    );
    assert_eq!(
        list(&["--at", "2022-12-24", "--lapsed"])[0]["status"],
        "lapsed"
    );
    assert_eq!(
        list(&["--at", "2021-01-01", "--lapsed"])
            .as_array()
            .unwrap()
            .len(),
        0
    );
    // A re-evaluation in 2022 renews the certificate.
    w.ocop("en")
        .args([
            "register",
            "1",
            "--year",
            "2022",
            "--kind",
            "re-evaluation",
            "--stage",
            "submitted",
        ])
        .assert()
        .success();
    w.ocop("en")
        .args([
            "score", "add", "2022-001", "--level", "province", "--force", "--reason", "direct",
            "--member", "A", "--part", "A=33", "--part", "B=22", "--part", "C=30",
        ])
        .assert()
        .success();
    w.ocop("en")
        .args(["rank", "--year", "2022", "--level", "province"])
        .assert()
        .success();
    w.ocop("en")
        .args([
            "recognise",
            "2022-001",
            "--decision",
            "QĐ 100/QĐ-UBND",
            "--date",
            "2022-11-30",
        ])
        .assert()
        .success();
    let v = list(&["--at", "2023-01-01"]);
    let statuses: Vec<&str> = v
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["status"].as_str().unwrap())
        .collect();
    assert_eq!(statuses, vec!["replaced", "valid"]);
    let renews: Option<i64> = w
        .sql()
        .query_row(
            "SELECT renews_certificate_id FROM registration WHERE code = '2022-001'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(renews, Some(1));
}

#[test]
fn a_level_cannot_recognise_stars_it_does_not_certify() {
    let w = registered();
    sheet(&w, "district", "A", "30", "20", "25").success();
    rank_json(&w, "district");
    for (lang, words) in [
        ("en", "which that level does not recognise"),
        ("vi", "cấp này không công nhận"),
    ] {
        let a = w
            .ocop(lang)
            .args([
                "recognise",
                "2019-001",
                "--decision",
                "QĐ 1",
                "--date",
                "2019-12-01",
            ])
            .assert()
            .code(1);
        assert!(stderr(&a).contains(words), "{}", stderr(&a));
    }
    w.ocop("en")
        .args([
            "recognise",
            "2019-999",
            "--decision",
            "QĐ 1",
            "--date",
            "2019-12-01",
        ])
        .assert()
        .code(1);
}

#[test]
fn the_demo_runs_the_councils_and_issues_certificates() {
    let w = Work::new();
    w.ocop("en").args(["demo", "--dir", "."]).assert().success();
    let c = w.sql();
    let certificates: i64 = c
        .query_row("SELECT count(*) FROM certificate", [], |r| r.get(0))
        .unwrap();
    let sheets: i64 = c
        .query_row("SELECT count(*) FROM score_sheet", [], |r| r.get(0))
        .unwrap();
    let not_recognised: i64 = c
        .query_row(
            "SELECT count(*) FROM registration WHERE stage = 'not-recognised'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert!(certificates > 5, "{certificates}");
    assert!(sheets > 60, "{sheets}");
    assert!(not_recognised > 0);
    let bad: i64 = c
        .query_row(
            "SELECT count(*) FROM certificate c JOIN result r ON r.registration_id = c.registration_id AND r.level = c.level
             JOIN registration g ON g.id = c.registration_id
             WHERE r.stars NOT IN (3, 4)
                OR c.valid_until != CASE g.year WHEN 2019 THEN '2022-12-23' ELSE '2029-09-25' END",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(bad, 0);
}

#[test]
fn score_sheets_import_in_long_and_wide_form() {
    let w = registered();
    let long = "Mã đăng ký;Cấp;Thành viên;Tiêu chí;Điểm\n\
                2019-001;huyện;Lê Văn An;A;30\n2019-001;huyện;Lê Văn An;B;20\n2019-001;huyện;Lê Văn An;C;25\n\
                2019-001;huyện;Nguyễn Thị Bình;A;36\n2019-001;huyện;Nguyễn Thị Bình;B;20\n2019-001;huyện;Nguyễn Thị Bình;C;25\n\
                2019-999;huyện;X;A;1\n";
    std::fs::write(w.path("phiếu dài.csv"), long).unwrap();
    for (lang, words) in [
        ("en", "2 sheets have errors; nothing was imported"),
        ("vi", "có 2 phiếu chấm lỗi"),
    ] {
        let a = w
            .ocop(lang)
            .args(["import", "scores", "phiếu dài.csv"])
            .assert()
            .code(1);
        let err = stderr(&a);
        assert!(
            err.contains("phiếu dài.csv:5:") && err.contains("phiếu dài.csv:8:registration:"),
            "{err}"
        );
        assert!(err.contains(words), "{err}");
    }
    let n = |w: &Work| -> i64 {
        w.sql()
            .query_row("SELECT count(*) FROM score_sheet", [], |r| r.get(0))
            .unwrap()
    };
    assert_eq!(n(&w), 0);
    let a = w
        .ocop("en")
        .args([
            "import",
            "scores",
            "phiếu dài.csv",
            "--skip-invalid",
            "--rejects",
            "loại.csv",
        ])
        .assert()
        .code(1);
    assert!(
        stdout(&a).contains("1 sheet added, 2 sheets rejected"),
        "{}",
        stdout(&a)
    );
    assert_eq!(n(&w), 1);
    let rejects = std::fs::read_to_string(w.path("loại.csv")).unwrap();
    assert_eq!(
        rejects.lines().count(),
        5,
        "header, three rows of one sheet, one of the other: {rejects}"
    );
    let wide = "registration,level,member,A,B,C\n2019-001,district,M1,30,20,30\n2019-001,district,M2,31,21,30\n";
    std::fs::write(w.path("wide.csv"), wide).unwrap();
    w.ocop("en")
        .args(["import", "scores", "wide.csv"])
        .assert()
        .success();
    let v = rank_json(&w, "district");
    assert_eq!(v[0]["members"], 3);
    assert_eq!(v[0]["average_total"], 79.00);
    // A line that is neither a part nor a criterion is refused with its row and column.
    std::fs::write(
        w.path("criteria.csv"),
        "registration,level,member,criterion,points\n2019-001,district,M9,Tổng,3\n",
    )
    .unwrap();
    let a = w
        .ocop("en")
        .args(["import", "scores", "criteria.csv"])
        .assert()
        .code(1);
    assert!(
        stderr(&a).contains("criteria.csv:2:criterion:"),
        "{}",
        stderr(&a)
    );
}

#[test]
fn a_filled_template_imports_and_regime_files_are_checked() {
    let w = registered();
    let a = w
        .ocop("en")
        .args([
            "criteria",
            "template",
            "2019-001",
            "--level",
            "district",
            "--members",
            "2",
            "--by-parts",
            "--format",
            "csv",
        ])
        .assert()
        .success();
    let template = stdout(&a);
    assert_eq!(
        template,
        "registration,level,member,A,B,C\n2019-001,district,,,,\n2019-001,district,,,,\n"
    );
    let filled = template
        .replacen(
            "2019-001,district,,,,",
            "2019-001,district,Lê Văn An,30,20,25",
            1,
        )
        .replacen(
            "2019-001,district,,,,",
            "2019-001,district,Nguyễn Thị Bình,32,21,26",
            1,
        );
    std::fs::write(w.path("filled.csv"), filled).unwrap();
    w.ocop("en")
        .args(["import", "scores", "filled.csv"])
        .assert()
        .success();
    let v = rank_json(&w, "district");
    assert_eq!(v[0]["average_total"], 77.00);
    let file = w.path("mẫu phiếu.xlsx");
    w.ocop("vi")
        .args([
            "criteria",
            "template",
            "rượu trắng",
            "--regime",
            "qd1048",
            "--format",
            "xlsx",
            "--out",
        ])
        .arg(&file)
        .assert()
        .success();
    assert!(file.exists());
    let a = w
        .ocop("vi")
        .args(["criteria", "show", "qd1048"])
        .assert()
        .success();
    assert!(
        stdout(&a).contains("Phần A") && stdout(&a).contains("[90, 100]"),
        "{}",
        stdout(&a)
    );
    let a = w
        .ocop("en")
        .args(["criteria", "check"])
        .arg(std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("schemas/criteria/qd1048.toml"))
        .assert()
        .success();
    assert!(
        stdout(&a).contains("regime qd1048 is well formed"),
        "{}",
        stdout(&a)
    );
    let broken = std::fs::read_to_string(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("schemas/criteria/qd1048.toml"),
    )
    .unwrap()
    .replacen("max = 35", "max = 30", 1);
    std::fs::write(w.path("hỏng.toml"), broken).unwrap();
    let a = w
        .ocop("en")
        .args(["criteria", "check", "hỏng.toml"])
        .assert()
        .code(1);
    assert!(
        stderr(&a).contains("hỏng.toml:15: parts: the parts' maxima must add up to 100"),
        "{}",
        stderr(&a)
    );
}

#[test]
fn score_enter_asks_each_part_and_asks_again_on_a_wrong_answer() {
    // "Gạo, ngũ cốc" has no criteria in the regime file (a gap of the transcription): by parts.
    let w = Work::new();
    w.with_product();
    w.ocop("en")
        .args(["product", "edit", "1", "--set", "gạo, ngũ cốc"])
        .assert()
        .success();
    w.ocop("en")
        .args(["register", "1", "--year", "2019", "--stage", "submitted"])
        .assert()
        .success();
    let a = w
        .ocop("vi")
        .args([
            "score", "enter", "2019-001", "--level", "huyện", "--member", "Thư ký",
        ])
        .write_stdin("30\n99\n20\n25\n")
        .assert()
        .success();
    let err = stderr(&a);
    assert!(
        err.contains("Phần A, Sản phẩm và sức mạnh cộng đồng (0 đến 35)"),
        "{err}"
    );
    assert!(
        err.contains("phần B: `99` không phải số điểm từ 0 đến 25"),
        "{err}"
    );
    assert!(
        stdout(&a).contains("phiếu chấm của Thư ký cấp huyện: tổng 75.00 điểm"),
        "{}",
        stdout(&a)
    );
    // Input that ends early saves nothing.
    let a = w
        .ocop("en")
        .args([
            "score", "enter", "2019-001", "--level", "district", "--member", "Other",
        ])
        .write_stdin("30\n")
        .assert()
        .code(1);
    assert!(stderr(&a).contains("nothing was saved"), "{}", stderr(&a));
    let n: i64 = w
        .sql()
        .query_row("SELECT count(*) FROM score_sheet", [], |r| r.get(0))
        .unwrap();
    assert_eq!(n, 1);
}

#[test]
fn a_stopped_evaluation_is_not_rated() {
    let w = registered();
    sheet(&w, "district", "A", "35", "25", "40").success();
    w.ocop("vi")
        .args([
            "score", "add", "2019-001", "--level", "huyện", "--member", "B",
        ])
        .args(["--part", "A=35", "--part", "B=25", "--part", "C=40"])
        .args(["--stopped", "không có giấy chứng nhận an toàn thực phẩm"])
        .assert()
        .success();
    let v = rank_json(&w, "district");
    assert_eq!(v[0]["stars"], 0);
    assert_eq!(v[0]["outcome"], "stopped");
    assert_eq!(v[0]["stage"], "not-recognised");
    let a = w
        .ocop("vi")
        .args(["score", "show", "2019-001"])
        .assert()
        .success();
    assert!(
        stdout(&a).contains("dừng đánh giá") && stdout(&a).contains("không có giấy chứng nhận"),
        "{}",
        stdout(&a)
    );
}

/// The set of 2019-001 ("Chế biến từ gạo, ngũ cốc") and its scored criteria.
fn rice_criteria() -> Vec<ocop::rules::criteria::Criterion> {
    let r = ocop::rules::regime::Regimes::in_use()
        .unwrap()
        .get("qd1048")
        .unwrap();
    r.set("che-bien-tu-gao-ngu-coc")
        .unwrap()
        .tree()
        .unwrap()
        .iter()
        .filter(|c| c.is_scored())
        .cloned()
        .collect()
}

/// `A1.1=3 …`: the best option of every criterion, less `minus` points on part C's last one.
fn best_args(changes: &[(&str, &str)]) -> Vec<String> {
    rice_criteria()
        .iter()
        .map(|c| {
            let v = changes
                .iter()
                .find(|(k, _)| *k == c.id)
                .map_or(c.max().to_string(), |(_, v)| v.to_string());
            format!("{}={v}", c.id)
        })
        .collect()
}

#[test]
fn sheets_by_criteria_sum_to_their_parts_and_apply_the_notes() {
    let w = registered();
    let add = |member: &str, args: &[String]| {
        w.ocop("en")
            .args([
                "score", "add", "2019-001", "--level", "district", "--member", member,
            ])
            .args(args)
            .assert()
    };
    // Every criterion at its best is 100; lower options take their points off their part.
    let a = add("A", &best_args(&[])).success();
    assert!(stdout(&a).contains("total 100.00"), "{}", stdout(&a));
    add(
        "B",
        &best_args(&[("A1.1", "1"), ("B5.3", "na"), ("C10", "1")]),
    )
    .success();
    let v = rank_json(&w, "district");
    // B: 100 - 2 (A1.1) - 2 (B5.3 not applicable) - 4 (C10) = 92; average 96.
    assert_eq!(v[0]["average_total"], 96.00);
    assert_eq!(v[0]["average_a"], 34.00);
    assert_eq!(v[0]["average_b"], 24.00);
    assert_eq!(v[0]["average_c"], 38.00);
    // An option that does not exist is refused naming the criterion and the allowed points.
    let a = add("C", &best_args(&[("B4.1", "4")])).code(1);
    assert!(
        stderr(&a).contains("criterion B4.1 (Khu vực phân phối chính): `4` is not one of its options; the allowed points are 1, 2, 3, 5"),
        "{}",
        stderr(&a)
    );
    let a = w
        .ocop("vi")
        .args([
            "score", "add", "2019-001", "--level", "district", "--member", "C",
        ])
        .args(best_args(&[("B5.1", "na")]))
        .assert()
        .code(1);
    assert!(
        stderr(&a).contains("tiêu chí B5.1 áp dụng cho mọi sản phẩm"),
        "{}",
        stderr(&a)
    );
    // Parts and criteria together are refused.
    let mut both = best_args(&[]);
    both.extend(["--part".to_string(), "A=30".to_string()]);
    add("C", &both).code(1);
    // A product with all its raw material imported is eliminated whatever its other points.
    // (The district has ranked: a late sheet reopens it, with the reason kept.)
    let mut late = best_args(&[("A1.1", "loai")]);
    late.extend(["--reopen", "--reason", "a member's sheet arrived late"].map(String::from));
    let a = add("C", &late).success();
    assert!(stdout(&a).contains("total 97.00"), "{}", stdout(&a));
    let v = rank_json(&w, "district");
    assert_eq!(v[0]["outcome"], "eliminated");
    assert_eq!(v[0]["stars"], 0);
    let a = w
        .ocop("vi")
        .args(["score", "show", "2019-001"])
        .assert()
        .success();
    assert!(
        stdout(&a).contains("A1.1: sử dụng toàn bộ nguyên liệu nhập khẩu"),
        "{}",
        stdout(&a)
    );
    // Every criterion of every sheet, in the tree's order (C10 after C9, not after C1).
    let a = w
        .ocop("en")
        .args(["score", "show", "2019-001", "--criteria", "--format", "csv"])
        .assert()
        .success();
    let out = stdout(&a);
    assert!(
        out.contains("district,B,A1.1,Nguồn nguyên liệu,1.00"),
        "{out}"
    );
    let c9 = out.find("district,A,C9,").unwrap();
    let c10 = out.find("district,A,C10,").unwrap();
    assert!(c9 < c10, "{out}");
}

#[test]
fn a_stop_rule_ends_the_sheet_and_the_rest_stays_blank() {
    let w = registered();
    // Foreign matter at C6.1 (its note stops the evaluation): nothing after it.
    let args: Vec<String> = best_args(&[("C6.1", "dung")])
        .into_iter()
        .take_while(|a| !a.starts_with("C6.2="))
        .collect();
    w.ocop("en")
        .args([
            "score", "add", "2019-001", "--level", "district", "--member", "A",
        ])
        .args(&args)
        .assert()
        .success();
    let v = rank_json(&w, "district");
    assert_eq!(v[0]["outcome"], "stopped");
    // Without the stop, the blank criteria are named.
    let a = w
        .ocop("en")
        .args([
            "score", "add", "2019-001", "--level", "district", "--member", "B",
        ])
        .args(&args[..args.len() - 1])
        .assert()
        .code(1);
    assert!(stderr(&a).contains("C6.1, C6.2"), "{}", stderr(&a));
}

#[test]
fn a_filled_criteria_template_is_a_sheet() {
    let w = registered();
    for (format, file) in [("csv", "phiếu A.csv"), ("xlsx", "phiếu B.xlsx")] {
        w.ocop("vi")
            .args([
                "criteria", "template", "2019-001", "--format", format, "--out",
            ])
            .arg(w.path(file))
            .assert()
            .success();
    }
    // Fill the CSV as a member would: the best option everywhere, 1 at C10.
    let text = std::fs::read_to_string(w.path("phiếu A.csv")).unwrap();
    let mut rdr = csv::Reader::from_reader(text.trim_start_matches('\u{feff}').as_bytes());
    let headers = rdr.headers().unwrap().clone();
    assert_eq!(headers.get(0), Some("criterion"));
    let mut out = csv::Writer::from_writer(Vec::new());
    out.write_record(&headers).unwrap();
    let criteria = rice_criteria();
    for rec in rdr.records() {
        let rec = rec.unwrap();
        let id = rec.get(0).unwrap().to_string();
        let points = match criteria.iter().find(|c| c.id == id) {
            Some(_) if id == "C10" => "1".to_string(),
            Some(c) => c.max().to_string(),
            None => String::new(),
        };
        let mut row: Vec<String> = rec.iter().map(str::to_string).collect();
        row[3] = points;
        out.write_record(&row).unwrap();
    }
    std::fs::write(w.path("phiếu A.csv"), out.into_inner().unwrap()).unwrap();
    let a = w
        .ocop("en")
        .args([
            "score", "add", "2019-001", "--level", "district", "--member", "A", "--sheet",
        ])
        .arg(w.path("phiếu A.csv"))
        .assert()
        .success();
    assert!(stdout(&a).contains("total 96.00"), "{}", stdout(&a));
    // The blank XLSX template has no points: refused, saying what a sheet needs.
    let a = w
        .ocop("en")
        .args([
            "score", "add", "2019-001", "--level", "district", "--member", "B", "--sheet",
        ])
        .arg(w.path("phiếu B.xlsx"))
        .assert()
        .code(1);
    assert!(stderr(&a).contains("criterion"), "{}", stderr(&a));
}

#[test]
fn score_enter_asks_criterion_by_criterion() {
    let w = registered();
    let criteria = rice_criteria();
    // A wrong option first, then the best everywhere; B5.2 not applicable.
    let mut input = String::from("9\n");
    for c in &criteria {
        let answer = if c.id == "B5.2" {
            "kad".to_string()
        } else {
            c.max().to_string()
        };
        input.push_str(&answer);
        input.push('\n');
    }
    let a = w
        .ocop("vi")
        .args([
            "score", "enter", "2019-001", "--level", "huyện", "--member", "Thư ký",
        ])
        .write_stdin(input)
        .assert()
        .success();
    let err = stderr(&a);
    assert!(err.contains("A1.1 Nguồn nguyên liệu [1, 2, 3]"), "{err}");
    assert!(
        err.contains("[3] Sử dụng nguyên liệu có nguồn gốc trong tỉnh từ 75% đến 100%"),
        "{err}"
    );
    assert!(err.contains("`9` không phải là một mức điểm"), "{err}");
    assert!(stdout(&a).contains("tổng 97.00 điểm"), "{}", stdout(&a));
}

#[test]
fn import_scores_reads_sheets_by_criteria_in_long_and_wide_form() {
    let w = registered();
    let criteria = rice_criteria();
    let mut long = String::from("Mã đăng ký,Cấp,Thành viên,Tiêu chí,Điểm\n");
    for c in &criteria {
        long.push_str(&format!("2019-001,huyện,Lê Văn An,{},{}\n", c.id, c.max()));
    }
    std::fs::write(w.path("long.csv"), long).unwrap();
    let ids: Vec<&str> = criteria.iter().map(|c| c.id.as_str()).collect();
    let best: Vec<String> = criteria.iter().map(|c| c.max().to_string()).collect();
    let mut worse = best.clone();
    worse[0] = "1".into(); // A1.1
    let wide = format!(
        "registration,level,member,{}\n2019-001,district,Nguyễn Thị Bình,{}\n2019-001,district,Trịnh Văn Cường,{}\n",
        ids.join(","),
        best.join(","),
        worse.join(",")
    );
    std::fs::write(w.path("wide.csv"), wide).unwrap();
    for f in ["long.csv", "wide.csv"] {
        let a = w
            .ocop("en")
            .args(["import", "scores", f])
            .assert()
            .success();
        assert!(!stderr(&a).contains("unknown"), "{}", stderr(&a));
    }
    let v = rank_json(&w, "district");
    assert_eq!(v[0]["members"], 3);
    // (100 + 100 + 98) / 3 = 99.33
    assert_eq!(v[0]["average_total"], 99.33);
    // A wrong option in a file names its row and the allowed points.
    let bad = format!(
        "registration,level,member,{}\n2019-001,district,Lê Thị D,{}\n",
        ids.join(","),
        worse.join(",").replacen("1,", "7,", 1)
    );
    std::fs::write(w.path("bad.csv"), bad).unwrap();
    let a = w
        .ocop("en")
        .args(["import", "scores", "bad.csv"])
        .assert()
        .code(1);
    assert!(
        stderr(&a).contains("bad.csv:2:") && stderr(&a).contains("allowed points are 1, 2, 3"),
        "{}",
        stderr(&a)
    );
}

#[test]
fn the_evaluation_date_decides_the_regime() {
    let w = Work::new();
    w.with_product();
    w.ocop("en")
        .args(["register", "1", "--year", "2022", "--stage", "submitted"])
        .assert()
        .success();
    // Registered for 2022 (qd1048), evaluated on 1 March 2023, when qd148 is in force.
    let a = w
        .ocop("en")
        .args([
            "score", "add", "2022-001", "--level", "district", "--member", "A",
        ])
        .args(["--part", "A=40", "--part", "B=25", "--part", "C=35"])
        .args(["--date", "01/03/2023"])
        .assert()
        .success();
    assert!(
        stderr(&a).contains("the registration now follows qd148"),
        "{}",
        stderr(&a)
    );
    let regime: String = w
        .sql()
        .query_row(
            "SELECT regime || ' ' || evaluated_on FROM registration",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(regime, "qd148 2023-03-01");
    // Under 148 the district recognises 3★ and forwards from 70.
    let a = w
        .ocop("en")
        .args([
            "rank",
            "--year",
            "2022",
            "--level",
            "district",
            "--date",
            "2023-03-01",
            "--format",
            "json",
        ])
        .assert()
        .success();
    let v: serde_json::Value = serde_json::from_str(&stdout(&a)).unwrap();
    assert_eq!(v[0]["outcome"], "forwards");
    // A date under another regime, once sheets exist, is refused with the reason.
    w.ocop("en")
        .args([
            "register",
            "1",
            "--year",
            "2022",
            "--round",
            "2",
            "--stage",
            "submitted",
        ])
        .assert()
        .success();
    w.ocop("en")
        .args([
            "score", "add", "2022-002", "--level", "district", "--member", "A",
        ])
        .args(["--part", "A=30", "--part", "B=20", "--part", "C=30"])
        .assert()
        .success();
    let a = w
        .ocop("en")
        .args([
            "score", "add", "2022-002", "--level", "district", "--member", "B",
        ])
        .args(["--part", "A=30", "--part", "B=20", "--part", "C=30"])
        .args(["--date", "2023-03-01"])
        .assert()
        .code(1);
    assert!(
        stderr(&a).contains("already has sheets under qd1048"),
        "{}",
        stderr(&a)
    );
}

#[test]
fn a_users_regime_file_is_imported_and_used() {
    let w = Work::new();
    w.with_product();
    // The built-in 148 file, with a criteria tree for its last set given inline.
    let mut text = std::fs::read_to_string(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("schemas/criteria/qd148.toml"),
    )
    .unwrap();
    for (part, max) in [("A", 40), ("B", 25), ("C", 35)] {
        text.push_str(&format!(
            "\n[[sets.criteria]]\nid = \"{part}1\"\nvi = \"Phần {part}\"\n\n[[sets.criteria]]\nid = \"{part}1.1\"\nvi = \"Tiêu chí {part}\"\noptions = [{{ points = 0, vi = \"Không\" }}, {{ points = {max}, vi = \"Có\" }}]\n"
        ));
    }
    std::fs::write(w.path("bộ 148 đầy đủ.toml"), &text).unwrap();
    let a = w
        .ocop("vi")
        .args(["criteria", "import"])
        .arg(w.path("bộ 148 đầy đủ.toml"))
        .assert()
        .success();
    assert!(
        stdout(&a).contains("đã nhập bộ tiêu chí qd148")
            && stdout(&a).contains("thay bộ qd148 có sẵn"),
        "{}",
        stdout(&a)
    );
    let a = w
        .ocop("en")
        .args(["criteria", "list", "--format", "csv"])
        .assert()
        .success();
    assert!(
        stdout(&a).contains("qd148,") && stdout(&a).contains(",1,bộ 148 đầy đủ.toml"),
        "{}",
        stdout(&a)
    );
    w.ocop("en")
        .args([
            "product",
            "edit",
            "1",
            "--set",
            "du lịch cộng đồng",
            "--regime",
            "qd148",
        ])
        .assert()
        .success();
    w.ocop("en")
        .args(["register", "1", "--year", "2023", "--stage", "submitted"])
        .assert()
        .success();
    let a = w
        .ocop("en")
        .args([
            "score", "add", "2023-001", "--level", "district", "--member", "A", "A1.1=40",
            "B1.1=25", "C1.1=35",
        ])
        .assert()
        .success();
    assert!(stdout(&a).contains("total 100.00"), "{}", stdout(&a));
    // A broken file is refused with its name and key, and nothing is imported.
    std::fs::write(
        w.path("hỏng.toml"),
        text.replacen("points = 40", "points = 41", 1),
    )
    .unwrap();
    let a = w
        .ocop("en")
        .args(["criteria", "import", "hỏng.toml"])
        .assert()
        .code(1);
    assert!(
        stderr(&a).contains("hỏng.toml") && stderr(&a).contains("part A"),
        "{}",
        stderr(&a)
    );
}
