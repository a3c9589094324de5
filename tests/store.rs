//! The store under stress: waiting for another writer, and SIGKILL in the middle of a write.

mod common;

use std::process::{Command, Stdio};
use std::time::Duration;

use common::{Work, stderr};

#[test]
fn readers_and_writers_wait_for_a_writer_instead_of_failing() {
    let w = Work::new();
    w.with_product();
    let holder = w.sql();
    holder.busy_timeout(Duration::from_secs(5)).unwrap();
    holder
        .execute_batch("BEGIN IMMEDIATE; INSERT INTO meta (key, value) VALUES ('held', '1');")
        .unwrap();

    // A reader is not blocked by the writer (WAL).
    w.ocop("en").args(["subject", "list"]).assert().success();

    // A writer whose wait runs out gets a clear error and exit 3, in both languages.
    for (lang, words) in [
        ("en", "the database is busy"),
        ("vi", "cơ sở dữ liệu đang bận"),
    ] {
        let a = w
            .ocop(lang)
            .args([
                "--wait",
                "0.2",
                "subject",
                "add",
                "--kind",
                "DN",
                "--name",
                "Công ty C",
                "--commune",
                "15586",
            ])
            .assert()
            .code(3);
        let err = stderr(&a);
        assert!(err.contains(words) && err.contains("--wait"), "{err}");
        assert!(!err.contains("database is locked"), "{err}");
    }

    // A writer with the default wait waits for the holder, then succeeds.
    let bin = assert_cmd::cargo::cargo_bin("ocop");
    let child = Command::new(bin)
        .current_dir(w.dir.path())
        .env_remove("OCOP_DB")
        .args([
            "--lang",
            "en",
            "subject",
            "add",
            "--kind",
            "DN",
            "--name",
            "Công ty D",
            "--commune",
            "15586",
        ])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    std::thread::sleep(Duration::from_millis(400));
    holder.execute_batch("COMMIT").unwrap();
    let out = child.wait_with_output().unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let n: i64 = holder
        .query_row(
            "SELECT count(*) FROM subject WHERE name = 'Công ty D'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(n, 1);
}

#[test]
fn ten_writers_at_once_all_succeed() {
    let w = Work::new();
    w.init();
    let bin = assert_cmd::cargo::cargo_bin("ocop");
    let children: Vec<_> = (0..10)
        .map(|i| {
            Command::new(&bin)
                .current_dir(w.dir.path())
                .env_remove("OCOP_DB")
                .args([
                    "subject",
                    "add",
                    "--kind",
                    "household",
                    "--name",
                    &format!("Hộ kinh doanh số {i}"),
                    "--commune",
                    "Xuân Lập",
                ])
                .stdout(Stdio::null())
                .stderr(Stdio::piped())
                .spawn()
                .unwrap()
        })
        .collect();
    for c in children {
        let out = c.wait_with_output().unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
    let n: i64 = w
        .sql()
        .query_row("SELECT count(*) FROM subject", [], |r| r.get(0))
        .unwrap();
    assert_eq!(n, 10);
}

/// A units file of `n` communes over many districts, ~100 bytes a row.
fn big_units_csv(n: usize) -> String {
    let mut s = String::from(
        "province_code,province_name,district_code,district_name,commune_code,commune_name,commune_type\n",
    );
    for i in 0..n {
        let d = i / 100;
        s.push_str(&format!(
            "{:02},Tỉnh Thử Nghiệm {},{:03},Huyện Thử Nghiệm {},{:05},Xã Thử Nghiệm Số {},xã\n",
            d / 100 % 100,
            d / 100,
            d % 1000,
            d,
            i,
            i
        ));
    }
    s
}

fn integrity(c: &rusqlite::Connection) {
    let ok: String = c
        .query_row("PRAGMA integrity_check", [], |r| r.get(0))
        .unwrap();
    assert_eq!(ok, "ok");
    let fk: i64 = c
        .query_row("SELECT count(*) FROM pragma_foreign_key_check", [], |r| {
            r.get(0)
        })
        .unwrap();
    assert_eq!(fk, 0);
}

#[cfg(unix)]
#[test]
fn sigkill_during_a_bulk_write_leaves_before_or_after() {
    let w = Work::new();
    w.ocop("en").arg("init").assert().success();
    let n = 60_000;
    std::fs::write(w.path("big.csv"), big_units_csv(n)).unwrap();
    let before: i64 = w
        .sql()
        .query_row("SELECT count(*) FROM unit", [], |r| r.get(0))
        .unwrap();
    let bin = assert_cmd::cargo::cargo_bin("ocop");
    let mut killed = 0;
    // Kill points spread over the command's life: start-up, parsing, the write, the commit.
    for delay_ms in [5u64, 30, 80, 150, 250, 400, 600, 900, 1300, 1800] {
        let mut child = Command::new(&bin)
            .current_dir(w.dir.path())
            .env_remove("OCOP_DB")
            .args(["unit", "import", "big.csv"])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        std::thread::sleep(Duration::from_millis(delay_ms));
        let _ = child.kill(); // SIGKILL on Unix
        let status = child.wait().unwrap();
        if !status.success() {
            killed += 1;
        }
        let c = w.sql();
        integrity(&c);
        let after: i64 = c
            .query_row("SELECT count(*) FROM unit", [], |r| r.get(0))
            .unwrap();
        assert!(
            after == before || after >= before + n as i64,
            "partial import: {after} rows after a kill at {delay_ms} ms"
        );
        // Start each round from the empty state again, so that every kill can hit the write.
        c.execute_batch("DELETE FROM unit").unwrap();
    }
    assert!(
        killed > 0,
        "no run was killed: the kill points missed the command"
    );
    eprintln!("kill points tried: 10, runs killed before they finished: {killed}");
}

#[cfg(unix)]
#[test]
fn sigkill_during_init_leaves_no_half_made_database() {
    let w = Work::new();
    std::fs::write(w.path("big.csv"), big_units_csv(30_000)).unwrap();
    let bin = assert_cmd::cargo::cargo_bin("ocop");
    for delay_ms in [10u64, 100, 300, 600] {
        let _ = std::fs::remove_file(w.db());
        let mut child = Command::new(&bin)
            .current_dir(w.dir.path())
            .env_remove("OCOP_DB")
            .args(["init", "--units", "big.csv"])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        std::thread::sleep(Duration::from_millis(delay_ms));
        let _ = child.kill();
        let _ = child.wait();
        if w.db().exists() {
            let c = w.sql();
            integrity(&c);
            let units: i64 = c
                .query_row("SELECT count(*) FROM unit", [], |r| r.get(0))
                .unwrap();
            assert!(
                units >= 30_000,
                "a database exists but holds only {units} units"
            );
        }
    }
}

/// Counts that must be all "before" or all "after" a killed command.
fn state(c: &rusqlite::Connection) -> Vec<i64> {
    [
        "subject",
        "product",
        "registration",
        "score_sheet",
        "result",
        "certificate",
        "document",
        "audit",
    ]
    .iter()
    .map(|t| {
        c.query_row(&format!("SELECT count(*) FROM {t}"), [], |r| r.get(0))
            .unwrap()
    })
    .collect()
}

/// Runs `args` and kills it after `delay_ms`; returns whether it was killed before it finished.
fn kill_after(w: &Work, args: &[&str], delay_ms: u64) -> bool {
    let mut child = Command::new(assert_cmd::cargo::cargo_bin("ocop"))
        .current_dir(w.dir.path())
        .env_remove("OCOP_DB")
        .args(args)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    std::thread::sleep(Duration::from_millis(delay_ms));
    let _ = child.kill();
    !child.wait().unwrap().success()
}

#[cfg(unix)]
#[test]
fn sigkill_during_imports_scoring_and_ranking_leaves_before_or_after() {
    let w = Work::new();
    w.init();
    // 8,000 registration rows, about 2 s to import in a debug build.
    let mut csv =
        String::from("year,commune,subject_kind,subject_name,product_name,product_set,stage\n");
    for i in 0..8_000 {
        csv.push_str(&format!(
            "2019,Xuân Lập,HTX,Chủ thể {},Sản phẩm {i},Rượu trắng,submitted\n",
            i / 2
        ));
    }
    std::fs::write(w.path("big.csv"), csv).unwrap();
    let mut tried = 0;
    let mut killed = 0;
    for delay in [20u64, 100, 300, 600, 1000, 1600] {
        let before = state(&w.sql());
        tried += 1;
        if kill_after(&w, &["import", "registrations", "big.csv"], delay) {
            killed += 1;
        }
        let c = w.sql();
        integrity(&c);
        let after = state(&c);
        assert!(
            after == before || after[2] == before[2] + 8_000 || after[2] == 8_000,
            "partial import at {delay} ms: {before:?} → {after:?}"
        );
        if after[2] > before[2] {
            break;
        }
    }
    // Score sheets for every registration, then kill the import of the sheets and the ranking.
    let n: i64 = w
        .sql()
        .query_row("SELECT count(*) FROM registration", [], |r| r.get(0))
        .unwrap();
    if n == 0 {
        w.ocop("en")
            .args(["import", "registrations", "big.csv"])
            .assert()
            .success();
    }
    let mut sheets = String::from("registration,level,member,A,B,C\n");
    for i in 1..=8_000 {
        sheets.push_str(&format!("2019-{i:03},district,M1,30,20,{}\n", i % 40));
    }
    std::fs::write(w.path("sheets.csv"), sheets).unwrap();
    for (args, delays) in [
        (
            vec!["import", "scores", "sheets.csv"],
            vec![30u64, 200, 600],
        ),
        (
            vec!["rank", "--year", "2019", "--level", "district"],
            vec![30u64, 300, 900],
        ),
    ] {
        for delay in delays {
            let before = state(&w.sql());
            tried += 1;
            if kill_after(&w, &args, delay) {
                killed += 1;
            }
            let c = w.sql();
            integrity(&c);
            let after = state(&c);
            let whole = after == before
                || (after[3] == 8_000 && before[3] == 0)
                || (after[4] == 8_000 && before[4] == 0);
            assert!(
                whole,
                "{args:?} killed at {delay} ms: {before:?} → {after:?}"
            );
            // A command that finished is not run again: a second rank would rightly replace the
            // results and add an audit entry, a state this check does not describe.
            if (args[0] == "import" && after[3] > before[3])
                || (args[0] == "rank" && after[4] > before[4])
            {
                break;
            }
        }
        // Make sure the next command has its input whole.
        if args[0] == "import" {
            let s: i64 = w
                .sql()
                .query_row("SELECT count(*) FROM score_sheet", [], |r| r.get(0))
                .unwrap();
            if s == 0 {
                w.ocop("en").args(&args).assert().success();
            }
        }
    }
    assert!(killed > 0);
    eprintln!("kill points tried: {tried}, runs killed before they finished: {killed}");
}

#[test]
fn a_writer_that_waits_in_vain_is_told_who_holds_the_lock() {
    let w = Work::new();
    w.init();
    let mut csv = String::from("year,commune,subject_kind,subject_name,product_name,product_set\n");
    for i in 0..20_000 {
        csv.push_str(&format!(
            "2019,Xuân Lập,HTX,Chủ thể {},Sản phẩm {i},Rượu trắng\n",
            i / 2
        ));
    }
    std::fs::write(w.path("big.csv"), csv).unwrap();
    let mut import = Command::new(assert_cmd::cargo::cargo_bin("ocop"))
        .current_dir(w.dir.path())
        .env_remove("OCOP_DB")
        .env("OCOP_USER", "Cán bộ A")
        .args(["import", "registrations", "big.csv"])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    // Wait until the import holds the write lock (its note names it), for at most 10 s.
    let note = w.path("ocop.db-writer");
    let mut holding = false;
    for _ in 0..200 {
        if std::fs::read_to_string(&note).is_ok_and(|s| s.contains("import registrations")) {
            holding = true;
            break;
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    assert!(holding, "the import never started writing");
    let out = Command::new(assert_cmd::cargo::cargo_bin("ocop"))
        .current_dir(w.dir.path())
        .env_remove("OCOP_DB")
        .args([
            "--lang",
            "en",
            "--wait",
            "0.1",
            "subject",
            "add",
            "--kind",
            "DN",
            "--name",
            "B",
            "--commune",
            "15586",
        ])
        .output()
        .unwrap();
    let still_running = import.try_wait().unwrap().is_none();
    import.wait().unwrap();
    if still_running {
        assert_eq!(out.status.code(), Some(3));
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(
            err.contains("the database is busy")
                && err.contains("Cán bộ A, `ocop import registrations big.csv`"),
            "{err}"
        );
    } else {
        eprintln!("skipped: the import ended before the second command asked for the lock");
    }
}

#[cfg(unix)]
#[test]
fn sigkill_during_dossier_add_leaves_no_record_without_its_file() {
    let w = Work::new();
    w.with_product();
    w.ocop("en")
        .args(["register", "1", "--year", "2019"])
        .assert()
        .success();
    // A 64 MiB file takes a while to hash and copy into the store.
    let big: Vec<u8> = (0..64 * 1024 * 1024u32).map(|i| (i % 251) as u8).collect();
    std::fs::write(w.path("big.pdf"), &big).unwrap();
    let mut tried = 0;
    for delay in [5u64, 40, 120, 300, 700] {
        tried += 1;
        kill_after(
            &w,
            &[
                "dossier",
                "add",
                "2019-001",
                "--kind",
                "business-plan",
                "--file",
                "big.pdf",
            ],
            delay,
        );
        let c = w.sql();
        integrity(&c);
        let mut st = c
            .prepare("SELECT blob_sha256 FROM document WHERE blob_sha256 IS NOT NULL")
            .unwrap();
        let shas: Vec<String> = st
            .query_map([], |r| r.get(0))
            .unwrap()
            .map(|r| r.unwrap())
            .collect();
        for sha in shas {
            let file = w.path(&format!("ocop-files/{}/{sha}", &sha[..2]));
            assert_eq!(
                std::fs::metadata(&file).map(|m| m.len()).ok(),
                Some(big.len() as u64),
                "a record without its whole file"
            );
        }
    }
    w.ocop("en").args(["dossier", "verify"]).assert().success();
    eprintln!("dossier add kill points tried: {tried}");
}

#[test]
fn a_backup_taken_while_another_process_imports_is_whole() {
    let w = Work::new();
    w.init();
    let mut csv = String::from("year,commune,subject_kind,subject_name,product_name,product_set\n");
    for i in 0..10_000 {
        csv.push_str(&format!(
            "2019,Xuân Lập,HTX,Chủ thể {},Sản phẩm {i},Rượu trắng\n",
            i / 2
        ));
    }
    std::fs::write(w.path("big.csv"), csv).unwrap();
    let mut import = Command::new(assert_cmd::cargo::cargo_bin("ocop"))
        .current_dir(w.dir.path())
        .env_remove("OCOP_DB")
        .args(["import", "registrations", "big.csv"])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let report = |db: &str| {
        let a = w
            .ocop("en")
            .args([
                "--db", db, "report", "summary", "--year", "2019", "--format", "csv",
            ])
            .assert()
            .success();
        String::from_utf8_lossy(&a.get_output().stdout).to_string()
    };
    let before = report("ocop.db");
    std::thread::sleep(Duration::from_millis(200));
    w.ocop("en").args(["backup", "copy.db"]).assert().success();
    assert!(import.wait().unwrap().success());
    let after = report("ocop.db");
    // The copy holds the state before the import or after it, and is clean.
    w.ocop("en")
        .args(["--db", "copy.db", "doctor"])
        .assert()
        .success();
    let n: i64 = rusqlite::Connection::open(w.path("copy.db"))
        .unwrap()
        .query_row("SELECT count(*) FROM registration", [], |r| r.get(0))
        .unwrap();
    assert!(n == 0 || n == 10_000, "{n}");
    // Its reports equal the original's at that moment, and so do the restored database's.
    let copy = report("copy.db");
    assert!(copy == before || copy == after);
    w.ocop("en")
        .args(["restore", "copy.db", "--force"])
        .assert()
        .success();
    w.ocop("en").args(["doctor"]).assert().success();
    assert_eq!(report("ocop.db"), copy);
}

#[test]
fn two_imports_and_an_import_with_a_report_at_once() {
    let w = Work::new();
    w.init();
    for (name, from) in [("a.csv", 0), ("b.csv", 5_000)] {
        let mut csv =
            String::from("year,commune,subject_kind,subject_name,product_name,product_set\n");
        for i in from..from + 5_000 {
            csv.push_str(&format!(
                "2019,Xuân Lập,HTX,Chủ thể {},Sản phẩm {i},Rượu trắng\n",
                i / 2
            ));
        }
        std::fs::write(w.path(name), csv).unwrap();
    }
    let spawn = |args: &[&str]| {
        Command::new(assert_cmd::cargo::cargo_bin("ocop"))
            .current_dir(w.dir.path())
            .env_remove("OCOP_DB")
            .args(args)
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap()
    };
    let a = spawn(&["import", "registrations", "a.csv"]);
    let b = spawn(&["import", "registrations", "b.csv"]);
    let r = spawn(&["report", "summary", "--year", "2019", "--format", "csv"]);
    for c in [a, b, r] {
        let out = c.wait_with_output().unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
    let n: i64 = w
        .sql()
        .query_row("SELECT count(*) FROM registration", [], |r| r.get(0))
        .unwrap();
    assert_eq!(n, 10_000);
    let codes: i64 = w
        .sql()
        .query_row("SELECT count(DISTINCT code) FROM registration", [], |r| {
            r.get(0)
        })
        .unwrap();
    assert_eq!(codes, 10_000, "every registration has its own code");
}

#[cfg(unix)]
#[test]
fn sigkill_during_recognise_leaves_before_or_after() {
    let w = Work::new();
    w.with_product();
    w.ocop("en")
        .args(["register", "1", "--year", "2019", "--stage", "submitted"])
        .assert()
        .success();
    w.ocop("en")
        .args([
            "score", "add", "2019-001", "--level", "province", "--force", "--reason", "direct",
            "--member", "P", "--part", "A=30", "--part", "B=20", "--part", "C=25",
        ])
        .assert()
        .success();
    w.ocop("en")
        .args(["rank", "--year", "2019", "--level", "province"])
        .assert()
        .success();
    let mut tried = 0;
    for delay in [0u64, 1, 2, 3, 5, 8, 12, 20] {
        tried += 1;
        kill_after(
            &w,
            &[
                "recognise",
                "2019-001",
                "--decision",
                "QĐ 1",
                "--date",
                "2019-12-23",
            ],
            delay,
        );
        let c = w.sql();
        integrity(&c);
        let certs: i64 = c
            .query_row("SELECT count(*) FROM certificate", [], |r| r.get(0))
            .unwrap();
        let stage: String = c
            .query_row(
                "SELECT stage FROM registration WHERE code = '2019-001'",
                [],
                |r| r.get(0),
            )
            .unwrap();
        assert!(
            (certs == 0 && stage == "evaluated") || (certs == 1 && stage == "recognised"),
            "{certs} {stage}"
        );
        if certs == 1 {
            break;
        }
    }
    eprintln!("recognise kill points tried: {tried}");
}

/// A demo database whose dossier of 2019-004 also holds eight 512 KiB scans, so that copying the
/// store takes long enough to be killed in the middle.
fn demo_with_big_files() -> Work {
    let w = Work::new();
    w.ocop("en").args(["demo", "--dir", "."]).assert().success();
    add_scans(&w);
    w
}

fn add_scans(w: &Work) {
    for i in 0..8u32 {
        let bytes: Vec<u8> = (0..512 * 1024u32)
            .map(|j| (j.wrapping_mul(31).wrapping_add(i * 7) % 251) as u8)
            .collect();
        let name = format!("bản quét {i}.pdf");
        std::fs::write(w.path(&name), bytes).unwrap();
        w.ocop("en")
            .args([
                "dossier",
                "add",
                "2019-004",
                "--kind",
                "business-plan",
                "--file",
                &name,
            ])
            .assert()
            .success();
    }
}

/// How long `args` takes when it runs to the end, in ms (at least 10).
fn duration_of(w: &Work, args: &[&str]) -> u64 {
    let t = std::time::Instant::now();
    w.ocop("en").args(args).assert().success();
    (t.elapsed().as_millis() as u64).max(10)
}

/// Twenty delays spread over a run of `ms` milliseconds, from its very start to past its end.
/// Each harness adds finer ones near the start when too few runs were killed mid-way.
fn twenty_points(ms: u64) -> Vec<u64> {
    (0..20).map(|i| ms * i / 18).collect()
}

#[cfg(unix)]
#[test]
fn sigkill_during_backup_leaves_the_old_backup_or_the_new_one_whole() {
    let w = demo_with_big_files();
    let ms = duration_of(&w, &["backup", "b.db"]);
    let live = state(&w.sql());
    let mut killed = 0;
    // Twenty points over the measured run, then finer ones near its start until five runs were
    // killed mid-way (how long a run takes varies with the machine's load; what is checked after
    // each kill does not).
    let finer = (1..60).map(|i| ms * i / 120);
    for (i, delay) in twenty_points(ms).into_iter().chain(finer).enumerate() {
        if i >= 20 && killed >= 5 {
            break;
        }
        // Every other run starts with the backup's store emptied, so that the copy has work.
        if i % 2 == 0 {
            let _ = std::fs::remove_dir_all(w.path("b-files"));
            std::fs::create_dir(w.path("b-files")).unwrap();
            // The old backup stays a whole one: its files are copied back by a complete run.
            w.ocop("en")
                .args(["backup", "b.db", "--force"])
                .assert()
                .success();
        }
        if kill_after(&w, &["backup", "b.db", "--force"], delay) {
            killed += 1;
        }
        // Under its real name there is always a whole backup: integrity, every file's hash.
        let a = w.ocop("en").args(["--db", "b.db", "doctor"]).assert();
        assert!(
            a.get_output().status.success(),
            "after {delay} ms: {}",
            stderr(&a)
        );
        assert_eq!(
            state(&rusqlite::Connection::open(w.path("b.db")).unwrap()),
            live
        );
    }
    eprintln!("backup: kill points over {ms} ms, {killed} runs killed before the end");
    assert!(killed >= 5, "only {killed} runs were killed mid-way");
}

#[cfg(unix)]
#[test]
fn sigkill_during_restore_leaves_the_database_before_or_after() {
    // Before: the demo. The backup: the demo with eight scans, which the restore must bring.
    let w = Work::new();
    w.ocop("en").args(["demo", "--dir", "."]).assert().success();
    std::fs::create_dir(w.path("keep")).unwrap();
    drop(w.sql());
    std::fs::copy(w.db(), w.path("keep/ocop.db")).unwrap();
    add_scans(&w);
    w.ocop("en").args(["backup", "b.db"]).assert().success();
    let scans: Vec<std::path::PathBuf> = std::fs::read_dir(w.path("ocop-files"))
        .unwrap()
        .flat_map(|d| std::fs::read_dir(d.unwrap().path()).unwrap())
        .map(|f| f.unwrap().path())
        .filter(|f| std::fs::metadata(f).unwrap().len() >= 512 * 1024)
        .map(|f| f.strip_prefix(w.dir.path()).unwrap().to_path_buf())
        .collect();
    assert_eq!(scans.len(), 8);
    let before = state(&rusqlite::Connection::open(w.path("keep/ocop.db")).unwrap());
    let after = state(&rusqlite::Connection::open(w.path("b.db")).unwrap());
    let strip = |mut s: Vec<i64>| {
        s.pop(); // the audit count: a restore adds its own entry
        s
    };
    let reset = |w: &Work| {
        // Back to the state before the restore: the demo's database, a store without the scans.
        for suffix in ["-wal", "-shm"] {
            let _ = std::fs::remove_file(format!("{}{suffix}", w.db().display()));
        }
        std::fs::copy(w.path("keep/ocop.db"), w.db()).unwrap();
        for f in &scans {
            let _ = std::fs::remove_file(w.dir.path().join(f));
        }
    };
    reset(&w);
    let ms = duration_of(&w, &["restore", "b.db", "--force"]);
    let mut killed = 0;
    for (i, delay) in twenty_points(ms)
        .into_iter()
        .chain((1..60).map(|i| ms * i / 120))
        .enumerate()
    {
        if i >= 20 && killed >= 5 {
            break;
        }
        reset(&w);
        if kill_after(&w, &["restore", "b.db", "--force"], delay) {
            killed += 1;
        }
        let s = strip(state(&w.sql()));
        assert!(
            s == strip(before.clone()) || s == strip(after.clone()),
            "after {delay} ms: {s:?} is neither {before:?} nor {after:?}"
        );
        // Before: the scans the old database does not know may be back in the store (harmless);
        // after: every file of the restored database is whole. Either way doctor finds no problem.
        let a = w.ocop("en").args(["doctor"]).assert();
        assert!(
            a.get_output().status.success(),
            "after {delay} ms: {}",
            stderr(&a)
        );
    }
    eprintln!("restore: 20 kill points over {ms} ms, {killed} runs killed before the end");
    assert!(killed >= 5, "only {killed} runs were killed mid-way");
}

/// Reads one file of a bundle by its path in the bundle.
type ReadPart = dyn Fn(&str) -> Option<Vec<u8>>;

/// Whether `path` is a complete bundle: its manifest lists files whose bytes match their hashes.
fn bundle_is_whole(path: &std::path::Path) -> bool {
    use sha2::{Digest, Sha256};
    let hex = |b: &[u8]| -> String {
        Sha256::digest(b)
            .iter()
            .map(|x| format!("{x:02x}"))
            .collect()
    };
    let read: Box<ReadPart> = if path.is_dir() {
        let root = path.to_path_buf();
        Box::new(move |rel: &str| std::fs::read(root.join(rel)).ok())
    } else {
        let bytes = std::fs::read(path).unwrap();
        Box::new(move |rel: &str| {
            let mut z = zip::ZipArchive::new(std::io::Cursor::new(bytes.clone())).ok()?;
            let mut f = z.by_name(rel).ok()?;
            let mut out = Vec::new();
            std::io::Read::read_to_end(&mut f, &mut out).ok()?;
            Some(out)
        })
    };
    let Some(manifest) = read("manifest.csv") else {
        return false;
    };
    let mut rdr = csv::Reader::from_reader(&manifest[..]);
    let head = rdr.headers().unwrap().clone();
    let col = |id: &str| {
        head.iter()
            .position(|h| h.trim_start_matches('\u{feff}') == id)
            .unwrap()
    };
    let (sha, rel) = (col("sha256"), col("path"));
    let mut files = 0;
    for r in rdr.records() {
        let r = r.unwrap();
        if r[rel].is_empty() {
            continue;
        }
        match read(&r[rel]) {
            Some(b) if hex(&b) == r[sha] => files += 1,
            _ => return false,
        }
    }
    files > 0 && read("cover.csv").is_some()
}

#[cfg(unix)]
#[test]
fn sigkill_during_dossier_export_leaves_no_bundle_or_a_whole_one() {
    let w = demo_with_big_files();
    let ms = duration_of(&w, &["dossier", "export", "2019-004", "--to", "t.zip"]);
    std::fs::remove_file(w.path("t.zip")).unwrap();
    let mut killed = 0;
    for (i, delay) in twenty_points(ms)
        .into_iter()
        .chain((1..60).map(|i| ms * i / 120))
        .enumerate()
    {
        if i >= 20 && killed >= 5 {
            break;
        }
        let target = if i % 2 == 0 {
            "gửi tỉnh.zip"
        } else {
            "gửi tỉnh"
        };
        let p = w.path(target);
        if kill_after(
            &w,
            &["dossier", "export", "2019-004", "--to", target],
            delay,
        ) {
            killed += 1;
        }
        if p.exists() {
            assert!(
                bundle_is_whole(&p),
                "after {delay} ms: {target} is not whole"
            );
            let _ = std::fs::remove_dir_all(&p);
            let _ = std::fs::remove_file(&p);
        }
        // A killed export never blocks the next one.
        w.ocop("en")
            .args(["dossier", "export", "2019-004", "--to", target])
            .assert()
            .success();
        assert!(bundle_is_whole(&p));
        let _ = std::fs::remove_dir_all(&p);
        let _ = std::fs::remove_file(&p);
    }
    eprintln!("dossier export: 20 kill points over {ms} ms, {killed} runs killed before the end");
    assert!(killed >= 5, "only {killed} runs were killed mid-way");
}
