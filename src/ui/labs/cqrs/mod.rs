//! The CQRS sync-lag lab (`::lab cqrs-lag`): commands at a chosen rate → write model → event
//! bus → projector → read model and cache, with faults, read-your-writes strategies, the lag
//! charted over time, a predict step, and the single-database comparison of the HPN case
//! (also mounted alone as `::lab hpn-compare`).
//!
//! The engine (`sim::cqrs`) owns the truth; [`state::Lab`] holds one run and the view state;
//! each panel is a small component over it.

pub mod actions;
pub mod compare;
mod controls;
mod faults;
mod metrics;
mod models;
pub mod params;
mod predict;
mod ryw;
pub mod scenario;
pub mod state;

use leptos::prelude::*;

pub use compare::HpnCompareLab;
use state::{Lab, FRAME_MS};

use crate::sim::format::decimal;
use crate::ui::widgets::lab_log::LabLogView;
use crate::ui::widgets::player::use_interval;

/// The whole sync-lag lab.
#[component]
pub fn CqrsLab() -> impl IntoView {
    let lab = Lab::new();
    use_interval(lab.playing.into(), Signal::stored(FRAME_MS), move || {
        lab.tick()
    });
    let rate = Memo::new(move |_| lab.snapshot.with(|s| s.config.write_rate));
    let comparison = Memo::new(move |_| {
        rate.track();
        lab.with_sim(|s| s.comparison()).unwrap_or_default()
    });
    let caption = Signal::derive(move || {
        format!(
            "Mô hình ở tốc độ ghi hiện tại của lab ({} event/giây), 3 dashboard mỗi phút, bảng 100 triệu dòng; dòng nhỏ là số liệu của bài học.",
            decimal(rate.get(), 0)
        )
    });
    view! {
        <div class="cq-lab">
            <predict::PredictStep lab/>
            <controls::PlayerBar lab/>
            <div class="cq-grid">
                <controls::Settings lab/>
                <faults::FaultPanel lab/>
            </div>
            <metrics::LagPanel lab/>
            <LabLogView
                log=lab.log
                class="cq-box cq-log"
                title_id="cq-log-title"
                empty="Chưa có gì: các sự kiện đáng chú ý (projector dừng, sập, bắt kịp, đọc thấy giá cũ) sẽ hiện ở đây."
            />
            <models::ModelsPanel lab/>
            <ryw::RywPanel lab/>
            <details class="cq-box cq-details cq-compare">
                <summary>"So sánh với một cơ sở dữ liệu duy nhất (tình huống HPN)"</summary>
                <p class="cq-hint">
                    "Khi mọi thứ nằm trong một cơ sở dữ liệu, các lần quét dài cho dashboard giữ khoá và làm chậm lệnh ghi. Bảng dưới đặt mô hình hàng đợi của hai kiến trúc cạnh số liệu của bài học. Chương Tình huống HPN có phòng thí nghiệm riêng để đổi tải."
                </p>
                <compare::ComparisonTable rows=comparison caption=caption/>
                <compare::ModelExplained/>
            </details>
        </div>
    }
}
