//! Đăng ký: registrations of products for a year's cycle.

use rusqlite::{Connection, OptionalExtension, Row};

use crate::error::{Error, Result};
use crate::i18n::{Msg, l, t};
use crate::text::fold;

#[derive(Debug, Clone, PartialEq)]
pub struct Registration {
    pub id: i64,
    pub code: String,
    pub year: i32,
    pub round: i64,
    pub product_id: i64,
    pub product_name: String,
    pub subject_id: i64,
    pub subject_name: String,
    pub subject_kind: String,
    pub unit_id: i64,
    pub commune_code: String,
    pub commune_name: String,
    pub regime: String,
    pub product_set: String,
    pub kind: String,
    pub stage: String,
    pub registered_on: Option<String>,
    pub evaluated_on: Option<String>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct NewRegistration {
    pub year: i32,
    pub round: i64,
    pub product_id: i64,
    pub unit_id: i64,
    pub regime: String,
    pub product_set: String,
    pub kind: String,
    pub stage: String,
    pub registered_on: Option<String>,
}

const SELECT: &str = "SELECT r.id, r.code, r.year, r.round, r.product_id, p.name, s.id, s.name, s.kind, r.unit_id, u.code, u.name,
        r.regime, r.product_set, r.kind, r.stage, r.registered_on, r.evaluated_on
 FROM registration r JOIN product p ON p.id = r.product_id JOIN subject s ON s.id = p.subject_id
      JOIN unit u ON u.id = r.unit_id";

fn from_row(r: &Row<'_>) -> rusqlite::Result<Registration> {
    Ok(Registration {
        id: r.get(0)?,
        code: r.get(1)?,
        year: r.get(2)?,
        round: r.get(3)?,
        product_id: r.get(4)?,
        product_name: r.get(5)?,
        subject_id: r.get(6)?,
        subject_name: r.get(7)?,
        subject_kind: r.get(8)?,
        unit_id: r.get(9)?,
        commune_code: r.get(10)?,
        commune_name: r.get(11)?,
        regime: r.get(12)?,
        product_set: r.get(13)?,
        kind: r.get(14)?,
        stage: r.get(15)?,
        registered_on: r.get(16)?,
        evaluated_on: r.get(17)?,
    })
}

/// The human code of a registration: the year and its number within the year, at least 3 digits.
pub fn code_for(year: i32, seq: i64) -> String {
    format!("{year}-{seq:03}")
}

/// Inserts a registration with the next number of its year; returns (id, code).
pub fn insert(conn: &Connection, n: &NewRegistration) -> Result<(i64, String)> {
    let existing: Option<String> = conn
        .prepare_cached(
            "SELECT code FROM registration WHERE product_id = ?1 AND year = ?2 AND round = ?3",
        )?
        .query_row((n.product_id, n.year, n.round), |r| r.get(0))
        .optional()?;
    if let Some(code) = existing {
        return Err(Error::data(t(
            Msg::AlreadyRegistered,
            &[
                ("product", &n.product_id.to_string()),
                ("year", &n.year.to_string()),
                ("round", &n.round.to_string()),
                ("code", &code),
            ],
        )));
    }
    insert_new(conn, n)
}

/// Inserts without the friendly duplicate check, for a caller that has just looked it up.
pub fn insert_new(conn: &Connection, n: &NewRegistration) -> Result<(i64, String)> {
    // ORDER BY … LIMIT 1 walks the (year, seq) index from its end; max(seq) with a WHERE would
    // read every registration of the year.
    let last: Option<i64> = conn
        .prepare_cached("SELECT seq FROM registration WHERE year = ?1 ORDER BY seq DESC LIMIT 1")?
        .query_row([n.year], |r| r.get(0))
        .optional()?;
    let seq = last.unwrap_or(0) + 1;
    let code = code_for(n.year, seq);
    let now = super::now();
    conn.prepare_cached(
        "INSERT INTO registration (code, year, seq, round, product_id, unit_id, regime, product_set, kind, stage,
                                   registered_on, created_at, updated_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?12)",
    )?
    .execute((
        &code, n.year, seq, n.round, n.product_id, n.unit_id, &n.regime, &n.product_set, &n.kind,
        &n.stage, &n.registered_on, &now,
    ))?;
    Ok((conn.last_insert_rowid(), code))
}

pub fn set_stage(conn: &Connection, id: i64, stage: &str) -> Result<()> {
    conn.prepare_cached("UPDATE registration SET stage = ?2, updated_at = ?3 WHERE id = ?1")?
        .execute((id, stage, super::now()))?;
    Ok(())
}

/// Sets a registration's regime and product set (one without sheets).
pub fn set_regime_and_set(
    conn: &Connection,
    id: i64,
    regime: &str,
    product_set: &str,
) -> Result<()> {
    conn.prepare_cached(
        "UPDATE registration SET regime = ?2, product_set = ?3, updated_at = ?4 WHERE id = ?1",
    )?
    .execute((id, regime, product_set, super::now()))?;
    Ok(())
}

/// Records the evaluation date and the regime (and set) in force on it.
pub fn set_evaluation(
    conn: &Connection,
    id: i64,
    evaluated_on: &str,
    regime: &str,
    product_set: &str,
) -> Result<()> {
    conn.prepare_cached(
        "UPDATE registration SET evaluated_on = ?2, regime = ?3, product_set = ?4, updated_at = ?5 WHERE id = ?1",
    )?
    .execute((id, evaluated_on, regime, product_set, super::now()))?;
    Ok(())
}

pub fn get(conn: &Connection, id: i64) -> Result<Option<Registration>> {
    Ok(conn
        .prepare_cached(&format!("{SELECT} WHERE r.id = ?1"))?
        .query_row([id], from_row)
        .optional()?)
}

pub fn count(conn: &Connection) -> Result<i64> {
    Ok(conn.query_row("SELECT count(*) FROM registration", [], |r| r.get(0))?)
}

#[derive(Debug, Default)]
pub struct ListFilter {
    pub year: Option<i32>,
    pub round: Option<i64>,
    pub stage: Option<String>,
    pub unit_ids: Option<Vec<i64>>,
    /// `regime:set` pairs; a registration matches when its own pair is among them.
    pub sets: Option<Vec<String>>,
    pub product_id: Option<i64>,
    pub search: Option<String>,
}

pub fn list(conn: &Connection, f: &ListFilter) -> Result<Vec<Registration>> {
    let units = f
        .unit_ids
        .as_ref()
        .map(|ids| serde_json::Value::from(ids.clone()).to_string());
    let sets = f
        .sets
        .as_ref()
        .map(|s| serde_json::Value::from(s.clone()).to_string());
    let search = f
        .search
        .as_deref()
        .map(|s| crate::text::like_contains(&fold(s)));
    let mut st = conn.prepare(&format!(
        "{SELECT}
         WHERE (?1 IS NULL OR r.year = ?1)
           AND (?2 IS NULL OR r.round = ?2)
           AND (?3 IS NULL OR r.stage = ?3)
           AND (?4 IS NULL OR r.unit_id IN (SELECT value FROM json_each(?4)))
           AND (?5 IS NULL OR r.regime || ':' || r.product_set IN (SELECT value FROM json_each(?5)))
           AND (?6 IS NULL OR r.product_id = ?6)
           AND (?7 IS NULL OR p.name_key LIKE ?7 ESCAPE '\\' OR s.name_key LIKE ?7 ESCAPE '\\' OR r.code LIKE ?7 ESCAPE '\\')
         ORDER BY r.year, r.seq"
    ))?;
    let rows = st.query_map(
        (f.year, f.round, &f.stage, units, sets, f.product_id, search),
        from_row,
    )?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// Finds a registration by its code (`2019-007`, also `2019-7`) or id.
pub fn find(conn: &Connection, query: &str) -> Result<Registration> {
    let q = query.trim();
    let not_found = || {
        Error::data(t(
            Msg::NotFound,
            &[
                ("what", l(Msg::WhatRegistration)),
                ("query", q),
                ("hint", "ocop registration list"),
            ],
        ))
    };
    let id: Option<i64> = if let Some((y, n)) = q.split_once('-') {
        match (y.parse::<i32>(), n.parse::<i64>()) {
            (Ok(y), Ok(n)) => conn
                .prepare_cached("SELECT id FROM registration WHERE year = ?1 AND seq = ?2")?
                .query_row((y, n), |r| r.get(0))
                .optional()?,
            _ => None,
        }
    } else {
        q.trim_start_matches('#').parse::<i64>().ok()
    };
    match id {
        Some(id) => get(conn, id)?.ok_or_else(not_found),
        None => Err(not_found()),
    }
}

/// The fields an import compares, of the registration of a product in a year and round.
#[derive(Debug, Clone)]
pub struct Existing {
    pub id: i64,
    pub code: String,
    pub kind: String,
    pub stage: String,
    pub registered_on: Option<String>,
    pub product_set: String,
}

pub fn by_product_year_round(
    conn: &Connection,
    product_id: i64,
    year: i32,
    round: i64,
) -> Result<Option<Existing>> {
    Ok(conn
        .prepare_cached(
            "SELECT id, code, kind, stage, registered_on, product_set FROM registration
             WHERE product_id = ?1 AND year = ?2 AND round = ?3",
        )?
        .query_row((product_id, year, round), existing)
        .optional()?)
}

/// The registration of a product in a year, whatever its round: the one with a result or a
/// certificate, else the last round (a past list names the year, not the round).
pub fn by_product_year(conn: &Connection, product_id: i64, year: i32) -> Result<Option<Existing>> {
    Ok(conn
        .prepare_cached(
            "SELECT id, code, kind, stage, registered_on, product_set FROM registration r
             WHERE product_id = ?1 AND year = ?2
             ORDER BY EXISTS (SELECT 1 FROM result x WHERE x.registration_id = r.id) DESC, round DESC
             LIMIT 1",
        )?
        .query_row((product_id, year), existing)
        .optional()?)
}

/// An `Existing` from a row of `id, code, kind, stage, registered_on, product_set`.
fn existing(r: &rusqlite::Row<'_>) -> rusqlite::Result<Existing> {
    Ok(Existing {
        id: r.get(0)?,
        code: r.get(1)?,
        kind: r.get(2)?,
        stage: r.get(3)?,
        registered_on: r.get(4)?,
        product_set: r.get(5)?,
    })
}

pub fn update_fields(
    conn: &Connection,
    id: i64,
    kind: &str,
    stage: &str,
    registered_on: Option<&str>,
    product_set: &str,
) -> Result<()> {
    conn.prepare_cached(
        "UPDATE registration SET kind = ?2, stage = ?3, registered_on = ?4, product_set = ?5, updated_at = ?6 WHERE id = ?1",
    )?
    .execute((id, kind, stage, registered_on, product_set, super::now()))?;
    Ok(())
}

/// Records the certificate a re-evaluation renews (`register --from-cert`), so that recognising
/// it replaces that certificate and no other.
pub fn set_renews(conn: &Connection, id: i64, certificate: i64) -> Result<()> {
    conn.prepare_cached("UPDATE registration SET renews_certificate_id = ?2 WHERE id = ?1")?
        .execute((id, certificate))?;
    Ok(())
}

/// The certificate a registration was registered to renew, if any.
pub fn renews_of(conn: &Connection, id: i64) -> Result<Option<i64>> {
    Ok(conn
        .prepare_cached("SELECT renews_certificate_id FROM registration WHERE id = ?1")?
        .query_row([id], |r| r.get(0))?)
}
