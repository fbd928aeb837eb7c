//! DescribeImages' filter names, answered by an image and its tags.
use super::Image;
use crate::query::FilterValues;
use crate::tags::Tags;

/// An image as a Describe call sees it: the image and the tags of its region's tag store.
pub struct ImageView<'a> {
    pub image: &'a Image,
    pub tags: Option<&'a Tags>,
}

fn flag(b: bool) -> String {
    b.to_string()
}

impl FilterValues for ImageView<'_> {
    fn filter_values(&self, name: &str) -> Option<Vec<String>> {
        let i = self.image;
        let one = |s: &str| vec![s.to_string()];
        let opt = |s: &Option<String>| s.iter().cloned().collect::<Vec<_>>();
        let ebs = || i.block_device_mappings.iter().filter_map(|m| m.ebs.as_ref());
        Some(match name {
            "architecture" => one(&i.architecture),
            "block-device-mapping.device-name" => i.block_device_mappings.iter().map(|m| m.device_name.clone()).collect(),
            "block-device-mapping.snapshot-id" => ebs().filter_map(|e| e.snapshot_id.clone()).collect(),
            "block-device-mapping.volume-size" => ebs().map(|e| e.volume_size_gib.to_string()).collect(),
            "block-device-mapping.volume-type" => ebs().map(|e| e.volume_type.clone()).collect(),
            "block-device-mapping.delete-on-termination" => ebs().map(|e| flag(e.delete_on_termination)).collect(),
            "block-device-mapping.encrypted" => ebs().map(|e| flag(e.encrypted)).collect(),
            "boot-mode" => opt(&i.boot_mode),
            "creation-date" => one(&i.creation_date),
            "description" => one(&i.description),
            "ena-support" => vec![flag(i.ena_support)],
            "free-tier-eligible" => vec![flag(i.free_tier_eligible)],
            "hypervisor" => one(&i.hypervisor),
            "image-id" => one(&i.id),
            "image-type" => one("machine"),
            "is-public" => vec![flag(i.public)],
            "manifest-location" => one(&i.image_location),
            "name" => one(&i.name),
            "owner-alias" => opt(&i.owner_alias),
            "owner-id" => one(&i.owner_id),
            "platform" => opt(&i.platform),
            "platform-details" => one(&i.platform_details),
            "product-code" => i.product_codes.iter().map(|p| p.id.clone()).collect(),
            "product-code.type" => i.product_codes.iter().map(|p| p.kind.clone()).collect(),
            "root-device-name" => one(&i.root_device_name),
            "root-device-type" => one(&i.root_device_type),
            "source-image-id" => opt(&i.source_image_id),
            "source-image-region" => opt(&i.source_image_region),
            "source-instance-id" => opt(&i.source_instance_id),
            "sriov-net-support" => opt(&i.sriov_net_support),
            "state" => one(&i.state),
            "usage-operation" => one(&i.usage_operation),
            "virtualization-type" => one(&i.virtualization_type),
            // Documented names that no simulated image has a value for (PV kernels, state reasons,
            // Allowed AMIs): known, so they filter everything out instead of being refused.
            "kernel-id" | "ramdisk-id" | "state-reason-code" | "state-reason-message" | "image-allowed" => vec![],
            _ => return None,
        })
    }

    fn tags(&self) -> Option<&Tags> {
        self.tags
    }
}
