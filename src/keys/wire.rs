//! The SSH wire encoding (RFC 4251 §5): length-prefixed strings and mpints, the bytes inside
//! every OpenSSH public key, OpenSSH private key and PuTTY key file.

pub fn put_u32(out: &mut Vec<u8>, n: u32) {
    out.extend_from_slice(&n.to_be_bytes());
}

pub fn put_string(out: &mut Vec<u8>, s: &[u8]) {
    put_u32(out, s.len() as u32);
    out.extend_from_slice(s);
}

/// A non-negative big-endian integer as an SSH mpint: no leading zero bytes, except one when
/// the top bit is set (so that it does not read as negative).
pub fn put_mpint(out: &mut Vec<u8>, be: &[u8]) {
    let start = be.iter().position(|b| *b != 0).unwrap_or(be.len());
    let digits = &be[start..];
    if digits.first().is_some_and(|b| b & 0x80 != 0) {
        put_u32(out, digits.len() as u32 + 1);
        out.push(0);
    } else {
        put_u32(out, digits.len() as u32);
    }
    out.extend_from_slice(digits);
}

/// Reads the fields of a wire blob in order; every read is checked (a short or lying blob is
/// refused, never a panic).
pub struct Reader<'a> {
    data: &'a [u8],
}

impl<'a> Reader<'a> {
    pub fn new(data: &'a [u8]) -> Self {
        Reader { data }
    }
    pub fn string(&mut self) -> Option<&'a [u8]> {
        if self.data.len() < 4 {
            return None;
        }
        let n = u32::from_be_bytes([self.data[0], self.data[1], self.data[2], self.data[3]]) as usize;
        let rest = &self.data[4..];
        if rest.len() < n {
            return None;
        }
        let (s, tail) = rest.split_at(n);
        self.data = tail;
        Some(s)
    }
    pub fn is_empty(&self) -> bool {
        self.data.is_empty()
    }
}

/// `aa:bb:cc…`: how AWS writes MD5 and SHA-1 fingerprints.
pub fn colon_hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect::<Vec<_>>().join(":")
}

#[cfg(test)]
mod tests {
    use super::*;
    #[test]
    fn mpint_rules() {
        let mut v = Vec::new();
        put_mpint(&mut v, &[0, 0, 0x80, 1]);
        assert_eq!(v, vec![0, 0, 0, 3, 0, 0x80, 1]);
        let mut v = Vec::new();
        put_mpint(&mut v, &[0, 0x7f]);
        assert_eq!(v, vec![0, 0, 0, 1, 0x7f]);
        let mut r = Reader::new(&[0, 0, 0, 9, 1]);
        assert!(r.string().is_none());
    }
}
