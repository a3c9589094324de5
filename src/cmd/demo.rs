//! `ocop demo`: a fresh database from the bundled Thọ Xuân 2019 sample, and what it holds.
//!
//! The sample is compiled into the binary, so the demo runs from any folder.

use std::path::Path;

use rusqlite::Connection;

use crate::cli::DemoArgs;
use crate::db::{self, Location};
use crate::error::{Error, Result};
use crate::i18n::{Msg, l, t};
use crate::import::registrations::{self, Options, Report};
use crate::import::source::CsvSource;

use super::Ctx;

pub const UNITS_CSV: &str = include_str!("../../fixtures/units/tho-xuan.csv");
pub const REGISTRATIONS_CSV: &str = include_str!("../../fixtures/demo/registrations-2019.csv");

pub fn run(ctx: &Ctx, args: DemoArgs) -> Result<()> {
    crate::files::create_dir_private(&args.dir)?;
    let path = args.dir.join("ocop.db");
    let demo_ctx = Ctx {
        more_dbs: Vec::new(),
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
        crate::import::units::Area::District("395"),
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
    let mut report = Report::new(None, None);
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
    dossiers(&mut conn, &demo_ctx.operator, &path, &args.dir)?;
    let tx = db::write(&mut conn)?;
    evaluate(&tx, &demo_ctx.operator)?;
    tx.commit()?;
    print_summary(&demo_ctx, &conn, 2019, &args.dir)?;
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

/// Dossiers for the submitted registrations, from small files the demo writes into `DIR/ho-so/`:
/// every mandatory item, a food-safety certificate valid to 2021 and a test report of May 2019;
/// except that the first lacks its business plan and the second's test report is from 2018, so
/// that `ocop dossier check --year 2019 --at 2019-11-15` has something to show.
fn dossiers(conn: &mut Connection, operator: &str, db_path: &Path, dir: &Path) -> Result<()> {
    use crate::db::documents::{self, NewDocument};
    let store = crate::store::Store::for_db(db_path);
    let submitted = db::registrations::list(
        conn,
        &db::registrations::ListFilter {
            year: Some(2019),
            stage: Some("submitted".into()),
            ..Default::default()
        },
    )?;
    let files = dir.join("ho-so");
    let mut planned = Vec::new();
    for (i, r) in submitted.iter().enumerate() {
        let rules = crate::rules::dossier::for_regime(&r.regime)?;
        let industry = crate::ops::dossier::industry_of(r);
        for k in rules
            .kinds
            .iter()
            .filter(|k| k.required(&industry, &r.subject_kind))
        {
            if i == 0 && k.id == "business-plan" {
                continue;
            }
            let (issued, expires) = match k.id.as_str() {
                "production-certificate" => (Some("2019-01-15"), Some("2021-12-31")),
                _ => (None, None),
            };
            planned.push((r, k.clone(), issued, expires));
        }
        let test_issued = if i == 1 { "2018-03-01" } else { "2019-05-01" };
        if let Some(k) = rules.kind("test-report") {
            planned.push((r, k.clone(), Some(test_issued), None));
        }
    }
    let mut stored = Vec::new();
    for (r, k, _, _) in &planned {
        if !k.needs_file() {
            stored.push(None);
            continue;
        }
        let folder = files.join(&r.code);
        crate::files::create_dir_private(&folder)?;
        let file = folder.join(format!("{}.txt", k.id));
        crate::files::write_whole(
            &file,
            format!("{}\n{}\n{}\n", k.vi, r.product_name, r.subject_name).as_bytes(),
        )?;
        stored.push(Some(store.put(&file, crate::store::DEFAULT_MAX_SIZE)?));
    }
    let tx = db::write(conn)?;
    for ((r, k, issued, expires), s) in planned.iter().zip(&stored) {
        let name = format!("{}.txt", k.id);
        documents::insert(
            &tx,
            &NewDocument {
                registration_id: r.id,
                kind: &k.id,
                number: None,
                issued_on: *issued,
                expires_on: *expires,
                note: None,
                received: true,
                file: s
                    .as_ref()
                    .map(|(sha, size)| (sha.as_str(), *size, name.as_str())),
            },
        )?;
    }
    crate::db::audit::record(
        &tx,
        operator,
        "import",
        "document",
        "",
        &serde_json::json!({ "demo": planned.len() }),
    )?;
    tx.commit()?;
    Ok(())
}

/// The councils of the sample year: three district members score every submitted registration
/// (criterion by criterion where its set has its criteria, else by part totals), the district
/// ranks them, three province members score those forwarded, the
/// province ranks them and recognises its 3★ and 4★ products (decision of 23/12/2019). The points
/// are invented but fixed, spread from about 40 to 95.
fn evaluate(conn: &rusqlite::Connection, operator: &str) -> Result<()> {
    use crate::ops::scoring::{self, SheetInput};
    let submitted = db::registrations::list(
        conn,
        &db::registrations::ListFilter {
            year: Some(2019),
            stage: Some("submitted".into()),
            ..Default::default()
        },
    )?;
    let parts_for = |seq: i64, shift: i64| -> Vec<(String, String)> {
        let target = 40 + (seq * 37) % 56;
        let a = (target * 35 / 100).min(35);
        let b = (target * 25 / 100).min(25);
        let c = (target - a - b + shift).clamp(0, 40);
        vec![
            ("A".into(), a.to_string()),
            ("B".into(), b.to_string()),
            ("C".into(), c.to_string()),
        ]
    };
    let seq = |code: &str| {
        code.rsplit('-')
            .next()
            .and_then(|n| n.parse::<i64>().ok())
            .unwrap_or(0)
    };
    // One council: three members score each registration, a little apart from one another.
    let council = |regs: &[&crate::db::registrations::Registration],
                   level: &str,
                   members: [&str; 3],
                   shifts: [i64; 3],
                   on: &str| {
        for r in regs {
            // The district scores criterion by criterion where the set has its criteria (the same
            // part totals, spread over the criteria's options), the province by part totals.
            let set = crate::rules::regime::Regimes::in_use()?
                .get(&r.regime)?
                .set(&r.product_set);
            for (m, shift) in members.iter().zip(shifts) {
                let parts = parts_for(seq(&r.code), shift);
                let targets: Vec<(String, u32)> = parts
                    .iter()
                    .map(|(p, v)| (p.clone(), v.parse().unwrap_or(0)))
                    .collect();
                let criteria = set
                    .filter(|_| level == "district")
                    .and_then(|s| crate::domain::sheet::answers_for_parts(s, &targets));
                let no_lines: &[(String, String)] = &[];
                let (parts, criteria) = match &criteria {
                    Some(c) => (no_lines, c.as_slice()),
                    None => (parts.as_slice(), no_lines),
                };
                let input = SheetInput {
                    level,
                    member: m,
                    parts,
                    criteria,
                    aspects: &[],
                    scored_on: Some(on),
                    eliminated: None,
                    stopped: None,
                    note: None,
                    audit: true,
                    overrides: Default::default(),
                };
                scoring::add_sheet(conn, operator, r, &input)?;
            }
        }
        Ok::<(), Error>(())
    };
    let district_members = ["Lê Văn An", "Nguyễn Thị Bình", "Trịnh Văn Cường"];
    council(
        &submitted.iter().collect::<Vec<_>>(),
        "district",
        district_members,
        [-2, 0, 1],
        "2019-11-15",
    )?;
    let district = scoring::rank_level(conn, operator, 2019, "district", None, None)?.ranked;
    let forwarded: Vec<_> = district
        .iter()
        .filter(|(_, rk, _)| rk.outcome == crate::domain::score::Outcome::Forwards)
        .map(|(r, _, _)| r)
        .collect();
    let province_members = ["Hoàng Văn Dũng", "Phạm Thị Hà", "Đỗ Minh Khôi"];
    council(
        &forwarded,
        "province",
        province_members,
        [-1, 1, 0],
        "2019-12-10",
    )?;
    let province = scoring::rank_level(conn, operator, 2019, "province", None, None)?.ranked;
    let decided = jiff::civil::Date::new(2019, 12, 23).map_err(|e| Error::data(e.to_string()))?;
    for (r, rk, _) in &province {
        if rk.outcome == crate::domain::score::Outcome::Recognises {
            scoring::recognise(conn, operator, r, "QĐ 5445/QĐ-UBND", decided, None)?;
        }
    }
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

/// The year's reports as CSV files in the demo's folder, and the summary on the screen.
fn print_summary(ctx: &Ctx, conn: &Connection, year: i32, dir: &Path) -> Result<()> {
    super::report::write_all(ctx, conn, year, None, &dir.join(format!("bao-cao-{year}")))?;
    let summary = crate::report::summary(
        conn,
        crate::report::Scope {
            year,
            round: None,
            level: None,
        },
    )?;
    if !ctx.machine() {
        println!("{}", l(Msg::DemoTitle));
    }
    ctx.print_listing(&summary)
}
