//! Event Sourcing: a command reaches the aggregate, which rebuilds its state by replaying the
//! stream and checks the rules; a valid command appends new events to the append-only event
//! store (the five events of ACC-001), a broken rule is rejected and the log stays as it is.
//! From the log: projections build read models, snapshots shorten replays, and replaying up
//! to a moment gives the state at that moment (time travel).

use leptos::prelude::*;

use super::frame;
use super::parts::{cylinder, label_tone, node, sub, title, Anchor, Flow, Pen, Rect, Tone};
use crate::sim::format::vnd;

const HEIGHT: f32 = 830.0;

/// The lesson's log of account ACC-001: (version, event, date dd/mm, change of balance).
const LOG: [(u32, &str, &str, i64); 5] = [
    (1, "AccountCreated", "01/01", 0),
    (2, "MoneyDeposited", "05/01", 2_000_000),
    (3, "MoneyWithdrawn", "10/01", -500_000),
    (4, "TransferSent", "12/01", -300_000),
    (5, "InterestApplied", "15/01", 300_000),
];

/// Balance after replaying the events up to `version`.
fn balance_at(version: u32) -> i64 {
    LOG.iter()
        .take_while(|(v, ..)| *v <= version)
        .map(|(.., delta)| delta)
        .sum()
}

fn signed(delta: i64) -> String {
    match delta {
        d if d > 0 => format!("+{}", vnd(d)),
        d if d < 0 => format!("−{}", vnd(-d)),
        _ => vnd(0),
    }
}

const ROW_X: f32 = 44.0;
const ROW_W: f32 = 432.0;
const ROW_H: f32 = 30.0;
const ROW_STEP: f32 = 34.0;

fn event_row(
    y: f32,
    version: u32,
    name: &'static str,
    date: &'static str,
    delta: i64,
) -> impl IntoView {
    let cy = y + ROW_H / 2.0;
    view! {
        <g class="d-node d-row t-event">
            <rect class="d-box" x=ROW_X y=y width=ROW_W height=ROW_H rx="6"/>
            <text class="d-mono d-strong" x=ROW_X + 10.0 y=cy dominant-baseline="central">
                {format!("#{version}")}
            </text>
            <text class="d-mono" x=ROW_X + 46.0 y=cy dominant-baseline="central">{name}</text>
            <text class="d-sub" x=ROW_X + 290.0 y=cy text-anchor="middle" dominant-baseline="central">
                {date}
            </text>
            <text x=ROW_X + ROW_W - 10.0 y=cy text-anchor="end" dominant-baseline="central">
                {signed(delta)}
            </text>
        </g>
    }
}

pub fn view() -> AnyView {
    let pen = Pen::new("event-sourcing");
    let command = Rect::new(30.0, 12.0, 280.0, 64.0);
    let aggregate = Rect::new(20.0, 112.0, 300.0, 88.0);
    let rejected = Rect::new(360.0, 116.0, 148.0, 80.0);
    let store = Rect::new(20.0, 250.0, 480.0, 340.0);
    let rows_top = store.y + 76.0;
    let new_row = rows_top + 5.0 * ROW_STEP;
    let projection = Rect::new(12.0, 630.0, 156.0, 70.0);
    let read_model = Rect::new(12.0, 736.0, 156.0, 82.0);
    let snapshot = Rect::new(182.0, 630.0, 156.0, 92.0);
    let travel = Rect::new(352.0, 630.0, 156.0, 92.0);

    let rows = LOG
        .iter()
        .enumerate()
        .map(|(i, &(v, name, date, delta))| {
            event_row(rows_top + i as f32 * ROW_STEP, v, name, date, delta)
        })
        .collect_view();

    let body = view! {
        {node(command, Tone::Neutral, vec![title("Command"), sub(format!("“chuyển {}”", vnd(300_000)))])}
        {pen.arrow(&[(command.cx(), command.bottom()), (command.cx(), aggregate.y)], Tone::Write, Flow::Sync)}
        {node(aggregate, Tone::Write, vec![title("Aggregate ACC-001"), sub("dựng lại trạng thái"), sub("kiểm tra quy tắc")])}
        {pen.arrow(&[(aggregate.right(), 156.0), (rejected.x, 156.0)], Tone::Bad, Flow::Sync)}
        {node(rejected, Tone::Bad, vec![title("Sai quy tắc"), sub("từ chối,"), sub("log giữ nguyên")])}
        {cylinder(store, Tone::Event, vec![])}
        <text class="d-title" x=store.cx() y=store.y + 38.0 text-anchor="middle" dominant-baseline="central">
            "Event store: chỉ ghi thêm"
        </text>
        <text class="d-mono" x=store.cx() y=store.y + 60.0 text-anchor="middle" dominant-baseline="central">
            "stream ACC-001"
        </text>
        {rows}
        <g class="d-node d-row d-new t-event">
            <rect class="d-box" x=ROW_X y=new_row width=ROW_W height=ROW_H rx="6"/>
            <text class="d-mono d-strong" x=ROW_X + 10.0 y=new_row + ROW_H / 2.0 dominant-baseline="central">
                "#6"
            </text>
            <text class="d-sub" x=ROW_X + 46.0 y=new_row + ROW_H / 2.0 dominant-baseline="central">
                "event mới, ghi vào cuối"
            </text>
        </g>
        <text x=store.cx() y=store.bottom() - 34.0 text-anchor="middle" dominant-baseline="central">
            {format!("replay #1 → #5 = {}", vnd(balance_at(5)))}
        </text>
        {pen.arrow(&[(90.0, store.y + 3.0), (90.0, aggregate.bottom())], Tone::Event, Flow::Sync)}
        {label_tone(100.0, 226.0, Anchor::Start, Tone::Event, "replay")}
        {pen.arrow(&[(250.0, aggregate.bottom()), (250.0, store.y + 1.0)], Tone::Write, Flow::Sync)}
        {label_tone(260.0, 226.0, Anchor::Start, Tone::Write, "ghi thêm event")}
        {pen.arrow(&[(projection.cx(), store.bottom() - 2.0), (projection.cx(), projection.y)], Tone::Event, Flow::Async)}
        {pen.arrow(&[(snapshot.cx(), store.bottom()), (snapshot.cx(), snapshot.y)], Tone::Event, Flow::Sync)}
        {pen.arrow(&[(travel.cx(), store.bottom() - 2.0), (travel.cx(), travel.y)], Tone::Event, Flow::Sync)}
        {node(projection, Tone::Read, vec![title("Projection"), sub("đọc event mới")])}
        {pen.arrow(&[(projection.cx(), projection.bottom()), (projection.cx(), read_model.y + 1.0)], Tone::Read, Flow::Sync)}
        {cylinder(read_model, Tone::Read, vec![title("Read model"), sub("phục vụ query")])}
        {node(snapshot, Tone::Neutral, vec![title("Snapshot"), sub("trạng thái ở #3"), sub("+ replay #4, #5")])}
        {node(travel, Tone::Neutral, vec![title("Time travel"), sub("replay tới 14/01"), sub(format!("= {}", vnd(balance_at(4))))])}
    };
    frame(
        "event-sourcing",
        "Kiến trúc Event Sourcing với tài khoản ACC-001",
        HEIGHT,
        body,
    )
}
