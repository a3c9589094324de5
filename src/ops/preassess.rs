//! The commune's pre-assessment (đánh giá sơ bộ, 1489 and 26/2026): the commune checks the
//! dossier's form and assesses a few aspects of the product (local origin, local labour, the
//! origin of the idea, local identity), gives no stars, and forwards the dossier to the province
//! or returns it. The regime file names the aspects on its pre-assessment level (`assesses`); a
//! set scored criterion by criterion marks each aspect's criterion in its tree (`commune = …`).
//!
//! A member's pre-assessment sheet holds those criteria only (a partial sheet, by design), or for
//! a set scored by part totals each aspect as met or not met (lines `aspect:ID`, 1 or 0). `rank`
//! at that level stores the outcome `forwards` or `returned` with no stars and leaves the stage
//! at `submitted`: a pre-assessment alone does not make a registration evaluated.

use rusqlite::Connection;
use serde_json::json;

use crate::db::registrations::{self, Registration};
use crate::db::{audit, scores};
use crate::domain::registration::Stage;
use crate::domain::score::Cents;
use crate::error::{Error, Result};
use crate::i18n::{Msg, t};
use crate::rules::regime::{Level, Named, ProductSet, Regime, Regimes};
use crate::store::Store;
use crate::text::fold;

/// The prefix of a pre-assessment line kept for an aspect of a set scored by part totals.
pub const ASPECT: &str = "aspect:";

/// The outcome of a pre-assessment that sends the dossier back to the producer.
pub const RETURNED: &str = "returned";

/// The level of the regime that pre-assesses, if `level` is one.
pub fn level<'r>(regime: &'r Regime, level: &str) -> Option<&'r Level> {
    regime
        .levels
        .iter()
        .find(|l| l.id == level && !l.assesses.is_empty())
}

/// "met", "đạt", "yes", "1" → true; "not-met", "không đạt", "no", "0" → false.
fn met(value: &str) -> Option<bool> {
    match fold(value).replace(['-', '_'], " ").trim() {
        "met" | "dat" | "yes" | "co" | "1" | "x" => Some(true),
        "not met" | "khong dat" | "no" | "khong" | "0" => Some(false),
        _ => None,
    }
}

/// Checks one member's pre-assessment and returns the lines to keep: the aspects' criteria of
/// the set's tree (`criteria`), or every aspect as met or not (`aspects`) for a set scored by
/// part totals.
pub fn sheet_lines(
    at: &Level,
    set: &ProductSet,
    criteria: &[(String, String)],
    aspects: &[(String, String)],
    parts_given: bool,
) -> Result<Vec<(String, Cents)>> {
    let names = |list: &[&Named]| {
        list.iter()
            .map(|a| format!("{} ({})", a.id, a.name()))
            .collect::<Vec<_>>()
            .join(", ")
    };
    let all: Vec<&Named> = at.assesses.iter().collect();
    if parts_given {
        return Err(Error::data(t(
            Msg::PreassessNoParts,
            &[("aspects", &names(&all))],
        )));
    }
    match set.tree() {
        Some(tree) => {
            let theirs: Vec<(&Named, &crate::rules::criteria::Criterion)> = all
                .iter()
                .filter_map(|a| {
                    tree.iter()
                        .find(|c| c.commune.as_deref() == Some(a.id.as_str()))
                        .map(|c| (*a, c))
                })
                .collect();
            let listed = theirs
                .iter()
                .map(|(a, c)| format!("{} ({})", c.id, a.name()))
                .collect::<Vec<_>>()
                .join(", ");
            if !aspects.is_empty() || criteria.is_empty() {
                return Err(Error::data(t(
                    Msg::PreassessCriteria,
                    &[("set", &set.vi), ("criteria", &listed)],
                )));
            }
            let mut lines = Vec::new();
            for (key, value) in criteria {
                let Some((_, c)) = theirs
                    .iter()
                    .find(|(_, c)| c.id.eq_ignore_ascii_case(key.trim()))
                else {
                    return Err(Error::data(t(
                        Msg::PreassessCriteria,
                        &[("set", &set.vi), ("criteria", &listed)],
                    )));
                };
                // The points of one of its options; `na` (no story to judge) counts as not met.
                let points = match crate::domain::sheet::check_answer(tree, c, value)? {
                    crate::domain::sheet::Answer::Points(p) => p,
                    _ => 0,
                };
                if lines.iter().any(|(id, _): &(String, Cents)| *id == c.id) {
                    return Err(Error::data(t(Msg::CriterionTwice, &[("criterion", &c.id)])));
                }
                lines.push((c.id.clone(), Cents::from(points) * 100));
            }
            if lines.len() < theirs.len() {
                return Err(Error::data(t(
                    Msg::PreassessCriteria,
                    &[("set", &set.vi), ("criteria", &listed)],
                )));
            }
            Ok(lines)
        }
        None => {
            let mut lines = Vec::new();
            for (key, value) in aspects {
                let Some(a) = all.iter().find(|a| a.id == fold(key).trim()) else {
                    return Err(Error::data(t(
                        Msg::PreassessAspects,
                        &[("aspects", &names(&all))],
                    )));
                };
                let ok = met(value).ok_or_else(|| {
                    Error::data(t(
                        Msg::PreassessMet,
                        &[("aspect", &a.id), ("value", value.trim())],
                    ))
                })?;
                let id = format!("{ASPECT}{}", a.id);
                if lines.iter().any(|(x, _): &(String, Cents)| *x == id) {
                    return Err(Error::data(t(Msg::CriterionTwice, &[("criterion", &a.id)])));
                }
                lines.push((id, if ok { 100 } else { 0 }));
            }
            if lines.len() < all.len() || !criteria.is_empty() {
                return Err(Error::data(t(
                    Msg::PreassessAspects,
                    &[("aspects", &names(&all))],
                )));
            }
            Ok(lines)
        }
    }
}

/// A registration as the commune pre-assessed it: forwarded, or returned with the reasons.
pub struct Preassessed {
    pub registration: Registration,
    pub members: i64,
    pub forwarded: bool,
    pub reasons: Vec<String>,
}

/// Ranks the pre-assessment level of `year`: every registration with sheets there is forwarded
/// when every member assessed every aspect and its mandatory dossier is in order on the cycle's
/// date (`at`, else the date it was submitted), else returned with the reasons. The stage stays.
pub fn rank(
    conn: &Connection,
    operator: &str,
    store: &Store,
    year: i32,
    level_id: &str,
    round: Option<i64>,
    at: Option<&str>,
) -> Result<Vec<Preassessed>> {
    let regimes = Regimes::in_use()?;
    let sheets = scores::sheets(conn, None, Some((year, round, level_id)))?;
    if sheets.is_empty() {
        return Err(Error::data(t(
            Msg::NoSheets,
            &[("year", &year.to_string()), ("level", level_id)],
        )));
    }
    let mut out = Vec::new();
    for group in sheets.chunk_by(|a, b| a.registration_id == b.registration_id) {
        let Some(r) = registrations::get(conn, group[0].registration_id)? else {
            continue;
        };
        if r.stage == Stage::Withdrawn.id() {
            continue;
        }
        let regime = regimes.get(&r.regime)?;
        let Some(at_level) = level(regime, level_id) else {
            continue;
        };
        let mut reasons = Vec::new();
        // Every member, every aspect (a sheet is checked whole when added; an aspect not met is
        // the commune's finding, and returns the dossier).
        for s in group {
            for (id, points) in &s.criteria {
                let aspect = id.strip_prefix(ASPECT).unwrap_or(id);
                if *points == 0 {
                    reasons.push(t(
                        Msg::PreassessNotMet,
                        &[("member", &s.member), ("aspect", aspect)],
                    ));
                }
            }
        }
        let on = match at {
            Some(d) => d.to_string(),
            None => super::dossier::cycle_date(conn, &r)?,
        };
        let problems = super::dossier::mandatory_problems(conn, store, &r, &on)?;
        if !problems.is_empty() {
            reasons.push(t(
                Msg::PreassessDossier,
                &[
                    ("on", &on),
                    ("problems", &super::dossier::describe(&problems)),
                ],
            ));
        }
        let forwarded = reasons.is_empty();
        scores::save_result(
            conn,
            &scores::Result_ {
                registration_id: r.id,
                level: at_level.id.clone(),
                members: group.len() as i64,
                averages: Some([0, 0, 0]),
                total: Some(0),
                stars: 0,
                outcome: if forwarded {
                    crate::domain::score::Outcome::Forwards.id().to_string()
                } else {
                    RETURNED.to_string()
                },
                imported: None,
            },
        )?;
        out.push(Preassessed {
            registration: r,
            members: group.len() as i64,
            forwarded,
            reasons,
        });
    }
    audit::record(
        conn,
        operator,
        "rank",
        "year",
        &year.to_string(),
        &json!({ "level": level_id, "round": round, "pre_assessment": true,
                 "forwarded": out.iter().filter(|p| p.forwarded).map(|p| &p.registration.code).collect::<Vec<_>>(),
                 "returned": out.iter().filter(|p| !p.forwarded).map(|p| &p.registration.code).collect::<Vec<_>>() }),
    )?;
    Ok(out)
}

/// Whether the level `level_id` of the regime in force for `year` (or on `date`) pre-assesses.
pub fn is_preassessment(year: i32, date: Option<&str>, level_id: &str) -> Result<bool> {
    let regimes = Regimes::in_use()?;
    let regime = match date {
        Some(d) => regimes.on(crate::domain::date::parse_date(d)?)?,
        None => regimes.for_year(year)?,
    };
    Ok(super::scoring::check_level(regime, level_id)
        .ok()
        .and_then(|l| level(regime, l))
        .is_some())
}
