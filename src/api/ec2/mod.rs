//! EC2 operations: request/response shapes and the mapping from operation name to handler.
mod image_attributes;
mod images;
mod instance_attributes;
mod instance_shape;
mod instance_state;
mod instance_status;
mod instance_types;
mod instances;
mod regions;
mod snapshots;
mod tags;
mod volumes;

use super::{handle, Answer};
use crate::error::ApiError;
use crate::world::World;
use serde_json::Value;

/// The EC2 operations ec2lab implements (each one is dispatched by `run` below; a test checks both agree).
pub const OPERATIONS: &[&str] = &[
    "DescribeRegions",
    "DescribeAvailabilityZones",
    "DescribeInstanceTypes",
    "DescribeInstanceTypeOfferings",
    "DescribeImages",
    "CreateImage",
    "RegisterImage",
    "CopyImage",
    "DeregisterImage",
    "ModifyImageAttribute",
    "DescribeImageAttribute",
    "RunInstances",
    "DescribeInstances",
    "StartInstances",
    "StopInstances",
    "RebootInstances",
    "TerminateInstances",
    "ModifyInstanceAttribute",
    "DescribeInstanceAttribute",
    "DescribeInstanceStatus",
    "CreateVolume",
    "AttachVolume",
    "DetachVolume",
    "DeleteVolume",
    "ModifyVolume",
    "DescribeVolumesModifications",
    "DescribeVolumes",
    "DescribeVolumeStatus",
    "DescribeVolumeAttribute",
    "CreateSnapshot",
    "CreateSnapshots",
    "DescribeSnapshots",
    "DeleteSnapshot",
    "CopySnapshot",
    "DescribeSnapshotAttribute",
    "CreateTags",
    "DeleteTags",
    "DescribeTags",
];

/// Runs an EC2 operation; `None` when ec2lab does not implement it.
pub fn dispatch(w: &mut World, region: &str, op: &str, params: Value) -> Option<Result<Answer, ApiError>> {
    let dry_run = params.get("DryRun").and_then(Value::as_bool) == Some(true);
    let mut p = params;
    if let Some(o) = p.as_object_mut() {
        o.remove("DryRun");
    }
    if dry_run {
        // The request must still be well-formed; then AWS answers "would have succeeded".
        return Some(check_only(w, region, op, p).map(|_| ()).and(Err(dry_run_error())));
    }
    run(w, region, op, p)
}

fn check_only(w: &World, region: &str, op: &str, params: Value) -> Result<Answer, ApiError> {
    let mut scratch = w.clone();
    run(&mut scratch, region, op, params).unwrap_or_else(|| Err(ApiError::new("InvalidAction", format!("The action {op} is not valid for this web service."))))
}

fn dry_run_error() -> ApiError {
    ApiError::new("DryRunOperation", "Request would have succeeded, but DryRun flag is set.").status(412).hint(
        "DryRun only checks whether the call would be allowed; nothing was changed. Call again without DryRun to do it.",
        "DryRun은 호출이 허용되는지만 확인하며 아무것도 바꾸지 않습니다. 실제로 하려면 DryRun 없이 다시 호출하세요.",
    )
}

fn run(w: &mut World, region: &str, op: &str, p: Value) -> Option<Result<Answer, ApiError>> {
    Some(match op {
        // geography
        "DescribeRegions" => handle(p, |r| regions::describe_regions(w, r)),
        "DescribeAvailabilityZones" => handle(p, |r| regions::describe_availability_zones(w, region, r)),
        // instance types
        "DescribeInstanceTypes" => handle(p, |r| instance_types::describe_instance_types(w, region, r)),
        "DescribeInstanceTypeOfferings" => handle(p, |r| instance_types::describe_instance_type_offerings(w, region, r)),
        // images
        "DescribeImages" => handle(p, |r| images::describe_images(w, region, r)),
        "CreateImage" => handle(p, |r| images::create_image(w, region, r)),
        "RegisterImage" => handle(p, |r| images::register_image(w, region, r)),
        "CopyImage" => handle(p, |r| images::copy_image(w, region, r)),
        "DeregisterImage" => handle(p, |r| images::deregister_image(w, region, r)),
        "ModifyImageAttribute" => handle(p, |r| image_attributes::modify_image_attribute(w, region, r)),
        "DescribeImageAttribute" => handle(p, |r| image_attributes::describe_image_attribute(w, region, r)),
        // instances
        "RunInstances" => handle(p, |r| instances::run_instances(w, region, r)),
        "DescribeInstances" => handle(p, |r| instances::describe_instances(w, region, r)),
        "StartInstances" => handle(p, |r| instance_state::start_instances(w, region, r)),
        "StopInstances" => handle(p, |r| instance_state::stop_instances(w, region, r)),
        "RebootInstances" => handle(p, |r| instance_state::reboot_instances(w, region, r)),
        "TerminateInstances" => handle(p, |r| instance_state::terminate_instances(w, region, r)),
        "ModifyInstanceAttribute" => handle(p, |r| instance_attributes::modify_instance_attribute(w, region, r)),
        "DescribeInstanceAttribute" => handle(p, |r| instance_attributes::describe_instance_attribute(w, region, r)),
        "DescribeInstanceStatus" => handle(p, |r| instance_status::describe_instance_status(w, region, r)),
        // EBS volumes
        "CreateVolume" => handle(p, |r| volumes::create_volume(w, region, r)),
        "AttachVolume" => handle(p, |r| volumes::attach_volume(w, region, r)),
        "DetachVolume" => handle(p, |r| volumes::detach_volume(w, region, r)),
        "DeleteVolume" => handle(p, |r| volumes::delete_volume(w, region, r)),
        "ModifyVolume" => handle(p, |r| volumes::modify_volume(w, region, r)),
        "DescribeVolumesModifications" => handle(p, |r| volumes::describe_volumes_modifications(w, region, r)),
        "DescribeVolumes" => handle(p, |r| volumes::describe_volumes(w, region, r)),
        "DescribeVolumeStatus" => handle(p, |r| volumes::describe_volume_status(w, region, r)),
        "DescribeVolumeAttribute" => handle(p, |r| volumes::describe_volume_attribute(w, region, r)),
        // EBS snapshots
        "CreateSnapshot" => handle(p, |r| snapshots::create_snapshot(w, region, r)),
        "CreateSnapshots" => handle(p, |r| snapshots::create_snapshots(w, region, r)),
        "DescribeSnapshots" => handle(p, |r| snapshots::describe_snapshots(w, region, r)),
        "DeleteSnapshot" => handle(p, |r| snapshots::delete_snapshot(w, region, r)),
        "CopySnapshot" => handle(p, |r| snapshots::copy_snapshot(w, region, r)),
        "DescribeSnapshotAttribute" => handle(p, |r| snapshots::describe_snapshot_attribute(w, region, r)),
        // tags
        "CreateTags" => handle(p, |r| tags::create_tags(w, region, r)),
        "DeleteTags" => handle(p, |r| tags::delete_tags(w, region, r)),
        "DescribeTags" => handle(p, |r| tags::describe_tags(w, region, r)),
        _ => return None,
    })
}

/// For unit tests of the shapes: a cloud with one t3.micro instance in us-east-1.
#[cfg(test)]
pub(crate) fn cloud_with_instance() -> crate::Cloud {
    let mut c = crate::Cloud::new(0);
    let img = c.call("ec2", "us-east-1", "DescribeImages", serde_json::json!({"Filters": [{"Name": "name", "Values": ["al2023-ami-2023*-x86_64"]}]})).unwrap()
        ["Images"][0]["ImageId"]
        .clone();
    c.call("ec2", "us-east-1", "RunInstances", serde_json::json!({"ImageId": img, "InstanceType": "t3.micro", "MinCount": 1, "MaxCount": 1})).unwrap();
    c
}
