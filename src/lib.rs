//! ec2lab: a local, deterministic Amazon EC2 for learning.
pub mod api;
pub mod catalog;
pub mod compute;
pub mod elb;
pub mod error;
pub mod geo;
pub mod i18n;
pub mod images;
pub mod keys;
pub mod network;
#[cfg(feature = "python")]
mod python;
pub mod query;
pub mod record;
pub mod sim;
pub mod storage;
pub mod tags;
pub mod world;

pub use api::Cloud;
pub use error::ApiError;
