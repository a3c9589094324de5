//! One definition of each word across the reports (CYCLE.md, invariant 5): a registration is
//! *evaluated* when a level has ranked it, *recognised* when it holds a certificate of that cycle.
//! [`disagreements`] reads the year's `summary`, `progress`, `groups`, `products`, `trend` and
//! `certificates` as a user gets them and says every count on which two of them differ; the
//! tests run it on the demo and after random command sequences, the national benchmark on its
//! generated country.

use rusqlite::Connection;

use super::Scope;
use crate::error::Result;
use crate::output::{Listing, Value};

/// The total row's value of column `id` (the row whose first cell is `total`), or the sum of the
/// column over every row when the listing has no total row.
fn total(l: &Listing, id: &str) -> i64 {
    let Some(c) = l.column(id) else {
        return 0;
    };
    let int = |v: &Value| match v {
        Value::Int(n) => *n,
        _ => 0,
    };
    match l
        .rows
        .iter()
        .find(|r| matches!(r.first(), Some(Value::Text(t)) if t == "total"))
    {
        Some(row) => row.get(c).map_or(0, int),
        None => l.rows.iter().map(|r| r.get(c).map_or(0, int)).sum(),
    }
}

/// Rows of a listing whose column `id` is not empty.
fn filled(l: &Listing, id: &str) -> i64 {
    let Some(c) = l.column(id) else {
        return 0;
    };
    l.rows
        .iter()
        .filter(|r| !matches!(r.get(c), None | Some(Value::Null)))
        .filter(|r| !matches!(r.get(c), Some(Value::Text(t)) if t.is_empty()))
        .count() as i64
}

/// Every count on which the year's reports disagree, one sentence each (empty: they agree).
pub fn disagreements(conn: &Connection, s: Scope<'_>) -> Result<Vec<String>> {
    let summary = super::summary(conn, s)?;
    let progress = super::progress(conn, s)?;
    let groups = super::groups(conn, s)?;
    let products = super::products(conn, s, None)?;
    let far = jiff::civil::Date::new(9999, 12, 31).unwrap_or_default();
    let certificates = super::certificates(conn, far, None, false)?;
    let prefix = format!("{}-", s.year);
    let code = certificates.column("code");
    let certified = certificates
        .rows
        .iter()
        .filter(|r| match code.and_then(|c| r.get(c)) {
            Some(Value::Text(t)) => t.starts_with(&prefix),
            _ => false,
        })
        .count() as i64;
    let mut out = Vec::new();
    let mut same = |what: &str, a: (&str, i64), b: (&str, i64)| {
        if a.1 != b.1 {
            out.push(format!(
                "{what}: {} says {}, {} says {}",
                a.0, a.1, b.0, b.1
            ));
        }
    };
    let evaluated = total(&summary, "evaluated");
    let recognised = total(&summary, "recognised");
    same(
        "registrations",
        ("summary", total(&summary, "registrations")),
        ("progress", total(&progress, "registrations")),
    );
    same(
        "evaluated",
        ("summary", evaluated),
        ("groups", total(&groups, "evaluated")),
    );
    same(
        "evaluated",
        ("summary", evaluated),
        ("products (rows with a result)", filled(&products, "stars")),
    );
    // Progress counts stages as they are now: a registration withdrawn after a level ranked it
    // is `withdrawn` there and still evaluated (with its stars) in the others.
    let withdrawn_after_ranking: i64 = conn.query_row(
        "SELECT count(*) FROM registration r WHERE r.year = ?1 AND (?2 IS NULL OR r.round = ?2)
           AND r.stage = 'withdrawn' AND EXISTS (SELECT 1 FROM result x WHERE x.registration_id = r.id AND x.level <> 'commune')",
        (s.year, s.round),
        |r| r.get(0),
    )?;
    same(
        "submitted",
        ("summary", total(&summary, "submitted")),
        (
            "progress (submitted and later + withdrawn after a result)",
            total(&progress, "submitted")
                + total(&progress, "evaluated")
                + total(&progress, "recognised")
                + total(&progress, "not_recognised")
                + withdrawn_after_ranking,
        ),
    );
    same(
        "evaluated",
        ("summary", evaluated),
        (
            "progress (evaluated + recognised + not recognised + withdrawn after a result)",
            total(&progress, "evaluated")
                + total(&progress, "recognised")
                + total(&progress, "not_recognised")
                + withdrawn_after_ranking,
        ),
    );
    for stars in ["stars_3", "stars_4", "stars_5", "below_3", "eliminated"] {
        same(
            stars,
            ("summary", total(&summary, stars)),
            ("groups", total(&groups, stars)),
        );
    }
    // The trend's row of the year and stars is the summary's total of that column (the trend
    // takes every level's best result, as the summary does without --level).
    let year_trend = super::trend(conn, s.round, Some(s.year), Some(s.year))?;
    let star_columns: &[&str] = if s.level.is_none() {
        &["stars_3", "stars_4", "stars_5"]
    } else {
        &[]
    };
    for (k, stars) in star_columns.iter().enumerate() {
        let in_trend: i64 = year_trend
            .rows
            .iter()
            .filter(|r| r.get(1) == Some(&Value::Int(3 + k as i64)))
            .map(|r| match r.get(2) {
                Some(Value::Int(n)) => *n,
                _ => 0,
            })
            .sum();
        same(
            stars,
            ("summary", total(&summary, stars)),
            ("trend", in_trend),
        );
    }
    same(
        "recognised",
        ("summary", recognised),
        ("progress", total(&progress, "recognised")),
    );
    same(
        "recognised",
        ("summary", recognised),
        (
            "products (rows with a decision)",
            filled(&products, "decision"),
        ),
    );
    same(
        "recognised",
        ("summary", recognised),
        ("certificates of the year", certified),
    );
    Ok(out)
}
