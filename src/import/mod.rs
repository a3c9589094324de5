//! Readers that turn files into checked records. Errors name the file, row and column as
//! `FILE:ROW:COLUMN: message`, ROW as a spreadsheet numbers it (the header is row 1).

pub mod units;

use std::path::Path;

use crate::error::{Error, Result};
use crate::i18n::{Msg, t};

/// One problem in one cell.
#[derive(Debug, Clone, PartialEq)]
pub struct CellError {
    pub row: u64,
    pub column: String,
    pub message: String,
}

impl CellError {
    pub fn render(&self, path: &Path) -> String {
        t(
            Msg::UnitRowError,
            &[
                ("path", &path.display().to_string()),
                ("row", &self.row.to_string()),
                ("column", &self.column),
                ("message", &self.message),
            ],
        )
    }
}

/// Reads a whole text file as UTF-8, dropping a BOM; the error names the file.
pub fn read_text(path: &Path) -> Result<String> {
    crate::files::regular_input(path)?;
    // A regime or units file is a few hundred KB; read whole, it must stay far from the memory
    // limit.
    const MAX_TEXT: u64 = 64 * 1024 * 1024;
    let size = std::fs::metadata(path).map(|m| m.len()).unwrap_or(0);
    if size > MAX_TEXT {
        return Err(Error::data(t(
            Msg::FileTooBig,
            &[
                ("path", &path.display().to_string()),
                ("size", &size.to_string()),
                ("max", &MAX_TEXT.to_string()),
            ],
        )));
    }
    let bytes = std::fs::read(path).map_err(|e| {
        Error::env(t(
            Msg::FileUnreadable,
            &[
                ("path", &path.display().to_string()),
                ("detail", &e.to_string()),
            ],
        ))
    })?;
    let bytes = bytes.strip_prefix("\u{feff}".as_bytes()).unwrap_or(&bytes);
    String::from_utf8(bytes.to_vec()).map_err(|e| {
        Error::data(t(
            Msg::FileUnreadable,
            &[
                ("path", &path.display().to_string()),
                ("detail", &format!("not UTF-8 text ({e})")),
            ],
        ))
    })
}

pub mod documents;
pub mod registrations;
pub mod results;
pub mod schema;
pub mod scores;
pub mod source;

use schema::{HeaderMap, Schema};
use source::{RawRow, RowSource};

/// How many rows are searched for the header when `--header-row` is not given.
const HEADER_SEARCH_ROWS: u64 = 30;

/// Reads rows until the header: the given row, or the first row (within the first 30) that
/// names every required column. Title rows above it are skipped.
pub fn find_header(
    src: &mut dyn RowSource,
    schema: &Schema,
    header_row: Option<u64>,
    path: &Path,
) -> Result<(RawRow, HeaderMap)> {
    let required: Vec<usize> = schema
        .columns
        .iter()
        .enumerate()
        .filter(|(_, c)| c.required)
        .map(|(i, _)| i)
        .collect();
    let mut best: Option<HeaderMap> = None;
    while let Some(row) = src.next_row()? {
        let map = schema.match_header(&row.cells);
        match header_row {
            Some(n) if row.number < n => continue,
            Some(_) => {
                if required.iter().all(|&i| map.positions[i].is_some()) {
                    return Ok((row, map));
                }
                best = Some(map);
                break;
            }
            None => {
                if required.iter().all(|&i| map.positions[i].is_some()) {
                    return Ok((row, map));
                }
                if best.as_ref().is_none_or(|b| map.matched() > b.matched()) {
                    best = Some(map);
                }
                if row.number >= HEADER_SEARCH_ROWS {
                    break;
                }
            }
        }
    }
    let missing: Vec<&str> = required
        .iter()
        .filter(|&&i| best.as_ref().is_none_or(|b| b.positions[i].is_none()))
        .map(|&i| schema.columns[i].id.as_str())
        .collect();
    Err(Error::data(t(
        Msg::HeaderNotFound,
        &[
            ("path", &path.display().to_string()),
            ("columns", &missing.join(", ")),
            (
                "rows",
                &header_row.unwrap_or(HEADER_SEARCH_ROWS).to_string(),
            ),
        ],
    )))
}

/// Reads one member's filled sheet (the per-criterion template, CSV or spreadsheet): the
/// (criterion, points) pairs of the rows that have points.
pub fn read_sheet(path: &Path, opts: &source::SourceOptions) -> Result<Vec<(String, String)>> {
    let schema = Schema::load("schemas/import/sheet.toml", schema::SHEET)?;
    let mut src = source::open(path, opts)?;
    let (_, map) = find_header(src.as_mut(), &schema, None, path)?;
    let (c, p) = (map.pos(&schema, "criterion"), map.pos(&schema, "points"));
    let mut out = Vec::new();
    let mut criteria = 0;
    while let Some(row) = src.next_row()? {
        let points = source::cell(&row, p);
        let criterion = source::cell(&row, c);
        if !criterion.is_empty() {
            criteria += 1;
        }
        if !points.is_empty() && !criterion.is_empty() {
            out.push((criterion, points));
        }
    }
    if out.is_empty() {
        // A blank template has its criteria and an empty points column: not yet filled in.
        let msg = if criteria > 0 {
            crate::i18n::Msg::SheetNoPoints
        } else {
            crate::i18n::Msg::SheetRowsInvalid
        };
        return Err(Error::data(crate::i18n::t(
            msg,
            &[
                ("path", &path.display().to_string()),
                ("count", &criteria.to_string()),
            ],
        )));
    }
    Ok(out)
}
