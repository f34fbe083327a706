//! Widgets shared by the labs: player controls, charts.

pub mod chart;
pub mod player;
