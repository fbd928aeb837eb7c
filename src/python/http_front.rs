//! A real HTTP/1.1 front for a simulated load balancer (`lb.serve_http()`): browsers, curl and
//! load testers on this machine send requests to a local port; each one becomes the ec2lab
//! operation `RouteRequest` through the door (so it is recorded like any call), and the answer
//! of the simulated targets (Python apps and upstreams included) goes back on the socket.
//!
//! tokio + hyper on a small runtime of its own. Bounds: loopback unless the caller opts in,
//! at most `MAX_CONNECTIONS` connections at once (further ones wait in the kernel's backlog),
//! request bodies up to 1 MiB (413 beyond), headers within 10 s and 64 KiB (hyper answers 400 to
//! what it cannot parse, 431 to huge headers, and drops clients that stall; header names go out
//! in Title-Case, as most servers write them), bodies within 30 s
//! (408). Closing stops accepting, lets requests in flight finish (2 s at most) and returns
//! once every connection is gone.
use super::core::{lock, Shared};
use super::error::{guarded, Failure};
use base64::Engine;
use http_body_util::{BodyExt, Full, Limited};
use hyper::body::{Bytes, Incoming};
use hyper::header::{HeaderName, HeaderValue};
use hyper::{Request, Response, StatusCode};
use hyper_util::rt::{TokioIo, TokioTimer};
use pyo3::exceptions::{PyOSError, PyRuntimeError, PyValueError};
use pyo3::prelude::*;
use serde_json::{json, Value};
use std::convert::Infallible;
use std::net::{IpAddr, SocketAddr};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{mpsc, Arc, Mutex, OnceLock};
use std::time::Duration;
use tokio::sync::{watch, Semaphore};
use tokio::task::JoinSet;

pub const MAX_BODY: usize = 1024 * 1024;
pub const MAX_CONNECTIONS: usize = 256;
const BODY_TIMEOUT: Duration = Duration::from_secs(30);
const GRACE: Duration = Duration::from_secs(2);
/// Hop-by-hop headers and the length, which hyper writes itself from the body it sends.
const NOT_COPIED: [&str; 7] = ["connection", "keep-alive", "proxy-connection", "transfer-encoding", "te", "upgrade", "content-length"];

fn runtime() -> PyResult<&'static tokio::runtime::Runtime> {
    static RT: OnceLock<Result<tokio::runtime::Runtime, String>> = OnceLock::new();
    RT.get_or_init(|| {
        tokio::runtime::Builder::new_multi_thread()
            .worker_threads(2)
            .max_blocking_threads(32)
            .thread_name("ec2lab-http")
            .enable_all()
            .build()
            .map_err(|e| e.to_string())
    })
    .as_ref()
    .map_err(|e| PyRuntimeError::new_err(format!("could not start the HTTP front's runtime: {e}")))
}

/// What every request of one front shares.
struct Ctx {
    cloud: Shared,
    region: String,
    load_balancer: String,
    listener_port: Option<u16>,
    client_ip: Option<String>,
    requests: AtomicU64,
}

/// A running front (`ec2lab._core.HttpFront`); `ec2lab.elb.HttpServer` wraps it.
#[pyclass(frozen, name = "HttpFront", module = "ec2lab._core")]
pub struct HttpFront {
    #[pyo3(get)]
    host: String,
    #[pyo3(get)]
    port: u16,
    ctx: Arc<Ctx>,
    stop: Mutex<Option<watch::Sender<bool>>>,
    done: Mutex<Option<mpsc::Receiver<()>>>,
}

#[pymethods]
impl HttpFront {
    /// `http://127.0.0.1:PORT/`.
    #[getter]
    fn url(&self) -> String {
        let host = if self.host.contains(':') { format!("[{}]", self.host) } else { self.host.clone() };
        format!("http://{host}:{}/", self.port)
    }

    /// How many requests it has answered (or is answering).
    #[getter]
    fn requests(&self) -> u64 {
        self.ctx.requests.load(Ordering::Relaxed)
    }

    #[getter]
    fn closed(&self) -> bool {
        self.stop.lock().unwrap_or_else(|p| p.into_inner()).is_none()
    }

    /// Stops accepting, lets requests in flight finish, and returns when every connection is
    /// closed. Closing twice is fine.
    fn close(&self, py: Python<'_>) {
        if let Some(tx) = self.stop.lock().unwrap_or_else(|p| p.into_inner()).take() {
            let _ = tx.send(true);
        }
        let done = self.done.lock().unwrap_or_else(|p| p.into_inner()).take();
        if let Some(rx) = done {
            // Without the GIL: a Python app may still be answering a request in flight.
            py.detach(move || {
                let _ = rx.recv_timeout(GRACE + Duration::from_secs(3));
            });
        }
    }

    fn __repr__(&self) -> String {
        let state = if self.closed() { "closed" } else { "serving" };
        format!("HttpFront({} -> {}, {state}, {} requests)", self.url(), self.ctx.load_balancer, self.requests())
    }
}

impl Drop for HttpFront {
    fn drop(&mut self) {
        // Dropping the sender stops the server (without waiting for it).
        self.stop.get_mut().unwrap_or_else(|p| p.into_inner()).take();
    }
}

fn is_loopback(host: &str) -> bool {
    host.eq_ignore_ascii_case("localhost") || host.parse::<IpAddr>().is_ok_and(|ip| ip.is_loopback())
}

/// Binds `host:port` now (so a taken port fails here, as OSError) and serves in the background.
#[allow(clippy::too_many_arguments)]
pub fn start(
    py: Python<'_>,
    cloud: Shared,
    region: String,
    load_balancer: String,
    listener_port: Option<u16>,
    host: String,
    port: u16,
    allow_remote: bool,
    client_ip: Option<String>,
    header_timeout: f64,
) -> PyResult<HttpFront> {
    if !allow_remote && !is_loopback(&host) {
        return Err(PyValueError::new_err(format!(
            "serve_http binds to {host:?}, which other machines can reach: a simulated load balancer has no TLS and no \
             authentication, so only loopback (127.0.0.1) is allowed unless you pass allow_remote=True"
        )));
    }
    if !(header_timeout.is_finite() && header_timeout > 0.0) {
        return Err(PyValueError::new_err(format!("header_timeout must be a number of seconds > 0, not {header_timeout}")));
    }
    let rt = runtime()?;
    let bind_host = if host.eq_ignore_ascii_case("localhost") { "127.0.0.1".to_string() } else { host.clone() };
    let std_listener = py
        .detach(|| std::net::TcpListener::bind((bind_host.as_str(), port)))
        .map_err(|e| PyOSError::new_err(format!("cannot listen on {host}:{port}: {e}")))?;
    std_listener.set_nonblocking(true).map_err(|e| PyOSError::new_err(e.to_string()))?;
    let local = std_listener.local_addr().map_err(|e| PyOSError::new_err(e.to_string()))?;
    let listener = {
        let _guard = rt.enter();
        tokio::net::TcpListener::from_std(std_listener).map_err(|e| PyOSError::new_err(e.to_string()))?
    };
    let ctx = Arc::new(Ctx { cloud, region, load_balancer, listener_port, client_ip, requests: AtomicU64::new(0) });
    let (stop_tx, stop_rx) = watch::channel(false);
    let (done_tx, done_rx) = mpsc::channel();
    let timeout = Duration::from_secs_f64(header_timeout);
    rt.spawn(serve(listener, ctx.clone(), stop_rx, done_tx, timeout));
    Ok(HttpFront { host: local.ip().to_string(), port: local.port(), ctx, stop: Mutex::new(Some(stop_tx)), done: Mutex::new(Some(done_rx)) })
}

/// Resolves when the front is told to stop (or its handle is gone).
async fn stopped(mut rx: watch::Receiver<bool>) {
    let _ = rx.wait_for(|stop| *stop).await;
}

async fn serve(listener: tokio::net::TcpListener, ctx: Arc<Ctx>, stop: watch::Receiver<bool>, done: mpsc::Sender<()>, header_timeout: Duration) {
    let slots = Arc::new(Semaphore::new(MAX_CONNECTIONS));
    let mut builder = hyper::server::conn::http1::Builder::new();
    builder
        .timer(TokioTimer::new())
        .header_read_timeout(header_timeout)
        .max_buf_size(64 * 1024)
        .max_header_size(64 * 1024)
        .max_headers(100)
        .title_case_headers(true);
    let builder = Arc::new(builder);
    let mut connections = JoinSet::new();
    loop {
        let slot = tokio::select! {
            _ = stopped(stop.clone()) => break,
            slot = slots.clone().acquire_owned() => match slot { Ok(s) => s, Err(_) => break },
        };
        let accepted = tokio::select! {
            _ = stopped(stop.clone()) => break,
            accepted = listener.accept() => accepted,
        };
        let (stream, peer) = match accepted {
            Ok(a) => a,
            Err(_) => {
                // Out of file descriptors or similar: wait a little instead of spinning.
                tokio::time::sleep(Duration::from_millis(20)).await;
                continue;
            }
        };
        let _ = stream.set_nodelay(true);
        let (ctx, builder, stop) = (ctx.clone(), builder.clone(), stop.clone());
        connections.spawn(async move {
            let _slot = slot;
            let service = hyper::service::service_fn(move |req| answer(req, ctx.clone(), peer));
            let conn = builder.serve_connection(TokioIo::new(stream), service);
            tokio::pin!(conn);
            tokio::select! {
                _ = conn.as_mut() => {}
                _ = stopped(stop) => {
                    conn.as_mut().graceful_shutdown();
                    let _ = tokio::time::timeout(GRACE, conn).await;
                }
            }
        });
        while connections.try_join_next().is_some() {}
    }
    drop(listener);
    let _ = tokio::time::timeout(GRACE + Duration::from_secs(1), async { while connections.join_next().await.is_some() {} }).await;
    connections.abort_all();
    while connections.join_next().await.is_some() {}
    let _ = done.send(());
}

fn plain(status: StatusCode, text: String) -> Response<Full<Bytes>> {
    let mut r = Response::new(Full::new(Bytes::from(text)));
    *r.status_mut() = status;
    r.headers_mut().insert(hyper::header::CONTENT_TYPE, HeaderValue::from_static("text/plain; charset=utf-8"));
    r
}

async fn answer(req: Request<Incoming>, ctx: Arc<Ctx>, peer: SocketAddr) -> Result<Response<Full<Bytes>>, Infallible> {
    ctx.requests.fetch_add(1, Ordering::Relaxed);
    let (parts, body) = req.into_parts();
    let declared = parts.headers.get(hyper::header::CONTENT_LENGTH).and_then(|v| v.to_str().ok()).and_then(|v| v.trim().parse::<u64>().ok());
    if declared.is_some_and(|n| n > MAX_BODY as u64) {
        return Ok(plain(StatusCode::PAYLOAD_TOO_LARGE, format!("Request bodies are limited to {MAX_BODY} bytes.\n")));
    }
    let body = match tokio::time::timeout(BODY_TIMEOUT, Limited::new(body, MAX_BODY).collect()).await {
        Err(_) => return Ok(plain(StatusCode::REQUEST_TIMEOUT, "The request body did not arrive in time.\n".into())),
        Ok(Err(e)) if e.downcast_ref::<http_body_util::LengthLimitError>().is_some() => {
            return Ok(plain(StatusCode::PAYLOAD_TOO_LARGE, format!("Request bodies are limited to {MAX_BODY} bytes.\n")))
        }
        Ok(Err(_)) => return Ok(plain(StatusCode::BAD_REQUEST, "The request body could not be read.\n".into())),
        Ok(Ok(collected)) => collected.to_bytes(),
    };
    let mut host = None;
    let mut headers = Vec::with_capacity(parts.headers.len());
    for (name, value) in &parts.headers {
        let value = String::from_utf8_lossy(value.as_bytes()).into_owned();
        if name == hyper::header::HOST {
            host = Some(value);
        } else {
            headers.push(json!([name.as_str(), value]));
        }
    }
    let mut params = json!({
        "LoadBalancer": ctx.load_balancer,
        "Method": parts.method.as_str(),
        "Path": parts.uri.path(),
        "Headers": headers,
        "ClientPort": peer.port(),
    });
    let fields = params.as_object_mut().expect("an object");
    if let Some(q) = parts.uri.query() {
        fields.insert("Query".into(), q.into());
    }
    if let Some(h) = host {
        fields.insert("Host".into(), h.into());
    }
    if !body.is_empty() {
        fields.insert("Body".into(), base64::engine::general_purpose::STANDARD.encode(&body).into());
    }
    if let Some(p) = ctx.listener_port {
        fields.insert("Port".into(), p.into());
    }
    if let Some(ip) = &ctx.client_ip {
        fields.insert("ClientIp".into(), ip.as_str().into());
    }
    let (cloud, region) = (ctx.cloud.clone(), ctx.region.clone());
    // The door may call a Python app (which takes the GIL) or an upstream (blocking sockets):
    // off the async workers.
    let routed = tokio::task::spawn_blocking(move || guarded(|| lock(&cloud).call("ec2lab", &region, "RouteRequest", params).map_err(Failure::from))).await;
    Ok(match routed {
        Ok(Ok(v)) => render(&v),
        // The network dropped the client's connection to the node: as a client would see it.
        Ok(Err(Failure::Api(e))) => plain(
            if e.code == "ConnectionTimedOut" { StatusCode::GATEWAY_TIMEOUT } else { StatusCode::SERVICE_UNAVAILABLE },
            format!("ec2lab could not route this request to {}: {}: {}\n{}\n", ctx.load_balancer, e.code, e.message, e.hint_en),
        ),
        Ok(Err(Failure::Panic(what))) => plain(StatusCode::INTERNAL_SERVER_ERROR, format!("ec2lab hit an internal error: {what}\n")),
        Err(_) => plain(StatusCode::INTERNAL_SERVER_ERROR, "ec2lab hit an internal error.\n".into()),
    })
}

/// `RouteRequest`'s answer ({Status, Headers: [[k, v]], Body: base64}) as an HTTP response.
fn render(v: &Value) -> Response<Full<Bytes>> {
    let status = v.get("Status").and_then(Value::as_u64).and_then(|s| StatusCode::from_u16(s as u16).ok()).unwrap_or(StatusCode::BAD_GATEWAY);
    let body = v.get("Body").and_then(Value::as_str).and_then(|b| base64::engine::general_purpose::STANDARD.decode(b).ok()).unwrap_or_default();
    let mut r = Response::new(Full::new(Bytes::from(body)));
    *r.status_mut() = status;
    for pair in v.get("Headers").and_then(Value::as_array).into_iter().flatten() {
        let (Some(k), Some(val)) = (pair.get(0).and_then(Value::as_str), pair.get(1).and_then(Value::as_str)) else { continue };
        if NOT_COPIED.iter().any(|n| k.eq_ignore_ascii_case(n)) {
            continue;
        }
        if let (Ok(name), Ok(value)) = (HeaderName::from_bytes(k.as_bytes()), HeaderValue::from_str(val)) {
            r.headers_mut().append(name, value);
        }
    }
    r
}
