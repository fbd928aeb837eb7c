//! Spot Instance requests: creation (RequestSpotInstances and RunInstances with
//! InstanceMarketOptions), fulfilment when the max price covers the Spot price and the pool has
//! capacity, the interruption chain (rebalance recommendation → two-minute notice → stop,
//! hibernate or terminate), persistent requests relaunching or restarting their instance, and
//! cancellation. Request states and status codes follow UG:spot-request-status.
use super::capacity;
use super::price::Market;
use super::seeded::draw;
use crate::compute::{self, Instance, InstanceState, LaunchSpec};
use crate::error::ApiError;
use crate::sim::clock::iso8601;
use crate::sim::Millis;
use crate::world::{Event as WorldEvent, World};

/// The two-minute interruption notice (UG:spot-instance-termination-notices).
pub const NOTICE_MS: Millis = 120_000;
/// How far ahead the interruption watch looks; past it, it looks again (`Recheck`).
const HORIZON_MS: Millis = 7 * 24 * 3_600_000;
/// The smallest max price AWS accepts (aws-facts §11).
pub const MIN_MAX_PRICE: f64 = 0.001;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RequestType {
    OneTime,
    Persistent,
}

impl RequestType {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::OneTime => "one-time",
            Self::Persistent => "persistent",
        }
    }
}

/// What EC2 does to the instance when it interrupts it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Behavior {
    Terminate,
    Stop,
    Hibernate,
}

impl Behavior {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Terminate => "terminate",
            Self::Stop => "stop",
            Self::Hibernate => "hibernate",
        }
    }
    pub fn parse(s: &str) -> Option<Self> {
        match s {
            "terminate" => Some(Self::Terminate),
            "stop" => Some(Self::Stop),
            "hibernate" => Some(Self::Hibernate),
            _ => None,
        }
    }
}

/// Why EC2 interrupts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Cause {
    /// The Spot price rose above the request's max price.
    Price,
    /// A capacity crunch in the pool (or an exercise's `InterruptSpotInstance`).
    Capacity,
}

/// One interruption, kept on the request: when the notice came and when the action happened.
#[derive(Debug, Clone, PartialEq)]
pub struct Interruption {
    pub instance_id: String,
    pub cause: Cause,
    pub action: Behavior,
    pub rebalance_at: Option<Millis>,
    pub notice_at: Millis,
    /// When the action began (notice + 2 min; at the notice for hibernate).
    pub action_at: Option<Millis>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct SpotRequest {
    pub id: String,
    pub kind: RequestType,
    /// USD per hour; the on-demand price when the caller gave none.
    pub max_price: f64,
    pub behavior: Behavior,
    /// How to launch one instance (count 1); its AZ is fixed when the caller chose one.
    pub spec: LaunchSpec,
    pub product_description: String,
    pub state: String,
    pub status_code: String,
    pub status_message: String,
    pub status_time: Millis,
    pub instance_id: Option<String>,
    pub launched_az: Option<String>,
    pub create_time: Millis,
    pub valid_from: Option<Millis>,
    pub valid_until: Option<Millis>,
    pub launch_group: Option<String>,
    pub az_group: Option<String>,
    /// Bumped whenever scheduled events of this request become stale.
    pub generation: u64,
    /// An interruption under way (rebalance/notice given, action pending or in progress).
    pub interruption: Option<Interruption>,
    /// Every interruption so far, oldest first.
    pub history: Vec<Interruption>,
}

impl SpotRequest {
    fn set_status(&mut self, now: Millis, state: &str, code: &str, message: impl Into<String>) {
        self.state = state.to_string();
        self.status_code = code.to_string();
        self.status_message = message.into();
        self.status_time = now;
    }
    /// The instance-action metadata document, while a notice is out for `instance_id`.
    pub fn instance_action(&self, instance_id: &str) -> Option<(Behavior, Millis)> {
        let i = self.interruption.as_ref().filter(|i| i.instance_id == instance_id)?;
        let time = if i.action == Behavior::Hibernate { i.notice_at } else { i.notice_at + NOTICE_MS };
        Some((i.action, time))
    }
    /// The rebalance recommendation's notice time, once given for `instance_id`.
    pub fn rebalance(&self, instance_id: &str) -> Option<Millis> {
        self.interruption.as_ref().filter(|i| i.instance_id == instance_id).and_then(|i| i.rebalance_at)
    }
}

/// Timed steps of Spot requests.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SpotEvent {
    /// Try to fulfil an open request (or restart its stopped instance).
    Evaluate { id: String, generation: u64 },
    /// The rebalance recommendation of a coming interruption.
    Rebalance { id: String, generation: u64 },
    /// The two-minute notice.
    Notice { id: String, generation: u64 },
    /// The interruption action.
    Interrupt { id: String, generation: u64 },
    /// Nothing within the horizon: look again.
    Recheck { id: String, generation: u64 },
}

fn schedule(w: &mut World, region: &str, at: Millis, ev: SpotEvent) {
    let region = crate::geo::region(region).expect("modelled").name;
    let after = at.saturating_sub(w.now());
    w.schedule(after, WorldEvent::Purchase { region, event: super::Event::Spot(ev) });
}

fn req_mut<'w>(w: &'w mut World, region: &str, id: &str) -> Option<&'w mut SpotRequest> {
    w.regions.get_mut(region)?.purchase.spot_requests.get_mut(id)
}

/// Whether an instance runs on the Spot market.
pub fn is_spot(i: &Instance) -> bool {
    i.spot_request_id.is_some()
}

pub fn not_found(id: &str) -> ApiError {
    ApiError::new("InvalidSpotInstanceRequestID.NotFound", format!("The spot instance request ID '{id}' does not exist")).hint(
        "No Spot Instance request has this id in this region: check describe_spot_instance_requests (requests are per region).",
        "이 리전에 해당 ID의 스팟 인스턴스 요청이 없습니다. describe_spot_instance_requests로 확인하세요(요청은 리전별입니다).",
    )
}

pub fn check_ids(w: &World, region: &str, ids: &[String]) -> Result<(), ApiError> {
    let r = w.region(region)?;
    for id in ids {
        if !r.purchase.spot_requests.contains_key(id) {
            return Err(not_found(id));
        }
    }
    Ok(())
}

/// What a caller asks for, in domain terms (both RequestSpotInstances and RunInstances fill it).
#[derive(Debug, Clone, Default)]
pub struct SpotOptions {
    pub max_price: Option<String>,
    pub kind: Option<String>,
    pub behavior: Option<String>,
    pub valid_from: Option<Millis>,
    pub valid_until: Option<Millis>,
    pub block_duration_minutes: Option<i64>,
    pub launch_group: Option<String>,
    pub az_group: Option<String>,
}

struct Checked {
    kind: RequestType,
    behavior: Behavior,
    max_price: Option<f64>,
}

/// The checks RequestSpotInstances and RunInstances share.
fn check_options(o: &SpotOptions, run_instances: bool) -> Result<Checked, ApiError> {
    let kind = match o.kind.as_deref() {
        None | Some("one-time") => RequestType::OneTime,
        Some("persistent") => RequestType::Persistent,
        Some(k) => {
            return Err(ApiError::invalid_parameter_value(format!("Invalid value '{k}' for SpotInstanceType. Expecting 'one-time' or 'persistent'."))
                .hint("A Spot request is 'one-time' (default) or 'persistent'.", "스팟 요청 유형은 'one-time'(기본값) 또는 'persistent'입니다."))
        }
    };
    let behavior = match o.behavior.as_deref() {
        None => Behavior::Terminate,
        Some(b) => Behavior::parse(b).ok_or_else(|| {
            ApiError::invalid_parameter_value(format!("Invalid value '{b}' for InstanceInterruptionBehavior. Expecting 'hibernate', 'stop' or 'terminate'."))
                .hint(
                    "InstanceInterruptionBehavior is terminate (default), stop or hibernate.",
                    "InstanceInterruptionBehavior는 terminate(기본값), stop, hibernate 중 하나입니다.",
                )
        })?,
    };
    if behavior != Behavior::Terminate && kind == RequestType::OneTime {
        return Err(ApiError::invalid_parameter_combination(format!(
            "The interruption behavior '{}' is supported only for persistent Spot Instance requests.",
            behavior.as_str()
        ))
        .hint(
            "Only a persistent request can stop or hibernate its instance when interrupted (EC2 restarts it later); a one-time request can only terminate. Use SpotInstanceType='persistent'.",
            "중단 시 중지/최대 절전은 persistent 요청만 가능합니다(EC2가 나중에 다시 시작). one-time 요청은 종료만 됩니다. SpotInstanceType='persistent'를 쓰세요.",
        ));
    }
    if run_instances && kind == RequestType::Persistent && behavior == Behavior::Terminate {
        return Err(ApiError::invalid_parameter_combination(
            "For RunInstances, persistent Spot Instance requests are only supported when the instance interruption behavior is either hibernate or stop.",
        )
        .hint(
            "With RunInstances, a persistent Spot request must stop or hibernate its instance when interrupted: add InstanceInterruptionBehavior='stop'.",
            "RunInstances의 persistent 스팟 요청은 중단 시 인스턴스를 중지하거나 최대 절전해야 합니다. InstanceInterruptionBehavior='stop'을 추가하세요.",
        ));
    }
    let max_price = match o.max_price.as_deref() {
        None | Some("") => None,
        Some(s) => {
            let p: f64 = s.trim().parse().ok().filter(|p: &f64| p.is_finite()).ok_or_else(|| {
                ApiError::invalid_parameter_value(format!("Invalid value '{s}' for SpotPrice.")).hint(
                    "The max price is a decimal number of US dollars per hour, as a string: '0.05'.",
                    "최고 가격은 시간당 미국 달러 금액을 문자열로 씁니다: '0.05'.",
                )
            })?;
            if p < MIN_MAX_PRICE {
                return Err(ApiError::invalid_parameter_value(format!("The price {s} is too low. The minimum price is {MIN_MAX_PRICE}.")).hint(
                    "A Spot max price must be at least $0.001 per hour. Leave it out to pay at most the on-demand price (AWS's recommendation).",
                    "스팟 최고 가격은 시간당 $0.001 이상이어야 합니다. 빼면 온디맨드 가격이 상한이 됩니다(AWS 권장).",
                ));
            }
            Some(p)
        }
    };
    if let Some(m) = o.block_duration_minutes {
        return Err(ApiError::new("Unsupported", format!("Spot blocks (BlockDurationMinutes={m}) are no longer offered.")).hint(
            "Spot Instances with a defined duration (Spot blocks) were retired by AWS; leave BlockDurationMinutes out.",
            "기간이 정해진 스팟(Spot block)은 AWS가 더 이상 제공하지 않습니다. BlockDurationMinutes를 빼세요.",
        ));
    }
    if let (Some(f), Some(u)) = (o.valid_from, o.valid_until) {
        if u <= f {
            return Err(ApiError::invalid_parameter_value("ValidUntil must be later than ValidFrom.").hint(
                "The request is valid from ValidFrom until ValidUntil: the end must come after the start.",
                "요청은 ValidFrom부터 ValidUntil까지 유효합니다. 끝이 시작보다 뒤여야 합니다.",
            ));
        }
    }
    Ok(Checked { kind, behavior, max_price })
}

/// The AZ a launch spec pins (Placement or its subnet's AZ), if any.
fn pinned_az(w: &World, region: &str, spec: &LaunchSpec) -> Option<String> {
    let r = &w.regions[region];
    if let Some(az) = &spec.availability_zone {
        return Some(az.clone());
    }
    if let Some(id) = &spec.availability_zone_id {
        return r.info.zone_by_id(id).map(|z| z.name);
    }
    let subnet = spec.subnet_id.clone().or_else(|| spec.network_interfaces.iter().find_map(|n| n.subnet_id.clone()));
    subnet.and_then(|s| r.network.subnets.get(&s).map(|s| s.az.clone()))
}

/// Where a request could run now: the cheapest pool (AZ) whose price is at or below `max` and
/// that has capacity. `Err` carries the status code and message of the holding state.
fn pick_pool(w: &World, region: &str, itype: &str, pinned: Option<&str>, max: f64, at: Millis) -> Result<(String, f64), (String, String, f64)> {
    let zones: Vec<String> = match pinned {
        Some(z) => vec![z.to_string()],
        None => w.regions[region].info.zones().into_iter().map(|z| z.name).collect(),
    };
    let mut best: Option<(String, f64)> = None;
    let mut cheapest = f64::INFINITY;
    let mut capacity_short = false;
    for z in zones {
        let Some(m) = Market::new(w.seed, region, &z, itype) else { continue };
        let p = m.price_at(at);
        cheapest = cheapest.min(p);
        if p > max {
            continue;
        }
        if capacity::crunch_at(w.seed, region, &z, itype, at).is_some() {
            capacity_short = true;
            continue;
        }
        if best.as_ref().is_none_or(|(_, bp)| p < *bp) {
            best = Some((z, p));
        }
    }
    match best {
        Some(b) => Ok(b),
        None if capacity_short => Err(("capacity-not-available".into(), "There is no Spot capacity available that matches your request.".into(), cheapest)),
        None => Err((
            "price-too-low".into(),
            format!(
                "Your Spot request price of {} is lower than the minimum required Spot request fulfillment price of {}.",
                fmt_price(max),
                fmt_price(cheapest)
            ),
            cheapest,
        )),
    }
}

pub fn fmt_price(p: f64) -> String {
    format!("{p:.6}")
}

fn default_max(region: &str, itype: &str) -> f64 {
    super::on_demand_price(region, itype).map_or(1.0, |p| p.hourly)
}

/// RequestSpotInstances: checks everything (including the launch specification, by trying the
/// launch on a scratch copy of the world), then creates `count` open requests that EC2 evaluates
/// a few seconds later.
pub fn request(w: &mut World, region: &str, spec: LaunchSpec, o: &SpotOptions, count: i64, tags: &[(String, String)]) -> Result<Vec<String>, ApiError> {
    w.region(region)?;
    let c = check_options(o, false)?;
    if !(1..=20).contains(&count) {
        return Err(ApiError::invalid_parameter_value(format!("Value ({count}) for parameter InstanceCount is invalid. Expecting a value between 1 and 20."))
            .hint(
                "InstanceCount is how many Spot Instances (one request each) to ask for: 1 to 20 here.",
                "InstanceCount는 요청할 스팟 인스턴스 수(각각 요청 하나)이며 여기서는 1~20입니다.",
            ));
    }
    for (k, v) in tags {
        crate::tags::check_tag(k, v)?;
    }
    let mut one = spec.clone();
    one.min_count = 1;
    one.max_count = 1;
    one.client_token = None;
    let mut scratch = w.clone();
    compute::run_instances(&mut scratch, region, &one)?;
    let itype = one.instance_type.clone().unwrap_or_else(|| "m1.small".into());
    let now = w.now();
    let max_price = c.max_price.unwrap_or_else(|| default_max(region, &itype));
    let pinned = pinned_az(w, region, &one);
    let mut ids = Vec::new();
    for _ in 0..count {
        let id = spot_request_id(w);
        let mut spec = one.clone();
        if spec.availability_zone.is_none() && spec.subnet_id.is_none() && spec.network_interfaces.is_empty() {
            spec.availability_zone = pinned.clone();
        }
        let r = SpotRequest {
            id: id.clone(),
            kind: c.kind,
            max_price,
            behavior: c.behavior,
            spec,
            product_description: "Linux/UNIX".into(),
            state: "open".into(),
            status_code: "pending-evaluation".into(),
            status_message: "Your Spot request has been submitted for review, and is pending evaluation.".into(),
            status_time: now,
            instance_id: None,
            launched_az: None,
            create_time: now,
            valid_from: o.valid_from,
            valid_until: o.valid_until,
            launch_group: o.launch_group.clone(),
            az_group: o.az_group.clone(),
            generation: 1,
            interruption: None,
            history: Vec::new(),
        };
        let reg = w.regions.get_mut(region).expect("checked");
        reg.purchase.spot_requests.insert(id.clone(), r);
        if !tags.is_empty() {
            reg.tags.set(&id, tags);
        }
        // EC2 evaluates a new request within seconds (seeded 2-6 s; AWS publishes no figure).
        let ms = w.rng.duration_ms(2.0, 6.0);
        schedule(w, region, now + ms, SpotEvent::Evaluate { id: id.clone(), generation: 1 });
        ids.push(id);
    }
    Ok(ids)
}

/// `sir-` and 8 lower-case characters, as AWS's Spot request ids.
fn spot_request_id(w: &mut World) -> String {
    let bits = w.rng.id_bits();
    let alphabet = b"abcdefghijklmnopqrstuvwxyz0123456789";
    let s: String = (0..8).map(|k| alphabet[((bits >> (k * 6)) % 36) as usize] as char).collect();
    format!("sir-{s}")
}

/// RunInstances with `InstanceMarketOptions.MarketType = spot`: fulfilled at once or refused
/// (`SpotMaxPriceTooLow`, `InsufficientInstanceCapacity`); each instance gets its own request.
pub fn run_spot_instances(w: &mut World, region: &str, spec: &LaunchSpec, o: &SpotOptions) -> Result<(String, Vec<String>), ApiError> {
    w.region(region)?;
    let c = check_options(o, true)?;
    let itype = spec.instance_type.clone().unwrap_or_else(|| "m1.small".into());
    let max_price = c.max_price.unwrap_or_else(|| default_max(region, &itype));
    let now = w.now();
    let pinned = pinned_az(w, region, spec);
    let mut spec = spec.clone();
    // Without any Spot pool for the type (not offered there), the launch's own checks refuse it.
    let zones: Vec<String> = match &pinned {
        Some(z) => vec![z.clone()],
        None => w.regions[region].info.zones().into_iter().map(|z| z.name).collect(),
    };
    let has_market = zones.iter().any(|z| Market::new(w.seed, region, z, &itype).is_some());
    if catalog_known(&itype) && has_market {
        match pick_pool(w, region, &itype, pinned.as_deref(), max_price, now) {
            Ok((az, _)) => {
                if pinned.is_none() {
                    spec.availability_zone = Some(az);
                }
            }
            Err((code, message, _)) if code == "price-too-low" => {
                return Err(ApiError::new("SpotMaxPriceTooLow", message).hint(
                    "The Spot price is above your max price, so EC2 cannot launch now. Raise MaxPrice (or leave it out: the on-demand price is the default cap) — describe_spot_price_history shows the current prices.",
                    "스팟 가격이 최고 가격보다 높아 지금은 시작할 수 없습니다. MaxPrice를 올리거나 빼세요(기본 상한은 온디맨드 가격). describe_spot_price_history에서 현재 가격을 볼 수 있습니다.",
                ))
            }
            Err((_, message, _)) => {
                return Err(ApiError::new("InsufficientInstanceCapacity", message).status(500).hint(
                    "This Spot pool (type and AZ) has no spare capacity right now. Try another AZ or type, or retry later (capacity comes back).",
                    "이 스팟 풀(유형과 가용 영역)에 지금 여유 용량이 없습니다. 다른 가용 영역이나 유형을 쓰거나 나중에 다시 시도하세요.",
                ))
            }
        }
    }
    let (reservation, ids) = compute::run_instances(w, region, &spec)?;
    for iid in &ids {
        // A repeated ClientToken answers the first launch: its instances have their requests.
        if w.regions[region].compute.instances.get(iid).is_none_or(|i| i.spot_request_id.is_some()) {
            continue;
        }
        let rid = spot_request_id(w);
        let reg = w.regions.get_mut(region).expect("checked");
        let inst = reg.compute.instances.get_mut(iid).expect("just launched");
        inst.spot_request_id = Some(rid.clone());
        let az = inst.az.clone();
        let mut one = spec.clone();
        one.min_count = 1;
        one.max_count = 1;
        one.availability_zone = Some(az.clone());
        let r = SpotRequest {
            id: rid.clone(),
            kind: c.kind,
            max_price,
            behavior: c.behavior,
            spec: one,
            product_description: "Linux/UNIX".into(),
            state: "active".into(),
            status_code: "fulfilled".into(),
            status_message: "Your spot request is fulfilled.".into(),
            status_time: now,
            instance_id: Some(iid.clone()),
            launched_az: Some(az),
            create_time: now,
            valid_from: o.valid_from,
            valid_until: o.valid_until,
            launch_group: None,
            az_group: None,
            generation: 1,
            interruption: None,
            history: Vec::new(),
        };
        reg.purchase.spot_requests.insert(rid, r);
    }
    Ok((reservation, ids))
}

fn catalog_known(t: &str) -> bool {
    crate::catalog::instance_type(t).is_some()
}

/// CancelSpotInstanceRequests: the requests stop; their running instances keep running (AWS).
/// Returns `(id, state after)`.
pub fn cancel(w: &mut World, region: &str, ids: &[String]) -> Result<Vec<(String, String)>, ApiError> {
    check_ids(w, region, ids)?;
    let now = w.now();
    let mut out = Vec::new();
    for id in ids {
        let reg = w.regions.get_mut(region).expect("checked");
        let instance_state = reg.purchase.spot_requests[id].instance_id.as_ref().and_then(|i| reg.compute.instances.get(i)).map(|i| i.state);
        let r = reg.purchase.spot_requests.get_mut(id).expect("checked");
        match r.state.as_str() {
            "open" => {
                r.generation += 1;
                r.set_status(now, "cancelled", "canceled-before-fulfillment", "You canceled the Spot request before it was fulfilled.");
            }
            "active" | "disabled" => {
                let running = matches!(instance_state, Some(InstanceState::Running | InstanceState::Pending));
                if running {
                    r.set_status(now, "cancelled", "request-canceled-and-instance-running", "Spot Instance request canceled; the instance is still running.");
                } else {
                    // A stopped instance stays stopped (EC2 will not restart it); the status keeps why it stopped.
                    r.generation += 1;
                    let code = r.status_code.clone();
                    r.set_status(now, "cancelled", &code, "You canceled the Spot request; its stopped instance stays stopped until you terminate it.");
                }
            }
            _ => {}
        }
        out.push((id.clone(), r.state.clone()));
    }
    Ok(out)
}

/// StartInstances on a Spot Instance: only EC2 restarts one it stopped (aws-facts §11).
pub fn check_user_start(w: &World, region: &str, i: &Instance) -> Result<(), ApiError> {
    let Some(r) = i.spot_request_id.as_ref().and_then(|id| w.regions[region].purchase.spot_requests.get(id)) else { return Ok(()) };
    if i.state != InstanceState::Stopped {
        return Ok(());
    }
    let by_ec2 = matches!(r.status_code.as_str(), "instance-stopped-by-price" | "instance-stopped-no-capacity");
    if by_ec2 || r.state == "cancelled" {
        let (en, ko) = if by_ec2 {
            (
                "EC2 stopped this Spot Instance (an interruption), so only EC2 restarts it, when the price and capacity allow — its persistent request is 'disabled' until then. Wait, or terminate it and cancel the request.",
                "EC2가 중단으로 이 스팟 인스턴스를 중지했으므로 가격과 용량이 허락할 때 EC2만 다시 시작합니다(그때까지 persistent 요청은 'disabled'). 기다리거나, 종료하고 요청을 취소하세요.",
            )
        } else {
            (
                "The Spot request of this instance is cancelled, so it can no longer be started. Terminate it and launch a new one.",
                "이 인스턴스의 스팟 요청이 취소되어 더 이상 시작할 수 없습니다. 종료하고 새로 시작하세요.",
            )
        };
        return Err(ApiError::new(
            "IncorrectSpotRequestState",
            format!("Only Amazon EC2 can restart an interrupted stopped Spot Instance ({}, request {}).", i.id, r.id),
        )
        .hint(en, ko));
    }
    Ok(())
}

/// StopInstances on a Spot Instance: only one of a persistent request can be stopped.
pub fn check_user_stop(w: &World, region: &str, i: &Instance) -> Result<(), ApiError> {
    let Some(r) = i.spot_request_id.as_ref().and_then(|id| w.regions[region].purchase.spot_requests.get(id)) else { return Ok(()) };
    if r.kind == RequestType::OneTime && matches!(i.state, InstanceState::Running | InstanceState::Pending) {
        return Err(ApiError::new(
            "UnsupportedOperation",
            format!("You can't stop the Spot Instance '{}' because it is associated with a one-time Spot Instance request. You can only stop Spot Instances associated with persistent Spot Instance requests.", i.id),
        )
        .hint(
            "A Spot Instance of a one-time request can only run or be terminated. To stop and start Spot Instances, launch them from a persistent request with InstanceInterruptionBehavior 'stop'.",
            "one-time 요청의 스팟 인스턴스는 실행하거나 종료만 할 수 있습니다. 중지/시작하려면 InstanceInterruptionBehavior 'stop'인 persistent 요청으로 시작하세요.",
        ));
    }
    Ok(())
}

/// Compute calls this after an instance booted, stopped or terminated: the request follows.
pub fn after_instance_event(w: &mut World, region: &str, instance_id: &str) {
    let Some(inst) = w.regions.get(region).and_then(|r| r.compute.instances.get(instance_id)) else { return };
    let Some(rid) = inst.spot_request_id.clone() else { return };
    let state = inst.state;
    let now = w.now();
    let Some(r) = req_mut(w, region, &rid) else { return };
    if r.instance_id.as_deref() != Some(instance_id) {
        return;
    }
    let interrupted = r.interruption.as_ref().filter(|i| i.instance_id == instance_id && i.action_at.is_some()).map(|i| i.cause);
    match state {
        InstanceState::Running => {
            r.interruption = None;
            if r.state != "cancelled" {
                r.set_status(now, "active", "fulfilled", "Your spot request is fulfilled.");
            }
            r.generation += 1;
            watch(w, region, &rid);
        }
        InstanceState::Stopped => {
            r.generation += 1;
            if let Some(cause) = interrupted {
                if let Some(i) = r.interruption.take() {
                    r.history.push(i);
                }
                let (code, msg) = match cause {
                    Cause::Price => ("instance-stopped-by-price", "Your Spot Instance was stopped because the Spot price exceeded your max price."),
                    Cause::Capacity => (
                        "instance-stopped-no-capacity",
                        "Your Spot Instance was stopped because there was no more Spot capacity available for the instance type.",
                    ),
                };
                if r.state != "cancelled" {
                    r.set_status(now, "disabled", code, msg);
                    let generation = r.generation;
                    // EC2 looks again a few minutes later (seeded 5-15 min).
                    let after = 300_000 + draw(w.seed, &["spot-retry", &rid], generation) % 600_000;
                    schedule(w, region, now + after, SpotEvent::Evaluate { id: rid, generation });
                }
            } else if r.state != "cancelled" {
                r.set_status(now, "disabled", "instance-stopped-by-user", "You stopped the Spot Instance; the request is disabled until you start it.");
            }
        }
        InstanceState::Terminated => {
            r.generation += 1;
            let (code, msg) = match interrupted {
                Some(Cause::Price) => ("instance-terminated-by-price", "Your Spot Instance was terminated because the Spot price exceeded your max price."),
                Some(Cause::Capacity) => (
                    "instance-terminated-no-capacity",
                    "Your Spot Instance was terminated because there was no more Spot capacity available for the instance type.",
                ),
                None => ("instance-terminated-by-user", "You terminated a Spot Instance that was launched by this request."),
            };
            if let Some(i) = r.interruption.take() {
                if i.action_at.is_some() {
                    r.history.push(i);
                }
            }
            if r.state == "cancelled" {
                r.status_code = code.into();
                r.status_message = msg.into();
                r.status_time = now;
            } else if r.kind == RequestType::Persistent {
                // A persistent request opens again and EC2 launches a new instance when it can.
                r.set_status(now, "open", code, msg);
                let generation = r.generation;
                let after = 300_000 + draw(w.seed, &["spot-retry", &rid], generation) % 600_000;
                schedule(w, region, now + after, SpotEvent::Evaluate { id: rid, generation });
            } else {
                r.set_status(now, "closed", code, msg);
            }
        }
        _ => {}
    }
}

/// Schedules the next interruption of a request's running instance: the first moment within the
/// horizon when the price rises above the max price or a capacity crunch starts in its pool.
fn watch(w: &mut World, region: &str, rid: &str) {
    let now = w.now();
    let seed = w.seed;
    let Some(r) = w.regions[region].purchase.spot_requests.get(rid) else { return };
    let Some(iid) = r.instance_id.clone() else { return };
    let Some(inst) = w.regions[region].compute.instances.get(&iid) else { return };
    let (az, itype, max, generation) = (inst.az.clone(), inst.instance_type.clone(), r.max_price, r.generation);
    let until = now + HORIZON_MS;
    let by_price = Market::new(seed, region, &az, &itype).and_then(|m| m.first_above(max, now, until));
    let by_capacity = capacity::next_crunch(seed, region, &az, &itype, now, until).map(|(s, _)| s);
    let next = match (by_price, by_capacity) {
        (Some(p), Some(c)) if c < p => Some((c, Cause::Capacity)),
        (Some(p), _) => Some((p, Cause::Price)),
        (None, Some(c)) => Some((c, Cause::Capacity)),
        (None, None) => None,
    };
    match next {
        None => schedule(w, region, until, SpotEvent::Recheck { id: rid.to_string(), generation }),
        Some((at, cause)) => plan_interruption(w, region, rid, &iid, at, cause, generation),
    }
}

/// Rebalance recommendation a seeded 0-30 min before the notice (never before now), the notice
/// at `at`, the action two minutes later (at once for hibernate).
fn plan_interruption(w: &mut World, region: &str, rid: &str, iid: &str, at: Millis, cause: Cause, generation: u64) {
    let now = w.now();
    let lead = draw(w.seed, &["spot-rebalance", rid, iid], at) % (30 * 60_000 + 1);
    let rebalance = at.saturating_sub(lead).max(now);
    let behavior = w.regions[region].purchase.spot_requests[rid].behavior;
    if let Some(r) = req_mut(w, region, rid) {
        r.interruption = Some(Interruption { instance_id: iid.to_string(), cause, action: behavior, rebalance_at: None, notice_at: at, action_at: None });
    }
    schedule(w, region, rebalance, SpotEvent::Rebalance { id: rid.to_string(), generation });
    schedule(w, region, at, SpotEvent::Notice { id: rid.to_string(), generation });
}

/// ec2lab's `InterruptSpotInstance`: the notice now, the action two minutes later (for
/// exercises), as a capacity interruption.
pub fn force_interruption(w: &mut World, region: &str, instance_id: &str) -> Result<(Behavior, Millis), ApiError> {
    let i = compute::instance(w, region, instance_id)?;
    let Some(rid) = i.spot_request_id.clone() else {
        return Err(ApiError::new("UnsupportedOperation", format!("The instance '{instance_id}' is not a Spot Instance.")).hint(
            "Only Spot Instances can be interrupted: launch one with request_spot_instances or run_instances(InstanceMarketOptions={'MarketType': 'spot'}).",
            "스팟 인스턴스만 중단할 수 있습니다. request_spot_instances 또는 run_instances(InstanceMarketOptions={'MarketType': 'spot'})로 시작하세요.",
        ));
    };
    if i.state != InstanceState::Running {
        return Err(ApiError::new("IncorrectInstanceState", format!("The instance '{instance_id}' is not running, so there is nothing to interrupt.")).hint(
            "EC2 interrupts running Spot Instances only. Wait until it is running (waiter instance_running).",
            "EC2는 실행 중인 스팟 인스턴스만 중단합니다. 실행 중이 될 때까지 기다리세요(waiter instance_running).",
        ));
    }
    let r = &w.regions[region].purchase.spot_requests[&rid];
    if r.interruption.as_ref().is_some_and(|x| x.instance_id == instance_id && x.notice_at <= w.now()) {
        return Err(ApiError::new("IncorrectInstanceState", format!("The Spot Instance '{instance_id}' already has an interruption notice.")).hint(
            "An interruption is already under way; read spot/instance-action for its time.",
            "이미 중단이 진행 중입니다. spot/instance-action에서 시간을 확인하세요.",
        ));
    }
    let now = w.now();
    let r = req_mut(w, region, &rid).expect("exists");
    r.generation += 1;
    let generation = r.generation;
    let behavior = r.behavior;
    r.interruption = Some(Interruption {
        instance_id: instance_id.to_string(),
        cause: Cause::Capacity,
        action: behavior,
        rebalance_at: Some(now),
        notice_at: now,
        action_at: None,
    });
    give_notice(w, region, &rid, generation);
    let time = if behavior == Behavior::Hibernate { now } else { now + NOTICE_MS };
    Ok((behavior, time))
}

pub fn apply_event(w: &mut World, region: &'static str, ev: SpotEvent) {
    let now = w.now();
    let (id, generation) = match &ev {
        SpotEvent::Evaluate { id, generation }
        | SpotEvent::Rebalance { id, generation }
        | SpotEvent::Notice { id, generation }
        | SpotEvent::Interrupt { id, generation }
        | SpotEvent::Recheck { id, generation } => (id.clone(), *generation),
    };
    let Some(r) = w.regions[region].purchase.spot_requests.get(&id) else { return };
    if r.generation != generation {
        return;
    }
    let running = r.instance_id.as_ref().and_then(|i| w.regions[region].compute.instances.get(i)).is_some_and(|i| i.state == InstanceState::Running);
    match ev {
        SpotEvent::Evaluate { .. } => evaluate(w, region, &id),
        SpotEvent::Recheck { .. } if running => watch(w, region, &id),
        SpotEvent::Rebalance { .. } if running => {
            if let Some(i) = req_mut(w, region, &id).and_then(|r| r.interruption.as_mut()) {
                i.rebalance_at = Some(now);
            }
        }
        SpotEvent::Notice { .. } if running => give_notice(w, region, &id, generation),
        SpotEvent::Interrupt { .. } if running => {
            let r = req_mut(w, region, &id).expect("exists");
            let Some(i) = r.interruption.as_mut() else { return };
            i.action_at = Some(now);
            let (action, iid) = (i.action, i.instance_id.clone());
            let reason = match action {
                Behavior::Terminate => ("Server.SpotInstanceTermination", "Server.SpotInstanceTermination: Spot instance termination"),
                _ => ("Server.SpotInstanceShutdown", "Server.SpotInstanceShutdown: Spot instance shutdown"),
            };
            compute::service_interrupt(w, region, &iid, action.as_str(), reason);
        }
        _ => {}
    }
}

/// The two-minute notice: the instance-action document appears, the request is marked, and the
/// action follows two minutes later (at once for hibernate).
fn give_notice(w: &mut World, region: &str, id: &str, generation: u64) {
    let now = w.now();
    let Some(r) = req_mut(w, region, id) else { return };
    let Some(i) = r.interruption.as_mut() else { return };
    i.notice_at = now;
    let action = i.action;
    let (state, code, msg) = match action {
        Behavior::Terminate => (
            if r.kind == RequestType::OneTime { "closed" } else { "active" },
            "marked-for-termination",
            "Your Spot Instance is marked for termination: it will be terminated in two minutes.",
        ),
        _ => ("active", "marked-for-stop", "Your Spot Instance is marked to be stopped: it will be stopped in two minutes."),
    };
    if r.state != "cancelled" {
        r.set_status(now, state, code, msg);
    }
    let delay = if action == Behavior::Hibernate { 0 } else { NOTICE_MS };
    schedule(w, region, now + delay, SpotEvent::Interrupt { id: id.to_string(), generation });
}

/// Tries to fulfil an open request (or restart the stopped instance of a disabled one).
fn evaluate(w: &mut World, region: &str, id: &str) {
    let now = w.now();
    let r = w.regions[region].purchase.spot_requests[id].clone();
    let restart = r.state == "disabled" && matches!(r.status_code.as_str(), "instance-stopped-by-price" | "instance-stopped-no-capacity");
    if r.state != "open" && !restart {
        return;
    }
    if let Some(until) = r.valid_until {
        if now >= until {
            let rr = req_mut(w, region, id).expect("exists");
            rr.generation += 1;
            rr.set_status(now, "closed", "schedule-expired", "The Spot request expired because it could not be fulfilled before the specified end date.");
            return;
        }
    }
    if let Some(from) = r.valid_from {
        if now < from {
            let rr = req_mut(w, region, id).expect("exists");
            rr.set_status(now, "open", "not-scheduled-yet", "Your Spot request will not be evaluated until the scheduled date.");
            schedule(w, region, from, SpotEvent::Evaluate { id: id.to_string(), generation: r.generation });
            return;
        }
    }
    let itype = r.spec.instance_type.clone().unwrap_or_else(|| "m1.small".into());
    let pinned = if restart { r.launched_az.clone() } else { r.spec.availability_zone.clone().or_else(|| pinned_az(w, region, &r.spec)) };
    match pick_pool(w, region, &itype, pinned.as_deref(), r.max_price, now) {
        Err((code, message, _)) => {
            let state = if restart { "disabled" } else { "open" };
            let rr = req_mut(w, region, id).expect("exists");
            if !restart {
                rr.set_status(now, state, &code, message);
            }
            // Look again at the next price change or capacity boundary of the candidate pools.
            let next = next_change(w, region, &itype, pinned.as_deref(), now).unwrap_or(now + HORIZON_MS);
            let capped = r.valid_until.map_or(next, |u| next.min(u));
            schedule(w, region, capped.max(now + 1), SpotEvent::Evaluate { id: id.to_string(), generation: r.generation });
        }
        Ok((az, _)) if restart => {
            let iid = r.instance_id.clone().expect("a disabled request has its instance");
            let rr = req_mut(w, region, id).expect("exists");
            rr.generation += 1;
            rr.set_status(now, "active", "pending-fulfillment", "Your Spot request is being fulfilled: EC2 is restarting your Spot Instance.");
            let _ = az;
            if compute::start(w, region, std::slice::from_ref(&iid)).is_err() {
                let rr = req_mut(w, region, id).expect("exists");
                rr.set_status(now, "failed", "system-error", "EC2 could not restart the Spot Instance.");
            }
        }
        Ok((az, _)) => {
            let mut spec = r.spec.clone();
            if spec.subnet_id.is_none() && spec.network_interfaces.is_empty() {
                spec.availability_zone = Some(az.clone());
            }
            match compute::run_instances(w, region, &spec) {
                Ok((_, ids)) => {
                    let iid = ids[0].clone();
                    let reg = w.regions.get_mut(region).expect("modelled");
                    if let Some(i) = reg.compute.instances.get_mut(&iid) {
                        i.spot_request_id = Some(id.to_string());
                    }
                    let rr = reg.purchase.spot_requests.get_mut(id).expect("exists");
                    rr.generation += 1;
                    rr.instance_id = Some(iid);
                    rr.launched_az = Some(az);
                    rr.interruption = None;
                    rr.set_status(now, "active", "fulfilled", "Your spot request is fulfilled.");
                }
                Err(e) => {
                    let rr = req_mut(w, region, id).expect("exists");
                    rr.generation += 1;
                    rr.set_status(now, "closed", "bad-parameters", e.message.clone());
                }
            }
        }
    }
}

/// The next moment a pool's situation may change (a price change or a crunch boundary).
fn next_change(w: &World, region: &str, itype: &str, pinned: Option<&str>, now: Millis) -> Option<Millis> {
    let zones: Vec<String> = match pinned {
        Some(z) => vec![z.to_string()],
        None => w.regions[region].info.zones().into_iter().map(|z| z.name).collect(),
    };
    let mut best: Option<Millis> = None;
    for z in zones {
        let Some(m) = Market::new(w.seed, region, &z, itype) else { continue };
        let mut cands = vec![];
        if let Some(&(t, _)) = m.changes_after(now, now + HORIZON_MS).first() {
            cands.push(t);
        }
        if let Some((_, e)) = capacity::crunch_at(w.seed, region, &z, itype, now) {
            cands.push(e);
        }
        for t in cands {
            best = Some(best.map_or(t, |b| b.min(t)));
        }
    }
    best
}

/// The instance-action document (`spot/instance-action`): `{"action": ..., "time": ...}`.
pub fn instance_action_json(action: Behavior, time: Millis) -> String {
    let t = iso8601(time);
    // The metadata service gives whole seconds: 2025-01-06T09:02:00Z.
    let t = format!("{}Z", &t[..19]);
    format!("{{\"action\": \"{}\", \"time\": \"{}\"}}", action.as_str(), t)
}
