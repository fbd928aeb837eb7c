use rand_chacha::ChaCha20Rng;
use rand_core::{Rng, SeedableRng};

/// Seeded randomness. Each purpose draws from its own ChaCha stream, so that (say) an extra
/// duration draw never shifts the ids of later resources.
#[derive(Debug, Clone)]
pub struct SimRng {
    ids: ChaCha20Rng,
    durations: ChaCha20Rng,
    addresses: ChaCha20Rng,
}

impl PartialEq for SimRng {
    fn eq(&self, o: &Self) -> bool {
        self.ids.get_word_pos() == o.ids.get_word_pos()
            && self.durations.get_word_pos() == o.durations.get_word_pos()
            && self.addresses.get_word_pos() == o.addresses.get_word_pos()
    }
}

fn stream(seed: u64, stream: u64) -> ChaCha20Rng {
    let mut r = ChaCha20Rng::seed_from_u64(seed);
    r.set_stream(stream);
    r
}

impl SimRng {
    pub fn new(seed: u64) -> Self {
        SimRng { ids: stream(seed, 1), durations: stream(seed, 2), addresses: stream(seed, 3) }
    }
    pub fn id_bits(&mut self) -> u128 {
        ((self.ids.next_u64() as u128) << 64) | self.ids.next_u64() as u128
    }
    /// A duration in milliseconds, uniform in `[lo_s, hi_s]` seconds, on a 100 ms grid.
    pub fn duration_ms(&mut self, lo_s: f64, hi_s: f64) -> u64 {
        let lo = (lo_s * 10.0) as u64;
        let hi = (hi_s * 10.0) as u64;
        let span = hi.saturating_sub(lo) + 1;
        (lo + self.durations.next_u64() % span) * 100
    }
    pub fn address(&mut self, below: u64) -> u64 {
        self.addresses.next_u64() % below.max(1)
    }
}
