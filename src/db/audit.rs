//! The audit log (nhật ký): every change with its time, operator and details. Each entry carries
//! the hash of the one before it, so that an edit or deletion inside the log breaks the chain.

use rusqlite::{Connection, OptionalExtension};
use sha2::{Digest, Sha256};

use crate::error::Result;

/// Records one change. `details` is a JSON object describing what changed.
pub fn record(
    conn: &Connection,
    operator: &str,
    action: &str,
    entity: &str,
    entity_id: &str,
    details: &serde_json::Value,
) -> Result<()> {
    let prev: String = conn
        .prepare_cached("SELECT hash FROM audit ORDER BY id DESC LIMIT 1")?
        .query_row([], |r| r.get(0))
        .optional()?
        .unwrap_or_default();
    let at = super::now();
    let details = details.to_string();
    let hash = entry_hash(&prev, &at, operator, action, entity, entity_id, &details);
    conn.prepare_cached(
        "INSERT INTO audit (at, operator, action, entity, entity_id, details, prev_hash, hash)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
    )?
    .execute((
        &at, operator, action, entity, entity_id, &details, &prev, &hash,
    ))?;
    Ok(())
}

pub fn entry_hash(
    prev: &str,
    at: &str,
    operator: &str,
    action: &str,
    entity: &str,
    entity_id: &str,
    details: &str,
) -> String {
    let mut h = Sha256::new();
    for part in [prev, at, operator, action, entity, entity_id, details] {
        h.update((part.len() as u64).to_le_bytes());
        h.update(part.as_bytes());
    }
    h.finalize().iter().map(|b| format!("{b:02x}")).collect()
}

#[derive(Debug, Clone)]
pub struct Entry {
    pub at: String,
    pub operator: String,
    pub action: String,
    pub entity: String,
    pub entity_id: String,
    pub details: String,
}

/// The entries about one entity, oldest first.
pub fn for_entity(conn: &Connection, entity: &str, entity_id: &str) -> Result<Vec<Entry>> {
    let mut st = conn.prepare_cached(
        "SELECT at, operator, action, entity, entity_id, details FROM audit
         WHERE entity = ?1 AND entity_id = ?2 ORDER BY id",
    )?;
    let rows = st.query_map([entity, entity_id], |r| {
        Ok(Entry {
            at: r.get(0)?,
            operator: r.get(1)?,
            action: r.get(2)?,
            entity: r.get(3)?,
            entity_id: r.get(4)?,
            details: r.get(5)?,
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<Vec<_>>>()?)
}

/// Walks the whole chain; returns the id of the first entry whose hash does not match.
pub fn first_broken(conn: &Connection) -> Result<Option<i64>> {
    let mut st = conn.prepare(
        "SELECT id, at, operator, action, entity, entity_id, details, prev_hash, hash FROM audit ORDER BY id",
    )?;
    let mut rows = st.query([])?;
    let mut prev = String::new();
    while let Some(r) = rows.next()? {
        let id: i64 = r.get(0)?;
        let stored_prev: String = r.get(7)?;
        let stored: String = r.get(8)?;
        let fields: Vec<String> = (1..7).map(|i| r.get(i)).collect::<rusqlite::Result<_>>()?;
        let h = entry_hash(
            &prev, &fields[0], &fields[1], &fields[2], &fields[3], &fields[4], &fields[5],
        );
        if stored_prev != prev || stored != h {
            return Ok(Some(id));
        }
        prev = stored;
    }
    Ok(None)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chain_detects_edits() {
        let conn = Connection::open_in_memory().unwrap();
        crate::db::migrate(&conn).unwrap();
        for i in 0..3 {
            record(
                &conn,
                "an",
                "add",
                "subject",
                &i.to_string(),
                &serde_json::json!({"i": i}),
            )
            .unwrap();
        }
        assert_eq!(first_broken(&conn).unwrap(), None);
        conn.execute(
            "UPDATE audit SET operator = 'someone else' WHERE id = 2",
            [],
        )
        .unwrap();
        assert_eq!(first_broken(&conn).unwrap(), Some(2));
    }
}
