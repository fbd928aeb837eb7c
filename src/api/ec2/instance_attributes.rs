//! ModifyInstanceAttribute, DescribeInstanceAttribute.
use super::instance_shape::GroupShape;
use crate::compute::{self, AttributeChange};
use crate::error::ApiError;
use crate::world::World;
use serde::{Deserialize, Serialize};
use serde_json::Value;

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct BoolValue {
    value: Option<bool>,
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct StringValue {
    value: Option<String>,
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct ModifyInstanceAttributeRequest {
    instance_id: String,
    attribute: Option<String>,
    value: Option<String>,
    instance_type: Option<StringValue>,
    disable_api_termination: Option<BoolValue>,
    disable_api_stop: Option<BoolValue>,
    instance_initiated_shutdown_behavior: Option<StringValue>,
    user_data: Option<StringValue>,
    ebs_optimized: Option<BoolValue>,
    source_dest_check: Option<BoolValue>,
    block_device_mappings: Option<Vec<InstanceBlockDeviceMappingSpec>>,
    kernel: Option<StringValue>,
    ramdisk: Option<StringValue>,
    groups: Option<Vec<String>>,
    sriov_net_support: Option<StringValue>,
    ena_support: Option<BoolValue>,
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct EbsInstanceBlockDeviceSpec {
    delete_on_termination: Option<bool>,
    volume_id: Option<String>,
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct InstanceBlockDeviceMappingSpec {
    device_name: Option<String>,
    ebs: Option<EbsInstanceBlockDeviceSpec>,
    no_device: Option<String>,
    virtual_name: Option<String>,
}

fn bool_of(v: &str) -> Result<bool, ApiError> {
    match v.to_ascii_lowercase().as_str() {
        "true" => Ok(true),
        "false" => Ok(false),
        _ => Err(ApiError::invalid_parameter_value(format!("Invalid value '{v}' for a boolean attribute."))
            .hint("Use 'true' or 'false'.", "'true' 또는 'false'를 쓰세요.")),
    }
}

fn one_change(r: ModifyInstanceAttributeRequest) -> Result<AttributeChange, ApiError> {
    let mut changes = Vec::new();
    let missing_value = || {
        ApiError::missing_parameter("The request must contain the parameter Value")
            .hint("Give the new value, e.g. InstanceType={'Value': 't3.small'}.", "새 값을 주세요. 예: InstanceType={'Value': 't3.small'}.")
    };
    if let Some(m) = r.block_device_mappings {
        let mut devices = Vec::new();
        for e in m {
            let _ = (&e.no_device, &e.virtual_name);
            let device = e.device_name.ok_or_else(|| {
                ApiError::missing_parameter("The request must contain the parameter DeviceName")
                    .hint("Name the device whose volume you change, e.g. '/dev/xvda'.", "바꿀 볼륨의 장치 이름을 주세요. 예: '/dev/xvda'.")
            })?;
            let dot = e.ebs.and_then(|x| x.volume_id.map_or(x.delete_on_termination, |_| x.delete_on_termination)).ok_or_else(|| {
                ApiError::missing_parameter("The request must contain the parameter Ebs.DeleteOnTermination").hint(
                    "Only DeleteOnTermination can be changed: BlockDeviceMappings=[{'DeviceName': '/dev/xvda', 'Ebs': {'DeleteOnTermination': False}}].",
                    "DeleteOnTermination만 바꿀 수 있습니다: BlockDeviceMappings=[{'DeviceName': '/dev/xvda', 'Ebs': {'DeleteOnTermination': False}}].",
                )
            })?;
            devices.push((device, dot));
        }
        changes.push(AttributeChange::DeleteOnTermination(devices));
    }
    if let Some(v) = r.instance_type {
        changes.push(AttributeChange::InstanceType(v.value.ok_or_else(missing_value)?));
    }
    if let Some(v) = r.disable_api_termination {
        changes.push(AttributeChange::DisableApiTermination(v.value.ok_or_else(missing_value)?));
    }
    if let Some(v) = r.disable_api_stop {
        changes.push(AttributeChange::DisableApiStop(v.value.ok_or_else(missing_value)?));
    }
    if let Some(v) = r.instance_initiated_shutdown_behavior {
        changes.push(AttributeChange::ShutdownBehavior(v.value.ok_or_else(missing_value)?));
    }
    if let Some(v) = r.user_data {
        changes.push(AttributeChange::UserData(v.value.unwrap_or_default()));
    }
    if let Some(v) = r.ebs_optimized {
        changes.push(AttributeChange::EbsOptimized(v.value.ok_or_else(missing_value)?));
    }
    if let Some(v) = r.ena_support {
        changes.push(AttributeChange::EnaSupport(v.value.ok_or_else(missing_value)?));
    }
    if let Some(v) = r.sriov_net_support {
        changes.push(AttributeChange::SriovNetSupport(v.value.ok_or_else(missing_value)?));
    }
    if let Some(v) = r.kernel {
        changes.push(AttributeChange::Kernel(v.value.ok_or_else(missing_value)?));
    }
    if let Some(v) = r.ramdisk {
        changes.push(AttributeChange::Ramdisk(v.value.ok_or_else(missing_value)?));
    }
    if let Some(attr) = r.attribute {
        let value = r.value.ok_or_else(missing_value)?;
        changes.push(match attr.as_str() {
            "instanceType" => AttributeChange::InstanceType(value),
            "disableApiTermination" => AttributeChange::DisableApiTermination(bool_of(&value)?),
            "disableApiStop" => AttributeChange::DisableApiStop(bool_of(&value)?),
            "instanceInitiatedShutdownBehavior" => AttributeChange::ShutdownBehavior(value),
            "userData" => AttributeChange::UserData(value),
            "ebsOptimized" => AttributeChange::EbsOptimized(bool_of(&value)?),
            "enaSupport" => AttributeChange::EnaSupport(bool_of(&value)?),
            "sriovNetSupport" => AttributeChange::SriovNetSupport(value),
            "kernel" => AttributeChange::Kernel(value),
            "ramdisk" => AttributeChange::Ramdisk(value),
            m @ ("sourceDestCheck" | "groupSet" | "blockDeviceMapping" | "enclaveOptions") => {
                return Err(ApiError::new("Unsupported", format!("ec2lab does not simulate modifying the attribute {m} yet.")).hint(
                    "This attribute is real but not modelled yet; see the README for what is supported.",
                    "실제 속성이지만 ec2lab은 아직 지원하지 않습니다.",
                ))
            }
            other => {
                return Err(ApiError::invalid_parameter_value(format!("Value ({other}) for parameter attribute is invalid. Unknown attribute.")).hint(
                    "Attribute is one of instanceType, disableApiTermination, disableApiStop, instanceInitiatedShutdownBehavior, userData, ebsOptimized.",
                    "Attribute는 instanceType, disableApiTermination, disableApiStop, instanceInitiatedShutdownBehavior, userData, ebsOptimized 중 하나입니다.",
                ))
            }
        });
    }
    match changes.len() {
        1 => Ok(changes.pop().expect("one")),
        0 => Err(ApiError::missing_parameter("The request must contain exactly one attribute to modify.")
            .hint("Pass one attribute, e.g. DisableApiTermination={'Value': True}.", "속성 하나를 주세요. 예: DisableApiTermination={'Value': True}.")),
        _ => Err(ApiError::invalid_parameter_combination("Only one attribute can be modified at a time.")
            .hint("Call modify_instance_attribute once per attribute.", "속성마다 modify_instance_attribute를 한 번씩 호출하세요.")),
    }
}

#[derive(Serialize)]
pub struct Empty {}

pub fn modify_instance_attribute(w: &mut World, region: &str, mut r: ModifyInstanceAttributeRequest) -> Result<Empty, ApiError> {
    let id = r.instance_id.clone();
    if let Some(check) = r.source_dest_check.take() {
        // SourceDestCheck is the primary ENI's attribute (ModifyNetworkInterfaceAttribute does the same).
        if r.groups.is_some() || one_change(r).is_ok() {
            return Err(ApiError::invalid_parameter_combination("Only one attribute can be modified at a time.")
                .hint("Call modify_instance_attribute once per attribute.", "속성마다 modify_instance_attribute를 한 번씩 호출하세요."));
        }
        let eni = compute::instance(w, region, &id)?.network.as_ref().map(|n| n.eni_id.clone()).ok_or_else(|| crate::network::eni::in_use_free(&id))?;
        let value = check.value.ok_or_else(|| {
            ApiError::missing_parameter("The request must contain the parameter SourceDestCheck.Value")
                .hint("Pass SourceDestCheck={'Value': False} (or True).", "SourceDestCheck={'Value': False}(또는 True)를 주세요.")
        })?;
        let change = crate::network::eni::EniAttribute::SourceDestCheck(value);
        crate::network::eni::modify_attribute(&mut w.region_mut(region)?.network, &eni, change)?;
        return Ok(Empty {});
    }
    if let Some(groups) = r.groups.take() {
        // Groups is an attribute of its own (the primary ENI's security groups).
        if one_change(r).is_ok() {
            return Err(ApiError::invalid_parameter_combination("Only one attribute can be modified at a time.")
                .hint("Call modify_instance_attribute once per attribute.", "속성마다 modify_instance_attribute를 한 번씩 호출하세요."));
        }
        crate::network::security_groups::set_instance_groups(w.region_mut(region)?, &id, &groups)?;
        return Ok(Empty {});
    }
    let change = one_change(r)?;
    compute::modify_attribute(w, region, &id, change)?;
    Ok(Empty {})
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct DescribeInstanceAttributeRequest {
    attribute: String,
    instance_id: String,
}

#[derive(Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct ValueShape<T: Serialize> {
    value: T,
}

#[derive(Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct ProductCodeShape {
    product_code_id: String,
    product_code_type: String,
}

#[derive(Serialize, Default)]
#[serde(rename_all = "PascalCase")]
pub struct DescribeInstanceAttributeResponse {
    instance_id: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    instance_type: Option<ValueShape<String>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    disable_api_termination: Option<ValueShape<bool>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    disable_api_stop: Option<ValueShape<bool>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    instance_initiated_shutdown_behavior: Option<ValueShape<String>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    user_data: Option<Value>,
    #[serde(skip_serializing_if = "Option::is_none")]
    root_device_name: Option<ValueShape<String>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    ebs_optimized: Option<ValueShape<bool>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    ena_support: Option<ValueShape<bool>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    source_dest_check: Option<ValueShape<bool>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    product_codes: Option<Vec<ProductCodeShape>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    groups: Option<Vec<GroupShape>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    block_device_mappings: Option<Vec<Value>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    kernel_id: Option<Value>,
    #[serde(skip_serializing_if = "Option::is_none")]
    ramdisk_id: Option<Value>,
    #[serde(skip_serializing_if = "Option::is_none")]
    sriov_net_support: Option<Value>,
    #[serde(skip_serializing_if = "Option::is_none")]
    enclave_options: Option<Value>,
}

pub fn describe_instance_attribute(w: &World, region: &str, r: DescribeInstanceAttributeRequest) -> Result<DescribeInstanceAttributeResponse, ApiError> {
    let i = compute::instance(w, region, &r.instance_id)?;
    let mut out = DescribeInstanceAttributeResponse { instance_id: i.id.clone(), ..Default::default() };
    let v = |s: &str| Some(ValueShape { value: s.to_string() });
    match r.attribute.as_str() {
        "instanceType" => out.instance_type = v(&i.instance_type),
        "disableApiTermination" => out.disable_api_termination = Some(ValueShape { value: i.disable_api_termination }),
        "disableApiStop" => out.disable_api_stop = Some(ValueShape { value: i.disable_api_stop }),
        "instanceInitiatedShutdownBehavior" => out.instance_initiated_shutdown_behavior = v(i.shutdown_behavior.as_str()),
        // AWS answers an empty UserData object when there is none.
        "userData" => out.user_data = Some(match &i.user_data {
            Some(d) => serde_json::json!({"Value": d}),
            None => serde_json::json!({}),
        }),
        "rootDeviceName" => out.root_device_name = v(&i.root_device_name),
        "ebsOptimized" => out.ebs_optimized = Some(ValueShape { value: i.ebs_optimized }),
        "enaSupport" => out.ena_support = Some(ValueShape { value: i.ena_support }),
        "sourceDestCheck" => {
            let eni = i.network.as_ref().and_then(|n| w.regions[region].network.enis.get(&n.eni_id));
            out.source_dest_check = Some(ValueShape { value: eni.is_none_or(|e| e.source_dest_check) })
        }
        "productCodes" => out.product_codes = Some(i.product_codes.iter().map(|(id, k)| ProductCodeShape { product_code_id: id.clone(), product_code_type: k.clone() }).collect()),
        "groupSet" => {
            let groups = if i.network.is_some() { w.region(region)?.network.instance_groups(&i.id) } else { vec![] };
            out.groups = Some(groups.into_iter().map(|(group_id, group_name)| GroupShape { group_id, group_name }).collect())
        }
        "blockDeviceMapping" => {
            out.block_device_mappings = Some(
                crate::storage::instance_devices(w.region(region)?, &i.id)
                    .into_iter()
                    .map(|d| serde_json::json!({"DeviceName": d.device_name, "Ebs": {"AttachTime": crate::sim::clock::iso8601(d.attach_time), "DeleteOnTermination": d.delete_on_termination, "Status": d.status, "VolumeId": d.volume_id}}))
                    .collect(),
            )
        }
        "kernel" => out.kernel_id = Some(serde_json::json!({})),
        "ramdisk" => out.ramdisk_id = Some(serde_json::json!({})),
        "sriovNetSupport" => out.sriov_net_support = Some(if i.sriov_net_support { serde_json::json!({"Value": "simple"}) } else { serde_json::json!({}) }),
        "enclaveOptions" => out.enclave_options = Some(serde_json::json!({"Enabled": false})),
        other => {
            return Err(ApiError::invalid_parameter_value(format!("Value ({other}) for parameter attribute is invalid. Unknown attribute."))
                .hint("Attribute is one of instanceType, kernel, ramdisk, userData, disableApiTermination, instanceInitiatedShutdownBehavior, rootDeviceName, blockDeviceMapping, productCodes, sourceDestCheck, groupSet, ebsOptimized, sriovNetSupport, enaSupport, enclaveOptions, disableApiStop.", "Attribute 값이 올바르지 않습니다. instanceType, userData, disableApiTermination 등을 쓰세요."))
        }
    }
    Ok(out)
}
