//! The instance type catalog through the door: DescribeInstanceTypes,
//! DescribeInstanceTypeOfferings and ec2lab's ExplainInstanceType.
use ec2lab::{ApiError, Cloud};
use serde_json::{json, Value};

fn call(region: &str, op: &str, params: Value) -> Result<Value, ApiError> {
    let service = if op == "ExplainInstanceType" { "ec2lab" } else { "ec2" };
    Cloud::new(0).call(service, region, op, params)
}

fn describe(params: Value) -> Value {
    call("us-east-1", "DescribeInstanceTypes", params).unwrap()
}

fn one(name: &str) -> Value {
    let r = describe(json!({"InstanceTypes": [name]}));
    assert_eq!(r["InstanceTypes"].as_array().unwrap().len(), 1);
    r["InstanceTypes"][0].clone()
}

fn names(r: &Value, list: &str) -> Vec<String> {
    r[list].as_array().unwrap().iter().map(|t| t["InstanceType"].as_str().unwrap().to_string()).collect()
}

fn filtered(filters: Value) -> Vec<String> {
    let mut out = Vec::new();
    let mut token: Option<String> = None;
    loop {
        let mut p = json!({"Filters": filters.clone()});
        if let Some(t) = &token {
            p["NextToken"] = json!(t);
        }
        let r = describe(p);
        out.extend(names(&r, "InstanceTypes"));
        match r.get("NextToken").and_then(Value::as_str) {
            Some(t) => token = Some(t.to_string()),
            None => return out,
        }
    }
}

// ---------------------------------------------------------------- DescribeInstanceTypes

#[test]
fn t2_micro_is_the_free_tier_burstable_xen_type() {
    let r = describe(json!({"InstanceTypes": ["t2.micro"]}));
    insta::assert_json_snapshot!("t2_micro", r);
    let t = &r["InstanceTypes"][0];
    assert_eq!(t["VCpuInfo"]["DefaultVCpus"], 1);
    assert_eq!(t["MemoryInfo"]["SizeInMiB"], 1024);
    assert_eq!(t["FreeTierEligible"], true);
    assert_eq!(t["BurstablePerformanceSupported"], true);
    assert_eq!(t["Hypervisor"], "xen");
    assert_eq!(t["CurrentGeneration"], true);
    assert!(r.get("NextToken").is_none());
}

#[test]
fn m5d_large_has_one_75_gb_nvme_disk() {
    let t = one("m5d.large");
    assert_eq!(t["InstanceStorageSupported"], true);
    assert_eq!(t["InstanceStorageInfo"]["Disks"], json!([{"Count": 1, "SizeInGB": 75, "Type": "ssd"}]));
    assert_eq!(t["InstanceStorageInfo"]["NvmeSupport"], "required");
    assert_eq!(t["InstanceStorageInfo"]["TotalSizeInGB"], 75);
    assert_eq!(one("m5.large")["InstanceStorageSupported"], false);
    assert!(one("m5.large").get("InstanceStorageInfo").is_none());
}

#[test]
fn c6gn_16xlarge_is_arm64() {
    let t = one("c6gn.16xlarge");
    assert_eq!(t["ProcessorInfo"]["SupportedArchitectures"], json!(["arm64"]));
    assert_eq!(t["ProcessorInfo"]["Manufacturer"], "AWS");
    assert_eq!(t["VCpuInfo"]["DefaultVCpus"], 64);
    assert_eq!(t["NetworkInfo"]["NetworkPerformance"], "100 Gigabit");
}

#[test]
fn several_types_come_back_sorted() {
    let r = describe(json!({"InstanceTypes": ["t3.micro", "m5d.large", "t2.micro"]}));
    assert_eq!(names(&r, "InstanceTypes"), ["m5d.large", "t2.micro", "t3.micro"]);
}

#[test]
fn unknown_types_are_named_in_the_error() {
    let e = call("us-east-1", "DescribeInstanceTypes", json!({"InstanceTypes": ["t2.micro", "foo.bar"]})).unwrap_err();
    assert_eq!(e.code, "InvalidInstanceType");
    assert_eq!(e.message, "The following supplied instance types do not exist: [foo.bar]");
    assert!(!e.hint_en.is_empty() && !e.hint_ko.is_empty());
    let e = call("us-east-1", "DescribeInstanceTypes", json!({"InstanceTypes": ["foo.bar", "t2.mega"]})).unwrap_err();
    assert_eq!(e.message, "The following supplied instance types do not exist: [foo.bar, t2.mega]");
}

#[test]
fn pages_of_at_most_100_cover_the_region_once() {
    // Without MaxResults AWS still pages; the page is 100 here.
    let first = describe(json!({}));
    assert_eq!(first["InstanceTypes"].as_array().unwrap().len(), 100);
    assert!(first["NextToken"].is_string());
    let all = filtered(json!([]));
    let offered = call("us-east-1", "DescribeInstanceTypeOfferings", json!({"MaxResults": 1000})).unwrap();
    let mut count = offered["InstanceTypeOfferings"].as_array().unwrap().len();
    let mut token = offered["NextToken"].clone();
    while let Some(t) = token.as_str() {
        let more = call("us-east-1", "DescribeInstanceTypeOfferings", json!({"MaxResults": 1000, "NextToken": t})).unwrap();
        count += more["InstanceTypeOfferings"].as_array().unwrap().len();
        token = more["NextToken"].clone();
    }
    assert_eq!(all.len(), count);
    let mut sorted = all.clone();
    sorted.sort();
    sorted.dedup();
    assert_eq!(sorted, all, "sorted, no repeats");
}

#[test]
fn max_results_and_next_token() {
    let p1 = describe(json!({"MaxResults": 5, "Filters": [{"Name": "instance-type", "Values": ["t2.*"]}]}));
    assert_eq!(names(&p1, "InstanceTypes"), ["t2.2xlarge", "t2.large", "t2.medium", "t2.micro", "t2.nano"]);
    let token = p1["NextToken"].as_str().unwrap();
    let p2 = describe(json!({"MaxResults": 5, "NextToken": token, "Filters": [{"Name": "instance-type", "Values": ["t2.*"]}]}));
    assert_eq!(names(&p2, "InstanceTypes"), ["t2.small", "t2.xlarge"]);
    assert!(p2.get("NextToken").is_none());
    for bad in [4, 101] {
        let e = call("us-east-1", "DescribeInstanceTypes", json!({"MaxResults": bad})).unwrap_err();
        assert_eq!(e.code, "InvalidParameterValue", "{bad}");
        assert!(e.message.contains("between 5 and 100"), "{}", e.message);
    }
    let e = call("us-east-1", "DescribeInstanceTypes", json!({"NextToken": "garbage"})).unwrap_err();
    assert_eq!(e.code, "InvalidParameterValue");
}

#[test]
fn filters_by_name_with_wildcards() {
    assert_eq!(filtered(json!([{"Name": "instance-type", "Values": ["t?.nano"]}])), ["t2.nano", "t3.nano"]);
    assert_eq!(filtered(json!([{"Name": "instance-type", "Values": ["t*.nano"]}])), ["t2.nano", "t3.nano", "t3a.nano", "t4g.nano"]);
    assert_eq!(filtered(json!([{"Name": "instance-type", "Values": ["t2.micro", "t3.mi*"]}])), ["t2.micro", "t3.micro"]);
    assert!(filtered(json!([{"Name": "instance-type", "Values": ["T2.micro"]}])).is_empty(), "case-sensitive");
}

#[test]
fn filters_by_facts() {
    assert_eq!(filtered(json!([{"Name": "free-tier-eligible", "Values": ["true"]}])), ["t2.micro"]);
    let burstable = filtered(json!([{"Name": "burstable-performance-supported", "Values": ["true"]}]));
    assert!(!burstable.is_empty() && burstable.iter().all(|n| n.starts_with('t')));
    assert!(burstable.contains(&"t4g.nano".to_string()));
    let metal = filtered(json!([{"Name": "bare-metal", "Values": ["true"]}]));
    assert!(!metal.is_empty() && metal.iter().all(|n| n.contains(".metal")));
    let xen = filtered(json!([{"Name": "hypervisor", "Values": ["xen"]}]));
    assert!(xen.contains(&"t2.micro".to_string()) && !xen.contains(&"t3.micro".to_string()));
    let old = filtered(json!([{"Name": "current-generation", "Values": ["false"]}]));
    assert!(old.contains(&"m1.small".to_string()) && !old.contains(&"t2.micro".to_string()));
    let store = filtered(json!([{"Name": "instance-storage-supported", "Values": ["true"]}, {"Name": "instance-type", "Values": ["m5*.large"]}]));
    assert_eq!(store, ["m5ad.large", "m5d.large", "m5dn.large"]);
    let arm_tiny = filtered(json!([
        {"Name": "processor-info.supported-architecture", "Values": ["arm64"]},
        {"Name": "vcpu-info.default-vcpus", "Values": ["1"]},
        {"Name": "memory-info.size-in-mib", "Values": ["2048"]},
    ]));
    assert!(arm_tiny.contains(&"c6g.medium".to_string()) && arm_tiny.iter().all(|n| n.ends_with(".medium")), "{arm_tiny:?}");
    let one_gib = filtered(json!([{"Name": "vcpu-info.default-vcpus", "Values": ["1"]}, {"Name": "memory-info.size-in-mib", "Values": ["1024"]}]));
    assert!(one_gib.contains(&"t2.micro".to_string()));
    let store_root = filtered(json!([{"Name": "supported-root-device-type", "Values": ["instance-store"]}]));
    assert!(store_root.contains(&"m1.small".to_string()) && !store_root.contains(&"t2.micro".to_string()));
    let pv = filtered(json!([{"Name": "supported-virtualization-type", "Values": ["paravirtual"]}]));
    assert!(pv.contains(&"m1.small".to_string()) && !pv.contains(&"t2.micro".to_string()));
    let hib = filtered(json!([{"Name": "hibernation-supported", "Values": ["true"]}, {"Name": "instance-type", "Values": ["t2.*"]}]));
    assert!(hib.contains(&"t2.micro".to_string()));
    let low = filtered(json!([{"Name": "network-info.network-performance", "Values": ["Low to Moderate"]}]));
    assert!(low.contains(&"t2.micro".to_string()) && !low.contains(&"m5.large".to_string()));
    let disk = filtered(json!([{"Name": "instance-storage-info.disk.size-in-gb", "Values": ["75"]}, {"Name": "instance-type", "Values": ["m5d.*"]}]));
    assert_eq!(disk, ["m5d.large"]);
}

#[test]
fn unknown_filter_is_refused() {
    let e = call("us-east-1", "DescribeInstanceTypes", json!({"Filters": [{"Name": "colour", "Values": ["red"]}]})).unwrap_err();
    assert_eq!(e.code, "InvalidParameterValue");
    assert_eq!(e.message, "The filter 'colour' is invalid");
}

#[test]
fn only_types_the_region_offers() {
    // u7in-32tb.224xlarge is offered in us-east-1 but not in ap-northeast-2.
    assert_eq!(one("u7in-32tb.224xlarge")["InstanceType"], "u7in-32tb.224xlarge");
    let e = call("ap-northeast-2", "DescribeInstanceTypes", json!({"InstanceTypes": ["u7in-32tb.224xlarge"]})).unwrap_err();
    assert_eq!(e.code, "InvalidInstanceType");
    let r = call("ap-northeast-2", "DescribeInstanceTypes", json!({"InstanceTypes": ["u7in-32tb.224xlarge", "t2.micro"], "IncludeUnsupportedInRegion": true}))
        .unwrap();
    assert_eq!(r["InstanceTypes"][0]["InstanceType"], "t2.micro");
    assert_eq!(r["InstanceTypes"][0]["SupportedInRegion"], true);
    assert_eq!(r["InstanceTypes"][1]["SupportedInRegion"], false);
    let seoul = call("ap-northeast-2", "DescribeInstanceTypes", json!({"Filters": [{"Name": "instance-type", "Values": ["u7in-*"]}]})).unwrap();
    assert_eq!(names(&seoul, "InstanceTypes"), ["u7in-16tb.224xlarge"]);
}

#[test]
fn unknown_request_members_are_refused_like_botocore() {
    let e = call("us-east-1", "DescribeInstanceTypes", json!({"InstanceType": "t2.micro"})).unwrap_err();
    assert_eq!(e.code, "ParamValidation");
    assert!(e.message.contains("Unknown parameter in input: \"InstanceType\""), "{}", e.message);
}

// ------------------------------------------------------- DescribeInstanceTypeOfferings

fn offerings(region: &str, params: Value) -> Vec<(String, String, String)> {
    let r = call(region, "DescribeInstanceTypeOfferings", params).unwrap();
    r["InstanceTypeOfferings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|o| (o["InstanceType"].as_str().unwrap().into(), o["LocationType"].as_str().unwrap().into(), o["Location"].as_str().unwrap().into()))
        .collect()
}

fn locations(region: &str, location_type: &str, instance_type: &str) -> Vec<String> {
    offerings(region, json!({"LocationType": location_type, "Filters": [{"Name": "instance-type", "Values": [instance_type]}]}))
        .into_iter()
        .map(|o| o.2)
        .collect()
}

#[test]
fn region_offerings_by_default() {
    let o = offerings("us-east-1", json!({"Filters": [{"Name": "instance-type", "Values": ["t2.micro"]}]}));
    assert_eq!(o, [("t2.micro".to_string(), "region".to_string(), "us-east-1".to_string())]);
}

#[test]
fn t2_micro_is_in_every_us_east_1_zone_but_two_of_seoul() {
    let az = ["us-east-1a", "us-east-1b", "us-east-1c", "us-east-1d", "us-east-1e", "us-east-1f"];
    assert_eq!(locations("us-east-1", "availability-zone", "t2.micro"), az);
    assert_eq!(locations("ap-northeast-2", "availability-zone", "t2.micro"), ["ap-northeast-2a", "ap-northeast-2c"]);
    // Zone ids are ec2lab's own mapping (src/geo): ap-northeast-2a = apne2-az1, 2c = apne2-az3.
    assert_eq!(locations("ap-northeast-2", "availability-zone-id", "t2.micro"), ["apne2-az1", "apne2-az3"]);
    assert!(locations("ap-northeast-2", "outpost", "t2.micro").is_empty());
}

#[test]
fn offerings_filter_by_location_and_type() {
    let in_2b = |pattern: &str| {
        offerings(
            "ap-northeast-2",
            json!({"LocationType": "availability-zone", "Filters": [{"Name": "location", "Values": ["ap-northeast-2b"]}, {"Name": "instance-type", "Values": [pattern]}]}),
        )
    };
    let t3 = in_2b("t3.*");
    assert_eq!(t3.len(), 7);
    assert!(t3.iter().all(|(t, lt, l)| t.starts_with("t3.") && lt == "availability-zone" && l == "ap-northeast-2b"));
    assert!(in_2b("t2.*").is_empty(), "Seoul offers t2 only in 2a and 2c");
    let us = locations("us-east-1", "region", "*").len();
    let seoul = locations("ap-northeast-2", "region", "*").len();
    assert!(us > seoul, "{us} vs {seoul}");
    let e = call("us-east-1", "DescribeInstanceTypeOfferings", json!({"Filters": [{"Name": "zone", "Values": ["x"]}]})).unwrap_err();
    assert_eq!(e.message, "The filter 'zone' is invalid");
}

#[test]
fn offerings_pages_and_location_type_checks() {
    let r = call("us-east-1", "DescribeInstanceTypeOfferings", json!({"LocationType": "availability-zone"})).unwrap();
    assert_eq!(r["InstanceTypeOfferings"].as_array().unwrap().len(), 1000);
    let r2 = call(
        "us-east-1",
        "DescribeInstanceTypeOfferings",
        json!({"LocationType": "availability-zone", "MaxResults": 5, "NextToken": r["NextToken"].as_str().unwrap()}),
    )
    .unwrap();
    assert_eq!(r2["InstanceTypeOfferings"].as_array().unwrap().len(), 5);
    assert_ne!(r2["InstanceTypeOfferings"][0], r["InstanceTypeOfferings"][0]);
    for bad in [4, 1001] {
        assert_eq!(call("us-east-1", "DescribeInstanceTypeOfferings", json!({"MaxResults": bad})).unwrap_err().code, "InvalidParameterValue");
    }
    let e = call("us-east-1", "DescribeInstanceTypeOfferings", json!({"LocationType": "zone"})).unwrap_err();
    assert_eq!(e.code, "InvalidParameterValue");
    assert!(e.message.contains("'zone'"), "{}", e.message);
}

// ------------------------------------------------------------------ ExplainInstanceType

fn explain(name: &str, lang: &str) -> Value {
    call("us-east-1", "ExplainInstanceType", json!({"InstanceType": name, "Language": lang})).unwrap()
}

fn letters(e: &Value) -> Vec<String> {
    e["Attributes"].as_array().unwrap().iter().map(|a| a["Letter"].as_str().unwrap().to_string()).collect()
}

fn text(e: &Value) -> String {
    e["Lines"].as_array().unwrap().iter().map(|l| l.as_str().unwrap()).collect::<Vec<_>>().join("\n")
}

#[test]
fn explains_c6gn_16xlarge() {
    let e = explain("c6gn.16xlarge", "en");
    insta::assert_json_snapshot!("explain_c6gn_16xlarge_en", e);
    assert_eq!(e["Family"]["Letters"], "c");
    assert_eq!(e["Family"]["Category"], "compute optimized");
    assert_eq!(e["Family"]["CategoryCode"], "compute-optimized");
    assert_eq!(e["Generation"], 6);
    assert_eq!(letters(&e), ["g", "n"]);
    assert!(e["Attributes"][0]["Meaning"].as_str().unwrap().contains("Graviton"));
    assert!(e["Attributes"][1]["Meaning"].as_str().unwrap().contains("network"));
    assert_eq!(e["Size"]["Name"], "16xlarge");
    assert_eq!(e["Known"], true);
    assert_eq!(e["Facts"]["VCpus"], 64);
    assert_eq!(e["Facts"]["Architectures"], json!(["arm64"]));
    let sizes: Vec<&str> = e["SizesInFamily"].as_array().unwrap().iter().map(|s| s["InstanceType"].as_str().unwrap()).collect();
    assert_eq!(sizes, ["c6gn.medium", "c6gn.large", "c6gn.xlarge", "c6gn.2xlarge", "c6gn.4xlarge", "c6gn.8xlarge", "c6gn.12xlarge", "c6gn.16xlarge"]);
    let t = text(&e);
    assert!(t.contains("c6gn.16xlarge = [family c][generation 6][attributes gn].[size 16xlarge]"), "{t}");
    assert!(t.contains("largest size: 64× the vCPUs and 64× the memory of the smallest, c6gn.medium"), "{t}");

    let ko = explain("c6gn.16xlarge", "ko");
    assert_eq!(ko["Family"]["Category"], "컴퓨팅 최적화");
    assert_eq!(ko["Language"], "ko");
    let t = text(&ko);
    assert!(t.contains("[패밀리 c][세대 6][추가 기능 gn].[크기 16xlarge]") && t.contains("6세대") && t.contains("Graviton"), "{t}");
    assert!(t.contains("vCPU 64개") && t.contains("128 GiB"), "{t}");
    assert!(t.contains("c = 컴퓨팅 최적화 — ") && t.contains("가장 작은 c6gn.medium 대비 vCPU 64배, 메모리 64배"), "{t}");
}

#[test]
fn explains_t3a_nano() {
    let e = explain("t3a.nano", "en");
    assert_eq!((e["Family"]["Letters"].as_str(), e["Family"]["Category"].as_str()), (Some("t"), Some("general purpose")));
    assert!(e["Family"]["Description"].as_str().unwrap().contains("turbo"));
    assert_eq!(letters(&e), ["a"]);
    assert_eq!(e["Attributes"][0]["Meaning"], "AMD processor");
    assert!(e["Size"]["Description"].as_str().unwrap().contains("smallest"));
    assert_eq!(e["Facts"]["Burstable"], true);
    assert_eq!(e["Facts"]["FreeTierEligible"], false);
    assert!(text(&e).contains("CPU credits"));
    assert!(text(&e).contains("t3a.nano is the smallest size"), "{}", text(&e));
    let ko = explain("t3a.nano", "ko");
    assert!(text(&ko).contains("버스트 가능") && text(&ko).contains("AMD 프로세서") && text(&ko).contains("CPU 크레딧"), "{}", text(&ko));
}

#[test]
fn explains_m7i_flex_large() {
    let e = explain("m7i-flex.large", "en");
    assert_eq!(letters(&e), ["i", "-flex"]);
    assert_eq!(e["Generation"], 7);
    assert_eq!(e["Attributes"][0]["Meaning"], "Intel processor");
    assert!(e["Attributes"][1]["Meaning"].as_str().unwrap().starts_with("Flex"));
    assert_eq!(e["Known"], true);
    assert!(text(&e).contains("[attributes i][option -flex]"), "{}", text(&e));
    let ko = explain("m7i-flex.large", "ko");
    assert_eq!(ko["Family"]["Category"], "범용");
    assert!(text(&ko).contains("인텔 프로세서"), "{}", text(&ko));
}

#[test]
fn explains_u_6tb1_metal() {
    let e = explain("u-6tb1.metal", "en");
    assert_eq!(e["Family"]["Letters"], "u");
    assert_eq!(e["Family"]["Category"], "memory optimized");
    assert_eq!(e["Generation"], 1);
    assert_eq!(letters(&e), ["-6tb"]);
    assert_eq!(e["Attributes"][0]["Meaning"], "6 TB of memory");
    assert!(e["Size"]["Description"].as_str().unwrap().contains("bare metal"));
    assert!(text(&e).contains("[family u][option -6tb][generation 1].[size metal]"), "{}", text(&e));
    // DescribeInstanceTypes (and so the catalog) lists only the virtualised u-6tb1 sizes.
    assert_eq!(e["Known"], false);
    assert!(text(&e).contains("The catalog has no u-6tb1.metal: u-6tb1 comes only in 56xlarge, 112xlarge."), "{}", text(&e));
    let ko = explain("u-6tb1.metal", "ko");
    assert!(text(&ko).contains("메모리 6 TB") && text(&ko).contains("베어메탈"), "{}", text(&ko));
    let known = explain("u-6tb1.112xlarge", "en");
    assert_eq!((known["Known"].as_bool(), known["Facts"]["MemoryMiB"].as_u64()), (Some(true), Some(6 * 1024 * 1024)));
    assert!(text(&known).contains("6 TB of memory"));
    let metal = explain("m5.metal", "en");
    assert_eq!(metal["Facts"]["BareMetal"], true);
    assert!(metal["Facts"].get("Hypervisor").is_none());
    assert!(text(&metal).contains("no hypervisor (bare metal)"), "{}", text(&metal));
}

#[test]
fn explains_mac2_metal() {
    let e = explain("mac2.metal", "en");
    assert_eq!(e["Family"]["Letters"], "mac");
    assert!(e["Family"]["Description"].as_str().unwrap().contains("macOS"));
    assert_eq!(e["Generation"], 2);
    assert!(letters(&e).is_empty());
    assert_eq!(e["Facts"]["Architectures"], json!(["arm64_mac"]));
    assert!(text(&e).contains("mac2 comes in one size only: metal."), "{}", text(&e));
    let ko = explain("mac2.metal", "ko");
    assert!(text(&ko).contains("macOS") && text(&ko).contains("하나뿐"), "{}", text(&ko));
    let chip = explain("mac2-m2pro.metal", "en");
    assert_eq!(chip["Attributes"][0]["Meaning"], "Apple M2 Pro chip");
}

#[test]
fn explains_x2iedn_xlarge() {
    let e = explain("x2iedn.xlarge", "en");
    assert_eq!(e["Family"]["Category"], "memory optimized");
    assert_eq!(letters(&e), ["i", "e", "d", "n"]);
    assert_eq!(e["Attributes"][1]["Meaning"], "extra memory");
    assert!(e["Attributes"][2]["Meaning"].as_str().unwrap().contains("instance store"));
    assert_eq!(e["Facts"]["InstanceStore"], json!([{"Count": 1, "SizeInGB": 118, "Type": "ssd"}]));
    assert!(text(&e).contains("Instance store: 1 × 118 GB NVMe SSD"), "{}", text(&e));
    let ko = explain("x2iedn.xlarge", "ko");
    assert_eq!(ko["Attributes"][1]["Meaning"], "추가 메모리");
    assert!(text(&ko).contains("인스턴스 스토어: 1 × 118 GB NVMe SSD"), "{}", text(&ko));
    // e means extra storage in a storage optimized family.
    assert_eq!(explain("i3en.large", "en")["Attributes"][0]["Meaning"], "extra storage");
}

#[test]
fn explains_t2_micro_free_tier_and_defaults_to_english() {
    let e = call("us-east-1", "ExplainInstanceType", json!({"InstanceType": "t2.micro"})).unwrap();
    assert_eq!(e["Language"], "en");
    assert_eq!(e["Facts"]["FreeTierEligible"], true);
    assert!(text(&e).contains("Free tier eligible"));
    assert!(text(&explain("t2.micro", "ko")).contains("프리 티어"));
    assert!(text(&explain("m1.small", "en")).contains("previous generation"));
}

#[test]
fn a_well_formed_but_missing_type_is_explained_as_unknown() {
    let e = explain("t2.24xlarge", "en");
    assert_eq!(e["Known"], false);
    assert!(e.get("Facts").is_none());
    assert_eq!(e["Family"]["Letters"], "t");
    assert_eq!(e["SizesInFamily"].as_array().unwrap().len(), 7);
    assert!(text(&e).contains("The catalog has no t2.24xlarge: t2 comes only in nano, micro, small, medium, large, xlarge, 2xlarge."), "{}", text(&e));
    let ko = explain("t2.24xlarge", "ko");
    assert!(text(&ko).contains("카탈로그에 t2.24xlarge은(는) 없습니다"), "{}", text(&ko));
    let none = explain("m9.large", "en");
    assert_eq!(none["Known"], false);
    assert!(none["SizesInFamily"].as_array().unwrap().is_empty());
    assert!(text(&none).contains("there is no m9 family"), "{}", text(&none));
}

#[test]
fn malformed_names_are_refused_with_the_format() {
    for (name, part) in [
        ("t2micro", "no dot"),
        ("q9.large", "'q' is not an instance family"),
        ("t2.huge", "'huge' is not a size"),
        ("t2k.micro", "'k' is not an attribute"),
        ("t.micro", "generation number"),
        ("m7i-turbo.large", "'turbo'"),
        ("", "no dot"),
    ] {
        let e = call("us-east-1", "ExplainInstanceType", json!({"InstanceType": name, "Language": "en"})).unwrap_err();
        assert_eq!(e.code, "InvalidParameterValue", "{name}");
        assert_eq!(e.message, format!("Invalid value '{name}' for InstanceType."));
        assert!(e.hint_en.contains(part), "{name}: {}", e.hint_en);
        assert!(e.hint_en.contains("[family][generation][attributes].[size]"), "{}", e.hint_en);
        assert!(e.hint_ko.contains("[패밀리][세대][추가 기능].[크기]"), "{}", e.hint_ko);
    }
    let e = call("us-east-1", "ExplainInstanceType", json!({"InstanceType": "t2.micro", "Language": "fr"})).unwrap_err();
    assert_eq!((e.code.as_str(), e.message.as_str()), ("InvalidParameterValue", "Invalid value 'fr' for Language."));
    assert_eq!(call("us-east-1", "ExplainInstanceType", json!({"Language": "en"})).unwrap_err().code, "ParamValidation");
}
