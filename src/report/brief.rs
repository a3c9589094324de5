//! The yearly brief: the Word document an office sends upward ("Báo cáo kết quả thực hiện
//! Chương trình OCOP năm …"): the key numbers in sentences against the previous year, the results
//! per commune and per product group, the stars chart as a picture, and the products rated 3 stars
//! or more with their decisions. In the chosen language, A4 portrait, Times New Roman as
//! Vietnamese administrative documents are set.
//!
//! Written with docx-rs; its dates are the audit head's (see `title`), so the same database gives
//! the same bytes.

use docx_rs::{
    AlignmentType, Docx, Footer, LineSpacing, PageMargin, PageNum, Paragraph, Pic, Run, RunFonts,
    Shading, ShdType, Table, TableCell, TableLayoutType, TableRow, WidthType,
};

use super::chart::Bars;
use super::picture;
use super::title::Title;
use super::{SummaryRow, Totals};
use crate::error::{Error, Result};
use crate::i18n::{Lang, Msg, l, lang, t};
use crate::output::{Listing, Value};

/// Everything the brief states, gathered by the command from one or several district files.
pub struct Brief {
    pub year: i32,
    /// The round the brief is limited to (and so is the earlier year it compares with).
    pub round: Option<i64>,
    pub title: Title,
    pub totals: Totals,
    /// The latest earlier year with registrations, and its numbers.
    pub previous: Option<(i32, Totals)>,
    /// The summary's commune rows.
    pub communes: Vec<SummaryRow>,
    /// The groups report.
    pub groups: Listing,
    /// The products report of the year.
    pub products: Listing,
    pub chart: Bars,
}

/// A4 in twentieths of a point, and the margins of Decree 30/2020 (left 3 cm, right 2 cm, top
/// and bottom 2 cm).
const A4: (u32, u32) = (11_906, 16_838);
const MARGIN_LEFT: i32 = 1_701;
const MARGIN_RIGHT: i32 = 1_134;
const MARGIN_TOP_BOTTOM: i32 = 1_134;
/// The text's width, in twentieths of a point.
const TEXT_WIDTH: usize = (A4.0 as i32 - MARGIN_LEFT - MARGIN_RIGHT) as usize;
/// Body text 13 pt, the title block 11 pt, tables 10 pt (sizes in half-points).
const BODY: usize = 26;
const SMALL: usize = 22;
const TABLE: usize = 20;
/// Twips to EMU (a picture's size).
const EMU_PER_TWIP: u32 = 635;
const FONT: &str = "Times New Roman";

/// The brief as DOCX bytes.
pub fn document(b: &Brief) -> Result<Vec<u8>> {
    let fonts = RunFonts::new()
        .ascii(FONT)
        .hi_ansi(FONT)
        .cs(FONT)
        .east_asia(FONT);
    let day = b.title.date.map_or_else(
        || "2019-01-01T00:00:00Z".to_string(),
        |d| format!("{d}T00:00:00Z"),
    );
    let mut doc = Docx::new()
        .page_size(A4.0, A4.1)
        .page_margin(
            PageMargin::new()
                .top(MARGIN_TOP_BOTTOM)
                .bottom(MARGIN_TOP_BOTTOM)
                .left(MARGIN_LEFT)
                .right(MARGIN_RIGHT),
        )
        .default_fonts(fonts)
        .default_size(BODY)
        .created_at(&day)
        .updated_at(&day)
        .footer(
            Footer::new().add_paragraph(
                Paragraph::new()
                    .align(AlignmentType::Center)
                    .add_page_num(PageNum::new()),
            ),
        );

    // The heading block.
    doc = doc
        .add_paragraph(centered(
            Run::new().add_text(l(Msg::BriefKind)).bold().size(28),
        ))
        .add_paragraph(centered(
            Run::new()
                .add_text(t(
                    Msg::BriefHeading,
                    &[("year", &year_label(b.year, b.round))],
                ))
                .bold()
                .size(28),
        ));
    for line in b.title.lines() {
        doc = doc.add_paragraph(centered(Run::new().add_text(line).italic().size(SMALL)));
    }

    // 1. The key numbers.
    doc = doc.add_paragraph(heading(l(Msg::BriefKeyNumbers)));
    for sentence in key_sentences(b) {
        doc = doc.add_paragraph(body(&sentence));
    }

    // 2. Per commune.
    doc = doc.add_paragraph(heading(l(Msg::BriefByCommune)));
    doc = doc.add_table(commune_table(b));

    // 3. Per group.
    doc = doc.add_paragraph(heading(l(Msg::BriefByGroup)));
    doc = doc.add_table(group_table(&b.groups));

    // 4. The chart (a sentence instead when no product has 3 stars or more).
    doc = doc.add_paragraph(heading(l(Msg::BriefChart)));
    if b.chart.is_empty() {
        doc = doc.add_paragraph(body(l(Msg::BriefNoProducts)));
    } else {
        let pic = picture::draw(&b.chart)?;
        // Seven tenths of the text width: read at a glance, and the brief stays short.
        let w = TEXT_WIDTH as u32 * EMU_PER_TWIP * 7 / 10;
        let h = (u64::from(w) * u64::from(pic.height) / u64::from(pic.width)) as u32;
        doc = doc.add_paragraph(
            Paragraph::new().align(AlignmentType::Center).add_run(
                Run::new().add_image(
                    Pic::new_with_dimensions(pic.png, pic.width, pic.height)
                        .id("rIdImage1")
                        .size(w, h),
                ),
            ),
        );
    }

    // 5. The products rated 3 stars or more.
    doc = doc.add_paragraph(heading(l(Msg::BriefProducts)));
    let (table, n) = product_table(&b.products);
    doc = if n == 0 {
        doc.add_paragraph(body(l(Msg::BriefNoProducts)))
    } else {
        doc.add_table(table)
    };

    let mut bytes = std::io::Cursor::new(Vec::new());
    doc.build().pack(&mut bytes).map_err(failed)?;
    repeat_headers(&bytes.into_inner())
}

fn failed(e: impl std::fmt::Display) -> Error {
    Error::data(t(Msg::ChartFailed, &[("detail", &e.to_string())]))
}

/// The package again with each table's first row marked as its header (`w:tblHeader`: Word and
/// LibreOffice repeat it at the top of every page the table runs onto), which docx-rs cannot
/// say; compressed, every entry dated 1980-01-01 so that the bytes stay the same.
fn repeat_headers(docx: &[u8]) -> Result<Vec<u8>> {
    use std::io::{Read, Write};
    // docx-rs writes every table's first row, right after its grid, as exactly this.
    const FIRST_ROW: &str = "</w:tblGrid><w:tr><w:trPr><w:cantSplit /></w:trPr>";
    const HEADER_ROW: &str = "</w:tblGrid><w:tr><w:trPr><w:cantSplit /><w:tblHeader /></w:trPr>";
    let mut from = zip::ZipArchive::new(std::io::Cursor::new(docx)).map_err(failed)?;
    let mut to = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let options = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated)
        .last_modified_time(zip::DateTime::default());
    for i in 0..from.len() {
        let mut entry = from.by_index(i).map_err(failed)?;
        let name = entry.name().map_err(failed)?.to_string();
        if entry.is_dir() {
            to.add_directory(name, options).map_err(failed)?;
            continue;
        }
        let mut data = Vec::new();
        entry.read_to_end(&mut data).map_err(failed)?;
        if name == "word/document.xml" {
            let xml = String::from_utf8(data).map_err(failed)?;
            data = xml.replace(FIRST_ROW, HEADER_ROW).into_bytes();
        }
        to.start_file(name, options).map_err(failed)?;
        to.write_all(&data).map_err(failed)?;
    }
    Ok(to.finish().map_err(failed)?.into_inner())
}

fn centered(run: Run) -> Paragraph {
    Paragraph::new().align(AlignmentType::Center).add_run(run)
}

fn heading(text: &str) -> Paragraph {
    Paragraph::new()
        .add_run(Run::new().add_text(text).bold())
        .line_spacing(LineSpacing::new().before(120).after(60))
        .keep_next(true)
}

fn body(text: &str) -> Paragraph {
    Paragraph::new()
        .align(AlignmentType::Both)
        .indent(
            None,
            Some(docx_rs::SpecialIndentType::FirstLine(567)),
            None,
            None,
        )
        .line_spacing(LineSpacing::new().after(60))
        .add_run(Run::new().add_text(text))
}

/// A number as the language writes it: 1.234 in Vietnamese, 1,234 in English.
fn count(n: i64) -> String {
    grouped(
        n,
        match lang() {
            Lang::Vi => '.',
            Lang::En => ',',
        },
    )
}

fn grouped(n: i64, sep: char) -> String {
    let digits = n.unsigned_abs().to_string();
    let mut out = String::new();
    for (i, ch) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(sep);
        }
        out.push(ch);
    }
    if n < 0 { format!("-{out}") } else { out }
}

/// Points with the language's decimal mark.
fn points(cents: i64) -> String {
    Value::Points(cents).to_string()
}

/// "2019" or, for one round, "2019, đợt 2".
fn year_label(year: i32, round: Option<i64>) -> String {
    match round {
        Some(r) => t(
            Msg::BriefYearRound,
            &[("year", &year.to_string()), ("round", &r.to_string())],
        ),
        None => year.to_string(),
    }
}

/// " (2018: 12, up 6)" after a number, or nothing without an earlier year; `show` writes a
/// value (a count, or points with the language's decimal mark).
fn compare(now: i64, previous: Option<(&str, i64)>, show: fn(i64) -> String) -> String {
    let Some((year, then)) = previous else {
        return String::new();
    };
    let args = [
        ("year", year.to_string()),
        ("n", show(then)),
        ("d", show((now - then).abs())),
    ];
    let args: Vec<(&str, &str)> = args.iter().map(|(k, v)| (*k, v.as_str())).collect();
    t(
        match now.cmp(&then) {
            std::cmp::Ordering::Greater => Msg::BriefUp,
            std::cmp::Ordering::Less => Msg::BriefDown,
            std::cmp::Ordering::Equal => Msg::BriefSame,
        },
        &args,
    )
}

/// The key numbers, one sentence each.
fn key_sentences(b: &Brief) -> Vec<String> {
    let n = &b.totals;
    let earlier = b
        .previous
        .as_ref()
        .map(|(y, p)| (year_label(*y, b.round), p));
    let prev = |f: fn(&Totals) -> i64| earlier.as_ref().map(|(y, p)| (y.as_str(), f(p)));
    let rated = |x: &Totals| x.stars.iter().sum::<i64>();
    let mut out = vec![
        t(
            Msg::BriefRegistered,
            &[
                ("year", &year_label(b.year, b.round)),
                ("n", &count(n.registrations)),
                (
                    "compare",
                    &compare(n.registrations, prev(|x| x.registrations), count),
                ),
            ],
        ),
        t(
            Msg::BriefEvaluated,
            &[
                ("submitted", &count(n.submitted)),
                ("evaluated", &count(n.evaluated)),
                (
                    "compare",
                    &compare(n.evaluated, prev(|x| x.evaluated), count),
                ),
            ],
        ),
        t(
            Msg::BriefRated,
            &[
                ("n", &count(rated(n))),
                ("s3", &count(n.stars[0])),
                ("s4", &count(n.stars[1])),
                ("s5", &count(n.stars[2])),
                ("compare", &compare(rated(n), prev(rated), count)),
            ],
        ),
        t(
            Msg::BriefRecognised,
            &[
                ("n", &count(n.recognised)),
                (
                    "compare",
                    &compare(n.recognised, prev(|x| x.recognised), count),
                ),
                ("below", &count(n.below_3)),
                ("eliminated", &count(n.eliminated)),
            ],
        ),
    ];
    if let Some(avg) = n.average {
        let then = earlier
            .as_ref()
            .and_then(|(y, p)| p.average.map(|a| (y.as_str(), a)));
        out.push(t(
            Msg::BriefAverage,
            &[
                ("avg", &points(avg)),
                ("compare", &compare(avg, then, points)),
            ],
        ));
    }
    if b.previous.is_none() {
        out.push(l(Msg::BriefNoPrevious).to_string());
    }
    out
}

/// A table of text and numbers: a shaded bold header kept with the first row, the `numeric`
/// columns on the right, `bold_last` for a total row; `widths` in parts of the text width; rows
/// never split over two pages.
fn table(
    head: &[&str],
    rows: &[Vec<String>],
    numeric: &[usize],
    widths: &[usize],
    bold_last: bool,
) -> Table {
    let parts: usize = widths.iter().sum::<usize>().max(1);
    let grid: Vec<usize> = widths.iter().map(|w| TEXT_WIDTH * w / parts).collect();
    let cell = |text: &str, c: usize, bold: bool, shaded: bool| {
        let mut run = Run::new().add_text(text).size(TABLE);
        if bold {
            run = run.bold();
        }
        let align = if numeric.contains(&c) && !shaded {
            AlignmentType::Right
        } else if shaded {
            AlignmentType::Center
        } else {
            AlignmentType::Left
        };
        let mut tc = TableCell::new()
            .width(grid[c], WidthType::Dxa)
            .add_paragraph(Paragraph::new().align(align).keep_next(shaded).add_run(run));
        if shaded {
            tc = tc.shading(Shading::new().shd_type(ShdType::Clear).fill("E7E6E6"));
        }
        tc
    };
    let mut out = vec![
        TableRow::new(
            head.iter()
                .enumerate()
                .map(|(c, h)| cell(h, c, true, true))
                .collect(),
        )
        .cant_split(),
    ];
    for (i, row) in rows.iter().enumerate() {
        let bold = bold_last && i + 1 == rows.len();
        out.push(
            TableRow::new(
                row.iter()
                    .enumerate()
                    .map(|(c, v)| cell(v, c, bold, false))
                    .collect(),
            )
            .cant_split(),
        );
    }
    Table::new(out)
        // Narrow cell margins (1 mm): codes and decision numbers stay on one line.
        .margins(docx_rs::TableCellMargins::new().margin(0, 57, 0, 57))
        .set_grid(grid.clone())
        .layout(TableLayoutType::Fixed)
        .width(TEXT_WIDTH, WidthType::Dxa)
}

/// Communes with a dossier submitted, the others in one row, and the total.
fn commune_table(b: &Brief) -> Table {
    let (shown, others): (Vec<&SummaryRow>, Vec<&SummaryRow>) = b
        .communes
        .iter()
        .filter(|r| r.totals().registrations > 0)
        .partition(|r| r.totals().submitted > 0);
    let row = |name: &str, x: &Totals| -> Vec<String> {
        vec![
            name.to_string(),
            count(x.registrations),
            count(x.evaluated),
            count(x.stars[0]),
            count(x.stars[1]),
            count(x.stars[2]),
            count(x.recognised),
        ]
    };
    let mut rows: Vec<Vec<String>> = shown.iter().map(|r| row(&r.name, &r.totals())).collect();
    if !others.is_empty() {
        let rest: Vec<SummaryRow> = others.into_iter().cloned().collect();
        let name = t(Msg::BriefOtherCommunes, &[("n", &count(rest.len() as i64))]);
        rows.push(row(&name, &super::totals(&rest)));
    }
    rows.push(row(l(Msg::HTotal), &b.totals));
    table(
        &[
            l(Msg::HCommune),
            l(Msg::HRegistrations),
            l(Msg::HEvaluated),
            l(Msg::HStars3),
            l(Msg::HStars4),
            l(Msg::HStars5),
            l(Msg::HRecognised),
        ],
        &rows,
        &[1, 2, 3, 4, 5, 6],
        &[30, 14, 12, 8, 8, 8, 13],
        true,
    )
}

/// The rows of a listing that `keep` keeps, as the text of the columns `ids` (in that order).
fn pick(listing: &Listing, ids: &[&str], keep: impl Fn(&[Value]) -> bool) -> Vec<Vec<String>> {
    let cols: Vec<Option<usize>> = ids.iter().map(|id| listing.column(id)).collect();
    listing
        .rows
        .iter()
        .filter(|r| keep(r))
        .map(|r| {
            cols.iter()
                .map(|c| c.map_or_else(String::new, |c| r[c].to_string()))
                .collect()
        })
        .collect()
}

/// Groups with a product evaluated, and the total.
fn group_table(groups: &Listing) -> Table {
    let ids = [
        "group_name",
        "evaluated",
        "stars_3",
        "stars_4",
        "stars_5",
        "below_3",
        "eliminated",
    ];
    let evaluated = groups.column("evaluated");
    let rows = pick(groups, &ids, |r| {
        matches!(r.first(), Some(Value::Text(t)) if t == "total")
            || evaluated.is_some_and(|c| !matches!(r[c], Value::Int(0)))
    });
    table(
        &[
            l(Msg::HGroup),
            l(Msg::HEvaluated),
            l(Msg::HStars3),
            l(Msg::HStars4),
            l(Msg::HStars5),
            l(Msg::HBelow3),
            l(Msg::HEliminated),
        ],
        &rows,
        &[1, 2, 3, 4, 5, 6],
        &[33, 12, 8, 8, 8, 12, 13],
        true,
    )
}

/// The products rated 3 stars or more (not eliminated), with their decisions; and how many.
fn product_table(products: &Listing) -> (Table, usize) {
    let ids = [
        "code",
        "product_name",
        "subject_name",
        "commune_name",
        "stars",
        "decision",
    ];
    let (stars, outcome) = (products.column("stars"), products.column("outcome"));
    let rows = pick(products, &ids, |r| {
        stars.is_some_and(|c| matches!(r[c], Value::Int(s) if s >= 3))
            && outcome
                .is_some_and(|c| !matches!(&r[c], Value::Coded { id, .. } if id == "eliminated"))
    });
    let n = rows.len();
    (
        table(
            &[
                l(Msg::HCode),
                l(Msg::HProduct),
                l(Msg::HSubject),
                l(Msg::HCommune),
                l(Msg::HStars),
                l(Msg::HDecision),
            ],
            &rows,
            &[4],
            &[11, 22, 24, 14, 5, 24],
            false,
        ),
        n,
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_group_thousands_as_the_language_does() {
        assert_eq!(grouped(1_234_567, '.'), "1.234.567");
        assert_eq!(grouped(-1_000, '.'), "-1.000");
        assert_eq!(grouped(999, '.'), "999");
        assert_eq!(grouped(1_234, ','), "1,234");
        assert_eq!(grouped(0, ','), "0");
    }
}
