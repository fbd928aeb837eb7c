//! Instances and their lifecycle.
use crate::world::World;
use std::collections::BTreeMap;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Event {}

#[derive(Debug, Clone, Default)]
pub struct RegionCompute {
    pub instances: BTreeMap<String, ()>,
}

pub fn apply_event(_w: &mut World, _region: &str, event: Event) {
    match event {}
}
