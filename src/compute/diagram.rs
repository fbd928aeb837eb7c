//! The instance lifecycle as an SVG, with the current state highlighted (drawn here so every
//! surface shows the same picture).
use super::InstanceState;
use crate::i18n::state_label;

/// Box positions (x, y) of each state on a 640×300 canvas.
fn position(s: InstanceState) -> (i32, i32) {
    match s {
        InstanceState::Pending => (40, 60),
        InstanceState::Running => (260, 60),
        InstanceState::Stopping => (480, 60),
        InstanceState::Stopped => (480, 220),
        InstanceState::ShuttingDown => (260, 220),
        InstanceState::Terminated => (40, 220),
    }
}

const W: i32 = 120;
const H: i32 = 44;

pub fn lifecycle_svg(current: Option<InstanceState>, lang: &str) -> String {
    let mut out = String::from(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"640\" height=\"310\" viewBox=\"0 0 640 310\" font-family=\"sans-serif\" font-size=\"13\">\n<defs><marker id=\"arrow\" markerWidth=\"8\" markerHeight=\"8\" refX=\"7\" refY=\"4\" orient=\"auto\"><path d=\"M0,0 L8,4 L0,8 z\" fill=\"#555\"/></marker></defs>\n",
    );
    for from in InstanceState::ALL {
        for to in InstanceState::ALL {
            if from.can_move_to(to) {
                out.push_str(&edge(from, to));
            }
        }
    }
    for s in InstanceState::ALL {
        let (x, y) = position(s);
        let on = current == Some(s);
        let (fill, stroke, weight) = if on { ("#ff9900", "#b36b00", "bold") } else { ("#f4f4f4", "#888", "normal") };
        out.push_str(&format!(
            "<g class=\"state{}\" data-state=\"{}\"><rect x=\"{x}\" y=\"{y}\" width=\"{W}\" height=\"{H}\" rx=\"8\" fill=\"{fill}\" stroke=\"{stroke}\" stroke-width=\"2\"/><text x=\"{}\" y=\"{}\" text-anchor=\"middle\" font-weight=\"{weight}\">{}</text><text x=\"{}\" y=\"{}\" text-anchor=\"middle\" font-size=\"10\" fill=\"#555\">{}</text></g>\n",
            if on { " current" } else { "" },
            s.name(),
            x + W / 2,
            y + 20,
            state_label(s.name(), lang),
            x + W / 2,
            y + 36,
            // In Korean the API name stays visible, since that is what the API returns.
            if lang == "ko" { format!("{} · {}", s.name(), s.code()) } else { format!("code {}", s.code()) }
        ));
    }
    // Which states cost compute time (UG:ec2-instance-lifecycle): running, and stopping on the
    // way to hibernation.
    for (s, mark) in [(InstanceState::Running, "$"), (InstanceState::Stopping, "$*")] {
        let (x, y) = position(s);
        out.push_str(&format!(
            "<text class=\"billed\" data-state=\"{}\" x=\"{}\" y=\"{}\" font-size=\"12\" font-weight=\"bold\" fill=\"#1d8102\">{mark}</text>\n",
            s.name(),
            x + W - 4,
            y - 4
        ));
    }
    let legend = if lang == "ko" {
        "$ 컴퓨팅 요금이 청구되는 상태 (* 최대 절전으로 중지하는 동안만)"
    } else {
        "$ billed for compute (* only while stopping to hibernate)"
    };
    out.push_str(&format!("<text x=\"40\" y=\"300\" font-size=\"11\" fill=\"#1d8102\">{legend}</text>\n"));
    out.push_str("</svg>\n");
    out
}

fn edge(from: InstanceState, to: InstanceState) -> String {
    let (fx, fy) = position(from);
    let (tx, ty) = position(to);
    let (cx1, cy1) = (fx + W / 2, fy + H / 2);
    let (cx2, cy2) = (tx + W / 2, ty + H / 2);
    // Leave each box from its border, and offset the two directions of a pair so both show.
    let clip = |cx: i32, cy: i32, dx: i32, dy: i32| -> (i32, i32) {
        if dx.abs() * H > dy.abs() * W {
            (cx + dx.signum() * W / 2, cy + dy * (W / 2) / dx.abs().max(1))
        } else {
            (cx + dx * (H / 2) / dy.abs().max(1), cy + dy.signum() * H / 2)
        }
    };
    let (dx, dy) = (cx2 - cx1, cy2 - cy1);
    if dy == 0 && dx.abs() > 2 * W {
        // Skips the box between them (a forced stop of a pending instance): arc over the top.
        let (sx, ex, top) = (cx1, cx2, fy);
        return format!(
            "<path class=\"edge\" data-from=\"{}\" data-to=\"{}\" d=\"M{sx},{top} Q{},{} {ex},{top}\" fill=\"none\" stroke=\"#555\" stroke-width=\"1.5\" stroke-dasharray=\"4 3\" marker-end=\"url(#arrow)\"/>\n",
            from.name(),
            to.name(),
            (sx + ex) / 2,
            top - 50
        );
    }
    let back = to.can_move_to(from);
    let shift = if back {
        if (from as u8) < (to as u8) {
            -6
        } else {
            6
        }
    } else {
        0
    };
    let (sx, sy) = clip(cx1, cy1, dx, dy);
    let (ex, ey) = clip(cx2, cy2, -dx, -dy);
    let (ox, oy) = if dx.abs() > dy.abs() { (0, shift) } else { (shift, 0) };
    format!("<line class=\"edge\" data-from=\"{}\" data-to=\"{}\" x1=\"{}\" y1=\"{}\" x2=\"{}\" y2=\"{}\" stroke=\"#555\" stroke-width=\"1.5\" marker-end=\"url(#arrow)\"/>\n", from.name(), to.name(), sx + ox, sy + oy, ex + ox, ey + oy)
}
