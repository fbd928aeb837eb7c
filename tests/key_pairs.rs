//! Key pairs: CreateKeyPair / ImportKeyPair / DeleteKeyPair / DescribeKeyPairs, fingerprints,
//! refusals (a refused call changes nothing), and RunInstances' KeyName check.
use ec2lab::Cloud;
use serde_json::{json, Value};

const R: &str = "us-east-1";

fn call(c: &mut Cloud, op: &str, p: Value) -> Result<Value, ec2lab::ApiError> {
    c.call("ec2", R, op, p)
}

fn b64(s: &str) -> String {
    use base64::Engine;
    base64::engine::general_purpose::STANDARD.encode(s.as_bytes())
}

fn b64_bytes(b: &[u8]) -> String {
    use base64::Engine;
    base64::engine::general_purpose::STANDARD.encode(b)
}

fn unb64(s: &str) -> Vec<u8> {
    use base64::Engine;
    base64::engine::general_purpose::STANDARD.decode(s).unwrap()
}

fn public_key(c: &mut Cloud, name: &str) -> String {
    let v = call(c, "DescribeKeyPairs", json!({"KeyNames": [name], "IncludePublicKey": true})).unwrap();
    v["KeyPairs"][0]["PublicKey"].as_str().unwrap().to_string()
}

#[test]
fn created_keys_are_real_deterministic_and_fingerprinted_as_aws_does() {
    let mut c = Cloud::new(0);
    let rsa = call(&mut c, "CreateKeyPair", json!({"KeyName": "lab"})).unwrap();
    let pem = rsa["KeyMaterial"].as_str().unwrap();
    assert!(pem.starts_with("-----BEGIN RSA PRIVATE KEY-----\n"), "{pem}");
    let fp = rsa["KeyFingerprint"].as_str().unwrap();
    assert_eq!(fp.len(), 59, "SHA-1: 20 bytes in colon hex: {fp}");
    assert!(rsa["KeyPairId"].as_str().unwrap().starts_with("key-0"));

    let ed = call(&mut c, "CreateKeyPair", json!({"KeyName": "ed", "KeyType": "ed25519"})).unwrap();
    assert!(ed["KeyMaterial"].as_str().unwrap().starts_with("-----BEGIN OPENSSH PRIVATE KEY-----\n"));
    let efp = ed["KeyFingerprint"].as_str().unwrap();
    assert_eq!(efp.len(), 44, "base64 SHA-256: {efp}");
    assert!(efp.ends_with('='));

    let ppk = call(&mut c, "CreateKeyPair", json!({"KeyName": "putty", "KeyFormat": "ppk"})).unwrap();
    assert!(ppk["KeyMaterial"].as_str().unwrap().starts_with("PuTTY-User-Key-File-3: ssh-rsa\nEncryption: none\nComment: putty\n"));

    // Same seed, same calls: the same keys.
    let mut c2 = Cloud::new(0);
    assert_eq!(call(&mut c2, "CreateKeyPair", json!({"KeyName": "lab"})).unwrap(), rsa);
    // Another seed: another key.
    let mut c3 = Cloud::new(1);
    assert_ne!(call(&mut c3, "CreateKeyPair", json!({"KeyName": "lab"})).unwrap()["KeyFingerprint"], rsa["KeyFingerprint"]);
}

#[test]
fn describe_filters_and_public_keys() {
    let mut c = Cloud::new(0);
    let a = call(
        &mut c,
        "CreateKeyPair",
        json!({"KeyName": "a", "KeyType": "ed25519",
        "TagSpecifications": [{"ResourceType": "key-pair", "Tags": [{"Key": "env", "Value": "lab"}]}]}),
    )
    .unwrap();
    assert_eq!(a["Tags"], json!([{"Key": "env", "Value": "lab"}]));
    call(&mut c, "CreateKeyPair", json!({"KeyName": "b", "KeyType": "ed25519"})).unwrap();
    let all = call(&mut c, "DescribeKeyPairs", json!({})).unwrap();
    assert_eq!(all["KeyPairs"].as_array().unwrap().len(), 2);
    assert!(all["KeyPairs"][0].get("PublicKey").is_none());
    let by_tag = call(&mut c, "DescribeKeyPairs", json!({"Filters": [{"Name": "tag:env", "Values": ["lab"]}]})).unwrap();
    assert_eq!(by_tag["KeyPairs"].as_array().unwrap().len(), 1);
    let by_fp = call(&mut c, "DescribeKeyPairs", json!({"Filters": [{"Name": "fingerprint", "Values": [a["KeyFingerprint"]]}]})).unwrap();
    assert_eq!(by_fp["KeyPairs"][0]["KeyName"], "a");
    let by_id = call(&mut c, "DescribeKeyPairs", json!({"KeyPairIds": [a["KeyPairId"]]})).unwrap();
    assert_eq!(by_id["KeyPairs"][0]["KeyType"], "ed25519");
    let pk = public_key(&mut c, "a");
    assert!(pk.starts_with("ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAA") && pk.ends_with(" a"), "{pk}");
    insta::assert_json_snapshot!("describe_key_pairs", call(&mut c, "DescribeKeyPairs", json!({"KeyNames": ["a"], "IncludePublicKey": true})).unwrap());
    let e = call(&mut c, "DescribeKeyPairs", json!({"KeyNames": ["a", "nope"]})).unwrap_err();
    assert_eq!((e.code.as_str(), e.message.as_str()), ("InvalidKeyPair.NotFound", "The key pair 'nope' does not exist"));
    let e = call(&mut c, "DescribeKeyPairs", json!({"Filters": [{"Name": "bogus", "Values": ["x"]}]})).unwrap_err();
    assert_eq!(e.code, "InvalidParameterValue");
}

#[test]
fn import_reads_openssh_rfc4716_and_der() {
    let mut c = Cloud::new(0);
    // An Ed25519 key's fingerprint is the same created or imported (SHA-256 of the public blob).
    let ed = call(&mut c, "CreateKeyPair", json!({"KeyName": "ed", "KeyType": "ed25519"})).unwrap();
    let line = public_key(&mut c, "ed");
    let imp = call(&mut c, "ImportKeyPair", json!({"KeyName": "ed-imported", "PublicKeyMaterial": b64(&line)})).unwrap();
    assert_eq!(imp["KeyFingerprint"], ed["KeyFingerprint"]);
    assert!(imp.get("KeyMaterial").is_none());

    // An RSA key imported: MD5 (16 bytes, colon hex) of the DER public key, not the SHA-1 of creation.
    call(&mut c, "CreateKeyPair", json!({"KeyName": "rsa"})).unwrap();
    let line = public_key(&mut c, "rsa");
    let imp = call(&mut c, "ImportKeyPair", json!({"KeyName": "rsa-imported", "PublicKeyMaterial": b64(&line)})).unwrap();
    let md5 = imp["KeyFingerprint"].as_str().unwrap().to_string();
    assert_eq!(md5.len(), 47, "{md5}");

    // The same RSA key as RFC 4716 and as base64 DER gives the same fingerprint.
    let blob = line.split_whitespace().nth(1).unwrap();
    let rfc = format!("---- BEGIN SSH2 PUBLIC KEY ----\nComment: \"rsa-key-20250106\"\n{}\n---- END SSH2 PUBLIC KEY ----\n", blob);
    let imp2 = call(&mut c, "ImportKeyPair", json!({"KeyName": "rfc", "PublicKeyMaterial": b64(&rfc)})).unwrap();
    assert_eq!(imp2["KeyFingerprint"], md5.as_str());
    let der = spki_der_from_ssh_rsa(&unb64(blob));
    let imp3 = call(&mut c, "ImportKeyPair", json!({"KeyName": "der", "PublicKeyMaterial": b64(&b64_bytes(&der))})).unwrap();
    assert_eq!(imp3["KeyFingerprint"], md5.as_str());
}

/// SubjectPublicKeyInfo DER of an ssh-rsa blob (built by hand, to test the DER path independently).
fn spki_der_from_ssh_rsa(blob: &[u8]) -> Vec<u8> {
    let mut r = 0usize;
    let mut next = || {
        let n = u32::from_be_bytes(blob[r..r + 4].try_into().unwrap()) as usize;
        let s = blob[r + 4..r + 4 + n].to_vec();
        r += 4 + n;
        s
    };
    let _kind = next();
    let e = next();
    let n = next();
    fn tlv(tag: u8, body: &[u8]) -> Vec<u8> {
        let mut out = vec![tag];
        let len = body.len();
        if len < 128 {
            out.push(len as u8);
        } else if len < 256 {
            out.extend([0x81, len as u8]);
        } else {
            out.extend([0x82, (len >> 8) as u8, len as u8]);
        }
        out.extend_from_slice(body);
        out
    }
    let mut seq = tlv(0x02, &n);
    seq.extend(tlv(0x02, &e));
    let pkcs1 = tlv(0x30, &seq);
    let mut bits = vec![0u8];
    bits.extend(pkcs1);
    let alg = [0x30, 0x0d, 0x06, 0x09, 0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x01, 0x01, 0x05, 0x00];
    let mut body = alg.to_vec();
    body.extend(tlv(0x03, &bits));
    tlv(0x30, &body)
}

#[test]
fn refusals_change_nothing() {
    let mut c = Cloud::new(0);
    call(&mut c, "CreateKeyPair", json!({"KeyName": "lab", "KeyType": "ed25519"})).unwrap();
    let before = format!("{:?}", c.world);
    let cases = [
        ("CreateKeyPair", json!({"KeyName": "lab"}), "InvalidKeyPair.Duplicate", "The keypair 'lab' already exists."),
        ("CreateKeyPair", json!({"KeyName": "x", "KeyType": "dsa"}), "InvalidParameterValue", ""),
        ("CreateKeyPair", json!({"KeyName": "x", "KeyFormat": "der"}), "InvalidParameterValue", ""),
        ("CreateKeyPair", json!({"KeyName": "x".repeat(256)}), "InvalidParameterValue", ""),
        ("CreateKeyPair", json!({"KeyName": "키"}), "InvalidParameterValue", ""),
        ("CreateKeyPair", json!({"KeyName": "x", "TagSpecifications": [{"ResourceType": "instance", "Tags": []}]}), "InvalidParameterValue", ""),
        ("ImportKeyPair", json!({"KeyName": "lab", "PublicKeyMaterial": b64("ssh-ed25519 AAAA")}), "InvalidKeyPair.Duplicate", ""),
        ("ImportKeyPair", json!({"KeyName": "g", "PublicKeyMaterial": b64("not a key")}), "InvalidKey.Format", "Key is not in valid OpenSSH public key format"),
        (
            "ImportKeyPair",
            json!({"KeyName": "g", "PublicKeyMaterial": b64("ssh-dss AAAAB3NzaC1kc3MAAACBAP1/U4EddRIpUt9KnC7s5Of2EbdSPO9EAMMeP4C2USZpRV1AIlH7WT2NWPq/xfW6MPbLm1Vs14E7gB00b/JmYLdrmVClpJ+f6AR7ECLCT7up1/63xhv4O1fnxqimFQ8E+4P208UewwI1VBNaFpEy9nXzrith1yrv8iIDGZ3RSAHHAAAAFQCXYFCPFSMLzLKSuYKi64QL8Fgc9QAAAIEA9+Gghdab")}),
            "InvalidKey.Format",
            "",
        ),
        (
            "ImportKeyPair",
            json!({"KeyName": "g", "PublicKeyMaterial": b64("-----BEGIN RSA PRIVATE KEY-----\nMII\n-----END RSA PRIVATE KEY-----")}),
            "InvalidKey.Format",
            "",
        ),
        ("ImportKeyPair", json!({"KeyName": "g", "PublicKeyMaterial": "%%%"}), "InvalidKey.Format", ""),
        ("DeleteKeyPair", json!({}), "MissingParameter", ""),
    ];
    for (op, p, code, message) in cases {
        let e = call(&mut c, op, p.clone()).unwrap_err();
        assert_eq!(e.code, code, "{op} {p}");
        if !message.is_empty() {
            assert_eq!(e.message, message);
        }
        assert!(!e.hint_en.is_empty() && !e.hint_ko.is_empty(), "{op} {p}");
        assert_eq!(format!("{:?}", c.world), before, "{op} {p} changed the world");
    }
}

#[test]
fn delete_is_idempotent_by_name_or_id() {
    let mut c = Cloud::new(0);
    let k = call(&mut c, "CreateKeyPair", json!({"KeyName": "lab", "KeyType": "ed25519"})).unwrap();
    let d = call(&mut c, "DeleteKeyPair", json!({"KeyPairId": k["KeyPairId"]})).unwrap();
    assert_eq!(d, json!({"Return": true, "KeyPairId": k["KeyPairId"]}));
    assert_eq!(call(&mut c, "DeleteKeyPair", json!({"KeyName": "lab"})).unwrap()["Return"], true);
    assert_eq!(call(&mut c, "DescribeKeyPairs", json!({})).unwrap()["KeyPairs"], json!([]));
    // The name is free again.
    call(&mut c, "CreateKeyPair", json!({"KeyName": "lab", "KeyType": "ed25519"})).unwrap();
}

#[test]
fn run_instances_needs_an_existing_key_pair() {
    let mut c = Cloud::new(0);
    let img =
        call(&mut c, "DescribeImages", json!({"Filters": [{"Name": "name", "Values": ["al2023-ami-2023*-x86_64"]}]})).unwrap()["Images"][0]["ImageId"].clone();
    let run = json!({"ImageId": img, "InstanceType": "t3.micro", "MinCount": 1, "MaxCount": 1, "KeyName": "lab"});
    let e = call(&mut c, "RunInstances", run.clone()).unwrap_err();
    assert_eq!((e.code.as_str(), e.message.as_str()), ("InvalidKeyPair.NotFound", "The key pair 'lab' does not exist"));
    call(&mut c, "CreateKeyPair", json!({"KeyName": "lab", "KeyType": "ed25519"})).unwrap();
    let v = call(&mut c, "RunInstances", run).unwrap();
    assert_eq!(v["Instances"][0]["KeyName"], "lab");
    // Key pairs are regional.
    let e = c.call("ec2", "eu-west-1", "DescribeKeyPairs", json!({"KeyNames": ["lab"]})).unwrap_err();
    assert_eq!(e.code, "InvalidKeyPair.NotFound");
}

#[test]
fn create_key_pair_response_shape() {
    let mut c = Cloud::new(0);
    insta::assert_json_snapshot!("create_key_pair_ed25519", call(&mut c, "CreateKeyPair", json!({"KeyName": "lab", "KeyType": "ed25519"})).unwrap());
}

#[test]
fn double_encoded_material_is_refused_with_its_own_hint() {
    let mut c = Cloud::new(0);
    let line = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIA79YVPnHhDUk4ukn7K/KQyTi/RsvXNAV5KYUEKUDMuj me@laptop";
    let e = call(&mut c, "ImportKeyPair", json!({"KeyName": "k", "PublicKeyMaterial": b64(&b64(line))})).unwrap_err();
    assert_eq!(e.code, "InvalidKey.Format");
    assert!(e.hint_en.contains("twice"), "{}", e.hint_en);
    // Once is right; CRLF line ends of an RFC 4716 file (PuTTYgen on Windows) are fine too.
    call(&mut c, "ImportKeyPair", json!({"KeyName": "k", "PublicKeyMaterial": b64(line)})).unwrap();
    let blob = line.split_whitespace().nth(1).unwrap();
    let rfc = format!("---- BEGIN SSH2 PUBLIC KEY ----\r\nComment: \"a long comment \\\r\ncontinued\"\r\n{blob}\r\n---- END SSH2 PUBLIC KEY ----\r\n");
    let k2 = call(&mut c, "ImportKeyPair", json!({"KeyName": "k2", "PublicKeyMaterial": b64(&rfc)})).unwrap();
    assert_eq!(k2["KeyFingerprint"], call(&mut c, "DescribeKeyPairs", json!({"KeyNames": ["k"]})).unwrap()["KeyPairs"][0]["KeyFingerprint"]);
}

#[test]
fn the_region_quota_is_5000_key_pairs() {
    let mut c = Cloud::new(0);
    let k = call(&mut c, "CreateKeyPair", json!({"KeyName": "k0", "KeyType": "ed25519"})).unwrap();
    let keys = &mut c.world.regions.get_mut(R).unwrap().keys;
    let template = keys.by_name["k0"].clone();
    for n in 1..5000 {
        let mut p = template.clone();
        p.name = format!("k{n}");
        p.id = format!("{}-{n}", k["KeyPairId"].as_str().unwrap());
        keys.by_name.insert(p.name.clone(), p);
    }
    let e = call(&mut c, "CreateKeyPair", json!({"KeyName": "one-more", "KeyType": "ed25519"})).unwrap_err();
    assert_eq!(e.code, "ResourceLimitExceeded");
    assert!(!e.hint_ko.is_empty());
}
