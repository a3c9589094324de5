//! `ocop demo`: a fresh database from the bundled Thọ Xuân 2019 sample, and what it holds.
//!
//! The sample is compiled into the binary, so the demo runs from any folder.

use std::collections::BTreeMap;
use std::path::Path;

use rusqlite::Connection;

use crate::cli::DemoArgs;
use crate::db::{self, Location};
use crate::domain::date::parse_date;
use crate::error::{Error, Result};
use crate::i18n::{Msg, l, t};
use crate::ops::{self, ProductInput, RegisterInput, SubjectInput};
use crate::output::{Listing, Value, col};
use crate::text::fold;

use super::Ctx;

pub const UNITS_CSV: &str = include_str!("../../fixtures/units/tho-xuan.csv");
pub const REGISTRATIONS_CSV: &str = include_str!("../../fixtures/demo/registrations-2019.csv");

pub fn run(ctx: &Ctx, args: DemoArgs) -> Result<()> {
    std::fs::create_dir_all(&args.dir).map_err(|e| {
        Error::env(t(
            Msg::FileUnwritable,
            &[
                ("path", &args.dir.display().to_string()),
                ("detail", &e.to_string()),
            ],
        ))
    })?;
    let path = args.dir.join("ocop.db");
    let demo_ctx = Ctx {
        loc: Location {
            path: path.clone(),
            wait: ctx.loc.wait,
        },
        style: ctx.style,
        operator: ctx.operator.clone(),
    };
    replace_old_demo(&demo_ctx, &path)?;
    super::init::create(
        &demo_ctx,
        &path,
        Some((Path::new("fixtures/units/tho-xuan.csv"), UNITS_CSV)),
        Some("395"),
        true,
    )?;
    let mut conn = demo_ctx.open()?;
    let tx = db::write(&mut conn)?;
    load_registrations(&tx, &demo_ctx.operator, REGISTRATIONS_CSV)?;
    tx.commit()?;
    print_summary(&demo_ctx, &conn, 2019)?;
    eprintln!(
        "{}",
        t(
            Msg::DemoDone,
            &[
                ("path", &path.display().to_string()),
                ("subjects", &db::subjects::count(&conn)?.to_string()),
                ("products", &db::products::count(&conn)?.to_string()),
                (
                    "registrations",
                    &db::registrations::count(&conn)?.to_string()
                ),
            ],
        )
    );
    Ok(())
}

/// A database left by an earlier demo is ours to replace; any other file is refused.
fn replace_old_demo(ctx: &Ctx, path: &Path) -> Result<()> {
    if !path.exists() {
        return Ok(());
    }
    let is_demo = ctx
        .open()
        .and_then(|c| db::meta_get(&c, "demo"))
        .map(|v| v.as_deref() == Some("1"))
        .unwrap_or(false);
    if !is_demo {
        return Err(Error::data(t(
            Msg::DemoDirHasDb,
            &[("path", &path.display().to_string())],
        )));
    }
    for suffix in ["", "-wal", "-shm"] {
        let p = format!("{}{suffix}", path.display());
        if Path::new(&p).exists() {
            std::fs::remove_file(&p)?;
        }
    }
    Ok(())
}

/// Loads the sample's rows (the registrations exchange format) through the same operations as
/// the commands: producers matched by tax code, else by name and commune; products by producer
/// and name.
fn load_registrations(conn: &Connection, operator: &str, text: &str) -> Result<()> {
    let mut rdr = csv::Reader::from_reader(text.as_bytes());
    let headers = rdr
        .headers()
        .map_err(|e| Error::data(e.to_string()))?
        .clone();
    let mut subjects: BTreeMap<String, i64> = BTreeMap::new();
    for rec in rdr.records() {
        let rec = rec.map_err(|e| Error::data(e.to_string()))?;
        let get = |name: &str| -> Option<String> {
            headers
                .iter()
                .position(|h| h == name)
                .and_then(|i| rec.get(i))
                .map(str::to_string)
                .filter(|s| !s.is_empty())
        };
        let on = match get("registered_on") {
            Some(d) => parse_date(&d)?.to_string(),
            None => "2019-07-01".into(),
        };
        let commune = ops::find_commune(conn, &get("commune").unwrap_or_default(), &on)?;
        let name = get("subject_name").unwrap_or_default();
        let key = get("tax_code").unwrap_or_else(|| format!("{}|{}", fold(&name), commune.id));
        let subject_id = match subjects.get(&key) {
            Some(id) => *id,
            None => {
                let input = SubjectInput {
                    kind: get("subject_kind"),
                    name: Some(name.clone()),
                    tax_code: get("tax_code"),
                    representative: get("representative"),
                    phone: get("phone"),
                    address: get("address"),
                    commune: None,
                    unit_id: Some(commune.id),
                };
                let (fields, _) = ops::subject_fields(conn, None, &input)?;
                let id = ops::add_subject(conn, operator, &fields)?;
                subjects.insert(key, id);
                id
            }
        };
        let year = get("year").unwrap_or_default();
        let regime = crate::rules::regime::Regimes::builtin()?
            .for_year(crate::domain::date::parse_year(&year)?)?
            .id
            .clone();
        let product_name = get("product_name").unwrap_or_default();
        let product_id = match db::products::find(conn, &product_name, Some(subject_id)) {
            Ok(p) if fold(&p.name) == fold(&product_name) => p.id,
            _ => {
                let fields = ops::product_fields(
                    conn,
                    None,
                    &ProductInput {
                        name: Some(product_name.clone()),
                        subject: Some(subject_id.to_string()),
                        set: get("product_set"),
                        regime: Some(regime),
                        commune: None,
                    },
                )?;
                ops::add_product(conn, operator, &fields)?
            }
        };
        ops::register(
            conn,
            operator,
            &RegisterInput {
                product_id,
                year,
                round: get("round").unwrap_or_else(|| "1".into()),
                kind: get("kind").unwrap_or_else(|| "new".into()),
                stage: get("stage").unwrap_or_else(|| "idea".into()),
                date: Some(on),
                regime: None,
                set: None,
            },
        )?;
    }
    Ok(())
}

/// Registrations per commune of the year, by stage, with a total row.
fn print_summary(ctx: &Ctx, conn: &Connection, year: i32) -> Result<()> {
    let rows = db::registrations::list(
        conn,
        &db::registrations::ListFilter {
            year: Some(year),
            ..Default::default()
        },
    )?;
    let mut per: BTreeMap<(String, String), [i64; 5]> = BTreeMap::new();
    for r in &rows {
        let e = per
            .entry((r.commune_code.clone(), r.commune_name.clone()))
            .or_default();
        e[0] += 1;
        let i = match r.stage.as_str() {
            "idea" | "plan" | "implementing" => 1,
            "withdrawn" => 3,
            "submitted" => 2,
            _ => 4,
        };
        e[i] += 1;
    }
    let mut out = Listing::new(&[
        col("commune_code", Msg::HCommuneCode),
        col("commune_name", Msg::HCommune),
        col("registrations", Msg::HRegistrations),
        col("preparing", Msg::HPreparing),
        col("submitted", Msg::HSubmitted),
        col("withdrawn", Msg::HWithdrawn),
        col("decided", Msg::HDecided),
    ]);
    let mut total = [0i64; 5];
    for ((code, name), n) in &per {
        out.push(
            [Value::from(code.clone()), Value::from(name.clone())]
                .into_iter()
                .chain(n.iter().map(|v| Value::Int(*v)))
                .collect(),
        );
        for (t, v) in total.iter_mut().zip(n) {
            *t += v;
        }
    }
    out.push(
        [Value::from("total"), Value::from(l(Msg::HTotal))]
            .into_iter()
            .chain(total.iter().map(|v| Value::Int(*v)))
            .collect(),
    );
    if !ctx.machine() {
        println!("{}", l(Msg::DemoTitle));
    }
    ctx.print_listing(&out)
}
