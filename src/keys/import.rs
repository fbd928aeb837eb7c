//! ImportKeyPair's public key material: OpenSSH (`ssh-rsa AAAA… comment`, as in
//! authorized_keys), RFC 4716 SSH2 (`---- BEGIN SSH2 PUBLIC KEY ----`), or base64 DER
//! (SubjectPublicKeyInfo or PKCS#1). RSA 1024–4096 bits and Ed25519; no DSA, no ECDSA.
use super::generate::{ed25519_public_blob, rsa_public_blob, sha256_fingerprint, KeyType};
use super::wire::{colon_hex, Reader};
use crate::error::ApiError;
use base64::Engine;
use rsa::pkcs1::DecodeRsaPublicKey;
use rsa::pkcs8::{DecodePublicKey, EncodePublicKey};
use rsa::traits::PublicKeyParts;
use sha1::Digest;

pub struct Imported {
    pub key_type: KeyType,
    pub public_blob: Vec<u8>,
    pub fingerprint: String,
    pub comment: Option<String>,
}

/// AWS's answer to any public key it cannot use (OBS: `InvalidKey.Format`).
pub fn invalid_format(en: &str, ko: &str) -> ApiError {
    ApiError::new("InvalidKey.Format", "Key is not in valid OpenSSH public key format").hint(en, ko)
}

fn not_a_key() -> ApiError {
    invalid_format(
        "ImportKeyPair takes a PUBLIC key: the one line of `id_ed25519.pub` / `id_rsa.pub` (ssh-ed25519 AAAA… or ssh-rsa AAAA…), an RFC 4716 SSH2 public key, or base64 DER. Never send the private key.",
        "ImportKeyPair에는 퍼블릭 키를 넘깁니다. `id_ed25519.pub` / `id_rsa.pub`의 한 줄(ssh-ed25519 AAAA… 또는 ssh-rsa AAAA…), RFC 4716 SSH2 퍼블릭 키, 또는 base64 DER입니다. 프라이빗 키는 보내지 마세요.",
    )
}

const ED25519_SPKI_PREFIX: [u8; 12] = [0x30, 0x2a, 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x70, 0x03, 0x21, 0x00];

/// Reads the key material (already base64-decoded from the wire: the text or bytes the user gave).
pub fn parse_public_key(material: &[u8]) -> Result<Imported, ApiError> {
    let b64 = base64::engine::general_purpose::STANDARD;
    let Ok(text) = std::str::from_utf8(material) else {
        return from_der(material);
    };
    let text = text.trim();
    if text.starts_with("---- BEGIN SSH2 PUBLIC KEY ----") {
        let (blob, comment) = rfc4716(text).ok_or_else(not_a_key)?;
        return from_blob(&blob, comment);
    }
    if text.starts_with("-----BEGIN") {
        return Err(if text.contains("PRIVATE KEY") {
            invalid_format(
                "This is a private key. Import only the public half: `ssh-keygen -y -f key.pem` prints it.",
                "프라이빗 키입니다. 퍼블릭 키만 가져오세요. `ssh-keygen -y -f key.pem`이 퍼블릭 키를 출력합니다.",
            )
        } else {
            not_a_key()
        });
    }
    let mut words = text.split_whitespace();
    let first = words.next().unwrap_or("");
    if first.starts_with("ssh-") || first.starts_with("ecdsa-") || first.starts_with("sk-") {
        let blob = words.next().and_then(|w| b64.decode(w).ok()).ok_or_else(not_a_key)?;
        let comment: Vec<&str> = words.collect();
        let comment = (!comment.is_empty()).then(|| comment.join(" "));
        let imported = from_blob(&blob, comment)?;
        if imported.key_type.ssh_name() != first {
            return Err(not_a_key());
        }
        return Ok(imported);
    }
    // Base64 DER: the whole text is base64.
    let compact: String = text.split_whitespace().collect();
    match b64.decode(compact.as_bytes()) {
        Ok(inner) if inner.starts_with(b"ssh-") || inner.starts_with(b"---- BEGIN") => Err(invalid_format(
            "The key was base64-encoded twice: PublicKeyMaterial is a blob, which the client encodes on the wire. Pass the key's text or bytes as they are (with the AWS CLI v2: fileb://key.pub).",
            "키가 base64로 두 번 인코딩되었습니다. PublicKeyMaterial은 blob이라 클라이언트가 전송할 때 인코딩합니다. 키의 텍스트나 바이트를 그대로 넘기세요(AWS CLI v2에서는 fileb://key.pub).",
        )),
        Ok(der) if !der.is_empty() => from_der(&der),
        _ => Err(not_a_key()),
    }
}

/// RFC 4716: header lines (`Comment: "…"`, continued with a trailing backslash), then the
/// base64 of the key blob, between the BEGIN and END lines.
fn rfc4716(text: &str) -> Option<(Vec<u8>, Option<String>)> {
    let mut lines = text.lines().map(str::trim);
    lines.next()?;
    let mut body = String::new();
    let mut comment = None;
    let mut continued = false;
    let mut ended = false;
    for line in lines {
        if line == "---- END SSH2 PUBLIC KEY ----" {
            ended = true;
            break;
        }
        if continued {
            continued = line.ends_with('\\');
            continue;
        }
        if let Some((name, value)) = line.split_once(':') {
            if name.eq_ignore_ascii_case("comment") {
                comment = Some(value.trim().trim_matches('"').to_string());
            }
            continued = line.ends_with('\\');
            continue;
        }
        body.push_str(line);
    }
    if !ended {
        return None;
    }
    let blob = base64::engine::general_purpose::STANDARD.decode(body.as_bytes()).ok()?;
    Some((blob, comment))
}

fn from_der(der: &[u8]) -> Result<Imported, ApiError> {
    if der.len() == 44 && der.starts_with(&ED25519_SPKI_PREFIX) {
        let mut public = [0u8; 32];
        public.copy_from_slice(&der[12..]);
        return ed25519(public, None);
    }
    let key = rsa::PublicKey::from_public_key_der(der).or_else(|_| rsa::PublicKey::from_pkcs1_der(der)).map_err(|_| not_a_key())?;
    rsa(&key.n().as_ref().to_be_bytes(), &key.e().to_be_bytes(), None)
}

fn from_blob(blob: &[u8], comment: Option<String>) -> Result<Imported, ApiError> {
    let mut r = Reader::new(blob);
    let kind = r.string().ok_or_else(not_a_key)?;
    match kind {
        b"ssh-rsa" => {
            let e = r.string().ok_or_else(not_a_key)?;
            let n = r.string().ok_or_else(not_a_key)?;
            if !r.is_empty() {
                return Err(not_a_key());
            }
            rsa(n, e, comment)
        }
        b"ssh-ed25519" => {
            let public: [u8; 32] = r.string().and_then(|p| p.try_into().ok()).ok_or_else(not_a_key)?;
            if !r.is_empty() {
                return Err(not_a_key());
            }
            ed25519(public, comment)
        }
        b"ssh-dss" => Err(invalid_format(
            "EC2 does not accept DSA keys. Make an Ed25519 key (`ssh-keygen -t ed25519`) or an RSA key (`ssh-keygen -t rsa -b 4096`) and import its .pub file.",
            "EC2는 DSA 키를 받지 않습니다. Ed25519 키(`ssh-keygen -t ed25519`)나 RSA 키(`ssh-keygen -t rsa -b 4096`)를 만들어 .pub 파일을 가져오세요.",
        )),
        _ => Err(invalid_format(
            "EC2 key pairs are RSA or Ed25519 only (no ECDSA or security-key types). Make one with `ssh-keygen -t ed25519` and import its .pub file.",
            "EC2 키 페어는 RSA 또는 Ed25519만 됩니다(ECDSA, 보안 키 형식은 안 됨). `ssh-keygen -t ed25519`로 만들어 .pub 파일을 가져오세요.",
        )),
    }
}

/// Imported RSA keys: the fingerprint is the MD5 of the DER public key (SubjectPublicKeyInfo),
/// as AWS computes it (UG:verify-keys: `… | openssl rsa -RSAPublicKey_in -outform DER | openssl md5 -c`).
fn rsa(n: &[u8], e: &[u8], comment: Option<String>) -> Result<Imported, ApiError> {
    let n_big = rsa::BoxedUint::from_be_slice_vartime(n);
    let bits = n_big.bit_width_vartime();
    // UG:create-key-pairs lists 1024, 2048 and 4096; 3072 (ssh-keygen's default) is accepted too.
    if !(1024..=4096).contains(&bits) {
        return Err(invalid_format(
            "EC2 imports RSA keys of 1024 to 4096 bits. Make a new key with `ssh-keygen -t rsa -b 4096` (or better, `ssh-keygen -t ed25519`).",
            "EC2는 1024~4096비트 RSA 키만 가져옵니다. `ssh-keygen -t rsa -b 4096`(더 좋게는 `ssh-keygen -t ed25519`)로 새 키를 만드세요.",
        ));
    }
    let key = rsa::PublicKey::new_with_size_limits(n_big, rsa::BoxedUint::from_be_slice_vartime(e), 1024..=4096).map_err(|_| not_a_key())?;
    let der = key.to_public_key_der().map_err(|_| not_a_key())?;
    Ok(Imported { key_type: KeyType::Rsa, public_blob: rsa_public_blob(n, e), fingerprint: colon_hex(&md5::Md5::digest(der.as_bytes())), comment })
}

fn ed25519(public: [u8; 32], comment: Option<String>) -> Result<Imported, ApiError> {
    ed25519_dalek::VerifyingKey::from_bytes(&public).map_err(|_| not_a_key())?;
    let public_blob = ed25519_public_blob(&public);
    Ok(Imported { key_type: KeyType::Ed25519, fingerprint: sha256_fingerprint(&public_blob), public_blob, comment })
}
