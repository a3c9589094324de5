//! The title block of a printed report: which report, the area as it was in the year, the
//! criteria regime(s) its products were scored under, and the audit entry it was made from.
//!
//! Everything here comes from the database, never from the clock: the same database gives the
//! same title, so the same workbook and brief bytes (the date shown is the date of the last audit
//! entry, which is also the date written into the document's properties).

use rusqlite::Connection;

use crate::error::Result;
use crate::i18n::{Lang, Msg, lang, t};
use crate::rules::regime::Regimes;

/// Vietnam keeps UTC+7 all year (no summer time): the audit log's UTC instants are shown as the
/// office's calendar day without depending on the machine's time zone.
const VIETNAM_OFFSET_HOURS: i8 = 7;

#[derive(Debug, Clone)]
pub struct Title {
    /// The report's name ("Kết quả thực hiện Chương trình OCOP theo xã").
    pub report: String,
    /// The area as it was in the year, with the year ("Huyện Thọ Xuân, Tỉnh Thanh Hóa, năm 2019").
    pub area: String,
    /// What the report is as of, when that is not the year ("Tình trạng tại ngày 31/12/2019").
    pub note: String,
    /// The regime line ("Đánh giá theo …"); empty for a report across regimes (certificates).
    pub regimes: String,
    /// The audit head line ("Lập từ nhật ký hệ thống: mục 812, ngày 30/11/2026 (mã 3fa1…)").
    pub made_from: String,
    /// The day of the last audit entry (Vietnam's calendar), for document properties.
    pub date: Option<jiff::civil::Date>,
}

impl Title {
    /// The title of one report over the given databases (a province may report over several
    /// district files): areas and heads joined, the latest head's date. `years`: the first and
    /// last year the report covers (the same for a yearly report): the area as it was in each;
    /// `round`: the round the report is limited to, named beside the report's name.
    pub fn of(
        conns: &[&Connection],
        years: (i32, i32),
        round: Option<i64>,
        report: Msg,
    ) -> Result<Title> {
        let mut areas: Vec<String> = Vec::new();
        let mut heads: Vec<String> = Vec::new();
        let mut regimes: Vec<String> = Vec::new();
        let mut date = None;
        for conn in conns {
            let mut of_years = vec![super::area_title(conn, years.0)?];
            if years.1 != years.0 {
                of_years.push(super::area_title(conn, years.1)?);
            }
            for area in of_years {
                if !areas.contains(&area) {
                    areas.push(area);
                }
            }
            let (line, d) = made_from(conn)?;
            heads.push(line);
            date = date.max(d);
            for r in year_regimes(conn, years)? {
                if !regimes.contains(&r) {
                    regimes.push(r);
                }
            }
        }
        let name = crate::i18n::l(report);
        Ok(Title {
            report: match round {
                Some(n) => t(
                    Msg::RptRound,
                    &[("report", name), ("round", &n.to_string())],
                ),
                None => name.to_string(),
            },
            area: areas.join("; "),
            note: String::new(),
            regimes: if regimes.is_empty() {
                String::new()
            } else {
                t(Msg::RptRegimes, &[("regimes", &regimes.join("; "))])
            },
            made_from: heads.join("; "),
            date,
        })
    }

    /// The lines under the report's name, in print order, empty lines left out.
    pub fn lines(&self) -> Vec<&str> {
        [
            self.area.as_str(),
            self.note.as_str(),
            self.regimes.as_str(),
            self.made_from.as_str(),
        ]
        .into_iter()
        .filter(|s| !s.is_empty())
        .collect()
    }
}

/// A date as the chosen language writes it: 30/11/2026 in Vietnamese, 2026-11-30 in English.
pub fn show_date(d: jiff::civil::Date) -> String {
    match lang() {
        Lang::Vi => format!("{:02}/{:02}/{:04}", d.day(), d.month(), d.year()),
        Lang::En => d.to_string(),
    }
}

/// The audit head as a sentence, and the day of its last entry.
fn made_from(conn: &Connection) -> Result<(String, Option<jiff::civil::Date>)> {
    let Some(crate::db::audit::LastEntry { count: n, at, hash }) = crate::db::audit::last(conn)?
    else {
        return Ok((t(Msg::RptMadeFromEmpty, &[]), None));
    };
    let date = vietnam_day(&at);
    let line = t(
        Msg::RptMadeFrom,
        &[
            ("n", &n.to_string()),
            ("date", &date.map(show_date).unwrap_or(at.clone())),
            ("hash", hash.get(..12).unwrap_or(&hash)),
        ],
    );
    Ok((line, date))
}

/// The calendar day in Vietnam of an audit instant ("2026-11-30T20:15:00Z" is 01/12/2026).
pub fn vietnam_day(at: &str) -> Option<jiff::civil::Date> {
    let ts: jiff::Timestamp = at.parse().ok()?;
    let offset = jiff::tz::Offset::constant(VIETNAM_OFFSET_HOURS);
    Some(offset.to_datetime(ts).date())
}

/// The names of the regimes the years' registrations were scored under, oldest first; the regime
/// in force at the end of the last year when there is none.
fn year_regimes(conn: &Connection, (first, year): (i32, i32)) -> Result<Vec<String>> {
    let regimes = Regimes::in_use()?;
    let mut st = conn.prepare_cached(
        "SELECT DISTINCT regime FROM registration WHERE year BETWEEN ?1 AND ?2 ORDER BY regime",
    )?;
    let ids: Vec<String> = st
        .query_map([first, year], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    let mut found: Vec<&crate::rules::regime::Regime> =
        ids.iter().filter_map(|id| regimes.get(id).ok()).collect();
    if found.is_empty()
        && let Ok(r) = regimes.for_year(year)
    {
        found.push(r);
    }
    found.sort_by(|a, b| a.in_force_from.cmp(&b.in_force_from));
    Ok(found.iter().map(|r| r.name().to_string()).collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn audit_instants_fall_on_vietnams_day() {
        assert_eq!(
            vietnam_day("2026-11-30T16:59:59Z").map(|d| d.to_string()),
            Some("2026-11-30".into())
        );
        assert_eq!(
            vietnam_day("2026-11-30T17:00:00Z").map(|d| d.to_string()),
            Some("2026-12-01".into())
        );
        assert_eq!(vietnam_day("not a time"), None);
    }
}
