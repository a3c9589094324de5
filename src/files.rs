//! The files ocop writes and reads beside its database, kept safe:
//! - outputs are written under a temporary name in the same folder and renamed when complete, so
//!   an interrupted write never leaves half a file under the real name (`Output`);
//! - no output may land on the database, its `-wal`/`-shm`/`-writer` files, the dossier store, or
//!   a file the command is reading (`protect`, `check_output`);
//! - every file ocop creates is readable by its owner only (0600) and every folder 0700 on Unix;
//! - inputs must be regular files, and paths taken from a manifest or a backup never leave their
//!   folder (`regular_input`, `inside`).

use std::fs::File;
use std::io::{self, BufWriter, Write};
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use crate::error::{Error, Result};
use crate::i18n::{Msg, t};

/// Paths no output may replace: the database and its companions, the inputs of this command.
/// Folders: nothing inside may be written (the dossier store).
static PROTECTED: Mutex<Vec<(PathBuf, bool)>> = Mutex::new(Vec::new());

/// The (device, inode) of protected files that exist: a hard link to the database under another
/// name is the database too.
static PROTECTED_IDS: Mutex<Vec<(u64, u64)>> = Mutex::new(Vec::new());

#[cfg(unix)]
fn file_id(p: &Path) -> Option<(u64, u64)> {
    use std::os::unix::fs::MetadataExt;
    std::fs::metadata(p).ok().map(|m| (m.dev(), m.ino()))
}

#[cfg(not(unix))]
fn file_id(_p: &Path) -> Option<(u64, u64)> {
    None
}

/// The path as the file system will resolve it: symlinks followed, `..` removed; a file that does
/// not exist yet is resolved through its folder.
pub fn resolve(p: &Path) -> PathBuf {
    if let Ok(c) = std::fs::canonicalize(p) {
        return fold_case(c);
    }
    let abs = std::path::absolute(p).unwrap_or_else(|_| p.to_path_buf());
    match (abs.parent(), abs.file_name()) {
        (Some(parent), Some(name)) if !parent.as_os_str().is_empty() => {
            fold_case(resolve(parent).join(name))
        }
        _ => fold_case(abs),
    }
}

/// Windows and macOS compare file names without case; so must we, to catch `OCOP.DB`.
fn fold_case(p: PathBuf) -> PathBuf {
    if cfg!(any(windows, target_os = "macos")) {
        PathBuf::from(p.to_string_lossy().to_lowercase())
    } else {
        p
    }
}

/// Protects the database at `db`: the file, its `-wal`, `-shm`, `-writer` and `-journal`
/// companions, and its dossier store folder.
pub fn protect_db(db: &Path) {
    let base = db.as_os_str().to_string_lossy().to_string();
    protect(db);
    for suffix in ["-wal", "-shm", "-writer", "-journal"] {
        protect(Path::new(&format!("{base}{suffix}")));
    }
    protect_dir(&crate::store::Store::for_db(db).root);
}

/// Protects one file (an input of this command).
pub fn protect(p: &Path) {
    if let Ok(mut v) = PROTECTED.lock() {
        v.push((resolve(p), false));
    }
    if let (Some(id), Ok(mut v)) = (file_id(p), PROTECTED_IDS.lock()) {
        v.push(id);
    }
}

/// Protects a folder and everything inside it.
pub fn protect_dir(p: &Path) {
    if let Ok(mut v) = PROTECTED.lock() {
        v.push((resolve(p), true));
    }
}

/// Refuses (exit 2) an output path that would replace a protected file or write into a protected
/// folder.
pub fn check_output(p: &Path) -> Result<()> {
    let r = resolve(p);
    let hit = PROTECTED
        .lock()
        .map(|v| {
            v.iter().any(|(q, dir)| {
                if *dir {
                    r == *q || r.starts_with(q) || q.starts_with(&r)
                } else {
                    r == *q
                }
            })
        })
        .unwrap_or(false);
    let same_file =
        file_id(p).is_some_and(|id| PROTECTED_IDS.lock().is_ok_and(|v| v.contains(&id)));
    if hit || same_file {
        return Err(Error::usage(t(
            Msg::OutputProtected,
            &[("path", &p.display().to_string())],
        )));
    }
    Ok(())
}

fn unwritable(p: &Path, e: &dyn std::fmt::Display) -> Error {
    Error::env(t(
        Msg::FileUnwritable,
        &[
            ("path", &p.display().to_string()),
            ("detail", &e.to_string()),
        ],
    ))
}

/// The folder a path is in; `.` for a bare file name.
pub fn folder_of(p: &Path) -> &Path {
    match p.parent() {
        Some(d) if !d.as_os_str().is_empty() => d,
        _ => Path::new("."),
    }
}

/// A temporary file removed when dropped, unless `keep` says it was renamed into place.
pub struct TempPath(Option<PathBuf>);

impl TempPath {
    pub fn new(p: &Path) -> TempPath {
        TempPath(Some(p.to_path_buf()))
    }

    /// The file was renamed into place (or is otherwise no longer ours to remove).
    pub fn keep(mut self) {
        self.0 = None;
    }
}

impl Drop for TempPath {
    fn drop(&mut self) {
        if let Some(p) = self.0.take() {
            let _ = std::fs::remove_file(p);
        }
    }
}

/// Removes what earlier runs killed while writing `dest` left beside it: files and folders named
/// `.NAME.PID.TAG` (and SQLite's companions of such a file, `-journal`, `-wal`, `-shm`).
pub fn remove_stale_temps(dest: &Path, tag: &str) {
    let Some(name) = dest.file_name() else {
        return;
    };
    let prefix = format!(".{}.", name.to_string_lossy());
    let tag = format!(".{tag}");
    if let Ok(entries) = std::fs::read_dir(folder_of(dest)) {
        for e in entries.flatten() {
            let n = e.file_name().to_string_lossy().to_string();
            if n.starts_with(&prefix) && n.contains(&tag) {
                let _ = std::fs::remove_dir_all(e.path());
                let _ = std::fs::remove_file(e.path());
            }
        }
    }
}

/// A temporary name beside `dest` for this process.
pub fn temp_beside(dest: &Path, tag: &str) -> PathBuf {
    let name = dest
        .file_name()
        .map(|n| n.to_string_lossy().to_string())
        .unwrap_or_else(|| "ocop".into());
    dest.with_file_name(format!(".{name}.{}.{tag}", std::process::id()))
}

/// Creates a new file readable by its owner only; fails if it exists.
pub fn create_private(p: &Path) -> io::Result<File> {
    let mut opts = std::fs::OpenOptions::new();
    opts.write(true).create_new(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        opts.mode(0o600);
    }
    opts.open(p)
}

/// Creates a folder (and its parents) readable by its owner only; an existing folder is left as
/// it is.
pub fn create_dir_private(p: &Path) -> Result<()> {
    if p.is_dir() {
        return Ok(());
    }
    // A file where a folder is asked for (`report all --out ocop.db`): said, not "File exists".
    if p.exists() {
        return Err(Error::usage(t(
            Msg::NotAFolder,
            &[("path", &p.display().to_string())],
        )));
    }
    let mut b = std::fs::DirBuilder::new();
    b.recursive(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::DirBuilderExt;
        b.mode(0o700);
    }
    b.create(p).map_err(|e| unwritable(p, &e))
}

/// Sets 0600 on a file ocop made by other means (SQLite's `VACUUM INTO`).
#[cfg(unix)]
pub fn make_private(path: &Path) {
    use std::os::unix::fs::PermissionsExt;
    let mode = if path.is_dir() { 0o700 } else { 0o600 };
    let _ = std::fs::set_permissions(path, std::fs::Permissions::from_mode(mode));
}

#[cfg(not(unix))]
pub fn make_private(_path: &Path) {}

/// Makes a rename durable: on Unix the folder's entry must reach the disk too.
pub fn sync_dir(dir: &Path) {
    #[cfg(unix)]
    if let Ok(d) = File::open(dir) {
        let _ = d.sync_all();
    }
    #[cfg(not(unix))]
    let _ = dir;
}

/// An output file written under a temporary name and renamed to its real name by `commit`;
/// dropped without `commit`, it leaves nothing behind.
pub struct Output {
    dest: PathBuf,
    tmp: PathBuf,
    file: Option<BufWriter<File>>,
    committed: bool,
}

impl Output {
    /// Checks `dest` against the protected paths and opens its temporary file.
    pub fn create(dest: &Path) -> Result<Output> {
        check_output(dest)?;
        if dest.is_dir() {
            return Err(unwritable(dest, &t(Msg::IsAFolder, &[])));
        }
        let tmp = temp_beside(dest, "tmp");
        let _ = std::fs::remove_file(&tmp);
        let file = create_private(&tmp).map_err(|e| unwritable(dest, &e))?;
        Ok(Output {
            dest: dest.to_path_buf(),
            tmp,
            file: Some(BufWriter::with_capacity(64 * 1024, file)),
            committed: false,
        })
    }

    pub fn path(&self) -> &Path {
        &self.dest
    }

    /// Flushes, syncs and renames the file into place.
    pub fn commit(mut self) -> Result<()> {
        let Some(w) = self.file.take() else {
            return Ok(());
        };
        let f = w
            .into_inner()
            .map_err(|e| unwritable(&self.dest, &e.error().to_string()))?;
        f.sync_all().map_err(|e| unwritable(&self.dest, &e))?;
        drop(f);
        std::fs::rename(&self.tmp, &self.dest).map_err(|e| unwritable(&self.dest, &e))?;
        self.committed = true;
        sync_dir(folder_of(&self.dest));
        Ok(())
    }
}

impl Write for Output {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        match self.file.as_mut() {
            Some(f) => f.write(buf),
            None => Err(io::Error::other("output already committed")),
        }
    }
    fn flush(&mut self) -> io::Result<()> {
        match self.file.as_mut() {
            Some(f) => f.flush(),
            None => Ok(()),
        }
    }
}

impl Drop for Output {
    fn drop(&mut self) {
        // Not renamed into place (an error, a full disk): the temporary file goes.
        drop(self.file.take());
        if !self.committed {
            let _ = std::fs::remove_file(&self.tmp);
        }
    }
}

/// Writes `bytes` to `dest` whole or not at all.
pub fn write_whole(dest: &Path, bytes: &[u8]) -> Result<()> {
    let mut o = Output::create(dest)?;
    o.write_all(bytes).map_err(|e| unwritable(dest, &e))?;
    o.commit()
}

/// Checks that `p` is a regular file (a symlink to one is fine) before it is read: a FIFO, a
/// device or a folder would hang or never end. Protects it from being written by this command.
pub fn regular_input(p: &Path) -> Result<()> {
    let meta = std::fs::metadata(p).map_err(|e| {
        let detail = if e.kind() == std::io::ErrorKind::NotFound {
            t(Msg::PathMissing, &[])
        } else {
            e.to_string()
        };
        Error::env(t(
            Msg::FileUnreadable,
            &[("path", &p.display().to_string()), ("detail", &detail)],
        ))
    })?;
    if !meta.is_file() {
        return Err(Error::data(t(
            Msg::NotARegularFile,
            &[("path", &p.display().to_string())],
        )));
    }
    protect(p);
    Ok(())
}

/// Resolves `rel` inside `folder` and refuses anything that leaves it (an absolute path, `..`, a
/// symlink pointing outside) or that is not a regular file.
pub fn inside(folder: &Path, rel: &Path) -> std::result::Result<PathBuf, Msg> {
    let base = std::fs::canonicalize(folder).map_err(|_| Msg::PathLeavesFolder)?;
    let joined = base.join(rel);
    let real = std::fs::canonicalize(&joined).map_err(|_| Msg::PathMissing)?;
    if !real.starts_with(&base) {
        return Err(Msg::PathLeavesFolder);
    }
    match std::fs::metadata(&real) {
        Ok(m) if m.is_file() => Ok(real),
        Ok(_) => Err(Msg::PathNotRegular),
        Err(_) => Err(Msg::PathMissing),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_output_is_whole_or_absent() {
        let dir = tempfile::tempdir().unwrap();
        let dest = dir.path().join("báo cáo.csv");
        {
            let mut o = Output::create(&dest).unwrap();
            o.write_all(b"half").unwrap();
            // Dropped without commit: nothing under the real name, no temporary left.
        }
        assert!(!dest.exists());
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 0);
        write_whole(&dest, b"whole").unwrap();
        assert_eq!(std::fs::read(&dest).unwrap(), b"whole");
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = std::fs::metadata(&dest).unwrap().permissions().mode() & 0o777;
            assert_eq!(mode, 0o600);
        }
    }

    #[test]
    fn protected_paths_are_refused_through_other_spellings() {
        let dir = tempfile::tempdir().unwrap();
        let db = dir.path().join("x.db");
        std::fs::write(&db, b"db").unwrap();
        protect_db(&db);
        let other = dir.path().join("sub");
        std::fs::create_dir(&other).unwrap();
        assert!(check_output(&other.join("../x.db")).is_err());
        assert!(check_output(&dir.path().join("x.db-wal")).is_err());
        assert!(check_output(&dir.path().join("x-files/ab/cd")).is_err());
        assert!(check_output(&dir.path().join("y.csv")).is_ok());
        #[cfg(unix)]
        {
            std::os::unix::fs::symlink(&db, dir.path().join("link.db")).unwrap();
            assert!(check_output(&dir.path().join("link.db")).is_err());
        }
    }

    #[test]
    fn paths_inside_a_folder_stay_inside() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("a.pdf"), b"x").unwrap();
        assert!(inside(dir.path(), Path::new("a.pdf")).is_ok());
        assert!(inside(dir.path(), Path::new("../etc/passwd")).is_err());
        assert!(inside(dir.path(), Path::new("/etc/hostname")).is_err());
        #[cfg(unix)]
        {
            std::os::unix::fs::symlink("/etc/hostname", dir.path().join("s.pdf")).unwrap();
            assert_eq!(
                inside(dir.path(), Path::new("s.pdf")).unwrap_err(),
                Msg::PathLeavesFolder
            );
            std::fs::create_dir(dir.path().join("d")).unwrap();
            assert_eq!(
                inside(dir.path(), Path::new("d")).unwrap_err(),
                Msg::PathNotRegular
            );
        }
    }
}
