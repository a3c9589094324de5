//! `ocop score add|show|remove`, `ocop rank`, `ocop recognise`, `ocop certificate list`.

use serde_json::json;

use crate::cli::{CertificateCmd, ScoreCmd};
use crate::db::{self, audit, registrations, scores};
use crate::domain::date::{parse_date, parse_round, parse_year, today};
use crate::domain::registration::Stage;
use crate::domain::score::{self, Outcome, PartSheet, show};
use crate::error::{Error, Result};
use crate::i18n::{Msg, l, t};
use crate::output::{Listing, Record, Value, col, machine_output};
use crate::rules::regime::{Regime, Regimes};
use crate::text::{clean, fold};

use super::Ctx;

pub fn run(ctx: &Ctx, cmd: ScoreCmd) -> Result<()> {
    match cmd {
        ScoreCmd::Add {
            registration,
            level,
            member,
            parts,
            criteria,
            date,
            eliminated,
            note,
        } => add(
            ctx,
            &registration,
            &level,
            &member,
            &parts,
            &criteria,
            date,
            eliminated,
            note,
        ),
        ScoreCmd::Show { registration } => show_sheets(ctx, &registration),
        ScoreCmd::Remove {
            registration,
            level,
            member,
        } => remove(ctx, &registration, &level, &member),
    }
}

/// The level id if the regime has it, else an error listing its levels.
fn check_level<'r>(regime: &'r Regime, level: &str) -> Result<&'r str> {
    let want = fold(level);
    let want = match want.as_str() {
        "xa" => "commune",
        "huyen" => "district",
        "tinh" => "province",
        "trung uong" => "central",
        other => other,
    };
    regime
        .levels
        .iter()
        .find(|l| l.id == want)
        .map(|l| l.id.as_str())
        .ok_or_else(|| {
            let ids: Vec<&str> = regime.levels.iter().map(|l| l.id.as_str()).collect();
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

fn split_pair(s: &str) -> Result<(String, String)> {
    s.split_once('=')
        .map(|(k, v)| (k.trim().to_string(), v.trim().to_string()))
        .ok_or_else(|| Error::usage(format!("`{s}`: write PART=POINTS, e.g. A=31")))
}

#[allow(clippy::too_many_arguments)]
fn add(
    ctx: &Ctx,
    reg: &str,
    level: &str,
    member: &str,
    parts: &[String],
    criteria: &[String],
    date: Option<String>,
    eliminated: Option<String>,
    note: Option<String>,
) -> Result<()> {
    let regimes = Regimes::builtin()?;
    let mut conn = ctx.open()?;
    let tx = db::write(&mut conn)?;
    let r = registrations::find(&tx, reg)?;
    if r.stage == Stage::Withdrawn.id() {
        return Err(Error::data(t(Msg::WithdrawnNoScore, &[("code", &r.code)])));
    }
    let regime = regimes.get(&r.regime)?;
    let level = check_level(regime, level)?;
    if !criteria.is_empty() || parts.is_empty() {
        // The regime files carry no criteria trees yet: part totals are the way to score.
        return Err(Error::data(t(
            Msg::CriteriaNotAvailable,
            &[("regime", &regime.id)],
        )));
    }
    let given: Vec<(String, String)> =
        parts.iter().map(|p| split_pair(p)).collect::<Result<_>>()?;
    let sheet = PartSheet::parse(regime, &given)?;
    let member = clean(member);
    if member.is_empty() {
        return Err(Error::data(t(Msg::NameEmpty, &[])));
    }
    let key = fold(&member);
    if scores::sheet_exists(&tx, r.id, level, &key)? {
        return Err(Error::data(t(
            Msg::SheetExists,
            &[("member", &member), ("level", level), ("code", &r.code)],
        )));
    }
    let scored_on = date
        .as_deref()
        .map(parse_date)
        .transpose()?
        .map(|d| d.to_string());
    let text = regimes
        .text(&regime.id)
        .ok_or_else(|| Error::env(format!("regime {} has no text", regime.id)))?;
    let sha = scores::keep_regime_text(&tx, &regime.id, text)?;
    let note = match (eliminated.as_deref().map(clean), note.map(|n| clean(&n))) {
        (Some(e), Some(n)) => Some(format!("{e}; {n}")),
        (Some(e), None) => Some(e),
        (None, n) => n,
    };
    scores::insert_sheet(
        &tx,
        &scores::NewSheet {
            registration_id: r.id,
            level,
            member: &member,
            member_key: &key,
            regime_sha: &sha,
            by_parts: true,
            scored_on: scored_on.as_deref(),
            lines: &sheet.parts,
            eliminated: eliminated.is_some(),
            note: note.as_deref(),
        },
    )?;
    audit::record(
        &tx,
        &ctx.operator,
        "score",
        "registration",
        &r.code,
        &json!({ "level": level, "member": member, "parts": sheet.parts.iter().map(|(p, v)| (p.clone(), serde_json::Value::from(show(*v)))).collect::<serde_json::Map<_, _>>(), "eliminated": eliminated }),
    )?;
    tx.commit()?;
    let mut rec = Record::default();
    rec.add("code", Msg::HCode, r.code.clone());
    rec.add("level", Msg::HLevel, level);
    rec.add("member", Msg::HMember, member.clone());
    for (p, v) in &sheet.parts {
        rec.fields
            .push((col(part_id(p), part_label(p)), show(*v).into()));
    }
    rec.add("total", Msg::HScore, show(sheet.total()));
    ctx.done(
        &t(
            Msg::SheetAdded,
            &[
                ("code", &r.code),
                ("member", &member),
                ("level", level),
                ("total", &show(sheet.total())),
            ],
        ),
        &rec,
    )
}

fn part_id(p: &str) -> &'static str {
    match p {
        "A" => "a",
        "B" => "b",
        _ => "c",
    }
}

fn part_label(p: &str) -> Msg {
    match p {
        "A" => Msg::HPartA,
        "B" => Msg::HPartB,
        _ => Msg::HPartC,
    }
}

fn level_label(level: &str) -> String {
    if machine_output() {
        return level.to_string();
    }
    l(match level {
        "commune" => Msg::LvCommune,
        "district" => Msg::LvDistrict,
        "province" => Msg::LvProvince,
        _ => Msg::LvCentral,
    })
    .to_string()
}

fn outcome_label(id: &str) -> String {
    if machine_output() {
        id.to_string()
    } else {
        Outcome::label(id).to_string()
    }
}

fn show_sheets(ctx: &Ctx, reg: &str) -> Result<()> {
    let regimes = Regimes::builtin()?;
    let conn = ctx.open()?;
    let r = registrations::find(&conn, reg)?;
    let regime = regimes.get(&r.regime)?;
    let sheets = scores::sheets(&conn, Some(r.id), None)?;
    let mut out = Listing::new(&[
        col("level", Msg::HLevel),
        col("member", Msg::HMember),
        col("a", Msg::HPartA),
        col("b", Msg::HPartB),
        col("c", Msg::HPartC),
        col("total", Msg::HScore),
        col("stars", Msg::HStars),
        col("note", Msg::HNote),
    ]);
    let part = |lines: &[(String, i64)], p: &str| {
        lines.iter().find(|(c, _)| c == p).map_or(0, |(_, v)| *v)
    };
    for s in &sheets {
        out.push(vec![
            level_label(&s.level).into(),
            s.member.clone().into(),
            show(part(&s.parts, "A")).into(),
            show(part(&s.parts, "B")).into(),
            show(part(&s.parts, "C")).into(),
            show(s.total).into(),
            Value::Null,
            s.note.clone().into(),
        ]);
    }
    // The average of each level that has sheets: what `rank` will record.
    let mut levels: Vec<&str> = sheets.iter().map(|s| s.level.as_str()).collect();
    levels.dedup();
    for level in levels {
        let of_level: Vec<(Vec<(String, i64)>, bool)> = sheets
            .iter()
            .filter(|s| s.level == level)
            .map(|s| (s.parts.clone(), s.eliminated))
            .collect();
        let rk = score::rank(regime, level, &of_level);
        out.push(vec![
            level_label(level).into(),
            format!("{} ({})", l(Msg::HAverage), rk.members).into(),
            show(rk.parts[0]).into(),
            show(rk.parts[1]).into(),
            show(rk.parts[2]).into(),
            show(rk.total).into(),
            i64::from(rk.stars).into(),
            outcome_label(rk.outcome.id()).into(),
        ]);
    }
    ctx.print_listing(&out)
}

fn remove(ctx: &Ctx, reg: &str, level: &str, member: &str) -> Result<()> {
    let regimes = Regimes::builtin()?;
    let mut conn = ctx.open()?;
    let tx = db::write(&mut conn)?;
    let r = registrations::find(&tx, reg)?;
    let level = check_level(regimes.get(&r.regime)?, level)?;
    let member = clean(member);
    if !scores::delete_sheet(&tx, r.id, level, &fold(&member))? {
        return Err(Error::data(t(
            Msg::SheetNotFound,
            &[("code", &r.code), ("member", &member), ("level", level)],
        )));
    }
    audit::record(
        &tx,
        &ctx.operator,
        "unscore",
        "registration",
        &r.code,
        &json!({ "level": level, "member": member }),
    )?;
    tx.commit()?;
    let mut rec = Record::default();
    rec.add("code", Msg::HCode, r.code.clone());
    rec.add("level", Msg::HLevel, level);
    rec.add("member", Msg::HMember, member.clone());
    ctx.done(
        &t(
            Msg::SheetRemoved,
            &[("code", &r.code), ("member", &member), ("level", level)],
        ),
        &rec,
    )
}

/// `ocop rank`: every registration of the year (and round) with sheets at the level.
pub fn rank(ctx: &Ctx, year: &str, level: &str, round: Option<&str>) -> Result<()> {
    let regimes = Regimes::builtin()?;
    let year = parse_year(year)?;
    let round = round.map(parse_round).transpose()?;
    let mut conn = ctx.open()?;
    let tx = db::write(&mut conn)?;
    let level_id = check_level(regimes.for_year(year)?, level)?.to_string();
    let sheets = scores::sheets(&tx, None, Some((year, round, &level_id)))?;
    if sheets.is_empty() {
        return Err(Error::data(t(
            Msg::NoSheets,
            &[("year", &year.to_string()), ("level", &level_id)],
        )));
    }
    let mut out = Listing::new(&[
        col("code", Msg::HCode),
        col("product_name", Msg::HProduct),
        col("subject_name", Msg::HSubject),
        col("commune_name", Msg::HCommune),
        col("members", Msg::HMembers),
        col("average_a", Msg::HPartA),
        col("average_b", Msg::HPartB),
        col("average_c", Msg::HPartC),
        col("average_total", Msg::HAverage),
        col("stars", Msg::HStars),
        col("outcome", Msg::HOutcome),
        col("stage", Msg::HStage),
    ]);
    let mut i = 0;
    let mut ranked = 0;
    while i < sheets.len() {
        let reg_id = sheets[i].registration_id;
        let mut group = Vec::new();
        while i < sheets.len() && sheets[i].registration_id == reg_id {
            group.push((sheets[i].parts.clone(), sheets[i].eliminated));
            i += 1;
        }
        let r =
            registrations::get(&tx, reg_id)?.ok_or_else(|| Error::data("registration vanished"))?;
        let regime = regimes.get(&r.regime)?;
        let rk = score::rank(regime, &level_id, &group);
        scores::save_result(
            &tx,
            &scores::Result_ {
                registration_id: r.id,
                level: level_id.clone(),
                members: rk.members,
                averages: [rk.parts[0], rk.parts[1], rk.parts[2]],
                total: rk.total,
                stars: rk.stars,
                outcome: rk.outcome.id().to_string(),
            },
        )?;
        // The registration is evaluated; one that no level will recognise is closed.
        let from = Stage::from_id(&r.stage).unwrap_or(Stage::Idea);
        let to = match rk.outcome {
            Outcome::None | Outcome::Eliminated if rk.stars < 3 => Stage::NotRecognised,
            _ => Stage::Evaluated,
        };
        let stage = if from < to && !from.is_decided() && from != Stage::Withdrawn {
            registrations::set_stage(&tx, r.id, to.id())?;
            to
        } else {
            from
        };
        ranked += 1;
        out.push(vec![
            r.code.clone().into(),
            r.product_name.clone().into(),
            r.subject_name.clone().into(),
            r.commune_name.clone().into(),
            rk.members.into(),
            show(rk.parts[0]).into(),
            show(rk.parts[1]).into(),
            show(rk.parts[2]).into(),
            show(rk.total).into(),
            i64::from(rk.stars).into(),
            outcome_label(rk.outcome.id()).into(),
            if machine_output() {
                stage.id().to_string()
            } else {
                stage.label().to_string()
            }
            .into(),
        ]);
    }
    audit::record(
        &tx,
        &ctx.operator,
        "rank",
        "year",
        &year.to_string(),
        &json!({ "level": level_id, "round": round, "registrations": ranked }),
    )?;
    tx.commit()?;
    if !ctx.machine() {
        println!(
            "{}",
            t(
                Msg::Ranked,
                &[
                    ("count", &ranked.to_string()),
                    ("level", &level_label(&level_id))
                ]
            )
        );
    }
    ctx.print_listing(&out)
}

/// `ocop recognise`: the certificate, valid 36 months from the decision's date.
pub fn recognise(
    ctx: &Ctx,
    reg: &str,
    decision: &str,
    date: &str,
    level: Option<&str>,
) -> Result<()> {
    let regimes = Regimes::builtin()?;
    let decided = parse_date(date)?;
    let decision = clean(decision);
    if decision.is_empty() {
        return Err(Error::data(t(Msg::NameEmpty, &[])));
    }
    let mut conn = ctx.open()?;
    let tx = db::write(&mut conn)?;
    let r = registrations::find(&tx, reg)?;
    if let Some(c) = scores::certificate_of(&tx, r.id)? {
        return Err(Error::data(t(
            Msg::AlreadyRecognised,
            &[
                ("code", &r.code),
                ("id", &c.id.to_string()),
                ("decision", &c.decision_no),
            ],
        )));
    }
    let regime = regimes.get(&r.regime)?;
    let results = scores::results(&tx, r.id)?;
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
    let rules = regime.levels.iter().find(|x| x.id == result.level);
    if !rules.is_some_and(|x| x.recognises.contains(&result.stars))
        || !(3..=5).contains(&result.stars)
    {
        let rec = rules
            .map(|x| {
                x.recognises
                    .iter()
                    .map(|s| format!("{s}★"))
                    .collect::<Vec<_>>()
                    .join(", ")
            })
            .unwrap_or_default();
        return Err(Error::data(t(
            Msg::NotRecognisable,
            &[
                ("code", &r.code),
                ("stars", &result.stars.to_string()),
                ("level", &result.level),
                ("recognises", &rec),
            ],
        )));
    }
    let until = decided
        .checked_add(jiff::Span::new().months(36))
        .and_then(|d| d.yesterday())
        .map_err(|e| Error::data(e.to_string()))?
        .to_string();
    // A re-evaluation or upgrade renews the product's current certificate.
    let renews = if r.kind == "new" {
        None
    } else {
        scores::current_certificate_of_product(&tx, r.product_id)?
    };
    let id = scores::insert_certificate(
        &tx,
        &scores::NewCertificate {
            registration_id: r.id,
            stars: result.stars,
            level: &result.level,
            decision_no: &decision,
            decision_date: &decided.to_string(),
            valid_until: &until,
            renews_id: renews,
        },
    )?;
    let from = Stage::from_id(&r.stage).unwrap_or(Stage::Idea);
    if from != Stage::Recognised {
        registrations::set_stage(&tx, r.id, Stage::Recognised.id())?;
    }
    audit::record(
        &tx,
        &ctx.operator,
        "recognise",
        "registration",
        &r.code,
        &json!({ "certificate": id, "stars": result.stars, "level": result.level, "decision": decision, "date": decided.to_string(), "valid_until": until, "renews": renews }),
    )?;
    tx.commit()?;
    let mut rec = Record::default();
    rec.add("certificate_id", Msg::HId, id);
    rec.add("code", Msg::HCode, r.code.clone());
    rec.add("stars", Msg::HStars, i64::from(result.stars));
    rec.add("decision_no", Msg::HDecision, decision.clone());
    rec.add("decision_date", Msg::HDecisionDate, decided.to_string());
    rec.add("valid_until", Msg::HValidUntil, until.clone());
    ctx.done(
        &t(
            Msg::Recognised,
            &[
                ("code", &r.code),
                ("id", &id.to_string()),
                ("stars", &result.stars.to_string()),
                ("decision", &decision),
                ("date", &decided.to_string()),
                ("until", &until),
            ],
        ),
        &rec,
    )
}

/// `ocop certificate list`.
pub fn certificates(ctx: &Ctx, cmd: CertificateCmd) -> Result<()> {
    let CertificateCmd::List {
        expiring_within,
        lapsed,
        at,
    } = cmd;
    let at = match at {
        Some(d) => parse_date(&d)?,
        None => today(),
    };
    let horizon = expiring_within
        .map(|days| {
            at.checked_add(jiff::Span::new().days(days))
                .map(|d| d.to_string())
        })
        .transpose()
        .map_err(|e| Error::usage(e.to_string()))?;
    let at_s = at.to_string();
    let conn = ctx.open()?;
    let mut out = Listing::new(&[
        col("id", Msg::HId),
        col("code", Msg::HCode),
        col("product_name", Msg::HProduct),
        col("subject_name", Msg::HSubject),
        col("commune_name", Msg::HCommune),
        col("stars", Msg::HStars),
        col("level", Msg::HLevel),
        col("decision_no", Msg::HDecision),
        col("decision_date", Msg::HDecisionDate),
        col("valid_until", Msg::HValidUntil),
        col("status", Msg::HStatus),
    ]);
    for c in scores::certificates(&conn)? {
        // Status on the date: replaced and revoked stay so; otherwise lapsed after valid_until,
        // expiring when it lapses before the horizon.
        let status = match c.status.as_str() {
            "valid" if c.valid_until.as_str() < at_s.as_str() => "lapsed",
            "valid"
                if horizon
                    .as_deref()
                    .is_some_and(|h| c.valid_until.as_str() <= h) =>
            {
                "expiring"
            }
            s => s,
        }
        .to_string();
        if lapsed && status != "lapsed" {
            continue;
        }
        if expiring_within.is_some() && status != "expiring" {
            continue;
        }
        let label = if machine_output() {
            status.clone()
        } else {
            l(match status.as_str() {
                "lapsed" => Msg::CertLapsed,
                "expiring" => Msg::CertExpiring,
                "replaced" => Msg::CertReplaced,
                "revoked" => Msg::CertRevoked,
                _ => Msg::CertValid,
            })
            .to_string()
        };
        out.push(vec![
            c.id.into(),
            c.code.into(),
            c.product_name.into(),
            c.subject_name.into(),
            c.commune_name.into(),
            i64::from(c.stars).into(),
            level_label(&c.level).into(),
            c.decision_no.into(),
            c.decision_date.into(),
            c.valid_until.into(),
            label.into(),
        ]);
    }
    ctx.print_listing(&out)
}
