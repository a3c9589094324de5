//! `ocop man`: one manual page with every command on it. clap_mangen's page lists subcommands as
//! pages of their own (`ocop-init(1)`), which ocop does not install; the commands are written here
//! in their place, each with its options, in the chosen language.

use std::io::Write;

use clap::Command;
use clap_mangen::roff::{Roff, bold, italic, roman};

pub fn render(mut cmd: Command, w: &mut dyn Write) -> std::io::Result<()> {
    cmd.build();
    let man = clap_mangen::Man::new(cmd.clone());
    man.render_title(w)?;
    man.render_name_section(w)?;
    man.render_synopsis_section(w)?;
    man.render_description_section(w)?;
    man.render_options_section(w)?;
    let mut roff = Roff::new();
    roff.control("SH", ["COMMANDS"]);
    commands(&mut roff, &cmd, "ocop");
    roff.to_writer(w)?;
    man.render_version_section(w)
}

/// Every command somebody types, depth first: its path, what it does, its own options.
fn commands(roff: &mut Roff, cmd: &Command, path: &str) {
    for sub in cmd.get_subcommands().filter(|s| s.get_name() != "help") {
        let p = format!("{path} {}", sub.get_name());
        if sub.has_subcommands() {
            commands(roff, sub, &p);
            continue;
        }
        roff.control("SS", [p.as_str()]);
        if let Some(about) = sub.get_about() {
            roff.text([roman(about.to_string())]);
        }
        for a in sub
            .get_arguments()
            .filter(|a| !a.is_global_set() && !a.is_hide_set())
        {
            let name = match a.get_long() {
                Some(l) => format!("--{l}"),
                None => format!("<{}>", a.get_id().as_str().to_uppercase()),
            };
            let value = a
                .get_value_names()
                .and_then(|v| v.first())
                .filter(|_| a.get_long().is_some() && a.get_action().takes_values())
                .map(|v| format!(" <{v}>"))
                .unwrap_or_default();
            roff.control("TP", []);
            roff.text([bold(name), italic(value)]);
            if let Some(h) = a.get_help() {
                roff.text([roman(h.to_string())]);
            }
        }
    }
}
