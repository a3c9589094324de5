//! Units CSV: `province_code,province_name,district_code,district_name,commune_code,commune_name,
//! commune_type` and optional `valid_from,valid_to,successor_code` (the shape of the national
//! catalogue exports in shared/data). Provinces and districts are taken from the commune rows.
//! A file of the two-level government (from 01/07/2025) has no district columns: its communes
//! belong to their province directly.

use std::collections::{BTreeMap, HashSet};
use std::path::Path;

use crate::db::units::NewUnit;
use crate::domain::date::parse_date;
use crate::i18n::{Msg, t};
use crate::text::fold_unit_name;

use super::CellError;
use super::schema::{Schema, UNITS};
use super::source::{RowSource, cell};

const REQUIRED: [&str; 7] = [
    "province_code",
    "province_name",
    "district_code",
    "district_name",
    "commune_code",
    "commune_name",
    "commune_type",
];
const OPTIONAL: [&str; 3] = ["valid_from", "valid_to", "successor_code"];

/// What a units file holds once checked: communes, and the provinces and districts they name.
#[derive(Debug, Default)]
pub struct UnitsFile {
    pub units: Vec<NewUnit>,
    pub errors: Vec<CellError>,
    /// (district code, district name) of every district in the file, in code order.
    pub districts: BTreeMap<String, String>,
    /// (row, code) of successors that are not communes of the file: the database must have them.
    pub pending_successors: Vec<(u64, String)>,
    /// A file of the two-level government: no district columns.
    pub two_level: bool,
    /// (province code, province name) of every province in the file, in code order.
    pub provinces: BTreeMap<String, String>,
}

impl UnitsFile {
    /// All cell errors as one message, `FILE:ROW:COLUMN: message` per line and the total.
    pub fn check(&self, path: &Path) -> crate::error::Result<()> {
        if self.errors.is_empty() {
            return Ok(());
        }
        let mut lines: Vec<String> = self.errors.iter().map(|e| e.render(path)).collect();
        let mut rows: Vec<u64> = self.errors.iter().map(|e| e.row).collect();
        rows.dedup();
        lines.push(t(
            Msg::UnitRowErrors,
            &[
                ("path", &path.display().to_string()),
                ("count", &rows.len().to_string()),
            ],
        ));
        Err(crate::error::Error::data(lines.join("\n")))
    }
}

/// Which rows of a units file an install keeps: its district's, its province's, the communes
/// that succeeded its own (a district install through the 2025 reform), or all.
#[derive(Debug, Clone, Copy, Default)]
pub enum Area<'a> {
    #[default]
    All,
    /// A district by code or name.
    District(&'a str),
    /// A province by code or name.
    Province(&'a str),
    /// These commune codes.
    Communes(&'a HashSet<String>),
}

impl Area<'_> {
    fn keeps(&self, province: (&str, &str), district: (&str, &str), commune: &str) -> bool {
        let named = |want: &str, (code, name): (&str, &str)| {
            code == want.trim() || fold_unit_name(name) == fold_unit_name(want)
        };
        match self {
            Area::All => true,
            Area::District(d) => !district.0.is_empty() && named(d, district),
            Area::Province(p) => named(p, province),
            Area::Communes(codes) => codes.contains(commune),
        }
    }
}

/// Reads units from a row source (CSV or a sheet; the project's columns or the national
/// catalogue's headers), keeping the rows of `area`.
pub fn parse(
    src: &mut dyn RowSource,
    path: &Path,
    area: Area<'_>,
    header_row: Option<u64>,
) -> crate::error::Result<UnitsFile> {
    let schema = Schema::load("schemas/import/units.toml", UNITS)?;
    let (_, map) = super::find_header(src, &schema, header_row, path)?;
    let pos = |id: &str| map.pos(&schema, id);
    let cols: Vec<Option<usize>> = REQUIRED.iter().map(|id| pos(id)).collect();
    let opt: Vec<Option<usize>> = OPTIONAL.iter().map(|id| pos(id)).collect();
    // Two-level: no district columns at all. One without the other is a broken header.
    let two_level = cols[2].is_none() && cols[3].is_none();
    if cols[2].is_none() != cols[3].is_none() {
        let missing = if cols[2].is_none() {
            "district_code"
        } else {
            "district_name"
        };
        return Err(crate::error::Error::data(t(
            Msg::HeaderNotFound,
            &[
                ("path", &path.display().to_string()),
                ("columns", missing),
                ("rows", "1"),
            ],
        )));
    }
    let mut out = UnitsFile {
        two_level,
        ..Default::default()
    };
    let mut provinces: BTreeMap<String, String> = BTreeMap::new();
    let mut district_province: BTreeMap<String, String> = BTreeMap::new();
    while let Some(rec) = src.next_row()? {
        if rec.cells.iter().all(|c| c.trim().is_empty()) {
            continue;
        }
        let row_no = rec.number;
        let cell = |i: Option<usize>| cell(&rec, i);
        let mut errs = Vec::new();
        let mut code = |col: Option<usize>, digits: usize, name: &str| -> String {
            let v = cell(col);
            if v.is_empty() {
                errs.push((name.to_string(), t(Msg::CellRequired, &[])));
                return v;
            }
            if !v.bytes().all(|b| b.is_ascii_digit()) || v.len() > digits {
                errs.push((
                    name.to_string(),
                    t(
                        Msg::CodeDigits,
                        &[("value", &v), ("digits", &digits.to_string())],
                    ),
                ));
                return v;
            }
            // Excel drops leading zeros of codes it took for numbers: put them back.
            format!("{v:0>digits$}")
        };
        let province_code = code(cols[0], 2, "province_code");
        let district_code = if two_level {
            String::new()
        } else {
            code(cols[2], 3, "district_code")
        };
        let commune_code = code(cols[4], 5, "commune_code");
        let mut text_cell = |col: Option<usize>, name: &str| -> String {
            let v = cell(col);
            if v.is_empty() {
                errs.push((name.to_string(), t(Msg::CellRequired, &[])));
            }
            v
        };
        let province_name = text_cell(cols[1], "province_name");
        let district_name = if two_level {
            String::new()
        } else {
            text_cell(cols[3], "district_name")
        };
        let commune_name = text_cell(cols[5], "commune_name");
        let commune_type = text_cell(cols[6], "commune_type").to_lowercase();
        if !area.keeps(
            (&province_code, &province_name),
            (&district_code, &district_name),
            &commune_code,
        ) {
            continue;
        }
        let mut date_cell = |i: usize, name: &str| -> Option<String> {
            let v = cell(opt[i]);
            if v.is_empty() {
                return None;
            }
            match parse_date(&v) {
                Ok(d) => Some(d.to_string()),
                Err(e) => {
                    errs.push((name.to_string(), e.message));
                    None
                }
            }
        };
        let valid_from = date_cell(0, "valid_from");
        let valid_to = date_cell(1, "valid_to");
        let successor = Some(cell(opt[2])).filter(|s| !s.is_empty());
        let successor_code = match successor {
            Some(s) if s.bytes().all(|b| b.is_ascii_digit()) && s.len() <= 5 => {
                Some(format!("{s:0>5}"))
            }
            Some(s) => {
                errs.push((
                    "successor_code".into(),
                    t(Msg::CodeDigits, &[("value", &s), ("digits", "5")]),
                ));
                None
            }
            None => None,
        };
        if let (Some(f), Some(to)) = (&valid_from, &valid_to)
            && to < f
        {
            errs.push((
                "valid_to".into(),
                t(Msg::ValidityOrder, &[("from", f), ("to", to)]),
            ));
        }
        if !errs.is_empty() {
            out.errors
                .extend(errs.into_iter().map(|(column, message)| CellError {
                    row: row_no,
                    column,
                    message,
                }));
            continue;
        }
        if let Some(s) = &successor_code {
            out.pending_successors.push((row_no, s.clone()));
        }
        provinces
            .entry(province_code.clone())
            .or_insert(province_name);
        if !two_level {
            out.districts
                .entry(district_code.clone())
                .or_insert(district_name);
            district_province
                .entry(district_code.clone())
                .or_insert_with(|| province_code.clone());
        }
        out.units.push(NewUnit {
            level: "commune",
            code: commune_code,
            name: commune_name,
            unit_type: commune_type,
            province_code,
            district_code: Some(district_code).filter(|d| !d.is_empty()),
            valid_from,
            valid_to,
            successor_code,
        });
    }
    // Successors must name a unit of the file (a check against the database happens on load).
    let codes: HashSet<String> = out.units.iter().map(|u| u.code.clone()).collect();
    out.pending_successors.retain(|(_, s)| !codes.contains(s));
    let mut heads: Vec<NewUnit> = Vec::new();
    for (code, name) in &provinces {
        heads.push(NewUnit {
            level: "province",
            code: code.clone(),
            unit_type: unit_type_of(name),
            name: name.clone(),
            province_code: code.clone(),
            district_code: None,
            valid_from: None,
            valid_to: None,
            successor_code: None,
        });
    }
    for (code, name) in &out.districts {
        let province = district_province.get(code).cloned().unwrap_or_default();
        heads.push(NewUnit {
            level: "district",
            code: code.clone(),
            unit_type: unit_type_of(name),
            name: name.clone(),
            province_code: province,
            district_code: Some(code.clone()),
            valid_from: None,
            valid_to: None,
            successor_code: None,
        });
    }
    heads.append(&mut out.units);
    out.units = heads;
    out.provinces = provinces;
    Ok(out)
}

/// The kind of a province or district from its name's prefix ("Tỉnh", "Huyện", "Thị xã" …).
fn unit_type_of(name: &str) -> String {
    let f = crate::text::fold(name);
    for (prefix, kind) in [
        ("tinh ", "tỉnh"),
        ("thanh pho ", "thành phố"),
        ("huyen ", "huyện"),
        ("quan ", "quận"),
        ("thi xa ", "thị xã"),
    ] {
        if f.starts_with(prefix) {
            return kind.to_string();
        }
    }
    String::new()
}
