//! Regions and Availability Zones: the fixed geography of the simulated world.
use crate::error::ApiError;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RegionInfo {
    pub name: &'static str,
    /// Short code used by AZ ids (`use1-az1`).
    pub code: &'static str,
    pub endpoint_suffix: &'static str,
    /// The suffix of private DNS names (`ec2.internal` in us-east-1, `<region>.compute.internal` elsewhere).
    pub private_dns_suffix: &'static str,
    /// Public DNS names: `compute-1.amazonaws.com` in us-east-1, `<region>.compute.amazonaws.com` elsewhere.
    pub public_dns_suffix: &'static str,
    pub opt_in: &'static str,
    /// AZ letter suffixes with the AZ id number each maps to (AZ names are shuffled per account on AWS; here fixed).
    pub zones: &'static [(&'static str, u8)],
    /// Amazon-owned public IPv4 blocks the auto-assigned public addresses come from.
    pub public_pools: &'static [(&'static str, u8)],
}

pub const REGIONS: &[RegionInfo] = &[
    RegionInfo {
        name: "us-east-1",
        code: "use1",
        endpoint_suffix: "amazonaws.com",
        private_dns_suffix: "ec2.internal",
        public_dns_suffix: "compute-1.amazonaws.com",
        opt_in: "opt-in-not-required",
        zones: &[("a", 1), ("b", 2), ("c", 4), ("d", 6), ("e", 3), ("f", 5)],
        public_pools: &[("3.80.0.0", 12), ("54.160.0.0", 11), ("44.192.0.0", 11)],
    },
    RegionInfo {
        name: "us-west-2",
        code: "usw2",
        endpoint_suffix: "amazonaws.com",
        private_dns_suffix: "us-west-2.compute.internal",
        public_dns_suffix: "us-west-2.compute.amazonaws.com",
        opt_in: "opt-in-not-required",
        zones: &[("a", 1), ("b", 2), ("c", 3), ("d", 4)],
        public_pools: &[("34.208.0.0", 12), ("54.184.0.0", 13)],
    },
    RegionInfo {
        name: "eu-west-1",
        code: "euw1",
        endpoint_suffix: "amazonaws.com",
        private_dns_suffix: "eu-west-1.compute.internal",
        public_dns_suffix: "eu-west-1.compute.amazonaws.com",
        opt_in: "opt-in-not-required",
        zones: &[("a", 1), ("b", 2), ("c", 3)],
        public_pools: &[("34.240.0.0", 13), ("52.208.0.0", 13)],
    },
    RegionInfo {
        name: "ap-northeast-2",
        code: "apne2",
        endpoint_suffix: "amazonaws.com",
        private_dns_suffix: "ap-northeast-2.compute.internal",
        public_dns_suffix: "ap-northeast-2.compute.amazonaws.com",
        opt_in: "opt-in-not-required",
        zones: &[("a", 1), ("b", 2), ("c", 3), ("d", 4)],
        public_pools: &[("3.34.0.0", 15), ("13.124.0.0", 14)],
    },
];

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ZoneInfo {
    pub name: String,
    pub id: String,
    pub region: &'static str,
}

pub fn region(name: &str) -> Option<&'static RegionInfo> {
    REGIONS.iter().find(|r| r.name == name)
}

/// Every modelled region or an error that lists them.
pub fn require_region(name: &str) -> Result<&'static RegionInfo, ApiError> {
    region(name).ok_or_else(|| {
        let names: Vec<&str> = REGIONS.iter().map(|r| r.name).collect();
        ApiError::new("InvalidRegion", format!("The region '{name}' does not exist or is not modelled."))
            .hint(format!("ec2lab models these regions: {}.", names.join(", ")), format!("ec2lab이 제공하는 리전: {}.", names.join(", ")))
    })
}

impl RegionInfo {
    pub fn zones(&self) -> Vec<ZoneInfo> {
        self.zones.iter().map(|(s, n)| ZoneInfo { name: format!("{}{}", self.name, s), id: format!("{}-az{}", self.code, n), region: self.name }).collect()
    }
    pub fn zone(&self, name: &str) -> Option<ZoneInfo> {
        self.zones().into_iter().find(|z| z.name == name)
    }
    pub fn zone_by_id(&self, id: &str) -> Option<ZoneInfo> {
        self.zones().into_iter().find(|z| z.id == id)
    }
    pub fn endpoint(&self, service: &str) -> String {
        format!("{service}.{}.{}", self.name, self.endpoint_suffix)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    #[test]
    fn zones_have_names_and_ids() {
        let r = region("us-east-1").unwrap();
        assert_eq!(r.zones().len(), 6);
        assert_eq!(r.zone("us-east-1a").unwrap().id, "use1-az1");
        assert_eq!(region("ap-northeast-2").unwrap().zones().len(), 4);
        assert!(require_region("mars-1").is_err());
    }
}
