//! DescribeImages, and the account's own AMIs: CreateImage, RegisterImage, CopyImage, DeregisterImage.
use crate::api::{filters, Filters, Tag, TagSpecification};
use crate::error::ApiError;
use crate::images::build::{self, CopyImageSpec, CreateImageSpec, EbsRequest, MappingRequest, RegisterImageSpec, TagSpecs};
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

    // A pending image shows as available once its snapshots have completed (images::build::state_of).
    let settled: Vec<std::borrow::Cow<Image>> = reg
        .images
        .images
        .values()
        .map(|img| match build::state_of(img, &reg.storage) {
            s if s == img.state => std::borrow::Cow::Borrowed(img),
            s => std::borrow::Cow::Owned(Image { state: s.to_string(), ..img.clone() }),
        })
        .collect();
    let mut found = Vec::new();
    for img in settled.iter().map(|c| c.as_ref()) {
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

// --- the account's own AMIs ------------------------------------------------------------------

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct EbsRequestShape {
    delete_on_termination: Option<bool>,
    iops: Option<u32>,
    snapshot_id: Option<String>,
    volume_size: Option<u32>,
    volume_type: Option<String>,
    kms_key_id: Option<String>,
    throughput: Option<u32>,
    outpost_arn: Option<String>,
    availability_zone: Option<String>,
    encrypted: Option<bool>,
    volume_initialization_rate: Option<i64>,
    availability_zone_id: Option<String>,
    ebs_card_index: Option<i64>,
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct MappingRequestShape {
    ebs: Option<EbsRequestShape>,
    no_device: Option<String>,
    device_name: String,
    virtual_name: Option<String>,
}

fn not_modelled(what: &str) -> ApiError {
    ApiError::new("Unsupported", format!("ec2lab does not simulate {what} yet."))
        .hint("This parameter is real but not modelled; leave it out.", "실제 매개변수이지만 ec2lab은 아직 지원하지 않습니다. 빼고 호출하세요.")
}

fn mapping_requests(list: Option<Vec<MappingRequestShape>>) -> Result<Vec<MappingRequest>, ApiError> {
    let mut out = Vec::new();
    for m in list.unwrap_or_default() {
        let ebs = match m.ebs {
            Some(e) => {
                if e.kms_key_id.is_some()
                    || e.outpost_arn.is_some()
                    || e.availability_zone.is_some()
                    || e.availability_zone_id.is_some()
                    || e.ebs_card_index.is_some()
                {
                    return Err(not_modelled("KMS keys, Outposts, zonal AMIs or EBS cards in block device mappings"));
                }
                let _ = e.volume_initialization_rate;
                Some(EbsRequest {
                    snapshot_id: e.snapshot_id,
                    volume_size: e.volume_size,
                    volume_type: e.volume_type,
                    delete_on_termination: e.delete_on_termination,
                    encrypted: e.encrypted,
                    iops: e.iops,
                    throughput: e.throughput,
                })
            }
            None => None,
        };
        out.push(MappingRequest { device_name: m.device_name, virtual_name: m.virtual_name, no_device: m.no_device.is_some(), ebs });
    }
    Ok(out)
}

fn tag_specs(specs: Option<Vec<TagSpecification>>) -> TagSpecs {
    specs.unwrap_or_default().into_iter().map(|s| (s.resource_type.unwrap_or_default(), s.tags.into_iter().map(|t| (t.key, t.value)).collect())).collect()
}

#[derive(Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct ImageIdResponse {
    image_id: String,
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct CreateImageRequest {
    instance_id: String,
    name: String,
    description: Option<String>,
    no_reboot: Option<bool>,
    block_device_mappings: Option<Vec<MappingRequestShape>>,
    tag_specifications: Option<Vec<TagSpecification>>,
    snapshot_location: Option<String>,
}

pub fn create_image(w: &mut World, region: &str, r: CreateImageRequest) -> Result<ImageIdResponse, ApiError> {
    if r.snapshot_location.is_some() {
        return Err(not_modelled("SnapshotLocation (Local Zones)"));
    }
    let spec = CreateImageSpec {
        instance_id: r.instance_id,
        name: r.name,
        description: r.description,
        no_reboot: r.no_reboot.unwrap_or(false),
        mappings: mapping_requests(r.block_device_mappings)?,
        tags: tag_specs(r.tag_specifications),
    };
    Ok(ImageIdResponse { image_id: build::create_image(w, region, &spec)? })
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct RegisterImageRequest {
    name: String,
    image_location: Option<String>,
    billing_products: Option<Vec<String>>,
    boot_mode: Option<String>,
    tpm_support: Option<String>,
    uefi_data: Option<String>,
    imds_support: Option<String>,
    tag_specifications: Option<Vec<TagSpecification>>,
    description: Option<String>,
    architecture: Option<String>,
    kernel_id: Option<String>,
    ramdisk_id: Option<String>,
    root_device_name: Option<String>,
    block_device_mappings: Option<Vec<MappingRequestShape>>,
    virtualization_type: Option<String>,
    sriov_net_support: Option<String>,
    ena_support: Option<bool>,
}

pub fn register_image(w: &mut World, region: &str, r: RegisterImageRequest) -> Result<ImageIdResponse, ApiError> {
    if r.image_location.is_some() {
        return Err(not_modelled("instance-store-backed AMIs bundled in S3 (ImageLocation); register an EBS snapshot instead"));
    }
    if r.billing_products.is_some() || r.tpm_support.is_some() || r.uefi_data.is_some() || r.kernel_id.is_some() || r.ramdisk_id.is_some() {
        return Err(not_modelled("BillingProducts, TpmSupport, UefiData, KernelId or RamdiskId"));
    }
    let spec = RegisterImageSpec {
        name: r.name,
        description: r.description,
        architecture: r.architecture,
        root_device_name: r.root_device_name,
        mappings: mapping_requests(r.block_device_mappings)?,
        virtualization_type: r.virtualization_type,
        ena_support: r.ena_support,
        sriov_net_support: r.sriov_net_support,
        boot_mode: r.boot_mode,
        imds_support: r.imds_support,
        tags: tag_specs(r.tag_specifications),
    };
    Ok(ImageIdResponse { image_id: build::register_image(w, region, &spec)? })
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct CopyImageRequest {
    client_token: Option<String>,
    description: Option<String>,
    encrypted: Option<bool>,
    kms_key_id: Option<String>,
    name: String,
    source_image_id: String,
    source_region: String,
    destination_outpost_arn: Option<String>,
    copy_image_tags: Option<bool>,
    tag_specifications: Option<Vec<TagSpecification>>,
    snapshot_copy_completion_duration_minutes: Option<i64>,
    destination_availability_zone: Option<String>,
    destination_availability_zone_id: Option<String>,
}

pub fn copy_image(w: &mut World, region: &str, r: CopyImageRequest) -> Result<ImageIdResponse, ApiError> {
    if r.kms_key_id.is_some()
        || r.destination_outpost_arn.is_some()
        || r.destination_availability_zone.is_some()
        || r.destination_availability_zone_id.is_some()
    {
        return Err(not_modelled("KMS keys, Outposts or Local Zones as copy destinations"));
    }
    // ClientToken (idempotency) and the time-based copy duration are accepted and not modelled.
    let _ = (r.client_token, r.snapshot_copy_completion_duration_minutes);
    let spec = CopyImageSpec {
        source_region: r.source_region,
        source_image_id: r.source_image_id,
        name: r.name,
        description: r.description,
        encrypted: r.encrypted,
        copy_image_tags: r.copy_image_tags.unwrap_or(false),
        tags: tag_specs(r.tag_specifications),
    };
    Ok(ImageIdResponse { image_id: build::copy_image(w, region, &spec)? })
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct DeregisterImageRequest {
    image_id: String,
    delete_associated_snapshots: Option<bool>,
}

#[derive(Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct DeleteSnapshotResultShape {
    snapshot_id: String,
    return_code: String,
}

#[derive(Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct DeregisterImageResponse {
    r#return: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    delete_snapshot_results: Option<Vec<DeleteSnapshotResultShape>>,
}

pub fn deregister_image(w: &mut World, region: &str, r: DeregisterImageRequest) -> Result<DeregisterImageResponse, ApiError> {
    let delete = r.delete_associated_snapshots.unwrap_or(false);
    let results = build::deregister_image(w, region, &r.image_id, delete)?;
    Ok(DeregisterImageResponse {
        r#return: true,
        delete_snapshot_results: delete
            .then(|| results.into_iter().map(|(snapshot_id, return_code)| DeleteSnapshotResultShape { snapshot_id, return_code }).collect()),
    })
}
