//! Line charts drawn with plotters on a canvas: sharp on HiDPI screens (the canvas is sized
//! in device pixels), coloured from the theme's tokens, redrawn when the data, the theme or
//! the width changes, and paired with a text alternative.

use leptos::html::Canvas;
use leptos::prelude::*;
use plotters::prelude::*;
use plotters_canvas::CanvasBackend;
use wasm_bindgen::JsCast;

use crate::ui::theme::use_theme;

/// One line of a chart.
#[derive(Debug, Clone, PartialEq)]
pub struct Series {
    /// Legend text.
    pub label: String,
    /// Points in data units, in x order.
    pub points: Vec<(f64, f64)>,
    /// Draw as a step line (values hold until the next point) instead of straight segments.
    pub steps: bool,
}

impl Series {
    pub fn new(label: impl Into<String>, points: Vec<(f64, f64)>) -> Self {
        Self {
            label: label.into(),
            points,
            steps: false,
        }
    }
}

/// The colours a chart uses, read from the theme (see `.chart-palette` in the CSS).
struct Palette {
    text: RGBColor,
    grid: RGBColor,
    bg: RGBColor,
    lines: Vec<RGBColor>,
}

/// Parses `rgb(r, g, b)` / `rgba(r, g, b, a)` as computed by the browser.
fn parse_rgb(css: &str) -> Option<RGBColor> {
    let inner = css.split_once('(')?.1.trim_end_matches(')');
    let mut parts = inner
        .split([',', ' ', '/'])
        .filter(|p| !p.is_empty())
        .map(|p| p.trim().parse::<f64>().ok());
    let mut next = || {
        parts
            .next()
            .flatten()
            .map(|v| v.round().clamp(0.0, 255.0) as u8)
    };
    Some(RGBColor(next()?, next()?, next()?))
}

fn read_palette(holder: &web_sys::Element) -> Palette {
    let color_of = |class: &str, fallback: RGBColor| {
        holder
            .query_selector(&format!(".{class}"))
            .ok()
            .flatten()
            .and_then(|el| web_sys::window()?.get_computed_style(&el).ok().flatten())
            .and_then(|style| style.get_property_value("color").ok())
            .and_then(|c| parse_rgb(&c))
            .unwrap_or(fallback)
    };
    Palette {
        text: color_of("chart-text", BLACK),
        grid: color_of("chart-grid", RGBColor(200, 200, 200)),
        bg: color_of("chart-bg", WHITE),
        lines: (1..=4)
            .map(|i| color_of(&format!("chart-line-{i}"), BLUE))
            .collect(),
    }
}

/// Tick labels in Vietnamese number format, compact for large values.
pub fn axis_number(v: f64) -> String {
    let a = v.abs();
    if a >= 1e6 {
        format!(
            "{} tr",
            crate::sim::format::decimal(v / 1e6, if a >= 1e7 { 0 } else { 1 })
        )
    } else if a >= 1e4 {
        format!("{} N", crate::sim::format::decimal(v / 1e3, 0))
    } else if a >= 100.0 || v.fract() == 0.0 {
        crate::sim::format::decimal(v, 0)
    } else {
        crate::sim::format::decimal(v, 2)
    }
}

fn bounds(series: &[Series]) -> ((f64, f64), (f64, f64)) {
    let pts = series.iter().flat_map(|s| s.points.iter());
    let (mut x0, mut x1, mut y0, mut y1) = (f64::MAX, f64::MIN, 0.0f64, f64::MIN);
    for &(x, y) in pts {
        x0 = x0.min(x);
        x1 = x1.max(x);
        y0 = y0.min(y);
        y1 = y1.max(y);
    }
    if x0 > x1 {
        (x0, x1) = (0.0, 1.0);
    }
    if x1 - x0 < 1e-9 {
        x1 = x0 + 1.0;
    }
    if y1 <= y0 {
        y1 = y0 + 1.0;
    }
    ((x0, x1), (y0, y1 * 1.08))
}

fn draw(
    canvas: &web_sys::HtmlCanvasElement,
    palette: &Palette,
    series: &[Series],
    x_label: &str,
    y_label: &str,
) -> Result<(), Box<dyn std::error::Error>> {
    let dpr = web_sys::window()
        .map_or(1.0, |w| w.device_pixel_ratio())
        .max(1.0);
    let css_width = canvas
        .parent_element()
        .map_or(600, |p| p.client_width())
        .max(200) as f64;
    let css_height = (css_width * 0.5).clamp(200.0, 320.0);
    // The bitmap is sized in device pixels and shown at CSS size: one canvas pixel per
    // screen pixel keeps lines and text sharp on HiDPI screens.
    canvas.set_width((css_width * dpr) as u32);
    canvas.set_height((css_height * dpr) as u32);
    canvas
        .set_attribute(
            "style",
            &format!("width:{css_width}px;height:{css_height}px"),
        )
        .ok();

    let backend = CanvasBackend::with_canvas_object(canvas.clone()).ok_or("no 2d context")?;
    let root = backend.into_drawing_area();
    root.fill(&palette.bg)?;
    let px = |v: f64| (v * dpr) as u32;
    let font = |size: f64| ("sans-serif", size * dpr).into_font().color(&palette.text);
    let ((x0, x1), (y0, y1)) = bounds(series);
    let mut chart = ChartBuilder::on(&root)
        .margin(px(10.0))
        .x_label_area_size(px(44.0))
        .y_label_area_size(px(62.0))
        .build_cartesian_2d(x0..x1, y0..y1)?;
    chart
        .configure_mesh()
        .x_desc(x_label)
        .y_desc(y_label)
        .label_style(font(11.0))
        .axis_desc_style(font(12.0))
        .x_label_formatter(&|v| axis_number(*v))
        .y_label_formatter(&|v| axis_number(*v))
        .x_labels(6)
        .y_labels(6)
        .bold_line_style(palette.grid.mix(0.55))
        .light_line_style(palette.grid.mix(0.2))
        .axis_style(palette.text.mix(0.6))
        .draw()?;
    for (i, s) in series.iter().enumerate() {
        let color = palette.lines[i % palette.lines.len()];
        let stroke = color.stroke_width(px(2.0).max(1));
        let points: Vec<(f64, f64)> = if s.steps {
            s.points
                .windows(2)
                .flat_map(|w| [w[0], (w[1].0, w[0].1)])
                .chain(s.points.last().copied())
                .collect()
        } else {
            s.points.clone()
        };
        let legend_len = px(18.0) as i32;
        chart
            .draw_series(LineSeries::new(points, stroke))?
            .label(s.label.clone())
            .legend(move |(x, y)| PathElement::new(vec![(x, y), (x + legend_len, y)], stroke));
    }
    if series.len() > 1 {
        chart
            .configure_series_labels()
            .position(SeriesLabelPosition::UpperLeft)
            .background_style(palette.bg.mix(0.85))
            .border_style(palette.grid)
            .label_font(font(12.0))
            .draw()?;
    }
    root.present()?;
    Ok(())
}

/// A line chart with a caption and a text alternative.
#[component]
pub fn LineChart(
    /// The lines to draw.
    #[prop(into)]
    series: Signal<Vec<Series>>,
    /// Caption shown above the chart.
    #[prop(into)]
    title: String,
    /// X axis label, with its unit.
    x_label: &'static str,
    /// Y axis label, with its unit.
    y_label: &'static str,
    /// What the chart shows, in words, for screen readers and for anyone who cannot see it.
    #[prop(into)]
    summary: Signal<String>,
) -> impl IntoView {
    let canvas_ref = NodeRef::<Canvas>::new();
    let holder_ref = NodeRef::<leptos::html::Figure>::new();
    let width = RwSignal::new(0);
    let dark = use_theme();
    let resize = window_event_listener(leptos::ev::resize, move |_| {
        if let Some(w) = web_sys::window().and_then(|w| w.inner_width().ok()?.as_f64()) {
            width.try_set(w as i32);
        }
    });
    on_cleanup(move || resize.remove());

    Effect::new(move |_| {
        let data = series.get();
        dark.track();
        width.track();
        let (Some(canvas), Some(holder)) = (canvas_ref.get(), holder_ref.get()) else {
            return;
        };
        let palette = read_palette(holder.unchecked_ref());
        if let Err(e) = draw(&canvas, &palette, &data, x_label, y_label) {
            web_sys::console::warn_1(&format!("Không vẽ được biểu đồ: {e}").into());
        }
    });

    view! {
        <figure class="chart" node_ref=holder_ref>
            <figcaption class="chart-title">{title}</figcaption>
            <div class="chart-canvas">
                <canvas node_ref=canvas_ref role="img" aria-label=move || summary.get()></canvas>
            </div>
            <p class="chart-summary">{move || summary.get()}</p>
            <span class="chart-palette" aria-hidden="true">
                <span class="chart-text"></span>
                <span class="chart-grid"></span>
                <span class="chart-bg"></span>
                <span class="chart-line-1"></span>
                <span class="chart-line-2"></span>
                <span class="chart-line-3"></span>
                <span class="chart-line-4"></span>
            </span>
        </figure>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_computed_colours() {
        assert_eq!(parse_rgb("rgb(29, 35, 43)"), Some(RGBColor(29, 35, 43)));
        assert_eq!(parse_rgb("rgba(1, 2, 3, 0.5)"), Some(RGBColor(1, 2, 3)));
        assert_eq!(parse_rgb("rgb(1 2 3 / 50%)"), Some(RGBColor(1, 2, 3)));
        assert_eq!(parse_rgb("red"), None);
    }

    #[test]
    fn axis_numbers_are_vietnamese_and_compact() {
        assert_eq!(axis_number(1_000_000.0), "1,0 tr");
        assert_eq!(axis_number(25_000.0), "25 N");
        assert_eq!(axis_number(1500.0), "1.500");
        assert_eq!(axis_number(0.25), "0,25");
    }

    #[test]
    fn bounds_cover_every_point_and_survive_empty_data() {
        let s = vec![Series::new("a", vec![(1.0, 2.0), (3.0, 10.0)])];
        let ((x0, x1), (y0, y1)) = bounds(&s);
        assert!(x0 <= 1.0 && x1 >= 3.0 && y0 <= 0.0 && y1 >= 10.0);
        let ((x0, x1), (y0, y1)) = bounds(&[]);
        assert!(x1 > x0 && y1 > y0);
    }
}
