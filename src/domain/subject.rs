//! Chủ thể: the producer who registers products.

use crate::error::{Error, Result};
use crate::i18n::{Msg, l, t};
use crate::text::fold;

/// Loại hình chủ thể: who may register under the OCOP programme.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SubjectKind {
    /// Doanh nghiệp (DN).
    Enterprise,
    /// Hợp tác xã (HTX).
    Cooperative,
    /// Tổ hợp tác (THT).
    CooperativeGroup,
    /// Hộ kinh doanh / hộ sản xuất có đăng ký kinh doanh.
    Household,
}

impl SubjectKind {
    pub const ALL: [SubjectKind; 4] = [
        SubjectKind::Enterprise,
        SubjectKind::Cooperative,
        SubjectKind::CooperativeGroup,
        SubjectKind::Household,
    ];

    /// The stable id used in the database, CSV and JSON.
    pub fn id(self) -> &'static str {
        match self {
            SubjectKind::Enterprise => "enterprise",
            SubjectKind::Cooperative => "cooperative",
            SubjectKind::CooperativeGroup => "cooperative-group",
            SubjectKind::Household => "household",
        }
    }

    pub fn label(self) -> &'static str {
        l(match self {
            SubjectKind::Enterprise => Msg::KindEnterprise,
            SubjectKind::Cooperative => Msg::KindCooperative,
            SubjectKind::CooperativeGroup => Msg::KindCoopGroup,
            SubjectKind::Household => Msg::KindHousehold,
        })
    }

    pub fn from_id(id: &str) -> Option<SubjectKind> {
        SubjectKind::ALL.into_iter().find(|k| k.id() == id)
    }

    /// Accepts the ids, the Vietnamese names and the usual abbreviations (DN, HTX, THT, HKD).
    pub fn parse(input: &str) -> Result<SubjectKind> {
        let f = fold(input).replace(['-', '_', '.'], " ");
        let f = f.split_whitespace().collect::<Vec<_>>().join(" ");
        let kind = match f.as_str() {
            "enterprise" | "company" | "doanh nghiep" | "dn" | "cong ty" | "cty" => {
                SubjectKind::Enterprise
            }
            "cooperative" | "hop tac xa" | "htx" => SubjectKind::Cooperative,
            "cooperative group" | "to hop tac" | "tht" => SubjectKind::CooperativeGroup,
            "household"
            | "household business"
            | "ho kinh doanh"
            | "hkd"
            | "ho san xuat"
            | "ho san xuat kinh doanh"
            | "ho gia dinh"
            | "ho" => SubjectKind::Household,
            _ => {
                return Err(Error::data(t(
                    Msg::SubjectKindInvalid,
                    &[("value", input.trim())],
                )));
            }
        };
        Ok(kind)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accepts_vietnamese_names_and_abbreviations() {
        assert_eq!(SubjectKind::parse("HTX").unwrap(), SubjectKind::Cooperative);
        assert_eq!(
            SubjectKind::parse("Hợp tác xã").unwrap(),
            SubjectKind::Cooperative
        );
        assert_eq!(
            SubjectKind::parse("tổ hợp tác").unwrap(),
            SubjectKind::CooperativeGroup
        );
        assert_eq!(
            SubjectKind::parse("THT").unwrap(),
            SubjectKind::CooperativeGroup
        );
        assert_eq!(SubjectKind::parse("DN").unwrap(), SubjectKind::Enterprise);
        assert_eq!(
            SubjectKind::parse("cooperative-group").unwrap(),
            SubjectKind::CooperativeGroup
        );
        assert_eq!(
            SubjectKind::parse("Hộ kinh doanh").unwrap(),
            SubjectKind::Household
        );
        assert!(SubjectKind::parse("bank").is_err());
        for k in SubjectKind::ALL {
            assert_eq!(SubjectKind::parse(k.id()).unwrap(), k);
            assert_eq!(SubjectKind::from_id(k.id()), Some(k));
        }
    }
}
