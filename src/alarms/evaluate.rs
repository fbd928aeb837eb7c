//! Evaluation of one alarm (filled in next).
use crate::world::World;

pub fn evaluate_alarm(_w: &mut World, _region: &'static str, _name: &str) {}
