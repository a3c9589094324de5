//! `ocop import documents`: a manifest (registration, kind, file relative to the manifest,
//! number, dates) adds many dossier documents at once. Every row is checked before any file is
//! stored; all or nothing unless `skip_invalid`.

use std::path::{Component, Path, PathBuf};

use rusqlite::Connection;
use serde_json::json;

use crate::db::{self, audit, documents, registrations};
use crate::error::Result;
use crate::i18n::{Msg, t};
use crate::rules::dossier;
use crate::store::Store;
use crate::text::{clean, fold};

use super::registrations::{Options, Report, date_cell};
use super::schema::{DOCUMENTS, Schema};
use super::source::{RowSource, cell};
use super::{CellError, find_header};

#[derive(Debug, Default, Clone, PartialEq)]
pub struct Summary {
    pub rows: u64,
    pub added: u64,
    pub rejected: u64,
    pub committed: bool,
}

struct Row {
    registration_id: i64,
    kind: String,
    file: Option<PathBuf>,
    number: Option<String>,
    issued_on: Option<String>,
    expires_on: Option<String>,
    received: bool,
    note: Option<String>,
    /// The file's name as the producer sent it, when the manifest keeps it apart from the path
    /// (a bundle of `ocop export documents` numbers its files).
    original_name: Option<String>,
}

/// A manifest path that stays inside the manifest's folder: relative, without `..`.
pub fn inside(base: &Path, rel: &str) -> std::result::Result<PathBuf, String> {
    let p = Path::new(rel);
    if p.components()
        .any(|c| !matches!(c, Component::Normal(_) | Component::CurDir))
    {
        return Err(t(Msg::PathLeaves, &[("path", rel)]));
    }
    // Resolved with its symlinks: `shadow.pdf -> /etc/shadow` or a folder linked outside is
    // refused like `..`, and so is anything that is not a regular file.
    let base = if base.as_os_str().is_empty() {
        Path::new(".")
    } else {
        base
    };
    crate::files::inside(base, p).map_err(|m| format!("{rel}: {}", t(m, &[])))
}

pub fn import(
    conn: &mut Connection,
    operator: &str,
    path: &Path,
    store: &Store,
    src: &mut dyn RowSource,
    opts: &Options,
    report: &mut Report,
) -> Result<Summary> {
    let schema = Schema::load("schemas/import/documents.toml", DOCUMENTS)?;
    let (_, map) = find_header(src, &schema, opts.header_row, path)?;
    report.warn_unknown(path, &map);
    let pos = |id: &str| map.pos(&schema, id);
    let base = path.parent().map(Path::to_path_buf).unwrap_or_default();
    let mut summary = Summary::default();
    let mut good: Vec<Row> = Vec::new();
    while let Some(row) = src.next_row()? {
        if row.cells.iter().all(|c| c.trim().is_empty()) {
            continue;
        }
        summary.rows += 1;
        let mut errs: Vec<CellError> = Vec::new();
        let mut err = |column: &str, message: String| {
            errs.push(CellError {
                row: row.number,
                column: column.into(),
                message,
            })
        };
        let reg = match registrations::find(conn, &cell(&row, pos("registration"))) {
            Ok(r) => Some(r),
            Err(e) => {
                err("registration", e.message);
                None
            }
        };
        let kind_text = cell(&row, pos("kind"));
        let kind = reg.as_ref().and_then(|r| {
            match dossier::for_regime(&r.regime).map(|rules| rules.find(&kind_text).cloned()) {
                Ok(Some(k)) => Some(k),
                Ok(None) => {
                    err(
                        "kind",
                        t(
                            Msg::DossierKindUnknown,
                            &[("kind", &kind_text), ("regime", &r.regime)],
                        ),
                    );
                    None
                }
                Err(e) => {
                    err("kind", e.message);
                    None
                }
            }
        });
        let file_text = cell(&row, pos("file"));
        let file = if file_text.is_empty() {
            None
        } else {
            match inside(&base, &file_text) {
                Ok(p) if p.is_file() => Some(p),
                Ok(p) => {
                    err(
                        "file",
                        t(
                            Msg::FileUnreadable,
                            &[("path", &p.display().to_string()), ("detail", "not found")],
                        ),
                    );
                    None
                }
                Err(m) => {
                    err("file", m);
                    None
                }
            }
        };
        let received_text = fold(&cell(&row, pos("received")));
        let received = matches!(
            received_text.as_str(),
            "yes" | "x" | "1" | "co" | "da nhan" | "true"
        );
        if let Some(k) = &kind
            && file.is_none()
            && file_text.is_empty()
            && (k.needs_file() || !received)
        {
            err("file", t(Msg::DossierNeedsFile, &[("title", k.title())]));
        }
        let mut date = |id: &str| -> Option<String> {
            let v = cell(&row, pos(id));
            if v.is_empty() {
                return None;
            }
            date_cell(&v).map_err(|e| err(id, e.message)).ok()
        };
        let issued_on = date("issued_on");
        let expires_on = date("expires_on");
        if errs.is_empty()
            && let (Some(r), Some(k)) = (reg, kind)
        {
            let text = |id: &str| Some(clean(&cell(&row, pos(id)))).filter(|v| !v.is_empty());
            good.push(Row {
                registration_id: r.id,
                kind: k.id,
                file,
                number: text("number"),
                issued_on,
                expires_on,
                received,
                note: text("note"),
                original_name: text("original_name"),
            });
            continue;
        }
        summary.rejected += 1;
        report.add_errors(errs.iter().map(|e| e.render(path)));
    }
    if opts.dry_run || (summary.rejected > 0 && !opts.skip_invalid) {
        return Ok(summary);
    }
    // The write lock first, then the files into the store, then the records, all before the
    // commit: a crash leaves at most unused files, and `doctor --fix`, which holds the same lock,
    // never sees a file whose record is still to come.
    let tx = db::write(conn)?;
    let mut stored = Vec::new();
    for r in &good {
        stored.push(
            r.file
                .as_deref()
                .map(|f| store.put_named(f, crate::store::DEFAULT_MAX_SIZE))
                .transpose()?,
        );
    }
    for (r, s) in good.iter().zip(stored.iter_mut()) {
        if let (Some(name), Some((_, _, stored_name))) = (&r.original_name, s.as_mut()) {
            *stored_name = name.clone();
        }
        documents::insert(
            &tx,
            &documents::NewDocument {
                registration_id: r.registration_id,
                kind: &r.kind,
                number: r.number.as_deref(),
                issued_on: r.issued_on.as_deref(),
                expires_on: r.expires_on.as_deref(),
                note: r.note.as_deref(),
                received: r.received || s.is_some(),
                file: s.as_ref().map(|(a, b, c)| (a.as_str(), *b, c.as_str())),
            },
        )?;
        summary.added += 1;
    }
    if summary.added > 0 {
        audit::record(
            &tx,
            operator,
            "import",
            "document",
            "",
            &json!({ "file": path.display().to_string(), "rows": summary.rows, "added": summary.added, "rejected": summary.rejected }),
        )?;
    }
    tx.commit()?;
    summary.committed = true;
    Ok(summary)
}
