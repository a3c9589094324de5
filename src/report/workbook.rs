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

use super::chart::{Bars, axis_step};
use super::title::Title;
use crate::i18n::{Lang, Msg, l, lang};
use crate::output::{Listing, Value};

/// A4 in Excel's paper codes.
const A4: u8 = 9;
/// Default row height in pixels, to place a table under a chart.
const ROW_PX: u32 = 20;
/// The stars' colours, light to dark, so that the bars read as "more stars, deeper colour" even
/// on a black-and-white printer.
pub const STAR_COLOURS: [&str; 3] = ["#F6C85F", "#E08A2E", "#9E2A14"];

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

/// The title block in the first rows; returns the first row after it (and a blank row).
fn title_block(ws: &mut Worksheet, title: &Title) -> Result<u32, XlsxError> {
    let big = Format::new().set_bold().set_font_size(14);
    let small = Format::new().set_italic();
    ws.write_string_with_format(0, 0, &title.report, &big)?;
    let lines = title.lines();
    for (i, line) in lines.iter().enumerate() {
        ws.write_string_with_format(i as u32 + 1, 0, *line, &small)?;
    }
    Ok(lines.len() as u32 + 2)
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
    let bold = Format::new().set_bold().set_text_wrap();
    let text = Format::new().set_num_format("@");
    let points = points_format();
    for (c, col) in listing.columns.iter().enumerate() {
        let name = if labels { l(col.label) } else { col.id };
        ws.write_string_with_format(head, c as u16, name, &bold)?;
    }
    for (r, row) in listing.rows.iter().enumerate() {
        let r = head + 1 + r as u32;
        for (c, v) in row.iter().enumerate() {
            let c = c as u16;
            match v {
                // Codes stay text so that leading zeros survive.
                Value::Text(s) => ws.write_string_with_format(r, c, s, &text)?,
                Value::Int(n) => ws.write_number(r, c, *n as f64)?,
                Value::Coded { id, label } => {
                    ws.write_string_with_format(r, c, if labels { label } else { id }, &text)?
                }
                Value::Points(p) => {
                    ws.write_number_with_format(r, c, *p as f64 / 100.0, &points)?
                }
                Value::Null => ws,
            };
        }
    }
    // Columns fitted to the table before the title is written: a long title runs over the empty
    // cells to its right instead of widening the first column.
    ws.autofit();
    title_block(ws, title)?;
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
    let top = title_block(ws, title)?;
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
        let colour = STAR_COLOURS.get(k).copied().unwrap_or("#808080");
        chart
            .add_series()
            .set_name((name, table, c))
            .set_categories((name, table + 1, 0, last, 0))
            .set_values((name, table + 1, c, last, c))
            .set_format(ChartFormat::new().set_solid_fill(ChartSolidFill::new().set_color(colour)))
            .set_gap(60);
    }
    // Whole products on the value axis: no "0.5 products".
    let step = axis_step(bars.max_total());
    let top_value = (bars.max_total().max(1) + step - 1) / step * step;
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
