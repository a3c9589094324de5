//! The built-in 1048 criteria trees match the reference transcription for every set it covers.
//! Runs when ../shared is present; skips with a message otherwise.

#[path = "support/reference_1048.rs"]
mod reference_1048;

#[test]
fn qd1048_trees_match_the_reference() {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../shared/reference/criteria-1048.csv");
    if !path.exists() {
        eprintln!("skipped: {} is not here", path.display());
        return;
    }
    let reports = reference_1048::check(&path).unwrap();
    let text: Vec<String> = reports.iter().map(reference_1048::describe).collect();
    assert!(reports.iter().all(|r| r.ok()), "{}", text.join("\n"));
    assert_eq!(reports.len(), 26, "{}", text.join("\n"));
    let matched = reports
        .iter()
        .filter(|r| r.criteria > 0 && r.sums.iter().map(|x| x.1).sum::<u32>() == 100)
        .count();
    assert_eq!(matched, 22, "{}", text.join("\n"));
}
