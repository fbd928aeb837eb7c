//! Rule-evaluation throughput: 100 rules of mixed conditions (path, host, header, query,
//! method, source-ip; wildcards included) against requests that match late or never, as a
//! listener evaluates them (lowest priority first, first match wins). A "decision" is one
//! rule judged against one request; criterion's elements/s is decisions per second.
//! Run: `cargo bench --bench rules` (release). Issue 5 target: ≥ 10 M decisions/s.
use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use ec2lab::elb::http::HttpRequest;
use ec2lab::elb::model::Condition;
use ec2lab::elb::rules::{self, ConditionSpec};
use serde_json::json;
use std::hint::black_box;

fn rule_set() -> Vec<Vec<Condition>> {
    (0..100)
        .map(|i| {
            let mut conds = vec![json!({"Field": "path-pattern", "PathPatternConfig": {"Values": [format!("/svc{i}/*"), format!("/api/v{i}/items?")]}})];
            match i % 5 {
                0 => conds.push(json!({"Field": "host-header", "HostHeaderConfig": {"Values": [format!("*.shop{i}.example.com")]}})),
                1 => conds.push(json!({"Field": "http-header", "HttpHeaderConfig": {"HttpHeaderName": "User-Agent", "Values": ["*Mobile*"]}})),
                2 => conds.push(json!({"Field": "query-string", "QueryStringConfig": {"Values": [{"Key": "version", "Value": format!("v{i}")}]}})),
                3 => conds.push(json!({"Field": "http-request-method", "HttpRequestMethodConfig": {"Values": ["POST", "PUT"]}})),
                _ => conds.push(json!({"Field": "source-ip", "SourceIpConfig": {"Values": [format!("10.{i}.0.0/16")]}})),
            }
            let specs: Vec<ConditionSpec> = serde_json::from_value(serde_json::Value::Array(conds)).expect("valid specs");
            rules::parse_conditions(&specs).expect("valid conditions")
        })
        .collect()
}

fn request(path: &str, query: &str) -> HttpRequest {
    HttpRequest {
        method: "GET".into(),
        path: path.into(),
        query: query.into(),
        headers: vec![
            ("Host".into(), "my-alb-1234567890.us-east-1.elb.amazonaws.com".into()),
            ("User-Agent".into(), "Mozilla/5.0 (X11; Linux x86_64) Firefox/120.0".into()),
            ("Accept".into(), "*/*".into()),
        ],
        body: Vec::new(),
        client_ip: u32::from(std::net::Ipv4Addr::new(198, 51, 100, 7)),
        client_port: 50123,
    }
}

/// First matching rule's index (100 = the default rule).
fn route(rules: &[Vec<Condition>], req: &HttpRequest) -> usize {
    rules.iter().position(|c| rules::rule_matches(c, req)).unwrap_or(rules.len())
}

fn bench(c: &mut Criterion) {
    let rules = rule_set();
    let requests = [
        request("/books/x", ""),                   // no rule matches: all 100 judged
        request("/svc99/cart", "version=v99&x=1"), // the last rule's path, its source-ip fails
        request("/api/v97/items7", "version=v97"), // rule 97 matches (query-string)
        request("/svc42/", "a=b"),                 // path of rule 42, its query fails
    ];
    let decisions: u64 = requests.iter().map(|r| (route(&rules, r) + 1).min(100) as u64).sum();
    let mut g = c.benchmark_group("rules");
    g.throughput(Throughput::Elements(decisions));
    g.bench_function("100 rules, first match (bool)", |b| b.iter(|| requests.iter().map(|r| route(&rules, black_box(r))).sum::<usize>()));
    g.bench_function("100 rules, first match with reasons (matches_all)", |b| {
        b.iter(|| {
            let mut judged = 0usize;
            for r in &requests {
                for c in &rules {
                    judged += 1;
                    if rules::matches_all(c, black_box(r)).is_ok() {
                        break;
                    }
                }
            }
            judged
        })
    });
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
