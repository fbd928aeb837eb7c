//! The guest view and the performance model: files on real blocks, the instance store vs EBS
//! story of the course notes, refusals, I/O numbers, and memory that follows data written.
use base64::Engine;
use ec2lab::{ApiError, Cloud};
use serde_json::{json, Value};

const R: &str = "us-east-1";

fn call(c: &mut Cloud, op: &str, p: Value) -> Result<Value, ApiError> {
    c.call("ec2", R, op, p)
}

fn lab(c: &mut Cloud, op: &str, p: Value) -> Result<Value, ApiError> {
    c.call("ec2lab", R, op, p)
}

fn launch(c: &mut Cloud, name: &str, itype: &str) -> String {
    let img =
        call(c, "DescribeImages", json!({"Filters": [{"Name": "name", "Values": [name]}]})).unwrap()["Images"][0]["ImageId"].as_str().unwrap().to_string();
    let i =
        call(c, "RunInstances", json!({"ImageId": img, "InstanceType": itype, "MinCount": 1, "MaxCount": 1, "Placement": {"AvailabilityZone": "us-east-1a"}}))
            .unwrap()["Instances"][0]["InstanceId"]
            .as_str()
            .unwrap()
            .to_string();
    c.advance(300_000);
    i
}

fn write(c: &mut Cloud, i: &str, path: &str, data: &[u8]) -> Result<Value, ApiError> {
    lab(c, "WriteFile", json!({"InstanceId": i, "Path": path, "Data": base64::engine::general_purpose::STANDARD.encode(data)}))
}

fn read(c: &mut Cloud, i: &str, path: &str) -> Result<Vec<u8>, ApiError> {
    lab(c, "ReadFile", json!({"InstanceId": i, "Path": path})).map(|r| base64::engine::general_purpose::STANDARD.decode(r["Data"].as_str().unwrap()).unwrap())
}

fn names(c: &mut Cloud, i: &str, path: &str) -> Vec<String> {
    lab(c, "ListDir", json!({"InstanceId": i, "Path": path})).unwrap()["Entries"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["Name"].as_str().unwrap().to_string())
        .collect()
}

fn stop_start(c: &mut Cloud, i: &str) {
    call(c, "StopInstances", json!({"InstanceIds": [i]})).unwrap();
    c.advance(200_000);
    call(c, "StartInstances", json!({"InstanceIds": [i]})).unwrap();
    c.advance(200_000);
}

#[test]
fn the_root_volume_holds_the_images_file_system() {
    let mut c = Cloud::new(0);
    let i = launch(&mut c, "al2023-ami-2023.6*-x86_64", "t3.micro");
    let os = String::from_utf8(read(&mut c, &i, "/etc/os-release").unwrap()).unwrap();
    assert!(os.contains("IMAGE_NAME=\"al2023-ami-2023.6.20241212.0-kernel-6.1-x86_64\""), "{os}");
    write(&mut c, &i, "/home/ec2-user/notes.txt", b"hello").unwrap();
    assert_eq!(names(&mut c, &i, "/"), vec!["etc", "home"]);
    let l = lab(&mut c, "ListDir", json!({"InstanceId": i, "Path": "/home/ec2-user"})).unwrap();
    insta::assert_json_snapshot!("list_dir", l);
    let d = lab(&mut c, "ListDevices", json!({"InstanceId": i})).unwrap();
    assert_eq!(d["Devices"][0]["MountPath"], "/");
    assert_eq!(d["Devices"].as_array().unwrap().len(), 1, "t3.micro has no instance store");
}

#[test]
fn instance_store_is_erased_on_stop_and_ebs_is_kept() {
    let mut c = Cloud::new(0);
    let i = launch(&mut c, "al2023-ami-2023.6*-x86_64", "m5d.large");
    let devices = lab(&mut c, "ListDevices", json!({"InstanceId": i})).unwrap();
    insta::assert_json_snapshot!("m5d_devices", devices);
    lab(&mut c, "Mount", json!({"InstanceId": i, "DeviceName": "ephemeral0", "Path": "/scratch"})).unwrap();
    write(&mut c, &i, "/scratch/tmp.txt", b"fast but temporary").unwrap();
    write(&mut c, &i, "/home/ec2-user/keep.txt", b"persistent").unwrap();
    // Reboot keeps both.
    call(&mut c, "RebootInstances", json!({"InstanceIds": [i]})).unwrap();
    c.advance(120_000);
    assert_eq!(read(&mut c, &i, "/scratch/tmp.txt").unwrap(), b"fast but temporary");
    // Stop and start: the instance store comes back blank, EBS keeps its files.
    stop_start(&mut c, &i);
    assert_eq!(read(&mut c, &i, "/scratch/tmp.txt").unwrap_err().code, "InvalidParameterValue");
    assert!(names(&mut c, &i, "/scratch").is_empty());
    assert_eq!(read(&mut c, &i, "/home/ec2-user/keep.txt").unwrap(), b"persistent");
}

#[test]
fn guest_refusals() {
    let mut c = Cloud::new(0);
    let i = launch(&mut c, "al2023-ami-2023.6*-x86_64", "t3.micro");
    let before = format!("{:?}", c.world);
    let e = lab(&mut c, "Mount", json!({"InstanceId": i, "DeviceName": "ephemeral0", "Path": "/scratch"})).unwrap_err();
    assert!(e.hint_en.contains("no instance store") && !e.hint_ko.is_empty(), "{}", e.hint_en);
    assert_eq!(lab(&mut c, "Mount", json!({"InstanceId": i, "DeviceName": "/dev/xvda", "Path": "/"})).unwrap_err().code, "InvalidParameterValue");
    assert_eq!(write(&mut c, &i, "relative.txt", b"x").unwrap_err().code, "InvalidParameterValue");
    assert_eq!(lab(&mut c, "WriteFile", json!({"InstanceId": i, "Path": "/x", "Data": "%%%"})).unwrap_err().code, "InvalidParameterValue");
    assert_eq!(write(&mut c, &i, "/etc/os-release/x", b"x").unwrap_err().code, "InvalidParameterValue");
    assert_eq!(read(&mut c, &i, "/etc").unwrap_err().code, "InvalidParameterValue");
    assert_eq!(format!("{:?}", c.world), before);
    // Beyond the volume's size.
    let v = call(&mut c, "CreateVolume", json!({"AvailabilityZone": "us-east-1a", "Size": 1})).unwrap()["VolumeId"].as_str().unwrap().to_string();
    c.advance(10_000);
    call(&mut c, "AttachVolume", json!({"VolumeId": v, "InstanceId": i, "Device": "/dev/sdf"})).unwrap();
    assert_eq!(
        lab(&mut c, "Mount", json!({"InstanceId": i, "DeviceName": "/dev/sdf", "Path": "/data"})).unwrap_err().code,
        "IncorrectState",
        "still attaching"
    );
    c.advance(10_000);
    lab(&mut c, "Mount", json!({"InstanceId": i, "DeviceName": "/dev/sdf", "Path": "/data"})).unwrap();
    let before = format!("{:?}", c.world);
    // 1 GiB does not fit on a 1 GiB volume (block 0 holds the file system's table). Zeros keep
    // the test cheap; the refusal comes before any block is written.
    let e = ec2lab::storage::write_file(&mut c.world, R, &i, "/data/too-big.bin", &vec![0u8; 1024 * 1024 * 1024]).unwrap_err();
    assert_eq!(e.code, "InsufficientSpace");
    assert!(!e.hint_ko.is_empty());
    assert_eq!(format!("{:?}", c.world), before);
    // A stopped instance has no OS to write with.
    call(&mut c, "StopInstances", json!({"InstanceIds": [i]})).unwrap();
    let e = write(&mut c, &i, "/data/x", b"x").unwrap_err();
    assert_eq!(e.code, "IncorrectInstanceState");
    c.advance(200_000);
    // Detached while stopped: the mount goes with it.
    call(&mut c, "DetachVolume", json!({"VolumeId": v})).unwrap();
    c.advance(20_000);
    call(&mut c, "StartInstances", json!({"InstanceIds": [i]})).unwrap();
    c.advance(200_000);
    write(&mut c, &i, "/data/x", b"now on the root volume").unwrap();
}

#[test]
fn a_volume_moves_to_another_instance_with_its_files() {
    let mut c = Cloud::new(0);
    let a = launch(&mut c, "al2023-ami-2023.6*-x86_64", "t3.micro");
    let b = launch(&mut c, "al2023-ami-2023.6*-x86_64", "t3.micro");
    let v = call(&mut c, "CreateVolume", json!({"AvailabilityZone": "us-east-1a", "Size": 2})).unwrap()["VolumeId"].as_str().unwrap().to_string();
    c.advance(10_000);
    call(&mut c, "AttachVolume", json!({"VolumeId": v, "InstanceId": a, "Device": "/dev/sdf"})).unwrap();
    c.advance(10_000);
    lab(&mut c, "Mount", json!({"InstanceId": a, "DeviceName": "/dev/sdf", "Path": "/data"})).unwrap();
    write(&mut c, &a, "/data/report.csv", b"a,b\n1,2\n").unwrap();
    call(&mut c, "DetachVolume", json!({"VolumeId": v})).unwrap();
    c.advance(20_000);
    call(&mut c, "AttachVolume", json!({"VolumeId": v, "InstanceId": b, "Device": "/dev/sdg"})).unwrap();
    c.advance(10_000);
    lab(&mut c, "Mount", json!({"InstanceId": b, "DeviceName": "/dev/sdg", "Path": "/mnt/moved"})).unwrap();
    assert_eq!(read(&mut c, &b, "/mnt/moved/report.csv").unwrap(), b"a,b\n1,2\n");
}

#[test]
fn instance_store_backed_instances_boot_from_a_local_root() {
    let mut c = Cloud::new(0);
    let i = launch(&mut c, "amzn-ami-hvm-2018.03*-s3", "m3.medium");
    let os = String::from_utf8(read(&mut c, &i, "/etc/os-release").unwrap()).unwrap();
    assert!(os.contains("2018.03"), "{os}");
    let d = call(&mut c, "DescribeInstances", json!({"InstanceIds": [i]})).unwrap();
    assert_eq!(d["Reservations"][0]["Instances"][0]["BlockDeviceMappings"], json!([]), "no EBS volumes");
    assert_eq!(call(&mut c, "StopInstances", json!({"InstanceIds": [i]})).unwrap_err().code, "UnsupportedOperation");
    let devs = lab(&mut c, "ListDevices", json!({"InstanceId": i})).unwrap();
    assert!(devs["Devices"].as_array().unwrap().iter().all(|d| d["Kind"] == "instance-store"));
}

fn io(c: &mut Cloud, i: &str, target: &str, size: u64, pattern: &str) -> Value {
    lab(c, "IoTest", json!({"InstanceId": i, "Target": target, "SizeBytes": size, "Pattern": pattern})).unwrap()
}

#[test]
fn instance_store_is_much_faster_than_ebs_and_time_advances() {
    let mut c = Cloud::new(0);
    let i = launch(&mut c, "al2023-ami-2023.6*-x86_64", "m5d.large");
    let store = io(&mut c, &i, "ephemeral0", 1 << 30, "randread");
    let t0 = c.now();
    let ebs = io(&mut c, &i, "/dev/xvda", 256 << 20, "randwrite");
    assert!(store["Iops"].as_f64().unwrap() > 10.0 * ebs["Iops"].as_f64().unwrap(), "{store} vs {ebs}");
    assert!(store["LatencyMs"].as_f64().unwrap() < ebs["LatencyMs"].as_f64().unwrap());
    assert_eq!(ebs["BoundBy"], "volume-iops");
    // gp3's 3,000 IOPS (a hair less: the root's first blocks load lazily from the AMI's snapshot).
    assert!((2950.0..=3000.0).contains(&ebs["Iops"].as_f64().unwrap()), "{ebs}");
    let secs = ebs["Seconds"].as_f64().unwrap();
    assert!((c.now() - t0) as f64 >= secs * 1000.0, "virtual time moved by the job's duration");
    // Sequential I/O on gp3 is bound by its 125 MiB/s.
    let seq = io(&mut c, &i, "/dev/xvda", 1 << 30, "seqwrite");
    assert_eq!(seq["BoundBy"], "volume-throughput");
    assert!((seq["ThroughputMiBps"].as_f64().unwrap() - 125.0).abs() < 1.0, "{seq}");
    let e = lab(&mut c, "IoTest", json!({"InstanceId": i, "Target": "/dev/xvda", "SizeBytes": 1, "Pattern": "sideways"})).unwrap_err();
    assert_eq!(e.code, "InvalidParameterValue");
}

#[test]
fn gp2_bursts_until_its_credits_run_out() {
    let mut c = Cloud::new(0);
    let i = launch(&mut c, "al2023-ami-2023.6*-x86_64", "m5.large");
    let v = call(&mut c, "CreateVolume", json!({"AvailabilityZone": "us-east-1a", "Size": 100, "VolumeType": "gp2"})).unwrap()["VolumeId"]
        .as_str()
        .unwrap()
        .to_string();
    c.advance(10_000);
    call(&mut c, "AttachVolume", json!({"VolumeId": v, "InstanceId": i, "Device": "/dev/sdf"})).unwrap();
    c.advance(10_000);
    let short = io(&mut c, &i, "/dev/sdf", 64 << 20, "randread");
    assert_eq!(short["Iops"].as_f64().unwrap().round(), 3000.0, "bursting: {short}");
    // 100 GiB: baseline 300 IOPS, 5.4 M credits last 2,000 s at 3,000 IOPS; a long job outlasts them.
    let long = io(&mut c, &i, "/dev/sdf", 40 << 30, "randread");
    assert_eq!(long["BoundBy"], "gp2-burst-credits");
    assert!(long["Iops"].as_f64().unwrap() < 1500.0, "{long}");
    assert_eq!(long["BurstBalance"], 0.0);
}

#[test]
fn a_restored_volume_is_slow_on_first_read_then_fast() {
    let mut c = Cloud::new(0);
    let i = launch(&mut c, "al2023-ami-2023.6*-x86_64", "m5.large");
    let v = call(&mut c, "CreateVolume", json!({"AvailabilityZone": "us-east-1a", "Size": 1, "VolumeType": "gp3"})).unwrap()["VolumeId"]
        .as_str()
        .unwrap()
        .to_string();
    c.advance(10_000);
    call(&mut c, "AttachVolume", json!({"VolumeId": v, "InstanceId": i, "Device": "/dev/sdf"})).unwrap();
    c.advance(10_000);
    lab(&mut c, "Mount", json!({"InstanceId": i, "DeviceName": "/dev/sdf", "Path": "/data"})).unwrap();
    write(&mut c, &i, "/data/big.bin", &vec![9u8; 100 << 20]).unwrap();
    let s = call(&mut c, "CreateSnapshot", json!({"VolumeId": v})).unwrap()["SnapshotId"].as_str().unwrap().to_string();
    c.advance(600_000);
    let r = call(&mut c, "CreateVolume", json!({"AvailabilityZone": "us-east-1a", "SnapshotId": s, "VolumeType": "gp3"})).unwrap()["VolumeId"]
        .as_str()
        .unwrap()
        .to_string();
    c.advance(10_000);
    call(&mut c, "AttachVolume", json!({"VolumeId": r, "InstanceId": i, "Device": "/dev/sdg"})).unwrap();
    c.advance(10_000);
    let first = io(&mut c, &i, "/dev/sdg", 128 << 20, "seqread");
    let again = io(&mut c, &i, "/dev/sdg", 128 << 20, "seqread");
    assert_eq!(first["LazyLoadedBlocks"], 201, "100 MiB of data + the table");
    assert_eq!(first["BoundBy"], "lazy-loading");
    assert_eq!(again["LazyLoadedBlocks"], 0);
    assert!(first["Seconds"].as_f64().unwrap() > 2.0 * again["Seconds"].as_f64().unwrap(), "{first} vs {again}");
}

#[test]
fn a_16_tib_volume_with_1_mib_written_uses_about_1_mib() {
    let mut c = Cloud::new(0);
    let i = launch(&mut c, "al2023-ami-2023.6*-x86_64", "m5.large");
    let v = call(&mut c, "CreateVolume", json!({"AvailabilityZone": "us-east-1a", "Size": 16384, "VolumeType": "gp3"})).unwrap()["VolumeId"]
        .as_str()
        .unwrap()
        .to_string();
    c.advance(10_000);
    call(&mut c, "AttachVolume", json!({"VolumeId": v, "InstanceId": i, "Device": "/dev/sdf"})).unwrap();
    c.advance(10_000);
    lab(&mut c, "Mount", json!({"InstanceId": i, "DeviceName": "/dev/sdf", "Path": "/big"})).unwrap();
    let data: Vec<u8> = (0..1024 * 1024).map(|k| (k % 253) as u8 + 1).collect();
    write(&mut c, &i, "/big/one-mib.bin", &data).unwrap();
    let mem = c.world.regions[R].storage.volumes[&v].data.blocks.memory();
    assert!((1024 * 1024..1024 * 1024 + 4096).contains(&mem), "{mem} bytes for a 16 TiB volume");
    assert_eq!(read(&mut c, &i, "/big/one-mib.bin").unwrap(), data);
    // Snapshotting it costs the same two blocks, not the volume's size.
    let s = call(&mut c, "CreateSnapshot", json!({"VolumeId": v})).unwrap()["SnapshotId"].as_str().unwrap().to_string();
    assert_eq!(c.world.regions[R].storage.snapshots[&s].stored.len(), 3);
}

#[test]
fn a_custom_ami_launches_only_once_its_snapshots_are_complete_then_with_its_files() {
    let mut c = Cloud::new(0);
    let i = launch(&mut c, "al2023-ami-2023.6*-x86_64", "t3.micro");
    write(&mut c, &i, "/var/www/index.html", b"<h1>hello</h1>").unwrap();
    let ami = call(&mut c, "CreateImage", json!({"InstanceId": i, "Name": "web-v1", "NoReboot": true})).unwrap()["ImageId"].as_str().unwrap().to_string();
    let run = |c: &mut Cloud| call(c, "RunInstances", json!({"ImageId": ami, "InstanceType": "t3.micro", "MinCount": 1, "MaxCount": 1}));
    assert_eq!(run(&mut c).unwrap_err().code, "InvalidAMIID.Unavailable");
    c.advance(600_000);
    let j = run(&mut c).unwrap()["Instances"][0]["InstanceId"].as_str().unwrap().to_string();
    c.advance(120_000);
    assert_eq!(read(&mut c, &j, "/var/www/index.html").unwrap(), b"<h1>hello</h1>");
}
