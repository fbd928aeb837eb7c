//! HTTP requests and responses as the load balancer and the targets' apps see them.

#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct HttpRequest {
    pub method: String,
    /// The path only, starting with `/` (no query).
    pub path: String,
    /// The raw query string without `?` (may be empty).
    pub query: String,
    /// Header names as sent; lookups are case-insensitive. `Host` is one of them.
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
    /// The client's address as the load balancer sees it (the real peer).
    pub client_ip: u32,
    pub client_port: u16,
}

impl HttpRequest {
    /// The first header with this name (case-insensitive).
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.iter().find(|(k, _)| k.eq_ignore_ascii_case(name)).map(|(_, v)| v.as_str())
    }
    /// The Host header without a port.
    pub fn host(&self) -> &str {
        let h = self.header("host").unwrap_or("");
        match h.rsplit_once(':') {
            Some((name, port)) if port.bytes().all(|b| b.is_ascii_digit()) && !name.ends_with(']') || h.starts_with('[') && h.contains("]:") => name,
            _ => h,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct HttpResponse {
    pub status: u16,
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
}

impl HttpResponse {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.iter().find(|(k, _)| k.eq_ignore_ascii_case(name)).map(|(_, v)| v.as_str())
    }
}
