//! SHA-256 digests: of the whole world (its `Debug` form: every map in it is a BTreeMap and
//! nothing holds a pointer or a hash seed, so the text is the same in every run and process),
//! and of one response (its JSON), streamed into the hasher without building the text.
use sha2::{Digest, Sha256};
use std::fmt::Write as _;

struct Hashing(Sha256);

impl std::fmt::Write for Hashing {
    fn write_str(&mut self, s: &str) -> std::fmt::Result {
        self.0.update(s.as_bytes());
        Ok(())
    }
}

impl std::io::Write for Hashing {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.update(buf);
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().fold(String::with_capacity(bytes.len() * 2), |mut s, b| {
        let _ = write!(s, "{b:02x}");
        s
    })
}

/// `sha256:<64 hex>` over the world's canonical text.
pub fn world_digest(world: &crate::world::World) -> String {
    let mut h = Hashing(Sha256::new());
    write!(h, "{world:?}").expect("hashing never fails");
    format!("sha256:{}", hex(&h.0.finalize()))
}

/// The first 16 hex digits of the SHA-256 of a response's JSON: enough to tell two responses
/// apart, short enough to keep a log small.
pub fn response_hash(response: &dyn erased_serde::Serialize) -> String {
    // serde_json writes many small pieces: buffer them so the hasher sees whole blocks
    let mut w = std::io::BufWriter::with_capacity(16 * 1024, Hashing(Sha256::new()));
    serde_json::to_writer(&mut w, response).expect("response shapes always serialise");
    let h = w.into_inner().unwrap_or_else(|_| unreachable!("hashing never fails"));
    hex(&h.0.finalize()[..8])
}

/// `sha256:<64 hex>` over the log entries' JSON.
pub fn log_digest(entries: &[super::Entry]) -> String {
    let mut h = Hashing(Sha256::new());
    serde_json::to_writer(&mut h, entries).expect("entries always serialise");
    format!("sha256:{}", hex(&h.0.finalize()))
}
