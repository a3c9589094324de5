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

/// The chain's head as one line `N HASH`: the number of entries and the hash of the last one
/// (64 zeros for an empty log). Printed by `ocop log --head`, kept in backups and beside the
/// yearly reports, and checked by `ocop doctor --anchor`.
pub fn head(conn: &Connection) -> Result<String> {
    Ok(match last(conn)? {
        Some(e) => format!("{} {}", e.count, e.hash),
        None => format!("0 {}", "0".repeat(64)),
    })
}

/// The log's last entry, with the number of entries: what `head` says, and when.
pub struct LastEntry {
    pub count: i64,
    /// The entry's instant (UTC, RFC 3339).
    pub at: String,
    pub hash: String,
}

/// The last entry of the log; `None` for an empty log.
pub fn last(conn: &Connection) -> Result<Option<LastEntry>> {
    let mut st = conn.prepare_cached(
        "SELECT (SELECT count(*) FROM audit), at, hash FROM audit ORDER BY id DESC LIMIT 1",
    )?;
    let mut rows = st.query([])?;
    Ok(match rows.next()? {
        Some(r) => Some(LastEntry {
            count: r.get(0)?,
            at: r.get(1)?,
            hash: r.get(2)?,
        }),
        None => None,
    })
}

/// What checking the log against an anchor found.
#[derive(Debug, PartialEq, Eq)]
pub enum AnchorCheck {
    /// The entry at the anchor's position has the anchor's hash; so many entries follow it.
    Reached { position: i64, after: i64 },
    /// The log is shorter than the anchor's count.
    Short { count: i64, wanted: i64 },
    /// No entry (at that position) has the hash.
    NotFound,
}

/// Whether the log still reaches `hash` (at position `n`, counted from 1, when given). An
/// empty-log anchor (64 zeros) is reached by any log.
pub fn check_anchor(conn: &Connection, n: Option<i64>, hash: &str) -> Result<AnchorCheck> {
    let count: i64 = conn.query_row("SELECT count(*) FROM audit", [], |r| r.get(0))?;
    if hash.bytes().all(|b| b == b'0') && n.unwrap_or(0) == 0 {
        return Ok(AnchorCheck::Reached {
            position: 0,
            after: count,
        });
    }
    if let Some(n) = n
        && count < n
    {
        return Ok(AnchorCheck::Short { count, wanted: n });
    }
    let mut st = conn.prepare("SELECT hash FROM audit ORDER BY id")?;
    let mut rows = st.query([])?;
    let mut position = 0i64;
    while let Some(r) = rows.next()? {
        position += 1;
        let h: String = r.get(0)?;
        let at_n = n.is_none_or(|n| n == position);
        if at_n && h.eq_ignore_ascii_case(hash) {
            return Ok(AnchorCheck::Reached {
                position,
                after: count - position,
            });
        }
        if n.is_some_and(|n| position >= n) {
            break;
        }
    }
    Ok(AnchorCheck::NotFound)
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

    #[test]
    fn an_anchor_finds_removed_entries() {
        let conn = Connection::open_in_memory().unwrap();
        crate::db::migrate(&conn).unwrap();
        assert!(head(&conn).unwrap().starts_with("0 0000"));
        for i in 0..4 {
            record(
                &conn,
                "an",
                "add",
                "subject",
                &i.to_string(),
                &serde_json::json!({}),
            )
            .unwrap();
        }
        let h = head(&conn).unwrap();
        let (n, hash) = h.split_once(' ').unwrap();
        let n: i64 = n.parse().unwrap();
        assert_eq!(n, 4);
        assert_eq!(
            check_anchor(&conn, Some(n), hash).unwrap(),
            AnchorCheck::Reached {
                position: 4,
                after: 0
            }
        );
        record(&conn, "an", "add", "subject", "5", &serde_json::json!({})).unwrap();
        assert_eq!(
            check_anchor(&conn, Some(n), hash).unwrap(),
            AnchorCheck::Reached {
                position: 4,
                after: 1
            }
        );
        // The last two entries deleted: the chain itself is still whole, the anchor is not reached.
        conn.execute("DELETE FROM audit WHERE id >= 4", []).unwrap();
        assert_eq!(first_broken(&conn).unwrap(), None);
        assert_eq!(
            check_anchor(&conn, Some(n), hash).unwrap(),
            AnchorCheck::Short {
                count: 3,
                wanted: 4
            }
        );
        assert_eq!(
            check_anchor(&conn, None, hash).unwrap(),
            AnchorCheck::NotFound
        );
    }
}
