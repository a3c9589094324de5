//! Đăng ký: one product's participation in one year's cycle, its kind and its stage.

use crate::error::{Error, Result};
use crate::i18n::{Msg, l, t};
use crate::text::fold;

/// Loại đăng ký.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RegKind {
    /// Mới: a product evaluated for the first time.
    New,
    /// Đánh giá lại: re-evaluation when a certificate nears its 36 months.
    ReEvaluation,
    /// Nâng hạng: a recognised product asking for more stars.
    Upgrade,
}

impl RegKind {
    pub const ALL: [RegKind; 3] = [RegKind::New, RegKind::ReEvaluation, RegKind::Upgrade];

    pub fn id(self) -> &'static str {
        match self {
            RegKind::New => "new",
            RegKind::ReEvaluation => "re-evaluation",
            RegKind::Upgrade => "upgrade",
        }
    }

    pub fn label(self) -> &'static str {
        l(match self {
            RegKind::New => Msg::RegNew,
            RegKind::ReEvaluation => Msg::RegReEvaluation,
            RegKind::Upgrade => Msg::RegUpgrade,
        })
    }

    pub fn from_id(id: &str) -> Option<RegKind> {
        RegKind::ALL.into_iter().find(|k| k.id() == id)
    }

    pub fn parse(input: &str) -> Result<RegKind> {
        let f = fold(input).replace(['-', '_'], " ");
        match f.trim() {
            "new" | "moi" | "dang ky moi" => Ok(RegKind::New),
            "re evaluation" | "reevaluation" | "danh gia lai" => Ok(RegKind::ReEvaluation),
            "upgrade" | "nang hang" | "nang sao" => Ok(RegKind::Upgrade),
            _ => Err(Error::data(t(
                Msg::RegKindInvalid,
                &[("value", input.trim())],
            ))),
        }
    }
}

/// Giai đoạn: the stages of the yearly cycle, in order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Stage {
    Idea,
    Plan,
    Implementing,
    Submitted,
    Evaluated,
    Recognised,
    NotRecognised,
    Withdrawn,
}

impl Stage {
    pub const ALL: [Stage; 8] = [
        Stage::Idea,
        Stage::Plan,
        Stage::Implementing,
        Stage::Submitted,
        Stage::Evaluated,
        Stage::Recognised,
        Stage::NotRecognised,
        Stage::Withdrawn,
    ];

    pub fn id(self) -> &'static str {
        match self {
            Stage::Idea => "idea",
            Stage::Plan => "plan",
            Stage::Implementing => "implementing",
            Stage::Submitted => "submitted",
            Stage::Evaluated => "evaluated",
            Stage::Recognised => "recognised",
            Stage::NotRecognised => "not-recognised",
            Stage::Withdrawn => "withdrawn",
        }
    }

    pub fn label(self) -> &'static str {
        l(match self {
            Stage::Idea => Msg::StIdea,
            Stage::Plan => Msg::StPlan,
            Stage::Implementing => Msg::StImplementing,
            Stage::Submitted => Msg::StSubmitted,
            Stage::Evaluated => Msg::StEvaluated,
            Stage::Recognised => Msg::StRecognised,
            Stage::NotRecognised => Msg::StNotRecognised,
            Stage::Withdrawn => Msg::StWithdrawn,
        })
    }

    pub fn from_id(id: &str) -> Option<Stage> {
        Stage::ALL.into_iter().find(|s| s.id() == id)
    }

    /// Accepts the ids and the Vietnamese names, without case or diacritics.
    pub fn parse(input: &str) -> Result<Stage> {
        let f = fold(input).replace(['-', '_'], " ");
        let stage = match f.trim() {
            "idea" | "y tuong" => Stage::Idea,
            "plan" | "phuong an" | "ke hoach" => Stage::Plan,
            "implementing" | "trien khai" | "dang trien khai" => Stage::Implementing,
            "submitted" | "da nop" | "da nop ho so" | "nop ho so" | "cho danh gia" => {
                Stage::Submitted
            }
            "evaluated" | "da danh gia" | "danh gia" => Stage::Evaluated,
            "recognised" | "recognized" | "duoc cong nhan" | "cong nhan" | "da cong nhan" => {
                Stage::Recognised
            }
            "not recognised" | "not recognized" | "khong duoc cong nhan" | "khong cong nhan" => {
                Stage::NotRecognised
            }
            "withdrawn" | "da rut" | "rut" | "rut dang ky" => Stage::Withdrawn,
            _ => {
                // What to type: the ids, with their Vietnamese names for a Vietnamese reader.
                let all: Vec<String> = Stage::ALL
                    .iter()
                    .map(|s| match crate::i18n::lang() {
                        crate::i18n::Lang::Vi => format!("{} ({})", s.label(), s.id()),
                        crate::i18n::Lang::En => s.id().to_string(),
                    })
                    .collect();
                return Err(Error::data(t(
                    Msg::StageInvalid,
                    &[("value", input.trim()), ("stages", &all.join(", "))],
                )));
            }
        };
        Ok(stage)
    }

    /// Whether the council has decided (recognised or not): such a registration is closed.
    /// The command that alone moves a registration to this stage, for the stages a council
    /// decides (evaluated, recognised, not-recognised); None for the office's own stages.
    pub fn decided_by(self) -> Option<&'static str> {
        match self {
            Stage::Evaluated | Stage::NotRecognised => Some("ocop rank --year Y --level L"),
            Stage::Recognised => Some("ocop recognise REG --decision NO --date DATE"),
            _ => None,
        }
    }

    /// Refuses a move to a stage that only a council's result or decision reaches.
    pub fn check_not_decided_by_council(self, code: &str) -> Result<()> {
        match self.decided_by() {
            Some(command) => Err(Error::data(t(
                Msg::StageByCouncil,
                &[
                    ("code", code),
                    ("stage", self.label()),
                    ("command", command),
                ],
            ))),
            None => Ok(()),
        }
    }

    pub fn is_decided(self) -> bool {
        matches!(self, Stage::Recognised | Stage::NotRecognised)
    }

    /// Checks a move from `self` to `to` for the registration `code`: stages only move forward,
    /// a withdrawn registration stays withdrawn, and a decided one is closed.
    pub fn check_move(self, to: Stage, code: &str) -> Result<()> {
        let args = [("code", code), ("from", self.label()), ("to", to.label())];
        if self == to {
            return Err(Error::data(t(
                Msg::StageSame,
                &[("code", code), ("stage", self.label())],
            )));
        }
        if self == Stage::Withdrawn {
            return Err(Error::data(t(Msg::StageFromWithdrawn, &args)));
        }
        if self.is_decided() {
            return Err(Error::data(t(Msg::StageFinal, &args)));
        }
        if to < self {
            return Err(Error::data(t(Msg::StageBackwards, &args)));
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_ids_and_vietnamese() {
        for s in Stage::ALL {
            assert_eq!(Stage::parse(s.id()).unwrap(), s);
        }
        assert_eq!(Stage::parse("Đã nộp hồ sơ").unwrap(), Stage::Submitted);
        assert_eq!(Stage::parse("ý tưởng").unwrap(), Stage::Idea);
        assert!(Stage::parse("done").is_err());
        assert_eq!(
            RegKind::parse("Đánh giá lại").unwrap(),
            RegKind::ReEvaluation
        );
        assert_eq!(RegKind::parse("nâng hạng").unwrap(), RegKind::Upgrade);
        assert_eq!(RegKind::parse("mới").unwrap(), RegKind::New);
    }

    #[test]
    fn moves() {
        assert!(Stage::Idea.check_move(Stage::Submitted, "2019-001").is_ok());
        assert!(
            Stage::Submitted
                .check_move(Stage::Withdrawn, "2019-001")
                .is_ok()
        );
        assert!(
            Stage::Evaluated
                .check_move(Stage::NotRecognised, "x")
                .is_ok()
        );
        assert!(Stage::Submitted.check_move(Stage::Plan, "x").is_err());
        assert!(Stage::Withdrawn.check_move(Stage::Submitted, "x").is_err());
        assert!(Stage::Recognised.check_move(Stage::Withdrawn, "x").is_err());
        assert!(Stage::Plan.check_move(Stage::Plan, "x").is_err());
    }
}
