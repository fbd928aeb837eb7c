//! CreateTags, DeleteTags, DescribeTags: tags on any resource of the region.
use crate::api::{filters, Filters, Tag};
use crate::error::ApiError;
use crate::query::{check_names, matches, paginate, FilterValues};
use crate::tags::resource_type;
use crate::world::{Region, World};
use serde::{Deserialize, Serialize};

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct CreateTagsRequest {
    resources: Vec<String>,
    tags: Vec<Tag>,
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct DeleteTagRequest {
    key: String,
    value: Option<String>,
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct DeleteTagsRequest {
    resources: Vec<String>,
    tags: Option<Vec<DeleteTagRequest>>,
}

#[derive(Serialize)]
pub struct Empty {}

/// Whether a resource with this id exists in the region (instances, their root volumes,
/// images, and the network's resources).
fn exists(r: &Region, id: &str) -> bool {
    r.compute.instances.contains_key(id)
        || r.images.images.contains_key(id)
        || r.storage.volumes.contains_key(id)
        || r.storage.snapshots.get(id).is_some_and(|s| s.owner_id == crate::world::ACCOUNT_ID)
        || r.network.has_resource(id)
        || r.keys.has(id)
}

fn check_resources(r: &Region, ids: &[String]) -> Result<(), ApiError> {
    if ids.is_empty() {
        return Err(ApiError::missing_parameter("The request must contain the parameter resourceIdSet")
            .hint("Name at least one resource id.", "리소스 ID를 하나 이상 주세요."));
    }
    for id in ids {
        let kind = resource_type(id);
        if kind == "unknown" || !id.contains('-') {
            return Err(ApiError::new("InvalidID", format!("The ID '{id}' is not valid"))
                .hint("Resource ids look like i-…, vol-…, ami-…, sg-….", "리소스 ID는 i-…, vol-…, ami-…, sg-… 형식입니다."));
        }
        if !exists(r, id) {
            let code = match kind {
                "instance" => "InvalidInstanceID.NotFound",
                "volume" => "InvalidVolume.NotFound",
                "snapshot" => "InvalidSnapshot.NotFound",
                "image" => "InvalidAMIID.NotFound",
                "subnet" => "InvalidSubnetID.NotFound",
                "vpc" => "InvalidVpcID.NotFound",
                "security-group" => "InvalidGroup.NotFound",
                "internet-gateway" => "InvalidInternetGatewayID.NotFound",
                "route-table" => "InvalidRouteTableID.NotFound",
                "network-interface" => "InvalidNetworkInterfaceID.NotFound",
                "natgateway" => "NatGatewayNotFound",
                "elastic-ip" => "InvalidAllocationID.NotFound",
                _ => "InvalidID",
            };
            return Err(ApiError::new(code, format!("The {kind} ID '{id}' does not exist")).hint(
                "Check the id and the region: tags go on existing resources of this region.",
                "ID와 리전을 확인하세요. 태그는 이 리전에 있는 리소스에만 달 수 있습니다.",
            ));
        }
    }
    Ok(())
}

pub fn create_tags(w: &mut World, region: &str, r: CreateTagsRequest) -> Result<Empty, ApiError> {
    let reg = w.region(region)?;
    check_resources(reg, &r.resources)?;
    let tags: Vec<(String, String)> = r.tags.into_iter().map(|t| (t.key, t.value)).collect();
    for id in &r.resources {
        reg.tags.check_set(id, &tags)?;
    }
    let reg = w.region_mut(region)?;
    for id in &r.resources {
        reg.tags.set(id, &tags);
    }
    Ok(Empty {})
}

pub fn delete_tags(w: &mut World, region: &str, r: DeleteTagsRequest) -> Result<Empty, ApiError> {
    check_resources(w.region(region)?, &r.resources)?;
    let keys: Vec<(String, Option<String>)> = r.tags.unwrap_or_default().into_iter().map(|t| (t.key, t.value)).collect();
    let reg = w.region_mut(region)?;
    for id in &r.resources {
        reg.tags.delete(id, &keys);
    }
    Ok(Empty {})
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct DescribeTagsRequest {
    filters: Filters,
    max_results: Option<i64>,
    next_token: Option<String>,
}

#[derive(Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct TagDescription {
    key: String,
    resource_id: String,
    resource_type: String,
    value: String,
}

#[derive(Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct DescribeTagsResponse {
    tags: Vec<TagDescription>,
    #[serde(skip_serializing_if = "Option::is_none")]
    next_token: Option<String>,
}

#[cfg(test)]
impl TagDescription {
    pub fn sample() -> Self {
        TagDescription { key: "k".into(), resource_id: "i-1".into(), resource_type: "instance".into(), value: "v".into() }
    }
}

impl FilterValues for TagDescription {
    const NAMES: &'static [&'static str] = &["key", "value", "resource-id", "resource-type"];

    fn filter_values(&self, name: &str) -> Option<Vec<String>> {
        Some(vec![match name {
            "key" => self.key.clone(),
            "value" => self.value.clone(),
            "resource-id" => self.resource_id.clone(),
            "resource-type" => self.resource_type.clone(),
            _ => return None,
        }])
    }
}

pub fn describe_tags(w: &World, region: &str, r: DescribeTagsRequest) -> Result<DescribeTagsResponse, ApiError> {
    let reg = w.region(region)?;
    let f = filters(&r.filters);
    check_names::<TagDescription>(&f)?;
    let mut rows = Vec::new();
    for (id, tags) in reg.tags.iter() {
        for (k, v) in tags {
            let row = TagDescription { key: k.clone(), resource_id: id.clone(), resource_type: resource_type(id).into(), value: v.clone() };
            if matches(&f, &row)? {
                rows.push(row);
            }
        }
    }
    let page = paginate(rows, r.max_results, r.next_token.as_deref(), (5, 1000))?;
    Ok(DescribeTagsResponse { tags: page.items, next_token: page.next_token })
}
