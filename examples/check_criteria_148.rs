//! Checks the built-in 148 criteria trees (used by qd148 and qd148-1489) against the reference
//! transcription of the decision's 26 score sheets, set by set.
//!
//!     cargo run --example check_criteria_148 [-- PATH/criteria-148]
//!
//! The default folder is ../shared/reference/criteria-148. One line per set: MATCHES, PART
//! TOTALS with the reason (the transcription does not add up to A 40 / B 25 / C 35), or DIFFERS
//! with the differences. Exit 0 when no set differs, 1 otherwise, 3 when the folder is unreadable.

#[path = "../tests/support/reference_148.rs"]
mod reference_148;

fn main() {
    let folder = std::env::args().nth(1).map_or_else(
        || {
            std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
                .join("../shared/reference/criteria-148")
        },
        std::path::PathBuf::from,
    );
    let reports = match reference_148::check(&folder) {
        Ok(r) => r,
        Err(e) => {
            eprintln!("{e}");
            std::process::exit(3);
        }
    };
    for r in &reports {
        println!("{}", reference_148::describe(r));
    }
    let bad = reports.iter().filter(|r| !r.ok()).count();
    let parts = reports.iter().filter(|r| r.part_totals.is_some()).count();
    println!(
        "{} sets compared; {} match, {} by part totals, {} differ",
        reports.len(),
        reports.len() - bad - parts,
        parts,
        bad
    );
    std::process::exit(i32::from(bad > 0));
}
