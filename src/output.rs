//! Renderers for listings and records: human tables on a terminal, CSV and JSON for scripts.
//! CSV and JSON use stable snake_case column ids; tables use the labels of the chosen language.

use std::io::{self, IsTerminal, Write};

use comfy_table::{ContentArrangement, Table, presets};

use crate::i18n::{Msg, l};
use crate::text::printable;

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    Table,
    Csv,
    Json,
    /// A workbook; only where a command writes a file (`--out`).
    Xlsx,
}

/// How output is written: the format and, for CSV, whether Excel needs a BOM and CRLF.
#[derive(Debug, Clone, Copy)]
pub struct Style {
    pub format: Format,
    pub excel: bool,
    /// CSV headers in the chosen language instead of the stable ids.
    pub labels: bool,
}

#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    Text(String),
    Int(i64),
    /// A value with a stable id (a level, a stage, a status): the label in the chosen language
    /// for people (tables, and workbooks with `--labels`), the id in CSV, JSON and workbooks
    /// otherwise, so that the same database gives the same bytes in either language.
    Coded {
        id: String,
        label: String,
    },
    /// Points in hundredths: "73.25" in CSV, a number in JSON and workbooks, and with the
    /// decimal comma in Vietnamese tables ("73,25").
    Points(i64),
    Null,
}

impl std::fmt::Display for Value {
    /// As people read it.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.text())
    }
}

/// "yes"/"no" for scripts, "có"/"không" for people.
pub fn yes_no(b: bool) -> Value {
    if b {
        coded("yes", l(Msg::Yes))
    } else {
        coded("no", l(Msg::No))
    }
}

/// A coded value: its id, and its label in the chosen language.
pub fn coded(id: impl Into<String>, label: impl Into<String>) -> Value {
    Value::Coded {
        id: id.into(),
        label: label.into(),
    }
}

impl From<&str> for Value {
    fn from(s: &str) -> Self {
        Value::Text(s.to_string())
    }
}
impl From<String> for Value {
    fn from(s: String) -> Self {
        Value::Text(s)
    }
}
impl From<i64> for Value {
    fn from(n: i64) -> Self {
        Value::Int(n)
    }
}
impl From<i32> for Value {
    fn from(n: i32) -> Self {
        Value::Int(n.into())
    }
}
impl<T: Into<Value>> From<Option<T>> for Value {
    fn from(v: Option<T>) -> Self {
        v.map_or(Value::Null, Into::into)
    }
}

impl Value {
    /// As people read it: labels, and points with the language's decimal mark.
    fn text(&self) -> String {
        match self {
            Value::Text(s) => s.clone(),
            Value::Int(n) => n.to_string(),
            Value::Coded { label, .. } => label.clone(),
            Value::Points(c) => {
                let shown = crate::domain::score::show(*c);
                match crate::i18n::lang() {
                    crate::i18n::Lang::Vi => shown.replace('.', ","),
                    crate::i18n::Lang::En => shown,
                }
            }
            Value::Null => String::new(),
        }
    }
    /// The text of a CSV cell: ids and points with a dot whatever the language; a text a
    /// spreadsheet would run as a formula gets an apostrophe.
    fn csv(&self) -> String {
        match self {
            Value::Text(s) => crate::text::csv_safe(s).into_owned(),
            Value::Coded { id, .. } => crate::text::csv_safe(id).into_owned(),
            Value::Points(c) => crate::domain::score::show(*c),
            v => v.text(),
        }
    }
    fn json(&self) -> serde_json::Value {
        match self {
            Value::Text(s) => serde_json::Value::String(s.clone()),
            Value::Int(n) => serde_json::Value::from(*n),
            Value::Coded { id, .. } => serde_json::Value::String(id.clone()),
            Value::Points(c) => serde_json::Number::from_f64(*c as f64 / 100.0)
                .map_or(serde_json::Value::Null, serde_json::Value::Number),
            Value::Null => serde_json::Value::Null,
        }
    }
}

/// A column: its stable id for CSV and JSON, and its label for tables.
#[derive(Debug, Clone, Copy)]
pub struct Column {
    pub id: &'static str,
    pub label: Msg,
}

pub const fn col(id: &'static str, label: Msg) -> Column {
    Column { id, label }
}

/// Rows under columns, rendered as a table, CSV or JSON.
#[derive(Debug, Clone)]
pub struct Listing {
    pub columns: Vec<Column>,
    pub rows: Vec<Vec<Value>>,
}

impl Listing {
    pub fn new(columns: &[Column]) -> Self {
        Listing {
            columns: columns.to_vec(),
            rows: Vec::new(),
        }
    }

    /// The index of the column with this id.
    pub fn column(&self, id: &str) -> Option<usize> {
        self.columns.iter().position(|c| c.id == id)
    }

    pub fn push(&mut self, row: Vec<Value>) {
        debug_assert_eq!(row.len(), self.columns.len());
        self.rows.push(row);
    }

    pub fn write(&self, style: Style, out: &mut dyn Write) -> io::Result<()> {
        match style.format {
            Format::Table | Format::Xlsx => {
                let mut table = new_table();
                let header: Vec<&str> = self.columns.iter().map(|c| l(c.label)).collect();
                table.set_header(header.clone());
                let cells: Vec<Vec<String>> = self
                    .rows
                    .iter()
                    .map(|row| {
                        row.iter()
                            .map(|v| printable(&v.text()).into_owned())
                            .collect()
                    })
                    .collect();
                for row in &cells {
                    table.add_row(row.clone());
                }
                keep_codes_whole(&mut table, &header, &cells);
                writeln!(out, "{table}")
            }
            Format::Csv => {
                let mut w = csv_writer(style, out)?;
                if style.labels {
                    w.write_record(self.columns.iter().map(|c| l(c.label)))?;
                } else {
                    w.write_record(self.columns.iter().map(|c| c.id))?;
                }
                for row in &self.rows {
                    w.write_record(row.iter().map(Value::csv)).map_err(csv_io)?;
                }
                w.flush()
            }
            Format::Json => {
                let arr: Vec<serde_json::Value> = self
                    .rows
                    .iter()
                    .map(|row| {
                        let obj: serde_json::Map<String, serde_json::Value> = self
                            .columns
                            .iter()
                            .zip(row)
                            .map(|(c, v)| (c.id.to_string(), v.json()))
                            .collect();
                        serde_json::Value::Object(obj)
                    })
                    .collect();
                serde_json::to_writer_pretty(&mut *out, &arr)?;
                writeln!(out)
            }
        }
    }
}

/// One thing's fields: a two-column table for people, one row of CSV or one JSON object.
#[derive(Debug, Clone, Default)]
pub struct Record {
    pub fields: Vec<(Column, Value)>,
}

impl Record {
    pub fn add(&mut self, id: &'static str, label: Msg, v: impl Into<Value>) {
        self.fields.push((col(id, label), v.into()));
    }

    pub fn write(&self, style: Style, out: &mut dyn Write) -> io::Result<()> {
        match style.format {
            Format::Table | Format::Xlsx => {
                let mut table = new_table();
                table.set_header([l(Msg::HField), l(Msg::HValue)]);
                for (c, v) in &self.fields {
                    table.add_row([l(c.label).to_string(), printable(&v.text()).into_owned()]);
                }
                writeln!(out, "{table}")
            }
            Format::Csv => {
                let mut w = csv_writer(style, out)?;
                w.write_record(self.fields.iter().map(|(c, _)| c.id))?;
                w.write_record(self.fields.iter().map(|(_, v)| v.csv()))?;
                w.flush()
            }
            Format::Json => {
                serde_json::to_writer_pretty(&mut *out, &self.json())?;
                writeln!(out)
            }
        }
    }

    pub fn json(&self) -> serde_json::Value {
        serde_json::Value::Object(
            self.fields
                .iter()
                .map(|(c, v)| (c.id.to_string(), v.json()))
                .collect(),
        )
    }
}

impl Listing {
    /// The listing as a one-sheet workbook: the column ids as the header row (so that the file
    /// imports again), or the labels in the chosen language when `labels`; numbers as numbers,
    /// the header frozen and columns fitted. For exports; reports print with a title block and
    /// charts (`report::workbook`). The bytes, so that the caller writes them whole or not at all.
    pub fn xlsx_bytes(
        &self,
        sheet: &str,
        labels: bool,
    ) -> Result<Vec<u8>, rust_xlsxwriter::XlsxError> {
        let mut wb = rust_xlsxwriter::Workbook::new();
        // A fixed creation date: the same database gives the same bytes (no timestamp inside).
        let created = rust_xlsxwriter::ExcelDateTime::from_ymd(2019, 1, 1)?;
        wb.set_properties(&rust_xlsxwriter::DocProperties::new().set_creation_datetime(&created));
        let ws = wb.add_worksheet();
        ws.set_name(sheet)?;
        let bold = rust_xlsxwriter::Format::new().set_bold();
        let text = rust_xlsxwriter::Format::new().set_num_format("@");
        let points = rust_xlsxwriter::Format::new().set_num_format("0.00");
        for (c, col) in self.columns.iter().enumerate() {
            let head = if labels { l(col.label) } else { col.id };
            ws.write_string_with_format(0, c as u16, head, &bold)?;
        }
        for (r, row) in self.rows.iter().enumerate() {
            for (c, v) in row.iter().enumerate() {
                let (r, c) = (r as u32 + 1, c as u16);
                match v {
                    // Codes stay text so that leading zeros survive a round trip through Excel.
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
        ws.set_freeze_panes(1, 0)?;
        ws.autofit();
        wb.save_to_buffer()
    }
}

/// A table fitted to the screen: `$COLUMNS` when set, else the terminal's width; a terminal that
/// reports no usable width (0×0) gets the table at its natural width rather than one-letter
/// columns.
fn new_table() -> Table {
    let mut table = Table::new();
    table.load_style(presets::UTF8_FULL_CONDENSED);
    let columns = std::env::var("COLUMNS")
        .ok()
        .and_then(|v| v.trim().parse::<u16>().ok())
        .filter(|w| *w >= 20);
    match columns {
        Some(w) => {
            table.set_width(w);
            table.set_content_arrangement(ContentArrangement::Dynamic);
        }
        None if io::stdout().is_terminal() => {
            table.set_content_arrangement(ContentArrangement::Dynamic);
            if table.width().is_none_or(|w| w < 20) {
                table.set_content_arrangement(ContentArrangement::Disabled);
            }
        }
        None => {}
    }
    table
}

/// Columns whose every value is one word (a code, an id, a number, a date) keep their width:
/// "2019-004" is never split over two lines; the text columns wrap instead.
/// When even that leaves a text column narrower than a word or two, the table keeps its natural
/// width and the terminal scrolls: better than a title spelled one letter per line.
fn keep_codes_whole(table: &mut Table, header: &[&str], rows: &[Vec<String>]) {
    const MIN_TEXT: usize = 10;
    let mut needed = 1;
    for (c, title) in header.iter().enumerate() {
        let widest = rows
            .iter()
            .filter_map(|r| r.get(c))
            .map(|v| v.chars().count())
            .chain(std::iter::once(title.chars().count()))
            .max()
            .unwrap_or(0);
        let one_word = rows.iter().all(|r| {
            r.get(c)
                .is_none_or(|v| !v.contains(char::is_whitespace) && v.chars().count() <= 24)
        });
        if one_word {
            needed += widest + 3;
            if let Some(col) = table.column_mut(c) {
                col.set_constraint(comfy_table::ColumnConstraint::ContentWidth);
            }
        } else {
            // A text column wraps between words: its longest word is as narrow as it goes.
            let longest_word = rows
                .iter()
                .filter_map(|r| r.get(c))
                .flat_map(|v| v.split_whitespace())
                .map(|w| w.chars().count())
                .max()
                .unwrap_or(0);
            needed += longest_word.clamp(4, MIN_TEXT) + 3;
        }
    }
    if table.width().is_some_and(|w| usize::from(w) < needed) {
        table.set_content_arrangement(ContentArrangement::Disabled);
    }
}

/// A CSV writer's error as the I/O error it was, so that a closed pipe (`ocop … | head`) is
/// still known as one and ends the output quietly.
fn csv_io(e: csv::Error) -> io::Error {
    match e.into_kind() {
        csv::ErrorKind::Io(e) => e,
        other => io::Error::other(format!("{other:?}")),
    }
}

fn csv_writer(style: Style, out: &mut dyn Write) -> io::Result<csv::Writer<&mut dyn Write>> {
    if style.excel {
        // Excel reads UTF-8 only with a BOM; it expects CRLF line ends.
        out.write_all("\u{feff}".as_bytes())?;
    }
    let terminator = if style.excel {
        csv::Terminator::CRLF
    } else {
        csv::Terminator::Any(b'\n')
    };
    Ok(csv::WriterBuilder::new()
        .terminator(terminator)
        .from_writer(out))
}

/// A level (of units or of councils) as a listing's value: its label for people, its id for
/// scripts.
pub fn level_value(level: &str) -> Value {
    coded(level, level_label(level))
}

/// A level (of units or of councils) in the user's language, for messages and tables.
pub fn level_label(level: &str) -> String {
    match level {
        "province" => l(Msg::LvProvince),
        "district" => l(Msg::LvDistrict),
        "commune" => l(Msg::LvCommune),
        "central" => l(Msg::LvCentral),
        other => other,
    }
    .to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample() -> Listing {
        let mut t = Listing::new(&[col("code", Msg::HCode), col("name", Msg::HName)]);
        t.push(vec!["15586".into(), "Xã Xuân Lập, \"mới\"".into()]);
        t.push(vec![Value::Int(7), Value::Null]);
        t
    }

    #[test]
    fn csv_quotes_and_excel_mode() {
        let mut out = Vec::new();
        sample()
            .write(
                Style {
                    format: Format::Csv,
                    excel: false,
                    labels: false,
                },
                &mut out,
            )
            .unwrap();
        assert_eq!(
            String::from_utf8(out).unwrap(),
            "code,name\n15586,\"Xã Xuân Lập, \"\"mới\"\"\"\n7,\n"
        );
        let mut out = Vec::new();
        sample()
            .write(
                Style {
                    format: Format::Csv,
                    excel: true,
                    labels: false,
                },
                &mut out,
            )
            .unwrap();
        let s = String::from_utf8(out).unwrap();
        assert!(s.starts_with('\u{feff}') && s.contains("\r\n"));
    }

    #[test]
    fn json_keeps_types() {
        let mut out = Vec::new();
        sample()
            .write(
                Style {
                    format: Format::Json,
                    excel: false,
                    labels: false,
                },
                &mut out,
            )
            .unwrap();
        let v: serde_json::Value = serde_json::from_slice(&out).unwrap();
        assert_eq!(v[0]["code"], "15586");
        assert_eq!(v[1]["code"], 7);
        assert!(v[1]["name"].is_null());
    }

    #[test]
    fn tables_never_print_control_characters() {
        let mut t = Listing::new(&[col("name", Msg::HName)]);
        t.push(vec!["evil\u{1b}[2J".into()]);
        let mut out = Vec::new();
        t.write(
            Style {
                format: Format::Table,
                excel: false,
                labels: false,
            },
            &mut out,
        )
        .unwrap();
        assert!(!String::from_utf8(out).unwrap().contains('\u{1b}'));
    }
}
