//! `ocop report summary|products|groups|dossiers|progress|certificates|all`, over one database or,
//! for a province, over several district files given with more `--db`.

use std::path::Path;

use rusqlite::Connection;

use crate::cli::{ReportCmd, ReportScope};
use crate::db::{self, Location};
use crate::domain::date::{parse_date, parse_round, parse_year, today};
use crate::error::{Error, Result};
use crate::i18n::{Msg, l, t};
use crate::ops::scoring::check_level;
use crate::output::{Format, Listing, Style, Value};
use crate::report::{self, Scope};
use crate::rules::regime::Regimes;
use crate::store::Store;

use super::Ctx;

/// The scope of a report, checked: the year, the round, the level id.
fn scope(s: &ReportScope) -> Result<(i32, Option<i64>, Option<String>)> {
    let year = parse_year(&s.year)?;
    let round = s.round.as_deref().map(parse_round).transpose()?;
    let level = match &s.level {
        Some(l) => Some(check_level(Regimes::in_use()?.for_year(year)?, l)?.to_string()),
        None => None,
    };
    Ok((year, round, level))
}

const STARS: [&str; 3] = ["stars_3", "stars_4", "stars_5"];

/// The district files of a report: the database, and every further `--db`.
struct Files {
    dbs: Vec<(std::path::PathBuf, Connection)>,
}

impl Files {
    fn open(ctx: &Ctx) -> Result<Files> {
        let mut dbs = vec![(ctx.loc.path.clone(), ctx.open()?)];
        for p in &ctx.more_dbs {
            dbs.push((
                p.clone(),
                db::open(&Location {
                    path: p.clone(),
                    wait: ctx.loc.wait,
                })?,
            ));
        }
        Ok(Files { dbs })
    }

    /// The same producer (tax code) in several files, named in a warning; returns the
    /// (producer name, tax code) pairs to count once.
    fn duplicate_producers(&self) -> Result<Vec<(String, String)>> {
        let mut seen: std::collections::BTreeMap<String, (String, Vec<String>)> =
            std::collections::BTreeMap::new();
        for (path, conn) in &self.dbs {
            let mut st = conn.prepare(
                "SELECT tax_code, name FROM subject WHERE tax_code IS NOT NULL ORDER BY tax_code",
            )?;
            let rows: Vec<(String, String)> = st
                .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
                .collect::<rusqlite::Result<_>>()?;
            for (tax, name) in rows {
                let e = seen.entry(tax).or_insert_with(|| (name, Vec::new()));
                e.1.push(path.display().to_string());
            }
        }
        let mut dup = Vec::new();
        for (tax, (name, files)) in seen {
            if files.len() > 1 {
                super::warn(&t(
                    Msg::DuplicateProducer,
                    &[("tax", &tax), ("name", &name), ("files", &files.join(", "))],
                ));
                dup.push((crate::text::fold(&name), tax));
            }
        }
        Ok(dup)
    }

    /// One listing per file, followed by one another (products, certificates, dossiers).
    fn concat(&self, f: impl Fn(&Path, &Connection) -> Result<Listing>) -> Result<Listing> {
        let mut out: Option<Listing> = None;
        for (path, conn) in &self.dbs {
            let l = f(path, conn)?;
            match out.as_mut() {
                None => out = Some(l),
                Some(o) => o.rows.extend(l.rows),
            }
        }
        // `dbs` always holds the database itself, so there is at least one listing.
        out.ok_or_else(|| Error::usage(t(Msg::DbMissing, &[("path", "--db")])))
    }

    /// One listing per file, rows with the same key summed (groups, progress).
    fn sum(&self, f: impl Fn(&Connection) -> Result<Listing>) -> Result<Listing> {
        if self.dbs.len() == 1 {
            return f(&self.dbs[0].1);
        }
        let listings = self
            .dbs
            .iter()
            .map(|(_, c)| f(c))
            .collect::<Result<Vec<_>>>()?;
        report::merge_sums(listings, 2)
            .ok_or_else(|| Error::usage(t(Msg::DbMissing, &[("path", "--db")])))
    }

    fn summary(&self, s: Scope<'_>) -> Result<Listing> {
        let parts = self
            .dbs
            .iter()
            .map(|(_, c)| report::summary_rows(c, s))
            .collect::<Result<Vec<_>>>()?;
        Ok(report::summary_listing(&report::merge_summaries(parts)))
    }

    /// Products of every file; a product of a producer found in several files is listed once.
    fn products(&self, s: Scope<'_>, min_stars: Option<u8>) -> Result<Listing> {
        let mut listing = self.concat(|_, c| report::products(c, s, min_stars))?;
        if self.dbs.len() > 1 {
            let dup = self.duplicate_producers()?;
            let col = |id: &str| listing.columns.iter().position(|c| c.id == id);
            if let (Some(sc), Some(pc)) = (col("subject_name"), col("product_name")) {
                let mut kept: Vec<(String, String)> = Vec::new();
                listing.rows.retain(|row| {
                    let text = |i: usize| match &row[i] {
                        Value::Text(t) => crate::text::fold(t),
                        _ => String::new(),
                    };
                    let key = (text(sc), text(pc));
                    if !dup.iter().any(|(name, _)| *name == key.0) {
                        return true;
                    }
                    if kept.contains(&key) {
                        return false;
                    }
                    kept.push(key);
                    true
                });
            }
        }
        Ok(listing)
    }
}

pub fn run(ctx: &Ctx, cmd: ReportCmd) -> Result<()> {
    let files = Files::open(ctx)?;
    let sc = |s: &ReportScope| scope(s);
    match cmd {
        ReportCmd::Summary(s) => {
            let (year, round, level) = sc(&s)?;
            let listing = files.summary(Scope {
                year,
                round,
                level: level.as_deref(),
            })?;
            // On the screen, the area the report covers as it was that year.
            if let ([(_, conn)], None, false) =
                (files.dbs.as_slice(), s.out.as_deref(), ctx.machine())
            {
                println!("{}", report::area_title(conn, year)?);
            }
            ctx.write_listing(
                &listing,
                s.out.as_deref(),
                "summary",
                Some((l(Msg::HStars), &STARS)),
            )
        }
        ReportCmd::Products {
            scope: s,
            min_stars,
        } => {
            let (year, round, level) = sc(&s)?;
            let listing = files.products(
                Scope {
                    year,
                    round,
                    level: level.as_deref(),
                },
                min_stars,
            )?;
            ctx.write_listing(&listing, s.out.as_deref(), "products", None)
        }
        ReportCmd::Groups(s) => {
            let (year, round, level) = sc(&s)?;
            let listing = files.sum(|c| {
                report::groups(
                    c,
                    Scope {
                        year,
                        round,
                        level: level.as_deref(),
                    },
                )
            })?;
            ctx.write_listing(&listing, s.out.as_deref(), "groups", None)
        }
        ReportCmd::Dossiers { scope: s, at } => {
            let (year, round, level) = sc(&s)?;
            let at = match at {
                Some(d) => parse_date(&d)?,
                None => today(),
            }
            .to_string();
            let listing = files.concat(|p, c| {
                report::dossiers(
                    c,
                    &Store::for_db(p),
                    Scope {
                        year,
                        round,
                        level: level.as_deref(),
                    },
                    &at,
                )
            })?;
            ctx.write_listing(&listing, s.out.as_deref(), "dossiers", None)
        }
        ReportCmd::Progress(s) => {
            let (year, round, level) = sc(&s)?;
            let listing = files.sum(|c| {
                report::progress(
                    c,
                    Scope {
                        year,
                        round,
                        level: level.as_deref(),
                    },
                )
            })?;
            ctx.write_listing(&listing, s.out.as_deref(), "progress", None)
        }
        ReportCmd::Certificates {
            expiring_within,
            lapsed,
            at,
            out,
        } => {
            let at = match at {
                Some(d) => parse_date(&d)?,
                None => today(),
            };
            let listing =
                files.concat(|_, c| report::certificates(c, at, expiring_within, lapsed))?;
            ctx.write_listing(&listing, out.as_deref(), "certificates", None)
        }
        ReportCmd::All { year, round, out } => {
            let s = ReportScope {
                year,
                round,
                level: None,
                out: None,
            };
            let (year, round, _) = sc(&s)?;
            write_all_files(ctx, &files, year, round, &out)
        }
    }
}

/// Every report of the year as CSV files in `dir`, from one database (the demo uses this).
pub fn write_all(
    ctx: &Ctx,
    _conn: &Connection,
    year: i32,
    round: Option<i64>,
    dir: &Path,
) -> Result<()> {
    let files = Files::open(ctx)?;
    write_all_files(ctx, &files, year, round, dir)
}

/// Every report of the year as CSV files in `dir`; the certificates and dossiers as of
/// 31 December of the year.
fn write_all_files(
    ctx: &Ctx,
    files: &Files,
    year: i32,
    round: Option<i64>,
    dir: &Path,
) -> Result<()> {
    crate::files::check_output(dir)?;
    crate::files::create_dir_private(dir)?;
    let s = Scope {
        year,
        round,
        level: None,
    };
    let end = jiff::civil::Date::new(year as i16, 12, 31)
        .map_err(|_| Error::data(t(Msg::DateInvalid, &[("value", "")])))?;
    let end_s = end.to_string();
    let reports = [
        ("summary", files.summary(s)?),
        ("products", files.products(s, None)?),
        ("groups", files.sum(|c| report::groups(c, s))?),
        ("progress", files.sum(|c| report::progress(c, s))?),
        (
            "certificates",
            files.concat(|_, c| report::certificates(c, end, None, false))?,
        ),
        (
            "dossiers",
            files.concat(|p, c| report::dossiers(c, &Store::for_db(p), s, &end_s))?,
        ),
    ];
    // CSV unless XLSX or JSON was asked for; the same bytes whatever the clock.
    let (format, ext) = match ctx.style.format {
        Format::Xlsx => (Format::Xlsx, "xlsx"),
        Format::Json => (Format::Json, "json"),
        _ => (Format::Csv, "csv"),
    };
    let file_ctx = Ctx {
        more_dbs: Vec::new(),
        loc: ctx.loc.clone(),
        style: Style {
            format,
            ..ctx.style
        },
        operator: ctx.operator.clone(),
    };
    for (name, listing) in &reports {
        let path = dir.join(format!("{name}-{year}.{ext}"));
        file_ctx.write_listing(listing, Some(&path), name, None)?;
    }
    // The audit head the reports were made from, one line per database, for the office to keep
    // with the printed reports (`ocop doctor --anchor` checks the log still reaches it).
    let mut heads = String::new();
    for (p, c) in &files.dbs {
        let head = crate::db::audit::head(c)?;
        if files.dbs.len() > 1 {
            heads.push_str(&format!("{}\t", p.display()));
        }
        heads.push_str(&format!("{head}\n"));
    }
    crate::files::write_whole(&dir.join("head.txt"), heads.as_bytes())?;
    Ok(())
}
