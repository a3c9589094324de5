//! `ocop demo`: a fresh database from the bundled Thọ Xuân 2019 sample, and what it holds.
//!
//! The sample is compiled into the binary, so the demo runs from any folder.

use std::collections::BTreeMap;
use std::path::Path;

use rusqlite::Connection;

use crate::cli::DemoArgs;
use crate::db::{self, Location};
use crate::error::{Error, Result};
use crate::i18n::{Msg, l, t};
use crate::import::registrations::{self, Options, Report};
use crate::import::source::CsvSource;
use crate::output::{Listing, Value, col};

use super::Ctx;

pub const UNITS_CSV: &str = include_str!("../../fixtures/units/tho-xuan.csv");
pub const REGISTRATIONS_CSV: &str = include_str!("../../fixtures/demo/registrations-2019.csv");

pub fn run(ctx: &Ctx, args: DemoArgs) -> Result<()> {
    std::fs::create_dir_all(&args.dir).map_err(|e| {
        Error::env(t(
            Msg::FileUnwritable,
            &[
                ("path", &args.dir.display().to_string()),
                ("detail", &e.to_string()),
            ],
        ))
    })?;
    let path = args.dir.join("ocop.db");
    let demo_ctx = Ctx {
        loc: Location {
            path: path.clone(),
            wait: ctx.loc.wait,
        },
        style: ctx.style,
        operator: ctx.operator.clone(),
    };
    replace_old_demo(&demo_ctx, &path)?;
    let units_path = Path::new("fixtures/units/tho-xuan.csv");
    let units = CsvSource::new(
        Box::new(std::io::Cursor::new(UNITS_CSV.as_bytes())),
        None,
        units_path,
    )?;
    super::init::create(
        &demo_ctx,
        &path,
        Some((units_path, Box::new(units))),
        Some("395"),
        true,
    )?;
    // The sample goes in through the same import as a commune's spreadsheet.
    let mut conn = demo_ctx.open()?;
    let sample = Path::new("fixtures/demo/registrations-2019.csv");
    let mut src = CsvSource::new(
        Box::new(std::io::Cursor::new(REGISTRATIONS_CSV.as_bytes())),
        None,
        sample,
    )?;
    let mut report = Report {
        warnings: Vec::new(),
        errors: Vec::new(),
        rejects: None,
        progress: None,
    };
    let summary = registrations::import(
        &mut conn,
        &demo_ctx.operator,
        sample,
        &mut src,
        &Options::default(),
        &mut report,
    )?;
    if summary.rejected > 0 {
        return Err(Error::data(report.errors.join("\n")));
    }
    print_summary(&demo_ctx, &conn, 2019)?;
    eprintln!(
        "{}",
        t(
            Msg::DemoDone,
            &[
                ("path", &path.display().to_string()),
                ("subjects", &db::subjects::count(&conn)?.to_string()),
                ("products", &db::products::count(&conn)?.to_string()),
                (
                    "registrations",
                    &db::registrations::count(&conn)?.to_string()
                ),
            ],
        )
    );
    Ok(())
}

/// A database left by an earlier demo is ours to replace; any other file is refused.
fn replace_old_demo(ctx: &Ctx, path: &Path) -> Result<()> {
    if !path.exists() {
        return Ok(());
    }
    let is_demo = ctx
        .open()
        .and_then(|c| db::meta_get(&c, "demo"))
        .map(|v| v.as_deref() == Some("1"))
        .unwrap_or(false);
    if !is_demo {
        return Err(Error::data(t(
            Msg::DemoDirHasDb,
            &[("path", &path.display().to_string())],
        )));
    }
    for suffix in ["", "-wal", "-shm"] {
        let p = format!("{}{suffix}", path.display());
        if Path::new(&p).exists() {
            std::fs::remove_file(&p)?;
        }
    }
    Ok(())
}

/// Registrations per commune of the year, by stage, with a total row.
fn print_summary(ctx: &Ctx, conn: &Connection, year: i32) -> Result<()> {
    let rows = db::registrations::list(
        conn,
        &db::registrations::ListFilter {
            year: Some(year),
            ..Default::default()
        },
    )?;
    let mut per: BTreeMap<(String, String), [i64; 5]> = BTreeMap::new();
    for r in &rows {
        let e = per
            .entry((r.commune_code.clone(), r.commune_name.clone()))
            .or_default();
        e[0] += 1;
        let i = match r.stage.as_str() {
            "idea" | "plan" | "implementing" => 1,
            "withdrawn" => 3,
            "submitted" => 2,
            _ => 4,
        };
        e[i] += 1;
    }
    let mut out = Listing::new(&[
        col("commune_code", Msg::HCommuneCode),
        col("commune_name", Msg::HCommune),
        col("registrations", Msg::HRegistrations),
        col("preparing", Msg::HPreparing),
        col("submitted", Msg::HSubmitted),
        col("withdrawn", Msg::HWithdrawn),
        col("decided", Msg::HDecided),
    ]);
    let mut total = [0i64; 5];
    for ((code, name), n) in &per {
        out.push(
            [Value::from(code.clone()), Value::from(name.clone())]
                .into_iter()
                .chain(n.iter().map(|v| Value::Int(*v)))
                .collect(),
        );
        for (t, v) in total.iter_mut().zip(n) {
            *t += v;
        }
    }
    out.push(
        [Value::from("total"), Value::from(l(Msg::HTotal))]
            .into_iter()
            .chain(total.iter().map(|v| Value::Int(*v)))
            .collect(),
    );
    if !ctx.machine() {
        println!("{}", l(Msg::DemoTitle));
    }
    ctx.print_listing(&out)
}
