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
