//! The charts of the printed reports, as data: which bars, in which order, with which words. The
//! workbook draws them as native Excel charts, the brief as a picture; both from this one
//! description, so that the sheet and the Word document never disagree.

use crate::i18n::{Msg, l, t};
use crate::output::{Listing, Value};

/// Stacked bars: one bar per category, one stacked segment per series (3, 4 and 5 stars).
#[derive(Debug, Clone, PartialEq)]
pub struct Bars {
    pub title: String,
    /// Horizontal bars (communes, groups: long names read best down the side) or upright columns
    /// (years, read left to right).
    pub horizontal: bool,
    /// The heading of the category column in the chart's table ("Xã", "Nhóm", "Năm").
    pub category_head: String,
    pub categories: Vec<String>,
    /// Each series' name ("3 sao") and one value per category.
    pub series: Vec<(String, Vec<i64>)>,
}

/// The star columns of the summary, groups and trend listings, in stacking order.
const STAR_COLUMNS: [(&str, Msg); 3] = [
    ("stars_3", Msg::HStars3),
    ("stars_4", Msg::HStars4),
    ("stars_5", Msg::HStars5),
];

impl Bars {
    /// The bar totals, category by category.
    pub fn totals(&self) -> Vec<i64> {
        (0..self.categories.len())
            .map(|i| self.series.iter().map(|(_, v)| v[i]).sum())
            .collect()
    }

    /// The largest bar, for the axis.
    pub fn max_total(&self) -> i64 {
        self.totals().into_iter().max().unwrap_or(0)
    }

    pub fn is_empty(&self) -> bool {
        self.categories.is_empty()
    }
}

/// The stars' colours, light to dark (3★, 4★, 5★), so that the bars read as "more stars, deeper
/// colour" even on a black-and-white printer; the workbooks and the pictures alike.
pub const STAR_RGB: [(u8, u8, u8); 3] =
    [(0xF6, 0xC8, 0x5F), (0xE0, 0x8A, 0x2E), (0x9E, 0x2A, 0x14)];

/// The value axis of bars up to `max`: its step (`axis_step`) and its end, a whole number of
/// steps at or above the largest bar.
pub fn value_axis(max: i64) -> (i64, i64) {
    let step = axis_step(max);
    (step, (max.max(1) + step - 1) / step * step)
}

/// A step for an axis of whole products: 1, 2, 5, 10, 20, 50… so that about ten steps cover the
/// largest bar and no step is a fraction of a product.
pub fn axis_step(max: i64) -> i64 {
    let mut step = 1;
    loop {
        for k in [1, 2, 5] {
            if max <= 10 * step * k {
                return step * k;
            }
        }
        step *= 10;
    }
}

fn int(v: &Value) -> i64 {
    match v {
        Value::Int(n) => *n,
        _ => 0,
    }
}

fn label(v: &Value) -> String {
    match v {
        Value::Coded { label, .. } => label.clone(),
        other => other.to_string(),
    }
}

fn is_total(row: &[Value]) -> bool {
    matches!(row.first(), Some(Value::Text(t)) if t == "total")
}

/// Rows of a listing with star columns as bars: the category taken from `name_col`, rows with no
/// star at all left out (a commune without a recognised product draws nothing), the total row too.
fn star_bars(listing: &Listing, name_col: &str) -> Vec<(String, [i64; 3])> {
    let Some(name) = listing.column(name_col) else {
        return Vec::new();
    };
    let stars: Vec<Option<usize>> = STAR_COLUMNS
        .iter()
        .map(|(id, _)| listing.column(id))
        .collect();
    listing
        .rows
        .iter()
        .filter(|row| !is_total(row))
        .map(|row| {
            let mut n = [0; 3];
            for (k, c) in stars.iter().enumerate() {
                n[k] = c.map_or(0, |c| int(&row[c]));
            }
            (label(&row[name]), n)
        })
        .filter(|(_, n)| n.iter().sum::<i64>() > 0)
        .collect()
}

fn series_of(rows: &[(String, [i64; 3])]) -> Vec<(String, Vec<i64>)> {
    STAR_COLUMNS
        .iter()
        .enumerate()
        .map(|(k, (_, msg))| {
            (
                l(*msg).to_string(),
                rows.iter().map(|(_, n)| n[k]).collect(),
            )
        })
        .collect()
}

/// 3★, 4★ and 5★ per commune of the summary, only communes with such products, the most first
/// (communes with as many in unit-code order).
pub fn by_commune(summary: &Listing, area: &str) -> Bars {
    let mut rows = star_bars(summary, "commune_name");
    // A stable sort keeps the listing's unit-code order among equals.
    rows.sort_by_key(|(_, n)| std::cmp::Reverse(n.iter().sum::<i64>()));
    Bars {
        title: t(Msg::ChartByCommune, &[("area", area)]),
        horizontal: true,
        category_head: l(Msg::HCommune).to_string(),
        categories: rows.iter().map(|(c, _)| c.clone()).collect(),
        series: series_of(&rows),
    }
}

/// 3★, 4★ and 5★ per product group of the groups report, the most first (groups with as many
/// in the regime's order).
pub fn by_group(groups: &Listing, area: &str) -> Bars {
    let mut rows = star_bars(groups, "group_name");
    rows.sort_by_key(|(_, n)| std::cmp::Reverse(n.iter().sum::<i64>()));
    Bars {
        title: t(Msg::ChartByGroup, &[("area", area)]),
        horizontal: true,
        category_head: l(Msg::HGroup).to_string(),
        categories: rows.iter().map(|(c, _)| c.clone()).collect(),
        series: series_of(&rows),
    }
}

/// Recognised products per year and stars, from the trend listing (one row per year × stars).
pub fn by_year(trend: &Listing, area: &str) -> Bars {
    let (Some(year), Some(stars), Some(products)) = (
        trend.column("year"),
        trend.column("stars"),
        trend.column("products"),
    ) else {
        return Bars {
            title: String::new(),
            horizontal: false,
            category_head: String::new(),
            categories: Vec::new(),
            series: Vec::new(),
        };
    };
    let mut years: Vec<(i64, [i64; 3])> = Vec::new();
    for row in &trend.rows {
        let (y, s, n) = (int(&row[year]), int(&row[stars]), int(&row[products]));
        if !(3..=5).contains(&s) {
            continue;
        }
        match years.iter_mut().find(|(x, _)| *x == y) {
            Some((_, v)) => v[(s - 3) as usize] += n,
            None => {
                let mut v = [0; 3];
                v[(s - 3) as usize] = n;
                years.push((y, v));
            }
        }
    }
    years.sort_by_key(|(y, _)| *y);
    let rows: Vec<(String, [i64; 3])> = years.iter().map(|(y, v)| (y.to_string(), *v)).collect();
    Bars {
        title: t(Msg::ChartTrend, &[("area", area)]),
        horizontal: false,
        category_head: l(Msg::HYear).to_string(),
        categories: rows.iter().map(|(c, _)| c.clone()).collect(),
        series: series_of(&rows),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn axis_steps_are_whole_products() {
        assert_eq!(axis_step(0), 1);
        assert_eq!(axis_step(3), 1);
        assert_eq!(axis_step(10), 1);
        assert_eq!(axis_step(11), 2);
        assert_eq!(axis_step(47), 5);
        assert_eq!(axis_step(101), 20);
        assert_eq!(axis_step(4_999), 500);
    }

    #[test]
    fn communes_without_stars_are_left_out_and_the_most_come_first() {
        let mut s = Listing::new(&crate::report::SUMMARY_COLUMNS);
        let row = |code: &str, name: &str, n: [i64; 3]| {
            let mut v: Vec<Value> = vec![code.into(), name.into()];
            v.extend([0, 0, 0].map(Value::Int));
            v.extend(n.map(Value::Int));
            v.extend([Value::Int(0), Value::Int(0), Value::Null, Value::Int(0)]);
            v
        };
        s.push(row("01", "Xã A", [1, 0, 0]));
        s.push(row("02", "Xã B", [0, 0, 0]));
        s.push(row("03", "Xã C", [2, 1, 0]));
        s.push(row("04", "Xã D", [0, 1, 0]));
        s.push(row("total", "Tổng", [3, 2, 0]));
        let b = by_commune(&s, "Huyện X");
        assert_eq!(b.categories, ["Xã C", "Xã A", "Xã D"]);
        assert_eq!(b.series[0].1, [2, 1, 0]);
        assert_eq!(b.series[1].1, [1, 0, 1]);
        assert_eq!(b.max_total(), 3);
    }
}
