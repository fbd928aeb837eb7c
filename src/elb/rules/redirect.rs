//! The redirect action's Location: each component with its `#{protocol}`, `#{host}`,
//! `#{port}`, `#{path}` (without its leading `/`) and `#{query}` keywords replaced by the
//! request's own values, in one pass (a substituted value is never expanded again).
use crate::elb::http::HttpRequest;
use crate::elb::model::Redirect;

/// `protocol://host:port/path?query` (the `?` only when the query is not empty). ALB writes
/// the port even when it is the protocol's default (`https://example.com:443/`).
pub fn redirect_location(r: &Redirect, req: &HttpRequest, listener_protocol: &str, listener_port: u16) -> String {
    let port = listener_port.to_string();
    let path = req.path.strip_prefix('/').unwrap_or(&req.path);
    let values = Values { protocol: listener_protocol, host: req.host(), port: &port, path, query: &req.query };
    let protocol = substitute(&r.protocol, &values).to_ascii_lowercase();
    let host = substitute(&r.host, &values);
    let port = substitute(&r.port, &values);
    let path = substitute(&r.path, &values);
    let query = substitute(&r.query, &values);
    let mut out = format!("{protocol}://{host}:{port}{path}");
    if !query.is_empty() {
        out.push('?');
        out.push_str(&query);
    }
    out
}

struct Values<'a> {
    protocol: &'a str,
    host: &'a str,
    port: &'a str,
    path: &'a str,
    query: &'a str,
}

fn substitute(template: &str, v: &Values) -> String {
    let mut out = String::with_capacity(template.len() + 16);
    let mut rest = template;
    while let Some(i) = rest.find("#{") {
        out.push_str(&rest[..i]);
        let tail = &rest[i..];
        let found = [("#{protocol}", v.protocol), ("#{host}", v.host), ("#{port}", v.port), ("#{path}", v.path), ("#{query}", v.query)]
            .into_iter()
            .find(|(k, _)| tail.starts_with(k));
        match found {
            Some((k, value)) => {
                out.push_str(value);
                rest = &tail[k.len()..];
            }
            None => {
                out.push_str("#{");
                rest = &tail[2..];
            }
        }
    }
    out.push_str(rest);
    out
}
