//! One module per command group: the thin layer that reads arguments, calls the domain and the
//! store, and prints. `run` dispatches.

pub mod criteria;
pub mod demo;
pub mod dossier;
pub mod export;
pub mod import;
pub mod init;
pub mod man;
pub mod product;
pub mod registration;
pub mod report;
pub mod safety;
pub mod score;
pub mod subject;
pub mod unit;

use std::io::{self, Write};

use rusqlite::Connection;

use crate::cli::{Cli, Command};
use crate::db::{self, Location};
use crate::error::Result;
use crate::i18n::{Msg, t};
use crate::output::{Format, Listing, Record, Style};

/// What every command needs: where the database is, how to print, and who is acting.
pub struct Ctx {
    pub loc: Location,
    /// Further databases given with more `--db`: a province reporting over its districts' files.
    pub more_dbs: Vec<std::path::PathBuf>,
    pub style: Style,
    pub operator: String,
}

impl Ctx {
    pub fn open(&self) -> Result<Connection> {
        db::open(&self.loc)
    }

    /// Whether the user asked for data (CSV or JSON) rather than sentences.
    pub fn machine(&self) -> bool {
        self.style.format != Format::Table
    }

    pub fn print_listing(&self, listing: &Listing) -> Result<()> {
        if self.style.format == Format::Xlsx {
            return Err(crate::error::Error::usage(t(Msg::XlsxNeedsOut, &[])));
        }
        emit(|w| listing.write(self.style, w))
    }

    pub fn print_record(&self, record: &Record) -> Result<()> {
        emit(|w| record.write(self.style, w))
    }

    /// To the screen, or to `out` in the chosen format (xlsx only to a file; a report's workbook
    /// print-ready, with its title block and charts, when `print` is given).
    pub fn write_listing(
        &self,
        listing: &Listing,
        out: Option<&std::path::Path>,
        sheet: &str,
        print: Option<&crate::report::workbook::Printed>,
    ) -> Result<()> {
        let unwritable = |p: &std::path::Path, e: &dyn std::fmt::Display| {
            crate::error::Error::env(t(
                Msg::FileUnwritable,
                &[
                    ("path", &p.display().to_string()),
                    ("detail", &e.to_string()),
                ],
            ))
        };
        let Some(p) = out else {
            return self.print_listing(listing);
        };
        let mut file = crate::files::Output::create(p)?;
        if self.style.format == Format::Xlsx {
            let bytes = match print {
                Some(pr) => crate::report::workbook::workbook(
                    listing,
                    sheet,
                    self.style.labels,
                    &pr.title,
                    &pr.charts,
                ),
                None => listing.xlsx_bytes(sheet, self.style.labels),
            }
            .map_err(|e| unwritable(p, &e))?;
            file.write_all(&bytes).map_err(|e| unwritable(p, &e))?;
        } else {
            // A file gets CSV unless JSON was asked for.
            let style = Style {
                format: if self.style.format == Format::Json {
                    Format::Json
                } else {
                    Format::Csv
                },
                ..self.style
            };
            listing
                .write(style, &mut file)
                .map_err(|e| unwritable(p, &e))?;
        }
        file.commit()?;
        eprintln!(
            "{}",
            t(
                Msg::ExportWritten,
                &[
                    ("rows", &listing.rows.len().to_string()),
                    ("path", &p.display().to_string())
                ]
            )
        );
        Ok(())
    }

    /// A confirmation for people; scripts asking for CSV or JSON get the record instead.
    pub fn done(&self, sentence: &str, record: &Record) -> Result<()> {
        if self.machine() {
            self.print_record(record)
        } else {
            emit(|w| writeln!(w, "{sentence}"))
        }
    }
}

/// Writes to stdout; a closed pipe (`ocop … | head`) ends the output quietly.
pub fn emit(f: impl FnOnce(&mut dyn Write) -> io::Result<()>) -> Result<()> {
    let stdout = io::stdout();
    let mut lock = stdout.lock();
    match f(&mut lock).and_then(|_| lock.flush()) {
        Err(e) if e.kind() == io::ErrorKind::BrokenPipe => Ok(()),
        r => Ok(r?),
    }
}

pub fn warn(message: &str) {
    eprintln!(
        "{}",
        crate::text::printable(&t(Msg::Warning, &[("message", message)]))
    );
}

pub fn run(cli: Cli, ctx: &Ctx) -> Result<()> {
    let by = cli.global.by.clone();
    if !ctx.more_dbs.is_empty() && !matches!(cli.command, Command::Report(_)) {
        return Err(crate::error::Error::usage(t(
            Msg::SeveralDbsReportsOnly,
            &[],
        )));
    }
    match cli.command {
        Command::Init(a) => init::run(ctx, a),
        Command::Demo(a) => demo::run(ctx, a),
        Command::Unit(c) => unit::run(ctx, c),
        Command::Subject(c) => subject::run(ctx, c),
        Command::Product(c) => product::run(ctx, c),
        Command::Register(a) => registration::register(ctx, a),
        Command::Registration(c) => registration::run(ctx, c),
        Command::Criteria(c) => criteria::run(ctx, c),
        Command::Dossier(c) => dossier::run(ctx, c),
        Command::Score(c) => score::run(ctx, c),
        Command::Rank {
            year,
            level,
            round,
            date,
            at,
        } => score::rank(
            ctx,
            &year,
            &level,
            round.as_deref(),
            [date.as_deref(), at.as_deref()],
        ),
        Command::Recognise {
            registration,
            decision,
            date,
            level,
        } => score::recognise(ctx, &registration, &decision, &date, level.as_deref()),
        Command::Certificate(c) => score::certificates(ctx, c),
        Command::Report(c) => report::run(ctx, c),
        Command::Backup { file, force } => safety::backup(ctx, &file, force),
        Command::Restore { file, to, force } => safety::restore(ctx, &file, to.as_deref(), force),
        Command::Doctor { fix, anchor } => safety::doctor(ctx, fix, anchor.as_deref()),
        Command::Log {
            entity,
            since,
            head,
        } => {
            if head {
                safety::log_head(ctx)
            } else {
                safety::log(ctx, entity, since, by)
            }
        }
        Command::Completions { shell } => {
            use clap::CommandFactory;
            let mut cmd = crate::cli::help::localized(Cli::command());
            // Into memory first: clap_complete panics on a closed pipe; `emit` does not.
            let mut buf = Vec::new();
            clap_complete::generate(shell, &mut cmd, "ocop", &mut buf);
            emit(|w| w.write_all(&buf))
        }
        Command::Man => {
            use clap::CommandFactory;
            emit(|w| man::render(crate::cli::help::localized(Cli::command()), w))
        }
        Command::Import(c) => import::run(ctx, c),
        Command::Export(c) => export::run(ctx, c),
    }
}
