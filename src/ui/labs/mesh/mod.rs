//! The service-mesh lab (`::lab mesh`): a gateway and services whose pods sit behind
//! sidecars; faults per pod, Istio's policy with the lesson's defaults and its YAML, metrics
//! over time beside the same seed and faults without the mesh, the trace of one request,
//! retry storms against A^N, the sidecar resource tax, and a predict step.
//!
//! The engine (`sim::mesh`) owns the truth; [`state::Lab`] holds the two runs and the view
//! state; each panel is a small component over it.

mod faults;
mod graph;
mod metrics;
pub mod params;
mod policy_panel;
pub mod predict;
pub mod state;
mod storm;
mod tax;
mod trace;
mod yaml_view;

use leptos::prelude::*;

use state::{Lab, FRAME_MS};

use crate::ui::widgets::lab_log::LabLogView;
use crate::ui::widgets::player::use_interval;

/// The whole mesh lab.
#[component]
pub fn MeshLab() -> impl IntoView {
    let lab = Lab::new();
    use_interval(lab.playing.into(), Signal::stored(FRAME_MS), move || {
        lab.tick()
    });
    view! {
        <div class="mesh-lab">
            <predict::PredictStep lab/>
            <faults::PlayerBar lab/>
            <div class="mesh-top">
                <div class="mesh-graph-box mesh-box">
                    <h4>"Sơ đồ (lượt có mesh)"</h4>
                    <graph::Graph lab/>
                </div>
                <faults::FaultPanel lab/>
            </div>
            <LabLogView
                log=lab.log
                class="mesh-box mesh-log"
                title_id="mesh-log-title"
                empty="Chưa có gì: lỗi được tiêm, pod bị loại hay quay lại, chính sách đổi sẽ hiện ở đây."
            />
            <metrics::CompareTable lab/>
            <metrics::Charts lab/>
            <policy_panel::PolicyPanel lab/>
            <yaml_view::YamlView lab/>
            <trace::TraceView lab/>
            <storm::StormPanel lab/>
            <tax::TaxPanel lab/>
        </div>
    }
}
