//! Import schemas (schemas/import/*.toml): the columns an import accepts, with English ids and
//! Vietnamese and English header aliases, and the matching of a sheet's header row to them.

use serde::Deserialize;

use crate::error::{Error, Result};
use crate::i18n::{Lang, Msg, lang, t};
use crate::text::fold;

pub const REGISTRATIONS: &str = include_str!("../../schemas/import/registrations.toml");
pub const UNITS: &str = include_str!("../../schemas/import/units.toml");
pub const SCORES: &str = include_str!("../../schemas/import/scores.toml");
pub const SHEET: &str = include_str!("../../schemas/import/sheet.toml");
pub const DOCUMENTS: &str = include_str!("../../schemas/import/documents.toml");
pub const RESULTS: &str = include_str!("../../schemas/import/results.toml");

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Schema {
    pub name: String,
    pub columns: Vec<ColumnSpec>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ColumnSpec {
    pub id: String,
    #[serde(default)]
    pub required: bool,
    pub vi: String,
    pub en: String,
    #[serde(default)]
    pub aliases: Vec<String>,
    /// The matching keys of the id, titles and aliases, computed once at load.
    #[serde(skip)]
    keys: Vec<String>,
}

impl ColumnSpec {
    pub fn label(&self) -> &str {
        match lang() {
            Lang::Vi => &self.vi,
            Lang::En => &self.en,
        }
    }

    /// Whether a header cell names this column.
    fn matches(&self, key: &str) -> bool {
        self.keys.iter().any(|k| k == key)
    }
}

/// The matching form of a header: folded, punctuation and underscores as spaces.
pub fn header_key(s: &str) -> String {
    let f: String = fold(s)
        .chars()
        .map(|c| if c.is_alphanumeric() { c } else { ' ' })
        .collect();
    f.split_whitespace().collect::<Vec<_>>().join(" ")
}

impl Schema {
    pub fn load(file: &str, text: &str) -> Result<Schema> {
        let mut s: Schema = toml::from_str(text).map_err(|e| {
            Error::env(t(
                Msg::SchemaFileBroken,
                &[("file", file), ("detail", e.to_string().trim_end())],
            ))
        })?;
        for c in &mut s.columns {
            c.keys = [&c.id, &c.vi, &c.en]
                .into_iter()
                .chain(c.aliases.iter())
                .map(|n| header_key(n))
                .collect();
        }
        // Two columns answering to one header would make matching depend on order.
        let mut seen = std::collections::HashMap::new();
        for c in &s.columns {
            for name in [&c.id, &c.vi, &c.en].into_iter().chain(c.aliases.iter()) {
                if let Some(other) = seen.insert(header_key(name), c.id.clone())
                    && other != c.id
                {
                    return Err(Error::env(t(
                        Msg::SchemaSharedHeader,
                        &[("file", file), ("a", &other), ("b", &c.id), ("name", name)],
                    )));
                }
            }
        }
        Ok(s)
    }

    pub fn column(&self, id: &str) -> Option<&ColumnSpec> {
        self.columns.iter().find(|c| c.id == id)
    }

    /// Matches a row of cells against the columns: the position of each column (by index in
    /// `columns`), and the cells that matched none.
    pub fn match_header(&self, cells: &[String]) -> HeaderMap {
        let mut positions = vec![None; self.columns.len()];
        let mut unknown = Vec::new();
        for (i, cell) in cells.iter().enumerate() {
            let key = header_key(cell);
            if key.is_empty() {
                continue;
            }
            match self.columns.iter().position(|c| c.matches(&key)) {
                Some(ci) if positions[ci].is_none() => positions[ci] = Some(i),
                _ => unknown.push(cell.trim().to_string()),
            }
        }
        HeaderMap { positions, unknown }
    }
}

/// Where each column of a schema sits in a sheet.
#[derive(Debug, Clone)]
pub struct HeaderMap {
    pub positions: Vec<Option<usize>>,
    pub unknown: Vec<String>,
}

impl HeaderMap {
    /// Where the column `id` of `schema` sits in the sheet, if the sheet has it.
    pub fn pos(&self, schema: &Schema, id: &str) -> Option<usize> {
        schema
            .columns
            .iter()
            .position(|c| c.id == id)
            .and_then(|i| self.positions[i])
    }

    pub fn matched(&self) -> usize {
        self.positions.iter().filter(|p| p.is_some()).count()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn builtin_schemas_load() {
        Schema::load("registrations.toml", REGISTRATIONS).unwrap();
        Schema::load("units.toml", UNITS).unwrap();
        Schema::load("scores.toml", SCORES).unwrap();
        Schema::load("sheet.toml", SHEET).unwrap();
        Schema::load("documents.toml", DOCUMENTS).unwrap();
    }

    #[test]
    fn headers_match_without_case_or_diacritics() {
        let s = Schema::load("r", REGISTRATIONS).unwrap();
        let cells: Vec<String> = [
            "  Tên sản phẩm ",
            "TEN SAN PHAM",
            "product_name",
            "Năm",
            "Ghi chú",
        ]
        .iter()
        .map(|s| s.to_string())
        .collect();
        let m = s.match_header(&cells);
        let pi = s
            .columns
            .iter()
            .position(|c| c.id == "product_name")
            .unwrap();
        assert_eq!(m.positions[pi], Some(0));
        assert_eq!(m.unknown, vec!["TEN SAN PHAM", "product_name", "Ghi chú"]);
        let gso: Vec<String> = [
            "Mã",
            "Tên",
            "Cấp",
            "Mã QH",
            "Quận Huyện",
            "Mã TP",
            "Tỉnh / Thành Phố",
        ]
        .iter()
        .map(|s| s.to_string())
        .collect();
        let u = Schema::load("u", UNITS).unwrap();
        assert_eq!(u.match_header(&gso).matched(), 7);
    }
}
