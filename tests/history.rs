//! Starting with history (issue 18): past results and certificates imported from the lists
//! offices keep: a province's decision annex with title rows, merged header cells and a row of
//! column numbers, in XLSX and CSV, with Vietnamese or English headers.

mod common;

use common::{Work, stderr, stdout};

/// The annex's rows: product, producer, address, stars.
const ROWS: [(&str, &str, &str, &str); 3] = [
    (
        "Bánh gai Tứ Trụ",
        "HTX Nông nghiệp Xuân Lập",
        "Thôn 3, xã Xuân Lập, huyện Thọ Xuân",
        "4 sao",
    ),
    (
        "Rượu nếp Xuân Lập",
        "Hộ kinh doanh Lê Văn An",
        "xã Xuân Lập, huyện Thọ Xuân",
        "3 sao",
    ),
    (
        "Mật ong Lam Sơn",
        "Công ty TNHH Lam Sơn",
        "TT. Lam Sơn, H. Thọ Xuân",
        "3",
    ),
];

/// A decision annex as an office types it in Excel: two title rows merged across the table, a
/// header whose "Chủ thể" spans the producer's name and address over a second header row, cells
/// merged down over both header rows, and a row of column numbers.
fn annex_xlsx(w: &Work, name: &str, vietnamese: bool) -> std::path::PathBuf {
    use rust_xlsxwriter::{Format, Workbook};
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet();
    let f = Format::new();
    let h = |vi: &'static str, en: &'static str| if vietnamese { vi } else { en };
    ws.merge_range(
        0,
        0,
        0,
        4,
        h(
            "DANH SÁCH SẢN PHẨM OCOP TỈNH THANH HÓA NĂM 2021",
            "OCOP PRODUCTS OF THANH HOA PROVINCE, 2021",
        ),
        &f,
    )
    .unwrap();
    ws.merge_range(
        1,
        0,
        1,
        4,
        h(
            "(Kèm theo Quyết định số 4512/QĐ-UBND ngày 20/12/2021)",
            "(Annex to Decision 4512/QĐ-UBND of 20/12/2021)",
        ),
        &f,
    )
    .unwrap();
    ws.merge_range(3, 0, 4, 0, h("STT", "No."), &f).unwrap();
    ws.merge_range(3, 1, 4, 1, h("Tên sản phẩm", "Product"), &f)
        .unwrap();
    ws.merge_range(3, 2, 3, 3, h("Chủ thể sản xuất", "Producer"), &f)
        .unwrap();
    ws.write_string(4, 2, h("Tên chủ thể", "Producer name"))
        .unwrap();
    ws.write_string(4, 3, h("Địa chỉ", "Address")).unwrap();
    ws.merge_range(3, 4, 4, 4, h("Hạng sao OCOP", "Stars"), &f)
        .unwrap();
    for c in 0..5u16 {
        ws.write_string(5, c, format!("({})", c + 1)).unwrap();
    }
    for (i, (product, producer, address, stars)) in ROWS.iter().enumerate() {
        let r = 6 + i as u32;
        ws.write_number(r, 0, (i + 1) as f64).unwrap();
        ws.write_string(r, 1, *product).unwrap();
        ws.write_string(r, 2, *producer).unwrap();
        ws.write_string(r, 3, *address).unwrap();
        ws.write_string(r, 4, *stars).unwrap();
    }
    let path = w.path(name);
    wb.save(&path).unwrap();
    path
}

/// The same annex as a CSV export of it: title rows, one header row, the numbering row.
fn annex_csv(w: &Work, name: &str, vietnamese: bool) -> std::path::PathBuf {
    let mut text = String::from("DANH SÁCH SẢN PHẨM OCOP NĂM 2021,,,,\n,,,,\n");
    text.push_str(if vietnamese {
        "STT,Tên sản phẩm,Chủ thể,Địa chỉ,Hạng sao\n"
    } else {
        "No.,Product,Producer,Address,Stars\n"
    });
    text.push_str("1,2,3,4,5\n");
    for (i, (product, producer, address, stars)) in ROWS.iter().enumerate() {
        text.push_str(&format!(
            "{},{product},{producer},\"{address}\",{stars}\n",
            i + 1
        ));
    }
    let path = w.path(name);
    std::fs::write(&path, text).unwrap();
    path
}

fn import(w: &Work, file: &std::path::Path) -> assert_cmd::assert::Assert {
    w.ocop("en")
        .args(["import", "results"])
        .arg(file)
        .args(["--year", "2021", "--decision", "4512/QĐ-UBND"])
        .args(["--decided-on", "20/12/2021"])
        .assert()
}

fn counts(w: &Work) -> (i64, i64, i64, i64, i64, i64) {
    let c = w.sql();
    let n = |t: &str| -> i64 {
        c.query_row(&format!("SELECT count(*) FROM {t}"), [], |r| r.get(0))
            .unwrap()
    };
    (
        n("subject"),
        n("product"),
        n("registration"),
        n("result"),
        n("certificate"),
        n("audit"),
    )
}

fn check_imported(w: &Work) {
    // Three certificates of the decision, valid 36 months from it, recognised by the province
    // (qd1048: the province recognises 3★ and 4★).
    let out = stdout(
        &w.ocop("en")
            .args(["certificate", "list", "--format", "csv"])
            .assert()
            .success(),
    );
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(lines.len(), 4, "{out}");
    for l in &lines[1..] {
        assert!(
            l.contains(",province,4512/QĐ-UBND,2021-12-20,2024-12-20,"),
            "{l}"
        );
    }
    assert!(
        out.contains("Bánh gai Tứ Trụ") && out.contains(",4,province"),
        "{out}"
    );
    // The kinds were read from the names; the communes from the addresses.
    let c = w.sql();
    let kinds: Vec<(String, String)> = c
        .prepare("SELECT s.name, s.kind FROM subject s ORDER BY s.id")
        .unwrap()
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    assert_eq!(
        kinds,
        vec![
            ("HTX Nông nghiệp Xuân Lập".into(), "cooperative".into()),
            ("Hộ kinh doanh Lê Văn An".into(), "household".into()),
            ("Công ty TNHH Lam Sơn".into(), "enterprise".into()),
        ]
    );
    let places: Vec<String> = c
        .prepare("SELECT u.name FROM registration r JOIN unit u ON u.id = r.unit_id ORDER BY r.seq")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    assert_eq!(places, ["Xã Xuân Lập", "Xã Xuân Lập", "Thị trấn Lam Sơn"]);
    // Marked as imported wherever results show.
    let products = stdout(
        &w.ocop("en")
            .args(["report", "products", "--year", "2021", "--format", "csv"])
            .assert()
            .success(),
    );
    assert!(
        products.lines().next().unwrap().ends_with(",source"),
        "{products}"
    );
    assert_eq!(products.matches(",imported").count(), 3, "{products}");
    let show = stdout(
        &w.ocop("vi")
            .args(["registration", "show", "2021-001"])
            .assert()
            .success(),
    );
    assert!(
        show.contains("nhập từ danh sách") && show.contains("4512/QĐ-UBND (2021-12-20)"),
        "{show}"
    );
    let sheets = stdout(
        &w.ocop("en")
            .args(["score", "show", "2021-002", "--format", "csv"])
            .assert()
            .success(),
    );
    assert!(
        sheets.contains("province,imported,,,,,3,4512/QĐ-UBND 2021-12-20"),
        "{sheets}"
    );
    // They count in the summary like ranked results; no score, so no average.
    let summary = stdout(
        &w.ocop("en")
            .args(["report", "summary", "--year", "2021", "--format", "csv"])
            .assert()
            .success(),
    );
    let total = summary.lines().last().unwrap();
    assert_eq!(total, "total,total,3,3,3,2,1,0,0,0,,3", "{summary}");
}

#[test]
fn a_decision_annex_in_xlsx_with_vietnamese_headers_comes_in_once() {
    let w = Work::new();
    w.init();
    let file = annex_xlsx(&w, "QĐ 4512 công nhận OCOP 2021.xlsx", true);
    let a = import(&w, &file).success();
    assert!(
        stdout(&a).contains("3 results and 3 certificates added"),
        "{}",
        stdout(&a)
    );
    check_imported(&w);
    let before = counts(&w);
    let again = import(&w, &file).success();
    assert!(stdout(&again).contains("3 unchanged"), "{}", stdout(&again));
    assert_eq!(counts(&w), before, "a second import changes nothing");
}

#[test]
fn the_same_annex_in_csv_with_english_headers_and_in_xlsx_with_english_headers() {
    for (name, csv) in [("annex.csv", true), ("annex.xlsx", false)] {
        let w = Work::new();
        w.init();
        let file = if csv {
            annex_csv(&w, name, false)
        } else {
            annex_xlsx(&w, name, false)
        };
        import(&w, &file).success();
        check_imported(&w);
        let before = counts(&w);
        import(&w, &file).success();
        assert_eq!(
            counts(&w),
            before,
            "{name}: a second import changes nothing"
        );
        // And the Vietnamese CSV header of the same list matches the same records.
        let vi = annex_csv(&w, "annex-vi.csv", true);
        import(&w, &vi).success();
        assert_eq!(
            counts(&w),
            before,
            "{name}: the same list with other headers"
        );
    }
}

#[test]
fn a_row_that_contradicts_a_result_is_refused_with_both_values_and_nothing_is_written() {
    let w = Work::new();
    w.init();
    let file = annex_csv(&w, "annex.csv", true);
    import(&w, &file).success();
    let before = counts(&w);
    let other = w.path("other.csv");
    std::fs::write(
        &other,
        "Tên sản phẩm,Chủ thể,Xã,Hạng sao\nBánh gai Tứ Trụ,HTX Nông nghiệp Xuân Lập,Xuân Lập,3\nChè xanh,HTX Chè Xuân Lập,Xuân Lập,4\n",
    )
    .unwrap();
    let a = import(&w, &other).failure().code(1);
    let err = stderr(&a);
    assert!(
        err.contains("other.csv:2:stars") && err.contains("2021-001"),
        "{err}"
    );
    assert!(err.contains("4★") && err.contains("3★"), "{err}");
    assert_eq!(counts(&w), before, "all or nothing");
}

#[test]
fn wrong_rows_name_their_cell_and_the_fix() {
    let w = Work::new();
    w.init();
    let bad = w.path("bad.csv");
    std::fs::write(
        &bad,
        "Năm,Tên sản phẩm,Chủ thể,Xã,Hạng sao,Điểm,Bộ sản phẩm\n\
         2021,Giò chả,Hộ Lê Văn Bình,Xuân Lập,6,,\n\
         2021,Nem chua,Hộ Lê Văn Cường,Xuân Lập,4,68.5,\n\
         2021,Chè lam,Hộ Lê Văn Dũng,Nơi Không Có,3,,\n\
         2021,Bánh đa,,Xuân Lập,3,,\n\
         2021,Cốm,Hộ Lê Văn Em,Xuân Lập,3,,Bộ không có\n",
    )
    .unwrap();
    let a = w
        .ocop("en")
        .args(["import", "results"])
        .arg(&bad)
        .assert()
        .failure()
        .code(1);
    let err = stderr(&a);
    assert!(
        err.contains("bad.csv:2:stars") && err.contains("\"6\""),
        "{err}"
    );
    assert!(
        err.contains("bad.csv:3:stars") && err.contains("at most 3★"),
        "{err}"
    );
    assert!(err.contains("bad.csv:4:commune"), "{err}");
    assert!(err.contains("bad.csv:5:subject_name"), "{err}");
    // An unknown set is allowed for history, and said.
    assert!(
        err.contains("bad.csv:6: the product set \"Bộ không có\""),
        "{err}"
    );
    assert_eq!(counts(&w).2, 0);
}

#[test]
fn an_imported_certificate_is_re_evaluated_from_its_number_and_takes_no_sheets() {
    let w = Work::new();
    w.init();
    let file = annex_csv(&w, "annex.csv", true);
    import(&w, &file).success();
    // A list without a decision: the result is in, the certificate waits for `recognise`; and
    // an imported result takes no sheets.
    let later = w.path("2022.csv");
    std::fs::write(
        &later,
        "Năm,Tên sản phẩm,Chủ thể,Xã,Hạng sao,Điểm\n2022,Giò lụa,Hộ Lê Văn Phúc,Xuân Lập,3,66.5\n",
    )
    .unwrap();
    w.ocop("en")
        .args(["import", "results"])
        .arg(&later)
        .assert()
        .success();
    let a = w
        .ocop("en")
        .args([
            "score", "add", "2022-001", "--level", "province", "--member", "A",
        ])
        .args(["--part", "A=30", "--part", "B=25", "--part", "C=20"])
        .assert()
        .failure();
    assert!(
        stderr(&a).contains("imported from a list"),
        "{}",
        stderr(&a)
    );
    w.ocop("en")
        .args([
            "recognise",
            "2022-001",
            "--decision",
            "88/QĐ-UBND",
            "--date",
            "15/01/2023",
        ])
        .assert()
        .success();
    let cert = stdout(
        &w.ocop("en")
            .args(["certificate", "list", "--format", "csv"])
            .assert()
            .success(),
    );
    assert!(
        cert.contains("Giò lụa") && cert.contains("88/QĐ-UBND,2023-01-15,2026-01-15"),
        "{cert}"
    );
    // The certificate lapsed on 20/12/2024; its product is registered for re-evaluation.
    w.ocop("en")
        .args(["register", "--from-cert", "1", "--year", "2024"])
        .args(["--set", "chế biến từ gạo"])
        .assert()
        .success();
    let c = w.sql();
    let (kind, renews): (String, i64) = c
        .query_row(
            "SELECT kind, renews_certificate_id FROM registration WHERE code = '2024-001'",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .unwrap();
    assert_eq!((kind.as_str(), renews), ("re-evaluation", 1));
    let a = w
        .ocop("en")
        .args([
            "register",
            "--from-cert",
            "1",
            "--year",
            "2024",
            "--kind",
            "new",
        ])
        .assert()
        .failure()
        .code(2);
    assert!(
        stderr(&a).contains("--kind re-evaluation"),
        "{}",
        stderr(&a)
    );
}

#[test]
fn a_list_finds_the_registration_of_its_year_in_any_round_and_renews_in_date_order() {
    let w = Work::new();
    w.with_product();
    // Registered in round 2 of 2021 in ocop, not yet scored: the list's result is attached to it.
    w.ocop("en")
        .args([
            "register",
            "Bánh gai Tứ Trụ",
            "--year",
            "2021",
            "--round",
            "2",
        ])
        .assert()
        .success();
    // Rows out of order: the 2024 re-evaluation before the 2021 recognition it renews; a
    // grouped annex with its district heading, a total row, and an average with three decimals.
    let list = w.path("list.csv");
    std::fs::write(
        &list,
        "STT,Năm,Tên sản phẩm,Chủ thể,Xã,Hạng sao,Điểm,Số quyết định,Ngày quyết định,Loại đánh giá\n\
         I,Huyện Thọ Xuân,,,,,,,,\n\
         1,2024,Bánh gai Tứ Trụ,HTX Nông nghiệp Xuân Lập,Xuân Lập,4,75.333,12/QĐ-UBND,15/12/2024,đánh giá lại\n\
         2,2021,Bánh gai Tứ Trụ,HTX Nông nghiệp Xuân Lập,Xuân Lập,3,66,4512/QĐ-UBND,20/12/2021,mới\n\
         ,Tổng cộng: 2 sản phẩm,,,,,,,,\n",
    )
    .unwrap();
    w.ocop("en")
        .args(["import", "results"])
        .arg(&list)
        .assert()
        .success();
    let c = w.sql();
    let regs: Vec<(String, i64)> = c
        .prepare("SELECT code, round FROM registration ORDER BY year")
        .unwrap()
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    assert_eq!(
        regs,
        [("2021-001".to_string(), 2), ("2024-001".to_string(), 1)]
    );
    let certs: Vec<(String, String, Option<i64>)> = c
        .prepare("SELECT decision_no, status, renews_id FROM certificate ORDER BY decision_date")
        .unwrap()
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    assert_eq!(certs[0].0, "4512/QĐ-UBND");
    assert_eq!(certs[0].1, "replaced", "{certs:?}");
    assert_eq!(
        certs[1].2,
        Some(2),
        "the 2024 certificate renews the 2021 one: {certs:?}"
    );
    let score: f64 = c
        .query_row(
            "SELECT average_total FROM result x JOIN registration r ON r.id = x.registration_id WHERE r.year = 2024",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(score, 75.33);
}

#[test]
fn decision_dates_are_checked_as_recognise_checks_them() {
    let w = Work::new();
    w.init();
    let list = w.path("dates.csv");
    std::fs::write(
        &list,
        "Năm,Tên sản phẩm,Chủ thể,Xã,Hạng sao,Số quyết định,Ngày quyết định,Hiệu lực đến\n\
         2021,Giò chả,Hộ Lê Văn Bình,Xuân Lập,3,1/QĐ,20/12/2099,\n\
         2021,Nem chua,Hộ Lê Văn Cường,Xuân Lập,3,1/QĐ,01/03/2019,\n\
         2021,Chè lam,Hộ Lê Văn Dũng,Xuân Lập,3,1/QĐ,20/12/2021,01/01/2020\n",
    )
    .unwrap();
    let a = w
        .ocop("en")
        .args(["import", "results"])
        .arg(&list)
        .assert()
        .failure()
        .code(1);
    let err = stderr(&a);
    assert!(
        err.contains("dates.csv:2:decided_on") && err.contains("future"),
        "{err}"
    );
    assert!(
        err.contains("dates.csv:3:decided_on") && err.contains("before the year 2021"),
        "{err}"
    );
    assert!(err.contains("dates.csv:4:valid_until"), "{err}");
    assert_eq!(counts(&w).2, 0);
}
