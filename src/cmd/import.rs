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
use crate::ops;
use crate::output::Record;

use super::{Ctx, warn};

pub fn run(ctx: &Ctx, cmd: ImportCmd) -> Result<()> {
    match cmd {
        ImportCmd::Registrations(o) => import_registrations(ctx, o),
        ImportCmd::Units { opts, district } => import_units(ctx, opts, district),
        ImportCmd::Scores(o) => import_scores(ctx, o),
        ImportCmd::Documents(o) => import_documents(ctx, o),
    }
}

fn open_source(o: &ImportOpts) -> Result<Box<dyn source::RowSource>> {
    source::open(
        &o.file,
        &SourceOptions {
            sheet: o.sheet.clone(),
            encoding: o.encoding.clone(),
        },
    )
}

fn import_registrations(ctx: &Ctx, o: ImportOpts) -> Result<()> {
    let rejects = rejects_writer(&o)?;
    let mut conn = ctx.open()?;
    let mut src = open_source(&o)?;
    let mut report = Report {
        warnings: Vec::new(),
        errors: Vec::new(),
        rejects,
        progress: progress_bar(&o.file),
    };
    let opts = Options {
        dry_run: o.dry_run,
        skip_invalid: o.skip_invalid,
        header_row: o.header_row,
        limit: o.limit,
    };
    let summary = registrations::import(
        &mut conn,
        &ctx.operator,
        &o.file,
        src.as_mut(),
        &opts,
        &mut report,
    )?;
    drop(report.rejects.take());
    for w in &report.warnings {
        warn(w);
    }
    for e in &report.errors {
        eprintln!("{}", crate::text::printable(e));
    }
    let path = o.file.display().to_string();
    if summary.rejected > 0 && !o.skip_invalid {
        return Err(Error::data(t(
            Msg::ImportFailed,
            &[("path", &path), ("count", &summary.rejected.to_string())],
        )));
    }
    let mut r = Record::default();
    for (id, v) in [
        ("rows", summary.rows),
        ("rejected", summary.rejected),
        ("registrations_added", summary.reg_added),
        ("registrations_updated", summary.reg_updated),
        ("registrations_unchanged", summary.reg_same),
        ("subjects_added", summary.subj_added),
        ("subjects_updated", summary.subj_updated),
        ("products_added", summary.prod_added),
        ("products_updated", summary.prod_updated),
    ] {
        r.add(id, Msg::HTotal, v as i64);
    }
    r.add(
        "written",
        Msg::HStatus,
        if summary.committed { "yes" } else { "no" },
    );
    let n = |v: u64| v.to_string();
    let sentence = if summary.changes() == 0 {
        t(
            Msg::ImportNoChanges,
            &[
                ("path", &path),
                ("rows", &n(summary.rows)),
                ("same", &n(summary.reg_same)),
            ],
        )
    } else {
        t(
            Msg::ImportSummary,
            &[
                ("path", &path),
                ("rows", &n(summary.rows)),
                ("reg_added", &n(summary.reg_added)),
                ("reg_updated", &n(summary.reg_updated)),
                ("reg_same", &n(summary.reg_same)),
                ("subj_added", &n(summary.subj_added)),
                ("subj_updated", &n(summary.subj_updated)),
                ("prod_added", &n(summary.prod_added)),
                ("prod_updated", &n(summary.prod_updated)),
            ],
        )
    };
    ctx.done(&sentence, &r)?;
    if summary.rejected > 0 {
        let count = summary.rejected.to_string();
        match &o.rejects {
            Some(p) => eprintln!(
                "{}",
                t(
                    Msg::ImportRejected,
                    &[("count", &count), ("rejects", &p.display().to_string())]
                )
            ),
            None => eprintln!("{}", t(Msg::ImportRejectedNoFile, &[("count", &count)])),
        }
    }
    if !summary.committed {
        eprintln!("{}", t(Msg::ImportDryRun, &[]));
    }
    // Some rows were left out: the data failed a check, even though the rest went in.
    if summary.rejected > 0 {
        return Err(Error {
            kind: crate::error::Kind::Data,
            message: String::new(),
        });
    }
    Ok(())
}

fn rejects_writer(o: &ImportOpts) -> Result<Option<csv::Writer<Box<dyn Write>>>> {
    if o.rejects.is_some() && !o.skip_invalid {
        return Err(Error::usage(t(Msg::RejectsNeedsSkip, &[])));
    }
    match &o.rejects {
        Some(p) => {
            let mut f = std::fs::File::create(p).map_err(|e| {
                Error::env(t(
                    Msg::FileUnwritable,
                    &[
                        ("path", &p.display().to_string()),
                        ("detail", &e.to_string()),
                    ],
                ))
            })?;
            // A BOM and CRLF, so that the official can open the file in Excel and fix it there.
            f.write_all("\u{feff}".as_bytes())?;
            let w: Box<dyn Write> = Box::new(std::io::BufWriter::new(f));
            Ok(Some(
                csv::WriterBuilder::new()
                    .terminator(csv::Terminator::CRLF)
                    .from_writer(w),
            ))
        }
        None => Ok(None),
    }
}

fn import_documents(ctx: &Ctx, o: ImportOpts) -> Result<()> {
    let mut conn = ctx.open()?;
    let mut src = open_source(&o)?;
    let mut report = Report {
        warnings: Vec::new(),
        errors: Vec::new(),
        rejects: None,
        progress: None,
    };
    let store = crate::store::Store::for_db(&ctx.loc.path);
    let opts = Options {
        dry_run: o.dry_run,
        skip_invalid: o.skip_invalid,
        header_row: o.header_row,
        limit: o.limit,
    };
    let s = crate::import::documents::import(
        &mut conn,
        &ctx.operator,
        &o.file,
        &store,
        src.as_mut(),
        &opts,
        &mut report,
    )?;
    for e in &report.errors {
        eprintln!("{}", crate::text::printable(e));
    }
    let path = o.file.display().to_string();
    if s.rejected > 0 && !o.skip_invalid {
        return Err(Error::data(t(
            Msg::DocumentsFailed,
            &[("path", &path), ("count", &s.rejected.to_string())],
        )));
    }
    let mut r = Record::default();
    r.add("rows", Msg::HTotal, s.rows as i64);
    r.add("added", Msg::HTotal, s.added as i64);
    r.add("rejected", Msg::HTotal, s.rejected as i64);
    ctx.done(
        &t(
            Msg::DocumentsImported,
            &[
                ("path", &path),
                ("rows", &s.rows.to_string()),
                ("added", &s.added.to_string()),
                ("rejected", &s.rejected.to_string()),
            ],
        ),
        &r,
    )?;
    if !s.committed {
        eprintln!("{}", t(Msg::ImportDryRun, &[]));
    }
    if s.rejected > 0 {
        return Err(Error {
            kind: crate::error::Kind::Data,
            message: String::new(),
        });
    }
    Ok(())
}

fn import_scores(ctx: &Ctx, o: ImportOpts) -> Result<()> {
    let rejects = rejects_writer(&o)?;
    let mut conn = ctx.open()?;
    let mut src = open_source(&o)?;
    let mut report = Report {
        warnings: Vec::new(),
        errors: Vec::new(),
        rejects,
        progress: None,
    };
    let s = crate::import::scores::import(
        &mut conn,
        &ctx.operator,
        &o.file,
        src.as_mut(),
        &Options {
            dry_run: o.dry_run,
            skip_invalid: o.skip_invalid,
            header_row: o.header_row,
            limit: o.limit,
        },
        &mut report,
    )?;
    drop(report.rejects.take());
    for w in &report.warnings {
        warn(w);
    }
    for e in &report.errors {
        eprintln!("{}", crate::text::printable(e));
    }
    let path = o.file.display().to_string();
    if s.rejected_sheets > 0 && !o.skip_invalid {
        return Err(Error::data(t(
            Msg::ScoresFailed,
            &[("path", &path), ("count", &s.rejected_sheets.to_string())],
        )));
    }
    let mut r = Record::default();
    r.add("rows", Msg::HTotal, s.rows as i64);
    r.add("sheets", Msg::HTotal, s.sheets as i64);
    r.add("rejected", Msg::HTotal, s.rejected_sheets as i64);
    r.add(
        "written",
        Msg::HStatus,
        if s.committed { "yes" } else { "no" },
    );
    ctx.done(
        &t(
            Msg::ScoresImported,
            &[
                ("path", &path),
                ("rows", &s.rows.to_string()),
                ("sheets", &s.sheets.to_string()),
                ("rejected", &s.rejected_sheets.to_string()),
            ],
        ),
        &r,
    )?;
    if !s.committed {
        eprintln!("{}", t(Msg::ImportDryRun, &[]));
    }
    if s.rejected_sheets > 0 {
        return Err(Error {
            kind: crate::error::Kind::Data,
            message: String::new(),
        });
    }
    Ok(())
}

/// A spinner with the count of rows, on a terminal only, for files over 1 MiB, and never when
/// NO_COLOR is set.
fn progress_bar(file: &Path) -> Option<indicatif::ProgressBar> {
    use std::io::IsTerminal;
    let large = std::fs::metadata(file)
        .map(|m| m.len() > 1 << 20)
        .unwrap_or(false);
    if !large || !std::io::stderr().is_terminal() || std::env::var_os("NO_COLOR").is_some() {
        return None;
    }
    let style = indicatif::ProgressStyle::with_template(&format!(
        "{{spinner}} {{pos}} {} ({{elapsed}})",
        t(Msg::ProgressRows, &[])
    ))
    .ok()?;
    let bar = indicatif::ProgressBar::new_spinner().with_style(style);
    bar.enable_steady_tick(std::time::Duration::from_millis(200));
    Some(bar)
}

fn import_units(ctx: &Ctx, o: ImportOpts, district: Option<String>) -> Result<()> {
    let path: &Path = &o.file;
    let mut src = open_source(&o)?;
    let file = crate::import::units::parse(src.as_mut(), path, district.as_deref(), o.header_row)?;
    file.check(path)?;
    let mut conn = ctx.open()?;
    let tx = db::write(&mut conn)?;
    let (added, updated, same) = ops::load_units(&tx, &file, path)?;
    if added + updated > 0 {
        audit::record(
            &tx,
            &ctx.operator,
            "import",
            "unit",
            "",
            &json!({ "file": path.display().to_string(), "added": added, "updated": updated, "unchanged": same }),
        )?;
    }
    if o.dry_run {
        tx.rollback()?;
    } else {
        tx.commit()?;
    }
    let mut r = Record::default();
    r.add("added", Msg::HTotal, added as i64);
    r.add("updated", Msg::HTotal, updated as i64);
    r.add("unchanged", Msg::HTotal, same as i64);
    ctx.done(
        &t(
            Msg::UnitsImported,
            &[
                ("path", &path.display().to_string()),
                ("added", &added.to_string()),
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
