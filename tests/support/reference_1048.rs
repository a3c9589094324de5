//! Compares the built-in `qd1048` criteria trees with the reference transcription of Decision
//! 1048/QĐ-TTg in ../shared/reference/criteria-1048.csv (read at check time, never copied in).
//!
//! Shared by the test `tests/criteria_reference.rs` and the script
//! `cargo run --example check_criteria_1048`; both say what they find set by set.

use std::collections::BTreeMap;
use std::path::Path;

use ocop::rules::criteria::Criterion;
use ocop::rules::regime::Regimes;
use ocop::text::fold;

/// One node as the reference gives it, in the reference's order.
#[derive(Debug, Default)]
struct RefNode {
    id: String,
    title: String,
    note: String,
    options: Vec<(u32, String)>,
}

/// What the comparison found for one set of the reference.
pub struct SetReport {
    pub set_no: u32,
    pub name: String,
    /// The project's set id, if a set of that name exists.
    pub set_id: Option<String>,
    pub criteria: usize,
    pub options: usize,
    /// The reference's part sums, e.g. A 35, B 25, C 38.
    pub sums: Vec<(String, u32)>,
    /// Ids the reference gives twice, numbered in order by the project.
    pub renumbered: Vec<String>,
    /// Anything that differs; empty when the set matches.
    pub differences: Vec<String>,
}

impl SetReport {
    pub fn ok(&self) -> bool {
        self.differences.is_empty()
    }
}

fn parse_id(s: &str) -> Option<(String, String)> {
    let s = s.trim();
    let digits: String = s
        .chars()
        .take_while(|c| c.is_ascii_digit() || *c == '.')
        .collect();
    let num = digits.trim_end_matches('.');
    if num.is_empty() {
        return None;
    }
    Some((num.to_string(), s[digits.len()..].trim().to_string()))
}

/// A set of the reference: its name, its nodes in order, and the ids numbered anew.
type RefSet = (String, Vec<RefNode>, Vec<String>);

/// Reads the reference: set number → its set.
fn read_reference(path: &Path) -> Result<BTreeMap<u32, RefSet>, String> {
    let mut rdr = csv::Reader::from_path(path).map_err(|e| format!("{}: {e}", path.display()))?;
    let mut sets: BTreeMap<u32, RefSet> = BTreeMap::new();
    for (i, row) in rdr.records().enumerate() {
        let row = row.map_err(|e| format!("{}: {e}", path.display()))?;
        let f = |k: usize| row.get(k).unwrap_or("").to_string();
        let line = i + 2;
        let no: u32 = f(0)
            .parse()
            .map_err(|_| format!("{}:{line}: set_no", path.display()))?;
        let entry = sets
            .entry(no)
            .or_insert_with(|| (f(1), Vec::new(), Vec::new()));
        let part = f(2);
        let (sec_no, sec_title) =
            parse_id(&f(3)).ok_or_else(|| format!("{}:{line}: section", path.display()))?;
        let sec_id = format!("{part}{sec_no}");
        if !entry.1.iter().any(|n| n.id == sec_id) {
            entry.1.push(RefNode {
                id: sec_id.clone(),
                title: sec_title.clone(),
                ..Default::default()
            });
        }
        let (mut id, title) = match parse_id(&f(4)) {
            Some((n, t)) => (format!("{part}{n}"), t),
            None => (sec_id, sec_title),
        };
        // The transcription sometimes numbers two criteria alike: the project numbers them in order.
        while let Some(n) = entry.1.iter().find(|n| n.id == id) {
            if n.title == title {
                break;
            }
            let (head, last) = id.rsplit_once('.').unwrap_or(("", "0"));
            let next = format!("{head}.{}", last.parse::<u32>().unwrap_or(0) + 1);
            if !entry.2.contains(&next) {
                entry.2.push(next.clone());
            }
            id = next;
        }
        let node = match entry.1.iter().position(|n| n.id == id) {
            Some(p) => &mut entry.1[p],
            None => {
                entry.1.push(RefNode {
                    id: id.clone(),
                    title,
                    ..Default::default()
                });
                entry.1.last_mut().expect("just pushed")
            }
        };
        if !f(6).is_empty() {
            node.note = f(6);
        }
        if !f(8).is_empty() {
            let points = f(8)
                .parse()
                .map_err(|_| format!("{}:{line}: points", path.display()))?;
            node.options.push((points, f(7)));
        }
    }
    Ok(sets)
}

fn max_of(n: &RefNode) -> u32 {
    // Two alternative scales in one list: the maximum of either, not their sum (reference README).
    if n.note.contains("một trong hai") && n.options.len() == 4 {
        let a = n.options[..2].iter().map(|o| o.0).max().unwrap_or(0);
        let b = n.options[2..].iter().map(|o| o.0).max().unwrap_or(0);
        a.max(b)
    } else {
        n.options.iter().map(|o| o.0).max().unwrap_or(0)
    }
}

fn compare(criteria: &[Criterion], nodes: &[RefNode], diffs: &mut Vec<String>) {
    let ours: Vec<&str> = criteria.iter().map(|c| c.id.as_str()).collect();
    let theirs: Vec<&str> = nodes.iter().map(|n| n.id.as_str()).collect();
    if ours != theirs {
        diffs.push(format!(
            "criteria ids differ: ours {} / reference {}",
            ours.join(" "),
            theirs.join(" ")
        ));
        return;
    }
    for (c, n) in criteria.iter().zip(nodes) {
        if c.vi != n.title {
            diffs.push(format!(
                "{}: title \"{}\" / reference \"{}\"",
                c.id, c.vi, n.title
            ));
        }
        if c.note.clone().unwrap_or_default() != n.note {
            diffs.push(format!("{}: note differs", c.id));
        }
        let options: Vec<(u32, String)> = c.choices().map(|o| (o.points, o.vi.clone())).collect();
        if options != n.options {
            let at = options
                .iter()
                .zip(&n.options)
                .position(|(a, b)| a != b)
                .unwrap_or(options.len().min(n.options.len()));
            diffs.push(format!(
                "{}: options differ from option {} on ({} here, {} in the reference): {:?} / {:?}",
                c.id,
                at + 1,
                options.len(),
                n.options.len(),
                options.get(at),
                n.options.get(at)
            ));
        }
        if c.is_scored() && c.max() != max_of(n) {
            diffs.push(format!(
                "{}: maximum {} / reference {}",
                c.id,
                c.max(),
                max_of(n)
            ));
        }
        // A note that names a rule must have that rule in a form the program applies.
        if (n.note.contains("Bị loại") || n.note.contains("bị loại")) && c.eliminated_if.is_none()
        {
            diffs.push(format!(
                "{}: the note eliminates, the criterion has no eliminated_if",
                c.id
            ));
        }
        if (n.note.contains("không đánh giá các bước tiếp theo")
            || n.note.contains("Không xem xét các chỉ tiêu khác"))
            && c.stop_if.is_none()
            && !c.stop_at_zero
        {
            diffs.push(format!(
                "{}: the note stops the evaluation, the criterion has no stop rule",
                c.id
            ));
        }
        if n.note.contains("Chỉ áp dụng") && c.applies_if.is_none() {
            diffs.push(format!(
                "{}: the note makes it conditional, the criterion has no applies_if",
                c.id
            ));
        }
    }
}

/// Compares every set of the reference with the regime `qd1048`.
pub fn check(path: &Path) -> Result<Vec<SetReport>, String> {
    let regime = Regimes::in_use()
        .and_then(|r| r.get("qd1048"))
        .map_err(|e| e.message)?;
    let reference = read_reference(path)?;
    let mut out = Vec::new();
    for (no, (name, nodes, renumbered)) in reference {
        let set = regime.sets.iter().find(|s| fold(&s.vi) == fold(&name));
        let sums: Vec<(String, u32)> = regime
            .parts
            .iter()
            .map(|p| {
                let sum = nodes
                    .iter()
                    .filter(|n| ocop::rules::criteria::part_of(&n.id) == p.id)
                    .map(max_of)
                    .sum();
                (p.id.clone(), sum)
            })
            .collect();
        let complete = regime
            .parts
            .iter()
            .zip(&sums)
            .all(|(p, (_, s))| *s == p.max);
        let mut differences = Vec::new();
        match set {
            None => differences.push(format!("no set named \"{name}\" in qd1048")),
            Some(s) => match (s.tree(), complete) {
                (Some(tree), true) => compare(tree, &nodes, &mut differences),
                (None, false) => {} // a gap of the reference: scored by part totals, as it should
                (Some(_), false) => differences.push(
                    "the reference's parts do not add up, yet the set has a tree: check it by hand"
                        .into(),
                ),
                (None, true) => {
                    differences.push("the reference has a full tree; the set has none".into())
                }
            },
        }
        out.push(SetReport {
            set_no: no,
            name,
            set_id: set.map(|s| s.id.clone()),
            criteria: nodes.iter().filter(|n| !n.options.is_empty()).count(),
            options: nodes.iter().map(|n| n.options.len()).sum(),
            sums,
            renumbered,
            differences,
        });
    }
    // A set the reference does not have (its README: "Gạo, ngũ cốc" has no criteria) must be
    // scored by part totals: a tree there could not be checked.
    for s in &regime.sets {
        if !out
            .iter()
            .any(|r| r.set_id.as_deref() == Some(s.id.as_str()))
        {
            out.push(SetReport {
                set_no: 0,
                name: s.vi.clone(),
                set_id: Some(s.id.clone()),
                criteria: 0,
                options: 0,
                sums: Vec::new(),
                renumbered: Vec::new(),
                differences: if s.tree().is_some() {
                    vec!["has a tree the reference does not cover".into()]
                } else {
                    Vec::new()
                },
            });
        }
    }
    Ok(out)
}

/// One line per set, as the script prints and the test shows on failure.
pub fn describe(r: &SetReport) -> String {
    let sums: Vec<String> = r.sums.iter().map(|(p, s)| format!("{p} {s}")).collect();
    let status = if !r.ok() {
        "DIFFERS"
    } else if r.criteria == 0 {
        "NOT IN THE REFERENCE (scored by part totals)"
    } else if r.sums.iter().map(|x| x.1).sum::<u32>() != 100 {
        "GAP (scored by part totals)"
    } else {
        "MATCHES"
    };
    let mut line = format!(
        "set {:>2} {:<45} {status}: {} criteria, {} options, parts {}",
        r.set_no,
        r.set_id.as_deref().unwrap_or(&r.name),
        r.criteria,
        r.options,
        sums.join(" / ")
    );
    if !r.renumbered.is_empty() {
        line.push_str(&format!(
            "; the reference numbers two criteria alike, here {}",
            r.renumbered.join(", ")
        ));
    }
    for d in &r.differences {
        line.push_str(&format!("\n    {d}"));
    }
    line
}
