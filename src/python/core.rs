//! `Core`: one simulated AWS account (`Cloud`) behind a mutex, callable from Python threads
//! and from the tokio task that paces real-time mode.
use super::error::{guarded, Failure};
use super::{pace, paths};
use crate::api::shapes;
use crate::Cloud;
use pyo3::exceptions::PyValueError;
use pyo3::prelude::*;
use serde_json::Value;
use std::collections::BTreeMap;
use std::sync::{Arc, Mutex, MutexGuard};

pub type Shared = Arc<Mutex<Cloud>>;

/// The cloud stays usable after a caught panic (the mutex is never left poisoned for good).
pub fn lock(cloud: &Shared) -> MutexGuard<'_, Cloud> {
    cloud.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
}

/// Seconds (a Python float) to virtual milliseconds.
pub fn seconds_to_ms(seconds: f64) -> PyResult<u64> {
    if !seconds.is_finite() || seconds < 0.0 {
        return Err(PyValueError::new_err(format!("seconds must be a finite number >= 0, not {seconds}")));
    }
    Ok((seconds * 1000.0).round() as u64)
}

#[pyclass(frozen, module = "ec2lab._core")]
pub struct Core {
    cloud: Shared,
    seed: u64,
}

impl Core {
    /// Runs `f` on the locked cloud without the GIL: a thread holding the lock may be waiting
    /// for the GIL to call a Python app (`apps.rs`), so the lock is never awaited with the GIL.
    /// From inside an app's callable (this thread holds the lock already) it refuses.
    fn with_cloud<T: Send>(&self, py: Python<'_>, f: impl FnOnce(&mut Cloud) -> T + Send) -> PyResult<T> {
        super::apps::check_not_in_app()?;
        let cloud = &self.cloud;
        Ok(py.detach(move || f(&mut lock(cloud))))
    }
}

#[pymethods]
impl Core {
    #[new]
    #[pyo3(signature = (seed = 0))]
    fn new(seed: u64) -> Self {
        Core { cloud: Arc::new(Mutex::new(Cloud::new(seed))), seed }
    }

    #[getter]
    fn seed(&self) -> u64 {
        self.seed
    }

    /// Calls one operation (PascalCase name) and returns the response as a dict, with
    /// timestamps as aware UTC datetimes and blobs as bytes, as boto3 returns them.
    fn call<'py>(&self, py: Python<'py>, service: &str, region: &str, operation: &str, params: &Bound<'py, PyAny>) -> PyResult<Bound<'py, PyAny>> {
        let shape = shapes::operation(service, operation);
        let params = match shape {
            Some(s) if !s.in_blob.is_empty() => paths::encode_blobs(params, &s.in_blob)?,
            _ => params.clone(),
        };
        let value: Value = if params.is_none() {
            Value::Null
        } else {
            pythonize::depythonize(&params).map_err(|e| {
                Failure::from(crate::ApiError::param_validation(format!("Parameter validation failed:\nInvalid type for parameter input: {e}"))).into_py_err(py)
            })?
        };
        super::apps::check_not_in_app()?;
        let cloud = self.cloud.clone();
        let (service_s, region_s, op_s) = (service.to_string(), region.to_string(), operation.to_string());
        let answer = py.detach(move || guarded(|| lock(&cloud).answer(&service_s, &region_s, &op_s, value).map_err(Failure::from)));
        let answer = answer.map_err(|f| f.into_py_err(py))?;
        let out = super::to_py::to_py(py, &*answer)?;
        if let Some(s) = shape {
            paths::decode(&out, &s.ts, &s.blob)?;
        }
        Ok(out)
    }

    /// A request id for ResponseMetadata (deterministic per seed and call order).
    fn request_id(&self, py: Python<'_>) -> PyResult<String> {
        self.with_cloud(py, |c| c.next_request_id())
    }

    /// Virtual time, in milliseconds since the Unix epoch.
    fn now_ms(&self, py: Python<'_>) -> PyResult<u64> {
        self.with_cloud(py, |c| c.now())
    }

    /// Runs every event up to now + seconds; returns how many ran.
    fn advance(&self, py: Python<'_>, seconds: f64) -> PyResult<usize> {
        let ms = seconds_to_ms(seconds)?;
        super::apps::check_not_in_app()?;
        let cloud = self.cloud.clone();
        py.detach(move || guarded(|| Ok(lock(&cloud).advance(ms)))).map_err(|f| f.into_py_err(py))
    }

    /// Runs every event up to the absolute virtual instant `ms` (no-op if it is past).
    fn advance_to(&self, py: Python<'_>, ms: u64) -> PyResult<usize> {
        super::apps::check_not_in_app()?;
        let cloud = self.cloud.clone();
        py.detach(move || guarded(|| Ok(lock(&cloud).advance_to(ms)))).map_err(|f| f.into_py_err(py))
    }

    /// When the next scheduled event is due (ms since the epoch), or None.
    fn next_event_ms(&self, py: Python<'_>) -> PyResult<Option<u64>> {
        self.with_cloud(py, |c| c.world.next_event_at())
    }

    /// Real-time mode: an awaitable that moves the clock to now + seconds, event by event,
    /// sleeping virtual/speed of real time; cancelling it stops between slices of <= 250 ms.
    fn advance_paced<'py>(&self, py: Python<'py>, seconds: f64, speed: f64) -> PyResult<Bound<'py, PyAny>> {
        super::apps::check_not_in_app()?;
        pace::advance_paced(py, self.cloud.clone(), seconds, speed)
    }

    /// The recording so far as JSON text (`Cloud.save`); `region` is the Python Cloud's default.
    fn recording(&self, py: Python<'_>, region: &str) -> PyResult<String> {
        self.with_cloud(py, |c| super::record::save(c, region))
    }

    /// Replays a saved recording in a fresh core: `(core, default region)`, or `ReplayError`.
    #[staticmethod]
    #[pyo3(signature = (text, expected_seed = None))]
    fn replay(py: Python<'_>, text: String, expected_seed: Option<u64>) -> PyResult<(Core, String)> {
        let (cloud, region) = super::record::load(py, text, expected_seed)?;
        Ok((Core { seed: cloud.world.seed, cloud: Arc::new(Mutex::new(cloud)) }, region))
    }

    /// SHA-256 of the world's state (`sha256:...`), as a recording's digest.
    fn digest(&self, py: Python<'_>) -> PyResult<String> {
        self.with_cloud(py, |c| crate::record::world_digest(&c.world))
    }

    /// How many entries the recording holds.
    fn log_len(&self, py: Python<'_>) -> PyResult<usize> {
        self.with_cloud(py, |c| c.log.entries.len())
    }

    /// Registers an app outside the core for `Serve`'s ExternalHandle: a Python callable
    /// `f(request)` (`apps.rs`) or an upstream URL `"http://host:port[/prefix]"` (`upstream.rs`).
    /// Returns the handle.
    fn register_app(&self, py: Python<'_>, app: &Bound<'_, PyAny>) -> PyResult<u64> {
        let external: std::sync::Arc<dyn crate::elb::apps::ExternalApp> = if let Ok(url) = app.extract::<String>() {
            std::sync::Arc::new(super::upstream::Upstream::parse(&url).map_err(PyValueError::new_err)?)
        } else if app.is_callable() {
            std::sync::Arc::new(super::apps::PyApp::new(app.clone().unbind()))
        } else {
            return Err(pyo3::exceptions::PyTypeError::new_err(format!(
                "an app is a callable f(request) or an upstream URL string, not {}",
                app.get_type().name()?
            )));
        };
        self.with_cloud(py, move |c| {
            let ex = &mut c.world.externals;
            ex.next_handle += 1;
            ex.apps.insert(ex.next_handle, external);
            ex.next_handle
        })
    }

    /// Serves `load_balancer` (name or ARN) over real HTTP/1.1 on `host:port` (`http_front.rs`).
    #[pyo3(signature = (region, load_balancer, listener_port = None, host = "127.0.0.1".to_string(), port = 0, allow_remote = false, client_ip = None, header_timeout = 10.0))]
    #[allow(clippy::too_many_arguments)]
    fn serve_http(
        &self,
        py: Python<'_>,
        region: String,
        load_balancer: String,
        listener_port: Option<u16>,
        host: String,
        port: u16,
        allow_remote: bool,
        client_ip: Option<String>,
        header_timeout: f64,
    ) -> PyResult<super::http_front::HttpFront> {
        super::http_front::start(py, self.cloud.clone(), region, load_balancer, listener_port, host, port, allow_remote, client_ip, header_timeout)
    }

    /// The regions the world models (`us-east-1`, ...).
    #[staticmethod]
    fn regions() -> Vec<&'static str> {
        crate::geo::REGIONS.iter().map(|r| r.name).collect()
    }

    /// The PascalCase operations of `service` that ec2lab implements.
    #[staticmethod]
    fn implemented_operations(service: &str) -> Vec<&'static str> {
        Cloud::implemented_operations(service).to_vec()
    }

    /// boto3 method name -> PascalCase operation, for every operation of the service model.
    #[staticmethod]
    fn operation_names(service: &str) -> BTreeMap<String, String> {
        match shapes::all().get(service) {
            Some(s) => s.operations.iter().map(|(name, o)| (o.snake.clone(), name.clone())).collect(),
            None => Cloud::implemented_operations(service).iter().map(|n| (snake(n), n.to_string())).collect(),
        }
    }

    fn __repr__(&self) -> String {
        format!("Core(seed={})", self.seed)
    }

    /// For the bindings' own tests: proves a panic comes back as CoreError(kind="Internal").
    fn _panic_for_test(&self, py: Python<'_>) -> PyResult<()> {
        py.detach(|| guarded(|| -> Result<(), Failure> { panic!("deliberate test panic") })).map_err(|f| f.into_py_err(py))
    }
}

/// `ExplainInstanceType` -> `explain_instance_type` (for ec2lab's own service, which has no botocore model).
fn snake(name: &str) -> String {
    let mut out = String::new();
    for (i, ch) in name.chars().enumerate() {
        if ch.is_ascii_uppercase() {
            if i > 0 {
                out.push('_');
            }
            out.push(ch.to_ascii_lowercase());
        } else {
            out.push(ch);
        }
    }
    out
}
