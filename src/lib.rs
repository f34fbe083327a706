//! Bài học tương tác "Mẫu nâng cao: CQRS, Event Sourcing và Service Mesh".
//!
//! Layers: [`sim`] holds the engines (pure Rust), [`content`] the lesson as data,
//! [`ui`] the Leptos views. Arrows go `ui → sim` and `ui → content`, never back.

pub mod content;
pub mod sim;
pub mod ui;
