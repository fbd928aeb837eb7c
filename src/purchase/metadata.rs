//! The instance metadata service as the instance itself reads it
//! (`http://169.254.169.254/latest/meta-data/<path>`): the Spot paths that matter for
//! interruptions (`spot/instance-action` → 404 until a notice is out, aws-facts §11;
//! `events/recommendations/rebalance`) and a few common ones. Answers are HTTP-like
//! (status + body) because that is what a program on the instance sees.
use super::spot::instance_action_json;
use crate::compute::{self, InstanceState};
use crate::error::ApiError;
use crate::network::format_ip;
use crate::sim::clock::iso8601;
use crate::world::World;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MetadataAnswer {
    pub status: u16,
    pub body: String,
}

/// The body IMDS sends with a 404.
pub const NOT_FOUND_BODY: &str = "<?xml version=\"1.0\" encoding=\"iso-8859-1\"?>\n<!DOCTYPE html PUBLIC \"-//W3C//DTD XHTML 1.0 Transitional//EN\"\n\t\"http://www.w3.org/TR/xhtml1/DTD/xhtml1-transitional.dtd\">\n<html xmlns=\"http://www.w3.org/1999/xhtml\" xml:lang=\"en\" lang=\"en\">\n <head>\n  <title>404 - Not Found</title>\n </head>\n <body>\n  <h1>404 - Not Found</h1>\n </body>\n</html>\n";

/// The paths answered (besides the Spot ones, which 404 until there is something to say).
pub const PATHS: &[&str] = &[
    "ami-id",
    "instance-id",
    "instance-type",
    "instance-life-cycle",
    "local-ipv4",
    "public-ipv4",
    "placement/availability-zone",
    "placement/availability-zone-id",
    "placement/region",
    "spot/instance-action",
    "spot/termination-time",
    "events/recommendations/rebalance",
];

fn whole_seconds(ms: crate::sim::Millis) -> String {
    format!("{}Z", &iso8601(ms)[..19])
}

/// Reads one metadata path from inside `instance_id`. `Err` when the instance cannot run a
/// program at all (not running); a path with nothing to say is a 404 answer, not an error.
pub fn read(w: &World, region: &str, instance_id: &str, path: &str) -> Result<MetadataAnswer, ApiError> {
    let i = compute::instance(w, region, instance_id)?;
    // The OS is up while running, and still up while it shuts down after a notice.
    if !matches!(i.state, InstanceState::Running | InstanceState::Stopping | InstanceState::ShuttingDown) || i.rebooting_until.is_some_and(|t| t > w.now()) {
        return Err(ApiError::new("IncorrectInstanceState", format!("The instance '{instance_id}' is not running: nothing inside it can read instance metadata.")).hint(
            "Instance metadata is read by programs on the instance (http://169.254.169.254/latest/meta-data/). Start the instance, or wait until it is running.",
            "인스턴스 메타데이터는 인스턴스 안의 프로그램이 읽습니다(http://169.254.169.254/latest/meta-data/). 인스턴스를 시작하거나 실행될 때까지 기다리세요.",
        ));
    }
    let p = path.trim().trim_start_matches("http://169.254.169.254").trim_start_matches('/');
    let p = p.strip_prefix("latest/meta-data/").unwrap_or(p).trim_end_matches('/');
    let r = &w.regions[region];
    let eni = i.network.as_ref().and_then(|n| r.network.enis.get(&n.eni_id));
    let request = i.spot_request_id.as_ref().and_then(|id| r.purchase.spot_requests.get(id));
    let found = |s: String| Ok(MetadataAnswer { status: 200, body: s });
    let missing = || Ok(MetadataAnswer { status: 404, body: NOT_FOUND_BODY.to_string() });
    match p {
        "" => found(
            PATHS
                .iter()
                .map(|s| s.split('/').next().unwrap_or(s))
                .fold(Vec::<&str>::new(), |mut v, s| {
                    if !v.contains(&s) {
                        v.push(s)
                    }
                    v
                })
                .iter()
                .map(|s| if PATHS.iter().any(|p| p.starts_with(&format!("{s}/"))) { format!("{s}/") } else { s.to_string() })
                .collect::<Vec<_>>()
                .join("\n"),
        ),
        "ami-id" => found(i.image_id.clone()),
        "instance-id" => found(i.id.clone()),
        "instance-type" => found(i.instance_type.clone()),
        "instance-life-cycle" => found(if request.is_some() { "spot".into() } else { "on-demand".into() }),
        "local-ipv4" => match eni {
            Some(e) => found(format_ip(e.primary_ip())),
            None => missing(),
        },
        "public-ipv4" => match eni.and_then(|e| r.network.primary_public_ip(e)) {
            Some(ip) => found(format_ip(ip)),
            None => missing(),
        },
        "placement/availability-zone" => found(i.az.clone()),
        "placement/availability-zone-id" => found(i.az_id.clone()),
        "placement/region" => found(region.to_string()),
        "spot/instance-action" => match request.and_then(|q| q.instance_action(&i.id)).filter(|(_, _)| notice_out(w, request, &i.id)) {
            Some((action, time)) => found(instance_action_json(action, time)),
            None => missing(),
        },
        // The older path: the termination time alone, only for a termination.
        "spot/termination-time" => {
            match request.and_then(|q| q.instance_action(&i.id)).filter(|(a, _)| *a == super::spot::Behavior::Terminate && notice_out(w, request, &i.id)) {
                Some((_, time)) => found(whole_seconds(time)),
                None => missing(),
            }
        }
        "events/recommendations/rebalance" => match request.and_then(|q| q.rebalance(&i.id)) {
            Some(t) => found(format!("{{\"noticeTime\": \"{}\"}}", whole_seconds(t))),
            None => missing(),
        },
        _ => missing(),
    }
}

/// Whether the notice of the request's planned interruption has been given (it is planned ahead).
fn notice_out(w: &World, request: Option<&super::SpotRequest>, instance_id: &str) -> bool {
    request.and_then(|q| q.interruption.as_ref()).is_some_and(|x| x.instance_id == instance_id && x.notice_at <= w.now())
}
