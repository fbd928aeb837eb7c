"""Key pairs from Python: real keys that ssh-keygen / puttygen / openssl accept, fingerprints as
AWS computes them, the KeyPair object (save with mode 0o400), import of .pub files."""
from __future__ import annotations

import os
import shutil
import stat
import subprocess

import pytest

import ec2lab

needs_ssh_keygen = pytest.mark.skipif(shutil.which("ssh-keygen") is None, reason="ssh-keygen is not installed")
needs_openssl = pytest.mark.skipif(shutil.which("openssl") is None, reason="openssl is not installed")
needs_puttygen = pytest.mark.skipif(shutil.which("puttygen") is None, reason="puttygen (putty-tools) is not installed")


def run(*cmd, stdin=None) -> str:
    return subprocess.run(cmd, input=stdin, capture_output=True, check=True).stdout.decode()


@pytest.fixture()
def cloud():
    return ec2lab.Cloud(seed=0)


@needs_ssh_keygen
@pytest.mark.parametrize("key_type", ["rsa", "ed25519"])
def test_ssh_keygen_accepts_the_private_key(cloud, key_type, tmp_path):
    key = cloud.create_key_pair("lab", key_type=key_type)
    path = key.save(tmp_path / "lab.pem")
    assert stat.S_IMODE(os.stat(path).st_mode) == 0o400
    derived = run("ssh-keygen", "-y", "-f", str(path)).split()[:2]
    assert derived == key.public_key.split()[:2]
    if key_type == "ed25519":
        # AWS's Ed25519 fingerprint is ssh-keygen's SHA256 one (AWS keeps the base64 padding).
        listed = run("ssh-keygen", "-l", "-f", str(path)).split()[1]
        assert listed == "SHA256:" + key.fingerprint.rstrip("=")


@needs_openssl
def test_created_rsa_fingerprint_is_sha1_of_the_der_private_key(cloud, tmp_path):
    key = cloud.create_key_pair("lab")
    path = key.save(tmp_path / "lab.pem")
    assert key.material.startswith("-----BEGIN RSA PRIVATE KEY-----")
    der = subprocess.run(["openssl", "pkcs8", "-in", str(path), "-inform", "PEM", "-outform", "DER", "-topk8", "-nocrypt"], capture_output=True, check=True).stdout
    import hashlib

    assert key.fingerprint == ":".join(f"{b:02x}" for b in hashlib.sha1(der).digest())


@needs_openssl
def test_imported_rsa_fingerprint_is_md5_of_the_der_public_key(cloud, tmp_path):
    key = cloud.create_key_pair("lab")
    path = key.save(tmp_path / "lab.pem")
    imported = cloud.import_key_pair("lab-imported", key.public_key)
    der = subprocess.run(["openssl", "rsa", "-in", str(path), "-pubout", "-outform", "DER"], capture_output=True, check=True).stdout
    import hashlib

    assert imported.fingerprint == ":".join(f"{b:02x}" for b in hashlib.md5(der).digest())
    assert imported.material is None
    with pytest.raises(ValueError, match="once"):
        imported.save(tmp_path / "x.pem")


@needs_puttygen
@pytest.mark.parametrize("key_type", ["rsa", "ed25519"])
def test_puttygen_reads_the_ppk(cloud, key_type, tmp_path):
    key = cloud.create_key_pair("putty", key_type=key_type, key_format="ppk")
    path = key.save(tmp_path / "putty.ppk")
    assert key.material.startswith("PuTTY-User-Key-File-3: ")
    # puttygen checks the MAC, converts the private key; ssh-keygen derives the same public key from it.
    run("puttygen", str(path), "-O", "private-openssh", "-o", str(tmp_path / "converted"))
    if shutil.which("ssh-keygen"):
        assert run("ssh-keygen", "-y", "-f", str(tmp_path / "converted")).split()[:2] == key.public_key.split()[:2]


@needs_ssh_keygen
@pytest.mark.parametrize("key_type,bits", [("ed25519", None), ("rsa", "1024"), ("rsa", "3072"), ("rsa", "4096")])
def test_import_of_keys_made_by_ssh_keygen(cloud, tmp_path, key_type, bits):
    path = tmp_path / "id"
    args = ["ssh-keygen", "-q", "-t", key_type, "-N", "", "-C", "me@laptop", "-f", str(path)]
    if bits:
        args[4:4] = ["-b", bits]
    run(*args)
    pub = (tmp_path / "id.pub").read_bytes()
    key = cloud.import_key_pair("mine", pub)
    assert key.key_type == key_type
    if key_type == "ed25519":
        assert "SHA256:" + key.fingerprint.rstrip("=") == run("ssh-keygen", "-l", "-f", str(path)).split()[1]
    # The RFC 4716 form of the same key gives the same fingerprint.
    rfc = run("ssh-keygen", "-e", "-f", str(tmp_path / "id.pub"))
    assert cloud.import_key_pair("mine-rfc4716", rfc).fingerprint == key.fingerprint


def test_key_pair_objects(cloud, tmp_path):
    key = cloud.create_key_pair("web-key", key_type="ed25519", tags={"env": "lab"})
    assert [k.name for k in cloud.key_pairs()] == ["web-key"]
    html = key._repr_html_()
    assert "web-key" in html and key.fingerprint in html
    # save() twice overwrites (the file is read-only in between).
    key.save(tmp_path / "k.pem")
    key.save(tmp_path / "k.pem")
    inst = cloud.run_instance("al2023", KeyName=key.name)
    assert inst.describe()["KeyName"] == "web-key"
    key.delete()
    assert cloud.key_pairs() == []
    with pytest.raises(ec2lab.ClientError) as e:
        cloud.run_instance("al2023", KeyName="web-key")
    assert e.value.response["Error"]["Code"] == "InvalidKeyPair.NotFound"


def test_same_seed_same_keys():
    a = ec2lab.Cloud(seed=3).create_key_pair("k", key_type="ed25519")
    b = ec2lab.Cloud(seed=3).create_key_pair("k", key_type="ed25519")
    assert (a.id, a.fingerprint, a.material) == (b.id, b.fingerprint, b.material)
