//! `ocop import scores`: many members' sheets at once, in long form (one row per part) or wide
//! form (one row per sheet, a column per part). Sheets go through the same checks as
//! `ocop score add`; all or nothing unless `skip_invalid`.

use std::collections::HashMap;
use std::path::Path;

use rusqlite::Connection;
use serde_json::json;

use crate::db::{self, audit};
use crate::error::{Error, Result};
use crate::i18n::{Msg, t};
use crate::ops::scoring::{self, SheetInput};
use crate::text::fold;

use super::registrations::{Options, Report, date_cell};
use super::schema::{SCORES, Schema};
use super::source::{RawRow, RowSource, cell};
use super::{CellError, find_header};

#[derive(Debug, Clone, Default, PartialEq)]
pub struct Summary {
    pub rows: u64,
    pub sheets: u64,
    pub rejected_sheets: u64,
    pub committed: bool,
}

/// One sheet as gathered from its rows.
struct Sheet {
    registration: String,
    level: String,
    member: String,
    parts: Vec<(String, String)>,
    scored_on: Option<String>,
    eliminated: Option<String>,
    note: Option<String>,
    rows: Vec<RawRow>,
    errors: Vec<CellError>,
}

pub fn import(
    conn: &mut Connection,
    operator: &str,
    path: &Path,
    src: &mut dyn RowSource,
    opts: &Options,
    report: &mut Report<'_>,
) -> Result<Summary> {
    let schema = Schema::load("schemas/import/scores.toml", SCORES)?;
    let (header, map) = find_header(src, &schema, opts.header_row, path)?;
    let pos = |id: &str| {
        schema
            .columns
            .iter()
            .position(|c| c.id == id)
            .and_then(|i| map.positions[i])
    };
    let long = pos("criterion").is_some() && pos("points").is_some();
    let wide: Vec<(&str, Option<usize>)> = [("A", pos("a")), ("B", pos("b")), ("C", pos("c"))]
        .into_iter()
        .filter(|(_, p)| p.is_some())
        .collect();
    if !long && wide.is_empty() {
        return Err(Error::data(t(
            Msg::HeaderNotFound,
            &[
                ("path", &path.display().to_string()),
                ("columns", "criterion + points, or A, B, C"),
                ("rows", "30"),
            ],
        )));
    }
    if !map.unknown.is_empty() {
        report.warnings.push(t(
            Msg::UnknownColumns,
            &[
                ("path", &path.display().to_string()),
                ("columns", &map.unknown.join(", ")),
            ],
        ));
    }
    if let Some(w) = report.rejects.as_mut() {
        let mut h = header.cells.clone();
        h.push("error".into());
        w.write_record(&h).map_err(|e| Error::env(e.to_string()))?;
    }
    // Gather the sheets in the order they first appear; a long-form sheet's rows may be apart.
    let mut order: Vec<Sheet> = Vec::new();
    let mut index: HashMap<(String, String, String), usize> = HashMap::new();
    let mut summary = Summary::default();
    while let Some(row) = src.next_row()? {
        if row.cells.iter().all(|c| c.trim().is_empty()) {
            continue;
        }
        summary.rows += 1;
        let registration = cell(&row, pos("registration"));
        let level = cell(&row, pos("level"));
        let member = cell(&row, pos("member"));
        let key = (registration.to_uppercase(), fold(&level), fold(&member));
        let i = *index.entry(key).or_insert_with(|| {
            order.push(Sheet {
                registration: registration.clone(),
                level: level.clone(),
                member: member.clone(),
                parts: Vec::new(),
                scored_on: None,
                eliminated: None,
                note: None,
                rows: Vec::new(),
                errors: Vec::new(),
            });
            order.len() - 1
        });
        let sheet = &mut order[i];
        for (id, value) in [
            ("registration", &registration),
            ("level", &level),
            ("member", &member),
        ] {
            if value.is_empty() {
                sheet.errors.push(CellError {
                    row: row.number,
                    column: id.into(),
                    message: t(Msg::CellRequired, &[]),
                });
            }
        }
        if long {
            let part = cell(&row, pos("criterion")).to_uppercase();
            let points = cell(&row, pos("points"));
            if !["A", "B", "C"].contains(&part.as_str()) {
                sheet.errors.push(CellError {
                    row: row.number,
                    column: "criterion".into(),
                    message: t(Msg::CriteriaNotAvailable, &[("regime", &part)]),
                });
            }
            sheet.parts.push((part, points));
        } else {
            for (part, p) in &wide {
                sheet.parts.push((part.to_string(), cell(&row, *p)));
            }
        }
        let scored_on = cell(&row, pos("scored_on"));
        if !scored_on.is_empty() {
            match date_cell(&scored_on) {
                Ok(d) => sheet.scored_on = Some(d),
                Err(e) => sheet.errors.push(CellError {
                    row: row.number,
                    column: "scored_on".into(),
                    message: e.message,
                }),
            }
        }
        let eliminated = cell(&row, pos("eliminated"));
        if !eliminated.is_empty()
            && !matches!(fold(&eliminated).as_str(), "0" | "khong" | "no" | "false")
        {
            sheet.eliminated = Some(eliminated);
        }
        let note = cell(&row, pos("note"));
        if !note.is_empty() {
            sheet.note = Some(note);
        }
        sheet.rows.push(row);
    }
    let tx = db::write(conn)?;
    let mut codes: HashMap<String, Option<db::registrations::Registration>> = HashMap::new();
    for sheet in &mut order {
        let first = sheet.rows.first().map_or(0, |r| r.number);
        if sheet.errors.is_empty() {
            let reg = match codes.get(&sheet.registration) {
                Some(r) => r.clone(),
                None => {
                    let r = db::registrations::find(&tx, &sheet.registration).ok();
                    codes.insert(sheet.registration.clone(), r.clone());
                    r
                }
            };
            match reg {
                None => sheet.errors.push(CellError {
                    row: first,
                    column: "registration".into(),
                    message: t(
                        Msg::NotFound,
                        &[
                            ("what", crate::i18n::l(Msg::WhatRegistration)),
                            ("query", &sheet.registration),
                            ("hint", "ocop registration list"),
                        ],
                    ),
                }),
                Some(r) => {
                    let input = SheetInput {
                        level: &sheet.level,
                        member: &sheet.member,
                        parts: &sheet.parts,
                        scored_on: sheet.scored_on.as_deref(),
                        eliminated: sheet.eliminated.as_deref(),
                        note: sheet.note.as_deref(),
                    };
                    match scoring::add_sheet(&tx, operator, &r, &input) {
                        Ok(_) => summary.sheets += 1,
                        Err(e) if e.kind == crate::error::Kind::Data => {
                            sheet.errors.push(CellError {
                                row: first,
                                column: "-".into(),
                                message: e.message,
                            })
                        }
                        Err(e) => return Err(e),
                    }
                }
            }
        }
        if !sheet.errors.is_empty() {
            summary.rejected_sheets += 1;
            report
                .errors
                .extend(sheet.errors.iter().map(|e| e.render(path)));
            if let Some(w) = report.rejects.as_mut() {
                let why = sheet
                    .errors
                    .iter()
                    .map(|e| format!("{}: {}", e.column, e.message))
                    .collect::<Vec<_>>()
                    .join("; ");
                for row in &sheet.rows {
                    let mut cells = row.cells.clone();
                    cells.resize(header.cells.len(), String::new());
                    cells.push(why.clone());
                    w.write_record(&cells)
                        .map_err(|e| Error::env(e.to_string()))?;
                }
            }
        }
    }
    let keep = !opts.dry_run
        && opts.limit.is_none()
        && (summary.rejected_sheets == 0 || opts.skip_invalid);
    if keep && summary.sheets > 0 {
        audit::record(
            &tx,
            operator,
            "import",
            "score_sheet",
            "",
            &json!({ "file": path.display().to_string(), "rows": summary.rows, "sheets": summary.sheets, "rejected": summary.rejected_sheets }),
        )?;
    }
    if keep {
        tx.commit()?;
        summary.committed = true;
    } else {
        tx.rollback()?;
    }
    if let Some(w) = report.rejects.as_mut() {
        w.flush()?;
    }
    Ok(summary)
}
