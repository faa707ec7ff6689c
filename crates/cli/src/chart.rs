//! The look every jsess chart shares (`bench --chart`, `scan --html`), and bar charts drawn as
//! SVG text with plotters' SVG backend, so a page can carry them inline.

use anyhow::{anyhow, Result};
use plotters::prelude::*;

/// Font of a chart's caption.
pub const CAPTION_FONT: (&str, u32) = ("sans-serif", 20);
/// Font of the labels written beside points and bars.
pub const LABEL_FONT: (&str, u32) = ("sans-serif", 14);
/// Space around the plotting area, in pixels.
pub const MARGIN: u32 = 20;
/// Width of the charts drawn for pages, in pixels.
const WIDTH: u32 = 860;
/// Height of one bar of a horizontal bar chart, in pixels.
const ROW: u32 = 30;
/// A rough width of one character of the label font, to size the label area to the longest
/// label (the SVG backend has no font metrics to ask).
const CHAR_WIDTH: u32 = 8;

/// Colour of the bars.
fn bar_colour() -> RGBColor {
    RGBColor(0x3b, 0x6e, 0xa8)
}

/// A drawing error, which plotters types by backend, as the one error type jsess reports.
pub fn error(e: &dyn std::fmt::Display) -> anyhow::Error {
    anyhow!("drawing the chart: {e}")
}

/// One bar per category, laid out left to right (for ordered categories such as size
/// buckets), as an SVG document.
pub fn vertical_bars(
    caption: &str,
    x_desc: &str,
    y_desc: &str,
    bars: &[(String, u64)],
) -> Result<String> {
    let mut svg = String::new();
    {
        let root = SVGBackend::with_string(&mut svg, (WIDTH, 380)).into_drawing_area();
        root.fill(&WHITE).map_err(|e| error(&e))?;
        let n = bars.len() as u32;
        let top = bars.iter().map(|b| b.1).max().unwrap_or(0).max(1);
        let mut chart = ChartBuilder::on(&root)
            .caption(caption, CAPTION_FONT)
            .margin(MARGIN)
            .x_label_area_size(45)
            .y_label_area_size(70)
            .build_cartesian_2d((0..last(n)).into_segmented(), 0..top + top / 8 + 1)
            .map_err(|e| error(&e))?;
        chart
            .configure_mesh()
            .disable_x_mesh()
            .light_line_style(WHITE)
            .x_labels(bars.len().max(1))
            .x_label_formatter(&|v| label_of(bars, v))
            .x_desc(x_desc)
            .y_desc(y_desc)
            .label_style(LABEL_FONT)
            .axis_desc_style(LABEL_FONT)
            .draw()
            .map_err(|e| error(&e))?;
        chart
            .draw_series(
                Histogram::vertical(&chart)
                    .style(bar_colour().filled())
                    .margin(3)
                    .data(bars.iter().enumerate().map(|(i, b)| (i as u32, b.1))),
            )
            .map_err(|e| error(&e))?;
        // The count above each bar: the axis alone does not tell a bar of 1 from an empty one.
        chart
            .draw_series(
                bars.iter()
                    .enumerate()
                    .filter(|(_, b)| b.1 > 0)
                    .map(|(i, b)| {
                        EmptyElement::at((SegmentValue::CenterOf(i as u32), b.1))
                            + Text::new(b.1.to_string(), (-4, -16), LABEL_FONT.into_font())
                    }),
            )
            .map_err(|e| error(&e))?;
        root.present().map_err(|e| error(&e))?;
    }
    Ok(svg)
}

/// One bar per category, stacked top to bottom with its label on the left (for named
/// categories, whose labels would not fit under vertical bars), as an SVG document.
pub fn horizontal_bars(caption: &str, x_desc: &str, bars: &[(String, u64)]) -> Result<String> {
    let mut svg = String::new();
    {
        let n = bars.len() as u32;
        let height = 110 + ROW * n.max(2);
        let root = SVGBackend::with_string(&mut svg, (WIDTH, height)).into_drawing_area();
        root.fill(&WHITE).map_err(|e| error(&e))?;
        let top = bars.iter().map(|b| b.1).max().unwrap_or(0).max(1);
        let longest = bars.iter().map(|b| b.0.chars().count()).max().unwrap_or(0) as u32;
        let mut chart = ChartBuilder::on(&root)
            .caption(caption, CAPTION_FONT)
            .margin(MARGIN)
            .x_label_area_size(40)
            .y_label_area_size((longest * CHAR_WIDTH + 16).clamp(60, WIDTH / 2))
            .build_cartesian_2d(0..top + top / 6 + 1, (0..last(n)).into_segmented())
            .map_err(|e| error(&e))?;
        chart
            .configure_mesh()
            .disable_y_mesh()
            .light_line_style(WHITE)
            .y_labels(bars.len().max(1))
            .y_label_formatter(&|v| label_of(bars, &top_down(n, v)))
            .x_desc(x_desc)
            .label_style(LABEL_FONT)
            .axis_desc_style(LABEL_FONT)
            .draw()
            .map_err(|e| error(&e))?;
        chart
            .draw_series(
                Histogram::horizontal(&chart)
                    .style(bar_colour().filled())
                    .margin(4)
                    .data(
                        bars.iter()
                            .enumerate()
                            .map(|(i, b)| (n - 1 - i as u32, b.1)),
                    ),
            )
            .map_err(|e| error(&e))?;
        chart
            .draw_series(bars.iter().enumerate().map(|(i, b)| {
                EmptyElement::at((b.1, SegmentValue::CenterOf(n - 1 - i as u32)))
                    + Text::new(b.1.to_string(), (6, -7), LABEL_FONT.into_font())
            }))
            .map_err(|e| error(&e))?;
        root.present().map_err(|e| error(&e))?;
    }
    Ok(svg)
}

/// The last category's index: plotters' integer ranges hold their end, one segment each (a
/// single category still needs a range of two to be drawn).
fn last(n: u32) -> u32 {
    n.saturating_sub(1).max(1)
}

/// The segment of the y axis counted from the top (plotters counts up from the bottom, and a
/// list reads from the top).
fn top_down(n: u32, v: &SegmentValue<u32>) -> SegmentValue<u32> {
    match v {
        SegmentValue::CenterOf(i) if *i < n => SegmentValue::CenterOf(n - 1 - i),
        _ => SegmentValue::Last,
    }
}

/// The label of the category a segment stands for (the axis also asks for the segments'
/// edges and the end of the range, which get none).
fn label_of(bars: &[(String, u64)], v: &SegmentValue<u32>) -> String {
    match v {
        SegmentValue::CenterOf(i) => bars
            .get(*i as usize)
            .map(|b| b.0.clone())
            .unwrap_or_default(),
        _ => String::new(),
    }
}
