//! A real HTTP server as the app an instance serves (`instance.serve(port, upstream="http://127.0.0.1:8000")`):
//! each request the core routes to that instance becomes a real HTTP/1.1 request to the upstream,
//! made on the calling thread with blocking sockets (the binding never holds the GIL here), and
//! bounded in real time by the timeout the core passes (the idle timeout, or the health check's).
//! Idle keep-alive connections are reused. Elapsed time is the real one, rounded to ms; the reply
//! goes on the core's tape, so a recording replays without the server.
use crate::elb::apps::{AppReply, ExternalApp};
use crate::elb::http::{HttpRequest, HttpResponse};
use std::io::{ErrorKind, Read, Write};
use std::net::{Shutdown, TcpStream, ToSocketAddrs};
use std::sync::Mutex;
use std::time::{Duration, Instant};

/// The longest real wait for one upstream answer, whatever the core's timeout says.
const MAX_WAIT_MS: u64 = 60_000;
/// Response header section and body caps: beyond them the answer counts as malformed.
const MAX_HEAD: usize = 64 * 1024;
const MAX_BODY: usize = 16 * 1024 * 1024;
const MAX_IDLE: usize = 32;
/// Hop-by-hop headers (RFC 9110 §7.6.1): never forwarded in either direction.
const HOP_BY_HOP: [&str; 8] = ["connection", "keep-alive", "proxy-connection", "transfer-encoding", "te", "trailer", "upgrade", "expect"];

pub struct Upstream {
    host: String,
    port: u16,
    /// The URL's path without its trailing `/`, put before every request's path.
    prefix: String,
    idle: Mutex<Vec<TcpStream>>,
}

/// How one exchange failed.
#[derive(Debug, PartialEq)]
enum Fail {
    Refused,
    Reset,
    Timeout,
    Malformed,
    /// A reused connection the server had already closed: try a fresh one.
    Stale,
}

impl Upstream {
    /// `http://host[:port][/prefix]`; anything else is refused with a reason.
    pub fn parse(url: &str) -> Result<Upstream, String> {
        let rest = match url.split_once("://") {
            Some((scheme, rest)) if scheme.eq_ignore_ascii_case("http") => rest,
            Some((scheme, _)) => return Err(format!("upstream {url:?}: only http:// upstreams are supported, not {scheme}://")),
            None => return Err(format!("upstream {url:?} must be a URL like http://127.0.0.1:8000")),
        };
        let (authority, path) = match rest.find(['/', '?', '#']) {
            Some(i) => (&rest[..i], &rest[i..]),
            None => (rest, ""),
        };
        if path.contains(['?', '#']) {
            return Err(format!("upstream {url:?}: give no query or fragment, only http://host:port/optional/prefix"));
        }
        let (host, port) = if let Some(inner) = authority.strip_prefix('[') {
            let (h, after) = inner.split_once(']').ok_or_else(|| format!("upstream {url:?}: unclosed [ in the host"))?;
            (h.to_string(), after.strip_prefix(':'))
        } else {
            match authority.rsplit_once(':') {
                Some((h, p)) => (h.to_string(), Some(p)),
                None => (authority.to_string(), None),
            }
        };
        let port = match port {
            None => 80,
            Some(p) => p.parse::<u16>().ok().filter(|p| *p > 0).ok_or_else(|| format!("upstream {url:?}: the port must be 1-65535"))?,
        };
        if host.is_empty() || authority.contains('@') {
            return Err(format!("upstream {url:?}: give a host (and no user info), like http://127.0.0.1:8000"));
        }
        Ok(Upstream { host, port, prefix: path.trim_end_matches('/').to_string(), idle: Mutex::new(Vec::new()) })
    }

    fn authority(&self) -> String {
        let host = if self.host.contains(':') { format!("[{}]", self.host) } else { self.host.clone() };
        if self.port == 80 {
            host
        } else {
            format!("{host}:{}", self.port)
        }
    }

    fn connect(&self, deadline: Instant) -> Result<TcpStream, Fail> {
        let addrs = (self.host.as_str(), self.port).to_socket_addrs().map_err(|_| Fail::Refused)?;
        let mut last = Fail::Refused;
        for addr in addrs {
            let left = remaining(deadline)?;
            match TcpStream::connect_timeout(&addr, left) {
                Ok(s) => {
                    let _ = s.set_nodelay(true);
                    return Ok(s);
                }
                Err(e) if matches!(e.kind(), ErrorKind::TimedOut | ErrorKind::WouldBlock) => last = Fail::Timeout,
                Err(_) => last = Fail::Refused,
            }
        }
        Err(last)
    }

    /// The request line and headers: the path under the prefix, the client's headers less the
    /// hop-by-hop ones, its Host kept (as a load balancer does), the body's length.
    fn head(&self, r: &HttpRequest) -> Vec<u8> {
        let clean = |s: &str| s.replace(['\r', '\n'], " ");
        let method = if r.method.is_empty() { "GET".to_string() } else { clean(&r.method).replace(' ', "") };
        let mut target = format!("{}{}", self.prefix, if r.path.starts_with('/') { r.path.clone() } else { format!("/{}", r.path) });
        if !r.query.is_empty() {
            target.push('?');
            target.push_str(&r.query);
        }
        let mut out = format!("{method} {} HTTP/1.1\r\n", clean(&target).replace(' ', "%20"));
        out.push_str(&format!("Host: {}\r\n", r.header("host").map(clean).unwrap_or_else(|| self.authority())));
        for (k, v) in &r.headers {
            let lower = k.to_ascii_lowercase();
            if lower == "host" || lower == "content-length" || HOP_BY_HOP.contains(&lower.as_str()) || k.is_empty() || k.bytes().any(|b| b <= b' ' || b == b':')
            {
                continue;
            }
            out.push_str(&format!("{k}: {}\r\n", clean(v)));
        }
        if !r.body.is_empty() || matches!(method.as_str(), "POST" | "PUT" | "PATCH") {
            out.push_str(&format!("Content-Length: {}\r\n", r.body.len()));
        }
        out.push_str("\r\n");
        out.into_bytes()
    }

    /// One request on one connection: the response, and the connection if it can be reused.
    fn exchange(&self, mut s: TcpStream, head: &[u8], r: &HttpRequest, deadline: Instant, reused: bool) -> Result<(HttpResponse, Option<TcpStream>), Fail> {
        let fail_early = |e: Fail| if reused && matches!(e, Fail::Reset) { Fail::Stale } else { e };
        s.set_write_timeout(Some(remaining(deadline)?)).map_err(|_| Fail::Reset)?;
        let mut msg = Vec::with_capacity(head.len() + r.body.len());
        msg.extend_from_slice(head);
        msg.extend_from_slice(&r.body);
        s.write_all(&msg).map_err(|e| fail_early(io_fail(&e)))?;
        let mut buf = Vec::with_capacity(4096);
        let (status, headers, body_at, version) = loop {
            let got = fill(&mut s, &mut buf, deadline);
            match got {
                Ok(0) if buf.is_empty() => return Err(fail_early(Fail::Reset)),
                Ok(0) => return Err(Fail::Reset),
                Err(e) if buf.is_empty() => return Err(fail_early(e)),
                Err(e) => return Err(e),
                Ok(_) => {}
            }
            let mut slots = [httparse::EMPTY_HEADER; 96];
            let mut resp = httparse::Response::new(&mut slots);
            match resp.parse(&buf) {
                Ok(httparse::Status::Complete(n)) => {
                    let code = resp.code.unwrap_or(0);
                    if (100..200).contains(&code) && code != 101 {
                        buf.drain(..n); // an interim answer (100 Continue): the real one follows
                        continue;
                    }
                    let headers: Vec<(String, String)> =
                        resp.headers.iter().map(|h| (h.name.to_string(), String::from_utf8_lossy(h.value).into_owned())).collect();
                    break (code, headers, n, resp.version.unwrap_or(1));
                }
                Ok(httparse::Status::Partial) if buf.len() < MAX_HEAD => {}
                _ => return Err(Fail::Malformed),
            }
        };
        if !(100..=599).contains(&status) || status == 101 {
            return Err(Fail::Malformed);
        }
        let find = |name: &str| headers.iter().filter(|(k, _)| k.eq_ignore_ascii_case(name)).map(|(_, v)| v.as_str()).collect::<Vec<_>>();
        let chunked = find("transfer-encoding").iter().any(|v| v.to_ascii_lowercase().contains("chunked"));
        let close = find("connection").iter().any(|v| v.to_ascii_lowercase().contains("close"));
        let keep_alive_10 = find("connection").iter().any(|v| v.to_ascii_lowercase().contains("keep-alive"));
        let mut rest = buf.split_off(body_at);
        let (body, delimited) = if r.method.eq_ignore_ascii_case("HEAD") || status == 204 || status == 304 {
            (Vec::new(), true)
        } else if chunked {
            (dechunk(&mut s, &mut rest, deadline)?, true)
        } else if let Some(len) = find("content-length").first() {
            let len: usize = len.trim().parse().map_err(|_| Fail::Malformed)?;
            if len > MAX_BODY {
                return Err(Fail::Malformed);
            }
            while rest.len() < len {
                if fill(&mut s, &mut rest, deadline)? == 0 {
                    return Err(Fail::Reset);
                }
            }
            rest.truncate(len);
            (rest, true)
        } else {
            // Delimited by the end of the connection.
            while fill(&mut s, &mut rest, deadline)? > 0 {
                if rest.len() > MAX_BODY {
                    return Err(Fail::Malformed);
                }
            }
            (rest, false)
        };
        let reusable = delimited && !close && (version == 1 || keep_alive_10);
        let headers = headers.into_iter().filter(|(k, _)| !HOP_BY_HOP.contains(&k.to_ascii_lowercase().as_str())).collect();
        Ok((HttpResponse { status, headers, body }, reusable.then_some(s)))
    }
}

impl ExternalApp for Upstream {
    fn call(&self, request: &HttpRequest, timeout_ms: u64) -> AppReply {
        let start = Instant::now();
        let deadline = start + Duration::from_millis(timeout_ms.clamp(1, MAX_WAIT_MS));
        let head = self.head(request);
        for _attempt in 0..3 {
            let pooled = self.idle.lock().unwrap_or_else(|p| p.into_inner()).pop();
            let reused = pooled.is_some();
            let stream = match pooled {
                Some(s) => s,
                None => match self.connect(deadline) {
                    Ok(s) => s,
                    Err(e) => return reply_of(e),
                },
            };
            match self.exchange(stream, &head, request, deadline, reused) {
                Ok((response, again)) => {
                    if let Some(s) = again {
                        let mut idle = self.idle.lock().unwrap_or_else(|p| p.into_inner());
                        if idle.len() < MAX_IDLE {
                            idle.push(s);
                        }
                    }
                    let elapsed_ms = start.elapsed().as_millis() as u64;
                    return if elapsed_ms > timeout_ms { AppReply::NoAnswer } else { AppReply::Response { response, elapsed_ms } };
                }
                Err(Fail::Stale) => continue,
                Err(e) => return reply_of(e),
            }
        }
        AppReply::Reset
    }
}

impl Drop for Upstream {
    fn drop(&mut self) {
        for s in self.idle.get_mut().unwrap_or_else(|p| p.into_inner()).drain(..) {
            let _ = s.shutdown(Shutdown::Both);
        }
    }
}

fn reply_of(e: Fail) -> AppReply {
    match e {
        Fail::Refused => AppReply::Refused,
        Fail::Reset | Fail::Stale => AppReply::Reset,
        Fail::Timeout => AppReply::NoAnswer,
        Fail::Malformed => AppReply::Malformed,
    }
}

fn remaining(deadline: Instant) -> Result<Duration, Fail> {
    let left = deadline.saturating_duration_since(Instant::now());
    if left.is_zero() {
        Err(Fail::Timeout)
    } else {
        Ok(left)
    }
}

fn io_fail(e: &std::io::Error) -> Fail {
    match e.kind() {
        ErrorKind::TimedOut | ErrorKind::WouldBlock => Fail::Timeout,
        ErrorKind::ConnectionRefused => Fail::Refused,
        _ => Fail::Reset,
    }
}

/// Reads what is there (up to 64 KiB) onto `buf`, waiting at most until the deadline; 0 = closed.
fn fill(s: &mut TcpStream, buf: &mut Vec<u8>, deadline: Instant) -> Result<usize, Fail> {
    s.set_read_timeout(Some(remaining(deadline)?)).map_err(|_| Fail::Reset)?;
    let mut chunk = [0u8; 65536];
    loop {
        match s.read(&mut chunk) {
            Ok(n) => {
                buf.extend_from_slice(&chunk[..n]);
                return Ok(n);
            }
            Err(e) if e.kind() == ErrorKind::Interrupted => continue,
            Err(e) => return Err(io_fail(&e)),
        }
    }
}

/// Decodes a chunked body whose first bytes are in `buf`, reading the rest from `s`.
fn dechunk(s: &mut TcpStream, buf: &mut Vec<u8>, deadline: Instant) -> Result<Vec<u8>, Fail> {
    let mut out = Vec::new();
    let mut pos = 0;
    loop {
        let size_line = next_line(s, buf, &mut pos, deadline)?;
        let hex = size_line.split(';').next().unwrap_or("").trim();
        let size = usize::from_str_radix(hex, 16).map_err(|_| Fail::Malformed)?;
        if size == 0 {
            while !next_line(s, buf, &mut pos, deadline)?.is_empty() {} // trailers, dropped
            return Ok(out);
        }
        if out.len() + size > MAX_BODY {
            return Err(Fail::Malformed);
        }
        while buf.len() < pos + size + 2 {
            if fill(s, buf, deadline)? == 0 {
                return Err(Fail::Reset);
            }
        }
        out.extend_from_slice(&buf[pos..pos + size]);
        if &buf[pos + size..pos + size + 2] != b"\r\n" {
            return Err(Fail::Malformed);
        }
        pos += size + 2;
    }
}

/// The next CRLF-terminated line from `pos`, reading more as needed.
fn next_line(s: &mut TcpStream, buf: &mut Vec<u8>, pos: &mut usize, deadline: Instant) -> Result<String, Fail> {
    loop {
        if let Some(i) = buf[*pos..].windows(2).position(|w| w == b"\r\n") {
            let text = String::from_utf8_lossy(&buf[*pos..*pos + i]).into_owned();
            *pos += i + 2;
            return Ok(text);
        }
        if buf.len() - *pos > 8192 {
            return Err(Fail::Malformed);
        }
        if fill(s, buf, deadline)? == 0 {
            return Err(Fail::Reset);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn urls_parse() {
        let u = Upstream::parse("http://127.0.0.1:8000").unwrap();
        assert_eq!((u.host.as_str(), u.port, u.prefix.as_str()), ("127.0.0.1", 8000, ""));
        let u = Upstream::parse("HTTP://localhost/api/").unwrap();
        assert_eq!((u.host.as_str(), u.port, u.prefix.as_str()), ("localhost", 80, "/api"));
        let u = Upstream::parse("http://[::1]:9000/x").unwrap();
        assert_eq!((u.host.as_str(), u.port, u.authority().as_str()), ("::1", 9000, "[::1]:9000"));
        for bad in ["https://x", "127.0.0.1:80", "http://", "http://x:0", "http://x:99999", "http://u@x", "http://x/?q=1"] {
            assert!(Upstream::parse(bad).is_err(), "{bad}");
        }
    }
}
