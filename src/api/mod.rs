//! The one door: every surface (Python client, objects, boto3 bridge, Rust tests) calls
//! `Cloud::call(service, region, operation, params)` with AWS's operation names and shapes.
pub mod autoscaling;
pub mod cloudwatch;
pub mod ebs;
pub mod ec2;
pub mod elbv2;
pub mod lab;
mod params;
pub mod shapes;
pub mod sns;
mod wire;

pub use params::parse;
pub use wire::{filters, FilterShape, Filters, Tag, TagSpecification, Timestamp, TIMESTAMP_NEWTYPE};

use crate::error::ApiError;
use crate::sim::{IdGen, Millis};
use crate::world::World;
use serde::de::DeserializeOwned;
use serde::Serialize;
use serde_json::Value;

/// A simulated AWS account: the world and the door to it.
#[derive(Debug, Clone)]
pub struct Cloud {
    pub world: World,
    request_rng: crate::sim::SimRng,
    /// Every call and step of time, for saving and replay (`src/record`).
    pub log: crate::record::Log,
}

impl Cloud {
    pub fn new(seed: u64) -> Self {
        // Request ids come from their own stream so that they never shift resource ids.
        Cloud { world: World::new(seed), request_rng: crate::sim::SimRng::new(seed ^ 0x5eed_0f1d), log: Default::default() }
    }

    /// Calls one AWS operation. A refused call leaves the world exactly as it was.
    pub fn call(&mut self, service: &str, region: &str, operation: &str, params: Value) -> Result<Value, ApiError> {
        let answer = self.answer(service, region, operation, params)?;
        Ok(serde_json::to_value(&*answer).expect("response shapes always serialise"))
    }

    /// Like `call`, but hands back the typed response unserialised, so that a binding can turn
    /// it into its own objects without a JSON detour. Every call is recorded, refused ones too.
    pub fn answer(&mut self, service: &str, region: &str, operation: &str, params: Value) -> Result<Answer, ApiError> {
        let at = self.world.now();
        let result = self.answer_unrecorded(service, region, operation, params.clone());
        self.log.call(at, service, region, operation, params, &result);
        result
    }

    fn answer_unrecorded(&mut self, service: &str, region: &str, operation: &str, params: Value) -> Result<Answer, ApiError> {
        crate::geo::require_region(region)?;
        let params = if params.is_null() { Value::Object(Default::default()) } else { params };
        if !params.is_object() {
            return Err(ApiError::param_validation("Parameter validation failed:\nThe request parameters must be a mapping of parameter names to values"));
        }
        let answer = match service {
            "ec2" => ec2::dispatch(&mut self.world, region, operation, params),
            "ebs" => ebs::dispatch(&mut self.world, region, operation, params),
            "elbv2" => elbv2::dispatch(&mut self.world, region, operation, params),
            "cloudwatch" => cloudwatch::dispatch(&mut self.world, region, operation, params),
            "sns" => sns::dispatch(&mut self.world, region, operation, params),
            "autoscaling" => autoscaling::dispatch(&mut self.world, region, operation, params),
            "ec2lab" => lab::dispatch(&mut self.world, region, operation, params),
            _ => None,
        };
        answer.unwrap_or_else(|| Err(not_implemented(service, operation)))
    }

    /// The operations of `service` that ec2lab implements (PascalCase AWS names).
    pub fn implemented_operations(service: &str) -> &'static [&'static str] {
        match service {
            "ec2" => ec2::OPERATIONS,
            "ebs" => ebs::OPERATIONS,
            "elbv2" => elbv2::OPERATIONS,
            "cloudwatch" => cloudwatch::OPERATIONS,
            "sns" => sns::OPERATIONS,
            "autoscaling" => autoscaling::OPERATIONS,
            "ec2lab" => lab::OPERATIONS,
            _ => &[],
        }
    }

    /// A request id for the response metadata (deterministic per seed and call order).
    pub fn next_request_id(&mut self) -> String {
        IdGen::request_id(&mut self.request_rng)
    }

    pub fn now(&self) -> Millis {
        self.world.now()
    }

    pub fn advance(&mut self, ms: Millis) -> usize {
        self.advance_to(self.world.now().saturating_add(ms))
    }

    /// Runs every event up to the instant `until` (no-op if it is past); recorded.
    pub fn advance_to(&mut self, until: Millis) -> usize {
        let from = self.world.now();
        let n = self.world.advance_to(until.max(from));
        self.log.advance(from, self.world.now(), n);
        n
    }
}

fn not_implemented(service: &str, operation: &str) -> ApiError {
    if service == "ec2lab" {
        return ApiError::new("InvalidAction", format!("ec2lab has no operation {operation}."));
    }
    match shapes::operation(service, operation) {
        Some(_) => ApiError::new("NotImplemented", format!("ec2lab does not simulate {service}:{operation} yet.")).status(501).hint(
            format!("{operation} is a real {service} operation, but ec2lab has not modelled it. See the README for what is supported."),
            format!("{operation}은(는) 실제 {service} 작업이지만 ec2lab은 아직 시뮬레이션하지 않습니다. 지원 목록은 README를 보세요."),
        ),
        None => ApiError::new("InvalidAction", format!("The action {operation} is not valid for this web service.")).hint(
            "Check the operation name: it is the PascalCase AWS name (RunInstances) or boto3's snake_case method (run_instances).",
            "작업 이름을 확인하세요. AWS 이름(RunInstances) 또는 boto3 메서드 이름(run_instances)을 씁니다.",
        ),
    }
}

/// A typed response, serialisable into JSON or straight into a binding's objects.
pub type Answer = Box<dyn erased_serde::Serialize + Send>;

/// Parses the request and runs the operation: the shape of every handler.
pub fn handle<Req, Resp>(params: Value, op: impl FnOnce(Req) -> Result<Resp, ApiError>) -> Result<Answer, ApiError>
where
    Req: DeserializeOwned,
    Resp: Serialize + Send + 'static,
{
    let req = parse::<Req>(params)?;
    Ok(Box::new(op(req)?))
}
