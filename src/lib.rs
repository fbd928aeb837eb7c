//! ec2lab: a local, deterministic Amazon EC2 for learning.
pub mod alarms;
pub mod api;
pub mod autoscaling;
pub mod billing;
pub mod catalog;
pub mod compute;
pub mod elb;
pub mod error;
pub mod geo;
pub mod i18n;
pub mod images;
pub mod keys;
pub mod monitoring;
pub mod network;
pub mod purchase;
#[cfg(feature = "python")]
mod python;
pub mod query;
pub mod record;
pub mod sim;
pub mod sns;
pub mod storage;
pub mod tags;
pub mod world;

pub use api::Cloud;
pub use error::ApiError;
