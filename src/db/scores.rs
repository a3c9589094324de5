//! Score sheets (phiếu chấm), council results (kết quả) and certificates (giấy chứng nhận).

use rusqlite::{Connection, OptionalExtension};

use crate::domain::score::Cents;
use crate::error::Result;

/// Keeps the exact text of a regime file once, by its SHA-256, and returns the hash.
pub fn keep_regime_text(conn: &Connection, regime_id: &str, text: &str) -> Result<String> {
    let sha = sha256_hex(text);
    keep_regime_text_hashed(conn, regime_id, text, &sha)?;
    Ok(sha)
}

/// As [`keep_regime_text`], with the hash already known (the built-in regimes hash once at load).
pub fn keep_regime_text_hashed(
    conn: &Connection,
    regime_id: &str,
    text: &str,
    sha: &str,
) -> Result<()> {
    // Look first: the text (the regime file and its criteria trees, some 400 KB) is bound only
    // the first time, not for every sheet of an import.
    let known = conn
        .prepare_cached("SELECT 1 FROM regime_text WHERE sha256 = ?1")?
        .exists([sha])?;
    if !known {
        conn.prepare_cached(
            "INSERT INTO regime_text (sha256, regime_id, text) VALUES (?1, ?2, ?3)",
        )?
        .execute((sha, regime_id, text))?;
    }
    Ok(())
}

/// Records a user's regime file (its text kept in regime_text), replacing an earlier import of
/// the same regime id.
pub fn save_user_regime(conn: &Connection, id: &str, file: &str, text: &str) -> Result<String> {
    let sha = keep_regime_text(conn, id, text)?;
    conn.prepare_cached(
        "INSERT INTO user_regime (id, file, sha256, imported_at) VALUES (?1, ?2, ?3, ?4)
         ON CONFLICT (id) DO UPDATE SET file = excluded.file, sha256 = excluded.sha256,
                                        imported_at = excluded.imported_at",
    )?
    .execute((id, file, &sha, super::now()))?;
    Ok(sha)
}

/// The regime files users imported: (file name, text).
pub fn user_regimes(conn: &Connection) -> Result<Vec<(String, String)>> {
    let mut st = conn.prepare_cached(
        "SELECT u.file, t.text FROM user_regime u JOIN regime_text t ON t.sha256 = u.sha256 ORDER BY u.id",
    )?;
    let rows = st.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?;
    Ok(rows.collect::<std::result::Result<_, _>>()?)
}

pub use crate::hash::sha256_hex;

fn to_real(c: Cents) -> f64 {
    c as f64 / 100.0
}

fn to_cents(r: f64) -> Cents {
    (r * 100.0).round() as Cents
}

#[derive(Debug, Clone)]
pub struct NewSheet<'a> {
    pub registration_id: i64,
    pub level: &'a str,
    pub member: &'a str,
    pub member_key: &'a str,
    pub regime_sha: &'a str,
    pub by_parts: bool,
    pub scored_on: Option<&'a str>,
    pub lines: &'a [(String, Cents)],
    pub eliminated: bool,
    pub stopped: bool,
    pub note: Option<&'a str>,
}

pub fn sheet_count(conn: &Connection, reg: i64) -> Result<i64> {
    Ok(conn
        .prepare_cached("SELECT count(*) FROM score_sheet WHERE registration_id = ?1")?
        .query_row([reg], |r| r.get(0))?)
}

pub fn sheet_exists(conn: &Connection, reg: i64, level: &str, member_key: &str) -> Result<bool> {
    Ok(conn
        .prepare_cached("SELECT 1 FROM score_sheet WHERE registration_id = ?1 AND level = ?2 AND member_key = ?3")?
        .exists((reg, level, member_key))?)
}

pub fn insert_sheet(conn: &Connection, s: &NewSheet<'_>) -> Result<i64> {
    let total: Cents = s.lines.iter().map(|(_, p)| p).sum();
    conn.prepare_cached(
        "INSERT INTO score_sheet (registration_id, level, member, member_key, regime_sha256, by_parts, scored_on,
                                  total, eliminated, note, created_at, stopped)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)",
    )?
    .execute((
        s.registration_id,
        s.level,
        s.member,
        s.member_key,
        s.regime_sha,
        s.by_parts,
        s.scored_on,
        to_real(total),
        s.eliminated,
        s.note,
        super::now(),
        s.stopped,
    ))?;
    let id = conn.last_insert_rowid();
    let mut st = conn.prepare_cached(
        "INSERT INTO score_line (sheet_id, criterion, points) VALUES (?1, ?2, ?3)",
    )?;
    for (criterion, points) in s.lines {
        st.execute((id, criterion, to_real(*points)))?;
    }
    Ok(id)
}

pub fn delete_sheet(conn: &Connection, reg: i64, level: &str, member_key: &str) -> Result<bool> {
    let n = conn
        .prepare_cached(
            "DELETE FROM score_sheet WHERE registration_id = ?1 AND level = ?2 AND member_key = ?3",
        )?
        .execute((reg, level, member_key))?;
    Ok(n > 0)
}

/// The latest date a sheet of this registration at this level was scored on, if any says.
pub fn latest_scored_on(conn: &Connection, reg: i64, level: &str) -> Result<Option<String>> {
    Ok(conn
        .prepare_cached(
            "SELECT max(scored_on) FROM score_sheet WHERE registration_id = ?1 AND level = ?2",
        )?
        .query_row((reg, level), |r| r.get(0))?)
}

/// Removes the results of a registration at these levels; returns how many went.
pub fn delete_results(conn: &Connection, reg: i64, levels: &[String]) -> Result<usize> {
    let list = serde_json::Value::from(levels.to_vec()).to_string();
    Ok(conn
        .prepare_cached(
            "DELETE FROM result WHERE registration_id = ?1 AND level IN (SELECT value FROM json_each(?2))",
        )?
        .execute((reg, list))?)
}

/// One member's sheet as stored.
#[derive(Debug, Clone)]
pub struct Sheet {
    pub registration_id: i64,
    pub level: String,
    pub member: String,
    /// Part totals (A, B, C), summed from the criterion lines for a sheet scored by criteria.
    pub parts: Vec<(String, Cents)>,
    /// The criterion lines (A1.1 …) of a sheet scored by criteria; empty for one by parts.
    pub criteria: Vec<(String, Cents)>,
    pub total: Cents,
    pub eliminated: bool,
    pub stopped: bool,
    pub note: Option<String>,
}

impl Sheet {
    /// What the sheet says beyond its points, for ranking.
    pub fn mark(&self) -> crate::domain::score::Mark {
        use crate::domain::score::Mark;
        match (self.eliminated, self.stopped) {
            (true, _) => Mark::Eliminated,
            (false, true) => Mark::Stopped,
            _ => Mark::None,
        }
    }
}

/// Sheets with their lines, for one registration or for a year's registrations at one level, in
/// one query (no query per sheet).
pub fn sheets(
    conn: &Connection,
    reg: Option<i64>,
    year_level: Option<(i32, Option<i64>, &str)>,
) -> Result<Vec<Sheet>> {
    let (year, round, level) = match year_level {
        Some((y, r, l)) => (Some(y), r, Some(l)),
        None => (None, None, None),
    };
    let mut st = conn.prepare_cached(
        "SELECT s.id, s.registration_id, s.level, s.member, s.total, s.eliminated, s.note, l.criterion, l.points, s.stopped
         FROM score_sheet s JOIN registration r ON r.id = s.registration_id
              LEFT JOIN score_line l ON l.sheet_id = s.id
         WHERE (?1 IS NULL OR s.registration_id = ?1)
           AND (?2 IS NULL OR r.year = ?2) AND (?3 IS NULL OR r.round = ?3) AND (?4 IS NULL OR s.level = ?4)
         ORDER BY r.year, r.seq, CASE s.level WHEN 'commune' THEN 0 WHEN 'district' THEN 1 WHEN 'province' THEN 2 ELSE 3 END,
                  s.id, l.criterion",
    )?;
    let mut rows = st.query((reg, year, round, level))?;
    let mut out: Vec<Sheet> = Vec::new();
    let mut last_id = None;
    while let Some(r) = rows.next()? {
        let id: i64 = r.get(0)?;
        if last_id != Some(id) {
            out.push(Sheet {
                registration_id: r.get(1)?,
                level: r.get(2)?,
                member: r.get(3)?,
                parts: Vec::new(),
                criteria: Vec::new(),
                total: to_cents(r.get(4)?),
                eliminated: r.get(5)?,
                stopped: r.get(9)?,
                note: r.get(6)?,
            });
            last_id = Some(id);
        }
        let criterion: Option<String> = r.get(7)?;
        let points: Option<f64> = r.get(8)?;
        if let (Some(c), Some(p), Some(sheet)) = (criterion, points, out.last_mut()) {
            let part = crate::rules::criteria::part_of(&c);
            if c.starts_with(crate::ops::preassess::ASPECT) {
                // A pre-assessment's aspect (met or not): no part of the regime.
                sheet.criteria.push((c, to_cents(p)));
            } else if part == c {
                sheet.parts.push((c, to_cents(p)));
            } else {
                match sheet.parts.iter_mut().find(|(id, _)| id == part) {
                    Some(slot) => slot.1 += to_cents(p),
                    None => sheet.parts.push((part.to_string(), to_cents(p))),
                }
                sheet.criteria.push((c, to_cents(p)));
            }
        }
    }
    Ok(out)
}

/// A council's result for a registration at a level, or one imported from a past list.
#[derive(Debug, Clone, PartialEq)]
pub struct Result_ {
    pub registration_id: i64,
    pub level: String,
    pub members: i64,
    /// The part averages; None for an imported result (a list gives a total at most).
    pub averages: Option<[Cents; 3]>,
    /// The average score; None for an imported result whose list gave no score.
    pub total: Option<Cents>,
    pub stars: u8,
    pub outcome: String,
    /// Set for a result imported from a list (`ocop import results`): it has no sheets.
    pub imported: Option<Imported>,
}

/// Where an imported result comes from: the decision that recognised it, and the product set as
/// the list wrote it when no set of the regime matched.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Imported {
    pub decision_no: Option<String>,
    pub decided_on: Option<String>,
    pub set_as_written: Option<String>,
}

/// Saves a council's result (from `rank`); a council's result replaces an earlier one of its level.
pub fn save_result(conn: &Connection, r: &Result_) -> Result<()> {
    let (source, decision_no, decided_on, set) = match &r.imported {
        Some(i) => (
            "imported",
            i.decision_no.as_deref(),
            i.decided_on.as_deref(),
            i.set_as_written.as_deref(),
        ),
        None => ("council", None, None, None),
    };
    let part = |i: usize| r.averages.map(|a| to_real(a[i]));
    conn.prepare_cached(
        "INSERT INTO result (registration_id, level, members, average_a, average_b, average_c, average_total, stars, outcome, ranked_at,
                             source, decision_no, decided_on, set_as_written)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14)
         ON CONFLICT (registration_id, level) DO UPDATE SET members = excluded.members, average_a = excluded.average_a,
           average_b = excluded.average_b, average_c = excluded.average_c, average_total = excluded.average_total,
           stars = excluded.stars, outcome = excluded.outcome, ranked_at = excluded.ranked_at, source = excluded.source,
           decision_no = excluded.decision_no, decided_on = excluded.decided_on, set_as_written = excluded.set_as_written",
    )?
    .execute(rusqlite::params![
        r.registration_id,
        &r.level,
        r.members,
        part(0),
        part(1),
        part(2),
        r.total.map(to_real),
        r.stars,
        &r.outcome,
        super::now(),
        source,
        decision_no,
        decided_on,
        set,
    ])?;
    Ok(())
}

/// The results of a registration, from the first level to the last.
pub fn results(conn: &Connection, reg: i64) -> Result<Vec<Result_>> {
    let mut st = conn.prepare_cached(
        "SELECT registration_id, level, members, average_a, average_b, average_c, average_total, stars, outcome,
                source, decision_no, decided_on, set_as_written
         FROM result WHERE registration_id = ?1
         ORDER BY CASE level WHEN 'commune' THEN 0 WHEN 'district' THEN 1 WHEN 'province' THEN 2 ELSE 3 END",
    )?;
    let rows = st.query_map([reg], |r| {
        let parts: [Option<f64>; 3] = [r.get(3)?, r.get(4)?, r.get(5)?];
        let source: String = r.get(9)?;
        Ok(Result_ {
            registration_id: r.get(0)?,
            level: r.get(1)?,
            members: r.get(2)?,
            averages: match parts {
                [Some(a), Some(b), Some(c)] => Some([to_cents(a), to_cents(b), to_cents(c)]),
                _ => None,
            },
            total: r.get::<_, Option<f64>>(6)?.map(to_cents),
            stars: r.get(7)?,
            outcome: r.get(8)?,
            imported: (source == "imported").then(|| Imported {
                decision_no: r.get(10).ok().flatten(),
                decided_on: r.get(11).ok().flatten(),
                set_as_written: r.get(12).ok().flatten(),
            }),
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

pub struct Certificate {
    pub id: i64,
    pub registration_id: i64,
    pub code: String,
    pub product_name: String,
    pub subject_name: String,
    pub commune_name: String,
    pub stars: u8,
    pub level: String,
    pub decision_no: String,
    pub decision_date: String,
    pub valid_until: String,
    pub status: String,
    /// The commune of issue: the registration's.
    pub unit_id: i64,
}

pub struct NewCertificate<'a> {
    pub registration_id: i64,
    pub stars: u8,
    pub level: &'a str,
    pub decision_no: &'a str,
    pub decision_date: &'a str,
    pub valid_until: &'a str,
    pub renews_id: Option<i64>,
}

pub fn insert_certificate(conn: &Connection, c: &NewCertificate<'_>) -> Result<i64> {
    conn.prepare_cached(
        "INSERT INTO certificate (registration_id, stars, level, decision_no, decision_date, valid_until, renews_id, created_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
    )?
    .execute((c.registration_id, c.stars, c.level, c.decision_no, c.decision_date, c.valid_until, c.renews_id, super::now()))?;
    let id = conn.last_insert_rowid();
    if let Some(old) = c.renews_id {
        conn.prepare_cached(
            "UPDATE certificate SET status = 'replaced' WHERE id = ?1 AND status = 'valid'",
        )?
        .execute([old])?;
        conn.prepare_cached("UPDATE registration SET renews_certificate_id = ?2 WHERE id = ?1")?
            .execute((c.registration_id, old))?;
    }
    Ok(id)
}

const CERT_SELECT: &str = "SELECT c.id, c.registration_id, r.code, p.name, s.name, u.name, c.stars, c.level, c.decision_no,
        c.decision_date, c.valid_until, c.status, r.unit_id
 FROM certificate c JOIN registration r ON r.id = c.registration_id JOIN product p ON p.id = r.product_id
      JOIN subject s ON s.id = p.subject_id JOIN unit u ON u.id = r.unit_id";

fn cert_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<Certificate> {
    Ok(Certificate {
        id: r.get(0)?,
        registration_id: r.get(1)?,
        code: r.get(2)?,
        product_name: r.get(3)?,
        subject_name: r.get(4)?,
        commune_name: r.get(5)?,
        stars: r.get(6)?,
        level: r.get(7)?,
        decision_no: r.get(8)?,
        decision_date: r.get(9)?,
        valid_until: r.get(10)?,
        status: r.get(11)?,
        unit_id: r.get(12)?,
    })
}

pub fn certificate_of(conn: &Connection, reg: i64) -> Result<Option<Certificate>> {
    Ok(conn
        .prepare_cached(&format!("{CERT_SELECT} WHERE c.registration_id = ?1"))?
        .query_row([reg], cert_row)
        .optional()?)
}

/// One certificate by its id.
pub fn certificate(conn: &Connection, id: i64) -> Result<Option<Certificate>> {
    Ok(conn
        .prepare_cached(&format!("{CERT_SELECT} WHERE c.id = ?1"))?
        .query_row([id], cert_row)
        .optional()?)
}

/// The newest certificate of a product still marked valid (the one a re-evaluation renews).
pub fn current_certificate_of_product(conn: &Connection, product_id: i64) -> Result<Option<i64>> {
    Ok(conn
        .prepare_cached(
            "SELECT c.id FROM certificate c JOIN registration r ON r.id = c.registration_id
             WHERE r.product_id = ?1 AND c.status = 'valid' ORDER BY c.decision_date DESC, c.id DESC LIMIT 1",
        )?
        .query_row([product_id], |r| r.get(0))
        .optional()?)
}

/// One line of a sheet as `import scores` reads it in long form.
#[derive(Debug, Clone)]
pub struct ExportLine {
    pub code: String,
    pub level: String,
    pub member: String,
    pub criterion: String,
    pub points: Cents,
    pub scored_on: Option<String>,
    pub eliminated: bool,
    pub stopped: bool,
    pub note: Option<String>,
}

/// Every line of every council sheet (of `year`), by registration, level and member; the
/// commune's pre-assessments (aspects met or not, no points) are not sheets `import scores` reads.
pub fn export_lines(conn: &Connection, year: Option<i32>) -> Result<Vec<ExportLine>> {
    let mut st = conn.prepare_cached(
        "SELECT r.code, s.level, s.member, l.criterion, l.points, s.scored_on, s.eliminated, s.stopped, s.note
         FROM score_sheet s JOIN registration r ON r.id = s.registration_id
              JOIN score_line l ON l.sheet_id = s.id
         WHERE (?1 IS NULL OR r.year = ?1) AND l.criterion NOT LIKE 'aspect:%'
         ORDER BY r.year, r.seq, CASE s.level WHEN 'commune' THEN 0 WHEN 'district' THEN 1 WHEN 'province' THEN 2 ELSE 3 END,
                  s.id, l.criterion",
    )?;
    let rows = st.query_map([year], |r| {
        Ok(ExportLine {
            code: r.get(0)?,
            level: r.get(1)?,
            member: r.get(2)?,
            criterion: r.get(3)?,
            points: to_cents(r.get(4)?),
            scored_on: r.get(5)?,
            eliminated: r.get::<_, i64>(6)? != 0,
            stopped: r.get::<_, i64>(7)? != 0,
            note: r.get(8)?,
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// The newest valid certificate of a product decided before `date`: the one a re-evaluation
/// decided on `date` renews.
pub fn valid_certificate_before(
    conn: &Connection,
    product_id: i64,
    date: &str,
) -> Result<Option<i64>> {
    Ok(conn
        .prepare_cached(
            "SELECT c.id FROM certificate c JOIN registration r ON r.id = c.registration_id
             WHERE r.product_id = ?1 AND c.status = 'valid' AND c.decision_date < ?2
             ORDER BY c.decision_date DESC, c.id DESC LIMIT 1",
        )?
        .query_row((product_id, date), |r| r.get(0))
        .optional()?)
}

/// When certificate `id` (decided on `date`) comes in after a later re-evaluation of its product
/// that renews nothing yet (a list imported out of order), that re-evaluation renews it: the
/// first later one, and `id` is replaced.
pub fn link_later_renewal(conn: &Connection, product_id: i64, id: i64, date: &str) -> Result<()> {
    let later: Option<(i64, i64)> = conn
        .prepare_cached(
            "SELECT c.id, r.id FROM certificate c JOIN registration r ON r.id = c.registration_id
             WHERE r.product_id = ?1 AND c.decision_date > ?2 AND c.renews_id IS NULL AND r.kind <> 'new'
             ORDER BY c.decision_date, c.id LIMIT 1",
        )?
        .query_row((product_id, date), |r| Ok((r.get(0)?, r.get(1)?)))
        .optional()?;
    if let Some((cert, reg)) = later {
        conn.prepare_cached("UPDATE certificate SET renews_id = ?2 WHERE id = ?1")?
            .execute((cert, id))?;
        conn.prepare_cached("UPDATE registration SET renews_certificate_id = ?2 WHERE id = ?1")?
            .execute((reg, id))?;
        conn.prepare_cached(
            "UPDATE certificate SET status = 'replaced' WHERE id = ?1 AND status = 'valid'",
        )?
        .execute([id])?;
    }
    Ok(())
}

pub fn certificates(conn: &Connection) -> Result<Vec<Certificate>> {
    let mut st = conn.prepare(&format!("{CERT_SELECT} ORDER BY c.valid_until, c.id"))?;
    let rows = st.query_map([], cert_row)?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}
