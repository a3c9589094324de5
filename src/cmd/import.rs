//! `ocop import registrations|units FILE`.

use std::io::Write;
use std::path::Path;

use serde_json::json;

use crate::cli::{ImportCmd, ImportOpts};
use crate::db::{self, audit};
use crate::error::{Error, Result};
use crate::i18n::{Msg, t};
use crate::import::registrations::{self, Options, Report};
use crate::import::source::{self, SourceOptions};
use crate::import::units::Area;
use crate::ops;
use crate::output::Record;

use super::{Ctx, warn};

pub fn run(ctx: &Ctx, cmd: ImportCmd) -> Result<()> {
    match cmd {
        ImportCmd::Registrations(o) => import_registrations(ctx, o),
        ImportCmd::Results { opts, list } => import_results(ctx, opts, list),
        ImportCmd::Units { opts, units } => import_units(ctx, opts, units),
        ImportCmd::Scores(o) => import_scores(ctx, o),
        ImportCmd::Documents(o) => import_documents(ctx, o),
    }
}

/// The import options of the command line.
fn options(o: &ImportOpts) -> Options {
    Options {
        dry_run: o.dry_run,
        skip_invalid: o.skip_invalid,
        header_row: o.read.header_row,
        limit: o.limit,
        update_producers: o.update_producers,
    }
}

/// Opens a spreadsheet as the reading options say.
pub fn open_read(file: &Path, r: &crate::cli::ReadOpts) -> Result<Box<dyn source::RowSource>> {
    source::open(
        file,
        &SourceOptions {
            sheet: r.sheet.clone(),
            encoding: r.encoding.clone(),
        },
    )
}

fn open_source(o: &ImportOpts) -> Result<Box<dyn source::RowSource>> {
    open_read(&o.file, &o.read)
}

/// What a row-by-row import starts from: the rejects writer checked first (before anything is
/// opened), the database, the file, and the report (with a progress bar when `progress`).
fn begin(
    ctx: &Ctx,
    o: &ImportOpts,
    progress: bool,
) -> Result<(rusqlite::Connection, Box<dyn source::RowSource>, Report)> {
    let rejects = rejects_writer(o)?;
    let conn = ctx.open()?;
    let src = open_source(o)?;
    let bar = if progress {
        progress_bar(&o.file)
    } else {
        None
    };
    Ok((conn, src, Report::new(rejects, bar)))
}

/// A record of counts, for scripts asking for CSV or JSON.
fn counts<const N: usize>(pairs: [(&'static str, u64); N]) -> Record {
    let mut r = Record::default();
    for (id, v) in pairs {
        r.add(id, Msg::HTotal, v as i64);
    }
    r
}

fn import_registrations(ctx: &Ctx, o: ImportOpts) -> Result<()> {
    let (mut conn, mut src, mut report) = begin(ctx, &o, true)?;
    let opts = options(&o);
    let s = registrations::import(
        &mut conn,
        &ctx.operator,
        &o.file,
        src.as_mut(),
        &opts,
        &mut report,
    )?;
    let path = o.file.display().to_string();
    let n = |v: u64| v.to_string();
    let r = counts([
        ("rows", s.rows),
        ("rejected", s.rejected),
        ("registrations_added", s.reg_added),
        ("registrations_updated", s.reg_updated),
        ("registrations_unchanged", s.reg_same),
        ("subjects_added", s.subj_added),
        ("subjects_updated", s.subj_updated),
        ("products_added", s.prod_added),
        ("products_updated", s.prod_updated),
    ]);
    let sentence = if s.changes() == 0 {
        t(
            Msg::ImportNoChanges,
            &[
                ("path", &path),
                ("rows", &n(s.rows)),
                ("same", &n(s.reg_same)),
            ],
        )
    } else {
        t(
            Msg::ImportSummary,
            &[
                ("path", &path),
                ("rows", &n(s.rows)),
                ("reg_added", &n(s.reg_added)),
                ("reg_updated", &n(s.reg_updated)),
                ("reg_same", &n(s.reg_same)),
                ("subj_added", &n(s.subj_added)),
                ("subj_updated", &n(s.subj_updated)),
                ("prod_added", &n(s.prod_added)),
                ("prod_updated", &n(s.prod_updated)),
            ],
        )
    };
    conclude(
        ctx,
        &mut report,
        Outcome::of_rows(&o, s.rejected, s.committed, sentence, r),
    )
}

fn import_results(ctx: &Ctx, o: ImportOpts, list: crate::cli::ResultListArgs) -> Result<()> {
    use crate::import::results;
    let defaults = results::ListDefaults {
        year: list
            .year
            .as_deref()
            .map(crate::domain::date::parse_year)
            .transpose()?,
        decision: list
            .decision
            .map(|d| d.trim().to_string())
            .filter(|d| !d.is_empty()),
        decided_on: list
            .decided_on
            .as_deref()
            .map(|d| crate::domain::date::parse_date(d).map(|d| d.to_string()))
            .transpose()?,
    };
    let (mut conn, mut src, mut report) = begin(ctx, &o, true)?;
    let opts = results::Options {
        import: options(&o),
        defaults,
    };
    let s = results::import(
        &mut conn,
        &ctx.operator,
        &o.file,
        src.as_mut(),
        &opts,
        &mut report,
    )?;
    let path = o.file.display().to_string();
    let n = |v: u64| v.to_string();
    let r = counts([
        ("rows", s.rows),
        ("rejected", s.rejected),
        ("results_added", s.results_added),
        ("results_unchanged", s.results_same),
        ("certificates_added", s.certificates_added),
        ("registrations_added", s.reg.reg_added),
        ("subjects_added", s.reg.subj_added),
        ("subjects_updated", s.reg.subj_updated),
        ("products_added", s.reg.prod_added),
        ("sets_kept_as_written", s.unknown_sets),
    ]);
    let sentence = t(
        Msg::ImportResultsSummary,
        &[
            ("path", &path),
            ("rows", &n(s.rows)),
            ("results", &n(s.results_added)),
            ("certificates", &n(s.certificates_added)),
            ("same", &n(s.results_same)),
            ("reg_added", &n(s.reg.reg_added)),
            ("subj_added", &n(s.reg.subj_added)),
            ("prod_added", &n(s.reg.prod_added)),
        ],
    );
    conclude(
        ctx,
        &mut report,
        Outcome::of_rows(&o, s.rejected, s.committed, sentence, r),
    )
}

impl Outcome {
    /// The end of a row-by-row import (registrations, results): all or nothing unless
    /// --skip-invalid, the rows left out named with where they went.
    fn of_rows(
        o: &ImportOpts,
        rejected: u64,
        committed: bool,
        sentence: String,
        record: Record,
    ) -> Self {
        Outcome {
            skip_invalid: o.skip_invalid,
            rejected,
            failed: t(
                Msg::ImportFailed,
                &[
                    ("path", &o.file.display().to_string()),
                    ("count", &rejected.to_string()),
                ],
            ),
            sentence,
            record,
            committed,
            rejected_note: Some(rejected_note(o, rejected)),
        }
    }
}

/// What the user is told of the rows left out: where they went, or how to keep them.
fn rejected_note(o: &ImportOpts, count: u64) -> String {
    match &o.rejects {
        Some(p) => t(
            Msg::ImportRejected,
            &[
                ("count", &count.to_string()),
                ("rejects", &p.display().to_string()),
            ],
        ),
        None => t(Msg::ImportRejectedNoFile, &[("count", &count.to_string())]),
    }
}

/// How an import ended, for [`conclude`].
struct Outcome {
    skip_invalid: bool,
    rejected: u64,
    /// The error when rows failed without --skip-invalid: nothing was written.
    failed: String,
    sentence: String,
    record: Record,
    committed: bool,
    /// Said on stderr when rows were left out with --skip-invalid.
    rejected_note: Option<String>,
}

/// The end of every import: warnings and row errors on stderr; exit 1 with `failed` when rows
/// failed without --skip-invalid; else the summary (a record for scripts), a word on a dry run,
/// and exit 1 when rows were left out, since the data failed a check even though the rest went in.
fn conclude(ctx: &Ctx, report: &mut Report, o: Outcome) -> Result<()> {
    drop(report.rejects.take());
    for w in &report.warnings {
        warn(w);
    }
    for e in &report.errors {
        eprintln!("{}", crate::text::printable(e));
    }
    if report.warnings_not_kept > 0 {
        eprintln!(
            "{}",
            t(
                Msg::MoreWarnings,
                &[("count", &report.warnings_not_kept.to_string())]
            )
        );
    }
    if report.errors_not_kept > 0 {
        eprintln!(
            "{}",
            t(
                Msg::MoreErrors,
                &[("count", &report.errors_not_kept.to_string())]
            )
        );
    }
    if o.rejected > 0 && !o.skip_invalid {
        return Err(Error::data(o.failed));
    }
    let mut record = o.record;
    record.add("written", Msg::HStatus, crate::output::yes_no(o.committed));
    ctx.done(&o.sentence, &record)?;
    if let (true, Some(note)) = (o.rejected > 0, &o.rejected_note) {
        eprintln!("{note}");
    }
    if !o.committed {
        eprintln!("{}", t(Msg::ImportDryRun, &[]));
    }
    if o.rejected > 0 {
        return Err(Error {
            kind: crate::error::Kind::Data,
            message: String::new(),
        });
    }
    Ok(())
}

fn rejects_writer(o: &ImportOpts) -> Result<Option<csv::Writer<crate::files::Output>>> {
    if o.rejects.is_some() && !o.skip_invalid {
        return Err(Error::usage(t(Msg::RejectsNeedsSkip, &[])));
    }
    match &o.rejects {
        Some(p) => {
            // Never the input, the database or the store: checked before anything is opened.
            crate::files::protect(&o.file);
            let mut f = crate::files::Output::create(p)?;
            // A BOM and CRLF, so that the official can open the file in Excel and fix it there.
            f.write_all("\u{feff}".as_bytes())?;
            Ok(Some(
                csv::WriterBuilder::new()
                    .terminator(csv::Terminator::CRLF)
                    // A row may carry cells beyond the header: they are kept after the error.
                    .flexible(true)
                    .from_writer(f),
            ))
        }
        None => Ok(None),
    }
}

fn import_documents(ctx: &Ctx, o: ImportOpts) -> Result<()> {
    // A manifest's rows name files beside it: a rejected row is corrected in the manifest itself.
    if o.rejects.is_some() {
        return Err(Error::usage(t(Msg::DocumentsNoRejects, &[])));
    }
    let mut conn = ctx.open()?;
    let mut src = open_source(&o)?;
    let mut report = Report::new(None, None);
    let store = crate::store::Store::for_db(&ctx.loc.path);
    let opts = options(&o);
    let s = crate::import::documents::import(
        &mut conn,
        &ctx.operator,
        &o.file,
        &store,
        src.as_mut(),
        &opts,
        &mut report,
    )?;
    let path = o.file.display().to_string();
    let mut record = Record::default();
    record.add("rows", Msg::HTotal, s.rows as i64);
    record.add("added", Msg::HTotal, s.added as i64);
    record.add("rejected", Msg::HTotal, s.rejected as i64);
    let sentence = t(
        Msg::DocumentsImported,
        &[
            ("path", &path),
            ("rows", &s.rows.to_string()),
            ("added", &s.added.to_string()),
            ("rejected", &s.rejected.to_string()),
        ],
    );
    let failed = t(
        Msg::DocumentsFailed,
        &[("path", &path), ("count", &s.rejected.to_string())],
    );
    let outcome = Outcome {
        skip_invalid: o.skip_invalid,
        rejected: s.rejected,
        failed,
        sentence,
        record,
        committed: s.committed,
        rejected_note: None,
    };
    conclude(ctx, &mut report, outcome)
}

fn import_scores(ctx: &Ctx, o: ImportOpts) -> Result<()> {
    let (mut conn, mut src, mut report) = begin(ctx, &o, false)?;
    let opts = options(&o);
    let s = crate::import::scores::import(
        &mut conn,
        &ctx.operator,
        &o.file,
        src.as_mut(),
        &opts,
        &mut report,
    )?;
    let path = o.file.display().to_string();
    let record = counts([
        ("rows", s.rows),
        ("sheets", s.sheets),
        ("rejected", s.rejected_sheets),
    ]);
    let sentence = t(
        Msg::ScoresImported,
        &[
            ("path", &path),
            ("rows", &s.rows.to_string()),
            ("sheets", &s.sheets.to_string()),
            ("rejected", &s.rejected_sheets.to_string()),
        ],
    );
    let failed = t(
        Msg::ScoresFailed,
        &[("path", &path), ("count", &s.rejected_sheets.to_string())],
    );
    let outcome = Outcome {
        skip_invalid: o.skip_invalid,
        rejected: s.rejected_sheets,
        failed,
        sentence,
        record,
        committed: s.committed,
        rejected_note: None,
    };
    conclude(ctx, &mut report, outcome)
}

/// Progress on a terminal only, for files over 1 MiB, and never when NO_COLOR is set: for a CSV
/// the rows counted first (its lines, one quick pass) with a bar and the percentage; for a
/// workbook, whose rows are known only once read, a spinner with the count.
fn progress_bar(file: &Path) -> Option<indicatif::ProgressBar> {
    use std::io::IsTerminal;
    let large = std::fs::metadata(file)
        .map(|m| m.len() > 1 << 20)
        .unwrap_or(false);
    if !large || !std::io::stderr().is_terminal() || std::env::var_os("NO_COLOR").is_some() {
        return None;
    }
    let csv = file
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("csv") || e.eq_ignore_ascii_case("txt"));
    let bar = match csv.then(|| count_lines(file)).flatten() {
        Some(lines) => {
            let style = indicatif::ProgressStyle::with_template(&format!(
                "{{bar:30}} {{pos}}/{{len}} {} ({{percent}}%, {{elapsed}})",
                t(Msg::ProgressRows, &[])
            ))
            .ok()?;
            // The header is a line too.
            indicatif::ProgressBar::new(lines.saturating_sub(1)).with_style(style)
        }
        None => {
            let style = indicatif::ProgressStyle::with_template(&format!(
                "{{spinner}} {{pos}} {} ({{elapsed}})",
                t(Msg::ProgressRows, &[])
            ))
            .ok()?;
            indicatif::ProgressBar::new_spinner().with_style(style)
        }
    };
    bar.enable_steady_tick(std::time::Duration::from_millis(200));
    Some(bar)
}

/// The lines of a text file, read in blocks (memory stays flat): the rows of a CSV, give or take
/// a cell with a line break inside.
fn count_lines(file: &Path) -> Option<u64> {
    use std::io::Read;
    let mut f = std::fs::File::open(file).ok()?;
    let mut buf = vec![0u8; 1 << 16];
    let mut lines = 0u64;
    loop {
        let n = f.read(&mut buf).ok()?;
        if n == 0 {
            break;
        }
        lines += buf[..n].iter().filter(|b| **b == b'\n').count() as u64;
    }
    Some(lines)
}

pub fn import_units(
    ctx: &Ctx,
    o: crate::cli::UnitImportOpts,
    u: crate::cli::UnitFileArgs,
) -> Result<()> {
    let path: &Path = &o.file;
    let from = u
        .from
        .as_deref()
        .map(crate::domain::date::parse_date)
        .transpose()?
        .map(|d| d.to_string());
    let successors = match &u.successors {
        Some(f) => ops::read_successors(f)?,
        None => Default::default(),
    };
    let mut conn = ctx.open()?;
    // The install keeps the units of its area only (docs/units.md): a file's other rows are left.
    let two_level = {
        let mut src = open_read(path, &o.read)?;
        crate::import::units::parse(src.as_mut(), path, Area::All, o.read.header_row)?.two_level
    };
    let area_codes = ops::area_communes(&conn, two_level, from.as_deref(), &successors, path)?;
    let home = ops::home_district(&conn)?;
    let province = db::meta_get(&conn, "province_code")?;
    let area = match (&u.district, &area_codes, &home, &province) {
        (Some(d), _, _, _) => Area::District(d),
        (None, Some(codes), _, _) => Area::Communes(codes),
        (None, None, Some(d), _) => Area::District(d),
        (None, None, None, Some(p)) => Area::Province(p),
        (None, None, None, None) => Area::All,
    };
    let mut src = open_read(path, &o.read)?;
    let file = crate::import::units::parse(src.as_mut(), path, area, o.read.header_row)?;
    file.check(path)?;
    let tx = db::write(&mut conn)?;
    let load = ops::load_units(
        &tx,
        &file,
        path,
        &ops::UnitLoadOptions {
            from: from.clone(),
            successors,
        },
    )?;
    // A district install through the reform now lies in its province: say so for what follows.
    if file.two_level
        && let [(code, name)] = file.provinces.iter().collect::<Vec<_>>().as_slice()
    {
        db::meta_set(&tx, "province_code", code)?;
        db::meta_set(&tx, "province_name", name)?;
    }
    let (added, updated, same) = (load.added, load.updated, load.same);
    let versioned = load.versioned.len() as u64;
    let closed = load.closed.len() as u64;
    if added + updated + versioned + closed > 0 {
        audit::record(
            &tx,
            &ctx.operator,
            "import",
            "unit",
            "",
            &json!({ "file": path.display().to_string(), "from": from, "added": added, "updated": updated,
                     "unchanged": same, "new_versions": load.versioned, "closed": load.closed }),
        )?;
    }
    if o.dry_run {
        tx.rollback()?;
    } else {
        tx.commit()?;
    }
    let on = from.clone().unwrap_or_default();
    if !load.versioned.is_empty() {
        warn(&t(
            Msg::UnitsVersioned,
            &[
                ("count", &versioned.to_string()),
                ("from", &on),
                ("units", &load.versioned.join(", ")),
            ],
        ));
    }
    if !load.closed.is_empty() {
        warn(&t(
            Msg::UnitsClosed,
            &[
                ("count", &closed.to_string()),
                ("from", &on),
                ("units", &load.closed.join(", ")),
            ],
        ));
    }
    if !load.missing.is_empty() {
        warn(&t(
            Msg::UnitsMissing,
            &[
                ("count", &load.missing.len().to_string()),
                ("path", &path.display().to_string()),
                ("units", &load.missing.join(", ")),
            ],
        ));
    }
    let mut r = Record::default();
    r.add("added", Msg::HTotal, added as i64);
    r.add("new_versions", Msg::HTotal, versioned as i64);
    r.add("closed", Msg::HTotal, closed as i64);
    r.add("updated", Msg::HTotal, updated as i64);
    r.add("unchanged", Msg::HTotal, same as i64);
    ctx.done(
        &t(
            Msg::UnitsImported,
            &[
                ("path", &path.display().to_string()),
                ("added", &added.to_string()),
                ("versions", &versioned.to_string()),
                ("closed", &closed.to_string()),
                ("updated", &updated.to_string()),
                ("same", &same.to_string()),
            ],
        ),
        &r,
    )?;
    if o.dry_run {
        eprintln!("{}", t(Msg::ImportDryRun, &[]));
    }
    Ok(())
}
