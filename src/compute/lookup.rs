use super::Instance;
use crate::error::ApiError;
use crate::sim::IdGen;
use crate::world::World;

fn malformed(id: &str) -> ApiError {
    ApiError::new("InvalidInstanceID.Malformed", format!("Invalid id: \"{id}\" (expecting \"i-...\")")).hint(
        "Instance ids look like i- followed by 8 or 17 hex digits, e.g. i-0123456789abcdef0.",
        "인스턴스 ID는 i- 뒤에 16진수 8자리 또는 17자리가 붙습니다 (예: i-0123456789abcdef0).",
    )
}

fn not_found(ids: &[&str]) -> ApiError {
    let msg =
        if ids.len() == 1 { format!("The instance ID '{}' does not exist", ids[0]) } else { format!("The instance IDs '{}' do not exist", ids.join(", ")) };
    ApiError::new("InvalidInstanceID.NotFound", msg).hint(
        "Check the id and the region: instances belong to one region, and terminated instances disappear about an hour after termination.",
        "ID와 리전을 확인하세요. 인스턴스는 한 리전에 속하며, 종료된 인스턴스는 약 1시간 뒤 목록에서 사라집니다.",
    )
}

/// Checks every id of a request first (malformed ones, then unknown ones, all named at once),
/// so that a call naming one bad id changes nothing.
pub fn check_instance_ids(w: &World, region: &str, ids: &[String]) -> Result<(), ApiError> {
    if let Some(bad) = ids.iter().find(|id| !IdGen::well_formed(id, "i")) {
        return Err(malformed(bad));
    }
    let r = w.region(region)?;
    let missing: Vec<&str> = ids.iter().filter(|id| !r.compute.instances.contains_key(id.as_str())).map(String::as_str).collect();
    if !missing.is_empty() {
        return Err(not_found(&missing));
    }
    Ok(())
}

pub fn instance<'w>(w: &'w World, region: &str, id: &str) -> Result<&'w Instance, ApiError> {
    check_instance_ids(w, region, &[id.to_string()])?;
    Ok(&w.regions[region].compute.instances[id])
}

pub fn instance_mut<'w>(w: &'w mut World, region: &str, id: &str) -> Result<&'w mut Instance, ApiError> {
    check_instance_ids(w, region, &[id.to_string()])?;
    Ok(w.regions.get_mut(region).expect("checked").compute.instances.get_mut(id).expect("checked"))
}

/// Like `instance`, for callers that hold one region (the network's rules).
pub fn instance_in<'r>(r: &'r crate::world::Region, id: &str) -> Result<&'r Instance, ApiError> {
    if !IdGen::well_formed(id, "i") {
        return Err(malformed(id));
    }
    r.compute.instances.get(id).ok_or_else(|| not_found(&[id]))
}
