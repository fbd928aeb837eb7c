//! The public base images every region offers. Filled in by the AMI work.
use super::Image;
use crate::geo::RegionInfo;

pub fn public_images(_info: &RegionInfo) -> Vec<Image> {
    Vec::new()
}
