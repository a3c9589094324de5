//! The dossier's file store: content-addressed files in a folder beside the database
//! (`ocop.db` → `ocop-files/ab/abcdef…`), so that the same content is kept once, and the database
//! and its folder can be moved together.

use std::io::{Read, Write};
use std::path::{Path, PathBuf};

use sha2::{Digest, Sha256};

use crate::error::{Error, Result};
use crate::i18n::{Msg, t};

pub struct Store {
    pub root: PathBuf,
}

/// What a stored file's check found.
#[derive(Debug, PartialEq, Eq)]
pub enum FileState {
    Ok,
    Missing,
    Changed,
}

impl Store {
    /// The store of the database at `db`: a folder named after it, beside it.
    pub fn for_db(db: &Path) -> Store {
        let stem = db
            .file_stem()
            .map(|s| s.to_string_lossy().to_string())
            .unwrap_or_else(|| "ocop".into());
        Store {
            root: db.with_file_name(format!("{stem}-files")),
        }
    }

    pub fn path_of(&self, sha: &str) -> PathBuf {
        self.root.join(&sha[..2.min(sha.len())]).join(sha)
    }

    /// Copies `file` into the store (once per content) and returns its SHA-256 and size. The copy
    /// goes to a temporary name first and is renamed into place, so a crash never leaves a
    /// half-written file under a content name.
    pub fn put(&self, file: &Path) -> Result<(String, u64)> {
        let unreadable = |e: std::io::Error| {
            Error::env(t(
                Msg::FileUnreadable,
                &[
                    ("path", &file.display().to_string()),
                    ("detail", &e.to_string()),
                ],
            ))
        };
        let unwritable = |p: &Path, e: std::io::Error| {
            Error::env(t(
                Msg::FileUnwritable,
                &[
                    ("path", &p.display().to_string()),
                    ("detail", &e.to_string()),
                ],
            ))
        };
        std::fs::create_dir_all(&self.root).map_err(|e| unwritable(&self.root, e))?;
        restrict(&self.root);
        let tmp = self.root.join(format!(".incoming-{}", std::process::id()));
        let mut input = std::fs::File::open(file).map_err(unreadable)?;
        let mut out = std::fs::File::create(&tmp).map_err(|e| unwritable(&tmp, e))?;
        let mut hasher = Sha256::new();
        let mut buf = vec![0u8; 64 * 1024];
        let mut size = 0u64;
        loop {
            let n = input.read(&mut buf).map_err(unreadable)?;
            if n == 0 {
                break;
            }
            hasher.update(&buf[..n]);
            out.write_all(&buf[..n]).map_err(|e| unwritable(&tmp, e))?;
            size += n as u64;
        }
        out.sync_all().map_err(|e| unwritable(&tmp, e))?;
        drop(out);
        let sha: String = hasher
            .finalize()
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect();
        let dest = self.path_of(&sha);
        if dest.exists() {
            let _ = std::fs::remove_file(&tmp);
        } else {
            if let Some(dir) = dest.parent() {
                std::fs::create_dir_all(dir).map_err(|e| unwritable(dir, e))?;
            }
            std::fs::rename(&tmp, &dest).map_err(|e| unwritable(&dest, e))?;
        }
        Ok((sha, size))
    }

    /// Every content file of the store (temporary files left by a crash included).
    pub fn files(&self) -> Vec<PathBuf> {
        let mut out = Vec::new();
        let Ok(dirs) = std::fs::read_dir(&self.root) else {
            return out;
        };
        for d in dirs.flatten() {
            let p = d.path();
            if p.is_dir() {
                if let Ok(files) = std::fs::read_dir(&p) {
                    out.extend(files.flatten().map(|f| f.path()).filter(|f| f.is_file()));
                }
            } else if p.is_file() {
                out.push(p);
            }
        }
        out.sort();
        out
    }

    /// As [`Store::put`], with the file's own name (NFC) kept for the record: (SHA-256, size, name).
    pub fn put_named(&self, file: &Path) -> Result<(String, u64, String)> {
        let (sha, size) = self.put(file)?;
        let name = file
            .file_name()
            .map(|n| crate::text::clean(&n.to_string_lossy()))
            .unwrap_or_default();
        Ok((sha, size, name))
    }

    /// Whether the stored file of `sha` is there with that content.
    pub fn check(&self, sha: &str) -> FileState {
        let Ok(mut f) = std::fs::File::open(self.path_of(sha)) else {
            return FileState::Missing;
        };
        let mut hasher = Sha256::new();
        let mut buf = vec![0u8; 64 * 1024];
        loop {
            match f.read(&mut buf) {
                Ok(0) => break,
                Ok(n) => hasher.update(&buf[..n]),
                Err(_) => return FileState::Missing,
            }
        }
        let got: String = hasher
            .finalize()
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect();
        if got == sha {
            FileState::Ok
        } else {
            FileState::Changed
        }
    }
}

#[cfg(unix)]
fn restrict(path: &Path) {
    use std::os::unix::fs::PermissionsExt;
    let _ = std::fs::set_permissions(path, std::fs::Permissions::from_mode(0o700));
}

#[cfg(not(unix))]
fn restrict(_path: &Path) {}
