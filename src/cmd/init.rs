//! `ocop init`: creates a database and loads administrative units.
//!
//! The database is built under a temporary name beside the target and renamed into place only
//! when complete, so that an interrupted init leaves no half-made database behind.

use std::path::{Path, PathBuf};

use rusqlite::Connection;
use serde_json::json;

use crate::cli::InitArgs;
use crate::db::{self, audit};
use crate::error::{Error, Result};
use crate::i18n::{Msg, t};
use crate::import::source::RowSource;
use crate::import::{self, units::UnitsFile};
use crate::ops;

use super::Ctx;

pub fn run(ctx: &Ctx, args: InitArgs) -> Result<()> {
    let units = match &args.units {
        Some(path) => Some((
            path.as_path(),
            import::source::open(path, &Default::default())?,
        )),
        None => None,
    };
    let n = create(ctx, &ctx.loc.path, units, args.district.as_deref(), false)?;
    println!(
        "{}",
        t(
            Msg::InitDone,
            &[
                ("path", &ctx.loc.path.display().to_string()),
                ("units", &n.to_string())
            ]
        )
    );
    Ok(())
}

/// Creates the database at `target` with the units of `units` (path for messages, CSV text),
/// keeping only `district` when given. Returns how many units were loaded.
pub fn create(
    ctx: &Ctx,
    target: &Path,
    units: Option<(&Path, Box<dyn RowSource>)>,
    district: Option<&str>,
    demo: bool,
) -> Result<u64> {
    if target.exists() {
        return Err(Error::data(t(
            Msg::DbExists,
            &[("path", &target.display().to_string())],
        )));
    }
    let parsed = match units {
        Some((path, mut src)) => {
            let file = import::units::parse(src.as_mut(), path, district, None)?;
            check_parsed(&file, path, district)?;
            Some((path, file))
        }
        None => None,
    };
    let tmp = temp_path(target);
    let result = build(
        ctx,
        &tmp,
        parsed.as_ref().map(|(p, f)| (*p, f)),
        district,
        demo,
    );
    let finish = result.and_then(|n| {
        if target.exists() {
            return Err(Error::data(t(
                Msg::DbExists,
                &[("path", &target.display().to_string())],
            )));
        }
        std::fs::rename(&tmp, target).map_err(|e| {
            Error::env(t(
                Msg::FileUnwritable,
                &[
                    ("path", &target.display().to_string()),
                    ("detail", &e.to_string()),
                ],
            ))
        })?;
        Ok(n)
    });
    // The note of who writes, made for the temporary name, goes with it.
    let _ = std::fs::remove_file(format!("{}-writer", tmp.display()));
    if finish.is_err() {
        for suffix in ["", "-wal", "-shm", "-journal"] {
            let _ = std::fs::remove_file(format!("{}{suffix}", tmp.display()));
        }
    }
    finish
}

fn check_parsed(file: &UnitsFile, path: &Path, district: Option<&str>) -> Result<()> {
    file.check(path)?;
    if let Some(d) = district
        && file.districts.is_empty()
    {
        return Err(Error::data(t(
            Msg::DistrictNotInUnits,
            &[("district", d), ("path", &path.display().to_string())],
        )));
    }
    Ok(())
}

fn build(
    ctx: &Ctx,
    tmp: &Path,
    units: Option<(&Path, &UnitsFile)>,
    district: Option<&str>,
    demo: bool,
) -> Result<u64> {
    let mut conn: Connection = db::create(tmp, ctx.loc.wait)?;
    restrict_permissions(tmp);
    let tx = db::write(&mut conn)?;
    let mut loaded = 0;
    let mut home: Option<(String, String)> = None;
    if let Some((path, file)) = units {
        let l = ops::load_units(&tx, file, path, &ops::UnitLoadOptions::default())?;
        loaded = l.added + l.updated + l.same + l.versioned.len() as u64;
        // The home district: the one named, else the only district of the file.
        if district.is_some() || file.districts.len() == 1 {
            home = file
                .districts
                .iter()
                .next()
                .map(|(c, n)| (c.clone(), n.clone()));
        }
    } else if let Some(d) = district {
        return Err(Error::usage(t(
            Msg::DistrictNotInUnits,
            &[("district", d), ("path", "--units")],
        )));
    }
    db::meta_set(&tx, "created_at", &db::now())?;
    if demo {
        db::meta_set(&tx, "demo", "1")?;
    }
    if let Some((code, name)) = &home {
        db::meta_set(&tx, "district_code", code)?;
        db::meta_set(&tx, "district_name", name)?;
    }
    audit::record(
        &tx,
        &ctx.operator,
        "init",
        "database",
        "",
        &json!({ "units": loaded, "district": home.as_ref().map(|h| &h.0) }),
    )?;
    tx.commit()?;
    // Closing the last connection checkpoints the WAL into the file before it is renamed.
    conn.close().map_err(|(_, e)| Error::from(e))?;
    if let Some((code, name)) = home
        && !ctx.machine()
    {
        println!(
            "{}",
            t(Msg::InitHome, &[("district", &format!("{code} {name}"))])
        );
    }
    Ok(loaded)
}

fn temp_path(target: &Path) -> PathBuf {
    let name = target
        .file_name()
        .map(|n| n.to_string_lossy().to_string())
        .unwrap_or_else(|| "ocop.db".into());
    target.with_file_name(format!(".{name}.init-{}.tmp", std::process::id()))
}

/// The database holds personal data (names, phones, tax codes): readable by its owner only.
#[cfg(unix)]
pub fn restrict_permissions(path: &Path) {
    use std::os::unix::fs::PermissionsExt;
    let _ = std::fs::set_permissions(path, std::fs::Permissions::from_mode(0o600));
}

#[cfg(not(unix))]
pub fn restrict_permissions(_path: &Path) {}
