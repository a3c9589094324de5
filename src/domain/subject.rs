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

    /// Accepts the ids, the Vietnamese names and the spellings of published lists ("Công ty
    /// TNHH", "DNTN", "Hộ SXKD", "cá nhân" …), kept as data in `schemas/import/subject-kinds.toml`.
    pub fn parse(input: &str) -> Result<SubjectKind> {
        aliases()
            .get(&kind_key(input))
            .copied()
            .ok_or_else(|| Error::data(t(Msg::SubjectKindInvalid, &[("value", input.trim())])))
    }
}

impl SubjectKind {
    /// The kind a producer's name states by its first words, as published lists write names
    /// ("HTX Nông nghiệp Xuân Lập", "Công ty TNHH Lam Sơn", "Hộ kinh doanh Lê Văn An"): the
    /// longest alias of the kinds file that the name starts with, as whole words. None when the
    /// name says nothing (a person's name).
    pub fn from_name(name: &str) -> Option<SubjectKind> {
        let key = kind_key(name);
        aliases()
            .iter()
            .filter(|(alias, _)| {
                key.strip_prefix(alias.as_str())
                    .is_some_and(|rest| rest.is_empty() || rest.starts_with(' '))
            })
            .max_by_key(|(alias, _)| alias.len())
            .map(|(_, kind)| *kind)
    }
}

/// The matching key of a kind as written: folded, with dots, dashes, underscores and brackets as
/// spaces.
fn kind_key(s: &str) -> String {
    let f = fold(s).replace(['-', '_', '.', '(', ')', ','], " ");
    f.split_whitespace().collect::<Vec<_>>().join(" ")
}

const KINDS_TOML: &str = include_str!("../../schemas/import/subject-kinds.toml");

#[derive(serde::Deserialize)]
struct KindsFile {
    kind: Vec<KindAliases>,
}

#[derive(serde::Deserialize)]
struct KindAliases {
    id: String,
    aliases: Vec<String>,
}

/// Every alias of the kinds file, by its key. The file is part of the binary and checked by a
/// test; an alias of an unknown kind is left out.
fn aliases() -> &'static std::collections::HashMap<String, SubjectKind> {
    static MAP: std::sync::OnceLock<std::collections::HashMap<String, SubjectKind>> =
        std::sync::OnceLock::new();
    MAP.get_or_init(|| {
        let mut map = std::collections::HashMap::new();
        if let Ok(file) = toml::from_str::<KindsFile>(KINDS_TOML) {
            for k in file.kind {
                if let Some(kind) = SubjectKind::from_id(&k.id) {
                    for a in k.aliases.iter().chain(std::iter::once(&k.id)) {
                        map.insert(kind_key(a), kind);
                    }
                }
            }
        }
        map
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_name_states_its_kind_by_its_first_words() {
        let k = SubjectKind::from_name;
        assert_eq!(
            k("HTX Nông nghiệp Xuân Lập"),
            Some(SubjectKind::Cooperative)
        );
        assert_eq!(k("Công ty TNHH Lam Sơn"), Some(SubjectKind::Enterprise));
        assert_eq!(k("Hộ kinh doanh Lê Văn An"), Some(SubjectKind::Household));
        assert_eq!(
            k("Tổ hợp tác chè Xuân Thắng"),
            Some(SubjectKind::CooperativeGroup)
        );
        assert_eq!(k("Nguyễn Văn Hộ"), None);
        assert_eq!(k("Hợp"), None);
    }

    #[test]
    fn the_kinds_file_is_whole_and_reads_the_lists_spellings() {
        let file: KindsFile = toml::from_str(KINDS_TOML).unwrap();
        for k in &file.kind {
            assert!(
                SubjectKind::from_id(&k.id).is_some(),
                "unknown kind {}",
                k.id
            );
        }
        assert_eq!(file.kind.len(), 4);
        for (written, kind) in [
            ("Công ty", SubjectKind::Enterprise),
            ("Công ty TNHH", SubjectKind::Enterprise),
            ("Công ty CP", SubjectKind::Enterprise),
            ("Công ty cổ phần", SubjectKind::Enterprise),
            ("Doanh nghiệp tư nhân", SubjectKind::Enterprise),
            ("DNTN", SubjectKind::Enterprise),
            ("Hộ SXKD", SubjectKind::Household),
            ("hộ kinh doanh cá thể", SubjectKind::Household),
            ("Hộ sản xuất", SubjectKind::Household),
            ("cơ sở sản xuất", SubjectKind::Household),
            ("cá nhân", SubjectKind::Household),
            ("Tổ hợp tác (THT)", SubjectKind::CooperativeGroup),
        ] {
            assert_eq!(SubjectKind::parse(written).unwrap(), kind, "{written}");
        }
        assert!(SubjectKind::parse("câu lạc bộ").is_err());
    }

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
