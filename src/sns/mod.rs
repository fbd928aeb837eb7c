//! Amazon SNS (the part alarms need): topics, subscriptions, publish; email goes to a simulated inbox.
//! (Skeleton laid by the lead; owned by the alarms work.)

#[derive(Debug, Clone, Default)]
pub struct RegionSns {}
