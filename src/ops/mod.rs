//! Operations shared by the commands, the demo and the imports: each checks its input with the
//! domain rules, writes through `db`, and records the change in the audit log. They take an open
//! transaction, so that a caller decides what is one all-or-nothing unit of work.

use std::path::Path;

use rusqlite::{Connection, OptionalExtension};
use serde_json::json;

use crate::db::products::ProductFields;
use crate::db::registrations::NewRegistration;
use crate::db::subjects::SubjectFields;
use crate::db::units::{self, Unit};
use crate::db::{self, audit};
use crate::domain::date::{date_or_today, parse_date, parse_round, parse_year, today};
use crate::domain::phone;
use crate::domain::registration::{RegKind, Stage};
use crate::domain::subject::SubjectKind;
use crate::domain::tax_code::{TaxCode, TaxCodeNote};
use crate::error::{Error, Result};
use crate::i18n::{Msg, t};
use crate::import::units::UnitsFile;
use crate::rules::regime::Regimes;
use crate::text::clean;

pub mod dossier;
pub mod preassess;
pub mod scoring;

/// The home district's code, set by `init`; commune names are looked up within it.
pub fn home_district(conn: &Connection) -> Result<Option<String>> {
    db::meta_get(conn, "district_code")
}

/// Finds a commune of the home district by code or name, preferring the version in force on `on`.
pub fn find_commune(conn: &Connection, query: &str, on: &str) -> Result<Unit> {
    let home = home_district(conn)?;
    units::find(conn, "commune", query, home.as_deref(), on)
}

/// The communes a two-level units file brings into a district install: those that succeeded the
/// district's communes (by the successors file, on the day before `from`), and the two-level
/// communes it already holds. `None` where the area is a district or a province as it stands (a
/// three-level file, or a province install).
pub fn area_communes(
    conn: &Connection,
    two_level: bool,
    from: Option<&str>,
    successors: &std::collections::HashMap<String, Vec<String>>,
    path: &Path,
) -> Result<Option<std::collections::HashSet<String>>> {
    let Some(home) = home_district(conn)? else {
        return Ok(None);
    };
    if !two_level {
        return Ok(None);
    }
    let mut st =
        conn.prepare("SELECT code FROM unit WHERE level = 'commune' AND district_code IS NULL")?;
    let mut codes: std::collections::HashSet<String> = st
        .query_map([], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    let (Some(from), false) = (from, successors.is_empty()) else {
        if codes.is_empty() {
            return Err(Error::usage(t(
                Msg::ReformNeedsSuccessors,
                &[("path", &path.display().to_string()), ("district", &home)],
            )));
        }
        return Ok(Some(codes));
    };
    let eve = eve_of(from)?;
    for v in units::communes_in_force(conn, &[home], &eve)? {
        if let Some(next) = successors.get(&v.code) {
            codes.extend(next.iter().cloned());
        }
    }
    Ok(Some(codes))
}

/// The commune a user names for a new producer or product, or a changed one: it must be in force
/// on `as_of` (default today); a closed one is refused naming what took it over
/// (UnitMergedInto, UnitDividedBetween).
pub fn commune_for_new_record(conn: &Connection, query: &str, as_of: Option<&str>) -> Result<Unit> {
    let on = date_or_today(as_of)?.to_string();
    let home = home_district(conn)?;
    units::find_for_record(conn, "commune", query, home.as_deref(), &on)
}

/// How a units file is loaded: the day its units took effect (`--from`, else each row's
/// `valid_from`), and the successors of units that end (`--successors FILE`).
#[derive(Debug, Default, Clone)]
pub struct UnitLoadOptions {
    pub from: Option<String>,
    pub successors: std::collections::HashMap<String, Vec<String>>,
}

/// What loading a units file did.
#[derive(Debug, Default, Clone, PartialEq)]
pub struct UnitLoad {
    pub added: u64,
    /// New versions of units whose name, type or parent changed (the old version closed).
    pub versioned: Vec<String>,
    /// Ends or successors given to existing versions by the file.
    pub updated: u64,
    pub same: u64,
    /// Units in force that the file leaves out, in the districts it covers: closed with `from`,
    /// else only named.
    pub missing: Vec<String>,
    pub closed: Vec<String>,
}

/// Loads checked units, never renaming a unit in place: a code that comes back with another
/// name, type or parent becomes a new version from the file's date (the old one closed the day
/// before); without a date that is refused, naming the units. Successors that are not in the file
/// must already be in the database.
pub fn load_units(
    conn: &Connection,
    file: &UnitsFile,
    path: &Path,
    opts: &UnitLoadOptions,
) -> Result<UnitLoad> {
    check_structure(conn, file, path, opts)?;
    let mut missing = Vec::new();
    for (row, code) in &file.pending_successors {
        if !units::exists_code(conn, code)? {
            missing.push(
                crate::import::CellError {
                    row: *row,
                    column: "successor_code".into(),
                    message: t(Msg::UnknownSuccessor, &[("code", code)]),
                }
                .render(path),
            );
        }
    }
    if !missing.is_empty() {
        let n = missing.len().to_string();
        missing.push(t(
            Msg::UnitRowErrors,
            &[("path", &path.display().to_string()), ("count", &n)],
        ));
        return Err(Error::data(missing.join("\n")));
    }
    let day_before = eve_of;
    let mut out = UnitLoad::default();
    let mut renamed_without_date = Vec::new();
    for u in &file.units {
        let from = u.valid_from.clone().or_else(|| opts.from.clone());
        let versions = units::by_code(conn, u.level, &u.code)?;
        // The version this row speaks of: the one starting on its date, else the one in force
        // then, else the newest.
        // A row with its own validity describes one version: the one with its start.
        let explicit = u.valid_from.is_some() || u.valid_to.is_some();
        let same_start = versions
            .iter()
            .find(|v| explicit && v.valid_from == u.valid_from);
        let current = same_start.or_else(|| match &from {
            Some(d) => versions.iter().find(|v| v.in_force_on(d)).or_else(|| {
                versions.iter().rev().find(|v| {
                    v.valid_from.as_deref().is_none_or(|f| f <= d.as_str()) && v.valid_to.is_none()
                })
            }),
            None => versions
                .iter()
                .rev()
                .find(|v| v.valid_to.is_none())
                .or(versions.last()),
        });
        match current {
            None => {
                let mut new = u.clone();
                new.valid_from = from.clone();
                units::insert(conn, &new)?;
                out.added += 1;
            }
            Some(v) if units::same_identity(v, u) => {
                let gives_end = u.valid_to.is_some() || u.successor_code.is_some();
                if gives_end && (v.valid_to != u.valid_to || v.successor_code != u.successor_code) {
                    units::set_end(conn, v.id, u)?;
                    out.updated += 1;
                } else {
                    out.same += 1;
                }
            }
            Some(v) => match &from {
                Some(d) if v.valid_from.as_deref() != Some(d.as_str()) => {
                    check_ends_after_start(v, d)?;
                    units::check_not_used_from(conn, v, d)?;
                    // The code may now name another unit (2025: the new Xã Thọ Xuân took the
                    // old township's 15499): the successors file says what followed the old one.
                    close_with_successors(
                        conn,
                        v,
                        &day_before(d)?,
                        opts.successors.get(&v.code),
                        &u.code,
                    )?;
                    let mut new = u.clone();
                    new.valid_from = Some(d.clone());
                    units::insert(conn, &new)?;
                    out.versioned
                        .push(format!("{} {} → {}", u.code, v.name, u.name));
                }
                _ => renamed_without_date.push(format!("{} {} → {}", u.code, v.name, u.name)),
            },
        }
    }
    if !renamed_without_date.is_empty() {
        return Err(Error::data(t(
            Msg::UnitRenamedNeedsDate,
            &[
                ("path", &path.display().to_string()),
                ("units", &renamed_without_date.join(", ")),
            ],
        )));
    }
    // Units the file leaves out, in the districts it covers.
    let districts: Vec<String> = file.districts.keys().cloned().collect();
    if !districts.is_empty() {
        let on = opts
            .from
            .clone()
            .unwrap_or_else(|| crate::domain::date::today().to_string());
        let codes: std::collections::HashSet<&str> =
            file.units.iter().map(|u| u.code.as_str()).collect();
        for v in units::communes_in_force(conn, &districts, &on)? {
            if codes.contains(v.code.as_str()) {
                continue;
            }
            match &opts.from {
                Some(d) => {
                    check_ends_after_start(&v, d)?;
                    units::check_not_used_from(conn, &v, d)?;
                    let succ = opts.successors.get(&v.code);
                    let one = succ.filter(|s| s.len() == 1).map(|s| s[0].as_str());
                    units::close(conn, v.id, &day_before(d)?, one)?;
                    out.closed.push(match succ {
                        Some(s) => format!("{} {} → {}", v.code, v.name, s.join("+")),
                        None => format!("{} {}", v.code, v.name),
                    });
                }
                None => out.missing.push(format!("{} {}", v.code, v.name)),
            }
        }
    }
    // A file of the two-level government ends the three-level structure on its date: every
    // district closes, and every commune of the old structure closes with its successors.
    if let (true, Some(d)) = (file.two_level, &opts.from) {
        let eve = day_before(d)?;
        let in_file: std::collections::HashSet<&str> =
            file.units.iter().map(|u| u.code.as_str()).collect();
        for v in units::list(
            conn,
            &units::ListFilter {
                level: None,
                district_code: None,
                at: Some(eve.clone()),
            },
        )? {
            // Already ended on the eve (a file imported again): nothing to do.
            if v.level == "province"
                || v.district_code.is_none()
                || v.valid_to.as_deref() == Some(&eve)
            {
                continue;
            }
            check_ends_after_start(&v, d)?;
            if v.level == "district" {
                units::close(conn, v.id, &eve, None)?;
                out.closed.push(format!("{} {}", v.code, v.name));
                continue;
            }
            if in_file.contains(v.code.as_str()) {
                // Its code names a unit of the new structure: closed as a new version above.
                continue;
            }
            match opts.successors.get(&v.code) {
                Some(s) => {
                    units::check_not_used_from(conn, &v, d)?;
                    close_with_successors(conn, &v, &eve, Some(s), &v.code)?;
                    out.closed
                        .push(format!("{} {} → {}", v.code, v.name, s.join("+")));
                }
                None => out.missing.push(format!("{} {}", v.code, v.name)),
            }
        }
    }
    Ok(out)
}

/// The day before `date` (yyyy-mm-dd or dd/mm/yyyy): the last day of what a change on `date` ends.
fn eve_of(date: &str) -> Result<String> {
    parse_date(date)?
        .yesterday()
        .map(|d| d.to_string())
        .map_err(|_| Error::data(t(Msg::DateInvalid, &[("value", date)])))
}

/// The day districts were abolished (two-level local government).
pub const REFORM_DAY: &str = "2025-07-01";

/// What a units file may say of the structure of its date, before anything is written: a file
/// without districts describes the units from 01/07/2025 on (`--from` not earlier), a file with
/// districts the units before it (not on an install that already holds the two-level units, nor
/// with a `--from` on or after that day); and, for a district install going through the reform,
/// every commune of the district has its successors, each one a commune of the file in the
/// district's province.
fn check_structure(
    conn: &Connection,
    file: &UnitsFile,
    path: &Path,
    opts: &UnitLoadOptions,
) -> Result<()> {
    let shown = path.display().to_string();
    let refuse = |msg: Msg, extra: &[(&str, &str)]| {
        let mut args = vec![("path", shown.as_str()), ("reform", "01/07/2025")];
        args.extend_from_slice(extra);
        Err(Error::data(t(msg, &args)))
    };
    let communes = file.units.iter().filter(|u| u.level == "commune").count();
    if communes == 0 {
        return Ok(());
    }
    let holds_two_level: bool = conn
        .prepare_cached(
            "SELECT EXISTS (SELECT 1 FROM unit WHERE level = 'commune' AND district_code IS NULL)",
        )?
        .query_row([], |r| r.get(0))?;
    if file.two_level {
        if let Some(d) = &opts.from
            && d.as_str() < REFORM_DAY
        {
            return refuse(Msg::TwoLevelBeforeReform, &[("from", d)]);
        }
    } else {
        if let Some(d) = &opts.from
            && d.as_str() >= REFORM_DAY
        {
            return refuse(Msg::DistrictsAfterReform, &[("from", d)]);
        }
        if holds_two_level {
            return refuse(Msg::DistrictsOnTwoLevel, &[]);
        }
    }
    // A district install through the reform: every commune of the district in force on the eve
    // has its successors, and each is a commune of the file in the district's province.
    if let (true, Some(home), Some(d)) = (file.two_level, home_district(conn)?, &opts.from)
        && !opts.successors.is_empty()
    {
        let eve = eve_of(d)?;
        let province: Option<String> = conn
            .prepare_cached(
                "SELECT province_code FROM unit WHERE level = 'district' AND code = ?1 LIMIT 1",
            )?
            .query_row([&home], |r| r.get(0))
            .optional()?;
        let in_file: std::collections::HashMap<&str, &str> = file
            .units
            .iter()
            .filter(|u| u.level == "commune")
            .map(|u| (u.code.as_str(), u.province_code.as_str()))
            .collect();
        let mut without = Vec::new();
        let mut strangers = Vec::new();
        for v in units::communes_in_force(conn, &[home], &eve)? {
            match opts.successors.get(&v.code) {
                None => without.push(v.label()),
                Some(next) => {
                    for n in next {
                        match in_file.get(n.as_str()) {
                            Some(p) if province.as_deref().is_none_or(|x| x == *p) => {}
                            _ => strangers.push(format!("{} → {n}", v.label())),
                        }
                    }
                }
            }
        }
        if !without.is_empty() {
            return refuse(Msg::ReformNoSuccessor, &[("units", &without.join(", "))]);
        }
        if !strangers.is_empty() {
            return refuse(
                Msg::ReformStrangeSuccessor,
                &[("units", &strangers.join(", "))],
            );
        }
    }
    Ok(())
}

/// A version cannot end before it began: a `--from` on or before a unit's start would rewrite
/// its history (refused, naming the unit and its start).
fn check_ends_after_start(v: &Unit, from: &str) -> Result<()> {
    match v.valid_from.as_deref() {
        Some(f) if f >= from => Err(Error::data(t(
            Msg::FromBeforeStart,
            &[("unit", &v.named()), ("start", f), ("from", from)],
        ))),
        _ => Ok(()),
    }
}

/// Closes `v` on `eve` with its successors: the one it merged into, or every commune it was
/// divided between (recorded in `unit_successor`); without a successors entry, `same_code`.
fn close_with_successors(
    conn: &Connection,
    v: &Unit,
    eve: &str,
    successors: Option<&Vec<String>>,
    same_code: &str,
) -> Result<()> {
    match successors.map(Vec::as_slice) {
        Some([one]) => units::close(conn, v.id, eve, Some(one)),
        Some(many) if !many.is_empty() => {
            units::close(conn, v.id, eve, None)?;
            units::add_successors(conn, v.id, many)
        }
        _ => units::close(conn, v.id, eve, Some(same_code)),
    }
}

/// Reads a successors file: `old_commune_code,new_commune_code` (the national successors file's
/// columns, with the province, district and names beside them), one row per successor; an old
/// commune divided between several has several rows.
pub fn read_successors(path: &Path) -> Result<std::collections::HashMap<String, Vec<String>>> {
    use crate::import::source;
    let mut src = source::open(path, &source::SourceOptions::default())?;
    // Every message names the file (and the row and column) before what is wrong there.
    let shown = path.display().to_string();
    let at_row = |row: u64, column: &str, m: String| {
        t(
            Msg::AtPlace,
            &[("place", &format!("{row}:{column}")), ("message", &m)],
        )
    };
    let bad = |m: String| Error::data(t(Msg::AtPlace, &[("place", &shown), ("message", &m)]));
    let head = src
        .next_row()?
        .ok_or_else(|| bad(t(Msg::SuccessorsColumns, &[])))?;
    let pos = |ids: &[&str]| {
        head.cells
            .iter()
            .position(|c| ids.contains(&crate::text::fold(c).replace(' ', "_").as_str()))
    };
    let (Some(old), Some(new)) = (
        pos(&["old_commune_code", "old_code", "ma_xa_cu"]),
        pos(&[
            "new_commune_code",
            "new_code",
            "successor_code",
            "ma_xa_moi",
        ]),
    ) else {
        return Err(bad(t(Msg::SuccessorsColumns, &[])));
    };
    let divided = pos(&["divided", "bi_chia", "chia_tach"]);
    let mut declared: std::collections::HashMap<String, (bool, u64)> =
        std::collections::HashMap::new();
    let mut map: std::collections::HashMap<String, Vec<String>> = std::collections::HashMap::new();
    while let Some(r) = src.next_row()? {
        let o = source::cell(&r, Some(old));
        let n = source::cell(&r, Some(new));
        if o.is_empty() || n.is_empty() {
            continue;
        }
        // The file's own word on division, checked against its rows below.
        if let Some(i) = divided {
            let v = crate::text::fold(&source::cell(&r, Some(i)));
            let yes = match v.as_str() {
                "yes" | "co" | "1" | "true" => true,
                "no" | "khong" | "0" | "false" | "" => false,
                _ => {
                    return Err(bad(at_row(
                        r.number,
                        "divided",
                        t(Msg::SuccessorsDividedValue, &[("value", &v)]),
                    )));
                }
            };
            declared
                .entry(format!("{o:0>5}"))
                .or_insert((yes, r.number));
        }
        if !o.bytes().all(|b| b.is_ascii_digit()) || !n.bytes().all(|b| b.is_ascii_digit()) {
            return Err(bad(at_row(
                r.number,
                "new_commune_code",
                t(
                    Msg::CodeDigits,
                    &[("value", &format!("{o} {n}")), ("digits", "5")],
                ),
            )));
        }
        let entry = map.entry(format!("{o:0>5}")).or_default();
        let n = format!("{n:0>5}");
        if !entry.contains(&n) {
            entry.push(n);
        }
    }
    for (code, (yes, row)) in &declared {
        let many = map.get(code).is_some_and(|v| v.len() > 1);
        if *yes != many {
            return Err(bad(at_row(
                *row,
                "divided",
                t(
                    Msg::SuccessorsDividedRows,
                    &[
                        ("code", code),
                        ("count", &map.get(code).map_or(0, Vec::len).to_string()),
                        ("said", if *yes { "yes" } else { "no" }),
                    ],
                ),
            )));
        }
    }
    Ok(map)
}

/// A producer's fields as typed by a user; None leaves a field as it is on edit.
#[derive(Debug, Default, Clone)]
pub struct SubjectInput {
    pub kind: Option<String>,
    pub name: Option<String>,
    pub tax_code: Option<String>,
    pub representative: Option<String>,
    pub phone: Option<String>,
    pub address: Option<String>,
    pub commune: Option<String>,
    /// The date `commune` is taken on (a producer of a past list) [default: today].
    pub as_of: Option<String>,
    /// A commune already resolved (by a caller that knows the date); wins over `commune`.
    pub unit_id: Option<i64>,
}

impl SubjectInput {
    pub fn is_empty(&self) -> bool {
        self.kind.is_none()
            && self.name.is_none()
            && self.tax_code.is_none()
            && self.representative.is_none()
            && self.phone.is_none()
            && self.address.is_none()
            && self.commune.is_none()
            && self.unit_id.is_none()
    }
}

/// A text field no longer than an import accepts, so that whatever is entered can be exported
/// and imported again.
fn check_length(field: &str, v: Option<&String>) -> Result<()> {
    let max = crate::import::source::MAX_CELL_CHARS;
    match v {
        Some(v) if v.chars().count() > max => Err(Error::data(t(
            Msg::FieldTooLong,
            &[
                ("field", field),
                ("chars", &v.chars().count().to_string()),
                ("max", &max.to_string()),
            ],
        ))),
        _ => Ok(()),
    }
}

/// An optional text field: trimmed and NFC, empty means "none".
fn opt_text(v: &str) -> Option<String> {
    Some(clean(v)).filter(|s| !s.is_empty())
}

/// Checks a producer's input over `base` (the current fields on edit). Returns the fields and the
/// warnings to show (e.g. a 12-digit personal tax code).
pub fn subject_fields(
    conn: &Connection,
    base: Option<SubjectFields>,
    input: &SubjectInput,
) -> Result<(SubjectFields, Vec<String>)> {
    let mut warnings = Vec::new();
    let kind = match (&input.kind, &base) {
        (Some(k), _) => SubjectKind::parse(k)?.id().to_string(),
        (None, Some(b)) => b.kind.clone(),
        (None, None) => return Err(Error::usage(t(Msg::SubjectKindInvalid, &[("value", "")]))),
    };
    let name = match (&input.name, &base) {
        (Some(n), _) => opt_text(n).ok_or_else(|| Error::data(t(Msg::NameEmpty, &[])))?,
        (None, Some(b)) => b.name.clone(),
        (None, None) => return Err(Error::data(t(Msg::NameEmpty, &[]))),
    };
    let tax_code = match (&input.tax_code, &base) {
        (Some(v), _) if v.trim().is_empty() => None,
        (Some(v), _) => {
            let (code, note) = TaxCode::parse(v)?;
            if note == TaxCodeNote::Personal {
                warnings.push(t(Msg::TaxCodePersonal, &[("value", code.as_str())]));
            }
            Some(code.as_str().to_string())
        }
        (None, Some(b)) => b.tax_code.clone(),
        (None, None) => None,
    };
    let phone = match (&input.phone, &base) {
        (Some(v), _) if v.trim().is_empty() => None,
        (Some(v), _) => Some(phone::normalise(v)?),
        (None, Some(b)) => b.phone.clone(),
        (None, None) => None,
    };
    let pick = |new: &Option<String>, old: Option<&Option<String>>| match new {
        Some(v) => opt_text(v),
        None => old.cloned().flatten(),
    };
    let representative = pick(
        &input.representative,
        base.as_ref().map(|b| &b.representative),
    );
    let address = pick(&input.address, base.as_ref().map(|b| &b.address));
    let unit_id = match (&input.commune, &base) {
        _ if input.unit_id.is_some() => input.unit_id.unwrap_or_default(),
        (Some(c), _) => commune_for_new_record(conn, c, input.as_of.as_deref())?.id,
        (None, Some(b)) => b.unit_id,
        (None, None) => {
            return Err(Error::usage(t(
                Msg::NotFound,
                &[
                    ("what", crate::i18n::l(Msg::WhatCommune)),
                    ("query", ""),
                    ("hint", "ocop unit list"),
                ],
            )));
        }
    };
    for (field, v) in [
        ("name", Some(&name)),
        ("representative", representative.as_ref()),
        ("address", address.as_ref()),
    ] {
        check_length(field, v)?;
    }
    Ok((
        SubjectFields {
            kind,
            name,
            tax_code,
            representative,
            phone,
            address,
            unit_id,
        },
        warnings,
    ))
}

pub fn add_subject(conn: &Connection, operator: &str, f: &SubjectFields) -> Result<i64> {
    let id = db::subjects::insert(conn, f)?;
    audit::record(
        conn,
        operator,
        "add",
        "subject",
        &id.to_string(),
        &subject_json(f),
    )?;
    Ok(id)
}

pub fn subject_json(f: &SubjectFields) -> serde_json::Value {
    json!({
        "kind": f.kind, "name": f.name, "tax_code": f.tax_code, "representative": f.representative,
        "phone": f.phone, "address": f.address, "unit_id": f.unit_id,
    })
}

/// Only the fields that differ, as {"field": [old, new]}, for the audit log.
pub fn diff(old: &serde_json::Value, new: &serde_json::Value) -> serde_json::Value {
    let mut out = serde_json::Map::new();
    if let (Some(o), Some(n)) = (old.as_object(), new.as_object()) {
        for (k, nv) in n {
            let ov = o.get(k).cloned().unwrap_or(serde_json::Value::Null);
            if &ov != nv {
                out.insert(k.clone(), json!([ov, nv]));
            }
        }
    }
    serde_json::Value::Object(out)
}

/// A product's fields as typed by a user.
#[derive(Debug, Default, Clone)]
pub struct ProductInput {
    pub name: Option<String>,
    pub subject: Option<String>,
    pub set: Option<String>,
    pub regime: Option<String>,
    pub commune: Option<String>,
    /// The date `commune` is taken on (a product of a past list) [default: today].
    pub as_of: Option<String>,
}

pub fn product_fields(
    conn: &Connection,
    base: Option<ProductFields>,
    input: &ProductInput,
) -> Result<ProductFields> {
    let regimes = Regimes::in_use()?;
    let subject = match (&input.subject, &base) {
        (Some(s), _) => Some(db::subjects::find(conn, s)?),
        (None, _) => None,
    };
    let subject_id = match (&subject, &base) {
        (Some(s), _) => s.id,
        (None, Some(b)) => b.subject_id,
        (None, None) => {
            return Err(Error::usage(t(
                Msg::NotFound,
                &[
                    ("what", crate::i18n::l(Msg::WhatSubject)),
                    ("query", ""),
                    ("hint", "ocop subject list"),
                ],
            )));
        }
    };
    let name = match (&input.name, &base) {
        (Some(n), _) => opt_text(n).ok_or_else(|| Error::data(t(Msg::NameEmpty, &[])))?,
        (None, Some(b)) => b.name.clone(),
        (None, None) => return Err(Error::data(t(Msg::NameEmpty, &[]))),
    };
    check_length("name", Some(&name))?;
    let regime = match (&input.regime, &base) {
        (Some(r), _) => regimes.get(r)?,
        (None, Some(b)) => regimes.get(&b.regime)?,
        (None, None) => regimes.on(today())?,
    };
    let product_set = match (&input.set, &base) {
        (Some(s), _) => regime.find_set(s)?.id.clone(),
        (None, Some(b)) if b.regime == regime.id => b.product_set.clone(),
        (None, Some(b)) => regime.find_set(&b.product_set)?.id.clone(),
        (None, None) => {
            return Err(Error::usage(t(
                Msg::NotFound,
                &[
                    ("what", crate::i18n::l(Msg::WhatProductSet)),
                    ("query", ""),
                    (
                        "hint",
                        &format!("ocop criteria list --regime {}", regime.id),
                    ),
                ],
            )));
        }
    };
    let unit_id = match (&input.commune, &subject, &base) {
        (Some(c), _, _) => commune_for_new_record(conn, c, input.as_of.as_deref())?.id,
        (None, _, Some(b)) => b.unit_id,
        // A new product in its producer's commune, which must be in force today (or on --as-of).
        (None, Some(s), None) => {
            let u = units::get(conn, s.unit_id)?;
            let on = date_or_today(input.as_of.as_deref())?.to_string();
            units::check_in_force(conn, &u, &on)?;
            s.unit_id
        }
        (None, None, None) => unreachable_subject_unit(conn, subject_id)?,
    };
    Ok(ProductFields {
        subject_id,
        name,
        regime: regime.id.clone(),
        product_set,
        unit_id,
    })
}

fn unreachable_subject_unit(conn: &Connection, subject_id: i64) -> Result<i64> {
    db::subjects::get(conn, subject_id)?
        .map(|s| s.unit_id)
        .ok_or_else(|| {
            Error::data(t(
                Msg::NotFound,
                &[
                    ("what", crate::i18n::l(Msg::WhatSubject)),
                    ("query", &subject_id.to_string()),
                    ("hint", "ocop subject list"),
                ],
            ))
        })
}

pub fn product_json(f: &ProductFields) -> serde_json::Value {
    json!({
        "subject_id": f.subject_id, "name": f.name, "regime": f.regime,
        "product_set": f.product_set, "unit_id": f.unit_id,
    })
}

pub fn add_product(conn: &Connection, operator: &str, f: &ProductFields) -> Result<i64> {
    let id = db::products::insert(conn, f)?;
    audit::record(
        conn,
        operator,
        "add",
        "product",
        &id.to_string(),
        &product_json(f),
    )?;
    Ok(id)
}

/// A registration as typed by a user.
#[derive(Debug, Clone)]
pub struct RegisterInput {
    pub product_id: i64,
    pub year: String,
    pub round: String,
    pub kind: String,
    pub stage: String,
    pub date: Option<String>,
    pub regime: Option<String>,
    pub set: Option<String>,
    /// The commune, where the product's has been divided since (or to place it elsewhere).
    pub commune: Option<String>,
}

/// Registers a product for a year: the regime of the year (or the one named), the product's set in
/// that regime, and the commune the product was in at that time (its successor after a merger).
pub fn register(conn: &Connection, operator: &str, input: &RegisterInput) -> Result<(i64, String)> {
    let regimes = Regimes::in_use()?;
    let year = parse_year(&input.year)?;
    let round = parse_round(&input.round)?;
    let kind = RegKind::parse(&input.kind)?;
    let stage = Stage::parse(&input.stage)?;
    // An office records the stages it decided; a council's result comes only from its commands.
    stage.check_not_decided_by_council(&format!("{}", input.product_id))?;
    let registered_on = match input
        .date
        .as_deref()
        .map(str::trim)
        .filter(|d| !d.is_empty())
    {
        Some(d) => Some(parse_date(d)?.to_string()),
        None => None,
    };
    let product = db::products::get(conn, input.product_id)?.ok_or_else(|| {
        Error::data(t(
            Msg::NotFound,
            &[
                ("what", crate::i18n::l(Msg::WhatProduct)),
                ("query", &input.product_id.to_string()),
                ("hint", "ocop product list"),
            ],
        ))
    })?;
    let regime = match &input.regime {
        Some(r) => {
            let g = regimes.get(r)?;
            g.check_in_force_in_year(year)?;
            g
        }
        None => regimes.for_year(year)?,
    };
    let product_set = match &input.set {
        Some(s) => regimes.find_set_in(regime, s)?.id.clone(),
        None if product.regime == regime.id => product.product_set.clone(),
        // A product from a past list whose set no set of its regime matched.
        None if product.product_set.is_empty() => {
            return Err(Error::usage(t(
                Msg::ProductHasNoSet,
                &[("product", &product.name), ("regime", &regime.id)],
            )));
        }
        None => regimes
            .carry_set(&product.product_set, &product.regime, regime)?
            .id
            .clone(),
    };
    let unit = match &input.commune {
        // Named: in force on the registration's date (else in its year).
        Some(q) => {
            let on = registered_on
                .clone()
                .unwrap_or_else(|| format!("{year:04}-12-31"));
            let home = home_district(conn)?;
            let u = match &registered_on {
                Some(_) => units::find_for_record(conn, "commune", q, home.as_deref(), &on)?,
                // Undated: a commune in force at some time of the year.
                None => {
                    let u = find_commune(conn, q, &on)?;
                    if !u.in_force_in_year(year) {
                        units::check_in_force(conn, &u, &on)?;
                    }
                    u
                }
            };
            // Where the product's commune was divided, the answer is one of those that took it
            // over.
            let own = units::get(conn, product.unit_id)?;
            let after = units::on_date(conn, &own, &on)?;
            if after.len() > 1 && !after.iter().any(|a| a.id == u.id) {
                let names: Vec<String> = after.iter().map(Unit::named).collect();
                return Err(Error::data(t(
                    Msg::NotASuccessor,
                    &[
                        ("unit", &u.named()),
                        ("own", &own.named()),
                        ("successors", &names.join("; ")),
                    ],
                )));
            }
            u
        }
        None => {
            let unit = units::get(conn, product.unit_id)?;
            match &registered_on {
                Some(d) => unit_on(conn, &unit, d)?,
                None => units::for_year(conn, &unit, year)?,
            }
            .map(Ok)
            .unwrap_or_else(|| {
                // Divided between several communes: say which, and --commune.
                let on = registered_on
                    .clone()
                    .unwrap_or_else(|| format!("{year:04}-12-31"));
                units::check_in_force(conn, &unit, &on)?;
                Err(Error::data(t(
                    Msg::UnitNotInForce,
                    &[
                        ("product", &product.id.to_string()),
                        ("unit", &unit.label()),
                        ("year", &year.to_string()),
                    ],
                )))
            })?
        }
    };
    let new = NewRegistration {
        year,
        round,
        product_id: product.id,
        unit_id: unit.id,
        regime: regime.id.clone(),
        product_set,
        kind: kind.id().to_string(),
        stage: stage.id().to_string(),
        registered_on,
    };
    let (id, code) = db::registrations::insert(conn, &new)?;
    audit::record(
        conn,
        operator,
        "add",
        "registration",
        &code,
        &json!({
            "product_id": new.product_id, "year": new.year, "round": new.round, "unit_id": new.unit_id,
            "regime": new.regime, "product_set": new.product_set, "kind": new.kind, "stage": new.stage,
            "registered_on": new.registered_on,
        }),
    )?;
    Ok((id, code))
}

/// The unit standing for `u` on `date`: itself if in force then, else the version of its code in
/// force then (a commune named by its code today means, in 2019, the 2019 commune of that code),
/// else its successor.
fn unit_on(conn: &Connection, u: &Unit, date: &str) -> Result<Option<Unit>> {
    let mut cur = u.clone();
    for _ in 0..16 {
        if cur.in_force_on(date) {
            return Ok(Some(cur));
        }
        // Divided between several communes: the code it shares with one of them says nothing.
        if units::successors(conn, &cur)?.len() > 1 {
            return Ok(None);
        }
        if let Some(v) = units::by_code(conn, &cur.level, &cur.code)?
            .into_iter()
            .find(|v| v.in_force_on(date))
        {
            return Ok(Some(v));
        }
        match units::successor(conn, &cur)? {
            Some(next) => cur = next,
            // A unit that started after the date: registrations may be recorded late; keep it.
            None => {
                return Ok(if cur.valid_to.is_none() {
                    Some(cur)
                } else {
                    None
                });
            }
        }
    }
    Ok(None)
}

/// Moves a registration to a later stage, with the reason in the audit log. With `gate` (the
/// dossier store), submitting is refused while the mandatory dossier is incomplete, unless
/// `forced`; imports and direct registrations record the state as reported and pass no gate.
pub fn advance(
    conn: &Connection,
    operator: &str,
    reg_id: i64,
    to: Stage,
    reason: Option<&str>,
    forced: bool,
    gate: Option<(&crate::store::Store, &str)>,
) -> Result<(Stage, String)> {
    let reg = db::registrations::get(conn, reg_id)?.ok_or_else(|| {
        Error::data(t(
            Msg::NotFound,
            &[
                ("what", crate::i18n::l(Msg::WhatRegistration)),
                ("query", &reg_id.to_string()),
                ("hint", "ocop registration list"),
            ],
        ))
    })?;
    let from = Stage::from_id(&reg.stage).unwrap_or(Stage::Idea);
    // A move the cycle forbids is refused for that reason first; the stages a council decides
    // are reached only through its commands.
    from.check_move(to, &reg.code)?;
    to.check_not_decided_by_council(&reg.code)?;
    let forced = forced && to == Stage::Submitted;
    if let (Stage::Submitted, Some((store, at)), false) = (to, gate, forced) {
        let problems = dossier::mandatory_problems(conn, store, &reg, at)?;
        if !problems.is_empty() {
            return Err(Error::data(t(
                Msg::AdvanceIncomplete,
                &[
                    ("code", &reg.code),
                    ("missing", &dossier::describe(&problems)),
                ],
            )));
        }
    }
    db::registrations::set_stage(conn, reg.id, to.id())?;
    audit::record(
        conn,
        operator,
        "stage",
        "registration",
        &reg.code,
        &json!({ "from": from.id(), "to": to.id(), "reason": reason, "forced": forced,
                 "on": gate.map(|(_, at)| at) }),
    )?;
    Ok((from, reg.code))
}
