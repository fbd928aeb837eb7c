//! AMIs: the public base images of every region (a fixed catalog) and, later, custom images.
//! OWNER NOTE: the catalog contents and DescribeImages are filled in by the AMI work; the
//! structs and `resolve` are the contract the compute domain relies on.
mod catalog;

use crate::error::ApiError;
use crate::geo::RegionInfo;
use std::collections::BTreeMap;

#[derive(Debug, Clone, PartialEq, Eq)]
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

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BlockDeviceMapping {
    pub device_name: String,
    pub ebs: Option<EbsMapping>,
    /// `ephemeral0`.. for instance-store volumes
    pub virtual_name: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProductCode {
    pub id: String,
    /// `marketplace` or `devpay`
    pub kind: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
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
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RegionImages {
    pub images: BTreeMap<String, Image>,
}

impl RegionImages {
    pub fn public_catalog(info: &RegionInfo) -> Self {
        RegionImages { images: catalog::public_images(info).into_iter().map(|i| (i.id.clone(), i)).collect() }
    }

    /// The image a launch names, or AWS's refusal: malformed id, or not found in this region.
    pub fn resolve(&self, id: &str) -> Result<&Image, ApiError> {
        if !crate::sim::IdGen::well_formed(id, "ami") {
            return Err(ApiError::new("InvalidAMIID.Malformed", format!("Invalid id: \"{id}\" (expecting \"ami-...\")"))
                .hint("AMI ids look like ami- followed by 8 or 17 hex digits. Find one with describe_images.", "AMI ID는 ami- 뒤에 16진수 8자리 또는 17자리가 붙는 형식입니다. describe_images로 찾아보세요."));
        }
        match self.images.get(id) {
            Some(img) if img.state != "deregistered" => Ok(img),
            _ => Err(ApiError::new("InvalidAMIID.NotFound", format!("The image id '[{id}]' does not exist"))
                .hint("AMI ids are per region: an image from another region has a different id here (copy it with copy_image). Find this region's images with describe_images.", "AMI ID는 리전마다 다릅니다. 다른 리전의 이미지는 copy_image로 복사해야 합니다. describe_images로 이 리전의 이미지를 찾아보세요.")),
        }
    }
}
