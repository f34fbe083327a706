//! Widgets shared by the labs: player controls, charts, the text log, files and the clipboard.

pub mod chart;
pub mod files;
pub mod lab_log;
pub mod player;
