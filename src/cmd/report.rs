//! `ocop report summary|products|groups|progress|certificates|all`.

use crate::cli::{ReportCmd, ReportScope};
use crate::domain::date::{parse_date, parse_round, parse_year, today};
use crate::error::{Error, Result};
use crate::i18n::{Msg, l, t};
use crate::ops::scoring::check_level;
use crate::output::{Format, Style};
use crate::report::{self, Scope};
use crate::rules::regime::Regimes;

use super::Ctx;

/// The scope of a report, checked: the year, the round, the level id.
fn scope(s: &ReportScope) -> Result<(i32, Option<i64>, Option<String>)> {
    let year = parse_year(&s.year)?;
    let round = s.round.as_deref().map(parse_round).transpose()?;
    let level = match &s.level {
        Some(l) => Some(check_level(Regimes::builtin()?.for_year(year)?, l)?.to_string()),
        None => None,
    };
    Ok((year, round, level))
}

const STARS: [&str; 3] = ["stars_3", "stars_4", "stars_5"];

pub fn run(ctx: &Ctx, cmd: ReportCmd) -> Result<()> {
    let conn = ctx.open()?;
    match cmd {
        ReportCmd::Summary(s) => {
            let (year, round, level) = scope(&s)?;
            let listing = report::summary(
                &conn,
                Scope {
                    year,
                    round,
                    level: level.as_deref(),
                },
            )?;
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
            let (year, round, level) = scope(&s)?;
            let listing = report::products(
                &conn,
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
            let (year, round, level) = scope(&s)?;
            let listing = report::groups(
                &conn,
                Scope {
                    year,
                    round,
                    level: level.as_deref(),
                },
            )?;
            ctx.write_listing(&listing, s.out.as_deref(), "groups", None)
        }
        ReportCmd::Dossiers { scope: s, at } => {
            let (year, round, level) = scope(&s)?;
            let at = match at {
                Some(d) => parse_date(&d)?,
                None => today(),
            };
            let store = crate::store::Store::for_db(&ctx.loc.path);
            let listing = report::dossiers(
                &conn,
                &store,
                Scope {
                    year,
                    round,
                    level: level.as_deref(),
                },
                &at.to_string(),
            )?;
            ctx.write_listing(&listing, s.out.as_deref(), "dossiers", None)
        }
        ReportCmd::Progress(s) => {
            let (year, round, level) = scope(&s)?;
            let listing = report::progress(
                &conn,
                Scope {
                    year,
                    round,
                    level: level.as_deref(),
                },
            )?;
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
            let listing = report::certificates(&conn, at, expiring_within, lapsed)?;
            ctx.write_listing(&listing, out.as_deref(), "certificates", None)
        }
        ReportCmd::All { year, round, out } => {
            let s = ReportScope {
                year,
                round,
                level: None,
                out: None,
            };
            let (year, round, _) = scope(&s)?;
            write_all(ctx, &conn, year, round, &out)
        }
    }
}

/// Every report of the year as CSV files in `dir`; the certificates as of 31 December of the year.
pub fn write_all(
    ctx: &Ctx,
    conn: &rusqlite::Connection,
    year: i32,
    round: Option<i64>,
    dir: &std::path::Path,
) -> Result<()> {
    std::fs::create_dir_all(dir).map_err(|e| {
        Error::env(t(
            Msg::FileUnwritable,
            &[
                ("path", &dir.display().to_string()),
                ("detail", &e.to_string()),
            ],
        ))
    })?;
    let s = Scope {
        year,
        round,
        level: None,
    };
    let end =
        jiff::civil::Date::new(year as i16, 12, 31).map_err(|e| Error::data(e.to_string()))?;
    let reports = [
        ("summary", report::summary(conn, s)?),
        ("products", report::products(conn, s, None)?),
        ("groups", report::groups(conn, s)?),
        ("progress", report::progress(conn, s)?),
        (
            "certificates",
            report::certificates(conn, end, None, false)?,
        ),
    ];
    let file_ctx = Ctx {
        loc: ctx.loc.clone(),
        style: Style {
            format: Format::Csv,
            ..ctx.style
        },
        operator: ctx.operator.clone(),
    };
    for (name, listing) in &reports {
        let path = dir.join(format!("{name}-{year}.csv"));
        file_ctx.write_listing(listing, Some(&path), name, None)?;
    }
    Ok(())
}
