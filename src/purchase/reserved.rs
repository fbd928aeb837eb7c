//! Reserved Instances: a billing discount, not a machine (aws-facts §11). Offerings are derived
//! (not stored) for every type the region offers: scope Region or one AZ, Linux/UNIX or Windows,
//! Standard or Convertible, No/Partial/All Upfront, 1 year (31,536,000 s) or 3 years
//! (94,608,000 s). Their ids encode what they offer, so a lookup never enumerates.
//!
//! Prices are ESTIMATES derived from the on-demand price with these effective discounts
//! (ec2lab's figures, close to AWS's published m5.large us-east-1 RI prices of 2024; AWS's own
//! marketing says "up to 72 %"): Standard 1 y 37.5/40.5/42 %, 3 y 57/60/62 %; Convertible 1 y
//! 28/31/32 %, 3 y 46/50/52 % (No/Partial/All Upfront). No Upfront: all hourly; Partial: half the
//! effective cost up front, half hourly; All Upfront: all up front, hourly 0.
//!
//! A purchase is `active` at once (AWS passes through `payment-pending` for a moment) and
//! `retired` from its end on; the state is derived from virtual time, so no event is needed.
use super::seeded::draw;
use crate::catalog;
use crate::error::ApiError;
use crate::sim::Millis;
use crate::world::World;

pub const YEAR_S: i64 = 31_536_000;
pub const THREE_YEARS_S: i64 = 94_608_000;
pub const PRODUCTS: [&str; 2] = ["Linux/UNIX", "Windows"];
pub const CLASSES: [&str; 2] = ["standard", "convertible"];
pub const TYPES: [&str; 3] = ["No Upfront", "Partial Upfront", "All Upfront"];
pub const DURATIONS: [i64; 2] = [YEAR_S, THREE_YEARS_S];
/// AWS lets an account buy at most 20 Reserved Instances per AZ (and regional) each month.
pub const MONTHLY_LIMIT: u32 = 20;

/// Effective discount off on-demand by (class, duration, payment option).
fn discount(class: usize, duration: usize, otype: usize) -> f64 {
    const T: [[[f64; 3]; 2]; 2] = [[[0.375, 0.405, 0.42], [0.57, 0.60, 0.62]], [[0.28, 0.31, 0.32], [0.46, 0.50, 0.52]]];
    T[class][duration][otype]
}

#[derive(Debug, Clone, PartialEq)]
pub struct Offering {
    pub id: String,
    pub instance_type: String,
    /// None for a regional offering (scope `Region`).
    pub az: Option<String>,
    pub product_description: String,
    pub offering_class: String,
    pub offering_type: String,
    pub duration_s: i64,
    /// Paid once, per instance.
    pub fixed_price: f64,
    /// Charged per hour, per instance, whether it runs or not (the RecurringCharges amount).
    pub hourly: f64,
    /// Derived from an estimated price (always true for the discount itself; see the module doc).
    pub estimate: bool,
}

impl Offering {
    pub fn scope(&self) -> &'static str {
        if self.az.is_some() {
            "Availability Zone"
        } else {
            "Region"
        }
    }
}

fn round(x: f64) -> f64 {
    super::on_demand::round(x, 4)
}

/// Builds one offering from its indices (type index in the catalog, zone index: 0 = regional).
fn build(region: &str, type_idx: usize, zone: usize, product: usize, class: usize, otype: usize, duration: usize) -> Option<Offering> {
    let info = crate::geo::region(region)?;
    let t = catalog::all().get(type_idx)?;
    if product >= PRODUCTS.len() || class >= 2 || otype >= 3 || duration >= 2 {
        return None;
    }
    let az = match zone {
        0 => None,
        z => {
            let (letter, _) = info.zones.get(z - 1)?;
            let name = format!("{region}{letter}");
            if !catalog::offered_in_zone(&t.name, region, &name) {
                return None;
            }
            Some(name)
        }
    };
    if !catalog::offered_in_region(&t.name, region) {
        return None;
    }
    let od = super::on_demand_price(region, &t.name)?;
    let mut hourly_od = od.hourly;
    if product == 1 {
        hourly_od += crate::billing::prices::platform_surcharge("Windows", &t.name).map_or(0.0, |p| p.usd);
    }
    let effective = hourly_od * (1.0 - discount(class, duration, otype));
    let hours = DURATIONS[duration] as f64 / 3600.0;
    let (fixed, hourly) = match otype {
        0 => (0.0, effective),
        1 => (effective * hours * 0.5, effective * 0.5),
        _ => (effective * hours, 0.0),
    };
    let opts = (class << 4) | (otype << 2) | (duration << 1) | product;
    let h = draw(0x5249, &["ri-offering", region, &t.name], (zone * 64 + opts) as u64);
    let id = format!("{:08x}-{:04x}-4{:03x}-{:04x}-{:012x}", h >> 32, type_idx, opts, 0x8000 | zone, h & 0xffff_ffff_ffff);
    Some(Offering {
        id,
        instance_type: t.name.clone(),
        az,
        product_description: PRODUCTS[product].to_string(),
        offering_class: CLASSES[class].to_string(),
        offering_type: TYPES[otype].to_string(),
        duration_s: DURATIONS[duration],
        fixed_price: (fixed * 100.0).round() / 100.0,
        hourly: round(hourly),
        estimate: true,
    })
}

/// The offering with this id in `region`, if it is one of ours (ids encode their offering).
pub fn offering(region: &str, id: &str) -> Option<Offering> {
    let parts: Vec<&str> = id.split('-').collect();
    if parts.len() != 5 || parts[2].len() != 4 || !parts[2].starts_with('4') {
        return None;
    }
    let type_idx = usize::from_str_radix(parts[1], 16).ok()?;
    let opts = usize::from_str_radix(&parts[2][1..], 16).ok()?;
    let zone = usize::from_str_radix(parts[3], 16).ok()?.checked_sub(0x8000)?;
    let o = build(region, type_idx, zone, opts & 1, (opts >> 4) & 1, (opts >> 2) & 3, (opts >> 1) & 1)?;
    (o.id == id).then_some(o)
}

/// Every offering of one instance type in `region`, in a fixed order.
pub fn offerings_of_type(region: &str, type_name: &str) -> Vec<Offering> {
    let Some(idx) = catalog::all().iter().position(|t| t.name == type_name) else { return Vec::new() };
    offerings_at(region, idx)
}

fn offerings_at(region: &str, idx: usize) -> Vec<Offering> {
    let zones = crate::geo::region(region).map_or(0, |r| r.zones.len());
    let mut v = Vec::new();
    for zone in 0..=zones {
        for product in 0..PRODUCTS.len() {
            for class in 0..2 {
                for otype in 0..3 {
                    for duration in 0..2 {
                        v.extend(build(region, idx, zone, product, class, otype, duration));
                    }
                }
            }
        }
    }
    v
}

/// Every offering of the region, type by type (lazily: the caller stops when its page is full).
pub fn all_offerings(region: &str) -> impl Iterator<Item = Offering> + '_ {
    (0..catalog::all().len()).filter(move |&i| catalog::offered_in_region(&catalog::all()[i].name, region)).flat_map(move |i| offerings_at(region, i))
}

/// A purchase: `count` instances' worth of one offering.
#[derive(Debug, Clone, PartialEq)]
pub struct ReservedInstances {
    pub id: String,
    pub offering: Offering,
    pub count: u32,
    pub start: Millis,
    pub end: Millis,
}

impl ReservedInstances {
    /// `active` until its end, then `retired` (no automatic renewal).
    pub fn state(&self, at: Millis) -> &'static str {
        if at >= self.end {
            "retired"
        } else {
            "active"
        }
    }
}

/// PurchaseReservedInstancesOffering.
pub fn purchase(w: &mut World, region: &str, offering_id: &str, count: i64, limit_price: Option<f64>) -> Result<String, ApiError> {
    w.region(region)?;
    let o = offering(region, offering_id).ok_or_else(|| {
        ApiError::new("InvalidReservedInstancesOfferingId", format!("The Reserved Instances offering '{offering_id}' does not exist.")).hint(
            "Offering ids come from describe_reserved_instances_offerings in the same region; copy one from there.",
            "오퍼링 ID는 같은 리전의 describe_reserved_instances_offerings에서 얻습니다. 거기서 복사하세요.",
        )
    })?;
    if count < 1 {
        return Err(ApiError::invalid_parameter_value(format!("Value ({count}) for parameter instanceCount is invalid. Expecting a value greater than 0."))
            .hint("InstanceCount is how many instances the reservation covers: at least 1.", "InstanceCount는 예약이 적용될 인스턴스 수이며 1 이상입니다."));
    }
    let total = o.fixed_price * count as f64;
    if let Some(limit) = limit_price {
        if total > limit + 1e-9 {
            return Err(ApiError::new(
                "ReservedInstancesLimitPriceExceeded",
                format!("The total upfront price of this purchase ({total:.2} USD) is higher than your LimitPrice ({limit:.2} USD)."),
            )
            .hint(
                "LimitPrice caps what you agree to pay up front for the whole purchase. Raise it, buy fewer instances, or choose a No Upfront offering.",
                "LimitPrice는 이 구매 전체의 선결제 상한입니다. 올리거나, 수량을 줄이거나, No Upfront 오퍼링을 고르세요.",
            ));
        }
    }
    let now = w.now();
    let month = crate::sim::clock::iso8601(now)[..7].to_string();
    let bought: u32 = w.regions[region]
        .purchase
        .reserved
        .iter()
        .filter(|r| r.offering.az == o.az && crate::sim::clock::iso8601(r.start)[..7] == month)
        .map(|r| r.count)
        .sum();
    if bought + count as u32 > MONTHLY_LIMIT || count > MONTHLY_LIMIT as i64 {
        let scope = o.az.clone().unwrap_or_else(|| region.to_string());
        return Err(ApiError::new("ReservedInstancesLimitExceeded", format!("You have reached the limit of {MONTHLY_LIMIT} Reserved Instances that you can purchase per month in {scope}.")).hint(
            format!("An account may buy at most {MONTHLY_LIMIT} Reserved Instances per month in each AZ and for the region ({bought} so far this month in {scope}). Buy fewer, or wait for next month."),
            format!("계정은 가용 영역별·리전별로 한 달에 예약 인스턴스를 최대 {MONTHLY_LIMIT}개 살 수 있습니다(이번 달 {scope}에서 {bought}개). 수량을 줄이거나 다음 달에 사세요."),
        ));
    }
    let bits = w.rng.id_bits();
    let h = format!("{bits:032x}");
    let id = format!("{}-{}-4{}-a{}-{}", &h[0..8], &h[8..12], &h[13..16], &h[17..20], &h[20..32]);
    let end = now + o.duration_s as Millis * 1000;
    w.regions.get_mut(region).expect("checked").purchase.reserved.push(ReservedInstances { id: id.clone(), offering: o, count: count as u32, start: now, end });
    Ok(id)
}

/// What the bill needs of one purchase (read-only).
///
/// How billing should apply it (AWS's rules, UG:apply_ri): during `[start, end)` the
/// reservation covers up to `count` instance-hours in each clock hour of running usage that
/// matches it — the same `instance_type`, the same platform (`product_description`
/// "Linux/UNIX" ↔ an instance whose PlatformDetails is "Linux/UNIX"; "Windows" ↔ "Windows"),
/// default tenancy, and, for a zonal reservation (`az` is Some), the same AZ; a regional one
/// (`az` None) matches any AZ of `region`. (AWS also lets a regional Linux RI cover other sizes
/// of the family by normalization factor; ec2lab may leave that out.) Spot usage never matches.
/// Covered usage costs `hourly` instead of the on-demand rate; `hourly × count` is charged every
/// hour of the term whether used or not; `upfront × count` is charged once at `start`.
#[derive(Debug, Clone, PartialEq)]
pub struct ReservationView {
    pub id: String,
    pub region: String,
    pub az: Option<String>,
    pub instance_type: String,
    pub product_description: String,
    pub offering_class: String,
    pub offering_type: String,
    pub count: u32,
    pub start: Millis,
    pub end: Millis,
    /// Recurring charge per instance-hour.
    pub hourly: f64,
    /// Paid once per instance at purchase.
    pub upfront: f64,
    /// Prices derived by ec2lab, not read from AWS.
    pub estimate: bool,
}

fn view(region: &str, r: &ReservedInstances) -> ReservationView {
    let o = &r.offering;
    ReservationView {
        id: r.id.clone(),
        region: region.to_string(),
        az: o.az.clone(),
        instance_type: o.instance_type.clone(),
        product_description: o.product_description.clone(),
        offering_class: o.offering_class.clone(),
        offering_type: o.offering_type.clone(),
        count: r.count,
        start: r.start,
        end: r.end,
        hourly: o.hourly,
        upfront: o.fixed_price,
        estimate: o.estimate,
    }
}

/// Every reservation the account ever bought, all regions, in purchase order per region.
pub fn reservations(w: &World) -> Vec<ReservationView> {
    w.regions.iter().flat_map(|(name, r)| r.purchase.reserved.iter().map(move |ri| view(name, ri))).collect()
}

/// The reservations of `region` active at `at`.
pub fn active_reservations(w: &World, region: &str, at: Millis) -> Vec<ReservationView> {
    w.regions.get(region).map_or_else(Vec::new, |r| r.purchase.reserved.iter().filter(|ri| ri.start <= at && at < ri.end).map(|ri| view(region, ri)).collect())
}

#[cfg(test)]
mod tests {
    use super::*;
    #[test]
    fn ids_round_trip_and_prices_are_discounts() {
        let v = offerings_of_type("us-east-1", "m5.large");
        assert!(v.len() > 100);
        for o in &v {
            assert_eq!(offering("us-east-1", &o.id).as_ref(), Some(o));
        }
        let od = super::super::on_demand_price("us-east-1", "m5.large").unwrap().hourly;
        let nu = v
            .iter()
            .find(|o| {
                o.az.is_none()
                    && o.offering_type == "No Upfront"
                    && o.offering_class == "standard"
                    && o.duration_s == YEAR_S
                    && o.product_description == "Linux/UNIX"
            })
            .unwrap();
        assert!(nu.hourly < od && nu.fixed_price == 0.0);
        assert!(offering("us-east-1", "00000000-0000-4000-8000-000000000000").is_none());
    }
}
