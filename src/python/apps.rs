//! Python callables as the apps an instance serves (`instance.serve(port, app=f)`): the core calls
//! `f(request)` synchronously while it routes a request or runs a health check, taking the GIL
//! for the call only. What `f` returns is turned into an HTTP answer here (conversion, no rules):
//! `str` (200 text/plain), `bytes` (200 application/octet-stream), `dict`/`list` (200 JSON),
//! `None` (204), an `int` status, `(status, body)`, `(status, headers, body)`, or any object with
//! `.status` and `.body` (and optional `.headers`, `.delay` in seconds), like `ec2lab.elb.Response`.
//! An exception is a 500 whose body names it, as a web framework's debug page would.
use crate::elb::apps::{AppReply, ExternalApp};
use crate::elb::http::{HttpRequest, HttpResponse};
use pyo3::exceptions::PyRuntimeError;
use pyo3::prelude::*;
use pyo3::types::{PyBytes, PyDict, PyList, PyString, PyTuple};
use std::cell::Cell;
use std::net::Ipv4Addr;

thread_local! {
    /// Set while this thread runs an app's callable: the thread holds the cloud's lock then, so
    /// a call back into the same cloud would wait for itself forever.
    static IN_APP: Cell<bool> = const { Cell::new(false) };
}

/// Refuses a call into a cloud from inside an app's callable (a deadlock otherwise).
pub fn check_not_in_app() -> PyResult<()> {
    if IN_APP.with(|f| f.get()) {
        return Err(PyRuntimeError::new_err(
            "An app cannot call into the cloud while it answers a request: the cloud is busy routing that request. \
             Compute the answer from the request alone (or keep what you need in Python variables).",
        ));
    }
    Ok(())
}

/// The request an app's callable receives (`ec2lab._core.Request`).
#[pyclass(frozen, name = "Request", module = "ec2lab._core")]
pub struct AppRequest {
    #[pyo3(get)]
    method: String,
    #[pyo3(get)]
    path: String,
    #[pyo3(get)]
    query: String,
    headers: Vec<(String, String)>,
    body: Vec<u8>,
    #[pyo3(get)]
    client_ip: String,
    #[pyo3(get)]
    client_port: u16,
}

#[pymethods]
impl AppRequest {
    /// The headers as sent, in a dict (a repeated name keeps its last value).
    #[getter]
    fn headers<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyDict>> {
        let d = PyDict::new(py);
        for (k, v) in &self.headers {
            d.set_item(k, v)?;
        }
        Ok(d)
    }

    /// One header, by name in any case; `default` when absent.
    #[pyo3(signature = (name, default = None))]
    fn header(&self, name: &str, default: Option<String>) -> Option<String> {
        self.headers.iter().find(|(k, _)| k.eq_ignore_ascii_case(name)).map(|(_, v)| v.clone()).or(default)
    }

    #[getter]
    fn body<'py>(&self, py: Python<'py>) -> Bound<'py, PyBytes> {
        PyBytes::new(py, &self.body)
    }

    /// The body as text (UTF-8, undecodable bytes replaced).
    #[getter]
    fn text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }

    /// The body parsed as JSON (`json.loads`).
    fn json<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        py.import("json")?.call_method1("loads", (self.text(),))
    }

    /// The path with its query string, as in the request line.
    #[getter]
    fn url(&self) -> String {
        if self.query.is_empty() {
            self.path.clone()
        } else {
            format!("{}?{}", self.path, self.query)
        }
    }

    fn __repr__(&self) -> String {
        format!("Request({} {} from {}:{})", self.method, self.url(), self.client_ip, self.client_port)
    }
}

impl AppRequest {
    pub fn from_http(r: &HttpRequest) -> Self {
        AppRequest {
            method: r.method.clone(),
            path: r.path.clone(),
            query: r.query.clone(),
            headers: r.headers.clone(),
            body: r.body.clone(),
            client_ip: Ipv4Addr::from(r.client_ip).to_string(),
            client_port: r.client_port,
        }
    }
}

/// A Python callable registered with `Core.register_app`.
pub struct PyApp {
    func: Py<PyAny>,
}

impl PyApp {
    pub fn new(func: Py<PyAny>) -> Self {
        PyApp { func }
    }
}

/// Clears `IN_APP` however the call ends.
struct InApp;
impl InApp {
    fn enter() -> Self {
        IN_APP.with(|f| f.set(true));
        InApp
    }
}
impl Drop for InApp {
    fn drop(&mut self) {
        IN_APP.with(|f| f.set(false));
    }
}

impl ExternalApp for PyApp {
    /// The callable cannot be interrupted: `timeout_ms` only judges a `.delay` it reports.
    fn call(&self, request: &HttpRequest, timeout_ms: u64) -> AppReply {
        let _flag = InApp::enter();
        Python::attach(|py| {
            let outcome = self.func.call1(py, (AppRequest::from_http(request),));
            let (response, delay_ms) = match outcome {
                Ok(value) => reply_from(value.bind(py)).unwrap_or_else(|why| (text(500, format!("Internal Server Error: {why}")), 0)),
                Err(e) => (text(500, format!("Internal Server Error: the app raised {}", describe(py, &e))), 0),
            };
            if delay_ms > timeout_ms {
                AppReply::NoAnswer
            } else {
                AppReply::Response { response, elapsed_ms: delay_ms }
            }
        })
    }
}

/// `ValueError: boom`.
fn describe(py: Python<'_>, e: &PyErr) -> String {
    let name = e.get_type(py).name().map(|n| n.to_string()).unwrap_or_else(|_| "an exception".into());
    let value = e.value(py).str().map(|s| s.to_string()).unwrap_or_default();
    if value.is_empty() {
        name
    } else {
        format!("{name}: {value}")
    }
}

fn text(status: u16, body: String) -> HttpResponse {
    HttpResponse { status, headers: vec![("Content-Type".into(), "text/plain; charset=utf-8".into())], body: body.into_bytes() }
}

/// An app's return value as a response and the delay it asks for (ms); Err names what was wrong.
fn reply_from(v: &Bound<'_, PyAny>) -> Result<(HttpResponse, u64), String> {
    if let Ok(t) = v.cast::<PyTuple>() {
        let items: Vec<Bound<'_, PyAny>> = t.iter().collect();
        return match items.as_slice() {
            [status, body] => Ok((with_body(status_of(status)?, Vec::new(), body)?, 0)),
            [status, headers, body] => Ok((with_body(status_of(status)?, headers_of(headers)?, body)?, 0)),
            _ => Err(format!("the app returned a tuple of {} items; return (status, body) or (status, headers, body)", items.len())),
        };
    }
    if v.hasattr("status").unwrap_or(false) && v.hasattr("body").unwrap_or(false) && !v.is_instance_of::<PyDict>() {
        let status = status_of(&v.getattr("status").map_err(|e| e.to_string())?)?;
        let headers = match v.getattr("headers") {
            Ok(h) if !h.is_none() => headers_of(&h)?,
            _ => Vec::new(),
        };
        let delay = match v.getattr("delay") {
            Ok(d) if !d.is_none() => seconds_ms(&d)?,
            _ => 0,
        };
        return Ok((with_body(status, headers, &v.getattr("body").map_err(|e| e.to_string())?)?, delay));
    }
    if v.is_none() {
        return Ok((HttpResponse { status: 204, headers: Vec::new(), body: Vec::new() }, 0));
    }
    if v.is_instance_of::<pyo3::types::PyBool>() {
        return Err("the app returned a bool; return a str, bytes, (status, headers, body) or a Response".into());
    }
    if let Ok(status) = v.extract::<i64>() {
        return Ok((with_body(status_of_int(status)?, Vec::new(), &v.py().None().into_bound(v.py()))?, 0));
    }
    Ok((with_body(200, Vec::new(), v)?, 0))
}

fn status_of(v: &Bound<'_, PyAny>) -> Result<u16, String> {
    match v.extract::<i64>() {
        Ok(n) if !v.is_instance_of::<pyo3::types::PyBool>() => status_of_int(n),
        _ => Err(format!("the status must be an int from 100 to 599, not {}", repr(v))),
    }
}

fn status_of_int(n: i64) -> Result<u16, String> {
    if (100..=599).contains(&n) {
        Ok(n as u16)
    } else {
        Err(format!("the status must be an int from 100 to 599, not {n}"))
    }
}

fn seconds_ms(v: &Bound<'_, PyAny>) -> Result<u64, String> {
    match v.extract::<f64>() {
        Ok(s) if s.is_finite() && s >= 0.0 => Ok((s * 1000.0).round() as u64),
        _ => Err(format!("delay must be a number of seconds >= 0, not {}", repr(v))),
    }
}

fn repr(v: &Bound<'_, PyAny>) -> String {
    v.repr().map(|r| r.to_string()).unwrap_or_else(|_| "?".into())
}

/// `{"X-A": "1"}` or `[("X-A", "1"), ...]`.
fn headers_of(v: &Bound<'_, PyAny>) -> Result<Vec<(String, String)>, String> {
    let bad = || format!("headers must be a dict or a list of (name, value) pairs, not {}", repr(v));
    if v.is_none() {
        return Ok(Vec::new());
    }
    let pairs: Vec<(Bound<'_, PyAny>, Bound<'_, PyAny>)> = if let Ok(d) = v.cast::<PyDict>() {
        d.iter().collect()
    } else if v.is_instance_of::<PyList>() || v.is_instance_of::<PyTuple>() {
        let mut out = Vec::new();
        for item in v.try_iter().map_err(|_| bad())? {
            let item = item.map_err(|_| bad())?;
            out.push(item.extract::<(Bound<'_, PyAny>, Bound<'_, PyAny>)>().map_err(|_| bad())?);
        }
        out
    } else {
        return Err(bad());
    };
    pairs
        .into_iter()
        .map(|(k, val)| {
            let k = k.str().map_err(|_| bad())?.to_string();
            let val = val.str().map_err(|_| bad())?.to_string();
            if k.is_empty() || k.bytes().any(|b| b <= b' ' || b == b':' || b >= 0x7f) || val.bytes().any(|b| b == b'\r' || b == b'\n') {
                return Err(format!("invalid header {k:?}: {val:?}"));
            }
            Ok((k, val))
        })
        .collect()
}

/// The body and its default Content-Type (kept when the app set one).
fn with_body(status: u16, mut headers: Vec<(String, String)>, body: &Bound<'_, PyAny>) -> Result<HttpResponse, String> {
    let (bytes, kind): (Vec<u8>, Option<&str>) = if body.is_none() {
        (Vec::new(), None)
    } else if let Ok(s) = body.cast::<PyString>() {
        (s.to_cow().map_err(|e| e.to_string())?.as_bytes().to_vec(), Some("text/plain; charset=utf-8"))
    } else if let Ok(b) = body.cast::<PyBytes>() {
        (b.as_bytes().to_vec(), Some("application/octet-stream"))
    } else if body.is_instance_of::<pyo3::types::PyByteArray>() {
        (body.extract::<Vec<u8>>().map_err(|e| e.to_string())?, Some("application/octet-stream"))
    } else if body.is_instance_of::<PyDict>() || body.is_instance_of::<PyList>() {
        let dumped =
            body.py().import("json").and_then(|j| j.call_method1("dumps", (body,))).map_err(|e| format!("the body could not be written as JSON ({e})"))?;
        (dumped.extract::<String>().map_err(|e| e.to_string())?.into_bytes(), Some("application/json"))
    } else {
        return Err(format!("the app returned {}; return a str, bytes, a dict (JSON), (status, headers, body) or a Response", repr(body)));
    };
    if let Some(kind) = kind {
        if !headers.iter().any(|(k, _)| k.eq_ignore_ascii_case("content-type")) {
            headers.push(("Content-Type".into(), kind.into()));
        }
    }
    Ok(HttpResponse { status, headers, body: bytes })
}
