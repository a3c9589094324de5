//! `ocop export registrations|subjects|products`: the columns the imports read, for scripts,
//! Excel and the round trip export → import.

use crate::cli::ExportCmd;
use crate::db;
use crate::domain::date::parse_year;
use crate::error::{Error, Result};
use crate::i18n::Msg;
use crate::output::{Listing, col};

use super::Ctx;

pub fn run(ctx: &Ctx, cmd: ExportCmd) -> Result<()> {
    let conn = ctx.open()?;
    let (listing, out, sheet) = match cmd {
        ExportCmd::Registrations {
            year,
            out,
            anonymise,
        } => {
            let year = year.as_deref().map(parse_year).transpose()?;
            (
                anonymised(registrations(&conn, year)?, anonymise),
                out,
                "registrations",
            )
        }
        ExportCmd::Subjects { out, anonymise } => {
            (anonymised(subjects(&conn)?, anonymise), out, "subjects")
        }
        ExportCmd::Products { out } => (products(&conn)?, out, "products"),
        ExportCmd::Scores { year, out } => {
            let year = year.as_deref().map(parse_year).transpose()?;
            (scores(&conn, year)?, out, "scores")
        }
        ExportCmd::Documents { year, out } => {
            drop(conn);
            return super::dossier::export_year(ctx, parse_year(&year)?, &out);
        }
    };
    ctx.write_listing(&listing, out.as_deref(), sheet, None)
}

/// The personal fields of a listing emptied, for sharing statistics.
fn anonymised(mut listing: Listing, on: bool) -> Listing {
    if !on {
        return listing;
    }
    let personal: Vec<usize> = listing
        .columns
        .iter()
        .enumerate()
        .filter(|(_, c)| matches!(c.id, "representative" | "phone" | "address"))
        .map(|(i, _)| i)
        .collect();
    // A household's name is a person's name, and its tax code is a person's: both go too.
    let pos = |ids: &[&str]| listing.columns.iter().position(|c| ids.contains(&c.id));
    let kind = pos(&["kind", "subject_kind"]);
    let household_fields: Vec<usize> = [pos(&["name", "subject_name"]), pos(&["tax_code"])]
        .into_iter()
        .flatten()
        .collect();
    for row in &mut listing.rows {
        for &i in &personal {
            row[i] = crate::output::Value::Null;
        }
        let household = kind
            .and_then(|k| row.get(k))
            .is_some_and(|v| matches!(v, crate::output::Value::Text(t) if t == "household"));
        if household {
            for &i in &household_fields {
                row[i] = crate::output::Value::Null;
            }
        }
    }
    listing
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
            let s = db::subjects::get(conn, r.subject_id)?.ok_or_else(|| {
                Error::data(crate::i18n::t(Msg::RecordVanished, &[("what", "producer")]))
            })?;
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
        col("subject_id", Msg::HSubjectId),
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

/// The sheets in the long form of `import scores`: registration, level, member, criterion (a
/// criterion id, or a part A/B/C for a sheet by part totals), points, date; an elimination's or a
/// stop's reason in its own column, as the import takes it.
fn scores(conn: &rusqlite::Connection, year: Option<i32>) -> Result<Listing> {
    let mut out = Listing::new(&[
        col("registration", Msg::HCode),
        col("level", Msg::HLevel),
        col("member", Msg::HMember),
        col("criterion", Msg::HCriterion),
        col("points", Msg::HPoints),
        col("scored_on", Msg::HScoredOn),
        col("eliminated", Msg::HEliminated),
        col("stopped", Msg::HStopped),
        col("note", Msg::HNote),
    ]);
    for l in db::scores::export_lines(conn, year)? {
        let (eliminated, stopped, note) = match (l.eliminated, l.stopped) {
            (true, _) => (l.note, None, None),
            (false, true) => (None, l.note, None),
            _ => (None, None, l.note),
        };
        out.push(vec![
            l.code.into(),
            crate::output::level_value(&l.level),
            l.member.into(),
            l.criterion.into(),
            crate::output::Value::Points(l.points),
            l.scored_on.into(),
            eliminated.into(),
            stopped.into(),
            note.into(),
        ]);
    }
    Ok(out)
}
