//! Parses the command line, runs the command, prints the error and maps it to an exit code.

use std::process::ExitCode;
use std::time::Duration;

use clap::{CommandFactory, FromArgMatches};

use ocop::cli::Cli;
use ocop::cmd::{self, Ctx};
use ocop::db::Location;
use ocop::i18n::{Lang, set_lang};
use ocop::output::Style;

fn main() -> ExitCode {
    // The language must be known before clap reports a usage error, so read it first.
    let args: Vec<String> = std::env::args().collect();
    let flag = args
        .iter()
        .position(|a| a == "--lang")
        .and_then(|i| args.get(i + 1).cloned())
        .or_else(|| {
            args.iter()
                .find_map(|a| a.strip_prefix("--lang=").map(str::to_string))
        });
    set_lang(Lang::select(
        flag.as_deref(),
        std::env::var("OCOP_LANG").ok().as_deref(),
        std::env::var("LANG").ok().as_deref(),
    ));

    // A language ocop does not speak is a usage error, not English in silence.
    if let Some(f) = &flag
        && !matches!(f.trim().to_ascii_lowercase().get(..2), Some("vi" | "en"))
    {
        eprintln!(
            "ocop: {}",
            ocop::i18n::t(ocop::i18n::Msg::LangUnknown, &[("value", f)])
        );
        return ExitCode::from(2);
    }
    let matches = ocop::cli::help::localized(Cli::command()).try_get_matches_from(&args);
    // A workbook is written only to a file: refused before anything runs (a `rank` would
    // otherwise record its results and then fail to print them).
    if let Ok(m) = &matches
        && matches!(
            m.get_one::<ocop::output::Format>("format"),
            Some(ocop::output::Format::Xlsx)
        )
        && let Some(path) = ocop::cli::help::leaf_without(&Cli::command(), m, "out")
    {
        eprintln!(
            "ocop: {}",
            ocop::i18n::t(ocop::i18n::Msg::XlsxNoOut, &[("command", &path)])
        );
        return ExitCode::from(2);
    }
    let cli = match matches.and_then(|m| Cli::from_arg_matches(&m)) {
        Ok(cli) => cli,
        Err(e) => {
            // Help and version are not errors; clap prints them and says which.
            if e.use_stderr() {
                eprint!("{}", ocop::cli::help::usage_error(&e));
            } else {
                let _ = e.print();
            }
            return ExitCode::from(if e.use_stderr() { 2 } else { 0 });
        }
    };
    let path = cli
        .global
        .db
        .first()
        .cloned()
        .or_else(|| {
            std::env::var_os("OCOP_DB")
                .filter(|v| !v.is_empty())
                .map(Into::into)
        })
        .unwrap_or_else(|| "ocop.db".into());
    let wait = if cli.global.wait.is_finite() && cli.global.wait >= 0.0 {
        Duration::from_secs_f64(cli.global.wait.min(86_400.0))
    } else {
        Duration::from_secs(30)
    };
    let operator = cli
        .global
        .by
        .clone()
        .or_else(|| std::env::var("OCOP_USER").ok())
        .or_else(|| std::env::var("USER").ok())
        .or_else(|| std::env::var("LOGNAME").ok())
        .or_else(|| std::env::var("USERNAME").ok())
        .filter(|s| !s.trim().is_empty())
        .map(|s| ocop::text::clean(&s))
        .unwrap_or_else(|| "unknown".into());
    // The demo builds its own database in --dir; a --db would be silently ignored.
    if !cli.global.db.is_empty() && matches!(cli.command, ocop::cli::Command::Demo(_)) {
        eprintln!("ocop: {}", ocop::i18n::t(ocop::i18n::Msg::DemoNoDb, &[]));
        return ExitCode::from(2);
    }
    let more_dbs: Vec<std::path::PathBuf> = cli.global.db.iter().skip(1).cloned().collect();
    // No output of this command may land on a database, its companions or its dossier store.
    ocop::files::protect_db(&path);
    for p in &more_dbs {
        ocop::files::protect_db(p);
    }
    ocop::db::set_writer(
        &operator,
        &args.iter().skip(1).cloned().collect::<Vec<_>>().join(" "),
    );
    let ctx = Ctx {
        loc: Location { path, wait },
        more_dbs,
        style: Style {
            format: cli.global.format,
            excel: cli.global.excel,
            labels: cli.global.labels,
        },
        operator,
    };
    match cmd::run(cli, &ctx) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            // An empty message: the command already reported what went wrong.
            if !e.message.is_empty() {
                eprintln!("ocop: {}", ocop::text::printable(&e.message));
            }
            ExitCode::from(e.kind.exit_code())
        }
    }
}
