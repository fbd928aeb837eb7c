//! Rule and listener actions: from botocore's `Action` to `Action`, validated as
//! CreateRule/CreateListener/ModifyRule do (aws-facts §14.2), and back to the shape Describe*
//! returns. Forward (one group or a weighted list with group stickiness), redirect (keywords,
//! kept as given and substituted per request in `redirect`), fixed-response, and the
//! authenticate actions (stored and described, never run).
use super::shapes::{ActionShape, ActionSpec, FixedResponseConfig, ForwardConfig, RedirectConfig, StickinessConfig, TargetGroupTuple};
use super::validation;
use crate::elb::model::{Action, ActionKind, FixedResponse, Forward, Redirect, WeightedGroup};
use crate::error::ApiError;
use serde_json::Value;

/// At most 5 target groups in one forward action; weights 0–999; group stickiness
/// 1–604800 s (ALB:load-balancer-listeners).
pub const MAX_FORWARD_GROUPS: usize = 5;
pub const MAX_WEIGHT: i64 = 999;
pub const MAX_STICKINESS_S: i64 = 604_800;
pub const MAX_FIXED_BODY: usize = 1024;
pub const CONTENT_TYPES: [&str; 5] = ["text/plain", "text/css", "text/html", "application/javascript", "application/json"];
const TYPES: &str = "forward, authenticate-oidc, authenticate-cognito, redirect, fixed-response, jwt-validation";

/// Parses and validates actions (in the order they run: by `Order`, lowest first).
/// `tg_exists` says whether a target group ARN is known; unknown ones are refused with
/// `TargetGroupNotFound` after every other check.
pub fn parse_actions(specs: &[ActionSpec], tg_exists: &dyn Fn(&str) -> bool) -> Result<Vec<Action>, ApiError> {
    if specs.is_empty() {
        return Err(validation(
            "At least one action must be specified",
            "A rule or listener needs an action: forward, redirect or fixed-response (last), optionally after authenticate actions.",
            "규칙이나 리스너에는 작업이 필요합니다: forward, redirect, fixed-response 중 하나(마지막), 그 앞에 선택적으로 authenticate 작업.",
        ));
    }
    let mut out: Vec<Action> = Vec::with_capacity(specs.len());
    for (i, spec) in specs.iter().enumerate() {
        let order = match spec.order {
            None if specs.len() > 1 => {
                return Err(validation(
                    "An action order must be specified when there are multiple actions",
                    "With several actions give each an Order (1-50000): authenticate actions first, the forward/redirect/fixed-response action last.",
                    "작업이 여러 개면 각각 Order(1-50000)를 주세요: authenticate 작업이 먼저, forward/redirect/fixed-response 작업이 마지막.",
                ))
            }
            None => None,
            Some(o) if (1..=50_000).contains(&o) => Some(o as u32),
            Some(o) => {
                let bound = if o < 1 { "greater than or equal to 1" } else { "less than or equal to 50000" };
                return Err(validation(
                    constraint(o, &format!("actions.{}.member.order", i + 1), &format!("Member must have value {bound}")),
                    "Order is 1 to 50000; actions run lowest Order first.",
                    "Order는 1~50000이며 작은 값부터 실행됩니다.",
                ));
            }
        };
        if order.is_some() && out.iter().any(|a| a.order == order) {
            return Err(validation(
                format!("Action order '{}' is used more than once", order.unwrap_or(0)),
                "Each action of a rule needs its own Order.",
                "규칙의 작업마다 서로 다른 Order가 필요합니다.",
            ));
        }
        out.push(Action { order, kind: parse_kind(spec, i)? });
    }
    out.sort_by_key(|a| a.order);
    let terminal = out.iter().filter(|a| is_terminal(&a.kind)).count();
    if terminal != 1 || !out.last().is_some_and(|a| is_terminal(&a.kind)) {
        let msg = if terminal == 0 {
            "A rule must end with a forward, redirect or fixed-response action"
        } else if terminal > 1 {
            "A rule can only have one forward, redirect or fixed-response action"
        } else {
            "The forward, redirect or fixed-response action must be the last action (highest order)"
        };
        return Err(ApiError::new("InvalidLoadBalancerAction", msg).hint(
            "Exactly one forward, redirect or fixed-response action, with the highest Order; authenticate actions (HTTPS listeners) come before it.",
            "forward, redirect, fixed-response 작업은 정확히 하나이며 Order가 가장 커야 합니다. authenticate 작업(HTTPS 리스너)은 그 앞에 둡니다.",
        ));
    }
    // Existence last, so shape errors win (as AWS validates the request before looking up).
    for a in &out {
        if let ActionKind::Forward(f) = &a.kind {
            if let Some(g) = f.groups.iter().find(|g| !tg_exists(&g.arn)) {
                return Err(ApiError::new("TargetGroupNotFound", "One or more target groups not found").hint(
                    format!("No target group has the ARN {}; create it first (CreateTargetGroup) or check the ARN (DescribeTargetGroups).", g.arn),
                    format!("ARN이 {}인 대상 그룹이 없습니다. 먼저 만들거나(CreateTargetGroup) ARN을 확인하세요(DescribeTargetGroups).", g.arn),
                ));
            }
        }
    }
    Ok(out)
}

/// Checks that depend on the listener the actions belong to: authenticate actions and
/// weighted/stickiness forwards are ALB-only (HTTPS for authenticate); a redirect may not go
/// from HTTPS to HTTP; a non-HTTP listener (NLB) only forwards, to one group.
pub fn check_for_listener(actions: &[Action], listener_protocol: &str) -> Result<(), ApiError> {
    let http = matches!(listener_protocol, "HTTP" | "HTTPS");
    for a in actions {
        match &a.kind {
            ActionKind::Authenticate { kind, .. } if listener_protocol != "HTTPS" => {
                return Err(ApiError::new("InvalidLoadBalancerAction", format!("The '{kind}' action is supported only on HTTPS listeners")).hint(
                    "Authenticate actions need an HTTPS listener (the identity provider's cookies must not travel in clear text).",
                    "authenticate 작업은 HTTPS 리스너에서만 쓸 수 있습니다(인증 쿠키가 평문으로 오가면 안 됩니다).",
                ));
            }
            ActionKind::Redirect(r) if listener_protocol == "HTTPS" && r.protocol == "HTTP" => {
                return Err(ApiError::new("InvalidLoadBalancerAction", "You cannot redirect HTTPS to HTTP").hint(
                    "Redirects may go HTTP→HTTP, HTTP→HTTPS or HTTPS→HTTPS, never HTTPS→HTTP. Use Protocol HTTPS or #{protocol}.",
                    "리디렉션은 HTTP→HTTP, HTTP→HTTPS, HTTPS→HTTPS만 됩니다. HTTPS→HTTP는 안 됩니다. Protocol에 HTTPS나 #{protocol}을 쓰세요.",
                ));
            }
            ActionKind::Redirect(_) | ActionKind::FixedResponse(_) | ActionKind::Authenticate { .. } if !http => {
                return Err(ApiError::new("InvalidLoadBalancerAction", format!("Only forward actions are supported for {listener_protocol} listeners")).hint(
                    "Network Load Balancer listeners only forward to a target group; redirects and fixed responses are Application Load Balancer features.",
                    "Network Load Balancer 리스너는 대상 그룹으로 전달(forward)만 합니다. 리디렉션과 고정 응답은 Application Load Balancer 기능입니다.",
                ));
            }
            ActionKind::Forward(f) if !http && (f.groups.len() > 1 || f.stickiness_s.is_some()) => {
                return Err(ApiError::new(
                    "InvalidLoadBalancerAction",
                    format!("{listener_protocol} listeners can forward to only one target group, without target group stickiness"),
                )
                .hint(
                    "Weighted target groups and group stickiness are Application Load Balancer features; forward to a single target group.",
                    "가중치 대상 그룹과 그룹 고정은 Application Load Balancer 기능입니다. 대상 그룹 하나로 전달하세요.",
                ));
            }
            _ => {}
        }
    }
    Ok(())
}

/// The target groups the actions forward to (for "in use" checks and LoadBalancerArns).
pub fn target_group_arns(actions: &[Action]) -> impl Iterator<Item = &str> {
    actions
        .iter()
        .flat_map(|a| match &a.kind {
            ActionKind::Forward(f) => f.groups.as_slice(),
            _ => &[],
        })
        .map(|g| g.arn.as_str())
}

fn is_terminal(k: &ActionKind) -> bool {
    !matches!(k, ActionKind::Authenticate { .. })
}

fn parse_kind(spec: &ActionSpec, i: usize) -> Result<ActionKind, ApiError> {
    let given: [(&str, &str, bool); 6] = [
        ("forward", "ForwardConfig", spec.forward_config.is_some()),
        ("redirect", "RedirectConfig", spec.redirect_config.is_some()),
        ("fixed-response", "FixedResponseConfig", spec.fixed_response_config.is_some()),
        ("authenticate-oidc", "AuthenticateOidcConfig", spec.authenticate_oidc_config.is_some()),
        ("authenticate-cognito", "AuthenticateCognitoConfig", spec.authenticate_cognito_config.is_some()),
        ("jwt-validation", "JwtValidationConfig", spec.jwt_validation_config.is_some()),
    ];
    let kind = spec.kind.as_str();
    let Some((_, member, _)) = given.iter().find(|(t, _, _)| *t == kind) else {
        return Err(validation(
            constraint(kind, &format!("actions.{}.member.type", i + 1), &format!("Member must satisfy enum value set: [{TYPES}]")),
            format!("'{kind}' is not an action type. Use forward, redirect or fixed-response (or an authenticate type on HTTPS)."),
            format!("'{kind}'은(는) 작업 유형이 아닙니다. forward, redirect, fixed-response(HTTPS에서는 authenticate 유형)를 쓰세요."),
        ));
    };
    if let Some((t, other, _)) = given.iter().find(|(t, _, g)| *g && *t != kind) {
        return Err(validation(
            format!("{other} can only be specified for '{t}' actions, not '{kind}'"),
            format!("A '{kind}' action takes {member}; remove {other} or change Type to '{t}'."),
            format!("'{kind}' 작업에는 {member}를 씁니다. {other}를 빼거나 Type을 '{t}'(으)로 바꾸세요."),
        ));
    }
    if spec.target_group_arn.is_some() && kind != "forward" {
        return Err(validation(
            format!("TargetGroupArn can only be specified for 'forward' actions, not '{kind}'"),
            "Only a forward action names a target group.",
            "대상 그룹은 forward 작업에만 지정합니다.",
        ));
    }
    Ok(match kind {
        "forward" => ActionKind::Forward(parse_forward(spec.target_group_arn.as_deref(), spec.forward_config.as_ref())?),
        "redirect" => ActionKind::Redirect(parse_redirect(spec.redirect_config.as_ref(), i)?),
        "fixed-response" => ActionKind::FixedResponse(parse_fixed(spec.fixed_response_config.as_ref(), i)?),
        "authenticate-oidc" => auth(
            kind,
            member,
            spec.authenticate_oidc_config.as_ref(),
            &["Issuer", "AuthorizationEndpoint", "TokenEndpoint", "UserInfoEndpoint", "ClientId"],
            i,
        )?,
        "authenticate-cognito" => auth(kind, member, spec.authenticate_cognito_config.as_ref(), &["UserPoolArn", "UserPoolClientId", "UserPoolDomain"], i)?,
        _ => auth(kind, member, spec.jwt_validation_config.as_ref(), &["JwksEndpoint", "Issuer"], i)?,
    })
}

fn missing_config(kind: &str, member: &str) -> ApiError {
    validation(
        format!("{member} must be specified for '{kind}' actions"),
        format!("A '{kind}' action needs its {member}."),
        format!("'{kind}' 작업에는 {member}가 필요합니다."),
    )
}

fn parse_forward(arn: Option<&str>, config: Option<&ForwardConfig>) -> Result<Forward, ApiError> {
    let tuples: Vec<TargetGroupTuple> = config.and_then(|c| c.target_groups.clone()).unwrap_or_default();
    let mut groups: Vec<WeightedGroup> = Vec::new();
    if tuples.is_empty() {
        let Some(arn) = arn else {
            return Err(validation(
                "A forward action must specify TargetGroupArn or ForwardConfig.TargetGroups",
                "Name the target group: TargetGroupArn for one group, or ForwardConfig.TargetGroups for a weighted list (up to 5).",
                "대상 그룹을 지정하세요: 하나면 TargetGroupArn, 가중치 목록(최대 5개)이면 ForwardConfig.TargetGroups.",
            ));
        };
        groups.push(WeightedGroup { arn: arn.to_string(), weight: 1 });
    } else {
        if tuples.len() > MAX_FORWARD_GROUPS {
            return Err(validation(
                format!("A forward action can have at most {MAX_FORWARD_GROUPS} target groups"),
                format!("This forward lists {} target groups; the limit is {MAX_FORWARD_GROUPS}.", tuples.len()),
                format!("이 forward에 대상 그룹이 {}개 있습니다. 최대 {MAX_FORWARD_GROUPS}개입니다.", tuples.len()),
            ));
        }
        for t in &tuples {
            let Some(tg) = t.target_group_arn.as_deref() else {
                return Err(validation(
                    "Each target group in ForwardConfig must specify TargetGroupArn",
                    "Every ForwardConfig.TargetGroups entry needs a TargetGroupArn (and optionally a Weight 0-999).",
                    "ForwardConfig.TargetGroups의 항목마다 TargetGroupArn이 필요합니다(Weight 0-999는 선택).",
                ));
            };
            let weight = t.weight.unwrap_or(1);
            if !(0..=MAX_WEIGHT).contains(&weight) {
                return Err(validation(
                    format!("Target group weight '{weight}' must be between 0 and {MAX_WEIGHT}"),
                    "Weights are 0 to 999; each group gets weight / (sum of weights) of the requests.",
                    "가중치는 0~999입니다. 각 그룹은 (가중치 / 가중치 합)만큼의 요청을 받습니다.",
                ));
            }
            if groups.iter().any(|g| g.arn == tg) {
                return Err(validation(
                    format!("Target group '{tg}' is specified more than once in the forward action"),
                    "List each target group once in ForwardConfig.TargetGroups; give it the whole weight instead.",
                    "ForwardConfig.TargetGroups에는 대상 그룹을 한 번씩만 넣고 가중치를 합쳐 주세요.",
                ));
            }
            groups.push(WeightedGroup { arn: tg.to_string(), weight: weight as u32 });
        }
        if let Some(arn) = arn {
            if groups.len() != 1 || groups[0].arn != arn {
                return Err(validation(
                    "You cannot specify both TargetGroupArn and ForwardConfig unless they name the same single target group",
                    "Use TargetGroupArn for one group or ForwardConfig.TargetGroups for several, not two different lists.",
                    "그룹 하나는 TargetGroupArn, 여러 개는 ForwardConfig.TargetGroups로 지정하세요. 서로 다른 두 목록을 함께 쓰지 마세요.",
                ));
            }
        }
    }
    let stickiness_s = match config.and_then(|c| c.target_group_stickiness_config.as_ref()) {
        Some(StickinessConfig { enabled: Some(true), duration_seconds }) => match duration_seconds {
            Some(d) if (1..=MAX_STICKINESS_S).contains(d) => Some(*d as u32),
            _ => {
                return Err(validation(
                    "Target group stickiness duration must be between 1 and 604800 seconds",
                    "With TargetGroupStickinessConfig.Enabled give DurationSeconds from 1 to 604800 (7 days).",
                    "TargetGroupStickinessConfig.Enabled이면 DurationSeconds를 1~604800(7일)로 주세요.",
                ))
            }
        },
        _ => None,
    };
    Ok(Forward { groups, stickiness_s })
}

const KEYWORDS: [&str; 5] = ["#{protocol}", "#{host}", "#{port}", "#{path}", "#{query}"];

fn parse_redirect(config: Option<&RedirectConfig>, i: usize) -> Result<Redirect, ApiError> {
    let c = config.ok_or_else(|| missing_config("redirect", "RedirectConfig"))?;
    let at = |member: &str| format!("actions.{}.member.redirectConfig.{member}", i + 1);
    let status_code = match c.status_code.as_str() {
        "HTTP_301" => 301,
        "HTTP_302" => 302,
        other => {
            return Err(validation(
                constraint(other, &at("statusCode"), "Member must satisfy enum value set: [HTTP_301, HTTP_302]"),
                "StatusCode is HTTP_301 (permanent) or HTTP_302 (temporary).",
                "StatusCode는 HTTP_301(영구) 또는 HTTP_302(임시)입니다.",
            ))
        }
    };
    let protocol = c.protocol.clone().unwrap_or_else(|| "#{protocol}".into());
    if !matches!(protocol.as_str(), "HTTP" | "HTTPS" | "#{protocol}") {
        return Err(validation(
            constraint(&protocol, &at("protocol"), "Member must satisfy regular expression pattern: ^(HTTPS?|#\\{protocol\\})$"),
            "RedirectConfig.Protocol must be HTTP, HTTPS or #{protocol} (upper case).",
            "RedirectConfig.Protocol은 HTTP, HTTPS, #{protocol} 중 하나입니다(대문자).",
        ));
    }
    let port = c.port.clone().unwrap_or_else(|| "#{port}".into());
    if port != "#{port}" && !port.parse::<u16>().is_ok_and(|p| p >= 1) {
        return Err(bad_redirect("Port", &port, "a port from 1 to 65535 or #{port}", "1~65535 포트 또는 #{port}"));
    }
    for (member, value, min) in [("host", &c.host, 1), ("path", &c.path, 1), ("query", &c.query, 0)] {
        if let Some(v) = value {
            let n = v.chars().count();
            if n < min || n > 128 {
                let bound = if n < min { "greater than or equal to 1" } else { "less than or equal to 128" };
                return Err(validation(
                    constraint(v, &at(member), &format!("Member must have length {bound}")),
                    format!("RedirectConfig.{member} has {n} characters; it may have {min} to 128."),
                    format!("RedirectConfig.{member}는 {n}자입니다. {min}~128자여야 합니다."),
                ));
            }
        }
    }
    let host = c.host.clone().unwrap_or_else(|| "#{host}".into());
    if host.is_empty() || host.len() > 128 || !keywords_only(&host, &["#{host}"]) {
        return Err(bad_redirect("Host", &host, "1 to 128 characters; the only keyword allowed is #{host}", "1~128자, 쓸 수 있는 키워드는 #{host}뿐"));
    }
    let path = c.path.clone().unwrap_or_else(|| "/#{path}".into());
    if !path.starts_with('/') || path.len() > 128 || !keywords_only(&path, &["#{host}", "#{path}", "#{port}"]) {
        return Err(bad_redirect(
            "Path",
            &path,
            "an absolute path starting with '/', up to 128 characters; keywords #{host}, #{path}, #{port}",
            "'/'로 시작하는 128자 이내 절대 경로, 키워드는 #{host}, #{path}, #{port}",
        ));
    }
    let query = c.query.clone().unwrap_or_else(|| "#{query}".into());
    if query.starts_with('?') || query.len() > 128 || !keywords_only(&query, &KEYWORDS) {
        return Err(bad_redirect(
            "Query",
            &query,
            "up to 128 characters without the leading '?' (it is added)",
            "앞의 '?' 없이 128자 이내('?'는 자동으로 붙음)",
        ));
    }
    if protocol == "#{protocol}" && host == "#{host}" && port == "#{port}" && path == "/#{path}" {
        return Err(ApiError::new("InvalidLoadBalancerAction", "The redirect configuration is not valid: you must modify at least one of protocol, host, port or path to avoid a redirect loop").hint(
            "A redirect that keeps protocol, host, port and path would send clients back to the same URL forever. Change at least one (for example Protocol HTTPS, Port 443).",
            "프로토콜, 호스트, 포트, 경로를 모두 그대로 두면 같은 URL로 끝없이 리디렉션됩니다. 하나 이상 바꾸세요(예: Protocol HTTPS, Port 443).",
        ));
    }
    Ok(Redirect { protocol, host, port, path, query, status_code })
}

/// Whether every `#{...}` in `v` is one of `allowed`.
fn keywords_only(v: &str, allowed: &[&str]) -> bool {
    let mut rest = v;
    while let Some(i) = rest.find("#{") {
        let tail = &rest[i..];
        match allowed.iter().find(|k| tail.starts_with(**k)) {
            Some(k) => rest = &tail[k.len()..],
            None => return false,
        }
    }
    true
}

/// AWS's request-model validation message (the member path is 1-based, camelCase). The
/// operation's list is `actions` for rules (`defaultActions` for listeners: not distinguished).
fn constraint(value: impl std::fmt::Display, at: &str, rule: &str) -> String {
    format!("1 validation error detected: Value '{value}' at '{at}' failed to satisfy constraint: {rule}")
}

fn bad_redirect(member: &str, value: &str, en: &str, ko: &str) -> ApiError {
    validation(
        format!("The redirect {member} '{value}' is not valid"),
        format!("RedirectConfig.{member} must be {en}."),
        format!("RedirectConfig.{member}는 {ko}이어야 합니다."),
    )
}

fn parse_fixed(config: Option<&FixedResponseConfig>, i: usize) -> Result<FixedResponse, ApiError> {
    let at = |member: &str| format!("actions.{}.member.fixedResponseConfig.{member}", i + 1);
    let c = config.ok_or_else(|| missing_config("fixed-response", "FixedResponseConfig"))?;
    let b = c.status_code.as_bytes();
    let status_code = match b {
        [b'2' | b'4' | b'5', d1, d2] if d1.is_ascii_digit() && d2.is_ascii_digit() => c.status_code.parse::<u16>().unwrap_or(500),
        _ => {
            return Err(validation(
                constraint(&c.status_code, &at("statusCode"), "Member must satisfy regular expression pattern: ^(2|4|5)\\d\\d$"),
                "A fixed response answers with a 2XX, 4XX or 5XX status code, given as a string such as \"404\".",
                "고정 응답의 상태 코드는 2XX, 4XX, 5XX이며 \"404\" 같은 문자열로 줍니다.",
            ))
        }
    };
    if let Some(ct) = &c.content_type {
        if ct.chars().count() > 32 {
            return Err(validation(
                constraint(ct, &at("contentType"), "Member must have length less than or equal to 32"),
                format!("ContentType is one of {}.", CONTENT_TYPES.join(", ")),
                format!("ContentType은 {} 중 하나입니다.", CONTENT_TYPES.join(", ")),
            ));
        }
        if !CONTENT_TYPES.contains(&ct.as_str()) {
            return Err(ApiError::new(
                "InvalidLoadBalancerAction",
                "The ContentType must be one of:'text/html', 'application/json', 'application/javascript', 'text/css', 'text/plain'",
            )
            .hint(format!("ContentType is one of {}.", CONTENT_TYPES.join(", ")), format!("ContentType은 {} 중 하나입니다.", CONTENT_TYPES.join(", "))));
        }
    }
    if let Some(body) = &c.message_body {
        let n = body.chars().count();
        if n > MAX_FIXED_BODY {
            return Err(validation(
                constraint(body, &at("messageBody"), &format!("Member must have length less than or equal to {MAX_FIXED_BODY}")),
                format!("MessageBody is at most {MAX_FIXED_BODY} characters; this one has {n}. Serve larger pages from a target."),
                format!("MessageBody는 최대 {MAX_FIXED_BODY}자입니다. 이 값은 {n}자입니다. 큰 페이지는 대상에서 제공하세요."),
            ));
        }
    }
    Ok(FixedResponse { status_code, content_type: c.content_type.clone(), body: c.message_body.clone() })
}

/// Authenticate actions: an object with its required members; stored as JSON (the client
/// secret is dropped: Describe never returns it).
fn auth(kind: &str, member: &str, config: Option<&Value>, required: &[&str], i: usize) -> Result<ActionKind, ApiError> {
    let Some(Value::Object(map)) = config else {
        return Err(missing_config(kind, member));
    };
    if let Some(name) = required.iter().find(|k| !map.get(**k).is_some_and(|v| v.is_string())) {
        return Err(ApiError::param_validation(format!("Parameter validation failed:\nMissing required parameter in Actions[{i}].{member}: \"{name}\"")));
    }
    let mut map = map.clone();
    map.remove("ClientSecret");
    Ok(ActionKind::Authenticate { kind: kind.to_string(), config: Value::Object(map).to_string() })
}

/// botocore's shape, as Describe* returns it. A forward names its group(s) in ForwardConfig
/// (weights, stickiness off unless set) and, for one group, in TargetGroupArn too; a redirect
/// shows every component (defaults are the keywords).
pub fn render_actions(actions: &[Action]) -> Vec<ActionShape> {
    actions.iter().map(render_one).collect()
}

fn render_one(a: &Action) -> ActionShape {
    let mut s = ActionShape { order: a.order.map(i64::from), ..Default::default() };
    match &a.kind {
        ActionKind::Forward(f) => {
            s.kind = "forward".into();
            if let [one] = f.groups.as_slice() {
                s.target_group_arn = Some(one.arn.clone());
            }
            s.forward_config = Some(ForwardConfig {
                target_groups: Some(
                    f.groups.iter().map(|g| TargetGroupTuple { target_group_arn: Some(g.arn.clone()), weight: Some(g.weight as i64) }).collect(),
                ),
                target_group_stickiness_config: Some(match f.stickiness_s {
                    Some(d) => StickinessConfig { enabled: Some(true), duration_seconds: Some(d as i64) },
                    None => StickinessConfig { enabled: Some(false), duration_seconds: None },
                }),
            });
        }
        ActionKind::Redirect(r) => {
            s.kind = "redirect".into();
            s.redirect_config = Some(RedirectConfig {
                protocol: Some(r.protocol.clone()),
                port: Some(r.port.clone()),
                host: Some(r.host.clone()),
                path: Some(r.path.clone()),
                query: Some(r.query.clone()),
                status_code: format!("HTTP_{}", r.status_code),
            });
        }
        ActionKind::FixedResponse(f) => {
            s.kind = "fixed-response".into();
            s.fixed_response_config =
                Some(FixedResponseConfig { message_body: f.body.clone(), status_code: f.status_code.to_string(), content_type: f.content_type.clone() });
        }
        ActionKind::Authenticate { kind, config } => {
            s.kind = kind.clone();
            let v: Value = serde_json::from_str(config).unwrap_or(Value::Null);
            match kind.as_str() {
                "authenticate-oidc" => s.authenticate_oidc_config = Some(v),
                "authenticate-cognito" => s.authenticate_cognito_config = Some(v),
                _ => s.jwt_validation_config = Some(v),
            }
        }
    }
    s
}
