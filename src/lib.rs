//! secretariat: a keyboard-driven desk for the secretariats of Japanese
//! physician-training bodies. See README.md.

pub mod demo;
pub mod domain;
pub mod interchange;
pub mod text;
