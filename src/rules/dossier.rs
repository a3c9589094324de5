//! Dossier rules (schemas/dossier/*.toml): which documents a registration's dossier needs, by
//! regime, industry and producer kind, and how long each stays valid.

use std::collections::BTreeMap;
use std::sync::OnceLock;

use serde::Deserialize;

use crate::error::{Error, Result};
use crate::i18n::{Lang, lang};

pub const BUILTIN: &[(&str, &str)] = &[
    (
        "qd1048.toml",
        include_str!("../../schemas/dossier/qd1048.toml"),
    ),
    (
        "qd148.toml",
        include_str!("../../schemas/dossier/qd148.toml"),
    ),
    (
        "qd148-1489.toml",
        include_str!("../../schemas/dossier/qd148-1489.toml"),
    ),
    (
        "qd26-2026.toml",
        include_str!("../../schemas/dossier/qd26-2026.toml"),
    ),
];

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DossierRules {
    pub regime: String,
    /// The regime whose dossier rules this one takes until its own are known (26/2026: 148-1489's).
    #[serde(default)]
    pub same_as: Option<String>,
    #[serde(default)]
    pub settings: BTreeMap<String, i64>,
    #[serde(default)]
    pub kinds: Vec<DocKind>,
}

/// How long a document stays valid.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Validity {
    /// Months from the issue date, by a key of `[settings]`.
    pub setting: String,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DocKind {
    pub id: String,
    pub no: u32,
    pub vi: String,
    pub en: String,
    pub mandatory: bool,
    /// "file": a document must be attached; "receipt": only its receipt is recorded.
    pub attach: String,
    #[serde(default)]
    pub mandatory_industries: Vec<String>,
    #[serde(default)]
    pub subject_kinds: Vec<String>,
    #[serde(default)]
    pub not_industries: Vec<String>,
    #[serde(default)]
    pub validity: Option<Validity>,
}

impl DocKind {
    pub fn title(&self) -> &str {
        match lang() {
            Lang::Vi => &self.vi,
            Lang::En => &self.en,
        }
    }

    /// Whether the item concerns a registration of this industry and producer kind.
    pub fn applies(&self, industry: &str, subject_kind: &str) -> bool {
        (self.subject_kinds.is_empty() || self.subject_kinds.iter().any(|k| k == subject_kind))
            && !self.not_industries.iter().any(|i| i == industry)
    }

    /// Whether the item is required of such a registration.
    pub fn required(&self, industry: &str, subject_kind: &str) -> bool {
        self.applies(industry, subject_kind)
            && (self.mandatory || self.mandatory_industries.iter().any(|i| i == industry))
    }

    pub fn needs_file(&self) -> bool {
        self.attach == "file"
    }
}

impl DossierRules {
    pub fn load(file: &str, text: &str) -> Result<DossierRules> {
        let r: DossierRules = toml::from_str(text)
            .map_err(|e| Error::env(format!("{file}: {}", e.to_string().trim_end())))?;
        let mut seen = std::collections::HashSet::new();
        for (i, k) in r.kinds.iter().enumerate() {
            if !seen.insert(k.id.as_str()) {
                return Err(Error::env(format!(
                    "{file}: kinds[{i}].id: duplicate id `{}`",
                    k.id
                )));
            }
            if k.attach != "file" && k.attach != "receipt" {
                return Err(Error::env(format!(
                    "{file}: kinds[{i}].attach: \"file\" or \"receipt\""
                )));
            }
            if let Some(v) = &k.validity
                && !r.settings.contains_key(&v.setting)
            {
                return Err(Error::env(format!(
                    "{file}: kinds[{i}].validity.setting: no setting `{}`",
                    v.setting
                )));
            }
        }
        Ok(r)
    }

    pub fn kind(&self, id: &str) -> Option<&DocKind> {
        self.kinds.iter().find(|k| k.id == id)
    }

    /// Months a document of `kind` stays valid after its issue date, if the rules say so.
    pub fn validity_months(&self, kind: &DocKind) -> Option<i64> {
        kind.validity
            .as_ref()
            .and_then(|v| self.settings.get(&v.setting).copied())
    }

    /// Finds a kind by id, number or title (case and diacritics ignored).
    /// A kind by id, number or title; else the one kind whose title holds every word typed, in
    /// any order ("mẫu sản phẩm" finds "Sản phẩm mẫu"), as typed when typed with marks.
    pub fn find(&self, query: &str) -> Option<&DocKind> {
        let q = crate::text::fold(query);
        let exact = self.kinds.iter().find(|k| {
            k.id == q
                || k.no.to_string() == q
                || crate::text::fold(&k.vi) == q
                || crate::text::fold(&k.en) == q
        });
        if exact.is_some() || q.is_empty() {
            return exact;
        }
        let words: Vec<&str> = q.split_whitespace().collect();
        let holds_words = |title: &str| {
            let t = crate::text::fold(title);
            let title_words: Vec<&str> = t.split_whitespace().collect();
            words.iter().all(|w| title_words.contains(w))
        };
        let found: Vec<&DocKind> = self
            .kinds
            .iter()
            .filter(|k| holds_words(&k.vi) || holds_words(&k.en))
            .collect();
        let found =
            crate::text::prefer_as_typed(found, query, |k| vec![k.vi.as_str(), k.en.as_str()]);
        match found.as_slice() {
            [one] => Some(one),
            _ => None,
        }
    }
}

static RULES: OnceLock<std::result::Result<Vec<DossierRules>, String>> = OnceLock::new();

/// The rules of a regime, from the files compiled into the binary.
pub fn for_regime(regime: &str) -> Result<&'static DossierRules> {
    let all = RULES
        .get_or_init(|| {
            BUILTIN
                .iter()
                .map(|(f, text)| {
                    DossierRules::load(&format!("schemas/dossier/{f}"), text).map_err(|e| e.message)
                })
                .collect()
        })
        .as_ref()
        .map_err(|m| Error::env(m.clone()))?;
    let find = |id: &str| {
        all.iter()
            .find(|r| r.regime == id)
            .ok_or_else(|| Error::env(format!("schemas/dossier: no rules for regime {id}")))
    };
    let rules = find(regime)?;
    match &rules.same_as {
        Some(other) => find(other),
        None => Ok(rules),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn builtin_rules_cover_the_items() {
        let r = for_regime("qd1048").unwrap();
        assert_eq!(r.kinds.len(), 18);
        let r148 = for_regime("qd148").unwrap();
        assert_eq!(r148.kinds.len(), 19);
        assert!(r148.kind("self-assessment").unwrap().mandatory);
        for_regime("qd148-1489").unwrap();
        assert_eq!(for_regime("qd26-2026").unwrap().regime, "qd148-1489");
        // Samples: not for tourism; business registration: not for a cooperative group.
        let samples = r.kind("product-samples").unwrap();
        assert!(samples.required("thuc-pham", "cooperative"));
        assert!(!samples.required("du-lich-nong-thon-ban-hang", "cooperative"));
        assert!(
            !r.kind("business-registration")
                .unwrap()
                .required("thuc-pham", "cooperative-group")
        );
        let cert = r.kind("production-certificate").unwrap();
        assert!(cert.required("thuc-pham", "enterprise"));
        assert!(!cert.required("vai-may-mac", "enterprise"));
        assert_eq!(r.validity_months(r.kind("test-report").unwrap()), Some(12));
    }
}
