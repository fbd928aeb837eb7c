//! Does a request satisfy a rule's conditions? All conditions must hold (AND); within one
//! condition any value may match (OR). Case rules per field follow aws-facts §14.2: path and
//! method case-sensitive; host, header name/value and query key/value case-insensitive.
use super::wildcard;
use crate::elb::http::HttpRequest;
use crate::elb::model::{Condition, QueryPair};
use std::borrow::Cow;

/// Fast path: whether the condition holds (no allocation).
pub fn matches(c: &Condition, req: &HttpRequest) -> bool {
    match c {
        Condition::PathPattern(values) => values.iter().any(|p| wildcard::matches(p, &req.path, false, false)),
        Condition::HostHeader(values) => {
            let host = req.host();
            values.iter().any(|p| wildcard::matches(p, host, true, false))
        }
        Condition::HttpHeader { name, values } => {
            // The same header may appear several times: any occurrence may match.
            req.headers.iter().filter(|(k, _)| k.eq_ignore_ascii_case(name)).any(|(_, v)| values.iter().any(|p| wildcard::matches(p, v, true, false)))
        }
        Condition::HttpRequestMethod(values) => values.contains(&req.method),
        Condition::QueryString(pairs) => query_pairs(&req.query).any(|(k, v)| pairs.iter().any(|p| pair_matches(p, &k, &v))),
        Condition::SourceIp(cidrs) => cidrs.iter().any(|&(_, addr, len)| in_cidr(req.client_ip, addr, len)),
    }
}

/// `None` when the condition holds, else why not (one line for the routing trace).
pub fn why_not(c: &Condition, req: &HttpRequest) -> Option<String> {
    if matches(c, req) {
        return None;
    }
    Some(reason(c, req))
}

/// Why `c` does not hold (the caller has checked that it does not). One buffer: the trace
/// explains every rule evaluated, so this runs per rule.
fn reason(c: &Condition, req: &HttpRequest) -> String {
    let mut s = String::with_capacity(96);
    match c {
        Condition::PathPattern(v) => {
            push_all(&mut s, &["path-pattern: path '", &req.path, "' matches none of "]);
            list(&mut s, v.iter().map(String::as_str));
            s.push_str(" (case-sensitive)");
        }
        Condition::HostHeader(v) => {
            push_all(&mut s, &["host-header: host '", req.host(), "' matches none of "]);
            list(&mut s, v.iter().map(String::as_str));
            s.push_str(" (case-insensitive)");
        }
        Condition::HttpHeader { name, values } => {
            match req.header(name) {
                None => push_all(&mut s, &["http-header: no '", name, "' header in the request (wanted one of "]),
                Some(got) => push_all(&mut s, &["http-header: '", name, ": ", got, "' matches none of "]),
            }
            list(&mut s, values.iter().map(String::as_str));
            s.push_str(if req.header(name).is_none() { ")" } else { " (case-insensitive)" });
        }
        Condition::HttpRequestMethod(v) => {
            push_all(&mut s, &["http-request-method: method '", &req.method, "' is none of "]);
            list(&mut s, v.iter().map(String::as_str));
            s.push_str(" (exact, case-sensitive)");
        }
        Condition::QueryString(pairs) => {
            if req.query.is_empty() {
                s.push_str("query-string: the request has no query string (wanted one of ");
            } else {
                push_all(&mut s, &["query-string: '", &req.query, "' holds none of "]);
            }
            s.push('[');
            for (i, p) in pairs.iter().enumerate() {
                if i > 0 {
                    s.push_str(", ");
                }
                push_all(&mut s, &["'", p.key.as_deref().unwrap_or("*"), "=", &p.value, "'"]);
            }
            s.push(']');
            s.push_str(if req.query.is_empty() { ")" } else { " (case-insensitive)" });
        }
        Condition::SourceIp(cidrs) => {
            let ip = std::net::Ipv4Addr::from(req.client_ip).to_string();
            push_all(&mut s, &["source-ip: client ", &ip, " is in none of "]);
            list(&mut s, cidrs.iter().map(|(c, _, _)| c.as_str()));
            s.push_str(" (the connection's address, not X-Forwarded-For)");
        }
    }
    s
}

fn push_all(s: &mut String, parts: &[&str]) {
    for p in parts {
        s.push_str(p);
    }
}

/// `['a', 'b']`
fn list<'a>(s: &mut String, items: impl Iterator<Item = &'a str>) {
    s.push('[');
    for (i, v) in items.enumerate() {
        if i > 0 {
            s.push_str(", ");
        }
        s.push('\'');
        s.push_str(v);
        s.push('\'');
    }
    s.push(']');
}

/// `Ok` when every condition holds, else the first reason it does not.
pub fn matches_all(conditions: &[Condition], req: &HttpRequest) -> Result<(), String> {
    match conditions.iter().find(|c| !matches(c, req)) {
        None => Ok(()),
        Some(c) => Err(reason(c, req)),
    }
}

/// Whether every condition holds (no allocation): the fast path for load simulation.
pub fn rule_matches(conditions: &[Condition], req: &HttpRequest) -> bool {
    conditions.iter().all(|c| matches(c, req))
}

fn pair_matches(p: &QueryPair, key: &str, value: &str) -> bool {
    p.key.as_deref().is_none_or(|k| wildcard::matches(k, key, true, true)) && wildcard::matches(&p.value, value, true, true)
}

fn in_cidr(ip: u32, net: u32, len: u8) -> bool {
    let mask = if len == 0 { 0 } else { u32::MAX << (32 - len as u32) };
    ip & mask == net & mask
}

/// The request's query as decoded (key, value) pairs: `&`-separated, `=` splits key from value,
/// `%XX` and `+` decoded (any character may be percent-encoded).
pub fn query_pairs(query: &str) -> impl Iterator<Item = (Cow<'_, str>, Cow<'_, str>)> {
    query.split('&').filter(|s| !s.is_empty()).map(|pair| {
        let (k, v) = pair.split_once('=').unwrap_or((pair, ""));
        (decode(k), decode(v))
    })
}

fn decode(s: &str) -> Cow<'_, str> {
    if !s.bytes().any(|b| b == b'%' || b == b'+') {
        return Cow::Borrowed(s);
    }
    let b = s.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        match b[i] {
            b'+' => out.push(b' '),
            b'%' if i + 2 < b.len() && hex(b[i + 1]).is_some() && hex(b[i + 2]).is_some() => {
                out.push(hex(b[i + 1]).unwrap_or(0) * 16 + hex(b[i + 2]).unwrap_or(0));
                i += 2;
            }
            c => out.push(c),
        }
        i += 1;
    }
    Cow::Owned(String::from_utf8_lossy(&out).into_owned())
}

fn hex(c: u8) -> Option<u8> {
    (c as char).to_digit(16).map(|d| d as u8)
}
