//! The command line's help in the user's language. clap's own texts (the doc comments of
//! `cli/mod.rs`) are the English; the Vietnamese of every command, argument and heading sits in
//! `help-vi.toml` beside this file, keyed by the command's path ("import results", "import
//! results --year", "register <PRODUCT>"), and replaces the English at start-up. A test fails when
//! a command or an argument has no Vietnamese.

use std::collections::HashMap;

use clap::{Arg, ArgAction, Command};

use crate::i18n::{Lang, Msg, l, lang, t};

const HELP_VI: &str = include_str!("help-vi.toml");

/// The Vietnamese texts by key.
pub fn vi_texts() -> &'static HashMap<String, String> {
    static MAP: std::sync::OnceLock<HashMap<String, String>> = std::sync::OnceLock::new();
    MAP.get_or_init(|| toml::from_str(HELP_VI).unwrap_or_default())
}

/// The key of an argument of the command at `path`: `--long`, else `<VALUE_NAME>` of a positional.
pub fn arg_key(path: &str, a: &Arg) -> String {
    let name = match a.get_long() {
        Some(long) => format!("--{long}"),
        None => format!(
            "<{}>",
            a.get_value_names()
                .and_then(|v| v.first().map(|s| s.to_string()))
                .unwrap_or_else(|| a.get_id().to_string().to_uppercase())
        ),
    };
    if path.is_empty() {
        name
    } else {
        format!("{path} {name}")
    }
}

/// Every key the command line needs, with its English text: for the test and the translator.
pub fn keys(cmd: &Command) -> Vec<(String, String)> {
    let mut out = Vec::new();
    walk(cmd, "", &mut out);
    out
}

fn walk(cmd: &Command, path: &str, out: &mut Vec<(String, String)>) {
    out.push((
        if path.is_empty() {
            "ocop".to_string()
        } else {
            path.to_string()
        },
        cmd.get_about().map(|s| s.to_string()).unwrap_or_default(),
    ));
    for a in cmd.get_arguments() {
        // Global arguments are described once, at the top.
        if a.is_global_set() && !path.is_empty() {
            continue;
        }
        if matches!(a.get_id().as_str(), "help" | "version") {
            continue;
        }
        out.push((
            arg_key(path, a),
            a.get_help().map(|s| s.to_string()).unwrap_or_default(),
        ));
    }
    for sub in cmd.get_subcommands() {
        if sub.get_name() == "help" {
            continue;
        }
        let p = if path.is_empty() {
            sub.get_name().to_string()
        } else {
            format!("{path} {}", sub.get_name())
        };
        walk(sub, &p, out);
    }
}

/// The command line in the chosen language, global options under their own heading.
pub fn localized(cmd: Command) -> Command {
    let vi = lang() == Lang::Vi;
    let texts = vi_texts();
    let mut cmd = apply(cmd, "", vi, texts);
    // clap's own `help` subcommands exist once the command is built.
    cmd.build();
    help_subcommands(cmd)
}

fn help_subcommands(mut cmd: Command) -> Command {
    let names: Vec<String> = cmd
        .get_subcommands()
        .map(|s| s.get_name().to_string())
        .collect();
    for name in names {
        cmd = if name == "help" {
            cmd.mut_subcommand("help", |h| h.about(l(Msg::HelpSubcommand)))
        } else {
            cmd.mut_subcommand(name.as_str(), help_subcommands)
        };
    }
    cmd
}

fn apply(mut cmd: Command, path: &str, vi: bool, texts: &HashMap<String, String>) -> Command {
    let key = if path.is_empty() { "ocop" } else { path };
    if vi && let Some(t) = texts.get(key) {
        cmd = cmd.about(t.clone());
    }
    if vi && let Some(after) = cmd.get_after_help().map(|s| s.to_string()) {
        cmd = cmd.after_help(vi_after_help(&after, path.is_empty()));
    }
    let ids: Vec<(String, String, bool)> = cmd
        .get_arguments()
        .map(|a| (a.get_id().to_string(), arg_key(path, a), a.is_global_set()))
        .collect();
    for (id, k, global) in ids {
        if matches!(id.as_str(), "help" | "version") {
            continue;
        }
        let text = if vi {
            texts
                .get(&k)
                .or_else(|| {
                    // A global argument's text is kept once, at the top.
                    let top = k.rsplit(' ').next().unwrap_or(&k);
                    global.then(|| texts.get(top)).flatten()
                })
                .cloned()
        } else {
            None
        };
        cmd = cmd.mut_arg(id.as_str(), |a| {
            let mut a = match &text {
                Some(t) => a.help(t.clone()),
                None => a,
            };
            // clap's own words about values, said in Vietnamese with the text.
            if vi {
                let mut extra = String::new();
                let values: Vec<String> = a
                    .get_possible_values()
                    .iter()
                    .filter(|v| !v.is_hide_set())
                    .map(|v| v.get_name().to_string())
                    .collect();
                if !values.is_empty() && a.get_action().takes_values() {
                    extra.push_str(&format!(" [giá trị: {}]", values.join(", ")));
                    a = a.hide_possible_values(true);
                }
                let defaults: Vec<String> = a
                    .get_default_values()
                    .iter()
                    .map(|v| v.to_string_lossy().into_owned())
                    .collect();
                if !defaults.is_empty() && a.get_action().takes_values() {
                    extra.push_str(&format!(" [mặc định: {}]", defaults.join(", ")));
                    a = a.hide_default_value(true);
                }
                if !extra.is_empty() {
                    let help = a.get_help().map(|h| h.to_string()).unwrap_or_default();
                    a = a.help(format!("{help}{extra}"));
                }
            }
            if global {
                a.help_heading(l(Msg::HelpGlobalOptions))
            } else if a.get_help_heading().is_none() {
                let heading = if a.is_positional() {
                    Msg::HelpArguments
                } else {
                    Msg::HelpOptions
                };
                a.help_heading(l(heading))
            } else {
                a
            }
        });
    }
    // clap's own flags and headings: help (and version) once, at the top, for every command.
    cmd = cmd
        .disable_help_flag(true)
        .subcommand_help_heading(l(Msg::HelpCommands))
        .next_help_heading(l(Msg::HelpOptions));
    if path.is_empty() {
        cmd = cmd
            .disable_version_flag(true)
            .arg(
                Arg::new("help")
                    .short('h')
                    .long("help")
                    .action(ArgAction::Help)
                    .help(l(Msg::HelpPrintHelp))
                    .global(true)
                    .help_heading(l(Msg::HelpGlobalOptions)),
            )
            .arg(
                Arg::new("version")
                    .short('V')
                    .long("version")
                    .action(ArgAction::Version)
                    .help(l(Msg::HelpPrintVersion))
                    .help_heading(l(Msg::HelpGlobalOptions)),
            );
    }
    if vi {
        cmd = cmd
            .help_template("{about-with-newline}\nCách dùng: {usage}\n\n{all-args}{after-help}\n");
    }
    let subs: Vec<String> = cmd
        .get_subcommands()
        .map(|s| s.get_name().to_string())
        .filter(|n| n != "help")
        .collect();
    for name in subs {
        let p = if path.is_empty() {
            name.clone()
        } else {
            format!("{path} {name}")
        };
        cmd = cmd.mut_subcommand(name.as_str(), |s| apply(s, &p, vi, texts));
    }
    cmd
}

/// The after-help in Vietnamese: the examples stay commands; their headings and the top level's
/// notes are translated.
fn vi_after_help(after: &str, top: bool) -> String {
    let mut s = after
        .replace("Examples:", "Ví dụ:")
        .replace("Example:", "Ví dụ:")
        .replace(
            "With `log`, the global --by NAME filters the entries by operator.",
            "Với `log`, tùy chọn chung --by TÊN lọc các mục theo người thực hiện.",
        );
    if top {
        s = s
            .replace(
                "run a whole cycle on the bundled Thọ Xuân 2019 sample",
                "chạy cả chu kỳ trên dữ liệu mẫu Thọ Xuân 2019",
            )
            .replace("Environment: OCOP_DB (database path), OCOP_LANG (vi|en), OCOP_USER (operator in the audit log),\nNO_COLOR.",
                "Biến môi trường: OCOP_DB (đường dẫn tệp dữ liệu), OCOP_LANG (vi|en), OCOP_USER (người thực hiện\nghi trong nhật ký), NO_COLOR.")
            .replace("Exit codes: 0 success, 1 data failed a check, 2 usage error, 3 environment error.",
                "Mã thoát: 0 thành công, 1 dữ liệu không qua kiểm tra, 2 dùng lệnh sai, 3 lỗi môi trường.");
    }
    s
}

/// The command a parse ran (`ocop rank`), when it has no argument `id`; None when it has one.
pub fn leaf_without(cmd: &Command, m: &clap::ArgMatches, id: &str) -> Option<String> {
    let mut cmd = cmd;
    let mut m = m;
    let mut path = String::from("ocop");
    while let Some((name, sub)) = m.subcommand() {
        cmd = cmd.find_subcommand(name)?;
        m = sub;
        path.push(' ');
        path.push_str(name);
    }
    if cmd.get_arguments().any(|a| a.get_id() == id) {
        None
    } else {
        Some(path)
    }
}

/// A usage error in the chosen language: clap's message for English; for Vietnamese, the kinds
/// an official meets (an unknown or missing argument, a wrong value, an unknown command) from the
/// catalogue, with clap's suggestion and the usage line.
pub fn usage_error(e: &clap::Error) -> String {
    use clap::error::{ContextKind, ContextValue, ErrorKind};
    if lang() == Lang::En {
        return e.render().to_string();
    }
    let ctx = |k: ContextKind| -> String {
        match e.get(k) {
            Some(ContextValue::String(s)) => s.clone(),
            Some(ContextValue::Strings(v)) => v.join(", "),
            Some(ContextValue::StyledStr(s)) => s.to_string(),
            Some(ContextValue::StyledStrs(v)) => v
                .iter()
                .map(|s| s.to_string())
                .collect::<Vec<_>>()
                .join(", "),
            Some(ContextValue::Number(n)) => n.to_string(),
            _ => String::new(),
        }
    };
    let arg = ctx(ContextKind::InvalidArg);
    let main = match e.kind() {
        ErrorKind::UnknownArgument => t(Msg::UsageErrorUnknownArg, &[("arg", &arg)]),
        ErrorKind::InvalidSubcommand => t(
            Msg::UsageErrorUnknownCommand,
            &[("arg", &ctx(ContextKind::InvalidSubcommand))],
        ),
        ErrorKind::MissingRequiredArgument => t(Msg::UsageErrorMissing, &[("args", &arg)]),
        // An option given without its value: clap says "invalid value ''".
        ErrorKind::InvalidValue if ctx(ContextKind::InvalidValue).is_empty() => {
            t(Msg::UsageErrorValueMissing, &[("arg", &arg)])
        }
        ErrorKind::InvalidValue | ErrorKind::ValueValidation => t(
            Msg::UsageErrorInvalidValue,
            &[("value", &ctx(ContextKind::InvalidValue)), ("arg", &arg)],
        ),
        ErrorKind::NoEquals | ErrorKind::TooFewValues => {
            t(Msg::UsageErrorValueMissing, &[("arg", &arg)])
        }
        ErrorKind::ArgumentConflict if ctx(ContextKind::PriorArg) == arg => {
            t(Msg::UsageErrorTwice, &[("arg", &arg)])
        }
        ErrorKind::ArgumentConflict => t(
            Msg::UsageErrorConflict,
            &[("arg", &arg), ("other", &ctx(ContextKind::PriorArg))],
        ),
        // A command group without its command: its help, as in English, already in Vietnamese.
        ErrorKind::MissingSubcommand | ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand => {
            return e.render().to_string();
        }
        _ => return e.render().to_string(),
    };
    let mut out = format!("ocop: {main}\n");
    let suggested = ctx(ContextKind::SuggestedArg);
    let suggested = if suggested.is_empty() {
        ctx(ContextKind::SuggestedSubcommand)
    } else {
        suggested
    };
    if !suggested.is_empty() {
        out.push_str(&format!(
            "  {}\n",
            t(
                Msg::UsageErrorTip,
                &[("suggestion", &format!("'{suggested}'"))]
            )
        ));
    }
    let possible = ctx(ContextKind::ValidValue);
    if !possible.is_empty() {
        out.push_str(&format!(
            "  {}\n",
            t(Msg::UsageErrorPossible, &[("values", &possible)])
        ));
    }
    let usage = ctx(ContextKind::Usage);
    if !usage.is_empty() {
        out.push_str(&format!(
            "\n{}\n",
            usage.replacen("Usage:", "Cách dùng:", 1)
        ));
    }
    out.push_str(&format!("\n{}\n", l(Msg::UsageErrorMore)));
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::CommandFactory;

    #[test]
    fn every_command_and_argument_has_its_vietnamese_and_no_text_is_left_over() {
        let keys = keys(&crate::cli::Cli::command());
        let texts = vi_texts();
        let missing: Vec<&String> = keys
            .iter()
            .map(|(k, _)| k)
            .filter(|k| texts.get(*k).is_none_or(|t| t.trim().is_empty()))
            .collect();
        assert!(
            missing.is_empty(),
            "no Vietnamese for {missing:?} (cargo run --example help_catalogue)"
        );
        let known: std::collections::HashSet<&String> = keys.iter().map(|(k, _)| k).collect();
        let orphans: Vec<&String> = texts.keys().filter(|k| !known.contains(k)).collect();
        assert!(
            orphans.is_empty(),
            "help-vi.toml keys of nothing: {orphans:?}"
        );
        let no_english: Vec<&String> = keys
            .iter()
            .filter(|(_, en)| en.trim().is_empty())
            .map(|(k, _)| k)
            .collect();
        assert!(no_english.is_empty(), "no description: {no_english:?}");
    }
}
