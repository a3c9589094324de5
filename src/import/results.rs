//! `ocop import results`: past years' results as offices keep them (a province's decision annex,
//! a district's yearly list of recognised products). Each row becomes, or matches, a producer, a
//! product and a registration of its year, with an imported result (stars, the score when the
//! list gives one, the level, the decision) and, for 3★ and above with a decision date, a
//! certificate. Producers and products are matched as `import registrations` matches them (tax
//! code first, then name and commune of that year's units); a row that repeats what the database
//! holds changes nothing, one that contradicts it is refused with both values. All or nothing,
//! unless `skip_invalid`.

use std::collections::HashMap;
use std::path::Path;

use rusqlite::Connection;
use serde_json::json;

use crate::db::{self, audit, scores};
use crate::domain::date::parse_year;
use crate::domain::registration::{RegKind, Stage};
use crate::domain::score::{Cents, parse_points, show};
use crate::domain::subject::SubjectKind;
use crate::error::{Error, Result};
use crate::i18n::{Msg, t};
use crate::rules::regime::{Regime, Regimes};

use super::registrations::{self as regs, ApplyCtx, Report, date_cell, tax_cell};
use super::schema::{HeaderMap, RESULTS, Schema};
use super::source::{RawRow, RowSource, cell};
use super::{CellError, find_header};

/// What a whole list shares, given once on the command line when its rows do not say it (a
/// decision annex names its decision in the title, not in every row).
#[derive(Debug, Clone, Default)]
pub struct ListDefaults {
    pub year: Option<i32>,
    pub decision: Option<String>,
    pub decided_on: Option<String>,
}

/// The options every import takes, and what the list shares.
#[derive(Debug, Clone, Default)]
pub struct Options {
    pub import: regs::Options,
    pub defaults: ListDefaults,
}

/// What an import did, for the summary line.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Summary {
    pub rows: u64,
    pub rejected: u64,
    pub results_added: u64,
    pub results_same: u64,
    pub certificates_added: u64,
    pub reg: regs::Summary,
    pub unknown_sets: u64,
    pub committed: bool,
}

impl Summary {
    pub fn changes(&self) -> u64 {
        self.results_added + self.certificates_added + self.reg.changes()
    }
}

/// A row checked cell by cell.
struct Row {
    reg: regs::Row,
    stars: u8,
    score: Option<Cents>,
    /// The level whose council rated it, and the level that recognises those stars.
    level: String,
    recognised_by: Option<String>,
    decision: Option<String>,
    decided_on: Option<String>,
    valid_until: Option<String>,
    set_as_written: Option<String>,
}

struct Columns {
    pos: HashMap<&'static str, Option<usize>>,
}

/// A row that heads or closes a part of the list.
enum Section {
    District(String),
    Other,
}

const IDS: [&str; 18] = [
    "number",
    "year",
    "product_name",
    "subject_name",
    "subject_kind",
    "tax_code",
    "address",
    "commune",
    "district",
    "product_set",
    "stars",
    "score",
    "level",
    "decision",
    "decided_on",
    "valid_until",
    "kind",
    "note",
];

impl Columns {
    fn new(schema: &Schema, map: &HeaderMap) -> Self {
        Columns {
            pos: IDS.iter().map(|id| (*id, map.pos(schema, id))).collect(),
        }
    }
    fn get(&self, row: &RawRow, id: &str) -> String {
        cell(row, self.pos.get(id).copied().flatten())
    }
    fn has_rating(&self, row: &RawRow) -> bool {
        !self.get(row, "stars").is_empty()
    }

    /// What a row without stars and without a producer is, when its number cell is empty or a
    /// section number (I, II, A, 1.): a district heading, a total or another heading.
    fn section(&self, row: &RawRow) -> Option<Section> {
        if self.has_rating(row) || !self.get(row, "subject_name").is_empty() {
            return None;
        }
        let number = self.get(row, "number");
        let numbered_like_a_section = number.is_empty()
            || number
                .trim_end_matches(['.', ')'])
                .chars()
                .all(|c| matches!(c, 'I' | 'V' | 'X' | 'A'..='H' | 'a'..='h'));
        if !numbered_like_a_section {
            return None;
        }
        let texts: Vec<String> = row
            .cells
            .iter()
            .map(|c| crate::text::clean(c))
            .filter(|c| !c.is_empty() && *c != number)
            .collect();
        let [text] = texts.as_slice() else {
            return None;
        };
        let f = crate::text::fold(text);
        if ["huyen ", "thi xa ", "thanh pho ", "quan "]
            .iter()
            .any(|p| f.starts_with(p))
        {
            Some(Section::District(text.clone()))
        } else if !number.is_empty() || f.starts_with("tong") || f.starts_with("cong") {
            // A numbered heading (II. Sản phẩm nâng hạng) or a total; an unnumbered row that is
            // neither is checked as a product, and refused if it is not one.
            Some(Section::Other)
        } else {
            None
        }
    }

    /// Takes the columns a second header row names.
    fn merge(&mut self, schema: &Schema, sub: &HeaderMap) {
        for id in IDS {
            if let Some(p) = sub.pos(schema, id) {
                self.pos.insert(id, Some(p));
            }
        }
    }
}

/// Stars as lists write them: "3", "3 sao", "3★", "★★★", "***", "4*".
pub fn parse_stars(v: &str) -> Option<u8> {
    let s = crate::text::fold(v);
    let s = s.trim();
    let marks = s.chars().filter(|c| *c == '★' || *c == '*').count();
    let digits: String = s.chars().filter(|c| c.is_ascii_digit()).collect();
    let rest = s
        .chars()
        .filter(|c| !c.is_ascii_digit() && *c != '★' && *c != '*' && !c.is_whitespace())
        .collect::<String>();
    let n = match (digits.as_str(), marks) {
        ("", m) if m > 0 && rest.is_empty() => m,
        (d, m)
            if d.len() == 1
                && (rest.is_empty() || rest == "sao" || rest == "stars" || rest == "star")
                && m <= 1 =>
        {
            d.parse().ok()?
        }
        _ => return None,
    };
    u8::try_from(n).ok().filter(|n| (1..=5).contains(n))
}

/// A score as a list gives it: points with up to two decimals, or an average Excel kept with
/// more ("75.333", 226/3), rounded half up to hundredths as the council's average is shown.
fn list_score(v: &str) -> Option<Cents> {
    parse_points(v).or_else(|| {
        let t = v.trim().replace(',', ".");
        let (whole, frac) = t.split_once('.')?;
        if whole.is_empty()
            || whole.len() > 3
            || frac.is_empty()
            || !whole.bytes().all(|b| b.is_ascii_digit())
            || !frac.bytes().all(|b| b.is_ascii_digit())
        {
            return None;
        }
        let x: f64 = t.parse().ok()?;
        Some((x * 100.0 + 1e-9).round() as Cents)
    })
}

/// The commune and district an address names ("Thôn 3, xã Xuân Lập, huyện Thọ Xuân, tỉnh
/// Thanh Hóa"): the parts that start with a unit's type word. Nothing is guessed from other words.
pub fn place_in_address(address: &str) -> (Option<String>, Option<String>) {
    let mut commune = None;
    let mut district = None;
    for part in address.split([',', ';', '-']) {
        let p = part.trim();
        let f = crate::text::fold(p);
        let strip = |prefixes: &[&str]| {
            prefixes.iter().find_map(|pre| {
                f.strip_prefix(pre)
                    .filter(|rest| rest.starts_with(' ') || rest.starts_with('.'))
                    .map(|_| p.to_string())
            })
        };
        if commune.is_none()
            && let Some(x) = strip(&["xa", "phuong", "thi tran", "tt"])
        {
            commune = Some(x);
        } else if district.is_none()
            && let Some(x) = strip(&["huyen", "thi xa", "thanh pho", "tp", "quan"])
        {
            district = Some(x);
        }
    }
    (commune, district)
}

/// A row of column numbers under the header ("1 2 3 …", "(1) (2) (3) …"): 1, 2, 3 in order in
/// at least three cells and nothing else.
fn is_numbering_row(row: &RawRow) -> bool {
    let cells: Vec<&str> = row
        .cells
        .iter()
        .map(|c| c.trim())
        .filter(|c| !c.is_empty())
        .collect();
    cells.len() >= 3
        && cells.iter().enumerate().all(|(i, c)| {
            let n = c.trim_start_matches('(').trim_end_matches(')');
            n.parse::<usize>().is_ok_and(|n| n == i + 1)
        })
}

struct Checker<'c> {
    conn: &'c Connection,
    home: Option<String>,
    regimes: &'static Regimes,
    path: String,
    defaults: &'c ListDefaults,
    /// District units per district name as written, looked up once.
    districts: HashMap<String, Vec<db::units::Unit>>,
    /// The district of the section the rows stand under ("I. Huyện Thọ Xuân").
    section_district: Option<String>,
}

impl Checker<'_> {
    fn check(
        &mut self,
        row: &RawRow,
        cols: &Columns,
        warnings: &mut Vec<String>,
    ) -> std::result::Result<Row, Vec<CellError>> {
        let mut errs: Vec<CellError> = Vec::new();
        let number = row.number;
        let mut err = |column: &str, message: String| {
            errs.push(CellError {
                row: number,
                column: column.to_string(),
                message,
            })
        };
        let given = |id: &str| Some(cols.get(row, id)).filter(|v| !v.is_empty());

        let year = match given("year") {
            Some(v) => parse_year(&v).map_err(|e| err("year", e.message)).ok(),
            None => match self.defaults.year {
                Some(y) => Some(y),
                None => {
                    err("year", t(Msg::ResultsNeedYear, &[]));
                    None
                }
            },
        };
        let regime: Option<&Regime> = year.and_then(|y| {
            self.regimes
                .for_year(y)
                .map_err(|e| err("year", e.message))
                .ok()
        });
        let product_name = given("product_name");
        if product_name.is_none() {
            err("product_name", t(Msg::CellRequired, &[]));
        }
        let subject_name = given("subject_name");
        if subject_name.is_none() {
            err("subject_name", t(Msg::CellRequired, &[]));
        }
        let (subject_kind, kind_given) = match given("subject_kind") {
            Some(v) => match SubjectKind::parse(&v) {
                Ok(k) => (Some(k), true),
                Err(e) => {
                    err("subject_kind", e.message);
                    (None, true)
                }
            },
            // A list rarely says the kind; a name often does ("HTX …"). A name that says
            // nothing is a person's or a household's.
            None => (
                Some(
                    subject_name
                        .as_deref()
                        .and_then(SubjectKind::from_name)
                        .unwrap_or(SubjectKind::Household),
                ),
                false,
            ),
        };
        let tax_code = match given("tax_code") {
            None => None,
            Some(v) => tax_cell(&v, &self.path, number, warnings)
                .map_err(|e| err("tax_code", e.message))
                .ok(),
        };
        let stars = match given("stars") {
            None => {
                err("stars", t(Msg::CellRequired, &[]));
                None
            }
            Some(v) => parse_stars(&v).or_else(|| {
                err("stars", t(Msg::StarsInvalid, &[("value", &v)]));
                None
            }),
        };
        let score = match given("score") {
            None => None,
            Some(v) => match list_score(&v).filter(|c| *c <= 10_000) {
                Some(c) => Some(c),
                None => {
                    err("score", t(Msg::ScoreInvalid, &[("value", &v)]));
                    None
                }
            },
        };
        let decided_on = match given("decided_on").or_else(|| self.defaults.decided_on.clone()) {
            None => None,
            Some(v) => date_cell(&v).map_err(|e| err("decided_on", e.message)).ok(),
        };
        let valid_until = match given("valid_until") {
            None => None,
            Some(v) => date_cell(&v)
                .map_err(|e| err("valid_until", e.message))
                .ok(),
        };
        // A decision comes after the year began and not after today; a certificate ends after
        // it was decided.
        if let (Some(y), Some(on)) = (year, &decided_on) {
            if on.as_str() < format!("{y:04}-01-01").as_str() {
                err(
                    "decided_on",
                    t(
                        Msg::ResultDecidedBeforeYear,
                        &[("date", on), ("year", &y.to_string())],
                    ),
                );
            } else if on.as_str() > crate::domain::date::today().to_string().as_str() {
                err("decided_on", t(Msg::ResultDecidedInFuture, &[("date", on)]));
            }
        }
        if let (Some(on), Some(until)) = (&decided_on, &valid_until)
            && until <= on
        {
            err(
                "valid_until",
                t(
                    Msg::ResultValidBeforeDecision,
                    &[("until", until), ("date", on)],
                ),
            );
        }
        let decision = given("decision").or_else(|| self.defaults.decision.clone());
        let kind = match given("kind") {
            None => None,
            Some(v) => RegKind::parse(&v).map_err(|e| err("kind", e.message)).ok(),
        };
        // The rating's level: as the list says, else the level that recognises those stars
        // under the year's regime (below 3★, the first level that rates).
        let level = match (regime, stars) {
            (Some(rg), Some(st)) => match given("level") {
                Some(v) => crate::ops::scoring::check_level(rg, &v)
                    .map(str::to_string)
                    .map_err(|e| err("level", e.message))
                    .ok(),
                None => rg
                    .levels
                    .iter()
                    .find(|l| l.recognises.contains(&st))
                    .or_else(|| {
                        rg.levels
                            .iter()
                            .find(|l| crate::ops::preassess::level(rg, &l.id).is_none())
                    })
                    .map(|l| l.id.clone()),
            },
            _ => None,
        };
        let recognised_by = match (regime, stars, &level) {
            (Some(rg), Some(st), Some(lv)) if st >= 3 => {
                match crate::domain::score::recognising_level(rg, lv, st) {
                    Some(by) => Some(by.to_string()),
                    None => {
                        err(
                            "level",
                            t(
                                Msg::ResultLevelCannotRecognise,
                                &[
                                    ("level", &crate::output::level_label(lv)),
                                    ("stars", &st.to_string()),
                                    ("regime", &rg.id),
                                ],
                            ),
                        );
                        None
                    }
                }
            }
            _ => None,
        };
        // A score rates at most the stars of its band (a mandatory criterion may rate lower).
        if let (Some(rg), Some(st), Some(sc)) = (regime, stars, score) {
            let band = crate::domain::score::stars(rg, sc as f64 / 100.0);
            if st > band {
                err(
                    "stars",
                    t(
                        Msg::StarsAboveScore,
                        &[
                            ("stars", &st.to_string()),
                            ("score", &show(sc)),
                            ("band", &band.to_string()),
                        ],
                    ),
                );
            }
        }
        if stars.is_some_and(|s| s >= 3) && decided_on.is_some() && decision.is_none() {
            err("decision", t(Msg::ResultsNeedDecision, &[]));
        }
        // The set: one of the regime's (or carried from an earlier one), else kept as written.
        let (product_set, set_as_written) = match (given("product_set"), regime) {
            (Some(v), Some(rg)) => match self.regimes.find_set_in(rg, &v) {
                Ok(s) => (Some(s.id.clone()), None),
                Err(_) => (None, Some(v)),
            },
            _ => (None, None),
        };
        // The place: the commune (within the district when given) of the decision's date, or
        // the district alone; else what the address names.
        let address = given("address");
        let (from_address_c, from_address_d) =
            address.as_deref().map(place_in_address).unwrap_or_default();
        let commune_text = given("commune").or(from_address_c);
        let district_text = given("district")
            .or(from_address_d)
            .or_else(|| self.section_district.clone());
        let on = decided_on
            .clone()
            .or_else(|| year.map(|y| format!("{y:04}-12-31")))
            .unwrap_or_default();
        let place = if year.is_some() {
            match self.place(commune_text.as_deref(), district_text.as_deref(), &on) {
                Ok(u) => Some(u),
                Err(m) => {
                    err(
                        if commune_text.is_some() {
                            "commune"
                        } else {
                            "district"
                        },
                        m,
                    );
                    None
                }
            }
        } else {
            None
        };
        if !errs.is_empty() {
            return Err(errs);
        }
        match (
            year,
            regime,
            product_name,
            subject_name,
            subject_kind,
            stars,
            level,
            place,
        ) {
            (
                Some(year),
                Some(regime),
                Some(product_name),
                Some(subject_name),
                Some(subject_kind),
                Some(stars),
                Some(level),
                Some((unit_id, unit_code)),
            ) => Ok(Row {
                reg: regs::Row {
                    year,
                    round: 1,
                    any_round: true,
                    kind,
                    stage: None,
                    registered_on: None,
                    unit_id,
                    unit_code,
                    subject_kind,
                    kind_given,
                    subject_name,
                    tax_code,
                    representative: None,
                    phone: None,
                    address,
                    product_name,
                    regime: regime.id.clone(),
                    product_set,
                },
                stars,
                score,
                level,
                recognised_by,
                decision,
                decided_on,
                valid_until,
                set_as_written,
            }),
            _ => Err(vec![CellError {
                row: number,
                column: "-".into(),
                message: t(Msg::CellRequired, &[]),
            }]),
        }
    }

    /// The unit a row's place names on `on`: its commune, within its district when the row
    /// names one, else the district itself. A name two units answer to is refused, never chosen.
    fn place(
        &mut self,
        commune: Option<&str>,
        district: Option<&str>,
        on: &str,
    ) -> std::result::Result<(i64, String), String> {
        let districts = match district {
            None => None,
            Some(d) => {
                if !self.districts.contains_key(d) {
                    let found = db::units::candidates(self.conn, "district", d, None)
                        .map_err(|e| e.message)?;
                    self.districts.insert(d.to_string(), found);
                }
                self.districts.get(d).cloned()
            }
        };
        let district_codes: Option<Vec<String>> = districts
            .as_ref()
            .map(|found| found.iter().map(|u| u.code.clone()).collect());
        match (commune, district) {
            (Some(c), _) => {
                let mut found = db::units::candidates(
                    self.conn,
                    "commune",
                    c,
                    if district_codes.is_some() {
                        None
                    } else {
                        self.home.as_deref()
                    },
                )
                .map_err(|e| e.message)?;
                if let Some(codes) = &district_codes {
                    found.retain(|u| u.district_code.as_ref().is_some_and(|d| codes.contains(d)));
                }
                let u = db::units::choose(&found, "commune", c, on).map_err(|e| e.message)?;
                let u = db::units::in_force_version(self.conn, u, on).map_err(|e| e.message)?;
                Ok((u.id, u.code))
            }
            (None, Some(d)) => {
                let found = districts.unwrap_or_default();
                let u = db::units::choose(&found, "district", d, on).map_err(|e| e.message)?;
                Ok((u.id, u.code))
            }
            (None, None) => Err(t(Msg::ResultsNeedPlace, &[])),
        }
    }
}

/// What happened to one row.
enum Applied {
    Added,
    Same,
}

/// Writes one checked row: producer, product and registration through the registrations
/// import's rules, then the result and the certificate. Every check that can refuse the row runs
/// before the first write.
fn apply(
    conn: &Connection,
    r: &Row,
    s: &mut Summary,
    ctx: &mut ApplyCtx<'_>,
) -> Result<std::result::Result<Applied, (&'static str, String)>> {
    let found = match regs::resolve(conn, &r.reg, ctx.update_producers)? {
        Err(refused) => return Ok(Err(refused)),
        Ok(f) => f,
    };
    if let Some(old) = &found.existing {
        // The same result again changes nothing; another result for the year and level is a
        // contradiction to settle by hand, both values shown.
        let results = scores::results(conn, old.id)?;
        if let Some(had) = results.iter().find(|x| x.level == r.level) {
            let cert = scores::certificate_of(conn, old.id)?;
            let had_decision = had
                .imported
                .as_ref()
                .and_then(|i| i.decision_no.clone())
                .or(cert.as_ref().map(|c| c.decision_no.clone()));
            let had_date = had
                .imported
                .as_ref()
                .and_then(|i| i.decided_on.clone())
                .or(cert.as_ref().map(|c| c.decision_date.clone()));
            let same = had.stars == r.stars
                && (r.score.is_none() || had.total == r.score)
                && (r.decision.is_none() || had_decision == r.decision)
                && (r.decided_on.is_none() || had_date == r.decided_on);
            if same {
                return Ok(Ok(Applied::Same));
            }
            let show_one =
                |stars: u8, score: Option<Cents>, dec: &Option<String>, on: &Option<String>| {
                    format!(
                        "{stars}★, {}, {} {}",
                        score.map(show).unwrap_or_else(|| "—".into()),
                        dec.as_deref().unwrap_or("—"),
                        on.as_deref().unwrap_or("")
                    )
                    .trim_end()
                    .to_string()
                };
            return Ok(Err((
                "stars",
                t(
                    Msg::ResultDiffers,
                    &[
                        ("code", &old.code),
                        ("level", &crate::output::level_label(&r.level)),
                        (
                            "had",
                            &show_one(had.stars, had.total, &had_decision, &had_date),
                        ),
                        (
                            "row",
                            &show_one(r.stars, r.score, &r.decision, &r.decided_on),
                        ),
                    ],
                ),
            )));
        }
        // Another level's result from a list (the same product twice in a list, at two levels).
        if let Some(had) = results.iter().find(|x| x.imported.is_some()) {
            let shown = format!("{}: {}★", crate::output::level_label(&had.level), had.stars);
            return Ok(Err((
                "stars",
                t(
                    Msg::ResultDiffers,
                    &[
                        ("code", &old.code),
                        ("level", &crate::output::level_label(&had.level)),
                        ("had", &shown),
                        (
                            "row",
                            &format!("{}: {}★", crate::output::level_label(&r.level), r.stars),
                        ),
                    ],
                ),
            )));
        }
        // A registration the councils are working on in ocop is ranked there, not imported.
        if scores::sheet_count(conn, old.id)? > 0 || !results.is_empty() {
            return Ok(Err((
                "product_name",
                t(Msg::ResultOnScoredRegistration, &[("code", &old.code)]),
            )));
        }
        if old.stage == Stage::Withdrawn.id() {
            return Ok(Err((
                "product_name",
                t(Msg::WithdrawnNoScore, &[("code", &old.code)]),
            )));
        }
    }
    let reg_id = regs::write(conn, &r.reg, found, &mut s.reg, ctx)?;
    let reg = db::registrations::get(conn, reg_id)?
        .ok_or_else(|| Error::data(t(Msg::RecordVanished, &[("what", "registration")])))?;
    scores::save_result(
        conn,
        &scores::Result_ {
            registration_id: reg_id,
            level: r.level.clone(),
            members: 0,
            averages: None,
            total: r.score,
            stars: r.stars,
            outcome: if r.recognised_by.is_some() {
                crate::domain::score::Outcome::Recognises.id()
            } else {
                crate::domain::score::Outcome::None.id()
            }
            .to_string(),
            imported: Some(scores::Imported {
                decision_no: r.decision.clone(),
                decided_on: r.decided_on.clone(),
                set_as_written: r.set_as_written.clone(),
            }),
        },
    )?;
    s.results_added += 1;
    // The certificate: 3★ and above with a decision date, valid as the list says or 36 months.
    let mut certificate = None;
    let stage = match (&r.recognised_by, &r.decided_on, &r.decision) {
        (Some(by), Some(on), Some(decision)) => {
            let decided = crate::domain::date::parse_date(on)?;
            let until = match &r.valid_until {
                Some(u) => u.clone(),
                None => crate::domain::date::certificate_valid_until(decided)?.to_string(),
            };
            // A re-evaluation renews the product's newest certificate decided before it, whatever
            // the order of the list's rows.
            let renews = if reg.kind == RegKind::New.id() {
                None
            } else {
                scores::valid_certificate_before(conn, reg.product_id, on)?
            };
            let id = scores::insert_certificate(
                conn,
                &scores::NewCertificate {
                    registration_id: reg_id,
                    stars: r.stars,
                    level: by,
                    decision_no: decision,
                    decision_date: on,
                    valid_until: &until,
                    renews_id: renews,
                },
            )?;
            s.certificates_added += 1;
            // A later re-evaluation of the same product, imported before this row, renews this
            // certificate.
            scores::link_later_renewal(conn, reg.product_id, id, on)?;
            certificate = Some((id, until));
            Stage::Recognised
        }
        (Some(_), _, _) => Stage::Evaluated,
        (None, _, _) => Stage::NotRecognised,
    };
    db::registrations::set_stage(conn, reg_id, stage.id())?;
    audit::record(
        conn,
        ctx.operator,
        "import-result",
        "registration",
        &reg.code,
        &json!({
            "file": ctx.file, "row": ctx.row, "level": r.level, "stars": r.stars,
            "score": r.score.map(show), "decision": r.decision, "decided_on": r.decided_on,
            "certificate": certificate.as_ref().map(|c| c.0), "valid_until": certificate.as_ref().map(|c| &c.1),
            "set_as_written": r.set_as_written,
        }),
    )?;
    Ok(Ok(Applied::Added))
}

/// Runs the import from `src` into `conn`. Errors and warnings go to `report`; the database is
/// changed only when every row passed (or with `skip_invalid`), and never on a dry run.
pub fn import(
    conn: &mut Connection,
    operator: &str,
    path: &Path,
    src: &mut dyn RowSource,
    opts: &Options,
    report: &mut Report,
) -> Result<Summary> {
    let schema = Schema::load("schemas/import/results.toml", RESULTS)?;
    let (header, map) = find_header(src, &schema, opts.import.header_row, path)?;
    report.warn_unknown(path, &map);
    report.reject_header(&header.cells)?;
    let cols = Columns::new(&schema, &map);
    let path_label = path.display().to_string();
    let mut summary = Summary::default();
    // As for registrations: a bulk write over several tables keeps its pages in memory.
    conn.pragma_update(None, "cache_size", -32768)?;
    let tx = db::write(conn)?;
    let mut checker = Checker {
        conn: &tx,
        home: crate::ops::home_district(&tx)?,
        regimes: Regimes::in_use()?,
        path: path_label.clone(),
        defaults: &opts.defaults,
        districts: HashMap::new(),
        section_district: None,
    };
    let mut cols = cols;
    // Rows read since the header: the first two may still belong to it.
    let mut since_header = 0;
    while let Some(row) = src.next_row()? {
        if row.cells.iter().all(|c| c.trim().is_empty()) {
            continue;
        }
        since_header += 1;
        if since_header <= 2 {
            // The row of column numbers that official tables put under their header.
            if is_numbering_row(&row) {
                continue;
            }
            // The second row of a two-row header: "Chủ thể" merged over "Tên chủ thể" and
            // "Địa chỉ". Every cell of it names a column; they take their place.
            let sub = schema.match_header(&row.cells);
            if sub.matched() > 0 && sub.matched() >= sub.unknown.len() && !cols.has_rating(&row) {
                cols.merge(&schema, &sub);
                continue;
            }
        }
        // A section row of an annex grouped by district ("I | Huyện Thọ Xuân") places the rows
        // under it; a total row ("Tổng cộng: 12 sản phẩm") is not a product. Neither has stars.
        match cols.section(&row) {
            Some(Section::District(d)) => {
                checker.section_district = Some(d);
                continue;
            }
            Some(Section::Other) => continue,
            None => {}
        }
        if !report.take_row(&mut summary.rows, opts.import.limit) {
            break;
        }
        let mut row_errors: Vec<CellError> = Vec::new();
        match checker.check(&row, &cols, &mut report.warnings) {
            Err(errs) => row_errors = errs,
            Ok(r) => {
                if let Some(set) = &r.set_as_written {
                    summary.unknown_sets += 1;
                    report.warnings.push(t(
                        Msg::ResultSetKept,
                        &[
                            ("path", &path_label),
                            ("row", &row.number.to_string()),
                            ("set", set),
                            ("regime", &r.reg.regime),
                        ],
                    ));
                }
                let mut ctx = ApplyCtx {
                    operator,
                    file: &path_label,
                    row: row.number,
                    update_producers: opts.import.update_producers,
                    warnings: &mut report.warnings,
                    warnings_not_kept: &mut report.warnings_not_kept,
                };
                match apply(&tx, &r, &mut summary, &mut ctx)? {
                    Ok(Applied::Added) => {}
                    Ok(Applied::Same) => summary.results_same += 1,
                    Err((column, message)) => row_errors.push(CellError {
                        row: row.number,
                        column: column.into(),
                        message,
                    }),
                }
            }
        }
        if !row_errors.is_empty() {
            summary.rejected += 1;
            report.reject(path, &row_errors, [&row], header.cells.len())?;
        }
    }
    drop(checker);
    let keep = !opts.import.dry_run
        && opts.import.limit.is_none()
        && (summary.rejected == 0 || opts.import.skip_invalid);
    let changed = summary.changes() > 0;
    summary.committed = regs::settle(tx, keep, report, |tx| {
        if !changed {
            return Ok(());
        }
        audit::record(
            tx,
            operator,
            "import",
            "result",
            "",
            &json!({
                "file": path_label, "rows": summary.rows, "rejected": summary.rejected,
                "results": [summary.results_added, summary.results_same],
                "certificates": summary.certificates_added,
                "registrations": summary.reg.reg_added,
                "subjects": [summary.reg.subj_added, summary.reg.subj_updated],
                "products": [summary.reg.prod_added, summary.reg.prod_updated],
            }),
        )
    })?;
    Ok(summary)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stars_as_lists_write_them() {
        for (v, n) in [
            ("3", Some(3)),
            ("3 sao", Some(3)),
            ("4★", Some(4)),
            ("★★★", Some(3)),
            ("***", Some(3)),
            ("5 Sao", Some(5)),
            ("4*", Some(4)),
            ("6", None),
            ("0", None),
            ("ba sao", None),
            ("34", None),
            ("", None),
        ] {
            assert_eq!(parse_stars(v), n, "{v}");
        }
    }

    #[test]
    fn an_address_names_its_commune_and_district_by_their_type_words() {
        assert_eq!(
            place_in_address("Thôn 3, xã Xuân Lập, huyện Thọ Xuân, tỉnh Thanh Hóa"),
            (Some("xã Xuân Lập".into()), Some("huyện Thọ Xuân".into()))
        );
        assert_eq!(
            place_in_address("TT. Lam Sơn - H. Thọ Xuân"),
            (Some("TT. Lam Sơn".into()), None)
        );
        assert_eq!(place_in_address("Xuân Lập, Thọ Xuân"), (None, None));
    }
}
