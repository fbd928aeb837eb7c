//! Invariants of rule conditions: the `*`/`?` matcher agrees with a reference translation to
//! a regular expression (case-sensitive, case-insensitive, with `\` escapes); parsing never
//! panics on arbitrary values; what Describe renders parses back to the same conditions.
use ec2lab::elb::http::HttpRequest;
use ec2lab::elb::model::Condition;
use ec2lab::elb::rules::{self, wildcard, ConditionSpec};
use proptest::prelude::*;
use serde_json::json;

/// The reference: `*` → `.*`, `?` → one character, `\x` → literal x (with escapes), anything
/// else literal; anchored at both ends.
fn reference(pattern: &str, ci: bool, escapes: bool) -> regex::Regex {
    let mut re = String::from(if ci { "(?si)^" } else { "(?s)^" });
    let mut chars = pattern.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '*' => re.push_str(".*"),
            '?' => re.push('.'),
            '\\' if escapes && chars.peek().is_some() => re.push_str(&regex::escape(&chars.next().unwrap().to_string())),
            c => re.push_str(&regex::escape(&c.to_string())),
        }
    }
    re.push('$');
    regex::Regex::new(&re).unwrap()
}

fn pattern() -> impl Strategy<Value = String> {
    prop::collection::vec(prop::sample::select(vec!["a", "b", "A", "B", "*", "?", "\\", "é", "/", "."]), 0..10).prop_map(|v| v.concat())
}

fn text() -> impl Strategy<Value = String> {
    prop::collection::vec(prop::sample::select(vec!["a", "b", "A", "B", "*", "?", "\\", "é", "/", ".", "ab"]), 0..14).prop_map(|v| v.concat())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 2000, ..ProptestConfig::default() })]

    #[test]
    fn wildcard_agrees_with_the_regex_translation(p in pattern(), t in text(), ci in any::<bool>(), escapes in any::<bool>()) {
        let want = reference(&p, ci, escapes).is_match(&t);
        prop_assert_eq!(wildcard::matches(&p, &t, ci, escapes), want, "pattern {:?} text {:?} ci {} escapes {}", p, t, ci, escapes);
    }

    #[test]
    fn a_pattern_matches_itself_once_its_wildcards_are_filled(p in "[a-z/]{0,5}(\\*[a-z/]{0,5}){0,3}", fill in "[a-z]{0,4}") {
        let text = p.replace('*', &fill);
        prop_assert!(wildcard::matches(&p, &text, false, false));
    }

    #[test]
    fn parsing_arbitrary_values_never_panics(field in prop::sample::select(vec!["path-pattern", "host-header", "http-header", "http-request-method", "query-string", "source-ip", "x"]),
                                             values in prop::collection::vec("[a-zA-Z0-9/*?.-]{0,12}|[0-9./]{7,18}|.{0,40}", 0..7), name in "[A-Za-z-]{1,12}|.{0,45}") {
        let spec = json!({"Field": field, "Values": values.clone()});
        let config = match field {
            "path-pattern" => json!({"Field": field, "PathPatternConfig": {"Values": values}}),
            "host-header" => json!({"Field": field, "HostHeaderConfig": {"Values": values}}),
            "http-header" => json!({"Field": field, "HttpHeaderConfig": {"HttpHeaderName": name, "Values": values}}),
            "http-request-method" => json!({"Field": field, "HttpRequestMethodConfig": {"Values": values}}),
            "query-string" => json!({"Field": field, "QueryStringConfig": {"Values": values.iter().map(|v| json!({"Key": name, "Value": v})).collect::<Vec<_>>()}}),
            _ => json!({"Field": field, "SourceIpConfig": {"Values": values}}),
        };
        for v in [spec, config] {
            let specs: Vec<ConditionSpec> = serde_json::from_value(json!([v])).unwrap();
            let parsed = rules::parse_conditions(&specs);
            if let Err(e) = &parsed {
                prop_assert!(e.status == 400 && !e.hint_en.is_empty() && !e.hint_ko.is_empty(), "{:?}", e);
            }
            if let Ok(c) = parsed {
                // Accepted conditions render to a shape that parses back to the same thing.
                let back: Vec<ConditionSpec> = serde_json::from_value(serde_json::to_value(rules::render_conditions(&c)).unwrap()).unwrap();
                prop_assert_eq!(rules::parse_conditions(&back).unwrap(), c);
            }
        }
    }

    #[test]
    fn case_rules_per_field(p in "[a-zA-Z/*?.]{1,12}", t in "[a-zA-Z/.]{0,12}") {
        let req = |path: &str, host: &str, ua: &str| HttpRequest {
            method: "GET".into(), path: path.into(), query: format!("k={host}"),
            headers: vec![("Host".into(), host.into()), ("User-Agent".into(), ua.into())], ..Default::default()
        };
        let host = Condition::HostHeader(vec![p.clone()]);
        let header = Condition::HttpHeader { name: "user-agent".into(), values: vec![p.clone()] };
        let path = Condition::PathPattern(vec![p.clone()]);
        let (lower, upper) = (t.to_ascii_lowercase(), t.to_ascii_uppercase());
        // Host, header value and query value ignore case; the path does not.
        prop_assert_eq!(rules::matches(&host, &req("/", &lower, "")), rules::matches(&host, &req("/", &upper, "")));
        prop_assert_eq!(rules::matches(&header, &req("/", "", &lower)), rules::matches(&header, &req("/", "", &upper)));
        prop_assert_eq!(rules::matches(&path, &req(&t, "", "")), wildcard::matches(&p, &t, false, false));
        // why_not explains exactly the failures, and matches_all is their conjunction.
        let all = [host.clone(), path.clone(), header.clone()];
        let r = req(&t, &t, &t);
        for c in &all {
            prop_assert_eq!(rules::why_not(c, &r).is_none(), rules::matches(c, &r));
        }
        prop_assert_eq!(rules::matches_all(&all, &r).is_ok(), all.iter().all(|c| rules::matches(c, &r)));
    }
}
