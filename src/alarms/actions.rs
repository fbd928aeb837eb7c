//! Alarm actions (filled in next).
use super::store::{Alarm, State};
use crate::world::World;

pub fn run_transition(_w: &mut World, _region: &'static str, _alarm: &Alarm, _old: State) {}
