//! The commune's pre-assessment under 1489 and 26/2026, and a province office's cycle end to end:
//! commune assesses its aspects and the dossier's form, forwards or returns; the province scores
//! what was forwarded, ranks and recognises; the reports count only what a council evaluated.

mod common;

use common::{Work, fixture, stderr, stdout};
use ocop::rules::regime::Regimes;

fn ok(w: &Work, args: &[&str]) -> String {
    stdout(&w.ocop("en").args(args).assert().success())
}

fn refused(w: &Work, lang: &str, args: &[&str]) -> String {
    stderr(&w.ocop(lang).args(args).assert().code(1))
}

/// A Thanh Hóa province office with a cooperative of Xã Xuân Lập and one product of `set` under
/// `regime`, registered for `year` at `submitted` on `date`.
fn province(regime: &str, set: &str, year: &str, date: &str) -> Work {
    let w = Work::new();
    w.ocop("en")
        .args(["init", "--province", "38", "--units"])
        .arg(fixture("units/thanh-hoa-2025.csv"))
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
            "HTX Xuân Lập",
            "--commune",
            "Xuân Lập",
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
            "Bánh gai Xuân Lập",
            "--set",
            set,
            "--regime",
            regime,
        ],
    );
    ok(
        &w,
        &[
            "register",
            "1",
            "--year",
            year,
            "--stage",
            "submitted",
            "--date",
            date,
        ],
    );
    w
}

/// Every document the 148-1489 dossier asks of a cooperative's food product.
fn dossier(w: &Work, reg: &str, issued: &str) {
    std::fs::write(w.path("giấy tờ.pdf"), "x").unwrap();
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
        let _ = w
            .ocop("en")
            .args([
                "dossier",
                "add",
                reg,
                "--kind",
                kind,
                "--file",
                "giấy tờ.pdf",
            ])
            .args(["--issued", issued])
            .assert();
    }
    let _ = w
        .ocop("en")
        .args([
            "dossier",
            "add",
            reg,
            "--kind",
            "product-samples",
            "--received",
        ])
        .assert();
}

fn aspects(values: [&str; 4]) -> Vec<String> {
    ["origin", "labour", "idea", "identity"]
        .iter()
        .zip(values)
        .flat_map(|(a, v)| ["--aspect".to_string(), format!("{a}={v}")])
        .collect()
}

fn json(w: &Work, args: &[&str]) -> serde_json::Value {
    serde_json::from_str(&ok(w, args)).unwrap()
}

#[test]
fn a_province_office_runs_a_2026_cycle_with_the_communes_pre_assessment() {
    let w = province("qd26-2026", "6", "2026", "01/06/2026");
    // The province scores only what the commune forwarded.
    let e = refused(
        &w,
        "en",
        &[
            "score", "add", "2026-001", "--level", "province", "--member", "P1", "--part", "A=30",
            "--part", "B=20", "--part", "C=30",
        ],
    );
    assert!(e.contains("did not reach the province level"), "{e}");
    // 26/2026 is scored by part totals: the commune records each aspect as met or not.
    let e = refused(
        &w,
        "vi",
        &[
            "score", "add", "2026-001", "--level", "xã", "--member", "UBND xã", "--part", "A=30",
            "--part", "B=20", "--part", "C=30",
        ],
    );
    assert!(
        e.contains("đánh giá sơ bộ của cấp xã không chấm tổng điểm phần"),
        "{e}"
    );
    w.ocop("vi")
        .args([
            "score", "add", "2026-001", "--level", "xã", "--member", "UBND xã",
        ])
        .args(aspects(["đạt", "đạt", "không đạt", "đạt"]))
        .args(["--note", "ý tưởng sản phẩm của tỉnh khác"])
        .assert()
        .success();
    // The dossier is empty and an aspect is not met: returned, with both reasons; still submitted.
    let out = json(
        &w,
        &[
            "rank", "--year", "2026", "--level", "commune", "--format", "json",
        ],
    );
    assert_eq!(out[0]["outcome"], "returned", "{out}");
    let reasons = out[0]["reasons"].as_str().unwrap();
    assert!(reasons.contains("UBND xã found idea not met"), "{reasons}");
    assert!(
        reasons.contains("the dossier is not in order on 2026-06-01"),
        "{reasons}"
    );
    let stage: String = w
        .sql()
        .query_row("SELECT stage FROM registration", [], |r| r.get(0))
        .unwrap();
    assert_eq!(stage, "submitted");
    let summary = json(
        &w,
        &["report", "summary", "--year", "2026", "--format", "json"],
    );
    let total = summary.as_array().unwrap().last().unwrap().clone();
    assert_eq!(
        (total["evaluated"].clone(), total["submitted"].clone()),
        (0.into(), 1.into())
    );
    // Assessed again once the dossier is in order: forwarded.
    dossier(&w, "2026-001", "01/05/2026");
    ok(
        &w,
        &[
            "score", "remove", "2026-001", "--level", "commune", "--member", "UBND xã",
        ],
    );
    w.ocop("en")
        .args([
            "score", "add", "2026-001", "--level", "commune", "--member", "UBND xã",
        ])
        .args(aspects(["met", "met", "met", "met"]))
        .assert()
        .success();
    let out = json(
        &w,
        &[
            "rank", "--year", "2026", "--level", "commune", "--format", "json",
        ],
    );
    assert_eq!(out[0]["outcome"], "forwards", "{out}");
    // The province council scores, ranks (4★, its own to recognise) and recognises.
    for (m, c) in [("P1", "30"), ("P2", "28"), ("P3", "29")] {
        ok(
            &w,
            &[
                "score",
                "add",
                "2026-001",
                "--level",
                "province",
                "--member",
                m,
                "--part",
                "A=32",
                "--part",
                "B=20",
                "--part",
                &format!("C={c}"),
            ],
        );
    }
    let out = json(
        &w,
        &[
            "rank", "--year", "2026", "--level", "province", "--format", "json",
        ],
    );
    assert_eq!(
        (out[0]["stars"].clone(), out[0]["outcome"].clone()),
        (4.into(), "recognises".into())
    );
    ok(
        &w,
        &[
            "recognise",
            "2026-001",
            "--decision",
            "QĐ 123/QĐ-UBND",
            "--date",
            "20/09/2026",
        ],
    );
    let shown = stdout(
        &w.ocop("vi")
            .args(["score", "show", "2026-001"])
            .assert()
            .success(),
    );
    assert!(shown.contains("đánh giá sơ bộ (1)"), "{shown}");
    assert!(shown.contains("origin 1.00"), "{shown}");
    ok(
        &w,
        &["report", "all", "--year", "2026", "--out", "báo cáo 2026"],
    );
    let summary = std::fs::read_to_string(w.path("báo cáo 2026/summary-2026.csv")).unwrap();
    assert_eq!(
        summary.lines().count(),
        168,
        "166 communes, a header and a total"
    );
    let conn = w.sql();
    let scope = ocop::report::Scope {
        year: 2026,
        round: None,
        level: None,
    };
    let found = ocop::report::agreement::disagreements(&conn, scope).unwrap();
    assert!(found.is_empty(), "{found:?}");
}

/// Under 148-1489 a set with its tree is pre-assessed on the four criteria the tree marks: a
/// partial sheet, those criteria and no others.
#[test]
fn a_sets_tree_names_the_criteria_the_commune_assesses() {
    let w = province("qd148-1489", "Rau, củ, quả, hạt tươi", "2025", "01/09/2025");
    let tree = Regimes::in_use()
        .unwrap()
        .get("qd148-1489")
        .unwrap()
        .set("rau-cu-qua-hat-tuoi")
        .unwrap()
        .tree()
        .unwrap()
        .to_vec();
    let marked: Vec<String> = tree
        .iter()
        .filter(|c| c.commune.is_some())
        .map(|c| format!("{}={}", c.id, c.max()))
        .collect();
    assert_eq!(marked.len(), 4);
    let e = refused(
        &w,
        "en",
        &[
            "score", "add", "2025-001", "--level", "commune", "--member", "X", "A1.2=3",
        ],
    );
    assert!(
        e.contains("A1.1 (Local origin of the raw material or product)"),
        "{e}"
    );
    w.ocop("en")
        .args([
            "score", "add", "2025-001", "--level", "commune", "--member", "X",
        ])
        .args(&marked)
        .args(["--date", "10/09/2025"])
        .assert()
        .success();
    dossier(&w, "2025-001", "01/08/2025");
    let out = json(
        &w,
        &[
            "rank", "--year", "2025", "--level", "commune", "--format", "json",
        ],
    );
    assert_eq!(out[0]["outcome"], "forwards", "{out}");
    // The province then scores the whole sheet.
    let all: Vec<String> = tree
        .iter()
        .filter(|c| c.is_scored())
        .map(|c| format!("{}={}", c.id, c.max()))
        .collect();
    w.ocop("en")
        .args([
            "score", "add", "2025-001", "--level", "province", "--member", "P",
        ])
        .args(&all)
        .assert()
        .success();
    let out = json(
        &w,
        &[
            "rank", "--year", "2025", "--level", "province", "--format", "json",
        ],
    );
    assert_eq!(out[0]["stars"], 5, "{out}");
}
