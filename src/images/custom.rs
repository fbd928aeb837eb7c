//! The account's own AMIs: the rules shared by CreateImage, RegisterImage and CopyImage (names,
//! the in-use marking of backing snapshots), DeregisterImage, and launch permissions
//! (aws-facts §6). The flows that make snapshots live in `build.rs`.
use super::{image_not_found, Image, RegionImages};
use crate::error::ApiError;
use crate::world::ACCOUNT_ID;

/// Characters an AMI name may hold besides letters and digits (BC:ec2/CreateImage Name).
const NAME_PUNCTUATION: &str = "()[] ./-'@_";

/// `InvalidAMIName.Malformed` unless the name is 3–128 letters, digits and `()[] ./-'@_`.
/// The message is the one AWS returns (OBS: RegisterImage/CreateImage via the CLI).
pub fn check_name(name: &str) -> Result<(), ApiError> {
    let len = name.chars().count();
    let ok = (3..=128).contains(&len) && name.chars().all(|c| c.is_ascii_alphanumeric() || NAME_PUNCTUATION.contains(c));
    if ok {
        return Ok(());
    }
    Err(ApiError::new(
        "InvalidAMIName.Malformed",
        "AMI names must be between 3 and 128 characters long, and may contain letters, numbers, '(', ')', '.', '-', '/' and '_'",
    )
    .hint(
        format!("'{name}' has {len} characters. An AMI name is 3 to 128 letters, digits, spaces and ()[]./-'@_ — e.g. web-server-2025-01-06."),
        format!("'{name}'은(는) {len}자입니다. AMI 이름은 3~128자의 영문자, 숫자, 공백, ()[]./-'@_ 만 쓸 수 있습니다. 예: web-server-2025-01-06."),
    ))
}

/// `InvalidAMIName.Duplicate` if one of the account's images in this region already has the name
/// (names are unique per account and region; OBS: "AMI name X is already in use by AMI ami-…").
pub fn check_name_free(images: &RegionImages, name: &str) -> Result<(), ApiError> {
    match images.images.values().find(|i| i.owner_id == ACCOUNT_ID && i.state != "deregistered" && i.name == name) {
        None => Ok(()),
        Some(other) => Err(ApiError::new("InvalidAMIName.Duplicate", format!("AMI name {name} is already in use by AMI {}", other.id)).hint(
            format!("AMI names are unique per account and region. Choose another name (e.g. add a date or version), or deregister {} first.", other.id),
            format!("AMI 이름은 계정·리전마다 고유해야 합니다. 다른 이름(날짜나 버전 추가)을 쓰거나 먼저 {}의 등록을 취소하세요.", other.id),
        )),
    }
}

/// The snapshot ids an image's EBS mappings name.
pub fn snapshot_ids(image: &Image) -> Vec<String> {
    image.block_device_mappings.iter().filter_map(|m| m.ebs.as_ref().and_then(|e| e.snapshot_id.clone())).collect()
}

/// The registered images (not deregistered) of this region whose mappings use `snapshot_id`.
pub fn images_using<'a>(images: &'a RegionImages, snapshot_id: &'a str) -> impl Iterator<Item = &'a Image> + 'a {
    images.images.values().filter(move |i| i.state != "deregistered" && snapshot_ids(i).iter().any(|s| s == snapshot_id))
}

/// DeleteSnapshot of a snapshot behind a registered AMI (OBS: `The snapshot snap-… is currently in use by ami-…`).
pub fn snapshot_in_use(snapshot_id: &str, image_id: &str) -> ApiError {
    ApiError::new("InvalidSnapshot.InUse", format!("The snapshot {snapshot_id} is currently in use by {image_id}")).hint(
        format!(
            "{image_id} launches instances from this snapshot, so it cannot be deleted. Deregister the AMI first (deregister_image), then delete the snapshot."
        ),
        format!("{image_id}이(가) 이 스냅샷으로 인스턴스를 시작하므로 삭제할 수 없습니다. 먼저 AMI 등록을 취소(deregister_image)한 뒤 스냅샷을 삭제하세요."),
    )
}

/// An image this account owns, for the calls only the owner may make (deregister, modify).
pub fn owned<'a>(images: &'a RegionImages, id: &str) -> Result<&'a Image, ApiError> {
    let img = images.resolve(id)?;
    if img.owner_id != ACCOUNT_ID {
        if !img.launchable_by(ACCOUNT_ID) {
            return Err(image_not_found(id));
        }
        return Err(ApiError::new("AuthFailure", format!("Not authorized for image:{id}")).status(403).hint(
            "Only the AMI's owner can deregister it or change its attributes. This one belongs to another account (e.g. Amazon); copy it (copy_image) to get your own.",
            "AMI 소유자만 등록 취소나 속성 변경을 할 수 있습니다. 이 AMI는 다른 계정(예: Amazon)의 것입니다. copy_image로 복사하면 내 AMI가 됩니다.",
        ));
    }
    Ok(img)
}

/// One launch permission entry: an account id, or the group `all` (public).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Permission {
    User(String),
    All,
}

/// Checks a launch permission entry: a 12-digit account id, or the group `all`.
pub fn check_permission(user_id: Option<&str>, group: Option<&str>) -> Result<Permission, ApiError> {
    match (user_id, group) {
        (Some(u), None) if u.len() == 12 && u.chars().all(|c| c.is_ascii_digit()) => Ok(Permission::User(u.to_string())),
        (Some(u), None) => Err(ApiError::new("InvalidUserID.Malformed", format!("User ID '{u}' is invalid")).hint(
            "A launch permission names a 12-digit AWS account id (or Group 'all' for everyone).",
            "시작 권한에는 12자리 AWS 계정 ID(또는 모두에게 공개하려면 Group 'all')를 지정합니다.",
        )),
        (None, Some("all")) => Ok(Permission::All),
        (None, Some(g)) => Err(ApiError::invalid_parameter_value(format!("Invalid value '{g}' for groupName. Valid values: all"))
            .hint("The only launch permission group is 'all' (public).", "시작 권한 그룹은 'all'(공개) 하나뿐입니다.")),
        _ => Err(ApiError::invalid_parameter_combination("A launch permission entry takes either UserId or Group, not both or neither.")
            .hint("Give {'UserId': '123456789012'} or {'Group': 'all'}.", "{'UserId': '123456789012'} 또는 {'Group': 'all'} 중 하나를 주세요.")),
    }
}

/// Adds then removes launch permissions (AWS applies a ModifyImageAttribute call as one change).
/// A Marketplace image can never be made public (BC:ec2/ModifyImageAttribute).
pub fn modify_launch_permission(image: &mut Image, add: &[Permission], remove: &[Permission]) -> Result<(), ApiError> {
    if add.contains(&Permission::All) && image.product_codes.iter().any(|p| p.kind == "marketplace") {
        return Err(ApiError::new("InvalidParameter", "Images with an AWS Marketplace product code cannot be made public.").hint(
            "A Marketplace image is sold by its vendor; share it with accounts (UserId) instead of the group 'all'.",
            "마켓플레이스 이미지는 공개할 수 없습니다. 대신 계정(UserId)과 공유하세요.",
        ));
    }
    for p in add {
        match p {
            Permission::All => image.public = true,
            Permission::User(u) if !image.launch_permissions.contains(u) => image.launch_permissions.push(u.clone()),
            Permission::User(_) => {}
        }
    }
    for p in remove {
        match p {
            Permission::All => image.public = false,
            Permission::User(u) => image.launch_permissions.retain(|x| x != u),
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_follow_the_documented_constraints() {
        for ok in ["abc", "web server (v1.2) [prod]/x-y_z@'", &"a".repeat(128)] {
            assert!(check_name(ok).is_ok(), "{ok}");
        }
        for bad in ["ab", "", &"a".repeat(129), "web#1", "café-1"] {
            let e = check_name(bad).unwrap_err();
            assert_eq!(e.code, "InvalidAMIName.Malformed", "{bad}");
        }
    }

    #[test]
    fn launch_permissions_add_and_remove() {
        let mut img = Image::default();
        let add = [check_permission(Some("111122223333"), None).unwrap(), check_permission(None, Some("all")).unwrap()];
        modify_launch_permission(&mut img, &add, &[]).unwrap();
        assert!(img.public && img.launch_permissions == vec!["111122223333".to_string()]);
        modify_launch_permission(&mut img, &add, &[]).unwrap();
        assert_eq!(img.launch_permissions.len(), 1, "adding twice keeps one entry");
        modify_launch_permission(&mut img, &[], &add).unwrap();
        assert!(!img.public && img.launch_permissions.is_empty());
        assert_eq!(check_permission(Some("12"), None).unwrap_err().code, "InvalidUserID.Malformed");
        assert_eq!(check_permission(None, Some("everyone")).unwrap_err().code, "InvalidParameterValue");
        assert_eq!(check_permission(None, None).unwrap_err().code, "InvalidParameterCombination");
    }
}
