//! `ocop score add|show|remove`, `ocop rank`, `ocop recognise`, `ocop certificate list`.

use serde_json::json;

use crate::cli::{CertificateCmd, ScoreCmd, SheetOf};
use crate::db::{self, audit, registrations, scores};
use crate::domain::date::{date_or_today, parse_date, parse_round, parse_year};
use crate::domain::score::{self, Outcome, show};
use crate::error::{Error, Result};
use crate::i18n::{Msg, l, t};
use crate::ops::scoring::{self, SheetInput, check_level};
use crate::output::{Listing, Record, Value, col, level_label};
use crate::rules::regime::Regimes;
use crate::text::{clean, fold};

use super::Ctx;

pub fn run(ctx: &Ctx, cmd: ScoreCmd) -> Result<()> {
    match cmd {
        ScoreCmd::Add {
            sheet_of:
                SheetOf {
                    registration,
                    level,
                    member,
                },
            parts,
            criteria,
            sheet,
            aspects,
            date,
            at,
            eliminated,
            stopped,
            note,
            overrides,
        } => {
            let mut criteria: Vec<(String, String)> = criteria
                .iter()
                .map(|c| split_pair(c))
                .collect::<Result<_>>()?;
            if let Some(file) = sheet {
                criteria.extend(crate::import::read_sheet(&file, &Default::default())?);
            }
            add(
                ctx,
                &registration,
                &level,
                &member,
                (&parts, &aspects),
                &criteria,
                [date, at],
                [eliminated, stopped, note],
                &overrides,
            )
        }
        ScoreCmd::Enter {
            sheet_of:
                SheetOf {
                    registration,
                    level,
                    member,
                },
        } => enter(ctx, &registration, &level, &member),
        ScoreCmd::Show {
            registration,
            criteria: false,
        } => show_sheets(ctx, &registration),
        ScoreCmd::Show {
            registration,
            criteria: true,
        } => show_criteria(ctx, &registration),
        ScoreCmd::Remove {
            sheet_of:
                SheetOf {
                    registration,
                    level,
                    member,
                },
            overrides,
        } => remove(ctx, &registration, &level, &member, &overrides),
    }
}

/// The reason given with --force or --reopen, required with either.
fn override_reason(ov: &crate::cli::CycleOverrides) -> Result<Option<String>> {
    let reason = ov.reason.as_deref().map(clean).filter(|r| !r.is_empty());
    if (ov.force || ov.reopen) && reason.is_none() {
        return Err(Error::usage(t(Msg::OverrideNeedsReason, &[])));
    }
    Ok(reason)
}

fn split_pair(s: &str) -> Result<(String, String)> {
    s.split_once('=')
        .map(|(k, v)| (k.trim().to_string(), v.trim().to_string()))
        .ok_or_else(|| Error::usage(t(Msg::PairUsage, &[("value", s)])))
}

#[allow(clippy::too_many_arguments)]
fn add(
    ctx: &Ctx,
    reg: &str,
    level: &str,
    member: &str,
    (parts, aspects): (&[String], &[String]),
    criteria: &[(String, String)],
    [date, at]: [Option<String>; 2],
    [eliminated, stopped, note]: [Option<String>; 3],
    ov: &crate::cli::CycleOverrides,
) -> Result<()> {
    let reason = override_reason(ov)?;
    let mut conn = ctx.open()?;
    let tx = db::write(&mut conn)?;
    let r = registrations::find(&tx, reg)?;
    if criteria.is_empty() && parts.is_empty() && aspects.is_empty() {
        return Err(Error::usage(t(Msg::SheetNeedsPoints, &[("code", &r.code)])));
    }
    let given: Vec<(String, String)> =
        parts.iter().map(|p| split_pair(p)).collect::<Result<_>>()?;
    let aspects: Vec<(String, String)> = aspects
        .iter()
        .map(|p| split_pair(p))
        .collect::<Result<_>>()?;
    let scored_on = date
        .as_deref()
        .map(parse_date)
        .transpose()?
        .map(|d| d.to_string());
    // The evaluation date decides the regime (SPEC.md), before the sheet is checked against it.
    let r = match &scored_on {
        Some(d) => {
            let (r, moved) = scoring::evaluate_on(&tx, &r, d)?;
            if let Some(m) = moved {
                super::warn(&m);
            }
            r
        }
        None => r,
    };
    let (level, member, sheet) = scoring::add_sheet(
        &tx,
        &ctx.operator,
        &r,
        &SheetInput {
            level,
            member,
            parts: &given,
            criteria,
            aspects: &aspects,
            scored_on: scored_on.as_deref(),
            eliminated: eliminated.as_deref(),
            stopped: stopped.as_deref(),
            note: note.as_deref(),
            audit: true,
            overrides: scoring::Overrides {
                force: ov.force.then_some(reason.as_deref()).flatten(),
                reopen: ov.reopen.then_some(reason.as_deref()).flatten(),
            },
        },
    )?;
    tx.commit()?;
    let store = crate::store::Store::for_db(&ctx.loc.path);
    let at = at
        .as_deref()
        .map(parse_date)
        .transpose()?
        .map(|d| d.to_string());
    if let Some(w) = crate::ops::dossier::incomplete_warning(&conn, &store, &r, at.as_deref())? {
        super::warn(&w);
    }
    let mut rec = Record::default();
    rec.add("code", Msg::HCode, r.code.clone());
    rec.add("level", Msg::HLevel, level.clone());
    rec.add("member", Msg::HMember, member.clone());
    for (p, v) in &sheet.parts {
        rec.fields
            .push((col(part_id(p), part_label(p)), Value::Points(*v)));
    }
    rec.add("total", Msg::HScore, show(sheet.total()));
    let pre = Regimes::in_use()?
        .get(&r.regime)
        .ok()
        .and_then(|g| crate::ops::preassess::level(g, &level))
        .is_some();
    let said = if pre {
        t(
            Msg::PreassessAdded,
            &[
                ("code", &r.code),
                ("member", &member),
                ("level", &level_label(&level)),
            ],
        )
    } else {
        t(
            Msg::SheetAdded,
            &[
                ("code", &r.code),
                ("member", &member),
                ("level", &level_label(&level)),
                ("total", &show(sheet.total())),
            ],
        )
    };
    ctx.done(&said, &rec)
}

/// Asks each part at the prompt (on a terminal; lines from a pipe work too), checking each answer
/// at once and asking again until it is valid, then saves the sheet as `score add` does.
fn enter(ctx: &Ctx, reg: &str, level: &str, member: &str) -> Result<()> {
    use std::io::{BufRead, Write};
    // Open first: the regimes a database holds join the built-in ones when it opens.
    let conn = ctx.open()?;
    let regimes = crate::rules::regime::Regimes::in_use()?;
    let r = registrations::find(&conn, reg)?;
    let regime = regimes.get(&r.regime)?;
    let level_id = check_level(regime, level)?.to_string();
    drop(conn);
    eprintln!(
        "{}",
        t(
            Msg::EnterHeader,
            &[
                ("code", &r.code),
                ("product", &r.product_name),
                ("member", member),
                ("level", &level_label(&level_id)),
                ("regime", &regime.id)
            ],
        )
    );
    let stdin = std::io::stdin();
    let mut lines = stdin.lock().lines();
    let mut ask = |prompt: &str| -> Result<String> {
        eprint!("{prompt}");
        let _ = std::io::stderr().flush();
        match lines.next() {
            Some(line) => Ok(line?.trim().to_string()),
            None => Err(Error::data(t(Msg::EnterEnded, &[]))),
        }
    };
    if let Some(tree) = regime.set(&r.product_set).and_then(|s| s.tree()) {
        let criteria = enter_criteria(tree, &mut ask)?;
        return add(
            ctx,
            reg,
            &level_id,
            member,
            (&[], &[]),
            &criteria,
            [None, None],
            [None, None, None],
            &Default::default(),
        );
    }
    let mut parts = Vec::new();
    for p in &regime.parts {
        let title = match crate::i18n::lang() {
            crate::i18n::Lang::Vi => &p.vi,
            crate::i18n::Lang::En => &p.en,
        };
        loop {
            let answer = ask(&t(
                Msg::EnterPrompt,
                &[
                    ("part", &p.id),
                    ("title", title),
                    ("max", &p.max.to_string()),
                ],
            ))?;
            match score::parse_points(&answer) {
                Some(v) if v <= i64::from(p.max) * 100 => {
                    parts.push((p.id.clone(), answer));
                    break;
                }
                _ => eprintln!(
                    "{}",
                    t(
                        Msg::PointsInvalid,
                        &[
                            ("part", &p.id),
                            ("value", &answer),
                            ("max", &p.max.to_string())
                        ]
                    )
                ),
            }
        }
    }
    let given: Vec<String> = parts.iter().map(|(k, v)| format!("{k}={v}")).collect();
    add(
        ctx,
        reg,
        &level_id,
        member,
        (&given, &[]),
        &[],
        [None, None],
        [None, None, None],
        &Default::default(),
    )
}

/// Asks criterion by criterion like the paper sheet: the headings, then each criterion with its
/// options and rules; a wrong answer is said and asked again. An elimination or a stop ends the
/// questions (the criteria after a stop are not evaluated).
fn enter_criteria(
    tree: &[crate::rules::criteria::Criterion],
    ask: &mut dyn FnMut(&str) -> Result<String>,
) -> Result<Vec<(String, String)>> {
    use crate::domain::sheet::{Answer, check_answer};
    eprintln!("{}", l(Msg::CriterionPromptHelp));
    let mut out = Vec::new();
    for c in tree {
        if !c.is_scored() {
            eprintln!("\n{} {}", c.id, c.title());
            if let Some(n) = &c.note {
                eprintln!("   {n}");
            }
            continue;
        }
        eprintln!("{}", crate::cmd::criteria::describe_criterion(c));
        loop {
            let answer = ask(&t(
                Msg::CriterionPrompt,
                &[
                    ("criterion", &c.id),
                    ("title", c.title()),
                    ("allowed", &c.allowed()),
                ],
            ))?;
            match check_answer(tree, c, &answer) {
                Ok(a) => {
                    let ends = matches!(a, Answer::Eliminated | Answer::Stopped)
                        || (a == Answer::Points(0) && c.stop_at_zero);
                    out.push((c.id.clone(), answer));
                    if ends {
                        return Ok(out);
                    }
                    break;
                }
                Err(e) => eprintln!("{}", e.message),
            }
        }
    }
    Ok(out)
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

fn outcome_label(id: &str) -> Value {
    crate::output::coded(id, Outcome::label(id))
}

fn show_sheets(ctx: &Ctx, reg: &str) -> Result<()> {
    // Open first: the regimes a database holds join the built-in ones when it opens.
    let conn = ctx.open()?;
    let regimes = Regimes::in_use()?;
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
    let pre = |level: &str| crate::ops::preassess::level(regime, level).is_some();
    for s in &sheets {
        if pre(&s.level) {
            // A pre-assessment: its aspects, no points to add up.
            let aspects: Vec<String> = s
                .criteria
                .iter()
                .map(|(id, p)| {
                    let id = id.strip_prefix(crate::ops::preassess::ASPECT).unwrap_or(id);
                    format!("{id} {}", show(*p))
                })
                .collect();
            let note = [Some(aspects.join(", ")), s.note.clone()]
                .into_iter()
                .flatten()
                .collect::<Vec<_>>()
                .join("; ");
            out.push(vec![
                crate::output::level_value(&s.level),
                s.member.clone().into(),
                Value::Null,
                Value::Null,
                Value::Null,
                Value::Null,
                Value::Null,
                note.into(),
            ]);
            continue;
        }
        out.push(vec![
            crate::output::level_value(&s.level),
            s.member.clone().into(),
            Value::Points(part(&s.parts, "A")),
            Value::Points(part(&s.parts, "B")),
            Value::Points(part(&s.parts, "C")),
            Value::Points(s.total),
            Value::Null,
            s.note.clone().into(),
        ]);
    }
    let results = scores::results(&conn, r.id)?;
    // The average of each level that has sheets: what `rank` will record.
    let mut levels: Vec<&str> = sheets.iter().map(|s| s.level.as_str()).collect();
    let mut notes: Vec<String> = Vec::new();
    levels.dedup();
    for level in levels {
        if pre(level) {
            // The commune's outcome once ranked: forwarded or returned.
            let outcome = results
                .iter()
                .find(|x| x.level == level)
                .map_or(Value::Null, |x| outcome_label(&x.outcome));
            let members = sheets.iter().filter(|s| s.level == level).count();
            out.push(vec![
                crate::output::level_value(level),
                crate::output::coded(
                    format!("preassessment ({members})"),
                    format!("{} ({members})", l(Msg::HPreassessment)),
                ),
                Value::Null,
                Value::Null,
                Value::Null,
                Value::Null,
                Value::Null,
                outcome,
            ]);
            continue;
        }
        let of_level: Vec<(Vec<(String, i64)>, score::Mark)> = sheets
            .iter()
            .filter(|s| s.level == level)
            .map(|s| (s.parts.clone(), s.mark()))
            .collect();
        let level_sheets: Vec<&scores::Sheet> =
            sheets.iter().filter(|s| s.level == level).collect();
        let rk = score::rank(
            regime,
            level,
            &of_level,
            &scoring::mandatory_of(
                regime,
                &r,
                &level_sheets,
                scoring::marks_day(&conn, &r, level, None)?,
            ),
        );
        notes.extend(mandatory_notes(&r.code, &rk));
        out.push(vec![
            crate::output::level_value(level),
            crate::output::coded(
                format!("average ({})", rk.members),
                format!("{} ({})", l(Msg::HAverage), rk.members),
            ),
            Value::Points(rk.parts[0]),
            Value::Points(rk.parts[1]),
            Value::Points(rk.parts[2]),
            Value::Points(rk.total),
            i64::from(rk.stars).into(),
            outcome_label(rk.outcome.id()),
        ]);
    }
    // A result imported from a past list: no sheets, its stars and decision as the list gave.
    for x in results.iter().filter(|x| x.imported.is_some()) {
        let i = x.imported.clone().unwrap_or_default();
        out.push(vec![
            crate::output::level_value(&x.level),
            crate::report::source_value("imported"),
            Value::Null,
            Value::Null,
            Value::Null,
            x.total.map_or(Value::Null, Value::Points),
            i64::from(x.stars).into(),
            [i.decision_no, i.decided_on]
                .into_iter()
                .flatten()
                .collect::<Vec<_>>()
                .join(" ")
                .into(),
        ]);
    }
    for n in &notes {
        super::warn(n);
    }
    ctx.print_listing(&out)
}

/// What the mandatory criteria did to a result, one sentence: every criterion missed up to the
/// band, or that part-total sheets could not be checked.
fn mandatory_notes(code: &str, rk: &score::Ranking) -> Option<String> {
    if rk.unchecked && rk.band >= 3 {
        return Some(t(Msg::MandatoryUnchecked, &[("code", code)]));
    }

    if rk.missed.is_empty() {
        return None;
    }
    let items: Vec<String> = rk
        .missed
        .iter()
        .map(|m| match m.needed {
            Some(p) => t(
                Msg::MandatoryBelow,
                &[
                    ("criterion", &m.criterion),
                    ("title", &m.title),
                    ("req", &m.stars.to_string()),
                    // Points with the language's decimal mark, as the tables show them.
                    ("average", &Value::Points(m.average_cents()).to_string()),
                    ("needed", &Value::Points(p).to_string()),
                ],
            ),
            None => t(
                Msg::MandatoryZero,
                &[
                    ("criterion", &m.criterion),
                    ("title", &m.title),
                    ("req", &m.stars.to_string()),
                ],
            ),
        })
        .collect();
    Some(t(
        Msg::MandatoryMissed,
        &[
            ("code", code),
            ("band", &rk.band.to_string()),
            ("stars", &rk.stars.to_string()),
            ("missed", &items.join("; ")),
        ],
    ))
}

/// The criterion lines of the sheets scored by criteria, in the order of the set's tree, with
/// each criterion's title: what the secretary checks against the paper sheets.
fn show_criteria(ctx: &Ctx, reg: &str) -> Result<()> {
    // Open first: the regimes a database holds join the built-in ones when it opens.
    let conn = ctx.open()?;
    let regimes = Regimes::in_use()?;
    let r = registrations::find(&conn, reg)?;
    let set = regimes.get(&r.regime)?.set(&r.product_set);
    let order = |id: &str| {
        set.and_then(|s| s.tree())
            .and_then(|t| t.iter().position(|c| c.id == id))
            .unwrap_or(usize::MAX)
    };
    let mut out = Listing::new(&[
        col("level", Msg::HLevel),
        col("member", Msg::HMember),
        col("criterion", Msg::HCriterion),
        col("content", Msg::HContent),
        col("points", Msg::HPoints),
    ]);
    for s in scores::sheets(&conn, Some(r.id), None)? {
        let mut lines = s.criteria.clone();
        lines.sort_by_key(|(id, _)| order(id));
        for (id, points) in lines {
            let title = set
                .and_then(|x| x.criterion(&id))
                .map(|c| c.title().to_string())
                .unwrap_or_default();
            out.push(vec![
                crate::output::level_value(&s.level),
                s.member.clone().into(),
                id.into(),
                title.into(),
                Value::Points(points),
            ]);
        }
    }
    ctx.print_listing(&out)
}

fn remove(
    ctx: &Ctx,
    reg: &str,
    level: &str,
    member: &str,
    ov: &crate::cli::CycleOverrides,
) -> Result<()> {
    let reason = override_reason(ov)?;
    // Open first: the regimes a database holds join the built-in ones when it opens.
    let mut conn = ctx.open()?;
    let regimes = Regimes::in_use()?;
    let tx = db::write(&mut conn)?;
    let r = registrations::find(&tx, reg)?;
    let regime = regimes.get(&r.regime)?;
    let level = check_level(regime, level)?;
    scoring::check_sheets_open(
        &tx,
        &ctx.operator,
        &r,
        regime,
        level,
        &scoring::Overrides {
            force: ov.force.then_some(reason.as_deref()).flatten(),
            reopen: ov.reopen.then_some(reason.as_deref()).flatten(),
        },
    )?;
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
pub fn rank(
    ctx: &Ctx,
    year: &str,
    level: &str,
    round: Option<&str>,
    [date, at]: [Option<&str>; 2],
) -> Result<()> {
    let year = parse_year(year)?;
    let at = at.map(parse_date).transpose()?.map(|d| d.to_string());
    let round = round.map(parse_round).transpose()?;
    let mut conn = ctx.open()?;
    // Open first: the regimes a database holds join the built-in ones when it opens.
    if crate::ops::preassess::is_preassessment(year, date, level)? {
        return rank_preassessment(ctx, conn, year, level, round, at.as_deref());
    }
    let tx = db::write(&mut conn)?;
    let done = scoring::rank_level(&tx, &ctx.operator, year, level, round, date)?;
    tx.commit()?;
    let (level_id, ranked) = (done.level, done.ranked);
    if !done.not_reached.is_empty() {
        super::warn(&t(
            Msg::RankSkipped,
            &[
                ("level", &level_id),
                ("codes", &done.not_reached.join(", ")),
            ],
        ));
    }
    // One warning for the registrations ranked with an incomplete mandatory dossier (they may
    // have been registered or imported at a later stage), from one query of documents.
    let store = crate::store::Store::for_db(&ctx.loc.path);
    let docs = crate::db::documents::by_registration(crate::db::documents::of_registrations(
        &conn,
        Some(year),
    )?);
    let mut incomplete = Vec::new();
    for (r, _, _) in &ranked {
        let mine = docs.get(&r.id).map(Vec::as_slice).unwrap_or_default();
        // The cycle's date: a document valid when the dossier was submitted is valid for it.
        let on = match &at {
            Some(d) => d.clone(),
            None => crate::ops::dossier::cycle_date(&conn, r)?,
        };
        if crate::ops::dossier::check(&store, r, mine, &on)?
            .iter()
            .any(|f| f.mandatory)
        {
            incomplete.push(r.code.clone());
        }
    }
    if !incomplete.is_empty() {
        let mut codes = incomplete
            .iter()
            .take(10)
            .cloned()
            .collect::<Vec<_>>()
            .join(", ");
        if incomplete.len() > 10 {
            codes.push_str(", …");
        }
        super::warn(&t(
            Msg::RankIncomplete,
            &[
                ("count", &incomplete.len().to_string()),
                ("codes", &codes),
                ("year", &year.to_string()),
            ],
        ));
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
    let regimes = Regimes::in_use()?;
    let mut below: Vec<String> = Vec::new();
    for (r, rk, stage) in &ranked {
        // Rated in a lower level's range: that level recognises it; said once for all.
        if rk.outcome == crate::domain::score::Outcome::Recognises
            && let Some(by) = regimes
                .get(&r.regime)
                .ok()
                .and_then(|g| crate::domain::score::recognising_level(g, &level_id, rk.stars))
            && by != level_id
        {
            below.push(t(
                Msg::RecognisedBelow,
                &[
                    ("code", &r.code),
                    ("total", &show(rk.total)),
                    ("stars", &rk.stars.to_string()),
                    ("by", &level_label(by)),
                ],
            ));
        }
        out.push(vec![
            r.code.clone().into(),
            r.product_name.clone().into(),
            r.subject_name.clone().into(),
            r.commune_name.clone().into(),
            rk.members.into(),
            Value::Points(rk.parts[0]),
            Value::Points(rk.parts[1]),
            Value::Points(rk.parts[2]),
            Value::Points(rk.total),
            i64::from(rk.stars).into(),
            outcome_label(rk.outcome.id()),
            crate::output::coded(stage.id(), stage.label()),
        ]);
    }
    for b in &below {
        super::warn(b);
    }
    for (r, rk, _) in &ranked {
        if let Some(n) = mandatory_notes(&r.code, rk) {
            super::warn(&n);
        }
    }
    if !ctx.machine() {
        println!(
            "{}",
            t(
                Msg::Ranked,
                &[
                    ("count", &ranked.len().to_string()),
                    ("level", &level_label(&level_id))
                ]
            )
        );
    }
    ctx.print_listing(&out)
}

/// `rank` at a commune pre-assessment level: forwarded or returned, with the reasons; no stars.
fn rank_preassessment(
    ctx: &Ctx,
    mut conn: rusqlite::Connection,
    year: i32,
    level: &str,
    round: Option<i64>,
    at: Option<&str>,
) -> Result<()> {
    let regimes = Regimes::in_use()?;
    let level_id = check_level(regimes.for_year(year)?, level)?.to_string();
    let store = crate::store::Store::for_db(&ctx.loc.path);
    let tx = db::write(&mut conn)?;
    let done = crate::ops::preassess::rank(&tx, &ctx.operator, &store, year, &level_id, round, at)?;
    tx.commit()?;
    let mut out = Listing::new(&[
        col("code", Msg::HCode),
        col("product_name", Msg::HProduct),
        col("subject_name", Msg::HSubject),
        col("commune_name", Msg::HCommune),
        col("members", Msg::HMembers),
        col("outcome", Msg::HOutcome),
        col("reasons", Msg::HNote),
    ]);
    for p in &done {
        let r = &p.registration;
        let outcome = if p.forwarded { "forwards" } else { "returned" };
        out.push(vec![
            r.code.clone().into(),
            r.product_name.clone().into(),
            r.subject_name.clone().into(),
            r.commune_name.clone().into(),
            p.members.into(),
            outcome_label(outcome),
            p.reasons.join("; ").into(),
        ]);
    }
    if !ctx.machine() {
        println!(
            "{}",
            t(
                Msg::Preassessed,
                &[
                    ("count", &done.len().to_string()),
                    (
                        "forwarded",
                        &done.iter().filter(|p| p.forwarded).count().to_string()
                    ),
                    ("level", &level_label(&level_id)),
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
    let decided = parse_date(date)?;
    let mut conn = ctx.open()?;
    let tx = db::write(&mut conn)?;
    let r = registrations::find(&tx, reg)?;
    let (id, stars, until) = scoring::recognise(&tx, &ctx.operator, &r, decision, decided, level)?;
    tx.commit()?;
    let decision = clean(decision);
    let mut rec = Record::default();
    rec.add("certificate_id", Msg::HId, id);
    rec.add("code", Msg::HCode, r.code.clone());
    rec.add("stars", Msg::HStars, i64::from(stars));
    rec.add("decision_no", Msg::HDecision, decision.clone());
    rec.add("decision_date", Msg::HDecisionDate, decided.to_string());
    rec.add("valid_until", Msg::HValidUntil, until.clone());
    ctx.done(
        &t(
            Msg::Recognised,
            &[
                ("code", &r.code),
                ("id", &id.to_string()),
                ("stars", &stars.to_string()),
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
    let CertificateCmd::List { filter } = cmd;
    let at = date_or_today(filter.at.as_deref())?;
    let conn = ctx.open()?;
    ctx.print_listing(&crate::report::certificates(
        &conn,
        at,
        filter.expiring_within,
        filter.lapsed,
    )?)
}
