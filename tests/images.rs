//! The public AMI catalog and DescribeImages, through the door.
use ec2lab::images::{BlockDeviceMapping, EbsMapping, Image};
use ec2lab::Cloud;
use serde_json::{json, Value};

const REGIONS: [&str; 4] = ["us-east-1", "us-west-2", "eu-west-1", "ap-northeast-2"];
const AL2023_X86: &str = "al2023-ami-2023.6.20241212.0-kernel-6.1-x86_64";
const AL2023_OLD: &str = "al2023-ami-2023.4.20240528.0-kernel-6.1-x86_64";
const INSTANCE_STORE: &str = "amzn-ami-hvm-2018.03.0.20231218.0-x86_64-s3";
const MARKETPLACE: &str = "bitnami-wordpress-6.7.1-r04-linux-debian-12-x86_64-hvm-ebs-nami";
const ME: &str = "123456789012";

fn describe(c: &mut Cloud, region: &str, params: Value) -> Value {
    c.call("ec2", region, "DescribeImages", params).unwrap()
}

fn images(c: &mut Cloud, params: Value) -> Vec<Value> {
    describe(c, "us-east-1", params)["Images"].as_array().unwrap().clone()
}

fn names(c: &mut Cloud, params: Value) -> Vec<String> {
    let mut n: Vec<String> = images(c, params).iter().map(|i| i["Name"].as_str().unwrap().to_string()).collect();
    n.sort();
    n
}

fn id_of(c: &mut Cloud, region: &str, name: &str) -> String {
    let r = describe(c, region, json!({"Filters": [{"Name": "name", "Values": [name]}], "IncludeDeprecated": true}));
    r["Images"][0]["ImageId"].as_str().unwrap_or_else(|| panic!("{name} missing in {region}")).to_string()
}

fn err(c: &mut Cloud, params: Value) -> ec2lab::ApiError {
    c.call("ec2", "us-east-1", "DescribeImages", params).unwrap_err()
}

/// A private image of ours (or of `owner`), put straight into the world as CreateImage will.
fn add_image(c: &mut Cloud, id: &str, name: &str, owner: &str, edit: impl FnOnce(&mut Image)) {
    let mut img = Image {
        id: id.into(),
        name: name.into(),
        description: String::new(),
        owner_id: owner.into(),
        architecture: "x86_64".into(),
        root_device_type: "ebs".into(),
        root_device_name: "/dev/xvda".into(),
        virtualization_type: "hvm".into(),
        platform_details: "Linux/UNIX".into(),
        usage_operation: "RunInstances".into(),
        block_device_mappings: vec![BlockDeviceMapping {
            device_name: "/dev/xvda".into(),
            ebs: Some(EbsMapping {
                snapshot_id: Some("snap-0aaaaaaaaaaaaaaaa".into()),
                volume_size_gib: 8,
                volume_type: "gp3".into(),
                delete_on_termination: true,
                ..Default::default()
            }),
            virtual_name: None,
        }],
        state: "available".into(),
        creation_date: "2025-01-06T09:00:00.000Z".into(),
        hypervisor: "xen".into(),
        image_location: format!("{owner}/{name}"),
        ..Default::default()
    };
    edit(&mut img);
    c.world.regions.get_mut("us-east-1").unwrap().images.images.insert(id.into(), img);
}

#[test]
fn every_region_has_the_catalog_with_its_own_ids_the_same_for_every_seed() {
    let mut a = Cloud::new(0);
    let mut b = Cloud::new(987_654_321);
    let mut by_region = Vec::new();
    for region in REGIONS {
        let all = describe(&mut a, region, json!({"IncludeDeprecated": true}));
        let ids: Vec<&str> = all["Images"].as_array().unwrap().iter().map(|i| i["ImageId"].as_str().unwrap()).collect();
        assert_eq!(ids.len(), 13, "{region}");
        assert_eq!(all, describe(&mut b, region, json!({"IncludeDeprecated": true})), "{region}: ids depend on the seed");
        by_region.push(id_of(&mut a, region, AL2023_X86));
    }
    let mut distinct = by_region.clone();
    distinct.sort();
    distinct.dedup();
    assert_eq!(distinct.len(), 4, "the same image must have a different id in every region: {by_region:?}");
    // An id from one region is unknown in another.
    let e = a.call("ec2", "us-west-2", "DescribeImages", json!({"ImageIds": [by_region[0]]})).unwrap_err();
    assert_eq!(e.code, "InvalidAMIID.NotFound");
}

#[test]
fn the_catalog_lists_the_quick_start_images() {
    let mut c = Cloud::new(0);
    assert_eq!(
        names(&mut c, json!({})),
        vec![
            "RHEL-9.5.0_HVM-20241211-x86_64-0-Hourly2-GP3",
            "Windows_Server-2022-English-Full-Base-2024.12.13",
            "al2023-ami-2023.6.20241212.0-kernel-6.1-arm64",
            AL2023_X86,
            "amzn-ami-hvm-2018.03.0.20231218.0-x86_64-s3",
            "amzn2-ami-kernel-5.10-hvm-2.0.20241217.0-arm64-gp2",
            "amzn2-ami-kernel-5.10-hvm-2.0.20241217.0-x86_64-gp2",
            MARKETPLACE,
            "ubuntu/images/hvm-ssd-gp3/ubuntu-noble-24.04-amd64-server-20241218",
            "ubuntu/images/hvm-ssd-gp3/ubuntu-noble-24.04-arm64-server-20241218",
            "ubuntu/images/hvm-ssd/ubuntu-jammy-22.04-amd64-server-20241120",
            "ubuntu/images/hvm-ssd/ubuntu-jammy-22.04-arm64-server-20241120",
        ]
    );
}

#[test]
fn results_are_sorted_by_image_id() {
    let mut c = Cloud::new(0);
    let ids: Vec<String> = images(&mut c, json!({})).iter().map(|i| i["ImageId"].as_str().unwrap().to_string()).collect();
    let mut sorted = ids.clone();
    sorted.sort();
    assert_eq!(ids, sorted);
}

#[test]
fn one_al2023_image_has_aws_shape() {
    let mut c = Cloud::new(0);
    let r = describe(&mut c, "us-east-1", json!({"Filters": [{"Name": "name", "Values": [AL2023_X86]}]}));
    insta::assert_json_snapshot!("al2023_x86_64_us_east_1", r);
}

#[test]
fn windows_rhel_ubuntu_and_al2_carry_their_billing_and_devices() {
    let mut c = Cloud::new(0);
    let win = &images(&mut c, json!({"Filters": [{"Name": "platform", "Values": ["windows"]}]}))[0];
    assert_eq!(win["Platform"], "windows");
    assert_eq!(win["PlatformDetails"], "Windows");
    assert_eq!(win["UsageOperation"], "RunInstances:0002");
    assert_eq!(win["OwnerId"], "801119661308");
    assert_eq!(win["RootDeviceName"], "/dev/sda1");
    assert_eq!(win["BlockDeviceMappings"][0]["Ebs"]["VolumeSize"], 30);

    let rhel = &images(&mut c, json!({"Owners": ["309956199498"]}))[0];
    assert_eq!(rhel["PlatformDetails"], "Red Hat Enterprise Linux");
    assert_eq!(rhel["UsageOperation"], "RunInstances:0010");
    assert!(rhel.get("Platform").is_none());

    let noble = &images(&mut c, json!({"Filters": [{"Name": "name", "Values": ["*noble*amd64*"]}]}))[0];
    assert_eq!(noble["OwnerId"], "099720109477");
    assert_eq!(noble["BlockDeviceMappings"][0]["Ebs"]["VolumeType"], "gp3");
    assert_eq!(noble["BlockDeviceMappings"][1], json!({"DeviceName": "/dev/sdb", "VirtualName": "ephemeral0"}));

    let al2 = &images(&mut c, json!({"Filters": [{"Name": "name", "Values": ["amzn2-ami-*-x86_64-gp2"]}]}))[0];
    assert_eq!(al2["BlockDeviceMappings"][0]["Ebs"]["VolumeType"], "gp2");
    assert!(al2["BlockDeviceMappings"][0]["Ebs"].get("Iops").is_none());
    assert!(al2.get("ImdsSupport").is_none());
}

#[test]
fn owners_take_aliases_self_and_account_ids() {
    let mut c = Cloud::new(0);
    let amazon = names(&mut c, json!({"Owners": ["amazon"]}));
    assert_eq!(amazon.len(), 11);
    assert!(!amazon.contains(&MARKETPLACE.to_string()));
    assert_eq!(names(&mut c, json!({"Owners": ["aws-marketplace"]})), vec![MARKETPLACE]);
    assert_eq!(names(&mut c, json!({"Owners": ["099720109477"]})).len(), 4);
    assert_eq!(names(&mut c, json!({"Owners": ["aws-marketplace", "801119661308"]})).len(), 2);
    assert!(names(&mut c, json!({"Owners": ["self"]})).is_empty());
    assert!(names(&mut c, json!({"Owners": ["aws-backup-vault"]})).is_empty());

    add_image(&mut c, "ami-0000000000000000a", "my-web-server", ME, |_| {});
    assert_eq!(names(&mut c, json!({"Owners": ["self"]})), vec!["my-web-server"]);
    assert_eq!(names(&mut c, json!({"Owners": [ME]})), vec!["my-web-server"]);

    let e = err(&mut c, json!({"Owners": ["bogus"]}));
    assert_eq!(e.code, "InvalidUserID.Malformed");
    assert_eq!(e.message, "User ID 'bogus' is invalid");
}

#[test]
fn executable_users_scope_by_launch_permission() {
    let mut c = Cloud::new(0);
    add_image(&mut c, "ami-0000000000000000a", "mine-private", ME, |_| {});
    add_image(&mut c, "ami-0000000000000000b", "mine-shared", ME, |i| i.launch_permissions = vec!["210987654321".into()]);
    add_image(&mut c, "ami-0000000000000000c", "shared-with-me", "210987654321", |i| i.launch_permissions = vec![ME.into()]);
    add_image(&mut c, "ami-0000000000000000d", "someone-elses", "210987654321", |_| {});

    let everything = names(&mut c, json!({}));
    assert_eq!(everything.len(), 12 + 3, "someone else's private image is invisible");
    assert!(!everything.contains(&"someone-elses".to_string()));
    assert_eq!(names(&mut c, json!({"ExecutableUsers": ["all"]})).len(), 12);
    assert_eq!(names(&mut c, json!({"ExecutableUsers": ["self"]})), vec!["shared-with-me"]);
    assert_eq!(names(&mut c, json!({"ExecutableUsers": [ME]})), vec!["shared-with-me"]);
    assert_eq!(names(&mut c, json!({"ExecutableUsers": ["210987654321"]})), vec!["mine-shared"]);
    // Owners and ExecutableUsers intersect.
    assert!(names(&mut c, json!({"ExecutableUsers": ["all"], "Owners": ["self"]})).is_empty());
    assert_eq!(err(&mut c, json!({"ExecutableUsers": ["everyone"]})).code, "InvalidUserID.Malformed");
    // Someone else's private image does not exist, as far as we can tell.
    assert_eq!(err(&mut c, json!({"ImageIds": ["ami-0000000000000000d"]})).code, "InvalidAMIID.NotFound");
}

#[test]
fn name_wildcards_select_amazon_linux_2023() {
    let mut c = Cloud::new(0);
    let f = json!([{"Name": "name", "Values": ["al2023-ami-2023*-x86_64"]}]);
    assert_eq!(names(&mut c, json!({"Filters": f})), vec![AL2023_X86]);
    assert_eq!(names(&mut c, json!({"Filters": f, "IncludeDeprecated": true})), vec![AL2023_OLD, AL2023_X86]);
    assert_eq!(names(&mut c, json!({"Filters": [{"Name": "name", "Values": ["al2023-ami-2023.?.20241212.0-kernel-6.1-*"]}]})).len(), 2);
    // Wildcards are case-sensitive, as on AWS.
    assert!(names(&mut c, json!({"Filters": [{"Name": "name", "Values": ["AL2023*"]}]})).is_empty());
}

#[test]
fn deprecated_images_hide_unless_asked_for() {
    let mut c = Cloud::new(0);
    assert!(!names(&mut c, json!({})).contains(&AL2023_OLD.to_string()));
    let old = id_of(&mut c, "us-east-1", AL2023_OLD);
    let by_id = images(&mut c, json!({"ImageIds": [old]}));
    assert_eq!(by_id[0]["DeprecationTime"], "2024-08-22T03:28:00.000Z");
    assert_eq!(names(&mut c, json!({"IncludeDeprecated": true})).len(), 13);
    // An owner always sees their own deprecated images.
    add_image(&mut c, "ami-0000000000000000a", "mine-old", ME, |i| i.deprecation_time = Some("2025-01-01T00:00:00.000Z".into()));
    assert_eq!(names(&mut c, json!({"Owners": ["self"]})), vec!["mine-old"]);
    // Deprecation follows the virtual clock: the current AL2023 release is deprecated on 2025-03-12.
    c.advance(70 * 86_400_000);
    assert!(!names(&mut c, json!({})).contains(&AL2023_X86.to_string()));
}

#[test]
fn disabled_and_deregistered_images_are_not_listed() {
    let mut c = Cloud::new(0);
    add_image(&mut c, "ami-0000000000000000a", "mine-disabled", ME, |i| i.state = "disabled".into());
    add_image(&mut c, "ami-0000000000000000b", "mine-gone", ME, |i| i.state = "deregistered".into());
    assert!(names(&mut c, json!({"Owners": ["self"]})).is_empty());
    assert_eq!(names(&mut c, json!({"Owners": ["self"], "IncludeDisabled": true})), vec!["mine-disabled"]);
    assert_eq!(err(&mut c, json!({"ImageIds": ["ami-0000000000000000b"]})).code, "InvalidAMIID.NotFound");
}

#[test]
fn root_device_type_instance_store_finds_the_s3_backed_image() {
    let mut c = Cloud::new(0);
    let found = images(&mut c, json!({"Filters": [{"Name": "root-device-type", "Values": ["instance-store"]}]}));
    assert_eq!(found.len(), 1);
    let i = &found[0];
    assert_eq!(i["Name"], INSTANCE_STORE);
    assert_eq!(i["RootDeviceName"], "/dev/sda1");
    assert_eq!(i["ImageLocation"], "amzn-ami-us-east-1/amzn-ami-hvm-2018.03.0.20231218.0-x86_64.manifest.xml");
    assert_eq!(i["BlockDeviceMappings"], json!([{"DeviceName": "/dev/sdb", "VirtualName": "ephemeral0"}]));
    let west = describe(&mut c, "eu-west-1", json!({"Filters": [{"Name": "root-device-type", "Values": ["instance-store"]}]}));
    assert_eq!(west["Images"][0]["ImageLocation"], "amzn-ami-eu-west-1/amzn-ami-hvm-2018.03.0.20231218.0-x86_64.manifest.xml");
    assert_eq!(names(&mut c, json!({"Filters": [{"Name": "root-device-type", "Values": ["ebs"]}]})).len(), 11);
}

#[test]
fn product_code_filters_find_the_marketplace_image() {
    let mut c = Cloud::new(0);
    let m = &images(&mut c, json!({"Filters": [{"Name": "product-code.type", "Values": ["marketplace"]}]}))[0];
    assert_eq!(m["Name"], MARKETPLACE);
    assert_eq!(m["ImageOwnerAlias"], "aws-marketplace");
    assert_eq!(m["OwnerId"], "679593333241");
    let code = m["ProductCodes"][0]["ProductCodeId"].as_str().unwrap().to_string();
    assert_eq!(m["ProductCodes"][0]["ProductCodeType"], "marketplace");
    assert_eq!(code.len(), 25);
    assert_eq!(names(&mut c, json!({"Filters": [{"Name": "product-code", "Values": [code]}]})), vec![MARKETPLACE]);
    // Images without product codes do not carry the member at all.
    let al = &images(&mut c, json!({"Filters": [{"Name": "name", "Values": [AL2023_X86]}]}))[0];
    assert!(al.get("ProductCodes").is_none());
}

#[test]
fn every_documented_filter_answers() {
    let mut c = Cloud::new(0);
    let al = images(&mut c, json!({"Filters": [{"Name": "name", "Values": [AL2023_X86]}]}))[0].clone();
    let snap = al["BlockDeviceMappings"][0]["Ebs"]["SnapshotId"].as_str().unwrap().to_string();
    let id = al["ImageId"].as_str().unwrap().to_string();
    let count = |c: &mut Cloud, name: &str, value: &str| images(c, json!({"Filters": [{"Name": name, "Values": [value]}]})).len();
    let cases: &[(&str, &str, usize)] = &[
        ("architecture", "arm64", 4),
        ("architecture", "x86_64", 8),
        ("block-device-mapping.device-name", "/dev/sdb", 5),
        ("block-device-mapping.snapshot-id", &snap, 1),
        ("block-device-mapping.volume-size", "30", 1),
        ("block-device-mapping.volume-type", "gp2", 5),
        ("block-device-mapping.volume-type", "gp3", 6),
        ("block-device-mapping.delete-on-termination", "true", 11),
        ("block-device-mapping.encrypted", "false", 11),
        ("boot-mode", "uefi", 4),
        ("boot-mode", "uefi-preferred", 3),
        ("creation-date", "2024-12-12T*", 2),
        ("description", "Canonical, Ubuntu*", 4),
        ("ena-support", "true", 12),
        ("free-tier-eligible", "false", 2),
        ("hypervisor", "xen", 12),
        ("image-id", &id, 1),
        ("image-type", "machine", 12),
        ("is-public", "true", 12),
        ("is-public", "false", 0),
        ("manifest-location", "amazon/al2023-*", 2),
        ("owner-alias", "amazon", 11),
        ("owner-id", "137112412989", 5),
        ("platform", "windows", 1),
        ("platform-details", "Linux/UNIX", 10),
        ("product-code.type", "marketplace", 1),
        ("root-device-name", "/dev/sda1", 7),
        ("root-device-type", "instance-store", 1),
        ("sriov-net-support", "simple", 12),
        ("state", "available", 12),
        ("usage-operation", "RunInstances", 10),
        ("virtualization-type", "hvm", 12),
        ("virtualization-type", "paravirtual", 0),
        ("kernel-id", "*", 0),
        ("source-instance-id", "*", 0),
        ("source-image-id", "*", 0),
        ("source-image-region", "*", 0),
        ("ramdisk-id", "*", 0),
        ("state-reason-code", "*", 0),
        ("state-reason-message", "*", 0),
        ("image-allowed", "*", 0),
    ];
    for (name, value, want) in cases {
        assert_eq!(count(&mut c, name, value), *want, "filter {name}={value}");
    }
    // Filters AND together; the values of one filter OR.
    let both = json!({"Filters": [{"Name": "architecture", "Values": ["arm64"]}, {"Name": "owner-id", "Values": ["137112412989", "099720109477"]}]});
    assert_eq!(images(&mut c, both).len(), 4);
}

#[test]
fn tags_in_the_region_store_show_and_filter() {
    let mut c = Cloud::new(0);
    let id = id_of(&mut c, "us-east-1", AL2023_X86);
    c.world.regions.get_mut("us-east-1").unwrap().tags.set(&id, &[("Name".into(), "golden".into())]);
    let tagged = images(&mut c, json!({"Filters": [{"Name": "tag:Name", "Values": ["gold*"]}]}));
    assert_eq!(tagged.len(), 1);
    assert_eq!(tagged[0]["Tags"], json!([{"Key": "Name", "Value": "golden"}]));
    assert_eq!(images(&mut c, json!({"Filters": [{"Name": "tag-key", "Values": ["Name"]}]})).len(), 1);
    assert_eq!(images(&mut c, json!({"Filters": [{"Name": "tag-value", "Values": ["golden"]}]})).len(), 1);
    // Untagged images carry no Tags member.
    assert!(images(&mut c, json!({"Owners": ["aws-marketplace"]}))[0].get("Tags").is_none());
}

#[test]
fn malformed_and_unknown_ids_are_refused() {
    let mut c = Cloud::new(0);
    let e = err(&mut c, json!({"ImageIds": ["ami-nothex"]}));
    assert_eq!(e.code, "InvalidAMIID.Malformed");
    assert_eq!(e.message, "Invalid id: \"ami-nothex\" (expecting \"ami-...\")");
    assert_eq!(err(&mut c, json!({"ImageIds": ["i-0123456789abcdef0"]})).code, "InvalidAMIID.Malformed");
    let e = err(&mut c, json!({"ImageIds": ["ami-0123456789abcdef0"]}));
    assert_eq!(e.code, "InvalidAMIID.NotFound");
    assert_eq!(e.message, "The image id '[ami-0123456789abcdef0]' does not exist");
    // One bad id spoils the whole call.
    let good = id_of(&mut c, "us-east-1", AL2023_X86);
    assert_eq!(err(&mut c, json!({"ImageIds": [good, "ami-0123456789abcdef0"]})).code, "InvalidAMIID.NotFound");
}

#[test]
fn image_ids_select_exactly_those_images() {
    let mut c = Cloud::new(0);
    let a = id_of(&mut c, "us-east-1", AL2023_X86);
    let b = id_of(&mut c, "us-east-1", MARKETPLACE);
    let got: Vec<String> = images(&mut c, json!({"ImageIds": [a, b]})).iter().map(|i| i["ImageId"].as_str().unwrap().to_string()).collect();
    let mut want = vec![a.clone(), b.clone()];
    want.sort();
    assert_eq!(got, want);
    // ImageIds, Owners and Filters intersect.
    assert!(images(&mut c, json!({"ImageIds": [a], "Owners": ["aws-marketplace"]})).is_empty());
}

#[test]
fn unknown_filters_and_parameters_are_refused() {
    let mut c = Cloud::new(0);
    let e = err(&mut c, json!({"Filters": [{"Name": "colour", "Values": ["blue"]}]}));
    assert_eq!(e.code, "InvalidParameterValue");
    assert_eq!(e.message, "The filter 'colour' is invalid");
    // Even behind a filter that matches nothing.
    let e = err(&mut c, json!({"Filters": [{"Name": "name", "Values": ["nothing"]}, {"Name": "colour", "Values": ["blue"]}]}));
    assert_eq!(e.message, "The filter 'colour' is invalid");
    assert_eq!(err(&mut c, json!({"ImageId": "ami-0123456789abcdef0"})).code, "ParamValidation");
}

#[test]
fn pagination_walks_every_image_once() {
    let mut c = Cloud::new(0);
    let all: Vec<Value> = images(&mut c, json!({}));
    let mut seen = Vec::new();
    let mut token: Option<String> = None;
    let mut pages = 0;
    loop {
        let mut p = json!({"MaxResults": 5});
        if let Some(t) = &token {
            p["NextToken"] = json!(t);
        }
        let r = describe(&mut c, "us-east-1", p);
        seen.extend(r["Images"].as_array().unwrap().iter().cloned());
        pages += 1;
        match r.get("NextToken").and_then(Value::as_str) {
            Some(t) => token = Some(t.to_string()),
            None => break,
        }
    }
    assert_eq!(pages, 3);
    assert_eq!(seen, all);
    assert!(describe(&mut c, "us-east-1", json!({})).get("NextToken").is_none());
    assert_eq!(err(&mut c, json!({"MaxResults": 4})).code, "InvalidParameterValue");
    assert_eq!(err(&mut c, json!({"MaxResults": 1001})).code, "InvalidParameterValue");
    assert_eq!(err(&mut c, json!({"NextToken": "garbage"})).code, "InvalidParameterValue");
}

#[test]
fn created_and_copied_images_name_their_sources() {
    let mut c = Cloud::new(0);
    add_image(&mut c, "ami-0000000000000000a", "from-my-instance", ME, |i| i.source_instance_id = Some("i-0123456789abcdef0".into()));
    add_image(&mut c, "ami-0000000000000000b", "copied-from-seoul", ME, |i| {
        i.source_image_id = Some("ami-0fedcba9876543210".into());
        i.source_image_region = Some("ap-northeast-2".into());
    });
    let made = images(&mut c, json!({"Filters": [{"Name": "source-instance-id", "Values": ["i-0123456789abcdef0"]}]}));
    assert_eq!(made.len(), 1);
    assert_eq!(made[0]["SourceInstanceId"], "i-0123456789abcdef0");
    assert!(made[0].get("SourceImageId").is_none());
    let copied = images(&mut c, json!({"Filters": [{"Name": "source-image-region", "Values": ["ap-northeast-2"]}]}));
    assert_eq!(copied.len(), 1);
    assert_eq!(copied[0]["SourceImageId"], "ami-0fedcba9876543210");
    assert_eq!(copied[0]["SourceImageRegion"], "ap-northeast-2");
    assert_eq!(images(&mut c, json!({"Filters": [{"Name": "source-image-id", "Values": ["ami-0fedcba9876543210"]}]})).len(), 1);
}
