//! Compares the built-in `qd148` criteria trees (used by `qd148-1489` too) with the reference
//! transcription of the 26 score sheets of Decision 148/QĐ-TTg in
//! ../shared/reference/criteria-148/ (read at check time, never copied in).
//!
//! Shared by the test `tests/criteria_reference.rs` and the script
//! `cargo run --example check_criteria_148`. The reference's rows are read on their own terms
//! (a part, a section, a criterion "a)", a sub-criterion "- …", an option "□ …" with its points and
//! its star mark): every scored criterion of the reference must be a scored criterion of the tree,
//! in the same order, with the same title, options, points and marks; a set whose best options do
//! not add up to A 40 / B 25 / C 35 must have no tree (scored by part totals), with the reason.

use std::path::Path;

use ocop::rules::criteria::Criterion;
use ocop::rules::regime::Regimes;
use ocop::text::fold;

/// A scored criterion as the reference gives it.
#[derive(Debug, Default)]
struct RefCriterion {
    part: String,
    title: String,
    note: String,
    stars: Option<u8>,
    /// (points, text, star mark)
    options: Vec<(u32, String, Option<u8>)>,
    declared: u32,
}

/// What the comparison found for one set.
pub struct SetReport {
    pub set_no: u32,
    pub name: String,
    pub set_id: Option<String>,
    pub criteria: usize,
    pub options: usize,
    pub marks: usize,
    /// The reference's part sums by best option, e.g. A 40, B 25, C 34.
    pub sums: Vec<(String, u32)>,
    /// Why the set is scored by part totals, when it is.
    pub part_totals: Option<String>,
    /// How the reading repaired the transcription (a letter typed for a digit, a declared 0).
    pub repairs: Vec<String>,
    pub differences: Vec<String>,
}

impl SetReport {
    pub fn ok(&self) -> bool {
        self.differences.is_empty()
    }
}

/// The title without its checkbox, its star marks and its "a)" or "- " label; first line only.
fn bare(title: &str) -> String {
    let first = title
        .lines()
        .map(str::trim)
        .find(|l| !l.is_empty())
        .unwrap_or("");
    let t = first.trim_start_matches('□').trim();
    let t = t.trim_end_matches('*').trim();
    let t = t.strip_prefix("- ").unwrap_or(t);
    // "a) Title" and "a ) Title" alike.
    let mut chars = t.chars();
    match chars.next() {
        Some(c) if c.is_alphabetic() && chars.as_str().trim_start().starts_with(')') => {
            chars.as_str().trim_start()[1..].trim().to_string()
        }
        _ => t.to_string(),
    }
}

fn read_sheet(path: &Path, repairs: &mut Vec<String>) -> Result<Vec<RefCriterion>, String> {
    let mut rdr = csv::Reader::from_path(path).map_err(|e| format!("{}: {e}", path.display()))?;
    let mut out: Vec<RefCriterion> = Vec::new();
    let mut part = String::new();
    // The last heading or criterion row: options attach to it.
    let mut pending: Option<RefCriterion> = None;
    let mut section_title = String::new();
    let mut rows: Vec<csv::StringRecord> = Vec::new();
    for r in rdr.records() {
        rows.push(r.map_err(|e| format!("{}: {e}", path.display()))?);
    }
    for (i, row) in rows.iter().enumerate() {
        let line = i + 2;
        let get = |k: usize| row.get(k).unwrap_or("").trim().to_string();
        let (title, desc, level, stars, score) = (get(0), get(1), get(2), get(3), get(4));
        let stars: Option<u8> = stars.parse().ok();
        if level == "3" {
            let points = match score.parse::<f64>() {
                Ok(p) => p as u32,
                Err(_) => {
                    // A letter typed for a digit: 1 where the neighbours' points say so.
                    let prev = pending.as_ref().and_then(|c| c.options.last()).map(|o| o.0);
                    let next = rows
                        .get(i + 1)
                        .filter(|r| r.get(2) == Some("3"))
                        .and_then(|r| r.get(4))
                        .and_then(|s| s.trim().parse::<f64>().ok());
                    if prev.is_none_or(|p| p < 1) && next.is_none_or(|n| n > 1.0) {
                        repairs.push(format!(
                            "{}:{line}: points `{score}` read as 1",
                            path.display()
                        ));
                        1
                    } else {
                        return Err(format!("{}:{line}: points `{score}`", path.display()));
                    }
                }
            };
            let c = pending.as_mut().ok_or_else(|| {
                format!("{}:{line}: an option outside a criterion", path.display())
            })?;
            let extra: Vec<&str> = title.lines().skip(1).map(str::trim).collect();
            if !extra.is_empty() {
                c.note = format!("{} {}", c.note, extra.join(" ")).trim().to_string();
            }
            c.options.push((points, bare(&title), stars));
            continue;
        }
        if let Some(c) = pending.take().filter(|c| !c.options.is_empty()) {
            out.push(c);
        }
        match level.as_str() {
            "0" => {
                part = title
                    .split_whitespace()
                    .nth(1)
                    .unwrap_or("")
                    .trim_end_matches([':', '.'])
                    .to_string();
            }
            "1" | "2" => {
                let mut t = bare(&title);
                if level == "1" {
                    t = t
                        .trim_start_matches(|c: char| c.is_ascii_digit() || c == '.')
                        .trim()
                        .to_string();
                    section_title = t.clone();
                } else if t.is_empty() {
                    // "a)" alone: the section's only criterion, named by the section.
                    t = section_title.clone();
                }
                let more: Vec<&str> = title.lines().skip(1).map(str::trim).collect();
                pending = Some(RefCriterion {
                    part: part.clone(),
                    title: t,
                    note: format!("{} {}", more.join(" "), desc).trim().to_string(),
                    stars,
                    options: Vec::new(),
                    declared: score.parse::<f64>().map(|x| x as u32).unwrap_or(0),
                });
            }
            other => return Err(format!("{}:{line}: level `{other}`", path.display())),
        }
    }
    if let Some(c) = pending.take().filter(|c| !c.options.is_empty()) {
        out.push(c);
    }
    Ok(out)
}

/// Compares every set of the reference folder with the built-in qd148 trees.
pub fn check(folder: &Path) -> Result<Vec<SetReport>, String> {
    let regimes = Regimes::in_use().map_err(|e| e.message)?;
    let regime = regimes.get("qd148").map_err(|e| e.message)?;
    let later = regimes.get("qd148-1489").map_err(|e| e.message)?;
    let list = folder.join("sets.csv");
    let mut rdr = csv::Reader::from_path(&list).map_err(|e| format!("{}: {e}", list.display()))?;
    let mut reports = Vec::new();
    for row in rdr.records() {
        let row = row.map_err(|e| format!("{}: {e}", list.display()))?;
        let no: u32 = row
            .get(0)
            .unwrap_or("")
            .parse()
            .map_err(|_| "sets.csv: set_no")?;
        let file = row.get(1).unwrap_or("").to_string();
        let name = row.get(2).unwrap_or("").to_string();
        let mut repairs = Vec::new();
        let reference = read_sheet(&folder.join(&file), &mut repairs)?;
        let mut sums: Vec<(String, u32)> = Vec::new();
        for c in &reference {
            let best = c.options.iter().map(|o| o.0).max().unwrap_or(0);
            if c.declared == 0 && best > 0 {
                repairs.push(format!(
                    "{}: maximum declared 0, best option {best} taken",
                    c.title
                ));
            }
            match sums.iter_mut().find(|(p, _)| *p == c.part) {
                Some(s) => s.1 += best,
                None => sums.push((c.part.clone(), best)),
            }
        }
        let whole = sums == [("A".into(), 40), ("B".into(), 25), ("C".into(), 35)];
        let set = regime.sets.iter().find(|s| fold(&s.vi) == fold(&name));
        let mut report = SetReport {
            set_no: no,
            name: name.clone(),
            set_id: set.map(|s| s.id.clone()),
            criteria: reference.len(),
            options: reference.iter().map(|c| c.options.len()).sum(),
            marks: reference
                .iter()
                .map(|c| {
                    usize::from(c.stars.is_some())
                        + c.options.iter().filter(|o| o.2.is_some()).count()
                })
                .sum(),
            sums,
            part_totals: None,
            repairs,
            differences: Vec::new(),
        };
        let Some(set) = set else {
            report
                .differences
                .push(format!("no set of qd148 is named `{name}`"));
            reports.push(report);
            continue;
        };
        if set.no != no {
            report
                .differences
                .push(format!("numbered {} here, {no} in the annex", set.no));
        }
        let later_tree = later
            .set(&set.id)
            .and_then(|s| s.tree())
            .map(<[Criterion]>::len);
        if later_tree != set.tree().map(<[Criterion]>::len) {
            report
                .differences
                .push("qd148-1489 does not score it with the same tree".into());
        }
        if !whole {
            report.part_totals = Some(format!(
                "the best options add up to {}, not A 40 / B 25 / C 35",
                report
                    .sums
                    .iter()
                    .map(|(p, s)| format!("{p} {s}"))
                    .collect::<Vec<_>>()
                    .join(" / ")
            ));
            if set.tree().is_some() {
                report
                    .differences
                    .push("has a tree, but the reference does not add up".into());
            }
            reports.push(report);
            continue;
        }
        let Some(tree) = set.tree() else {
            report
                .differences
                .push("no tree, but the reference adds up".into());
            reports.push(report);
            continue;
        };
        let scored: Vec<&Criterion> = tree.iter().filter(|c| c.is_scored()).collect();
        if scored.len() != reference.len() {
            report.differences.push(format!(
                "{} scored criteria here, {} in the reference",
                scored.len(),
                reference.len()
            ));
        }
        for (ours, theirs) in scored.iter().zip(&reference) {
            let at = &ours.id;
            if ours.part() != theirs.part {
                report
                    .differences
                    .push(format!("{at}: part {} in the reference", theirs.part));
            }
            if fold(&ours.vi) != fold(&theirs.title) {
                report.differences.push(format!(
                    "{at}: title `{}`, reference `{}`",
                    ours.vi, theirs.title
                ));
            }
            if ours.stars != theirs.stars {
                report.differences.push(format!(
                    "{at}: mark {:?}, reference {:?}",
                    ours.stars, theirs.stars
                ));
            }
            let options: Vec<(u32, String, Option<u8>)> = ours
                .options
                .iter()
                .map(|o| (o.points, o.vi.clone(), o.stars))
                .collect();
            if options.len() != theirs.options.len() {
                report.differences.push(format!(
                    "{at}: {} options, reference {}",
                    options.len(),
                    theirs.options.len()
                ));
            }
            for (k, (a, b)) in options.iter().zip(&theirs.options).enumerate() {
                if a.0 != b.0 || fold(&a.1) != fold(&b.1) || a.2 != b.2 {
                    report.differences.push(format!(
                        "{at} option {}: {} `{}` {:?}, reference {} `{}` {:?}",
                        k + 1,
                        a.0,
                        a.1,
                        a.2,
                        b.0,
                        b.1,
                        b.2
                    ));
                }
            }
            // A note that eliminates, stops or makes the criterion conditional has its rule.
            let note = fold(&format!("{} {}", theirs.note, theirs.title));
            let rules = [
                ("bi loai", ours.eliminated_if.is_some(), "eliminated_if"),
                (
                    "khong danh gia cac buoc tiep theo",
                    ours.stop_if.is_some(),
                    "stop_if",
                ),
                (
                    "chi ap dung khi co cau chuyen",
                    ours.applies_if.is_some(),
                    "applies_if",
                ),
            ];
            for (words, has, key) in rules {
                if note.contains(words) && !has {
                    report.differences.push(format!(
                        "{at}: the note says `{words}` but {key} is missing"
                    ));
                }
            }
        }
        reports.push(report);
    }
    Ok(reports)
}

/// One line per set: MATCHES, PART TOTALS with the reason, or DIFFERS with the differences.
pub fn describe(r: &SetReport) -> String {
    let status = if !r.ok() {
        "DIFFERS".to_string()
    } else if let Some(why) = &r.part_totals {
        format!("PART TOTALS: {why}")
    } else {
        "MATCHES".to_string()
    };
    let mut line = format!(
        "set {:>2} {:<58} {status}: {} criteria, {} options, {} mandatory marks",
        r.set_no,
        r.set_id.as_deref().unwrap_or(&r.name),
        r.criteria,
        r.options,
        r.marks
    );
    for x in &r.repairs {
        line.push_str(&format!("\n    repaired: {x}"));
    }
    for d in &r.differences {
        line.push_str(&format!("\n    {d}"));
    }
    line
}
