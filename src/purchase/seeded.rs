//! Stateless seeded draws: a value for (seed, labels..., n) without touching the world's RNG
//! streams, so that reading a Spot price or a capacity window never shifts ids or durations,
//! and any past or future moment can be asked about in O(1).

/// SplitMix64's finaliser: a good 64-bit mix.
fn mix(mut z: u64) -> u64 {
    z = z.wrapping_add(0x9E37_79B9_7F4A_7C15);
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

/// A 64-bit draw for the seed, some labels and a number (FNV-1a over the labels, then mixed).
pub fn draw(seed: u64, labels: &[&str], n: u64) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325 ^ mix(seed);
    for l in labels {
        for b in l.bytes().chain(std::iter::once(0xff)) {
            h ^= b as u64;
            h = h.wrapping_mul(0x0100_0000_01b3);
        }
    }
    mix(h ^ mix(n))
}

/// A uniform draw in [0, 1).
pub fn unit(seed: u64, labels: &[&str], n: u64) -> f64 {
    (draw(seed, labels, n) >> 11) as f64 / (1u64 << 53) as f64
}
