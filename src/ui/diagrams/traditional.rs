//! The traditional architecture: one client, one application with ONE model that both reads
//! and writes, one database where reads and writes meet.

use leptos::prelude::*;

use super::frame;
use super::parts::{cylinder, label_tone, node, panel, sub, title, Anchor, Flow, Pen, Rect, Tone};

const HEIGHT: f32 = 530.0;

pub fn view() -> AnyView {
    let pen = Pen::new("traditional");
    let client = Rect::new(170.0, 12.0, 180.0, 48.0);
    let app = Rect::new(40.0, 104.0, 440.0, 232.0);
    let model = Rect::new(64.0, 144.0, 392.0, 172.0);
    let reads = Rect::new(84.0, 190.0, 168.0, 106.0);
    let writes = Rect::new(268.0, 190.0, 168.0, 106.0);
    let db = Rect::new(160.0, 392.0, 200.0, 90.0);

    let body = view! {
        {panel(app, Tone::Neutral, Anchor::Start, "ỨNG DỤNG")}
        <g class="d-node t-neutral">
            <rect class="d-box" x=model.x y=model.y width=model.w height=model.h rx="10"/>
            <text
                class="d-title"
                x=model.cx()
                y=model.y + 24.0
                text-anchor="middle"
                dominant-baseline="central"
            >
                "Một model chung"
            </text>
        </g>
        {node(reads, Tone::Read, vec![title("Đọc"), sub("queries"), sub("tìm, lọc, báo cáo")])}
        {node(writes, Tone::Write, vec![title("Ghi"), sub("commands"), sub("tạo, sửa, xoá")])}
        {node(client, Tone::Neutral, vec![title("Client")])}
        {pen.arrow(&[(client.cx(), client.bottom()), (client.cx(), app.y)], Tone::Neutral, Flow::Sync)}
        {label_tone(client.cx() + 12.0, 82.0, Anchor::Start, Tone::Neutral, "query + command")}
        {cylinder(db, Tone::Neutral, vec![title("Cơ sở dữ liệu"), sub("duy nhất")])}
        {pen.arrow(&[(222.0, 393.0), (reads.cx(), model.bottom())], Tone::Read, Flow::Sync)}
        {label_tone(188.0, 354.0, Anchor::End, Tone::Read, "đọc")}
        {pen.arrow(&[(writes.cx(), model.bottom()), (298.0, 393.0)], Tone::Write, Flow::Sync)}
        {label_tone(332.0, 354.0, Anchor::Start, Tone::Write, "ghi")}
        {label_tone(db.cx(), 510.0, Anchor::Middle, Tone::Bad, "Đọc và ghi tranh chấp cùng một chỗ")}
    };
    frame(
        "traditional",
        "Kiến trúc truyền thống: một model, một cơ sở dữ liệu",
        HEIGHT,
        body,
    )
}
