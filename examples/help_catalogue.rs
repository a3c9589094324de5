//! Prints the command line's help texts that have no Vietnamese yet in src/cli/help-vi.toml, as
//! TOML lines to translate (`cargo run --example help_catalogue`); with `--all`, every text.

use clap::CommandFactory;

fn main() {
    let all = std::env::args().any(|a| a == "--all");
    let texts = ocop::cli::help::vi_texts();
    for (key, en) in ocop::cli::help::keys(&ocop::cli::Cli::command()) {
        if all || !texts.contains_key(&key) {
            println!("# {en}");
            println!("{:?} = \"\"", key);
        }
    }
}
