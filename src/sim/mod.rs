//! The simulation engine: virtual time, the event queue, seeded randomness and AWS-format ids.
//! Nothing here (or anywhere in the core) reads the wall clock.
pub mod clock;
mod ids;
mod queue;
mod rng;
mod versioned;

pub use clock::{Clock, Millis};
pub use ids::IdGen;
pub use queue::EventQueue;
pub use rng::SimRng;
pub use versioned::Versioned;
