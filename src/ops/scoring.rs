//! Scoring operations shared by `score`, `rank`, `recognise`, the demo and `import scores`:
//! each checks with the domain rules, writes through `db`, and records the audit entry.

use rusqlite::Connection;
use serde_json::json;

use crate::db::registrations::{self, Registration};
use crate::db::{audit, scores};
use crate::domain::mandatory::{self, Mandatory};
use crate::domain::registration::Stage;
use crate::domain::score::{self, Outcome, PartSheet, Ranking, show};
use crate::domain::sheet::CriteriaSheet;
use crate::error::{Error, Result};
use crate::i18n::{Msg, t};
use crate::rules::regime::{Regime, Regimes};
use crate::text::{clean, fold};

/// The level id if the regime has it (Vietnamese names accepted), else an error listing its levels.
pub fn check_level<'r>(regime: &'r Regime, level: &str) -> Result<&'r str> {
    let want = fold(level);
    let want = match want.as_str() {
        "xa" | "cap xa" => "commune",
        "huyen" | "cap huyen" => "district",
        "tinh" | "cap tinh" => "province",
        "trung uong" | "cap trung uong" => "central",
        other => other,
    };
    regime
        .levels
        .iter()
        .find(|l| l.id == want)
        .map(|l| l.id.as_str())
        .ok_or_else(|| {
            let ids: Vec<String> = regime
                .levels
                .iter()
                .map(|l| match crate::i18n::lang() {
                    crate::i18n::Lang::Vi => {
                        format!("{} ({})", crate::output::level_label(&l.id), l.id)
                    }
                    crate::i18n::Lang::En => l.id.clone(),
                })
                .collect();
            Error::data(t(
                Msg::LevelNotInRegime,
                &[
                    ("level", level),
                    ("regime", &regime.id),
                    ("levels", &ids.join(", ")),
                ],
            ))
        })
}

/// One member's sheet, by part totals or criterion by criterion, as typed or read from a file.
pub struct SheetInput<'a> {
    pub level: &'a str,
    pub member: &'a str,
    /// Part totals (`A=31`), for sets and councils that score by parts.
    pub parts: &'a [(String, String)],
    /// Criterion answers (`A1.1=3`, `B5.3=na`), for sets with a criteria tree.
    pub criteria: &'a [(String, String)],
    /// A commune's pre-assessment of a set scored by part totals: each aspect met or not
    /// (`origin=met`).
    pub aspects: &'a [(String, String)],
    pub scored_on: Option<&'a str>,
    pub eliminated: Option<&'a str>,
    /// The member found a stop rule met (dừng đánh giá), with the reason.
    pub stopped: Option<&'a str>,
    pub note: Option<&'a str>,
    /// One audit entry for this sheet; a bulk import records one entry for the whole file instead.
    pub audit: bool,
    /// What the office may override, each with its reason: scoring at a level the registration
    /// was not forwarded to, and changing the sheets of a level that has ranked.
    pub overrides: Overrides<'a>,
}

/// The reasons an office gives to pass a rule of the cycle, kept in the audit log.
#[derive(Debug, Clone, Copy, Default)]
pub struct Overrides<'a> {
    /// `--force --reason`: score at a level the registration did not reach (registered directly
    /// with the province, say).
    pub force: Option<&'a str>,
    /// `--reopen --reason`: change the sheets of a level that has ranked; its result and every
    /// result above it are cleared.
    pub reopen: Option<&'a str>,
}

/// Whether a registration reached a level (the regime's first level, forwarded by the level below,
/// or forced there by an office, audited), read once for a year's ranking: the registrations
/// some level forwarded (with that level), and those an office forced to a level.
struct Reach {
    forwarded: std::collections::HashSet<(i64, String)>,
    forced: std::collections::HashSet<(String, String)>,
}

impl Reach {
    fn load(conn: &Connection, year: i32) -> Result<Reach> {
        let mut st = conn.prepare(
            "SELECT x.registration_id, x.level FROM result x JOIN registration r ON r.id = x.registration_id
             WHERE r.year = ?1 AND x.outcome = 'forwards'",
        )?;
        let forwarded = st
            .query_map([year], |r| Ok((r.get(0)?, r.get(1)?)))?
            .collect::<rusqlite::Result<_>>()?;
        let mut st = conn.prepare(
            "SELECT entity_id, details FROM audit
             WHERE entity = 'registration' AND entity_id GLOB ?1 AND action = 'force'",
        )?;
        let forced = st
            .query_map([format!("{year}-*")], |r| {
                Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?))
            })?
            .collect::<rusqlite::Result<Vec<_>>>()?
            .into_iter()
            .filter_map(|(code, details)| {
                let v: serde_json::Value = serde_json::from_str(&details).ok()?;
                Some((code, v["level"].as_str()?.to_string()))
            })
            .collect();
        Ok(Reach { forwarded, forced })
    }

    /// Whether `r` reached `level` of `regime`.
    fn reached(&self, r: &Registration, regime: &Regime, level: &str) -> bool {
        let pos = regime
            .levels
            .iter()
            .position(|l| l.id == level)
            .unwrap_or(0);
        pos == 0
            || self
                .forwarded
                .contains(&(r.id, regime.levels[pos - 1].id.clone()))
            || self.forced.contains(&(r.code.clone(), level.to_string()))
    }
}

/// The rules of the cycle for a change to the sheets of `r` at `level` (CYCLE.md, invariants 1,
/// 2 and 4): sheets only from `submitted` on and never once recognised; only at a level the
/// registration reached (the first scoring level, or forwarded by the level below), unless forced
/// with a reason; and a level that has ranked is closed unless reopened with a reason, which
/// clears its result and every result above it and takes the stage back to `submitted`.
pub fn check_sheets_open(
    conn: &Connection,
    operator: &str,
    r: &Registration,
    regime: &Regime,
    level: &str,
    ov: &Overrides<'_>,
) -> Result<()> {
    let stage = Stage::from_id(&r.stage).unwrap_or(Stage::Idea);
    if let Some(c) = scores::certificate_of(conn, r.id)? {
        return Err(Error::data(t(
            Msg::SheetAfterRecognition,
            &[("code", &r.code), ("id", &c.id.to_string())],
        )));
    }
    if stage < Stage::Submitted {
        return Err(Error::data(t(
            Msg::SheetBeforeSubmission,
            &[("code", &r.code), ("stage", stage.label())],
        )));
    }
    let results = scores::results(conn, r.id)?;
    // A result imported from a past list has no sheets in ocop; sheets added now would mix a
    // council's averages with a decision's stars (and a reopen would clear the decision).
    if let Some(x) = results.iter().find(|x| x.imported.is_some()) {
        let decision = x
            .imported
            .as_ref()
            .and_then(|i| i.decision_no.clone())
            .unwrap_or_else(|| "—".into());
        return Err(Error::data(t(
            Msg::ImportedNoSheets,
            &[
                ("code", &r.code),
                ("level", &crate::output::level_label(&x.level)),
                ("stars", &x.stars.to_string()),
                ("decision", &decision),
            ],
        )));
    }
    let pos = regime
        .levels
        .iter()
        .position(|l| l.id == level)
        .unwrap_or(0);
    if pos > 0 {
        let below = &regime.levels[pos - 1].id;
        let forwarded = results
            .iter()
            .any(|x| &x.level == below && x.outcome == Outcome::Forwards.id());
        if !forwarded {
            match ov.force {
                Some(reason) => audit::record(
                    conn,
                    operator,
                    "force",
                    "registration",
                    &r.code,
                    &json!({ "rule": "level-not-reached", "level": level, "reason": reason }),
                )?,
                None => {
                    // A pre-assessment has an outcome, no points.
                    let pre_below = super::preassess::level(regime, below).is_some();
                    let had = results
                        .iter()
                        .find(|x| &x.level == below)
                        .map(|x| {
                            if pre_below {
                                Outcome::label(&x.outcome).to_string()
                            } else {
                                format!(
                                    "{} ({}★, {})",
                                    x.total.map(show).unwrap_or_else(|| "—".into()),
                                    x.stars,
                                    Outcome::label(&x.outcome)
                                )
                            }
                        })
                        .unwrap_or_else(|| crate::i18n::l(Msg::NotRankedYet).to_string());
                    return Err(Error::data(t(
                        Msg::LevelNotReached,
                        &[
                            ("code", &r.code),
                            ("level", &crate::output::level_label(level)),
                            ("below", &crate::output::level_label(below)),
                            ("result", &had),
                        ],
                    )));
                }
            }
        }
    }
    if let Some(done) = results.iter().find(|x| x.level == level) {
        // A dossier the commune returned comes back to be assessed again: no reopening needed.
        let returned = done.outcome == super::preassess::RETURNED;
        match ov
            .reopen
            .or(returned.then_some("the commune returned the dossier; assessed again"))
        {
            Some(reason) => {
                // This level's result and every result above it go; the stage goes back.
                let above: Vec<String> =
                    regime.levels[pos..].iter().map(|l| l.id.clone()).collect();
                let cleared = scores::delete_results(conn, r.id, &above)?;
                if stage == Stage::Evaluated || stage == Stage::NotRecognised {
                    registrations::set_stage(conn, r.id, Stage::Submitted.id())?;
                }
                audit::record(
                    conn,
                    operator,
                    "reopen",
                    "registration",
                    &r.code,
                    &json!({ "level": level, "reason": reason, "results_cleared": cleared,
                             "stage": [stage.id(), if stage == Stage::Evaluated || stage == Stage::NotRecognised { "submitted" } else { stage.id() }] }),
                )?;
            }
            None => {
                let result = if super::preassess::level(regime, level).is_some() {
                    Outcome::label(&done.outcome).to_string()
                } else {
                    format!(
                        "{} ({}★)",
                        done.total.map(show).unwrap_or_else(|| "—".into()),
                        done.stars
                    )
                };
                return Err(Error::data(t(
                    Msg::LevelClosed,
                    &[
                        ("code", &r.code),
                        ("level", &crate::output::level_label(level)),
                        ("result", &result),
                    ],
                )));
            }
        }
    }
    Ok(())
}

/// SPEC.md: the regime of a registration is the one in force on its evaluation date. The first
/// dated sheet (or a dated `rank`) records that date; when another regime is in force then, the
/// registration moves to it (its product set carrying over by id) while it has no sheets yet.
/// Returns the registration as it now is and, when it moved, a sentence saying so.
pub fn evaluate_on(
    conn: &Connection,
    r: &Registration,
    date: &str,
) -> Result<(Registration, Option<String>)> {
    let regimes = Regimes::in_use()?;
    let d = crate::domain::date::parse_date(date)?;
    check_council_date(r, d, date)?;
    if r.evaluated_on.is_some() {
        return Ok((r.clone(), None));
    }
    let on = regimes.on(d)?;
    let mut moved = None;
    let mut set = r.product_set.clone();
    if on.id != r.regime {
        if scores::sheet_count(conn, r.id)? > 0 {
            return Err(Error::data(t(
                Msg::RegimeOfDateDiffers,
                &[
                    ("code", &r.code),
                    ("date", date),
                    ("regime", &on.id),
                    ("scored", &r.regime),
                ],
            )));
        }
        set = regimes.carry_set(&r.product_set, &r.regime, on)?.id.clone();
        moved = Some(t(
            Msg::RegimeMovedByDate,
            &[
                ("code", &r.code),
                ("date", date),
                ("from", &r.regime),
                ("to", &on.id),
            ],
        ));
    }
    registrations::set_evaluation(conn, r.id, &d.to_string(), &on.id, &set)?;
    let mut now = r.clone();
    now.evaluated_on = Some(d.to_string());
    now.regime = on.id.clone();
    now.product_set = set;
    Ok((now, moved))
}

/// The day a council met: not in the future, not before the registration's year.
fn check_council_date(r: &Registration, d: jiff::civil::Date, date: &str) -> Result<()> {
    if d > crate::domain::date::today() {
        return Err(Error::data(t(
            Msg::SheetDateFuture,
            &[("code", &r.code), ("date", date)],
        )));
    }
    if d.year() < r.year as i16 {
        return Err(Error::data(t(
            Msg::SheetDateBeforeYear,
            &[
                ("code", &r.code),
                ("date", date),
                ("year", &r.year.to_string()),
            ],
        )));
    }
    Ok(())
}

/// A sheet's date: not in the future, not before the registration's year, and under the
/// registration's regime (a 1048 date on a 148 sheet would score it by rules not in force then).
fn check_sheet_date(r: &Registration, regime: &Regime, date: &str) -> Result<()> {
    let d = crate::domain::date::parse_date(date)?;
    check_council_date(r, d, date)?;
    if !regime.in_force_on(d) {
        let on = Regimes::in_use()?
            .on(d)
            .map(|x| x.id.clone())
            .unwrap_or_else(|_| "—".into());
        return Err(Error::data(t(
            Msg::SheetDateOtherRegime,
            &[
                ("code", &r.code),
                ("date", date),
                ("regime", &regime.id),
                ("other", &on),
            ],
        )));
    }
    Ok(())
}

/// Checks and stores a sheet; returns the level id, the member as stored and the checked parts.
pub fn add_sheet(
    conn: &Connection,
    operator: &str,
    r: &Registration,
    s: &SheetInput<'_>,
) -> Result<(String, String, PartSheet)> {
    let regimes = Regimes::in_use()?;
    if r.stage == Stage::Withdrawn.id() {
        return Err(Error::data(t(Msg::WithdrawnNoScore, &[("code", &r.code)])));
    }
    let regime = regimes.get(&r.regime)?;
    let level = check_level(regime, s.level)
        .map_err(|e| with_regimes_of_year(e, regimes, r.year, s.scored_on.is_some(), s.level))?;
    if let Some(d) = s.scored_on {
        check_sheet_date(r, regime, d)?;
    }
    let pre = super::preassess::level(regime, level);
    // A sheet by criteria is checked against the set's tree, then kept as its criterion lines;
    // the part totals follow from them. A commune's pre-assessment keeps its aspects only.
    let (sheet, lines, rule_eliminated, rule_stopped) = if let Some(at) = pre {
        let set = regime.set(&r.product_set).ok_or_else(|| {
            Error::data(t(
                Msg::SetNotInRegime,
                &[
                    ("set", &r.product_set),
                    ("from", &r.regime),
                    ("to", &regime.id),
                ],
            ))
        })?;
        let lines =
            super::preassess::sheet_lines(at, set, s.criteria, s.aspects, !s.parts.is_empty())?;
        let parts = regime
            .parts
            .iter()
            .map(|p| {
                let sum = lines
                    .iter()
                    .filter(|(id, _)| crate::rules::criteria::part_of(id) == p.id)
                    .map(|(_, v)| v)
                    .sum();
                (p.id.clone(), sum)
            })
            .collect();
        (PartSheet { parts }, lines, None, None)
    } else if !s.aspects.is_empty() {
        return Err(Error::data(t(Msg::AspectsOnlyCommune, &[("level", level)])));
    } else if s.criteria.is_empty() {
        let sheet = PartSheet::parse(regime, s.parts)?;
        let lines = sheet.parts.clone();
        (sheet, lines, None, None)
    } else {
        if !s.parts.is_empty() {
            return Err(Error::data(t(Msg::PartsAndCriteria, &[])));
        }
        let set = regime.set(&r.product_set).ok_or_else(|| {
            Error::data(t(
                Msg::NotFound,
                &[
                    ("what", crate::i18n::l(Msg::WhatProductSet)),
                    ("query", &r.product_set),
                    (
                        "hint",
                        &format!("ocop criteria list --regime {}", regime.id),
                    ),
                ],
            ))
        })?;
        let c = CriteriaSheet::parse(regime, set, s.criteria)?;
        (
            PartSheet {
                parts: c.parts.clone(),
            },
            c.lines,
            c.eliminated,
            c.stopped,
        )
    };
    let by_parts = s.criteria.is_empty() && pre.is_none();
    let member = clean(s.member);
    if member.is_empty() {
        return Err(Error::data(t(Msg::NameEmpty, &[])));
    }
    let key = fold(&member);
    // Mandatory criteria are checked on the council's average criterion by criterion: a level
    // of a set with marks takes sheets of one kind, or one part-total sheet would silence them.
    if pre.is_none()
        && let Some(tree) = regime.set(&r.product_set).and_then(|x| x.tree())
        && tree
            .iter()
            .any(|c| c.stars.is_some() || c.choices().any(|o| o.stars.is_some()))
    {
        let other = scores::sheets(conn, Some(r.id), None)?
            .into_iter()
            .find(|x| x.level == level && x.criteria.is_empty() != by_parts);
        if let Some(x) = other {
            return Err(Error::data(t(
                if by_parts {
                    Msg::MixedSheetsParts
                } else {
                    Msg::MixedSheetsCriteria
                },
                &[
                    ("code", &r.code),
                    ("level", &crate::output::level_label(level)),
                    ("member", &x.member),
                ],
            )));
        }
    }
    // The sheet is whole; now the cycle's rules, before anything is written.
    check_sheets_open(conn, operator, r, regime, level, &s.overrides)?;
    if scores::sheet_exists(conn, r.id, level, &key)? {
        return Err(Error::data(t(
            Msg::SheetExists,
            &[("member", &member), ("level", level), ("code", &r.code)],
        )));
    }
    let (text, sha) = regimes
        .text_and_sha(&regime.id)
        .ok_or_else(|| Error::env(t(Msg::RegimeNoText, &[("regime", &regime.id)])))?;
    scores::keep_regime_text_hashed(conn, &regime.id, text, sha)?;
    let eliminated = s
        .eliminated
        .map(clean)
        .filter(|e| !e.is_empty())
        .or(rule_eliminated);
    let stopped = s
        .stopped
        .map(clean)
        .filter(|e| !e.is_empty())
        .or(rule_stopped);
    // The reasons go first in the note, so that `score show` says why.
    let note: Vec<String> = [
        eliminated.clone(),
        stopped.clone(),
        s.note.map(clean).filter(|n| !n.is_empty()),
    ]
    .into_iter()
    .flatten()
    .collect();
    let note = if note.is_empty() {
        None
    } else {
        Some(note.join("; "))
    };
    scores::insert_sheet(
        conn,
        &scores::NewSheet {
            registration_id: r.id,
            level,
            member: &member,
            member_key: &key,
            regime_sha: sha,
            by_parts,
            scored_on: s.scored_on,
            lines: &lines,
            eliminated: eliminated.is_some(),
            stopped: stopped.is_some(),
            note: note.as_deref(),
        },
    )?;
    if !s.audit {
        return Ok((level.to_string(), member, sheet));
    }
    let parts: serde_json::Map<String, serde_json::Value> = sheet
        .parts
        .iter()
        .map(|(p, v)| (p.clone(), serde_json::Value::from(show(*v))))
        .collect();
    audit::record(
        conn,
        operator,
        "score",
        "registration",
        &r.code,
        &json!({ "level": level, "member": member, "parts": parts, "by_criteria": !by_parts,
                 "eliminated": eliminated, "stopped": stopped }),
    )?;
    Ok((level.to_string(), member, sheet))
}

/// A level refused for a year that two regimes share (2025: 148 until 05/07, then 148-1489): the
/// error names each regime of the year with its dates and levels, and `--date` to pick one.
fn with_regimes_of_year(e: Error, regimes: &Regimes, year: i32, dated: bool, level: &str) -> Error {
    let mut of_year: Vec<&Regime> = regimes
        .all
        .iter()
        .filter(|r| r.in_force_in_year(year))
        .collect();
    of_year.sort_by_key(|r| r.from);
    // Worth saying only when another regime of the year has the level asked for (2025: the
    // district under 148); otherwise the level is simply not one of the year's.
    let elsewhere = of_year.iter().any(|r| check_level(r, level).is_ok());
    if dated || of_year.len() < 2 || !elsewhere {
        return e;
    }
    let show = |d: Option<jiff::civil::Date>| d.map(|d| d.strftime("%d/%m/%Y").to_string());
    let spans: Vec<String> = of_year
        .iter()
        .map(|r| {
            let levels: Vec<&str> = r.levels.iter().map(|l| l.id.as_str()).collect();
            t(
                Msg::RegimeSpan,
                &[
                    ("regime", &r.id),
                    ("from", &show(r.from).unwrap_or_default()),
                    ("to", &show(r.to).unwrap_or_else(|| "…".into())),
                    ("levels", &levels.join(", ")),
                ],
            )
        })
        .collect();
    Error::data(t(
        Msg::LevelYearSpans,
        &[
            ("error", &e.message),
            ("year", &year.to_string()),
            ("spans", &spans.join("; ")),
            ("level", level),
        ],
    ))
}

/// The mandatory criteria of the registration's set checked against a level's sheets; none
/// before the regime's marks bind (1048's from 781, 08/06/2020) on `day`, the day that level
/// evaluated it (`marks_day`).
pub fn mandatory_of(
    regime: &Regime,
    r: &Registration,
    sheets: &[&scores::Sheet],
    day: jiff::civil::Date,
) -> Mandatory {
    if !regime.marks_bind_on(day) {
        return Mandatory::NoMarks;
    }
    let lines: Vec<&[(String, score::Cents)]> =
        sheets.iter().map(|s| s.criteria.as_slice()).collect();
    mandatory::assess(regime.set(&r.product_set).and_then(|s| s.tree()), &lines)
}

/// The day a level evaluated a registration, for its marks: the latest date of that level's
/// sheets (`score add --date`), else the day it ranks (`rank --date`), else the registration's
/// evaluation date, else 31 December of its year. Each level on its own day: a district that met
/// in May 2020 and a province that met in September judge 781's marks each on its own.
pub fn marks_day(
    conn: &Connection,
    r: &Registration,
    level: &str,
    ranked_on: Option<&str>,
) -> Result<jiff::civil::Date> {
    let parse = |d: Option<&str>| d.and_then(|d| d.parse::<jiff::civil::Date>().ok());
    let sheets = scores::latest_scored_on(conn, r.id, level)?;
    Ok(parse(sheets.as_deref())
        .or_else(|| parse(ranked_on))
        .or_else(|| parse(r.evaluated_on.as_deref()))
        .or_else(|| jiff::civil::Date::new(r.year as i16, 12, 31).ok())
        .unwrap_or_default())
}

/// A registration as ranked: its council result and the stage it moved to.
pub type Ranked = (Registration, Ranking, Stage);

/// What `rank_level` did: the level, the registrations ranked, and those with sheets there that
/// the level below did not forward (left unranked until it does).
pub struct RankedLevel {
    pub level: String,
    pub ranked: Vec<Ranked>,
    pub not_reached: Vec<String>,
}

/// Ranks every registration of `year` (and `round`) scored at `level`: stores the results, moves
/// the stages (evaluated; not-recognised when no level will recognise it), records the audit.
pub fn rank_level(
    conn: &Connection,
    operator: &str,
    year: i32,
    level: &str,
    round: Option<i64>,
    date: Option<&str>,
) -> Result<RankedLevel> {
    let regimes = Regimes::in_use()?;
    let date = date
        .map(crate::domain::date::parse_date)
        .transpose()?
        .map(|d| d.to_string());
    let regime = match &date {
        Some(d) => regimes.on(crate::domain::date::parse_date(d)?)?,
        None => regimes.for_year(year)?,
    };
    let level_id = match check_level(regime, level) {
        Ok(l) => l.to_string(),
        Err(e) => {
            return Err(with_regimes_of_year(
                e,
                regimes,
                year,
                date.is_some(),
                level,
            ));
        }
    };
    let sheets = scores::sheets(conn, None, Some((year, round, &level_id)))?;
    if sheets.is_empty() {
        return Err(Error::data(t(
            Msg::NoSheets,
            &[("year", &year.to_string()), ("level", &level_id)],
        )));
    }
    // The year's registrations in one query, not one query per registration ranked.
    let mut regs: std::collections::HashMap<i64, Registration> = registrations::list(
        conn,
        &registrations::ListFilter {
            year: Some(year),
            round,
            ..Default::default()
        },
    )?
    .into_iter()
    .map(|r| (r.id, r))
    .collect();
    let mut out = Vec::new();
    let mut skipped: Vec<String> = Vec::new();
    let reach = Reach::load(conn, year)?;
    for group in sheets.chunk_by(|a, b| a.registration_id == b.registration_id) {
        let parts: Vec<(Vec<(String, i64)>, score::Mark)> =
            group.iter().map(|s| (s.parts.clone(), s.mark())).collect();
        let r = regs
            .remove(&group[0].registration_id)
            .ok_or_else(|| Error::data(t(Msg::RecordVanished, &[("what", "registration")])))?;
        let r = match &date {
            Some(d) => evaluate_on(conn, &r, d)?.0,
            None => r,
        };
        // A withdrawn registration is not ranked; nor one the level below does not (or no
        // longer) forward, unless an office forced it there: its sheets wait for that level.
        if r.stage == Stage::Withdrawn.id() {
            continue;
        }
        let reg_regime = regimes.get(&r.regime)?;
        if !reach.reached(&r, reg_regime, &level_id) {
            skipped.push(r.code.clone());
            continue;
        }
        let group: Vec<&scores::Sheet> = group.iter().collect();
        let rk = score::rank(
            reg_regime,
            &level_id,
            &parts,
            &mandatory_of(
                reg_regime,
                &r,
                &group,
                marks_day(conn, &r, &level_id, date.as_deref())?,
            ),
        );
        scores::save_result(
            conn,
            &scores::Result_ {
                registration_id: r.id,
                level: level_id.clone(),
                members: rk.members,
                averages: Some([rk.parts[0], rk.parts[1], rk.parts[2]]),
                total: Some(rk.total),
                stars: rk.stars,
                outcome: rk.outcome.id().to_string(),
                imported: None,
            },
        )?;
        let from = Stage::from_id(&r.stage).unwrap_or(Stage::Idea);
        let to = match rk.outcome {
            Outcome::None | Outcome::Eliminated | Outcome::Stopped if rk.stars < 3 => {
                Stage::NotRecognised
            }
            _ => Stage::Evaluated,
        };
        let stage = if from < to && !from.is_decided() && from != Stage::Withdrawn {
            registrations::set_stage(conn, r.id, to.id())?;
            to
        } else {
            from
        };
        out.push((r, rk, stage));
    }
    audit::record(
        conn,
        operator,
        "rank",
        "year",
        &year.to_string(),
        &json!({ "level": level_id, "round": round, "registrations": out.len(), "not_reached": skipped }),
    )?;
    Ok(RankedLevel {
        level: level_id,
        ranked: out,
        not_reached: skipped,
    })
}

/// Issues the certificate of a registration recognised at `level` (default: its last ranked
/// level): valid 36 months counted as the Civil Code counts months (see
/// [`crate::domain::date::certificate_valid_until`]).
pub fn recognise(
    conn: &Connection,
    operator: &str,
    r: &Registration,
    decision: &str,
    decided: jiff::civil::Date,
    level: Option<&str>,
) -> Result<(i64, u8, String)> {
    let regimes = Regimes::in_use()?;
    let decision = clean(decision);
    if decision.is_empty() {
        return Err(Error::usage(t(Msg::DecisionEmpty, &[])));
    }
    if let Some(c) = scores::certificate_of(conn, r.id)? {
        return Err(Error::data(t(
            Msg::AlreadyRecognised,
            &[
                ("code", &r.code),
                ("id", &c.id.to_string()),
                ("decision", &c.decision_no),
            ],
        )));
    }
    if r.stage == Stage::Withdrawn.id() {
        return Err(Error::data(t(Msg::WithdrawnNoScore, &[("code", &r.code)])));
    }
    let regime = regimes.get(&r.regime)?;
    let results = scores::results(conn, r.id)?;
    let result = match level {
        Some(lv) => {
            let lv = check_level(regime, lv)?;
            results.into_iter().find(|x| x.level == lv)
        }
        None => results.into_iter().last(),
    }
    .ok_or_else(|| {
        Error::data(t(
            Msg::NoResult,
            &[("code", &r.code), ("year", &r.year.to_string())],
        ))
    })?;
    // The decision comes after what it decides: not before the registration's year, the regime's
    // start or the last sheet of the result it recognises; and not in the future (a 2022 cycle
    // decided in March 2023 is fine).
    let mut earliest = (
        format!("{:04}-01-01", r.year),
        t(Msg::WhyYearStart, &[("year", &r.year.to_string())]),
    );
    if regime.in_force_from > earliest.0 {
        earliest = (
            regime.in_force_from.clone(),
            t(Msg::WhyRegimeStart, &[("regime", &regime.id)]),
        );
    }
    if let Some(d) = scores::latest_scored_on(conn, r.id, &result.level)?
        && d > earliest.0
    {
        earliest = (d, t(Msg::WhyLastSheet, &[("level", &result.level)]));
    }
    let decided_s = decided.to_string();
    if decided_s < earliest.0 {
        return Err(Error::data(t(
            Msg::DecisionTooEarly,
            &[
                ("code", &r.code),
                ("date", &decided_s),
                ("earliest", &earliest.0),
                ("why", &earliest.1),
            ],
        )));
    }
    if decided > crate::domain::date::today() {
        return Err(Error::data(t(
            Msg::DecisionInFuture,
            &[("code", &r.code), ("date", &decided_s)],
        )));
    }
    // The level whose range the rating falls in recognises it: the level that rated it, or the
    // one below it that certifies those stars (a 65 at a province under 148 → the district).
    let by = score::recognising_level(regime, &result.level, result.stars).map(str::to_string);
    let rules = regime.levels.iter().find(|x| x.id == result.level);
    if by.is_none() || !(3..=5).contains(&result.stars) {
        let rec = rules
            .map(|x| {
                x.recognises
                    .iter()
                    .map(|s| format!("{s}★"))
                    .collect::<Vec<_>>()
                    .join(", ")
            })
            .filter(|r| !r.is_empty())
            .unwrap_or_else(|| "—".into());
        // What follows instead: the next level for a forwarded product, else no certificate.
        let next = if result.outcome == Outcome::Forwards.id() {
            let pos = regime.levels.iter().position(|x| x.id == result.level);
            let up = pos
                .and_then(|p| regime.levels.get(p + 1))
                .map(|x| x.id.as_str());
            t(
                Msg::NextForwarded,
                &[("next", &crate::output::level_label(up.unwrap_or("")))],
            )
        } else {
            crate::i18n::l(Msg::NextNotRecognised).to_string()
        };
        return Err(Error::data(t(
            Msg::NotRecognisable,
            &[
                ("code", &r.code),
                ("stars", &result.stars.to_string()),
                ("level", &crate::output::level_label(&result.level)),
                ("recognises", &rec),
                ("next", &next),
            ],
        )));
    }
    let until = crate::domain::date::certificate_valid_until(decided)?.to_string();
    // A re-evaluation or upgrade renews the product's current certificate.
    // (the one named at registration, `register --from-cert`, else the newest still valid).
    let renews = match registrations::renews_of(conn, r.id)? {
        Some(c) => Some(c),
        None if r.kind == "new" => None,
        None => scores::current_certificate_of_product(conn, r.product_id)?,
    };
    // A renewal comes after the certificate it replaces.
    if let Some(old) = renews
        && let Some(c) = scores::certificate(conn, old)?
        && decided.to_string() < c.decision_date
    {
        return Err(Error::data(t(
            Msg::DecisionTooEarly,
            &[
                ("code", &r.code),
                ("date", &decided.to_string()),
                ("earliest", &c.decision_date),
                ("why", &t(Msg::WhyRenewed, &[("id", &old.to_string())])),
            ],
        )));
    }
    let id = scores::insert_certificate(
        conn,
        &scores::NewCertificate {
            registration_id: r.id,
            stars: result.stars,
            level: by.as_deref().unwrap_or(&result.level),
            decision_no: &decision,
            decision_date: &decided.to_string(),
            valid_until: &until,
            renews_id: renews,
        },
    )?;
    if r.stage != Stage::Recognised.id() {
        registrations::set_stage(conn, r.id, Stage::Recognised.id())?;
    }
    audit::record(
        conn,
        operator,
        "recognise",
        "registration",
        &r.code,
        &json!({ "certificate": id, "stars": result.stars, "level": by, "rated_at": result.level, "decision": decision,
                 "date": decided.to_string(), "valid_until": until, "renews": renews }),
    )?;
    Ok((id, result.stars, until))
}
