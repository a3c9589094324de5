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
use crate::import::{
    self,
    units::{Area, UnitsFile},
};
use crate::ops;

use super::Ctx;

pub fn run(ctx: &Ctx, args: InitArgs) -> Result<()> {
    let units = match &args.units {
        Some(path) => Some((path.as_path(), super::import::open_read(path, &args.read)?)),
        None => None,
    };
    let area = match (&args.district, &args.province) {
        (Some(d), _) => Area::District(d),
        (None, Some(p)) => Area::Province(p),
        (None, None) => Area::All,
    };
    if units.is_none()
        && let Area::District(d) | Area::Province(d) = area
    {
        return Err(Error::usage(t(Msg::InitAreaNeedsUnits, &[("area", d)])));
    }
    let n = create(ctx, &ctx.loc.path, units, area, args.read.header_row, false)?;
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
    if n == 0 {
        super::warn(&t(Msg::InitNoUnitsHint, &[]));
    }
    Ok(())
}

/// Creates the database at `target` with the units of `units` (path for messages, CSV text),
/// keeping only those of `area` (a district, a province). Returns how many units were loaded.
pub fn create(
    ctx: &Ctx,
    target: &Path,
    units: Option<(&Path, Box<dyn RowSource>)>,
    area: Area<'_>,
    header_row: Option<u64>,
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
            let file = import::units::parse(src.as_mut(), path, area, header_row)?;
            check_parsed(&file, path, area)?;
            Some((path, file))
        }
        None => None,
    };
    let tmp = temp_path(target);
    let result = build(ctx, &tmp, parsed.as_ref().map(|(p, f)| (*p, f)), area, demo);
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

fn check_parsed(file: &UnitsFile, path: &Path, area: Area<'_>) -> Result<()> {
    file.check(path)?;
    let (named, none) = match area {
        Area::District(d) => (d, file.districts.is_empty()),
        Area::Province(p) => (p, file.provinces.is_empty()),
        _ => return Ok(()),
    };
    if none {
        return Err(Error::data(t(
            Msg::DistrictNotInUnits,
            &[("district", named), ("path", &path.display().to_string())],
        )));
    }
    Ok(())
}

fn build(
    ctx: &Ctx,
    tmp: &Path,
    units: Option<(&Path, &UnitsFile)>,
    area: Area<'_>,
    demo: bool,
) -> Result<u64> {
    let mut conn: Connection = db::create(tmp, ctx.loc.wait)?;
    restrict_permissions(tmp);
    let tx = db::write(&mut conn)?;
    let mut loaded = 0;
    let mut home: Option<(String, String)> = None;
    let mut province: Option<(String, String)> = None;
    if let Some((path, file)) = units {
        let l = ops::load_units(&tx, file, path, &ops::UnitLoadOptions::default())?;
        loaded = l.added + l.updated + l.same + l.versioned.len() as u64;
        // The home district: the one named, else the only district of the file.
        if matches!(area, Area::District(_)) || file.districts.len() == 1 {
            home = file
                .districts
                .iter()
                .next()
                .map(|(c, n)| (c.clone(), n.clone()));
        }
        // A province office: the province named, or the only province of a two-level file.
        if matches!(area, Area::Province(_)) || (file.two_level && file.provinces.len() == 1) {
            province = file
                .provinces
                .iter()
                .next()
                .map(|(c, n)| (c.clone(), n.clone()));
        }
    } else if let Area::District(d) | Area::Province(d) = area {
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
    if let Some((code, name)) = &province {
        db::meta_set(&tx, "province_code", code)?;
        db::meta_set(&tx, "province_name", name)?;
    }
    audit::record(
        &tx,
        &ctx.operator,
        "init",
        "database",
        "",
        &json!({ "units": loaded, "district": home.as_ref().map(|h| &h.0),
                 "province": province.as_ref().map(|p| &p.0) }),
    )?;
    tx.commit()?;
    // Closing the last connection checkpoints the WAL into the file before it is renamed.
    conn.close().map_err(|(_, e)| Error::from(e))?;
    if let Some((code, name)) = home.or(province)
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
