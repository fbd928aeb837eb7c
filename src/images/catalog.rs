//! The public base images every region offers: the Quick Start images of the console's launch
//! wizard as they stood just before the simulation starts (2025-01-06), one Marketplace image,
//! an old instance-store-backed Amazon Linux AMI, and one deprecated Amazon Linux 2023 release.
//!
//! Names, owners, descriptions, devices, sizes and billing codes follow real `describe-images`
//! output of that time. Creation and deprecation times follow each publisher's pattern
//! (Amazon Linux 2023: deprecated 90 days after creation; Canonical and Red Hat: 2 years);
//! the seconds are illustrative. The product code is invented (real ones are 25 characters too).
//!
//! Ids are per region, as on AWS: `ami-` and `snap-` + 17 hex digits from an FNV-1a hash of
//! (region, image name), so they are the same for every seed and never touch the world's RNG.
use super::stable_id::stable_id;
use super::{BlockDeviceMapping, EbsMapping, Image, ProductCode};
use crate::geo::RegionInfo;

struct Owner {
    id: &'static str,
    alias: &'static str,
}

/// Amazon Linux, Windows, Canonical and Red Hat images all carry the alias `amazon` on AWS.
const AMAZON: Owner = Owner { id: "137112412989", alias: "amazon" };
const AMAZON_WINDOWS: Owner = Owner { id: "801119661308", alias: "amazon" };
const CANONICAL: Owner = Owner { id: "099720109477", alias: "amazon" };
const RED_HAT: Owner = Owner { id: "309956199498", alias: "amazon" };
const MARKETPLACE: Owner = Owner { id: "679593333241", alias: "aws-marketplace" };

/// What the image is billed as: (Platform, PlatformDetails, UsageOperation).
type Billing = (Option<&'static str>, &'static str, &'static str);
const LINUX: Billing = (None, "Linux/UNIX", "RunInstances");
const WINDOWS: Billing = (Some("windows"), "Windows", "RunInstances:0002");
const RHEL: Billing = (None, "Red Hat Enterprise Linux", "RunInstances:0010");

enum Root {
    /// An EBS root volume from a snapshot: size in GiB and volume type.
    Ebs(u32, &'static str),
    /// An instance-store root, bundled in S3: the manifest's file name in the `amzn-ami-<region>` bucket.
    InstanceStore(&'static str),
}

struct Entry {
    name: &'static str,
    description: &'static str,
    owner: Owner,
    arch: &'static str,
    root_device: &'static str,
    root: Root,
    /// Instance-store volumes the image maps: (device, virtual name).
    ephemeral: &'static [(&'static str, &'static str)],
    billing: Billing,
    boot_mode: Option<&'static str>,
    imds_v2: bool,
    created: &'static str,
    deprecated: Option<&'static str>,
    product_code: Option<&'static str>,
    free_tier: bool,
}

const UBUNTU_EPHEMERAL: &[(&str, &str)] = &[("/dev/sdb", "ephemeral0"), ("/dev/sdc", "ephemeral1")];

#[rustfmt::skip]
const CATALOG: &[Entry] = &[
    // Amazon Linux 2023: gp3 root, IMDSv2 required, deprecated 90 days after release.
    Entry { name: "al2023-ami-2023.6.20241212.0-kernel-6.1-x86_64", description: "Amazon Linux 2023 AMI 2023.6.20241212.0 x86_64 HVM kernel-6.1",
        owner: AMAZON, arch: "x86_64", root_device: "/dev/xvda", root: Root::Ebs(8, "gp3"), ephemeral: &[], billing: LINUX,
        boot_mode: Some("uefi-preferred"), imds_v2: true, created: "2024-12-12T21:24:48.000Z", deprecated: Some("2025-03-12T21:25:00.000Z"), product_code: None, free_tier: true },
    Entry { name: "al2023-ami-2023.6.20241212.0-kernel-6.1-arm64", description: "Amazon Linux 2023 AMI 2023.6.20241212.0 arm64 HVM kernel-6.1",
        owner: AMAZON, arch: "arm64", root_device: "/dev/xvda", root: Root::Ebs(8, "gp3"), ephemeral: &[], billing: LINUX,
        boot_mode: Some("uefi"), imds_v2: true, created: "2024-12-12T21:24:51.000Z", deprecated: Some("2025-03-12T21:25:00.000Z"), product_code: None, free_tier: true },
    // An older release, already deprecated: hidden from listings unless IncludeDeprecated or asked for by id.
    Entry { name: "al2023-ami-2023.4.20240528.0-kernel-6.1-x86_64", description: "Amazon Linux 2023 AMI 2023.4.20240528.0 x86_64 HVM kernel-6.1",
        owner: AMAZON, arch: "x86_64", root_device: "/dev/xvda", root: Root::Ebs(8, "gp3"), ephemeral: &[], billing: LINUX,
        boot_mode: Some("uefi-preferred"), imds_v2: true, created: "2024-05-24T03:27:51.000Z", deprecated: Some("2024-08-22T03:28:00.000Z"), product_code: None, free_tier: true },
    // Amazon Linux 2: gp2 root.
    Entry { name: "amzn2-ami-kernel-5.10-hvm-2.0.20241217.0-x86_64-gp2", description: "Amazon Linux 2 Kernel 5.10 AMI 2.0.20241217.0 x86_64 HVM gp2",
        owner: AMAZON, arch: "x86_64", root_device: "/dev/xvda", root: Root::Ebs(8, "gp2"), ephemeral: &[], billing: LINUX,
        boot_mode: None, imds_v2: false, created: "2024-12-18T07:48:06.000Z", deprecated: Some("2025-07-01T00:00:00.000Z"), product_code: None, free_tier: true },
    Entry { name: "amzn2-ami-kernel-5.10-hvm-2.0.20241217.0-arm64-gp2", description: "Amazon Linux 2 Kernel 5.10 AMI 2.0.20241217.0 arm64 HVM gp2",
        owner: AMAZON, arch: "arm64", root_device: "/dev/xvda", root: Root::Ebs(8, "gp2"), ephemeral: &[], billing: LINUX,
        boot_mode: Some("uefi"), imds_v2: false, created: "2024-12-18T07:50:10.000Z", deprecated: Some("2025-07-01T00:00:00.000Z"), product_code: None, free_tier: true },
    // Ubuntu (Canonical): root /dev/sda1, two instance-store slots mapped, deprecated after 2 years.
    Entry { name: "ubuntu/images/hvm-ssd/ubuntu-jammy-22.04-amd64-server-20241120", description: "Canonical, Ubuntu, 22.04 LTS, amd64 jammy image build on 2024-11-20",
        owner: CANONICAL, arch: "x86_64", root_device: "/dev/sda1", root: Root::Ebs(8, "gp2"), ephemeral: UBUNTU_EPHEMERAL, billing: LINUX,
        boot_mode: Some("uefi-preferred"), imds_v2: false, created: "2024-11-20T22:15:37.000Z", deprecated: Some("2026-11-20T22:15:37.000Z"), product_code: None, free_tier: true },
    Entry { name: "ubuntu/images/hvm-ssd/ubuntu-jammy-22.04-arm64-server-20241120", description: "Canonical, Ubuntu, 22.04 LTS, arm64 jammy image build on 2024-11-20",
        owner: CANONICAL, arch: "arm64", root_device: "/dev/sda1", root: Root::Ebs(8, "gp2"), ephemeral: UBUNTU_EPHEMERAL, billing: LINUX,
        boot_mode: Some("uefi"), imds_v2: false, created: "2024-11-20T22:16:05.000Z", deprecated: Some("2026-11-20T22:16:05.000Z"), product_code: None, free_tier: true },
    Entry { name: "ubuntu/images/hvm-ssd-gp3/ubuntu-noble-24.04-amd64-server-20241218", description: "Canonical, Ubuntu, 24.04 LTS, amd64 noble image build on 2024-12-18",
        owner: CANONICAL, arch: "x86_64", root_device: "/dev/sda1", root: Root::Ebs(8, "gp3"), ephemeral: UBUNTU_EPHEMERAL, billing: LINUX,
        boot_mode: Some("uefi-preferred"), imds_v2: false, created: "2024-12-18T23:32:06.000Z", deprecated: Some("2026-12-18T23:32:06.000Z"), product_code: None, free_tier: true },
    Entry { name: "ubuntu/images/hvm-ssd-gp3/ubuntu-noble-24.04-arm64-server-20241218", description: "Canonical, Ubuntu, 24.04 LTS, arm64 noble image build on 2024-12-18",
        owner: CANONICAL, arch: "arm64", root_device: "/dev/sda1", root: Root::Ebs(8, "gp3"), ephemeral: UBUNTU_EPHEMERAL, billing: LINUX,
        boot_mode: Some("uefi"), imds_v2: false, created: "2024-12-18T23:33:14.000Z", deprecated: Some("2026-12-18T23:33:14.000Z"), product_code: None, free_tier: true },
    // Windows Server 2022: licence included in the hourly price (RunInstances:0002), 30 GiB root.
    Entry { name: "Windows_Server-2022-English-Full-Base-2024.12.13", description: "Microsoft Windows Server 2022 Full Locale English AMI provided by Amazon",
        owner: AMAZON_WINDOWS, arch: "x86_64", root_device: "/dev/sda1", root: Root::Ebs(30, "gp2"), ephemeral: &[], billing: WINDOWS,
        boot_mode: None, imds_v2: false, created: "2024-12-13T04:31:48.000Z", deprecated: None, product_code: None, free_tier: true },
    // Red Hat Enterprise Linux 9: subscription in the hourly price (RunInstances:0010).
    Entry { name: "RHEL-9.5.0_HVM-20241211-x86_64-0-Hourly2-GP3", description: "Provided by Red Hat, Inc.",
        owner: RED_HAT, arch: "x86_64", root_device: "/dev/sda1", root: Root::Ebs(10, "gp3"), ephemeral: &[], billing: RHEL,
        boot_mode: None, imds_v2: false, created: "2024-12-11T20:49:34.000Z", deprecated: Some("2026-12-11T20:49:34.000Z"), product_code: None, free_tier: true },
    // AWS Marketplace: a vendor's image, identified by its product code.
    Entry { name: "bitnami-wordpress-6.7.1-r04-linux-debian-12-x86_64-hvm-ebs-nami", description: "Bitnami package for WordPress 6.7.1",
        owner: MARKETPLACE, arch: "x86_64", root_device: "/dev/xvda", root: Root::Ebs(10, "gp3"), ephemeral: &[], billing: LINUX,
        boot_mode: None, imds_v2: false, created: "2024-12-20T10:12:44.000Z", deprecated: None, product_code: Some("6s9a5x1ke7rb3hqd0m2wcz4tn"), free_tier: false },
    // Instance-store-backed (S3 bundle): the root is an instance-store volume, lost when the instance ends.
    Entry { name: "amzn-ami-hvm-2018.03.0.20231218.0-x86_64-s3", description: "Amazon Linux AMI 2018.03.0.20231218.0 x86_64 HVM S3",
        owner: AMAZON, arch: "x86_64", root_device: "/dev/sda1", root: Root::InstanceStore("amzn-ami-hvm-2018.03.0.20231218.0-x86_64.manifest.xml"),
        ephemeral: &[("/dev/sdb", "ephemeral0")], billing: LINUX,
        boot_mode: None, imds_v2: false, created: "2023-12-19T00:15:27.000Z", deprecated: None, product_code: None, free_tier: false },
];

pub fn public_images(info: &RegionInfo) -> Vec<Image> {
    CATALOG.iter().map(|e| image(info.name, e)).collect()
}

fn image(region: &str, e: &Entry) -> Image {
    let mut mappings = Vec::new();
    let (root_device_type, image_location) = match e.root {
        Root::Ebs(size, volume_type) => {
            let gp3 = volume_type == "gp3";
            mappings.push(BlockDeviceMapping {
                device_name: e.root_device.into(),
                ebs: Some(EbsMapping {
                    snapshot_id: Some(stable_id("snap", &[region, e.name, e.root_device])),
                    volume_size_gib: size,
                    volume_type: volume_type.into(),
                    delete_on_termination: true,
                    encrypted: false,
                    iops: gp3.then_some(3000),
                    throughput: gp3.then_some(125),
                }),
                virtual_name: None,
            });
            ("ebs", format!("{}/{}", e.owner.alias, e.name))
        }
        Root::InstanceStore(manifest) => ("instance-store", format!("amzn-ami-{region}/{manifest}")),
    };
    for (device, virtual_name) in e.ephemeral {
        mappings.push(BlockDeviceMapping { device_name: (*device).into(), ebs: None, virtual_name: Some((*virtual_name).into()) });
    }
    let (platform, platform_details, usage_operation) = e.billing;
    Image {
        id: stable_id("ami", &[region, e.name]),
        name: e.name.into(),
        description: e.description.into(),
        owner_id: e.owner.id.into(),
        owner_alias: Some(e.owner.alias.into()),
        architecture: e.arch.into(),
        root_device_type: root_device_type.into(),
        root_device_name: e.root_device.into(),
        virtualization_type: "hvm".into(),
        platform: platform.map(Into::into),
        platform_details: platform_details.into(),
        usage_operation: usage_operation.into(),
        block_device_mappings: mappings,
        product_codes: e.product_code.iter().map(|id| ProductCode { id: (*id).into(), kind: "marketplace".into() }).collect(),
        public: true,
        state: "available".into(),
        creation_date: e.created.into(),
        ena_support: true,
        sriov_net_support: Some("simple".into()),
        hypervisor: "xen".into(),
        image_location,
        boot_mode: e.boot_mode.map(Into::into),
        imds_support: e.imds_v2.then(|| "v2.0".into()),
        deprecation_time: e.deprecated.map(Into::into),
        free_tier_eligible: e.free_tier,
        ..Default::default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::geo::REGIONS;

    #[test]
    fn every_region_has_the_whole_catalog_with_its_own_ids() {
        let per_region: Vec<Vec<Image>> = REGIONS.iter().map(public_images).collect();
        for imgs in &per_region {
            assert_eq!(imgs.len(), CATALOG.len());
            for i in imgs {
                assert!(crate::sim::IdGen::well_formed(&i.id, "ami"), "{}", i.id);
                assert!(i.creation_date.as_str() < "2025-01-06T09:00:00.000Z", "{} is from the future", i.name);
                for m in &i.block_device_mappings {
                    if let Some(s) = m.ebs.as_ref().and_then(|e| e.snapshot_id.as_ref()) {
                        assert!(crate::sim::IdGen::well_formed(s, "snap"), "{s}");
                    }
                }
            }
        }
        let mut all: Vec<&str> = per_region.iter().flatten().map(|i| i.id.as_str()).collect();
        all.sort();
        all.dedup();
        assert_eq!(all.len(), REGIONS.len() * CATALOG.len(), "ids collide across images or regions");
    }

    #[test]
    fn names_are_unique_and_product_codes_are_25_lowercase_alphanumerics() {
        let mut names: Vec<&str> = CATALOG.iter().map(|e| e.name).collect();
        names.sort();
        names.dedup();
        assert_eq!(names.len(), CATALOG.len());
        for code in CATALOG.iter().filter_map(|e| e.product_code) {
            assert_eq!(code.len(), 25);
            assert!(code.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit()));
        }
    }
}
