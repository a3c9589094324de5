//! Printed reports as an office prints them: LibreOffice renders the summary workbook and the
//! yearly brief to PDF, and the pages are checked as a reader would check them: how many, the
//! table one page wide, the title, the district and the totals on the paper. Skips with a message
//! where LibreOffice (`soffice`) or poppler's `pdfinfo`/`pdftotext` are not installed.

mod common;

use std::path::{Path, PathBuf};
use std::process::Command;

use common::Work;

fn installed(tool: &str, arg: &str) -> bool {
    Command::new(tool)
        .arg(arg)
        .output()
        .is_ok_and(|o| o.status.success())
}

fn tools() -> bool {
    let ok = installed("soffice", "--version")
        && installed("pdfinfo", "-v")
        && installed("pdftotext", "-v");
    if !ok {
        eprintln!(
            "skipped: rendering needs LibreOffice (soffice) and poppler-utils (pdfinfo, pdftotext); \
             on Debian: apt-get install libreoffice-calc libreoffice-writer poppler-utils"
        );
    }
    ok
}

/// The PDF LibreOffice prints from `file`, with a profile of the test's own (so that two tests
/// may run at once).
fn to_pdf(w: &Work, file: &Path) -> PathBuf {
    let profile = w.path("lo-profile");
    let status = Command::new("soffice")
        .arg(format!(
            "-env:UserInstallation=file://{}",
            profile.display()
        ))
        .args(["--headless", "--convert-to", "pdf", "--outdir"])
        .arg(w.path(""))
        .arg(file)
        .output()
        .expect("soffice runs");
    assert!(status.status.success(), "{status:?}");
    let pdf = file.with_extension("pdf");
    assert!(pdf.exists(), "{} not printed", pdf.display());
    pdf
}

fn pages(pdf: &Path) -> usize {
    let out = Command::new("pdfinfo").arg(pdf).output().expect("pdfinfo");
    let text = String::from_utf8_lossy(&out.stdout).into_owned();
    text.lines()
        .find_map(|l| l.strip_prefix("Pages:"))
        .and_then(|n| n.trim().parse().ok())
        .unwrap_or_else(|| panic!("no page count in {text}"))
}

fn page_text(pdf: &Path, page: usize) -> String {
    let out = Command::new("pdftotext")
        .args(["-layout", "-f", &page.to_string(), "-l", &page.to_string()])
        .arg(pdf)
        .arg("-")
        .output()
        .expect("pdftotext");
    String::from_utf8_lossy(&out.stdout).into_owned()
}

#[test]
fn the_summary_workbook_prints_one_page_wide_with_its_title_and_chart() {
    if !tools() {
        return;
    }
    let w = Work::new();
    w.ocop("vi").args(["demo", "--dir", "."]).assert().success();
    let file = w.path("tổng hợp 2019.xlsx");
    w.ocop("vi")
        .args([
            "report", "summary", "--year", "2019", "--format", "xlsx", "--labels", "--out",
        ])
        .arg(&file)
        .assert()
        .success();
    let pdf = to_pdf(&w, &file);
    let n = pages(&pdf);
    let texts: Vec<String> = (1..=n).map(|p| page_text(&pdf, p)).collect();
    // The table's pages: each holds the first and the last column's heading (the header row
    // repeats, and no column falls onto a page of its own), so the table is one page wide.
    let table: Vec<&String> = texts.iter().filter(|t| t.contains("Mã xã")).collect();
    assert!(!table.is_empty(), "{texts:#?}");
    // The last heading ("Được công nhận") wraps in its narrow column: its last word is enough.
    for t in &table {
        assert!(t.contains("nhận"), "a page without the last column:\n{t}");
    }
    let first = &texts[0];
    for want in [
        "Kết quả thực hiện Chương trình OCOP theo xã",
        "Huyện Thọ Xuân, Tỉnh Thanh Hóa, năm 2019",
        "Quyết định 1048/QĐ-TTg",
        "Lập từ nhật ký hệ thống",
        "Trang 1/",
    ] {
        assert!(first.contains(want), "page 1 lacks {want:?}:\n{first}");
    }
    // The total row, with the decimal comma of a Vietnamese report.
    let all = texts.concat();
    let total = all
        .lines()
        .find(|l| l.trim_start().starts_with("total") || l.contains("Tổng cộng"))
        .unwrap_or_else(|| panic!("no total row:\n{all}"));
    assert!(total.contains("47"), "{total}");
    assert!(all.contains("66,89"), "no decimal comma:\n{all}");
    // The chart's page: after the table, its title and legend in Vietnamese.
    let chart = texts.last().unwrap();
    assert!(
        chart.contains("Sản phẩm OCOP theo số sao và theo xã") && chart.contains("3 sao"),
        "{chart}"
    );
    assert!(
        !all.contains("stars_3"),
        "ids in a Vietnamese workbook:\n{all}"
    );
    assert_eq!(
        n,
        table.len() + 1,
        "the table's pages and one page of chart"
    );
}

#[test]
fn the_brief_prints_its_numbers_title_and_chart_in_two_to_three_pages() {
    if !tools() {
        return;
    }
    let w = Work::new();
    w.ocop("vi").args(["demo", "--dir", "."]).assert().success();
    for (lang, file, wants) in [
        (
            "vi",
            "báo cáo 2019.docx",
            &[
                "BÁO CÁO",
                "Kết quả thực hiện Chương trình OCOP năm 2019",
                "Huyện Thọ Xuân, Tỉnh Thanh Hóa",
                "có 47 sản phẩm đăng ký",
                "Tổng cộng",
                "5445/QĐ-",
            ][..],
        ),
        (
            "en",
            "brief 2019.docx",
            &[
                "REPORT",
                "Results of the OCOP programme in 2019",
                "Huyện Thọ Xuân, Tỉnh Thanh Hóa",
                "47 products were registered",
                "Total",
            ][..],
        ),
    ] {
        let path = w.path(file);
        w.ocop(lang)
            .args(["report", "brief", "--year", "2019", "--out"])
            .arg(&path)
            .assert()
            .success();
        let pdf = to_pdf(&w, &path);
        let n = pages(&pdf);
        assert!((2..=3).contains(&n), "{lang}: {n} pages");
        let text: String = (1..=n).map(|p| page_text(&pdf, p)).collect();
        // pdftotext keeps words but may break lines anywhere: compare with spaces squeezed.
        let squeezed = text.split_whitespace().collect::<Vec<_>>().join(" ");
        for want in wants {
            assert!(squeezed.contains(want), "{lang}: no {want:?} in\n{text}");
        }
    }
}
