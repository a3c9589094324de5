//! Import speed against SQLite itself, measured in the same process.
//!
//! `cargo bench --bench import -- [ROWS] [--xlsx] [--scores LINES]` (default 100,000) generates
//! ROWS registration rows of
//! about 150 bytes of Vietnamese text as CSV (and, with `--xlsx`, the same rows as XLSX), imports
//! them with full checking into a fresh database, and times a bare reference: the same rows
//! parsed with the csv crate and inserted into one table with one prepared statement in one
//! transaction. It prints rows per second, the ratio import/reference, and the peak memory of the
//! process (VmHWM, Linux) after the import. With `--scores LINES`, it then imports that many score
//! lines (long form, five members a registration) and prints their rate. With `--identity`, it
//! then imports the national shape of the identity rules: every producer with its own tax code,
//! most sharing a name and a commune with others; it checks that there are exactly as many
//! producers as tax codes and one registration a row, imports the file again, checks that
//! nothing changed, and prints both rates. With `--results`, it generates the same ROWS as a list
//! of past results (year, product, producer, commune, set, stars, score, decision, date), imports
//! it with `import results` into a fresh database, again to see that nothing changes, and prints
//! both rates and their ratio to the registrations import of this run (the same producers,
//! products and registrations, plus a result and a certificate a row).

use std::path::Path;
use std::time::Instant;

use ocop::import::registrations::{self, Options, Report};
use ocop::import::source::{self, SourceOptions};

const COMMUNES: [&str; 10] = [
    "Xã Xuân Lập",
    "Xã Thọ Lộc",
    "Xã Xuân Phong",
    "Xã Bắc Lương",
    "Xã Nam Giang",
    "Xã Xuân Hòa",
    "Xã Thọ Hải",
    "Xã Tây Hồ",
    "Xã Xuân Giang",
    "Xã Xuân Hưng",
];
const SETS: [&str; 6] = [
    "Chế biến từ gạo, ngũ cốc",
    "Rượu trắng",
    "Mật ong, các sản phẩm từ mật ong, mật khác",
    "Rau, củ, quả, hạt tươi",
    "Chè tươi, chế biến",
    "Thủ công mỹ nghệ gia dụng",
];
const KINDS: [&str; 4] = ["HTX", "Doanh nghiệp", "Tổ hợp tác", "Hộ kinh doanh"];

fn generate(path: &Path, rows: usize) -> std::io::Result<u64> {
    use std::io::Write;
    let mut w = std::io::BufWriter::new(std::fs::File::create(path)?);
    writeln!(
        w,
        "Năm,Đợt,Giai đoạn,Ngày đăng ký,Xã,Loại hình chủ thể,Tên chủ thể,Điện thoại,Tên sản phẩm,Bộ sản phẩm"
    )?;
    for i in 0..rows {
        // Two products per producer; years 2020–2022 so that every row is a new registration.
        let producer = i / 2;
        writeln!(
            w,
            "{},1,đã nộp hồ sơ,{:02}/{:02}/{},{},{},\"Chủ thể sản xuất số {producer} Thọ Xuân\",09{:08},\"Sản phẩm đặc sản số {i} của địa phương\",\"{}\"",
            2020 + i % 3,
            1 + i % 28,
            1 + i % 12,
            2020 + i % 3,
            COMMUNES[producer % COMMUNES.len()],
            KINDS[producer % KINDS.len()],
            producer % 100_000_000,
            SETS[i % SETS.len()],
        )?;
    }
    w.flush()?;
    Ok(std::fs::metadata(path)?.len())
}

/// A valid 10-digit tax code for `n` (the check digit computed, counters without one skipped).
fn tax_code(n: u64) -> String {
    let mut k = n;
    loop {
        let nine = format!("{:09}", 100_000_000 + k % 800_000_000);
        let d: [u32; 10] =
            std::array::from_fn(|i| nine.as_bytes().get(i).map_or(0, |b| u32::from(b - b'0')));
        if let Some(c) = ocop::domain::tax_code::check_digit(&d) {
            return format!("{nine}{c}");
        }
        k += 1_000_000_000;
    }
}

/// ROWS rows, two products a producer, each producer its own tax code and one of 1,000 names.
fn generate_identity(path: &Path, rows: usize) -> std::io::Result<usize> {
    use std::io::Write;
    let mut w = std::io::BufWriter::new(std::fs::File::create(path)?);
    writeln!(
        w,
        "Năm,Xã,Loại hình chủ thể,Tên chủ thể,Mã số thuế,Tên sản phẩm,Bộ sản phẩm"
    )?;
    let mut codes = std::collections::HashSet::new();
    for i in 0..rows {
        let producer = i / 2;
        let code = tax_code(producer as u64 * 7919);
        codes.insert(code.clone());
        writeln!(
            w,
            "2021,{},Hộ kinh doanh,Hộ kinh doanh Lê Văn {},{code},Sản phẩm số {i},\"{}\"",
            COMMUNES[producer % COMMUNES.len()],
            producer % 1000,
            SETS[i % SETS.len()],
        )?;
    }
    w.flush()?;
    Ok(codes.len())
}

fn peak_memory_mib() -> Option<f64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    let kb: f64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kb / 1024.0)
}

fn fresh_db(dir: &Path, name: &str) -> std::path::PathBuf {
    let db = dir.join(name);
    let status = std::process::Command::new(env!("CARGO_BIN_EXE_ocop"))
        .args(["--lang", "en", "--db"])
        .arg(&db)
        .args(["init", "--units"])
        .arg(Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/units/tho-xuan.csv"))
        .stdout(std::process::Stdio::null())
        .status()
        .expect("ocop init");
    assert!(status.success());
    db
}

fn import(db: &Path, file: &Path) -> (f64, u64) {
    // The connection exactly as the program opens it (pragmas, statement cache, planner settings).
    let mut conn = ocop::db::open(&ocop::db::Location {
        path: db.to_path_buf(),
        wait: std::time::Duration::from_secs(5),
    })
    .expect("open");
    let start = Instant::now();
    let mut src = source::open(file, &SourceOptions::default()).expect("source");
    let mut report = Report::new(None, None);
    let s = registrations::import(
        &mut conn,
        "bench",
        file,
        src.as_mut(),
        &Options::default(),
        &mut report,
    )
    .expect("import");
    assert_eq!(s.rejected, 0, "{:?}", report.errors.first());
    (start.elapsed().as_secs_f64(), s.reg_added)
}

fn reference(dir: &Path, file: &Path) -> (f64, u64) {
    let db = dir.join("reference.db");
    let _ = std::fs::remove_file(&db);
    let mut conn = rusqlite::Connection::open(&db).expect("open");
    conn.pragma_update(None, "journal_mode", "WAL")
        .expect("wal");
    conn.pragma_update(None, "synchronous", "NORMAL")
        .expect("sync");
    conn.execute_batch(
        "CREATE TABLE r (year TEXT, round TEXT, stage TEXT, registered_on TEXT, commune TEXT, subject_kind TEXT,
         subject_name TEXT, phone TEXT, product_name TEXT, product_set TEXT) STRICT",
    )
    .expect("table");
    let start = Instant::now();
    let tx = conn.transaction().expect("tx");
    let mut n = 0;
    {
        let mut st = tx
            .prepare_cached("INSERT INTO r VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)")
            .expect("prep");
        let mut rdr = csv::Reader::from_path(file).expect("csv");
        for rec in rdr.records() {
            let rec = rec.expect("row");
            st.execute(rusqlite::params_from_iter(rec.iter()))
                .expect("insert");
            n += 1;
        }
    }
    tx.commit().expect("commit");
    (start.elapsed().as_secs_f64(), n)
}

/// The floor of the project's schema: the same rows written as producer, product and registration
/// with prepared inserts and no lookups or checks (every row a new producer and product).
fn schema_floor(dir: &Path, file: &Path) -> f64 {
    let db = fresh_db(dir, "floor.db");
    let mut conn = rusqlite::Connection::open(&db).expect("open");
    conn.pragma_update(None, "journal_mode", "WAL")
        .expect("wal");
    conn.pragma_update(None, "synchronous", "NORMAL")
        .expect("sync");
    conn.pragma_update(None, "foreign_keys", "ON").expect("fk");
    conn.pragma_update(None, "cache_size", -32768)
        .expect("cache");
    let unit: i64 = conn
        .query_row(
            "SELECT id FROM unit WHERE level = 'commune' LIMIT 1",
            [],
            |r| r.get(0),
        )
        .expect("unit");
    let start = Instant::now();
    let tx = conn.transaction().expect("tx");
    {
        let mut s1 = tx
            .prepare_cached("INSERT INTO subject (kind, name, name_key, phone, unit_id, created_at, updated_at) VALUES ('cooperative', ?1, ?1, ?2, ?3, 'now', 'now')")
            .expect("s1");
        let mut s2 = tx
            .prepare_cached("INSERT INTO product (subject_id, name, name_key, regime, product_set, unit_id, created_at, updated_at) VALUES (?1, ?2, ?2, 'qd1048', ?3, ?4, 'now', 'now')")
            .expect("s2");
        let mut s3 = tx
            .prepare_cached("INSERT INTO registration (code, year, seq, round, product_id, unit_id, regime, product_set, kind, stage, registered_on, created_at, updated_at) VALUES (?1, ?2, ?3, 1, ?4, ?5, 'qd1048', ?6, 'new', 'submitted', ?7, 'now', 'now')")
            .expect("s3");
        let mut rdr = csv::Reader::from_path(file).expect("csv");
        for (i, rec) in rdr.records().enumerate() {
            let rec = rec.expect("row");
            s1.execute((&rec[6], &rec[7], unit)).expect("subject");
            let sid = tx.last_insert_rowid();
            s2.execute((sid, &rec[8], &rec[9], unit)).expect("product");
            let pid = tx.last_insert_rowid();
            s3.execute((
                format!("X-{i}"),
                2020,
                i as i64,
                pid,
                unit,
                &rec[9],
                &rec[3],
            ))
            .expect("registration");
        }
    }
    tx.commit().expect("commit");
    start.elapsed().as_secs_f64()
}

fn main() {
    let args: Vec<String> = std::env::args()
        .skip(1)
        .filter(|a| a != "--bench")
        .collect();
    let rows: usize = args.iter().find_map(|a| a.parse().ok()).unwrap_or(100_000);
    let xlsx = args.iter().any(|a| a == "--xlsx");
    let dir = tempfile::tempdir().expect("temp dir");
    let csv = dir.path().join("rows.csv");
    let bytes = generate(&csv, rows).expect("generate");
    println!(
        "rows: {rows}, CSV size: {:.1} MiB ({:.0} bytes a row)",
        bytes as f64 / 1048576.0,
        bytes as f64 / rows as f64
    );

    let db = fresh_db(dir.path(), "bench.db");
    let (t_import, added) = import(&db, &csv);
    assert_eq!(added, rows as u64);
    let peak = peak_memory_mib();
    let (t_ref, n) = reference(dir.path(), &csv);
    assert_eq!(n, rows as u64);
    let (r_import, r_ref) = (rows as f64 / t_import, rows as f64 / t_ref);
    println!("import (full checking): {t_import:.2} s, {r_import:.0} rows/s");
    println!("reference (bare insert): {t_ref:.2} s, {r_ref:.0} rows/s");
    println!(
        "ratio import/reference: {:.0}% of the reference's rows per second",
        100.0 * r_import / r_ref
    );
    let t_floor = schema_floor(dir.path(), &csv);
    println!(
        "schema floor (three bare inserts a row into the project's tables): {t_floor:.2} s, {:.0} rows/s; the import reaches {:.0}% of it",
        rows as f64 / t_floor,
        100.0 * t_floor / t_import
    );
    if let Some(p) = peak {
        println!("peak memory after the import (VmHWM): {p:.1} MiB");
    }
    if let Some(i) = args.iter().position(|a| a == "--scores") {
        // Score lines: five members' part totals for every registration just imported, long form.
        let lines_wanted: usize = args
            .get(i + 1)
            .and_then(|n| n.parse().ok())
            .unwrap_or(1_000_000);
        let sheets = lines_wanted.div_ceil(3).min(rows * 5);
        let file = dir.path().join("scores.csv");
        {
            use std::io::Write;
            let mut w = std::io::BufWriter::new(std::fs::File::create(&file).expect("scores file"));
            writeln!(w, "registration,level,member,criterion,points").expect("write");
            for k in 0..sheets {
                let (reg, member) = (k / 5, k % 5);
                let year = 2020 + reg % 3;
                let seq = reg / 3 + 1;
                for (part, v) in [("A", 30), ("B", 20), ("C", k % 40)] {
                    writeln!(w, "{year}-{seq:03},district,M{member},{part},{v}").expect("write");
                }
            }
        }
        let mut conn = rusqlite::Connection::open(&db).expect("open");
        conn.set_prepared_statement_cache_capacity(128);
        conn.pragma_update(None, "foreign_keys", "ON").expect("fk");
        let start = Instant::now();
        let mut src = source::open(&file, &SourceOptions::default()).expect("source");
        let mut report = Report::new(None, None);
        let s = ocop::import::scores::import(
            &mut conn,
            "bench",
            &file,
            src.as_mut(),
            &Options::default(),
            &mut report,
        )
        .expect("import scores");
        let t = start.elapsed().as_secs_f64();
        assert_eq!(s.rejected_sheets, 0, "{:?}", report.errors.first());
        println!(
            "score lines: {} lines ({} sheets) in {t:.2} s, {:.0} lines/s",
            s.rows,
            s.sheets,
            s.rows as f64 / t
        );
        if let Some(p) = peak_memory_mib() {
            println!("peak memory after the score import (VmHWM): {p:.1} MiB");
        }
    }
    if args.iter().any(|a| a == "--results") {
        let file = dir.path().join("results.csv");
        {
            use std::io::Write;
            let mut w = std::io::BufWriter::new(std::fs::File::create(&file).expect("file"));
            writeln!(
                w,
                "Năm,Tên sản phẩm,Chủ thể,Loại hình,Xã,Bộ sản phẩm,Hạng sao,Điểm,Số quyết định,Ngày quyết định"
            )
            .expect("write");
            for i in 0..rows {
                let producer = i / 2;
                let year = 2020 + i % 3;
                let stars = 3 + i % 3;
                writeln!(
                    w,
                    "{year},\"Sản phẩm đặc sản số {i} của địa phương\",\"Chủ thể sản xuất số {producer} Thọ Xuân\",{},{},\"{}\",{stars},{}.50,{}/QĐ-UBND,20/12/{year}",
                    KINDS[producer % KINDS.len()],
                    COMMUNES[producer % COMMUNES.len()],
                    SETS[i % SETS.len()],
                    [55, 75, 92][i % 3],
                    1000 + year
                )
                .expect("write");
            }
        }
        let db4 = fresh_db(dir.path(), "bench-results.db");
        let run = |label: &str| -> (f64, u64) {
            let mut conn = ocop::db::open(&ocop::db::Location {
                path: db4.clone(),
                wait: std::time::Duration::from_secs(5),
            })
            .expect("open");
            let start = Instant::now();
            let mut src = source::open(&file, &SourceOptions::default()).expect("source");
            let mut report = Report::new(None, None);
            let s = ocop::import::results::import(
                &mut conn,
                "bench",
                &file,
                src.as_mut(),
                &Default::default(),
                &mut report,
            )
            .expect("import results");
            let t = start.elapsed().as_secs_f64();
            assert_eq!(s.rejected, 0, "{label}: {:?}", report.errors.first());
            (t, s.results_added)
        };
        let (t_first, added) = run("first");
        assert_eq!(added, rows as u64, "one result a row");
        let (t_again, again) = run("again");
        assert_eq!(again, 0, "importing the list again changes nothing");
        println!(
            "results (past lists): {rows} rows in {t_first:.2} s, {:.0} rows/s ({:.0}% of the registrations import's rate); again, unchanged: {t_again:.2} s, {:.0} rows/s",
            rows as f64 / t_first,
            100.0 * t_import / t_first,
            rows as f64 / t_again
        );
        if let Some(p) = peak_memory_mib() {
            println!("peak memory after the results import (VmHWM): {p:.1} MiB");
        }
    }
    if args.iter().any(|a| a == "--identity") {
        let file = dir.path().join("identity.csv");
        let codes = generate_identity(&file, rows).expect("generate");
        let db3 = fresh_db(dir.path(), "bench-identity.db");
        let (t_first, added) = import(&db3, &file);
        assert_eq!(added, rows as u64, "one registration a row");
        let conn = rusqlite::Connection::open(&db3).expect("open");
        let producers: i64 = conn
            .query_row("SELECT count(*) FROM subject", [], |r| r.get(0))
            .expect("count");
        assert_eq!(producers as usize, codes, "one producer a tax code");
        let (t_again, added_again) = import(&db3, &file);
        assert_eq!(added_again, 0);
        let after: i64 = conn
            .query_row("SELECT count(*) FROM subject", [], |r| r.get(0))
            .expect("count");
        assert_eq!(after, producers, "the second import changes nothing");
        println!(
            "identity: {rows} rows, {producers} producers = {codes} tax codes; first import {t_first:.2} s ({:.0} rows/s), again {t_again:.2} s ({:.0} rows/s), nothing changed",
            rows as f64 / t_first,
            rows as f64 / t_again
        );
    }
    if xlsx {
        // The same rows as a workbook, imported into another fresh database.
        let book = dir.path().join("rows.xlsx");
        let mut wb = rust_xlsxwriter::Workbook::new();
        let ws = wb.add_worksheet();
        let mut rdr = csv::ReaderBuilder::new()
            .has_headers(false)
            .from_path(&csv)
            .expect("csv");
        for (r, rec) in rdr.records().enumerate() {
            for (c, v) in rec.expect("row").iter().enumerate() {
                ws.write_string(r as u32, c as u16, v).expect("cell");
            }
        }
        wb.save(&book).expect("save");
        let db2 = fresh_db(dir.path(), "bench-xlsx.db");
        let (t_xlsx, added) = import(&db2, &book);
        assert_eq!(added, rows as u64);
        println!(
            "XLSX import: {t_xlsx:.2} s, {:.2}× the CSV import's time",
            t_xlsx / t_import
        );
    }
}
