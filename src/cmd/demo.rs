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
/// Thanh Hóa's communes of the two-level government (01/07/2025) and the successors of its old
/// communes: the demo takes Thọ Xuân through the reform.
pub const UNITS_2025_CSV: &str = include_str!("../../fixtures/units/thanh-hoa-2025.csv");
pub const SUCCESSORS_2025_CSV: &str =
    include_str!("../../fixtures/units/thanh-hoa-2025-successors.csv");
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
    replace_old_demo(&demo_ctx, &path, args.force)?;
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
        None,
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
    print_summary(&demo_ctx, &conn, 2019, &args.dir, Msg::DemoTitle)?;
    // Then the reform of 01/07/2025 and a cycle of 2026 under it.
    reform(&mut conn, &demo_ctx.operator, &args.dir)?;
    cycle_2026(&mut conn, &demo_ctx.operator, &path, &args.dir)?;
    print_summary(&demo_ctx, &conn, 2026, &args.dir, Msg::DemoTitle2026)?;
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
    dossiers_for(conn, operator, db_path, dir, 2019, "2019-05-01")
}

/// The dossiers of the submitted registrations of `year`, the test reports issued on `tested`.
fn dossiers_for(
    conn: &mut Connection,
    operator: &str,
    db_path: &Path,
    dir: &Path,
    year: i32,
    tested: &str,
) -> Result<()> {
    use crate::db::documents::{self, NewDocument};
    let store = crate::store::Store::for_db(db_path);
    let submitted = db::registrations::list(
        conn,
        &db::registrations::ListFilter {
            year: Some(year),
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
            if year == 2019 && i == 0 && k.id == "business-plan" {
                continue;
            }
            let (issued, expires) = match (k.id.as_str(), year) {
                ("production-certificate", 2019) => (Some("2019-01-15"), Some("2021-12-31")),
                ("production-certificate", _) => (Some("2026-01-15"), Some("2028-12-31")),
                _ => (None, None),
            };
            planned.push((r, k.clone(), issued, expires));
        }
        let test_issued = if year == 2019 && i == 1 {
            "2018-03-01"
        } else {
            tested
        };
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
    let decided = jiff::civil::Date::new(2019, 12, 23)
        .map_err(|_| Error::data(t(Msg::DateInvalid, &[("value", "")])))?;
    for (r, rk, _) in &province {
        if rk.outcome == crate::domain::score::Outcome::Recognises {
            scoring::recognise(conn, operator, r, "QĐ 5445/QĐ-UBND", decided, None)?;
        }
    }
    Ok(())
}

/// A database left by an earlier demo is ours to replace; any other file is refused.
fn replace_old_demo(ctx: &Ctx, path: &Path, force: bool) -> Result<()> {
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
    if !force {
        return Err(Error::usage(t(
            Msg::DemoExists,
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

/// The reform of 01/07/2025, as a district office imports it: Thọ Xuân's 30 communes close and
/// the 8 communes of Thanh Hóa that took them over begin (`ocop unit import … --from 2025-07-01
/// --successors …`).
fn reform(conn: &mut Connection, operator: &str, dir: &Path) -> Result<()> {
    let succ_path = dir.join("vn-units-2025-successors.csv");
    crate::files::write_whole(&succ_path, SUCCESSORS_2025_CSV.as_bytes())?;
    let successors = crate::ops::read_successors(&succ_path)?;
    let _ = std::fs::remove_file(&succ_path);
    let path = Path::new("fixtures/units/thanh-hoa-2025.csv");
    let from = "2025-07-01";
    let codes =
        crate::ops::area_communes(conn, true, Some(from), &successors, path)?.unwrap_or_default();
    let mut src = CsvSource::new(
        Box::new(std::io::Cursor::new(UNITS_2025_CSV.as_bytes())),
        None,
        path,
    )?;
    let file = crate::import::units::parse(
        &mut src,
        path,
        crate::import::units::Area::Communes(&codes),
        None,
    )?;
    file.check(path)?;
    let tx = db::write(conn)?;
    let load = crate::ops::load_units(
        &tx,
        &file,
        path,
        &crate::ops::UnitLoadOptions {
            from: Some(from.into()),
            successors,
        },
    )?;
    db::meta_set(&tx, "province_code", "38")?;
    db::meta_set(&tx, "province_name", "Tỉnh Thanh Hóa")?;
    crate::db::audit::record(
        &tx,
        operator,
        "import",
        "unit",
        "",
        &serde_json::json!({ "demo": "reform", "from": from, "new_versions": load.versioned, "closed": load.closed }),
    )?;
    tx.commit()?;
    Ok(())
}

/// A 2026 cycle under 26/2026 after the reform: twelve products of 2019 come back (their sets
/// carried from 1048), each with its dossier; the commune pre-assesses them (one idea found not
/// local: returned), the province council scores what the communes forwarded, ranks, and
/// recognises its 3★ and 4★ (decision of 25/09/2026).
fn cycle_2026(conn: &mut Connection, operator: &str, db_path: &Path, dir: &Path) -> Result<()> {
    use crate::ops::scoring::{self, SheetInput};
    let regimes = crate::rules::regime::Regimes::in_use()?;
    let r2026 = regimes.for_year(2026)?;
    let earlier = db::registrations::list(
        conn,
        &db::registrations::ListFilter {
            year: Some(2019),
            ..Default::default()
        },
    )?;
    let tx = db::write(conn)?;
    let mut regs = Vec::new();
    for r in earlier.iter().filter(|r| r.stage != "withdrawn") {
        if regs.len() == 12 {
            break;
        }
        // A set that several 26/2026 sets continue (honey) would ask for --set: left out.
        if regimes.carry_set(&r.product_set, &r.regime, r2026).is_err() {
            continue;
        }
        let (id, _) = crate::ops::register(
            &tx,
            operator,
            &crate::ops::RegisterInput {
                product_id: r.product_id,
                year: "2026".into(),
                round: "1".into(),
                kind: "new".into(),
                stage: "submitted".into(),
                date: Some("2026-06-15".into()),
                regime: None,
                set: None,
                commune: None,
            },
        )?;
        regs.push(id);
    }
    tx.commit()?;
    dossiers_for(conn, operator, db_path, dir, 2026, "2026-05-20")?;
    let tx = db::write(conn)?;
    let mut list = Vec::new();
    for id in &regs {
        if let Some(r) = db::registrations::get(&tx, *id)? {
            list.push(r);
        }
    }
    // The commune: every aspect met, but the third product's idea came from elsewhere.
    for (i, r) in list.iter().enumerate() {
        let idea = if i == 2 { "not-met" } else { "met" };
        let aspects: Vec<(String, String)> = [
            ("origin", "met"),
            ("labour", "met"),
            ("idea", idea),
            ("identity", "met"),
        ]
        .iter()
        .map(|(a, v)| (a.to_string(), v.to_string()))
        .collect();
        let member = format!("UBND {}", r.commune_name);
        scoring::add_sheet(
            &tx,
            operator,
            r,
            &SheetInput {
                level: "commune",
                member: &member,
                parts: &[],
                criteria: &[],
                aspects: &aspects,
                scored_on: Some("2026-07-10"),
                eliminated: None,
                stopped: None,
                note: None,
                audit: true,
                overrides: Default::default(),
            },
        )?;
    }
    let store = crate::store::Store::for_db(db_path);
    let pre = crate::ops::preassess::rank(&tx, operator, &store, 2026, "commune", None, None)?;
    // The province council: three members by part totals (26/2026's sheets are not known).
    let members = ["Lê Thị Hoa", "Trần Văn Minh", "Nguyễn Hữu Phúc"];
    for p in pre.iter().filter(|p| p.forwarded) {
        let r = &p.registration;
        let n = r
            .code
            .rsplit('-')
            .next()
            .and_then(|x| x.parse::<i64>().ok())
            .unwrap_or(0);
        let target = 55 + (n * 13) % 40;
        for (m, shift) in members.iter().zip([-1i64, 0, 1]) {
            let a = (target * 40 / 100).min(40);
            let b = (target * 25 / 100).min(25);
            let c = (target - a - b + shift).clamp(0, 35);
            let parts: Vec<(String, String)> = [("A", a), ("B", b), ("C", c)]
                .iter()
                .map(|(k, v)| (k.to_string(), v.to_string()))
                .collect();
            scoring::add_sheet(
                &tx,
                operator,
                r,
                &SheetInput {
                    level: "province",
                    member: m,
                    parts: &parts,
                    criteria: &[],
                    aspects: &[],
                    scored_on: Some("2026-09-10"),
                    eliminated: None,
                    stopped: None,
                    note: None,
                    audit: true,
                    overrides: Default::default(),
                },
            )?;
        }
    }
    let province = scoring::rank_level(&tx, operator, 2026, "province", None, None)?.ranked;
    let decided = jiff::civil::Date::new(2026, 9, 25)
        .map_err(|_| Error::data(t(Msg::DateInvalid, &[("value", "")])))?;
    for (r, rk, _) in &province {
        if rk.outcome == crate::domain::score::Outcome::Recognises {
            scoring::recognise(&tx, operator, r, "QĐ 2156/QĐ-UBND", decided, None)?;
        }
    }
    tx.commit()?;
    Ok(())
}

/// The year's reports as CSV files in the demo's folder, and the summary on the screen.
fn print_summary(ctx: &Ctx, conn: &Connection, year: i32, dir: &Path, title: Msg) -> Result<()> {
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
        println!("{}", l(title));
    }
    ctx.print_listing(&summary)
}
