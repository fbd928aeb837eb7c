//! Listener-rule conditions and actions (aws-facts §14.2): the matching tables (wildcards,
//! case sensitivity per field, `/books/*` vs `/books`), every validation refusal with AWS's
//! code and an English and Korean hint, the botocore shapes Describe* returns, and the
//! redirect action's Location.
use ec2lab::elb::http::HttpRequest;
use ec2lab::elb::model::{Action, ActionKind, Condition};
use ec2lab::elb::rules::{self, ActionSpec, ConditionSpec};
use ec2lab::ApiError;
use serde_json::{json, Value};

fn conds(v: Value) -> Result<Vec<Condition>, ApiError> {
    let specs: Vec<ConditionSpec> = serde_json::from_value(v).expect("botocore shape");
    rules::parse_conditions(&specs)
}

fn one(v: Value) -> Vec<Condition> {
    conds(json!([v])).unwrap_or_else(|e| panic!("{e}"))
}

const TG1: &str = "arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/web/0123456789abcdef";
const TG2: &str = "arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/books/fedcba9876543210";

fn actions(v: Value) -> Result<Vec<Action>, ApiError> {
    let specs: Vec<ActionSpec> = serde_json::from_value(v).expect("botocore shape");
    rules::parse_actions(&specs, &|arn| arn == TG1 || arn == TG2)
}

struct Req {
    method: &'static str,
    host: &'static str,
    path: &'static str,
    query: &'static str,
    headers: Vec<(&'static str, &'static str)>,
    ip: [u8; 4],
}

fn base() -> Req {
    Req { method: "GET", host: "www.example.com", path: "/", query: "", headers: vec![], ip: [198, 51, 100, 7] }
}

impl Req {
    fn build(&self) -> HttpRequest {
        let mut headers = vec![("Host".to_string(), self.host.to_string())];
        headers.extend(self.headers.iter().map(|(k, v)| (k.to_string(), v.to_string())));
        HttpRequest {
            method: self.method.into(),
            path: self.path.into(),
            query: self.query.into(),
            headers,
            body: vec![],
            client_ip: u32::from(std::net::Ipv4Addr::from(self.ip)),
            client_port: 40000,
        }
    }
}

fn path(p: &'static str) -> HttpRequest {
    Req { path: p, ..base() }.build()
}

/// Asserts that the rule holding `c` matches exactly the requests marked true.
fn table(c: &[Condition], rows: &[(HttpRequest, bool)]) {
    for (r, want) in rows {
        let got = rules::matches_all(c, r);
        assert_eq!(got.is_ok(), *want, "{c:?} vs {r:?}: {got:?}");
        assert_eq!(rules::rule_matches(c, r), *want);
        for cond in c {
            assert_eq!(rules::why_not(cond, r).is_none(), rules::matches(cond, r));
        }
    }
}

// ---- matching -------------------------------------------------------------------------

#[test]
fn books_star_matches_books_slash_and_deeper_but_not_books() {
    let c = one(json!({"Field": "path-pattern", "PathPatternConfig": {"Values": ["/books/*"]}}));
    table(
        &c,
        &[
            (path("/books"), false),
            (path("/books/"), true),
            (path("/books/x"), true),
            (path("/books/x/y"), true),
            (path("/bookstore"), false),
            (path("/Books/x"), false),
            (path("/"), false),
        ],
    );
    let why = rules::matches_all(&c, &path("/books")).unwrap_err();
    assert_eq!(why, "path-pattern: path '/books' matches none of ['/books/*'] (case-sensitive)");
}

#[test]
fn path_patterns_star_question_mark_and_case() {
    let c = one(json!({"Field": "path-pattern", "Values": ["/books*"]}));
    table(&c, &[(path("/books"), true), (path("/bookstore/a"), true), (path("/BOOKS"), false)]);
    let c = one(json!({"Field": "path-pattern", "PathPatternConfig": {"Values": ["/img/?.png", "*.jpg"]}}));
    table(&c, &[(path("/img/a.png"), true), (path("/img/ab.png"), false), (path("/img/.png"), false), (path("/x/y/cat.jpg"), true), (path("/cat.JPG"), false)]);
}

#[test]
fn path_pattern_sees_the_path_not_the_query() {
    let c = one(json!({"Field": "path-pattern", "PathPatternConfig": {"Values": ["/books/*"]}}));
    table(
        &c,
        &[(Req { path: "/search", query: "next=/books/1", ..base() }.build(), false), (Req { path: "/books/1", query: "page=2", ..base() }.build(), true)],
    );
}

#[test]
fn host_header_wildcards_case_insensitive_port_ignored() {
    let c = one(json!({"Field": "host-header", "HostHeaderConfig": {"Values": ["*.example.com"]}}));
    let h = |host: &'static str| Req { host, ..base() }.build();
    table(
        &c,
        &[
            (h("www.example.com"), true),
            (h("WWW.Example.COM"), true),
            (h("a.b.example.com"), true),
            (h("example.com"), false),
            (h("www.example.com:8080"), true),
            (h("www.example.org"), false),
            (h("wwwexample.com"), false),
        ],
    );
    let c = one(json!({"Field": "host-header", "Values": ["api?.example.com"]}));
    table(&c, &[(h("api1.example.com"), true), (h("API2.EXAMPLE.COM"), true), (h("api.example.com"), false), (h("api12.example.com"), false)]);
}

#[test]
fn http_header_name_and_value_case_insensitive_any_occurrence() {
    let c = one(json!({"Field": "http-header", "HttpHeaderConfig": {"HttpHeaderName": "User-Agent", "Values": ["*Mobile*", "curl/*"]}}));
    let h = |headers: Vec<(&'static str, &'static str)>| Req { headers, ..base() }.build();
    table(
        &c,
        &[
            (h(vec![("user-agent", "Mozilla/5.0 (iPhone) MOBILE Safari")]), true),
            (h(vec![("USER-AGENT", "curl/8.5.0")]), true),
            (h(vec![("User-Agent", "Mozilla/5.0 (X11)")]), false),
            (h(vec![]), false),
            (h(vec![("User-Agent", "desktop"), ("User-Agent", "mobile app")]), true),
        ],
    );
    assert_eq!(rules::matches_all(&c, &h(vec![])).unwrap_err(), "http-header: no 'User-Agent' header in the request (wanted one of ['*Mobile*', 'curl/*'])");
}

#[test]
fn http_request_method_is_exact_and_case_sensitive() {
    let c = one(json!({"Field": "http-request-method", "HttpRequestMethodConfig": {"Values": ["GET", "HEAD"]}}));
    let m = |method: &'static str| Req { method, ..base() }.build();
    table(&c, &[(m("GET"), true), (m("HEAD"), true), (m("get"), false), (m("POST"), false), (m("GETX"), false)]);
}

#[test]
fn query_string_pairs_case_insensitive_keyless_escapes_and_decoding() {
    let q = |query: &'static str| Req { query, ..base() }.build();
    let c = one(json!({"Field": "query-string", "QueryStringConfig": {"Values": [{"Key": "version", "Value": "v2*"}]}}));
    table(
        &c,
        &[(q("version=v2"), true), (q("VERSION=V2.1"), true), (q("a=1&version=v20"), true), (q("version=v1"), false), (q("ver=v2"), false), (q(""), false)],
    );
    // No key: any key with that value.
    let c = one(json!({"Field": "query-string", "QueryStringConfig": {"Values": [{"Value": "blue"}]}}));
    table(&c, &[(q("color=blue"), true), (q("x=BLUE"), true), (q("blue=red"), false)]);
    // `\*` is a literal star; the request's pairs are percent-decoded.
    let c = one(json!({"Field": "query-string", "QueryStringConfig": {"Values": [{"Key": "q", "Value": "a\\*b"}]}}));
    table(&c, &[(q("q=a*b"), true), (q("q=a%2Ab"), true), (q("q=axb"), false)]);
    let c = one(json!({"Field": "query-string", "QueryStringConfig": {"Values": [{"Key": "name", "Value": "new york"}]}}));
    table(&c, &[(q("name=new%20york"), true), (q("name=new+york"), true), (q("name=newyork"), false)]);
}

#[test]
fn source_ip_uses_the_peer_not_x_forwarded_for() {
    let c = one(json!({"Field": "source-ip", "SourceIpConfig": {"Values": ["203.0.113.0/24", "10.0.0.5/32"]}}));
    let r = |ip: [u8; 4], headers: Vec<(&'static str, &'static str)>| Req { ip, headers, ..base() }.build();
    table(
        &c,
        &[
            (r([203, 0, 113, 9], vec![]), true),
            (r([10, 0, 0, 5], vec![]), true),
            (r([10, 0, 0, 6], vec![]), false),
            (r([198, 51, 100, 7], vec![("X-Forwarded-For", "203.0.113.9")]), false),
        ],
    );
    let all = one(json!({"Field": "source-ip", "SourceIpConfig": {"Values": ["0.0.0.0/0"]}}));
    table(&all, &[(r([1, 2, 3, 4], vec![]), true)]);
}

#[test]
fn all_conditions_must_match_any_value_may() {
    let c = conds(json!([
        {"Field": "path-pattern", "PathPatternConfig": {"Values": ["/api/*", "/v2/*"]}},
        {"Field": "http-request-method", "HttpRequestMethodConfig": {"Values": ["POST"]}},
        {"Field": "http-header", "HttpHeaderConfig": {"HttpHeaderName": "X-Env", "Values": ["canary"]}},
        {"Field": "http-header", "HttpHeaderConfig": {"HttpHeaderName": "X-Team", "Values": ["books"]}}
    ]))
    .unwrap();
    let hdrs = vec![("X-Env", "Canary"), ("X-Team", "BOOKS")];
    table(
        &c,
        &[
            (Req { method: "POST", path: "/v2/x", headers: hdrs.clone(), ..base() }.build(), true),
            (Req { method: "POST", path: "/api/x", headers: hdrs.clone(), ..base() }.build(), true),
            (Req { method: "GET", path: "/api/x", headers: hdrs.clone(), ..base() }.build(), false),
            (Req { method: "POST", path: "/api/x", headers: vec![("X-Env", "canary")], ..base() }.build(), false),
            (Req { method: "POST", path: "/other", headers: hdrs, ..base() }.build(), false),
        ],
    );
    // The reason names the first condition that failed.
    let why = rules::matches_all(&c, &Req { method: "GET", path: "/api/x", ..base() }.build()).unwrap_err();
    assert!(why.starts_with("http-request-method: method 'GET' is none of ['POST']"), "{why}");
    // No conditions (the default rule) match everything.
    assert!(rules::matches_all(&[], &path("/anything")).is_ok());
}

// ---- condition validation --------------------------------------------------------------

/// The refusal's code and message; every refusal is a 400 with both hints.
fn refused(r: Result<Vec<impl std::fmt::Debug>, ApiError>) -> (String, String) {
    let e = r.expect_err("should be refused");
    assert_eq!(e.status, 400, "{e:?}");
    assert!(!e.hint_en.is_empty() && !e.hint_ko.is_empty(), "hints missing: {e:?}");
    (e.code, e.message)
}

fn cond_refusal(v: Value) -> (String, String) {
    refused(conds(v))
}

#[test]
fn condition_refusals() {
    let long = "a".repeat(129);
    let long_path = format!("/{}", "a".repeat(128));
    let cases: Vec<(Value, &str, &str)> = vec![
        (json!([{"Values": ["/x"]}]), "ValidationError", "A condition field must be specified"),
        (
            json!([{"Field": "cookie", "Values": ["x"]}]),
            "ValidationError",
            "Condition field 'cookie' must be one of '[path-pattern,host-header,http-header,http-request-method,query-string,source-ip]'",
        ),
        (
            json!([{"Field": "path-pattern", "PathPatternConfig": {"Values": ["/a"]}}, {"Field": "path-pattern", "PathPatternConfig": {"Values": ["/b"]}}]),
            "ValidationError",
            "A rule can only have one 'path-pattern' condition",
        ),
        (
            json!([{"Field": "host-header", "Values": ["a.example.com"]}, {"Field": "host-header", "Values": ["b.example.com"]}]),
            "ValidationError",
            "A rule can only have one 'host-header' condition",
        ),
        (
            json!([{"Field": "path-pattern", "PathPatternConfig": {"Values": ["/1", "/2", "/3"]}}, {"Field": "http-request-method", "HttpRequestMethodConfig": {"Values": ["GET", "PUT", "POST"]}}]),
            "ValidationError",
            "A rule can only have '5' condition values",
        ),
        (
            json!([{"Field": "query-string", "QueryStringConfig": {"Values": [{"Key": "a", "Value": "1"}, {"Key": "b", "Value": "2"}, {"Key": "c", "Value": "3"}]}}, {"Field": "query-string", "QueryStringConfig": {"Values": [{"Value": "4"}, {"Value": "5"}, {"Value": "6"}]}}]),
            "ValidationError",
            "A rule can only have '5' condition values",
        ),
        (
            json!([{"Field": "path-pattern", "PathPatternConfig": {"Values": ["/a/*/*", "/b/*/*", "/c/*/?"]}}]),
            "ValidationError",
            "A rule can only have '5' wildcards",
        ),
        (
            json!([{"Field": "path-pattern", "PathPatternConfig": {"Values": ["/a/*/*/*"]}}, {"Field": "host-header", "HostHeaderConfig": {"Values": ["*.ex?mple.com"]}}, {"Field": "http-header", "HttpHeaderConfig": {"HttpHeaderName": "X", "Values": ["*"]}}]),
            "ValidationError",
            "A rule can only have '5' wildcards",
        ),
        (json!([{"Field": "path-pattern", "PathPatternConfig": {"Values": []}}]), "ValidationError", "A condition value must be specified"),
        (json!([{"Field": "path-pattern"}]), "ValidationError", "A condition value must be specified"),
        (json!([{"Field": "host-header", "HostHeaderConfig": {"Values": [""]}}]), "ValidationError", "A condition value must be specified"),
        (json!([{"Field": "path-pattern", "Values": [long_path]}]), "ValidationError", "The 'path-pattern' value is too long; the limit is '128'"),
        (
            json!([{"Field": "path-pattern", "Values": ["/a b"]}]),
            "ValidationError",
            "The 'path-pattern' condition value '/a b' contains a character that is not valid: ' '",
        ),
        (json!([{"Field": "path-pattern", "Values": ["/a", "/b"]}]), "ValidationError", "The 'path-pattern' field contains too many values; the limit is '1'"),
        (
            json!([{"Field": "path-pattern", "Values": ["/a"], "PathPatternConfig": {"Values": ["/b"]}}]),
            "ValidationError",
            "You cannot provide both Values and 'PathPatternConfig' for a condition of type 'path-pattern'",
        ),
        (
            json!([{"Field": "path-pattern", "HostHeaderConfig": {"Values": ["a.example.com"]}}]),
            "ValidationError",
            "HostHeaderConfig can only be specified for 'host-header' conditions, not 'path-pattern'",
        ),
        (json!([{"Field": "http-header", "Values": ["x"]}]), "ValidationError", "The 'Values' field is not compatible with 'http-header'"),
        (json!([{"Field": "host-header", "Values": ["localhost"]}]), "ValidationError", "The host header value 'localhost' is not valid"),
        (json!([{"Field": "host-header", "Values": ["example.*"]}]), "ValidationError", "The host header value 'example.*' is not valid"),
        (json!([{"Field": "host-header", "Values": ["10.0.0.1"]}]), "ValidationError", "The host header value '10.0.0.1' is not valid"),
        (json!([{"Field": "host-header", "Values": ["a_b.example.com"]}]), "ValidationError", "contains a character that is not valid: '_'"),
        (
            json!([{"Field": "http-header", "HttpHeaderConfig": {"Values": ["x"]}}]),
            "ValidationError",
            "A 'HttpHeaderName' must be specified with 'http-header'",
        ),
        (
            json!([{"Field": "http-header", "HttpHeaderConfig": {"HttpHeaderName": "host", "Values": ["x.example.com"]}}]),
            "ValidationError",
            "You cannot use an http-header condition for the Host header; use a host-header condition",
        ),
        (
            json!([{"Field": "http-header", "HttpHeaderConfig": {"HttpHeaderName": "X Y", "Values": ["x"]}}]),
            "ValidationError",
            "The HTTP header name 'X Y' contains a character that is not valid: ' '",
        ),
        (
            json!([{"Field": "http-header", "HttpHeaderConfig": {"HttpHeaderName": "x".repeat(41), "Values": ["x"]}}]),
            "ValidationError",
            "The 'HttpHeaderName' value is too long; the limit is '40'",
        ),
        (
            json!([{"Field": "http-header", "HttpHeaderConfig": {"HttpHeaderName": "X", "Values": [long]}}]),
            "ValidationError",
            "The 'http-header' value is too long; the limit is '128'",
        ),
        (
            json!([{"Field": "http-request-method", "HttpRequestMethodConfig": {"Values": ["get"]}}]),
            "ValidationError",
            "The 'http-request-method' value is invalid; the allowed characters are A-Z, hyphen and underscore",
        ),
        (
            json!([{"Field": "http-request-method", "HttpRequestMethodConfig": {"Values": ["G*"]}}]),
            "ValidationError",
            "The 'http-request-method' value is invalid; the allowed characters are A-Z, hyphen and underscore",
        ),
        (
            json!([{"Field": "http-request-method", "HttpRequestMethodConfig": {"Values": ["A".repeat(41)]}}]),
            "ValidationError",
            "The 'http-request-method' value is too long; the limit is '40'",
        ),
        (
            json!([{"Field": "query-string", "QueryStringConfig": {"Values": [{"Key": "a"}]}}]),
            "ValidationError",
            "A 'Value' must be specified in 'QueryStringKeyValuePair'",
        ),
        (json!([{"Field": "query-string", "QueryStringConfig": {"Values": []}}]), "ValidationError", "A condition value must be specified"),
        (json!([{"Field": "source-ip"}]), "ValidationError", "A 'SourceIpConfig' must be specified with 'source-ip'"),
        (json!([{"Field": "source-ip", "SourceIpConfig": {"Values": []}}]), "ValidationError", "A 'source-ip' value must be specified"),
        (
            json!([{"Field": "query-string", "QueryStringConfig": {"Values": [{"Key": "k".repeat(129), "Value": "v"}]}}]),
            "ValidationError",
            "The 'Key' value is too long; the limit is '128'",
        ),
        (json!([{"Field": "source-ip", "SourceIpConfig": {"Values": ["10.0.0.0"]}}]), "ValidationError", "The source IP '10.0.0.0' is not a valid CIDR block"),
        (
            json!([{"Field": "source-ip", "SourceIpConfig": {"Values": ["10.0.0.0/33"]}}]),
            "ValidationError",
            "The source IP '10.0.0.0/33' is not a valid CIDR block",
        ),
        (json!([{"Field": "source-ip", "SourceIpConfig": {"Values": ["10.0.*.0/24"]}}]), "ValidationError", "is not a valid CIDR block"),
        (
            json!([{"Field": "source-ip", "SourceIpConfig": {"Values": ["255.255.255.255/32"]}}]),
            "ValidationError",
            "The source IP '255.255.255.255/32' is not supported",
        ),
        (json!([{"Field": "source-ip", "SourceIpConfig": {"Values": ["2001:db8::/32"]}}]), "Unsupported", "IPv6 source-ip"),
        (json!([{"Field": "path-pattern", "PathPatternConfig": {"RegexValues": ["^/a.*$"]}}]), "Unsupported", "RegexValues"),
    ];
    for (v, code, msg) in cases {
        let (c, m) = cond_refusal(v.clone());
        assert_eq!(c, code, "{v}: {m}");
        assert!(m.contains(msg), "{v}\n got: {m}\nwant: {msg}");
    }
}

#[test]
fn condition_limits_at_the_edge_are_accepted() {
    // 5 values and 5 wildcards in all; escaped query wildcards do not count.
    conds(json!([
        {"Field": "path-pattern", "PathPatternConfig": {"Values": ["/a/*", "/b/*", "/c/?"]}},
        {"Field": "host-header", "HostHeaderConfig": {"Values": ["*.example.com"]}},
        {"Field": "query-string", "QueryStringConfig": {"Values": [{"Key": "k", "Value": "\\*x\\?*"}]}}
    ]))
    .unwrap();
    conds(json!([{"Field": "path-pattern", "Values": [format!("/{}", "a".repeat(127))]}])).unwrap();
    conds(json!([{"Field": "http-header", "HttpHeaderConfig": {"HttpHeaderName": "x".repeat(40), "Values": ["v"]}}])).unwrap();
    conds(json!([{"Field": "http-request-method", "HttpRequestMethodConfig": {"Values": ["CUSTOM-METHOD_1".replace('1', "X")]}}])).unwrap();
    // http-header and query-string may repeat.
    conds(json!([
        {"Field": "http-header", "HttpHeaderConfig": {"HttpHeaderName": "A", "Values": ["1"]}},
        {"Field": "http-header", "HttpHeaderConfig": {"HttpHeaderName": "B", "Values": ["2"]}},
        {"Field": "query-string", "QueryStringConfig": {"Values": [{"Value": "3"}]}},
        {"Field": "query-string", "QueryStringConfig": {"Values": [{"Value": "4"}]}}
    ]))
    .unwrap();
}

#[test]
fn conditions_render_as_botocore_shapes_and_parse_back() {
    let c = conds(json!([
        {"Field": "path-pattern", "Values": ["/books/*"]},
        {"Field": "host-header", "HostHeaderConfig": {"Values": ["*.example.com", "example.org"]}},
        {"Field": "http-header", "HttpHeaderConfig": {"HttpHeaderName": "User-Agent", "Values": ["*Mobile*"]}}
    ]))
    .unwrap();
    let shapes = rules::render_conditions(&c);
    insta::assert_json_snapshot!("conditions_path_host_header", shapes);
    let back: Vec<ConditionSpec> = serde_json::from_value(serde_json::to_value(&shapes).unwrap()).unwrap();
    assert_eq!(rules::parse_conditions(&back).unwrap(), c);
    let c = conds(json!([
        {"Field": "http-request-method", "HttpRequestMethodConfig": {"Values": ["GET"]}},
        {"Field": "query-string", "QueryStringConfig": {"Values": [{"Key": "v", "Value": "2"}, {"Value": "x"}]}},
        {"Field": "source-ip", "SourceIpConfig": {"Values": ["203.0.113.0/24"]}}
    ]))
    .unwrap();
    let shapes = rules::render_conditions(&c);
    insta::assert_json_snapshot!("conditions_method_query_source", shapes);
    let back: Vec<ConditionSpec> = serde_json::from_value(serde_json::to_value(&shapes).unwrap()).unwrap();
    assert_eq!(rules::parse_conditions(&back).unwrap(), c);
}

#[test]
fn unknown_members_are_refused_by_the_shape() {
    assert!(serde_json::from_value::<ConditionSpec>(json!({"Field": "path-pattern", "Value": ["/x"]})).is_err());
    assert!(serde_json::from_value::<ActionSpec>(json!({"Type": "forward", "TargetGroup": TG1})).is_err());
    assert!(serde_json::from_value::<ActionSpec>(json!({"TargetGroupArn": TG1})).is_err());
}

// ---- actions ------------------------------------------------------------------------------

#[test]
fn forward_to_one_group_renders_both_forms() {
    let a = actions(json!([{"Type": "forward", "TargetGroupArn": TG1}])).unwrap();
    assert_eq!(rules::target_group_arns(&a).collect::<Vec<_>>(), vec![TG1]);
    insta::assert_json_snapshot!("forward_one_group", rules::render_actions(&a));
    // What Describe returned is accepted back unchanged.
    let back: Vec<ActionSpec> = serde_json::from_value(serde_json::to_value(rules::render_actions(&a)).unwrap()).unwrap();
    assert_eq!(rules::parse_actions(&back, &|x| x == TG1).unwrap(), a);
}

#[test]
fn weighted_forward_with_group_stickiness() {
    let a = actions(json!([{"Type": "forward", "ForwardConfig": {
        "TargetGroups": [{"TargetGroupArn": TG1, "Weight": 90}, {"TargetGroupArn": TG2, "Weight": 10}],
        "TargetGroupStickinessConfig": {"Enabled": true, "DurationSeconds": 3600}}}]))
    .unwrap();
    let ActionKind::Forward(f) = &a[0].kind else { panic!() };
    assert_eq!((f.groups[0].weight, f.groups[1].weight, f.stickiness_s), (90, 10, Some(3600)));
    insta::assert_json_snapshot!("forward_weighted", rules::render_actions(&a));
    // Weight 0 and the bounds 999 / 604800 are allowed; a disabled stickiness needs no duration.
    actions(json!([{"Type": "forward", "ForwardConfig": {"TargetGroups": [{"TargetGroupArn": TG1, "Weight": 0}, {"TargetGroupArn": TG2, "Weight": 999}], "TargetGroupStickinessConfig": {"Enabled": true, "DurationSeconds": 604800}}}])).unwrap();
    let a =
        actions(json!([{"Type": "forward", "ForwardConfig": {"TargetGroups": [{"TargetGroupArn": TG1}], "TargetGroupStickinessConfig": {"Enabled": false}}}]))
            .unwrap();
    let ActionKind::Forward(f) = &a[0].kind else { panic!() };
    assert_eq!((f.groups[0].weight, f.stickiness_s), (1, None));
    // TargetGroupArn with a ForwardConfig naming the same single group is fine.
    actions(json!([{"Type": "forward", "TargetGroupArn": TG1, "ForwardConfig": {"TargetGroups": [{"TargetGroupArn": TG1, "Weight": 1}]}}])).unwrap();
}

#[test]
fn redirect_defaults_to_the_keywords_and_fixed_response_renders() {
    let a = actions(json!([{"Type": "redirect", "RedirectConfig": {"Protocol": "HTTPS", "Port": "443", "StatusCode": "HTTP_301"}}])).unwrap();
    insta::assert_json_snapshot!("redirect_to_https", rules::render_actions(&a));
    let a =
        actions(json!([{"Type": "fixed-response", "FixedResponseConfig": {"StatusCode": "404", "ContentType": "text/plain", "MessageBody": "no such page"}}]))
            .unwrap();
    insta::assert_json_snapshot!("fixed_response_404", rules::render_actions(&a));
    actions(json!([{"Type": "fixed-response", "FixedResponseConfig": {"StatusCode": "200", "MessageBody": "x".repeat(1024)}}])).unwrap();
}

#[test]
fn authenticate_actions_come_first_by_order_and_keep_no_secret() {
    let a = actions(json!([
        {"Type": "forward", "TargetGroupArn": TG1, "Order": 2},
        {"Type": "authenticate-oidc", "Order": 1, "AuthenticateOidcConfig": {"Issuer": "https://idp.example.com", "AuthorizationEndpoint": "https://idp.example.com/auth",
            "TokenEndpoint": "https://idp.example.com/token", "UserInfoEndpoint": "https://idp.example.com/userinfo", "ClientId": "abc", "ClientSecret": "s3cret"}}
    ]))
    .unwrap();
    assert_eq!(a.iter().map(|x| x.order).collect::<Vec<_>>(), vec![Some(1), Some(2)]);
    let shapes = rules::render_actions(&a);
    insta::assert_json_snapshot!("authenticate_then_forward", shapes);
    assert!(!serde_json::to_string(&shapes).unwrap().contains("s3cret"));
    assert!(!format!("{a:?}").contains("s3cret"));
    // Authenticate needs HTTPS.
    let e = rules::check_for_listener(&a, "HTTP").unwrap_err();
    assert_eq!((e.code.as_str(), e.message.as_str()), ("InvalidLoadBalancerAction", "The 'authenticate-oidc' action is supported only on HTTPS listeners"));
    rules::check_for_listener(&a, "HTTPS").unwrap();
    actions(json!([{"Type": "authenticate-cognito", "Order": 1, "AuthenticateCognitoConfig": {"UserPoolArn": "arn:aws:cognito-idp:us-east-1:123456789012:userpool/us-east-1_a", "UserPoolClientId": "c", "UserPoolDomain": "d"}}, {"Type": "fixed-response", "Order": 9, "FixedResponseConfig": {"StatusCode": "200"}}])).unwrap();
}

#[test]
fn action_refusals() {
    let tg3 = "arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/gone/0000000000000000";
    let six: Vec<Value> = (0..6).map(|i| json!({"TargetGroupArn": format!("{TG1}{i}")})).collect();
    let oidc_no_client = json!({"Issuer": "i", "AuthorizationEndpoint": "a", "TokenEndpoint": "t", "UserInfoEndpoint": "u"});
    let cases: Vec<(Value, &str, &str)> = vec![
        (json!([]), "ValidationError", "At least one action must be specified"),
        (
            json!([{"Type": "drop"}]),
            "ValidationError",
            "1 validation error detected: Value 'drop' at 'actions.1.member.type' failed to satisfy constraint: Member must satisfy enum value set: [forward, authenticate-oidc, authenticate-cognito, redirect, fixed-response, jwt-validation]",
        ),
        (json!([{"Type": "forward"}]), "ValidationError", "A forward action must specify TargetGroupArn or ForwardConfig.TargetGroups"),
        (json!([{"Type": "forward", "TargetGroupArn": tg3}]), "TargetGroupNotFound", "One or more target groups not found"),
        (
            json!([{"Type": "forward", "ForwardConfig": {"TargetGroups": [{"TargetGroupArn": TG1}, {"TargetGroupArn": tg3}]}}]),
            "TargetGroupNotFound",
            "One or more target groups not found",
        ),
        (json!([{"Type": "forward", "ForwardConfig": {"TargetGroups": six}}]), "ValidationError", "A forward action can have at most 5 target groups"),
        (
            json!([{"Type": "forward", "ForwardConfig": {"TargetGroups": [{"TargetGroupArn": TG1, "Weight": 1000}]}}]),
            "ValidationError",
            "Target group weight '1000' must be between 0 and 999",
        ),
        (
            json!([{"Type": "forward", "ForwardConfig": {"TargetGroups": [{"TargetGroupArn": TG1, "Weight": -1}]}}]),
            "ValidationError",
            "Target group weight '-1' must be between 0 and 999",
        ),
        (
            json!([{"Type": "forward", "ForwardConfig": {"TargetGroups": [{"Weight": 1}]}}]),
            "ValidationError",
            "Each target group in ForwardConfig must specify TargetGroupArn",
        ),
        (
            json!([{"Type": "forward", "ForwardConfig": {"TargetGroups": [{"TargetGroupArn": TG1}, {"TargetGroupArn": TG1}]}}]),
            "ValidationError",
            "is specified more than once in the forward action",
        ),
        (
            json!([{"Type": "forward", "TargetGroupArn": TG2, "ForwardConfig": {"TargetGroups": [{"TargetGroupArn": TG1}]}}]),
            "ValidationError",
            "You cannot specify both TargetGroupArn and ForwardConfig",
        ),
        (
            json!([{"Type": "forward", "ForwardConfig": {"TargetGroups": [{"TargetGroupArn": TG1}], "TargetGroupStickinessConfig": {"Enabled": true}}}]),
            "ValidationError",
            "Target group stickiness duration must be between 1 and 604800 seconds",
        ),
        (
            json!([{"Type": "forward", "ForwardConfig": {"TargetGroups": [{"TargetGroupArn": TG1}], "TargetGroupStickinessConfig": {"Enabled": true, "DurationSeconds": 604801}}}]),
            "ValidationError",
            "between 1 and 604800",
        ),
        (
            json!([{"Type": "forward", "ForwardConfig": {"TargetGroups": [{"TargetGroupArn": TG1}], "TargetGroupStickinessConfig": {"Enabled": true, "DurationSeconds": 0}}}]),
            "ValidationError",
            "between 1 and 604800",
        ),
        (
            json!([{"Type": "forward", "TargetGroupArn": TG1, "RedirectConfig": {"StatusCode": "HTTP_301", "Protocol": "HTTPS"}}]),
            "ValidationError",
            "RedirectConfig can only be specified for 'redirect' actions, not 'forward'",
        ),
        (
            json!([{"Type": "redirect", "TargetGroupArn": TG1, "RedirectConfig": {"StatusCode": "HTTP_301", "Protocol": "HTTPS"}}]),
            "ValidationError",
            "TargetGroupArn can only be specified for 'forward' actions, not 'redirect'",
        ),
        (json!([{"Type": "redirect"}]), "ValidationError", "RedirectConfig must be specified for 'redirect' actions"),
        (
            json!([{"Type": "redirect", "RedirectConfig": {"StatusCode": "HTTP_301"}}]),
            "InvalidLoadBalancerAction",
            "you must modify at least one of protocol, host, port or path to avoid a redirect loop",
        ),
        (
            json!([{"Type": "redirect", "RedirectConfig": {"StatusCode": "HTTP_301", "Protocol": "#{protocol}", "Host": "#{host}", "Port": "#{port}", "Path": "/#{path}", "Query": "a=1"}}]),
            "InvalidLoadBalancerAction",
            "redirect loop",
        ),
        (
            json!([{"Type": "redirect", "RedirectConfig": {"StatusCode": "HTTP_303", "Protocol": "HTTPS"}}]),
            "ValidationError",
            "Value 'HTTP_303' at 'actions.1.member.redirectConfig.statusCode' failed to satisfy constraint: Member must satisfy enum value set: [HTTP_301, HTTP_302]",
        ),
        (
            json!([{"Type": "redirect", "RedirectConfig": {"StatusCode": "HTTP_301", "Protocol": "https"}}]),
            "ValidationError",
            r"Value 'https' at 'actions.1.member.redirectConfig.protocol' failed to satisfy constraint: Member must satisfy regular expression pattern: ^(HTTPS?|#\{protocol\})$",
        ),
        (json!([{"Type": "redirect", "RedirectConfig": {"StatusCode": "HTTP_301", "Port": "0"}}]), "ValidationError", "The redirect Port '0' is not valid"),
        (
            json!([{"Type": "redirect", "RedirectConfig": {"StatusCode": "HTTP_301", "Port": "65536"}}]),
            "ValidationError",
            "The redirect Port '65536' is not valid",
        ),
        (json!([{"Type": "redirect", "RedirectConfig": {"StatusCode": "HTTP_301", "Path": "new"}}]), "ValidationError", "The redirect Path 'new' is not valid"),
        (
            json!([{"Type": "redirect", "RedirectConfig": {"StatusCode": "HTTP_301", "Path": "/#{query}"}}]),
            "ValidationError",
            "The redirect Path '/#{query}' is not valid",
        ),
        (
            json!([{"Type": "redirect", "RedirectConfig": {"StatusCode": "HTTP_301", "Host": "#{path}.example.com"}}]),
            "ValidationError",
            "The redirect Host '#{path}.example.com' is not valid",
        ),
        (
            json!([{"Type": "redirect", "RedirectConfig": {"StatusCode": "HTTP_301", "Protocol": "HTTPS", "Query": "?a=1"}}]),
            "ValidationError",
            "The redirect Query '?a=1' is not valid",
        ),
        (
            json!([{"Type": "redirect", "RedirectConfig": {"StatusCode": "HTTP_301", "Host": format!("{}.example.com", "a".repeat(120))}}]),
            "ValidationError",
            "at 'actions.1.member.redirectConfig.host' failed to satisfy constraint: Member must have length less than or equal to 128",
        ),
        (
            json!([{"Type": "fixed-response", "Order": 1, "FixedResponseConfig": {"StatusCode": "200"}}, {"Type": "forward", "TargetGroupArn": TG1, "Order": 0}]),
            "ValidationError",
            "Value '0' at 'actions.2.member.order' failed to satisfy constraint",
        ),
        (json!([{"Type": "fixed-response"}]), "ValidationError", "FixedResponseConfig must be specified for 'fixed-response' actions"),
        (
            json!([{"Type": "fixed-response", "FixedResponseConfig": {"StatusCode": "302"}}]),
            "ValidationError",
            r"1 validation error detected: Value '302' at 'actions.1.member.fixedResponseConfig.statusCode' failed to satisfy constraint: Member must satisfy regular expression pattern: ^(2|4|5)\d\d$",
        ),
        (json!([{"Type": "fixed-response", "FixedResponseConfig": {"StatusCode": "2000"}}]), "ValidationError", "Member must satisfy regular expression pattern: ^(2|4|5)"),
        (
            json!([{"Type": "fixed-response", "FixedResponseConfig": {"StatusCode": "200", "ContentType": "text/xml"}}]),
            "InvalidLoadBalancerAction",
            "The ContentType must be one of:'text/html', 'application/json', 'application/javascript', 'text/css', 'text/plain'",
        ),
        (
            json!([{"Type": "fixed-response", "FixedResponseConfig": {"StatusCode": "200", "MessageBody": "x".repeat(1025)}}]),
            "ValidationError",
            "at 'actions.1.member.fixedResponseConfig.messageBody' failed to satisfy constraint: Member must have length less than or equal to 1024",
        ),
        (
            json!([{"Type": "forward", "TargetGroupArn": TG1}, {"Type": "forward", "TargetGroupArn": TG2}]),
            "ValidationError",
            "An action order must be specified when there are multiple actions",
        ),
        (json!([{"Type": "forward", "TargetGroupArn": TG1, "Order": 0}]), "ValidationError", "Value '0' at 'actions.1.member.order' failed to satisfy constraint: Member must have value greater than or equal to 1"),
        (json!([{"Type": "forward", "TargetGroupArn": TG1, "Order": 50001}]), "ValidationError", "Value '50001' at 'actions.1.member.order' failed to satisfy constraint: Member must have value less than or equal to 50000"),
        (
            json!([{"Type": "forward", "TargetGroupArn": TG1, "Order": 1}, {"Type": "fixed-response", "Order": 1, "FixedResponseConfig": {"StatusCode": "200"}}]),
            "ValidationError",
            "Action order '1' is used more than once",
        ),
        (
            json!([{"Type": "forward", "TargetGroupArn": TG1, "Order": 1}, {"Type": "fixed-response", "Order": 2, "FixedResponseConfig": {"StatusCode": "200"}}]),
            "InvalidLoadBalancerAction",
            "A rule can only have one forward, redirect or fixed-response action",
        ),
        (
            json!([{"Type": "jwt-validation", "JwtValidationConfig": {"JwksEndpoint": "https://idp/jwks", "Issuer": "i"}}]),
            "InvalidLoadBalancerAction",
            "A rule must end with a forward, redirect or fixed-response action",
        ),
        (
            json!([{"Type": "forward", "TargetGroupArn": TG1, "Order": 1}, {"Type": "jwt-validation", "Order": 2, "JwtValidationConfig": {"JwksEndpoint": "https://idp/jwks", "Issuer": "i"}}]),
            "InvalidLoadBalancerAction",
            "The forward, redirect or fixed-response action must be the last action (highest order)",
        ),
        (
            json!([{"Type": "authenticate-oidc", "Order": 1}, {"Type": "forward", "TargetGroupArn": TG1, "Order": 2}]),
            "ValidationError",
            "AuthenticateOidcConfig must be specified for 'authenticate-oidc' actions",
        ),
    ];
    for (v, code, msg) in cases {
        let (c, m) = refused(actions(v.clone()));
        assert_eq!(c, code, "{v}: {m}");
        assert!(m.contains(msg), "{v}\n got: {m}\nwant: {msg}");
    }
    // A missing required member of an authenticate config is botocore's parameter validation.
    let e = actions(
        json!([{"Type": "authenticate-oidc", "Order": 1, "AuthenticateOidcConfig": oidc_no_client}, {"Type": "forward", "TargetGroupArn": TG1, "Order": 2}]),
    )
    .unwrap_err();
    assert_eq!(e.code, "ParamValidation");
    assert!(e.message.ends_with("Missing required parameter in Actions[0].AuthenticateOidcConfig: \"ClientId\""), "{}", e.message);
}

#[test]
fn shape_errors_win_over_a_missing_target_group() {
    let tg3 = "arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/gone/0000000000000000";
    let e = actions(json!([{"Type": "forward", "ForwardConfig": {"TargetGroups": [{"TargetGroupArn": tg3, "Weight": 5000}]}}])).unwrap_err();
    assert_eq!(e.code, "ValidationError");
}

#[test]
fn listener_dependent_checks() {
    let https = actions(json!([{"Type": "redirect", "RedirectConfig": {"Protocol": "HTTPS", "Port": "443", "StatusCode": "HTTP_301"}}])).unwrap();
    let http = actions(json!([{"Type": "redirect", "RedirectConfig": {"Protocol": "HTTP", "Port": "80", "StatusCode": "HTTP_302"}}])).unwrap();
    rules::check_for_listener(&https, "HTTP").unwrap();
    rules::check_for_listener(&https, "HTTPS").unwrap();
    rules::check_for_listener(&http, "HTTP").unwrap();
    let e = rules::check_for_listener(&http, "HTTPS").unwrap_err();
    assert_eq!((e.code.as_str(), e.message.as_str()), ("InvalidLoadBalancerAction", "You cannot redirect HTTPS to HTTP"));
    assert!(!e.hint_ko.is_empty());
    let e = rules::check_for_listener(&https, "TCP").unwrap_err();
    assert_eq!(e.message, "Only forward actions are supported for TCP listeners");
    let weighted =
        actions(json!([{"Type": "forward", "ForwardConfig": {"TargetGroups": [{"TargetGroupArn": TG1, "Weight": 1}, {"TargetGroupArn": TG2, "Weight": 1}]}}]))
            .unwrap();
    rules::check_for_listener(&weighted, "HTTP").unwrap();
    assert_eq!(rules::check_for_listener(&weighted, "UDP").unwrap_err().code, "InvalidLoadBalancerAction");
    let single = actions(json!([{"Type": "forward", "TargetGroupArn": TG1}])).unwrap();
    rules::check_for_listener(&single, "TCP").unwrap();
}

// ---- redirect Location --------------------------------------------------------------------

fn redirect(config: Value) -> ec2lab::elb::model::Redirect {
    let a = actions(json!([{"Type": "redirect", "RedirectConfig": config}])).unwrap();
    match &a[0].kind {
        ActionKind::Redirect(r) => r.clone(),
        other => panic!("{other:?}"),
    }
}

#[test]
fn redirect_location_substitutes_keywords() {
    let req = Req { host: "shop.example.com", path: "/books/1", query: "a=1&b=2", ..base() }.build();
    let cases = [
        (json!({"Protocol": "HTTPS", "Port": "443", "StatusCode": "HTTP_301"}), "https://shop.example.com:443/books/1?a=1&b=2"),
        (json!({"Path": "/new/#{path}", "StatusCode": "HTTP_302"}), "http://shop.example.com:80/new/books/1?a=1&b=2"),
        (json!({"Host": "www.#{host}", "Query": "#{query}&from=#{port}", "StatusCode": "HTTP_301"}), "http://www.shop.example.com:80/books/1?a=1&b=2&from=80"),
        (json!({"Host": "example.org", "Path": "/", "Query": "", "StatusCode": "HTTP_301"}), "http://example.org:80/"),
        (
            json!({"Port": "8443", "Protocol": "HTTPS", "Path": "/#{host}/#{port}/#{path}", "StatusCode": "HTTP_301"}),
            "https://shop.example.com:8443/shop.example.com/80/books/1?a=1&b=2",
        ),
    ];
    for (config, want) in cases {
        let r = redirect(config.clone());
        assert_eq!(rules::redirect_location(&r, &req, "HTTP", 80), want, "{config}");
    }
    // The host's port is not part of #{host}; an empty query adds no '?'.
    let req = Req { host: "shop.example.com:8080", path: "/", query: "", ..base() }.build();
    let r = redirect(json!({"Protocol": "HTTPS", "Port": "443", "StatusCode": "HTTP_301"}));
    assert_eq!(rules::redirect_location(&r, &req, "HTTP", 8080), "https://shop.example.com:443/");
    // A value that looks like a keyword is not expanded again.
    let req = Req { host: "a.example.com", path: "/%23%7Bhost%7D", query: "x=#{host}", ..base() }.build();
    let r = redirect(json!({"Host": "b.example.com", "StatusCode": "HTTP_301"}));
    assert_eq!(rules::redirect_location(&r, &req, "HTTPS", 443), "https://b.example.com:443/%23%7Bhost%7D?x=#{host}");
}

// ---- through the door: CreateRule refusals, DescribeRules shapes, routing by the rules ------

mod door {
    use base64::Engine;
    use ec2lab::{ApiError, Cloud};
    use serde_json::{json, Value};

    const R: &str = "us-east-1";

    fn call(c: &mut Cloud, service: &str, op: &str, p: Value) -> Value {
        c.call(service, R, op, p).unwrap_or_else(|e| panic!("{op}: {e:?}"))
    }

    fn fixed(body: &str) -> Value {
        json!([{"Type": "fixed-response", "FixedResponseConfig": {"StatusCode": "200", "ContentType": "text/plain", "MessageBody": body}}])
    }

    /// An internet-facing ALB open on 80 whose listener answers 404 "default" unless a rule
    /// matches; no instances needed (fixed responses and redirects only).
    struct Alb {
        c: Cloud,
        listener: String,
        tg: String,
    }

    /// (status, body, matched priority, Location header)
    type Answer = (u64, String, String, Option<String>);

    impl Alb {
        fn new() -> Alb {
            let mut c = Cloud::new(5);
            let v = call(&mut c, "ec2", "DescribeSubnets", json!({"Filters": [{"Name": "default-for-az", "Values": ["true"]}]}));
            let mut subnets: Vec<(String, String)> = v["Subnets"]
                .as_array()
                .unwrap()
                .iter()
                .map(|s| (s["AvailabilityZone"].as_str().unwrap().into(), s["SubnetId"].as_str().unwrap().into()))
                .collect();
            subnets.sort();
            let subnets: Vec<String> = subnets.into_iter().take(2).map(|(_, id)| id).collect();
            let vpc = call(&mut c, "ec2", "DescribeVpcs", json!({"Filters": [{"Name": "is-default", "Values": ["true"]}]}))["Vpcs"][0]["VpcId"]
                .as_str()
                .unwrap()
                .to_string();
            let sg = call(&mut c, "ec2", "CreateSecurityGroup", json!({"GroupName": "lb-sg", "Description": "lb"}))["GroupId"].as_str().unwrap().to_string();
            call(
                &mut c,
                "ec2",
                "AuthorizeSecurityGroupIngress",
                json!({"GroupId": sg, "IpPermissions": [{"IpProtocol": "tcp", "FromPort": 80, "ToPort": 80, "IpRanges": [{"CidrIp": "0.0.0.0/0"}]}]}),
            );
            let lb = call(&mut c, "elbv2", "CreateLoadBalancer", json!({"Name": "shop", "Subnets": subnets, "SecurityGroups": [sg]}))["LoadBalancers"][0]
                ["LoadBalancerArn"]
                .as_str()
                .unwrap()
                .to_string();
            let tg = call(&mut c, "elbv2", "CreateTargetGroup", json!({"Name": "books", "Protocol": "HTTP", "Port": 8000, "VpcId": vpc}))["TargetGroups"][0]
                ["TargetGroupArn"]
                .as_str()
                .unwrap()
                .to_string();
            let default =
                json!([{"Type": "fixed-response", "FixedResponseConfig": {"StatusCode": "404", "ContentType": "text/plain", "MessageBody": "default"}}]);
            let listener = call(&mut c, "elbv2", "CreateListener", json!({"LoadBalancerArn": lb, "Protocol": "HTTP", "Port": 80, "DefaultActions": default}))
                ["Listeners"][0]["ListenerArn"]
                .as_str()
                .unwrap()
                .to_string();
            c.advance(600_000);
            Alb { c, listener, tg }
        }

        fn rule(&mut self, priority: i64, conditions: Value, actions: Value) -> Result<Value, ApiError> {
            self.c.call("elbv2", R, "CreateRule", json!({"ListenerArn": self.listener, "Priority": priority, "Conditions": conditions, "Actions": actions}))
        }

        fn get(&mut self, p: Value) -> Answer {
            let mut p = p;
            p["LoadBalancer"] = json!("shop");
            let v = call(&mut self.c, "ec2lab", "RouteRequest", p);
            let body = String::from_utf8(base64::engine::general_purpose::STANDARD.decode(v["Body"].as_str().unwrap()).unwrap()).unwrap();
            let location = v["Headers"]
                .as_array()
                .unwrap()
                .iter()
                .find(|h| h[0].as_str().unwrap().eq_ignore_ascii_case("location"))
                .map(|h| h[1].as_str().unwrap().to_string());
            (v["Status"].as_u64().unwrap(), body, v["Trace"]["RulePriority"].as_str().unwrap().to_string(), location)
        }
    }

    #[test]
    fn the_rules_route_requests_end_to_end() {
        let mut a = Alb::new();
        a.rule(10, json!([{"Field": "path-pattern", "Values": ["/books/*"]}]), fixed("books")).unwrap();
        a.rule(20, json!([{"Field": "host-header", "HostHeaderConfig": {"Values": ["api.example.com"]}}]), fixed("api")).unwrap();
        a.rule(
            30,
            json!([{"Field": "http-request-method", "HttpRequestMethodConfig": {"Values": ["POST"]}}, {"Field": "query-string", "QueryStringConfig": {"Values": [{"Key": "beta", "Value": "on"}]}}]),
            fixed("beta post"),
        )
        .unwrap();
        a.rule(40, json!([{"Field": "http-header", "HttpHeaderConfig": {"HttpHeaderName": "X-Canary", "Values": ["y*"]}}]), fixed("canary")).unwrap();
        a.rule(
            50,
            json!([{"Field": "path-pattern", "PathPatternConfig": {"Values": ["/old/*"]}}]),
            json!([{"Type": "redirect", "RedirectConfig": {"Path": "/new/#{path}", "StatusCode": "HTTP_301"}}]),
        )
        .unwrap();
        let s = |v: &str| v.to_string();
        let rows: Vec<(Value, Answer)> = vec![
            (json!({"Path": "/books"}), (404, s("default"), s("default"), None)),
            (json!({"Path": "/books/"}), (200, s("books"), s("10"), None)),
            (json!({"Path": "/books/x"}), (200, s("books"), s("10"), None)),
            (json!({"Path": "/Books/x"}), (404, s("default"), s("default"), None)),
            (json!({"Path": "/books/x", "Host": "api.example.com"}), (200, s("books"), s("10"), None)),
            (json!({"Path": "/", "Host": "API.Example.com"}), (200, s("api"), s("20"), None)),
            (json!({"Path": "/", "Method": "POST", "Query": "BETA=ON"}), (200, s("beta post"), s("30"), None)),
            (json!({"Path": "/", "Method": "post", "Query": "beta=on"}), (404, s("default"), s("default"), None)),
            (json!({"Path": "/", "Headers": {"x-canary": "YES"}}), (200, s("canary"), s("40"), None)),
            (
                json!({"Path": "/old/a", "Query": "q=1", "Host": "shop.example.com"}),
                (301, s("301 Moved Permanently"), s("50"), Some(s("http://shop.example.com:80/new/old/a?q=1"))),
            ),
        ];
        for (req, want) in rows {
            let (status, body, priority, location) = a.get(req.clone());
            assert_eq!((status, priority.as_str(), location.as_deref()), (want.0, want.2.as_str(), want.3.as_deref()), "{req}");
            // The ALB's own redirect page is HTML; the fixed responses are exact.
            assert!(if status == 301 { body.contains(&want.1) } else { body == want.1 }, "{req}: {body}");
        }
    }

    #[test]
    fn create_rule_refusals_change_nothing() {
        let mut a = Alb::new();
        let tg = a.tg.clone();
        let gone = tg.replace("books", "gone");
        let cases: Vec<(Value, Value, &str, &str)> = vec![
            (
                json!([{"Field": "path-pattern", "PathPatternConfig": {"Values": ["/1", "/2", "/3", "/4", "/5", "/6"]}}]),
                fixed("x"),
                "ValidationError",
                "A rule can only have '5' condition values",
            ),
            (
                json!([{"Field": "path-pattern", "PathPatternConfig": {"Values": ["/*/*/*/*/*/*"]}}]),
                fixed("x"),
                "ValidationError",
                "A rule can only have '5' wildcards",
            ),
            (
                json!([{"Field": "http-header", "HttpHeaderConfig": {"HttpHeaderName": "Host", "Values": ["a.example.com"]}}]),
                fixed("x"),
                "ValidationError",
                "use a host-header condition",
            ),
            (
                json!([{"Field": "path-pattern", "Values": ["/a"]}]),
                json!([{"Type": "redirect", "RedirectConfig": {"StatusCode": "HTTP_302"}}]),
                "InvalidLoadBalancerAction",
                "redirect loop",
            ),
            (
                json!([{"Field": "path-pattern", "Values": ["/a"]}]),
                json!([{"Type": "fixed-response", "FixedResponseConfig": {"StatusCode": "301"}}]),
                "ValidationError",
                "Member must satisfy regular expression pattern: ^(2|4|5)",
            ),
            (
                json!([{"Field": "path-pattern", "Values": ["/a"]}]),
                json!([{"Type": "forward", "TargetGroupArn": gone}]),
                "TargetGroupNotFound",
                "One or more target groups not found",
            ),
            (
                json!([{"Field": "path-pattern", "Values": ["/a"]}]),
                json!([{"Type": "forward", "ForwardConfig": {"TargetGroups": [{"TargetGroupArn": tg, "Weight": 1000}]}}]),
                "ValidationError",
                "must be between 0 and 999",
            ),
        ];
        for (conditions, actions, code, msg) in cases {
            let before = format!("{:?}", a.c.world);
            let e = a.rule(10, conditions.clone(), actions).expect_err("refused");
            assert_eq!(e.code, code, "{conditions}: {e:?}");
            assert!(e.message.contains(msg), "{e:?}");
            assert!(!e.hint_en.is_empty() && !e.hint_ko.is_empty());
            assert_eq!(before, format!("{:?}", a.c.world), "a refused CreateRule changed the world");
        }
    }

    #[test]
    fn describe_rules_shows_botocore_shapes_that_modify_rule_accepts_back() {
        let mut a = Alb::new();
        let tg = a.tg.clone();
        let v = a
            .rule(
                7,
                json!([{"Field": "path-pattern", "Values": ["/books/*"]}, {"Field": "source-ip", "SourceIpConfig": {"Values": ["203.0.113.0/24"]}}]),
                json!([{"Type": "forward", "TargetGroupArn": tg}]),
            )
            .unwrap();
        let rule = &v["Rules"][0];
        assert_eq!(rule["Priority"], "7");
        assert_eq!(
            rule["Conditions"],
            json!(ec2lab::elb::rules::render_conditions(&[
                ec2lab::elb::model::Condition::PathPattern(vec!["/books/*".into()]),
                ec2lab::elb::model::Condition::SourceIp(vec![("203.0.113.0/24".into(), 0xCB00_7100, 24)]),
            ]))
        );
        assert_eq!(rule["Actions"][0]["ForwardConfig"]["TargetGroups"][0]["Weight"], 1);
        let arn = rule["RuleArn"].as_str().unwrap().to_string();
        let described = call(&mut a.c, "elbv2", "DescribeRules", json!({"RuleArns": [arn]}))["Rules"][0].clone();
        let modified = call(&mut a.c, "elbv2", "ModifyRule", json!({"RuleArn": arn, "Conditions": described["Conditions"], "Actions": described["Actions"]}))
            ["Rules"][0]
            .clone();
        assert_eq!(modified["Conditions"], described["Conditions"]);
        assert_eq!(modified["Actions"], described["Actions"]);
    }
}
