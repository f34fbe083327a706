//! CQRS: commands go to the write side (Command Model → normalized write database), queries to
//! the read side (Query Model ← denormalized read database); an event bus and a projector
//! carry every change from one side to the other, so the read side is eventually consistent.

use leptos::prelude::*;

use super::frame;
use super::parts::{
    cylinder, label_tone, mono, node, panel, queue, sub, tag, title, Anchor, Flow, Pen, Rect, Tone,
};

const HEIGHT: f32 = 630.0;

pub fn view() -> AnyView {
    let pen = Pen::new("cqrs");
    let client = Rect::new(150.0, 12.0, 220.0, 48.0);
    let write_side = Rect::new(8.0, 100.0, 248.0, 380.0);
    let read_side = Rect::new(264.0, 100.0, 248.0, 380.0);
    let command = Rect::new(28.0, 140.0, 208.0, 76.0);
    let query = Rect::new(284.0, 140.0, 208.0, 76.0);
    let write_db = Rect::new(28.0, 262.0, 208.0, 104.0);
    let read_db = Rect::new(284.0, 262.0, 208.0, 104.0);
    let projector = Rect::new(284.0, 392.0, 208.0, 64.0);
    let bus = Rect::new(28.0, 510.0, 464.0, 56.0);

    let body = view! {
        {panel(write_side, Tone::Write, Anchor::Start, "PHÍA GHI")}
        {panel(read_side, Tone::Read, Anchor::End, "PHÍA ĐỌC")}
        {node(client, Tone::Neutral, vec![title("Client")])}
        {pen.arrow(&[(190.0, client.bottom()), (190.0, command.y)], Tone::Write, Flow::Sync)}
        {label_tone(180.0, 82.0, Anchor::End, Tone::Write, "command")}
        {pen.arrow(&[(330.0, client.bottom()), (330.0, query.y)], Tone::Read, Flow::Sync)}
        {label_tone(340.0, 82.0, Anchor::Start, Tone::Read, "query")}
        {node(command, Tone::Write, vec![title("Command Model"), sub("command handler")])}
        {node(query, Tone::Read, vec![title("Query Model"), sub("query handler")])}
        {cylinder(write_db, Tone::Write, vec![title("CSDL ghi"), sub("PostgreSQL"), sub("chuẩn hoá, ACID")])}
        {cylinder(read_db, Tone::Read, vec![title("CSDL đọc"), sub("ElasticSearch, Redis"), sub("phi chuẩn hoá")])}
        {pen.arrow(&[(command.cx(), command.bottom()), (command.cx(), write_db.y)], Tone::Write, Flow::Sync)}
        {label_tone(command.cx() + 10.0, 239.0, Anchor::Start, Tone::Write, "ghi")}
        {pen.arrow(&[(query.cx(), read_db.y), (query.cx(), query.bottom())], Tone::Read, Flow::Sync)}
        {label_tone(query.cx() + 10.0, 239.0, Anchor::Start, Tone::Read, "đọc")}
        {node(projector, Tone::Read, vec![title("Projector"), sub("cập nhật read model")])}
        {pen.arrow(&[(projector.cx(), projector.y), (projector.cx(), read_db.bottom())], Tone::Read, Flow::Sync)}
        {queue(bus, Tone::Event, vec![title("Event bus"), mono("CourseCreated, CoursePriceUpdated")])}
        {pen.arrow(&[(write_db.cx(), write_db.bottom()), (write_db.cx(), bus.y)], Tone::Event, Flow::Async)}
        {label_tone(write_db.cx() + 10.0, 438.0, Anchor::Start, Tone::Event, "phát event")}
        {pen.arrow(&[(projector.cx(), bus.y), (projector.cx(), projector.bottom())], Tone::Event, Flow::Async)}
        {tag(write_db.cx(), 600.0, 208.0, Tone::Write, "strong consistency")}
        {tag(read_db.cx(), 600.0, 208.0, Tone::Read, "eventual consistency")}
    };
    frame(
        "cqrs",
        "Kiến trúc CQRS: phía ghi, phía đọc và event bus",
        HEIGHT,
        body,
    )
}
