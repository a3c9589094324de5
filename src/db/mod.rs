//! The SQLite store: opening with the right pragmas, migrations, transactions, and the queries of
//! each entity (one module each). Commands never build SQL; they call these.

pub mod audit;
pub mod documents;
pub mod migrations;
pub mod products;
pub mod registrations;
pub mod scores;
pub mod subjects;
pub mod units;

use std::path::{Path, PathBuf};
use std::time::Duration;

use rusqlite::{Connection, OpenFlags, OptionalExtension, Transaction, TransactionBehavior};

use crate::error::{Error, Result};
use crate::i18n::{Msg, t};

/// How a command reaches the database: its path and how long to wait for another writer.
#[derive(Debug, Clone)]
pub struct Location {
    pub path: PathBuf,
    pub wait: Duration,
}

/// Opens an existing ocop database, upgrading its schema if it is older than this binary.
/// A missing file is an environment error that names `ocop init`.
pub fn open(loc: &Location) -> Result<Connection> {
    open_with_steps(loc, migrations::STEPS)
}

fn open_with_steps(loc: &Location, steps: &[migrations::Step]) -> Result<Connection> {
    let latest = steps.len() as i64;
    if !loc.path.exists() {
        return Err(Error::env(t(
            Msg::DbMissing,
            &[("path", &loc.path.display().to_string())],
        )));
    }
    if loc.path.is_dir() {
        return Err(Error::usage(t(
            Msg::DbIsAFolder,
            &[("path", &loc.path.display().to_string())],
        )));
    }
    let conn = Connection::open_with_flags(
        &loc.path,
        OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX,
    )
    .map_err(|e| open_error(&loc.path, e))?;
    conn.busy_timeout(loc.wait)
        .map_err(|e| open_error(&loc.path, e))?;
    // Before any pragma that writes (WAL changes the file's header): an empty file or another
    // program's SQLite database is refused untouched.
    let version = user_version(&conn).map_err(|e| open_error(&loc.path, e))?;
    let not_ocop = |detail: String| {
        Error::env(t(
            Msg::DbNotOcop,
            &[
                ("path", &loc.path.display().to_string()),
                ("detail", &detail),
            ],
        ))
    };
    if version <= 0 {
        return Err(not_ocop(format!("schema version {version}")));
    }
    let ours: i64 = conn
        .query_row(
            "SELECT count(*) FROM sqlite_schema WHERE type = 'table' AND (name = 'meta' OR name = 'audit' OR name = 'registration')",
            [],
            |r| r.get(0),
        )
        .map_err(|e| open_error(&loc.path, e))?;
    if ours != 3 {
        return Err(not_ocop("no ocop tables".into()));
    }
    configure(&conn, loc.wait).map_err(|e| open_error(&loc.path, e))?;
    if version > latest {
        return Err(Error::env(t(
            Msg::DbTooNew,
            &[
                ("path", &loc.path.display().to_string()),
                ("found", &version.to_string()),
                ("supported", &latest.to_string()),
            ],
        )));
    }
    if version < latest {
        let backup = backup_path(&loc.path, version);
        conn.execute("VACUUM INTO ?1", [backup.to_string_lossy().as_ref()])?;
        crate::files::make_private(&backup);
        migrate_steps(&conn, steps)?;
        eprintln!(
            "{}",
            t(
                Msg::DbMigrated,
                &[
                    ("from", &version.to_string()),
                    ("to", &latest.to_string()),
                    ("backup", &backup.display().to_string()),
                ],
            )
        );
    }
    // The regime files imported into this database join the built-in ones.
    crate::rules::regime::Regimes::install_user(&scores::user_regimes(&conn)?)?;
    Ok(conn)
}

/// Creates a new database at `path`, which must not exist, with the latest schema.
pub fn create(path: &Path, wait: Duration) -> Result<Connection> {
    let conn = Connection::open_with_flags(
        path,
        OpenFlags::SQLITE_OPEN_READ_WRITE
            | OpenFlags::SQLITE_OPEN_CREATE
            | OpenFlags::SQLITE_OPEN_NO_MUTEX,
    )
    .map_err(|e| open_error(path, e))?;
    configure(&conn, wait)?;
    migrate(&conn)?;
    Ok(conn)
}

/// The pragmas every connection needs: the busy timeout first, so that the others wait too.
fn configure(conn: &Connection, wait: Duration) -> rusqlite::Result<()> {
    conn.busy_timeout(wait)?;
    // An import runs a score of distinct statements per row; rusqlite keeps 16 by default, and
    // a cache smaller than the working set re-prepares every statement every row.
    conn.set_prepared_statement_cache_capacity(128);
    // Without the query planner stability guarantee, SQLite marks a statement whose plan could
    // depend on a bound value (a join on `unit.code = ?`, an equality on two index columns) to be
    // prepared again at every new binding: 30 % of an import's time went to re-parsing the same
    // lookups row after row. Our queries do not need plans tuned to each value.
    conn.set_db_config(
        rusqlite::config::DbConfig::SQLITE_DBCONFIG_ENABLE_QPSG,
        true,
    )?;
    conn.pragma_update(None, "journal_mode", "WAL")?;
    conn.pragma_update(None, "synchronous", "NORMAL")?;
    conn.pragma_update(None, "foreign_keys", "ON")?;
    Ok(())
}

fn open_error(path: &Path, e: rusqlite::Error) -> Error {
    use rusqlite::ffi::ErrorCode as C;
    match e.sqlite_error_code() {
        Some(C::NotADatabase) | Some(C::DatabaseCorrupt) => Error::env(t(
            Msg::DbCorrupt,
            &[("detail", &format!("{}: {e}", path.display()))],
        )),
        // A file that exists but cannot be opened: most often a read-only file or folder (WAL
        // needs to write beside the database even to read it).
        Some(C::CannotOpen) | Some(C::PermissionDenied) | Some(C::ReadOnly)
            if path.exists() && std::fs::OpenOptions::new().append(true).open(path).is_err() =>
        {
            let why = std::fs::OpenOptions::new()
                .append(true)
                .open(path)
                .err()
                .map(|e| e.to_string())
                .unwrap_or_default();
            Error::env(t(
                Msg::DbReadOnly,
                &[("detail", &format!("{}: {why}", path.display()))],
            ))
        }
        Some(C::CannotOpen) | Some(C::PermissionDenied) => Error::env(t(
            Msg::FileUnreadable,
            &[
                ("path", &path.display().to_string()),
                ("detail", &e.to_string()),
            ],
        )),
        _ => Error::from(e),
    }
}

pub fn user_version(conn: &Connection) -> rusqlite::Result<i64> {
    conn.query_row("PRAGMA user_version", [], |r| r.get(0))
}

/// Applies the missing steps in one exclusive write transaction; a second call does nothing.
pub fn migrate(conn: &Connection) -> Result<()> {
    migrate_steps(conn, migrations::STEPS)
}

fn migrate_steps(conn: &Connection, steps: &[migrations::Step]) -> Result<()> {
    let tx = Transaction::new_unchecked(conn, TransactionBehavior::Exclusive)?;
    let current = user_version(&tx)?;
    for (i, step) in steps.iter().enumerate().skip(current.max(0) as usize) {
        step.apply(&tx)?;
        tx.pragma_update(None, "user_version", (i + 1) as i64)?;
    }
    tx.commit()?;
    Ok(())
}

/// The schema objects (tables, indexes, triggers, views) of `conn` that differ from what this
/// version of ocop creates at the same schema version, one sentence each: a trigger slipped into
/// a backup, a dropped index, a changed table.
pub fn schema_differences(conn: &Connection) -> Result<Vec<String>> {
    use std::collections::BTreeMap;
    let version = user_version(conn)?.clamp(0, migrations::LATEST) as usize;
    let fresh = Connection::open_in_memory()?;
    migrate_steps(&fresh, &migrations::STEPS[..version])?;
    let objects = |c: &Connection| -> rusqlite::Result<BTreeMap<(String, String), String>> {
        let mut st = c.prepare(
            "SELECT type, name, coalesce(sql, '') FROM sqlite_schema WHERE name NOT LIKE 'sqlite\\_%' ESCAPE '\\'",
        )?;
        let rows = st.query_map([], |r| {
            let sql: String = r.get(2)?;
            Ok((
                (r.get::<_, String>(0)?, r.get::<_, String>(1)?),
                sql.split_whitespace().collect::<Vec<_>>().join(" "),
            ))
        })?;
        rows.collect()
    };
    let want = objects(&fresh)?;
    let have = objects(conn)?;
    let mut out = Vec::new();
    for ((kind, name), sql) in &have {
        match want.get(&(kind.clone(), name.clone())) {
            None => out.push(t(Msg::SchemaExtra, &[("kind", kind), ("name", name)])),
            Some(w) if w != sql => {
                out.push(t(Msg::SchemaChanged, &[("kind", kind), ("name", name)]))
            }
            Some(_) => {}
        }
    }
    for (kind, name) in want.keys() {
        if !have.contains_key(&(kind.clone(), name.clone())) {
            out.push(t(Msg::SchemaMissing, &[("kind", kind), ("name", name)]));
        }
    }
    Ok(out)
}

/// A free file name beside the database for the copy taken before a migration.
fn backup_path(path: &Path, version: i64) -> PathBuf {
    let base = path.as_os_str().to_string_lossy().to_string();
    let mut candidate = PathBuf::from(format!("{base}.v{version}.bak"));
    let mut n = 1;
    while candidate.exists() {
        n += 1;
        candidate = PathBuf::from(format!("{base}.v{version}.bak{n}"));
    }
    candidate
}

/// Starts a write transaction that takes the write lock at once (IMMEDIATE), so that a busy
/// database makes us wait at the start instead of failing half-way.
pub fn write(conn: &mut Connection) -> Result<Transaction<'_>> {
    let note = conn
        .path()
        .filter(|p| !p.is_empty())
        .map(|p| PathBuf::from(format!("{p}-writer")));
    match conn.transaction_with_behavior(TransactionBehavior::Immediate) {
        Ok(tx) => {
            // Who writes now, so that a command that waits in vain can say who held the lock.
            if let (Some(note), Some((operator, command))) = (&note, WRITER.get()) {
                write_private(
                    note,
                    &format!("{operator}\t{command}\t{}\t{}\n", std::process::id(), now()),
                );
            }
            Ok(tx)
        }
        Err(e)
            if matches!(
                e.sqlite_error_code(),
                Some(
                    rusqlite::ffi::ErrorCode::DatabaseBusy
                        | rusqlite::ffi::ErrorCode::DatabaseLocked
                )
            ) =>
        {
            let holder = note
                .and_then(|n| std::fs::read_to_string(n).ok())
                .and_then(|s| {
                    let f: Vec<&str> = s.trim_end().split('\t').collect();
                    (f.len() == 4).then(|| {
                        t(
                            Msg::DbBusyHolder,
                            &[
                                ("operator", f[0]),
                                ("command", f[1]),
                                ("pid", f[2]),
                                ("since", f[3]),
                            ],
                        )
                    })
                });
            Err(Error::env(match holder {
                Some(h) => format!("{} ({h})", t(Msg::DbBusy, &[])),
                None => t(Msg::DbBusy, &[]),
            }))
        }
        Err(e) => Err(e.into()),
    }
}

/// Writes a small file readable by its owner only (it names people and commands).
fn write_private(path: &Path, text: &str) {
    use std::io::Write;
    let mut opts = std::fs::OpenOptions::new();
    opts.write(true).create(true).truncate(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        opts.mode(0o600);
    }
    if let Ok(mut f) = opts.open(path) {
        let _ = f.write_all(text.as_bytes());
    }
}

/// The operator and the command line of this process, for the note of who writes.
static WRITER: std::sync::OnceLock<(String, String)> = std::sync::OnceLock::new();

pub fn set_writer(operator: &str, command: &str) {
    let _ = WRITER.set((crate::text::clean(operator), crate::text::clean(command)));
}

/// The current time as an RFC 3339 UTC timestamp, for created_at and the audit log.
pub fn now() -> String {
    jiff::Timestamp::now()
        .round(jiff::Unit::Second)
        .unwrap_or(jiff::Timestamp::now())
        .to_string()
}

pub fn meta_get(conn: &Connection, key: &str) -> Result<Option<String>> {
    Ok(conn
        .query_row("SELECT value FROM meta WHERE key = ?1", [key], |r| r.get(0))
        .optional()?)
}

pub fn meta_set(conn: &Connection, key: &str, value: &str) -> Result<()> {
    conn.execute(
        "INSERT INTO meta (key, value) VALUES (?1, ?2)
         ON CONFLICT (key) DO UPDATE SET value = excluded.value",
        [key, value],
    )?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tables(conn: &Connection) -> Vec<String> {
        let mut st = conn
            .prepare("SELECT name FROM sqlite_schema WHERE type = 'table' ORDER BY name")
            .unwrap();
        st.query_map([], |r| r.get(0))
            .unwrap()
            .map(|r| r.unwrap())
            .collect()
    }

    #[test]
    fn migrate_twice_is_a_no_op() {
        let conn = Connection::open_in_memory().unwrap();
        migrate(&conn).unwrap();
        let first = tables(&conn);
        assert_eq!(user_version(&conn).unwrap(), migrations::LATEST);
        migrate(&conn).unwrap();
        assert_eq!(tables(&conn), first);
        assert_eq!(user_version(&conn).unwrap(), migrations::LATEST);
        assert!(first.contains(&"registration".to_string()));
    }

    #[test]
    fn check_lists_become_comparisons_that_still_refuse() {
        assert_eq!(
            migrations::checks_without_in_lists(
                "a TEXT CHECK (kind IN ('new', 're-evaluation')), b INTEGER CHECK (b BETWEEN 3 AND 5)"
            ),
            "a TEXT CHECK (kind = 'new' OR kind = 're-evaluation'), b INTEGER CHECK (b BETWEEN 3 AND 5)"
        );
        let conn = Connection::open_in_memory().unwrap();
        migrate(&conn).unwrap();
        let left: i64 = conn
            .query_row(
                "SELECT count(*) FROM sqlite_schema WHERE sql LIKE '%CHECK (% IN (%'",
                [],
                |r| r.get(0),
            )
            .unwrap();
        assert_eq!(left, 0);
        conn.execute_batch(
            "INSERT INTO unit (id, code, name, name_key, unit_type, level, province_code) VALUES (1, '1', 'x', 'x', 'xã', 'commune', '38')",
        )
        .unwrap();
        let bad = conn.execute(
            "INSERT INTO subject (kind, name, name_key, unit_id, created_at, updated_at) VALUES ('club', 'x', 'x', 1, '', '')",
            [],
        );
        assert!(bad.is_err(), "the rewritten CHECK still refuses");
        conn.execute(
            "INSERT INTO subject (kind, name, name_key, unit_id, created_at, updated_at) VALUES ('household', 'x', 'x', 1, '', '')",
            [],
        )
        .unwrap();
        let ok: String = conn
            .query_row("PRAGMA integrity_check", [], |r| r.get(0))
            .unwrap();
        assert_eq!(ok, "ok");
    }

    /// Step 5: products and registrations of the 148 regimes stored with the first set list's
    /// ids move to the annex's sets; one that several sets continue stays, and the audit says so.
    #[test]
    fn sets_of_the_first_148_list_move_to_the_annex() {
        let conn = Connection::open_in_memory().unwrap();
        migrate_steps(&conn, &migrations::STEPS[..4]).unwrap();
        conn.execute_batch(
            "INSERT INTO unit (id, code, name, name_key, unit_type, level, province_code) VALUES (1, '1', 'x', 'x', 'xã', 'commune', '38');
             INSERT INTO subject (id, kind, name, name_key, unit_id, created_at, updated_at) VALUES (1, 'household', 'x', 'x', 1, '', '');
             INSERT INTO product (subject_id, name, name_key, regime, product_set, unit_id, created_at, updated_at) VALUES
               (1, 'a', 'a', 'qd148', 'thit-trung-sua-tuoi', 1, '', ''),
               (1, 'b', 'b', 'qd148-1489', 'sinh-vat-canh', 1, '', ''),
               (1, 'c', 'c', 'qd1048', 'thit-trung-sua-tuoi', 1, '', ''),
               (1, 'd', 'd', 'qd148', 'che-tuoi-che-bien', 1, '', '');",
        )
        .unwrap();
        migrate(&conn).unwrap();
        let mut st = conn
            .prepare("SELECT name, product_set FROM product ORDER BY name")
            .unwrap();
        let sets: Vec<(String, String)> = st
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
            .unwrap()
            .map(|r| r.unwrap())
            .collect();
        let want = [
            ("a", "thit-thuy-san-trung-sua-tuoi"),
            ("b", "sinh-vat-canh"),
            ("c", "thit-trung-sua-tuoi"),
            ("d", "che-tuoi-che-bien"),
        ];
        assert_eq!(
            sets,
            want.map(|(a, b)| (a.to_string(), b.to_string())).to_vec()
        );
        let details: String = conn
            .query_row(
                "SELECT details FROM audit WHERE action = 'migrate'",
                [],
                |r| r.get(0),
            )
            .unwrap();
        assert!(
            details.contains("\"hoa\"") && details.contains("thit-thuy-san"),
            "{details}"
        );
    }

    #[test]
    fn every_table_is_strict() {
        let conn = Connection::open_in_memory().unwrap();
        migrate(&conn).unwrap();
        let mut st = conn
            .prepare("SELECT name, strict FROM pragma_table_list WHERE schema = 'main' AND name NOT LIKE 'sqlite_%'")
            .unwrap();
        let rows: Vec<(String, i64)> = st
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
            .unwrap()
            .map(|r| r.unwrap())
            .collect();
        assert!(!rows.is_empty());
        for (name, strict) in rows {
            assert_eq!(strict, 1, "table {name} is not STRICT");
        }
    }

    #[test]
    fn refuses_a_newer_database() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("t.db");
        let loc = Location {
            path: path.clone(),
            wait: Duration::from_secs(1),
        };
        drop(create(&path, loc.wait).unwrap());
        let c = Connection::open(&path).unwrap();
        c.pragma_update(None, "user_version", migrations::LATEST + 1)
            .unwrap();
        drop(c);
        let err = open(&loc).unwrap_err();
        assert_eq!(err.kind, crate::error::Kind::Env);
        assert!(err.message.contains("newer"), "{}", err.message);
    }

    #[test]
    fn a_migration_keeps_a_copy_of_the_old_file() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("tên có dấu.db");
        let loc = Location {
            path: path.clone(),
            wait: Duration::from_secs(1),
        };
        let c = create(&path, loc.wait).unwrap();
        c.execute("INSERT INTO meta (key, value) VALUES ('k', 'v')", [])
            .unwrap();
        drop(c);
        // A later binary with one more step.
        let mut steps: Vec<migrations::Step> = migrations::STEPS.to_vec();
        steps.push(migrations::Step::Sql("CREATE TABLE later (x TEXT) STRICT;"));
        let c = open_with_steps(&loc, &steps).unwrap();
        assert_eq!(user_version(&c).unwrap(), migrations::LATEST + 1);
        drop(c);
        let copy = backup_path(&path, migrations::LATEST);
        let copy = PathBuf::from(copy.to_string_lossy().replace(".bak2", ".bak"));
        let old = Connection::open(&copy).unwrap();
        assert_eq!(user_version(&old).unwrap(), migrations::LATEST);
        let v: String = old
            .query_row("SELECT value FROM meta WHERE key = 'k'", [], |r| r.get(0))
            .unwrap();
        assert_eq!(v, "v");
        // Opening again with the same steps changes nothing and takes no new copy.
        drop(open_with_steps(&loc, &steps).unwrap());
        assert!(
            !backup_path(&path, migrations::LATEST)
                .to_string_lossy()
                .ends_with(".bak3")
        );
    }
}
