//! Rule conditions: from the API's `RuleCondition` (the `*Config` forms and the legacy
//! `Values`) to `Condition`, validated as CreateRule/ModifyRule do (aws-facts §14.2), and back
//! to botocore's shape for DescribeRules.
use super::shapes::{ConditionShape, ConditionSpec, HttpHeaderConfig, PatternConfig, QueryStringConfig, QueryStringKeyValuePair, ValuesConfig};
use super::{validation, wildcard};
use crate::elb::model::{Condition, QueryPair};
use crate::error::ApiError;

/// Per-rule quotas (ALB:load-balancer-limits): condition values and wildcards.
pub const MAX_VALUES_PER_RULE: usize = 5;
pub const MAX_WILDCARDS_PER_RULE: usize = 5;
/// Length limits (BC:elbv2/RuleCondition and its configs).
pub const MAX_VALUE_LEN: usize = 128;
pub const MAX_HEADER_NAME_LEN: usize = 40;
pub const MAX_METHOD_LEN: usize = 40;

const FIELDS: &str = "path-pattern, host-header, http-header, http-request-method, query-string, source-ip";

/// Parses and validates a rule's conditions (all of them, before anything is stored).
pub fn parse_conditions(specs: &[ConditionSpec]) -> Result<Vec<Condition>, ApiError> {
    let mut out = Vec::with_capacity(specs.len());
    for spec in specs {
        out.push(parse_one(spec)?);
    }
    // At most one of each, except http-header and query-string (BC:elbv2/RuleCondition).
    for field in ["host-header", "path-pattern", "http-request-method", "source-ip"] {
        if out.iter().filter(|c| c.field() == field).count() > 1 {
            return Err(validation(
                format!("A rule can only have one '{field}' condition"),
                format!("Put every {field} value into one condition (any of its values may match); a rule allows one {field} condition."),
                format!("{field} 값은 조건 하나에 모두 넣으세요(값 중 하나만 맞으면 됩니다). 규칙 하나에 {field} 조건은 하나만 둘 수 있습니다."),
            ));
        }
    }
    let values: usize = out.iter().map(value_count).sum();
    if values > MAX_VALUES_PER_RULE {
        return Err(validation(
            format!("A rule can only have '{MAX_VALUES_PER_RULE}' condition values"),
            format!(
                "This rule has {values} condition values; a rule allows {MAX_VALUES_PER_RULE} in all its conditions together. Split it into several rules."
            ),
            format!("이 규칙의 조건 값은 {values}개입니다. 규칙 하나의 모든 조건을 합쳐 {MAX_VALUES_PER_RULE}개까지 가능합니다. 규칙을 여러 개로 나누세요."),
        ));
    }
    let wildcards: usize = out.iter().map(wildcard_count).sum();
    if wildcards > MAX_WILDCARDS_PER_RULE {
        return Err(validation(
            format!("A rule can only have '{MAX_WILDCARDS_PER_RULE}' wildcards"),
            format!("This rule's condition values hold {wildcards} wildcards (* and ?); a rule allows {MAX_WILDCARDS_PER_RULE}. Use fewer wildcards or split the rule."),
            format!("이 규칙의 조건 값에 와일드카드(*, ?)가 {wildcards}개 있습니다. 규칙 하나에 {MAX_WILDCARDS_PER_RULE}개까지 가능합니다. 줄이거나 규칙을 나누세요."),
        ));
    }
    Ok(out)
}

/// How many values a condition counts toward the per-rule quota (a query pair is one).
pub fn value_count(c: &Condition) -> usize {
    match c {
        Condition::PathPattern(v) | Condition::HostHeader(v) | Condition::HttpRequestMethod(v) => v.len(),
        Condition::HttpHeader { values, .. } => values.len(),
        Condition::QueryString(pairs) => pairs.len(),
        Condition::SourceIp(v) => v.len(),
    }
}

/// How many wildcards a condition's values hold.
pub fn wildcard_count(c: &Condition) -> usize {
    match c {
        Condition::PathPattern(v) | Condition::HostHeader(v) => v.iter().map(|s| wildcard::count(s, false)).sum(),
        Condition::HttpHeader { values, .. } => values.iter().map(|s| wildcard::count(s, false)).sum(),
        Condition::QueryString(pairs) => pairs.iter().map(|p| p.key.as_deref().map_or(0, |k| wildcard::count(k, true)) + wildcard::count(&p.value, true)).sum(),
        Condition::HttpRequestMethod(_) | Condition::SourceIp(_) => 0,
    }
}

fn parse_one(spec: &ConditionSpec) -> Result<Condition, ApiError> {
    let Some(field) = spec.field.as_deref() else {
        return Err(validation(
            "A condition field must be specified",
            format!("Each condition needs a Field: one of {FIELDS}."),
            format!("조건마다 Field가 필요합니다: {FIELDS} 중 하나."),
        ));
    };
    if spec.regex_values.is_some()
        || [&spec.host_header_config, &spec.path_pattern_config].iter().any(|c| c.as_ref().is_some_and(|c| c.regex_values.is_some()))
        || spec.http_header_config.as_ref().is_some_and(|c| c.regex_values.is_some())
    {
        return Err(ApiError::new("Unsupported", "ec2lab does not simulate RegexValues conditions yet.").hint(
            "Regular-expression conditions (RegexValues) are not simulated; use Values with the * and ? wildcards.",
            "정규식 조건(RegexValues)은 시뮬레이션하지 않습니다. Values에 와일드카드 *, ?를 쓰세요.",
        ));
    }
    // A *Config member must belong to the field.
    let configs: [(&str, bool); 6] = [
        ("host-header", spec.host_header_config.is_some()),
        ("path-pattern", spec.path_pattern_config.is_some()),
        ("http-header", spec.http_header_config.is_some()),
        ("query-string", spec.query_string_config.is_some()),
        ("http-request-method", spec.http_request_method_config.is_some()),
        ("source-ip", spec.source_ip_config.is_some()),
    ];
    if !configs.iter().any(|(f, _)| *f == field) {
        return Err(validation(
            format!("Condition field '{field}' must be one of '[{}]'", FIELDS.replace(", ", ",")),
            format!("'{field}' is not a condition field. Use one of {FIELDS}."),
            format!("'{field}'은(는) 조건 필드가 아닙니다. {FIELDS} 중 하나를 쓰세요."),
        ));
    }
    if let Some((other, _)) = configs.iter().find(|(f, given)| *given && *f != field) {
        let member = config_member(other);
        return Err(validation(
            format!("{member} can only be specified for '{other}' conditions, not '{field}'"),
            format!("Give the values of a '{field}' condition in {}, or change Field to '{other}'.", config_member(field)),
            format!("'{field}' 조건의 값은 {}에 넣거나, Field를 '{other}'(으)로 바꾸세요.", config_member(field)),
        ));
    }
    let legacy = spec.values.as_ref();
    if legacy.is_some() && !matches!(field, "host-header" | "path-pattern") {
        return Err(validation(
            format!("The 'Values' field is not compatible with '{field}'"),
            format!("Values (the legacy form) is only for host-header and path-pattern; give the values of '{field}' in {}.", config_member(field)),
            format!("Values(예전 형식)는 host-header와 path-pattern에만 씁니다. '{field}' 값은 {}에 넣으세요.", config_member(field)),
        ));
    }
    let config_given = configs.iter().any(|(f, given)| *f == field && *given);
    if !config_given && legacy.is_none() && !matches!(field, "host-header" | "path-pattern") {
        let member = config_member(field);
        return Err(validation(
            format!("A '{member}' must be specified with '{field}'"),
            format!("Give the values of a '{field}' condition in {member}."),
            format!("'{field}' 조건의 값은 {member}에 주세요."),
        ));
    }
    match field {
        "path-pattern" | "host-header" => {
            let config = if field == "path-pattern" { &spec.path_pattern_config } else { &spec.host_header_config };
            let values = match (legacy, config) {
                // Describe shows both forms; sending that back is fine when they agree.
                (Some(v), Some(PatternConfig { values: Some(c), .. })) if v == c => c.clone(),
                (Some(_), Some(_)) => {
                    return Err(validation(
                        format!("You cannot provide both Values and '{}' for a condition of type '{field}'", config_member(field)),
                        format!("Give the values once: in {} (several allowed) or in the legacy Values (one value).", config_member(field)),
                        format!("값은 한 곳에만 주세요: {}(여러 개 가능) 또는 예전 형식 Values(한 개).", config_member(field)),
                    ))
                }
                (Some(v), None) => {
                    if v.len() > 1 {
                        return Err(validation(
                            format!("The '{field}' field contains too many values; the limit is '1'"),
                            format!("The legacy Values takes a single value. Put several values in {}.", config_member(field)),
                            format!("예전 형식 Values에는 값이 하나만 들어갑니다. 여러 값은 {}에 넣으세요.", config_member(field)),
                        ));
                    }
                    v.clone()
                }
                (None, Some(PatternConfig { values, .. })) => values.clone().unwrap_or_default(),
                (None, None) => Vec::new(),
            };
            non_empty(field, &values)?;
            for v in &values {
                if field == "path-pattern" {
                    check_path(v)?;
                } else {
                    check_host(v)?;
                }
            }
            Ok(if field == "path-pattern" { Condition::PathPattern(values) } else { Condition::HostHeader(values) })
        }
        "http-header" => {
            let HttpHeaderConfig { http_header_name, values, .. } = spec.http_header_config.clone().unwrap_or_default();
            let Some(name) = http_header_name else {
                return Err(validation(
                    "A 'HttpHeaderName' must be specified with 'http-header'",
                    "Name the header to test in HttpHeaderConfig.HttpHeaderName (for example User-Agent).",
                    "검사할 헤더 이름을 HttpHeaderConfig.HttpHeaderName에 주세요(예: User-Agent).",
                ));
            };
            check_header_name(&name)?;
            let values = values.unwrap_or_default();
            non_empty(field, &values)?;
            for v in &values {
                check_len(field, v)?;
                if let Some(c) = v.chars().find(|c| !(' '..='~').contains(c)) {
                    return Err(bad_char(field, v, c));
                }
            }
            Ok(Condition::HttpHeader { name, values })
        }
        "http-request-method" => {
            let values = spec.http_request_method_config.as_ref().and_then(|c: &ValuesConfig| c.values.clone()).unwrap_or_default();
            non_empty(field, &values)?;
            for v in &values {
                if v.len() > MAX_METHOD_LEN {
                    return Err(too_long(field, v, MAX_METHOD_LEN));
                }
                if v.chars().any(|c| !(c.is_ascii_uppercase() || c == '-' || c == '_')) {
                    return Err(validation(
                        "The 'http-request-method' value is invalid; the allowed characters are A-Z, hyphen and underscore",
                        "Methods are matched exactly and case-sensitively: use upper-case letters, '-' and '_' only (GET, POST, ...), no wildcards.",
                        "메서드는 대소문자까지 정확히 비교합니다. 대문자, '-', '_'만 쓰세요(GET, POST 등). 와일드카드는 안 됩니다.",
                    ));
                }
            }
            Ok(Condition::HttpRequestMethod(values))
        }
        "query-string" => {
            let pairs = spec.query_string_config.as_ref().and_then(|c: &QueryStringConfig| c.values.clone()).unwrap_or_default();
            if pairs.is_empty() {
                return Err(empty(field));
            }
            let mut out = Vec::with_capacity(pairs.len());
            for QueryStringKeyValuePair { key, value } in pairs {
                let Some(value) = value.filter(|v| !v.is_empty()) else {
                    return Err(validation(
                        "A 'Value' must be specified in 'QueryStringKeyValuePair'",
                        "Each query-string pair needs a Value (the Key is optional: without it any key matches).",
                        "query-string 쌍마다 Value가 필요합니다(Key는 선택: 없으면 어떤 키든 맞습니다).",
                    ));
                };
                if let Some(k) = &key {
                    if k.is_empty() {
                        return Err(empty(field));
                    }
                    check_len("Key", k)?;
                }
                check_len("Value", &value)?;
                out.push(QueryPair { key, value });
            }
            Ok(Condition::QueryString(out))
        }
        _ => {
            // source-ip
            let values = spec.source_ip_config.as_ref().and_then(|c| c.values.clone()).unwrap_or_default();
            non_empty(field, &values)?;
            let mut out = Vec::with_capacity(values.len());
            for v in values {
                let (addr, len) = parse_cidr(&v)?;
                out.push((v, addr, len));
            }
            Ok(Condition::SourceIp(out))
        }
    }
}

/// An IPv4 CIDR `a.b.c.d/n` → (address, prefix length). `255.255.255.255/32` is refused as AWS does.
fn parse_cidr(v: &str) -> Result<(u32, u8), ApiError> {
    if v.contains(':') {
        return Err(ApiError::new("Unsupported", format!("ec2lab does not simulate IPv6 source-ip conditions yet ('{v}').")).hint(
            "Clients in ec2lab have IPv4 addresses; give IPv4 CIDRs such as 203.0.113.0/24.",
            "ec2lab의 클라이언트는 IPv4 주소를 씁니다. 203.0.113.0/24 같은 IPv4 CIDR을 주세요.",
        ));
    }
    let bad = || {
        validation(
            format!("The source IP '{v}' is not a valid CIDR block"),
            "source-ip values are CIDR blocks like 203.0.113.0/24 or 198.51.100.7/32 (no wildcards).",
            "source-ip 값은 203.0.113.0/24, 198.51.100.7/32 같은 CIDR 블록입니다(와일드카드 없음).",
        )
    };
    let (ip, len) = v.split_once('/').ok_or_else(bad)?;
    let len: u8 = len.parse().ok().filter(|l| *l <= 32).ok_or_else(bad)?;
    let ip: std::net::Ipv4Addr = ip.parse().map_err(|_| bad())?;
    let addr = u32::from(ip);
    if addr == u32::MAX && len == 32 {
        return Err(validation(
            "The source IP '255.255.255.255/32' is not supported",
            "255.255.255.255/32 cannot be used in a source-ip condition; give the CIDR of the clients to match.",
            "source-ip 조건에는 255.255.255.255/32를 쓸 수 없습니다. 맞출 클라이언트의 CIDR을 주세요.",
        ));
    }
    Ok((addr, len))
}

/// Path patterns: up to 128 of `A-Z a-z 0-9 _ - . $ / ~ " ' @ : + & * ?` (BC:elbv2/RuleCondition).
fn check_path(v: &str) -> Result<(), ApiError> {
    check_len("path-pattern", v)?;
    match v.chars().find(|c| !(c.is_ascii_alphanumeric() || "_-.$/~\"'@:+&*?".contains(*c))) {
        Some(c) => Err(bad_char("path-pattern", v, c)),
        None => Ok(()),
    }
}

/// Host names: up to 128 of `A-Z a-z 0-9 - . * ?`, with a `.` and only letters after the last
/// one (aws-facts §14.2).
fn check_host(v: &str) -> Result<(), ApiError> {
    check_len("host-header", v)?;
    if let Some(c) = v.chars().find(|c| !(c.is_ascii_alphanumeric() || "-.*?".contains(*c))) {
        return Err(bad_char("host-header", v, c));
    }
    match v.rsplit_once('.') {
        Some((_, tld)) if !tld.is_empty() && tld.chars().all(|c| c.is_ascii_alphabetic()) => Ok(()),
        _ => Err(validation(
            format!("The host header value '{v}' is not valid"),
            "A host-header value is a host name with at least one '.', ending in letters (example.com, *.example.com); it may not end with a wildcard or a number.",
            "host-header 값은 '.'이 하나 이상 있고 글자로 끝나는 호스트 이름입니다(example.com, *.example.com). 와일드카드나 숫자로 끝날 수 없습니다.",
        )),
    }
}

/// Header names: RFC 7230 tokens up to 40 characters, never Host (use host-header).
fn check_header_name(name: &str) -> Result<(), ApiError> {
    if name.is_empty() || name.len() > MAX_HEADER_NAME_LEN {
        return Err(validation(
            if name.is_empty() {
                "A 'HttpHeaderName' must be specified with 'http-header'".to_string()
            } else {
                format!("The 'HttpHeaderName' value is too long; the limit is '{MAX_HEADER_NAME_LEN}'")
            },
            format!("HttpHeaderName is a header name of 1 to {MAX_HEADER_NAME_LEN} characters."),
            format!("HttpHeaderName은 1~{MAX_HEADER_NAME_LEN}자의 헤더 이름입니다."),
        ));
    }
    if let Some(c) = name.chars().find(|c| !(c.is_ascii_alphanumeric() || "!#$%&'*+-.^_`|~".contains(*c))) {
        return Err(validation(
            format!("The HTTP header name '{name}' contains a character that is not valid: '{c}'"),
            "A header name is an RFC 7230 token (letters, digits and !#$%&'*+-.^_`|~); wildcards are not supported in names.",
            "헤더 이름은 RFC 7230 토큰입니다(글자, 숫자, !#$%&'*+-.^_`|~). 이름에는 와일드카드를 쓸 수 없습니다.",
        ));
    }
    if name.eq_ignore_ascii_case("host") {
        return Err(validation(
            "You cannot use an http-header condition for the Host header; use a host-header condition",
            "To route on the host name, use a host-header condition instead of http-header Host.",
            "호스트 이름으로 라우팅하려면 http-header Host 대신 host-header 조건을 쓰세요.",
        ));
    }
    Ok(())
}

fn config_member(field: &str) -> &'static str {
    match field {
        "host-header" => "HostHeaderConfig",
        "path-pattern" => "PathPatternConfig",
        "http-header" => "HttpHeaderConfig",
        "query-string" => "QueryStringConfig",
        "http-request-method" => "HttpRequestMethodConfig",
        _ => "SourceIpConfig",
    }
}

fn non_empty(field: &str, values: &[String]) -> Result<(), ApiError> {
    if values.is_empty() || values.iter().any(|v| v.is_empty()) {
        return Err(empty(field));
    }
    Ok(())
}

fn empty(field: &str) -> ApiError {
    validation(
        if field == "source-ip" { "A 'source-ip' value must be specified".to_string() } else { "A condition value must be specified".to_string() },
        format!("Give the '{field}' condition at least one non-empty value."),
        format!("'{field}' 조건에 비어 있지 않은 값을 하나 이상 주세요."),
    )
}

fn check_len(field: &str, v: &str) -> Result<(), ApiError> {
    if v.chars().count() > MAX_VALUE_LEN {
        return Err(too_long(field, v, MAX_VALUE_LEN));
    }
    Ok(())
}

fn too_long(field: &str, v: &str, max: usize) -> ApiError {
    let n = v.chars().count();
    validation(
        format!("The '{field}' value is too long; the limit is '{max}'"),
        format!("A {field} value may be at most {max} characters; this one has {n}."),
        format!("{field} 값은 최대 {max}자입니다. 이 값은 {n}자입니다."),
    )
}

fn bad_char(field: &str, v: &str, c: char) -> ApiError {
    validation(
        format!("The '{field}' condition value '{v}' contains a character that is not valid: '{c}'"),
        format!("Remove '{c}' from the {field} value; see the allowed characters of {field} in the RuleCondition documentation."),
        format!("{field} 값에서 '{c}'를 빼세요. 허용되는 문자는 RuleCondition 문서의 {field} 항목을 보세요."),
    )
}

/// botocore's shape, as DescribeRules returns it: the `*Config` form, plus the legacy `Values`
/// for host-header and path-pattern (AWS fills in both).
pub fn render_conditions(conditions: &[Condition]) -> Vec<ConditionShape> {
    conditions.iter().map(render_one).collect()
}

fn render_one(c: &Condition) -> ConditionShape {
    let mut s = ConditionShape { field: Some(c.field().to_string()), ..Default::default() };
    match c {
        Condition::PathPattern(v) => {
            s.values = Some(v.clone());
            s.path_pattern_config = Some(PatternConfig { values: Some(v.clone()), regex_values: None });
        }
        Condition::HostHeader(v) => {
            s.values = Some(v.clone());
            s.host_header_config = Some(PatternConfig { values: Some(v.clone()), regex_values: None });
        }
        Condition::HttpHeader { name, values } => {
            s.http_header_config = Some(HttpHeaderConfig { http_header_name: Some(name.clone()), values: Some(values.clone()), regex_values: None });
        }
        Condition::HttpRequestMethod(v) => s.http_request_method_config = Some(ValuesConfig { values: Some(v.clone()) }),
        Condition::QueryString(pairs) => {
            s.query_string_config = Some(QueryStringConfig {
                values: Some(pairs.iter().map(|p| QueryStringKeyValuePair { key: p.key.clone(), value: Some(p.value.clone()) }).collect()),
            })
        }
        Condition::SourceIp(v) => s.source_ip_config = Some(ValuesConfig { values: Some(v.iter().map(|(s, _, _)| s.clone()).collect()) }),
    }
    s
}
