/// An IPv4 block, canonical (host bits cleared).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Cidr {
    pub base: u32,
    pub len: u8,
}

impl Cidr {
    pub fn size(&self) -> u32 {
        if self.len == 0 {
            u32::MAX
        } else {
            1u32 << (32 - self.len)
        }
    }
    pub fn contains(&self, ip: u32) -> bool {
        let mask = if self.len == 0 { 0 } else { u32::MAX << (32 - self.len) };
        ip & mask == self.base
    }
}

impl std::fmt::Display for Cidr {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}/{}", format_ip(self.base), self.len)
    }
}

pub fn parse_ip(s: &str) -> Option<u32> {
    s.parse::<std::net::Ipv4Addr>().ok().map(u32::from)
}

pub fn format_ip(ip: u32) -> String {
    std::net::Ipv4Addr::from(ip).to_string()
}

/// Parses `a.b.c.d/n` and clears host bits, as AWS does (`100.68.0.18/18` → `100.68.0.0/18`).
pub fn parse_cidr(s: &str) -> Option<Cidr> {
    let (ip, len) = s.split_once('/')?;
    let len: u8 = len.parse().ok().filter(|l| *l <= 32)?;
    let ip = parse_ip(ip)?;
    let mask = if len == 0 { 0 } else { u32::MAX << (32 - len) };
    Some(Cidr { base: ip & mask, len })
}

#[cfg(test)]
mod tests {
    use super::*;
    #[test]
    fn canonicalises() {
        let c = parse_cidr("100.68.0.18/18").unwrap();
        assert_eq!(c.to_string(), "100.68.0.0/18");
        assert!(c.contains(parse_ip("100.68.63.255").unwrap()));
        assert!(!c.contains(parse_ip("100.68.64.0").unwrap()));
        assert_eq!(parse_cidr("172.31.0.0/20").unwrap().size(), 4096);
    }
}
