//! The picture of one load balancer, drawn from the model: the load balancer with its nodes →
//! listeners → rules in priority order (conditions → action) → target groups → targets coloured
//! by their live health. Rows are laid out top to bottom; arrows carry forward weights.
use super::{targets, ActionKind, Condition, HealthState, LoadBalancer, RegionElb};
use crate::world::Region;
use std::fmt::Write;

fn esc(s: &str) -> String {
    s.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;").replace('"', "&quot;")
}

fn tr<'a>(lang: &str, en: &'a str, ko: &'a str) -> &'a str {
    if lang == "ko" {
        ko
    } else {
        en
    }
}

/// Shortens long texts so boxes keep their width.
fn clip(s: &str, max: usize) -> String {
    if s.chars().count() <= max {
        s.to_string()
    } else {
        format!("{}…", s.chars().take(max - 1).collect::<String>())
    }
}

/// `path-pattern /books/*` and friends: what a rule's condition says, in one line.
pub fn condition_label(c: &Condition) -> String {
    let values = match c {
        Condition::PathPattern(v) | Condition::HostHeader(v) | Condition::HttpRequestMethod(v) => v.join(", "),
        Condition::HttpHeader { name, values } => format!("{name}: {}", values.join(", ")),
        Condition::QueryString(pairs) => pairs.iter().map(|p| format!("{}={}", p.key.as_deref().unwrap_or("*"), p.value)).collect::<Vec<_>>().join(", "),
        Condition::SourceIp(cidrs) => cidrs.iter().map(|(s, _, _)| s.as_str()).collect::<Vec<_>>().join(", "),
    };
    format!("{} {values}", c.field())
}

fn health_colour(state: HealthState) -> &'static str {
    match state {
        HealthState::Healthy => "#1d8102",
        HealthState::Initial => "#1a73e8",
        HealthState::Unhealthy | HealthState::UnhealthyDraining => "#d13212",
        HealthState::Draining => "#b7791f",
        HealthState::Unused | HealthState::Unavailable => "#777",
    }
}

struct RuleRow {
    label: String,
    conditions: String,
    /// What the rule does when it is not a forward (redirect, fixed response, authenticate).
    answer: Option<String>,
    forwards: Vec<(String, u32)>,
    listener: usize,
}

const W: i32 = 1180;
const ROW: i32 = 46;

/// The SVG of `lb` (an ARN the caller has checked).
pub fn svg(region: &Region, lb: &LoadBalancer, lang: &str) -> String {
    let elb: &RegionElb = &region.elb;
    let mut listeners: Vec<_> = elb.listeners.values().filter(|l| l.lb_arn == lb.arn).collect();
    listeners.sort_by_key(|l| l.port);
    let mut rows: Vec<RuleRow> = Vec::new();
    let mut groups: Vec<String> = Vec::new();
    for (li, l) in listeners.iter().enumerate() {
        let mut rules: Vec<_> = elb.rules.values().filter(|r| r.listener_arn == l.arn).collect();
        rules.sort_by_key(|r| r.priority.unwrap_or(u32::MAX));
        for r in rules {
            let label = match r.priority {
                Some(p) => format!("{} {p}", tr(lang, "rule", "규칙")),
                None => tr(lang, "default", "기본").to_string(),
            };
            let conditions = if r.conditions.is_empty() {
                tr(lang, "any request", "모든 요청").to_string()
            } else {
                r.conditions.iter().map(condition_label).collect::<Vec<_>>().join(" AND ")
            };
            let (mut answer, mut forwards) = (None, Vec::new());
            for a in &r.actions {
                match &a.kind {
                    ActionKind::Forward(f) => {
                        for g in &f.groups {
                            if !groups.contains(&g.arn) {
                                groups.push(g.arn.clone());
                            }
                            forwards.push((g.arn.clone(), g.weight));
                        }
                    }
                    ActionKind::Redirect(x) => answer = Some(format!("redirect {} → #{{host}}{}", x.status_code, if x.path.is_empty() { "" } else { &x.path })),
                    ActionKind::FixedResponse(x) => answer = Some(format!("fixed-response {}", x.status_code)),
                    ActionKind::Authenticate { kind, .. } => answer = Some(kind.clone()),
                }
            }
            rows.push(RuleRow { label, conditions, answer, forwards, listener: li });
        }
    }
    // Target groups on the right, each as tall as its targets.
    let mut tg_y = Vec::new();
    let mut y = 60;
    for arn in &groups {
        tg_y.push(y);
        let n = elb.target_groups.get(arn).map_or(0, |g| g.targets.len().max(1)) as i32;
        y += 30 + n * 22 + 14;
    }
    let rules_h = 60 + rows.len() as i32 * ROW;
    let lb_h = 70 + lb.nodes.len() as i32 * 18;
    let height = y.max(rules_h).max(60 + lb_h) + 20;

    let mut out = String::new();
    let _ = write!(
        out,
        "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{W}\" height=\"{height}\" viewBox=\"0 0 {W} {height}\" font-family=\"sans-serif\" font-size=\"12\">\n\
         <defs><marker id=\"lbarrow\" markerWidth=\"8\" markerHeight=\"8\" refX=\"7\" refY=\"4\" orient=\"auto\"><path d=\"M0,0 L8,4 L0,8 z\" fill=\"#555\"/></marker></defs>\n"
    );
    for (x, t) in [
        (10, tr(lang, "load balancer", "로드 밸런서")),
        (250, tr(lang, "listeners", "리스너")),
        (380, tr(lang, "rules (in priority order)", "규칙(우선순위 순)")),
        (720, tr(lang, "target groups and targets", "대상 그룹과 대상")),
    ] {
        let _ = writeln!(out, "<text x=\"{x}\" y=\"30\" font-weight=\"bold\" fill=\"#555\">{}</text>", esc(t));
    }
    // The load balancer and its nodes.
    let state = lb.state.name();
    let _ = writeln!(out, "<rect x=\"10\" y=\"60\" width=\"220\" height=\"{lb_h}\" rx=\"8\" fill=\"#f1f7ff\" stroke=\"#1a73e8\"/>");
    let _ = writeln!(out, "<text x=\"20\" y=\"80\" font-weight=\"bold\">{}</text>", esc(&clip(&lb.name, 28)));
    let _ = writeln!(out, "<text x=\"20\" y=\"97\">{} · {} · {}</text>", lb.kind.name(), lb.scheme.name(), esc(state));
    let _ = writeln!(out, "<text x=\"20\" y=\"114\" font-size=\"10\" fill=\"#555\">{}</text>", esc(&clip(&lb.dns_name, 36)));
    for (i, n) in lb.nodes.iter().enumerate() {
        let _ = writeln!(
            out,
            "<text x=\"20\" y=\"{}\" font-size=\"10\">{} {}: {}</text>",
            134 + i as i32 * 18,
            tr(lang, "node", "노드"),
            esc(&n.az),
            esc(&n.eni_id)
        );
    }
    if listeners.is_empty() {
        let _ = writeln!(
            out,
            "<text x=\"250\" y=\"80\" fill=\"#d13212\">{}</text>",
            esc(tr(lang, "no listener: nothing is accepted", "리스너 없음: 받는 요청이 없습니다"))
        );
    }
    // Listeners, each in front of its first rule.
    for (li, l) in listeners.iter().enumerate() {
        let first = rows.iter().position(|r| r.listener == li).unwrap_or(0) as i32;
        let ly = 60 + first * ROW;
        let _ = writeln!(out, "<rect x=\"250\" y=\"{ly}\" width=\"100\" height=\"34\" rx=\"6\" fill=\"#fff8e6\" stroke=\"#b7791f\"/>");
        let _ = writeln!(out, "<text x=\"300\" y=\"{}\" text-anchor=\"middle\" font-weight=\"bold\">{}:{}</text>", ly + 22, esc(&l.protocol), l.port);
        let _ = writeln!(out, "<line x1=\"230\" y1=\"90\" x2=\"248\" y2=\"{}\" stroke=\"#555\" marker-end=\"url(#lbarrow)\"/>", ly + 17);
    }
    // Rules, and arrows to the target groups they forward to.
    for (i, r) in rows.iter().enumerate() {
        let ry = 60 + i as i32 * ROW;
        let _ = writeln!(out, "<rect x=\"380\" y=\"{ry}\" width=\"300\" height=\"38\" rx=\"6\" fill=\"#fafafa\" stroke=\"#999\"/>");
        let _ = writeln!(out, "<text x=\"388\" y=\"{}\" font-weight=\"bold\">{}</text>", ry + 15, esc(&r.label));
        let _ = writeln!(out, "<text x=\"450\" y=\"{}\">{}</text>", ry + 15, esc(&clip(&r.conditions, 36)));
        if let Some(a) = &r.answer {
            let _ = writeln!(out, "<text x=\"388\" y=\"{}\" fill=\"#8a4baf\">→ {}</text>", ry + 31, esc(&clip(a, 44)));
        }
        let ly = 60 + rows.iter().position(|x| x.listener == r.listener).unwrap_or(0) as i32 * ROW + 17;
        let _ = writeln!(out, "<line x1=\"350\" y1=\"{ly}\" x2=\"378\" y2=\"{}\" stroke=\"#bbb\"/>", ry + 19);
        if r.forwards.len() > 1 {
            // A weighted forward: the split under the rule (labels on crossing arrows are unreadable).
            let total: u32 = r.forwards.iter().map(|(_, w)| *w).sum();
            let split = r
                .forwards
                .iter()
                .map(|(arn, weight)| {
                    let name = elb.target_groups.get(arn).map_or("?", |g| g.name.as_str());
                    format!("{name} {}%", (weight * 100).checked_div(total).unwrap_or(0))
                })
                .collect::<Vec<_>>()
                .join(" · ");
            let _ = writeln!(out, "<text x=\"388\" y=\"{}\" fill=\"#555\">→ {} {}</text>", ry + 31, tr(lang, "forward", "전달"), esc(&clip(&split, 40)));
        }
        for (arn, _) in &r.forwards {
            let gi = groups.iter().position(|g| g == arn).expect("collected above");
            let gy = tg_y[gi] + 15;
            let _ = writeln!(out, "<line x1=\"680\" y1=\"{}\" x2=\"718\" y2=\"{gy}\" stroke=\"#555\" marker-end=\"url(#lbarrow)\"/>", ry + 19);
        }
    }
    // Target groups with their targets' live health.
    for (gi, arn) in groups.iter().enumerate() {
        let gy = tg_y[gi];
        let Some(tg) = elb.target_groups.get(arn) else { continue };
        let n = tg.targets.len().max(1) as i32;
        let _ = writeln!(out, "<rect x=\"720\" y=\"{gy}\" width=\"450\" height=\"{}\" rx=\"8\" fill=\"#f6fbf4\" stroke=\"#1d8102\"/>", 30 + n * 22);
        let port = tg.port.map(|p| format!(":{p}")).unwrap_or_default();
        let hc = format!("{} {}", tg.health.protocol, tg.health.path.as_deref().unwrap_or(""));
        let _ = writeln!(out, "<text x=\"730\" y=\"{}\" font-weight=\"bold\">{}{}</text>", gy + 18, esc(&clip(&tg.name, 24)), esc(&port));
        let _ = writeln!(
            out,
            "<text x=\"965\" y=\"{}\" font-size=\"10\" fill=\"#555\">{} {}</text>",
            gy + 18,
            tr(lang, "health check", "상태 확인"),
            esc(&clip(&hc, 22))
        );
        if tg.targets.is_empty() {
            let _ = writeln!(
                out,
                "<text x=\"740\" y=\"{}\" fill=\"#777\">{}</text>",
                gy + 40,
                esc(tr(lang, "no registered targets (503)", "등록된 대상 없음(503)"))
            );
        }
        for (ti, t) in tg.targets.values().enumerate() {
            let h = targets::health_of(region, tg, t);
            let ty = gy + 40 + ti as i32 * 22;
            let name = region.tags.get(&t.key.id).and_then(|tags| tags.get("Name").cloned()).map(|n| format!(" ({n})")).unwrap_or_default();
            let _ = writeln!(out, "<circle cx=\"738\" cy=\"{}\" r=\"5\" fill=\"{}\"/>", ty - 4, health_colour(h.state));
            let _ = writeln!(out, "<text x=\"748\" y=\"{ty}\" font-size=\"11\">{}:{}{}</text>", esc(&t.key.id), t.key.port, esc(&clip(&name, 14)));
            let reason = h.reason.map(|r| format!(" {r}")).unwrap_or_default();
            let _ = writeln!(
                out,
                "<text x=\"965\" y=\"{ty}\" font-size=\"11\" fill=\"{}\">{}{}</text>",
                health_colour(h.state),
                h.state.name(),
                esc(&clip(&reason, 28))
            );
        }
    }
    out.push_str("</svg>\n");
    out
}
