//! District reports: one query each (no query per row), turned into listings that the renderers
//! print as tables, CSV, JSON or XLSX. The same database gives the same bytes: no timestamps.

pub mod agreement;
pub mod brief;
pub mod chart;
pub mod picture;
pub mod title;
pub mod workbook;

use std::collections::BTreeMap;

use rusqlite::Connection;

use crate::db::units::Unit;
use crate::error::Result;
use crate::i18n::Msg;
use crate::output::{Listing, Value, col};
use crate::rules::regime::Regimes;

/// Which results count: the year, optionally one round, and optionally one level (else the highest
/// level that scored each registration).
#[derive(Debug, Clone, Copy)]
pub struct Scope<'a> {
    pub year: i32,
    pub round: Option<i64>,
    pub level: Option<&'a str>,
}

/// The result that counts for each registration of the scope: at the level asked, else at the
/// highest level that ranked it.
const BEST: &str = "
WITH best AS (
  SELECT res.registration_id AS rid, res.level, res.stars, res.outcome, res.average_a, res.average_b, res.average_c,
         res.average_total, res.source, res.decision_no,
         row_number() OVER (PARTITION BY res.registration_id
           ORDER BY CASE res.level WHEN 'commune' THEN 0 WHEN 'district' THEN 1 WHEN 'province' THEN 2 ELSE 3 END DESC) AS rn
  FROM result res JOIN registration r ON r.id = res.registration_id
  WHERE r.year = ?1 AND (?2 IS NULL OR r.round = ?2) AND (?3 IS NULL OR res.level = ?3)
    -- A commune's pre-assessment (1489) forwards or returns a dossier: it evaluates nothing.
    AND res.level <> 'commune'
)";

fn cents(x: f64) -> i64 {
    (x * 100.0).round() as i64
}

/// The communes a year's report lists: those in force on 1 January of the year in the home
/// district, and any other unit that holds a registration of the year, in code order.
fn year_units(conn: &Connection, year: i32) -> Result<Vec<Unit>> {
    let home = crate::ops::home_district(conn)?;
    let mut units = crate::db::units::list(
        conn,
        &crate::db::units::ListFilter {
            level: Some("commune".into()),
            district_code: home,
            at: Some(format!("{year:04}-01-01")),
        },
    )?;
    let mut st =
        conn.prepare_cached("SELECT DISTINCT unit_id FROM registration WHERE year = ?1")?;
    let used: Vec<i64> = st
        .query_map([year], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    for id in used {
        if !units.iter().any(|u| u.id == id) {
            units.push(crate::db::units::get(conn, id)?);
        }
    }
    units.sort_by(|a, b| (&a.code, &a.valid_from).cmp(&(&b.code, &b.valid_from)));
    Ok(units)
}

/// The area a year's reports cover, as it was that year: "Huyện Thọ Xuân, Tỉnh Thanh Hóa" for a
/// district install before the 2025 reform, "8 xã của Tỉnh Thanh Hóa (kế thừa Huyện Thọ Xuân)"
/// after it, "Tỉnh Thanh Hóa" for a province office.
pub fn area_title(conn: &Connection, year: i32) -> Result<String> {
    use crate::i18n::t;
    let shown = year.to_string();
    let shown = shown.as_str();
    let district = crate::db::meta_get(conn, "district_name")?;
    let province = match crate::db::meta_get(conn, "province_name")? {
        Some(p) => p,
        None => {
            let mut st = conn.prepare_cached(
                "SELECT name FROM unit WHERE level = 'province' ORDER BY valid_from IS NOT NULL, valid_from LIMIT 1",
            )?;
            st.query_row([], |r| r.get::<_, String>(0))
                .unwrap_or_default()
        }
    };
    let units = year_units(conn, year)?;
    let two_level = units.iter().filter(|u| u.district_code.is_none()).count();
    Ok(match district {
        None => t(
            Msg::AreaProvince,
            &[("province", &province), ("year", shown)],
        ),
        Some(d) if two_level == 0 => t(
            Msg::AreaDistrict,
            &[("district", &d), ("province", &province), ("year", shown)],
        ),
        Some(d) => t(
            Msg::AreaSuccessors,
            &[
                ("n", &two_level.to_string()),
                ("district", &d),
                ("province", &province),
                ("year", shown),
            ],
        ),
    })
}

/// Counts per commune; index order follows the summary columns.
#[derive(Debug, Default, Clone, Copy)]
struct Counts {
    registrations: i64,
    submitted: i64,
    evaluated: i64,
    stars: [i64; 3],
    below_3: i64,
    eliminated: i64,
    score_sum: i64,
    /// Results with a score: an imported result whose list gave only stars has none, and is
    /// left out of the average rather than counted as zero.
    scored: i64,
    recognised: i64,
}

impl Counts {
    fn add(&mut self, o: &Counts) {
        self.registrations += o.registrations;
        self.submitted += o.submitted;
        self.evaluated += o.evaluated;
        for i in 0..3 {
            self.stars[i] += o.stars[i];
        }
        self.below_3 += o.below_3;
        self.eliminated += o.eliminated;
        self.score_sum += o.score_sum;
        self.scored += o.scored;
        self.recognised += o.recognised;
    }

    fn row(&self, code: &str, name: &str) -> Vec<Value> {
        self.row_coded(code, name.into())
    }

    fn row_coded(&self, code: &str, name: Value) -> Vec<Value> {
        let average = if self.scored > 0 {
            let n = self.scored;
            Value::Points((2 * self.score_sum + n) / (2 * n))
        } else {
            Value::Null
        };
        vec![
            code.into(),
            name,
            self.registrations.into(),
            self.submitted.into(),
            self.evaluated.into(),
            self.stars[0].into(),
            self.stars[1].into(),
            self.stars[2].into(),
            self.below_3.into(),
            self.eliminated.into(),
            average,
            self.recognised.into(),
        ]
    }
}

/// `report summary`: one row per commune of the year's units, and a total row.
pub fn summary(conn: &Connection, s: Scope<'_>) -> Result<Listing> {
    Ok(summary_listing(&summary_counts(conn, s)?))
}

fn summary_counts(conn: &Connection, s: Scope<'_>) -> Result<Vec<SummaryRow>> {
    let sql = format!(
        "{BEST}
SELECT r.unit_id,
       count(*),
       sum(r.stage IN ('submitted', 'evaluated', 'recognised', 'not-recognised') OR b.rid IS NOT NULL),
       sum(b.rid IS NOT NULL),
       sum(b.outcome IS NOT 'eliminated' AND b.stars = 3),
       sum(b.outcome IS NOT 'eliminated' AND b.stars = 4),
       sum(b.outcome IS NOT 'eliminated' AND b.stars = 5),
       sum(b.outcome IS NOT 'eliminated' AND b.stars < 3),
       sum(b.outcome = 'eliminated'),
       sum(CASE WHEN b.outcome IS NOT 'eliminated' THEN round(b.average_total * 100) END),
       sum(EXISTS (SELECT 1 FROM certificate c WHERE c.registration_id = r.id)),
       sum(b.outcome IS NOT 'eliminated' AND b.average_total IS NOT NULL)
FROM registration r LEFT JOIN best b ON b.rid = r.id AND b.rn = 1
WHERE r.year = ?1 AND (?2 IS NULL OR r.round = ?2)
GROUP BY r.unit_id"
    );
    let mut st = conn.prepare(&sql)?;
    let mut per: BTreeMap<i64, Counts> = BTreeMap::new();
    let mut rows = st.query((s.year, s.round, s.level))?;
    while let Some(r) = rows.next()? {
        let n =
            |i: usize| -> rusqlite::Result<i64> { Ok(r.get::<_, Option<i64>>(i)?.unwrap_or(0)) };
        per.insert(
            r.get(0)?,
            Counts {
                registrations: n(1)?,
                submitted: n(2)?,
                evaluated: n(3)?,
                stars: [n(4)?, n(5)?, n(6)?],
                below_3: n(7)?,
                eliminated: n(8)?,
                score_sum: r.get::<_, Option<f64>>(9)?.map_or(0, |v| v.round() as i64),
                recognised: n(10)?,
                scored: n(11)?,
            },
        );
    }
    Ok(year_units(conn, s.year)?
        .into_iter()
        .map(|u| SummaryRow {
            counts: per.get(&u.id).copied().unwrap_or_default(),
            code: u.code,
            name: u.name,
        })
        .collect())
}

/// One commune's counts, before rendering (several district files merge at this level, so that
/// the total's average stays exact).
#[derive(Debug, Clone)]
pub struct SummaryRow {
    pub code: String,
    pub name: String,
    counts: Counts,
}

/// A summary's numbers as the brief states them.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Totals {
    pub registrations: i64,
    pub submitted: i64,
    pub evaluated: i64,
    /// 3, 4 and 5 stars.
    pub stars: [i64; 3],
    pub below_3: i64,
    pub eliminated: i64,
    pub recognised: i64,
    /// The average of the scored results, in hundredths.
    pub average: Option<i64>,
}

impl From<&Counts> for Totals {
    fn from(c: &Counts) -> Totals {
        Totals {
            registrations: c.registrations,
            submitted: c.submitted,
            evaluated: c.evaluated,
            stars: c.stars,
            below_3: c.below_3,
            eliminated: c.eliminated,
            recognised: c.recognised,
            average: (c.scored > 0).then(|| (2 * c.score_sum + c.scored) / (2 * c.scored)),
        }
    }
}

impl SummaryRow {
    pub fn totals(&self) -> Totals {
        Totals::from(&self.counts)
    }
}

/// The total of summary rows (as the summary's total row counts them).
pub fn totals(rows: &[SummaryRow]) -> Totals {
    let mut all = Counts::default();
    for r in rows {
        all.add(&r.counts);
    }
    Totals::from(&all)
}

/// Summary rows added up under another name (the brief's "other communes" row).
pub fn sum_rows(code: &str, name: &str, rows: &[SummaryRow]) -> SummaryRow {
    let mut all = Counts::default();
    for r in rows {
        all.add(&r.counts);
    }
    SummaryRow {
        code: code.into(),
        name: name.into(),
        counts: all,
    }
}

/// The summary rows of several district files in unit-code order, the same commune (code and
/// name) counted together.
pub fn merge_summaries(parts: Vec<Vec<SummaryRow>>) -> Vec<SummaryRow> {
    let mut map: BTreeMap<(String, String), Counts> = BTreeMap::new();
    for rows in parts {
        for r in rows {
            map.entry((r.code, r.name)).or_default().add(&r.counts);
        }
    }
    map.into_iter()
        .map(|((code, name), counts)| SummaryRow { code, name, counts })
        .collect()
}

/// The rows of `summary`, without rendering.
pub fn summary_rows(conn: &Connection, s: Scope<'_>) -> Result<Vec<SummaryRow>> {
    summary_counts(conn, s)
}

pub fn summary_listing(rows: &[SummaryRow]) -> Listing {
    let mut out = Listing::new(&SUMMARY_COLUMNS);
    let mut total = Counts::default();
    for r in rows {
        total.add(&r.counts);
        out.push(r.counts.row(&r.code, &r.name));
    }
    out.push(total.row_coded(
        "total",
        crate::output::coded("total", crate::i18n::l(Msg::HTotal)),
    ));
    out
}

pub const SUMMARY_COLUMNS: [crate::output::Column; 12] = [
    col("commune_code", Msg::HCommuneCode),
    col("commune_name", Msg::HCommune),
    col("registrations", Msg::HRegistrations),
    col("submitted", Msg::HSubmitted),
    col("evaluated", Msg::HEvaluated),
    col("stars_3", Msg::HStars3),
    col("stars_4", Msg::HStars4),
    col("stars_5", Msg::HStars5),
    col("below_3", Msg::HBelow3),
    col("eliminated", Msg::HEliminated),
    col("average_score", Msg::HAverage),
    col("recognised", Msg::HRecognised),
];

/// `report products`: every evaluated product of the year.
pub fn products(conn: &Connection, s: Scope<'_>, min_stars: Option<u8>) -> Result<Listing> {
    let regimes = Regimes::in_use()?;
    let sql = format!(
        "{BEST}
SELECT r.code, p.name, sj.name, sj.kind, u.code, u.name, r.regime, r.product_set, b.average_a, b.average_b, b.average_c,
       b.average_total, b.stars, b.level, b.outcome, coalesce(c.decision_no, b.decision_no), b.source
FROM registration r JOIN best b ON b.rid = r.id AND b.rn = 1
     JOIN product p ON p.id = r.product_id JOIN subject sj ON sj.id = p.subject_id JOIN unit u ON u.id = r.unit_id
     LEFT JOIN certificate c ON c.registration_id = r.id
WHERE (?4 IS NULL OR b.stars >= ?4)
ORDER BY r.seq"
    );
    let mut out = Listing::new(&[
        col("code", Msg::HCode),
        col("product_name", Msg::HProduct),
        col("subject_name", Msg::HSubject),
        col("subject_kind", Msg::HSubjectKind),
        col("commune_code", Msg::HCommuneCode),
        col("commune_name", Msg::HCommune),
        col("product_set", Msg::HProductSet),
        col("group", Msg::HGroup),
        col("average_a", Msg::HPartA),
        col("average_b", Msg::HPartB),
        col("average_c", Msg::HPartC),
        col("average_total", Msg::HAverage),
        col("stars", Msg::HStars),
        col("level", Msg::HLevel),
        col("outcome", Msg::HOutcome),
        col("decision", Msg::HDecision),
        col("source", Msg::HSource),
    ]);
    let mut st = conn.prepare(&sql)?;
    let mut rows = st.query((s.year, s.round, s.level, min_stars))?;
    let avg = |v: Option<f64>| v.map_or(Value::Null, |x| Value::Points(cents(x)));
    while let Some(r) = rows.next()? {
        let regime: String = r.get(6)?;
        let set: String = r.get(7)?;
        // The set and its group: ids for scripts, names for people.
        let rg = regimes.get(&regime).ok();
        let ps = rg.and_then(|rg| rg.set(&set));
        let g = rg.zip(ps).and_then(|(rg, ps)| rg.group(&ps.group));
        let group = crate::output::coded(
            g.map(|g| g.id.clone()).unwrap_or_default(),
            g.map(|g| g.name().to_string()).unwrap_or_default(),
        );
        let set = crate::output::coded(
            set.clone(),
            ps.map_or_else(|| set.clone(), |p| p.name().to_string()),
        );
        // A rating below the range of the level that gave it is recognised by the level whose
        // range it falls in (a 65 at a province under 148: the district), as its certificate says.
        let stars: i64 = r.get(12)?;
        let outcome: String = r.get(14)?;
        let mut level: String = r.get(13)?;
        if outcome == crate::domain::score::Outcome::Recognises.id()
            && let Some(by) = regimes
                .get(&regime)
                .ok()
                .and_then(|g| crate::domain::score::recognising_level(g, &level, stars as u8))
        {
            level = by.to_string();
        }
        out.push(vec![
            r.get::<_, String>(0)?.into(),
            r.get::<_, String>(1)?.into(),
            r.get::<_, String>(2)?.into(),
            {
                let kind: String = r.get(3)?;
                let label = crate::domain::subject::SubjectKind::from_id(&kind)
                    .map_or_else(|| kind.clone(), |k| k.label().to_string());
                crate::output::coded(kind, label)
            },
            r.get::<_, String>(4)?.into(),
            r.get::<_, String>(5)?.into(),
            set,
            group,
            avg(r.get(8)?),
            avg(r.get(9)?),
            avg(r.get(10)?),
            avg(r.get(11)?),
            r.get::<_, i64>(12)?.into(),
            crate::output::level_value(&level),
            crate::output::coded(
                outcome.clone(),
                crate::domain::score::Outcome::label(&outcome),
            ),
            r.get::<_, Option<String>>(15)?.into(),
            source_value(&r.get::<_, String>(16)?),
        ]);
    }
    Ok(out)
}

/// Where a result comes from, as reports show it: a council's ranking in ocop, or a past list.
pub fn source_value(source: &str) -> Value {
    crate::output::coded(
        source,
        crate::i18n::l(if source == "imported" {
            Msg::SourceImported
        } else {
            Msg::SourceCouncil
        }),
    )
}

/// `report groups`: product group × stars of the year's evaluated registrations, with totals.
pub fn groups(conn: &Connection, s: Scope<'_>) -> Result<Listing> {
    let regimes = Regimes::in_use()?;
    let regime = regimes.for_year(s.year)?;
    let sql = format!(
        "{BEST}
SELECT r.regime, r.product_set, b.stars, b.outcome
FROM registration r JOIN best b ON b.rid = r.id AND b.rn = 1
WHERE r.year = ?1 AND (?2 IS NULL OR r.round = ?2)"
    );
    let mut per: BTreeMap<String, Counts> = BTreeMap::new();
    let mut st = conn.prepare(&sql)?;
    let mut rows = st.query((s.year, s.round, s.level))?;
    while let Some(r) = rows.next()? {
        let reg_regime: String = r.get(0)?;
        let set: String = r.get(1)?;
        let group = regimes
            .get(&reg_regime)
            .ok()
            .and_then(|rg| rg.set(&set).map(|ps| ps.group.clone()))
            .unwrap_or_default();
        let stars: i64 = r.get(2)?;
        let eliminated = r.get::<_, String>(3)? == "eliminated";
        let c = per.entry(group).or_default();
        c.evaluated += 1;
        match (eliminated, stars) {
            (true, _) => c.eliminated += 1,
            (false, 3..=5) => c.stars[(stars - 3) as usize] += 1,
            _ => c.below_3 += 1,
        }
    }
    let mut out = Listing::new(&[
        col("group", Msg::HGroup),
        col("group_name", Msg::HName),
        col("evaluated", Msg::HEvaluated),
        col("stars_3", Msg::HStars3),
        col("stars_4", Msg::HStars4),
        col("stars_5", Msg::HStars5),
        col("below_3", Msg::HBelow3),
        col("eliminated", Msg::HEliminated),
    ]);
    let mut total = Counts::default();
    let row = |id: &str, name: Value, c: &Counts| -> Vec<Value> {
        vec![
            id.into(),
            name,
            c.evaluated.into(),
            c.stars[0].into(),
            c.stars[1].into(),
            c.stars[2].into(),
            c.below_3.into(),
            c.eliminated.into(),
        ]
    };
    for g in &regime.groups {
        let c = per.remove(&g.id).unwrap_or_default();
        total.add(&c);
        out.push(row(&g.id, crate::output::coded(&g.id, g.name()), &c));
    }
    // Groups of another regime (a registration scored under a regime named explicitly).
    for (id, c) in per {
        total.add(&c);
        out.push(row(&id, id.as_str().into(), &c));
    }
    out.push(row(
        "total",
        crate::output::coded("total", crate::i18n::l(Msg::HTotal)),
        &total,
    ));
    Ok(out)
}

/// `report trend`: products rated 3 stars or more per year and stars (the summary's stars_3,
/// stars_4 and stars_5 totals, year after year), every year with a registration listed, from
/// `from` to `to` when given.
pub fn trend(
    conn: &Connection,
    round: Option<i64>,
    from: Option<i32>,
    to: Option<i32>,
) -> Result<Listing> {
    // The same choice of result as BEST, over every year at once.
    let mut st = conn.prepare(
        "WITH best AS (
  SELECT res.registration_id AS rid, res.stars, res.outcome,
         row_number() OVER (PARTITION BY res.registration_id
           ORDER BY CASE res.level WHEN 'commune' THEN 0 WHEN 'district' THEN 1 WHEN 'province' THEN 2 ELSE 3 END DESC) AS rn
  FROM result res
  WHERE res.level <> 'commune'
)
SELECT r.year, b.stars, count(*)
FROM registration r JOIN best b ON b.rid = r.id AND b.rn = 1
WHERE b.outcome IS NOT 'eliminated' AND b.stars BETWEEN 3 AND 5 AND (?1 IS NULL OR r.round = ?1)
GROUP BY r.year, b.stars",
    )?;
    let mut per: BTreeMap<(i64, i64), i64> = BTreeMap::new();
    let mut rows = st.query([round])?;
    while let Some(r) = rows.next()? {
        per.insert((r.get(0)?, r.get(1)?), r.get(2)?);
    }
    let mut st = conn.prepare(
        "SELECT DISTINCT year FROM registration WHERE ?1 IS NULL OR round = ?1 ORDER BY year",
    )?;
    let years: Vec<i64> = st
        .query_map([round], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    let mut out = Listing::new(&TREND_COLUMNS);
    let within =
        |y: i64| from.is_none_or(|f| y >= i64::from(f)) && to.is_none_or(|t| y <= i64::from(t));
    for year in years.into_iter().filter(|y| within(*y)) {
        for stars in 3..=5 {
            let n = per.get(&(year, stars)).copied().unwrap_or(0);
            out.push(vec![Value::Int(year), Value::Int(stars), Value::Int(n)]);
        }
    }
    Ok(out)
}

pub const TREND_COLUMNS: [crate::output::Column; 3] = [
    col("year", Msg::HYear),
    col("stars", Msg::HStars),
    col("products", Msg::HProducts),
];

/// `report progress`: registrations by stage per commune.
pub fn progress(conn: &Connection, s: Scope<'_>) -> Result<Listing> {
    use crate::domain::registration::Stage;
    let mut st = conn.prepare(
        "SELECT unit_id, stage, count(*) FROM registration WHERE year = ?1 AND (?2 IS NULL OR round = ?2) GROUP BY unit_id, stage",
    )?;
    let mut per: BTreeMap<i64, [i64; 8]> = BTreeMap::new();
    let mut rows = st.query((s.year, s.round))?;
    while let Some(r) = rows.next()? {
        let stage: String = r.get(1)?;
        if let Some(i) = Stage::ALL.iter().position(|x| x.id() == stage) {
            per.entry(r.get(0)?).or_default()[i] += r.get::<_, i64>(2)?;
        }
    }
    let mut columns = vec![
        col("commune_code", Msg::HCommuneCode),
        col("commune_name", Msg::HCommune),
    ];
    columns.extend([
        col("idea", Msg::StIdea),
        col("plan", Msg::StPlan),
        col("implementing", Msg::StImplementing),
        col("submitted", Msg::StSubmitted),
        col("evaluated", Msg::HEvaluated),
        col("recognised", Msg::StRecognised),
        col("not_recognised", Msg::StNotRecognised),
        col("withdrawn", Msg::StWithdrawn),
        col("registrations", Msg::HRegistrations),
    ]);
    let mut out = Listing::new(&columns);
    let mut total = [0i64; 8];
    let row = |code: &str, name: Value, n: &[i64; 8]| -> Vec<Value> {
        let mut v: Vec<Value> = vec![code.into(), name];
        v.extend(n.iter().map(|x| Value::Int(*x)));
        v.push(Value::Int(n.iter().sum()));
        v
    };
    for u in year_units(conn, s.year)? {
        let n = per.get(&u.id).copied().unwrap_or_default();
        for (t, x) in total.iter_mut().zip(n) {
            *t += x;
        }
        out.push(row(&u.code, u.name.as_str().into(), &n));
    }
    out.push(row(
        "total",
        crate::output::coded("total", crate::i18n::l(Msg::HTotal)),
        &total,
    ));
    Ok(out)
}

/// `report certificates` and `certificate list`: each certificate's status on `at` (valid,
/// expiring within `expiring_within` days, lapsed, replaced, revoked), optionally filtered.
pub fn certificates(
    conn: &Connection,
    at: jiff::civil::Date,
    expiring_within: Option<i64>,
    lapsed: bool,
) -> Result<Listing> {
    use crate::error::Error;
    use crate::i18n::l;
    let horizon = expiring_within
        // Beyond the calendar's range, the horizon is simply its end.
        .map(|days| {
            jiff::Span::new()
                .try_days(days.clamp(-7_000_000, 7_000_000))
                .and_then(|span| at.checked_add(span))
                .map(|d| d.to_string())
                .or_else(|_| Ok::<String, Error>("9999-12-31".to_string()))
        })
        .transpose()?;
    let at_s = at.to_string();
    let mut out = Listing::new(&[
        col("id", Msg::HId),
        col("code", Msg::HCode),
        col("product_name", Msg::HProduct),
        col("subject_name", Msg::HSubject),
        col("commune_name", Msg::HCommune),
        col("commune_at", Msg::HCommuneAt),
        col("stars", Msg::HStars),
        col("level", Msg::HLevel),
        col("decision_no", Msg::HDecision),
        col("decision_date", Msg::HDecisionDate),
        col("valid_until", Msg::HValidUntil),
        col("status", Msg::HStatus),
    ]);
    for c in crate::db::scores::certificates(conn)? {
        // Not issued yet on the date: not a certificate of that day.
        if c.decision_date.as_str() > at_s.as_str() {
            continue;
        }
        // Status on the date: replaced and revoked stay so; otherwise lapsed after valid_until,
        // expiring when it lapses before the horizon.
        let status = match c.status.as_str() {
            "valid" if c.valid_until.as_str() < at_s.as_str() => "lapsed",
            "valid"
                if horizon
                    .as_deref()
                    .is_some_and(|h| c.valid_until.as_str() <= h) =>
            {
                "expiring"
            }
            s => s,
        }
        .to_string();
        if lapsed && status != "lapsed" {
            continue;
        }
        if expiring_within.is_some() && status != "expiring" {
            continue;
        }
        let label = crate::output::coded(
            status.clone(),
            l(match status.as_str() {
                "lapsed" => Msg::CertLapsed,
                "expiring" => Msg::CertExpiring,
                "replaced" => Msg::CertReplaced,
                "revoked" => Msg::CertRevoked,
                _ => Msg::CertValid,
            })
            .to_string(),
        );
        // The commune of issue as it is on the date (after the 2025 reform, its successor).
        let unit = crate::db::units::get(conn, c.unit_id)?;
        let now: Vec<String> = crate::db::units::on_date(conn, &unit, &at_s)?
            .iter()
            .map(|u| u.name.clone())
            .collect();
        out.push(vec![
            c.id.into(),
            c.code.into(),
            c.product_name.into(),
            c.subject_name.into(),
            c.commune_name.into(),
            now.join(" / ").into(),
            i64::from(c.stars).into(),
            crate::output::level_value(&c.level),
            c.decision_no.into(),
            c.decision_date.into(),
            c.valid_until.into(),
            label,
        ]);
    }
    Ok(out)
}

/// `report dossiers`: completeness per registration of the year submitted or later, one row each
/// with its problems joined; checked on `at`.
pub fn dossiers(
    conn: &Connection,
    store: &crate::store::Store,
    s: Scope<'_>,
    at: &str,
) -> Result<Listing> {
    use crate::db::{documents, registrations};
    let regs = registrations::list(
        conn,
        &registrations::ListFilter {
            year: Some(s.year),
            round: s.round,
            ..Default::default()
        },
    )?;
    let docs = documents::by_registration(documents::of_registrations(conn, Some(s.year))?);
    let mut out = Listing::new(&[
        col("code", Msg::HCode),
        col("product_name", Msg::HProduct),
        col("subject_name", Msg::HSubject),
        col("commune_code", Msg::HCommuneCode),
        col("stage", Msg::HStage),
        col("documents", Msg::HFile),
        col("complete", Msg::HStatus),
        col("problems", Msg::HProblem),
    ]);
    // A dossier is due from submission on, as `dossier check --year` counts it.
    for r in regs.iter().filter(|r| {
        matches!(
            r.stage.as_str(),
            "submitted" | "evaluated" | "recognised" | "not-recognised"
        )
    }) {
        let mine = docs.get(&r.id).map(Vec::as_slice).unwrap_or_default();
        let findings = crate::ops::dossier::check(store, r, mine, at)?;
        out.push(vec![
            r.code.clone().into(),
            r.product_name.clone().into(),
            r.subject_name.clone().into(),
            r.commune_code.clone().into(),
            crate::output::coded(
                r.stage.clone(),
                crate::domain::registration::Stage::from_id(&r.stage)
                    .map_or(r.stage.as_str(), |s| s.label()),
            ),
            (mine.len() as i64).into(),
            crate::output::yes_no(findings.is_empty()),
            crate::ops::dossier::Finding::cell(&findings),
        ]);
    }
    Ok(out)
}

/// Several district files' listings as one: rows whose first `keys` columns agree are summed
/// (whole numbers), `total` rows are dropped and made again from the sums. For `groups` and
/// `progress`; `products`, `certificates` and `dossiers` simply follow one another.
pub fn merge_sums(listings: Vec<Listing>, keys: usize, with_total: bool) -> Option<Listing> {
    let mut it = listings.into_iter();
    let first = it.next()?;
    let columns = first.columns.clone();
    let mut order: Vec<Vec<Value>> = Vec::new();
    for l in std::iter::once(first).chain(it) {
        for row in l.rows {
            if matches!(row.first(), Some(Value::Text(t)) if t == "total") {
                continue;
            }
            match order.iter_mut().find(|r| r[..keys] == row[..keys]) {
                Some(existing) => {
                    for (a, b) in existing.iter_mut().zip(&row).skip(keys) {
                        if let (Value::Int(x), Value::Int(y)) = (a.clone(), b) {
                            *a = Value::Int(x + y);
                        }
                    }
                }
                None => order.push(row),
            }
        }
    }
    order.sort_by(|a, b| format!("{:?}", &a[..keys]).cmp(&format!("{:?}", &b[..keys])));
    let mut out = Listing {
        columns,
        rows: Vec::new(),
    };
    let mut total: Vec<Value> = Vec::new();
    for row in &order {
        if total.is_empty() {
            total = row
                .iter()
                .enumerate()
                .map(|(i, v)| match (i, v) {
                    (0, _) => Value::Text("total".into()),
                    (1, _) if keys > 1 => {
                        crate::output::coded("total", crate::i18n::l(Msg::HTotal))
                    }
                    (_, Value::Int(n)) => Value::Int(*n),
                    _ => Value::Null,
                })
                .collect();
        } else {
            for (a, b) in total.iter_mut().zip(row).skip(keys) {
                if let (Value::Int(x), Value::Int(y)) = (a.clone(), b) {
                    *a = Value::Int(x + y);
                }
            }
        }
    }
    out.rows = order;
    if with_total && !total.is_empty() {
        out.rows.push(total);
    }
    Some(out)
}
