//! Chủ thể: producers.

use rusqlite::{Connection, OptionalExtension, Row};

use crate::error::{Error, Result};
use crate::i18n::{Msg, l, t};
use crate::text::fold;

#[derive(Debug, Clone, PartialEq)]
pub struct Subject {
    pub id: i64,
    pub kind: String,
    pub name: String,
    pub tax_code: Option<String>,
    pub representative: Option<String>,
    pub phone: Option<String>,
    pub address: Option<String>,
    pub unit_id: i64,
    pub commune_code: String,
    pub commune_name: String,
    pub products: i64,
}

/// The fields of a producer as checked by the domain, before or after it has an id.
#[derive(Debug, Clone, PartialEq)]
pub struct SubjectFields {
    pub kind: String,
    pub name: String,
    pub tax_code: Option<String>,
    pub representative: Option<String>,
    pub phone: Option<String>,
    pub address: Option<String>,
    pub unit_id: i64,
}

const SELECT: &str =
    "SELECT s.id, s.kind, s.name, s.tax_code, s.representative, s.phone, s.address, s.unit_id,
        u.code, u.name, (SELECT count(*) FROM product p WHERE p.subject_id = s.id)
 FROM subject s JOIN unit u ON u.id = s.unit_id";

fn from_row(r: &Row<'_>) -> rusqlite::Result<Subject> {
    Ok(Subject {
        id: r.get(0)?,
        kind: r.get(1)?,
        name: r.get(2)?,
        tax_code: r.get(3)?,
        representative: r.get(4)?,
        phone: r.get(5)?,
        address: r.get(6)?,
        unit_id: r.get(7)?,
        commune_code: r.get(8)?,
        commune_name: r.get(9)?,
        products: r.get(10)?,
    })
}

impl Subject {
    pub fn fields(&self) -> SubjectFields {
        SubjectFields {
            kind: self.kind.clone(),
            name: self.name.clone(),
            tax_code: self.tax_code.clone(),
            representative: self.representative.clone(),
            phone: self.phone.clone(),
            address: self.address.clone(),
            unit_id: self.unit_id,
        }
    }
}

pub fn insert(conn: &Connection, f: &SubjectFields) -> Result<i64> {
    check_tax_code_free(conn, f.tax_code.as_deref(), None)?;
    insert_new(conn, f)
}

/// Inserts without the friendly tax-code check, for a caller that has just looked the code up.
pub fn insert_new(conn: &Connection, f: &SubjectFields) -> Result<i64> {
    let now = super::now();
    conn.prepare_cached(
        "INSERT INTO subject (kind, name, name_key, tax_code, representative, phone, address, unit_id, created_at, updated_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?9)",
    )?
    .execute((
        &f.kind, &f.name, fold(&f.name), &f.tax_code, &f.representative, &f.phone, &f.address,
        f.unit_id, &now,
    ))?;
    Ok(conn.last_insert_rowid())
}

pub fn update(conn: &Connection, id: i64, f: &SubjectFields) -> Result<()> {
    check_tax_code_free(conn, f.tax_code.as_deref(), Some(id))?;
    conn.prepare_cached(
        "UPDATE subject SET kind = ?2, name = ?3, name_key = ?4, tax_code = ?5, representative = ?6, phone = ?7,
         address = ?8, unit_id = ?9, updated_at = ?10 WHERE id = ?1",
    )?
    .execute((
        id, &f.kind, &f.name, fold(&f.name), &f.tax_code, &f.representative, &f.phone, &f.address,
        f.unit_id, super::now(),
    ))?;
    Ok(())
}

/// A tax code names one producer: refuse a second with the reason, not a bare constraint error.
fn check_tax_code_free(conn: &Connection, tax: Option<&str>, except: Option<i64>) -> Result<()> {
    let Some(tax) = tax else { return Ok(()) };
    let other: Option<(i64, String)> = conn
        .prepare_cached("SELECT id, name FROM subject WHERE tax_code = ?1 AND id IS NOT ?2")?
        .query_row((tax, except), |r| Ok((r.get(0)?, r.get(1)?)))
        .optional()?;
    match other {
        Some((id, name)) => Err(Error::data(t(
            Msg::TaxCodeTaken,
            &[("value", tax), ("id", &id.to_string()), ("name", &name)],
        ))),
        None => Ok(()),
    }
}

pub fn delete(conn: &Connection, id: i64) -> Result<()> {
    conn.execute("DELETE FROM subject WHERE id = ?1", [id])?;
    Ok(())
}

/// A producer's own fields, without the joins of [`get`].
pub fn fields(conn: &Connection, id: i64) -> Result<Option<SubjectFields>> {
    Ok(conn
        .prepare_cached(
            "SELECT kind, name, tax_code, representative, phone, address, unit_id FROM subject WHERE id = ?1",
        )?
        .query_row([id], |r| {
            Ok(SubjectFields {
                kind: r.get(0)?,
                name: r.get(1)?,
                tax_code: r.get(2)?,
                representative: r.get(3)?,
                phone: r.get(4)?,
                address: r.get(5)?,
                unit_id: r.get(6)?,
            })
        })
        .optional()?)
}

pub fn get(conn: &Connection, id: i64) -> Result<Option<Subject>> {
    Ok(conn
        .prepare_cached(&format!("{SELECT} WHERE s.id = ?1"))?
        .query_row([id], from_row)
        .optional()?)
}

pub fn count(conn: &Connection) -> Result<i64> {
    Ok(conn.query_row("SELECT count(*) FROM subject", [], |r| r.get(0))?)
}

#[derive(Debug, Default)]
pub struct ListFilter {
    pub unit_ids: Option<Vec<i64>>,
    pub kind: Option<String>,
    pub search: Option<String>,
}

pub fn list(conn: &Connection, f: &ListFilter) -> Result<Vec<Subject>> {
    let units = f
        .unit_ids
        .as_ref()
        .map(|ids| serde_json::Value::from(ids.clone()).to_string());
    let search = f
        .search
        .as_deref()
        .map(|s| crate::text::like_contains(&fold(s)));
    let mut st = conn.prepare(&format!(
        "{SELECT}
         WHERE (?1 IS NULL OR s.unit_id IN (SELECT value FROM json_each(?1)))
           AND (?2 IS NULL OR s.kind = ?2)
           AND (?3 IS NULL OR s.name_key LIKE ?3 ESCAPE '\\' OR s.tax_code LIKE ?3 ESCAPE '\\')
         ORDER BY s.id"
    ))?;
    let rows = st.query_map((units, &f.kind, search), from_row)?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// Finds a producer by id, tax code or name (case and diacritics ignored); a unique partial name
/// match is accepted, several matches list the candidates.
pub fn find(conn: &Connection, query: &str) -> Result<Subject> {
    let q = query.trim();
    let what = l(Msg::WhatSubject);
    let not_found = || {
        Error::data(t(
            Msg::NotFound,
            &[
                ("what", what),
                ("query", q),
                ("hint", "ocop subject list --search …"),
            ],
        ))
    };
    let digits: String = q.chars().filter(|c| c.is_ascii_digit()).collect();
    if !q.is_empty()
        && q.chars()
            .all(|c| c.is_ascii_digit() || c == '-' || c == ' ')
    {
        if digits.len() >= 10 {
            let code = if digits.len() == 13 {
                format!("{}-{}", &digits[..10], &digits[10..])
            } else {
                digits.clone()
            };
            let id = id_by_tax_code(conn, &code)?.ok_or_else(not_found)?;
            return get(conn, id)?.ok_or_else(not_found);
        }
        if let Ok(id) = digits.parse::<i64>() {
            return get(conn, id)?.ok_or_else(not_found);
        }
    }
    let key = fold(q.trim_start_matches('#'));
    let exact = list_by_key(conn, "s.name_key = ?1", &key)?;
    let found = if exact.is_empty() {
        list_by_key(
            conn,
            "s.name_key LIKE ?1 ESCAPE '\\'",
            &crate::text::like_contains(&key),
        )?
    } else {
        exact
    };
    let found = crate::text::prefer_as_typed(found, q, |s| vec![s.name.as_str()]);
    pick(found, q, what, |s| format!("#{} {}", s.id, s.name))
        .map_err(|e| if e.message.is_empty() { not_found() } else { e })
}

fn list_by_key(conn: &Connection, cond: &str, key: &str) -> Result<Vec<Subject>> {
    let mut st = conn.prepare_cached(&format!("{SELECT} WHERE {cond} ORDER BY s.id LIMIT 21"))?;
    let rows = st.query_map([key], from_row)?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// One match, or an error: empty message for none (the caller words it), the candidates for many.
pub fn pick<T>(
    mut found: Vec<T>,
    query: &str,
    what: &str,
    label: impl Fn(&T) -> String,
) -> Result<T> {
    match found.len() {
        0 => Err(Error::data(String::new())),
        1 => found.pop().ok_or_else(|| Error::data(String::new())),
        _ => {
            let mut names: Vec<String> = found.iter().take(20).map(label).collect();
            if found.len() > 20 {
                names.push("…".into());
            }
            Err(Error::data(t(
                Msg::Ambiguous,
                &[
                    ("query", query),
                    ("what", what),
                    ("candidates", &names.join(", ")),
                ],
            )))
        }
    }
}

pub fn id_by_tax_code(conn: &Connection, tax_code: &str) -> Result<Option<i64>> {
    Ok(conn
        .prepare_cached("SELECT id FROM subject WHERE tax_code = ?1")?
        .query_row([tax_code], |r| r.get(0))
        .optional()?)
}

/// A producer without tax code is known by its name in its commune (any version of the code).
pub fn id_by_name_and_code(
    conn: &Connection,
    name_key: &str,
    commune_code: &str,
) -> Result<Option<i64>> {
    Ok(match by_name_and_code(conn, name_key, commune_code)? {
        (1, id) => id,
        _ => None,
    })
}

/// Whether any producer has this name in this commune: one index probe.
pub fn exists_by_name_and_code(
    conn: &Connection,
    name_key: &str,
    commune_code: &str,
) -> Result<bool> {
    Ok(conn
        .prepare_cached(
            "SELECT 1 FROM subject s JOIN unit u ON u.id = s.unit_id
             WHERE s.name_key = ?1 AND u.code = ?2 LIMIT 1",
        )?
        .exists([name_key, commune_code])?)
}

/// How many producers have this name in this commune (any version of its code), and the first:
/// one index probe, min() and count() rather than a sort for every imported row.
pub fn by_name_and_code(
    conn: &Connection,
    name_key: &str,
    commune_code: &str,
) -> Result<(i64, Option<i64>)> {
    Ok(conn
        .prepare_cached(&format!(
            "{} SELECT count(*), min(s.id) FROM subject s JOIN unit u ON u.id = s.unit_id
             WHERE s.name_key = ?1 AND (u.code = ?2 OR s.unit_id IN before)",
            crate::db::units::LINEAGE
        ))?
        .query_row([name_key, commune_code], |r| Ok((r.get(0)?, r.get(1)?)))?)
}

/// The producers of this name in this commune, as "#id (tax code)" for a message.
pub fn describe_by_name_and_code(
    conn: &Connection,
    name_key: &str,
    commune_code: &str,
) -> Result<Vec<String>> {
    // The first few are enough to say which; a name shared by hundreds is not listed whole.
    let mut st = conn.prepare_cached(&format!(
        "{} SELECT s.id, s.tax_code FROM subject s JOIN unit u ON u.id = s.unit_id
         WHERE s.name_key = ?1 AND (u.code = ?2 OR s.unit_id IN before) ORDER BY s.id LIMIT 5",
        crate::db::units::LINEAGE
    ))?;
    let rows = st.query_map([name_key, commune_code], |r| {
        let id: i64 = r.get(0)?;
        let tc: Option<String> = r.get(1)?;
        Ok(format!("#{id} ({})", tc.unwrap_or_else(|| "-".into())))
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}
