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

#[path = "support/reference_148.rs"]
mod reference_148;

/// The 148 trees match the transcription of the 26 sheets: 21 set by set, 5 by part totals
/// (their transcription does not add up), the same trees under 148-1489. The script
/// `cargo run --example check_criteria_148` prints the same lines.
#[test]
fn qd148_trees_match_the_reference() {
    let folder =
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/reference/criteria-148");
    if !folder.exists() {
        eprintln!("skipped: {} is not here", folder.display());
        return;
    }
    let reports = reference_148::check(&folder).unwrap();
    let text: Vec<String> = reports.iter().map(reference_148::describe).collect();
    assert!(reports.iter().all(|r| r.ok()), "{}", text.join("\n"));
    assert_eq!(reports.len(), 26, "{}", text.join("\n"));
    let by_parts: Vec<u32> = reports
        .iter()
        .filter(|r| r.part_totals.is_some())
        .map(|r| r.set_no)
        .collect();
    assert_eq!(by_parts, [7, 11, 12, 13, 26], "{}", text.join("\n"));
    let marks: usize = reports.iter().map(|r| r.marks).sum();
    assert!(marks > 500, "the mandatory marks are read: {marks}");
}
