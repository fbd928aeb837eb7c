//! Which instance types each modelled region and AZ offers (`data/offerings.json`, written by
//! `scripts/gen_instance_types.py`), parsed once on first use.
use serde::Deserialize;
use std::collections::BTreeMap;
use std::sync::OnceLock;

/// Strings borrow from the embedded file (the generator checks that none needs unescaping).
#[derive(Deserialize)]
pub struct RegionOfferings {
    /// The AZ letters of the region (`abcdef`).
    pub zones: &'static str,
    /// Every type the region offers, with the letters of the AZs that offer it.
    #[serde(borrow)]
    pub types: BTreeMap<&'static str, &'static str>,
}

static OFFERINGS: OnceLock<BTreeMap<&'static str, RegionOfferings>> = OnceLock::new();

/// What `region` offers; `None` for a region ec2lab does not model.
pub fn region_offerings(region: &str) -> Option<&'static RegionOfferings> {
    OFFERINGS.get_or_init(|| serde_json::from_str(include_str!("data/offerings.json")).expect("offerings.json is generated valid")).get(region)
}

impl RegionOfferings {
    pub fn offers(&self, type_name: &str) -> bool {
        self.types.contains_key(type_name)
    }
    /// Whether the AZ with this letter (`a` of `us-east-1a`) offers the type.
    pub fn offers_in(&self, type_name: &str, letter: &str) -> bool {
        letter.len() == 1 && self.types.get(type_name).is_some_and(|l| l.contains(letter))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    #[test]
    fn every_modelled_region_has_offerings_for_its_zones() {
        for info in crate::geo::REGIONS {
            let o = region_offerings(info.name).unwrap();
            let letters: String = info.zones.iter().map(|(l, _)| *l).collect();
            assert_eq!(o.zones, letters, "{}", info.name);
            assert!(o.types.values().all(|l| l.chars().all(|c| letters.contains(c))), "{}", info.name);
            assert!(o.types.keys().all(|t| super::super::instance_type(t).is_some()), "{}", info.name);
        }
        assert!(region_offerings("mars-1").is_none());
    }
}
