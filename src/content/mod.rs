//! The lesson and the quiz bank as data, and what turns them into views.

pub mod chapters;
pub mod glossary;
pub mod labs;
pub mod markup;
pub mod quiz;
