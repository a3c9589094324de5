//! `ocop criteria list`: the regimes and their product sets.

use crate::cli::CriteriaCmd;
use crate::error::Result;
use crate::i18n::{Msg, l, t};
use crate::output::Value;
use crate::output::{Listing, col};
use crate::rules::criteria::Criterion;
use crate::rules::regime::Regimes;

use super::Ctx;

pub fn run(ctx: &Ctx, cmd: CriteriaCmd) -> Result<()> {
    // The regimes a database holds (imported by a user) join the built-in ones when it is open;
    // `list` and `show` also work without a database, and open one only for that. (`template`
    // and `import` open it themselves, `check` reads a file alone.)
    if ctx.loc.path.exists() && matches!(cmd, CriteriaCmd::List { .. } | CriteriaCmd::Show { .. }) {
        drop(ctx.open()?);
    }
    match cmd {
        CriteriaCmd::List { regime } => list(ctx, regime),
        CriteriaCmd::Show { what, regime } => show(ctx, &what, regime),
        CriteriaCmd::Template {
            what,
            regime,
            level,
            members,
            by_parts,
            out,
        } => template(ctx, &what, regime, level, members, by_parts, out),
        CriteriaCmd::Check { file } => check(&file),
        CriteriaCmd::Import { file } => import(ctx, &file),
    }
}

fn regime_or_today(regime: Option<String>) -> Result<&'static crate::rules::regime::Regime> {
    let regimes = Regimes::in_use()?;
    match regime {
        Some(r) => regimes.get(&r),
        None => regimes.on(crate::domain::date::today()),
    }
}

/// A regime's parts, bands and levels; for a product set, its group and industry too.
fn show(ctx: &Ctx, what: &str, regime: Option<String>) -> Result<()> {
    let regimes = Regimes::in_use()?;
    let (r, set) = match regimes.get(what) {
        Ok(r) => (r, None),
        Err(_) => {
            let r = regime_or_today(regime)?;
            let s = r.find_set(what)?;
            (r, Some(s))
        }
    };
    let mut out = Listing::new(&[col("item", Msg::HField), col("value", Msg::HValue)]);
    let mut push = |k: String, v: String| out.push(vec![k.into(), v.into()]);
    push(
        l(Msg::HRegime).into(),
        format!(
            "{} ({}; {} → {})",
            r.name(),
            r.decision,
            r.in_force_from,
            r.in_force_to.clone().unwrap_or_default()
        ),
    );
    if let Some(s) = set {
        let g = r.group(&s.group);
        push(
            l(Msg::HProductSet).into(),
            format!("{} {} ({})", s.no, s.name(), s.id),
        );
        push(
            l(Msg::HGroup).into(),
            g.map(|g| g.name().to_string()).unwrap_or_default(),
        );
    }
    for p in &r.parts {
        let title = match crate::i18n::lang() {
            crate::i18n::Lang::Vi => &p.vi,
            crate::i18n::Lang::En => &p.en,
        };
        push(
            format!("{} {}", l(Msg::HPart), p.id),
            format!("{title}: 0–{}", p.max),
        );
    }
    let last = r.bands.len().saturating_sub(1);
    for (i, b) in r.bands.iter().enumerate() {
        let close = if i == last { ']' } else { ')' };
        push(
            format!("{}★", b.stars),
            format!("[{}, {}{close}", b.from, b.to),
        );
    }
    for lv in &r.levels {
        // A pre-assessment level: the aspects it assesses, not stars.
        if !lv.assesses.is_empty() {
            let aspects: Vec<String> = lv
                .assesses
                .iter()
                .map(|a| format!("{} ({})", a.id, a.name()))
                .collect();
            push(
                crate::output::level_label(&lv.id),
                format!("{}: {}", l(Msg::HPreassessment), aspects.join("; ")),
            );
            continue;
        }
        let rec: Vec<String> = lv.recognises.iter().map(|s| format!("{s}★")).collect();
        push(
            crate::output::level_label(&lv.id),
            format!(
                "{}{}",
                if rec.is_empty() {
                    "—".into()
                } else {
                    rec.join(", ")
                },
                lv.forwards_at
                    .map(|f| format!("; ≥ {f} →"))
                    .unwrap_or_default()
            ),
        );
    }
    let tree = set.and_then(|s| s.tree());
    match tree {
        // A script asking for a set gets its tree alone: one table per output.
        Some(tree) if ctx.machine() => ctx.print_listing(&tree_listing(tree, false)),
        Some(tree) => {
            ctx.print_listing(&out)?;
            ctx.print_listing(&tree_listing(tree, false))?;
            // 1048's marks are 781's: they bind evaluations from 08/06/2020 only.
            if let (true, Some(from)) = (has_marks(tree), r.marks_from_date) {
                let day = from.strftime("%d/%m/%Y").to_string();
                super::emit(|w| writeln!(w, "{}", t(Msg::MarksFrom, &[("date", &day)])))?;
            }
            Ok(())
        }
        None => {
            ctx.print_listing(&out)?;
            if let Some(s) = set.filter(|_| !ctx.machine()) {
                super::emit(|w| writeln!(w, "{}", l(Msg::ScoredByParts)))?;
                if let Some(why) = s.part_totals_reason(r) {
                    super::emit(|w| {
                        writeln!(w, "{}", t(Msg::ScoredByPartsBecause, &[("why", why)]))
                    })?;
                }
            }
            Ok(())
        }
    }
}

/// Whether a tree marks any criterion or option as mandatory for a star.
fn has_marks(tree: &[Criterion]) -> bool {
    tree.iter()
        .any(|c| c.stars.is_some() || c.choices().any(|o| o.stars.is_some()))
}

/// A criteria tree as the paper sheet lays it out: headings, each criterion with its rules, then
/// its options and their points. As a template, each criterion gets an empty points cell and its
/// options fit in one cell.
fn tree_listing(tree: &[Criterion], template: bool) -> Listing {
    let mut out = if template {
        Listing::new(&[
            col("criterion", Msg::HCriterion),
            col("content", Msg::HContent),
            col("options", Msg::HOptions),
            col("points", Msg::HPointsGiven),
        ])
    } else {
        Listing::new(&[
            col("criterion", Msg::HCriterion),
            col("content", Msg::HContent),
            col("points", Msg::HPoints),
        ])
    };
    for c in tree {
        if template {
            let mut content = c.title().to_string();
            for rule in rules(c) {
                content.push_str(&format!(" — {rule}"));
            }
            let options = if c.is_scored() {
                option_lines(c).join("\n")
            } else {
                String::new()
            };
            out.push(vec![
                c.id.clone().into(),
                content.into(),
                options.into(),
                String::new().into(),
            ]);
            continue;
        }
        let max = if c.is_scored() {
            Value::Int(i64::from(c.max()))
        } else {
            Value::Null
        };
        out.push(vec![c.id.clone().into(), c.title().to_string().into(), max]);
        for rule in rules(c) {
            out.push(vec![Value::Null, format!("  ※ {rule}").into(), Value::Null]);
        }
        for scale in &c.scales {
            out.push(vec![
                Value::Null,
                format!("  {}:", scale.vi).into(),
                Value::Null,
            ]);
            for o in &scale.options {
                out.push(vec![
                    Value::Null,
                    format!("    {}{}", o.vi, mark(o.stars)).into(),
                    i64::from(o.points).into(),
                ]);
            }
        }
        for o in &c.options {
            out.push(vec![
                Value::Null,
                format!("  {}{}", o.vi, mark(o.stars)).into(),
                i64::from(o.points).into(),
            ]);
        }
    }
    out
}

/// "[3] Sử dụng nguyên liệu …", scale by scale.
fn option_lines(c: &Criterion) -> Vec<String> {
    let mut lines = Vec::new();
    for scale in &c.scales {
        lines.push(format!("{}:", scale.vi));
        lines.extend(
            scale
                .options
                .iter()
                .map(|o| format!("  [{}] {}{}", o.points, o.vi, mark(o.stars))),
        );
    }
    lines.extend(
        c.options
            .iter()
            .map(|o| format!("[{}] {}{}", o.points, o.vi, mark(o.stars))),
    );
    lines
}

/// An option's mandatory mark as the paper sheet shows it, with what it means: "  ★★★★
/// (mandatory for 4★)".
fn mark(stars: Option<u8>) -> String {
    match stars {
        Some(s) => format!(
            "  {} ({})",
            "★".repeat(usize::from(s)),
            t(Msg::MandatoryFor, &[("stars", &s.to_string())])
        ),
        None => String::new(),
    }
}

/// The note and the rules of a criterion, worded for the member.
fn rules(c: &Criterion) -> Vec<String> {
    let mut out = Vec::new();
    if let Some(n) = &c.note {
        out.push(n.clone());
    }
    // The rules in the program's own words where the note does not say them already.
    if let (Some(e), None) = (&c.eliminated_if, &c.note) {
        out.push(format!("{}: {e}", l(Msg::RuleEliminates)));
    }
    if let (Some(s), None) = (&c.stop_if, &c.note) {
        out.push(format!("{}: {s}", l(Msg::RuleStops)));
    }
    if c.stop_at_zero && c.note.is_none() {
        out.push(l(Msg::RuleStopsAtZero).to_string());
    }
    if let (Some(a), None) = (&c.applies_if, &c.note) {
        out.push(format!("{}: {a}", l(Msg::RuleAppliesIf)));
    }
    if let Some(s) = c.stars {
        out.push(t(Msg::MandatoryCriterion, &[("stars", &s.to_string())]));
    }
    out
}

/// One criterion for the prompt of `score enter`: title, note and rules, then its options.
pub fn describe_criterion(c: &Criterion) -> String {
    let mut s = format!("\n{} {}", c.id, c.title());
    for r in rules(c) {
        s.push_str(&format!("\n   {r}"));
    }
    for line in option_lines(c) {
        s.push_str(&format!("\n   {line}"));
    }
    s
}

/// The wide form of `import scores`: registration, level, member, one column per part.
fn template(
    ctx: &Ctx,
    what: &str,
    regime: Option<String>,
    level: Option<String>,
    members: u32,
    by_parts: bool,
    out: Option<std::path::PathBuf>,
) -> Result<()> {
    // A registration code names its regime; anything else is a product set of --regime. The
    // database is opened first, so that the regimes it holds are in use.
    let found = ctx
        .open()
        .and_then(|c| crate::db::registrations::find(&c, what));
    let regimes = Regimes::in_use()?;
    let (code, r, set, reg) = match found {
        Ok(reg) => {
            let r = regimes.get(&reg.regime)?;
            (reg.code.clone(), r, r.set(&reg.product_set), Some(reg))
        }
        Err(_) => {
            let r = regime_or_today(regime)?;
            let s = r.find_set(what)?;
            (String::new(), r, Some(s), None)
        }
    };
    if let Some(tree) = set.and_then(|s| s.tree()).filter(|_| !by_parts) {
        ctx.write_listing(&tree_listing(tree, true), out.as_deref(), "sheet", None)?;
        // On the side (the template itself may be on standard output): from when 1048's marks
        // bind, and whether they bind this registration at all.
        if let (true, Some(from)) = (has_marks(tree), r.marks_from_date) {
            let day = from.strftime("%d/%m/%Y").to_string();
            eprintln!("{}", t(Msg::MarksFrom, &[("date", &day)]));
            if let Some(reg) = &reg {
                let conn = ctx.open()?;
                let on = crate::ops::scoring::marks_day(
                    &conn,
                    reg,
                    level.as_deref().unwrap_or_default(),
                    None,
                )?;
                if !r.marks_bind_on(on) {
                    super::warn(&t(
                        Msg::MarksNotBinding,
                        &[("code", &reg.code), ("date", &day)],
                    ));
                }
            }
        }
        return Ok(());
    }
    let level = match level {
        Some(lv) => crate::ops::scoring::check_level(r, &lv)?.to_string(),
        None => String::new(),
    };
    let mut columns = vec![
        col("registration", Msg::HCode),
        col("level", Msg::HLevel),
        col("member", Msg::HMember),
    ];
    for p in &r.parts {
        columns.push(col(
            match p.id.as_str() {
                "A" => "A",
                "B" => "B",
                _ => "C",
            },
            match p.id.as_str() {
                "A" => Msg::HPartA,
                "B" => Msg::HPartB,
                _ => Msg::HPartC,
            },
        ));
    }
    let mut listing = Listing::new(&columns);
    for _ in 0..members.max(1) {
        let mut row: Vec<crate::output::Value> = vec![
            code.clone().into(),
            level.clone().into(),
            String::new().into(),
        ];
        row.extend(
            r.parts
                .iter()
                .map(|_| crate::output::Value::Text(String::new())),
        );
        listing.push(row);
    }
    ctx.write_listing(&listing, out.as_deref(), "scores", None)
}

/// Loads a user's regime file with the same checks as the built-in ones.
fn check(file: &std::path::Path) -> Result<()> {
    let text = crate::import::read_text(file)?;
    let r = crate::rules::regime::Regime::load(&file.display().to_string(), &text)?;
    println!(
        "{}",
        crate::i18n::t(
            Msg::RegimeFileOk,
            &[
                ("path", &file.display().to_string()),
                ("id", &r.id),
                ("parts", &r.parts.len().to_string()),
                ("bands", &r.bands.len().to_string()),
                ("levels", &r.levels.len().to_string()),
                ("sets", &r.sets.len().to_string()),
                (
                    "trees",
                    &r.sets
                        .iter()
                        .filter(|s| s.tree().is_some())
                        .count()
                        .to_string(),
                ),
            ],
        )
    );
    Ok(())
}

/// Checks a user's regime file and keeps it in the database: from now on it is one of the
/// regimes (or replaces the built-in one of the same id) for every command on this database.
/// Sheets already scored keep the text they were scored under.
fn import(ctx: &Ctx, file: &std::path::Path) -> Result<()> {
    let text = crate::import::read_text(file)?;
    let name = file.file_name().map_or_else(
        || file.display().to_string(),
        |n| n.to_string_lossy().to_string(),
    );
    let r = crate::rules::regime::Regime::load(&name, &text)?;
    let replaces = Regimes::is_builtin_id(&r.id);
    let mut conn = ctx.open()?;
    let tx = crate::db::write(&mut conn)?;
    let sha = crate::db::scores::save_user_regime(&tx, &r.id, &name, &text)?;
    crate::db::audit::record(
        &tx,
        &ctx.operator,
        "import",
        "regime",
        &r.id,
        &serde_json::json!({ "file": name, "sha256": sha, "replaces": replaces }),
    )?;
    tx.commit()?;
    let with_tree = r.sets.iter().filter(|s| s.tree().is_some()).count();
    let mut rec = crate::output::Record::default();
    rec.add("id", Msg::HId, r.id.clone());
    rec.add("file", Msg::HFile, name.clone());
    rec.add("product_sets", Msg::HProductSet, r.sets.len() as i64);
    ctx.done(
        &crate::i18n::t(
            if replaces {
                Msg::RegimeImportedReplaces
            } else {
                Msg::RegimeImported
            },
            &[
                ("id", &r.id),
                ("path", &name),
                ("sets", &r.sets.len().to_string()),
                ("trees", &with_tree.to_string()),
            ],
        ),
        &rec,
    )
}

fn list(ctx: &Ctx, regime: Option<String>) -> Result<()> {
    let regimes = Regimes::in_use()?;
    match regime {
        None => {
            let mut out = Listing::new(&[
                col("id", Msg::HId),
                col("name", Msg::HName),
                col("valid_from", Msg::HValidFrom),
                col("valid_to", Msg::HValidTo),
                col("product_sets", Msg::HProductSet),
                col("with_criteria", Msg::HWithCriteria),
                col("source", Msg::HSource),
            ]);
            for r in &regimes.all {
                out.push(vec![
                    r.id.clone().into(),
                    r.name().to_string().into(),
                    r.in_force_from.clone().into(),
                    r.in_force_to.clone().into(),
                    (r.sets.len() as i64).into(),
                    (r.sets.iter().filter(|s| s.tree().is_some()).count() as i64).into(),
                    regimes
                        .origin(&r.id)
                        .map_or_else(|| l(Msg::BuiltIn).to_string(), str::to_string)
                        .into(),
                ]);
            }
            ctx.print_listing(&out)
        }
        Some(id) => {
            let r = regimes.get(&id)?;
            let mut out = Listing::new(&[
                col("no", Msg::HId),
                col("id", Msg::HCode),
                col("name", Msg::HProductSet),
                col("group", Msg::HGroup),
                col("industry", Msg::HIndustry),
            ]);
            for s in &r.sets {
                let g = r.group(&s.group);
                let ind = g.and_then(|g| r.industries.iter().find(|i| i.id == g.industry));
                let (g, ind) = {
                    (
                        crate::output::coded(
                            s.group.clone(),
                            g.map(|g| g.name().to_string()).unwrap_or_default(),
                        ),
                        crate::output::coded(
                            g.map(|g| g.industry.clone()).unwrap_or_default(),
                            ind.map(|i| match crate::i18n::lang() {
                                crate::i18n::Lang::Vi => i.vi.clone(),
                                crate::i18n::Lang::En => i.en.clone(),
                            })
                            .unwrap_or_default(),
                        ),
                    )
                };
                out.push(vec![
                    i64::from(s.no).into(),
                    s.id.clone().into(),
                    s.name().to_string().into(),
                    g,
                    ind,
                ]);
            }
            ctx.print_listing(&out)
        }
    }
}
