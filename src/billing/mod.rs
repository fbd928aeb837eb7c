//! The bill: prices as data, usage derived from the world's history, free tier, discounts.
//! (Skeleton laid by the lead; owned by the billing work.)
