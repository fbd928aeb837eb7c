//! Recording and replay. Every `Cloud` keeps the ordered log of what was done to it: each call
//! through the door (refused ones too, with their error code) and each step of virtual time.
//! A saved recording is that log plus the seed and a digest of the final world; loading it
//! replays the log in a fresh cloud and checks every outcome and the digest, so a file can
//! only ever describe actions, never a state (a grader trusts the replay, not the file).
//! External apps' replies (Python callables, upstream servers) travel with it (`tape`): replay
//! plays them back, since the apps themselves are not there.
mod digest;
mod file;
mod log;
mod replay;
mod tape;

pub use digest::{log_digest, response_hash, world_digest};
pub use file::{Recording, FORMAT, FORMAT_VERSION};
pub use log::{Entry, Log, Outcome};
pub use replay::{load, replay, ReplayError};
pub use tape::TapeEntry;
