//! Snapshots of every report in every format, in both languages, on the demo's data. Review every
//! change of a snapshot: it is a change of what a district sends up.

mod common;

use std::sync::OnceLock;

use common::{Work, stdout};

/// One demo database for all the snapshots (the demo is deterministic).
fn demo() -> &'static Work {
    static DEMO: OnceLock<Work> = OnceLock::new();
    DEMO.get_or_init(|| {
        let w = Work::new();
        w.ocop("en").args(["demo", "--dir", "."]).assert().success();
        w
    })
}

fn report(lang: &str, args: &[&str], format: &str) -> String {
    let a = demo()
        .ocop(lang)
        .arg("report")
        .args(args)
        .args(["--format", format])
        .assert()
        .success();
    stdout(&a)
}

macro_rules! snap {
    ($name:ident, $args:expr) => {
        #[test]
        fn $name() {
            for lang in ["en", "vi"] {
                for format in ["table", "csv", "json"] {
                    insta::assert_snapshot!(
                        format!("{}_{lang}_{format}", stringify!($name)),
                        report(lang, &$args, format)
                    );
                }
            }
        }
    };
}

snap!(summary, ["summary", "--year", "2019"]);
snap!(products, ["products", "--year", "2019"]);
snap!(groups, ["groups", "--year", "2019"]);
snap!(progress, ["progress", "--year", "2019"]);
snap!(certificates, ["certificates", "--at", "2020-06-30"]);
snap!(
    dossiers,
    ["dossiers", "--year", "2019", "--at", "2019-11-15"]
);

/// When LibreOffice is installed, the XLSX opens in it and reads back the CSV's numbers.
#[test]
fn the_xlsx_summary_opens_in_libreoffice() {
    let Some(office) = ["libreoffice", "soffice"].into_iter().find(|b| {
        std::process::Command::new(b)
            .arg("--version")
            .output()
            .is_ok_and(|o| o.status.success())
    }) else {
        eprintln!("skipped: LibreOffice is not installed");
        return;
    };
    let w = demo();
    let xlsx = w.path("summary.xlsx");
    w.ocop("en")
        .args([
            "report", "summary", "--year", "2019", "--format", "xlsx", "--out",
        ])
        .arg(&xlsx)
        .assert()
        .success();
    let out = w.path("lo");
    // A profile of the test's own (two LibreOffice runs at once share none), and CSV in UTF-8
    // (filter option 76), commas and double quotes.
    let status = std::process::Command::new(office)
        .arg(format!(
            "-env:UserInstallation=file://{}",
            w.path("lo-profile").display()
        ))
        .args([
            "--headless",
            "--convert-to",
            "csv:Text - txt - csv (StarCalc):44,34,76",
            "--outdir",
        ])
        .arg(&out)
        .arg(&xlsx)
        .output()
        .unwrap();
    assert!(status.status.success());
    let converted = std::fs::read_to_string(out.join("summary.csv")).unwrap();
    let csv = report("en", &["summary", "--year", "2019"], "csv");
    let total = |s: &str| {
        s.lines()
            .find(|l| l.starts_with("total"))
            .unwrap_or("")
            .to_string()
    };
    assert_eq!(total(&converted), total(&csv));
}

/// A set's criteria tree as `criteria show` prints it for a script, and the blank sheet a member
/// fills: what councils read and write.
#[test]
fn a_criteria_tree_and_its_blank_sheet() {
    let w = Work::new();
    for lang in ["vi", "en"] {
        let a = w
            .ocop(lang)
            .args([
                "criteria",
                "show",
                "rượu trắng",
                "--regime",
                "qd1048",
                "--format",
                "csv",
            ])
            .assert()
            .success();
        insta::assert_snapshot!(format!("criteria_show_ruou_trang_{lang}"), stdout(&a));
    }
    let a = w
        .ocop("vi")
        .args([
            "criteria",
            "template",
            "rượu trắng",
            "--regime",
            "qd1048",
            "--format",
            "csv",
            "--labels",
        ])
        .assert()
        .success();
    insta::assert_snapshot!("criteria_template_ruou_trang_vi", stdout(&a));
}
