//! A report as a print-ready workbook: the table on its first sheet under a title block (report,
//! area, regime, audit head), printed landscape on A4, one page wide, the header row on every
//! page, page numbers in the footer; each chart on a sheet of its own with the numbers it draws.
//!
//! Exports (`ocop export …`) keep the plain one-sheet workbook of `Listing::xlsx_bytes`, whose
//! first row is the header so that the file imports again; a report is for reading and printing.

use rust_xlsxwriter::{
    Chart, ChartAxisCrossing, ChartFormat, ChartLegendPosition, ChartSolidFill, ChartType,
    DocProperties, ExcelDateTime, Format, Workbook, Worksheet, XlsxError,
};

use super::chart::{Bars, STAR_RGB, value_axis};
use super::title::Title;
use crate::i18n::{Lang, Msg, l, lang};
use crate::output::{Listing, Value};

/// A4 in Excel's paper codes.
const A4: u8 = 9;
/// A line of text in a row, in points.
const ROW_POINTS: f64 = 15.0;
/// Default row height in pixels, to place a table under a chart.
const ROW_PX: u32 = 20;

/// Points as numbers with two decimals; in a Vietnamese report with the decimal comma (73,25),
/// whatever the language of the computer that opens it.
fn points_format() -> Format {
    match lang() {
        // The locale tag makes LibreOffice and Excel show the Vietnamese separators.
        Lang::Vi => Format::new().set_num_format("[$-42A]0.00"),
        Lang::En => Format::new().set_num_format("0.00"),
    }
}

/// `&` starts a code in Excel's header and footer language.
fn footer_text(s: &str) -> String {
    s.replace('&', "&&")
}

/// The printed look shared by every sheet of a report.
fn page_setup(ws: &mut Worksheet, title: &Title, fit_height: u16) {
    ws.set_landscape();
    ws.set_paper_size(A4);
    ws.set_print_fit_to_pages(1, fit_height);
    ws.set_margins(0.5, 0.5, 0.6, 0.6, 0.3, 0.3);
    ws.set_footer(format!(
        "&L{}&R{}",
        footer_text(&title.report),
        l(Msg::RptPageOf)
    ));
}

/// The title block in the first rows, each line merged across the first `columns` columns
/// (about `width` characters wide) and wrapped there, so that a long line (a province over many
/// district files) grows downwards instead of widening the printed page; returns the first row
/// after it (and a blank row).
fn title_block(
    ws: &mut Worksheet,
    title: &Title,
    columns: u16,
    width: f64,
) -> Result<u32, XlsxError> {
    let big = Format::new()
        .set_bold()
        .set_font_size(14)
        .set_text_wrap()
        .set_align(rust_xlsxwriter::FormatAlign::Top);
    let small = Format::new()
        .set_italic()
        .set_text_wrap()
        .set_align(rust_xlsxwriter::FormatAlign::Top);
    let mut rows: Vec<(&str, &Format, f64)> = vec![(title.report.as_str(), &big, 20.0)];
    rows.extend(title.lines().into_iter().map(|l| (l, &small, 15.0)));
    for (r, (text, format, height)) in rows.into_iter().enumerate() {
        let r = r as u32;
        if columns > 1 {
            ws.merge_range(r, 0, r, columns - 1, text, format)?;
        } else {
            ws.write_string_with_format(r, 0, text, format)?;
        }
        // A big font's letter is wider than a column's unit.
        let per_line = if height > 15.0 { width / 1.4 } else { width };
        let lines = (text.chars().count() as f64 / per_line.max(10.0))
            .ceil()
            .max(1.0);
        ws.set_row_height(r, height * lines)?;
    }
    Ok(title.lines().len() as u32 + 2)
}

/// How wide a cell's text is, in characters, as people see it.
fn shown_chars(v: &Value, labels: bool) -> usize {
    match v {
        Value::Text(s) => s.chars().count(),
        Value::Coded { id, label } => (if labels { label } else { id }).chars().count(),
        Value::Int(n) => n.to_string().len(),
        Value::Points(p) => crate::domain::score::show(*p).len(),
        Value::Null => 0,
    }
}

/// The narrowest a title line may wrap to, in characters, and Excel's default column width.
const MIN_TITLE_WIDTH: f64 = 90.0;
const DEFAULT_COLUMN_WIDTH: f64 = 8.43;

/// A text column wider than this wraps inside its cell: long names and problem lists grow
/// downwards, and the table still prints one page wide at a readable size.
const WRAP_AT: usize = 20;
/// A heading over numbers wraps at this width rather than widening its column.
const HEAD_OVER_NUMBERS: usize = 8;

/// How a column is laid out: its width in Excel's units, whether its text wraps, whether it
/// holds numbers (its heading then stands on the right, over them).
struct Fit {
    width: f64,
    wraps: bool,
    numeric: bool,
}

/// Each column's fit: the widest value, a long text column capped (and wrapped), its heading
/// counted up to a few words.
fn column_widths(listing: &Listing, labels: bool) -> Vec<Fit> {
    listing
        .columns
        .iter()
        .enumerate()
        .map(|(c, col)| {
            let head = if labels { l(col.label) } else { col.id }.chars().count();
            let numeric = listing
                .rows
                .iter()
                .all(|r| matches!(r[c], Value::Int(_) | Value::Points(_) | Value::Null));
            let widest = listing
                .rows
                .iter()
                .map(|r| shown_chars(&r[c], labels))
                .max()
                .unwrap_or(0);
            let head = if numeric {
                head.min(HEAD_OVER_NUMBERS)
            } else {
                head.min(WRAP_AT)
            };
            // A column of long lists (a dossier's problems) wraps wider.
            let wrap_at = if widest > 4 * WRAP_AT {
                2 * WRAP_AT
            } else {
                WRAP_AT
            };
            let wraps = !numeric && widest > wrap_at;
            let chars = widest.min(wrap_at).max(head).max(4);
            Fit {
                width: chars as f64 * 1.1 + 2.0,
                wraps,
                numeric,
            }
        })
        .collect()
}

/// What a report prints besides its table: the title block and the charts.
#[derive(Debug, Clone)]
pub struct Printed {
    pub title: Title,
    pub charts: Vec<Bars>,
}

/// The report's workbook, as bytes so that the caller writes them whole or not at all.
pub fn workbook(
    listing: &Listing,
    sheet: &str,
    labels: bool,
    title: &Title,
    charts: &[Bars],
) -> Result<Vec<u8>, XlsxError> {
    let mut wb = Workbook::new();
    // The document's date is the audit head's: the same database gives the same bytes.
    let day = title
        .date
        .map_or(Ok(ExcelDateTime::from_ymd(2019, 1, 1)?), |d| {
            ExcelDateTime::from_ymd(d.year() as u16, d.month() as u8, d.day() as u8)
        })?;
    wb.set_properties(
        &DocProperties::new()
            .set_title(&title.report)
            .set_subject(&title.area)
            .set_creation_datetime(&day),
    );
    data_sheet(wb.add_worksheet(), listing, sheet, labels, title)?;
    for (i, bars) in charts.iter().filter(|b| !b.is_empty()).enumerate() {
        let name = if i == 0 {
            l(Msg::SheetChart).to_string()
        } else {
            format!("{} {}", l(Msg::SheetChart), i + 1)
        };
        chart_sheet(wb.add_worksheet(), &name, bars, title)?;
    }
    wb.save_to_buffer()
}

fn data_sheet(
    ws: &mut Worksheet,
    listing: &Listing,
    sheet: &str,
    labels: bool,
    title: &Title,
) -> Result<(), XlsxError> {
    ws.set_name(sheet)?;
    let head = title_block_rows(title);
    let widths = column_widths(listing, labels);
    let bold = Format::new()
        .set_bold()
        .set_text_wrap()
        .set_align(rust_xlsxwriter::FormatAlign::Top);
    let bold_right = bold.clone().set_align(rust_xlsxwriter::FormatAlign::Right);
    // Every cell at the top of its row: a row grown for a long name still reads across.
    let top = rust_xlsxwriter::FormatAlign::Top;
    let text = Format::new().set_num_format("@").set_align(top);
    let text_wrapped = Format::new()
        .set_num_format("@")
        .set_text_wrap()
        .set_align(top);
    let number = Format::new().set_align(top);
    let points = points_format().set_align(top);
    // LibreOffice does not grow a row for wrapped text it reads from a file: each row is given
    // the height of its tallest cell, its lines counted against the column's width.
    let lines = |chars: usize, c: usize| -> f64 {
        // A column holds a little more text than its width in '0's.
        let per_line = ((widths[c].width - 2.0) / 1.1 * 1.2).max(4.0);
        (chars as f64 / per_line).ceil().max(1.0)
    };
    let mut head_lines: f64 = 1.0;
    for (c, col) in listing.columns.iter().enumerate() {
        let name = if labels { l(col.label) } else { col.id };
        let format = if widths[c].numeric {
            &bold_right
        } else {
            &bold
        };
        ws.write_string_with_format(head, c as u16, name, format)?;
        ws.set_column_width(c as u16, widths[c].width)?;
        head_lines = head_lines.max(lines(name.chars().count(), c));
    }
    ws.set_row_height(head, ROW_POINTS * head_lines)?;
    for (r, row) in listing.rows.iter().enumerate() {
        let r = head + 1 + r as u32;
        let tallest = row
            .iter()
            .enumerate()
            .filter(|(c, _)| widths[*c].wraps)
            .map(|(c, v)| lines(shown_chars(v, labels), c))
            .fold(1.0, f64::max);
        if tallest > 1.0 {
            ws.set_row_height(r, ROW_POINTS * tallest)?;
        }
        for (c, v) in row.iter().enumerate() {
            let wrap = widths[c].wraps;
            let text = if wrap { &text_wrapped } else { &text };
            let c = c as u16;
            match v {
                // Codes stay text so that leading zeros survive.
                Value::Text(s) => ws.write_string_with_format(r, c, s, text)?,
                Value::Int(n) => ws.write_number_with_format(r, c, *n as f64, &number)?,
                Value::Coded { id, label } => {
                    ws.write_string_with_format(r, c, if labels { label } else { id }, text)?
                }
                Value::Points(p) => {
                    ws.write_number_with_format(r, c, *p as f64 / 100.0, &points)?
                }
                Value::Null => ws,
            };
        }
    }
    // A narrow table (the trend's three columns) lends its title the empty columns beside it.
    let (mut columns, mut width) = (
        listing.columns.len() as u16,
        widths.iter().map(|f| f.width).sum::<f64>(),
    );
    while width < MIN_TITLE_WIDTH {
        columns += 1;
        width += DEFAULT_COLUMN_WIDTH;
    }
    title_block(ws, title, columns, width)?;
    ws.set_freeze_panes(head + 1, 0)?;
    ws.set_repeat_rows(head, head)?;
    page_setup(ws, title, 0);
    Ok(())
}

/// The row of the table's header under a title block.
fn title_block_rows(title: &Title) -> u32 {
    title.lines().len() as u32 + 2
}

fn chart_sheet(
    ws: &mut Worksheet,
    name: &str,
    bars: &Bars,
    title: &Title,
) -> Result<(), XlsxError> {
    ws.set_name(name)?;
    // The chart is 960 pixels wide: about twelve default columns.
    let top = title_block(ws, title, 12, 130.0)?;
    let n = bars.categories.len() as u32;
    let (width, height) = if bars.horizontal {
        (960, (110 + 30 * n).max(320))
    } else {
        (960, 420)
    };
    // The numbers the chart draws, under it: the category, one column per series, the total.
    let table = top + height.div_ceil(ROW_PX) + 1;
    let bold = Format::new().set_bold();
    // Numbers' headings stand over the numbers, on the right.
    let bold_right = Format::new()
        .set_bold()
        .set_align(rust_xlsxwriter::FormatAlign::Right);
    let text = Format::new().set_num_format("@");
    ws.write_string_with_format(table, 0, &bars.category_head, &bold)?;
    for (k, (series, _)) in bars.series.iter().enumerate() {
        ws.write_string_with_format(table, 1 + k as u16, series, &bold_right)?;
    }
    let total_col = 1 + bars.series.len() as u16;
    ws.write_string_with_format(table, total_col, l(Msg::HTotal), &bold_right)?;
    let totals = bars.totals();
    for (i, category) in bars.categories.iter().enumerate() {
        let r = table + 1 + i as u32;
        ws.write_string_with_format(r, 0, category, &text)?;
        for (k, (_, values)) in bars.series.iter().enumerate() {
            ws.write_number(r, 1 + k as u16, values[i] as f64)?;
        }
        ws.write_number(r, total_col, totals[i] as f64)?;
    }
    let widest = bars
        .categories
        .iter()
        .chain(std::iter::once(&bars.category_head))
        .map(|c| c.chars().count())
        .max()
        .unwrap_or(10);
    ws.set_column_width(0, (widest as f64 * 1.1).clamp(12.0, 60.0))?;
    for c in 1..=total_col {
        ws.set_column_width(c, 10)?;
    }

    let mut chart = Chart::new(if bars.horizontal {
        ChartType::BarStacked
    } else {
        ChartType::ColumnStacked
    });
    chart.title().set_name(&bars.title);
    let last = table + n;
    for (k, _) in bars.series.iter().enumerate() {
        let c = 1 + k as u16;
        let (r, g, b) = STAR_RGB[k.min(2)];
        let colour = format!("#{r:02X}{g:02X}{b:02X}");
        chart
            .add_series()
            .set_name((name, table, c))
            .set_categories((name, table + 1, 0, last, 0))
            .set_values((name, table + 1, c, last, c))
            .set_format(
                ChartFormat::new().set_solid_fill(ChartSolidFill::new().set_color(colour.as_str())),
            )
            .set_gap(60);
    }
    // Whole products on the value axis: no "0.5 products".
    let (step, top_value) = value_axis(bars.max_total());
    let value_axis = if bars.horizontal {
        chart.x_axis()
    } else {
        chart.y_axis()
    };
    value_axis
        .set_num_format("0")
        .set_min(0)
        .set_max(top_value as f64)
        .set_major_unit(step as f64)
        .set_name(l(Msg::HProducts));
    if bars.horizontal {
        // Bars read top down, the most first, as the table below; the value axis stays at the
        // foot of the chart.
        chart
            .y_axis()
            .set_reverse()
            .set_crossing(ChartAxisCrossing::Max);
    }
    chart.legend().set_position(ChartLegendPosition::Bottom);
    chart.set_width(width).set_height(height);
    ws.insert_chart(top, 0, &chart)?;
    page_setup(ws, title, 1);
    Ok(())
}
