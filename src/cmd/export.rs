//! `ocop export registrations|subjects|products`: the columns the imports read, for scripts,
//! Excel and the round trip export → import.

use std::path::Path;

use crate::cli::ExportCmd;
use crate::db;
use crate::domain::date::parse_year;
use crate::error::{Error, Result};
use crate::i18n::{Msg, t};
use crate::output::{Format, Listing, col};

use super::Ctx;

pub fn run(ctx: &Ctx, cmd: ExportCmd) -> Result<()> {
    let conn = ctx.open()?;
    let (listing, out, sheet) = match cmd {
        ExportCmd::Registrations { year, out } => {
            let year = year.as_deref().map(parse_year).transpose()?;
            (registrations(&conn, year)?, out, "registrations")
        }
        ExportCmd::Subjects { out } => (subjects(&conn)?, out, "subjects"),
        ExportCmd::Products { out } => (products(&conn)?, out, "products"),
    };
    write(ctx, &listing, out.as_deref(), sheet)
}

/// The registrations exchange format of SPEC.md: the columns `import registrations` reads.
pub fn registrations(conn: &rusqlite::Connection, year: Option<i32>) -> Result<Listing> {
    let rows = db::registrations::list(
        conn,
        &db::registrations::ListFilter {
            year,
            ..Default::default()
        },
    )?;
    let mut out = Listing::new(&[
        col("year", Msg::HYear),
        col("round", Msg::HRound),
        col("kind", Msg::HRegKind),
        col("stage", Msg::HStage),
        col("registered_on", Msg::HRegisteredOn),
        col("commune", Msg::HCommuneCode),
        col("subject_kind", Msg::HSubjectKind),
        col("subject_name", Msg::HSubject),
        col("tax_code", Msg::HTaxCode),
        col("representative", Msg::HRepresentative),
        col("phone", Msg::HPhone),
        col("address", Msg::HAddress),
        col("product_name", Msg::HProduct),
        col("product_set", Msg::HProductSet),
    ]);
    let mut subjects = std::collections::HashMap::new();
    for r in rows {
        if let std::collections::hash_map::Entry::Vacant(e) = subjects.entry(r.subject_id) {
            let s = db::subjects::get(conn, r.subject_id)?
                .ok_or_else(|| Error::data("producer vanished"))?;
            e.insert(s);
        }
        let s = &subjects[&r.subject_id];
        out.push(vec![
            r.year.into(),
            r.round.into(),
            r.kind.into(),
            r.stage.into(),
            r.registered_on.into(),
            r.commune_code.into(),
            r.subject_kind.into(),
            r.subject_name.into(),
            s.tax_code.clone().into(),
            s.representative.clone().into(),
            s.phone.clone().into(),
            s.address.clone().into(),
            r.product_name.into(),
            r.product_set.into(),
        ]);
    }
    Ok(out)
}

fn subjects(conn: &rusqlite::Connection) -> Result<Listing> {
    let mut out = Listing::new(&[
        col("id", Msg::HId),
        col("subject_kind", Msg::HSubjectKind),
        col("subject_name", Msg::HSubject),
        col("tax_code", Msg::HTaxCode),
        col("representative", Msg::HRepresentative),
        col("phone", Msg::HPhone),
        col("address", Msg::HAddress),
        col("commune", Msg::HCommuneCode),
        col("commune_name", Msg::HCommune),
    ]);
    for s in db::subjects::list(conn, &Default::default())? {
        out.push(vec![
            s.id.into(),
            s.kind.into(),
            s.name.into(),
            s.tax_code.into(),
            s.representative.into(),
            s.phone.into(),
            s.address.into(),
            s.commune_code.into(),
            s.commune_name.into(),
        ]);
    }
    Ok(out)
}

fn products(conn: &rusqlite::Connection) -> Result<Listing> {
    let mut out = Listing::new(&[
        col("id", Msg::HId),
        col("product_name", Msg::HProduct),
        col("subject_id", Msg::HId),
        col("subject_name", Msg::HSubject),
        col("regime", Msg::HRegime),
        col("product_set", Msg::HProductSet),
        col("commune", Msg::HCommuneCode),
        col("commune_name", Msg::HCommune),
    ]);
    for p in db::products::list(conn, &Default::default())? {
        out.push(vec![
            p.id.into(),
            p.name.into(),
            p.subject_id.into(),
            p.subject_name.into(),
            p.regime.into(),
            p.product_set.into(),
            p.commune_code.into(),
            p.commune_name.into(),
        ]);
    }
    Ok(out)
}

/// To the screen, or to `out` in the chosen format (xlsx only to a file).
fn write(ctx: &Ctx, listing: &Listing, out: Option<&Path>, sheet: &str) -> Result<()> {
    let unwritable = |p: &Path, e: &dyn std::fmt::Display| {
        Error::env(t(
            Msg::FileUnwritable,
            &[
                ("path", &p.display().to_string()),
                ("detail", &e.to_string()),
            ],
        ))
    };
    match (ctx.style.format, out) {
        (Format::Xlsx, None) => Err(Error::usage(t(Msg::XlsxNeedsOut, &[]))),
        (_, None) => ctx.print_listing(listing),
        (Format::Xlsx, Some(p)) => {
            listing
                .write_xlsx(p, sheet)
                .map_err(|e| unwritable(p, &e))?;
            done(listing, p);
            Ok(())
        }
        (_, Some(p)) => {
            let f = std::fs::File::create(p).map_err(|e| unwritable(p, &e))?;
            let mut w = std::io::BufWriter::new(f);
            // Files get the same bytes as the screen would, with the ids as CSV headers.
            let style = crate::output::Style {
                format: if ctx.style.format == Format::Table {
                    Format::Csv
                } else {
                    ctx.style.format
                },
                excel: ctx.style.excel,
            };
            listing
                .write(style, &mut w)
                .map_err(|e| unwritable(p, &e))?;
            std::io::Write::flush(&mut w).map_err(|e| unwritable(p, &e))?;
            done(listing, p);
            Ok(())
        }
    }
}

fn done(listing: &Listing, p: &Path) {
    eprintln!(
        "{}",
        t(
            Msg::ExportWritten,
            &[
                ("rows", &listing.rows.len().to_string()),
                ("path", &p.display().to_string())
            ]
        )
    );
}
