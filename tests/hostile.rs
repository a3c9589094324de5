//! Hostile and broken input: a clear error and exit 1 or 3, never a panic, a hang or a partial write.

mod common;

use common::{Work, stderr, stdout};

fn no_panic(a: &assert_cmd::assert::Assert) {
    let err = stderr(a);
    assert!(
        !err.contains("panicked") && !err.contains("RUST_BACKTRACE"),
        "{err}"
    );
}

fn registrations(w: &Work) -> i64 {
    w.sql()
        .query_row("SELECT count(*) FROM registration", [], |r| r.get(0))
        .unwrap()
}

#[test]
fn broken_csv_files_are_refused_cleanly() {
    let w = Work::new();
    w.init();
    let header = "year,commune,subject_kind,subject_name,product_name,product_set\n";
    let big_cell = "x".repeat(10 * 1024 * 1024);
    let wide_header: String = (0..50_000)
        .map(|i| format!("c{i}"))
        .collect::<Vec<_>>()
        .join(",");
    let cases: Vec<(&str, Vec<u8>)> = vec![
        (
            "nul.csv",
            format!("{header}2019,Xuân Lập,HTX,HTX \0 A,Sản phẩm,Rượu trắng\n").into_bytes(),
        ),
        (
            "big-cell.csv",
            format!("{header}2019,Xuân Lập,HTX,{big_cell},Sản phẩm,Rượu trắng\n").into_bytes(),
        ),
        ("wide.csv", format!("{wide_header}\n1,2,3\n").into_bytes()),
        (
            "latin1.csv",
            [
                header.as_bytes(),
                b"2019,Xu\xe2n L\xe2p,HTX,A,B,Ru\xf4u tr\xe2ng\n",
            ]
            .concat(),
        ),
        ("empty.csv", Vec::new()),
        (
            "quote.csv",
            format!("{header}2019,\"Xuân Lập,HTX,A,B,C\n").into_bytes(),
        ),
    ];
    for (name, bytes) in cases {
        std::fs::write(w.path(name), bytes).unwrap();
        let a = w
            .ocop("en")
            .args(["import", "registrations", name])
            .assert();
        let code = a.get_output().status.code();
        no_panic(&a);
        assert!(
            code == Some(1) || code == Some(3),
            "{name}: {code:?} {}",
            stderr(&a)
        );
        assert!(
            stderr(&a).contains(name),
            "{name}: the error names the file: {}",
            stderr(&a)
        );
    }
    assert_eq!(registrations(&w), 0);
}

#[test]
fn broken_workbooks_are_refused_cleanly() {
    let w = Work::new();
    w.init();
    let real = std::fs::read(common::fixture("import/xa-xuan-lap-2019.xlsx")).unwrap();
    let cases: Vec<(&str, Vec<u8>)> = vec![
        ("truncated.xlsx", real[..real.len() / 2].to_vec()),
        (
            "garbage.xlsx",
            b"PK\x03\x04 this is not a zip at all".to_vec(),
        ),
        ("text.ods", b"hello".to_vec()),
    ];
    for (name, bytes) in cases {
        std::fs::write(w.path(name), bytes).unwrap();
        let a = w
            .ocop("en")
            .args(["import", "registrations", name])
            .assert();
        no_panic(&a);
        assert_eq!(
            a.get_output().status.code(),
            Some(3),
            "{name}: {}",
            stderr(&a)
        );
        assert!(stderr(&a).contains(name), "{}", stderr(&a));
    }
    assert_eq!(registrations(&w), 0);
}

#[test]
fn quotes_and_control_characters_are_stored_and_printed_safely() {
    let w = Work::new();
    w.init();
    let name = "HTX 'Xuân Lập'; DROP TABLE subject; -- \u{1b}[31mđỏ\u{7}";
    w.ocop("en")
        .args([
            "subject",
            "add",
            "--kind",
            "HTX",
            "--name",
            name,
            "--commune",
            "15586",
        ])
        .assert()
        .success();
    let stored: String = w
        .sql()
        .query_row("SELECT name FROM subject", [], |r| r.get(0))
        .unwrap();
    assert!(
        stored.contains("DROP TABLE") && stored.contains('\u{1b}'),
        "stored as given: {stored:?}"
    );
    for args in [vec!["subject", "list"], vec!["subject", "show", "1"]] {
        let a = w.ocop("en").args(&args).assert().success();
        let out = stdout(&a);
        assert!(!out.contains('\u{1b}') && !out.contains('\u{7}'), "{out:?}");
        assert!(out.contains("DROP TABLE"), "{out}");
    }
    // JSON keeps the exact text, escaped by the JSON writer.
    let a = w
        .ocop("en")
        .args(["subject", "list", "--format", "json"])
        .assert()
        .success();
    let v: serde_json::Value = serde_json::from_str(&stdout(&a)).unwrap();
    assert!(v[0]["name"].as_str().unwrap().contains('\u{1b}'));
    // An error message that repeats user input does not print it raw either.
    let a = w
        .ocop("en")
        .args(["subject", "show", "\u{1b}[2Jnobody"])
        .assert()
        .code(1);
    assert!(!stderr(&a).contains('\u{1b}'), "{:?}", stderr(&a));
}

#[test]
fn a_file_that_is_not_sqlite_and_a_read_only_database() {
    let w = Work::new();
    std::fs::write(w.path("not.db"), vec![7u8; 4096]).unwrap();
    let a = w
        .ocop("en")
        .args(["--db", "not.db", "registration", "list"])
        .assert()
        .code(3);
    no_panic(&a);
    w.init();
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        // Running as root ignores permissions; only check when they bite.
        std::fs::set_permissions(w.db(), std::fs::Permissions::from_mode(0o400)).unwrap();
        std::fs::set_permissions(w.dir.path(), std::fs::Permissions::from_mode(0o500)).unwrap();
        let probe = std::fs::OpenOptions::new()
            .write(true)
            .open(w.db())
            .is_err();
        if probe {
            let a = w
                .ocop("en")
                .args([
                    "subject",
                    "add",
                    "--kind",
                    "HTX",
                    "--name",
                    "A",
                    "--commune",
                    "15586",
                ])
                .assert()
                .code(3);
            no_panic(&a);
        } else {
            eprintln!("skipped the read-only part: this user can write read-only files (root)");
        }
        std::fs::set_permissions(w.dir.path(), std::fs::Permissions::from_mode(0o700)).unwrap();
        std::fs::set_permissions(w.db(), std::fs::Permissions::from_mode(0o600)).unwrap();
    }
}

#[test]
fn bad_numbers_and_dates_on_the_command_line() {
    let w = Work::new();
    w.with_product();
    for args in [
        vec!["register", "1", "--year", "99999999999999999999"],
        vec!["register", "1", "--year", "2019", "--round=-1"],
        vec!["register", "1", "--year", "2019", "--date", "2019-02-30"],
        vec!["unit", "list", "--at", "0000-00-00"],
        vec!["certificate", "list", "--at", "31/12/99999"],
        vec!["report", "summary", "--year", "abc"],
        vec!["registration", "show", "99999999999999999999-1"],
    ] {
        let a = w.ocop("en").args(&args).assert();
        no_panic(&a);
        assert_eq!(
            a.get_output().status.code(),
            Some(1),
            "{args:?}: {}",
            stderr(&a)
        );
    }
    let a = w
        .ocop("en")
        .args([
            "certificate",
            "list",
            "--expiring-within",
            "9223372036854775807",
        ])
        .assert();
    no_panic(&a);
    let a = w
        .ocop("en")
        .args(["--wait", "-5", "subject", "list"])
        .assert();
    no_panic(&a);
}

/// A full disk, simulated with a 3 MiB tmpfs (needs root to mount; skipped with a message if the
/// mount is refused): the import fails cleanly, exit 3, and the database is unchanged.
#[cfg(target_os = "linux")]
#[test]
fn a_full_disk_fails_the_import_cleanly() {
    struct Mount(std::path::PathBuf);
    impl Drop for Mount {
        fn drop(&mut self) {
            let _ = std::process::Command::new("umount").arg(&self.0).status();
        }
    }
    let w = Work::new();
    let small = w.path("small");
    std::fs::create_dir(&small).unwrap();
    let mounted = std::process::Command::new("mount")
        .args(["-t", "tmpfs", "-o", "size=3M", "tmpfs"])
        .arg(&small)
        .output()
        .is_ok_and(|o| o.status.success());
    if !mounted {
        eprintln!("skipped: cannot mount a small tmpfs here (not root?)");
        return;
    }
    let _guard = Mount(small.clone());
    let db = small.join("ocop.db");
    w.ocop("en")
        .arg("--db")
        .arg(&db)
        .args(["init", "--units"])
        .arg(common::fixture("units/tho-xuan.csv"))
        .assert()
        .success();
    let mut csv = String::from("year,commune,subject_kind,subject_name,product_name,product_set\n");
    for i in 0..30_000 {
        csv.push_str(&format!("2019,Xuân Lập,HTX,Chủ thể số {} của huyện Thọ Xuân,Sản phẩm đặc sản số {i},Rượu trắng\n", i / 2));
    }
    std::fs::write(w.path("big.csv"), csv).unwrap();
    let a = w
        .ocop("en")
        .arg("--db")
        .arg(&db)
        .args(["import", "registrations", "big.csv"])
        .assert()
        .code(3);
    no_panic(&a);
    assert!(
        stderr(&a).contains("the disk is full") && stderr(&a).contains("nothing was changed"),
        "{}",
        stderr(&a)
    );
    w.ocop("en")
        .arg("--db")
        .arg(&db)
        .arg("doctor")
        .assert()
        .success();
    let n: i64 = rusqlite::Connection::open(&db)
        .unwrap()
        .query_row("SELECT count(*) FROM registration", [], |r| r.get(0))
        .unwrap();
    assert_eq!(n, 0);
}

#[test]
fn a_zip_bomb_workbook_is_refused_before_it_is_unpacked() {
    let w = Work::new();
    w.init();
    // A real registration workbook whose sheet is padded to 600 MiB of spaces (618 KB on disk).
    let a = w
        .ocop("en")
        .args(["import", "registrations"])
        .arg(common::fixture("hostile/zip-bomb.xlsx"))
        .assert()
        .code(1);
    no_panic(&a);
    assert!(
        stderr(&a).contains("unpacks to 600 MiB, more than the 256 MiB"),
        "{}",
        stderr(&a)
    );
    assert_eq!(registrations(&w), 0);
}

/// A read-only database (a tmpfs remounted read-only, since root ignores file modes): a write
/// command exits 3 with the reason, a reading one still works. Skipped where mounting is refused.
#[cfg(target_os = "linux")]
#[test]
fn a_read_only_database_gives_exit_3_with_the_reason() {
    struct Mount(std::path::PathBuf);
    impl Drop for Mount {
        fn drop(&mut self) {
            let _ = std::process::Command::new("umount").arg(&self.0).status();
        }
    }
    let w = Work::new();
    let dir = w.path("ro");
    std::fs::create_dir(&dir).unwrap();
    let ok = |args: &[&str]| {
        std::process::Command::new("mount")
            .args(args)
            .arg(&dir)
            .output()
            .is_ok_and(|o| o.status.success())
    };
    if !ok(&["-t", "tmpfs", "-o", "size=8M", "tmpfs"]) {
        eprintln!("skipped: cannot mount a tmpfs here (not root?)");
        return;
    }
    let _guard = Mount(dir.clone());
    let db = dir.join("ocop.db");
    w.ocop("en")
        .arg("--db")
        .arg(&db)
        .args(["init", "--units"])
        .arg(common::fixture("units/tho-xuan.csv"))
        .assert()
        .success();
    if !ok(&["-o", "remount,ro"]) {
        eprintln!("skipped: cannot remount read-only");
        return;
    }
    let a = w
        .ocop("en")
        .arg("--db")
        .arg(&db)
        .args([
            "subject",
            "add",
            "--kind",
            "HTX",
            "--name",
            "A",
            "--commune",
            "15586",
        ])
        .assert()
        .code(3);
    no_panic(&a);
    assert!(
        stderr(&a).contains("the database cannot be written")
            && stderr(&a).contains("Read-only file system"),
        "{}",
        stderr(&a)
    );
}
