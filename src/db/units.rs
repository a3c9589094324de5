//! Administrative units: provinces, districts and communes, with validity dates and mergers.

use jiff::civil::Date;
use rusqlite::{Connection, Row};

use crate::error::{Error, Result};
use crate::i18n::{Msg, l, t};
use crate::text::fold_unit_name;

#[derive(Debug, Clone, PartialEq)]
pub struct Unit {
    pub id: i64,
    pub level: String,
    pub code: String,
    pub name: String,
    pub unit_type: String,
    pub province_code: String,
    pub district_code: Option<String>,
    pub valid_from: Option<String>,
    pub valid_to: Option<String>,
    pub successor_code: Option<String>,
}

/// A unit as read from a file, before it has an id.
#[derive(Debug, Clone, PartialEq)]
pub struct NewUnit {
    pub level: &'static str,
    pub code: String,
    pub name: String,
    pub unit_type: String,
    pub province_code: String,
    pub district_code: Option<String>,
    pub valid_from: Option<String>,
    pub valid_to: Option<String>,
    pub successor_code: Option<String>,
}

const COLUMNS: &str = "id, level, code, name, unit_type, province_code, district_code, valid_from, valid_to, successor_code";

fn from_row(r: &Row<'_>) -> rusqlite::Result<Unit> {
    Ok(Unit {
        id: r.get(0)?,
        level: r.get(1)?,
        code: r.get(2)?,
        name: r.get(3)?,
        unit_type: r.get(4)?,
        province_code: r.get(5)?,
        district_code: r.get(6)?,
        valid_from: r.get(7)?,
        valid_to: r.get(8)?,
        successor_code: r.get(9)?,
    })
}

impl Unit {
    /// Whether the unit was in force on `date` (ISO text compares in date order).
    pub fn in_force_on(&self, date: &str) -> bool {
        self.valid_from.as_deref().is_none_or(|f| f <= date)
            && self.valid_to.as_deref().is_none_or(|t| date <= t)
    }

    /// Whether the unit was in force at some time during `year`.
    pub fn in_force_in_year(&self, year: i32) -> bool {
        let first = format!("{year:04}-01-01");
        let last = format!("{year:04}-12-31");
        self.valid_from
            .as_deref()
            .is_none_or(|f| f <= last.as_str())
            && self.valid_to.as_deref().is_none_or(|t| first.as_str() <= t)
    }

    pub fn label(&self) -> String {
        format!("{} {}", self.code, self.name)
    }

    /// "Xã Thọ Xuân (15499)", for sentences.
    pub fn named(&self) -> String {
        format!("{} ({})", self.name, self.code)
    }
}

/// Whether two versions name the same unit: same name, type and parent. A unit whose name, type
/// or parent changes is a new version, never the old one renamed.
pub fn same_identity(e: &Unit, u: &NewUnit) -> bool {
    e.name == u.name
        && e.unit_type == u.unit_type
        && e.province_code == u.province_code
        && e.district_code == u.district_code
}

/// Inserts a new version of a unit.
pub fn insert(conn: &Connection, u: &NewUnit) -> Result<i64> {
    conn.prepare_cached(
        "INSERT INTO unit (level, code, name, name_key, unit_type, province_code, district_code, valid_from, valid_to, successor_code)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
    )?
    .execute((
        u.level, &u.code, &u.name, &fold_unit_name(&u.name), &u.unit_type, &u.province_code,
        &u.district_code, &u.valid_from, &u.valid_to, &u.successor_code,
    ))?;
    let id = conn.last_insert_rowid();
    if let Some(code) = &u.successor_code {
        add_successors(conn, id, std::slice::from_ref(code))?;
    }
    Ok(id)
}

/// Ends a version on `valid_to`, naming its successor when known (a version already ended
/// earlier keeps its end).
pub fn close(conn: &Connection, id: i64, valid_to: &str, successor: Option<&str>) -> Result<()> {
    conn.prepare_cached(
        "UPDATE unit SET valid_to = CASE WHEN valid_to IS NULL OR valid_to > ?2 THEN ?2 ELSE valid_to END,
                         successor_code = coalesce(successor_code, ?3)
         WHERE id = ?1",
    )?
    .execute((id, valid_to, successor))?;
    if let Some(code) = successor {
        add_successors(conn, id, &[code.to_string()])?;
    }
    Ok(())
}

/// Records the successors of a unit that ended: one for a merger, several for a commune divided
/// between new ones (the 2025 reform).
pub fn add_successors(conn: &Connection, id: i64, codes: &[String]) -> Result<()> {
    let mut st = conn.prepare_cached(
        "INSERT OR IGNORE INTO unit_successor (unit_id, successor_code) VALUES (?1, ?2)",
    )?;
    for c in codes {
        st.execute((id, c))?;
    }
    Ok(())
}

/// Sets the end and successor of a version, as a file gives them (the name stays).
pub fn set_end(conn: &Connection, id: i64, u: &NewUnit) -> Result<()> {
    conn.prepare_cached("UPDATE unit SET valid_to = ?2, successor_code = ?3 WHERE id = ?1")?
        .execute((id, &u.valid_to, &u.successor_code))?;
    if let Some(code) = &u.successor_code {
        add_successors(conn, id, std::slice::from_ref(code))?;
    }
    Ok(())
}

/// The units whose line of successors leads to the commune of code `?2` (a recursive CTE named
/// `before`, to put in front of a query): a producer recorded in Xã Xuân Phong (15508) is the
/// producer a 2026 list names in its successor, Xã Thọ Long (15505).
pub const LINEAGE: &str = "WITH RECURSIVE before(id) AS (
    SELECT us.unit_id FROM unit_successor us WHERE us.successor_code = ?2
    UNION
    SELECT us.unit_id FROM unit_successor us JOIN unit v ON v.code = us.successor_code
      JOIN before b ON b.id = v.id
)";

/// Whether the unit `id` became, through its successors, the commune of code `code`.
pub fn leads_to(conn: &Connection, id: i64, code: &str) -> Result<bool> {
    Ok(conn
        .prepare_cached(&format!(
            "{LINEAGE} SELECT EXISTS (SELECT 1 FROM before WHERE id = ?1)"
        ))?
        .query_row((id, code), |r| r.get(0))?)
}

/// Every unit that took over `u` when it ended, in force the day after: one for a merger,
/// several for a divided commune; empty while `u` is in force.
pub fn successors(conn: &Connection, u: &Unit) -> Result<Vec<Unit>> {
    let Some(next) = u
        .valid_to
        .as_deref()
        .and_then(|to| to.parse::<Date>().ok())
        .and_then(|d| d.tomorrow().ok())
    else {
        return Ok(Vec::new());
    };
    let next = next.to_string();
    let mut st = conn.prepare_cached(
        "SELECT successor_code FROM unit_successor WHERE unit_id = ?1 ORDER BY successor_code",
    )?;
    let codes: Vec<String> = st
        .query_map([u.id], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    let mut out = Vec::new();
    for code in codes {
        if let Some(v) = by_code(conn, &u.level, &code)?
            .into_iter()
            .find(|c| c.in_force_on(&next))
        {
            out.push(v);
        }
    }
    Ok(out)
}

/// The communes in force on `on` in these districts.
pub fn communes_in_force(conn: &Connection, districts: &[String], on: &str) -> Result<Vec<Unit>> {
    let list = serde_json::Value::from(districts.to_vec()).to_string();
    let mut st = conn.prepare_cached(&format!(
        "SELECT {COLUMNS} FROM unit WHERE level = 'commune'
           AND district_code IN (SELECT value FROM json_each(?1))
           AND (valid_from IS NULL OR valid_from <= ?2) AND (valid_to IS NULL OR ?2 <= valid_to)
         ORDER BY code"
    ))?;
    let rows = st.query_map((list, on), from_row)?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// Refuses a unit that was not in force on `on`, naming what took it over.
pub fn check_in_force(conn: &Connection, u: &Unit, on: &str) -> Result<()> {
    if u.in_force_on(on) {
        return Ok(());
    }
    // Ended before the date: name what took it over, and from when.
    if u.valid_to.as_deref().is_some_and(|to| to < on) {
        let after = successors(conn, u)?;
        let since = after
            .first()
            .and_then(|s| s.valid_from.as_deref())
            .and_then(|d| d.parse::<Date>().ok())
            .map(|d| d.strftime("%d/%m/%Y").to_string())
            .unwrap_or_default();
        let names: Vec<String> = after.iter().map(Unit::named).collect();
        match names.as_slice() {
            [] => {}
            [one] => {
                return Err(Error::data(t(
                    Msg::UnitMergedInto,
                    &[("unit", &u.named()), ("successor", one), ("date", &since)],
                )));
            }
            many => {
                return Err(Error::data(t(
                    Msg::UnitDividedBetween,
                    &[
                        ("unit", &u.named()),
                        ("successors", &many.join("; ")),
                        ("date", &since),
                    ],
                )));
            }
        }
    }
    let successor = match &u.successor_code {
        Some(code) => match version_on(conn, &u.level, code, on)? {
            Some(s) => t(
                Msg::UnitSuccessorIs,
                &[("name", &s.name), ("code", &s.code)],
            ),
            None => t(Msg::UnitSuccessorIs, &[("name", ""), ("code", code)]),
        },
        None => String::new(),
    };
    let when = match (&u.valid_from, &u.valid_to) {
        (Some(f), _) if on < f.as_str() => t(Msg::UnitFrom, &[("date", f)]),
        (_, Some(to)) => t(Msg::UnitUntil, &[("date", to)]),
        _ => String::new(),
    };
    Err(Error::data(t(
        Msg::UnitNotInForceOn,
        &[
            ("name", &u.name),
            ("code", &u.code),
            ("on", on),
            ("when", &when),
            ("successor", &successor),
        ],
    )))
}

/// Refuses to end a unit version before `from` when registrations of that date or later are
/// placed in it: an import with a wrong `--from` would move history out of its commune.
pub fn check_not_used_from(conn: &Connection, u: &Unit, from: &str) -> Result<()> {
    let n: i64 = conn
        .prepare_cached(
            "SELECT count(*) FROM registration
             WHERE unit_id = ?1 AND coalesce(registered_on, printf('%04d-01-01', year)) >= ?2",
        )?
        .query_row((u.id, from), |r| r.get(0))?;
    if n > 0 {
        return Err(Error::data(t(
            Msg::UnitUsedAfter,
            &[
                ("name", &u.name),
                ("code", &u.code),
                ("from", from),
                ("count", &n.to_string()),
            ],
        )));
    }
    Ok(())
}

/// The version of `code` in force on `on`, for a name that matched another version of it: a
/// 2019 row naming "Phú Xuân" (the name from 01/12/2019) means the code's unit of its date.
pub fn version_on(conn: &Connection, level: &str, code: &str, on: &str) -> Result<Option<Unit>> {
    Ok(by_code(conn, level, code)?
        .into_iter()
        .find(|u| u.in_force_on(on)))
}

pub fn get(conn: &Connection, id: i64) -> Result<Unit> {
    Ok(conn
        .prepare_cached(&format!("SELECT {COLUMNS} FROM unit WHERE id = ?1"))?
        .query_row([id], from_row)?)
}

/// Every version of the units with this code at this level, oldest first.
pub fn by_code(conn: &Connection, level: &str, code: &str) -> Result<Vec<Unit>> {
    let mut st = conn.prepare_cached(&format!(
        "SELECT {COLUMNS} FROM unit WHERE level = ?1 AND code = ?2 ORDER BY valid_from IS NOT NULL, valid_from"
    ))?;
    let rows = st.query_map((level, code), from_row)?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

pub fn exists_code(conn: &Connection, code: &str) -> Result<bool> {
    Ok(conn
        .prepare_cached("SELECT 1 FROM unit WHERE code = ?1 LIMIT 1")?
        .exists([code])?)
}

pub fn count(conn: &Connection) -> Result<i64> {
    Ok(conn.query_row("SELECT count(*) FROM unit", [], |r| r.get(0))?)
}

/// Filters for listing units. A district filter keeps the two-level communes (no district, from
/// 01/07/2025) too: a database holds the units of its area only, and those are the district's
/// successors.
#[derive(Debug, Default)]
pub struct ListFilter {
    pub level: Option<String>,
    pub district_code: Option<String>,
    /// Only the units in force on this date (yyyy-mm-dd); None lists every version.
    pub at: Option<String>,
}

pub fn list(conn: &Connection, f: &ListFilter) -> Result<Vec<Unit>> {
    let mut st = conn.prepare(&format!(
        "SELECT {COLUMNS} FROM unit
         WHERE (?1 IS NULL OR level = ?1)
           AND (?2 IS NULL OR district_code = ?2 OR (level = 'district' AND code = ?2)
                OR (level = 'commune' AND district_code IS NULL))
           AND (?3 IS NULL OR ((valid_from IS NULL OR valid_from <= ?3) AND (valid_to IS NULL OR ?3 <= valid_to)))
         ORDER BY CASE level WHEN 'province' THEN 0 WHEN 'district' THEN 1 ELSE 2 END, code,
                  valid_from IS NOT NULL, valid_from"
    ))?;
    let rows = st.query_map((&f.level, &f.district_code, &f.at), from_row)?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// The units that merged into `u`: those whose successor is its code and whose validity ended
/// the day before it started.
pub fn predecessors(conn: &Connection, u: &Unit) -> Result<Vec<Unit>> {
    let Some(from) = u.valid_from.as_deref() else {
        return Ok(Vec::new());
    };
    let Ok(start) = from.parse::<Date>() else {
        return Ok(Vec::new());
    };
    let Ok(eve) = start.yesterday() else {
        return Ok(Vec::new());
    };
    let mut st = conn.prepare_cached(&format!(
        "SELECT {COLUMNS} FROM unit WHERE level = ?1 AND successor_code = ?2 AND valid_to = ?3 ORDER BY code"
    ))?;
    let rows = st.query_map((&u.level, &u.code, eve.to_string()), from_row)?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// The unit that `u` merged into: its successor code, in force the day after `u` ended.
pub fn successor(conn: &Connection, u: &Unit) -> Result<Option<Unit>> {
    let (Some(code), Some(to)) = (u.successor_code.as_deref(), u.valid_to.as_deref()) else {
        return Ok(None);
    };
    let Ok(end) = to.parse::<Date>() else {
        return Ok(None);
    };
    let Ok(next) = end.tomorrow() else {
        return Ok(None);
    };
    let next = next.to_string();
    Ok(by_code(conn, &u.level, code)?
        .into_iter()
        .find(|c| c.in_force_on(&next)))
}

/// What `u` is on `date`: itself while in force, else what took it over then (followed through
/// several changes; several units where it was divided). Empty before it began.
pub fn on_date(conn: &Connection, u: &Unit, date: &str) -> Result<Vec<Unit>> {
    let mut cur = u.clone();
    for _ in 0..16 {
        if cur.in_force_on(date) {
            return Ok(vec![cur]);
        }
        if cur.valid_to.as_deref().is_none_or(|to| to >= date) {
            return Ok(Vec::new());
        }
        let next = successors(conn, &cur)?;
        match next.as_slice() {
            [one] => cur = one.clone(),
            [] => return Ok(Vec::new()),
            many => {
                let mut out = Vec::new();
                for m in many {
                    out.extend(on_date(conn, m, date)?);
                }
                return Ok(out);
            }
        }
    }
    Ok(Vec::new())
}

/// The unit that stands for `u` in `year`: `u` itself if it was in force during the year, else
/// its successor (followed through several mergers).
pub fn for_year(conn: &Connection, u: &Unit, year: i32) -> Result<Option<Unit>> {
    let mut cur = u.clone();
    for _ in 0..16 {
        if cur.in_force_in_year(year) {
            return Ok(Some(cur));
        }
        // Divided between several communes: the code it shares with one of them says nothing.
        if successors(conn, &cur)?.len() > 1 {
            return Ok(None);
        }
        // Another version of the same code that was in force that year.
        if let Some(v) = by_code(conn, &cur.level, &cur.code)?
            .into_iter()
            .find(|v| v.in_force_in_year(year))
        {
            return Ok(Some(v));
        }
        match successor(conn, &cur)? {
            Some(next) => cur = next,
            None => return Ok(None),
        }
    }
    Ok(None)
}

/// Finds a unit of `level` by code or by name (case, diacritics and the "xã"/"thị trấn" prefix
/// ignored), within `district` when given. When several versions of one code match, the one in
/// force on `on` wins, else the newest. Different units matching one name fail with the list.
pub fn find(
    conn: &Connection,
    level: &str,
    query: &str,
    district: Option<&str>,
    on: &str,
) -> Result<Unit> {
    let found = candidates(conn, level, query, district)?;
    let u = choose(&found, level, query, on)?;
    in_force_version(conn, u, on)
}

/// A unit a user names for a new record dated `on`: the unit of that name in force then. A name
/// of a unit that ended (or had not begun) is refused, naming what took it over, even where its
/// code now names another unit (the 2025 reform reused codes: "Thọ Hải" 15520 is Xã Xuân Hòa's
/// code since 01/07/2025).
pub fn find_for_record(
    conn: &Connection,
    level: &str,
    query: &str,
    district: Option<&str>,
    on: &str,
) -> Result<Unit> {
    let found = candidates(conn, level, query, district)?;
    let u = choose(&found, level, query, on)?;
    let q = query.trim();
    let by_code = !q.is_empty() && q.bytes().all(|b| b.is_ascii_digit());
    let v = in_force_version(conn, u.clone(), on)?;
    if !by_code && fold_unit_name(&v.name) != fold_unit_name(q) {
        check_in_force(conn, &u, on)?;
    }
    check_in_force(conn, &v, on)?;
    Ok(v)
}

/// The version of the chosen unit's code in force on `on` when the name matched another
/// version of it (a later name for an earlier date), else the unit as chosen.
pub fn in_force_version(conn: &Connection, u: Unit, on: &str) -> Result<Unit> {
    if u.in_force_on(on) {
        return Ok(u);
    }
    // Divided between several communes (2025): the code it shares with one of them says
    // nothing of where a record of that date belongs; the caller asks.
    if u.valid_to.as_deref().is_some_and(|to| to < on) && successors(conn, &u)?.len() > 1 {
        return Ok(u);
    }
    Ok(version_on(conn, &u.level, &u.code, on)?.unwrap_or(u))
}

/// Every unit version that a code or name could mean, before the date decides.
pub fn candidates(
    conn: &Connection,
    level: &str,
    query: &str,
    district: Option<&str>,
) -> Result<Vec<Unit>> {
    let q = query.trim();
    if !q.is_empty() && q.bytes().all(|b| b.is_ascii_digit()) {
        return by_code(conn, level, q);
    }
    let key = fold_unit_name(q);
    let mut st = conn.prepare_cached(&format!(
        "SELECT {COLUMNS} FROM unit WHERE level = ?1 AND name_key = ?2 AND (?3 IS NULL OR district_code = ?3 OR district_code IS NULL)
         ORDER BY code, valid_from IS NOT NULL, valid_from"
    ))?;
    let rows = st.query_map((level, &key, district), from_row)?;
    let found = rows.collect::<rusqlite::Result<Vec<_>>>()?;
    // "Hoằng Phụ" typed with its marks is not "Hoằng Phú".
    Ok(crate::text::prefer_as_typed(found, q, |u| {
        vec![u.name.as_str()]
    }))
}

/// The unit among `found` that `query` means on `on`.
pub fn choose(found: &[Unit], level: &str, query: &str, on: &str) -> Result<Unit> {
    let q = query.trim();
    let what = l(match level {
        "commune" => Msg::WhatCommune,
        "district" => Msg::WhatDistrict,
        _ => Msg::WhatUnit,
    });
    let not_found = || {
        Error::data(t(
            Msg::NotFound,
            &[("what", what), ("query", q), ("hint", "ocop unit list")],
        ))
    };
    let mut codes: Vec<&str> = found.iter().map(|u| u.code.as_str()).collect();
    codes.dedup();
    if codes.len() > 1 {
        // Prefer the units in force on the date before calling the name ambiguous.
        let in_force: Vec<&Unit> = found.iter().filter(|u| u.in_force_on(on)).collect();
        if let [one] = in_force.as_slice() {
            return Ok((*one).clone());
        }
        let candidates: Vec<String> = found.iter().map(|u| u.label()).collect();
        return Err(Error::data(t(
            Msg::Ambiguous,
            &[
                ("query", q),
                ("what", what),
                ("candidates", &candidates.join(", ")),
            ],
        )));
    }
    if let Some(u) = found.iter().find(|u| u.in_force_on(on)) {
        return Ok(u.clone());
    }
    // Several versions of one code, none in force on the date: the newest.
    found.last().cloned().ok_or_else(not_found)
}
