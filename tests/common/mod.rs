//! A temporary working folder per test, and an `ocop` command with no leaking user settings.
#![allow(dead_code)]

use std::path::{Path, PathBuf};

use assert_cmd::Command;

pub struct Work {
    pub dir: tempfile::TempDir,
}

pub fn fixture(rel: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("fixtures")
        .join(rel)
}

impl Work {
    pub fn new() -> Self {
        Work {
            dir: tempfile::tempdir().expect("temp dir"),
        }
    }

    pub fn path(&self, name: &str) -> PathBuf {
        self.dir.path().join(name)
    }

    pub fn db(&self) -> PathBuf {
        self.path("ocop.db")
    }

    /// `ocop` in this folder, in `lang`, with every variable that could leak a user's settings
    /// removed.
    pub fn ocop(&self, lang: &str) -> Command {
        let mut c = Command::cargo_bin("ocop").expect("binary");
        c.current_dir(self.dir.path())
            .env_remove("OCOP_DB")
            .env_remove("OCOP_LANG")
            .env_remove("LANG")
            .env_remove("LC_ALL")
            .env_remove("NO_COLOR")
            .env("OCOP_USER", "tester")
            .args(["--lang", lang]);
        c
    }

    /// A database with the Thọ Xuân units.
    pub fn init(&self) {
        self.ocop("en")
            .args(["init", "--units"])
            .arg(fixture("units/tho-xuan.csv"))
            .assert()
            .success();
    }

    /// init, plus one cooperative with one product.
    pub fn with_product(&self) {
        self.init();
        self.ocop("en")
            .args([
                "subject",
                "add",
                "--kind",
                "HTX",
                "--name",
                "HTX Nông nghiệp Xuân Lập",
            ])
            .args([
                "--tax-code",
                "0100233488",
                "--phone",
                "0912 345 678",
                "--commune",
                "xuan lap",
            ])
            .assert()
            .success();
        self.ocop("en")
            .args([
                "product",
                "add",
                "--subject",
                "0100233488",
                "--name",
                "Bánh gai Tứ Trụ",
            ])
            .args(["--set", "chế biến từ gạo", "--regime", "qd1048"])
            .assert()
            .success();
    }

    pub fn sql(&self) -> rusqlite::Connection {
        rusqlite::Connection::open(self.db()).expect("open db")
    }
}

pub fn stdout(a: &assert_cmd::assert::Assert) -> String {
    String::from_utf8_lossy(&a.get_output().stdout).to_string()
}

pub fn stderr(a: &assert_cmd::assert::Assert) -> String {
    String::from_utf8_lossy(&a.get_output().stderr).to_string()
}
