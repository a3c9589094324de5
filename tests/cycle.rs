//! The cycle as one state machine: what only a council reaches, which level may score, closed
//! levels, decisions after what they decide, certificates counted as the Civil Code counts.

mod common;

use common::{Work, stderr, stdout};

fn ok(w: &Work, args: &[&str]) -> String {
    stdout(&w.ocop("en").args(args).assert().success())
}

fn refused(w: &Work, lang: &str, args: &[&str]) -> String {
    stderr(&w.ocop(lang).args(args).assert().code(1))
}

/// `score add REG --level L --member M --part A=… --part B=… --part C=…` and `extra`.
fn parts(
    w: &Work,
    reg: &str,
    level: &str,
    member: &str,
    [a, b, c]: [u32; 3],
    extra: &[&str],
) -> assert_cmd::assert::Assert {
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
}

/// A cooperative with one product, registered for `year` at `submitted`.
fn submitted(year: &str) -> Work {
    let w = Work::new();
    w.with_product();
    ok(
        &w,
        &["register", "1", "--year", year, "--stage", "submitted"],
    );
    w
}

#[test]
fn stages_a_council_decides_come_only_from_its_commands() {
    let w = submitted("2020");
    for (lang, words) in [
        (
            "en",
            "is reached only through the council's result: use `ocop recognise REG",
        ),
        ("vi", "chỉ đạt được qua kết quả của hội đồng"),
    ] {
        let e = refused(
            &w,
            lang,
            &[
                "registration",
                "advance",
                "2020-001",
                "--stage",
                "recognised",
            ],
        );
        assert!(e.contains(words), "{e}");
    }
    let e = refused(
        &w,
        "en",
        &[
            "registration",
            "advance",
            "2020-001",
            "--stage",
            "evaluated",
        ],
    );
    assert!(e.contains("ocop rank"), "{e}");
    let e = refused(
        &w,
        "en",
        &["register", "1", "--year", "2021", "--stage", "recognised"],
    );
    assert!(e.contains("ocop recognise"), "{e}");
    std::fs::write(
        w.path("r.csv"),
        "year,commune,subject_kind,subject_name,product_name,product_set,stage\n2021,Xuân Lập,HTX,HTX B,Rượu,Rượu trắng,recognised\n",
    )
    .unwrap();
    let e = refused(&w, "en", &["import", "registrations", "r.csv"]);
    assert!(
        e.contains("r.csv:2:stage:") && e.contains("ocop recognise"),
        "{e}"
    );
    let stage: String = w
        .sql()
        .query_row(
            "SELECT stage FROM registration WHERE code = '2020-001'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(stage, "submitted");
}

#[test]
fn a_level_scores_only_what_the_level_below_forwarded() {
    let w = submitted("2021");
    // 30 at the district under 1048: 2★, not forwarded.
    parts(&w, "2021-001", "district", "D", [10, 10, 10], &[]).success();
    ok(&w, &["rank", "--year", "2021", "--level", "district"]);
    for (lang, words) in [
        (
            "en",
            "2021-001 did not reach the province level: the district level did not forward it (its result: 30.00 (2★, not recognised))",
        ),
        (
            "vi",
            "2021-001 chưa lên tỉnh: cấp huyện chưa chuyển lên (kết quả: 30.00 (2★, ",
        ),
    ] {
        let e = refused(
            &w,
            lang,
            &[
                "score", "add", "2021-001", "--level", "province", "--member", "P", "--part",
                "A=20", "--part", "B=15", "--part", "C=20",
            ],
        );
        assert!(e.contains(words), "{e}");
    }
    // --force needs a reason, and the reason is kept.
    let a = parts(&w, "2021-001", "province", "P", [20, 15, 20], &["--force"]).code(2);
    assert!(stderr(&a).contains("--reason"), "{}", stderr(&a));
    parts(
        &w,
        "2021-001",
        "province",
        "P",
        [20, 15, 20],
        &["--force", "--reason", "nộp thẳng lên tỉnh"],
    )
    .success();
    let details: String = w
        .sql()
        .query_row(
            "SELECT details FROM audit WHERE action = 'force'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert!(details.contains("nộp thẳng lên tỉnh"), "{details}");
}

#[test]
fn sheets_from_submission_to_decision_only() {
    let w = Work::new();
    w.with_product();
    ok(
        &w,
        &["register", "1", "--year", "2019", "--stage", "implementing"],
    );
    let e = refused(
        &w,
        "en",
        &[
            "score", "add", "2019-001", "--level", "district", "--member", "D", "--part", "A=30",
            "--part", "B=20", "--part", "C=30",
        ],
    );
    assert!(e.contains("from \"submitted\" on"), "{e}");
    ok(
        &w,
        &[
            "registration",
            "advance",
            "2019-001",
            "--stage",
            "submitted",
            "--force",
            "--reason",
            "hồ sơ giấy",
        ],
    );
    parts(&w, "2019-001", "district", "D", [30, 20, 30], &[]).success();
    ok(&w, &["rank", "--year", "2019", "--level", "district"]);
    // Ranked: the district's sheets are closed.
    let e = stderr(&parts(&w, "2019-001", "district", "E", [10, 10, 10], &[]).code(1));
    assert!(
        e.contains("its sheets are closed; to change them, `ocop score add … --reopen --reason"),
        "{e}"
    );
    let e = refused(
        &w,
        "en",
        &[
            "score", "remove", "2019-001", "--level", "district", "--member", "D",
        ],
    );
    assert!(e.contains("its sheets are closed"), "{e}");
    // Province: 72 → 4★, recognised.
    parts(&w, "2019-001", "province", "P", [30, 20, 22], &[]).success();
    ok(&w, &["rank", "--year", "2019", "--level", "province"]);
    // Reopening the district clears the district's and the province's results.
    ok(
        &w,
        &[
            "score",
            "remove",
            "2019-001",
            "--level",
            "district",
            "--member",
            "D",
            "--reopen",
            "--reason",
            "sai điểm",
        ],
    );
    let results: i64 = w
        .sql()
        .query_row("SELECT count(*) FROM result", [], |r| r.get(0))
        .unwrap();
    assert_eq!(results, 0);
    let stage: String = w
        .sql()
        .query_row("SELECT stage FROM registration", [], |r| r.get(0))
        .unwrap();
    assert_eq!(stage, "submitted");
    parts(&w, "2019-001", "district", "D", [30, 20, 30], &[]).success();
    ok(&w, &["rank", "--year", "2019", "--level", "district"]);
    // The province's result went with the district's: its sheets are open again until it ranks.
    parts(&w, "2019-001", "province", "Q", [30, 20, 22], &[]).success();
    ok(&w, &["rank", "--year", "2019", "--level", "province"]);
    // Decisions: not before the regime, not in the future; then no sheet at all.
    let e = refused(
        &w,
        "en",
        &[
            "recognise",
            "2019-001",
            "--decision",
            "QĐ 1",
            "--date",
            "01/01/2018",
        ],
    );
    assert!(
        e.contains("comes before 2019-08-21 (the day qd1048 took effect)"),
        "{e}"
    );
    let e = refused(
        &w,
        "en",
        &[
            "recognise",
            "2019-001",
            "--decision",
            "QĐ 1",
            "--date",
            "01/01/2099",
        ],
    );
    assert!(e.contains("is in the future"), "{e}");
    ok(
        &w,
        &[
            "recognise",
            "2019-001",
            "--decision",
            "QĐ 1",
            "--date",
            "31/12/2019",
        ],
    );
    let until: String = w
        .sql()
        .query_row("SELECT valid_until FROM certificate", [], |r| r.get(0))
        .unwrap();
    assert_eq!(
        until, "2022-12-31",
        "36 months as the Civil Code counts them"
    );
    for (lang, words) in [
        ("en", "is recognised (certificate #1)"),
        ("vi", "đã được công nhận (giấy chứng nhận #1)"),
    ] {
        let e = refused(
            &w,
            lang,
            &[
                "score", "add", "2019-001", "--level", "central", "--member", "C", "--part",
                "A=30", "--part", "B=20", "--part", "C=30", "--force", "--reason", "x",
            ],
        );
        assert!(e.contains(words), "{e}");
    }
    let e = refused(
        &w,
        "en",
        &[
            "score", "remove", "2019-001", "--level", "province", "--member", "P", "--reopen",
            "--reason", "x",
        ],
    );
    assert!(e.contains("is recognised"), "{e}");
}

#[test]
fn the_dossier_is_checked_on_the_cycles_date() {
    let w = Work::new();
    w.with_product();
    ok(
        &w,
        &["register", "1", "--year", "2019", "--stage", "implementing"],
    );
    // Every mandatory document, one of them valid only until 2020.
    let kinds = stdout(
        &w.ocop("en")
            .args(["dossier", "kinds", "--format", "csv", "--regime", "qd1048"])
            .assert()
            .success(),
    );
    let _ = kinds;
    std::fs::write(w.path("x.pdf"), "x").unwrap();
    for k in [
        "registration-form",
        "business-plan",
        "organisation-profile",
        "business-registration",
        "production-certificate",
        "quality-declaration",
        "product-standard",
        "test-report",
        "product-story",
    ] {
        let _ = w
            .ocop("en")
            .args([
                "dossier",
                "add",
                "2019-001",
                "--kind",
                k,
                "--file",
                "x.pdf",
                "--issued",
                "01/06/2019",
                "--expires",
                "31/12/2020",
            ])
            .assert();
    }
    let _ = w
        .ocop("en")
        .args([
            "dossier",
            "add",
            "2019-001",
            "--kind",
            "product-samples",
            "--received",
        ])
        .assert();
    // Checked today (2026) the documents have expired; on the cycle's date they were valid.
    let e = refused(
        &w,
        "en",
        &[
            "registration",
            "advance",
            "2019-001",
            "--stage",
            "submitted",
        ],
    );
    assert!(e.contains("expired"), "{e}");
    ok(
        &w,
        &[
            "registration",
            "advance",
            "2019-001",
            "--stage",
            "submitted",
            "--at",
            "2019-11-15",
        ],
    );
    // Scored and ranked later, the dossier is checked on that submission date: no warning.
    let a = parts(&w, "2019-001", "district", "A", [30, 20, 30], &[]).success();
    assert!(!stderr(&a).contains("dossier"), "{}", stderr(&a));
    let a = w
        .ocop("en")
        .args(["rank", "--year", "2019", "--level", "district"])
        .assert()
        .success();
    assert!(!stderr(&a).contains("incomplete"), "{}", stderr(&a));
    // Asked on another date, the documents had expired then.
    let a = w
        .ocop("en")
        .args([
            "rank",
            "--year",
            "2019",
            "--level",
            "district",
            "--at",
            "2026-01-01",
        ])
        .assert()
        .success();
    assert!(
        stderr(&a).contains("incomplete dossier (2019-001)"),
        "{}",
        stderr(&a)
    );
}

/// Found by an independent attack: a province ranking what the district no longer forwards, a
/// withdrawn registration recognised, a renewal decided before the certificate it renews.
#[test]
fn rank_and_recognise_follow_what_the_levels_below_decided() {
    let w = submitted("2019");
    parts(&w, "2019-001", "district", "D", [25, 20, 30], &[]).success();
    ok(&w, &["rank", "--year", "2019", "--level", "district"]);
    parts(&w, "2019-001", "province", "P", [25, 20, 30], &[]).success();
    // The district reopened and scored 30: it no longer forwards; the province does not rank.
    ok(
        &w,
        &[
            "score",
            "remove",
            "2019-001",
            "--level",
            "district",
            "--member",
            "D",
            "--reopen",
            "--reason",
            "nhập sai",
        ],
    );
    parts(&w, "2019-001", "district", "D", [10, 10, 10], &[]).success();
    let a = w
        .ocop("en")
        .args(["rank", "--year", "2019", "--level", "province"])
        .assert()
        .success();
    assert!(
        stderr(&a).contains("not ranked at province, not forwarded there")
            && stderr(&a).contains("2019-001"),
        "{}",
        stderr(&a)
    );
    let e = refused(
        &w,
        "en",
        &[
            "recognise",
            "2019-001",
            "--decision",
            "QĐ 1",
            "--date",
            "23/12/2019",
        ],
    );
    assert!(!e.is_empty());
    let certificates: i64 = w
        .sql()
        .query_row("SELECT count(*) FROM certificate", [], |r| r.get(0))
        .unwrap();
    assert_eq!(certificates, 0);
    // Forwarded again, ranked, then withdrawn: no certificate for a withdrawn registration.
    ok(
        &w,
        &[
            "score",
            "remove",
            "2019-001",
            "--level",
            "district",
            "--member",
            "D",
            "--reopen",
            "--reason",
            "chấm lại",
        ],
    );
    parts(&w, "2019-001", "district", "D", [25, 20, 30], &[]).success();
    ok(&w, &["rank", "--year", "2019", "--level", "district"]);
    ok(&w, &["rank", "--year", "2019", "--level", "province"]);
    ok(
        &w,
        &[
            "registration",
            "withdraw",
            "2019-001",
            "--reason",
            "xin rút",
        ],
    );
    refused(
        &w,
        "en",
        &[
            "recognise",
            "2019-001",
            "--decision",
            "QĐ 1",
            "--date",
            "23/12/2019",
        ],
    );
    // A renewal decided before the certificate it renews is refused.
    ok(
        &w,
        &[
            "register",
            "1",
            "--year",
            "2019",
            "--round",
            "2",
            "--stage",
            "submitted",
        ],
    );
    parts(&w, "2019-002", "district", "D", [25, 20, 30], &[]).success();
    ok(&w, &["rank", "--year", "2019", "--level", "district"]);
    parts(&w, "2019-002", "province", "P", [25, 20, 30], &[]).success();
    ok(&w, &["rank", "--year", "2019", "--level", "province"]);
    ok(
        &w,
        &[
            "recognise",
            "2019-002",
            "--decision",
            "QĐ 2",
            "--date",
            "23/12/2019",
        ],
    );
    ok(
        &w,
        &[
            "register",
            "1",
            "--year",
            "2019",
            "--round",
            "3",
            "--kind",
            "re-evaluation",
            "--stage",
            "submitted",
        ],
    );
    parts(&w, "2019-003", "district", "D", [25, 20, 30], &[]).success();
    ok(&w, &["rank", "--year", "2019", "--level", "district"]);
    parts(&w, "2019-003", "province", "P", [25, 20, 30], &[]).success();
    ok(&w, &["rank", "--year", "2019", "--level", "province"]);
    let e = refused(
        &w,
        "en",
        &[
            "recognise",
            "2019-003",
            "--decision",
            "QĐ 3",
            "--date",
            "05/12/2019",
        ],
    );
    assert!(
        e.contains("the decision of certificate #1, which it renews"),
        "{e}"
    );
}

/// Under 148 the district recognises 3★ and forwards from 70: a product forwarded with 75 and
/// scored 65 by the province is recognised by the district, and the ranking says so.
#[test]
fn a_rating_below_the_provinces_range_is_recognised_by_the_district() {
    let w = Work::new();
    w.init();
    ok(
        &w,
        &[
            "subject",
            "add",
            "--kind",
            "HTX",
            "--name",
            "HTX A",
            "--commune",
            "xuan lap",
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
            "Rượu A",
            "--set",
            "rượu",
            "--regime",
            "qd148",
        ],
    );
    ok(
        &w,
        &["register", "1", "--year", "2023", "--stage", "submitted"],
    );
    parts(&w, "2023-001", "district", "D", [30, 20, 25], &[]).success();
    ok(&w, &["rank", "--year", "2023", "--level", "district"]);
    parts(&w, "2023-001", "province", "P", [25, 20, 20], &[]).success();
    for (lang, words) in [
        ("en", "2023-001: 65.00 (3★) falls in the range the"),
        ("vi", "2023-001: 65.00 (3★) thuộc khoảng điểm do cấp"),
    ] {
        let a = w
            .ocop(lang)
            .args(["rank", "--year", "2023", "--level", "province"])
            .assert()
            .success();
        assert!(stderr(&a).contains(words), "{}", stderr(&a));
    }
    ok(
        &w,
        &[
            "recognise",
            "2023-001",
            "--decision",
            "QĐ 9",
            "--date",
            "20/12/2023",
        ],
    );
    let (stars, level): (i64, String) = w
        .sql()
        .query_row("SELECT stars, level FROM certificate", [], |r| {
            Ok((r.get(0)?, r.get(1)?))
        })
        .unwrap();
    assert_eq!((stars, level.as_str()), (3, "district"));
    // The products report says the same level as the certificate.
    let out = ok(
        &w,
        &["report", "products", "--year", "2023", "--format", "json"],
    );
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v[0]["level"], "district", "{out}");
}

#[test]
fn a_registration_without_sheets_takes_another_set() {
    let w = submitted("2019");
    ok(
        &w,
        &["registration", "edit", "2019-001", "--set", "rượu trắng"],
    );
    let set: String = w
        .sql()
        .query_row("SELECT product_set FROM registration", [], |r| r.get(0))
        .unwrap();
    assert_eq!(set, "ruou-trang");
    let details: String = w
        .sql()
        .query_row(
            "SELECT details FROM audit WHERE action = 'edit' AND entity = 'registration'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert!(
        details.contains("che-bien-tu-gao") && details.contains("ruou-trang"),
        "{details}"
    );
    parts(&w, "2019-001", "district", "D", [25, 20, 30], &[]).success();
    for (lang, words) in [
        ("en", "already has 1 score sheets"),
        ("vi", "đã có 1 phiếu chấm"),
    ] {
        let e = refused(
            &w,
            lang,
            &["registration", "edit", "2019-001", "--set", "chè tươi"],
        );
        assert!(e.contains(words), "{e}");
    }
}
