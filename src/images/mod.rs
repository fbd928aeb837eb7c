//! AMIs: the public base images of every region (a fixed catalog) and, later, custom images.
//! The structs and `resolve` are the contract the compute domain relies on.
pub mod build;
mod catalog;
pub mod custom;
mod filters;
pub mod marketplace;
mod stable_id;

pub use filters::ImageView;
pub use stable_id::{fnv1a64, stable_id};

use crate::error::ApiError;
use crate::geo::RegionInfo;
use std::collections::BTreeMap;

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct EbsMapping {
    pub snapshot_id: Option<String>,
    pub volume_size_gib: u32,
    /// `gp3`, `gp2`, `io1`, ...
    pub volume_type: String,
    pub delete_on_termination: bool,
    pub encrypted: bool,
    pub iops: Option<u32>,
    pub throughput: Option<u32>,
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct BlockDeviceMapping {
    pub device_name: String,
    pub ebs: Option<EbsMapping>,
    /// `ephemeral0`.. for instance-store volumes
    pub virtual_name: Option<String>,
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ProductCode {
    pub id: String,
    /// `marketplace` or `devpay`
    pub kind: String,
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Image {
    pub id: String,
    pub name: String,
    pub description: String,
    pub owner_id: String,
    /// `amazon`, `aws-marketplace`, or none for a customer's image
    pub owner_alias: Option<String>,
    /// `x86_64`, `arm64`, `i386`, ...
    pub architecture: String,
    /// `ebs` or `instance-store`
    pub root_device_type: String,
    pub root_device_name: String,
    pub virtualization_type: String,
    /// `windows` for Windows images, none otherwise
    pub platform: Option<String>,
    /// `Linux/UNIX`, `Windows`, `Red Hat Enterprise Linux`, ...
    pub platform_details: String,
    /// `RunInstances`, `RunInstances:0002`, ...
    pub usage_operation: String,
    pub block_device_mappings: Vec<BlockDeviceMapping>,
    pub product_codes: Vec<ProductCode>,
    pub public: bool,
    /// `available`, `pending`, `deregistered`, ...
    pub state: String,
    pub creation_date: String,
    pub ena_support: bool,
    pub sriov_net_support: Option<String>,
    pub hypervisor: String,
    pub image_location: String,
    /// `uefi`, `legacy-bios`, `uefi-preferred`
    pub boot_mode: Option<String>,
    /// `v2.0` when IMDSv2 is required by default
    pub imds_support: Option<String>,
    pub deprecation_time: Option<String>,
    /// Whether AWS marks the image as usable under the Free Tier (`FreeTierEligible`).
    pub free_tier_eligible: bool,
    /// Account ids with an explicit launch permission (the owner's is implicit; `public` is the group `all`).
    pub launch_permissions: Vec<String>,
    /// For an image made with CreateImage: the instance it was made from.
    pub source_instance_id: Option<String>,
    /// For an image made with CopyImage: the image and region it was copied from.
    pub source_image_id: Option<String>,
    pub source_image_region: Option<String>,
}

impl Image {
    /// Deprecated once its DeprecationTime has passed; `now` is an ISO-8601 string like the time itself.
    pub fn is_deprecated(&self, now: &str) -> bool {
        self.deprecation_time.as_deref().is_some_and(|t| t <= now)
    }

    /// Whether `account` may see and launch it: the owner, an explicit permission, or a public image.
    pub fn launchable_by(&self, account: &str) -> bool {
        self.public || self.owner_id == account || self.launch_permissions.iter().any(|a| a == account)
    }

    /// The root device's mapping, if the image lists one.
    pub fn root_mapping(&self) -> Option<&BlockDeviceMapping> {
        self.block_device_mappings.iter().find(|m| m.device_name == self.root_device_name)
    }
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RegionImages {
    pub images: BTreeMap<String, Image>,
}

impl RegionImages {
    /// The public base images of one region (the same ids for every seed; different in each region).
    pub fn public_catalog(info: &RegionInfo) -> Self {
        RegionImages { images: catalog::public_images(info).into_iter().map(|i| (i.id.clone(), i)).collect() }
    }

    /// The image a launch names, or AWS's refusal: malformed id, or not found in this region.
    pub fn resolve(&self, id: &str) -> Result<&Image, ApiError> {
        if !crate::sim::IdGen::well_formed(id, "ami") {
            return Err(ApiError::new("InvalidAMIID.Malformed", format!("Invalid id: \"{id}\" (expecting \"ami-...\")")).hint(
                "AMI ids look like ami- followed by 8 or 17 hex digits. Find one with describe_images.",
                "AMI ID는 ami- 뒤에 16진수 8자리 또는 17자리가 붙는 형식입니다. describe_images로 찾아보세요.",
            ));
        }
        match self.images.get(id) {
            Some(img) if img.state != "deregistered" => Ok(img),
            _ => Err(image_not_found(id)),
        }
    }
}

/// `InvalidAMIID.NotFound`: no such image in this region (or none this account may see).
pub fn image_not_found(id: &str) -> ApiError {
    ApiError::new("InvalidAMIID.NotFound", format!("The image id '[{id}]' does not exist"))
        .hint("AMI ids are per region: an image from another region has a different id here (copy it with copy_image), and a deregistered image is gone. Find this region's images with describe_images.", "AMI ID는 리전마다 다릅니다. 다른 리전의 이미지는 copy_image로 복사해야 하며, 등록 취소된 이미지는 사라집니다. describe_images로 이 리전의 이미지를 찾아보세요.")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn us_east_1() -> RegionImages {
        RegionImages::public_catalog(crate::geo::region("us-east-1").unwrap())
    }

    #[test]
    fn resolve_finds_catalog_images_and_refuses_like_aws() {
        let imgs = us_east_1();
        let al2023 = imgs.images.values().find(|i| i.name.starts_with("al2023-ami-2023.6") && i.architecture == "x86_64").unwrap();
        assert_eq!(imgs.resolve(&al2023.id).unwrap().name, al2023.name);

        let e = imgs.resolve("ami-xyz").unwrap_err();
        assert_eq!(e.code, "InvalidAMIID.Malformed");
        assert_eq!(e.message, "Invalid id: \"ami-xyz\" (expecting \"ami-...\")");
        assert_eq!(imgs.resolve("i-0123456789abcdef0").unwrap_err().code, "InvalidAMIID.Malformed");

        let e = imgs.resolve("ami-0123456789abcdef0").unwrap_err();
        assert_eq!(e.code, "InvalidAMIID.NotFound");
        assert_eq!(e.message, "The image id '[ami-0123456789abcdef0]' does not exist");

        // Another region's id for the same image does not exist here.
        let west = RegionImages::public_catalog(crate::geo::region("us-west-2").unwrap());
        let west_id = &west.images.values().find(|i| i.name == al2023.name).unwrap().id;
        assert_eq!(imgs.resolve(west_id).unwrap_err().code, "InvalidAMIID.NotFound");
    }

    #[test]
    fn resolve_refuses_a_deregistered_image() {
        let mut imgs = us_east_1();
        let id = imgs.images.keys().next().unwrap().clone();
        imgs.images.get_mut(&id).unwrap().state = "deregistered".into();
        assert_eq!(imgs.resolve(&id).unwrap_err().code, "InvalidAMIID.NotFound");
    }

    #[test]
    fn root_mapping_is_the_ebs_root_or_none_for_instance_store() {
        let imgs = us_east_1();
        let al2023 = imgs.images.values().find(|i| i.name.starts_with("al2023-ami-2023.6") && i.architecture == "x86_64").unwrap();
        let root = al2023.root_mapping().unwrap();
        assert_eq!(root.device_name, "/dev/xvda");
        assert_eq!(root.ebs.as_ref().unwrap().volume_type, "gp3");
        let s3 = imgs.images.values().find(|i| i.root_device_type == "instance-store").unwrap();
        assert!(s3.root_mapping().is_none());
    }

    #[test]
    fn deprecation_and_launch_permissions() {
        let mut img = Image { owner_id: "111122223333".into(), deprecation_time: Some("2025-01-01T00:00:00.000Z".into()), ..Default::default() };
        assert!(img.is_deprecated("2025-01-06T09:00:00.000Z"));
        assert!(!img.is_deprecated("2024-12-31T23:59:59.000Z"));
        assert!(img.launchable_by("111122223333"));
        assert!(!img.launchable_by("123456789012"));
        img.launch_permissions.push("123456789012".into());
        assert!(img.launchable_by("123456789012"));
        img.launch_permissions.clear();
        img.public = true;
        assert!(img.launchable_by("123456789012"));
    }
}
