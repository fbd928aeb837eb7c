//! The grammar of an instance type name: `<family><generation><attributes>[-<variant>].<size>`
//! (`c6gn.16xlarge`, `m7i-flex.large`, `p6-b200.48xlarge`), plus the two irregular forms
//! `u-6tb1.metal` (memory variant before the generation) and `mac-m4.metal` (no generation).

/// The known family letters. A family is the whole run of letters before the generation
/// digit (or dash), so `is4gen` is `is`, not `i`.
pub const FAMILIES: &[&str] = &["a", "c", "d", "dl", "f", "g", "gr", "h", "hpc", "i", "im", "inf", "is", "m", "mac", "p", "r", "t", "trn", "u", "vt", "x", "z"];

/// Attribute letters after the generation (UG:instance-types "naming conventions").
pub const ATTRIBUTES: &str = "abdefginqz";

/// The named sizes below `xlarge`, smallest first.
pub const NAMED_SIZES: &[&str] = &["nano", "micro", "small", "medium", "large"];

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TypeName<'a> {
    /// `c` of `c6gn.16xlarge`
    pub family: &'a str,
    pub generation: Option<u32>,
    /// `gn` of `c6gn.16xlarge`
    pub attributes: &'a str,
    /// `flex` of `m7i-flex.large`, `6tb` of `u-6tb1.metal`, `b200`, `m2pro`
    pub variant: Option<Variant<'a>>,
    /// `c6gn`: what AWS calls the instance family
    pub series: &'a str,
    pub size: Size,
    pub size_name: &'a str,
}

/// The part after a dash in the series (`-flex`, `-6tb`, `-b200`, `-m2pro`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Variant<'a> {
    /// `-flex`
    Flex,
    /// `-6tb`: memory in TB (high memory `u` types)
    MemoryTb(u32),
    /// `-b200`: the NVIDIA GPU model
    Gpu(&'a str),
    /// `-m2pro`: the Apple chip of a Mac
    AppleChip(&'a str),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Size {
    /// Index into `NAMED_SIZES`.
    Named(usize),
    /// `xlarge` is 1, `16xlarge` is 16.
    XLarge(u32),
    /// `metal`, or `metal-24xl` (a bare metal server the size of a 24xlarge).
    Metal(Option<u32>),
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum NameError {
    NoDot,
    Family(String),
    Generation,
    Attribute(char),
    Variant(String),
    Size(String),
}

pub fn parse(name: &str) -> Result<TypeName<'_>, NameError> {
    let (series, size_name) = name.split_once('.').ok_or(NameError::NoDot)?;
    let size = parse_size(size_name).ok_or_else(|| NameError::Size(size_name.to_string()))?;
    let family_len = series.bytes().take_while(u8::is_ascii_lowercase).count();
    let family = &series[..family_len];
    if !FAMILIES.contains(&family) {
        return Err(NameError::Family(family.to_string()));
    }
    let rest = &series[family_len..];
    let (generation, attributes, option) = if let Some(opt) = rest.strip_prefix('-') {
        // u-6tb1 (memory, then the generation) or mac-m4 (no generation)
        let digits = opt.bytes().rev().take_while(u8::is_ascii_digit).count();
        let (head, gen) = opt.split_at(opt.len() - digits);
        if digits > 0 && head.ends_with("tb") {
            (Some(number(gen).ok_or(NameError::Generation)?), "", Some(head))
        } else {
            (None, "", Some(opt))
        }
    } else {
        let digits = rest.bytes().take_while(u8::is_ascii_digit).count();
        let generation = number(&rest[..digits]).ok_or(NameError::Generation)?;
        let rest = &rest[digits..];
        let letters = rest.bytes().take_while(u8::is_ascii_lowercase).count();
        let (attributes, rest) = rest.split_at(letters);
        let option = match rest.strip_prefix('-') {
            Some(o) => Some(o),
            None if rest.is_empty() => None,
            None => return Err(NameError::Variant(rest.to_string())),
        };
        (Some(generation), attributes, option)
    };
    if let Some(bad) = attributes.chars().find(|c| !ATTRIBUTES.contains(*c)) {
        return Err(NameError::Attribute(bad));
    }
    let option = option.map(|o| parse_option(o).ok_or_else(|| NameError::Variant(o.to_string()))).transpose()?;
    if generation.is_none() && option.is_none() {
        return Err(NameError::Generation);
    }
    Ok(TypeName { family, generation, attributes, variant: option, series, size, size_name })
}

/// A positive decimal number without a leading zero.
fn number(s: &str) -> Option<u32> {
    if s.is_empty() || s.starts_with('0') || !s.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    s.parse().ok()
}

fn parse_option(o: &str) -> Option<Variant<'_>> {
    if o == "flex" {
        return Some(Variant::Flex);
    }
    if let Some(tb) = o.strip_suffix("tb") {
        return number(tb).map(Variant::MemoryTb);
    }
    if let Some(model) = o.strip_prefix('b') {
        return number(model).map(|_| Variant::Gpu(o));
    }
    if let Some(chip) = o.strip_prefix('m') {
        let digits = chip.bytes().take_while(u8::is_ascii_digit).count();
        let tier = &chip[digits..];
        return (number(&chip[..digits]).is_some() && ["", "pro", "max", "ultra"].contains(&tier)).then_some(Variant::AppleChip(o));
    }
    None
}

pub fn parse_size(s: &str) -> Option<Size> {
    if let Some(i) = NAMED_SIZES.iter().position(|n| *n == s) {
        return Some(Size::Named(i));
    }
    if s == "xlarge" {
        return Some(Size::XLarge(1));
    }
    if s == "metal" {
        return Some(Size::Metal(None));
    }
    if let Some(n) = s.strip_prefix("metal-").and_then(|m| m.strip_suffix("xl")) {
        return number(n).map(|n| Size::Metal(Some(n)));
    }
    let n = number(s.strip_suffix("xlarge")?)?;
    (n >= 2).then_some(Size::XLarge(n))
}

/// Sort key that puts sizes in order: nano < ... < large < xlarge < 2xlarge < ... <
/// metal-24xl (after 24xlarge) < metal. Unparseable sizes go last.
pub fn size_rank(size: &str) -> (u8, u32, u8) {
    match parse_size(size) {
        Some(Size::Named(i)) => (0, i as u32, 0),
        Some(Size::XLarge(n)) => (1, n, 0),
        Some(Size::Metal(Some(n))) => (1, n, 1),
        Some(Size::Metal(None)) => (2, 0, 0),
        None => (3, 0, 0),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn regular_names() {
        let n = parse("c6gn.16xlarge").unwrap();
        assert_eq!((n.family, n.generation, n.attributes, n.variant, n.series, n.size), ("c", Some(6), "gn", None, "c6gn", Size::XLarge(16)));
        let n = parse("is4gen.large").unwrap();
        assert_eq!((n.family, n.attributes), ("is", "gen"));
        let n = parse("m7i-flex.large").unwrap();
        assert_eq!((n.attributes, n.variant), ("i", Some(Variant::Flex)));
        let n = parse("p6-b200.48xlarge").unwrap();
        assert_eq!((n.generation, n.variant), (Some(6), Some(Variant::Gpu("b200"))));
        let n = parse("u7i-12tb.224xlarge").unwrap();
        assert_eq!(n.variant, Some(Variant::MemoryTb(12)));
        let n = parse("m7i.metal-24xl").unwrap();
        assert_eq!(n.size, Size::Metal(Some(24)));
    }

    #[test]
    fn irregular_names() {
        let n = parse("u-6tb1.metal").unwrap();
        assert_eq!((n.family, n.generation, n.variant, n.series), ("u", Some(1), Some(Variant::MemoryTb(6)), "u-6tb1"));
        let n = parse("mac-m4pro.metal").unwrap();
        assert_eq!((n.family, n.generation, n.variant), ("mac", None, Some(Variant::AppleChip("m4pro"))));
        let n = parse("mac2-m1ultra.metal").unwrap();
        assert_eq!((n.generation, n.variant), (Some(2), Some(Variant::AppleChip("m1ultra"))));
    }

    #[test]
    fn every_catalog_name_parses() {
        for t in super::super::all() {
            assert!(parse(&t.name).is_ok(), "{}: {:?}", t.name, parse(&t.name));
        }
    }

    #[test]
    fn malformed_names() {
        assert_eq!(parse("t2micro"), Err(NameError::NoDot));
        assert_eq!(parse("q2.micro"), Err(NameError::Family("q".into())));
        assert_eq!(parse("T2.micro"), Err(NameError::Family("".into())));
        assert_eq!(parse("t.micro"), Err(NameError::Generation));
        assert_eq!(parse("t2k.micro"), Err(NameError::Attribute('k')));
        assert_eq!(parse("t2.huge"), Err(NameError::Size("huge".into())));
        assert_eq!(parse("t2.1xlarge"), Err(NameError::Size("1xlarge".into())));
        assert_eq!(parse("t2.micro.x"), Err(NameError::Size("micro.x".into())));
        assert_eq!(parse("m7i-fast.large"), Err(NameError::Variant("fast".into())));
        assert_eq!(parse("m7i_x.large"), Err(NameError::Variant("_x".into())));
        assert_eq!(parse("mac.metal"), Err(NameError::Generation));
    }

    #[test]
    fn sizes_order() {
        let mut s = vec!["metal", "2xlarge", "metal-24xl", "24xlarge", "xlarge", "nano", "large", "48xlarge"];
        s.sort_by_key(|s| size_rank(s));
        assert_eq!(s, ["nano", "large", "xlarge", "2xlarge", "24xlarge", "metal-24xl", "48xlarge", "metal"]);
    }
}
