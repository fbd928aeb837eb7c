//! Pictures of the network, drawn from the model so every surface shows the same thing: a VPC's
//! topology (AZs, public and private subnets, gateways, instances with their addresses and
//! groups) and a reachability path with the blocking hop marked.
use super::{format_ip, RegionNetwork, RouteState, RouteTarget};
use crate::world::Region;

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

/// One instance box inside a subnet.
struct Host {
    id: String,
    name: Option<String>,
    state: &'static str,
    private_ip: String,
    public_ip: Option<String>,
    groups: Vec<String>,
}

/// One subnet column entry.
struct SubnetBox {
    id: String,
    cidr: String,
    public: bool,
    /// `0.0.0.0/0 → igw-…` (the default route, when there is one).
    default_route: Option<String>,
    nats: Vec<(String, String, Option<String>)>,
    hosts: Vec<Host>,
}

/// Whether a subnet is public: its route table sends something to an (attached) internet
/// gateway (VPC:VPC_Internet_Gateway).
pub fn is_public(net: &RegionNetwork, subnet_id: &str) -> bool {
    let Some(subnet) = net.subnets.get(subnet_id) else { return false };
    net.route_table_for_subnet(subnet_id).is_some_and(|t| {
        t.routes.iter().any(|r| matches!(r.target, RouteTarget::InternetGateway(_)) && net.route_state(&subnet.vpc_id, r) == RouteState::Active)
    })
}

fn default_route(net: &RegionNetwork, subnet_id: &str) -> Option<String> {
    let table = net.route_table_for_subnet(subnet_id)?;
    let vpc = &net.subnets.get(subnet_id)?.vpc_id;
    let route = table.routes.iter().find(|r| r.destination.len == 0)?;
    let target = match &route.target {
        RouteTarget::Local => "local".to_string(),
        RouteTarget::InternetGateway(id) | RouteTarget::NatGateway(id) | RouteTarget::NetworkInterface(id) => id.clone(),
    };
    let state = if net.route_state(vpc, route) == RouteState::Blackhole { " (blackhole)" } else { "" };
    Some(format!("0.0.0.0/0 → {target}{state}"))
}

fn collect(region: &Region, vpc_id: &str) -> Vec<(String, Vec<SubnetBox>)> {
    let net = &region.network;
    let mut zones: Vec<(String, Vec<SubnetBox>)> = Vec::new();
    let mut subnets: Vec<_> = net.subnets.values().filter(|s| s.vpc_id == vpc_id).collect();
    subnets.sort_by(|a, b| (a.az.as_str(), a.cidr.base).cmp(&(b.az.as_str(), b.cidr.base)));
    for s in subnets {
        let mut hosts = Vec::new();
        for inst in region.compute.in_launch_order() {
            if inst.state.name() == "terminated" {
                continue;
            }
            let Some(eni) = net.enis_of(&inst.id).into_iter().next() else { continue };
            if eni.subnet_id != s.id {
                continue;
            }
            let groups = eni.groups.iter().map(|g| net.security_groups.get(g).map(|sg| sg.name.clone()).unwrap_or_else(|| g.clone())).collect();
            hosts.push(Host {
                id: inst.id.clone(),
                name: region.tags.get(&inst.id).and_then(|t| t.get("Name").cloned()),
                state: inst.state.name(),
                private_ip: format_ip(eni.primary_ip()),
                public_ip: net.primary_public_ip(eni).map(format_ip),
                groups,
            });
        }
        let nats = net
            .nat_gateways
            .values()
            .filter(|n| n.subnet_id == s.id && n.state.name() != "deleted")
            .map(|n| {
                let eip = n.allocation_id.as_ref().and_then(|a| net.elastic_ips.get(a)).map(|e| format_ip(e.public_ip));
                (n.id.clone(), n.state.name().to_string(), eip)
            })
            .collect();
        let entry =
            SubnetBox { id: s.id.clone(), cidr: s.cidr.to_string(), public: is_public(net, &s.id), default_route: default_route(net, &s.id), nats, hosts };
        match zones.iter_mut().find(|(z, _)| *z == s.az) {
            Some((_, list)) => list.push(entry),
            None => zones.push((s.az.clone(), vec![entry])),
        }
    }
    zones
}

const COL: i32 = 280;
const HOST_H: i32 = 62;
const NAT_H: i32 = 34;

fn subnet_height(s: &SubnetBox) -> i32 {
    54 + s.nats.len() as i32 * (NAT_H + 6) + s.hosts.len() as i32 * (HOST_H + 6) + 6
}

/// The VPC's topology as SVG (labels in `lang`: "en" or "ko"). `None` if the VPC does not exist.
pub fn vpc_svg(region: &Region, vpc_id: &str, lang: &str) -> Option<String> {
    let net = &region.network;
    let vpc = net.vpcs.get(vpc_id)?;
    let zones = collect(region, vpc_id);
    let igw = net.internet_gateways.values().find(|g| g.vpc_id.as_deref() == Some(vpc_id));
    let columns = zones.len().max(1) as i32;
    let width = 40 + columns * (COL + 20) + 20;
    let tallest = zones.iter().map(|(_, subs)| subs.iter().map(|s| subnet_height(s) + 12).sum::<i32>()).max().unwrap_or(40);
    let vpc_top = 110;
    let zone_top = vpc_top + 50;
    let height = zone_top + tallest + 40 + 50;
    let mut o = format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"ec2lab-vpc\" data-vpc-id=\"{}\" width=\"{width}\" height=\"{height}\" viewBox=\"0 0 {width} {height}\" font-family=\"sans-serif\" font-size=\"12\">\n",
        esc(vpc_id)
    );
    // The internet, and the gateway on the VPC's edge.
    let mid = width / 2;
    o.push_str(&format!(
        "<g class=\"internet\"><ellipse cx=\"{mid}\" cy=\"30\" rx=\"80\" ry=\"20\" fill=\"#eef3fb\" stroke=\"#5b7db1\"/><text x=\"{mid}\" y=\"34\" text-anchor=\"middle\" font-weight=\"bold\">{}</text></g>\n",
        tr(lang, "Internet", "인터넷")
    ));
    o.push_str(&format!(
        "<g class=\"vpc\"><rect x=\"20\" y=\"{vpc_top}\" width=\"{}\" height=\"{}\" rx=\"10\" fill=\"none\" stroke=\"#1d8102\" stroke-width=\"2\"/><text x=\"32\" y=\"{}\" font-weight=\"bold\">VPC <tspan font-family=\"monospace\">{}</tspan> {}{}</text></g>\n",
        width - 40,
        height - vpc_top - 50,
        vpc_top + 34,
        esc(vpc_id),
        esc(&vpc.cidr.to_string()),
        if vpc.is_default { tr(lang, " (default VPC)", " (기본 VPC)") } else { "" }
    ));
    match igw {
        Some(g) => o.push_str(&format!(
            "<line x1=\"{mid}\" y1=\"50\" x2=\"{mid}\" y2=\"{}\" stroke=\"#5b7db1\" stroke-width=\"2\"/><g class=\"igw\" data-id=\"{id}\"><rect x=\"{}\" y=\"{}\" width=\"200\" height=\"30\" rx=\"6\" fill=\"#fff4e5\" stroke=\"#b36b00\" stroke-width=\"2\"/><text x=\"{mid}\" y=\"{}\" text-anchor=\"middle\">{} <tspan font-family=\"monospace\">{id}</tspan></text></g>\n",
            vpc_top - 15,
            mid - 100,
            vpc_top - 15,
            vpc_top + 5,
            tr(lang, "IGW", "인터넷 게이트웨이"),
            id = esc(&g.id)
        )),
        None => o.push_str(&format!(
            "<text class=\"no-igw\" x=\"{mid}\" y=\"{}\" text-anchor=\"middle\" fill=\"#8a1c0b\">{}</text>\n",
            vpc_top - 20,
            tr(lang, "no internet gateway: nothing in this VPC is reachable from the internet", "인터넷 게이트웨이 없음: 이 VPC는 인터넷과 연결되지 않습니다")
        )),
    }
    for (i, (az, subnets)) in zones.iter().enumerate() {
        let x = 40 + i as i32 * (COL + 20);
        let zone_h = tallest + 28;
        o.push_str(&format!(
            "<g class=\"az\" data-az=\"{az}\"><rect x=\"{x}\" y=\"{zone_top}\" width=\"{COL}\" height=\"{zone_h}\" rx=\"8\" fill=\"none\" stroke=\"#888\" stroke-dasharray=\"6 4\"/><text x=\"{}\" y=\"{}\" fill=\"#555\">{} {az}</text></g>\n",
            x + 10,
            zone_top + 16,
            tr(lang, "Availability Zone", "가용 영역"),
            az = esc(az)
        ));
        let mut y = zone_top + 26;
        for s in subnets {
            let h = subnet_height(s);
            let (fill, stroke, kind) = if s.public {
                ("#e9f6e5", "#1d8102", tr(lang, "public subnet", "퍼블릭 서브넷"))
            } else {
                ("#e8f0fb", "#1a73e8", tr(lang, "private subnet", "프라이빗 서브넷"))
            };
            let sx = x + 8;
            let sw = COL - 16;
            o.push_str(&format!(
                "<g class=\"subnet {}\" data-subnet-id=\"{}\"><rect x=\"{sx}\" y=\"{y}\" width=\"{sw}\" height=\"{h}\" rx=\"6\" fill=\"{fill}\" stroke=\"{stroke}\" stroke-width=\"1.5\"/><text x=\"{}\" y=\"{}\" font-weight=\"bold\" fill=\"{stroke}\">{kind} {}</text><text x=\"{}\" y=\"{}\" font-family=\"monospace\" font-size=\"11\">{}</text><text x=\"{}\" y=\"{}\" font-size=\"11\" fill=\"#555\">{}</text>\n",
                if s.public { "public" } else { "private" },
                esc(&s.id),
                sx + 8,
                y + 16,
                esc(&s.cidr),
                sx + 8,
                y + 31,
                esc(&s.id),
                sx + 8,
                y + 46,
                esc(s.default_route.as_deref().unwrap_or(tr(lang, "no default route (local only)", "기본 경로 없음 (VPC 내부만)")))
            ));
            let mut iy = y + 54;
            for (id, state, eip) in &s.nats {
                o.push_str(&format!(
                    "<g class=\"nat\" data-id=\"{id}\"><rect x=\"{}\" y=\"{iy}\" width=\"{}\" height=\"{NAT_H}\" rx=\"4\" fill=\"#fff4e5\" stroke=\"#b36b00\"/><text x=\"{}\" y=\"{}\" font-size=\"11\">NAT <tspan font-family=\"monospace\">{id}</tspan> ({})</text><text x=\"{}\" y=\"{}\" font-size=\"11\">EIP {}</text></g>\n",
                    sx + 8,
                    sw - 16,
                    sx + 14,
                    iy + 14,
                    esc(state),
                    sx + 14,
                    iy + 28,
                    esc(eip.as_deref().unwrap_or("-")),
                    id = esc(id)
                ));
                iy += NAT_H + 6;
            }
            for hst in &s.hosts {
                let title = match &hst.name {
                    Some(n) => format!("{} <tspan font-family=\"monospace\" font-size=\"10\">{}</tspan>", esc(n), esc(&hst.id)),
                    None => format!("<tspan font-family=\"monospace\">{}</tspan>", esc(&hst.id)),
                };
                let public = hst.public_ip.as_deref().unwrap_or("-");
                o.push_str(&format!(
                    "<g class=\"instance\" data-id=\"{}\" data-state=\"{}\"><rect x=\"{}\" y=\"{iy}\" width=\"{}\" height=\"{HOST_H}\" rx=\"4\" fill=\"#fff\" stroke=\"#687078\"/><text x=\"{}\" y=\"{}\" font-size=\"11\" font-weight=\"bold\">{title} <tspan font-weight=\"normal\" fill=\"#555\">{}</tspan></text><text x=\"{}\" y=\"{}\" font-size=\"11\">{} {}</text><text x=\"{}\" y=\"{}\" font-size=\"11\">{} {}</text><text x=\"{}\" y=\"{}\" font-size=\"10\" fill=\"#555\">SG: {}</text></g>\n",
                    esc(&hst.id),
                    hst.state,
                    sx + 8,
                    sw - 16,
                    sx + 14,
                    iy + 15,
                    hst.state,
                    sx + 14,
                    iy + 29,
                    tr(lang, "private", "프라이빗"),
                    esc(&hst.private_ip),
                    sx + 14,
                    iy + 43,
                    tr(lang, "public", "퍼블릭"),
                    esc(public),
                    sx + 14,
                    iy + 56,
                    esc(&hst.groups.join(", "))
                ));
                iy += HOST_H + 6;
            }
            o.push_str("</g>\n");
            y += h + 12;
        }
    }
    let legend = tr(
        lang,
        "green: public subnet (its route table sends traffic to an internet gateway) · blue: private subnet",
        "초록: 퍼블릭 서브넷 (라우팅 테이블이 인터넷 게이트웨이로 보냄) · 파랑: 프라이빗 서브넷",
    );
    o.push_str(&format!("<text x=\"20\" y=\"{}\" font-size=\"11\" fill=\"#555\">{legend}</text>\n", height - 20));
    o.push_str("</svg>\n");
    Some(o)
}

/// One hop of a reachability path, as the picture needs it.
pub struct PathHop {
    pub direction: String,
    pub kind: String,
    pub component: String,
    pub allowed: bool,
    pub rule: Option<String>,
}

/// A reachability answer as the picture needs it.
pub struct PathView {
    pub source: String,
    pub destination: String,
    pub protocol: String,
    pub port: Option<i64>,
    pub allowed: bool,
    pub hops: Vec<PathHop>,
    pub blocked_index: Option<usize>,
    pub reason: Option<String>,
    pub hint: String,
}

fn hop_label(kind: &str, lang: &str) -> String {
    let (en, ko) = match kind {
        "instance" => ("instance", "인스턴스"),
        "network-interface" => ("ENI", "ENI"),
        "security-group-egress" => ("SG outbound", "보안 그룹 아웃바운드"),
        "security-group-ingress" => ("SG inbound", "보안 그룹 인바운드"),
        "network-acl-outbound" => ("NACL outbound", "NACL 아웃바운드"),
        "network-acl-inbound" => ("NACL inbound", "NACL 인바운드"),
        "route-table" => ("route table", "라우팅 테이블"),
        "nat-gateway" => ("NAT gateway", "NAT 게이트웨이"),
        "internet-gateway" => ("internet gateway", "인터넷 게이트웨이"),
        "internet" => ("internet", "인터넷"),
        other => (other, other),
    };
    tr(lang, en, ko).to_string()
}

/// Splits text into lines of at most `width` characters, at spaces.
fn wrap_words(text: &str, width: usize) -> Vec<String> {
    let mut lines: Vec<String> = Vec::new();
    for word in text.split_whitespace() {
        match lines.last_mut() {
            Some(l) if l.chars().count() + 1 + word.chars().count() <= width => {
                l.push(' ');
                l.push_str(word);
            }
            _ => lines.push(word.to_string()),
        }
    }
    lines
}

fn cut(s: &str, n: usize) -> String {
    if s.chars().count() <= n {
        s.to_string()
    } else {
        format!("{}…", s.chars().take(n - 1).collect::<String>())
    }
}

/// The path a packet takes, hop by hop: forward hops on the first row, return hops on the
/// second; the blocking hop in red with a cross.
pub fn path_svg(p: &PathView, lang: &str) -> String {
    const BW: i32 = 150;
    const BH: i32 = 64;
    const GAP: i32 = 22;
    let forward: Vec<(usize, &PathHop)> = p.hops.iter().enumerate().filter(|(_, h)| h.direction != "return").collect();
    let back: Vec<(usize, &PathHop)> = p.hops.iter().enumerate().filter(|(_, h)| h.direction == "return").collect();
    let per_row = forward.len().max(back.len()).max(1) as i32;
    let width = 40 + per_row * (BW + GAP);
    let rows = if back.is_empty() { 1 } else { 2 };
    let hint_lines = wrap_words(&p.hint, ((width - 40) / 6).max(40) as usize).len() as i32;
    let height = 50 + rows * (BH + 40) + 20 + hint_lines * 15 + if p.reason.is_some() { 16 } else { 0 };
    let verdict = if p.allowed { tr(lang, "ALLOWED", "허용") } else { tr(lang, "BLOCKED", "차단") };
    let colour = if p.allowed { "#1d8102" } else { "#d13212" };
    let port = p.port.map(|n| format!(" {n}")).unwrap_or_default();
    let mut o = format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"ec2lab-path\" data-allowed=\"{}\" width=\"{width}\" height=\"{height}\" viewBox=\"0 0 {width} {height}\" font-family=\"sans-serif\" font-size=\"11\">\n<defs><marker id=\"parrow\" markerWidth=\"8\" markerHeight=\"8\" refX=\"7\" refY=\"4\" orient=\"auto\"><path d=\"M0,0 L8,4 L0,8 z\" fill=\"#555\"/></marker></defs>\n<text x=\"20\" y=\"24\" font-size=\"14\" font-weight=\"bold\">{} → {} · {}{} · <tspan fill=\"{colour}\">{verdict}</tspan></text>\n",
        p.allowed,
        esc(&p.source),
        esc(&p.destination),
        esc(&p.protocol),
        port
    );
    let draw_row = |o: &mut String, hops: &[(usize, &PathHop)], y: i32, title: &str| {
        o.push_str(&format!("<text x=\"20\" y=\"{}\" fill=\"#555\">{title}</text>\n", y - 8));
        for (n, (index, h)) in hops.iter().enumerate() {
            let x = 20 + n as i32 * (BW + GAP);
            let blocking = p.blocked_index == Some(*index);
            let (fill, stroke) = if blocking {
                ("#fde8e4", "#d13212")
            } else if h.allowed {
                ("#e9f6e5", "#1d8102")
            } else {
                ("#f4f4f4", "#888")
            };
            o.push_str(&format!(
                "<g class=\"hop{}\" data-index=\"{index}\" data-kind=\"{}\"><rect x=\"{x}\" y=\"{y}\" width=\"{BW}\" height=\"{BH}\" rx=\"6\" fill=\"{fill}\" stroke=\"{stroke}\" stroke-width=\"{}\"/><text x=\"{}\" y=\"{}\" font-weight=\"bold\">{}</text><text x=\"{}\" y=\"{}\" font-family=\"monospace\" font-size=\"10\">{}</text><text x=\"{}\" y=\"{}\" font-size=\"9\" fill=\"#333\">{}</text>",
                if blocking { " blocked" } else { "" },
                esc(&h.kind),
                if blocking { 3 } else { 1 },
                x + 8,
                y + 16,
                esc(&hop_label(&h.kind, lang)),
                x + 8,
                y + 32,
                esc(&cut(&h.component, 22)),
                x + 8,
                y + 50,
                esc(&cut(h.rule.as_deref().unwrap_or(""), 28))
            ));
            if blocking {
                o.push_str(&format!("<path d=\"M{},{} l16,16 M{},{} l-16,16\" stroke=\"#d13212\" stroke-width=\"3\"/>", x + BW - 24, y + 6, x + BW - 8, y + 6));
            }
            o.push_str("</g>\n");
            if n + 1 < hops.len() {
                o.push_str(&format!(
                    "<line x1=\"{}\" y1=\"{}\" x2=\"{}\" y2=\"{}\" stroke=\"#555\" stroke-width=\"1.5\" marker-end=\"url(#parrow)\"/>\n",
                    x + BW + 2,
                    y + BH / 2,
                    x + BW + GAP - 2,
                    y + BH / 2
                ));
            }
        }
    };
    draw_row(&mut o, &forward, 60, tr(lang, "request", "요청"));
    if !back.is_empty() {
        draw_row(&mut o, &back, 60 + BH + 40, tr(lang, "reply", "응답"));
    }
    let mut y = 50 + rows * (BH + 40) + 10;
    if let Some(r) = &p.reason {
        o.push_str(&format!("<text x=\"20\" y=\"{y}\" fill=\"#d13212\">{}: {}</text>\n", tr(lang, "blocked by", "차단 원인"), esc(r)));
        y += 16;
    }
    for line in wrap_words(&p.hint, ((width - 40) / 6).max(40) as usize) {
        o.push_str(&format!("<text x=\"20\" y=\"{y}\" fill=\"#333\">{}</text>\n", esc(&line)));
        y += 15;
    }
    o.push_str("</svg>\n");
    o
}
