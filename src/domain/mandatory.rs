//! Tiêu chí bắt buộc: the criteria a product must meet to be rated a star level (148's `***`,
//! `****`, `*****` marks; CYCLE.md). A product is rated the highest star whose band its average
//! reaches **and** whose mandatory criteria it meets; the 3★ ones bind 4★ and 5★ too. On an
//! option, the council's average on the criterion must reach that option's points; on a
//! criterion, the average must be more than 0.
//!
//! Only sheets scored criterion by criterion can be checked: a level with a sheet scored by part
//! totals is rated by its band alone, and the result says the marks were not checked.

use crate::domain::score::Cents;
use crate::rules::criteria::Criterion;

/// One mandatory criterion for a star level, and whether the council's sheets meet it.
#[derive(Debug, Clone, PartialEq)]
pub struct Requirement {
    /// The star level it binds (and every level above).
    pub stars: u8,
    pub criterion: String,
    pub title: String,
    /// The option's points in hundredths; `None`: a criterion-level mark (more than 0).
    pub needed: Option<Cents>,
    /// The council's sum on the criterion over `members` sheets.
    pub sum: Cents,
    pub members: i64,
}

impl Requirement {
    pub fn met(&self) -> bool {
        match self.needed {
            Some(p) => self.sum >= p * self.members,
            None => self.sum > 0,
        }
    }

    /// The council's average on the criterion in hundredths, rounded down, so that a shown 2.00
    /// never hides a 1.999 that misses a 2.
    pub fn average_cents(&self) -> Cents {
        self.sum.div_euclid(self.members.max(1))
    }
}

/// What the mandatory criteria say of a level's sheets.
#[derive(Debug, Clone, PartialEq, Default)]
pub enum Mandatory {
    /// The set has no marks (no tree, or a tree without marks): the band alone rates.
    #[default]
    NoMarks,
    /// The set has marks but a sheet was scored by part totals: the band alone rates, and the
    /// result says the marks were not checked.
    Unchecked,
    Checked(Vec<Requirement>),
}

/// The mandatory criteria of `tree` checked against the criterion lines of each member's sheet
/// (an empty list: a sheet scored by part totals).
pub fn assess(tree: Option<&[Criterion]>, sheets: &[&[(String, Cents)]]) -> Mandatory {
    let Some(tree) = tree else {
        return Mandatory::NoMarks;
    };
    // (stars, criterion) → the most that level asks of it (two marked options of one criterion
    // for the same star: the higher one holds).
    let mut wanted: Vec<(u8, &Criterion, Option<Cents>)> = Vec::new();
    for c in tree {
        let marks = c.stars.map(|s| (s, None)).into_iter().chain(
            c.choices()
                .filter_map(|o| o.stars.map(|s| (s, Some(Cents::from(o.points) * 100)))),
        );
        for (stars, needed) in marks {
            match wanted
                .iter_mut()
                .find(|(s, x, _)| *s == stars && x.id == c.id)
            {
                Some(w) => w.2 = w.2.max(needed),
                None => wanted.push((stars, c, needed)),
            }
        }
    }
    if wanted.is_empty() {
        return Mandatory::NoMarks;
    }
    if sheets.is_empty() || sheets.iter().any(|lines| lines.is_empty()) {
        return Mandatory::Unchecked;
    }
    let members = sheets.len() as i64;
    let mut out: Vec<Requirement> = wanted
        .into_iter()
        .map(|(stars, c, needed)| {
            // A heading's mark counts the criteria under it.
            let under = format!("{}.", c.id);
            let sum = sheets
                .iter()
                .flat_map(|lines| lines.iter())
                .filter(|(id, _)| *id == c.id || id.starts_with(&under))
                .map(|(_, p)| p)
                .sum();
            Requirement {
                stars,
                criterion: c.id.clone(),
                title: c.title().to_string(),
                needed,
                sum,
                members,
            }
        })
        .collect();
    out.sort_by_key(|r| r.stars);
    Mandatory::Checked(out)
}

impl Mandatory {
    /// The rating of a product whose average falls in the `band`★ band: the highest star, at
    /// most `band`, whose mandatory criteria (its own and every lower star's) are all met.
    pub fn rating(&self, band: u8) -> u8 {
        match self {
            Mandatory::Checked(items) => (0..=band)
                .rev()
                .find(|s| items.iter().all(|r| r.stars > *s || r.met()))
                .unwrap_or(0),
            _ => band,
        }
    }

    /// The requirements missed up to the `band`★ band: what kept the rating below it.
    pub fn missed(&self, band: u8) -> Vec<Requirement> {
        match self {
            Mandatory::Checked(items) => items
                .iter()
                .filter(|r| r.stars <= band && !r.met())
                .cloned()
                .collect(),
            _ => Vec::new(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::regime::Regimes;

    fn meat() -> &'static [Criterion] {
        Regimes::in_use()
            .unwrap()
            .get("qd148")
            .unwrap()
            .set("thit-thuy-san-trung-sua-tuoi")
            .unwrap()
            .tree()
            .unwrap()
    }

    /// Every criterion at its best option.
    fn best(tree: &[Criterion]) -> Vec<(String, Cents)> {
        tree.iter()
            .filter(|c| c.is_scored())
            .map(|c| (c.id.clone(), Cents::from(c.max()) * 100))
            .collect()
    }

    fn set(lines: &mut [(String, Cents)], title_word: &str, points: Cents, tree: &[Criterion]) {
        let c = tree
            .iter()
            .find(|c| c.is_scored() && crate::text::fold(&c.vi).contains(title_word))
            .unwrap();
        lines.iter_mut().find(|(id, _)| *id == c.id).unwrap().1 = points;
    }

    #[test]
    fn a_missed_3_star_criterion_rates_a_full_sheet_2_stars() {
        let tree = meat();
        let mut lines = best(tree);
        assert_eq!(assess(Some(tree), &[&lines]).rating(5), 5);
        // "Công bố chất lượng sản phẩm" at its lowest option: 98 points, but a 3★ mark missed.
        set(&mut lines, "cong bo chat luong", 0, tree);
        let m = assess(Some(tree), &[&lines]);
        assert_eq!(m.rating(5), 2);
        let missed = m.missed(5);
        assert_eq!(missed.len(), 1, "{missed:?}");
        assert_eq!(missed[0].stars, 3);
        assert_eq!(missed[0].average_cents(), 0);
    }

    #[test]
    fn averages_are_compared_exactly_and_part_totals_are_unchecked() {
        let tree = meat();
        let full = best(tree);
        let mut low = best(tree);
        // One member at the 3★ option's points (2), one below: the average 1.5 misses it.
        set(&mut low, "cong bo chat luong", 100, tree);
        assert_eq!(assess(Some(tree), &[&full, &low]).rating(5), 2);
        let mut two = best(tree);
        set(&mut two, "cong bo chat luong", 200, tree);
        assert_eq!(assess(Some(tree), &[&full, &two]).rating(5), 5);
        assert_eq!(assess(Some(tree), &[&full, &[]]), Mandatory::Unchecked);
        assert_eq!(assess(Some(tree), &[&full, &[]]).rating(4), 4);
        assert_eq!(assess(None, &[&full]).rating(4), 4);
    }
}
