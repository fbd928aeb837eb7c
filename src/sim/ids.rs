use super::SimRng;

/// AWS-format ids: a prefix and 17 lower-case hex digits (`i-0a1b2c3d4e5f60718`).
pub struct IdGen;

impl IdGen {
    pub fn new_id(rng: &mut SimRng, prefix: &str) -> String {
        let bits = rng.id_bits();
        // 17 hex digits = 68 bits; AWS ids start with 0 in practice, so keep the top digit 0.
        format!("{prefix}-0{:016x}", (bits as u64))
    }
    /// A request id shaped like AWS's (a UUID), derived from the seed and a call counter.
    pub fn request_id(rng: &mut SimRng) -> String {
        let b = rng.id_bits();
        let h = format!("{b:032x}");
        format!("{}-{}-4{}-a{}-{}", &h[0..8], &h[8..12], &h[13..16], &h[17..20], &h[20..32])
    }

    /// Whether `id` has the shape `prefix-` + 8 or 17 hex digits.
    pub fn well_formed(id: &str, prefix: &str) -> bool {
        match id.strip_prefix(prefix).and_then(|r| r.strip_prefix('-')) {
            Some(hex) => (hex.len() == 8 || hex.len() == 17) && hex.chars().all(|c| c.is_ascii_hexdigit()),
            None => false,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    #[test]
    fn ids_are_deterministic_and_well_formed() {
        let mut a = SimRng::new(7);
        let mut b = SimRng::new(7);
        let x = IdGen::new_id(&mut a, "i");
        assert_eq!(x, IdGen::new_id(&mut b, "i"));
        assert_eq!(x.len(), 2 + 17);
        assert!(IdGen::well_formed(&x, "i"));
        assert!(!IdGen::well_formed("i-xyz", "i"));
        assert!(IdGen::well_formed("i-1234abcd", "i"));
        assert_ne!(x, IdGen::new_id(&mut SimRng::new(8), "i"));
    }
}
