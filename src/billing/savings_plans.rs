//! Compute Savings Plans: a $/hour commitment for 1 or 3 years that buys On-Demand EC2 usage at
//! a discount, in any region, family, size or OS (aws-facts §11). The commitment is charged
//! every hour of the term whether used or not; the bill applies it hour by hour
//! (`bill::apply_commitments`). Discounts are estimates (`data/savings_plans.json`).
use super::prices;
use crate::error::ApiError;
use crate::sim::{IdGen, Millis};
use crate::world::World;

pub const HOURS_PER_YEAR: u64 = 8_760;

#[derive(Debug, Clone, PartialEq)]
pub struct SavingsPlan {
    pub id: String,
    /// USD per hour of (discounted) usage the account commits to.
    pub commitment: f64,
    pub term_years: u32,
    /// `No Upfront`, `Partial Upfront`, `All Upfront`.
    pub payment_option: String,
    pub start: Millis,
    pub end: Millis,
    /// Off On-Demand, e.g. 0.27.
    pub discount: f64,
    /// Paid at purchase.
    pub upfront: f64,
    /// Charged every hour of the term.
    pub hourly_fee: f64,
    pub estimated: bool,
}

impl SavingsPlan {
    pub fn state(&self, now: Millis) -> &'static str {
        if now < self.end {
            "active"
        } else {
            "retired"
        }
    }
}

fn invalid(msg: String, en: &str, ko: &str) -> ApiError {
    ApiError::new("ValidationException", msg).hint(en, ko)
}

/// PurchaseSavingsPlan (ec2lab): checks everything, then adds an active plan starting now.
pub fn purchase(w: &mut World, commitment: f64, term_years: u32, payment_option: &str) -> Result<String, ApiError> {
    if !(0.001..=5_000.0).contains(&commitment) {
        return Err(invalid(
            format!("Invalid commitment: {commitment}. The hourly commitment must be between 0.001 and 5000 USD."),
            "A Savings Plan commits you to a dollar amount per hour (e.g. 0.01 for one cent an hour), from $0.001.",
            "Savings Plan은 시간당 금액을 약정합니다(예: 0.01은 시간당 1센트). 최소 $0.001입니다.",
        ));
    }
    let table = prices::savings_plans();
    let Some(by_option) = table.discounts.get(&term_years.to_string()) else {
        return Err(invalid(
            format!("Invalid term: {term_years}. Savings Plans last 1 or 3 years."),
            "TermYears must be 1 or 3.",
            "TermYears는 1 또는 3이어야 합니다.",
        ));
    };
    let Some(discount) = by_option.get(payment_option).copied() else {
        return Err(invalid(
            format!("Invalid payment option: '{payment_option}'. Valid values: No Upfront, Partial Upfront, All Upfront."),
            "PaymentOption is 'No Upfront', 'Partial Upfront' or 'All Upfront': the more you pay at the start, the larger the discount.",
            "PaymentOption은 'No Upfront', 'Partial Upfront', 'All Upfront' 중 하나입니다. 선결제가 많을수록 할인이 큽니다.",
        ));
    };
    let share = table.upfront_share.get(payment_option).copied().unwrap_or(0.0);
    let term_hours = HOURS_PER_YEAR * term_years as u64;
    let now = w.now();
    let id = IdGen::new_id(&mut w.rng, "sp");
    w.billing.savings_plans.push(SavingsPlan {
        id: id.clone(),
        commitment,
        term_years,
        payment_option: payment_option.to_string(),
        start: now,
        end: now + term_hours * 3_600_000,
        discount,
        upfront: prices::round(commitment * term_hours as f64 * share, 6),
        hourly_fee: prices::round(commitment * (1.0 - share), 8),
        estimated: true,
    });
    Ok(id)
}
