//! ModifyImageAttribute, DescribeImageAttribute: launch permissions (share an AMI with accounts
//! or make it public), the description, IMDS support.
use super::images::{mapping_shape, BlockDeviceMappingShape, ProductCodeShape};
use crate::error::ApiError;
use crate::images::custom::{self, Permission};
use crate::world::{World, ACCOUNT_ID};
use serde::{Deserialize, Serialize};
use serde_json::Value;

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct StringValue {
    value: Option<String>,
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct LaunchPermissionShape {
    user_id: Option<String>,
    group: Option<String>,
    organization_arn: Option<String>,
    organizational_unit_arn: Option<String>,
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct LaunchPermissionModifications {
    add: Option<Vec<LaunchPermissionShape>>,
    remove: Option<Vec<LaunchPermissionShape>>,
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct ModifyImageAttributeRequest {
    image_id: String,
    attribute: Option<String>,
    description: Option<StringValue>,
    launch_permission: Option<LaunchPermissionModifications>,
    operation_type: Option<String>,
    user_groups: Option<Vec<String>>,
    user_ids: Option<Vec<String>>,
    value: Option<String>,
    imds_support: Option<StringValue>,
    // Organizations and product codes are not modelled.
    product_codes: Option<Value>,
    organization_arns: Option<Value>,
    organizational_unit_arns: Option<Value>,
}

#[derive(Serialize)]
pub struct Empty {}

/// What one ModifyImageAttribute call changes (AWS changes one attribute per call).
enum Change {
    Description(String),
    ImdsSupport(String),
    LaunchPermission(Vec<Permission>, Vec<Permission>),
}

fn unsupported(what: &str) -> ApiError {
    ApiError::new("Unsupported", format!("ec2lab does not simulate {what} yet.")).hint(
        "This part of ModifyImageAttribute is real but not modelled; share with account ids or the group 'all' instead.",
        "이 기능은 아직 지원하지 않습니다. 계정 ID나 그룹 'all'로 공유하세요.",
    )
}

fn permissions(list: Option<Vec<LaunchPermissionShape>>) -> Result<Vec<Permission>, ApiError> {
    let mut out = Vec::new();
    for p in list.unwrap_or_default() {
        if p.organization_arn.is_some() || p.organizational_unit_arn.is_some() {
            return Err(unsupported("sharing with AWS Organizations"));
        }
        out.push(custom::check_permission(p.user_id.as_deref(), p.group.as_deref())?);
    }
    Ok(out)
}

fn missing_value() -> ApiError {
    ApiError::missing_parameter("The request must contain the parameter Value")
        .hint("Give the new value, e.g. Description={'Value': 'web server, nginx installed'}.", "새 값을 주세요. 예: Description={'Value': '웹 서버'}.")
}

fn one_change(r: ModifyImageAttributeRequest) -> Result<Change, ApiError> {
    if r.product_codes.is_some() {
        return Err(unsupported("adding product codes"));
    }
    if r.organization_arns.is_some() || r.organizational_unit_arns.is_some() {
        return Err(unsupported("sharing with AWS Organizations"));
    }
    let mut changes = Vec::new();
    if let Some(d) = r.description {
        changes.push(Change::Description(d.value.ok_or_else(missing_value)?));
    }
    if let Some(v) = r.imds_support {
        changes.push(Change::ImdsSupport(v.value.ok_or_else(missing_value)?));
    }
    if let Some(lp) = r.launch_permission {
        changes.push(Change::LaunchPermission(permissions(lp.add)?, permissions(lp.remove)?));
    }
    if let Some(attr) = r.attribute {
        changes.push(match attr.as_str() {
            "description" => Change::Description(r.value.ok_or_else(missing_value)?),
            "imdsSupport" => Change::ImdsSupport(r.value.ok_or_else(missing_value)?),
            "launchPermission" => {
                let mut entries: Vec<Permission> = Vec::new();
                for u in r.user_ids.unwrap_or_default() {
                    entries.push(custom::check_permission(Some(&u), None)?);
                }
                for g in r.user_groups.unwrap_or_default() {
                    entries.push(custom::check_permission(None, Some(&g))?);
                }
                match r.operation_type.as_deref() {
                    Some("add") => Change::LaunchPermission(entries, vec![]),
                    Some("remove") => Change::LaunchPermission(vec![], entries),
                    other => {
                        return Err(ApiError::invalid_parameter_value(format!(
                            "Value ({}) for parameter operationType is invalid. Valid values: add, remove",
                            other.unwrap_or("")
                        ))
                        .hint(
                            "With Attribute='launchPermission', OperationType is 'add' or 'remove'.",
                            "Attribute='launchPermission'이면 OperationType은 'add' 또는 'remove'입니다.",
                        ))
                    }
                }
            }
            other => {
                return Err(ApiError::invalid_parameter_value(format!(
                    "Value ({other}) for parameter attribute is invalid. Valid values: description | imdsSupport | launchPermission"
                ))
                .hint(
                    "ModifyImageAttribute changes description, imdsSupport or launchPermission.",
                    "ModifyImageAttribute로는 description, imdsSupport, launchPermission만 바꿀 수 있습니다.",
                ))
            }
        });
    }
    match changes.len() {
        1 => Ok(changes.pop().expect("one")),
        0 => Err(ApiError::missing_parameter("The request must contain exactly one attribute to modify.").hint(
            "Pass one attribute, e.g. LaunchPermission={'Add': [{'UserId': '111122223333'}]}.",
            "속성 하나를 주세요. 예: LaunchPermission={'Add': [{'UserId': '111122223333'}]}.",
        )),
        _ => Err(ApiError::invalid_parameter_combination("Only one attribute can be modified at a time.")
            .hint("Call modify_image_attribute once per attribute.", "속성마다 modify_image_attribute를 한 번씩 호출하세요.")),
    }
}

pub fn modify_image_attribute(w: &mut World, region: &str, r: ModifyImageAttributeRequest) -> Result<Empty, ApiError> {
    let id = r.image_id.clone();
    let reg = w.region(region)?;
    let mut image = custom::owned(&reg.images, &id)?.clone();
    match one_change(r)? {
        Change::Description(d) => image.description = d,
        Change::ImdsSupport(v) if v == "v2.0" => image.imds_support = Some(v),
        Change::ImdsSupport(v) => {
            return Err(ApiError::invalid_parameter_value(format!("Value ({v}) for parameter imdsSupport is invalid. Valid values: v2.0")).hint(
                "imdsSupport can only be set to 'v2.0' (IMDSv2 required), and never unset.",
                "imdsSupport는 'v2.0'으로만 설정할 수 있고 되돌릴 수 없습니다.",
            ))
        }
        Change::LaunchPermission(add, remove) => custom::modify_launch_permission(&mut image, &add, &remove)?,
    }
    w.region_mut(region)?.images.images.insert(id, image);
    Ok(Empty {})
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct DescribeImageAttributeRequest {
    attribute: String,
    image_id: String,
}

#[derive(Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct LaunchPermissionOut {
    #[serde(skip_serializing_if = "Option::is_none")]
    user_id: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    group: Option<String>,
}

/// botocore's `ImageAttribute`: the image id and the one attribute asked for.
#[derive(Serialize, Default)]
#[serde(rename_all = "PascalCase")]
pub struct DescribeImageAttributeResponse {
    #[serde(skip_serializing_if = "Option::is_none")]
    description: Option<Value>,
    #[serde(skip_serializing_if = "Option::is_none")]
    kernel_id: Option<Value>,
    #[serde(skip_serializing_if = "Option::is_none")]
    ramdisk_id: Option<Value>,
    #[serde(skip_serializing_if = "Option::is_none")]
    sriov_net_support: Option<Value>,
    #[serde(skip_serializing_if = "Option::is_none")]
    boot_mode: Option<Value>,
    #[serde(skip_serializing_if = "Option::is_none")]
    tpm_support: Option<Value>,
    #[serde(skip_serializing_if = "Option::is_none")]
    uefi_data: Option<Value>,
    #[serde(skip_serializing_if = "Option::is_none")]
    last_launched_time: Option<Value>,
    #[serde(skip_serializing_if = "Option::is_none")]
    imds_support: Option<Value>,
    #[serde(skip_serializing_if = "Option::is_none")]
    deregistration_protection: Option<Value>,
    image_id: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    launch_permissions: Option<Vec<LaunchPermissionOut>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    product_codes: Option<Vec<ProductCodeShape>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    block_device_mappings: Option<Vec<BlockDeviceMappingShape>>,
}

fn value(v: &Option<String>) -> Option<Value> {
    Some(match v {
        Some(s) => serde_json::json!({ "Value": s }),
        None => serde_json::json!({}),
    })
}

pub fn describe_image_attribute(w: &World, region: &str, r: DescribeImageAttributeRequest) -> Result<DescribeImageAttributeResponse, ApiError> {
    let reg = w.region(region)?;
    let img = reg.images.resolve(&r.image_id)?;
    if !img.launchable_by(ACCOUNT_ID) {
        return Err(crate::images::image_not_found(&r.image_id));
    }
    let mut out = DescribeImageAttributeResponse { image_id: img.id.clone(), ..Default::default() };
    match r.attribute.as_str() {
        "description" => out.description = value(&Some(img.description.clone())),
        "kernel" => out.kernel_id = value(&None),
        "ramdisk" => out.ramdisk_id = value(&None),
        "sriovNetSupport" => out.sriov_net_support = value(&img.sriov_net_support),
        "bootMode" => out.boot_mode = value(&img.boot_mode),
        "tpmSupport" => out.tpm_support = value(&None),
        "uefiData" => out.uefi_data = value(&None),
        "lastLaunchedTime" => out.last_launched_time = value(&None),
        "imdsSupport" => out.imds_support = value(&img.imds_support),
        "deregistrationProtection" => out.deregistration_protection = value(&Some("disabled".into())),
        "productCodes" => {
            out.product_codes = Some(img.product_codes.iter().map(|p| ProductCodeShape { product_code_id: p.id.clone(), product_code_type: p.kind.clone() }).collect())
        }
        "blockDeviceMapping" => out.block_device_mappings = Some(img.block_device_mappings.iter().map(mapping_shape).collect()),
        "launchPermission" => {
            // Only the owner sees who may launch its image.
            custom::owned(&reg.images, &r.image_id)?;
            let mut perms: Vec<LaunchPermissionOut> = img.launch_permissions.iter().map(|u| LaunchPermissionOut { user_id: Some(u.clone()), group: None }).collect();
            if img.public {
                perms.push(LaunchPermissionOut { user_id: None, group: Some("all".into()) });
            }
            out.launch_permissions = Some(perms);
        }
        other => {
            return Err(ApiError::invalid_parameter_value(format!("Value ({other}) for parameter attribute is invalid. Unknown attribute.")).hint(
                "Attribute is one of description, kernel, ramdisk, launchPermission, productCodes, blockDeviceMapping, sriovNetSupport, bootMode, tpmSupport, uefiData, lastLaunchedTime, imdsSupport, deregistrationProtection.",
                "Attribute는 description, launchPermission, productCodes, blockDeviceMapping, bootMode, imdsSupport 등입니다.",
            ))
        }
    }
    Ok(out)
}
