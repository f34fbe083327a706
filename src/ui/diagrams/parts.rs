//! The shared visual language of the diagrams: boxes for services, cylinders for databases,
//! slotted boxes for queues and logs, dashed panels for groups, arrows with heads, labels.
//!
//! Every diagram is drawn on the same grid (`WIDTH` user units wide, text 17–18 units tall),
//! so the seven figures share one scale. Geometry lives here as attributes; every colour
//! comes from a CSS class in `style/diagrams.css` that reads the theme tokens.

use leptos::prelude::*;

/// Width of every diagram's viewBox, in user units (= CSS pixels at full size).
pub const WIDTH: f32 = 520.0;

/// Colour family of a shape or an arrow (a CSS class `t-…`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Tone {
    /// Clients, applications, anything without a side.
    Neutral,
    /// The write / command side.
    Write,
    /// The read / query side.
    Read,
    /// Events, buses, logs, and the control plane's configuration.
    Event,
    /// Security and the mesh's proxies (mTLS, sidecars).
    Secure,
    /// Warnings: rejected commands, the over-engineering zone.
    Bad,
}

impl Tone {
    pub const ALL: [Tone; 6] = [
        Tone::Neutral,
        Tone::Write,
        Tone::Read,
        Tone::Event,
        Tone::Secure,
        Tone::Bad,
    ];

    pub fn class(self) -> &'static str {
        match self {
            Tone::Neutral => "t-neutral",
            Tone::Write => "t-write",
            Tone::Read => "t-read",
            Tone::Event => "t-event",
            Tone::Secure => "t-secure",
            Tone::Bad => "t-bad",
        }
    }
}

/// The kind of a line of text inside a shape.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// Bold name of the thing.
    Title,
    /// What it does, in muted text.
    Sub,
    /// Code: a host name, a topic, a resource kind.
    Mono,
}

impl Kind {
    fn class(self) -> &'static str {
        match self {
            Kind::Title => "d-title",
            Kind::Sub => "d-sub",
            Kind::Mono => "d-mono",
        }
    }

    /// Line height in user units.
    fn height(self) -> f32 {
        match self {
            Kind::Title => 24.0,
            Kind::Sub | Kind::Mono => 22.0,
        }
    }
}

/// One line of text in a shape.
pub type Line = (Kind, String);

pub fn title(s: impl Into<String>) -> Line {
    (Kind::Title, s.into())
}

pub fn sub(s: impl Into<String>) -> Line {
    (Kind::Sub, s.into())
}

pub fn mono(s: impl Into<String>) -> Line {
    (Kind::Mono, s.into())
}

/// Horizontal anchor of a free label.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Anchor {
    Start,
    Middle,
    End,
}

impl Anchor {
    fn attr(self) -> &'static str {
        match self {
            Anchor::Start => "start",
            Anchor::Middle => "middle",
            Anchor::End => "end",
        }
    }
}

/// Lines centred on `cx`, stacked and centred vertically between `top` and `bottom`.
pub fn text_block(cx: f32, top: f32, bottom: f32, lines: Vec<Line>) -> impl IntoView {
    let total: f32 = lines.iter().map(|(k, _)| k.height()).sum();
    let mut y = top + (bottom - top - total) / 2.0;
    lines
        .into_iter()
        .map(|(kind, text)| {
            let cy = y + kind.height() / 2.0;
            y += kind.height();
            view! {
                <text class=kind.class() x=cx y=cy text-anchor="middle" dominant-baseline="central">
                    {text}
                </text>
            }
        })
        .collect_view()
}

/// A rectangle in user units.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Rect {
    pub x: f32,
    pub y: f32,
    pub w: f32,
    pub h: f32,
}

impl Rect {
    pub const fn new(x: f32, y: f32, w: f32, h: f32) -> Self {
        Self { x, y, w, h }
    }
    pub fn cx(&self) -> f32 {
        self.x + self.w / 2.0
    }
    pub fn cy(&self) -> f32 {
        self.y + self.h / 2.0
    }
    pub fn right(&self) -> f32 {
        self.x + self.w
    }
    pub fn bottom(&self) -> f32 {
        self.y + self.h
    }
}

/// A service, component or actor: a rounded box with centred lines.
pub fn node(r: Rect, tone: Tone, lines: Vec<Line>) -> impl IntoView {
    view! {
        <g class=format!("d-node {}", tone.class())>
            <rect class="d-box" x=r.x y=r.y width=r.w height=r.h rx="10"/>
            {text_block(r.cx(), r.y, r.bottom(), lines)}
        </g>
    }
}

/// Vertical radius of a cylinder's ellipses.
const CYL_RY: f32 = 10.0;

/// A database: a cylinder with centred lines below its lid.
pub fn cylinder(r: Rect, tone: Tone, lines: Vec<Line>) -> impl IntoView {
    let (rx, ry) = (r.w / 2.0, CYL_RY);
    let body = format!(
        "M{x},{top} V{low} A{rx},{ry} 0 0 0 {right},{low} V{top} A{rx},{ry} 0 0 0 {x},{top} Z",
        x = r.x,
        top = r.y + ry,
        low = r.bottom() - ry,
        right = r.right(),
    );
    view! {
        <g class=format!("d-node d-db {}", tone.class())>
            <path class="d-box" d=body/>
            <ellipse class="d-lid" cx=r.cx() cy=r.y + ry rx=rx ry=ry/>
            {text_block(r.cx(), r.y + 2.0 * ry + 2.0, r.bottom() - 4.0, lines)}
        </g>
    }
}

/// Width of the slotted end of a queue.
const SLOTS_W: f32 = 44.0;

/// A queue or an append-only log: a box whose right end holds a stack of message slots.
pub fn queue(r: Rect, tone: Tone, lines: Vec<Line>) -> impl IntoView {
    let slots = (0..4)
        .map(|i| {
            let x = r.right() - 12.0 - 9.0 * i as f32;
            view! { <line class="d-slot" x1=x y1=r.y + 9.0 x2=x y2=r.bottom() - 9.0/> }
        })
        .collect_view();
    view! {
        <g class=format!("d-node d-queue {}", tone.class())>
            <rect class="d-box" x=r.x y=r.y width=r.w height=r.h rx="10"/>
            {slots}
            {text_block(r.x + (r.w - SLOTS_W) / 2.0, r.y, r.bottom(), lines)}
        </g>
    }
}

/// A panel grouping several shapes, with a small-caps label in its top-left corner
/// (or top-right with `Anchor::End`).
pub fn panel(r: Rect, tone: Tone, anchor: Anchor, label: &str) -> impl IntoView {
    let x = match anchor {
        Anchor::Start => r.x + 14.0,
        Anchor::Middle => r.cx(),
        Anchor::End => r.right() - 14.0,
    };
    view! {
        <g class=format!("d-panel {}", tone.class())>
            <rect class="d-panel-box" x=r.x y=r.y width=r.w height=r.h rx="14"/>
            <text
                class="d-kicker"
                x=x
                y=r.y + 20.0
                text-anchor=anchor.attr()
                dominant-baseline="central"
            >
                {label.to_string()}
            </text>
        </g>
    }
}

/// A free label (for an arrow or an axis), with a halo so it stays readable over lines.
pub fn label(x: f32, y: f32, anchor: Anchor, text: impl Into<String>) -> impl IntoView {
    view! {
        <text class="d-edge" x=x y=y text-anchor=anchor.attr() dominant-baseline="central">
            {text.into()}
        </text>
    }
}

/// A free label in a tone's colour (same size as `label`).
pub fn label_tone(
    x: f32,
    y: f32,
    anchor: Anchor,
    tone: Tone,
    text: impl Into<String>,
) -> impl IntoView {
    view! {
        <text
            class=format!("d-edge d-edge-tone {}", tone.class())
            x=x
            y=y
            text-anchor=anchor.attr()
            dominant-baseline="central"
        >
            {text.into()}
        </text>
    }
}

/// A numbered step: a filled circle with a digit.
pub fn badge(cx: f32, cy: f32, tone: Tone, n: u8) -> impl IntoView {
    view! {
        <g class=format!("d-badge {}", tone.class())>
            <circle cx=cx cy=cy r="14"/>
            <text x=cx y=cy text-anchor="middle" dominant-baseline="central">{n.to_string()}</text>
        </g>
    }
}

/// A padlock (for mTLS), centred on (`cx`, `cy`), about 16 × 20 units.
pub fn lock(cx: f32, cy: f32, tone: Tone) -> impl IntoView {
    let shackle = format!(
        "M{l},{y0} V{y1} A5,5 0 0 1 {r},{y1} V{y0}",
        l = cx - 5.0,
        r = cx + 5.0,
        y0 = cy - 1.0,
        y1 = cy - 6.0,
    );
    view! {
        <g class=format!("d-lock {}", tone.class())>
            <path class="d-lock-shackle" d=shackle/>
            <rect class="d-lock-body" x=cx - 8.0 y=cy - 1.0 width="16" height="12" rx="2.5"/>
        </g>
    }
}

/// Whether a connection is a direct call or something asynchronous (events, pushed config).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Flow {
    Sync,
    Async,
}

/// Draws arrows whose heads are markers defined once per diagram (marker ids must be unique
/// in the document, and a page can hold several diagrams).
#[derive(Debug, Clone, Copy)]
pub struct Pen {
    id: &'static str,
}

impl Pen {
    pub fn new(id: &'static str) -> Self {
        Self { id }
    }

    fn marker_id(&self, tone: Tone) -> String {
        format!("diagram-{}-head-{}", self.id, tone.class())
    }

    /// The arrow-head markers, one per tone; goes inside `<defs>`.
    pub fn defs(&self) -> impl IntoView {
        Tone::ALL
            .into_iter()
            .map(|tone| {
                view! {
                    <marker
                        id=self.marker_id(tone)
                        viewBox="0 0 10 10"
                        refX="8.5"
                        refY="5"
                        markerWidth="11"
                        markerHeight="11"
                        markerUnits="userSpaceOnUse"
                        orient="auto-start-reverse"
                    >
                        <path class=format!("d-head {}", tone.class()) d="M0,0.8 L10,5 L0,9.2 Z"/>
                    </marker>
                }
            })
            .collect_view()
    }

    fn path(&self, points: &[(f32, f32)], tone: Tone, flow: Flow, both: bool) -> AnyView {
        let d = points
            .iter()
            .enumerate()
            .map(|(i, (x, y))| format!("{}{x},{y}", if i == 0 { "M" } else { " L" }))
            .collect::<String>();
        let head = format!("url(#{})", self.marker_id(tone));
        let start = both.then(|| head.clone());
        let class = match flow {
            Flow::Sync => format!("d-arrow {}", tone.class()),
            Flow::Async => format!("d-arrow d-async {}", tone.class()),
        };
        view! { <path class=class d=d marker-end=head marker-start=start/> }.into_any()
    }

    /// An arrow along `points`, with its head at the last point.
    pub fn arrow(&self, points: &[(f32, f32)], tone: Tone, flow: Flow) -> AnyView {
        self.path(points, tone, flow, false)
    }

    /// An arrow with a head at both ends (a request and its answer).
    pub fn both(&self, points: &[(f32, f32)], tone: Tone, flow: Flow) -> AnyView {
        self.path(points, tone, flow, true)
    }
}

/// A pill-shaped tag of `w` units centred on (`cx`, `cy`), in a tone's colours.
pub fn tag(cx: f32, cy: f32, w: f32, tone: Tone, text: impl Into<String>) -> impl IntoView {
    view! {
        <g class=format!("d-node d-tag {}", tone.class())>
            <rect class="d-box" x=cx - w / 2.0 y=cy - 15.0 width=w height="30" rx="15"/>
            <text x=cx y=cy text-anchor="middle" dominant-baseline="central">{text.into()}</text>
        </g>
    }
}
