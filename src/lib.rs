//! ec2lab: a local, deterministic Amazon EC2 for learning.
pub mod api;
pub mod error;
pub mod geo;
pub mod catalog;
pub mod compute;
pub mod i18n;
pub mod images;
pub mod network;
pub mod query;
pub mod sim;
pub mod tags;
pub mod world;
#[cfg(feature = "python")]
mod python;

pub use api::Cloud;
pub use error::ApiError;
