//! `ocop report summary|products|groups|dossiers|progress|certificates|all`, over one database or,
//! for a province, over several district files given with more `--db`.

use std::path::Path;

use rusqlite::Connection;

use crate::cli::{ReportCmd, ReportScope};
use crate::db::{self, Location};
use crate::domain::date::{date_or_today, parse_round, parse_year, today};
use crate::error::{Error, Result};
use crate::i18n::{Msg, t};
use crate::ops::scoring::check_level;
use crate::output::{Format, Listing, Style, Value};
use crate::report::chart::{self, Bars};
use crate::report::title::{Title, show_date};
use crate::report::workbook::Printed;
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
        // The same district twice (the same file, or a copy of it) would count everything twice.
        let mut seen: Vec<(&std::path::PathBuf, Option<std::path::PathBuf>, String)> = Vec::new();
        for (path, conn) in &dbs {
            let real = std::fs::canonicalize(path).ok();
            let head = crate::db::audit::head(conn)?;
            let empty = head.starts_with("0 ");
            if let Some((first, _, _)) = seen
                .iter()
                .find(|(_, r, h)| (real.is_some() && *r == real) || (!empty && *h == head))
            {
                return Err(Error::usage(t(
                    Msg::DbGivenTwice,
                    &[
                        ("a", &first.display().to_string()),
                        ("b", &path.display().to_string()),
                    ],
                )));
            }
            seen.push((path, real, head));
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
        report::merge_sums(listings, 2, true)
            .ok_or_else(|| Error::usage(t(Msg::DbMissing, &[("path", "--db")])))
    }

    /// What a report's workbook prints besides its table, when a workbook is being written: the
    /// title block over every file, and the charts `charts` draws for the area.
    fn printed(
        &self,
        ctx: &Ctx,
        out: Option<&Path>,
        (years, round): ((i32, i32), Option<i64>),
        report: Msg,
        charts: impl FnOnce(&str) -> Vec<Bars>,
    ) -> Result<Option<Printed>> {
        if ctx.style.format != Format::Xlsx || out.is_none() {
            return Ok(None);
        }
        let conns: Vec<&Connection> = self.dbs.iter().map(|(_, c)| c).collect();
        let title = Title::of(&conns, years, round, report)?;
        let charts = charts(&title.area);
        Ok(Some(Printed { title, charts }))
    }

    fn summary(&self, s: Scope<'_>) -> Result<Listing> {
        let parts = self
            .dbs
            .iter()
            .map(|(_, c)| report::summary_rows(c, s))
            .collect::<Result<Vec<_>>>()?;
        Ok(report::summary_listing(&report::merge_summaries(parts)))
    }

    /// The trend of every file, year and stars summed.
    fn trend(&self, round: Option<i64>, from: Option<i32>, to: Option<i32>) -> Result<Listing> {
        let listings = self
            .dbs
            .iter()
            .map(|(_, c)| report::trend(c, round, from, to))
            .collect::<Result<Vec<_>>>()?;
        if listings.len() == 1 {
            return listings
                .into_iter()
                .next()
                .ok_or_else(|| Error::usage(t(Msg::DbMissing, &[("path", "--db")])));
        }
        report::merge_sums(listings, 2, false)
            .ok_or_else(|| Error::usage(t(Msg::DbMissing, &[("path", "--db")])))
    }

    /// What the yearly brief states, over every file.
    fn brief(&self, year: i32, round: Option<i64>) -> Result<report::brief::Brief> {
        let s = Scope {
            year,
            round,
            level: None,
        };
        let communes = report::merge_summaries(
            self.dbs
                .iter()
                .map(|(_, c)| report::summary_rows(c, s))
                .collect::<Result<Vec<_>>>()?,
        );
        // The latest earlier year any file has registrations for.
        let mut earlier: Option<i32> = None;
        for (_, c) in &self.dbs {
            let y: Option<i32> = c.query_row(
                "SELECT max(year) FROM registration WHERE year < ?1",
                [year],
                |r| r.get(0),
            )?;
            earlier = earlier.max(y);
        }
        let previous = match earlier {
            Some(py) => {
                let ps = Scope {
                    year: py,
                    round,
                    level: None,
                };
                let rows = self
                    .dbs
                    .iter()
                    .map(|(_, c)| report::summary_rows(c, ps))
                    .collect::<Result<Vec<_>>>()?;
                Some((py, report::totals(&report::merge_summaries(rows))))
            }
            None => None,
        };
        let conns: Vec<&Connection> = self.dbs.iter().map(|(_, c)| c).collect();
        let title = Title::of(&conns, (year, year), round, Msg::RptSummary)?;
        let chart = chart::by_commune(&report::summary_listing(&communes), &title.area);
        Ok(report::brief::Brief {
            year,
            round,
            totals: report::totals(&communes),
            previous,
            groups: self.sum(|c| report::groups(c, s))?,
            products: self.products(s, Some(3))?,
            communes,
            chart,
            title,
        })
    }

    /// Products of every file; a product of a producer found in several files is listed once.
    fn products(&self, s: Scope<'_>, min_stars: Option<u8>) -> Result<Listing> {
        let mut listing = self.concat(|_, c| report::products(c, s, min_stars))?;
        if self.dbs.len() > 1 {
            let dup = self.duplicate_producers()?;
            let col = |id: &str| listing.column(id);
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
    match cmd {
        ReportCmd::Summary(s) => {
            let (year, round, level) = scope(&s)?;
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
            let print = files.printed(
                ctx,
                s.out.as_deref(),
                ((year, year), round),
                Msg::RptSummary,
                |area| vec![chart::by_commune(&listing, area)],
            )?;
            ctx.write_listing(&listing, s.out.as_deref(), "summary", print.as_ref())
        }
        ReportCmd::Products {
            scope: s,
            min_stars,
        } => {
            let (year, round, level) = scope(&s)?;
            let listing = files.products(
                Scope {
                    year,
                    round,
                    level: level.as_deref(),
                },
                min_stars,
            )?;
            let print = files.printed(
                ctx,
                s.out.as_deref(),
                ((year, year), round),
                Msg::RptProducts,
                |_| Vec::new(),
            )?;
            ctx.write_listing(&listing, s.out.as_deref(), "products", print.as_ref())
        }
        ReportCmd::Groups(s) => {
            let (year, round, level) = scope(&s)?;
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
            let print = files.printed(
                ctx,
                s.out.as_deref(),
                ((year, year), round),
                Msg::RptGroups,
                |area| vec![chart::by_group(&listing, area)],
            )?;
            ctx.write_listing(&listing, s.out.as_deref(), "groups", print.as_ref())
        }
        ReportCmd::Dossiers { scope: s, at } => {
            let (year, round, level) = scope(&s)?;
            let at = date_or_today(at.as_deref())?.to_string();
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
            let mut print = files.printed(
                ctx,
                s.out.as_deref(),
                ((year, year), round),
                Msg::RptDossiers,
                |_| Vec::new(),
            )?;
            if let Some(p) = print.as_mut() {
                p.title.note = checked_on(&at);
            }
            ctx.write_listing(&listing, s.out.as_deref(), "dossiers", print.as_ref())
        }
        ReportCmd::Progress(s) => {
            let (year, round, level) = scope(&s)?;
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
            let print = files.printed(
                ctx,
                s.out.as_deref(),
                ((year, year), round),
                Msg::RptProgress,
                |_| Vec::new(),
            )?;
            ctx.write_listing(&listing, s.out.as_deref(), "progress", print.as_ref())
        }
        ReportCmd::Certificates { filter, out } => {
            let at = date_or_today(filter.at.as_deref())?;
            let listing = files.concat(|_, c| {
                report::certificates(c, at, filter.expiring_within, filter.lapsed)
            })?;
            let year = i32::from(at.year());
            let mut print = files.printed(
                ctx,
                out.as_deref(),
                ((year, year), None),
                Msg::RptCertificates,
                |_| Vec::new(),
            )?;
            // Certificates of every year and regime: the date says what the list is as of.
            if let Some(p) = print.as_mut() {
                p.title.regimes.clear();
                p.title.note = t(Msg::RptAsOf, &[("date", &show_date(at))]);
            }
            ctx.write_listing(&listing, out.as_deref(), "certificates", print.as_ref())
        }
        ReportCmd::Trend {
            from,
            to,
            round,
            out,
        } => {
            let from = from.as_deref().map(parse_year).transpose()?;
            let to = to.as_deref().map(parse_year).transpose()?;
            if let (Some(f), Some(t_)) = (from, to)
                && f > t_
            {
                return Err(Error::usage(t(
                    Msg::TrendRangeReversed,
                    &[("from", &f.to_string()), ("to", &t_.to_string())],
                )));
            }
            let round = round.as_deref().map(parse_round).transpose()?;
            let listing = files.trend(round, from, to)?;
            // The years the trend covers: those listed, else those asked for, else this one.
            let this = i32::from(today().year());
            let years = trend_years(&listing)
                .unwrap_or((from.or(to).unwrap_or(this), to.or(from).unwrap_or(this)));
            let print =
                files.printed(ctx, out.as_deref(), (years, round), Msg::RptTrend, |area| {
                    vec![chart::by_year(&listing, area)]
                })?;
            ctx.write_listing(&listing, out.as_deref(), "trend", print.as_ref())
        }
        ReportCmd::Brief { year, round, out } => {
            // A Word document under another name (`--out danh-sach.csv`) would replace what is
            // most likely someone's spreadsheet: the name must say what the file is.
            let docx = out
                .extension()
                .is_some_and(|e| e.eq_ignore_ascii_case("docx"));
            if !docx {
                return Err(Error::usage(t(
                    Msg::BriefNeedsDocx,
                    &[("path", &out.display().to_string())],
                )));
            }
            let year = parse_year(&year)?;
            let round = round.as_deref().map(parse_round).transpose()?;
            write_brief(&files, year, round, &out)
        }
        ReportCmd::All { year, round, out } => {
            let s = ReportScope {
                year,
                round,
                level: None,
                out: None,
            };
            let (year, round, _) = scope(&s)?;
            write_all_files(ctx, &files, year, round, &out)
        }
    }
}

/// The charts of a report's workbook, from its listing and the area's name.
type DrawCharts = fn(&Listing, &str) -> Vec<Bars>;

/// The yearly brief as a Word document, written whole or not at all.
fn write_brief(files: &Files, year: i32, round: Option<i64>, out: &Path) -> Result<()> {
    let brief = files.brief(year, round)?;
    // A year without a registration is most likely a mistyped year: say so, and still write it.
    if brief.totals.registrations == 0 {
        super::warn(&t(
            Msg::BriefNoRegistrations,
            &[("year", &year.to_string())],
        ));
    }
    let bytes = report::brief::document(&brief)?;
    let mut file = crate::files::Output::create(out)?;
    std::io::Write::write_all(&mut file, &bytes).map_err(|e| {
        Error::env(t(
            Msg::FileUnwritable,
            &[
                ("path", &out.display().to_string()),
                ("detail", &e.to_string()),
            ],
        ))
    })?;
    file.commit()?;
    eprintln!(
        "{}",
        t(Msg::BriefWritten, &[("path", &out.display().to_string())])
    );
    Ok(())
}

/// The dossiers report's note: the date documents were checked against.
fn checked_on(at: &str) -> String {
    let shown = at
        .parse::<jiff::civil::Date>()
        .map_or_else(|_| at.to_string(), show_date);
    t(Msg::RptCheckedOn, &[("date", &shown)])
}

/// The first and last year of a trend listing.
fn trend_years(listing: &Listing) -> Option<(i32, i32)> {
    let years = listing.rows.iter().filter_map(|r| match r.first() {
        Some(Value::Int(y)) => i32::try_from(*y).ok(),
        _ => None,
    });
    let (mut lo, mut hi) = (i32::MAX, i32::MIN);
    for y in years {
        lo = lo.min(y);
        hi = hi.max(y);
    }
    (lo <= hi).then_some((lo, hi))
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
        // The years up to this one, for the yearly report's comparison.
        ("trend", files.trend(round, None, Some(year))?),
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
        let (msg, charts): (Msg, DrawCharts) = match *name {
            "summary" => (Msg::RptSummary, |l, a| vec![chart::by_commune(l, a)]),
            "products" => (Msg::RptProducts, |_, _| Vec::new()),
            "groups" => (Msg::RptGroups, |l, a| vec![chart::by_group(l, a)]),
            "progress" => (Msg::RptProgress, |_, _| Vec::new()),
            "certificates" => (Msg::RptCertificates, |_, _| Vec::new()),
            "trend" => (Msg::RptTrend, |l, a| vec![chart::by_year(l, a)]),
            _ => (Msg::RptDossiers, |_, _| Vec::new()),
        };
        let years = match (*name, trend_years(listing)) {
            ("trend", Some(span)) => span,
            _ => (year, year),
        };
        let mut print = files.printed(&file_ctx, Some(&path), (years, round), msg, |area| {
            charts(listing, area)
        })?;
        if let Some(p) = print.as_mut() {
            match *name {
                "certificates" => {
                    p.title.regimes.clear();
                    p.title.note = t(Msg::RptAsOf, &[("date", &show_date(end))]);
                }
                "dossiers" => p.title.note = checked_on(&end_s),
                _ => {}
            }
        }
        file_ctx.write_listing(listing, Some(&path), name, print.as_ref())?;
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
    // The brief an office sends upward, in the chosen language.
    write_brief(files, year, round, &dir.join(format!("brief-{year}.docx")))?;
    Ok(())
}
