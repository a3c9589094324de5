//! `ocop register` and `ocop registration list|show|advance|withdraw`.

use crate::cli::{RegisterArgs, RegistrationCmd};
use crate::db::{self, audit, registrations};
use crate::domain::date::{parse_round, parse_year};
use crate::domain::registration::{RegKind, Stage};
use crate::domain::subject::SubjectKind;
use crate::error::{Error, Result};
use crate::i18n::{Msg, l, t};
use crate::ops::{self, RegisterInput};
use crate::output::{Column, Listing, Record, Value, col};
use crate::rules::regime::Regimes;

use super::Ctx;

pub fn register(ctx: &Ctx, a: RegisterArgs) -> Result<()> {
    let mut conn = ctx.open()?;
    let tx = db::write(&mut conn)?;
    // A re-evaluation of a certificate: its product, and the certificate it renews.
    let (product_id, renews) = match (a.from_cert, &a.product) {
        (Some(n), _) => {
            let c = crate::db::scores::certificate(&tx, n)?.ok_or_else(|| {
                Error::data(t(
                    Msg::NotFound,
                    &[
                        ("what", crate::i18n::l(Msg::WhatCertificate)),
                        ("query", &n.to_string()),
                        ("hint", "ocop certificate list"),
                    ],
                ))
            })?;
            if c.status != "valid" {
                return Err(Error::data(t(
                    Msg::CertificateNotRenewable,
                    &[("id", &n.to_string()), ("status", &c.status)],
                )));
            }
            // A re-evaluation comes after the decision it renews.
            let year = crate::domain::date::parse_year(&a.year)?;
            if year.to_string().as_str() < c.decision_date.get(..4).unwrap_or("") {
                return Err(Error::usage(t(
                    Msg::FromCertYearTooEarly,
                    &[
                        ("id", &n.to_string()),
                        ("date", &c.decision_date),
                        ("year", &a.year),
                    ],
                )));
            }
            let reg = registrations::get(&tx, c.registration_id)?
                .ok_or_else(|| Error::data(t(Msg::RecordVanished, &[("what", "registration")])))?;
            (reg.product_id, Some(n))
        }
        (None, Some(p)) => (db::products::find(&tx, p, None)?.id, None),
        (None, None) => return Err(Error::usage(t(Msg::RegisterNeedsProduct, &[]))),
    };
    let kind = a.kind.unwrap_or_else(|| {
        if renews.is_some() {
            "re-evaluation"
        } else {
            "new"
        }
        .to_string()
    });
    let input = RegisterInput {
        product_id,
        year: a.year,
        round: a.round,
        kind,
        stage: a.stage,
        date: a.date,
        regime: a.regime,
        set: a.set,
        commune: a.commune,
    };
    if renews.is_some()
        && crate::domain::registration::RegKind::parse(&input.kind)?
            == crate::domain::registration::RegKind::New
    {
        return Err(Error::usage(t(Msg::FromCertIsRenewal, &[])));
    }
    let (id, code) = ops::register(&tx, &ctx.operator, &input)?;
    if let Some(n) = renews {
        registrations::set_renews(&tx, id, n)?;
    }
    let reg = registrations::get(&tx, id)?
        .ok_or_else(|| Error::data(t(Msg::RecordVanished, &[("what", "registration")])))?;
    tx.commit()?;
    let stage = Stage::from_id(&reg.stage).map_or(reg.stage.clone(), |s| s.label().to_string());
    ctx.done(
        &t(
            Msg::Registered,
            &[
                ("code", &code),
                ("product", &reg.product_name),
                ("year", &reg.year.to_string()),
                ("round", &reg.round.to_string()),
                ("stage", &stage),
            ],
        ),
        &record(&reg),
    )
}

pub fn run(ctx: &Ctx, cmd: RegistrationCmd) -> Result<()> {
    match cmd {
        RegistrationCmd::List {
            year,
            round,
            stage,
            commune,
            set,
            group,
            search,
        } => list(ctx, year, round, stage, commune, set, group, search),
        RegistrationCmd::Show { registration } => show(ctx, &registration),
        RegistrationCmd::Advance {
            registration,
            stage,
            reason,
            force,
            at,
        } => advance(
            ctx,
            &registration,
            Stage::parse(&stage)?,
            reason,
            force,
            at.as_deref(),
        ),
        RegistrationCmd::Withdraw {
            registration,
            reason,
        } => advance(ctx, &registration, Stage::Withdrawn, reason, false, None),
        RegistrationCmd::Edit {
            registration,
            set,
            regime,
        } => edit(ctx, &registration, &set, regime.as_deref()),
    }
}

/// Value labels in the user's language for tables; stable ids for CSV and JSON.
fn label(id: &str, f: impl Fn(&str) -> Option<&'static str>) -> Value {
    crate::output::coded(id, f(id).unwrap_or(id))
}

fn stage_label(id: &str) -> Value {
    label(id, |s| Stage::from_id(s).map(Stage::label))
}

fn set_names(regime: &str, set: &str) -> (Value, Value) {
    let r = Regimes::in_use().ok().and_then(|r| r.get(regime).ok());
    let s = r.and_then(|r| r.set(set));
    let g = r.zip(s).and_then(|(r, s)| r.group(&s.group));
    (
        crate::output::coded(
            set,
            s.map_or_else(|| set.to_string(), |s| s.name().to_string()),
        ),
        crate::output::coded(
            g.map_or_else(String::new, |g| g.id.clone()),
            g.map_or_else(String::new, |g| g.name().to_string()),
        ),
    )
}

/// The columns of a registration in listings and records, in order.
const COLUMNS: &[Column] = &[
    col("code", Msg::HCode),
    col("year", Msg::HYear),
    col("round", Msg::HRound),
    col("kind", Msg::HRegKind),
    col("stage", Msg::HStage),
    col("product_id", Msg::HProductId),
    col("product_name", Msg::HProduct),
    col("subject_id", Msg::HSubjectId),
    col("subject_name", Msg::HSubject),
    col("subject_kind", Msg::HSubjectKind),
    col("commune_code", Msg::HCommuneCode),
    col("commune_name", Msg::HCommune),
    col("regime", Msg::HRegime),
    col("product_set", Msg::HProductSet),
    col("group", Msg::HGroup),
    col("registered_on", Msg::HRegisteredOn),
];

fn values(r: &registrations::Registration) -> Vec<Value> {
    let (set, group) = set_names(&r.regime, &r.product_set);
    vec![
        r.code.clone().into(),
        r.year.into(),
        r.round.into(),
        label(&r.kind, |k| RegKind::from_id(k).map(RegKind::label)),
        stage_label(&r.stage),
        r.product_id.into(),
        r.product_name.clone().into(),
        r.subject_id.into(),
        r.subject_name.clone().into(),
        label(&r.subject_kind, |k| {
            SubjectKind::from_id(k).map(SubjectKind::label)
        }),
        r.commune_code.clone().into(),
        r.commune_name.clone().into(),
        r.regime.clone().into(),
        set,
        group,
        r.registered_on.clone().into(),
    ]
}

fn record(r: &registrations::Registration) -> Record {
    Record {
        fields: COLUMNS.iter().copied().zip(values(r)).collect(),
    }
}

#[allow(clippy::too_many_arguments)]
fn list(
    ctx: &Ctx,
    year: Option<String>,
    round: Option<String>,
    stage: Option<String>,
    commune: Option<String>,
    set: Option<String>,
    group: Option<String>,
    search: Option<String>,
) -> Result<()> {
    let conn = ctx.open()?;
    let regimes = Regimes::in_use()?;
    let year = year.as_deref().map(parse_year).transpose()?;
    let round = round.as_deref().map(parse_round).transpose()?;
    let stage = stage
        .as_deref()
        .map(Stage::parse)
        .transpose()?
        .map(|s| s.id().to_string());
    let unit_ids = commune
        .as_deref()
        .map(|c| super::subject::same_code_units(&conn, c))
        .transpose()?;
    // A set or group filter names sets of the year's regime, or of every regime without a year.
    let scope: Vec<&crate::rules::regime::Regime> = match year {
        Some(y) => vec![regimes.for_year(y)?],
        None => regimes.all.iter().collect(),
    };
    let mut sets: Option<Vec<String>> = None;
    if let Some(s) = &set {
        let mut found = Vec::new();
        let mut last_err = None;
        for r in &scope {
            match r.find_set(s) {
                Ok(ps) => found.push(format!("{}:{}", r.id, ps.id)),
                Err(e) => last_err = Some(e),
            }
        }
        if found.is_empty() {
            return Err(last_err.unwrap_or_else(|| Error::data(String::new())));
        }
        sets = Some(found);
    }
    if let Some(g) = &group {
        let mut found = Vec::new();
        for r in &scope {
            if let Some(grp) = r.find_group(g) {
                found.extend(
                    r.sets
                        .iter()
                        .filter(|s| s.group == grp.id)
                        .map(|s| format!("{}:{}", r.id, s.id)),
                );
            }
        }
        if found.is_empty() {
            return Err(Error::data(t(
                Msg::NotFound,
                &[
                    ("what", l(Msg::WhatGroup)),
                    ("query", g),
                    ("hint", "ocop criteria list --regime …"),
                ],
            )));
        }
        sets = Some(match sets {
            Some(prev) => prev.into_iter().filter(|s| found.contains(s)).collect(),
            None => found,
        });
    }
    let rows = registrations::list(
        &conn,
        &registrations::ListFilter {
            year,
            round,
            stage,
            unit_ids,
            sets,
            product_id: None,
            search,
        },
    )?;
    // A terminal is narrow: tables show the columns an official scans; CSV and JSON have all.
    let shown: Vec<usize> = if ctx.machine() {
        (0..COLUMNS.len()).collect()
    } else {
        [
            "code",
            "round",
            "kind",
            "stage",
            "product_name",
            "subject_name",
            "commune_name",
            "product_set",
        ]
        .iter()
        .filter_map(|id| COLUMNS.iter().position(|c| c.id == *id))
        .collect()
    };
    let mut out = Listing::new(&shown.iter().map(|i| COLUMNS[*i]).collect::<Vec<_>>());
    for r in &rows {
        let v = values(r);
        out.push(shown.iter().map(|i| v[*i].clone()).collect());
    }
    ctx.print_listing(&out)
}

fn show(ctx: &Ctx, query: &str) -> Result<()> {
    let conn = ctx.open()?;
    let r = registrations::find(&conn, query)?;
    let rec = record(&r);
    if ctx.machine() {
        return ctx.print_record(&rec);
    }
    ctx.print_record(&rec)?;
    // Its results: a council's in ocop, or imported from a past list with its decision.
    let results = crate::db::scores::results(&conn, r.id)?;
    if !results.is_empty() {
        let mut out = Listing::new(&[
            col("level", Msg::HLevel),
            col("stars", Msg::HStars),
            col("average_total", Msg::HAverage),
            col("outcome", Msg::HOutcome),
            col("source", Msg::HSource),
            col("decision", Msg::HDecision),
            col("set_as_written", Msg::HProductSet),
        ]);
        for x in results {
            let imported = x.imported.clone().unwrap_or_default();
            out.push(vec![
                crate::output::level_value(&x.level),
                i64::from(x.stars).into(),
                x.total.map_or(Value::Null, Value::Points),
                crate::domain::score::Outcome::label(&x.outcome).into(),
                crate::report::source_value(if x.imported.is_some() {
                    "imported"
                } else {
                    "council"
                }),
                match (imported.decision_no, imported.decided_on) {
                    (Some(n), Some(d)) => Some(format!("{n} ({d})")),
                    (n, d) => n.or(d),
                }
                .into(),
                imported.set_as_written.into(),
            ]);
        }
        ctx.print_listing(&out)?;
    }
    // The history of the registration, from the audit log.
    let mut history = Listing::new(&[
        col("at", Msg::HWhen),
        col("operator", Msg::HOperator),
        col("action", Msg::HAction),
        col("details", Msg::HDetails),
    ]);
    for e in audit::for_entity(&conn, "registration", &r.code)? {
        history.push(vec![
            crate::output::coded(e.at.clone(), super::safety::local_time(&e.at)),
            e.operator.into(),
            crate::output::coded(e.action.clone(), super::safety::action_label(&e.action)),
            super::safety::details_value(&e.details),
        ]);
    }
    ctx.print_listing(&history)
}

fn advance(
    ctx: &Ctx,
    query: &str,
    to: Stage,
    reason: Option<String>,
    force: bool,
    at: Option<&str>,
) -> Result<()> {
    // The dossier is checked on the cycle's date: a document valid then is valid for that cycle.
    let at = match at {
        Some(d) => crate::domain::date::parse_date(d)?.to_string(),
        None => crate::domain::date::today().to_string(),
    };
    let mut conn = ctx.open()?;
    let tx = db::write(&mut conn)?;
    let r = registrations::find(&tx, query)?;
    let reason = reason
        .map(|s| crate::text::clean(&s))
        .filter(|s| !s.is_empty());
    if force && reason.is_none() {
        return Err(Error::usage(t(Msg::ForceNeedsReason, &[])));
    }
    // Submitting needs the mandatory dossier, unless forced with a reason the log keeps.
    let store = crate::store::Store::for_db(&ctx.loc.path);
    let (from, code) = ops::advance(
        &tx,
        &ctx.operator,
        r.id,
        to,
        reason.as_deref(),
        force,
        Some((&store, at.as_str())),
    )?;
    let r = registrations::get(&tx, r.id)?
        .ok_or_else(|| Error::data(t(Msg::RecordVanished, &[("what", "registration")])))?;
    tx.commit()?;
    ctx.done(
        &t(
            Msg::StageAdvanced,
            &[("code", &code), ("from", from.label()), ("to", to.label())],
        ),
        &record(&r),
    )
}

/// `registration edit REG --set SET [--regime R]`: a registration without sheets takes another
/// set (of its regime, or of the one named); the old and new values go to the audit log.
fn edit(ctx: &Ctx, query: &str, set: &str, regime: Option<&str>) -> Result<()> {
    let mut conn = ctx.open()?;
    let regimes = crate::rules::regime::Regimes::in_use()?;
    let tx = db::write(&mut conn)?;
    let r = registrations::find(&tx, query)?;
    let sheets = crate::db::scores::sheet_count(&tx, r.id)?;
    if sheets > 0 {
        return Err(Error::data(t(
            Msg::EditAfterSheets,
            &[("code", &r.code), ("count", &sheets.to_string())],
        )));
    }
    let g = regimes.get(regime.unwrap_or(&r.regime))?;
    g.check_in_force_in_year(r.year)?;
    let new_set = g.find_set(set)?.id.clone();
    registrations::set_regime_and_set(&tx, r.id, &g.id, &new_set)?;
    crate::db::audit::record(
        &tx,
        &ctx.operator,
        "edit",
        "registration",
        &r.code,
        &serde_json::json!({ "changes": {
            "regime": [r.regime, g.id],
            "product_set": [r.product_set, new_set],
        } }),
    )?;
    tx.commit()?;
    let mut rec = Record::default();
    rec.add("code", Msg::HCode, r.code.clone());
    rec.add("regime", Msg::HRegime, g.id.clone());
    rec.add("product_set", Msg::HProductSet, new_set.clone());
    ctx.done(
        &t(
            Msg::RegistrationEdited,
            &[("code", &r.code), ("regime", &g.id), ("set", &new_set)],
        ),
        &rec,
    )
}
