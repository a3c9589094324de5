//! Sản phẩm: products, each belonging to one producer and one product set.

use rusqlite::{Connection, OptionalExtension, Row};

use crate::error::{Error, Result};
use crate::i18n::{Msg, l, t};
use crate::text::fold;

#[derive(Debug, Clone, PartialEq)]
pub struct Product {
    pub id: i64,
    pub subject_id: i64,
    pub subject_name: String,
    pub name: String,
    pub regime: String,
    pub product_set: String,
    pub unit_id: i64,
    pub commune_code: String,
    pub commune_name: String,
    pub registrations: i64,
}

#[derive(Debug, Clone, PartialEq)]
pub struct ProductFields {
    pub subject_id: i64,
    pub name: String,
    pub regime: String,
    pub product_set: String,
    pub unit_id: i64,
}

const SELECT: &str =
    "SELECT p.id, p.subject_id, s.name, p.name, p.regime, p.product_set, p.unit_id, u.code, u.name,
        (SELECT count(*) FROM registration r WHERE r.product_id = p.id)
 FROM product p JOIN subject s ON s.id = p.subject_id JOIN unit u ON u.id = p.unit_id";

fn from_row(r: &Row<'_>) -> rusqlite::Result<Product> {
    Ok(Product {
        id: r.get(0)?,
        subject_id: r.get(1)?,
        subject_name: r.get(2)?,
        name: r.get(3)?,
        regime: r.get(4)?,
        product_set: r.get(5)?,
        unit_id: r.get(6)?,
        commune_code: r.get(7)?,
        commune_name: r.get(8)?,
        registrations: r.get(9)?,
    })
}

impl Product {
    pub fn fields(&self) -> ProductFields {
        ProductFields {
            subject_id: self.subject_id,
            name: self.name.clone(),
            regime: self.regime.clone(),
            product_set: self.product_set.clone(),
            unit_id: self.unit_id,
        }
    }
}

/// A producer's product names are unique without case or diacritics.
fn check_name_free(conn: &Connection, f: &ProductFields, except: Option<i64>) -> Result<()> {
    let other: Option<i64> = conn
        .prepare_cached(
            "SELECT id FROM product WHERE subject_id = ?1 AND name_key = ?2 AND id IS NOT ?3",
        )?
        .query_row((f.subject_id, fold(&f.name), except), |r| r.get(0))
        .optional()?;
    match other {
        Some(id) => Err(Error::data(t(
            Msg::ProductExists,
            &[
                ("subject", &f.subject_id.to_string()),
                ("name", &f.name),
                ("id", &id.to_string()),
            ],
        ))),
        None => Ok(()),
    }
}

pub fn insert(conn: &Connection, f: &ProductFields) -> Result<i64> {
    check_name_free(conn, f, None)?;
    insert_new(conn, f)
}

/// Inserts without the friendly name check, for a caller that has just looked the name up.
pub fn insert_new(conn: &Connection, f: &ProductFields) -> Result<i64> {
    let now = super::now();
    conn.prepare_cached(
        "INSERT INTO product (subject_id, name, name_key, regime, product_set, unit_id, created_at, updated_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?7)",
    )?
    .execute((f.subject_id, &f.name, fold(&f.name), &f.regime, &f.product_set, f.unit_id, &now))?;
    Ok(conn.last_insert_rowid())
}

pub fn update(conn: &Connection, id: i64, f: &ProductFields) -> Result<()> {
    check_name_free(conn, f, Some(id))?;
    conn.prepare_cached(
        "UPDATE product SET subject_id = ?2, name = ?3, name_key = ?4, regime = ?5, product_set = ?6, unit_id = ?7,
         updated_at = ?8 WHERE id = ?1",
    )?
    .execute((id, f.subject_id, &f.name, fold(&f.name), &f.regime, &f.product_set, f.unit_id, super::now()))?;
    Ok(())
}

pub fn delete(conn: &Connection, id: i64) -> Result<()> {
    conn.execute("DELETE FROM product WHERE id = ?1", [id])?;
    Ok(())
}

/// A product's own fields, without the joins of [`get`].
pub fn fields(conn: &Connection, id: i64) -> Result<Option<ProductFields>> {
    Ok(conn
        .prepare_cached(
            "SELECT subject_id, name, regime, product_set, unit_id FROM product WHERE id = ?1",
        )?
        .query_row([id], |r| {
            Ok(ProductFields {
                subject_id: r.get(0)?,
                name: r.get(1)?,
                regime: r.get(2)?,
                product_set: r.get(3)?,
                unit_id: r.get(4)?,
            })
        })
        .optional()?)
}

pub fn get(conn: &Connection, id: i64) -> Result<Option<Product>> {
    Ok(conn
        .prepare_cached(&format!("{SELECT} WHERE p.id = ?1"))?
        .query_row([id], from_row)
        .optional()?)
}

pub fn count(conn: &Connection) -> Result<i64> {
    Ok(conn.query_row("SELECT count(*) FROM product", [], |r| r.get(0))?)
}

#[derive(Debug, Default)]
pub struct ListFilter {
    pub subject_id: Option<i64>,
    pub unit_ids: Option<Vec<i64>>,
    pub product_set: Option<String>,
    pub search: Option<String>,
}

pub fn list(conn: &Connection, f: &ListFilter) -> Result<Vec<Product>> {
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
         WHERE (?1 IS NULL OR p.subject_id = ?1)
           AND (?2 IS NULL OR p.unit_id IN (SELECT value FROM json_each(?2)))
           AND (?3 IS NULL OR p.product_set = ?3)
           AND (?4 IS NULL OR p.name_key LIKE ?4 ESCAPE '\\' OR s.name_key LIKE ?4 ESCAPE '\\')
         ORDER BY p.id"
    ))?;
    let rows = st.query_map((f.subject_id, units, &f.product_set, search), from_row)?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// Finds a product by id or by name (case and diacritics ignored), optionally of one producer.
pub fn find(conn: &Connection, query: &str, subject_id: Option<i64>) -> Result<Product> {
    let q = query.trim();
    let what = l(Msg::WhatProduct);
    let not_found = || {
        Error::data(t(
            Msg::NotFound,
            &[
                ("what", what),
                ("query", q),
                ("hint", "ocop product list --search …"),
            ],
        ))
    };
    let bare = q.trim_start_matches('#');
    if !bare.is_empty() && bare.bytes().all(|b| b.is_ascii_digit()) {
        let id: i64 = bare.parse().map_err(|_| not_found())?;
        return get(conn, id)?.ok_or_else(not_found);
    }
    let key = fold(q);
    let by = |cond: &str, k: &str| -> Result<Vec<Product>> {
        let mut st = conn.prepare_cached(&format!(
            "{SELECT} WHERE {cond} AND (?2 IS NULL OR p.subject_id = ?2) ORDER BY p.id LIMIT 21"
        ))?;
        let rows = st.query_map((k, subject_id), from_row)?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    };
    let exact = by("p.name_key = ?1", &key)?;
    let found = if exact.is_empty() {
        by(
            "p.name_key LIKE ?1 ESCAPE '\\'",
            &crate::text::like_contains(&key),
        )?
    } else {
        exact
    };
    let found = crate::text::prefer_as_typed(found, q, |p| vec![p.name.as_str()]);
    super::subjects::pick(found, q, what, |p| {
        format!("#{} {} ({})", p.id, p.name, p.subject_name)
    })
    .map_err(|e| if e.message.is_empty() { not_found() } else { e })
}

pub fn id_by_subject_and_name(
    conn: &Connection,
    subject_id: i64,
    name_key: &str,
) -> Result<Option<i64>> {
    Ok(conn
        .prepare_cached("SELECT id FROM product WHERE subject_id = ?1 AND name_key = ?2")?
        .query_row((subject_id, name_key), |r| r.get(0))
        .optional()?)
}
