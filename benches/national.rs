//! National scale: a generated database of every commune, YEARS years of REGS registrations a
//! year, five members' sheets at two levels for every submitted registration, ten dossier records
//! each, timed for the year's rank, reports and dossier check, against hand-written SQL where one
//! exists, measured in the same run.
//!
//! `cargo bench --bench national -- [YEARS] [REGS]` (default 2 years of 30,000). Deterministic: the
//! same arguments give the same database. Units come from ../shared/data/vn-units.csv when present,
//! else 10,000 synthetic communes of the same shape.

use std::path::Path;
use std::time::Instant;

use rusqlite::{Connection, params};

fn units(conn: &Connection) -> Vec<i64> {
    let shared = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/data/vn-units.csv");
    let tx = conn.unchecked_transaction().expect("tx");
    {
        let mut st = tx
            .prepare(
                "INSERT INTO unit (level, code, name, name_key, unit_type, province_code, district_code)
                 VALUES ('commune', ?1, ?2, ?3, 'xã', ?4, ?5)",
            )
            .expect("prepare");
        match std::fs::read_to_string(&shared) {
            Ok(text) => {
                println!("units: {}", shared.display());
                let mut rdr = csv::Reader::from_reader(text.as_bytes());
                for rec in rdr.records() {
                    let r = rec.expect("row");
                    st.execute(params![
                        &r[4],
                        &r[5],
                        ocop::text::fold_unit_name(&r[5]),
                        &r[0],
                        &r[2]
                    ])
                    .expect("unit");
                }
            }
            Err(_) => {
                println!("units: 10,000 synthetic communes (../shared/data is not here)");
                for i in 0..10_000 {
                    st.execute(params![
                        format!("{i:05}"),
                        format!("Xã Số {i}"),
                        format!("so {i}"),
                        format!("{:02}", i / 160),
                        format!("{:03}", i / 14)
                    ])
                    .expect("unit");
                }
            }
        }
    }
    tx.commit().expect("commit");
    let mut st = conn
        .prepare("SELECT id FROM unit ORDER BY id")
        .expect("prepare");
    st.query_map([], |r| r.get(0))
        .expect("query")
        .map(|r| r.expect("id"))
        .collect()
}

/// A small deterministic generator (xorshift), so that the database is the same every run.
struct Rng(u64);
impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
    fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }
}

fn generate(conn: &Connection, years: i32, per_year: i64) {
    let units = units(conn);
    let mut rng = Rng(2019);
    let sets = [
        "ruou-trang",
        "che-tuoi-che-bien",
        "gao-ngu-coc",
        "mat-ong-cac-san-pham-tu-mat-ong-mat-khac",
        "do-an-nhanh",
    ];
    let kinds = [
        "enterprise",
        "cooperative",
        "cooperative-group",
        "household",
    ];
    // Scored registrations wait at `submitted`: `rank` moves them on and certificates follow
    // from `recognise`, as the cycle allows (CYCLE.md).
    let stages = [
        "idea",
        "plan",
        "submitted",
        "submitted",
        "submitted",
        "submitted",
    ];
    let sha = ocop::db::scores::keep_regime_text(
        conn,
        "qd1048",
        ocop::rules::regime::Regimes::in_use()
            .expect("regimes")
            .text("qd1048")
            .expect("text"),
    )
    .expect("regime text");
    let producers = (per_year * 3 / 10).max(1);
    let tx = conn.unchecked_transaction().expect("tx");
    {
        let mut subject = tx.prepare("INSERT INTO subject (kind, name, name_key, unit_id, created_at, updated_at) VALUES (?1, ?2, ?3, ?4, 'x', 'x')").expect("s");
        let mut product = tx.prepare("INSERT INTO product (subject_id, name, name_key, regime, product_set, unit_id, created_at, updated_at) VALUES (?1, ?2, ?3, 'qd1048', ?4, ?5, 'x', 'x')").expect("p");
        let mut reg = tx.prepare("INSERT INTO registration (code, year, seq, round, product_id, unit_id, regime, product_set, kind, stage, created_at, updated_at) VALUES (?1, ?2, ?3, 1, ?4, ?5, 'qd1048', ?6, 'new', ?7, 'x', 'x')").expect("r");
        let mut sheet = tx.prepare("INSERT INTO score_sheet (registration_id, level, member, member_key, regime_sha256, by_parts, total, created_at) VALUES (?1, ?2, ?3, ?3, ?4, 1, ?5, 'x')").expect("sh");
        let mut line = tx
            .prepare("INSERT INTO score_line (sheet_id, criterion, points) VALUES (?1, ?2, ?3)")
            .expect("l");
        let mut doc = tx.prepare("INSERT INTO document (registration_id, kind, received, added_at) VALUES (?1, ?2, 1, 'x')").expect("d");
        let doc_kinds = [
            "registration-form",
            "business-plan",
            "organisation-profile",
            "business-registration",
            "product-samples",
            "production-certificate",
            "quality-declaration",
            "product-standard",
            "test-report",
            "product-story",
        ];
        for p in 0..producers {
            let unit = units[rng.below(units.len() as u64) as usize];
            subject
                .execute(params![
                    kinds[(p % 4) as usize],
                    format!("Chủ thể {p}"),
                    format!("chu the {p}"),
                    unit
                ])
                .expect("subject");
            for k in 0..4 {
                product
                    .execute(params![
                        p + 1,
                        format!("Sản phẩm {p}-{k}"),
                        format!("san pham {p}-{k}"),
                        sets[rng.below(5) as usize],
                        unit
                    ])
                    .expect("product");
            }
        }
        let products = producers * 4;
        for year in 2019..2019 + years {
            for seq in 1..=per_year {
                let pid = 1 + (seq * 7919 + i64::from(year)) % products;
                let unit = units[rng.below(units.len() as u64) as usize];
                let stage = stages[rng.below(6) as usize];
                reg.execute(params![
                    format!("{year}-{seq:03}"),
                    year,
                    seq,
                    pid,
                    unit,
                    sets[(pid % 5) as usize],
                    stage
                ])
                .expect("registration");
                let rid = tx.last_insert_rowid();
                for k in doc_kinds {
                    doc.execute(params![rid, k]).expect("document");
                }
                if matches!(stage, "idea" | "plan") {
                    continue;
                }
                let base = 40 + rng.below(56) as i64;
                for level in ["district", "province"] {
                    for m in 0..5 {
                        let a = (base * 35 / 100).min(35);
                        let b = (base * 25 / 100).min(25);
                        let c = (base - a - b + m - 2).clamp(0, 40);
                        sheet
                            .execute(params![
                                rid,
                                level,
                                format!("m{m}"),
                                &sha,
                                (a + b + c) as f64
                            ])
                            .expect("sheet");
                        let sid = tx.last_insert_rowid();
                        for (part, v) in [("A", a), ("B", b), ("C", c)] {
                            line.execute(params![sid, part, v as f64]).expect("line");
                        }
                    }
                }
            }
        }
    }
    tx.commit().expect("commit");
}

/// The spreadsheets matching the database, beside it: the registrations of every year in the
/// columns `ocop import registrations` reads, and every score line in the long form of
/// `ocop import scores`.
fn spreadsheets(conn: &Connection, db: &Path) {
    let dir = db.parent().unwrap_or(Path::new("."));
    let listing = ocop::cmd::export::registrations(conn, None).expect("export");
    let mut out = std::io::BufWriter::new(
        std::fs::File::create(dir.join("registrations.csv")).expect("file"),
    );
    let style = ocop::output::Style {
        format: ocop::output::Format::Csv,
        excel: false,
        labels: false,
    };
    listing.write(style, &mut out).expect("write");
    let mut w = csv::Writer::from_path(dir.join("scores.csv")).expect("scores file");
    w.write_record(["registration", "level", "member", "criterion", "points"])
        .expect("write");
    let mut st = conn
        .prepare(
            "SELECT r.code, s.level, s.member, l.criterion, l.points FROM score_line l JOIN score_sheet s ON s.id = l.sheet_id
             JOIN registration r ON r.id = s.registration_id ORDER BY r.year, r.seq, s.level, s.member, l.criterion",
        )
        .expect("prepare");
    let mut rows = st.query([]).expect("query");
    while let Some(r) = rows.next().expect("row") {
        let points: f64 = r.get(4).expect("points");
        w.write_record([
            r.get::<_, String>(0).expect("c"),
            r.get(1).expect("l"),
            r.get(2).expect("m"),
            r.get(3).expect("p"),
            points.to_string(),
        ])
        .expect("write");
    }
    w.flush().expect("flush");
    println!(
        "spreadsheets: {}/registrations.csv and scores.csv",
        dir.display()
    );
}

fn time<T>(label: &str, f: impl FnOnce() -> T) -> (T, f64) {
    let start = Instant::now();
    let out = f();
    let s = start.elapsed().as_secs_f64();
    println!("{label}: {:.3} s", s);
    (out, s)
}

/// The two-level variant (`-- two-level [REGS]`): the 3,321 communes of 01/07/2025 in 34
/// provinces (../shared/data/vn-units-2025.csv, else synthetic ones of the same shape), REGS
/// registrations of 2026 under 26/2026, each pre-assessed by its commune (forwarded) and scored by
/// five members of the province; timed for the province's rank and the reports of 2026.
fn two_level(per_year: i64) {
    let dir = tempfile::tempdir().expect("temp dir");
    let db = dir.path().join("two-level.db");
    let conn = Connection::open(&db).expect("open");
    conn.pragma_update(None, "journal_mode", "WAL")
        .expect("wal");
    conn.pragma_update(None, "foreign_keys", "ON").expect("fk");
    ocop::db::migrate(&conn).expect("migrate");
    let shared = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/data/vn-units-2025.csv");
    let tx = conn.unchecked_transaction().expect("tx");
    {
        let mut st = tx
            .prepare(
                "INSERT INTO unit (level, code, name, name_key, unit_type, province_code, valid_from)
                 VALUES ('commune', ?1, ?2, ?3, 'xã', ?4, '2025-07-01')",
            )
            .expect("prepare");
        match std::fs::read_to_string(&shared) {
            Ok(text) => {
                println!("units: {}", shared.display());
                let mut rdr = csv::Reader::from_reader(text.as_bytes());
                for rec in rdr.records() {
                    let r = rec.expect("row");
                    st.execute(params![
                        &r[2],
                        &r[3],
                        ocop::text::fold_unit_name(&r[3]),
                        &r[0]
                    ])
                    .expect("unit");
                }
            }
            Err(_) => {
                println!(
                    "units: 3,321 synthetic communes in 34 provinces (../shared/data is not here)"
                );
                for i in 0..3321 {
                    st.execute(params![
                        format!("{i:05}"),
                        format!("Xã Số {i}"),
                        format!("so {i}"),
                        format!("{:02}", i / 98)
                    ])
                    .expect("unit");
                }
            }
        }
    }
    let units: Vec<i64> = tx
        .prepare("SELECT id FROM unit ORDER BY id")
        .expect("prepare")
        .query_map([], |r| r.get(0))
        .expect("query")
        .map(|r| r.expect("id"))
        .collect();
    let regime = "qd26-2026";
    let sha = ocop::db::scores::keep_regime_text(
        &tx,
        regime,
        ocop::rules::regime::Regimes::in_use()
            .expect("regimes")
            .text(regime)
            .expect("text"),
    )
    .expect("regime text");
    let sets = [
        "ruou-trang",
        "che-tuoi-che-bien",
        "do-an-nhanh",
        "hoa",
        "vai-may-mac",
    ];
    let mut rng = Rng(2026);
    {
        let mut subject = tx.prepare("INSERT INTO subject (kind, name, name_key, unit_id, created_at, updated_at) VALUES ('cooperative', ?1, ?2, ?3, 'x', 'x')").expect("s");
        let mut product = tx.prepare("INSERT INTO product (subject_id, name, name_key, regime, product_set, unit_id, created_at, updated_at) VALUES (?1, ?2, ?2, ?3, ?4, ?5, 'x', 'x')").expect("p");
        let mut reg = tx.prepare("INSERT INTO registration (code, year, seq, round, product_id, unit_id, regime, product_set, kind, stage, registered_on, created_at, updated_at) VALUES (?1, 2026, ?2, 1, ?3, ?4, ?5, ?6, 'new', 'submitted', '2026-06-01', 'x', 'x')").expect("r");
        let mut sheet = tx.prepare("INSERT INTO score_sheet (registration_id, level, member, member_key, regime_sha256, by_parts, total, created_at) VALUES (?1, ?2, ?3, ?3, ?4, ?5, ?6, 'x')").expect("sh");
        let mut line = tx
            .prepare("INSERT INTO score_line (sheet_id, criterion, points) VALUES (?1, ?2, ?3)")
            .expect("l");
        let mut result = tx.prepare("INSERT INTO result (registration_id, level, members, average_a, average_b, average_c, average_total, stars, outcome, ranked_at) VALUES (?1, 'commune', 1, 0, 0, 0, 0, 0, 'forwards', 'x')").expect("res");
        for seq in 1..=per_year {
            let unit = units[rng.below(units.len() as u64) as usize];
            subject
                .execute(params![format!("HTX {seq}"), format!("htx {seq}"), unit])
                .expect("subject");
            let sid = tx.last_insert_rowid();
            let set = sets[rng.below(5) as usize];
            product
                .execute(params![sid, format!("sản phẩm {seq}"), regime, set, unit])
                .expect("product");
            let pid = tx.last_insert_rowid();
            reg.execute(params![
                format!("2026-{seq:03}"),
                seq,
                pid,
                unit,
                regime,
                set
            ])
            .expect("registration");
            let rid = tx.last_insert_rowid();
            // The commune's pre-assessment: every aspect met, forwarded.
            sheet
                .execute(params![rid, "commune", "UBND xã", &sha, 0, 0.0])
                .expect("sheet");
            let shid = tx.last_insert_rowid();
            for a in ["origin", "labour", "idea", "identity"] {
                line.execute(params![shid, format!("aspect:{a}"), 1.0])
                    .expect("line");
            }
            result.execute(params![rid]).expect("result");
            let base = 40 + rng.below(56) as i64;
            for m in 0..5 {
                let a = (base * 40 / 100).min(40);
                let b = (base * 25 / 100).min(25);
                let c = (base - a - b + m - 2).clamp(0, 35);
                sheet
                    .execute(params![
                        rid,
                        "province",
                        format!("m{m}"),
                        &sha,
                        1,
                        (a + b + c) as f64
                    ])
                    .expect("sheet");
                let shid = tx.last_insert_rowid();
                for (part, v) in [("A", a), ("B", b), ("C", c)] {
                    line.execute(params![shid, part, v as f64]).expect("line");
                }
            }
        }
    }
    tx.commit().expect("commit");
    conn.execute_batch("ANALYZE;").expect("analyze");
    let year = 2026;
    let tx = conn.unchecked_transaction().expect("tx");
    let (ranked, _) = time("rank --year 2026 --level province (two-level)", || {
        ocop::ops::scoring::rank_level(&tx, "bench", year, "province", None, None)
            .expect("rank")
            .ranked
            .len()
    });
    tx.commit().expect("commit");
    println!("  {ranked} registrations ranked");
    let scope = ocop::report::Scope {
        year,
        round: None,
        level: None,
    };
    let found = ocop::report::agreement::disagreements(&conn, scope).expect("agreement");
    if !found.is_empty() {
        eprintln!("reports disagree:\n  {}", found.join("\n  "));
        std::process::exit(1);
    }
    println!("reports agree: summary, progress, groups, products and certificates of {year}");
    let (rows, t) = time("report summary --year 2026 (two-level)", || {
        ocop::report::summary(&conn, scope)
            .expect("summary")
            .rows
            .len()
    });
    println!(
        "  {rows} rows (communes and the total); goal < 1 s: {}",
        if t < 1.0 { "met" } else { "NOT met" }
    );
    time("report progress --year 2026 (two-level)", || {
        ocop::report::progress(&conn, scope)
            .expect("progress")
            .rows
            .len()
    });
}

fn main() {
    if std::env::args().any(|a| a == "two-level") {
        let per_year = std::env::args()
            .skip(1)
            .filter_map(|a| a.parse().ok())
            .next()
            .unwrap_or(30_000);
        two_level(per_year);
        return;
    }
    let args: Vec<i64> = std::env::args()
        .skip(1)
        .filter_map(|a| a.parse().ok())
        .collect();
    let years = args.first().copied().unwrap_or(2) as i32;
    let per_year = args.get(1).copied().unwrap_or(30_000);
    let dir = tempfile::tempdir().expect("temp dir");
    // OCOP_BENCH_KEEP=PATH keeps the generated database there (benches/commands.sh times commands on it).
    let keep = std::env::var_os("OCOP_BENCH_KEEP").map(std::path::PathBuf::from);
    let db = keep
        .clone()
        .unwrap_or_else(|| dir.path().join("national.db"));
    let conn = Connection::open(&db).expect("open");
    conn.pragma_update(None, "journal_mode", "WAL")
        .expect("wal");
    conn.pragma_update(None, "synchronous", "NORMAL")
        .expect("sync");
    conn.pragma_update(None, "foreign_keys", "ON").expect("fk");
    conn.set_prepared_statement_cache_capacity(128);
    ocop::db::migrate(&conn).expect("migrate");
    time(
        &format!("generate {years} years × {per_year} registrations"),
        || generate(&conn, years, per_year),
    );
    conn.execute_batch("PRAGMA wal_checkpoint(TRUNCATE); ANALYZE;")
        .expect("checkpoint");
    if let Some(kept) = &keep {
        spreadsheets(&conn, kept);
    }
    let size = std::fs::metadata(&db).map(|m| m.len()).unwrap_or(0);
    let count = |t: &str| -> i64 {
        conn.query_row(&format!("SELECT count(*) FROM {t}"), [], |r| r.get(0))
            .expect("count")
    };
    println!(
        "database: {:.1} MiB; {} registrations, {} score sheets, {} documents",
        size as f64 / 1048576.0,
        count("registration"),
        count("score_sheet"),
        count("document")
    );
    let year = 2019;
    // rank of one year at the district (in a transaction rolled back, to leave the data as it was).
    let tx = conn.unchecked_transaction().expect("tx");
    let (ranked, t_rank) = time("rank --year 2019 --level district", || {
        ocop::ops::scoring::rank_level(&tx, "bench", year, "district", None, None)
            .expect("rank")
            .ranked
            .len()
    });
    drop(tx);
    let (_, t_rank_ref) = time("  reference: the averages in one SQL query", || {
        let mut st = conn
            .prepare(
                "SELECT s.registration_id, count(*), avg(s.total) FROM score_sheet s JOIN registration r ON r.id = s.registration_id
                 WHERE r.year = ?1 AND s.level = 'district' GROUP BY s.registration_id",
            )
            .expect("prepare");
        st.query_map([year], |r| r.get::<_, i64>(0))
            .expect("query")
            .count()
    });
    println!(
        "  {ranked} registrations ranked; ratio to the reference: {:.1}×",
        t_rank / t_rank_ref
    );
    // Results for the reports.
    let tx = conn.unchecked_transaction().expect("tx");
    ocop::ops::scoring::rank_level(&tx, "bench", year, "district", None, None).expect("rank");
    let province =
        ocop::ops::scoring::rank_level(&tx, "bench", year, "province", None, None).expect("rank");
    let decided = jiff::civil::Date::new(2019, 12, 20).expect("date");
    let mut issued = 0;
    for (r, rk, _) in &province.ranked {
        if rk.outcome == ocop::domain::score::Outcome::Recognises {
            ocop::ops::scoring::recognise(&tx, "bench", r, "QĐ 1/QĐ-UBND", decided, None)
                .expect("recognise");
            issued += 1;
        }
    }
    tx.commit().expect("commit");
    println!("{issued} certificates issued for the province's 3★ and 4★");
    let scope = ocop::report::Scope {
        year,
        round: None,
        level: None,
    };
    // One definition of each word across the reports (CYCLE.md, invariant 5).
    let found = ocop::report::agreement::disagreements(&conn, scope).expect("agreement");
    if found.is_empty() {
        println!("reports agree: summary, progress, groups, products and certificates of {year}");
    } else {
        eprintln!("reports disagree:\n  {}", found.join("\n  "));
        std::process::exit(1);
    }
    let (_, t_sum) = time("report summary --year 2019", || {
        ocop::report::summary(&conn, scope)
            .expect("summary")
            .rows
            .len()
    });
    let (_, t_sum_ref) = time("  reference: counts per commune in one SQL query", || {
        let mut st = conn
            .prepare(
                "SELECT r.unit_id, count(*), sum(res.stars = 3), sum(res.stars = 4), sum(res.stars = 5), avg(res.average_total)
                 FROM registration r LEFT JOIN result res ON res.registration_id = r.id AND res.level = 'province'
                 WHERE r.year = ?1 GROUP BY r.unit_id",
            )
            .expect("prepare");
        st.query_map([year], |r| r.get::<_, i64>(0))
            .expect("query")
            .count()
    });
    println!("  ratio to the reference: {:.1}×", t_sum / t_sum_ref);
    time("report products --year 2019", || {
        ocop::report::products(&conn, scope, None)
            .expect("products")
            .rows
            .len()
    });
    time("report groups --year 2019", || {
        ocop::report::groups(&conn, scope)
            .expect("groups")
            .rows
            .len()
    });
    time("report progress --year 2019", || {
        ocop::report::progress(&conn, scope)
            .expect("progress")
            .rows
            .len()
    });
    let store = ocop::store::Store::for_db(&db);
    time(
        "report dossiers --year 2019 (= dossier check --year)",
        || {
            ocop::report::dossiers(&conn, &store, scope, "2019-11-15")
                .expect("dossiers")
                .rows
                .len()
        },
    );
    time(
        "registration list --year 2019 --search \"san pham 1\"",
        || {
            ocop::db::registrations::list(
                &conn,
                &ocop::db::registrations::ListFilter {
                    year: Some(year),
                    search: Some("san pham 1".into()),
                    ..Default::default()
                },
            )
            .expect("list")
            .len()
        },
    );
    // The query plans of the year's heaviest queries, for docs/performance.md.
    for (label, sql) in [
        (
            "rank: the sheets of a year at a level",
            "SELECT s.id FROM score_sheet s JOIN registration r ON r.id = s.registration_id LEFT JOIN score_line l ON l.sheet_id = s.id
             WHERE r.year = 2019 AND s.level = 'district' ORDER BY r.year, r.seq, s.id, l.criterion",
        ),
        ("registrations of a year", "SELECT r.id FROM registration r JOIN product p ON p.id = r.product_id JOIN subject s ON s.id = p.subject_id JOIN unit u ON u.id = r.unit_id WHERE r.year = 2019 ORDER BY r.year, r.seq"),
        ("documents of a year", "SELECT d.id FROM document d JOIN registration r ON r.id = d.registration_id WHERE r.year = 2019 ORDER BY d.registration_id, d.id"),
        ("results of a year", "SELECT res.registration_id FROM result res JOIN registration r ON r.id = res.registration_id WHERE r.year = 2019"),
    ] {
        println!("plan of {label}:");
        let mut st = conn.prepare(&format!("EXPLAIN QUERY PLAN {sql}")).expect("explain");
        let rows: Vec<String> = st.query_map([], |r| r.get::<_, String>(3)).expect("plan").map(|r| r.expect("row")).collect();
        for r in rows {
            println!("  {r}");
        }
    }
    // A trivial command on a small database: the binary, start to end.
    let small = dir.path().join("small.db");
    let bin = env!("CARGO_BIN_EXE_ocop");
    std::process::Command::new(bin)
        .arg("--db")
        .arg(&small)
        .arg("init")
        .output()
        .expect("init");
    let mut runs: Vec<f64> = (0..21)
        .map(|_| {
            let start = Instant::now();
            std::process::Command::new(bin)
                .arg("--db")
                .arg(&small)
                .args(["subject", "list"])
                .output()
                .expect("run");
            start.elapsed().as_secs_f64()
        })
        .collect();
    runs.sort_by(f64::total_cmp);
    println!(
        "ocop subject list on a small database: median {:.1} ms of 21 runs",
        runs[10] * 1000.0
    );
}
