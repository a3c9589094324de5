//! `ocop subject add|list|show|edit|remove`: producers (chủ thể).

use serde_json::json;

use crate::cli::{SubjectCmd, SubjectFieldArgs};
use crate::db::{self, audit, subjects};
use crate::domain::date::today;
use crate::domain::subject::SubjectKind;
use crate::error::{Error, Result};
use crate::i18n::{Msg, t};
use crate::ops::{self, SubjectInput};
use crate::output::{Listing, Record, col};

use super::{Ctx, warn};

impl From<SubjectFieldArgs> for SubjectInput {
    fn from(a: SubjectFieldArgs) -> Self {
        SubjectInput {
            kind: a.kind,
            name: a.name,
            tax_code: a.tax_code,
            representative: a.representative,
            phone: a.phone,
            address: a.address,
            commune: a.commune,
            as_of: a.as_of,
            unit_id: None,
        }
    }
}

pub fn run(ctx: &Ctx, cmd: SubjectCmd) -> Result<()> {
    match cmd {
        SubjectCmd::Add(a) => add(ctx, a.into()),
        SubjectCmd::List {
            commune,
            kind,
            search,
        } => list(ctx, commune, kind, search),
        SubjectCmd::Show { subject } => show(ctx, &subject),
        SubjectCmd::Edit { subject, fields } => edit(ctx, &subject, fields.into()),
        SubjectCmd::Remove { subject } => remove(ctx, &subject),
    }
}

fn kind_label(id: &str) -> String {
    SubjectKind::from_id(id).map_or_else(|| id.to_string(), |k| k.label().to_string())
}

fn record(s: &subjects::Subject) -> Record {
    let mut r = Record::default();
    r.add("id", Msg::HId, s.id);
    r.add("kind", Msg::HSubjectKind, if_machine_id(&s.kind));
    r.add("name", Msg::HName, s.name.clone());
    r.add("tax_code", Msg::HTaxCode, s.tax_code.clone());
    r.add(
        "representative",
        Msg::HRepresentative,
        s.representative.clone(),
    );
    r.add("phone", Msg::HPhone, s.phone.clone());
    r.add("address", Msg::HAddress, s.address.clone());
    r.add("commune_code", Msg::HCommuneCode, s.commune_code.clone());
    r.add("commune_name", Msg::HCommune, s.commune_name.clone());
    r.add("products", Msg::HProducts, s.products);
    r
}

/// Tables show the kind in the user's language; CSV and JSON keep the stable id.
fn if_machine_id(id: &str) -> crate::output::Value {
    crate::output::coded(id, kind_label(id))
}

fn add(ctx: &Ctx, input: SubjectInput) -> Result<()> {
    let mut conn = ctx.open()?;
    let tx = db::write(&mut conn)?;
    let (fields, warnings) = ops::subject_fields(&tx, None, &input)?;
    let id = ops::add_subject(&tx, &ctx.operator, &fields)?;
    let s = subjects::get(&tx, id)?
        .ok_or_else(|| Error::data(t(Msg::RecordVanished, &[("what", "subject")])))?;
    tx.commit()?;
    warnings.iter().for_each(|w| warn(w));
    ctx.done(
        &t(
            Msg::SubjectAdded,
            &[("id", &id.to_string()), ("name", &s.name)],
        ),
        &record(&s),
    )
}

fn list(
    ctx: &Ctx,
    commune: Option<String>,
    kind: Option<String>,
    search: Option<String>,
) -> Result<()> {
    let conn = ctx.open()?;
    let unit_ids = match commune {
        Some(c) => Some(same_code_units(&conn, &c)?),
        None => None,
    };
    let kind = match kind {
        Some(k) => Some(SubjectKind::parse(&k)?.id().to_string()),
        None => None,
    };
    let rows = subjects::list(
        &conn,
        &subjects::ListFilter {
            unit_ids,
            kind,
            search,
        },
    )?;
    let mut out = Listing::new(&[
        col("id", Msg::HId),
        col("kind", Msg::HSubjectKind),
        col("name", Msg::HName),
        col("tax_code", Msg::HTaxCode),
        col("representative", Msg::HRepresentative),
        col("phone", Msg::HPhone),
        col("commune_code", Msg::HCommuneCode),
        col("commune_name", Msg::HCommune),
        col("products", Msg::HProducts),
    ]);
    for s in rows {
        out.push(vec![
            s.id.into(),
            if_machine_id(&s.kind),
            s.name.into(),
            s.tax_code.into(),
            s.representative.into(),
            s.phone.into(),
            s.commune_code.into(),
            s.commune_name.into(),
            s.products.into(),
        ]);
    }
    ctx.print_listing(&out)
}

/// The ids of every version of the commune a user named (a filter by "Xuân Lập" should find the
/// producers of the commune before and after its merger, which share the code).
pub fn same_code_units(conn: &rusqlite::Connection, query: &str) -> Result<Vec<i64>> {
    let u = ops::find_commune(conn, query, &today().to_string())?;
    Ok(db::units::by_code(conn, "commune", &u.code)?
        .into_iter()
        .map(|u| u.id)
        .collect())
}

fn show(ctx: &Ctx, query: &str) -> Result<()> {
    let conn = ctx.open()?;
    let s = subjects::find(&conn, query)?;
    ctx.print_record(&record(&s))
}

fn edit(ctx: &Ctx, query: &str, input: SubjectInput) -> Result<()> {
    if input.is_empty() {
        return Err(Error::usage(t(Msg::NothingToEdit, &[])));
    }
    let mut conn = ctx.open()?;
    let tx = db::write(&mut conn)?;
    let s = subjects::find(&tx, query)?;
    let old = s.fields();
    let (fields, warnings) = ops::subject_fields(&tx, Some(old.clone()), &input)?;
    subjects::update(&tx, s.id, &fields)?;
    let changes = ops::diff(&ops::subject_json(&old), &ops::subject_json(&fields));
    audit::record(
        &tx,
        &ctx.operator,
        "edit",
        "subject",
        &s.id.to_string(),
        &changes,
    )?;
    let s = subjects::get(&tx, s.id)?
        .ok_or_else(|| Error::data(t(Msg::RecordVanished, &[("what", "subject")])))?;
    tx.commit()?;
    warnings.iter().for_each(|w| warn(w));
    ctx.done(
        &t(
            Msg::SubjectEdited,
            &[("id", &s.id.to_string()), ("name", &s.name)],
        ),
        &record(&s),
    )
}

fn remove(ctx: &Ctx, query: &str) -> Result<()> {
    let mut conn = ctx.open()?;
    let tx = db::write(&mut conn)?;
    let s = subjects::find(&tx, query)?;
    if s.products > 0 {
        return Err(Error::data(t(
            Msg::SubjectHasProducts,
            &[
                ("id", &s.id.to_string()),
                ("name", &s.name),
                ("count", &s.products.to_string()),
            ],
        )));
    }
    subjects::delete(&tx, s.id)?;
    audit::record(
        &tx,
        &ctx.operator,
        "remove",
        "subject",
        &s.id.to_string(),
        &json!({ "name": s.name, "tax_code": s.tax_code }),
    )?;
    tx.commit()?;
    ctx.done(
        &t(
            Msg::SubjectRemoved,
            &[("id", &s.id.to_string()), ("name", &s.name)],
        ),
        &record(&s),
    )
}
