//! `ocop product add|list|show|edit|remove`: products (sản phẩm).

use serde_json::json;

use crate::cli::{ProductCmd, ProductFieldArgs};
use crate::db::{self, audit, products};
use crate::domain::date::today;
use crate::error::{Error, Result};
use crate::i18n::{Msg, t};
use crate::ops::{self, ProductInput};
use crate::output::{Listing, Record, col};
use crate::rules::regime::Regimes;

use super::Ctx;

impl From<ProductFieldArgs> for ProductInput {
    fn from(a: ProductFieldArgs) -> Self {
        ProductInput {
            name: a.name,
            subject: a.subject,
            set: a.set,
            regime: a.regime,
            commune: a.commune,
            as_of: a.as_of,
        }
    }
}

pub fn run(ctx: &Ctx, cmd: ProductCmd) -> Result<()> {
    match cmd {
        ProductCmd::Add(a) => add(ctx, a.into()),
        ProductCmd::List {
            subject,
            commune,
            set,
            regime,
            search,
        } => list(ctx, subject, commune, set, regime, search),
        ProductCmd::Show { product } => show(ctx, &product),
        ProductCmd::Edit { product, fields } => edit(ctx, &product, fields.into()),
        ProductCmd::Remove { product } => remove(ctx, &product),
    }
}

/// The set's name in the user's language for tables; its id for CSV and JSON.
fn set_label(regime: &str, set: &str) -> crate::output::Value {
    let name = Regimes::in_use()
        .ok()
        .and_then(|r| r.get(regime).ok())
        .and_then(|r| r.set(set))
        .map_or_else(|| set.to_string(), |s| s.name().to_string());
    crate::output::coded(set, name)
}

fn record(p: &products::Product) -> Record {
    let mut r = Record::default();
    r.add("id", Msg::HId, p.id);
    r.add("name", Msg::HName, p.name.clone());
    r.add("subject_id", Msg::HId, p.subject_id);
    r.add("subject_name", Msg::HSubject, p.subject_name.clone());
    r.add("regime", Msg::HRegime, p.regime.clone());
    r.add(
        "product_set",
        Msg::HProductSet,
        set_label(&p.regime, &p.product_set),
    );
    r.add("commune_code", Msg::HCommuneCode, p.commune_code.clone());
    r.add("commune_name", Msg::HCommune, p.commune_name.clone());
    r.add("registrations", Msg::HRegistrations, p.registrations);
    r
}

fn add(ctx: &Ctx, input: ProductInput) -> Result<()> {
    let mut conn = ctx.open()?;
    let tx = db::write(&mut conn)?;
    let fields = ops::product_fields(&tx, None, &input)?;
    let id = ops::add_product(&tx, &ctx.operator, &fields)?;
    let p = products::get(&tx, id)?
        .ok_or_else(|| Error::data(t(Msg::RecordVanished, &[("what", "product")])))?;
    tx.commit()?;
    ctx.done(
        &t(
            Msg::ProductAdded,
            &[
                ("id", &id.to_string()),
                ("name", &p.name),
                ("set", &set_label(&p.regime, &p.product_set).to_string()),
                ("regime", &p.regime),
            ],
        ),
        &record(&p),
    )
}

fn list(
    ctx: &Ctx,
    subject: Option<String>,
    commune: Option<String>,
    set: Option<String>,
    regime: Option<String>,
    search: Option<String>,
) -> Result<()> {
    let conn = ctx.open()?;
    let subject_id = match subject {
        Some(s) => Some(db::subjects::find(&conn, &s)?.id),
        None => None,
    };
    let unit_ids = match commune {
        Some(c) => Some(super::subject::same_code_units(&conn, &c)?),
        None => None,
    };
    let product_set = match set {
        Some(s) => {
            let regimes = Regimes::in_use()?;
            let r = match regime {
                Some(r) => regimes.get(&r)?,
                None => regimes.on(today())?,
            };
            Some(r.find_set(&s)?.id.clone())
        }
        None => None,
    };
    let rows = products::list(
        &conn,
        &products::ListFilter {
            subject_id,
            unit_ids,
            product_set,
            search,
        },
    )?;
    let mut out = Listing::new(&[
        col("id", Msg::HId),
        col("name", Msg::HName),
        col("subject_id", Msg::HSubjectId),
        col("subject_name", Msg::HSubject),
        col("regime", Msg::HRegime),
        col("product_set", Msg::HProductSet),
        col("commune_code", Msg::HCommuneCode),
        col("commune_name", Msg::HCommune),
        col("registrations", Msg::HRegistrations),
    ]);
    for p in rows {
        let set = set_label(&p.regime, &p.product_set);
        out.push(vec![
            p.id.into(),
            p.name.into(),
            p.subject_id.into(),
            p.subject_name.into(),
            p.regime.into(),
            set,
            p.commune_code.into(),
            p.commune_name.into(),
            p.registrations.into(),
        ]);
    }
    ctx.print_listing(&out)
}

fn show(ctx: &Ctx, query: &str) -> Result<()> {
    let conn = ctx.open()?;
    let p = products::find(&conn, query, None)?;
    ctx.print_record(&record(&p))
}

fn edit(ctx: &Ctx, query: &str, input: ProductInput) -> Result<()> {
    if input.name.is_none()
        && input.subject.is_none()
        && input.set.is_none()
        && input.regime.is_none()
        && input.commune.is_none()
    {
        return Err(Error::usage(t(Msg::NothingToEdit, &[])));
    }
    let mut conn = ctx.open()?;
    let tx = db::write(&mut conn)?;
    let p = products::find(&tx, query, None)?;
    let old = p.fields();
    let fields = ops::product_fields(&tx, Some(old.clone()), &input)?;
    products::update(&tx, p.id, &fields)?;
    let changes = ops::diff(&ops::product_json(&old), &ops::product_json(&fields));
    audit::record(
        &tx,
        &ctx.operator,
        "edit",
        "product",
        &p.id.to_string(),
        &changes,
    )?;
    let p = products::get(&tx, p.id)?
        .ok_or_else(|| Error::data(t(Msg::RecordVanished, &[("what", "product")])))?;
    tx.commit()?;
    ctx.done(
        &t(
            Msg::ProductEdited,
            &[("id", &p.id.to_string()), ("name", &p.name)],
        ),
        &record(&p),
    )
}

fn remove(ctx: &Ctx, query: &str) -> Result<()> {
    let mut conn = ctx.open()?;
    let tx = db::write(&mut conn)?;
    let p = products::find(&tx, query, None)?;
    if p.registrations > 0 {
        return Err(Error::data(t(
            Msg::ProductHasRegistrations,
            &[
                ("id", &p.id.to_string()),
                ("name", &p.name),
                ("count", &p.registrations.to_string()),
            ],
        )));
    }
    products::delete(&tx, p.id)?;
    audit::record(
        &tx,
        &ctx.operator,
        "remove",
        "product",
        &p.id.to_string(),
        &json!({ "name": p.name, "subject_id": p.subject_id }),
    )?;
    tx.commit()?;
    ctx.done(
        &t(
            Msg::ProductRemoved,
            &[("id", &p.id.to_string()), ("name", &p.name)],
        ),
        &record(&p),
    )
}
