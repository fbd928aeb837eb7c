//! Real key pairs from a seed: RSA 2048 (PKCS#1 PEM, as EC2 hands it out) and Ed25519
//! (OpenSSH private key format), or either as a PuTTY key file (PPK version 3). The same seed
//! gives the same key, so a run is repeatable; nothing here reads the system's randomness.
use super::wire::{colon_hex, put_mpint, put_string, put_u32};
use base64::Engine;
use hmac::{KeyInit, Mac};
use rand_core::SeedableRng;
use rsa::pkcs1::EncodeRsaPrivateKey;
use rsa::pkcs8::EncodePrivateKey;
use rsa::traits::{PrivateKeyParts, PublicKeyParts};
use sha1::Digest;
use std::collections::HashMap;
use std::sync::{Mutex, OnceLock};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum KeyType {
    Rsa,
    Ed25519,
}

impl KeyType {
    pub fn as_str(self) -> &'static str {
        match self {
            KeyType::Rsa => "rsa",
            KeyType::Ed25519 => "ed25519",
        }
    }
    /// The SSH algorithm name of the key.
    pub fn ssh_name(self) -> &'static str {
        match self {
            KeyType::Rsa => "ssh-rsa",
            KeyType::Ed25519 => "ssh-ed25519",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum KeyFormat {
    Pem,
    Ppk,
}

/// What CreateKeyPair hands back once (the private key) and what EC2 keeps (the public key).
pub struct Generated {
    /// The SSH wire blob of the public key (`ssh-rsa`/`ssh-ed25519` + numbers).
    pub public_blob: Vec<u8>,
    pub private_material: String,
    pub fingerprint: String,
}

/// Generates a key of `key_type` from a 32-byte seed and writes the private key in `format`;
/// `comment` goes into the formats that carry one (OpenSSH, PPK).
pub fn generate(key_type: KeyType, format: KeyFormat, seed: [u8; 32], comment: &str) -> Generated {
    match key_type {
        KeyType::Rsa => {
            let key = rsa_key(seed);
            let public_blob = rsa_public_blob(&key.n().as_ref().to_be_bytes(), &key.e().to_be_bytes());
            // Created RSA keys: SHA-1 of the DER (PKCS#8) private key, as AWS computes it (UG:verify-keys:
            // `openssl pkcs8 -topk8 -nocrypt -outform DER | openssl sha1 -c`).
            let der = key.to_pkcs8_der().expect("a generated key encodes");
            let fingerprint = colon_hex(&sha1::Sha1::digest(der.as_bytes()));
            let private_material = match format {
                KeyFormat::Pem => key.to_pkcs1_pem(rsa::pkcs8::LineEnding::LF).expect("a generated key encodes").to_string(),
                KeyFormat::Ppk => {
                    let mut private = Vec::new();
                    put_mpint(&mut private, &key.d().to_be_bytes());
                    put_mpint(&mut private, &key.primes()[0].to_be_bytes());
                    put_mpint(&mut private, &key.primes()[1].to_be_bytes());
                    put_mpint(&mut private, &key.crt_coefficient().expect("two-prime key").to_be_bytes());
                    ppk_v3("ssh-rsa", comment, &public_blob, &private)
                }
            };
            Generated { public_blob, private_material, fingerprint }
        }
        KeyType::Ed25519 => {
            let mut rng = rand_chacha::ChaCha20Rng::from_seed(seed);
            let mut secret = [0u8; 32];
            rand_core::Rng::fill_bytes(&mut rng, &mut secret);
            let public = ed25519_dalek::SigningKey::from_bytes(&secret).verifying_key().to_bytes();
            let public_blob = ed25519_public_blob(&public);
            let fingerprint = sha256_fingerprint(&public_blob);
            let private_material = match format {
                KeyFormat::Pem => {
                    let check = rand_core::Rng::next_u32(&mut rng);
                    openssh_ed25519(&secret, &public, &public_blob, comment, check)
                }
                KeyFormat::Ppk => {
                    // PuTTY keeps the Ed25519 secret as a little-endian integer, high zero bytes dropped.
                    let len = secret.iter().rposition(|b| *b != 0).map_or(0, |i| i + 1);
                    let mut private = Vec::new();
                    put_string(&mut private, &secret[..len]);
                    ppk_v3("ssh-ed25519", comment, &public_blob, &private)
                }
            };
            Generated { public_blob, private_material, fingerprint }
        }
    }
}

/// RSA 2048 key generation takes tens to hundreds of milliseconds; the same seed always gives the
/// same key, so keys are remembered by seed (a fresh world with the same seed creates the same
/// first key pair: the tests and notebooks do that all the time).
fn rsa_key(seed: [u8; 32]) -> rsa::PrivateKey {
    static CACHE: OnceLock<Mutex<HashMap<[u8; 32], rsa::PrivateKey>>> = OnceLock::new();
    let cache = CACHE.get_or_init(Default::default);
    if let Some(k) = cache.lock().ok().and_then(|c| c.get(&seed).cloned()) {
        return k;
    }
    let mut rng = rand_chacha::ChaCha20Rng::from_seed(seed);
    let key = rsa::PrivateKey::new(&mut rng, 2048).expect("2048 bits is a valid size and ChaCha never fails");
    if let Ok(mut c) = cache.lock() {
        if c.len() >= 256 {
            c.clear();
        }
        c.insert(seed, key.clone());
    }
    key
}

pub fn rsa_public_blob(n: &[u8], e: &[u8]) -> Vec<u8> {
    let mut blob = Vec::new();
    put_string(&mut blob, b"ssh-rsa");
    put_mpint(&mut blob, e);
    put_mpint(&mut blob, n);
    blob
}

pub fn ed25519_public_blob(public: &[u8; 32]) -> Vec<u8> {
    let mut blob = Vec::new();
    put_string(&mut blob, b"ssh-ed25519");
    put_string(&mut blob, public);
    blob
}

/// Ed25519 fingerprints (created or imported): base64 SHA-256 of the public key blob, what
/// `ssh-keygen -l` prints after `SHA256:` (AWS keeps the base64 padding).
pub fn sha256_fingerprint(public_blob: &[u8]) -> String {
    base64::engine::general_purpose::STANDARD.encode(sha2::Sha256::digest(public_blob))
}

fn wrap(text: &str, width: usize) -> Vec<&str> {
    let mut lines = Vec::new();
    let mut rest = text;
    while !rest.is_empty() {
        let (line, tail) = rest.split_at(width.min(rest.len()));
        lines.push(line);
        rest = tail;
    }
    lines
}

/// The OpenSSH private key format (PROTOCOL.key), unencrypted, as `ssh-keygen -t ed25519` writes it.
fn openssh_ed25519(secret: &[u8; 32], public: &[u8; 32], public_blob: &[u8], comment: &str, check: u32) -> String {
    let mut private = Vec::new();
    put_u32(&mut private, check);
    put_u32(&mut private, check);
    put_string(&mut private, b"ssh-ed25519");
    put_string(&mut private, public);
    let mut both = secret.to_vec();
    both.extend_from_slice(public);
    put_string(&mut private, &both);
    put_string(&mut private, comment.as_bytes());
    let mut pad = 1u8;
    while private.len() % 8 != 0 {
        private.push(pad);
        pad += 1;
    }
    let mut body = b"openssh-key-v1\0".to_vec();
    put_string(&mut body, b"none");
    put_string(&mut body, b"none");
    put_string(&mut body, b"");
    put_u32(&mut body, 1);
    put_string(&mut body, public_blob);
    put_string(&mut body, &private);
    let b64 = base64::engine::general_purpose::STANDARD.encode(&body);
    let mut out = String::from("-----BEGIN OPENSSH PRIVATE KEY-----\n");
    for line in wrap(&b64, 70) {
        out.push_str(line);
        out.push('\n');
    }
    out.push_str("-----END OPENSSH PRIVATE KEY-----\n");
    out
}

/// A PuTTY key file, version 3, unencrypted: the MAC is HMAC-SHA-256 with an empty key over
/// the algorithm, encryption, comment and both blobs (PuTTY manual, appendix C).
fn ppk_v3(algorithm: &str, comment: &str, public_blob: &[u8], private_blob: &[u8]) -> String {
    let b64 = |b: &[u8]| base64::engine::general_purpose::STANDARD.encode(b);
    let mut mac_data = Vec::new();
    put_string(&mut mac_data, algorithm.as_bytes());
    put_string(&mut mac_data, b"none");
    put_string(&mut mac_data, comment.as_bytes());
    put_string(&mut mac_data, public_blob);
    put_string(&mut mac_data, private_blob);
    let mut mac = <hmac::Hmac<sha2::Sha256> as KeyInit>::new_from_slice(&[]).expect("HMAC takes any key length");
    mac.update(&mac_data);
    let tag: String = mac.finalize().into_bytes().iter().map(|b| format!("{b:02x}")).collect();
    let public = b64(public_blob);
    let private = b64(private_blob);
    let public_lines = wrap(&public, 64);
    let private_lines = wrap(&private, 64);
    let mut out = format!("PuTTY-User-Key-File-3: {algorithm}\nEncryption: none\nComment: {comment}\nPublic-Lines: {}\n", public_lines.len());
    for l in public_lines {
        out.push_str(l);
        out.push('\n');
    }
    out.push_str(&format!("Private-Lines: {}\n", private_lines.len()));
    for l in private_lines {
        out.push_str(l);
        out.push('\n');
    }
    out.push_str(&format!("Private-MAC: {tag}\n"));
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    #[test]
    fn same_seed_same_key_and_formats() {
        let a = generate(KeyType::Ed25519, KeyFormat::Pem, [7; 32], "k");
        let b = generate(KeyType::Ed25519, KeyFormat::Pem, [7; 32], "k");
        assert_eq!(a.private_material, b.private_material);
        assert!(a.private_material.starts_with("-----BEGIN OPENSSH PRIVATE KEY-----\n"));
        assert_eq!(a.fingerprint.len(), 44);
        let p = generate(KeyType::Ed25519, KeyFormat::Ppk, [7; 32], "k");
        assert!(p.private_material.starts_with("PuTTY-User-Key-File-3: ssh-ed25519\nEncryption: none\nComment: k\n"));
        assert_eq!(p.fingerprint, a.fingerprint);
        assert_ne!(generate(KeyType::Ed25519, KeyFormat::Pem, [8; 32], "k").fingerprint, a.fingerprint);
    }
}
