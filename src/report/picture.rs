//! A chart as a PNG picture, for the Word brief (a workbook draws its charts natively).
//!
//! Drawn with plotters on a pixel buffer in memory and encoded with png: no file, no system font
//! (the DejaVu Sans shipped in assets/fonts covers every Vietnamese letter), so the same bars
//! give the same bytes on every machine.

use std::sync::OnceLock;

use plotters::coord::ranged1d::{IntoSegmentedCoord, SegmentValue};
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

use super::chart::{Bars, STAR_RGB, value_axis};
use crate::error::{Error, Result};
use crate::i18n::{Msg, l, t};

static FONT: &[u8] = include_bytes!("../../assets/fonts/DejaVuSans.ttf");
const FAMILY: &str = "ocop-sans";

/// A drawn picture: PNG bytes and the size in pixels.
pub struct Picture {
    pub png: Vec<u8>,
    pub width: u32,
    pub height: u32,
}

fn failed(e: impl std::fmt::Display) -> Error {
    Error::data(t(Msg::ChartFailed, &[("detail", &e.to_string())]))
}

fn font() -> Result<()> {
    static REGISTERED: OnceLock<bool> = OnceLock::new();
    let ok = *REGISTERED
        .get_or_init(|| plotters::style::register_font(FAMILY, FontStyle::Normal, FONT).is_ok());
    if ok {
        Ok(())
    } else {
        Err(failed("DejaVuSans.ttf"))
    }
}

/// `text` in lines no wider than `max` pixels, broken between words.
fn wrap<DB: DrawingBackend>(
    area: &DrawingArea<DB, plotters::coord::Shift>,
    text: &str,
    font: &FontDesc<'_>,
    max: u32,
) -> Result<Vec<String>> {
    let mut lines: Vec<String> = Vec::new();
    let mut line = String::new();
    for word in text.split_whitespace() {
        let candidate = if line.is_empty() {
            word.to_string()
        } else {
            format!("{line} {word}")
        };
        let (w, _) = area
            .estimate_text_size(&candidate, &TextStyle::from(font.clone()))
            .map_err(failed)?;
        if w > max && !line.is_empty() {
            lines.push(std::mem::replace(&mut line, word.to_string()));
        } else {
            line = candidate;
        }
    }
    if !line.is_empty() {
        lines.push(line);
    }
    Ok(lines)
}

/// The series stacked bar by bar, each in its star's colour, and their legend: `segment` places
/// bar `i`'s segment from one count to another in the chart's coordinates.
fn stacks<'a, DB, X, Y>(
    chart: &mut ChartContext<'a, DB, Cartesian2d<X, Y>>,
    bars: &Bars,
    segment: impl Fn(usize, i64, i64, ShapeStyle) -> Rectangle<(X::ValueType, Y::ValueType)>,
    legend_at: SeriesLabelPosition,
    label: FontDesc<'a>,
) -> Result<()>
where
    DB: DrawingBackend + 'a,
    X: Ranged,
    Y: Ranged,
{
    // Where each bar has reached so far.
    let mut base = vec![0i64; bars.categories.len()];
    for (k, (name, values)) in bars.series.iter().enumerate() {
        let (r, g, b) = STAR_RGB[k.min(2)];
        let colour = RGBColor(r, g, b);
        let rects: Vec<_> = values
            .iter()
            .enumerate()
            .filter(|(_, v)| **v > 0)
            .map(|(i, v)| segment(i, base[i], base[i] + v, colour.filled()))
            .collect();
        for (b, v) in base.iter_mut().zip(values) {
            *b += v;
        }
        chart
            .draw_series(rects)
            .map_err(failed)?
            .label(name.as_str())
            .legend(move |(x, y)| Rectangle::new([(x, y - 10), (x + 22, y + 10)], colour.filled()));
    }
    chart
        .configure_series_labels()
        .position(legend_at)
        .background_style(WHITE)
        .border_style(BLACK)
        .label_font(label)
        .draw()
        .map_err(failed)?;
    Ok(())
}

/// The bars as a picture: horizontal bars with the categories down the left, the most on top, or
/// upright columns with the categories along the foot; the legend names the series.
pub fn draw(bars: &Bars) -> Result<Picture> {
    font()?;
    let n = bars.categories.len();
    let width: u32 = 1200;
    let height: u32 = if bars.horizontal {
        (160 + 32 * n as u32).max(420)
    } else {
        640
    };
    let mut buf = vec![255u8; width as usize * height as usize * 3];
    {
        let root = BitMapBackend::with_buffer(&mut buf, (width, height)).into_drawing_area();
        root.fill(&WHITE).map_err(failed)?;
        let (step, top) = value_axis(bars.max_total());
        let ticks = (top / step + 1) as usize;
        let label = (FAMILY, 30).into_font();
        // The title over the chart, wrapped at word boundaries to the picture's width (a
        // caption would be cut at both ends).
        let title_font = (FAMILY, 34).into_font();
        let lines = wrap(&root, &bars.title, &title_font, width.saturating_sub(80))?;
        let (head, body) = root.split_vertically(24 + 44 * lines.len() as u32);
        let centred = title_font
            .color(&BLACK)
            .pos(Pos::new(HPos::Center, VPos::Top));
        for (i, line) in lines.iter().enumerate() {
            head.draw(&Text::new(
                line.as_str(),
                (width as i32 / 2, 16 + 44 * i as i32),
                centred.clone(),
            ))
            .map_err(failed)?;
        }
        let mut cb = ChartBuilder::on(&body);
        cb.margin(24).margin_right(48);
        if bars.horizontal {
            // Room for the longest name down the left.
            let longest = bars
                .categories
                .iter()
                .map(|c| c.chars().count())
                .max()
                .unwrap_or(4) as u32;
            cb.x_label_area_size(70)
                .y_label_area_size((longest * 17 + 20).clamp(140, 600));
            let mut chart = cb
                .build_cartesian_2d(0i64..top, (0..n as i32).into_segmented())
                .map_err(failed)?;
            let name_of = |v: &SegmentValue<i32>| match v {
                SegmentValue::CenterOf(i) => n
                    .checked_sub(1 + *i as usize)
                    .and_then(|k| bars.categories.get(k))
                    .cloned()
                    .unwrap_or_default(),
                _ => String::new(),
            };
            chart
                .configure_mesh()
                .disable_y_mesh()
                .x_labels(ticks)
                .x_label_formatter(&|x| x.to_string())
                .y_labels(n)
                .y_label_formatter(&name_of)
                .label_style(label.clone())
                .x_desc(l(Msg::HProducts))
                .axis_desc_style(label.clone())
                .draw()
                .map_err(failed)?;
            // The first category at the top.
            stacks(
                &mut chart,
                bars,
                |i, from, to, style| {
                    let y = (n - 1 - i) as i32;
                    let mut r = Rectangle::new(
                        [
                            (from, SegmentValue::Exact(y)),
                            (to, SegmentValue::Exact(y + 1)),
                        ],
                        style,
                    );
                    r.set_margin(4, 4, 0, 0);
                    r
                },
                SeriesLabelPosition::LowerRight,
                label,
            )?;
        } else {
            cb.x_label_area_size(60).y_label_area_size(90);
            let mut chart = cb
                .build_cartesian_2d((0..n as i32).into_segmented(), 0i64..top)
                .map_err(failed)?;
            let name_of = |v: &SegmentValue<i32>| match v {
                SegmentValue::CenterOf(i) => bars
                    .categories
                    .get(*i as usize)
                    .cloned()
                    .unwrap_or_default(),
                _ => String::new(),
            };
            chart
                .configure_mesh()
                .disable_x_mesh()
                .y_labels(ticks)
                .y_label_formatter(&|y| y.to_string())
                .x_labels(n)
                .x_label_formatter(&name_of)
                .label_style(label.clone())
                .y_desc(l(Msg::HProducts))
                .axis_desc_style(label.clone())
                .draw()
                .map_err(failed)?;
            stacks(
                &mut chart,
                bars,
                |i, from, to, style| {
                    let x = i as i32;
                    let mut r = Rectangle::new(
                        [
                            (SegmentValue::Exact(x), to),
                            (SegmentValue::Exact(x + 1), from),
                        ],
                        style,
                    );
                    r.set_margin(0, 0, 40, 40);
                    r
                },
                SeriesLabelPosition::UpperRight,
                label,
            )?;
        }
        root.present().map_err(failed)?;
    }
    let mut png = Vec::new();
    {
        let mut enc = png::Encoder::new(&mut png, width, height);
        enc.set_color(png::ColorType::Rgb);
        enc.set_depth(png::BitDepth::Eight);
        let mut w = enc.write_header().map_err(failed)?;
        w.write_image_data(&buf).map_err(failed)?;
    }
    Ok(Picture { png, width, height })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn bars(horizontal: bool) -> Bars {
        Bars {
            title: "Sản phẩm OCOP theo số sao và theo xã: Huyện Thọ Xuân, năm 2019".into(),
            horizontal,
            category_head: "Xã".into(),
            categories: vec!["Thị trấn Lam Sơn".into(), "Xã Bắc Lương".into()],
            series: vec![
                ("3 sao".into(), vec![0, 1]),
                ("4 sao".into(), vec![2, 0]),
                ("5 sao".into(), vec![0, 1]),
            ],
        }
    }

    #[test]
    fn a_chart_is_a_png_and_the_same_bars_give_the_same_bytes() {
        for h in [true, false] {
            let a = draw(&bars(h)).unwrap();
            assert!(a.png.starts_with(b"\x89PNG\r\n\x1a\n"));
            assert_eq!(a.width, 1200);
            assert_eq!(draw(&bars(h)).unwrap().png, a.png);
        }
    }
}
