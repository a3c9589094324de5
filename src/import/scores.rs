//! `ocop import scores`: many members' sheets at once, in long form (one row per part) or wide
//! form (one row per sheet, a column per part). Sheets go through the same checks as
//! `ocop score add`; all or nothing unless `skip_invalid`.

use std::path::Path;

use rusqlite::Connection;
use serde_json::json;

use crate::db::{self, audit};
use crate::error::{Error, Result};
use crate::i18n::{Msg, t};
use crate::ops::scoring::{self, SheetInput};
use crate::rules::criteria::is_criterion_id;
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
    criteria: Vec<(String, String)>,
    scored_on: Option<String>,
    eliminated: Option<String>,
    stopped: Option<String>,
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
    report: &mut Report,
) -> Result<Summary> {
    let schema = Schema::load("schemas/import/scores.toml", SCORES)?;
    let (header, map) = find_header(src, &schema, opts.header_row, path)?;
    let pos = |id: &str| map.pos(&schema, id);
    let long = pos("criterion").is_some() && pos("points").is_some();
    let wide: Vec<(&str, Option<usize>)> = [("A", pos("a")), ("B", pos("b")), ("C", pos("c"))]
        .into_iter()
        .filter(|(_, p)| p.is_some())
        .collect();
    // Wide form by criteria: a column per criterion, its header the id ("A1.1", "C6.1.2").
    let by_criterion: Vec<(String, usize)> = header
        .cells
        .iter()
        .enumerate()
        .filter(|(_, h)| is_criterion_id(h))
        .map(|(i, h)| (h.trim().to_uppercase(), i))
        .collect();
    let mut map = map;
    map.unknown.retain(|h| !is_criterion_id(h));
    let pos = |id: &str| map.pos(&schema, id);
    if !long && wide.is_empty() && by_criterion.is_empty() {
        return Err(Error::data(t(
            Msg::HeaderNotFound,
            &[
                ("path", &path.display().to_string()),
                ("columns", "criterion + points, or A, B, C, or A1.1 … C10"),
                ("rows", "30"),
            ],
        )));
    }
    report.warn_unknown(path, &map);
    report.reject_header(&header.cells)?;
    // Stream sheet by sheet: a sheet is the run of adjacent rows with the same registration,
    // level and member, written when the next sheet starts, so memory stays flat however long the
    // file. (A sheet whose rows come back later is refused as a second sheet of that member.)
    let tx = db::write(conn)?;
    let mut summary = Summary::default();
    let mut current: Option<((String, String, String), Sheet)> = None;
    let mut last_reg: Option<(String, Option<db::registrations::Registration>)> = None;
    let mut flush = |sheet: Sheet, summary: &mut Summary, report: &mut Report| -> Result<()> {
        finish(
            &tx,
            operator,
            path,
            header.cells.len(),
            sheet,
            &mut last_reg,
            summary,
            report,
        )
    };
    while let Some(row) = src.next_row()? {
        if row.cells.iter().all(|c| c.trim().is_empty()) {
            continue;
        }
        summary.rows += 1;
        let registration = cell(&row, pos("registration"));
        let level = cell(&row, pos("level"));
        let member = cell(&row, pos("member"));
        let key = (registration.to_uppercase(), fold(&level), fold(&member));
        if current.as_ref().is_none_or(|(k, _)| *k != key) {
            if let Some((_, done)) = current.take() {
                flush(done, &mut summary, report)?;
            }
            let sheet = Sheet {
                registration: registration.clone(),
                level: level.clone(),
                member: member.clone(),
                parts: Vec::new(),
                criteria: Vec::new(),
                scored_on: None,
                eliminated: None,
                stopped: None,
                note: None,
                rows: Vec::new(),
                errors: Vec::new(),
            };
            current = Some((key, sheet));
        }
        let Some((_, sheet)) = current.as_mut() else {
            continue;
        };
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
            let id = cell(&row, pos("criterion")).to_uppercase();
            let points = cell(&row, pos("points"));
            if ["A", "B", "C"].contains(&id.as_str()) {
                sheet.parts.push((id, points));
            } else if is_criterion_id(&id) {
                // A criterion left blank is not answered (after a stop, say).
                if !points.is_empty() {
                    sheet.criteria.push((id, points));
                }
            } else {
                sheet.errors.push(CellError {
                    row: row.number,
                    column: "criterion".into(),
                    message: t(Msg::CriterionCellInvalid, &[("value", &id)]),
                });
            }
        } else {
            for (part, p) in &wide {
                sheet.parts.push((part.to_string(), cell(&row, *p)));
            }
            for (id, p) in &by_criterion {
                let points = cell(&row, Some(*p));
                if !points.is_empty() {
                    sheet.criteria.push((id.clone(), points));
                }
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
        let stopped = cell(&row, pos("stopped"));
        if !stopped.is_empty() && !matches!(fold(&stopped).as_str(), "0" | "khong" | "no" | "false")
        {
            sheet.stopped = Some(stopped);
        }
        let note = cell(&row, pos("note"));
        if !note.is_empty() {
            sheet.note = Some(note);
        }
        sheet.rows.push(row);
    }
    if let Some((_, done)) = current.take() {
        flush(done, &mut summary, report)?;
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
    report.finish()?;
    Ok(summary)
}

/// Writes one gathered sheet (or reports why not), keeping the last registration looked up:
/// a file's sheets come registration by registration.
#[allow(clippy::too_many_arguments)]
fn finish(
    tx: &Connection,
    operator: &str,
    path: &Path,
    width: usize,
    mut sheet: Sheet,
    last_reg: &mut Option<(String, Option<db::registrations::Registration>)>,
    summary: &mut Summary,
    report: &mut Report,
) -> Result<()> {
    let first = sheet.rows.first().map_or(0, |r| r.number);
    if sheet.errors.is_empty() {
        if last_reg
            .as_ref()
            .is_none_or(|(code, _)| *code != sheet.registration)
        {
            *last_reg = Some((
                sheet.registration.clone(),
                db::registrations::find(tx, &sheet.registration).ok(),
            ));
        }
        match last_reg.as_ref().and_then(|(_, r)| r.as_ref()) {
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
                // A dated sheet records the evaluation date, which decides the regime; the
                // registration as it then is stays the one looked up for the next sheets.
                let now = match &sheet.scored_on {
                    Some(d) => scoring::evaluate_on(tx, r, d).map(|(now, _)| now),
                    None => Ok(r.clone()),
                };
                // An error names the date's column when the date is what was refused.
                let added = match now {
                    Err(e) => Err((e, "scored_on")),
                    Ok(now) => {
                        if let Some((_, slot)) = last_reg.as_mut() {
                            *slot = Some(now.clone());
                        }
                        let input = SheetInput {
                            level: &sheet.level,
                            member: &sheet.member,
                            parts: &sheet.parts,
                            criteria: &sheet.criteria,
                            aspects: &[],
                            scored_on: sheet.scored_on.as_deref(),
                            eliminated: sheet.eliminated.as_deref(),
                            stopped: sheet.stopped.as_deref(),
                            note: sheet.note.as_deref(),
                            audit: false,
                            overrides: Default::default(),
                        };
                        // Refused as a whole (its level, its member, its parts): named by the
                        // columns that identify the sheet.
                        scoring::add_sheet(tx, operator, &now, &input)
                            .map_err(|e| (e, "registration/level/member"))
                    }
                };
                match added {
                    Ok(_) => summary.sheets += 1,
                    Err((e, column)) if e.kind == crate::error::Kind::Data => {
                        sheet.errors.push(CellError {
                            row: first,
                            column: column.into(),
                            message: e.message,
                        })
                    }
                    Err((e, _)) => return Err(e),
                }
            }
        }
    }
    if !sheet.errors.is_empty() {
        summary.rejected_sheets += 1;
        report.reject(path, &sheet.errors, &sheet.rows, width)?;
    }
    Ok(())
}
