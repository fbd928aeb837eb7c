//! The cost of snapshotting a 1 GiB volume with 1 %, 10 % and 100 % of its blocks changed, and
//! a 16 TiB volume with 10 MiB changed (run: cargo run --release --example snapshot_cost).
//!
//! A snapshot copies no bytes: it captures the volume's persistent block map (an O(1) clone
//! sharing structure and the `Arc` blocks) and examines only the blocks written since the
//! previous snapshot (the volume's dirty set). So both its stored size and its time follow the
//! changed blocks, never the volume's size nor the blocks written before.
use ec2lab::storage::BLOCK_SIZE;
use ec2lab::Cloud;
use serde_json::json;
use std::time::{Duration, Instant};

const R: &str = "us-east-1";

fn volume(c: &mut Cloud, size_gib: u32) -> String {
    let v = c.call("ec2", R, "CreateVolume", json!({"AvailabilityZone": "us-east-1a", "Size": size_gib, "VolumeType": "gp3"})).unwrap()["VolumeId"]
        .as_str()
        .unwrap()
        .to_string();
    c.advance(10_000);
    v
}

/// Writes `count` whole blocks (of 2048) with `byte`, spread evenly over the first GiB.
fn touch(c: &mut Cloud, v: &str, count: u64, byte: u8) {
    let data = vec![byte; BLOCK_SIZE as usize];
    let dev = &mut c.world.regions.get_mut(R).unwrap().storage.volumes.get_mut(v).unwrap().data;
    for k in 0..count {
        let idx = k * 2048 / count;
        dev.write(idx * BLOCK_SIZE, &data).unwrap();
    }
}

/// Median time of CreateSnapshot after changing `changed` blocks, and the bytes it stores.
fn snapshot_cost(size_gib: u32, changed: u64) -> (Duration, u64) {
    let mut times = Vec::new();
    let mut stored = 0;
    for round in 0..7u8 {
        let mut c = Cloud::new(0);
        let v = volume(&mut c, size_gib);
        touch(&mut c, &v, 2048, 1);
        c.call("ec2", R, "CreateSnapshot", json!({"VolumeId": v})).unwrap();
        c.advance(3_600_000);
        touch(&mut c, &v, changed, 2 + round);
        let t = Instant::now();
        let s = c.call("ec2", R, "CreateSnapshot", json!({"VolumeId": v})).unwrap();
        times.push(t.elapsed());
        stored = c.world.regions[R].storage.snapshots[s["SnapshotId"].as_str().unwrap()].stored_bytes();
    }
    times.sort();
    (times[times.len() / 2], stored)
}

fn main() {
    println!("snapshot of a volume with 1 GiB written (2048 blocks of 512 KiB), after a full first snapshot:");
    for (size, changed, label) in [
        (1, 20, "1 GiB volume,    1 % changed"),
        (1, 205, "1 GiB volume,   10 % changed"),
        (1, 2048, "1 GiB volume,  100 % changed"),
        (16_384, 20, "16 TiB volume, 10 MiB changed"),
    ] {
        let (t, stored) = snapshot_cost(size, changed);
        println!("  {label}: {:>8.1} µs, stores {:>5} MiB ({} blocks)", t.as_secs_f64() * 1e6, stored / (1024 * 1024), stored / BLOCK_SIZE);
    }
}
