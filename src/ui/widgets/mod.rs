//! Widgets shared by the labs: player controls, charts, files and the clipboard.

pub mod chart;
pub mod files;
pub mod player;
