//! `ocop criteria list`: the regimes and their product sets.

use crate::cli::CriteriaCmd;
use crate::error::Result;
use crate::i18n::Msg;
use crate::output::{Listing, col, machine_output};
use crate::rules::regime::Regimes;

use super::Ctx;

pub fn run(ctx: &Ctx, cmd: CriteriaCmd) -> Result<()> {
    match cmd {
        CriteriaCmd::List { regime } => list(ctx, regime),
    }
}

fn list(ctx: &Ctx, regime: Option<String>) -> Result<()> {
    let regimes = Regimes::builtin()?;
    match regime {
        None => {
            let mut out = Listing::new(&[
                col("id", Msg::HId),
                col("name", Msg::HName),
                col("valid_from", Msg::HValidFrom),
                col("valid_to", Msg::HValidTo),
                col("product_sets", Msg::HProductSet),
            ]);
            for r in &regimes.all {
                out.push(vec![
                    r.id.clone().into(),
                    r.name().to_string().into(),
                    r.in_force_from.clone().into(),
                    r.in_force_to.clone().into(),
                    (r.sets.len() as i64).into(),
                ]);
            }
            ctx.print_listing(&out)
        }
        Some(id) => {
            let r = regimes.get(&id)?;
            let mut out = Listing::new(&[
                col("no", Msg::HId),
                col("id", Msg::HCode),
                col("name", Msg::HProductSet),
                col("group", Msg::HGroup),
                col("industry", Msg::HIndustry),
            ]);
            for s in &r.sets {
                let g = r.group(&s.group);
                let ind = g.and_then(|g| r.industries.iter().find(|i| i.id == g.industry));
                let (g, ind) = if machine_output() {
                    (
                        s.group.clone(),
                        g.map(|g| g.industry.clone()).unwrap_or_default(),
                    )
                } else {
                    (
                        g.map(|g| g.name().to_string()).unwrap_or_default(),
                        ind.map(|i| match crate::i18n::lang() {
                            crate::i18n::Lang::Vi => i.vi.clone(),
                            crate::i18n::Lang::En => i.en.clone(),
                        })
                        .unwrap_or_default(),
                    )
                };
                out.push(vec![
                    i64::from(s.no).into(),
                    s.id.clone().into(),
                    s.name().to_string().into(),
                    g.into(),
                    ind.into(),
                ]);
            }
            ctx.print_listing(&out)
        }
    }
}
