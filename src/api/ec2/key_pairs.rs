//! CreateKeyPair, ImportKeyPair, DeleteKeyPair, DescribeKeyPairs.
use crate::api::{filters, Filters, Tag, TagSpecification, Timestamp};
use crate::error::ApiError;
use crate::keys::{self, KeyPair};
use crate::query::{check_names, matches, FilterValues};
use crate::tags::Tags;
use crate::world::World;
use base64::Engine;
use serde::{Deserialize, Serialize};

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct CreateKeyPairRequest {
    key_name: String,
    key_type: Option<String>,
    tag_specifications: Option<Vec<TagSpecification>>,
    key_format: Option<String>,
}

#[derive(Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct CreateKeyPairResponse {
    key_pair_id: String,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    tags: Vec<Tag>,
    key_name: String,
    key_fingerprint: String,
    key_material: String,
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct ImportKeyPairRequest {
    tag_specifications: Option<Vec<TagSpecification>>,
    key_name: String,
    public_key_material: String,
}

#[derive(Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct ImportKeyPairResponse {
    key_fingerprint: String,
    key_name: String,
    key_pair_id: String,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    tags: Vec<Tag>,
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct DeleteKeyPairRequest {
    key_name: Option<String>,
    key_pair_id: Option<String>,
}

#[derive(Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct DeleteKeyPairResponse {
    #[serde(rename = "Return")]
    ok: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    key_pair_id: Option<String>,
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct DescribeKeyPairsRequest {
    key_names: Option<Vec<String>>,
    key_pair_ids: Option<Vec<String>>,
    include_public_key: Option<bool>,
    filters: Filters,
}

/// botocore's `KeyPairInfo`, members in the model's order.
#[derive(Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct KeyPairInfoShape {
    key_pair_id: String,
    key_type: String,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    tags: Vec<Tag>,
    #[serde(skip_serializing_if = "Option::is_none")]
    public_key: Option<String>,
    create_time: Timestamp,
    key_name: String,
    key_fingerprint: String,
}

#[derive(Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct DescribeKeyPairsResponse {
    key_pairs: Vec<KeyPairInfoShape>,
}

/// TagSpecifications of a key pair: ResourceType must be `key-pair`.
fn key_pair_tags(specs: Option<Vec<TagSpecification>>) -> Result<Vec<(String, String)>, ApiError> {
    let mut out = Vec::new();
    for s in specs.into_iter().flatten() {
        let rtype = s.resource_type.unwrap_or_else(|| "key-pair".into());
        if rtype != "key-pair" {
            return Err(ApiError::invalid_parameter_value(format!("'{rtype}' is not a valid taggable resource type for this operation.")).hint(
                "CreateKeyPair and ImportKeyPair tag only the key pair: ResourceType='key-pair'.",
                "CreateKeyPair와 ImportKeyPair는 키 페어에만 태그를 답니다: ResourceType='key-pair'.",
            ));
        }
        out.extend(s.tags.into_iter().map(|t| (t.key, t.value)));
    }
    Ok(out)
}

fn tag_list(tags: Option<&Tags>) -> Vec<Tag> {
    tags.map(|t| t.iter().map(|(k, v)| Tag { key: k.clone(), value: v.clone() }).collect()).unwrap_or_default()
}

pub fn create_key_pair(w: &mut World, region: &str, r: CreateKeyPairRequest) -> Result<CreateKeyPairResponse, ApiError> {
    let key_type = keys::parse_key_type(r.key_type.as_deref())?;
    let format = keys::parse_key_format(r.key_format.as_deref())?;
    let tags = key_pair_tags(r.tag_specifications)?;
    let (pair, material) = keys::create(w, region, &r.key_name, key_type, format, &tags)?;
    Ok(CreateKeyPairResponse {
        tags: tag_list(w.region(region)?.tags.get(&pair.id)),
        key_pair_id: pair.id,
        key_name: pair.name,
        key_fingerprint: pair.fingerprint,
        key_material: material,
    })
}

pub fn import_key_pair(w: &mut World, region: &str, r: ImportKeyPairRequest) -> Result<ImportKeyPairResponse, ApiError> {
    let tags = key_pair_tags(r.tag_specifications)?;
    // A blob: base64 on the wire (the SDK encodes the bytes it is given).
    let material = base64::engine::general_purpose::STANDARD.decode(r.public_key_material.trim()).map_err(|_| {
        keys::invalid_key_format(
            "PublicKeyMaterial is a blob: pass the public key's bytes (e.g. open('id_ed25519.pub','rb').read()); the client base64-encodes them on the wire.",
            "PublicKeyMaterial은 blob입니다. 퍼블릭 키의 바이트(예: open('id_ed25519.pub','rb').read())를 넘기면 클라이언트가 base64로 인코딩합니다.",
        )
    })?;
    let pair = keys::import(w, region, &r.key_name, &material, &tags)?;
    Ok(ImportKeyPairResponse {
        tags: tag_list(w.region(region)?.tags.get(&pair.id)),
        key_fingerprint: pair.fingerprint,
        key_name: pair.name,
        key_pair_id: pair.id,
    })
}

pub fn delete_key_pair(w: &mut World, region: &str, r: DeleteKeyPairRequest) -> Result<DeleteKeyPairResponse, ApiError> {
    let id = keys::delete(w, region, r.key_name.as_deref(), r.key_pair_id.as_deref())?;
    Ok(DeleteKeyPairResponse { ok: true, key_pair_id: id.or(r.key_pair_id) })
}

/// A key pair as DescribeKeyPairs' filters see it.
struct KeyPairView<'a> {
    pair: &'a KeyPair,
    tags: Option<&'a Tags>,
}

impl FilterValues for KeyPairView<'_> {
    const NAMES: &'static [&'static str] = &["key-pair-id", "fingerprint", "key-name", "key-type"];
    fn filter_values(&self, name: &str) -> Option<Vec<String>> {
        let p = self.pair;
        Some(vec![match name {
            "key-pair-id" => p.id.clone(),
            "fingerprint" => p.fingerprint.clone(),
            "key-name" => p.name.clone(),
            "key-type" => p.key_type.as_str().to_string(),
            _ => return None,
        }])
    }
    fn tags(&self) -> Option<&Tags> {
        self.tags
    }
}

pub fn describe_key_pairs(w: &mut World, region: &str, r: DescribeKeyPairsRequest) -> Result<DescribeKeyPairsResponse, ApiError> {
    let reg = w.region(region)?;
    let fs = filters(&r.filters);
    check_names::<KeyPairView>(&fs)?;
    // Every named key pair must exist (checked before filtering, as AWS does).
    for name in r.key_names.iter().flatten() {
        reg.keys.require(name)?;
    }
    for id in r.key_pair_ids.iter().flatten() {
        if !reg.keys.has(id) {
            return Err(keys::not_found(id));
        }
    }
    let include_public = r.include_public_key == Some(true);
    let mut out = Vec::new();
    for pair in reg.keys.by_name.values() {
        if r.key_names.as_ref().is_some_and(|n| !n.contains(&pair.name)) || r.key_pair_ids.as_ref().is_some_and(|i| !i.contains(&pair.id)) {
            continue;
        }
        let tags = reg.tags.get(&pair.id);
        if !matches(&fs, &KeyPairView { pair, tags })? {
            continue;
        }
        out.push(KeyPairInfoShape {
            key_pair_id: pair.id.clone(),
            key_type: pair.key_type.as_str().to_string(),
            tags: tag_list(tags),
            public_key: include_public.then(|| pair.public_key.clone()),
            create_time: Timestamp(pair.created_at),
            key_name: pair.name.clone(),
            key_fingerprint: pair.fingerprint.clone(),
        });
    }
    Ok(DescribeKeyPairsResponse { key_pairs: out })
}

#[cfg(test)]
mod tests {
    use super::*;
    #[test]
    fn filter_names_are_answered() {
        let pair = KeyPair {
            id: "key-0".into(),
            name: "n".into(),
            key_type: keys::KeyType::Rsa,
            fingerprint: "f".into(),
            public_key: "ssh-rsa AAAA".into(),
            created_at: 0,
        };
        let v = KeyPairView { pair: &pair, tags: None };
        for n in KeyPairView::NAMES {
            assert!(v.filter_values(n).is_some(), "{n}");
        }
    }
}
