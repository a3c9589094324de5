//! `ocop unit list|show|import`.

use crate::cli::UnitCmd;
use crate::db::units;
use crate::domain::date::{date_or_today, today};
use crate::error::{Error, Result};
use crate::i18n::{Msg, l, t};
use crate::ops;
use crate::output::{Listing, Record, Value, col};

use super::Ctx;

pub fn run(ctx: &Ctx, cmd: UnitCmd) -> Result<()> {
    match cmd {
        UnitCmd::List {
            level,
            at,
            all,
            district,
        } => list(ctx, &level, at, all, district),
        UnitCmd::Show { unit } => show(ctx, &unit),
        UnitCmd::Import { opts, units } => super::import::import_units(ctx, opts, units),
    }
}

fn list(
    ctx: &Ctx,
    level: &str,
    at: Option<String>,
    all: bool,
    district: Option<String>,
) -> Result<()> {
    if !["province", "district", "commune"].contains(&level) {
        return Err(Error::usage(t(Msg::UnitLevelInvalid, &[("level", level)])));
    }
    let conn = ctx.open()?;
    let at = if all {
        None
    } else {
        Some(date_or_today(at.as_deref())?.to_string())
    };
    let district_code = match district {
        Some(d) => Some(units::find(&conn, "district", &d, None, &today().to_string())?.code),
        None if level == "commune" => ops::home_district(&conn)?,
        None => None,
    };
    let rows = units::list(
        &conn,
        &units::ListFilter {
            level: Some(level.to_string()),
            district_code,
            at,
        },
    )?;
    let mut out = Listing::new(&[
        col("code", Msg::HCode),
        col("name", Msg::HName),
        col("type", Msg::HType),
        col("district_code", Msg::HDistrictCode),
        col("province_code", Msg::HProvinceCode),
        col("valid_from", Msg::HValidFrom),
        col("valid_to", Msg::HValidTo),
        col("successor_code", Msg::HSuccessor),
    ]);
    for u in rows {
        // A commune divided between several (2025) lists them all: 15271+15286.
        let successor = match &u.successor_code {
            Some(c) => Some(c.clone()),
            None if u.valid_to.is_some() => {
                let all: Vec<String> = units::successors(&conn, &u)?
                    .into_iter()
                    .map(|s| s.code)
                    .collect();
                (!all.is_empty()).then(|| all.join("+"))
            }
            None => None,
        };
        out.push(vec![
            u.code.into(),
            u.name.into(),
            u.unit_type.into(),
            u.district_code.into(),
            u.province_code.into(),
            u.valid_from.into(),
            u.valid_to.into(),
            successor.into(),
        ]);
    }
    ctx.print_listing(&out)
}

/// The status line of a unit: in force, merged into another on a date, or formed from others.
fn status(conn: &rusqlite::Connection, u: &units::Unit) -> Result<String> {
    let mut parts = Vec::new();
    let preds = units::predecessors(conn, u)?;
    if let (false, Some(from)) = (preds.is_empty(), &u.valid_from) {
        let names: Vec<String> = preds.iter().map(|p| p.label()).collect();
        parts.push(t(
            Msg::UnitFormedFrom,
            &[("date", from), ("sources", &names.join(", "))],
        ));
    }
    match (&u.valid_to, &u.successor_code) {
        (Some(to), Some(_)) => {
            let next_day = to
                .parse::<jiff::civil::Date>()
                .ok()
                .and_then(|d| d.tomorrow().ok());
            let successor = units::successor(conn, u)?
                .map(|s| s.label())
                .or_else(|| u.successor_code.clone())
                .unwrap_or_default();
            parts.push(t(
                Msg::UnitMerged,
                &[
                    ("successor", &successor),
                    (
                        "date",
                        &next_day
                            .map(|d| d.to_string())
                            .unwrap_or_else(|| to.clone()),
                    ),
                ],
            ));
        }
        (Some(to), None) => {
            let next_day = to
                .parse::<jiff::civil::Date>()
                .ok()
                .and_then(|d| d.tomorrow().ok());
            parts.push(t(
                Msg::UnitEnded,
                &[(
                    "date",
                    &next_day
                        .map(|d| d.to_string())
                        .unwrap_or_else(|| to.clone()),
                )],
            ));
        }
        (None, _) => parts.push(l(Msg::UnitInForce).to_string()),
    }
    Ok(parts.join("; "))
}

fn show(ctx: &Ctx, query: &str) -> Result<()> {
    let conn = ctx.open()?;
    let today = today().to_string();
    // A code may name several versions (a code reused after a merger): show them all.
    let found = if query.trim().bytes().all(|b| b.is_ascii_digit()) && !query.trim().is_empty() {
        let mut v = Vec::new();
        for level in ["commune", "district", "province"] {
            v.extend(units::by_code(&conn, level, query.trim())?);
        }
        v
    } else {
        vec![
            units::find(
                &conn,
                "commune",
                query,
                ops::home_district(&conn)?.as_deref(),
                &today,
            )
            .or_else(|_| units::find(&conn, "district", query, None, &today))?,
        ]
    };
    if found.is_empty() {
        return Err(Error::data(t(
            Msg::NotFound,
            &[
                ("what", l(Msg::WhatUnit)),
                ("query", query),
                ("hint", "ocop unit list --all"),
            ],
        )));
    }
    let mut records = Vec::new();
    for u in &found {
        let mut r = Record::default();
        r.add("code", Msg::HCode, u.code.clone());
        r.add("name", Msg::HName, u.name.clone());
        r.add("level", Msg::HLevel, crate::output::level_value(&u.level));
        r.add("type", Msg::HType, u.unit_type.clone());
        r.add("district_code", Msg::HDistrictCode, u.district_code.clone());
        r.add("province_code", Msg::HProvinceCode, u.province_code.clone());
        r.add("valid_from", Msg::HValidFrom, u.valid_from.clone());
        r.add("valid_to", Msg::HValidTo, u.valid_to.clone());
        r.add("successor_code", Msg::HSuccessor, u.successor_code.clone());
        r.add("status", Msg::HStatus, status(&conn, u)?);
        records.push(r);
    }
    match ctx.style.format {
        crate::output::Format::Json => {
            let arr: Vec<serde_json::Value> = records.iter().map(Record::json).collect();
            super::emit(|w| {
                serde_json::to_writer_pretty(&mut *w, &arr)?;
                writeln!(w)
            })
        }
        crate::output::Format::Csv => {
            let mut listing = Listing::new(
                &records[0]
                    .fields
                    .iter()
                    .map(|(c, _)| *c)
                    .collect::<Vec<_>>(),
            );
            for r in &records {
                listing.push(
                    r.fields
                        .iter()
                        .map(|(_, v)| v.clone())
                        .collect::<Vec<Value>>(),
                );
            }
            ctx.print_listing(&listing)
        }
        crate::output::Format::Table | crate::output::Format::Xlsx => {
            for r in &records {
                ctx.print_record(r)?;
            }
            Ok(())
        }
    }
}
