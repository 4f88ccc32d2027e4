//! secretariat: a keyboard-driven desk for the secretariats of Japanese
//! physician-training bodies. See README.md.

pub mod audit_key;
pub mod cli;
pub mod clock;
pub mod config;
pub mod demo;
pub mod desk;
pub mod document;
pub mod domain;
pub mod i18n;
pub mod interchange;
pub mod mail;
pub mod server;
pub mod store;
pub mod text;
pub mod tui;
