//! Criteria regimes (bộ tiêu chí): which decision is in force when, its parts and their maxima,
//! star bands, council levels, and the product sets with their groups and industries.
//!
//! The files under schemas/criteria/ are compiled into the binary, so `ocop` works anywhere, and
//! checked when first used; a broken file is an error naming the file and the key.

use std::sync::OnceLock;

use jiff::civil::Date;
use serde::Deserialize;

use crate::error::{Error, Result};
use crate::i18n::{Lang, Msg, lang, t};
use crate::text::fold;

/// The regime files shipped with ocop: (file name, text).
pub const BUILTIN: &[(&str, &str)] = &[
    (
        "qd1048.toml",
        include_str!("../../schemas/criteria/qd1048.toml"),
    ),
    (
        "qd148.toml",
        include_str!("../../schemas/criteria/qd148.toml"),
    ),
    (
        "qd148-1489.toml",
        include_str!("../../schemas/criteria/qd148-1489.toml"),
    ),
];

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Regime {
    pub id: String,
    pub decision: String,
    pub vi: String,
    pub en: String,
    pub in_force_from: String,
    #[serde(default)]
    pub in_force_to: Option<String>,
    pub parts: Vec<Part>,
    pub bands: Vec<Band>,
    pub levels: Vec<Level>,
    pub industries: Vec<Named>,
    pub groups: Vec<Group>,
    pub sets: Vec<ProductSet>,
    #[serde(skip)]
    pub from: Option<Date>,
    #[serde(skip)]
    pub to: Option<Date>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Part {
    pub id: String,
    pub max: u32,
    pub vi: String,
    pub en: String,
}

/// A star band, half-open: `from <= average < to`, the last one closed at 100.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Band {
    pub stars: u8,
    pub from: f64,
    pub to: f64,
}

/// A council level of the regime, in order from the first to the last.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Level {
    pub id: String,
    #[serde(default)]
    pub recognises: Vec<u8>,
    #[serde(default)]
    pub forwards_at: Option<f64>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Named {
    pub id: String,
    pub vi: String,
    pub en: String,
}

/// Nhóm sản phẩm, inside an industry (ngành).
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Group {
    pub id: String,
    pub industry: String,
    pub vi: String,
    pub en: String,
}

/// Bộ sản phẩm: the unit that has its own criteria tree.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ProductSet {
    pub id: String,
    pub no: u32,
    pub group: String,
    pub vi: String,
    pub en: String,
}

impl ProductSet {
    pub fn name(&self) -> &str {
        match lang() {
            Lang::Vi => &self.vi,
            Lang::En => &self.en,
        }
    }
}

impl Group {
    pub fn name(&self) -> &str {
        match lang() {
            Lang::Vi => &self.vi,
            Lang::En => &self.en,
        }
    }
}

impl Regime {
    /// Parses and checks one regime file; errors name the file and the key.
    pub fn load(file: &str, text: &str) -> Result<Regime> {
        let mut r: Regime = toml::from_str(text)
            .map_err(|e| Error::data(format!("{file}: {}", e.to_string().trim_end())))?;
        let bad = |key: String, why: &str| Error::data(format!("{file}: {key}: {why}"));
        let date = |key: &str, s: &str| {
            s.parse::<Date>()
                .map_err(|_| bad(key.to_string(), "not a date yyyy-mm-dd"))
        };
        r.from = Some(date("in_force_from", &r.in_force_from)?);
        r.to = match &r.in_force_to {
            Some(s) => Some(date("in_force_to", s)?),
            None => None,
        };
        if r.parts.iter().map(|p| p.max).sum::<u32>() != 100 {
            return Err(bad("parts".into(), "the parts' maxima must add up to 100"));
        }
        unique(r.parts.iter().map(|p| p.id.as_str()), "parts")
            .map_err(|k| bad(k, "duplicate id"))?;
        // Bands must tile 0..=100 without gap or overlap, in order.
        let mut edge = 0.0;
        for (i, b) in r.bands.iter().enumerate() {
            if b.from != edge || b.to <= b.from {
                return Err(bad(
                    format!("bands[{i}]"),
                    "bands must cover 0–100 in order, without gaps or overlaps",
                ));
            }
            edge = b.to;
        }
        if edge != 100.0 {
            return Err(bad("bands".into(), "the last band must end at 100"));
        }
        unique(r.levels.iter().map(|l| l.id.as_str()), "levels")
            .map_err(|k| bad(k, "duplicate id"))?;
        for (i, l) in r.levels.iter().enumerate() {
            if !crate::domain::LEVELS.contains(&l.id.as_str()) {
                return Err(bad(
                    format!("levels[{i}].id"),
                    "a level is one of commune, district, province, central",
                ));
            }
        }
        unique(r.industries.iter().map(|x| x.id.as_str()), "industries")
            .map_err(|k| bad(k, "duplicate id"))?;
        unique(r.groups.iter().map(|x| x.id.as_str()), "groups")
            .map_err(|k| bad(k, "duplicate id"))?;
        unique(r.sets.iter().map(|x| x.id.as_str()), "sets").map_err(|k| bad(k, "duplicate id"))?;
        for (i, g) in r.groups.iter().enumerate() {
            if !r.industries.iter().any(|x| x.id == g.industry) {
                return Err(bad(
                    format!("groups[{i}].industry"),
                    "no industry has this id",
                ));
            }
        }
        for (i, s) in r.sets.iter().enumerate() {
            if !r.groups.iter().any(|g| g.id == s.group) {
                return Err(bad(format!("sets[{i}].group"), "no group has this id"));
            }
        }
        Ok(r)
    }

    pub fn name(&self) -> &str {
        match lang() {
            Lang::Vi => &self.vi,
            Lang::En => &self.en,
        }
    }

    pub fn in_force_on(&self, d: Date) -> bool {
        self.from.is_some_and(|f| f <= d) && self.to.is_none_or(|to| d <= to)
    }

    pub fn set(&self, id: &str) -> Option<&ProductSet> {
        self.sets.iter().find(|s| s.id == id)
    }

    pub fn group(&self, id: &str) -> Option<&Group> {
        self.groups.iter().find(|g| g.id == id)
    }

    /// Finds a product set by id, number or name (case and diacritics ignored).
    pub fn find_set(&self, query: &str) -> Result<&ProductSet> {
        let q = fold(query);
        if let Some(s) = self
            .sets
            .iter()
            .find(|s| s.id == q || s.no.to_string() == q)
        {
            return Ok(s);
        }
        let exact: Vec<&ProductSet> = self
            .sets
            .iter()
            .filter(|s| fold(&s.vi) == q || fold(&s.en) == q)
            .collect();
        let found: Vec<&ProductSet> = if exact.is_empty() {
            self.sets
                .iter()
                .filter(|s| fold(&s.vi).contains(&q) || fold(&s.en).contains(&q))
                .collect()
        } else {
            exact
        };
        match found.as_slice() {
            [one] => Ok(one),
            [] => Err(Error::data(t(
                Msg::NotFound,
                &[
                    ("what", crate::i18n::l(Msg::WhatProductSet)),
                    ("query", query),
                    ("hint", &format!("ocop criteria list --regime {}", self.id)),
                ],
            ))),
            many => Err(Error::data(t(
                Msg::Ambiguous,
                &[
                    ("query", query),
                    ("what", crate::i18n::l(Msg::WhatProductSet)),
                    (
                        "candidates",
                        &many
                            .iter()
                            .map(|s| format!("{} ({})", s.vi, s.id))
                            .collect::<Vec<_>>()
                            .join("; "),
                    ),
                ],
            ))),
        }
    }

    /// Finds a group by id or name.
    pub fn find_group(&self, query: &str) -> Option<&Group> {
        let q = fold(query);
        self.groups
            .iter()
            .find(|g| g.id == q || fold(&g.vi) == q || fold(&g.en) == q)
    }
}

fn unique<'a>(ids: impl Iterator<Item = &'a str>, what: &str) -> std::result::Result<(), String> {
    let mut seen = std::collections::HashSet::new();
    for id in ids {
        if !seen.insert(id) {
            return Err(format!("{what}.id = \"{id}\""));
        }
    }
    Ok(())
}

/// All known regimes, in order of their start dates.
pub struct Regimes {
    pub all: Vec<Regime>,
    /// The exact text of each built-in regime file and its SHA-256, by regime id.
    texts: Vec<(String, &'static str, String)>,
}

static BUILTIN_REGIMES: OnceLock<std::result::Result<Regimes, String>> = OnceLock::new();

impl Regimes {
    /// The regimes compiled into the binary, loaded and checked once per process.
    pub fn builtin() -> Result<&'static Regimes> {
        BUILTIN_REGIMES
            .get_or_init(|| {
                let mut all = Vec::new();
                let mut texts = Vec::new();
                for (file, text) in BUILTIN {
                    let r = Regime::load(&format!("schemas/criteria/{file}"), text)
                        .map_err(|e| e.message)?;
                    texts.push((r.id.clone(), *text, crate::db::scores::sha256_hex(text)));
                    all.push(r);
                }
                all.sort_by_key(|r| r.from);
                Ok(Regimes { all, texts })
            })
            .as_ref()
            .map_err(|m| Error::env(m.clone()))
    }

    pub fn get(&self, id: &str) -> Result<&Regime> {
        let q = fold(id);
        self.all.iter().find(|r| r.id == q).ok_or_else(|| {
            Error::data(t(
                Msg::NotFound,
                &[
                    ("what", crate::i18n::l(Msg::WhatRegime)),
                    ("query", id),
                    ("hint", "ocop criteria list"),
                ],
            ))
        })
    }

    /// The regime in force on `date`.
    pub fn on(&self, date: Date) -> Result<&Regime> {
        self.all
            .iter()
            .find(|r| r.in_force_on(date))
            .ok_or_else(|| {
                Error::data(t(
                    Msg::NoRegimeForYear,
                    &[("date", &date.to_string()), ("regimes", &self.ids())],
                ))
            })
    }

    /// SPEC.md: the regime of a registration is the one in force on its evaluation date, else on
    /// 31 December of its year.
    pub fn for_year(&self, year: i32) -> Result<&Regime> {
        let date = Date::new(year as i16, 12, 31)
            .map_err(|_| Error::data(t(Msg::YearInvalid, &[("value", &year.to_string())])))?;
        self.on(date)
    }

    /// The exact text of a built-in regime file, kept with each score sheet scored under it.
    pub fn text(&self, id: &str) -> Option<&'static str> {
        self.texts
            .iter()
            .find(|(i, _, _)| i == id)
            .map(|(_, t, _)| *t)
    }

    /// The text of a built-in regime file with its SHA-256.
    pub fn text_and_sha(&self, id: &str) -> Option<(&'static str, &str)> {
        self.texts
            .iter()
            .find(|(i, _, _)| i == id)
            .map(|(_, t, s)| (*t, s.as_str()))
    }

    pub fn ids(&self) -> String {
        self.all
            .iter()
            .map(|r| r.id.as_str())
            .collect::<Vec<_>>()
            .join(", ")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn builtin_regimes_load_and_check() {
        let r = Regimes::builtin().unwrap();
        assert_eq!(r.all.len(), 3);
        for reg in &r.all {
            assert_eq!(reg.sets.len(), 26, "{}", reg.id);
        }
        assert_eq!(r.for_year(2019).unwrap().id, "qd1048");
        assert_eq!(r.for_year(2022).unwrap().id, "qd1048");
        assert_eq!(r.for_year(2023).unwrap().id, "qd148");
        assert_eq!(r.for_year(2024).unwrap().id, "qd148");
        assert_eq!(r.for_year(2025).unwrap().id, "qd148-1489");
        assert!(r.for_year(2018).is_err());
    }

    #[test]
    fn sets_are_found_by_name() {
        let r = Regimes::builtin().unwrap().get("qd1048").unwrap();
        assert_eq!(r.find_set("ruou trang").unwrap().id, "ruou-trang");
        assert_eq!(
            r.find_set("Mật ong").unwrap().id,
            "mat-ong-cac-san-pham-tu-mat-ong-mat-khac"
        );
        assert!(r.find_set("chế biến").is_err(), "ambiguous");
        assert!(r.find_set("xe máy").is_err());
    }

    #[test]
    fn broken_files_name_the_key() {
        let good = BUILTIN[0].1;
        let bad = good.replacen("max = 35", "max = 36", 1);
        let err = Regime::load("x.toml", &bad).unwrap_err();
        assert!(
            err.message.contains("x.toml") && err.message.contains("parts"),
            "{}",
            err.message
        );
        let bad = good.replacen("group = \"gia-vi\"", "group = \"nope\"", 1);
        let err = Regime::load("x.toml", &bad).unwrap_err();
        assert!(err.message.contains("sets["), "{}", err.message);
        let bad = good.replacen("to = 30", "to = 31", 1);
        assert!(Regime::load("x.toml", &bad).is_err());
        let err = Regime::load("x.toml", "id = 3").unwrap_err();
        assert!(err.message.contains("x.toml"), "{}", err.message);
    }
}
