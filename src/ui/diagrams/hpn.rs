//! HPN's CQRS architecture: the learning app pushes every learning event to Kafka (1) and
//! writes it to Cassandra (2); consumers load the three read stores from Kafka (ClickHouse
//! for analytics, Redis for real-time counters, ElasticSearch for search), and the dashboard
//! and the search box only read from those stores.

use leptos::prelude::*;

use super::frame;
use super::parts::{
    badge, cylinder, label_tone, mono, node, panel, queue, sub, title, Anchor, Flow, Pen, Rect,
    Tone,
};

const HEIGHT: f32 = 668.0;

pub fn view() -> AnyView {
    let pen = Pen::new("hpn");
    let write_path = Rect::new(8.0, 8.0, 504.0, 262.0);
    let app = Rect::new(110.0, 44.0, 300.0, 64.0);
    let kafka = Rect::new(20.0, 176.0, 236.0, 70.0);
    let cassandra = Rect::new(282.0, 160.0, 218.0, 98.0);
    let read_path = Rect::new(8.0, 292.0, 504.0, 368.0);
    let consumers = Rect::new(20.0, 330.0, 480.0, 64.0);
    let stores = [
        Rect::new(20.0, 432.0, 152.0, 100.0),
        Rect::new(184.0, 432.0, 152.0, 100.0),
        Rect::new(348.0, 432.0, 152.0, 100.0),
    ];
    let [clickhouse, redis, elastic] = stores;
    let dashboard = Rect::new(20.0, 576.0, 316.0, 64.0);
    let search = Rect::new(348.0, 576.0, 152.0, 64.0);

    let loads = stores
        .iter()
        .map(|s| {
            pen.arrow(
                &[(s.cx(), consumers.bottom()), (s.cx(), s.y + 1.0)],
                Tone::Read,
                Flow::Sync,
            )
        })
        .collect_view();

    let body = view! {
        {panel(write_path, Tone::Write, Anchor::Start, "ĐƯỜNG GHI")}
        {panel(read_path, Tone::Read, Anchor::End, "ĐƯỜNG ĐỌC")}
        {node(app, Tone::Neutral, vec![title("Ứng dụng học tập"), sub("10.000 event/giây (cao điểm)")])}
        {pen.arrow(&[(150.0, app.bottom()), (150.0, kafka.y)], Tone::Event, Flow::Async)}
        {badge(150.0, 142.0, Tone::Event, 1)}
        {label_tone(172.0, 142.0, Anchor::Start, Tone::Event, "đẩy event")}
        {pen.arrow(&[(370.0, app.bottom()), (370.0, cassandra.y + 0.5)], Tone::Write, Flow::Sync)}
        {badge(370.0, 134.0, Tone::Write, 2)}
        {label_tone(392.0, 134.0, Anchor::Start, Tone::Write, "ghi")}
        {queue(kafka, Tone::Event, vec![title("Apache Kafka"), mono("learning-events")])}
        {cylinder(cassandra, Tone::Write, vec![title("Cassandra"), sub("CSDL ghi"), sub("chuỗi thời gian")])}
        {pen.arrow(&[(kafka.cx() - 22.0, kafka.bottom()), (kafka.cx() - 22.0, consumers.y)], Tone::Event, Flow::Async)}
        {label_tone(kafka.cx() - 10.0, 282.0, Anchor::Start, Tone::Event, "event")}
        {node(consumers, Tone::Read, vec![title("Consumer"), sub("nạp sẵn dữ liệu cho từng kho")])}
        {loads}
        {cylinder(clickhouse, Tone::Read, vec![title("ClickHouse"), sub("phân tích"), sub("OLAP theo cột")])}
        {cylinder(redis, Tone::Read, vec![title("Redis"), sub("bộ đếm"), sub("đọc dưới 1 ms")])}
        {cylinder(elastic, Tone::Read, vec![title("ElasticSearch"), sub("tìm kiếm"), sub("toàn văn")])}
        {pen.arrow(&[(clickhouse.cx(), clickhouse.bottom()), (clickhouse.cx(), dashboard.y)], Tone::Read, Flow::Sync)}
        {pen.arrow(&[(redis.cx(), redis.bottom()), (redis.cx(), dashboard.y)], Tone::Read, Flow::Sync)}
        {pen.arrow(&[(elastic.cx(), elastic.bottom()), (elastic.cx(), search.y)], Tone::Read, Flow::Sync)}
        {label_tone(clickhouse.cx() + 10.0, 555.0, Anchor::Start, Tone::Read, "chỉ đọc")}
        {node(dashboard, Tone::Neutral, vec![title("Dashboard phân tích"), sub("biểu đồ theo ngày, đang học")])}
        {node(search, Tone::Neutral, vec![title("Ô tìm kiếm"), sub("khoá học")])}
    };
    frame(
        "hpn",
        "Kiến trúc CQRS của nền tảng phân tích HPN",
        HEIGHT,
        body,
    )
}
