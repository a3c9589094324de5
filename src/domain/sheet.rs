//! Phiếu chấm theo tiêu chí: one member's sheet scored criterion by criterion against a product
//! set's criteria tree, checked the way the paper sheet is: every criterion answered with the
//! points of one of its options, the rules of the notes applied.

use crate::domain::score::Cents;
use crate::error::{Error, Result};
use crate::i18n::{Msg, t};
use crate::rules::criteria::{Criterion, stop_rule};
use crate::rules::regime::{ProductSet, Regime};
use crate::text::fold;

/// What a member wrote for one criterion.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Answer {
    Points(u32),
    /// Không áp dụng: the criterion's condition does not hold (counts 0).
    NotApplicable,
    /// Bị loại: the criterion's elimination rule holds.
    Eliminated,
    /// Dừng đánh giá: the criterion's stop rule holds.
    Stopped,
}

impl Answer {
    /// Reads an answer as typed, in either language, case and diacritics ignored.
    pub fn parse(input: &str) -> Option<Answer> {
        let v = fold(input);
        match v.as_str() {
            "na" | "n/a" | "-" | "kad" | "khong ap dung" | "not applicable" => {
                Some(Answer::NotApplicable)
            }
            "loai" | "bi loai" | "x" | "eliminated" => Some(Answer::Eliminated),
            "dung" | "dung danh gia" | "stop" | "stopped" => Some(Answer::Stopped),
            _ if !v.is_empty() && v.len() <= 3 && v.bytes().all(|b| b.is_ascii_digit()) => {
                v.parse().ok().map(Answer::Points)
            }
            _ => None,
        }
    }
}

/// Reads one answer for criterion `c` and checks it: the points of one of its options, or a mark
/// its rules allow (not applicable, eliminated, stopped).
pub fn check_answer(tree: &[Criterion], c: &Criterion, value: &str) -> Result<Answer> {
    let answer = Answer::parse(value)
        .filter(|a| !matches!(a, Answer::Points(p) if !c.allows(*p)))
        .ok_or_else(|| {
            Error::data(t(
                Msg::OptionNotAllowed,
                &[
                    ("criterion", &c.id),
                    ("title", &c.vi),
                    ("value", value.trim()),
                    ("allowed", &c.allowed()),
                ],
            ))
        })?;
    let refused = match answer {
        Answer::NotApplicable if c.applies_if.is_none() => Some(Msg::NotApplicableRefused),
        Answer::Eliminated if c.eliminated_if.is_none() => Some(Msg::EliminationRefused),
        Answer::Stopped if stop_rule(tree, &c.id).is_none() => Some(Msg::StopRefused),
        _ => None,
    };
    match refused {
        Some(msg) => Err(Error::data(t(msg, &[("criterion", &c.id)]))),
        None => Ok(answer),
    }
}

/// A checked sheet: the points of every criterion answered, the part totals, and the rule that
/// ended the evaluation, if any.
#[derive(Debug, Clone, PartialEq)]
pub struct CriteriaSheet {
    /// (criterion id, points in hundredths), in the tree's order.
    pub lines: Vec<(String, Cents)>,
    /// (part id, total in hundredths), in the regime's order.
    pub parts: Vec<(String, Cents)>,
    /// "A1.1: sử dụng toàn bộ nguyên liệu nhập khẩu …" when an elimination rule was applied.
    pub eliminated: Option<String>,
    /// "C6.1: …" when a stop rule was applied.
    pub stopped: Option<String>,
}

impl CriteriaSheet {
    /// Checks `A1.1=3 A1.2=2 …` against the set's tree.
    pub fn parse(regime: &Regime, set: &ProductSet, given: &[(String, String)]) -> Result<Self> {
        let tree = set.tree().ok_or_else(|| {
            Error::data(t(
                Msg::SetScoredByParts,
                &[("set", &set.vi), ("regime", &regime.id)],
            ))
        })?;
        let scored: Vec<&Criterion> = tree.iter().filter(|c| c.is_scored()).collect();
        let mut answers: Vec<Option<Answer>> = vec![None; scored.len()];
        for (key, value) in given {
            let Some(c) = set.criterion(key) else {
                return Err(Error::data(t(
                    Msg::CriterionUnknown,
                    &[
                        ("criterion", key.trim()),
                        ("set", &set.vi),
                        ("first", scored.first().map_or("", |c| c.id.as_str())),
                        ("last", scored.last().map_or("", |c| c.id.as_str())),
                    ],
                )));
            };
            let Some(i) = scored.iter().position(|s| s.id == c.id) else {
                let prefix = format!("{}.", c.id);
                let children: Vec<&str> = scored
                    .iter()
                    .filter(|s| s.id.starts_with(&prefix))
                    .map(|s| s.id.as_str())
                    .collect();
                return Err(Error::data(t(
                    Msg::CriterionHeading,
                    &[("criterion", &c.id), ("children", &children.join(", "))],
                )));
            };
            if answers[i].is_some() {
                return Err(Error::data(t(Msg::CriterionTwice, &[("criterion", &c.id)])));
            }
            let answer = check_answer(tree, c, value)?;
            answers[i] = Some(answer);
        }
        let mut sheet = CriteriaSheet {
            lines: Vec::new(),
            parts: Vec::new(),
            eliminated: None,
            stopped: None,
        };
        let mut missing = Vec::new();
        for (c, a) in scored.iter().zip(&answers) {
            match a {
                Some(Answer::Points(p)) => {
                    sheet.lines.push((c.id.clone(), Cents::from(*p) * 100));
                    if *p == 0 && c.stop_at_zero && sheet.stopped.is_none() {
                        sheet.stopped = Some(format!(
                            "{}: {}",
                            c.id,
                            crate::i18n::l(Msg::RuleStopsAtZero)
                        ));
                    }
                }
                Some(Answer::NotApplicable) => {}
                Some(Answer::Eliminated) => {
                    if sheet.eliminated.is_none() {
                        let why = c.eliminated_if.as_deref().unwrap_or_default();
                        sheet.eliminated = Some(format!("{}: {why}", c.id));
                    }
                }
                Some(Answer::Stopped) => {
                    if sheet.stopped.is_none() {
                        let why = stop_rule(tree, &c.id).unwrap_or_default();
                        sheet.stopped = Some(format!("{}: {why}", c.id));
                    }
                }
                // The criteria after a stop are not evaluated ("không đánh giá các bước tiếp
                // theo"); after an elimination nothing else counts.
                None if sheet.stopped.is_some() || sheet.eliminated.is_some() => {}
                None => missing.push(c.id.as_str()),
            }
        }
        // An elimination written at a later criterion still ends the evaluation.
        if !missing.is_empty() && sheet.eliminated.is_none() {
            let shown: Vec<&str> = missing.iter().take(12).copied().collect();
            let more = if missing.len() > shown.len() {
                " …"
            } else {
                ""
            };
            return Err(Error::data(t(
                Msg::CriteriaMissing,
                &[
                    ("count", &missing.len().to_string()),
                    ("criteria", &format!("{}{more}", shown.join(", "))),
                ],
            )));
        }
        for p in &regime.parts {
            let sum = sheet
                .lines
                .iter()
                .filter(|(id, _)| crate::rules::criteria::part_of(id) == p.id)
                .map(|(_, v)| v)
                .sum();
            sheet.parts.push((p.id.clone(), sum));
        }
        Ok(sheet)
    }

    pub fn total(&self) -> Cents {
        self.parts.iter().map(|(_, p)| p).sum()
    }
}

/// Answers for every criterion of a set that add up to the given part totals (whole points), or
/// `None` when the options cannot make them. For the demo and for tests: a council's invented
/// totals turned into believable per-criterion sheets. A 0 that would stop the evaluation is
/// never chosen.
pub fn answers_for_parts(
    set: &ProductSet,
    targets: &[(String, u32)],
) -> Option<Vec<(String, String)>> {
    let tree = set.tree()?;
    let mut out = Vec::new();
    for (part, target) in targets {
        let criteria: Vec<&Criterion> = tree
            .iter()
            .filter(|c| c.is_scored() && c.part() == part)
            .collect();
        let target = *target as usize;
        // The points a member may give at each criterion: a 0 that would stop is left out.
        let options: Vec<Vec<usize>> = criteria
            .iter()
            .map(|c| {
                let mut p: Vec<usize> = c
                    .choices()
                    .map(|o| o.points as usize)
                    .filter(|p| *p > 0 || !c.stop_at_zero)
                    .collect();
                p.sort_unstable();
                p.dedup();
                p
            })
            .collect();
        // reach[i][s]: the first i criteria can add up to s.
        let mut reach = vec![vec![false; target + 1]; criteria.len() + 1];
        reach[0][0] = true;
        for (i, points) in options.iter().enumerate() {
            for sum in 0..=target {
                if reach[i][sum] {
                    for p in points {
                        if sum + p <= target {
                            reach[i + 1][sum + p] = true;
                        }
                    }
                }
            }
        }
        if !reach[criteria.len()][target] {
            return None;
        }
        // Walk back from the last criterion, taking for each the feasible option nearest its fair
        // share of what is left (its maximum over the maxima still to come), so that the points
        // spread over the criteria as a member's would.
        let mut picks = vec![0; criteria.len()];
        let mut left = target;
        for i in (0..criteria.len()).rev() {
            let maxima: u32 = criteria[..=i].iter().map(|c| c.max()).sum();
            let fair = f64::from(criteria[i].max()) * left as f64 / f64::from(maxima.max(1));
            let p = options[i]
                .iter()
                .copied()
                .filter(|p| *p <= left && reach[i][left - p])
                .min_by(|a, b| {
                    (*a as f64 - fair)
                        .abs()
                        .total_cmp(&(*b as f64 - fair).abs())
                })?;
            picks[i] = p;
            left -= p;
        }
        out.extend(
            criteria
                .iter()
                .zip(picks)
                .map(|(c, p)| (c.id.clone(), p.to_string())),
        );
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::regime::Regimes;

    fn tea() -> (&'static Regime, &'static ProductSet) {
        let r = Regimes::in_use().unwrap().get("qd1048").unwrap();
        (r, r.set("che-tuoi-che-bien").unwrap())
    }

    /// The best option of every scored criterion.
    fn best(set: &ProductSet) -> Vec<(String, String)> {
        set.tree()
            .unwrap()
            .iter()
            .filter(|c| c.is_scored())
            .map(|c| (c.id.clone(), c.max().to_string()))
            .collect()
    }

    #[test]
    fn the_best_sheet_is_100() {
        let (r, s) = tea();
        let sheet = CriteriaSheet::parse(r, s, &best(s)).unwrap();
        assert_eq!(sheet.total(), 10_000);
        assert_eq!(sheet.parts[0], ("A".to_string(), 3500));
    }

    #[test]
    fn an_option_that_does_not_exist_names_the_allowed_points() {
        let (r, s) = tea();
        let mut g = best(s);
        g.iter_mut().find(|(k, _)| k == "B4.1").unwrap().1 = "4".into();
        let e = CriteriaSheet::parse(r, s, &g).unwrap_err().message;
        assert!(e.contains("B4.1") && e.contains("1, 2, 3, 5"), "{e}");
    }

    #[test]
    fn rules_apply_only_where_the_notes_allow() {
        let (r, s) = tea();
        let with = |k: &str, v: &str| {
            let mut g = best(s);
            g.iter_mut().find(|(x, _)| x == k).unwrap().1 = v.into();
            CriteriaSheet::parse(r, s, &g)
        };
        assert!(with("A1.1", "loai").unwrap().eliminated.is_some());
        assert!(with("A1.2", "loai").is_err());
        assert_eq!(with("B5.3", "na").unwrap().total(), 9_800);
        assert!(with("B5.1", "na").is_err());
        assert!(
            with("C6.1.1", "dung").unwrap().stopped.is_some(),
            "the group's rule"
        );
        assert!(with("C10", "dung").is_err());
        // After a stop, the criteria that follow may stay blank.
        let g: Vec<(String, String)> = best(s)
            .into_iter()
            .take_while(|(k, _)| k != "C6.1.2")
            .map(|(k, v)| {
                if k == "C6.1.1" {
                    (k, "dung".into())
                } else {
                    (k, v)
                }
            })
            .collect();
        assert!(CriteriaSheet::parse(r, s, &g).unwrap().stopped.is_some());
        // Without a stop, a blank criterion is refused, naming it.
        let g: Vec<(String, String)> = best(s).into_iter().filter(|(k, _)| k != "C7").collect();
        let e = CriteriaSheet::parse(r, s, &g).unwrap_err().message;
        assert!(e.contains("C7"), "{e}");
    }

    #[test]
    fn answers_can_be_made_for_part_totals() {
        let (r, s) = tea();
        let targets = vec![
            ("A".to_string(), 31),
            ("B".to_string(), 17),
            ("C".to_string(), 29),
        ];
        let answers = answers_for_parts(s, &targets).unwrap();
        let sheet = CriteriaSheet::parse(r, s, &answers).unwrap();
        assert_eq!(sheet.total(), 7_700);
        assert!(sheet.stopped.is_none() && sheet.eliminated.is_none());
        assert!(answers_for_parts(s, &[("A".to_string(), 36)]).is_none());
    }

    #[test]
    fn headings_and_strangers_are_refused() {
        let (r, s) = tea();
        let mut g = best(s);
        g.push(("C6.1".into(), "2".into()));
        let e = CriteriaSheet::parse(r, s, &g).unwrap_err().message;
        assert!(e.contains("C6.1.1"), "{e}");
        let mut g = best(s);
        g.push(("Z9".into(), "2".into()));
        assert!(CriteriaSheet::parse(r, s, &g).is_err());
        let mut g = best(s);
        g.push(("a1.1".into(), "2".into()));
        assert!(CriteriaSheet::parse(r, s, &g).is_err(), "twice");
    }

    mod properties {
        use super::*;
        use proptest::prelude::*;

        /// Every set of 1048 that has a tree.
        fn sets() -> Vec<&'static ProductSet> {
            let r = Regimes::in_use().unwrap().get("qd1048").unwrap();
            r.sets.iter().filter(|s| s.tree().is_some()).collect()
        }

        proptest! {
            /// Any choice of options is accepted, its total is the sum of the chosen points, and
            /// no part goes over its maximum.
            #[test]
            fn a_sheet_totals_the_sum_of_its_criteria(set in 0usize..22, picks in proptest::collection::vec(0usize..16, 40)) {
                let r = Regimes::in_use().unwrap().get("qd1048").unwrap();
                let set = sets()[set % sets().len()];
                let mut sum = 0;
                let given: Vec<(String, String)> = set
                    .tree()
                    .unwrap()
                    .iter()
                    .filter(|c| c.is_scored())
                    .zip(picks.iter().cycle())
                    .map(|(c, k)| {
                        let options: Vec<u32> = c.choices().map(|o| o.points).collect();
                        let p = options[k % options.len()];
                        sum += Cents::from(p) * 100;
                        (c.id.clone(), p.to_string())
                    })
                    .collect();
                let sheet = CriteriaSheet::parse(r, set, &given).unwrap();
                // A 0 where the criterion stops the evaluation is accepted as a stop.
                prop_assert_eq!(sheet.total(), sum);
                for (part, total) in &sheet.parts {
                    let max = r.parts.iter().find(|p| &p.id == part).unwrap().max;
                    prop_assert!(*total <= Cents::from(max) * 100);
                }
            }

            /// Points that are not an option of the criterion are refused, naming it.
            #[test]
            fn points_that_are_no_option_are_refused(set in 0usize..22, which in 0usize..40, points in 0u32..12) {
                let r = Regimes::in_use().unwrap().get("qd1048").unwrap();
                let set = sets()[set % sets().len()];
                let scored: Vec<&Criterion> = set.tree().unwrap().iter().filter(|c| c.is_scored()).collect();
                let target = scored[which % scored.len()];
                prop_assume!(!target.allows(points));
                let given: Vec<(String, String)> = scored
                    .iter()
                    .map(|c| {
                        let p = if c.id == target.id { points } else { c.max() };
                        (c.id.clone(), p.to_string())
                    })
                    .collect();
                let e = CriteriaSheet::parse(r, set, &given).unwrap_err().message;
                prop_assert!(e.contains(&target.id), "{}", e);
            }
        }
    }
}
