//! `ocop backup`, `ocop restore`, `ocop doctor`, `ocop log`: keeping the district's record safe.

use std::path::Path;

use rusqlite::{Connection, OpenFlags};

use crate::db::{self, Location, audit, migrations};
use crate::domain::date::parse_date;
use crate::error::{Error, Result};
use crate::i18n::{Msg, t};
use crate::output::{Listing, col};
use crate::store::Store;

use super::Ctx;

fn unwritable(p: &Path, e: &dyn std::fmt::Display) -> Error {
    Error::env(t(
        Msg::FileUnwritable,
        &[
            ("path", &p.display().to_string()),
            ("detail", &e.to_string()),
        ],
    ))
}

/// An online copy with `VACUUM INTO` (a consistent snapshot even while another ocop writes),
/// with the dossier's files beside it. Everything is written and checked under a temporary name
/// (integrity, every stored file's SHA-256) before the rename replaces an old backup, so a full
/// disk or a kill never leaves a backup that looks whole and is not, nor takes the old one away.
pub fn backup(ctx: &Ctx, file: &Path, force: bool) -> Result<()> {
    let conn = ctx.open()?;
    crate::files::check_output(file)?;
    let from = Store::for_db(&ctx.loc.path);
    let to = Store::for_db(file);
    if crate::files::resolve(&to.root) == crate::files::resolve(&from.root) {
        return Err(Error::usage(t(
            Msg::BackupStoreIsLive,
            &[
                ("path", &file.display().to_string()),
                ("store", &from.root.display().to_string()),
            ],
        )));
    }
    if let Some(other) = to.other_owner(file) {
        return Err(Error::usage(t(
            Msg::StoreOfAnotherDb,
            &[
                ("store", &to.root.display().to_string()),
                ("other", &other.display().to_string()),
                ("path", &file.display().to_string()),
            ],
        )));
    }
    if file.is_dir() {
        return Err(unwritable(file, &t(Msg::IsAFolder, &[])));
    }
    if let Some(parent) = file.parent().filter(|p| !p.as_os_str().is_empty())
        && !parent.is_dir()
    {
        return Err(unwritable(
            file,
            &t(
                Msg::FolderMissing,
                &[("folder", &parent.display().to_string())],
            ),
        ));
    }
    if file.exists() && !force {
        return Err(Error::data(t(
            Msg::TargetExists,
            &[("path", &file.display().to_string())],
        )));
    }
    crate::files::remove_stale_temps(file, "partial");
    // What a killed backup left in the backup's store: its temporary files (nobody else writes
    // into a backup's store).
    for f in to.entries().1 {
        if f.parent() == Some(to.root.as_path())
            && f.file_name()
                .is_some_and(|n| crate::store::is_temporary_name(&n.to_string_lossy()))
        {
            let _ = std::fs::remove_file(f);
        }
    }
    let tmp = crate::files::temp_beside(file, "partial");
    let _ = std::fs::remove_file(&tmp);
    // Whatever fails from here, the temporary copy goes and the old backup stays.
    let cleanup = crate::files::TempPath::new(&tmp);
    conn.execute("VACUUM INTO ?1", [tmp.to_string_lossy().as_ref()])
        .map_err(|e| unwritable(file, &e))?;
    crate::files::make_private(&tmp);
    drop(conn);
    let head = {
        let copy = Connection::open_with_flags(&tmp, OpenFlags::SQLITE_OPEN_READ_WRITE)
            .map_err(|e| unwritable(file, &e))?;
        let head = audit::head(&copy)?;
        // The head the backup was taken at, kept inside it (not in the audit log itself).
        db::meta_set(&copy, "backup_head", &head)?;
        // The files the copy refers to, copied and checked against their hashes.
        crate::files::create_dir_private(&to.root)?;
        for (sha, _) in crate::db::documents::blobs(&copy)? {
            to.copy_from(&from, &sha).map_err(|m| {
                Error::env(t(
                    Msg::BackupFileBad,
                    &[("sha", &sha), ("detail", &t(m, &[]))],
                ))
            })?;
        }
        let ok: String = copy.query_row("PRAGMA integrity_check", [], |r| r.get(0))?;
        if ok != "ok" {
            return Err(unwritable(file, &ok));
        }
        head
    };
    std::fs::File::open(&tmp)
        .and_then(|f| f.sync_all())
        .map_err(|e| unwritable(file, &e))?;
    std::fs::rename(&tmp, file).map_err(|e| unwritable(file, &e))?;
    cleanup.keep();
    crate::files::sync_dir(crate::files::folder_of(file));
    let size = std::fs::metadata(file).map(|m| m.len()).unwrap_or(0);
    println!(
        "{}",
        t(
            Msg::BackupWritten,
            &[
                ("path", &file.display().to_string()),
                ("size", &size.to_string())
            ]
        )
    );
    println!("{}", t(Msg::BackupHead, &[("head", &head)]));
    Ok(())
}

/// Checks a backup whole (an ocop database of a version this binary knows, integrity, schema,
/// every stored file with its hash), then puts it in place all or nothing: the files first
/// (content-addressed, so an extra file changes nothing), then the database in one transaction
/// through SQLite's backup API under the writer lock, so another ocop either finishes before or
/// sees the restored database after; a restore during an import waits for it (`--wait`) or
/// refuses. A restore that fails leaves the database and the store as they were.
pub fn restore(ctx: &Ctx, file: &Path, to: Option<&Path>, force: bool) -> Result<()> {
    let target = to.unwrap_or(&ctx.loc.path);
    if !file.exists() {
        return Err(Error::env(t(
            Msg::FileUnreadable,
            &[
                ("path", &file.display().to_string()),
                ("detail", &t(Msg::PathMissing, &[])),
            ],
        )));
    }
    crate::files::regular_input(file)?;
    if crate::files::resolve(file) == crate::files::resolve(target) {
        return Err(Error::usage(t(
            Msg::OutputProtected,
            &[("path", &target.display().to_string())],
        )));
    }
    if to.is_some() && crate::files::resolve(target) != crate::files::resolve(&ctx.loc.path) {
        crate::files::check_output(target)?;
    }
    let bad = |detail: String| {
        Error::data(t(
            Msg::NotAnOcopBackup,
            &[("path", &file.display().to_string()), ("detail", &detail)],
        ))
    };
    let src = Connection::open_with_flags(file, OpenFlags::SQLITE_OPEN_READ_ONLY)
        .map_err(|e| bad(e.to_string()))?;
    let version = db::user_version(&src).map_err(|e| bad(e.to_string()))?;
    if !(1..=migrations::LATEST).contains(&version) {
        return Err(bad(format!("schema version {version}")));
    }
    let ok: String = src
        .query_row("PRAGMA integrity_check", [], |r| r.get(0))
        .map_err(|e| bad(e.to_string()))?;
    if ok != "ok" {
        return Err(bad(ok));
    }
    let diffs = db::schema_differences(&src)?;
    if !diffs.is_empty() {
        return Err(bad(t(Msg::SchemaDiffers, &[("detail", &diffs.join("; "))])));
    }
    if target.exists() && !force {
        return Err(Error::data(t(
            Msg::TargetExists,
            &[("path", &target.display().to_string())],
        )));
    }
    // A new database's store must not be another database's (`x.sqlite` beside `x.db`).
    if let Some(other) = (!target.exists())
        .then(|| Store::for_db(target).other_owner(target))
        .flatten()
    {
        return Err(Error::usage(t(
            Msg::StoreOfAnotherDb,
            &[
                ("store", &Store::for_db(target).root.display().to_string()),
                ("other", &other.display().to_string()),
                ("path", &target.display().to_string()),
            ],
        )));
    }
    // A folder that does not exist is a typing mistake more often than a wish: not created.
    if let Some(parent) = target.parent()
        && !parent.as_os_str().is_empty()
        && !parent.is_dir()
    {
        return Err(unwritable(target, &t(Msg::PathMissing, &[])));
    }
    // Every stored file of the backup, checked and copied into the target's store before the
    // database changes: a missing, damaged or linked file stops the restore here.
    let from = Store::for_db(file);
    let into = Store::for_db(target);
    let blobs = crate::db::documents::blobs(&src)?;
    for (sha, _) in &blobs {
        if let Err(why) = from.verify(sha) {
            return Err(Error::data(t(
                Msg::RestoreFileBad,
                &[
                    ("path", &file.display().to_string()),
                    ("sha", sha),
                    ("detail", &t(why, &[])),
                ],
            )));
        }
    }
    for (sha, _) in &blobs {
        into.copy_from(&from, sha).map_err(|m| {
            Error::data(t(
                Msg::RestoreFileBad,
                &[
                    ("path", &file.display().to_string()),
                    ("sha", sha),
                    ("detail", &t(m, &[])),
                ],
            ))
        })?;
    }
    if target.exists() {
        replace_in_place(ctx, &src, target)?;
    } else {
        // A new file: nobody else can be using it.
        vacuum_into_place(&src, target)?;
    }
    // The restore itself is in the restored log: who put which backup back, and when.
    let mut conn = db::open(&Location {
        path: target.to_path_buf(),
        wait: ctx.loc.wait,
    })?;
    let tx = db::write(&mut conn)?;
    audit::record(
        &tx,
        &ctx.operator,
        "restore",
        "database",
        "",
        &serde_json::json!({ "from": file.display().to_string(), "files": blobs.len() }),
    )?;
    tx.commit()?;
    println!(
        "{}",
        t(
            Msg::Restored,
            &[
                ("from", &file.display().to_string()),
                ("to", &target.display().to_string())
            ]
        )
    );
    Ok(())
}

/// Copies the backup into the existing database at `target` in one write transaction (SQLite's
/// backup API), waiting for another writer as every write does. A target that is not a database
/// at all (the reason for many a restore) is replaced by a rename instead: nobody can be writing
/// to it.
fn replace_in_place(ctx: &Ctx, src: &Connection, target: &Path) -> Result<()> {
    let usable =
        Connection::open_with_flags(target, OpenFlags::SQLITE_OPEN_READ_WRITE).and_then(|c| {
            c.busy_timeout(ctx.loc.wait)?;
            c.query_row("SELECT count(*) FROM sqlite_schema", [], |r| {
                r.get::<_, i64>(0)
            })?;
            Ok(c)
        });
    match usable {
        Ok(mut dst) => {
            let started = std::time::Instant::now();
            let backup =
                rusqlite::backup::Backup::new(src, &mut dst).map_err(|e| unwritable(target, &e))?;
            loop {
                match backup.step(-1) {
                    Ok(rusqlite::backup::StepResult::Done) => break,
                    Ok(rusqlite::backup::StepResult::More) => {}
                    Ok(_) if started.elapsed() < ctx.loc.wait => {
                        std::thread::sleep(std::time::Duration::from_millis(50));
                    }
                    Ok(_) => return Err(Error::env(t(Msg::DbBusy, &[]))),
                    Err(e) => return Err(unwritable(target, &e)),
                }
            }
            Ok(())
        }
        Err(_) => vacuum_into_place(src, target),
    }
}

/// Copies `src` to `target` under a temporary name and renames it into place when complete, for
/// a target nobody can be writing (a new file, or one that is not a database at all). A broken
/// file's journal must not be replayed onto the restored one, so its `-wal` and `-shm` go.
fn vacuum_into_place(src: &Connection, target: &Path) -> Result<()> {
    let tmp = crate::files::temp_beside(target, "restore");
    let _ = std::fs::remove_file(&tmp);
    let cleanup = crate::files::TempPath::new(&tmp);
    src.execute("VACUUM INTO ?1", [tmp.to_string_lossy().as_ref()])
        .map_err(|e| unwritable(target, &e))?;
    crate::files::make_private(&tmp);
    for suffix in ["-wal", "-shm"] {
        let _ = std::fs::remove_file(format!("{}{suffix}", target.display()));
    }
    std::fs::rename(&tmp, target).map_err(|e| unwritable(target, &e))?;
    cleanup.keep();
    Ok(())
}

/// How old a stored file no record uses must be before `doctor --fix` removes it: a command that
/// stored it may still be waiting to commit its record (older binaries stored before locking).
const ORPHAN_MARGIN: std::time::Duration = std::time::Duration::from_secs(3600);

fn older_than_margin(p: &Path) -> bool {
    std::fs::symlink_metadata(p)
        .and_then(|m| m.modified())
        .ok()
        .and_then(|m| m.elapsed().ok())
        .is_some_and(|age| age > ORPHAN_MARGIN)
}

/// The anchor as `ocop log --head` prints it: "N HASH", or the hash alone.
fn parse_anchor(text: &str) -> Result<(Option<i64>, String)> {
    let parts: Vec<&str> = text.split_whitespace().collect();
    let (n, hash) = match parts.as_slice() {
        [h] => (None, *h),
        [n, h] => (
            Some(
                n.parse::<i64>()
                    .map_err(|_| Error::usage(t(Msg::AnchorUsage, &[])))?,
            ),
            *h,
        ),
        _ => return Err(Error::usage(t(Msg::AnchorUsage, &[]))),
    };
    if hash.len() != 64 || !hash.bytes().all(|b| b.is_ascii_hexdigit()) || n.is_some_and(|n| n < 0)
    {
        return Err(Error::usage(t(Msg::AnchorUsage, &[])));
    }
    Ok((n, hash.to_ascii_lowercase()))
}

/// Every problem it can find, one line each; exit 1 when there is any. Notes (unused stored
/// files, foreign files in the store folder) are printed but are not problems.
pub fn doctor(ctx: &Ctx, fix: bool, anchor: Option<&str>) -> Result<()> {
    let anchor = anchor.map(parse_anchor).transpose()?;
    let mut conn = ctx.open()?;
    let mut problems = Vec::new();
    let mut notes = Vec::new();
    let mut st = conn.prepare("PRAGMA integrity_check")?;
    let lines: Vec<String> = st
        .query_map([], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    drop(st);
    if lines != ["ok"] {
        for l in lines {
            problems.push(t(Msg::DoctorIntegrity, &[("detail", &l)]));
        }
    }
    let mut st = conn.prepare("SELECT \"table\", rowid, parent FROM pragma_foreign_key_check")?;
    let fks: Vec<(String, Option<i64>, String)> = st
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?
        .collect::<rusqlite::Result<_>>()?;
    drop(st);
    for (table, row, parent) in fks {
        problems.push(t(
            Msg::DoctorForeignKey,
            &[
                ("table", &table),
                ("row", &row.map_or("?".into(), |r| r.to_string())),
                ("parent", &parent),
            ],
        ));
    }
    for d in db::schema_differences(&conn)? {
        problems.push(t(Msg::SchemaDiffers, &[("detail", &d)]));
    }
    if let Some(id) = audit::first_broken(&conn)? {
        problems.push(t(Msg::DoctorAudit, &[("id", &id.to_string())]));
    }
    // A product or registration whose set is not a set of its regime (an earlier set list's id
    // that no single set continues): scoring it would fail, so say it now with the fix.
    let regimes = crate::rules::regime::Regimes::in_use()?;
    for table in ["product", "registration"] {
        let mut st = conn.prepare(&format!(
            "SELECT regime, product_set, count(*) FROM {table} GROUP BY regime, product_set"
        ))?;
        let rows: Vec<(String, String, i64)> = st
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?
            .collect::<rusqlite::Result<_>>()?;
        drop(st);
        for (regime, set, n) in rows {
            if regimes.get(&regime).is_ok_and(|r| r.set(&set).is_none()) {
                problems.push(t(
                    Msg::DoctorSetUnknown,
                    &[
                        ("n", &n.to_string()),
                        ("what", table),
                        ("set", &set),
                        ("regime", &regime),
                    ],
                ));
            }
        }
    }
    let mut anchor_note = None;
    if let Some((n, hash)) = &anchor {
        let shown = match n {
            Some(n) => format!("{n} {hash}"),
            None => hash.clone(),
        };
        match audit::check_anchor(&conn, *n, hash)? {
            audit::AnchorCheck::Reached { position, after } => {
                anchor_note = Some(t(
                    Msg::AnchorOk,
                    &[("n", &position.to_string()), ("after", &after.to_string())],
                ));
            }
            audit::AnchorCheck::Short { count, wanted } => problems.push(t(
                Msg::DoctorAnchorLost,
                &[
                    ("anchor", &shown),
                    (
                        "detail",
                        &t(
                            Msg::AnchorShort,
                            &[("count", &count.to_string()), ("n", &wanted.to_string())],
                        ),
                    ),
                ],
            )),
            audit::AnchorCheck::NotFound => problems.push(t(
                Msg::DoctorAnchorLost,
                &[("anchor", &shown), ("detail", &t(Msg::AnchorNotFound, &[]))],
            )),
        }
    }
    // Every stored file of the dossier store present with its hash.
    let store = Store::for_db(&ctx.loc.path);
    let blobs = crate::db::documents::blobs(&conn)?;
    for (sha, _) in &blobs {
        match store.check(sha) {
            crate::store::FileState::Ok => {}
            crate::store::FileState::Missing => {
                problems.push(t(Msg::DoctorFileMissing, &[("sha", sha)]))
            }
            crate::store::FileState::Changed => {
                problems.push(t(Msg::DoctorFileChanged, &[("sha", sha)]))
            }
        }
    }
    let orphans: i64 = conn.query_row(
        "SELECT count(*) FROM regime_text t WHERE NOT EXISTS (SELECT 1 FROM score_sheet s WHERE s.regime_sha256 = t.sha256)",
        [],
        |r| r.get(0),
    )?;
    if fix {
        // Under the writer lock: no command can be storing a file for a record it has yet to
        // commit (they take the lock before storing), so a file no record uses is unused.
        let tx = db::write(&mut conn)?;
        tx.execute_batch("REINDEX")?;
        let removed = tx.execute(
            "DELETE FROM regime_text WHERE NOT EXISTS (SELECT 1 FROM score_sheet s WHERE s.regime_sha256 = regime_text.sha256)",
            [],
        )?;
        let known: std::collections::HashSet<String> = crate::db::documents::blobs(&tx)?
            .into_iter()
            .map(|(s, _)| s)
            .collect();
        let (own, other) = store.entries();
        let mut files_removed = 0usize;
        for f in own.iter().filter(|p| {
            p.file_name()
                .is_some_and(|n| !known.contains(n.to_string_lossy().as_ref()))
        }) {
            if older_than_margin(f) && std::fs::remove_file(f).is_ok() {
                files_removed += 1;
            }
        }
        // Temporary files of the store's own making (`.incoming-…` at its top), left by a crash.
        for f in other.iter().filter(|p| {
            p.parent() == Some(store.root.as_path())
                && p.file_name()
                    .is_some_and(|n| crate::store::is_temporary_name(&n.to_string_lossy()))
                && std::fs::symlink_metadata(p).is_ok_and(|m| m.file_type().is_file())
        }) {
            if older_than_margin(f) && std::fs::remove_file(f).is_ok() {
                files_removed += 1;
            }
        }
        if removed > 0 || files_removed > 0 {
            audit::record(
                &tx,
                &ctx.operator,
                "fix",
                "database",
                "",
                &serde_json::json!({ "regime_texts_removed": removed, "files_removed": files_removed }),
            )?;
        }
        tx.commit()?;
        println!(
            "{}",
            t(
                Msg::DoctorFixed,
                &[
                    ("count", &removed.to_string()),
                    ("files", &files_removed.to_string())
                ]
            )
        );
    } else if orphans > 0 {
        problems.push(t(
            Msg::DoctorOrphanRegime,
            &[("count", &orphans.to_string())],
        ));
    }
    // What is left in the store that no record uses: notes, not problems (a crash between storing
    // a file and committing its record leaves one; it harms nothing).
    let known: std::collections::HashSet<&str> = blobs.iter().map(|(s, _)| s.as_str()).collect();
    let (own, other) = store.entries();
    let unused = own
        .iter()
        .filter(|p| {
            p.file_name()
                .is_some_and(|n| !known.contains(n.to_string_lossy().as_ref()))
        })
        .count();
    let temporary = other
        .iter()
        .filter(|p| {
            p.file_name()
                .is_some_and(|n| crate::store::is_temporary_name(&n.to_string_lossy()))
        })
        .count();
    if unused + temporary > 0 {
        notes.push(t(
            Msg::DoctorOrphanFiles,
            &[("count", &(unused + temporary).to_string())],
        ));
    }
    let foreign: Vec<String> = other
        .iter()
        .filter(|p| {
            !p.file_name()
                .is_some_and(|n| crate::store::is_temporary_name(&n.to_string_lossy()))
        })
        .map(|p| {
            p.strip_prefix(&store.root)
                .unwrap_or(p)
                .display()
                .to_string()
        })
        .collect();
    if !foreign.is_empty() {
        notes.push(t(
            Msg::DoctorStrayFiles,
            &[
                ("count", &foreign.len().to_string()),
                ("names", &foreign.join(", ")),
            ],
        ));
    }
    for n in &notes {
        eprintln!(
            "{}",
            crate::text::printable(&t(Msg::Warning, &[("message", n)]))
        );
    }
    let path = ctx.loc.path.display().to_string();
    if problems.is_empty() {
        let entries: i64 = conn.query_row("SELECT count(*) FROM audit", [], |r| r.get(0))?;
        println!(
            "{}",
            t(
                Msg::DoctorOk,
                &[
                    ("path", &path),
                    ("version", &db::user_version(&conn)?.to_string()),
                    ("entries", &entries.to_string())
                ],
            )
        );
        if let Some(n) = anchor_note {
            println!("{n}");
        }
        return Ok(());
    }
    for p in &problems {
        eprintln!("- {}", crate::text::printable(p));
    }
    Err(Error::data(t(
        Msg::DoctorProblems,
        &[("path", &path), ("count", &problems.len().to_string())],
    )))
}

/// `ocop log --head`: the audit chain's head, one line `N HASH`.
pub fn log_head(ctx: &Ctx) -> Result<()> {
    let conn = ctx.open()?;
    let head = audit::head(&conn)?;
    super::emit(|w| writeln!(w, "{head}"))
}

/// The audit log, oldest first, filtered.
pub fn log(
    ctx: &Ctx,
    entity: Option<Vec<String>>,
    since: Option<String>,
    by: Option<String>,
) -> Result<()> {
    let conn = ctx.open()?;
    let since = since
        .as_deref()
        .map(parse_date)
        .transpose()?
        .map(|d| d.to_string());
    let (kind, id) = match entity.as_deref() {
        Some([k, i]) => (Some(k.clone()), Some(i.clone())),
        _ => (None, None),
    };
    let mut st = conn.prepare(
        "SELECT at, operator, action, entity, entity_id, details FROM audit
         WHERE (?1 IS NULL OR entity = ?1) AND (?2 IS NULL OR entity_id = ?2)
           AND (?3 IS NULL OR at >= ?3) AND (?4 IS NULL OR operator = ?4)
         ORDER BY id",
    )?;
    let mut out = Listing::new(&[
        col("at", Msg::HWhen),
        col("operator", Msg::HOperator),
        col("action", Msg::HAction),
        col("entity", Msg::HType),
        col("entity_id", Msg::HId),
        col("details", Msg::HDetails),
    ]);
    let mut rows = st.query((kind, id, since, by.map(|b| crate::text::clean(&b))))?;
    while let Some(r) = rows.next()? {
        let at: String = r.get(0)?;
        let action: String = r.get(2)?;
        let entity: String = r.get(3)?;
        out.push(vec![
            crate::output::coded(at.clone(), local_time(&at)),
            r.get::<_, String>(1)?.into(),
            crate::output::coded(action.clone(), action_label(&action)),
            crate::output::coded(entity.clone(), entity_label(&entity)),
            r.get::<_, String>(4)?.into(),
            details_value(&r.get::<_, String>(5)?),
        ]);
    }
    ctx.print_listing(&out)
}

/// An audit entry's details: the JSON for scripts, "key: value; …" for people (empty values
/// left out).
pub fn details_value(json: &str) -> crate::output::Value {
    fn plain(v: &serde_json::Value) -> String {
        match v {
            serde_json::Value::String(s) => s.clone(),
            serde_json::Value::Array(a) => a.iter().map(plain).collect::<Vec<_>>().join(", "),
            serde_json::Value::Object(o) => o
                .iter()
                .filter(|(_, v)| !v.is_null())
                .map(|(k, v)| format!("{k}: {}", plain(v)))
                .collect::<Vec<_>>()
                .join("; "),
            other => other.to_string(),
        }
    }
    let shown = serde_json::from_str::<serde_json::Value>(json)
        .map(|v| plain(&v))
        .unwrap_or_else(|_| json.to_string());
    crate::output::coded(json, shown)
}

/// An audit time (stored in UTC) as the office's clock shows it; the stored text when it does not
/// read as a time.
pub fn local_time(at: &str) -> String {
    at.parse::<jiff::Timestamp>()
        .map(|ts| {
            ts.to_zoned_datetime(jiff::tz::TimeZone::system())
                .strftime("%Y-%m-%d %H:%M:%S")
                .to_string()
        })
        .unwrap_or_else(|_| at.to_string())
}

/// An audit action in the chosen language.
pub fn action_label(id: &str) -> String {
    let m = match id {
        "add" => Msg::ActAdd,
        "edit" => Msg::ActEdit,
        "remove" => Msg::ActRemove,
        "stage" => Msg::ActStage,
        "score" => Msg::ActScore,
        "rank" => Msg::ActRank,
        "recognise" => Msg::ActRecognise,
        "import" => Msg::ActImport,
        "import-result" => Msg::ActImportResult,
        "reopen" => Msg::ActReopen,
        "force" => Msg::ActForce,
        "withdraw" => Msg::ActWithdraw,
        "register" => Msg::ActRegister,
        "backup" => Msg::ActBackup,
        "restore" => Msg::ActRestore,
        "init" => Msg::ActInit,
        "fix" => Msg::ActFix,
        "migrate" => Msg::ActMigrate,
        "remove-document" => Msg::ActRemoveDocument,
        "unscore" => Msg::ActUnscore,
        _ => return id.to_string(),
    };
    crate::i18n::l(m).to_string()
}

/// An audit entity in the chosen language.
pub fn entity_label(id: &str) -> String {
    let m = match id {
        "subject" => Msg::EntSubject,
        "product" => Msg::EntProduct,
        "registration" => Msg::EntRegistration,
        "unit" => Msg::EntUnit,
        "certificate" => Msg::EntCertificate,
        "document" => Msg::EntDocument,
        "year" => Msg::EntYear,
        "result" => Msg::EntResult,
        "regime" => Msg::EntRegime,
        "database" => Msg::EntDatabase,
        "schema" => Msg::EntSchema,
        _ => return id.to_string(),
    };
    crate::i18n::l(m).to_string()
}
