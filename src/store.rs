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
    /// Another database in the same folder whose store this would be (`ocop.db` for the store of
    /// `ocop.bak`): its name, if there is one. Files written there would be taken for that
    /// database's, and its `doctor --fix` would remove them.
    pub fn other_owner(&self, db: &Path) -> Option<PathBuf> {
        let stem = db.file_stem()?.to_string_lossy().to_string();
        let dir = match db.parent() {
            Some(d) if !d.as_os_str().is_empty() => d,
            _ => Path::new("."),
        };
        let me = crate::files::resolve(db);
        for e in std::fs::read_dir(dir).ok()?.flatten() {
            let p = e.path();
            let name = e.file_name().to_string_lossy().to_string();
            if p.file_stem().map(|s| s.to_string_lossy().to_string()) != Some(stem.clone())
                || name.starts_with('.')
                || ["-wal", "-shm", "-journal", "-writer"]
                    .iter()
                    .any(|x| name.ends_with(x))
                || crate::files::resolve(&p) == me
            {
                continue;
            }
            let mut head = [0u8; 16];
            let is_sqlite = std::fs::File::open(&p)
                .and_then(|mut f| f.read_exact(&mut head))
                .is_ok()
                && &head == b"SQLite format 3\0";
            if is_sqlite {
                return Some(p);
            }
        }
        None
    }

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
    /// half-written file under a content name; any error removes the temporary file. `file` must
    /// be a regular file of at most `max_size` bytes.
    pub fn put(&self, file: &Path, max_size: u64) -> Result<(String, u64)> {
        let unreadable = |e: &dyn std::fmt::Display| {
            Error::env(t(
                Msg::FileUnreadable,
                &[
                    ("path", &file.display().to_string()),
                    ("detail", &e.to_string()),
                ],
            ))
        };
        crate::files::regular_input(file)?;
        let too_big = |size: u64| {
            Error::data(t(
                Msg::FileTooBig,
                &[
                    ("path", &file.display().to_string()),
                    ("size", &size.to_string()),
                    ("max", &max_size.to_string()),
                ],
            ))
        };
        let declared = std::fs::metadata(file).map_err(|e| unreadable(&e))?.len();
        if declared > max_size {
            return Err(too_big(declared));
        }
        crate::files::create_dir_private(&self.root)?;
        let mut input = std::fs::File::open(file).map_err(|e| unreadable(&e))?;
        // The file may grow while it is read: the limit holds for what is read, not what was said.
        let (sha, size) = self.receive(&mut input, Some(max_size), None)?;
        if size > max_size {
            return Err(too_big(size));
        }
        Ok((sha, size))
    }

    /// Reads `input` into the store: hashed as it is copied to a temporary file, then renamed to
    /// its content name. With `expect`, a content of another hash is refused and nothing is kept.
    /// Stops reading past `limit` bytes (returns a size above it, keeps nothing).
    fn receive(
        &self,
        input: &mut dyn Read,
        limit: Option<u64>,
        expect: Option<&str>,
    ) -> Result<(String, u64)> {
        let unwritable = |p: &Path, e: &dyn std::fmt::Display| {
            Error::env(t(
                Msg::FileUnwritable,
                &[
                    ("path", &p.display().to_string()),
                    ("detail", &e.to_string()),
                ],
            ))
        };
        let n = SEQ.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        let tmp = self
            .root
            .join(format!(".incoming-{}-{n}", std::process::id()));
        let _ = std::fs::remove_file(&tmp);
        let mut out = crate::files::create_private(&tmp).map_err(|e| unwritable(&tmp, &e))?;
        // Whatever happens from here, no temporary file stays behind.
        let guard = crate::files::TempPath::new(&tmp);
        let mut hasher = Sha256::new();
        let mut buf = vec![0u8; 64 * 1024];
        let mut size = 0u64;
        loop {
            let n = input.read(&mut buf).map_err(|e| {
                Error::env(t(
                    Msg::FileUnreadable,
                    &[("path", "-"), ("detail", &e.to_string())],
                ))
            })?;
            if n == 0 {
                break;
            }
            hasher.update(&buf[..n]);
            out.write_all(&buf[..n]).map_err(|e| unwritable(&tmp, &e))?;
            size += n as u64;
            if limit.is_some_and(|l| size > l) {
                return Ok((String::new(), size));
            }
        }
        out.sync_all().map_err(|e| unwritable(&tmp, &e))?;
        drop(out);
        let sha = crate::hash::hex(&hasher.finalize());
        if let Some(want) = expect
            && want != sha
        {
            return Err(Error::data(t(Msg::StoredFileChanged, &[])));
        }
        let dest = self.path_of(&sha);
        if self.check(&sha) != FileState::Ok {
            if let Some(dir) = dest.parent() {
                crate::files::create_dir_private(dir)?;
            }
            std::fs::rename(&tmp, &dest).map_err(|e| unwritable(&dest, &e))?;
            if let Some(dir) = dest.parent() {
                crate::files::sync_dir(dir);
            }
        }
        drop(guard);
        Ok((sha, size))
    }

    /// Copies the stored file `sha` of `from` into this store, checking its hash on the way: a
    /// missing, damaged, symlinked or non-regular source is an error (its text says which) and
    /// leaves nothing behind. A file already here with the right content is kept.
    pub fn copy_from(&self, from: &Store, sha: &str) -> std::result::Result<(), Msg> {
        if !is_sha(sha) {
            return Err(Msg::StoredFileChanged);
        }
        if self.check(sha) == FileState::Ok {
            return Ok(());
        }
        let src = from.real_file(sha)?;
        let mut input = std::fs::File::open(&src).map_err(|_| Msg::StoredFileMissing)?;
        if crate::files::create_dir_private(&self.root).is_err() {
            return Err(Msg::StoredFileMissing);
        }
        self.receive(&mut input, None, Some(sha))
            .map(|_| ())
            .map_err(|_| Msg::StoredFileChanged)
    }

    /// The stored file of `sha` if it is a regular file inside the store: not a link, not under a
    /// linked folder, so that a store (a backup's) never hands over a file from elsewhere.
    pub fn real_file(&self, sha: &str) -> std::result::Result<PathBuf, Msg> {
        let p = self.path_of(sha);
        // The store folder itself linked elsewhere would hand over files from outside too.
        match std::fs::symlink_metadata(&self.root) {
            Ok(m) if m.file_type().is_dir() => {}
            Ok(_) => return Err(Msg::PathLeavesFolder),
            Err(_) => return Err(Msg::StoredFileMissing),
        }
        match std::fs::symlink_metadata(&p) {
            Ok(m) if m.file_type().is_file() => {}
            Ok(_) => return Err(Msg::PathNotRegular),
            Err(_) => return Err(Msg::StoredFileMissing),
        }
        let root = std::fs::canonicalize(&self.root).map_err(|_| Msg::StoredFileMissing)?;
        let real = std::fs::canonicalize(&p).map_err(|_| Msg::StoredFileMissing)?;
        if !real.starts_with(&root) {
            return Err(Msg::PathLeavesFolder);
        }
        Ok(p)
    }

    /// Whether the stored file of `sha` is a regular file inside the store with that content.
    pub fn verify(&self, sha: &str) -> std::result::Result<(), Msg> {
        if !is_sha(sha) {
            return Err(Msg::StoredFileChanged);
        }
        self.real_file(sha)?;
        match self.check(sha) {
            FileState::Ok => Ok(()),
            FileState::Missing => Err(Msg::StoredFileMissing),
            FileState::Changed => Err(Msg::StoredFileChanged),
        }
    }

    /// Every entry of the store folder, split into the store's own content files (`ab/abcd…`)
    /// and everything else (a user's README, a crash's temporary file, a folder of scans).
    pub fn entries(&self) -> (Vec<PathBuf>, Vec<PathBuf>) {
        let (mut own, mut other) = (Vec::new(), Vec::new());
        let Ok(dirs) = std::fs::read_dir(&self.root) else {
            return (own, other);
        };
        for d in dirs.flatten() {
            let p = d.path();
            let name = d.file_name().to_string_lossy().to_string();
            let is_dir = d.file_type().is_ok_and(|t| t.is_dir());
            let two_hex = name.len() == 2
                && name
                    .bytes()
                    .all(|b| b.is_ascii_hexdigit() && !b.is_ascii_uppercase());
            if !(is_dir && two_hex) {
                other.push(p);
                continue;
            }
            let Ok(files) = std::fs::read_dir(&p) else {
                other.push(p);
                continue;
            };
            for f in files.flatten() {
                let fname = f.file_name().to_string_lossy().to_string();
                let regular = f.file_type().is_ok_and(|t| t.is_file());
                if regular && is_sha(&fname) && fname.starts_with(&name) {
                    own.push(f.path());
                } else {
                    other.push(f.path());
                }
            }
        }
        own.sort();
        other.sort();
        (own, other)
    }

    /// Every content file of the store.
    pub fn files(&self) -> Vec<PathBuf> {
        self.entries().0
    }

    /// As [`Store::put`], with the file's own name (NFC) kept for the record: (SHA-256, size, name).
    pub fn put_named(&self, file: &Path, max_size: u64) -> Result<(String, u64, String)> {
        let (sha, size) = self.put(file, max_size)?;
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
        if crate::hash::hex(&hasher.finalize()) == sha {
            FileState::Ok
        } else {
            FileState::Changed
        }
    }
}

/// The largest file `dossier add` takes unless `--max-size` says otherwise: a scanned dossier
/// is a few MB; anything near this is a mistake (a disk image, a video).
pub const DEFAULT_MAX_SIZE: u64 = 512 * 1024 * 1024;

static SEQ: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(0);

/// Whether `name` is one of the store's own temporary files: `.incoming-PID` or
/// `.incoming-PID-N` (digits only), as `receive` names them.
pub fn is_temporary_name(name: &str) -> bool {
    name.strip_prefix(".incoming-").is_some_and(|rest| {
        !rest.is_empty()
            && rest.split('-').count() <= 2
            && rest
                .split('-')
                .all(|p| !p.is_empty() && p.bytes().all(|b| b.is_ascii_digit()))
    })
}

/// Whether `s` is a content name: 64 lower-case hex digits.
pub fn is_sha(s: &str) -> bool {
    s.len() == 64
        && s.bytes()
            .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b))
}
