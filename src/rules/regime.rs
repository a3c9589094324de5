//! Criteria regimes (bộ tiêu chí): which decision is in force when, its parts and their maxima,
//! star bands, council levels, and the product sets with their groups and industries.
//!
//! The files under schemas/criteria/ are compiled into the binary, so `ocop` works anywhere, and
//! checked when first used; a broken file is an error naming the file and the key.

use std::sync::{OnceLock, RwLock};

use jiff::civil::Date;
use serde::Deserialize;

use crate::error::{Error, Result};
use crate::i18n::{Lang, Msg, lang, t};
use crate::rules::criteria::{Criterion, TreeFile, check_tree};
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
    (
        "qd26-2026.toml",
        include_str!("../../schemas/criteria/qd26-2026.toml"),
    ),
];

/// The criteria trees shipped with ocop, one file per product set: (file name, text). A set of a
/// regime without a tree here is scored by part totals.
pub const BUILTIN_TREES: &[(&str, &str)] = &[
    (
        "qd1048/ca-phe-ca-cao.toml",
        include_str!("../../schemas/criteria/qd1048/ca-phe-ca-cao.toml"),
    ),
    (
        "qd1048/cac-san-pham-khac-tu-che-tra.toml",
        include_str!("../../schemas/criteria/qd1048/cac-san-pham-khac-tu-che-tra.toml"),
    ),
    (
        "qd1048/che-bien-tu-gao-ngu-coc.toml",
        include_str!("../../schemas/criteria/qd1048/che-bien-tu-gao-ngu-coc.toml"),
    ),
    (
        "qd1048/che-bien-tu-rau-cu-qua-hat.toml",
        include_str!("../../schemas/criteria/qd1048/che-bien-tu-rau-cu-qua-hat.toml"),
    ),
    (
        "qd1048/che-bien-tu-thit-trung-sua.toml",
        include_str!("../../schemas/criteria/qd1048/che-bien-tu-thit-trung-sua.toml"),
    ),
    (
        "qd1048/che-bien-tu-thuy-hai-san.toml",
        include_str!("../../schemas/criteria/qd1048/che-bien-tu-thuy-hai-san.toml"),
    ),
    (
        "qd1048/che-tuoi-che-bien.toml",
        include_str!("../../schemas/criteria/qd1048/che-tuoi-che-bien.toml"),
    ),
    (
        "qd1048/do-an-nhanh.toml",
        include_str!("../../schemas/criteria/qd1048/do-an-nhanh.toml"),
    ),
    (
        "qd1048/do-uong-khong-con-khac.toml",
        include_str!("../../schemas/criteria/qd1048/do-uong-khong-con-khac.toml"),
    ),
    (
        "qd1048/du-lich-cong-dong.toml",
        include_str!("../../schemas/criteria/qd1048/du-lich-cong-dong.toml"),
    ),
    (
        "qd1048/gia-vi-khac.toml",
        include_str!("../../schemas/criteria/qd1048/gia-vi-khac.toml"),
    ),
    (
        "qd1048/mat-ong-cac-san-pham-tu-mat-ong-mat-khac.toml",
        include_str!("../../schemas/criteria/qd1048/mat-ong-cac-san-pham-tu-mat-ong-mat-khac.toml"),
    ),
    (
        "qd1048/my-pham.toml",
        include_str!("../../schemas/criteria/qd1048/my-pham.toml"),
    ),
    (
        "qd1048/nganh-vai-may-mac.toml",
        include_str!("../../schemas/criteria/qd1048/nganh-vai-may-mac.toml"),
    ),
    (
        "qd1048/nuoc-khoang-thien-nhien-nuoc-uong-tinh-khiet.toml",
        include_str!(
            "../../schemas/criteria/qd1048/nuoc-khoang-thien-nhien-nuoc-uong-tinh-khiet.toml"
        ),
    ),
    (
        "qd1048/rau-cu-qua-hat-tuoi.toml",
        include_str!("../../schemas/criteria/qd1048/rau-cu-qua-hat-tuoi.toml"),
    ),
    (
        "qd1048/ruou-trang.toml",
        include_str!("../../schemas/criteria/qd1048/ruou-trang.toml"),
    ),
    (
        "qd1048/thao-duoc-khac.toml",
        include_str!("../../schemas/criteria/qd1048/thao-duoc-khac.toml"),
    ),
    (
        "qd1048/thit-trung-sua-tuoi.toml",
        include_str!("../../schemas/criteria/qd1048/thit-trung-sua-tuoi.toml"),
    ),
    (
        "qd1048/thu-cong-my-nghe-gia-dung.toml",
        include_str!("../../schemas/criteria/qd1048/thu-cong-my-nghe-gia-dung.toml"),
    ),
    (
        "qd1048/thu-cong-my-nghe-trang-tri.toml",
        include_str!("../../schemas/criteria/qd1048/thu-cong-my-nghe-trang-tri.toml"),
    ),
    (
        "qd1048/trang-thiet-bi-dung-cu-y-te.toml",
        include_str!("../../schemas/criteria/qd1048/trang-thiet-bi-dung-cu-y-te.toml"),
    ),
    (
        "qd148/cay-canh.toml",
        include_str!("../../schemas/criteria/qd148/cay-canh.toml"),
    ),
    (
        "qd148/che-bien-tu-gao-ngu-coc.toml",
        include_str!("../../schemas/criteria/qd148/che-bien-tu-gao-ngu-coc.toml"),
    ),
    (
        "qd148/che-bien-tu-thit-thuy-san-trung-sua-mat-ong-nong-san-khac.toml",
        include_str!(
            "../../schemas/criteria/qd148/che-bien-tu-thit-thuy-san-trung-sua-mat-ong-nong-san-khac.toml"
        ),
    ),
    (
        "qd148/do-an-nhanh.toml",
        include_str!("../../schemas/criteria/qd148/do-an-nhanh.toml"),
    ),
    (
        "qd148/do-uong-co-con-khac.toml",
        include_str!("../../schemas/criteria/qd148/do-uong-co-con-khac.toml"),
    ),
    (
        "qd148/do-uong-khong-con-khac.toml",
        include_str!("../../schemas/criteria/qd148/do-uong-khong-con-khac.toml"),
    ),
    (
        "qd148/dong-vat-canh.toml",
        include_str!("../../schemas/criteria/qd148/dong-vat-canh.toml"),
    ),
    (
        "qd148/gao-ngu-coc-hat-so-che-khac.toml",
        include_str!("../../schemas/criteria/qd148/gao-ngu-coc-hat-so-che-khac.toml"),
    ),
    (
        "qd148/gia-vi-khac.toml",
        include_str!("../../schemas/criteria/qd148/gia-vi-khac.toml"),
    ),
    (
        "qd148/hoa.toml",
        include_str!("../../schemas/criteria/qd148/hoa.toml"),
    ),
    (
        "qd148/mat-ong-mat-khac-va-nong-san-thuc-pham-khac.toml",
        include_str!(
            "../../schemas/criteria/qd148/mat-ong-mat-khac-va-nong-san-thuc-pham-khac.toml"
        ),
    ),
    (
        "qd148/my-pham-co-thanh-phan-tu-thao-duoc.toml",
        include_str!("../../schemas/criteria/qd148/my-pham-co-thanh-phan-tu-thao-duoc.toml"),
    ),
    (
        "qd148/nuoc-khoang-thien-nhien-nuoc-uong-tinh-khiet.toml",
        include_str!(
            "../../schemas/criteria/qd148/nuoc-khoang-thien-nhien-nuoc-uong-tinh-khiet.toml"
        ),
    ),
    (
        "qd148/rau-cu-qua-hat-tuoi.toml",
        include_str!("../../schemas/criteria/qd148/rau-cu-qua-hat-tuoi.toml"),
    ),
    (
        "qd148/ruou-trang.toml",
        include_str!("../../schemas/criteria/qd148/ruou-trang.toml"),
    ),
    (
        "qd148/thit-thuy-san-trung-sua-tuoi.toml",
        include_str!("../../schemas/criteria/qd148/thit-thuy-san-trung-sua-tuoi.toml"),
    ),
    (
        "qd148/thu-cong-my-nghe-gia-dung-trang-tri.toml",
        include_str!("../../schemas/criteria/qd148/thu-cong-my-nghe-gia-dung-trang-tri.toml"),
    ),
    (
        "qd148/thuc-pham-chuc-nang-thuoc-tu-duoc-lieu-thuoc-y-hoc-co-truyen.toml",
        include_str!(
            "../../schemas/criteria/qd148/thuc-pham-chuc-nang-thuoc-tu-duoc-lieu-thuoc-y-hoc-co-truyen.toml"
        ),
    ),
    (
        "qd148/tinh-dau-va-thao-duoc-khac.toml",
        include_str!("../../schemas/criteria/qd148/tinh-dau-va-thao-duoc-khac.toml"),
    ),
    (
        "qd148/tuong-nuoc-mam-gia-vi-dang-long-khac.toml",
        include_str!("../../schemas/criteria/qd148/tuong-nuoc-mam-gia-vi-dang-long-khac.toml"),
    ),
    (
        "qd148/vai-may-mac.toml",
        include_str!("../../schemas/criteria/qd148/vai-may-mac.toml"),
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
    /// The regime whose criteria trees this one uses (148-1489 scores with 148's sheets: 1489
    /// changed the procedure, not the criteria); by default its own, `schemas/criteria/<id>/`.
    #[serde(default)]
    pub trees_from: Option<String>,
    /// The day the trees' mandatory criteria (`stars` marks) start to bind, when later than the
    /// regime itself: 1048's marks are 781/QĐ-TTg's, from 08/06/2020. An evaluation before it is
    /// rated by its band alone.
    #[serde(default)]
    pub marks_from: Option<String>,
    #[serde(skip)]
    pub marks_from_date: Option<Date>,
    /// Why the regime's sets are scored by part totals, when none has a tree (26/2026).
    #[serde(default)]
    pub part_totals: Option<Text>,
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
    /// A pre-assessment level (the commune under 1489): the aspects it assesses; it gives no
    /// stars and forwards or returns the dossier (ops::preassess).
    #[serde(default)]
    pub assesses: Vec<Named>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Named {
    pub id: String,
    pub vi: String,
    pub en: String,
}

/// A sentence of a regime file in both languages.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Text {
    pub vi: String,
    pub en: String,
}

impl Text {
    pub fn get(&self) -> &str {
        match lang() {
            Lang::Vi => &self.vi,
            Lang::En => &self.en,
        }
    }
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
    /// The sets of earlier regimes (and the ids of this file's earlier versions) this set takes
    /// over: 148's "Thịt, thủy sản, trứng, sữa tươi" continues 1048's `thit-trung-sua-tuoi`. A
    /// product carries its set into a later regime through it ([`Regimes::carry_set`]).
    #[serde(default)]
    pub continues: Vec<String>,
    /// Why the set has no criteria tree and is scored by part totals (a gap of the source).
    #[serde(default)]
    pub part_totals: Option<Text>,
    /// The set's criteria tree; empty when the set is scored by part totals. Built-in trees live
    /// in files of their own (`schemas/criteria/<regime>/<set>.toml`); a user's regime file may
    /// give them inline as `[[sets.criteria]]`.
    #[serde(default)]
    pub criteria: Vec<Criterion>,
    /// A built-in tree file, parsed when the tree is first used: most commands never need the
    /// 400 KB of trees, and parsing them took most of a short command's 10 ms.
    #[serde(skip)]
    shipped: Option<ShippedTree>,
    #[serde(skip)]
    parsed: OnceLock<Vec<Criterion>>,
}

/// A tree file compiled into the binary, with the parts it must add up to.
#[derive(Debug, Clone)]
struct ShippedTree {
    file: &'static str,
    text: &'static str,
    parts: Vec<Part>,
}

impl ShippedTree {
    /// Parses and checks the tree, with errors naming file, line and key.
    fn load(&self) -> Result<Vec<Criterion>> {
        let file = format!("schemas/criteria/{}", self.file);
        let tree: TreeFile = toml::from_str(self.text)
            .map_err(|e| Error::data(format!("{file}: {}", e.to_string().trim_end())))?;
        check_tree(&file, self.text, &self.parts, &tree.criteria)?;
        Ok(tree.criteria)
    }
}

impl ProductSet {
    /// The criteria tree, or `None` when the set is scored by part totals. A built-in tree is
    /// parsed here the first time; every built-in tree is checked by the unit test
    /// `every_tree_file_is_compiled_in_and_attached` on every build, so none can fail here.
    pub fn tree(&self) -> Option<&[Criterion]> {
        if !self.criteria.is_empty() {
            return Some(self.criteria.as_slice());
        }
        let shipped = self.shipped.as_ref()?;
        let tree = self
            .parsed
            .get_or_init(|| shipped.load().unwrap_or_default());
        (!tree.is_empty()).then_some(tree.as_slice())
    }

    /// A criterion of the tree by id, case ignored ("a1.1").
    pub fn criterion(&self, id: &str) -> Option<&Criterion> {
        let id = id.trim();
        self.tree()?.iter().find(|c| c.id.eq_ignore_ascii_case(id))
    }

    pub fn name(&self) -> &str {
        match lang() {
            Lang::Vi => &self.vi,
            Lang::En => &self.en,
        }
    }

    /// Why the set is scored by part totals, in the chosen language: its own reason, else the
    /// regime's.
    pub fn part_totals_reason<'a>(&'a self, regime: &'a Regime) -> Option<&'a str> {
        self.part_totals
            .as_ref()
            .or(regime.part_totals.as_ref())
            .map(Text::get)
    }
}

impl Named {
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
    /// Whether the trees' mandatory criteria bind an evaluation made on `day`.
    pub fn marks_bind_on(&self, day: Date) -> bool {
        self.marks_from_date.is_none_or(|from| day >= from)
    }

    /// Parses and checks one regime file; errors name the file and the key.
    pub fn load(file: &str, text: &str) -> Result<Regime> {
        if text.trim().is_empty() {
            return Err(Error::data(t(Msg::RegimeFileEmpty, &[("file", file)])));
        }
        let mut r: Regime = toml::from_str(text).map_err(|e| {
            // The line and column of the fault, and the parser's own words without its drawing.
            let line = e
                .span()
                .map(|s| text[..s.start.min(text.len())].lines().count().max(1))
                .unwrap_or(1);
            Error::data(t(
                Msg::RegimeFileUnreadable,
                &[
                    ("file", file),
                    ("line", &line.to_string()),
                    ("detail", e.message().trim_end()),
                ],
            ))
        })?;
        let bad = |key: String, why: &str| match line_of_key(text, &key) {
            Some(line) => Error::data(format!("{file}:{line}: {key}: {why}")),
            None => Error::data(format!("{file}: {key}: {why}")),
        };
        let date = |key: &str, s: &str| {
            s.parse::<Date>()
                .map_err(|_| bad(key.to_string(), "not a date yyyy-mm-dd"))
        };
        r.from = Some(date("in_force_from", &r.in_force_from)?);
        r.to = match &r.in_force_to {
            Some(s) => Some(date("in_force_to", s)?),
            None => None,
        };
        r.marks_from_date = match &r.marks_from {
            Some(s) => Some(date("marks_from", s)?),
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
            if !s.criteria.is_empty() {
                check_tree(file, text, &r.parts, &s.criteria)?;
            }
        }
        Ok(r)
    }

    /// Notes a built-in tree file for its set, to be parsed when first used; the set is read from
    /// the file's `set = "…"` line.
    fn attach_shipped(&mut self, file: &'static str, text: &'static str) -> Result<()> {
        let set_id = text
            .lines()
            .find_map(|l| l.strip_prefix("set = "))
            .map(|v| v.trim().trim_matches('"'))
            .ok_or_else(|| Error::env(format!("schemas/criteria/{file}: set: missing")))?;
        let parts = self.parts.clone();
        let set = self
            .sets
            .iter_mut()
            .find(|s| s.id == set_id)
            .ok_or_else(|| {
                Error::env(format!(
                    "schemas/criteria/{file}: set: no set \"{set_id}\" in {}",
                    self.id
                ))
            })?;
        set.shipped = Some(ShippedTree { file, text, parts });
        Ok(())
    }

    /// Parses and checks every built-in tree of the regime now; returns how many there are.
    pub fn check_shipped_trees(&self) -> Result<usize> {
        let mut n = 0;
        for s in &self.sets {
            if let Some(t) = &s.shipped {
                t.load()?;
                n += 1;
            }
        }
        Ok(n)
    }

    /// Attaches a tree file (`regime`, `set`, `[[criteria]]`) to its set, checking it.
    pub fn attach_tree(&mut self, file: &str, text: &str) -> Result<()> {
        let tree: TreeFile = toml::from_str(text)
            .map_err(|e| Error::data(format!("{file}: {}", e.to_string().trim_end())))?;
        if tree.regime != self.id {
            return Err(Error::data(format!(
                "{file}: regime: \"{}\" is not \"{}\"",
                tree.regime, self.id
            )));
        }
        check_tree(file, text, &self.parts, &tree.criteria)?;
        let set = self
            .sets
            .iter_mut()
            .find(|s| s.id == tree.set)
            .ok_or_else(|| {
                Error::data(format!(
                    "{file}: set: no set \"{}\" in {}",
                    tree.set, self.id
                ))
            })?;
        if !set.criteria.is_empty() {
            return Err(Error::data(format!(
                "{file}: set: \"{}\" already has a criteria tree",
                tree.set
            )));
        }
        set.criteria = tree.criteria;
        Ok(())
    }

    pub fn name(&self) -> &str {
        match lang() {
            Lang::Vi => &self.vi,
            Lang::En => &self.en,
        }
    }

    /// Whether the regime was in force on some day of `year`.
    pub fn in_force_in_year(&self, year: i32) -> bool {
        let (Ok(first), Ok(last)) = (Date::new(year as i16, 1, 1), Date::new(year as i16, 12, 31))
        else {
            return false;
        };
        self.from.is_some_and(|f| f <= last) && self.to.is_none_or(|to| to >= first)
    }

    /// Refuses a regime that was in force on no day of `year` (a 2020 registration under 26/2026).
    pub fn check_in_force_in_year(&self, year: i32) -> Result<()> {
        if self.in_force_in_year(year) {
            return Ok(());
        }
        Err(Error::data(t(
            Msg::RegimeNotInYear,
            &[
                ("regime", &self.id),
                ("year", &year.to_string()),
                ("from", &self.in_force_from),
                ("to", self.in_force_to.as_deref().unwrap_or("…")),
            ],
        )))
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
        // "chè" typed with its mark means "Chè tươi, chè chế biến", not "Chế biến …".
        let found =
            crate::text::prefer_as_typed(found, query, |s| vec![s.vi.as_str(), s.en.as_str()]);
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

/// The 1-based line of a key such as `sets[3].group`, `bands[2]`, `parts` or `in_force_from` in
/// a regime file, for error messages: the i-th `[[sets]]` table, then its `group` line.
fn line_of_key(text: &str, key: &str) -> Option<usize> {
    let lines: Vec<&str> = text.lines().collect();
    // A duplicate id (`sets.id = "x"`): the second line that declares it.
    if let Some((_, value)) = key.split_once(".id = ") {
        let mut found = super::lines_declaring(text, value.trim_matches('"'));
        let first = found.next();
        return found.next().or(first);
    }
    let (head, field) = match key.split_once('.') {
        Some((h, f)) => (h, Some(f.split(' ').next().unwrap_or(f))),
        None => (key.split(' ').next().unwrap_or(key), None),
    };
    let (table, index) = match head.split_once('[') {
        Some((t, rest)) => (t, rest.trim_end_matches(']').parse::<usize>().ok()?),
        None => (head, 0),
    };
    let header = format!("[[{table}]]");
    let start = lines
        .iter()
        .enumerate()
        .filter(|(_, l)| l.trim() == header)
        .nth(index)
        .map(|(i, _)| i);
    let Some(start) = start else {
        // A plain key at the top of the file.
        return lines
            .iter()
            .position(|l| {
                l.trim_start().starts_with(&format!("{table} "))
                    || l.trim_start().starts_with(&format!("{table}="))
            })
            .map(|i| i + 1);
    };
    let Some(field) = field else {
        return Some(start + 1);
    };
    lines[start + 1..]
        .iter()
        .take_while(|l| !l.trim_start().starts_with("[["))
        .position(|l| {
            let l = l.trim_start();
            l.starts_with(&format!("{field} ")) || l.starts_with(&format!("{field}="))
        })
        .map(|i| start + 2 + i)
        .or(Some(start + 1))
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
#[derive(Clone)]
pub struct Regimes {
    pub all: Vec<Regime>,
    /// The exact text of each built-in regime file and its SHA-256, by regime id.
    /// (regime id, the exact text kept with its sheets, its SHA-256 once asked for).
    texts: Vec<(String, String, OnceLock<String>)>,
    /// The regimes imported from a user's file: (id, file name).
    origins: Vec<(String, String)>,
}

/// The regimes of this process when the open database holds imported ones (`ocop criteria
/// import`): the built-in ones plus those, built once and kept for the life of the process so
/// that callers keep plain `&'static` references. `None`: the built-in regimes alone.
static CURRENT: RwLock<Option<&'static Regimes>> = RwLock::new(None);

impl Regimes {
    /// The regimes in use: built in, and imported into the open database.
    pub fn in_use() -> Result<&'static Regimes> {
        match *CURRENT.read().unwrap_or_else(|e| e.into_inner()) {
            Some(r) => Ok(r),
            None => Regimes::shipped_once(),
        }
    }

    /// The built-in files, parsed and checked once per process, whatever databases open.
    fn shipped_once() -> Result<&'static Regimes> {
        static SHIPPED: OnceLock<std::result::Result<Regimes, String>> = OnceLock::new();
        SHIPPED
            .get_or_init(|| Regimes::shipped().map_err(|e| e.message))
            .as_ref()
            .map_err(|m| Error::env(m.clone()))
    }

    /// Installs the regimes a database holds (a no-op when it holds none). With several
    /// databases open (a province's reports), the last one opened with regimes of its own wins.
    pub fn install_user(user: &[(String, String)]) -> Result<()> {
        if user.is_empty() {
            return Ok(());
        }
        let r: &'static Regimes = Box::leak(Box::new(Regimes::build(user)?));
        *CURRENT.write().unwrap_or_else(|e| e.into_inner()) = Some(r);
        Ok(())
    }

    /// The regime files shipped with ocop, with their trees.
    fn shipped() -> Result<Regimes> {
        let mut all: Vec<Regime> = Vec::new();
        let mut texts: Vec<(String, String, OnceLock<String>)> = Vec::new();
        for (file, text) in BUILTIN {
            let mut r = Regime::load(&format!("schemas/criteria/{file}"), text)
                .map_err(|e| Error::env(e.message))?;
            // The text kept with a score sheet is the regime file and its trees together.
            let mut whole = text.to_string();
            let folder = format!("{}/", r.trees_from.as_deref().unwrap_or(&r.id));
            for (tfile, ttext) in BUILTIN_TREES {
                if tfile.starts_with(&folder) {
                    r.attach_shipped(tfile, ttext)?;
                    whole.push_str(&format!("\n# --- {tfile}\n{ttext}"));
                }
            }
            texts.push((r.id.clone(), whole, OnceLock::new()));
            all.push(r);
        }
        Ok(Regimes {
            all,
            texts,
            origins: Vec::new(),
        })
    }

    /// The built-in regimes, then the user's files (file name, text): a user's regime with the
    /// id of a built-in one replaces it.
    pub fn build(user: &[(String, String)]) -> Result<Regimes> {
        let Regimes {
            mut all,
            mut texts,
            mut origins,
        } = Regimes::shipped_once()?.clone();
        for (file, text) in user {
            let r = Regime::load(file, text)?;
            all.retain(|x| x.id != r.id);
            texts.retain(|(id, _, _)| *id != r.id);
            texts.push((r.id.clone(), text.clone(), OnceLock::new()));
            origins.push((r.id.clone(), file.clone()));
            all.push(r);
        }
        all.sort_by_key(|r| r.from);
        Ok(Regimes {
            all,
            texts,
            origins,
        })
    }

    /// Whether `id` is the id of a regime shipped with ocop (whatever a database replaced it with).
    pub fn is_builtin_id(id: &str) -> bool {
        BUILTIN.iter().any(|(_, text)| {
            text.lines()
                .find(|l| l.starts_with("id = "))
                .is_some_and(|l| l.trim_start_matches("id = ").trim_matches('"') == id)
        })
    }

    /// Where a regime comes from: `None` for a built-in one, else the file a user imported.
    pub fn origin(&self, id: &str) -> Option<&str> {
        self.origins
            .iter()
            .find(|(i, _)| i == id)
            .map(|(_, f)| f.as_str())
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

    /// The set of `to` that a product of set `set` under regime `from` has there: the set with
    /// the same id, else the one whose `continues` names it, regime after regime from `from` to
    /// `to` (1048 → 148 → 148-1489). Several candidates or none: an error naming them and the
    /// way forward (`--set`).
    pub fn carry_set<'a>(
        &'a self,
        set: &str,
        from: &str,
        to: &'a Regime,
    ) -> Result<&'a ProductSet> {
        if let Some(s) = to.set(set) {
            return Ok(s);
        }
        let start = self.get(from).ok().and_then(|r| r.from);
        // The regimes a product passes through, in order, ending with `to`.
        let mut chain: Vec<&Regime> = self
            .all
            .iter()
            .filter(|r| {
                r.id != to.id && start.is_some_and(|s| r.from > Some(s)) && r.from < to.from
            })
            .collect();
        chain.sort_by_key(|r| r.from);
        chain.push(to);
        let mut cur = set.to_string();
        for r in chain {
            if r.set(&cur).is_some() {
                continue;
            }
            let found: Vec<&ProductSet> = r
                .sets
                .iter()
                .filter(|s| s.continues.contains(&cur))
                .collect();
            match found.as_slice() {
                [one] => cur = one.id.clone(),
                [] => {
                    return Err(Error::data(t(
                        Msg::SetNotInRegime,
                        &[("set", set), ("from", from), ("to", &to.id)],
                    )));
                }
                many => {
                    let names: Vec<String> = many
                        .iter()
                        .map(|s| format!("{} ({})", s.vi, s.id))
                        .collect();
                    return Err(Error::data(t(
                        Msg::SetCarryAmbiguous,
                        &[
                            ("set", set),
                            ("from", from),
                            ("to", &r.id),
                            ("candidates", &names.join("; ")),
                        ],
                    )));
                }
            }
        }
        to.set(&cur).ok_or_else(|| {
            Error::data(t(
                Msg::SetNotInRegime,
                &[("set", set), ("from", from), ("to", &to.id)],
            ))
        })
    }

    /// A set of `to` by id, number or name; a name of an earlier regime's set ("Thịt, trứng, sữa
    /// tươi" of 1048 in a 2023 list) is carried into `to` through `continues`.
    pub fn find_set_in<'a>(&'a self, to: &'a Regime, query: &str) -> Result<&'a ProductSet> {
        let err = match to.find_set(query) {
            Ok(s) => return Ok(s),
            Err(e) => e,
        };
        let mut earlier: Vec<&Regime> = self.all.iter().filter(|r| r.from < to.from).collect();
        earlier.sort_by_key(|r| std::cmp::Reverse(r.from));
        for r in earlier {
            if let Ok(s) = r.find_set(query) {
                return self.carry_set(&s.id, &r.id, to);
            }
        }
        Err(err)
    }

    /// The regime in force on `date`.
    pub fn on(&self, date: Date) -> Result<&Regime> {
        // A later decision supersedes an earlier one where both are in force (a user's new
        // regime file, say).
        self.all
            .iter()
            .filter(|r| r.in_force_on(date))
            .max_by_key(|r| r.from)
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
    pub fn text(&self, id: &str) -> Option<&str> {
        self.texts
            .iter()
            .find(|(i, _, _)| i == id)
            .map(|(_, t, _)| t.as_str())
    }

    /// The text of a regime with its SHA-256 (hashed the first time it is asked for).
    pub fn text_and_sha(&self, id: &str) -> Option<(&str, &str)> {
        self.texts
            .iter()
            .find(|(i, _, _)| i == id)
            .map(|(_, t, s)| {
                let sha = s.get_or_init(|| crate::hash::sha256_hex(t));
                (t.as_str(), sha.as_str())
            })
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
    fn the_1048_marks_bind_from_781s_day() {
        let r = Regimes::in_use().unwrap();
        let q = r.get("qd1048").unwrap();
        let day = |s: &str| s.parse::<Date>().unwrap();
        assert!(!q.marks_bind_on(day("2020-06-07")), "the day before");
        assert!(q.marks_bind_on(day("2020-06-08")), "the day of");
        assert!(r.get("qd148").unwrap().marks_bind_on(day("2023-02-24")));
    }

    #[test]
    fn builtin_regimes_load_and_check() {
        let r = Regimes::in_use().unwrap();
        assert_eq!(r.all.len(), 4);
        for reg in &r.all {
            assert_eq!(reg.sets.len(), 26, "{}", reg.id);
        }
        assert!(Regimes::is_builtin_id("qd148") && !Regimes::is_builtin_id("qd2026"));
        assert_eq!(r.for_year(2019).unwrap().id, "qd1048");
        assert_eq!(r.for_year(2022).unwrap().id, "qd1048");
        assert_eq!(r.for_year(2023).unwrap().id, "qd148");
        assert_eq!(r.for_year(2024).unwrap().id, "qd148");
        assert_eq!(r.for_year(2025).unwrap().id, "qd148-1489");
        assert_eq!(r.for_year(2026).unwrap().id, "qd26-2026");
        assert!(r.for_year(2018).is_err());
    }

    /// OCOP.md's timeline: the evaluation date decides, the day before and the day of each start.
    #[test]
    fn regimes_change_on_their_exact_dates() {
        let r = Regimes::in_use().unwrap();
        let on = |d: &str| r.on(d.parse().unwrap()).map(|x| x.id.clone());
        assert!(on("2019-08-20").is_err());
        for (before, day, was, now) in [
            ("2019-08-20", "2019-08-21", None, "qd1048"),
            ("2023-02-23", "2023-02-24", Some("qd1048"), "qd148"),
            ("2025-07-05", "2025-07-06", Some("qd148"), "qd148-1489"),
            ("2026-05-21", "2026-05-22", Some("qd148-1489"), "qd26-2026"),
        ] {
            assert_eq!(on(before).ok().as_deref(), was, "{before}");
            assert_eq!(on(day).unwrap(), now, "{day}");
        }
    }

    /// A product's set carries into later regimes through `continues`, by id where it is the
    /// same set; where several sets continue it, the error names them.
    #[test]
    fn sets_carry_into_later_regimes() {
        let r = Regimes::in_use().unwrap();
        let to = |id: &str| r.get(id).unwrap();
        let carried = |set: &str, from: &str, dest: &str| {
            r.carry_set(set, from, to(dest)).map(|s| s.id.clone())
        };
        assert_eq!(
            carried("thit-trung-sua-tuoi", "qd1048", "qd148").unwrap(),
            "thit-thuy-san-trung-sua-tuoi"
        );
        assert_eq!(
            carried("thit-trung-sua-tuoi", "qd1048", "qd26-2026").unwrap(),
            "thit-thuy-san-trung-sua-tuoi"
        );
        assert_eq!(
            carried("che-tuoi-che-bien", "qd1048", "qd148-1489").unwrap(),
            "che-tuoi-che-bien"
        );
        assert_eq!(
            carried("che-bien-tu-thuy-hai-san", "qd1048", "qd148").unwrap(),
            "che-bien-tu-thit-thuy-san-trung-sua-mat-ong-nong-san-khac"
        );
        let honey = carried(
            "mat-ong-cac-san-pham-tu-mat-ong-mat-khac",
            "qd1048",
            "qd148",
        )
        .unwrap_err()
        .message;
        assert!(
            honey.contains("mat-ong-mat-khac-va-nong-san-thuc-pham-khac")
                && honey.contains("--set"),
            "{honey}"
        );
        assert!(carried("trang-thiet-bi-dung-cu-y-te", "qd1048", "qd148").is_err());
        // A 2023 list names its sets as 148 does, or as 1048 did.
        let s = r
            .find_set_in(to("qd148"), "Thịt, thủy sản, trứng, sữa tươi")
            .unwrap();
        assert_eq!(s.no, 2);
        let s = r.find_set_in(to("qd148"), "Thịt, trứng, sữa tươi").unwrap();
        assert_eq!(s.id, "thit-thuy-san-trung-sua-tuoi");
    }

    #[test]
    fn every_tree_file_is_compiled_in_and_attached() {
        let mut on_disk: Vec<String> = Vec::new();
        for regime in ["qd1048", "qd148"] {
            let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
                .join("schemas/criteria")
                .join(regime);
            on_disk.extend(
                std::fs::read_dir(dir)
                    .unwrap()
                    .map(|e| format!("{regime}/{}", e.unwrap().file_name().to_string_lossy())),
            );
        }
        on_disk.sort();
        let mut listed: Vec<String> = BUILTIN_TREES.iter().map(|(f, _)| f.to_string()).collect();
        listed.sort();
        assert_eq!(on_disk, listed, "BUILTIN_TREES must list every tree file");
        let r = Regimes::in_use().unwrap().get("qd1048").unwrap();
        // Built-in trees are parsed when first used: here every one is parsed and checked.
        assert_eq!(r.check_shipped_trees().unwrap(), 22);
        let with_tree = r.sets.iter().filter(|s| s.tree().is_some()).count();
        assert_eq!(with_tree, 22);
        // The gaps of the reference transcription are scored by part totals.
        for id in [
            "gao-ngu-coc",
            "tuong-nuoc-mam-gia-vi-dang-long-khac",
            "do-uong-co-con-khac",
            "thuc-pham-chuc-nang-thuoc-tu-duoc-lieu-thuoc-y-hoc-co-truyen",
        ] {
            assert!(r.set(id).unwrap().tree().is_none(), "{id}");
        }
        let tea = r.set("che-tuoi-che-bien").unwrap();
        assert_eq!(tea.criterion("a1.1").unwrap().max(), 3);
        assert!(tea.criterion("A1.1").unwrap().eliminated_if.is_some());
        assert_eq!(tea.criterion("A3.2").unwrap().scales.len(), 2);
        assert_eq!(tea.criterion("A3.2").unwrap().max(), 2);
        // 148: 21 sets criterion by criterion, the same trees under 148-1489, none under 26/2026
        // (its sheets are not known); the five sets whose transcription does not add up keep
        // part totals.
        let all = Regimes::in_use().unwrap();
        for id in ["qd148", "qd148-1489"] {
            let r = all.get(id).unwrap();
            assert_eq!(r.check_shipped_trees().unwrap(), 21, "{id}");
            for no in [7, 11, 12, 13, 26] {
                let s = r.sets.iter().find(|s| s.no == no).unwrap();
                assert!(s.tree().is_none(), "{id} set {no}");
            }
        }
        assert_eq!(
            all.get("qd26-2026").unwrap().check_shipped_trees().unwrap(),
            0
        );
        // Every set scored by part totals says why; none with a tree does.
        for r in &all.all {
            for s in &r.sets {
                assert_eq!(
                    s.tree().is_none(),
                    s.part_totals_reason(r).is_some(),
                    "{} {}",
                    r.id,
                    s.id
                );
            }
        }
        let meat = all
            .get("qd148")
            .unwrap()
            .set("thit-thuy-san-trung-sua-tuoi")
            .unwrap();
        let marks = meat
            .tree()
            .unwrap()
            .iter()
            .flat_map(|c| {
                c.stars
                    .into_iter()
                    .chain(c.choices().filter_map(|o| o.stars))
            })
            .count();
        assert_eq!(
            marks, 27,
            "the set's mandatory marks (the transcription's `stars` column)"
        );
    }

    #[test]
    fn broken_trees_name_file_line_and_key() {
        let mut r = Regime::load("x.toml", BUILTIN[0].1).unwrap();
        let (_, tea) = BUILTIN_TREES
            .iter()
            .find(|(f, _)| f.ends_with("che-tuoi-che-bien.toml"))
            .unwrap();
        // An option worth more makes part A add up to 36.
        let bad = tea.replacen(
            "{ points = 3, vi = \"Sử dụng",
            "{ points = 4, vi = \"Sử dụng",
            1,
        );
        let err = r.clone().attach_tree("t.toml", &bad).unwrap_err();
        assert!(
            err.message.contains("part A") && err.message.contains("36"),
            "{}",
            err.message
        );
        let bad = tea.replacen("id = \"A1.2\"", "id = \"A1.1\"", 1);
        let err = r.clone().attach_tree("t.toml", &bad).unwrap_err();
        assert!(
            err.message.starts_with("t.toml:") && err.message.contains("duplicate"),
            "{}",
            err.message
        );
        let bad = tea.replacen("id = \"A1.2\"", "id = \"A9.2\"", 1);
        let err = r.clone().attach_tree("t.toml", &bad).unwrap_err();
        assert!(
            err.message.contains("A9.2") && err.message.contains("heading"),
            "{}",
            err.message
        );
        r.attach_tree("t.toml", tea).unwrap();
        assert!(
            r.attach_tree("t.toml", tea).is_err(),
            "a set takes one tree"
        );
    }

    #[test]
    fn sets_are_found_by_name() {
        let r = Regimes::in_use().unwrap().get("qd1048").unwrap();
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
        let line = bad.lines().position(|l| l.contains("\"nope\"")).unwrap() + 1;
        assert!(
            err.message.starts_with(&format!("x.toml:{line}: sets[")),
            "{}",
            err.message
        );
        let bad = good.replacen("to = 30", "to = 31", 1);
        assert!(Regime::load("x.toml", &bad).is_err());
        let bad = good.replacen("id = \"B\"", "id = \"A\"", 1);
        let err = Regime::load("x.toml", &bad).unwrap_err();
        let line = bad.lines().position(|l| l.contains("id = \"A\"")).unwrap() + 1;
        assert!(
            !err.message.starts_with(&format!("x.toml:{line}:"))
                && err.message.contains("duplicate"),
            "the second declaration is named: {}",
            err.message
        );
        let err = Regime::load("x.toml", "id = 3").unwrap_err();
        assert!(err.message.contains("x.toml"), "{}", err.message);
    }
}
