//! EC2 key pairs of one region: created (EC2 makes the key and hands the private half back once)
//! or imported (the user keeps the private key; EC2 gets the public one). EC2 keeps only the
//! public key, its fingerprint and the name that RunInstances' KeyName refers to.
mod generate;
mod import;
mod wire;

pub use generate::{KeyFormat, KeyType};
pub use import::invalid_format as invalid_key_format;

use crate::error::ApiError;
use crate::sim::{IdGen, Millis, SimRng};
use crate::world::World;
use base64::Engine;
use sha1::Digest;
use std::collections::BTreeMap;

/// Key pairs per region (UG:ec2-key-pairs).
pub const MAX_KEY_PAIRS: usize = 5000;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KeyPair {
    pub id: String,
    pub name: String,
    pub key_type: KeyType,
    pub fingerprint: String,
    /// The public key as one OpenSSH line (`ssh-ed25519 AAAA… comment`), what DescribeKeyPairs'
    /// IncludePublicKey shows and what goes into an instance's authorized_keys.
    pub public_key: String,
    pub created_at: Millis,
}

/// Every key pair of a region, by name (names are unique per region).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RegionKeys {
    pub by_name: BTreeMap<String, KeyPair>,
    /// How many key pairs were ever made here: key pair ids come from their own stream
    /// (seed, region, this count), so adding a key pair to a script shifts no other id.
    pub made: u64,
}

impl RegionKeys {
    pub fn by_id(&self, id: &str) -> Option<&KeyPair> {
        self.by_name.values().find(|k| k.id == id)
    }
    pub fn has(&self, id: &str) -> bool {
        self.by_id(id).is_some()
    }
    /// The key pair RunInstances' KeyName names, or `InvalidKeyPair.NotFound`.
    pub fn require(&self, name: &str) -> Result<&KeyPair, ApiError> {
        self.by_name.get(name).ok_or_else(|| not_found(name))
    }
}

pub fn not_found(name: &str) -> ApiError {
    ApiError::new("InvalidKeyPair.NotFound", format!("The key pair '{name}' does not exist")).hint(
        "Key pairs belong to one region and are found by their exact name (or key-… id). Create one first (CreateKeyPair) or import your public key (ImportKeyPair), in this region.",
        "키 페어는 하나의 리전에 속하며 정확한 이름(또는 key-… ID)으로 찾습니다. 이 리전에서 먼저 만들거나(CreateKeyPair) 퍼블릭 키를 가져오세요(ImportKeyPair).",
    )
}

fn duplicate(name: &str) -> ApiError {
    ApiError::new("InvalidKeyPair.Duplicate", format!("The keypair '{name}' already exists.")).hint(
        "Key pair names are unique in a region. Choose another name, or delete the old key pair first (DeleteKeyPair) — its private key cannot be downloaded again anyway.",
        "키 페어 이름은 리전 안에서 고유합니다. 다른 이름을 쓰거나 먼저 기존 키 페어를 삭제하세요(DeleteKeyPair). 어차피 프라이빗 키는 다시 내려받을 수 없습니다.",
    )
}

/// Names: 1 to 255 ASCII characters (BC:ec2/CreateKeyPair). The wording of the refusal is unconfirmed.
pub fn check_name(name: &str) -> Result<(), ApiError> {
    if name.is_empty() || name.len() > 255 || !name.is_ascii() {
        return Err(ApiError::invalid_parameter_value(format!("Value ({name}) for parameter keyName is invalid. Expecting 1 to 255 ASCII characters.")).hint(
            "A key pair name is 1 to 255 ASCII characters (letters, digits, spaces, - _ . and the like).",
            "키 페어 이름은 1~255자의 ASCII 문자(영문, 숫자, 공백, - _ . 등)여야 합니다.",
        ));
    }
    Ok(())
}

fn check_new(w: &World, region: &str, name: &str) -> Result<(), ApiError> {
    check_name(name)?;
    let keys = &w.region(region)?.keys;
    if keys.by_name.contains_key(name) {
        return Err(duplicate(name));
    }
    if keys.by_name.len() >= MAX_KEY_PAIRS {
        // The code EC2 uses for this quota is unconfirmed.
        return Err(ApiError::new("ResourceLimitExceeded", format!("You have reached the maximum of {MAX_KEY_PAIRS} key pairs in this region.")).hint(
            "A region holds at most 5,000 key pairs. Delete the ones you no longer use.",
            "리전 하나에는 키 페어를 최대 5,000개까지 둘 수 있습니다. 쓰지 않는 키 페어를 삭제하세요.",
        ));
    }
    Ok(())
}

pub fn parse_key_type(v: Option<&str>) -> Result<KeyType, ApiError> {
    match v.unwrap_or("rsa") {
        "rsa" => Ok(KeyType::Rsa),
        "ed25519" => Ok(KeyType::Ed25519),
        other => Err(ApiError::invalid_parameter_value(format!("Value ({other}) for parameter keyType is invalid. Valid values are: rsa, ed25519")).hint(
            "KeyType is 'rsa' (the default, 2048 bits) or 'ed25519' (shorter, modern; not for Windows instances).",
            "KeyType은 'rsa'(기본값, 2048비트) 또는 'ed25519'(짧고 최신 방식, Windows 인스턴스에는 불가)입니다.",
        )),
    }
}

pub fn parse_key_format(v: Option<&str>) -> Result<KeyFormat, ApiError> {
    match v.unwrap_or("pem") {
        "pem" => Ok(KeyFormat::Pem),
        "ppk" => Ok(KeyFormat::Ppk),
        other => Err(ApiError::invalid_parameter_value(format!("Value ({other}) for parameter keyFormat is invalid. Valid values are: pem, ppk")).hint(
            "KeyFormat is 'pem' (OpenSSH: `ssh -i key.pem`) or 'ppk' (PuTTY on Windows).",
            "KeyFormat은 'pem'(OpenSSH: `ssh -i key.pem`) 또는 'ppk'(Windows의 PuTTY)입니다.",
        )),
    }
}

/// The 32 bytes a key is generated from: the world's seed, the region and the key pair's id
/// (itself drawn from the seeded id stream), so the same run makes the same keys.
fn key_seed(w: &World, region: &str, id: &str) -> [u8; 32] {
    let mut h = sha2::Sha256::new();
    h.update(b"ec2lab key pair\0");
    h.update(w.seed.to_le_bytes());
    h.update(region.as_bytes());
    h.update(id.as_bytes());
    h.finalize().into()
}

fn new_key_id(w: &World, region: &str) -> Result<String, ApiError> {
    let made = w.region(region)?.keys.made;
    let mut stream = SimRng::new(crate::images::fnv1a64(format!("{}/{region}/key-pair/{made}", w.seed).as_bytes()));
    Ok(IdGen::new_id(&mut stream, "key"))
}

fn openssh_line(key_type: KeyType, blob: &[u8], comment: Option<&str>) -> String {
    let b64 = base64::engine::general_purpose::STANDARD.encode(blob);
    match comment {
        Some(c) if !c.is_empty() => format!("{} {b64} {c}", key_type.ssh_name()),
        _ => format!("{} {b64}", key_type.ssh_name()),
    }
}

/// CreateKeyPair: checks first, then makes the key. Returns the key pair and the private key
/// material (returned once, never stored).
pub fn create(w: &mut World, region: &str, name: &str, key_type: KeyType, format: KeyFormat, tags: &[(String, String)]) -> Result<(KeyPair, String), ApiError> {
    check_new(w, region, name)?;
    crate::tags::TagStore::default().check_set("new", tags)?;
    let id = new_key_id(w, region)?;
    let made = generate::generate(key_type, format, key_seed(w, region, &id), name);
    let pair = KeyPair {
        id: id.clone(),
        name: name.to_string(),
        key_type,
        fingerprint: made.fingerprint,
        public_key: openssh_line(key_type, &made.public_blob, Some(name)),
        created_at: w.now(),
    };
    let r = w.region_mut(region)?;
    if !tags.is_empty() {
        r.tags.set(&id, tags);
    }
    r.keys.made += 1;
    r.keys.by_name.insert(name.to_string(), pair.clone());
    Ok((pair, made.private_material))
}

/// ImportKeyPair: `material` is the public key as the user gave it (the wire's base64 already undone).
pub fn import(w: &mut World, region: &str, name: &str, material: &[u8], tags: &[(String, String)]) -> Result<KeyPair, ApiError> {
    check_new(w, region, name)?;
    let parsed = import::parse_public_key(material)?;
    crate::tags::TagStore::default().check_set("new", tags)?;
    let id = new_key_id(w, region)?;
    let pair = KeyPair {
        id: id.clone(),
        name: name.to_string(),
        key_type: parsed.key_type,
        fingerprint: parsed.fingerprint,
        public_key: openssh_line(parsed.key_type, &parsed.public_blob, parsed.comment.as_deref()),
        created_at: w.now(),
    };
    let r = w.region_mut(region)?;
    if !tags.is_empty() {
        r.tags.set(&id, tags);
    }
    r.keys.made += 1;
    r.keys.by_name.insert(name.to_string(), pair.clone());
    Ok(pair)
}

/// DeleteKeyPair by name or id. Idempotent as in AWS: deleting a key pair that does not exist
/// succeeds. Instances launched with the key keep it (their authorized_keys is theirs).
pub fn delete(w: &mut World, region: &str, name: Option<&str>, id: Option<&str>) -> Result<Option<String>, ApiError> {
    if name.is_none() && id.is_none() {
        return Err(ApiError::missing_parameter("The request must contain the parameter KeyName or KeyPairId")
            .hint("Say which key pair to delete: KeyName='…' or KeyPairId='key-…'.", "삭제할 키 페어를 지정하세요: KeyName='…' 또는 KeyPairId='key-…'."));
    }
    let r = w.region_mut(region)?;
    let found = match (name, id) {
        (Some(n), _) => r.keys.by_name.get(n).map(|k| k.name.clone()),
        (None, Some(i)) => r.keys.by_id(i).map(|k| k.name.clone()),
        (None, None) => None,
    };
    let Some(found) = found else { return Ok(None) };
    let pair = r.keys.by_name.remove(&found).expect("found above");
    r.tags.forget(&pair.id);
    Ok(Some(pair.id))
}
