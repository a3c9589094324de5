//! Criteria trees (cây tiêu chí): the criteria of one product set, with every option and its
//! points, notes, and the rules a council member applies while scoring.
//!
//! A tree is a list of nodes with dotted ids that carry their part (`A1`, `A1.1`, `C6.1.2`). A
//! node with options (or alternative scales) is scored; a node without them is a heading (a
//! section like `A1` or a group like `C6.1`) whose children are the nodes one segment deeper.
//! The format is described in docs/regimes.md; a tree is checked when its regime is loaded: ids
//! unique and well formed, every node under an existing heading, and the scored criteria's
//! maxima adding up to each part's maximum.

use serde::Deserialize;

use crate::error::{Error, Result};
use crate::rules::regime::Part;

/// One tree file of schemas/criteria/<regime>/: the criteria of one product set.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TreeFile {
    pub regime: String,
    pub set: String,
    pub criteria: Vec<Criterion>,
}

/// One node of a criteria tree.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Criterion {
    pub id: String,
    pub vi: String,
    #[serde(default)]
    pub en: Option<String>,
    /// The decision's note under the criterion, as written.
    #[serde(default)]
    pub note: Option<String>,
    #[serde(default)]
    pub options: Vec<Choice>,
    /// Two (or more) alternative scales in one criterion ("lựa chọn một trong hai trường hợp"):
    /// the member scores on one of them; the criterion's maximum is the largest of theirs.
    #[serde(default)]
    pub scales: Vec<Scale>,
    /// Bị loại: the product is eliminated when this holds, whatever its other points.
    #[serde(default)]
    pub eliminated_if: Option<String>,
    /// Dừng đánh giá: the evaluation stops (the following criteria are not scored) when this holds.
    #[serde(default)]
    pub stop_if: Option<String>,
    /// 0 points at this criterion stops the evaluation.
    #[serde(default)]
    pub stop_at_zero: bool,
    /// The criterion applies only when this holds (e.g. "có câu chuyện về sản phẩm"); otherwise the
    /// member marks it not applicable and it counts 0.
    #[serde(default)]
    pub applies_if: Option<String>,
    /// Tiêu chí bắt buộc: to be rated this many stars or more, the product must score here (the
    /// council's average more than 0 points).
    #[serde(default)]
    pub stars: Option<u8>,
    /// The aspect of a commune's pre-assessment this criterion is (`origin`, `labour`, `idea`,
    /// `identity`; 148-1489): the commune scores it before the province.
    #[serde(default)]
    pub commune: Option<String>,
}

/// One option (mức) of a criterion and its points.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Choice {
    pub points: u32,
    pub vi: String,
    #[serde(default)]
    pub en: Option<String>,
    /// Tiêu chí bắt buộc: to be rated this many stars or more, the council's average on the
    /// criterion reaches this option's points.
    #[serde(default)]
    pub stars: Option<u8>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Scale {
    pub vi: String,
    #[serde(default)]
    pub en: Option<String>,
    pub options: Vec<Choice>,
}

impl Criterion {
    /// A scored criterion has options; a heading has none.
    pub fn is_scored(&self) -> bool {
        !self.options.is_empty() || !self.scales.is_empty()
    }

    /// Every option, scale after scale.
    pub fn choices(&self) -> impl Iterator<Item = &Choice> {
        self.options
            .iter()
            .chain(self.scales.iter().flat_map(|s| s.options.iter()))
    }

    /// The most a member can give: the best option (of the best scale).
    pub fn max(&self) -> u32 {
        self.choices().map(|c| c.points).max().unwrap_or(0)
    }

    /// Whether `points` is one of the options' points.
    pub fn allows(&self, points: u32) -> bool {
        self.choices().any(|c| c.points == points)
    }

    /// The allowed points, ascending and without repeats ("0, 1, 3, 5").
    pub fn allowed(&self) -> String {
        let mut p: Vec<u32> = self.choices().map(|c| c.points).collect();
        p.sort_unstable();
        p.dedup();
        p.iter()
            .map(|x| x.to_string())
            .collect::<Vec<_>>()
            .join(", ")
    }

    /// The part of the criterion: the letters its id starts with ("C" for "C6.1.2").
    pub fn part(&self) -> &str {
        part_of(&self.id)
    }

    /// The title in the chosen language (the decision's Vietnamese when no translation is given).
    pub fn title(&self) -> &str {
        match (crate::i18n::lang(), &self.en) {
            (crate::i18n::Lang::En, Some(en)) => en,
            _ => &self.vi,
        }
    }
}

/// The part letters an id starts with.
pub fn part_of(id: &str) -> &str {
    let end = id
        .find(|c: char| !c.is_ascii_alphabetic())
        .unwrap_or(id.len());
    &id[..end]
}

/// Whether `s` is shaped like a criterion id: a part letter then dotted numbers ("A1.1", "c6.1.2").
pub fn is_criterion_id(s: &str) -> bool {
    let s = s.trim();
    let part = part_of(s);
    let rest = &s[part.len()..];
    part.len() == 1
        && !rest.is_empty()
        && rest
            .split('.')
            .all(|n| !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()))
}

/// The id of the heading a node sits under, `None` for a section (`A1`).
fn parent_of(id: &str) -> Option<&str> {
    id.rsplit_once('.').map(|(head, _)| head)
}

/// The 1-based line of a file where the node `id` is declared, for error messages.
fn line_of(text: &str, id: &str) -> usize {
    super::lines_declaring(text, id).next().unwrap_or(0)
}

/// Checks one set's tree against the regime's parts; errors name the file, the line and the key.
pub fn check_tree(file: &str, text: &str, parts: &[Part], criteria: &[Criterion]) -> Result<()> {
    let bad = |id: &str, key: &str, why: String| {
        Error::data(format!(
            "{file}:{}: criteria[id = \"{id}\"]{key}: {why}",
            line_of(text, id)
        ))
    };
    let mut seen = std::collections::HashSet::new();
    for c in criteria {
        if !seen.insert(c.id.as_str()) {
            return Err(bad(&c.id, ".id", "duplicate id".into()));
        }
        let part = c.part();
        let rest = &c.id[part.len()..];
        if part.is_empty()
            || rest.is_empty()
            || !rest
                .split('.')
                .all(|n| !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()))
        {
            return Err(bad(
                &c.id,
                ".id",
                "an id is a part letter and dotted numbers, like A1.1".into(),
            ));
        }
        if !parts.iter().any(|p| p.id == part) {
            let ids: Vec<&str> = parts.iter().map(|p| p.id.as_str()).collect();
            return Err(bad(
                &c.id,
                ".id",
                format!("no part {part}; the parts are {}", ids.join(", ")),
            ));
        }
        if let Some(parent) = parent_of(&c.id) {
            match criteria.iter().find(|x| x.id == parent) {
                None => {
                    return Err(bad(
                        &c.id,
                        ".id",
                        format!("its heading {parent} is not in the tree"),
                    ));
                }
                Some(p) if p.is_scored() => {
                    return Err(bad(
                        &c.id,
                        ".id",
                        format!("{parent} has options, so it cannot have criteria under it"),
                    ));
                }
                Some(_) => {}
            }
        }
        if !c.options.is_empty() && !c.scales.is_empty() {
            return Err(bad(
                &c.id,
                ".scales",
                "give options or scales, not both".into(),
            ));
        }
        if c.scales.iter().any(|s| s.options.is_empty()) {
            return Err(bad(&c.id, ".scales", "a scale without options".into()));
        }
        if !c.is_scored() {
            let prefix = format!("{}.", c.id);
            if !criteria.iter().any(|x| x.id.starts_with(&prefix)) {
                return Err(bad(
                    &c.id,
                    ".options",
                    "a criterion needs options, or criteria under it".into(),
                ));
            }
            if c.eliminated_if.is_some() || c.applies_if.is_some() {
                return Err(bad(
                    &c.id,
                    "",
                    "eliminated_if and applies_if belong on a scored criterion".into(),
                ));
            }
        }
        if c.stars
            .into_iter()
            .chain(c.choices().filter_map(|o| o.stars))
            .any(|s| !(1..=5).contains(&s))
        {
            return Err(bad(&c.id, ".stars", "a star rating is 1 to 5".into()));
        }
        if c.stop_at_zero && c.is_scored() && !c.allows(0) {
            return Err(bad(
                &c.id,
                ".stop_at_zero",
                "no option gives 0 points".into(),
            ));
        }
    }
    for p in parts {
        let sum: u32 = criteria
            .iter()
            .filter(|c| c.is_scored() && c.part() == p.id)
            .map(Criterion::max)
            .sum();
        if sum != p.max {
            return Err(Error::data(format!(
                "{file}: criteria: the maxima of part {}'s criteria add up to {sum}, not {}",
                p.id, p.max
            )));
        }
    }
    Ok(())
}

/// The heading rules that reach a scored criterion: a group's stop rule (e.g. foreign matter in
/// C6.1 stops the evaluation) can be applied at any of its criteria.
pub fn stop_rule<'a>(criteria: &'a [Criterion], id: &str) -> Option<&'a str> {
    let mut at = Some(id);
    while let Some(cur) = at {
        if let Some(r) = criteria
            .iter()
            .find(|c| c.id == cur)
            .and_then(|c| c.stop_if.as_deref())
        {
            return Some(r);
        }
        at = parent_of(cur);
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_split_into_part_and_heading() {
        assert_eq!(part_of("C6.1.2"), "C");
        assert_eq!(parent_of("C6.1.2"), Some("C6.1"));
        assert_eq!(parent_of("C6"), None);
        assert!(is_criterion_id("c6.1.2") && is_criterion_id("C10"));
        assert!(!is_criterion_id("A") && !is_criterion_id("A1.") && !is_criterion_id("Tên"));
        assert_eq!(line_of("a\nid = \"A1\"\n[[x]]\nid = \"A1.1\"", "A1.1"), 4);
    }
}
