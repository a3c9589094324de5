//! `ocop import registrations`: one row per registration carrying its producer and product.
//! Producers are matched by tax code, else by name and commune; products by producer and name;
//! registrations by product, year and round. New rows are added, differing rows updated,
//! identical rows left alone. All or nothing, unless `skip_invalid`.

use std::collections::HashMap;
use std::path::Path;

use rusqlite::Connection;
use serde_json::json;

use crate::db::{self, audit};
use crate::domain::date::{parse_date, parse_round, parse_year};
use crate::domain::phone;
use crate::domain::registration::{RegKind, Stage};
use crate::domain::subject::SubjectKind;
use crate::domain::tax_code::{TaxCode, TaxCodeNote};
use crate::error::{Error, Result};
use crate::i18n::{Msg, t};
use crate::rules::regime::Regimes;
use crate::text::fold;

use super::schema::{HeaderMap, REGISTRATIONS, Schema};
use super::source::{RawRow, RowSource, cell, excel_serial_to_date};
use super::{CellError, find_header};

#[derive(Debug, Clone, Default)]
pub struct Options {
    pub dry_run: bool,
    pub skip_invalid: bool,
    pub header_row: Option<u64>,
    pub limit: Option<u64>,
    /// A row whose tax code belongs to a producer of another name or kind updates that producer
    /// (audited field by field) instead of being refused.
    pub update_producers: bool,
}

/// What an import did, for the summary line.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Summary {
    pub rows: u64,
    pub rejected: u64,
    pub reg_added: u64,
    pub reg_updated: u64,
    pub reg_same: u64,
    pub subj_added: u64,
    pub subj_updated: u64,
    pub prod_added: u64,
    pub prod_updated: u64,
    pub committed: bool,
}

impl Summary {
    pub fn changes(&self) -> u64 {
        self.reg_added
            + self.reg_updated
            + self.subj_added
            + self.subj_updated
            + self.prod_added
            + self.prod_updated
    }
}

/// The most errors an import keeps to print; a file with more is clearly the wrong file or in the
/// wrong format, and the rejects file holds every row.
pub const MAX_ERRORS_KEPT: usize = 1_000;

/// What the import reports besides the summary: warnings, errors and rejected rows.
pub struct Report {
    pub warnings: Vec<String>,
    /// The first [`MAX_ERRORS_KEPT`] errors, to print; the rest are counted.
    pub errors: Vec<String>,
    pub errors_not_kept: u64,
    /// Warnings past the first [`MAX_ERRORS_KEPT`] about rows, counted.
    pub warnings_not_kept: u64,
    /// Where rejected rows go, in the input's columns plus an error column; written under a
    /// temporary name and put in place by `finish`.
    pub rejects: Option<csv::Writer<crate::files::Output>>,
    /// A progress bar to move as rows are read (only on a terminal, for large files).
    pub progress: Option<indicatif::ProgressBar>,
}

impl Report {
    pub fn new(
        rejects: Option<csv::Writer<crate::files::Output>>,
        progress: Option<indicatif::ProgressBar>,
    ) -> Self {
        Report {
            warnings: Vec::new(),
            errors: Vec::new(),
            errors_not_kept: 0,
            warnings_not_kept: 0,
            rejects,
            progress,
        }
    }

    /// Counts one more row into `rows`, unless `limit` rows were read already (then false: the
    /// import stops there); the progress bar follows every 1024 rows.
    pub fn take_row(&self, rows: &mut u64, limit: Option<u64>) -> bool {
        if limit.is_some_and(|n| *rows >= n) {
            return false;
        }
        *rows += 1;
        if rows.is_multiple_of(1024)
            && let Some(p) = &self.progress
        {
            p.set_position(*rows);
        }
        true
    }

    /// Names the columns of the file that no column of the import matched.
    pub fn warn_unknown(&mut self, path: &Path, map: &HeaderMap) {
        if !map.unknown.is_empty() {
            self.warnings.push(t(
                Msg::UnknownColumns,
                &[
                    ("path", &path.display().to_string()),
                    ("columns", &map.unknown.join(", ")),
                ],
            ));
        }
    }

    /// Keeps the first [`MAX_ERRORS_KEPT`] errors and counts the rest, so that a million bad rows
    /// do not fill the memory (the rejects file has them all).
    pub fn add_errors(&mut self, errors: impl IntoIterator<Item = String>) {
        for e in errors {
            if self.errors.len() < MAX_ERRORS_KEPT {
                self.errors.push(e);
            } else {
                self.errors_not_kept += 1;
            }
        }
    }

    /// The rejects file starts with the input's header and an error column.
    pub fn reject_header(&mut self, header: &[String]) -> Result<()> {
        if let Some(w) = self.rejects.as_mut() {
            let mut h = header.to_vec();
            h.push("error".into());
            w.write_record(&h).map_err(|e| Error::env(e.to_string()))?;
        }
        Ok(())
    }

    /// Reports `errors` and writes `rows` to the rejects file, in the input's `width` columns
    /// plus the errors.
    pub fn reject<'r>(
        &mut self,
        path: &Path,
        errors: &[CellError],
        rows: impl IntoIterator<Item = &'r RawRow>,
        width: usize,
    ) -> Result<()> {
        self.add_errors(errors.iter().map(|e| e.render(path)));
        if let Some(w) = self.rejects.as_mut() {
            let why = errors
                .iter()
                .map(|e| format!("{}: {}", e.column, e.message))
                .collect::<Vec<_>>()
                .join("; ");
            for row in rows {
                // The input's columns, the error, then any cells the row has beyond the header:
                // nothing the commune sent is lost. Cells a spreadsheet would run as a formula
                // are written with a leading apostrophe, which the import removes again.
                let mut cells: Vec<String> = row
                    .cells
                    .iter()
                    .take(width)
                    .map(|c| crate::text::csv_safe(c).into_owned())
                    .collect();
                cells.resize(width, String::new());
                cells.push(crate::text::csv_safe(&why).into_owned());
                cells.extend(
                    row.cells
                        .iter()
                        .skip(width)
                        .map(|c| crate::text::csv_safe(c).into_owned()),
                );
                w.write_record(&cells)
                    .map_err(|e| Error::env(e.to_string()))?;
            }
        }
        Ok(())
    }

    /// Completes the rejects file and puts it in place under its name.
    pub fn finish(&mut self) -> Result<()> {
        if let Some(w) = self.rejects.take() {
            let out = w
                .into_inner()
                .map_err(|e| Error::env(e.error().to_string()))?;
            out.commit()?;
        }
        Ok(())
    }
}

/// A row checked cell by cell, before it touches the database. The results import builds one
/// too, for the producer, product and registration its row names.
#[derive(Debug, Clone)]
pub(crate) struct Row {
    pub year: i32,
    pub round: i64,
    /// Match the product's registration of the year in any round (a past list names no round);
    /// a new one is made in `round`.
    pub any_round: bool,
    pub kind: Option<RegKind>,
    pub stage: Option<Stage>,
    pub registered_on: Option<String>,
    pub unit_id: i64,
    pub unit_code: String,
    pub subject_kind: SubjectKind,
    /// False when the list gave no kind and it was read from the name: a producer found by tax
    /// code keeps its own kind then, and no difference is reported.
    pub kind_given: bool,
    pub subject_name: String,
    pub tax_code: Option<String>,
    pub representative: Option<String>,
    pub phone: Option<String>,
    pub address: Option<String>,
    pub product_name: String,
    pub regime: String,
    /// None: keep the set the product and registration have (a past list's set that no set of
    /// the regime matched); a new product then has none.
    pub product_set: Option<String>,
}

struct Columns {
    pos: HashMap<&'static str, Option<usize>>,
}

impl Columns {
    fn new(schema: &Schema, map: &HeaderMap) -> Self {
        const IDS: [&str; 14] = [
            "year",
            "round",
            "kind",
            "stage",
            "registered_on",
            "commune",
            "subject_kind",
            "subject_name",
            "tax_code",
            "representative",
            "phone",
            "address",
            "product_name",
            "product_set",
        ];
        let pos = IDS.iter().map(|id| (*id, map.pos(schema, id))).collect();
        Columns { pos }
    }
    fn get(&self, row: &RawRow, id: &str) -> String {
        cell(row, self.pos.get(id).copied().flatten())
    }
}

/// Looks up communes once per distinct (name, date).
struct Checker<'c> {
    conn: &'c Connection,
    home: Option<String>,
    /// Unit versions per commune as written, looked up once; the date picks among them per row.
    communes: HashMap<String, Vec<db::units::Unit>>,
    /// Product sets per (regime, text as written).
    sets: HashMap<(String, String), std::result::Result<String, String>>,
    regimes: &'static Regimes,
    path: String,
}

impl Checker<'_> {
    fn check(
        &mut self,
        row: &RawRow,
        cols: &Columns,
        warnings: &mut Vec<String>,
    ) -> std::result::Result<Row, Vec<CellError>> {
        let mut errs = Vec::new();
        let mut err = |column: &str, message: String| {
            errs.push(CellError {
                row: row.number,
                column: column.to_string(),
                message,
            })
        };
        let required = |v: String| if v.is_empty() { None } else { Some(v) };

        let year = match parse_year(&cols.get(row, "year")) {
            Ok(y) => Some(y),
            Err(e) => {
                err("year", e.message);
                None
            }
        };
        let round = match required(cols.get(row, "round")) {
            None => Some(1),
            Some(v) => parse_round(&v).map_err(|e| err("round", e.message)).ok(),
        };
        let kind = match required(cols.get(row, "kind")) {
            None => Some(None),
            Some(v) => RegKind::parse(&v)
                .map(Some)
                .map_err(|e| err("kind", e.message))
                .ok(),
        };
        let stage = match required(cols.get(row, "stage")) {
            None => Some(None),
            Some(v) => Stage::parse(&v)
                .map(Some)
                .map_err(|e| err("stage", e.message))
                .ok(),
        };
        let registered_on = match required(cols.get(row, "registered_on")) {
            None => Some(None),
            Some(v) => date_cell(&v)
                .map(Some)
                .map_err(|e| err("registered_on", e.message))
                .ok(),
        };
        let subject_kind = match required(cols.get(row, "subject_kind")) {
            None => {
                err("subject_kind", t(Msg::CellRequired, &[]));
                None
            }
            Some(v) => SubjectKind::parse(&v)
                .map_err(|e| err("subject_kind", e.message))
                .ok(),
        };
        let subject_name = required(cols.get(row, "subject_name"));
        if subject_name.is_none() {
            err("subject_name", t(Msg::CellRequired, &[]));
        }
        let tax_code = match required(cols.get(row, "tax_code")) {
            None => Some(None),
            Some(v) => tax_cell(&v, &self.path, row.number, warnings)
                .map(Some)
                .map_err(|e| err("tax_code", e.message))
                .ok(),
        };
        let phone = match required(cols.get(row, "phone")) {
            None => Some(None),
            Some(v) => phone_cell(&v, &self.path, row.number, warnings)
                .map(Some)
                .map_err(|e| err("phone", e.message))
                .ok(),
        };
        let product_name = required(cols.get(row, "product_name"));
        if product_name.is_none() {
            err("product_name", t(Msg::CellRequired, &[]));
        }
        let regime = year.and_then(|y| {
            self.regimes
                .for_year(y)
                .map_err(|e| err("year", e.message))
                .ok()
        });
        let product_set = match (required(cols.get(row, "product_set")), regime) {
            (None, _) => {
                err("product_set", t(Msg::CellRequired, &[]));
                None
            }
            (Some(v), Some(r)) => self
                .sets
                .entry((r.id.clone(), v.clone()))
                .or_insert_with(|| {
                    self.regimes
                        .find_set_in(r, &v)
                        .map(|s| s.id.clone())
                        .map_err(|e| e.message)
                })
                .clone()
                .map_err(|m| err("product_set", m))
                .ok(),
            (Some(_), None) => None,
        };
        let commune = match (required(cols.get(row, "commune")), year) {
            (None, _) => {
                err("commune", t(Msg::CellRequired, &[]));
                None
            }
            (Some(v), Some(y)) => {
                // The commune as it was when the registration was made: on its date, else at the
                // start of its year.
                let on = registered_on
                    .clone()
                    .flatten()
                    .unwrap_or_else(|| format!("{y:04}-01-01"));
                if !self.communes.contains_key(&v) {
                    match db::units::candidates(self.conn, "commune", &v, self.home.as_deref()) {
                        Ok(found) => {
                            self.communes.insert(v.clone(), found);
                        }
                        Err(e) => {
                            return Err(vec![CellError {
                                row: row.number,
                                column: "commune".into(),
                                message: e.message,
                            }]);
                        }
                    }
                }
                let found = self.communes.get(&v).map(Vec::as_slice).unwrap_or_default();
                // A name of another version of the code (a 2019 row naming "Phú Xuân", the name
                // from 01/12/2019) means the code's unit in force on the row's date.
                db::units::choose(found, "commune", &v, &on)
                    .and_then(|u| db::units::in_force_version(self.conn, u, &on))
                    .and_then(|u| db::units::check_in_force(self.conn, &u, &on).map(|()| u))
                    .map(|u| (u.id, u.code))
                    .map_err(|e| err("commune", e.message))
                    .ok()
            }
            (Some(_), None) => None,
        };
        if !errs.is_empty() {
            return Err(errs);
        }
        match (
            year,
            round,
            kind,
            stage,
            registered_on,
            commune,
            subject_kind,
            subject_name,
            tax_code,
            phone,
            product_name,
            regime,
            product_set,
        ) {
            (
                Some(year),
                Some(round),
                Some(kind),
                Some(stage),
                Some(registered_on),
                Some((unit_id, unit_code)),
                Some(subject_kind),
                Some(subject_name),
                Some(tax_code),
                Some(phone),
                Some(product_name),
                Some(regime),
                Some(product_set),
            ) => Ok(Row {
                year,
                round,
                any_round: false,
                kind,
                stage,
                registered_on,
                unit_id,
                unit_code,
                subject_kind,
                kind_given: true,
                subject_name,
                tax_code,
                representative: required(cols.get(row, "representative")),
                phone,
                address: required(cols.get(row, "address")),
                product_name,
                regime: regime.id.clone(),
                product_set: Some(product_set),
            }),
            _ => Err(vec![CellError {
                row: row.number,
                column: "-".into(),
                message: t(Msg::CellRequired, &[]),
            }]),
        }
    }
}

/// Dates as dd/mm/yyyy, yyyy-mm-dd, or an Excel serial number (a date cell read as a number).
pub fn date_cell(v: &str) -> Result<String> {
    if v.len() == 5
        && v.bytes().all(|b| b.is_ascii_digit())
        && let Some(d) = v.parse::<f64>().ok().and_then(excel_serial_to_date)
    {
        return Ok(d);
    }
    Ok(parse_date(v)?.to_string())
}

/// A tax code; a 9-digit number whose zero-padded form passes the check digit lost its leading
/// zero in Excel and is restored with a warning.
pub(crate) fn tax_cell(
    v: &str,
    path: &str,
    row: u64,
    warnings: &mut Vec<String>,
) -> Result<String> {
    let digits: String = v.chars().filter(|c| c.is_ascii_digit()).collect();
    if (digits.len() == 9 || digits.len() == 12)
        && digits.len() == v.trim().len()
        && let Ok((code, TaxCodeNote::None)) = TaxCode::parse(&format!("0{digits}"))
    {
        warnings.push(t(
            Msg::TaxCodeRestored,
            &[
                ("path", path),
                ("row", &row.to_string()),
                ("value", v),
                ("code", code.as_str()),
            ],
        ));
        return Ok(code.as_str().to_string());
    }
    let (code, note) = TaxCode::parse(v)?;
    if note == TaxCodeNote::Personal {
        warnings.push(format!(
            "{path}:{row}:tax_code: {}",
            t(Msg::TaxCodePersonal, &[("value", code.as_str())])
        ));
    }
    Ok(code.as_str().to_string())
}

/// A phone; 9 digits that make a valid number with a leading zero lost it in Excel.
pub(crate) fn phone_cell(
    v: &str,
    path: &str,
    row: u64,
    warnings: &mut Vec<String>,
) -> Result<String> {
    if v.len() == 9
        && v.bytes().all(|b| b.is_ascii_digit())
        && let Ok(p) = phone::normalise(&format!("0{v}"))
    {
        warnings.push(t(
            Msg::PhoneRestored,
            &[
                ("path", path),
                ("row", &row.to_string()),
                ("value", v),
                ("phone", &p),
            ],
        ));
        return Ok(p);
    }
    phone::normalise(v)
}

/// What a checked row names in the database, found before anything is written.
pub(crate) struct Resolved {
    subject_id: Option<i64>,
    old_subject: Option<db::subjects::SubjectFields>,
    pub product_id: Option<i64>,
    pub existing: Option<db::registrations::Existing>,
    new_stage: String,
}

/// Writes one checked row: the producer, the product, the registration. Every check that can
/// refuse the row (a stage moving back) runs before the first write, so that a refused row leaves
/// nothing behind without a savepoint (whose statement journal would copy every page it touches).
fn apply(
    conn: &Connection,
    r: &Row,
    s: &mut Summary,
    ctx: &mut ApplyCtx<'_>,
) -> Result<Option<(&'static str, String)>> {
    match resolve(conn, r, ctx.update_producers)? {
        Err(refused) => Ok(Some(refused)),
        Ok(found) => {
            write(conn, r, found, s, ctx)?;
            Ok(None)
        }
    }
}

/// Finds who and what a row names, and checks everything that can refuse it, without writing:
/// `Err((column, message))` refuses the row.
#[allow(clippy::type_complexity)]
pub(crate) fn resolve(
    conn: &Connection,
    r: &Row,
    update_producers: bool,
) -> Result<std::result::Result<Resolved, (&'static str, String)>> {
    // Read: who and what the row names, and what the database already has. A tax code identifies
    // a legal entity: a row with one matches only the producer with that tax code, or makes a new
    // one; never a producer found by name. A row without one matches by name and commune, and only
    // when exactly one producer has them.
    let name_key = fold(&r.subject_name);
    let subject_id = match &r.tax_code {
        Some(tc) => db::subjects::id_by_tax_code(conn, tc)?,
        None => match db::subjects::by_name_and_code(conn, &name_key, &r.unit_code)? {
            (0, _) => None,
            (1, id) => id,
            _ => {
                let found = db::subjects::describe_by_name_and_code(conn, &name_key, &r.unit_code)?;
                return Ok(Err((
                    "subject_name",
                    t(
                        Msg::SubjectAmbiguousInCommune,
                        &[("name", &r.subject_name), ("found", &found.join(", "))],
                    ),
                )));
            }
        },
    };
    let old_subject = match subject_id {
        Some(id) => Some(
            db::subjects::fields(conn, id)?
                .ok_or_else(|| Error::data(t(Msg::RecordVanished, &[("what", "producer")])))?,
        ),
        None => None,
    };
    // A tax code found with another name or kind: another entity, or a producer renamed. Never
    // silently: an error of the row unless the import was told to update producers.
    if let (Some(old), Some(tc)) = (&old_subject, &r.tax_code)
        && (fold(&old.name) != name_key || (r.kind_given && old.kind != r.subject_kind.id()))
        && !update_producers
    {
        return Ok(Err((
            "tax_code",
            t(
                Msg::TaxCodeOtherProducer,
                &[
                    ("tax_code", tc),
                    ("name", &r.subject_name),
                    ("kind", r.subject_kind.id()),
                    ("old_name", &old.name),
                    ("old_kind", &old.kind),
                ],
            ),
        )));
    }
    let product_id = match subject_id {
        Some(sid) => db::products::id_by_subject_and_name(conn, sid, &fold(&r.product_name))?,
        None => None,
    };
    // A product typed with marks that differ from the stored name is another name, not a new
    // spelling: refused before anything is written (the names are one per producer without marks).
    if let Some(pid) = product_id
        && crate::text::has_diacritics(&r.product_name)
        && let Some(old) = db::products::fields(conn, pid)?
        && crate::text::accent_key(&old.name) != crate::text::accent_key(&r.product_name)
    {
        return Ok(Err((
            "product_name",
            t(
                Msg::ProductMarksDiffer,
                &[("name", &r.product_name), ("stored", &old.name)],
            ),
        )));
    }
    let existing = match product_id {
        Some(pid) if r.any_round => db::registrations::by_product_year(conn, pid, r.year)?,
        Some(pid) => db::registrations::by_product_year_round(conn, pid, r.year, r.round)?,
        None => None,
    };
    // A council's stages come from its commands, not from a list: a row may repeat the stage a
    // registration already has (a re-import), never bring one in.
    if let Some(st) = r.stage
        && st.decided_by().is_some()
        && existing.as_ref().is_none_or(|old| old.stage != st.id())
    {
        let code = existing
            .as_ref()
            .map_or_else(|| r.product_name.clone(), |old| old.code.clone());
        if let Err(e) = st.check_not_decided_by_council(&code) {
            return Ok(Err(("stage", e.message)));
        }
    }
    let new_stage = match (&existing, r.stage) {
        (Some(old), Some(st)) if st.id() != old.stage => {
            Stage::from_id(&old.stage)
                .unwrap_or(Stage::Idea)
                .check_move(st, &old.code)?;
            st.id().to_string()
        }
        (Some(old), _) => old.stage.clone(),
        (None, st) => st.unwrap_or(Stage::Idea).id().to_string(),
    };

    Ok(Ok(Resolved {
        subject_id,
        old_subject,
        product_id,
        existing,
        new_stage,
    }))
}

/// Writes a resolved row: the producer (added, or updated with what the row adds), the product,
/// the registration. Returns the registration's id.
pub(crate) fn write(
    conn: &Connection,
    r: &Row,
    found: Resolved,
    s: &mut Summary,
    ctx: &mut ApplyCtx<'_>,
) -> Result<i64> {
    let Resolved {
        subject_id,
        old_subject,
        product_id,
        existing,
        new_stage,
    } = found;
    let name_key = fold(&r.subject_name);
    // Write.
    let fields = db::subjects::SubjectFields {
        kind: r.subject_kind.id().to_string(),
        name: r.subject_name.clone(),
        tax_code: r.tax_code.clone(),
        representative: r.representative.clone(),
        phone: r.phone.clone(),
        address: r.address.clone(),
        unit_id: r.unit_id,
    };
    let subject_id = match (subject_id, old_subject) {
        (None, _) | (_, None) => {
            // Another producer of the same name in the same commune is not this one (another
            // tax code, or none): said, not merged.
            if r.tax_code.is_some()
                && db::subjects::exists_by_name_and_code(conn, &name_key, &r.unit_code)?
            {
                if ctx.warnings.len() >= MAX_ERRORS_KEPT {
                    *ctx.warnings_not_kept += 1;
                } else {
                    let found =
                        db::subjects::describe_by_name_and_code(conn, &name_key, &r.unit_code)?;
                    ctx.warnings.push(t(
                        Msg::SubjectSameNameOtherTaxCode,
                        &[
                            ("row", &ctx.row.to_string()),
                            ("name", &r.subject_name),
                            ("tax_code", r.tax_code.as_deref().unwrap_or("-")),
                            ("found", &found.join(", ")),
                        ],
                    ));
                }
            }
            s.subj_added += 1;
            db::subjects::insert_new(conn, &fields)?
        }
        (Some(id), Some(old)) => {
            // Empty cells keep what is known; a producer keeps its commune version while the
            // code is the same; its name and kind change only with --update-producers (checked
            // above), and a name spelled differently but the same without case or diacritics
            // keeps the stored spelling.
            let (name, kind) = if ctx.update_producers {
                (
                    fields.name.clone(),
                    if r.kind_given {
                        fields.kind.clone()
                    } else {
                        old.kind.clone()
                    },
                )
            } else {
                (old.name.clone(), old.kind.clone())
            };
            let merged = db::subjects::SubjectFields {
                name,
                kind,
                tax_code: fields.tax_code.clone().or(old.tax_code.clone()),
                representative: fields.representative.clone().or(old.representative.clone()),
                phone: fields.phone.clone().or(old.phone.clone()),
                address: fields.address.clone().or(old.address.clone()),
                // Nor is it moved to the commune that took its own over (the 2025 reform).
                unit_id: if old.unit_id == r.unit_id
                    || db::units::get(conn, old.unit_id)?.code == r.unit_code
                    || db::units::leads_to(conn, old.unit_id, &r.unit_code)?
                {
                    old.unit_id
                } else {
                    r.unit_id
                },
            };
            if merged != old {
                db::subjects::update(conn, id, &merged)?;
                s.subj_updated += 1;
                // Every update keeps the old values: the fields that changed, old and new.
                audit::record(
                    conn,
                    ctx.operator,
                    "edit",
                    "subject",
                    &id.to_string(),
                    &json!({
                        "changes": crate::ops::diff(
                            &crate::ops::subject_json(&old),
                            &crate::ops::subject_json(&merged)
                        ),
                        "file": ctx.file,
                        "row": ctx.row,
                    }),
                )?;
            }
            id
        }
    };
    let product_id = match product_id {
        None => {
            s.prod_added += 1;
            db::products::insert_new(
                conn,
                &db::products::ProductFields {
                    subject_id,
                    name: r.product_name.clone(),
                    regime: r.regime.clone(),
                    product_set: r.product_set.clone().unwrap_or_default(),
                    unit_id: r.unit_id,
                },
            )?
        }
        Some(id) => {
            let old = db::products::fields(conn, id)?
                .ok_or_else(|| Error::data(t(Msg::RecordVanished, &[("what", "product")])))?;
            // The product keeps its name (an import never renames: the row matched it without
            // case or marks, and one typed with other marks was refused above); its set may
            // change, audited.
            if old.regime == r.regime
                && let Some(set) = &r.product_set
                && &old.product_set != set
            {
                let new = db::products::ProductFields {
                    product_set: set.clone(),
                    ..old.clone()
                };
                db::products::update(conn, id, &new)?;
                s.prod_updated += 1;
                audit::record(
                    conn,
                    ctx.operator,
                    "edit",
                    "product",
                    &id.to_string(),
                    &json!({
                        "changes": crate::ops::diff(
                            &crate::ops::product_json(&old),
                            &crate::ops::product_json(&new)
                        ),
                        "file": ctx.file,
                        "row": ctx.row,
                    }),
                )?;
            }
            id
        }
    };
    // A set the row does not give: the product's, when the registration is of its regime.
    let product_set = match &r.product_set {
        Some(set) => set.clone(),
        None => match &existing {
            Some(old) => old.product_set.clone(),
            None => db::products::fields(conn, product_id)?
                .filter(|p| p.regime == r.regime)
                .map(|p| p.product_set)
                .unwrap_or_default(),
        },
    };
    let reg_id = match existing {
        None => {
            let (id, _) = db::registrations::insert_new(
                conn,
                &db::registrations::NewRegistration {
                    year: r.year,
                    round: r.round,
                    product_id,
                    unit_id: r.unit_id,
                    regime: r.regime.clone(),
                    product_set: product_set.clone(),
                    kind: r.kind.unwrap_or(RegKind::New).id().to_string(),
                    stage: new_stage,
                    registered_on: r.registered_on.clone(),
                },
            )?;
            s.reg_added += 1;
            id
        }
        Some(old) => {
            let kind = r.kind.map_or(old.kind.clone(), |k| k.id().to_string());
            let registered_on = r.registered_on.clone().or(old.registered_on.clone());
            if kind != old.kind
                || new_stage != old.stage
                || registered_on != old.registered_on
                || product_set != old.product_set
            {
                db::registrations::update_fields(
                    conn,
                    old.id,
                    &kind,
                    &new_stage,
                    registered_on.as_deref(),
                    &product_set,
                )?;
                s.reg_updated += 1;
            } else {
                s.reg_same += 1;
            }
            old.id
        }
    };
    Ok(reg_id)
}

/// What `apply` needs besides the row: who imports, from where, and what the import may change.
pub(crate) struct ApplyCtx<'a> {
    pub operator: &'a str,
    pub file: &'a str,
    pub row: u64,
    pub update_producers: bool,
    pub warnings: &'a mut Vec<String>,
    pub warnings_not_kept: &'a mut u64,
}

/// Runs the import from `src` into `conn`. Errors and warnings go to `report`; the database is
/// changed only when every row passed (or with `skip_invalid`), and never on a dry run.
pub fn import(
    conn: &mut Connection,
    operator: &str,
    path: &Path,
    src: &mut dyn RowSource,
    opts: &Options,
    report: &mut Report,
) -> Result<Summary> {
    let schema = Schema::load("schemas/import/registrations.toml", REGISTRATIONS)?;
    let (header, map) = find_header(src, &schema, opts.header_row, path)?;
    report.warn_unknown(path, &map);
    report.reject_header(&header.cells)?;
    let cols = Columns::new(&schema, &map);
    let path_label = path.display().to_string();
    let mut summary = Summary::default();
    // A bulk write touches three tables and their indexes: a larger page cache keeps SQLite from
    // spilling half-written pages to the WAL over and over (32 MiB, inside the memory budget).
    conn.pragma_update(None, "cache_size", -32768)?;
    let tx = db::write(conn)?;
    let mut checker = Checker {
        conn: &tx,
        home: crate::ops::home_district(&tx)?,
        communes: HashMap::new(),
        sets: HashMap::new(),
        regimes: Regimes::in_use()?,
        path: path_label.clone(),
    };
    while let Some(row) = src.next_row()? {
        if row.cells.iter().all(|c| c.trim().is_empty()) {
            continue;
        }
        if !report.take_row(&mut summary.rows, opts.limit) {
            break;
        }
        let mut row_errors: Vec<CellError> = Vec::new();
        match checker.check(&row, &cols, &mut report.warnings) {
            Err(errs) => row_errors = errs,
            Ok(r) => {
                let mut ctx = ApplyCtx {
                    operator,
                    file: &path_label,
                    row: row.number,
                    update_producers: opts.update_producers,
                    warnings: &mut report.warnings,
                    warnings_not_kept: &mut report.warnings_not_kept,
                };
                match apply(&tx, &r, &mut summary, &mut ctx) {
                    Ok(None) => {}
                    Ok(Some((column, message))) => row_errors.push(CellError {
                        row: row.number,
                        column: column.into(),
                        message,
                    }),
                    // A stage that would move back: the row's stage is at fault.
                    Err(e) if e.kind == crate::error::Kind::Data => {
                        row_errors.push(CellError {
                            row: row.number,
                            column: "stage".into(),
                            message: e.message,
                        });
                    }
                    Err(e) => return Err(e),
                }
            }
        }
        if !row_errors.is_empty() {
            summary.rejected += 1;
            report.reject(path, &row_errors, [&row], header.cells.len())?;
        }
    }
    drop(checker);
    let keep =
        !opts.dry_run && opts.limit.is_none() && (summary.rejected == 0 || opts.skip_invalid);
    let changed = summary.changes() > 0;
    summary.committed = settle(tx, keep, report, |tx| {
        if !changed {
            return Ok(());
        }
        audit::record(
            tx,
            operator,
            "import",
            "registration",
            "",
            &json!({
                "file": path_label, "rows": summary.rows, "rejected": summary.rejected,
                "registrations": [summary.reg_added, summary.reg_updated, summary.reg_same],
                "subjects": [summary.subj_added, summary.subj_updated],
                "products": [summary.prod_added, summary.prod_updated],
            }),
        )
    })?;
    Ok(summary)
}

/// The end of a row-by-row import: the progress bar cleared; when `keep`, `audit` records the
/// import and the transaction commits, else it rolls back; then the rejects file is put in place.
/// Returns whether it committed.
pub(crate) fn settle(
    tx: rusqlite::Transaction<'_>,
    keep: bool,
    report: &mut Report,
    audit: impl FnOnce(&Connection) -> Result<()>,
) -> Result<bool> {
    if let Some(p) = &report.progress {
        p.finish_and_clear();
    }
    if keep {
        audit(&tx)?;
        tx.commit()?;
    } else {
        tx.rollback()?;
    }
    report.finish()?;
    Ok(keep)
}
