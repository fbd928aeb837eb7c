//! DescribeImages, and the account's own AMIs: CreateImage, RegisterImage, CopyImage, DeregisterImage.
use crate::api::{filters, Filters, Tag};
use crate::error::ApiError;
use crate::images::{image_not_found, BlockDeviceMapping, Image, ImageView};
use crate::query::{matches, paginate};
use crate::sim::clock::iso8601;
use crate::world::{World, ACCOUNT_ID};
use serde::{Deserialize, Serialize};

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct DescribeImagesRequest {
    executable_users: Option<Vec<String>>,
    image_ids: Option<Vec<String>>,
    owners: Option<Vec<String>>,
    include_deprecated: Option<bool>,
    include_disabled: Option<bool>,
    max_results: Option<i64>,
    next_token: Option<String>,
    filters: Filters,
}

#[derive(Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct EbsBlockDeviceShape {
    delete_on_termination: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    iops: Option<u32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    snapshot_id: Option<String>,
    volume_size: u32,
    volume_type: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    throughput: Option<u32>,
    encrypted: bool,
}

#[derive(Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct BlockDeviceMappingShape {
    #[serde(skip_serializing_if = "Option::is_none")]
    ebs: Option<EbsBlockDeviceShape>,
    device_name: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    virtual_name: Option<String>,
}

#[derive(Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct ProductCodeShape {
    pub(super) product_code_id: String,
    pub(super) product_code_type: String,
}

/// botocore's `Image`, members in the model's order.
#[derive(Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct ImageShape {
    platform_details: String,
    usage_operation: String,
    block_device_mappings: Vec<BlockDeviceMappingShape>,
    description: String,
    ena_support: bool,
    hypervisor: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    image_owner_alias: Option<String>,
    name: String,
    root_device_name: String,
    root_device_type: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    sriov_net_support: Option<String>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    tags: Vec<Tag>,
    virtualization_type: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    boot_mode: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    deprecation_time: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    imds_support: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    source_instance_id: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    source_image_id: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    source_image_region: Option<String>,
    free_tier_eligible: bool,
    image_id: String,
    image_location: String,
    state: String,
    owner_id: String,
    creation_date: String,
    public: bool,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    product_codes: Vec<ProductCodeShape>,
    architecture: String,
    image_type: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    platform: Option<String>,
}

#[derive(Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct DescribeImagesResponse {
    images: Vec<ImageShape>,
    #[serde(skip_serializing_if = "Option::is_none")]
    next_token: Option<String>,
}

pub(super) fn mapping_shape(m: &BlockDeviceMapping) -> BlockDeviceMappingShape {
    BlockDeviceMappingShape {
        ebs: m.ebs.as_ref().map(|e| EbsBlockDeviceShape {
            delete_on_termination: e.delete_on_termination,
            iops: e.iops,
            snapshot_id: e.snapshot_id.clone(),
            volume_size: e.volume_size_gib,
            volume_type: e.volume_type.clone(),
            throughput: e.throughput,
            encrypted: e.encrypted,
        }),
        device_name: m.device_name.clone(),
        virtual_name: m.virtual_name.clone(),
    }
}

fn image_shape(view: &ImageView) -> ImageShape {
    let i = view.image;
    ImageShape {
        platform_details: i.platform_details.clone(),
        usage_operation: i.usage_operation.clone(),
        block_device_mappings: i.block_device_mappings.iter().map(mapping_shape).collect(),
        description: i.description.clone(),
        ena_support: i.ena_support,
        hypervisor: i.hypervisor.clone(),
        image_owner_alias: i.owner_alias.clone(),
        name: i.name.clone(),
        root_device_name: i.root_device_name.clone(),
        root_device_type: i.root_device_type.clone(),
        sriov_net_support: i.sriov_net_support.clone(),
        tags: view.tags.into_iter().flatten().map(|(k, v)| Tag { key: k.clone(), value: v.clone() }).collect(),
        virtualization_type: i.virtualization_type.clone(),
        boot_mode: i.boot_mode.clone(),
        deprecation_time: i.deprecation_time.clone(),
        imds_support: i.imds_support.clone(),
        source_instance_id: i.source_instance_id.clone(),
        source_image_id: i.source_image_id.clone(),
        source_image_region: i.source_image_region.clone(),
        free_tier_eligible: i.free_tier_eligible,
        image_id: i.id.clone(),
        image_location: i.image_location.clone(),
        state: i.state.clone(),
        owner_id: i.owner_id.clone(),
        creation_date: i.creation_date.clone(),
        public: i.public,
        product_codes: i.product_codes.iter().map(|p| ProductCodeShape { product_code_id: p.id.clone(), product_code_type: p.kind.clone() }).collect(),
        architecture: i.architecture.clone(),
        image_type: "machine".into(),
        platform: i.platform.clone(),
    }
}

fn is_account_id(s: &str) -> bool {
    s.len() == 12 && s.chars().all(|c| c.is_ascii_digit())
}

/// The owner aliases `Owners` accepts besides `self` and account ids.
const OWNER_ALIASES: [&str; 3] = ["amazon", "aws-marketplace", "aws-backup-vault"];

/// `InvalidUserID.Malformed`, in the words AWS uses for DescribeFpgaImages' `Owners`.
fn malformed_user(value: &str, param: &str, keywords: &str) -> ApiError {
    ApiError::new("InvalidUserID.Malformed", format!("User ID '{value}' is invalid")).hint(
        format!("{param} takes 12-digit account ids or the keywords {keywords}."),
        format!("{param}에는 12자리 계정 ID나 키워드 {keywords}만 쓸 수 있습니다."),
    )
}

/// `Owners`: `self`, an owner alias, or an account id.
fn owned_by(i: &Image, owner: &str) -> bool {
    match owner {
        "self" => i.owner_id == ACCOUNT_ID,
        alias if OWNER_ALIASES.contains(&alias) => i.owner_alias.as_deref() == Some(alias),
        id => i.owner_id == id,
    }
}

/// `ExecutableUsers`: `all` means public; `self` or an account id means an explicit launch permission.
fn executable_by(i: &Image, user: &str) -> bool {
    match user {
        "all" => i.public,
        "self" => i.launch_permissions.iter().any(|a| a == ACCOUNT_ID),
        id => i.launch_permissions.iter().any(|a| a == id),
    }
}

pub fn describe_images(w: &World, region: &str, r: DescribeImagesRequest) -> Result<DescribeImagesResponse, ApiError> {
    let reg = w.region(region)?;
    let owners = r.owners.unwrap_or_default();
    for o in &owners {
        if !(o == "self" || OWNER_ALIASES.contains(&o.as_str()) || is_account_id(o)) {
            return Err(malformed_user(o, "Owners", "self, amazon, aws-marketplace, aws-backup-vault"));
        }
    }
    let users = r.executable_users.unwrap_or_default();
    for u in &users {
        if !(matches!(u.as_str(), "self" | "all") || is_account_id(u)) {
            return Err(malformed_user(u, "ExecutableUsers", "self, all"));
        }
    }
    let ids = r.image_ids.unwrap_or_default();
    for id in &ids {
        let img = reg.images.resolve(id)?;
        if !img.launchable_by(ACCOUNT_ID) {
            return Err(image_not_found(id));
        }
    }
    let f = filters(&r.filters);
    // Refuse an unknown filter name even when no image would reach it.
    let probe = Image::default();
    for one in &f {
        matches(std::slice::from_ref(one), &ImageView { image: &probe, tags: None })?;
    }
    let now = iso8601(w.now());
    // Deprecated images are hidden from listings, but not from whoever names them or owns them.
    let include_deprecated = r.include_deprecated.unwrap_or(false) || !ids.is_empty();
    let include_disabled = r.include_disabled.unwrap_or(false);

    let mut found = Vec::new();
    for img in reg.images.images.values() {
        let listed = img.state != "deregistered"
            && img.launchable_by(ACCOUNT_ID)
            && (ids.is_empty() || ids.contains(&img.id))
            && (owners.is_empty() || owners.iter().any(|o| owned_by(img, o)))
            && (users.is_empty() || users.iter().any(|u| executable_by(img, u)))
            && (include_deprecated || img.owner_id == ACCOUNT_ID || !img.is_deprecated(&now))
            && (include_disabled || img.state != "disabled");
        let view = ImageView { image: img, tags: reg.tags.get(&img.id) };
        if listed && matches(&f, &view)? {
            found.push(view);
        }
    }
    let page = paginate(found, r.max_results, r.next_token.as_deref(), (5, 1000))?;
    Ok(DescribeImagesResponse { images: page.items.iter().map(image_shape).collect(), next_token: page.next_token })
}
