//! The service-mesh lab (`::lab mesh`): a gateway and services whose pods sit behind
//! sidecars; faults per pod, Istio's policy with the lesson's defaults and its YAML, metrics
//! over time beside the same seed and faults without the mesh, the trace of one request,
//! retry storms against A^N, the sidecar resource tax, and a predict step.
//!
//! The engine (`sim::mesh`) owns the truth; [`state::Lab`] holds the two runs and the view
//! state; each panel is a small component over it.

mod faults;
mod graph;
mod log;
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
            <log::LogView lab/>
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
