//! `ocop dossier add|list|remove|check|verify|kinds`.

use serde_json::json;

use crate::cli::DossierCmd;
use crate::db::{self, audit, documents, registrations};
use crate::domain::date::{date_or_today, parse_date, parse_year, today};
use crate::domain::subject::SubjectKind;
use crate::error::{Error, Result};
use crate::i18n::{Msg, l, t};
use crate::ops::dossier;
use crate::output::{Listing, Record, Value, col};
use crate::rules::dossier as rules;
use crate::rules::regime::Regimes;
use crate::store::{FileState, Store};
use crate::text::clean;

use super::Ctx;

pub fn run(ctx: &Ctx, cmd: DossierCmd) -> Result<()> {
    match cmd {
        DossierCmd::Add {
            registration,
            kind,
            file,
            max_size,
            received,
            number,
            issued,
            expires,
            note,
        } => add(
            ctx,
            &registration,
            &kind,
            file.as_deref().map(|f| (f, max_size)),
            received,
            number,
            issued,
            expires,
            note,
        ),
        DossierCmd::List { registration } => list(ctx, &registration),
        DossierCmd::Remove { registration, id } => remove(ctx, &registration, id),
        DossierCmd::Check {
            registrations,
            year,
            at,
        } => check(ctx, &registrations, year, at),
        DossierCmd::Verify => verify(ctx),
        DossierCmd::Export {
            registrations,
            to,
            at,
        } => export(ctx, &registrations, &to, at),
        DossierCmd::Kinds { regime } => kinds(ctx, regime),
    }
}

#[allow(clippy::too_many_arguments)]
fn add(
    ctx: &Ctx,
    reg: &str,
    kind: &str,
    file: Option<(&std::path::Path, u64)>,
    received: bool,
    number: Option<String>,
    issued: Option<String>,
    expires: Option<String>,
    note: Option<String>,
) -> Result<()> {
    let mut conn = ctx.open()?;
    let r = registrations::find(&conn, reg)?;
    let rules = rules::for_regime(&r.regime)?;
    let k = rules.find(kind).ok_or_else(|| {
        Error::data(t(
            Msg::DossierKindUnknown,
            &[("kind", kind), ("regime", &r.regime)],
        ))
    })?;
    match (file, received) {
        (None, false) if k.needs_file() => {
            return Err(Error::data(t(
                Msg::DossierNeedsFile,
                &[("title", k.title())],
            )));
        }
        (None, false) => return Err(Error::usage(t(Msg::DossierNeedsFileOrReceipt, &[]))),
        _ => {}
    }
    let issued = issued
        .as_deref()
        .map(parse_date)
        .transpose()?
        .map(|d| d.to_string());
    let expires = expires
        .as_deref()
        .map(parse_date)
        .transpose()?
        .map(|d| d.to_string());
    if let Some((f, _)) = file {
        crate::files::regular_input(f)?;
    }
    let number = number.map(|n| clean(&n)).filter(|n| !n.is_empty());
    let note = note.map(|n| clean(&n)).filter(|n| !n.is_empty());
    // The write lock first, then the file into the store, then the record: a record never names
    // a file that is not there, a crash in between leaves only an unused file, and `doctor
    // --fix` (which holds the same lock) never removes a file whose record is still to come.
    let tx = db::write(&mut conn)?;
    let stored = file
        .map(|(f, max)| Store::for_db(&ctx.loc.path).put_named(f, max))
        .transpose()?;
    let id = documents::insert(
        &tx,
        &documents::NewDocument {
            registration_id: r.id,
            kind: &k.id,
            number: number.as_deref(),
            issued_on: issued.as_deref(),
            expires_on: expires.as_deref(),
            note: note.as_deref(),
            received: received || stored.is_some(),
            file: stored
                .as_ref()
                .map(|(s, z, n)| (s.as_str(), *z, n.as_str())),
        },
    )?;
    audit::record(
        &tx,
        &ctx.operator,
        "document",
        "registration",
        &r.code,
        &json!({ "id": id, "kind": k.id, "number": number, "issued_on": issued, "expires_on": expires,
                 "sha256": stored.as_ref().map(|s| &s.0), "file": stored.as_ref().map(|s| &s.2) }),
    )?;
    tx.commit()?;
    let mut rec = Record::default();
    rec.add("id", Msg::HId, id);
    rec.add("code", Msg::HCode, r.code.clone());
    rec.add("kind", Msg::HType, k.id.clone());
    rec.add("sha256", Msg::HSha256, stored.as_ref().map(|s| s.0.clone()));
    ctx.done(
        &t(
            Msg::DocumentAdded,
            &[
                ("code", &r.code),
                ("id", &id.to_string()),
                ("title", k.title()),
            ],
        ),
        &rec,
    )
}

fn list(ctx: &Ctx, reg: &str) -> Result<()> {
    let conn = ctx.open()?;
    let r = registrations::find(&conn, reg)?;
    let rules = rules::for_regime(&r.regime)?;
    let mut out = Listing::new(&[
        col("id", Msg::HId),
        col("no", Msg::HNumber),
        col("kind", Msg::HType),
        col("title", Msg::HName),
        col("number", Msg::HNumber),
        col("issued_on", Msg::HIssued),
        col("expires_on", Msg::HExpires),
        col("file", Msg::HFile),
        col("size", Msg::HSize),
        col("sha256", Msg::HSha256),
        col("note", Msg::HNote),
    ]);
    for d in documents::of_registration(&conn, r.id)? {
        let k = rules.kind(&d.kind);
        let expires = dossier::expires(rules, &d);
        out.push(vec![
            d.id.into(),
            k.map(|k| i64::from(k.no)).into(),
            d.kind.clone().into(),
            k.map(|k| k.title().to_string()).into(),
            d.number.into(),
            d.issued_on.into(),
            expires.into(),
            // A receipt without a file: "received" for scripts, in words for people.
            match d.original_name {
                Some(name) => name.into(),
                None if d.received => crate::output::coded("received", l(Msg::HSubmitted)),
                None => Value::Null,
            },
            d.size.into(),
            d.sha256.into(),
            d.note.into(),
        ]);
    }
    ctx.print_listing(&out)
}

fn remove(ctx: &Ctx, reg: &str, id: i64) -> Result<()> {
    let mut conn = ctx.open()?;
    let tx = db::write(&mut conn)?;
    let r = registrations::find(&tx, reg)?;
    if !documents::delete(&tx, r.id, id)? {
        return Err(Error::data(t(
            Msg::DocumentNotFound,
            &[("code", &r.code), ("id", &id.to_string())],
        )));
    }
    audit::record(
        &tx,
        &ctx.operator,
        "remove-document",
        "registration",
        &r.code,
        &json!({ "id": id }),
    )?;
    tx.commit()?;
    let mut rec = Record::default();
    rec.add("id", Msg::HId, id);
    rec.add("code", Msg::HCode, r.code.clone());
    ctx.done(
        &t(
            Msg::DocumentRemoved,
            &[("code", &r.code), ("id", &id.to_string())],
        ),
        &rec,
    )
}

/// Exit 0 when every dossier checked is complete, 1 otherwise (scripts gate on it).
fn check(ctx: &Ctx, regs: &[String], year: Option<String>, at: Option<String>) -> Result<()> {
    let conn = ctx.open()?;
    let store = Store::for_db(&ctx.loc.path);
    let at = date_or_today(at.as_deref())?.to_string();
    let list: Vec<registrations::Registration> = if regs.is_empty() {
        let year = year.as_deref().map(parse_year).transpose()?;
        registrations::list(
            &conn,
            &registrations::ListFilter {
                year,
                ..Default::default()
            },
        )?
        .into_iter()
        // A dossier is due from submission on: earlier stages and withdrawn ones are left out.
        .filter(|r| {
            matches!(
                r.stage.as_str(),
                "submitted" | "evaluated" | "recognised" | "not-recognised"
            )
        })
        .collect()
    } else {
        regs.iter()
            .map(|q| registrations::find(&conn, q))
            .collect::<Result<_>>()?
    };
    // All documents of the scope in one query, not one per registration.
    let all_docs = documents::by_registration(documents::of_registrations(&conn, None)?);
    let mut out = Listing::new(&[
        col("code", Msg::HCode),
        col("product_name", Msg::HProduct),
        col("status", Msg::HStatus),
        col("kind", Msg::HType),
        col("problem", Msg::HProblem),
    ]);
    let mut incomplete = 0;
    for r in &list {
        let docs = all_docs.get(&r.id).map(Vec::as_slice).unwrap_or_default();
        let findings = dossier::check(&store, r, docs, &at)?;
        if findings.is_empty() {
            out.push(vec![
                r.code.clone().into(),
                r.product_name.clone().into(),
                crate::output::coded("complete", crate::i18n::l(Msg::StatusComplete)),
                Value::Null,
                Value::Null,
            ]);
            continue;
        }
        incomplete += 1;
        for f in findings {
            let text = crate::output::coded(f.code(), f.message());
            out.push(vec![
                r.code.clone().into(),
                r.product_name.clone().into(),
                crate::output::coded("incomplete", crate::i18n::l(Msg::StatusIncomplete)),
                f.kind.into(),
                text,
            ]);
        }
    }
    ctx.print_listing(&out)?;
    if incomplete > 0 {
        return Err(Error::data(t(
            Msg::DossierNotAllComplete,
            &[
                ("count", &incomplete.to_string()),
                ("total", &list.len().to_string()),
            ],
        )));
    }
    Ok(())
}

fn verify(ctx: &Ctx) -> Result<()> {
    let conn = ctx.open()?;
    let store = Store::for_db(&ctx.loc.path);
    let blobs = documents::blobs(&conn)?;
    let mut bad = Vec::new();
    for (sha, _) in &blobs {
        match store.check(sha) {
            FileState::Ok => {}
            FileState::Missing => bad.push(format!("{sha}: missing")),
            FileState::Changed => bad.push(format!("{sha}: changed")),
        }
    }
    if bad.is_empty() {
        println!(
            "{}",
            t(Msg::VerifyOk, &[("count", &blobs.len().to_string())])
        );
        return Ok(());
    }
    for b in &bad {
        eprintln!("- {b}");
    }
    Err(Error::data(t(
        Msg::VerifyBad,
        &[
            ("bad", &bad.len().to_string()),
            ("count", &blobs.len().to_string()),
        ],
    )))
}

/// Industries by their names in the chosen language.
fn industry_names(regime: &crate::rules::regime::Regime, ids: &[String]) -> String {
    ids.iter()
        .map(|id| {
            regime
                .industries
                .iter()
                .find(|i| &i.id == id)
                .map_or(id.clone(), |i| match crate::i18n::lang() {
                    crate::i18n::Lang::Vi => i.vi.clone(),
                    crate::i18n::Lang::En => i.en.clone(),
                })
        })
        .collect::<Vec<_>>()
        .join(", ")
}

fn kinds(ctx: &Ctx, regime: Option<String>) -> Result<()> {
    let regimes = Regimes::in_use()?;
    let regime = match regime {
        Some(r) => regimes.get(&r)?,
        None => regimes.on(today())?,
    };
    let rules = rules::for_regime(&regime.id)?;
    let mut out = Listing::new(&[
        col("no", Msg::HNumber),
        col("id", Msg::HId),
        col("title", Msg::HName),
        col("mandatory", Msg::HMandatory),
        col("attach", Msg::HAttach),
        col("validity_months", Msg::HValidityMonths),
    ]);
    for k in &rules.kinds {
        // When the item is mandatory: always, for some industries, for some producers, never;
        // ids for scripts, a sentence for people.
        let (mut id, mut label) = if k.mandatory {
            ("yes".to_string(), l(Msg::Yes).to_string())
        } else if !k.mandatory_industries.is_empty() {
            (
                format!("industries: {}", k.mandatory_industries.join(" ")),
                t(
                    Msg::MandatoryForIndustries,
                    &[(
                        "industries",
                        &industry_names(regime, &k.mandatory_industries),
                    )],
                ),
            )
        } else {
            ("no".to_string(), l(Msg::No).to_string())
        };
        if !k.subject_kinds.is_empty() {
            id = format!("{id}; producers: {}", k.subject_kinds.join(" "));
            let kinds: Vec<String> = k
                .subject_kinds
                .iter()
                .map(|s| SubjectKind::from_id(s).map_or(s.clone(), |k| k.label().to_string()))
                .collect();
            label = t(
                Msg::MandatoryForProducers,
                &[("when", &label), ("kinds", &kinds.join(", "))],
            );
        }
        if !k.not_industries.is_empty() {
            id = format!("{id}; not: {}", k.not_industries.join(" "));
            label = t(
                Msg::MandatoryExceptIndustries,
                &[
                    ("when", &label),
                    ("industries", &industry_names(regime, &k.not_industries)),
                ],
            );
        }
        let attach = match k.attach.as_str() {
            "file" => crate::output::coded("file", l(Msg::AttachFile)),
            "receipt" => crate::output::coded("receipt", l(Msg::AttachReceipt)),
            other => other.into(),
        };
        out.push(vec![
            i64::from(k.no).into(),
            k.id.clone().into(),
            k.title().to_string().into(),
            crate::output::coded(id, label),
            attach,
            rules.validity_months(k).into(),
        ]);
    }
    ctx.print_listing(&out)
}

/// Writes `DIR/CODE/NN-kind-name` for every stored file, `DIR/manifest.csv` (registration, item,
/// kind, title, number, dates, original name, SHA-256, path in the bundle) and `DIR/cover.csv`
/// (the products, producers and dossier status): what a district sends with its letter.
/// `ocop export documents --year Y --out DIR`: the bundle of every registration of the year that
/// has documents; its manifest reads back with `ocop import documents DIR/manifest.csv`.
pub fn export_year(ctx: &Ctx, year: i32, dir: &std::path::Path) -> Result<()> {
    let conn = ctx.open()?;
    let mut codes: Vec<String> = Vec::new();
    for d in documents::of_registrations(&conn, Some(year))? {
        if let Some(r) = registrations::get(&conn, d.registration_id)?
            && codes.last() != Some(&r.code)
        {
            codes.push(r.code);
        }
    }
    drop(conn);
    if codes.is_empty() {
        return Err(Error::data(t(
            Msg::NoDocumentsInYear,
            &[("year", &year.to_string())],
        )));
    }
    export(ctx, &codes, dir, None)
}

fn export(ctx: &Ctx, regs: &[String], dir: &std::path::Path, at: Option<String>) -> Result<()> {
    let conn = ctx.open()?;
    let store = Store::for_db(&ctx.loc.path);
    let at = date_or_today(at.as_deref())?.to_string();
    let unwritable = |p: &std::path::Path, e: &dyn std::fmt::Display| {
        Error::env(t(
            Msg::FileUnwritable,
            &[
                ("path", &p.display().to_string()),
                ("detail", &e.to_string()),
            ],
        ))
    };
    crate::files::check_output(dir)?;
    let zip = dir
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("zip"));
    let occupied = if zip {
        dir.exists()
    } else {
        dir.exists()
            && std::fs::read_dir(dir)
                .map(|mut d| d.next().is_some())
                .unwrap_or(true)
    };
    if occupied {
        return Err(Error::data(t(
            Msg::BundleTargetExists,
            &[("path", &dir.display().to_string())],
        )));
    }
    let list: Vec<registrations::Registration> = regs
        .iter()
        .map(|q| registrations::find(&conn, q))
        .collect::<Result<_>>()?;
    let mut manifest = Listing::new(&[
        col("registration", Msg::HCode),
        col("item", Msg::HNumber),
        col("kind", Msg::HType),
        col("title", Msg::HName),
        col("number", Msg::HNumber),
        col("issued_on", Msg::HIssued),
        col("expires_on", Msg::HExpires),
        col("original_name", Msg::HFile),
        col("sha256", Msg::HSha256),
        col("path", Msg::HFile),
        col("received", Msg::HReceived),
    ]);
    let mut cover = Listing::new(&[
        col("registration", Msg::HCode),
        col("product_name", Msg::HProduct),
        col("subject_name", Msg::HSubject),
        col("commune_name", Msg::HCommune),
        col("complete", Msg::HStatus),
        col("problems", Msg::HProblem),
    ]);
    // (path in the bundle, stored file) of every file the bundle carries, each path once.
    let mut files: Vec<(String, std::path::PathBuf)> = Vec::new();
    let mut used: std::collections::HashSet<String> = std::collections::HashSet::new();
    for r in &list {
        let rules = rules::for_regime(&r.regime)?;
        let docs = documents::of_registration(&conn, r.id)?;
        for d in &docs {
            let k = rules.kind(&d.kind);
            let no = k.map_or(0, |k| k.no);
            let mut path_in_bundle = None;
            if let Some(sha) = &d.sha256 {
                // A bundle carries only what the manifest says: every file checked against its
                // hash first, and a damaged or missing one stops the export before anything is
                // written.
                if let Err(why) = store.verify(sha) {
                    let title = k.map(|k| k.title().to_string()).unwrap_or_default();
                    let msg = if why == Msg::StoredFileMissing {
                        Msg::DossierFileMissing
                    } else {
                        Msg::DossierFileChanged
                    };
                    return Err(Error::data(t(
                        Msg::AtPlace,
                        &[
                            ("place", &r.code),
                            ("message", &t(msg, &[("title", &title), ("kind", &d.kind)])),
                        ],
                    )));
                }
                let name = d.original_name.clone().unwrap_or_else(|| sha.clone());
                let rel = unique_name(
                    &mut used,
                    &r.code,
                    &format!("{no:02}-{}-{}", d.kind, bundle_name(&name)),
                );
                files.push((rel.clone(), store.path_of(sha)));
                path_in_bundle = Some(rel);
            }
            manifest.push(vec![
                r.code.clone().into(),
                i64::from(no).into(),
                d.kind.clone().into(),
                k.map(|k| k.title().to_string()).into(),
                d.number.clone().into(),
                d.issued_on.clone().into(),
                dossier::expires(rules, d).into(),
                d.original_name.clone().into(),
                d.sha256.clone().into(),
                path_in_bundle.into(),
                if d.received { "yes" } else { "" }.into(),
            ]);
        }
        let findings = dossier::check(&store, r, &docs, &at)?;
        cover.push(vec![
            r.code.clone().into(),
            r.product_name.clone().into(),
            r.subject_name.clone().into(),
            r.commune_name.clone().into(),
            crate::output::yes_no(findings.is_empty()),
            crate::ops::dossier::Finding::cell(&findings),
        ]);
    }
    let style = crate::output::Style {
        format: crate::output::Format::Csv,
        excel: true,
        labels: false,
    };
    let mut sheets: Vec<(&str, Vec<u8>)> = Vec::new();
    for (name, listing) in [("manifest.csv", &manifest), ("cover.csv", &cover)] {
        let mut buf = Vec::new();
        listing.write(style, &mut buf)?;
        sheets.push((name, buf));
    }
    // Written under a temporary name beside the target and renamed when complete: a bundle is
    // whole or absent, and a failed one never blocks the next try.
    let tmp = crate::files::temp_beside(dir, "partial");
    crate::files::remove_stale_temps(dir, "partial");
    let result = if zip {
        write_zip(&tmp, &files, &sheets)
    } else {
        write_folder(&tmp, &files, &sheets)
    };
    let result = result.and_then(|()| {
        if dir.is_dir() {
            // Empty (checked above): a rename onto it is not portable.
            std::fs::remove_dir(dir)?;
        }
        std::fs::rename(&tmp, dir)
    });
    if let Err(e) = result {
        let _ = std::fs::remove_dir_all(&tmp);
        let _ = std::fs::remove_file(&tmp);
        return Err(unwritable(dir, &e));
    }
    println!(
        "{}",
        t(
            Msg::ExportWritten,
            &[
                ("rows", &files.len().to_string()),
                ("path", &dir.display().to_string())
            ]
        )
    );
    Ok(())
}

/// The bundle as one .zip at `path`.
fn write_zip(
    path: &std::path::Path,
    files: &[(String, std::path::PathBuf)],
    sheets: &[(&str, Vec<u8>)],
) -> std::io::Result<()> {
    use std::io::Write;
    let file = crate::files::create_private(path)?;
    let mut z = zip::ZipWriter::new(std::io::BufWriter::new(file));
    let opts = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated);
    for (rel, src) in files {
        z.start_file(rel.as_str(), opts)
            .map_err(std::io::Error::other)?;
        std::io::copy(&mut std::fs::File::open(src)?, &mut z)?;
    }
    for (name, bytes) in sheets {
        z.start_file(*name, opts).map_err(std::io::Error::other)?;
        z.write_all(bytes)?;
    }
    let out = z.finish().map_err(std::io::Error::other)?;
    out.into_inner().map_err(|e| e.into_error())?.sync_all()
}

/// The bundle as a folder at `path` (created here, 0700).
fn write_folder(
    path: &std::path::Path,
    files: &[(String, std::path::PathBuf)],
    sheets: &[(&str, Vec<u8>)],
) -> std::io::Result<()> {
    let io = |e: crate::error::Error| std::io::Error::other(e.message);
    crate::files::create_dir_private(path).map_err(io)?;
    for (rel, src) in files {
        let dst = path.join(rel);
        if let Some(parent) = dst.parent() {
            crate::files::create_dir_private(parent).map_err(io)?;
        }
        let mut out = crate::files::create_private(&dst)?;
        std::io::copy(&mut std::fs::File::open(src)?, &mut out)?;
        out.sync_all()?;
    }
    for (name, bytes) in sheets {
        use std::io::Write;
        let mut out = crate::files::create_private(&path.join(name))?;
        out.write_all(bytes)?;
        out.sync_all()?;
    }
    Ok(())
}

/// The longest file name a bundle uses, in characters: well under the 255 bytes file systems
/// allow once a Vietnamese name is UTF-8 (up to 3 bytes a letter) and a suffix is added.
const MAX_NAME_CHARS: usize = 80;

/// A file name safe on every file system: only its last component, no characters Windows
/// refuses, no control characters, not ending in a dot or space, and shortened (keeping the
/// extension) to [`MAX_NAME_CHARS`].
fn bundle_name(name: &str) -> String {
    let cleaned: String = name
        .chars()
        .map(|c| {
            if c.is_control() || matches!(c, '/' | '\\' | ':' | '*' | '?' | '"' | '<' | '>' | '|') {
                '_'
            } else {
                c
            }
        })
        .collect();
    let cleaned = cleaned.trim_end_matches(['.', ' ']).trim_start();
    let cleaned = if cleaned.is_empty() { "file" } else { cleaned };
    if cleaned.chars().count() <= MAX_NAME_CHARS {
        return cleaned.to_string();
    }
    let (stem, ext) = match cleaned.rsplit_once('.') {
        Some((s, e)) if !s.is_empty() && e.chars().count() <= 10 => (s, format!(".{e}")),
        _ => (cleaned, String::new()),
    };
    let keep = MAX_NAME_CHARS - ext.chars().count();
    let stem: String = stem.chars().take(keep).collect();
    format!("{}{ext}", stem.trim_end_matches(['.', ' ']))
}

/// `CODE/NAME`, or `CODE/NAME-2.ext`, `-3` … when another file of the bundle already has that
/// path (compared without case, as Windows and zip readers do).
fn unique_name(used: &mut std::collections::HashSet<String>, code: &str, name: &str) -> String {
    let (stem, ext) = match name.rsplit_once('.') {
        Some((s, e)) if !s.is_empty() => (s.to_string(), format!(".{e}")),
        _ => (name.to_string(), String::new()),
    };
    let mut n = 1;
    loop {
        let candidate = if n == 1 {
            format!("{code}/{stem}{ext}")
        } else {
            format!("{code}/{stem}-{n}{ext}")
        };
        if used.insert(candidate.to_lowercase()) {
            return candidate;
        }
        n += 1;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bundle_names_are_unique_short_and_safe() {
        let mut used = std::collections::HashSet::new();
        let a = unique_name(&mut used, "2019-001", "01-plan-scan.pdf");
        let b = unique_name(&mut used, "2019-001", "01-plan-scan.pdf");
        let c = unique_name(&mut used, "2019-001", "01-plan-SCAN.pdf");
        assert_eq!(a, "2019-001/01-plan-scan.pdf");
        assert_eq!(b, "2019-001/01-plan-scan-2.pdf");
        assert_eq!(c, "2019-001/01-plan-SCAN-3.pdf");
        let long = format!("{}.pdf", "Phương án kinh doanh ".repeat(20));
        let n = bundle_name(&long);
        assert!(
            n.chars().count() <= MAX_NAME_CHARS && n.ends_with(".pdf"),
            "{n}"
        );
        assert_eq!(bundle_name("a/b\\c:d*?.pdf"), "a_b_c_d__.pdf");
        assert_eq!(bundle_name("..."), "file");
    }
}
