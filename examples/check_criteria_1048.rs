//! Checks the built-in 1048 criteria trees against the reference transcription, set by set.
//!
//!     cargo run --example check_criteria_1048 [-- PATH/criteria-1048.csv]
//!
//! The default path is ../shared/reference/criteria-1048.csv. Exit 0 when every set matches (or
//! is a gap of the reference, scored by part totals), 1 otherwise.

#[path = "../tests/support/reference_1048.rs"]
mod reference_1048;

fn main() {
    let path = std::env::args().nth(1).map_or_else(
        || {
            std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
                .join("../shared/reference/criteria-1048.csv")
        },
        std::path::PathBuf::from,
    );
    let reports = match reference_1048::check(&path) {
        Ok(r) => r,
        Err(e) => {
            eprintln!("{e}");
            std::process::exit(3);
        }
    };
    for r in &reports {
        println!("{}", reference_1048::describe(r));
    }
    let bad = reports.iter().filter(|r| !r.ok()).count();
    println!("{} sets compared; {} differ", reports.len(), bad);
    std::process::exit(i32::from(bad > 0));
}
