//! Điểm và sao: council members' sheets, their averages, and the star bands.
//!
//! Points are kept as whole hundredths (`31.5` → 3150) so that sums and band edges are exact:
//! an average of 69.99 is 3★, never rounded up into 4★ before banding.

use crate::domain::mandatory::{Mandatory, Requirement};
use crate::error::{Error, Result};
use crate::i18n::{Msg, t};
use crate::rules::regime::Regime;

/// Points in hundredths.
pub type Cents = i64;

/// Parses points as written ("31", "31.5", "31,5"), to hundredths.
pub fn parse_points(input: &str) -> Option<Cents> {
    let s = input.trim().replace(',', ".");
    if s.is_empty() || s.starts_with('-') || s.starts_with('+') {
        return None;
    }
    let (whole, frac) = s.split_once('.').unwrap_or((&s, ""));
    if whole.is_empty() || whole.len() > 4 || frac.len() > 2 {
        return None;
    }
    if !whole.bytes().all(|b| b.is_ascii_digit()) || !frac.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let w: i64 = whole.parse().ok()?;
    let f: i64 = if frac.is_empty() {
        0
    } else {
        format!("{frac:0<2}").parse().ok()?
    };
    Some(w * 100 + f)
}

/// Hundredths as points with two decimals ("93.00").
pub fn show(c: Cents) -> String {
    format!("{}.{:02}", c / 100, c % 100)
}

/// A sheet scored by part totals: one value per part of the regime, in the regime's order.
#[derive(Debug, Clone, PartialEq)]
pub struct PartSheet {
    pub parts: Vec<(String, Cents)>,
}

impl PartSheet {
    /// Checks `A=31 B=24 C=38` against the regime's parts: every part given once, each within
    /// 0..=its maximum.
    pub fn parse(regime: &Regime, given: &[(String, String)]) -> Result<PartSheet> {
        let mut parts = Vec::new();
        for p in &regime.parts {
            let found: Vec<&(String, String)> = given
                .iter()
                .filter(|(k, _)| k.trim().eq_ignore_ascii_case(&p.id))
                .collect();
            let value = match found.as_slice() {
                [one] => &one.1,
                [] => {
                    return Err(Error::data(t(
                        Msg::PartMissing,
                        &[("part", &p.id), ("max", &p.max.to_string())],
                    )));
                }
                _ => return Err(Error::data(t(Msg::PartTwice, &[("part", &p.id)]))),
            };
            let points = parse_points(value).ok_or_else(|| {
                Error::data(t(
                    Msg::PointsInvalid,
                    &[
                        ("part", &p.id),
                        ("value", value),
                        ("max", &p.max.to_string()),
                    ],
                ))
            })?;
            if points > i64::from(p.max) * 100 {
                return Err(Error::data(t(
                    Msg::PartOverMax,
                    &[
                        ("part", &p.id),
                        ("value", value),
                        ("max", &p.max.to_string()),
                    ],
                )));
            }
            parts.push((p.id.clone(), points));
        }
        for (k, _) in given {
            if !regime
                .parts
                .iter()
                .any(|p| p.id.eq_ignore_ascii_case(k.trim()))
            {
                let ids: Vec<&str> = regime.parts.iter().map(|p| p.id.as_str()).collect();
                return Err(Error::data(t(
                    Msg::PartUnknown,
                    &[("part", k), ("parts", &ids.join(", "))],
                )));
            }
        }
        Ok(PartSheet { parts })
    }

    pub fn total(&self) -> Cents {
        self.parts.iter().map(|(_, p)| p).sum()
    }
}

/// The stars of an average, by the regime's half-open bands; the last band includes its end.
pub fn stars(regime: &Regime, average: f64) -> u8 {
    let last = regime.bands.len().saturating_sub(1);
    for (i, b) in regime.bands.iter().enumerate() {
        if average >= b.from && (average < b.to || (i == last && average <= b.to)) {
            return b.stars;
        }
    }
    0
}

/// The average of totals in hundredths, exact as a fraction; shown to two decimals without ever
/// crossing a band edge the exact value has not reached.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Average {
    pub sum: Cents,
    pub n: i64,
}

impl Average {
    pub fn value(&self) -> f64 {
        if self.n == 0 {
            0.0
        } else {
            self.sum as f64 / self.n as f64 / 100.0
        }
    }

    /// Rounded half up to hundredths, or truncated when rounding would reach the next band's edge.
    pub fn shown(&self, regime: &Regime) -> Cents {
        if self.n == 0 {
            return 0;
        }
        let rounded = (2 * self.sum + self.n) / (2 * self.n);
        let exact_stars = stars(regime, self.value());
        if stars(regime, rounded as f64 / 100.0) != exact_stars {
            self.sum / self.n
        } else {
            rounded
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::regime::Regimes;
    use proptest::prelude::*;

    fn r1048() -> &'static Regime {
        Regimes::in_use().unwrap().get("qd1048").unwrap()
    }

    #[test]
    fn band_edges() {
        let r = r1048();
        for (avg, want) in [
            (0.0, 1),
            (29.99, 1),
            (30.0, 2),
            (49.99, 2),
            (50.0, 3),
            (69.99, 3),
            (70.0, 4),
            (89.99, 4),
            (90.0, 5),
            (100.0, 5),
        ] {
            assert_eq!(stars(r, avg), want, "{avg}");
        }
    }

    #[test]
    fn worked_cases() {
        let r = r1048();
        let given = |a: &str, b: &str, c: &str| {
            vec![
                ("A".to_string(), a.to_string()),
                ("B".into(), b.into()),
                ("C".into(), c.into()),
            ]
        };
        let s = PartSheet::parse(r, &given("34", "24", "35")).unwrap();
        assert_eq!(s.total(), 9300);
        assert_eq!(stars(r, s.total() as f64 / 100.0), 5);
        let avg = Average {
            sum: 7100 + 6900 + 6900,
            n: 3,
        };
        assert_eq!(show(avg.shown(r)), "69.67");
        assert_eq!(stars(r, avg.value()), 3);
        // 69.995 would round to 70.00: shown as 69.99, still 3★.
        let edge = Average {
            sum: 6999 + 7000,
            n: 2,
        };
        assert_eq!(show(edge.shown(r)), "69.99");
        assert!(
            PartSheet::parse(r, &given("36", "24", "35")).is_err(),
            "A over 35"
        );
        assert!(PartSheet::parse(r, &given("x", "24", "35")).is_err());
        assert!(
            PartSheet::parse(r, &[("A".into(), "3".into())]).is_err(),
            "B and C missing"
        );
    }

    #[test]
    fn points_parse() {
        assert_eq!(parse_points("31"), Some(3100));
        assert_eq!(parse_points("31.5"), Some(3150));
        assert_eq!(parse_points("31,25"), Some(3125));
        assert_eq!(parse_points("-1"), None);
        assert_eq!(parse_points("1.234"), None);
        assert_eq!(parse_points(""), None);
    }

    proptest! {
        #[test]
        fn stars_are_monotone(a in 0u32..=10000, b in 0u32..=10000) {
            let r = r1048();
            let (lo, hi) = if a <= b { (a, b) } else { (b, a) };
            prop_assert!(stars(r, lo as f64 / 100.0) <= stars(r, hi as f64 / 100.0));
        }

        #[test]
        fn a_sheet_total_is_the_sum_and_parts_stay_within_maxima(a in 0u32..4000, b in 0u32..3000, c in 0u32..4500) {
            let r = r1048();
            let given = vec![("A".to_string(), show(a as i64)), ("B".into(), show(b as i64)), ("C".into(), show(c as i64))];
            match PartSheet::parse(r, &given) {
                Ok(s) => {
                    prop_assert_eq!(s.total(), (a + b + c) as i64);
                    for ((_, p), part) in s.parts.iter().zip(&r.parts) {
                        prop_assert!(*p <= i64::from(part.max) * 100);
                    }
                }
                Err(_) => prop_assert!(a > 3500 || b > 2500 || c > 4000),
            }
        }

        #[test]
        fn the_shown_average_keeps_the_band(sum in 0i64..30000, n in 1i64..10) {
            let r = r1048();
            let avg = Average { sum: sum.min(10000 * n), n };
            prop_assert_eq!(stars(r, avg.shown(r) as f64 / 100.0), stars(r, avg.value()));
        }
    }
}

/// What a council level does with a registration's average, by the regime's rules.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    /// The level recognises this many stars: a certificate follows (`ocop recognise`).
    Recognises,
    /// The average reaches the level's threshold: the dossier goes up to the next level.
    Forwards,
    /// Neither.
    None,
    /// A member's sheet eliminated the product (bị loại).
    Eliminated,
    /// A member's sheet stopped the evaluation (dừng đánh giá): the product is not rated.
    Stopped,
}

/// What a member's sheet says beyond its points.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Mark {
    #[default]
    None,
    /// An elimination rule is met (bị loại).
    Eliminated,
    /// A stop rule is met (dừng đánh giá).
    Stopped,
}

impl Outcome {
    pub fn id(self) -> &'static str {
        match self {
            Outcome::Recognises => "recognises",
            Outcome::Forwards => "forwards",
            Outcome::None => "none",
            Outcome::Eliminated => "eliminated",
            Outcome::Stopped => "stopped",
        }
    }

    pub fn label(id: &str) -> &'static str {
        crate::i18n::l(match id {
            "recognises" => Msg::OutRecognises,
            "forwards" => Msg::OutForwards,
            "eliminated" => Msg::OutEliminated,
            "stopped" => Msg::OutStopped,
            "returned" => Msg::OutReturned,
            _ => Msg::OutNone,
        })
    }
}

/// A council's result at one level, from its members' sheets.
#[derive(Debug, Clone, PartialEq)]
pub struct Ranking {
    pub members: i64,
    /// Part averages (A, B, C), shown to two decimals.
    pub parts: Vec<Cents>,
    /// The average total as shown; `stars` come from the exact value.
    pub total: Cents,
    /// The rating: the band of the exact average, lowered where a mandatory criterion is missed.
    pub stars: u8,
    /// The band the average alone reaches.
    pub band: u8,
    /// The mandatory criteria missed up to the band: why `stars` is below `band`.
    pub missed: Vec<Requirement>,
    /// The set has mandatory marks but a sheet was scored by part totals: not checked.
    pub unchecked: bool,
    pub outcome: Outcome,
}

/// Ranks one registration at `level` from its sheets' parts and elimination marks, rated with
/// the mandatory criteria as `mandatory` found them in the same sheets.
pub fn rank(
    regime: &Regime,
    level: &str,
    sheets: &[(Vec<(String, Cents)>, Mark)],
    mandatory: &Mandatory,
) -> Ranking {
    let n = sheets.len() as i64;
    // Each part's sum over the members; its average is that sum / n hundredths.
    let part_sums: Vec<Cents> = regime
        .parts
        .iter()
        .map(|p| {
            sheets
                .iter()
                .map(|(lines, _)| {
                    lines
                        .iter()
                        .filter(|(c, _)| c == &p.id)
                        .map(|(_, v)| v)
                        .sum::<Cents>()
                })
                .sum()
        })
        .collect();
    let avg = Average {
        sum: sheets
            .iter()
            .map(|(lines, _)| lines.iter().map(|(_, v)| v).sum::<Cents>())
            .sum(),
        n,
    };
    let eliminated = sheets.iter().any(|(_, m)| *m == Mark::Eliminated);
    let stopped = sheets.iter().any(|(_, m)| *m == Mark::Stopped);
    let exact = avg.value();
    let band = if eliminated || stopped {
        0
    } else {
        stars(regime, exact)
    };
    let rated = mandatory.rating(band);
    let rules = regime.levels.iter().position(|l| l.id == level);
    let outcome = match rules {
        _ if eliminated => Outcome::Eliminated,
        _ if stopped => Outcome::Stopped,
        Some(i) if regime.levels[i].recognises.contains(&rated) => Outcome::Recognises,
        // The threshold applies to the rating: 75 that misses a 4★ mandatory criterion is 3★
        // and is not forwarded at a threshold of 70 (CYCLE.md).
        Some(i)
            if i + 1 < regime.levels.len()
                && regime.levels[i]
                    .forwards_at
                    .is_some_and(|f| exact >= f && rated >= stars(regime, f)) =>
        {
            Outcome::Forwards
        }
        // Rated lower than this level's range (a forwarded product scored 65 by a province under
        // 148): the level below whose range the rating falls in recognises it (CYCLE.md).
        Some(i) if recognising_level(regime, &regime.levels[i].id, rated).is_some() => {
            Outcome::Recognises
        }
        _ => Outcome::None,
    };
    let total = avg.shown(regime);
    Ranking {
        members: n,
        parts: parts_adding_to(&part_sums, n, total),
        total,
        stars: rated,
        band,
        missed: mandatory.missed(band),
        unchecked: *mandatory == Mandatory::Unchecked,
        outcome,
    }
}

/// The level that recognises `stars` for a result of `level`: that level if it certifies them,
/// else the nearest level below whose range they fall in; None when no level at or below does.
pub fn recognising_level<'r>(regime: &'r Regime, level: &str, stars: u8) -> Option<&'r str> {
    let pos = regime.levels.iter().position(|l| l.id == level)?;
    regime.levels[..=pos]
        .iter()
        .rev()
        .find(|l| l.recognises.contains(&stars))
        .map(|l| l.id.as_str())
}

/// The part averages as shown, adding up to the total shown: each part's exact average rounded
/// down to hundredths, then the hundredths still missing to the shown total given to the parts
/// with the largest remainders (A before B before C on a tie). So 23.333 + 23.333 + 23.333 shows
/// 23.34 + 23.33 + 23.33 = 70.00, and never 23.33 × 3 beside a total of 70.00.
pub fn parts_adding_to(part_sums: &[Cents], n: i64, total: Cents) -> Vec<Cents> {
    if n <= 0 {
        return vec![0; part_sums.len()];
    }
    let mut shown: Vec<Cents> = part_sums.iter().map(|s| s.div_euclid(n)).collect();
    let missing = total - shown.iter().sum::<Cents>();
    let mut order: Vec<usize> = (0..part_sums.len()).collect();
    // Largest remainder first; the sort is stable, so ties keep the parts' order.
    order.sort_by_key(|&i| std::cmp::Reverse(part_sums[i].rem_euclid(n)));
    for &i in order
        .iter()
        .take(missing.clamp(0, part_sums.len() as i64) as usize)
    {
        shown[i] += 1;
    }
    shown
}

#[cfg(test)]
mod rank_tests {
    use super::*;
    use crate::rules::regime::Regimes;

    #[test]
    fn a_rating_below_the_levels_range_goes_back_to_the_level_that_recognises_it() {
        let regimes = Regimes::in_use().unwrap();
        let r148 = regimes.get("qd148").unwrap();
        // Forwarded by the district with 75, scored 65 by the province: the district's 3★.
        let r = rank(r148, "province", &[sheet(25, 20, 20)], &Mandatory::NoMarks);
        assert_eq!((r.stars, r.outcome), (3, Outcome::Recognises));
        assert_eq!(recognising_level(r148, "province", 3), Some("district"));
        assert_eq!(recognising_level(r148, "province", 4), Some("province"));
        assert_eq!(recognising_level(r148, "province", 2), None);
        let r1048 = regimes.get("qd1048").unwrap();
        assert_eq!(recognising_level(r1048, "central", 4), Some("province"));
    }

    #[test]
    fn shown_parts_add_up_to_the_shown_total() {
        // Three members: A 30, 20, 40 → 30.00; B 20 each; C 20, 20, 19.99 → 19.996…
        assert_eq!(
            parts_adding_to(&[9000, 6000, 5999], 3, 7000),
            vec![3000, 2000, 2000]
        );
        assert_eq!(
            parts_adding_to(&[7000, 7000, 7000], 3, 7000),
            vec![2334, 2333, 2333]
        );
        // A total kept below a band edge (69.99) takes the parts down with it.
        assert_eq!(
            parts_adding_to(&[9000, 6000, 5999], 3, 6999),
            vec![3000, 2000, 1999]
        );
        let regimes = Regimes::in_use().unwrap();
        let r = rank(
            regimes.get("qd1048").unwrap(),
            "district",
            &[sheet(30, 20, 20), sheet(30, 20, 20), sheet(30, 20, 19)],
            &Mandatory::NoMarks,
        );
        assert_eq!(r.parts.iter().sum::<Cents>(), r.total, "{r:?}");
    }

    fn sheet(a: i64, b: i64, c: i64) -> (Vec<(String, Cents)>, Mark) {
        (
            vec![
                ("A".into(), a * 100),
                ("B".into(), b * 100),
                ("C".into(), c * 100),
            ],
            Mark::None,
        )
    }

    #[test]
    fn levels_follow_the_regime() {
        let regimes = Regimes::in_use().unwrap();
        let r1048 = regimes.get("qd1048").unwrap();
        let r148 = regimes.get("qd148").unwrap();
        // 1048: the district forwards ≥ 50; the province recognises 3–4★ and forwards ≥ 90.
        assert_eq!(
            rank(r1048, "district", &[sheet(30, 20, 25)], &Mandatory::NoMarks).outcome,
            Outcome::Forwards
        );
        assert_eq!(
            rank(r1048, "district", &[sheet(20, 10, 15)], &Mandatory::NoMarks).outcome,
            Outcome::None
        );
        assert_eq!(
            rank(r1048, "province", &[sheet(30, 20, 25)], &Mandatory::NoMarks).outcome,
            Outcome::Recognises
        );
        let top = rank(r1048, "province", &[sheet(34, 24, 35)], &Mandatory::NoMarks);
        assert_eq!(
            (top.total, top.stars, top.outcome),
            (9300, 5, Outcome::Forwards)
        );
        assert_eq!(
            rank(r1048, "central", &[sheet(34, 24, 35)], &Mandatory::NoMarks).outcome,
            Outcome::Recognises
        );
        // 148: the district recognises 3★ and forwards ≥ 70.
        assert_eq!(
            rank(r148, "district", &[sheet(30, 15, 15)], &Mandatory::NoMarks).outcome,
            Outcome::Recognises
        );
        assert_eq!(
            rank(r148, "district", &[sheet(35, 20, 20)], &Mandatory::NoMarks).outcome,
            Outcome::Forwards
        );
        // Three members with 71, 69, 69: 69.67, 3★.
        let three = rank(
            r1048,
            "province",
            &[sheet(30, 20, 21), sheet(30, 20, 19), sheet(30, 20, 19)],
            &Mandatory::NoMarks,
        );
        assert_eq!((three.total, three.stars), (6967, 3));
        assert_eq!(three.parts, vec![3000, 2000, 1967]);
        // One eliminating sheet eliminates whatever the points.
        let mut e = sheet(35, 25, 40);
        e.1 = Mark::Eliminated;
        let out = rank(
            r1048,
            "district",
            &[sheet(35, 25, 40), e],
            &Mandatory::NoMarks,
        );
        assert_eq!((out.stars, out.outcome), (0, Outcome::Eliminated));
        // One sheet that stops the evaluation: not rated.
        let mut st = sheet(35, 25, 40);
        st.1 = Mark::Stopped;
        let out = rank(
            r1048,
            "province",
            &[sheet(35, 25, 40), st],
            &Mandatory::NoMarks,
        );
        assert_eq!((out.stars, out.outcome), (0, Outcome::Stopped));
    }
}
