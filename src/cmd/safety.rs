//! `ocop backup`, `ocop restore`, `ocop doctor`, `ocop log`: keeping the district's record safe.

use std::path::Path;

use rusqlite::{Connection, OpenFlags};

use crate::db::{self, audit, migrations};
use crate::domain::date::parse_date;
use crate::error::{Error, Result};
use crate::i18n::{Msg, t};
use crate::output::{Listing, col};

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

/// An online copy with `VACUUM INTO`: a consistent snapshot even while another ocop writes.
pub fn backup(ctx: &Ctx, file: &Path, force: bool) -> Result<()> {
    let conn = ctx.open()?;
    if file.exists() {
        if !force {
            return Err(Error::data(t(
                Msg::TargetExists,
                &[("path", &file.display().to_string())],
            )));
        }
        std::fs::remove_file(file).map_err(|e| unwritable(file, &e))?;
    }
    // Into a temporary name first, so that a failed copy never leaves a file that looks whole.
    let tmp = file.with_file_name(format!(
        ".{}.partial",
        file.file_name()
            .map(|n| n.to_string_lossy().to_string())
            .unwrap_or_else(|| "backup".into())
    ));
    let _ = std::fs::remove_file(&tmp);
    conn.execute("VACUUM INTO ?1", [tmp.to_string_lossy().as_ref()])
        .map_err(|e| {
            let _ = std::fs::remove_file(&tmp);
            unwritable(file, &e)
        })?;
    std::fs::rename(&tmp, file).map_err(|e| unwritable(file, &e))?;
    super::init::restrict_permissions(file);
    // The dossier's files go beside the copy, in the store folder a database at that path uses.
    let from = crate::store::Store::for_db(&ctx.loc.path);
    let to = crate::store::Store::for_db(file);
    for (sha, _) in crate::db::documents::blobs(&conn)? {
        let src = from.path_of(&sha);
        let dst = to.path_of(&sha);
        if src.exists() && !dst.exists() {
            if let Some(dir) = dst.parent() {
                std::fs::create_dir_all(dir).map_err(|e| unwritable(dir, &e))?;
            }
            std::fs::copy(&src, &dst).map_err(|e| unwritable(&dst, &e))?;
        }
    }
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
    Ok(())
}

/// Checks that `file` is an ocop database this binary can open, then copies it into place.
pub fn restore(ctx: &Ctx, file: &Path, to: Option<&Path>, force: bool) -> Result<()> {
    let target = to.unwrap_or(&ctx.loc.path);
    let bad = |detail: String| {
        Error::data(t(
            Msg::NotAnOcopBackup,
            &[("path", &file.display().to_string()), ("detail", &detail)],
        ))
    };
    {
        let c = Connection::open_with_flags(file, OpenFlags::SQLITE_OPEN_READ_ONLY)
            .map_err(|e| bad(e.to_string()))?;
        let version = db::user_version(&c).map_err(|e| bad(e.to_string()))?;
        if !(1..=migrations::LATEST).contains(&version) {
            return Err(bad(format!("schema version {version}")));
        }
        let ok: String = c
            .query_row("PRAGMA integrity_check", [], |r| r.get(0))
            .map_err(|e| bad(e.to_string()))?;
        if ok != "ok" {
            return Err(bad(ok));
        }
    }
    if target.exists() && !force {
        return Err(Error::data(t(
            Msg::TargetExists,
            &[("path", &target.display().to_string())],
        )));
    }
    let tmp = target.with_file_name(format!(
        ".{}.restore",
        target
            .file_name()
            .map(|n| n.to_string_lossy().to_string())
            .unwrap_or_else(|| "ocop.db".into())
    ));
    std::fs::copy(file, &tmp).map_err(|e| unwritable(&tmp, &e))?;
    // The old database's WAL must not be replayed onto the restored file.
    for suffix in ["-wal", "-shm"] {
        let _ = std::fs::remove_file(format!("{}{suffix}", target.display()));
    }
    std::fs::rename(&tmp, target).map_err(|e| unwritable(target, &e))?;
    super::init::restrict_permissions(target);
    copy_tree(
        &crate::store::Store::for_db(file).root,
        &crate::store::Store::for_db(target).root,
    )?;
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

/// Every problem it can find, one line each; exit 1 when there is any.
pub fn doctor(ctx: &Ctx, fix: bool) -> Result<()> {
    let mut conn = ctx.open()?;
    let mut problems = Vec::new();
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
    if let Some(id) = audit::first_broken(&conn)? {
        problems.push(t(Msg::DoctorAudit, &[("id", &id.to_string())]));
    }
    // Every stored file of the dossier store present with its hash; files no record uses.
    let store = crate::store::Store::for_db(&ctx.loc.path);
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
    let known: std::collections::HashSet<&str> = blobs.iter().map(|(s, _)| s.as_str()).collect();
    let orphan_files: Vec<std::path::PathBuf> = store
        .files()
        .into_iter()
        .filter(|p| {
            p.file_name()
                .is_some_and(|n| !known.contains(n.to_string_lossy().as_ref()))
        })
        .collect();
    if !orphan_files.is_empty() && !fix {
        problems.push(t(
            Msg::DoctorOrphanFiles,
            &[("count", &orphan_files.len().to_string())],
        ));
    }
    if fix {
        for f in &orphan_files {
            let _ = std::fs::remove_file(f);
        }
    }
    let orphans: i64 = conn.query_row(
        "SELECT count(*) FROM regime_text t WHERE NOT EXISTS (SELECT 1 FROM score_sheet s WHERE s.regime_sha256 = t.sha256)",
        [],
        |r| r.get(0),
    )?;
    if fix {
        let tx = db::write(&mut conn)?;
        tx.execute_batch("REINDEX")?;
        let removed = tx.execute(
            "DELETE FROM regime_text WHERE NOT EXISTS (SELECT 1 FROM score_sheet s WHERE s.regime_sha256 = regime_text.sha256)",
            [],
        )?;
        if removed > 0 {
            audit::record(
                &tx,
                &ctx.operator,
                "fix",
                "database",
                "",
                &serde_json::json!({ "regime_texts_removed": removed }),
            )?;
        }
        tx.commit()?;
        println!(
            "{}",
            t(
                Msg::DoctorFixed,
                &[
                    ("count", &removed.to_string()),
                    ("files", &orphan_files.len().to_string())
                ]
            )
        );
    } else if orphans > 0 {
        problems.push(t(
            Msg::DoctorOrphanRegime,
            &[("count", &orphans.to_string())],
        ));
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
        return Ok(());
    }
    for p in &problems {
        eprintln!("- {p}");
    }
    Err(Error::data(t(
        Msg::DoctorProblems,
        &[("path", &path), ("count", &problems.len().to_string())],
    )))
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
        out.push(
            (0..6)
                .map(|i| r.get::<_, String>(i).map(Into::into))
                .collect::<rusqlite::Result<_>>()?,
        );
    }
    ctx.print_listing(&out)
}

/// Copies the files of `from` into `to`, keeping files already there (content-addressed: a file
/// of the same name has the same content).
fn copy_tree(from: &Path, to: &Path) -> Result<()> {
    let Ok(entries) = std::fs::read_dir(from) else {
        return Ok(());
    };
    std::fs::create_dir_all(to).map_err(|e| unwritable(to, &e))?;
    for e in entries {
        let e = e?;
        let dst = to.join(e.file_name());
        if e.file_type()?.is_dir() {
            copy_tree(&e.path(), &dst)?;
        } else if !dst.exists() {
            std::fs::copy(e.path(), &dst).map_err(|err| unwritable(&dst, &err))?;
        }
    }
    Ok(())
}
