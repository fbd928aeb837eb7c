//! Pictures of storage, drawn here so every surface shows the same thing (the style of
//! `compute::diagram`): an instance with its devices (instance store inside the host, EBS
//! volumes across the network, mount points), and a volume's snapshot chain showing which
//! blocks each snapshot stores itself and which it only refers to.
use super::{RegionStorage, Snapshot, BLOCK_SIZE};
use crate::compute::Instance;
use std::fmt::Write as _;

fn esc(s: &str) -> String {
    s.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;").replace('"', "&quot;")
}

fn ko(lang: &str) -> bool {
    lang == "ko"
}

/// `524288` → `512 KiB`, `1610612736` → `1.5 GiB` (binary units, as EBS counts).
pub fn human_bytes(n: u64) -> String {
    let units = ["B", "KiB", "MiB", "GiB", "TiB"];
    let mut v = n as f64;
    let mut u = 0;
    while v >= 1024.0 && u < units.len() - 1 {
        v /= 1024.0;
        u += 1;
    }
    if u == 0 || v.fract() == 0.0 {
        format!("{v:.0} {}", units[u])
    } else {
        format!("{v:.1} {}", units[u])
    }
}

const HEAD: &str = "<defs><marker id=\"arrow\" markerWidth=\"8\" markerHeight=\"8\" refX=\"7\" refY=\"4\" orient=\"auto\"><path d=\"M0,0 L8,4 L0,8 z\" fill=\"#555\"/></marker></defs>\n";

/// One device box of the instance picture.
struct DeviceBox {
    device: String,
    title: String,
    detail: String,
    mount: Option<String>,
    root: bool,
    state: String,
}

/// An instance and its block devices: instance-store disks inside the host (direct attach,
/// temporary), EBS volumes on the right across the network (persistent, detachable), the mount
/// point of each, and the account's `available` volumes of the same AZ that could be attached.
pub fn instance_devices_svg(instance: &Instance, storage: &RegionStorage, lang: &str) -> String {
    let mounts = storage.guests.get(&instance.id).map(|g| g.mounts.clone()).unwrap_or_default();
    let mount_of = |device: &str, virtual_name: &str| {
        let at: Vec<&str> = mounts.iter().filter(|(_, d)| d.as_str() == device || d.as_str() == virtual_name).map(|(p, _)| p.as_str()).collect();
        (!at.is_empty()).then(|| at.join(", "))
    };
    let local: Vec<DeviceBox> = storage
        .local
        .get(&instance.id)
        .into_iter()
        .flatten()
        .map(|d| DeviceBox {
            device: d.device_name.clone(),
            title: format!("{} · {}", d.device_name, d.virtual_name),
            detail: format!(
                "{} {} · {} {}",
                human_bytes(d.data.size_bytes),
                d.kind.to_uppercase(),
                human_bytes(d.data.blocks.len() as u64 * BLOCK_SIZE),
                if ko(lang) { "사용" } else { "used" }
            ),
            mount: mount_of(&d.device_name, &d.virtual_name),
            root: d.device_name == instance.root_device_name,
            state: if ko(lang) { "임시".into() } else { "temporary".into() },
        })
        .collect();
    let mut attached = storage.attached_to(&instance.id);
    attached.sort_by_key(|(a, _)| a.device != instance.root_device_name);
    let ebs: Vec<DeviceBox> = attached
        .into_iter()
        .map(|(a, v)| DeviceBox {
            device: a.device.clone(),
            title: format!("{} · {}", a.device, v.id),
            detail: format!("{} GiB {} · {} · DeleteOnTermination={}", v.size_gib, v.volume_type, a.state.name(), a.delete_on_termination),
            mount: mount_of(&a.device, ""),
            root: a.device == instance.root_device_name,
            state: if ko(lang) { "영구".into() } else { "persistent".into() },
        })
        .collect();
    let spare: Vec<&super::Volume> =
        storage.volumes.values().filter(|v| v.az == instance.az && v.attachments.is_empty() && v.state.name() == "available").collect();

    let row_h = 58;
    let rows = local.len().max(ebs.len() + spare.len()).max(1) as i32;
    let height = 120 + rows * row_h + 40;
    let mut out = format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"ec2lab-devices\" data-instance-id=\"{}\" width=\"760\" height=\"{height}\" viewBox=\"0 0 760 {height}\" font-family=\"sans-serif\" font-size=\"12\">\n{HEAD}",
        esc(&instance.id)
    );
    // The host: the instance and its instance store, physically together.
    let host_h = 70 + rows * row_h;
    let (host_label, store_label, net_label, ebs_label) = if ko(lang) {
        ("호스트 (물리 서버)", "인스턴스 스토어: 직접 연결 · 빠름 · 중지하면 지워짐", "네트워크", "Amazon EBS: 네트워크 연결 · 영구 · 스냅샷 가능")
    } else {
        ("host (physical server)", "instance store: direct · fast · erased on stop", "network", "Amazon EBS: over the network · persistent · snapshots")
    };
    let _ = writeln!(
        out,
        "<rect x=\"10\" y=\"10\" width=\"370\" height=\"{host_h}\" rx=\"10\" fill=\"#fafafa\" stroke=\"#888\" stroke-dasharray=\"5 3\"/><text x=\"20\" y=\"28\" fill=\"#555\">{}</text>",
        esc(host_label)
    );
    let _ = writeln!(
        out,
        "<g class=\"instance\" data-state=\"{}\"><rect x=\"30\" y=\"40\" width=\"330\" height=\"44\" rx=\"8\" fill=\"#ff9900\" stroke=\"#b36b00\" stroke-width=\"2\"/><text x=\"195\" y=\"59\" text-anchor=\"middle\" font-weight=\"bold\">{} ({})</text><text x=\"195\" y=\"76\" text-anchor=\"middle\" font-size=\"11\">{} · {} · {}</text></g>",
        instance.state.name(),
        esc(&instance.id),
        esc(&instance.instance_type),
        esc(instance.state.name()),
        esc(&instance.az),
        if ko(lang) { format!("루트 {}", instance.root_device_name) } else { format!("root {}", instance.root_device_name) }
    );
    let _ = writeln!(out, "<text x=\"30\" y=\"106\" font-size=\"11\" fill=\"#1a73e8\">{}</text>", esc(store_label));
    if local.is_empty() {
        let none = if ko(lang) { "이 인스턴스 유형에는 인스턴스 스토어가 없습니다" } else { "this instance type has no instance store" };
        let _ = writeln!(out, "<text class=\"no-instance-store\" x=\"30\" y=\"132\" font-size=\"11\" fill=\"#888\">{}</text>", esc(none));
    }
    for (n, d) in local.iter().enumerate() {
        let y = 116 + n as i32 * row_h;
        device_box(&mut out, "instance-store", d, 30, y, "#e8f0fe", "#1a73e8");
        let _ = writeln!(out, "<line x1=\"195\" y1=\"84\" x2=\"195\" y2=\"{y}\" stroke=\"#1a73e8\" stroke-width=\"2\"/>");
    }
    // The network, then EBS.
    let _ = writeln!(
        out,
        "<line x1=\"400\" y1=\"20\" x2=\"400\" y2=\"{}\" stroke=\"#888\" stroke-width=\"2\" stroke-dasharray=\"2 4\"/><text x=\"404\" y=\"32\" fill=\"#888\" font-size=\"11\">{}</text>",
        host_h + 10,
        esc(net_label)
    );
    let _ = writeln!(out, "<text x=\"420\" y=\"106\" font-size=\"11\" fill=\"#1d8102\">{}</text>", esc(ebs_label));
    for (n, d) in ebs.iter().enumerate() {
        let y = 116 + n as i32 * row_h;
        device_box(&mut out, "ebs", d, 420, y, "#e6f4ea", "#1d8102");
        let _ = writeln!(
            out,
            "<path d=\"M360,62 C400,62 390,{} 420,{}\" fill=\"none\" stroke=\"#1d8102\" stroke-width=\"2\" marker-end=\"url(#arrow)\"/>",
            y + 22,
            y + 22
        );
    }
    for (n, v) in spare.iter().enumerate() {
        let y = 116 + (ebs.len() + n) as i32 * row_h;
        let d = DeviceBox {
            device: String::new(),
            title: v.id.clone(),
            detail: format!("{} GiB {} · {}", v.size_gib, v.volume_type, if ko(lang) { "연결 가능 (같은 AZ)" } else { "available (same AZ)" }),
            mount: None,
            root: false,
            state: "available".into(),
        };
        device_box(&mut out, "ebs available", &d, 420, y, "#ffffff", "#999");
    }
    let legend = if ko(lang) {
        "굵은 테두리: 루트 장치 · 점선: 연결되지 않은 볼륨 · ▸ 마운트 위치"
    } else {
        "thick border: root device · dashed: volume not attached · ▸ mount point"
    };
    let _ = writeln!(out, "<text x=\"10\" y=\"{}\" font-size=\"11\" fill=\"#555\">{}</text>", height - 12, esc(legend));
    out.push_str("</svg>\n");
    out
}

fn device_box(out: &mut String, class: &str, d: &DeviceBox, x: i32, y: i32, fill: &str, stroke: &str) {
    let width = 330;
    let dash = if class.contains("available") { " stroke-dasharray=\"4 3\"" } else { "" };
    let stroke_w = if d.root { 3 } else { 1 };
    let _ = write!(
        out,
        "<g class=\"device {class}{}\" data-device=\"{}\" data-state=\"{}\"><rect x=\"{x}\" y=\"{y}\" width=\"{width}\" height=\"46\" rx=\"6\" fill=\"{fill}\" stroke=\"{stroke}\" stroke-width=\"{stroke_w}\"{dash}/><text x=\"{}\" y=\"{}\" font-weight=\"bold\">{}</text><text x=\"{}\" y=\"{}\" font-size=\"11\" fill=\"#333\">{}</text>",
        if d.root { " root" } else { "" },
        esc(&d.device),
        esc(&d.state),
        x + 8,
        y + 17,
        esc(&d.title),
        x + 8,
        y + 34,
        esc(&d.detail),
    );
    if let Some(m) = &d.mount {
        let _ = write!(
            out,
            "<text class=\"mount\" x=\"{}\" y=\"{}\" text-anchor=\"end\" font-size=\"11\" fill=\"#b36b00\">▸ {}</text>",
            x + width - 8,
            y + 17,
            esc(m)
        );
    }
    out.push_str("</g>\n");
}

/// One snapshot of a chain, as the picture and `SnapshotChain` report it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ChainEntry {
    pub snapshot_id: String,
    pub state: String,
    pub parent: Option<String>,
    /// Blocks (512 KiB) the snapshot stores itself, and their bytes.
    pub stored_blocks: u64,
    pub stored_bytes: u64,
    /// Blocks of the whole volume at the snapshot's moment (stored here or by an earlier one).
    pub total_blocks: u64,
    pub volume_size_gib: u32,
}

/// The snapshots of one lineage (a volume, and volumes restored from its snapshots), oldest first.
pub fn chain<'a>(storage: &'a RegionStorage, lineage: &str) -> Vec<&'a Snapshot> {
    let mut v: Vec<&Snapshot> = storage.snapshots.values().filter(|s| s.lineage == lineage).collect();
    v.sort_by_key(|s| s.seq);
    v
}

pub fn chain_entries(snaps: &[&Snapshot]) -> Vec<ChainEntry> {
    snaps
        .iter()
        .map(|s| ChainEntry {
            snapshot_id: s.id.clone(),
            state: s.state.name().into(),
            parent: s.parent.clone(),
            stored_blocks: s.stored.len() as u64,
            stored_bytes: s.stored_bytes(),
            total_blocks: s.blocks.len() as u64,
            volume_size_gib: s.volume_size_gib,
        })
        .collect()
}

/// At most this many block columns are drawn; the rest are counted in a note.
const MAX_COLUMNS: usize = 48;

/// A grid: one row per snapshot (oldest at the top) and, when the volume still exists, a last
/// row for the volume now; one column per block index ever written. A dark cell is a block
/// the snapshot stores itself, a light one a block it only refers to (stored by an earlier
/// snapshot), an empty one a block not written at that moment. Sizes on the right.
pub fn snapshot_chain_svg(snaps: &[&Snapshot], volume: Option<&super::Volume>, highlight: Option<&str>, lang: &str) -> String {
    let mut columns: Vec<u64> = snaps.iter().flat_map(|s| s.blocks.keys()).chain(volume.into_iter().flat_map(|v| v.data.blocks.keys())).collect();
    columns.sort_unstable();
    columns.dedup();
    let hidden = columns.len().saturating_sub(MAX_COLUMNS);
    columns.truncate(MAX_COLUMNS);
    let cell = 12;
    let left = 250;
    // The size column starts after the grid, leaving room for the grid's caption.
    let grid_w = (columns.len().max(1) as i32 * cell).max(180);
    let width = (left + grid_w + 200).max(700);
    let rows = snaps.len() as i32 + i32::from(volume.is_some());
    let height = 70 + rows * 24 + 50;
    let mut out = format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"ec2lab-snapshot-chain\" width=\"{width}\" height=\"{height}\" viewBox=\"0 0 {width} {height}\" font-family=\"sans-serif\" font-size=\"12\">\n"
    );
    let (title, blocks_label, stored_label) = if ko(lang) {
        ("스냅샷 체인: 각 스냅샷이 직접 저장한 블록", "블록 번호 (512 KiB씩)", "직접 저장 / 전체")
    } else {
        ("Snapshot chain: the blocks each snapshot stores itself", "block index (512 KiB each)", "stored / whole volume")
    };
    let _ = writeln!(out, "<text x=\"10\" y=\"20\" font-weight=\"bold\">{}</text>", esc(title));
    let _ = writeln!(out, "<text x=\"{left}\" y=\"40\" font-size=\"10\" fill=\"#555\">{}</text>", esc(blocks_label));
    let _ = writeln!(out, "<text x=\"{}\" y=\"40\" font-size=\"10\" fill=\"#555\">{}</text>", left + grid_w + 12, esc(stored_label));
    for (c, idx) in columns.iter().enumerate() {
        if c % 8 == 0 {
            let _ = writeln!(out, "<text x=\"{}\" y=\"56\" font-size=\"9\" fill=\"#888\">{idx}</text>", left + c as i32 * cell);
        }
    }
    let mut y = 62;
    for s in snaps {
        let on = highlight == Some(s.id.as_str());
        let _ = writeln!(
            out,
            "<g class=\"snapshot{}\" data-snapshot-id=\"{}\" data-state=\"{}\"><text x=\"10\" y=\"{}\" font-weight=\"{}\">{}</text><text x=\"180\" y=\"{}\" font-size=\"10\" fill=\"#888\">{}</text>",
            if on { " current" } else { "" },
            esc(&s.id),
            s.state.name(),
            y + 13,
            if on { "bold" } else { "normal" },
            esc(&s.id),
            y + 13,
            esc(s.state.name())
        );
        for (c, idx) in columns.iter().enumerate() {
            let x = left + c as i32 * cell;
            let (class, fill) = match (s.stored.contains(idx), s.blocks.contains(*idx)) {
                (true, _) => ("stored", "#1d8102"),
                (false, true) => ("referenced", "#b7dfb9"),
                (false, false) => ("empty", "#ffffff"),
            };
            let _ = writeln!(
                out,
                "<rect class=\"block {class}\" data-block=\"{idx}\" x=\"{x}\" y=\"{y}\" width=\"{}\" height=\"18\" fill=\"{fill}\" stroke=\"#ccc\"/>",
                cell - 1
            );
        }
        let _ = writeln!(
            out,
            "<text class=\"size\" x=\"{}\" y=\"{}\">{} / {}</text></g>",
            left + grid_w + 12,
            y + 13,
            human_bytes(s.stored_bytes()),
            human_bytes(s.blocks.len() as u64 * BLOCK_SIZE)
        );
        y += 24;
    }
    if let Some(v) = volume {
        // What the next snapshot would store: the blocks that differ from the newest snapshot.
        let newest = snaps.iter().filter(|s| s.volume_id == v.id).max_by_key(|s| s.seq).or(snaps.last());
        let changed = super::snapshot::changed_blocks(&v.data.blocks, newest.map(|s| &s.blocks));
        let label = if ko(lang) { "현재 볼륨" } else { "volume now" };
        let _ = writeln!(out, "<g class=\"volume\" data-volume-id=\"{}\"><text x=\"10\" y=\"{}\" fill=\"#1a73e8\">{}</text><text x=\"180\" y=\"{}\" font-size=\"10\" fill=\"#888\">{}</text>", esc(&v.id), y + 13, esc(&v.id), y + 13, esc(label));
        for (c, idx) in columns.iter().enumerate() {
            let x = left + c as i32 * cell;
            let (class, fill) = match (changed.contains(idx), v.data.blocks.contains(*idx)) {
                (true, _) => ("changed", "#1a73e8"),
                (false, true) => ("unchanged", "#c6dafc"),
                (false, false) => ("empty", "#ffffff"),
            };
            let _ = writeln!(
                out,
                "<rect class=\"block {class}\" data-block=\"{idx}\" x=\"{x}\" y=\"{y}\" width=\"{}\" height=\"18\" fill=\"{fill}\" stroke=\"#ccc\"/>",
                cell - 1
            );
        }
        let next = if ko(lang) { "다음 스냅샷" } else { "next snapshot" };
        let _ = writeln!(
            out,
            "<text class=\"size\" x=\"{}\" y=\"{}\">{}: {}</text></g>",
            left + grid_w + 12,
            y + 13,
            esc(next),
            human_bytes(changed.len() as u64 * BLOCK_SIZE)
        );
        y += 24;
    }
    if hidden > 0 {
        let more = if ko(lang) { format!("… 블록 {hidden}개 더 (그리지 않음)") } else { format!("… {hidden} more blocks not drawn") };
        let _ = writeln!(out, "<text x=\"{left}\" y=\"{}\" font-size=\"10\" fill=\"#888\">{}</text>", y + 12, esc(&more));
    }
    let legend = if ko(lang) {
        "■ 이 스냅샷이 저장한 블록 · ■ 이전 스냅샷의 블록을 참조 · □ 쓰지 않은 블록 (비용 없음)"
    } else {
        "■ stored by this snapshot · ■ refers to an earlier snapshot's block · □ never written (costs nothing)"
    };
    let _ = writeln!(out, "<text x=\"10\" y=\"{}\" font-size=\"11\" fill=\"#1d8102\">{}</text>", height - 12, esc(legend));
    out.push_str("</svg>\n");
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn human_bytes_uses_binary_units() {
        assert_eq!(human_bytes(0), "0 B");
        assert_eq!(human_bytes(BLOCK_SIZE), "512 KiB");
        assert_eq!(human_bytes(3 * BLOCK_SIZE), "1.5 MiB");
        assert_eq!(human_bytes(8 * 1024 * 1024 * 1024), "8 GiB");
    }
}
