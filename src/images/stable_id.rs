//! Ids that depend only on what they name, never on the world's seed: FNV-1a 64, a tiny hash
//! that is the same on every machine and every run (unlike std's randomised hasher).

/// FNV-1a, 64-bit.
pub fn fnv1a64(bytes: &[u8]) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in bytes {
        h ^= u64::from(*b);
        h = h.wrapping_mul(0x0000_0100_0000_01b3);
    }
    h
}

/// `prefix-` + 17 hex digits (a leading 0, like AWS's new-style ids) from the hash of `parts`.
/// Parts are joined with a 0 byte so that ("ab", "c") and ("a", "bc") differ.
pub fn stable_id(prefix: &str, parts: &[&str]) -> String {
    let mut bytes = prefix.as_bytes().to_vec();
    for p in parts {
        bytes.push(0);
        bytes.extend_from_slice(p.as_bytes());
    }
    format!("{prefix}-0{:016x}", fnv1a64(&bytes))
}

#[cfg(test)]
mod tests {
    use super::*;
    #[test]
    fn fnv_matches_the_reference_vectors() {
        assert_eq!(fnv1a64(b""), 0xcbf2_9ce4_8422_2325);
        assert_eq!(fnv1a64(b"a"), 0xaf63_dc4c_8601_ec8c);
        assert_eq!(fnv1a64(b"foobar"), 0x8594_4171_f739_67e8);
    }
    #[test]
    fn ids_are_well_formed_and_depend_on_every_part() {
        let a = stable_id("ami", &["us-east-1", "x"]);
        assert!(crate::sim::IdGen::well_formed(&a, "ami"), "{a}");
        assert_eq!(a, stable_id("ami", &["us-east-1", "x"]));
        assert_ne!(a, stable_id("ami", &["us-west-2", "x"]));
        assert_ne!(stable_id("ami", &["ab", "c"]), stable_id("ami", &["a", "bc"]));
        assert_ne!(a.trim_start_matches("ami-"), stable_id("snap", &["us-east-1", "x"]).trim_start_matches("snap-"));
    }
}
