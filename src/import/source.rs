//! Row sources: CSV (UTF-8 with or without BOM, UTF-16 with BOM, or a named encoding such as
//! Windows-1258; comma, semicolon or tab detected) and spreadsheets (XLSX, XLS, ODS through
//! calamine). Each yields rows of text as a person sees them, numbered as the spreadsheet does.

use std::fs::File;
use std::io::{BufRead, BufReader, Read};
use std::path::Path;

use calamine::{Data, Reader};

use crate::error::{Error, Result};
use crate::i18n::{Msg, t};
use crate::text::{clean, fold};

/// One row of a source: its number as the spreadsheet shows it, and its cells as text.
#[derive(Debug, Clone)]
pub struct RawRow {
    pub number: u64,
    pub cells: Vec<String>,
}

pub trait RowSource {
    fn next_row(&mut self) -> Result<Option<RawRow>>;
}

#[derive(Debug, Clone, Default)]
pub struct SourceOptions {
    pub sheet: Option<String>,
    pub encoding: Option<String>,
}

fn unreadable(path: &Path, detail: impl std::fmt::Display) -> Error {
    Error::env(t(
        Msg::FileUnreadable,
        &[
            ("path", &path.display().to_string()),
            ("detail", &detail.to_string()),
        ],
    ))
}

/// Opens `path` as a spreadsheet when its extension says so, else as CSV.
pub fn open(path: &Path, opts: &SourceOptions) -> Result<Box<dyn RowSource>> {
    // A FIFO or a device would hang or never end; and no output may replace what is read.
    crate::files::regular_input(path)?;
    let ext = path
        .extension()
        .map(|e| e.to_string_lossy().to_ascii_lowercase())
        .unwrap_or_default();
    match ext.as_str() {
        "xlsx" | "xlsm" | "xls" | "xlsb" | "ods" => {
            Ok(Box::new(SheetSource::open(path, opts.sheet.as_deref())?))
        }
        _ => {
            let file = File::open(path).map_err(|e| unreadable(path, e))?;
            CsvSource::new(Box::new(file), opts.encoding.as_deref(), path)
                .map(|s| Box::new(s) as Box<dyn RowSource>)
        }
    }
}

/// CSV rows from any reader, decoded to UTF-8.
pub struct CsvSource {
    records: csv::StringRecordsIntoIter<Box<dyn Read>>,
    number: u64,
    path: String,
}

impl CsvSource {
    pub fn new(input: Box<dyn Read>, encoding: Option<&str>, path: &Path) -> Result<CsvSource> {
        let mut buffered = BufReader::with_capacity(64 * 1024, input);
        let head = buffered.fill_buf().map_err(|e| unreadable(path, e))?;
        let (decoder, bom_len): (Option<&'static encoding_rs::Encoding>, usize) =
            match encoding_rs::Encoding::for_bom(head) {
                Some((enc, len)) if enc == encoding_rs::UTF_8 => (None, len),
                Some((enc, len)) => (Some(enc), len),
                None => match encoding {
                    Some(label) => {
                        let enc = encoding_rs::Encoding::for_label(label.trim().as_bytes())
                            .ok_or_else(|| {
                                Error::usage(t(Msg::UnknownEncoding, &[("label", label)]))
                            })?;
                        (
                            if enc == encoding_rs::UTF_8 {
                                None
                            } else {
                                Some(enc)
                            },
                            0,
                        )
                    }
                    None => (None, 0),
                },
            };
        buffered.consume(bom_len);
        let reader: Box<dyn Read> = match decoder {
            None => Box::new(buffered),
            Some(enc) => Box::new(DecodeReader::new(buffered, enc)),
        };
        let mut sniffer = BufReader::with_capacity(64 * 1024, reader);
        let head = sniffer.fill_buf().map_err(|e| unreadable(path, e))?;
        let delimiter = sniff_delimiter(head);
        let rdr = csv::ReaderBuilder::new()
            .has_headers(false)
            .flexible(true)
            .delimiter(delimiter)
            .from_reader(Box::new(sniffer) as Box<dyn Read>);
        Ok(CsvSource {
            records: rdr.into_records(),
            number: 0,
            path: path.display().to_string(),
        })
    }
}

impl RowSource for CsvSource {
    fn next_row(&mut self) -> Result<Option<RawRow>> {
        match self.records.next() {
            None => Ok(None),
            Some(Ok(rec)) => {
                self.number += 1;
                // A NUL byte never belongs in a spreadsheet's text: the file is binary or damaged.
                if rec.iter().any(|c| c.contains('\0')) {
                    return Err(Error::data(t(
                        Msg::NulByte,
                        &[("path", &self.path), ("row", &self.number.to_string())],
                    )));
                }
                check_cell_sizes(&self.path, self.number, rec.iter())?;
                Ok(Some(RawRow {
                    number: self.number,
                    // The apostrophe ocop's CSV output puts before a formula-like cell goes.
                    cells: rec
                        .iter()
                        .map(|c| crate::text::csv_unsafe(c).to_string())
                        .collect(),
                }))
            }
            Some(Err(e)) => {
                let row = self.number + 1;
                let detail = match e.kind() {
                    csv::ErrorKind::Utf8 { .. } => t(Msg::CsvNotUtf8, &[]),
                    _ => t(Msg::CsvUnreadable, &[("detail", &e.to_string())]),
                };
                Err(Error::data(t(
                    Msg::AtPlace,
                    &[
                        ("place", &format!("{}:{row}", self.path)),
                        ("message", &detail),
                    ],
                )))
            }
        }
    }
}

/// The delimiter of the first line among comma, semicolon and tab (outside quotes).
fn sniff_delimiter(head: &[u8]) -> u8 {
    let mut counts = [0usize; 3];
    let mut quoted = false;
    for &b in head {
        match b {
            b'"' => quoted = !quoted,
            b'\n' if !quoted => break,
            b',' if !quoted => counts[0] += 1,
            b';' if !quoted => counts[1] += 1,
            b'\t' if !quoted => counts[2] += 1,
            _ => {}
        }
    }
    let best = (0..3).max_by_key(|&i| (counts[i], 3 - i)).unwrap_or(0);
    [b',', b';', b'\t'][best]
}

/// A `Read` that decodes another encoding into UTF-8 as it goes, so large files stream.
struct DecodeReader<R: Read> {
    inner: R,
    decoder: encoding_rs::Decoder,
    input: Vec<u8>,
    start: usize,
    end: usize,
    output: Vec<u8>,
    out_pos: usize,
    eof: bool,
}

impl<R: Read> DecodeReader<R> {
    fn new(inner: R, enc: &'static encoding_rs::Encoding) -> Self {
        DecodeReader {
            inner,
            decoder: enc.new_decoder_without_bom_handling(),
            input: vec![0; 32 * 1024],
            start: 0,
            end: 0,
            output: Vec::with_capacity(96 * 1024),
            out_pos: 0,
            eof: false,
        }
    }
}

impl<R: Read> Read for DecodeReader<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        while self.out_pos >= self.output.len() {
            if self.eof && self.start >= self.end {
                return Ok(0);
            }
            if self.start >= self.end && !self.eof {
                let n = self.inner.read(&mut self.input)?;
                self.start = 0;
                self.end = n;
                if n == 0 {
                    self.eof = true;
                }
            }
            self.output.clear();
            self.out_pos = 0;
            let need = self
                .decoder
                .max_utf8_buffer_length(self.end - self.start)
                .unwrap_or(self.input.len() * 3 + 16);
            self.output.resize(need.max(16), 0);
            let (_, read, written, _) = self.decoder.decode_to_utf8(
                &self.input[self.start..self.end],
                &mut self.output,
                self.eof,
            );
            self.start += read;
            self.output.truncate(written);
            if self.eof && written == 0 {
                return Ok(0);
            }
        }
        let n = buf.len().min(self.output.len() - self.out_pos);
        buf[..n].copy_from_slice(&self.output[self.out_pos..self.out_pos + n]);
        self.out_pos += n;
        Ok(n)
    }
}

/// Rows of one sheet of a workbook, each cell as Excel shows it. XLSX and XLSB are read cell by
/// cell on a thread of their own and handed over a row at a time, so memory stays flat however
/// large the sheet and whatever it claims its size is (a single cell at XFD1048576 made calamine
/// allocate 512 GiB for the whole rectangle). ODS is read whole after a scan has bounded what it
/// expands to. XLS (Excel 97–2003) is refused with the advice to save it as XLSX: its reader
/// can only build the whole rectangle.
pub struct SheetSource {
    rows: std::sync::mpsc::Receiver<Result<RawRow>>,
    path: String,
}

/// The widest row a sheet may have: an import has a few dozen columns; a wider row is a damaged
/// or hostile file.
pub const MAX_COLUMNS: u32 = 1_000;

/// The most cells an ODS sheet may expand to once its repeated rows and columns are counted:
/// calamine keeps each as a value and a formula text (about 100 bytes with ours), so this keeps a
/// sheet near 150 MiB; 100,000 registrations of 14 columns fit.
pub const MAX_ODS_CELLS: u64 = 1_500_000;

/// Rows in flight between the reading thread and the import.
const ROWS_IN_FLIGHT: usize = 256;

impl SheetSource {
    pub fn open(path: &Path, sheet: Option<&str>) -> Result<SheetSource> {
        check_unpacked_size(path)?;
        let ext = path
            .extension()
            .map(|e| e.to_string_lossy().to_ascii_lowercase())
            .unwrap_or_default();
        if ext == "xls" {
            return Err(Error::data(t(
                Msg::XlsNotRead,
                &[("path", &path.display().to_string())],
            )));
        }
        if ext == "ods" {
            check_ods_expansion(path)?;
        }
        crate::files::regular_input(path)?;
        check_is_workbook(path, &ext)?;
        let wb = calamine::open_workbook_auto(path).map_err(|e| workbook_error(path, e))?;
        let name = pick_sheet(path, &wb.sheet_names(), sheet)?;
        let (tx, rx) = std::sync::mpsc::sync_channel(ROWS_IN_FLIGHT);
        let owned = path.to_path_buf();
        quiet_reader_panics();
        let spawned = std::thread::Builder::new()
            .name(READER_THREAD.into())
            .spawn(move || {
                // calamine can panic on a hostile cell reference (an overflow in `ZZZZZZZZ2`):
                // the panic is caught here and becomes the file's error, never an abort.
                let failed = tx.clone();
                let caught = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
                    read_sheet(wb, &name, &owned, &tx)
                }));
                if caught.is_err() {
                    let _ =
                        failed.send(Err(workbook_error(&owned, "a cell reference out of range")));
                }
            });
        if let Err(e) = spawned {
            return Err(unreadable(path, e));
        }
        Ok(SheetSource {
            rows: rx,
            path: path.display().to_string(),
        })
    }
}

/// The name of the thread that reads a workbook; its panics are not printed (they are reported
/// as the file's error).
const READER_THREAD: &str = "ocop-sheet-reader";

/// Installs, once, a panic hook that stays silent for the reading thread and prints as before
/// for any other.
fn quiet_reader_panics() {
    static ONCE: std::sync::Once = std::sync::Once::new();
    ONCE.call_once(|| {
        let default = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            if std::thread::current().name() != Some(READER_THREAD) {
                default(info);
            }
        }));
    });
}

/// Reads the sheet `name` of `wb` and sends its rows, then its error if any.
fn read_sheet(
    mut wb: calamine::Sheets<std::io::BufReader<File>>,
    name: &str,
    path: &Path,
    tx: &std::sync::mpsc::SyncSender<Result<RawRow>>,
) {
    let send = |r: Result<RawRow>| tx.send(r).is_ok();
    let outcome = match &mut wb {
        calamine::Sheets::Xlsx(x) => match x.worksheet_cells_reader(name) {
            Ok(mut cells) => stream_cells(path, || cells.next_cell(), &send),
            Err(e) => Err(workbook_error(path, e)),
        },
        calamine::Sheets::Xlsb(x) => match x.worksheet_cells_reader(name) {
            Ok(mut cells) => stream_cells(path, || cells.next_cell(), &send),
            Err(e) => Err(workbook_error(path, e)),
        },
        other => match other.worksheet_range(name) {
            Ok(range) => {
                let first_row = range.start().map_or(0, |(r, _)| r as u64);
                let first_col = range.start().map_or(0, |(_, c)| c as usize);
                for (i, cells) in range.rows().enumerate() {
                    let mut out: Vec<String> = vec![String::new(); first_col];
                    out.extend(cells.iter().map(cell_text));
                    if !send(Ok(RawRow {
                        number: first_row + i as u64 + 1,
                        cells: out,
                    })) {
                        return;
                    }
                }
                Ok(())
            }
            Err(e) => Err(workbook_error(path, e)),
        },
    };
    if let Err(e) = outcome {
        let _ = tx.send(Err(e));
    }
}

/// Reads cells in the sheet's order and sends a row whenever the row number changes. A cell
/// past [`MAX_COLUMNS`] or a row out of order is an error naming the cell.
fn stream_cells<'a, E: std::fmt::Display>(
    path: &Path,
    mut next: impl FnMut() -> std::result::Result<Option<calamine::Cell<calamine::DataRef<'a>>>, E>,
    send: &dyn Fn(Result<RawRow>) -> bool,
) -> Result<()> {
    let mut current: Option<RawRow> = None;
    loop {
        let cell = next().map_err(|e| workbook_error(path, e))?;
        let Some(cell) = cell else { break };
        let (r, c) = cell.get_position();
        if c >= MAX_COLUMNS {
            return Err(Error::data(t(
                Msg::SheetTooWide,
                &[
                    ("path", &path.display().to_string()),
                    ("row", &(u64::from(r) + 1).to_string()),
                    ("column", &(u64::from(c) + 1).to_string()),
                    ("max", &MAX_COLUMNS.to_string()),
                ],
            )));
        }
        let text = cell_text(&calamine::Data::from(cell.get_value().clone()));
        let number = u64::from(r) + 1;
        if current.as_ref().is_some_and(|row| row.number != number) {
            let done = current.take().map(|row| (row.number, row));
            if let Some((was, row)) = done {
                if number < was {
                    return Err(unreadable(
                        path,
                        t(
                            Msg::RowsOutOfOrder,
                            &[("row", &number.to_string()), ("was", &was.to_string())],
                        ),
                    ));
                }
                if !send(Ok(row)) {
                    return Ok(());
                }
            }
        }
        if text.is_empty() {
            current.get_or_insert_with(|| RawRow {
                number,
                cells: Vec::new(),
            });
            continue;
        }
        let row = current.get_or_insert_with(|| RawRow {
            number,
            cells: Vec::new(),
        });
        let c = c as usize;
        if row.cells.len() <= c {
            row.cells.resize(c + 1, String::new());
        }
        row.cells[c] = text;
    }
    if let Some(row) = current {
        send(Ok(row));
    }
    Ok(())
}

/// The sheet asked for (`--sheet`, matched without case or diacritics), else the first.
fn pick_sheet(path: &Path, names: &[String], want: Option<&str>) -> Result<String> {
    match want {
        Some(want) => names
            .iter()
            .find(|n| fold(n) == fold(want))
            .cloned()
            .ok_or_else(|| {
                Error::data(t(
                    Msg::NoSuchSheet,
                    &[
                        ("path", &path.display().to_string()),
                        ("want", want),
                        ("sheets", &names.join(", ")),
                    ],
                ))
            }),
        None => names
            .first()
            .cloned()
            .ok_or_else(|| unreadable(path, t(Msg::WorkbookNoSheet, &[]))),
    }
}

/// An .xlsx or .ods is a zip archive; a CSV or a text renamed to .xlsx is not, and is said to be
/// one instead of calamine's "Could not find EOCD".
fn check_is_workbook(path: &Path, ext: &str) -> Result<()> {
    use std::io::Read;
    if !matches!(ext, "xlsx" | "xlsm" | "xlsb" | "ods") {
        return Ok(());
    }
    let mut head = [0u8; 4];
    let n = std::fs::File::open(path)
        .and_then(|mut f| f.read(&mut head))
        .unwrap_or(0);
    if n == 4 && &head == b"PK\x03\x04" {
        return Ok(());
    }
    Err(Error::data(t(
        Msg::NotAWorkbook,
        &[("path", &path.display().to_string()), ("ext", ext)],
    )))
}

fn workbook_error(path: &Path, e: impl std::fmt::Display) -> Error {
    Error::env(t(
        Msg::WorkbookUnreadable,
        &[
            ("path", &path.display().to_string()),
            ("detail", &e.to_string()),
        ],
    ))
}

/// Counts what an ODS sheet expands to before calamine expands it: every row's cells up to its
/// last one with content, times the row's repetitions. A few hundred bytes of XML can claim a
/// million rows of 95 cells.
fn check_ods_expansion(path: &Path) -> Result<()> {
    use quick_xml::events::Event;
    let file = File::open(path).map_err(|e| unreadable(path, e))?;
    let mut archive = zip::ZipArchive::new(file).map_err(|e| workbook_error(path, e))?;
    let content = archive
        .by_name("content.xml")
        .map_err(|e| workbook_error(path, e))?;
    let mut reader = quick_xml::Reader::from_reader(BufReader::new(content));
    let mut buf = Vec::new();
    let attr_num = |e: &quick_xml::events::BytesStart, key: &str| -> u64 {
        e.attributes()
            .flatten()
            .find(|a| a.key.as_ref() == key)
            .and_then(|a| a.value.trim().parse::<u64>().ok())
            .unwrap_or(1)
    };
    // calamine builds a rectangle: every row up to the last one with content, as wide as the
    // widest row with content; empty rows in between count too.
    let (mut rows, mut rows_with_content, mut widest) = (0u64, 0u64, 0u64);
    let (mut row_repeat, mut width, mut last_full) = (1u64, 0u64, 0u64);
    let too_big = || {
        Error::data(t(
            Msg::SheetTooBig,
            &[
                ("path", &path.display().to_string()),
                ("max", &MAX_ODS_CELLS.to_string()),
            ],
        ))
    };
    loop {
        let event = reader
            .read_event_into(&mut buf)
            .map_err(|e| workbook_error(path, e))?;
        match event {
            Event::Start(e) if e.name().as_ref() == "table:table-row" => {
                row_repeat = attr_num(&e, "table:number-rows-repeated");
                (width, last_full) = (0, 0);
            }
            Event::Empty(e) if e.name().as_ref() == "table:table-row" => {
                rows = rows.saturating_add(attr_num(&e, "table:number-rows-repeated"));
            }
            Event::End(e) if e.name().as_ref() == "table:table-row" => {
                rows = rows.saturating_add(row_repeat);
                if last_full > 0 {
                    rows_with_content = rows;
                    widest = widest.max(last_full);
                }
                if rows_with_content.saturating_mul(widest) > MAX_ODS_CELLS {
                    return Err(too_big());
                }
            }
            Event::Start(e)
                if matches!(
                    e.name().as_ref(),
                    "table:table-cell" | "table:covered-table-cell"
                ) =>
            {
                // A cell with content (an element that is not empty).
                width = width.saturating_add(attr_num(&e, "table:number-columns-repeated"));
                last_full = width;
            }
            Event::Empty(e)
                if matches!(
                    e.name().as_ref(),
                    "table:table-cell" | "table:covered-table-cell"
                ) =>
            {
                let n = attr_num(&e, "table:number-columns-repeated");
                let valued = e
                    .attributes()
                    .flatten()
                    .any(|a| a.key.as_ref() == "office:value-type");
                width = width.saturating_add(n);
                if valued {
                    last_full = width;
                }
            }
            Event::Eof => break,
            _ => {}
        }
        buf.clear();
    }
    Ok(())
}

impl RowSource for SheetSource {
    fn next_row(&mut self) -> Result<Option<RawRow>> {
        match self.rows.recv() {
            Ok(Ok(row)) => {
                check_cell_sizes(&self.path, row.number, row.cells.iter().map(String::as_str))?;
                Ok(Some(row))
            }
            Ok(Err(e)) => Err(e),
            // The reading thread has finished: no more rows.
            Err(_) => Ok(None),
        }
    }
}

/// The longest cell a row may hold: names, addresses and notes are far shorter; a longer cell
/// is a damaged or hostile file, refused before it reaches the database.
pub const MAX_CELL_CHARS: usize = 10_000;

fn check_cell_sizes<'a>(
    path: &str,
    row: u64,
    mut cells: impl Iterator<Item = &'a str>,
) -> Result<()> {
    match cells.find(|c| c.len() > MAX_CELL_CHARS && c.chars().count() > MAX_CELL_CHARS) {
        Some(c) => Err(Error::data(t(
            Msg::CellTooLong,
            &[
                ("path", path),
                ("row", &row.to_string()),
                ("chars", &c.chars().count().to_string()),
                ("max", &MAX_CELL_CHARS.to_string()),
            ],
        ))),
        None => Ok(()),
    }
}

/// The most a workbook may unpack to. A 100,000-row registration list unpacks to about 20 MiB;
/// calamine reads a sheet whole into memory, so a "zip bomb" would take all the memory there is.
pub const MAX_UNPACKED_BYTES: u64 = 256 * 1024 * 1024;

/// Refuses a zip-based workbook (XLSX, ODS) whose parts declare more than [`MAX_UNPACKED_BYTES`]
/// before anything is inflated. (XLS is not a zip and is left to calamine.)
fn check_unpacked_size(path: &Path) -> Result<()> {
    let Ok(file) = File::open(path) else {
        return Ok(());
    };
    let Ok(mut archive) = zip::ZipArchive::new(file) else {
        return Ok(());
    };
    let mut total: u64 = 0;
    for i in 0..archive.len() {
        if let Ok(entry) = archive.by_index_raw(i) {
            total = total.saturating_add(entry.size());
        }
    }
    if total > MAX_UNPACKED_BYTES {
        return Err(Error::data(t(
            Msg::WorkbookTooBig,
            &[
                ("path", &path.display().to_string()),
                ("size", &(total / (1024 * 1024)).to_string()),
                ("max", &(MAX_UNPACKED_BYTES / (1024 * 1024)).to_string()),
            ],
        )));
    }
    Ok(())
}

/// A cell as Excel shows it: whole numbers without ".0", dates as yyyy-mm-dd.
fn cell_text(d: &Data) -> String {
    match d {
        Data::Empty => String::new(),
        Data::String(s) => s.clone(),
        Data::Int(n) => n.to_string(),
        Data::Float(f) if f.fract() == 0.0 && f.abs() < 1e15 => format!("{}", *f as i64),
        Data::Float(f) => f.to_string(),
        Data::Bool(b) => if *b { "TRUE" } else { "FALSE" }.to_string(),
        Data::DateTime(dt) => {
            excel_serial_to_date(dt.as_f64()).unwrap_or_else(|| dt.as_f64().to_string())
        }
        Data::DateTimeIso(s) => s.get(..10).unwrap_or(s).to_string(),
        Data::DurationIso(s) => s.clone(),
        Data::Error(e) => format!("#{e:?}"),
    }
}

/// An Excel serial date (days since 1899-12-30 in the 1900 system) as yyyy-mm-dd.
pub fn excel_serial_to_date(serial: f64) -> Option<String> {
    if !(1.0..2_958_466.0).contains(&serial) {
        return None;
    }
    let base = jiff::civil::Date::new(1899, 12, 30).ok()?;
    let d = base
        .checked_add(jiff::Span::new().try_days(serial.floor() as i64).ok()?)
        .ok()?;
    Some(d.to_string())
}

/// Trims and normalises a cell to NFC.
pub fn cell(row: &RawRow, pos: Option<usize>) -> String {
    pos.and_then(|p| row.cells.get(p))
        .map(|s| clean(s))
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rows(bytes: &[u8], enc: Option<&str>) -> Vec<Vec<String>> {
        let mut s = CsvSource::new(
            Box::new(std::io::Cursor::new(bytes.to_vec())),
            enc,
            Path::new("t.csv"),
        )
        .unwrap();
        let mut out = Vec::new();
        while let Some(r) = s.next_row().unwrap() {
            out.push(r.cells);
        }
        out
    }

    #[test]
    fn delimiters_and_boms() {
        assert_eq!(
            rows(b"a;b\n1;\"x;y\"\n", None),
            vec![vec!["a", "b"], vec!["1", "x;y"]]
        );
        assert_eq!(rows(b"a\tb\n1\t2\n", None)[1], vec!["1", "2"]);
        assert_eq!(
            rows("\u{feff}Tên,Xã\nA,\"B\nC\"\n".as_bytes(), None)[1],
            vec!["A", "B\nC"]
        );
        let utf16: Vec<u8> = [0xFF, 0xFE]
            .into_iter()
            .chain("Tên;Xã\nÁ;Ư\n".encode_utf16().flat_map(|u| u.to_le_bytes()))
            .collect();
        assert_eq!(rows(&utf16, None), vec![vec!["Tên", "Xã"], vec!["Á", "Ư"]]);
    }

    #[test]
    fn windows_1258_is_decoded() {
        // "Tên,Xã Xuân Lập" as Windows-1258 writes it: base letters plus combining tone marks.
        let bytes = [
            0x54, 0xEA, 0x6E, 0x2C, 0x58, 0x61, 0xDE, 0x20, 0x58, 0x75, 0xE2, 0x6E, 0x20, 0x4C,
            0xE2, 0xF2, 0x70, 0x0A,
        ];
        let r = rows(&bytes, Some("windows-1258"));
        assert_eq!(clean(&r[0][1]), "Xã Xuân Lập");
    }

    #[test]
    fn excel_serials() {
        assert_eq!(excel_serial_to_date(43658.0).unwrap(), "2019-07-12");
        assert_eq!(excel_serial_to_date(1.0).unwrap(), "1899-12-31");
    }
}
