//! Pure types and rules: no storage, no terminal, no clock reads.

pub mod calendar;
pub mod case;
pub mod completion;
pub mod config;
pub mod delivery;
pub mod document;
pub mod enquiry;
pub mod facility_report;
pub mod field;
pub mod filter;
pub mod flags;
pub mod holidays;
pub mod ids;
pub mod loan;
pub mod model;
pub mod org;
pub mod outbox;
pub mod refusal;
pub mod role;
pub mod rules;
pub mod templates;
pub mod time;
pub mod training;
pub mod transfer;
pub mod view;
pub mod withdrawal;
pub mod workflow;

pub use case::*;
pub use delivery::{Delivery, DeliveryState};
pub use flags::{Check, CheckDetail, Flag};
pub use ids::{FacilityNumber, IdError, RegistrationNumber};
pub use model::*;
pub use outbox::*;
pub use refusal::Refusal;
pub use role::{Permission, Role};
pub use time::Timestamp;
