//! Hồ sơ: the documents of a registration's dossier, and the stored files' records.

use rusqlite::{Connection, Row};

use crate::error::Result;

#[derive(Debug, Clone)]
pub struct Document {
    pub id: i64,
    pub registration_id: i64,
    pub kind: String,
    pub number: Option<String>,
    pub issued_on: Option<String>,
    pub expires_on: Option<String>,
    pub note: Option<String>,
    pub received: bool,
    pub sha256: Option<String>,
    pub original_name: Option<String>,
    pub size: Option<i64>,
}

pub struct NewDocument<'a> {
    pub registration_id: i64,
    pub kind: &'a str,
    pub number: Option<&'a str>,
    pub issued_on: Option<&'a str>,
    pub expires_on: Option<&'a str>,
    pub note: Option<&'a str>,
    pub received: bool,
    pub file: Option<(&'a str, u64, &'a str)>,
}

pub fn insert(conn: &Connection, d: &NewDocument<'_>) -> Result<i64> {
    let now = super::now();
    if let Some((sha, size, _)) = d.file {
        conn.prepare_cached(
            "INSERT OR IGNORE INTO blob (sha256, size, stored_at) VALUES (?1, ?2, ?3)",
        )?
        .execute((sha, size as i64, &now))?;
    }
    conn.prepare_cached(
        "INSERT INTO document (registration_id, kind, number, issued_on, expires_on, note, received, blob_sha256, original_name, added_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
    )?
    .execute((
        d.registration_id,
        d.kind,
        d.number,
        d.issued_on,
        d.expires_on,
        d.note,
        d.received,
        d.file.map(|f| f.0),
        d.file.map(|f| f.2),
        &now,
    ))?;
    Ok(conn.last_insert_rowid())
}

const SELECT: &str = "SELECT d.id, d.registration_id, d.kind, d.number, d.issued_on, d.expires_on, d.note, d.received,
        d.blob_sha256, d.original_name, b.size
 FROM document d LEFT JOIN blob b ON b.sha256 = d.blob_sha256";

fn from_row(r: &Row<'_>) -> rusqlite::Result<Document> {
    Ok(Document {
        id: r.get(0)?,
        registration_id: r.get(1)?,
        kind: r.get(2)?,
        number: r.get(3)?,
        issued_on: r.get(4)?,
        expires_on: r.get(5)?,
        note: r.get(6)?,
        received: r.get(7)?,
        sha256: r.get(8)?,
        original_name: r.get(9)?,
        size: r.get(10)?,
    })
}

pub fn of_registration(conn: &Connection, reg: i64) -> Result<Vec<Document>> {
    let mut st = conn.prepare_cached(&format!(
        "{SELECT} WHERE d.registration_id = ?1 ORDER BY d.id"
    ))?;
    let rows = st.query_map([reg], from_row)?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// The documents of many registrations in one query, grouped by registration id.
pub fn of_registrations(conn: &Connection, year: Option<i32>) -> Result<Vec<Document>> {
    let mut st = conn.prepare_cached(&format!(
        "{SELECT} JOIN registration r ON r.id = d.registration_id WHERE (?1 IS NULL OR r.year = ?1) ORDER BY d.registration_id, d.id"
    ))?;
    let rows = st.query_map([year], from_row)?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

pub fn delete(conn: &Connection, reg: i64, id: i64) -> Result<bool> {
    Ok(conn
        .prepare_cached("DELETE FROM document WHERE registration_id = ?1 AND id = ?2")?
        .execute((reg, id))?
        > 0)
}

/// Every stored file's hash.
pub fn blobs(conn: &Connection) -> Result<Vec<(String, i64)>> {
    let mut st = conn.prepare_cached("SELECT sha256, size FROM blob ORDER BY sha256")?;
    let rows = st.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// Documents grouped by their registration, for checking many dossiers without a scan per one.
pub fn by_registration(docs: Vec<Document>) -> std::collections::HashMap<i64, Vec<Document>> {
    let mut map: std::collections::HashMap<i64, Vec<Document>> = std::collections::HashMap::new();
    for d in docs {
        map.entry(d.registration_id).or_default().push(d);
    }
    map
}
