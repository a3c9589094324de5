//! Schema migrations on `PRAGMA user_version`. A step, once released, is never edited or removed:
//! a change to the schema is a new step at the end of [`STEPS`].

/// Each step takes the schema from version N to N+1 (the first from 0 to 1).
pub const STEPS: &[Step] = &[
    Step::Sql(STEP_1),
    Step::Sql(STEP_2),
    Step::Rust(step_3_checks_without_in_lists),
    Step::Rust(step_4_certificates_end_as_the_civil_code_counts),
    Step::Rust(step_5_sets_of_148_as_in_the_annex),
    Step::Sql(STEP_6),
    Step::Rust(step_7_a_pre_assessment_may_return),
    Step::Sql(STEP_8),
];

/// A migration step: a batch of SQL, or a function for what SQL alone cannot say.
#[derive(Clone, Copy)]
pub enum Step {
    Sql(&'static str),
    Rust(fn(&rusqlite::Connection) -> rusqlite::Result<()>),
}

impl Step {
    pub fn apply(&self, conn: &rusqlite::Connection) -> rusqlite::Result<()> {
        match self {
            Step::Sql(sql) => conn.execute_batch(sql),
            Step::Rust(f) => f(conn),
        }
    }
}

/// Version 3: the CHECK constraints written `col IN ('a', 'b', …)` become `col = 'a' OR col =
/// 'b' …`, which means the same. SQLite evaluates an IN list of more than two values by building
/// a temporary index at every execution of an INSERT: three of them per imported registration row,
/// a quarter of the import's time. A CHECK can be changed in place (the table's rows do not
/// change), the way the SQLite documentation describes for such changes: rewrite its text in
/// sqlite_schema and bump the schema version so that every connection reads it again.
fn step_3_checks_without_in_lists(conn: &rusqlite::Connection) -> rusqlite::Result<()> {
    let version: i64 = conn.query_row("PRAGMA schema_version", [], |r| r.get(0))?;
    let tables: Vec<(String, String)> = conn
        .prepare(
            "SELECT name, sql FROM sqlite_schema WHERE type = 'table' AND sql LIKE '%CHECK (%'",
        )?
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
        .collect::<rusqlite::Result<_>>()?;
    conn.pragma_update(None, "writable_schema", true)?;
    for (name, sql) in tables {
        let new = checks_without_in_lists(&sql);
        if new != sql {
            conn.execute(
                "UPDATE sqlite_schema SET sql = ?2 WHERE type = 'table' AND name = ?1",
                (&name, &new),
            )?;
        }
    }
    conn.pragma_update(None, "schema_version", version + 1)?;
    conn.pragma_update(None, "writable_schema", false)?;
    Ok(())
}

/// `CHECK (stage IN ('idea', 'plan'))` → `CHECK (stage = 'idea' OR stage = 'plan')`; any other
/// CHECK is left as written.
pub fn checks_without_in_lists(sql: &str) -> String {
    let mut out = String::with_capacity(sql.len());
    let mut rest = sql;
    while let Some(at) = rest.find("CHECK (") {
        let head = at + "CHECK (".len();
        out.push_str(&rest[..head]);
        rest = &rest[head..];
        let column: String = rest
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
            .collect();
        let after = &rest[column.len()..];
        let Some(list) = after.strip_prefix(" IN (") else {
            continue;
        };
        let Some(end) = list.find("))") else {
            continue;
        };
        let values: Vec<&str> = list[..end].split(',').map(str::trim).collect();
        if column.is_empty()
            || values
                .iter()
                .any(|v| !(v.len() >= 2 && v.starts_with('\'') && v.ends_with('\'')))
        {
            continue;
        }
        let ors: Vec<String> = values.iter().map(|v| format!("{column} = {v}")).collect();
        out.push_str(&ors.join(" OR "));
        out.push(')');
        rest = &list[end + 2..];
    }
    out.push_str(rest);
    out
}

pub const LATEST: i64 = STEPS.len() as i64;

/// Version 2: regime files a user imported (`ocop criteria import`); their text is kept in
/// regime_text like every text a sheet was scored under.
const STEP_2: &str = r#"
CREATE TABLE user_regime (
    id          TEXT PRIMARY KEY,
    file        TEXT NOT NULL,
    sha256      TEXT NOT NULL REFERENCES regime_text (sha256),
    imported_at TEXT NOT NULL
) STRICT;
"#;

/// Version 1: the whole mission's schema.
const STEP_1: &str = r#"
-- Key facts about this database: its home district, whether it is a demo.
CREATE TABLE meta (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
) STRICT;

-- Administrative units (đơn vị hành chính). A code can be reused after a merger ("an enlarged
-- township took the code of a commune it absorbed"), so a unit is a code plus its validity.
CREATE TABLE unit (
    id             INTEGER PRIMARY KEY,
    level          TEXT NOT NULL CHECK (level IN ('province', 'district', 'commune')),
    code           TEXT NOT NULL,
    name           TEXT NOT NULL,
    name_key       TEXT NOT NULL,          -- folded name without its prefix, for matching
    unit_type      TEXT NOT NULL,          -- tỉnh, thành phố, huyện, xã, phường, thị trấn …
    province_code  TEXT NOT NULL,
    district_code  TEXT,                   -- NULL for a province
    valid_from     TEXT,                   -- NULL: since before the records began
    valid_to       TEXT,                   -- NULL: still in force
    successor_code TEXT,                   -- the unit it merged into, from valid_to + 1 day
    UNIQUE (level, code, valid_from)
) STRICT;
CREATE INDEX unit_by_code ON unit (code);
CREATE INDEX unit_by_district ON unit (district_code, level);

-- Chủ thể: producers.
CREATE TABLE subject (
    id             INTEGER PRIMARY KEY,
    kind           TEXT NOT NULL CHECK (kind IN ('enterprise', 'cooperative', 'cooperative-group', 'household')),
    name           TEXT NOT NULL,
    name_key       TEXT NOT NULL,
    tax_code       TEXT UNIQUE,
    representative TEXT,
    phone          TEXT,
    address        TEXT,
    unit_id        INTEGER NOT NULL REFERENCES unit (id),
    created_at     TEXT NOT NULL,
    updated_at     TEXT NOT NULL
) STRICT;
CREATE INDEX subject_by_name ON subject (name_key, unit_id);
CREATE INDEX subject_by_unit ON subject (unit_id);

-- Sản phẩm: each in one product set of a regime.
CREATE TABLE product (
    id          INTEGER PRIMARY KEY,
    subject_id  INTEGER NOT NULL REFERENCES subject (id),
    name        TEXT NOT NULL,
    name_key    TEXT NOT NULL,
    regime      TEXT NOT NULL,
    product_set TEXT NOT NULL,
    unit_id     INTEGER NOT NULL REFERENCES unit (id),
    created_at  TEXT NOT NULL,
    updated_at  TEXT NOT NULL,
    UNIQUE (subject_id, name_key)
) STRICT;
CREATE INDEX product_by_name ON product (name_key);

-- Chứng nhận: a certificate of 3–5 stars, valid 36 months.
CREATE TABLE certificate (
    id              INTEGER PRIMARY KEY,
    registration_id INTEGER NOT NULL UNIQUE REFERENCES registration (id),
    stars           INTEGER NOT NULL CHECK (stars BETWEEN 3 AND 5),
    level           TEXT NOT NULL,
    decision_no     TEXT NOT NULL,
    decision_date   TEXT NOT NULL,
    valid_until     TEXT NOT NULL,
    status          TEXT NOT NULL DEFAULT 'valid' CHECK (status IN ('valid', 'revoked', 'replaced')),
    renews_id       INTEGER REFERENCES certificate (id),
    created_at      TEXT NOT NULL
) STRICT;
CREATE INDEX certificate_by_valid_until ON certificate (valid_until);

-- Đăng ký: one product's participation in one year's cycle. `unit_id` is the commune the
-- registration was made in, kept even after that commune merges.
CREATE TABLE registration (
    id            INTEGER PRIMARY KEY,
    code          TEXT NOT NULL UNIQUE,   -- YEAR-NNN
    year          INTEGER NOT NULL,
    seq           INTEGER NOT NULL,
    round         INTEGER NOT NULL DEFAULT 1,
    product_id    INTEGER NOT NULL REFERENCES product (id),
    unit_id       INTEGER NOT NULL REFERENCES unit (id),
    regime        TEXT NOT NULL,
    product_set   TEXT NOT NULL,
    kind          TEXT NOT NULL CHECK (kind IN ('new', 're-evaluation', 'upgrade')),
    stage         TEXT NOT NULL CHECK (stage IN ('idea', 'plan', 'implementing', 'submitted', 'evaluated', 'recognised', 'not-recognised', 'withdrawn')),
    registered_on TEXT,
    evaluated_on  TEXT,
    renews_certificate_id INTEGER REFERENCES certificate (id),
    created_at    TEXT NOT NULL,
    updated_at    TEXT NOT NULL,
    UNIQUE (year, seq),
    UNIQUE (product_id, year, round)
) STRICT;
CREATE INDEX registration_by_year ON registration (year, round, stage);
CREATE INDEX registration_by_unit ON registration (unit_id, year);

-- Content-addressed store of dossier files: one row per distinct content.
CREATE TABLE blob (
    sha256    TEXT PRIMARY KEY,
    size      INTEGER NOT NULL,
    stored_at TEXT NOT NULL
) STRICT;

-- Hồ sơ: the documents of a registration's dossier.
CREATE TABLE document (
    id              INTEGER PRIMARY KEY,
    registration_id INTEGER NOT NULL REFERENCES registration (id),
    kind            TEXT NOT NULL,
    number          TEXT,
    issued_on       TEXT,
    expires_on      TEXT,
    note            TEXT,
    received        INTEGER NOT NULL DEFAULT 0,   -- receipt recorded without a file (samples)
    blob_sha256     TEXT REFERENCES blob (sha256),
    original_name   TEXT,
    added_at        TEXT NOT NULL
) STRICT;
CREATE INDEX document_by_registration ON document (registration_id, kind);

-- The exact text of a regime file a sheet was scored under, so that editing a regime file later
-- never changes a past result.
CREATE TABLE regime_text (
    sha256    TEXT PRIMARY KEY,
    regime_id TEXT NOT NULL,
    text      TEXT NOT NULL
) STRICT;

-- Phiếu chấm điểm: one council member's sheet at one level.
CREATE TABLE score_sheet (
    id              INTEGER PRIMARY KEY,
    registration_id INTEGER NOT NULL REFERENCES registration (id),
    level           TEXT NOT NULL CHECK (level IN ('commune', 'district', 'province', 'central')),
    member          TEXT NOT NULL,
    member_key      TEXT NOT NULL,
    regime_sha256   TEXT NOT NULL REFERENCES regime_text (sha256),
    by_parts        INTEGER NOT NULL DEFAULT 0,  -- scored by part totals, not per criterion
    scored_on       TEXT,
    total           REAL NOT NULL,
    eliminated      INTEGER NOT NULL DEFAULT 0,
    stopped         INTEGER NOT NULL DEFAULT 0,
    note            TEXT,
    created_at      TEXT NOT NULL,
    UNIQUE (registration_id, level, member_key)
) STRICT;

-- The points of a sheet: one line per criterion (A1.1 …) or per part (A, B, C).
CREATE TABLE score_line (
    sheet_id  INTEGER NOT NULL REFERENCES score_sheet (id) ON DELETE CASCADE,
    criterion TEXT NOT NULL,
    points    REAL NOT NULL,
    PRIMARY KEY (sheet_id, criterion)
) STRICT, WITHOUT ROWID;

-- Kết quả: a council's result for a registration at one level, from `ocop rank`.
CREATE TABLE result (
    id              INTEGER PRIMARY KEY,
    registration_id INTEGER NOT NULL REFERENCES registration (id),
    level           TEXT NOT NULL CHECK (level IN ('commune', 'district', 'province', 'central')),
    members         INTEGER NOT NULL,
    average_a       REAL NOT NULL,
    average_b       REAL NOT NULL,
    average_c       REAL NOT NULL,
    average_total   REAL NOT NULL,
    stars           INTEGER NOT NULL CHECK (stars BETWEEN 0 AND 5),
    outcome         TEXT NOT NULL CHECK (outcome IN ('recognises', 'forwards', 'none', 'eliminated', 'stopped')),
    ranked_at       TEXT NOT NULL,
    UNIQUE (registration_id, level)
) STRICT;

-- Nhật ký: every change, with its operator, chained by hash so that an edit of the log shows.
CREATE TABLE audit (
    id        INTEGER PRIMARY KEY,
    at        TEXT NOT NULL,
    operator  TEXT NOT NULL,
    action    TEXT NOT NULL,
    entity    TEXT NOT NULL,
    entity_id TEXT NOT NULL,
    details   TEXT NOT NULL,     -- JSON
    prev_hash TEXT NOT NULL,
    hash      TEXT NOT NULL
) STRICT;
CREATE INDEX audit_by_entity ON audit (entity, entity_id);
"#;

/// Step 4: certificates issued before this step ended a day early (36 months minus a day); the
/// Civil Code counts a period of months to the same day number (arts. 147–148): 23/12/2019 →
/// 23/12/2022, 29/02/2020 → 28/02/2023. Every certificate's end is computed again from its
/// decision date (the only way a certificate was made until then).
fn step_4_certificates_end_as_the_civil_code_counts(
    conn: &rusqlite::Connection,
) -> rusqlite::Result<()> {
    let mut st = conn.prepare("SELECT id, decision_date FROM certificate")?;
    let rows: Vec<(i64, String)> = st
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
        .collect::<rusqlite::Result<_>>()?;
    drop(st);
    let mut up = conn.prepare("UPDATE certificate SET valid_until = ?2 WHERE id = ?1")?;
    for (id, decided) in rows {
        let until = crate::domain::date::parse_date(&decided)
            .ok()
            .and_then(|d| crate::domain::date::certificate_valid_until(d).ok());
        if let Some(until) = until {
            up.execute((id, until.to_string()))?;
        }
    }
    Ok(())
}

/// Step 5: the 148 regimes' product sets were first written without the annex (ids such as
/// `thit-trung-sua-tuoi`); the files now hold Annex I's sets, each naming in `continues` the ids
/// it takes over. Every product and registration of qd148 or qd148-1489 whose set is no longer a
/// set of its regime moves to the one set that continues it; where several do (the old
/// `sinh-vat-canh` became Hoa, Cây cảnh and Động vật cảnh) it stays, `ocop doctor` lists it and
/// `registration edit --set` / `product edit --set` settle it. One audit entry says what moved.
fn step_5_sets_of_148_as_in_the_annex(conn: &rusqlite::Connection) -> rusqlite::Result<()> {
    use crate::rules::regime::{BUILTIN, Regime};
    let fail = |e: crate::error::Error| {
        rusqlite::Error::SqliteFailure(
            rusqlite::ffi::Error::new(rusqlite::ffi::SQLITE_ERROR),
            Some(e.message),
        )
    };
    let mut moved = Vec::new();
    let mut unmapped = Vec::new();
    for (file, text) in BUILTIN {
        let regime = Regime::load(file, text).map_err(fail)?;
        if !regime.id.starts_with("qd148") {
            continue;
        }
        for table in ["product", "registration"] {
            let mut st = conn.prepare(&format!(
                "SELECT DISTINCT product_set FROM {table} WHERE regime = ?1"
            ))?;
            let sets: Vec<String> = st
                .query_map([&regime.id], |r| r.get(0))?
                .collect::<rusqlite::Result<_>>()?;
            for old in sets.iter().filter(|s| regime.set(s).is_none()) {
                let to: Vec<&str> = regime
                    .sets
                    .iter()
                    .filter(|s| s.continues.contains(old))
                    .map(|s| s.id.as_str())
                    .collect();
                match to.as_slice() {
                    [new] => {
                        let n = conn.execute(
                            &format!(
                                "UPDATE {table} SET product_set = ?3 \
                                 WHERE regime = ?1 AND product_set = ?2"
                            ),
                            (&regime.id, old, new),
                        )?;
                        moved.push(serde_json::json!({ "table": table, "regime": regime.id,
                            "from": old, "to": new, "rows": n }));
                    }
                    _ => unmapped.push(serde_json::json!({ "table": table,
                        "regime": regime.id, "set": old, "candidates": to })),
                }
            }
        }
    }
    if !moved.is_empty() || !unmapped.is_empty() {
        crate::db::audit::record(
            conn,
            "ocop (migration 5)",
            "migrate",
            "schema",
            "5",
            &serde_json::json!({ "sets_moved": moved, "sets_not_moved": unmapped }),
        )
        .map_err(fail)?;
    }
    Ok(())
}

/// Step 6: every successor of a unit that ended (the 2025 reform divided 471 communes between
/// several new ones, which one `successor_code` cannot say). `successor_code` stays for the single
/// successor of a merger; this table holds them all, one row each.
const STEP_6: &str = r#"
CREATE TABLE unit_successor (
    unit_id        INTEGER NOT NULL REFERENCES unit (id),
    successor_code TEXT NOT NULL,
    PRIMARY KEY (unit_id, successor_code)
) STRICT, WITHOUT ROWID;
CREATE INDEX unit_successor_by_code ON unit_successor (successor_code);
INSERT INTO unit_successor (unit_id, successor_code)
    SELECT id, successor_code FROM unit WHERE successor_code IS NOT NULL;
"#;

/// Step 7: a commune's pre-assessment (1489) forwards the dossier or returns it: `result.outcome`
/// may be `returned`. The CHECK is widened in place, as step 3 did (the rows do not change).
fn step_7_a_pre_assessment_may_return(conn: &rusqlite::Connection) -> rusqlite::Result<()> {
    let sql: String = conn.query_row(
        "SELECT sql FROM sqlite_schema WHERE type = 'table' AND name = 'result'",
        [],
        |r| r.get(0),
    )?;
    let widened = sql.replace(
        "outcome = 'stopped'",
        "outcome = 'stopped' OR outcome = 'returned'",
    );
    if widened == sql {
        return Ok(());
    }
    let version: i64 = conn.query_row("PRAGMA schema_version", [], |r| r.get(0))?;
    conn.pragma_update(None, "writable_schema", "ON")?;
    conn.execute(
        "UPDATE sqlite_schema SET sql = ?1 WHERE type = 'table' AND name = 'result'",
        [&widened],
    )?;
    conn.pragma_update(None, "schema_version", version + 1)?;
    conn.pragma_update(None, "writable_schema", "OFF")?;
    Ok(())
}

/// Step 8: results imported from the lists an office already has (`ocop import results`): a
/// province adopting ocop brings its past years' stars and decisions. Such a result has no sheets
/// (`members` 0), a score only when the list gives one (the averages may be NULL, only for an
/// imported result), the decision that recognised it, and the product set as the list wrote it
/// when no set of the regime matched. The table is rebuilt: a column cannot become nullable in
/// place. Nothing references `result`, so the copy keeps every row and id.
const STEP_8: &str = r#"
CREATE TABLE result_v8 (
    id              INTEGER PRIMARY KEY,
    registration_id INTEGER NOT NULL REFERENCES registration (id),
    level           TEXT NOT NULL CHECK (level = 'commune' OR level = 'district' OR level = 'province' OR level = 'central'),
    members         INTEGER NOT NULL,
    average_a       REAL,
    average_b       REAL,
    average_c       REAL,
    average_total   REAL,
    stars           INTEGER NOT NULL CHECK (stars BETWEEN 0 AND 5),
    outcome         TEXT NOT NULL CHECK (outcome = 'recognises' OR outcome = 'forwards' OR outcome = 'none' OR outcome = 'eliminated' OR outcome = 'stopped' OR outcome = 'returned'),
    ranked_at       TEXT NOT NULL,
    source          TEXT NOT NULL DEFAULT 'council' CHECK (source = 'council' OR source = 'imported'),
    decision_no     TEXT,
    decided_on      TEXT,
    set_as_written  TEXT,
    CHECK (source = 'imported' OR (average_a IS NOT NULL AND average_b IS NOT NULL AND average_c IS NOT NULL AND average_total IS NOT NULL)),
    UNIQUE (registration_id, level)
) STRICT;
INSERT INTO result_v8 (id, registration_id, level, members, average_a, average_b, average_c, average_total, stars, outcome, ranked_at)
    SELECT id, registration_id, level, members, average_a, average_b, average_c, average_total, stars, outcome, ranked_at FROM result;
DROP TABLE result;
ALTER TABLE result_v8 RENAME TO result;
"#;
