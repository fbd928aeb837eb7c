"""Grading benchmark: 200 submissions of the lifecycle lab graded from a folder, as
`python -m ec2lab grade` does it (issue 8).

The submissions are varied (the solution, and the solution with one mistake each, in turn) and
saved as recordings; grading replays each one in a fresh cloud, verifies it, and runs the lab's
checks. Prints the total wall time in parallel (all cores) and in one process, and the
per-submission cost split into replay and checks.

Run: `make bench` or `.venv/bin/python bench/grading.py [--n 200] [--jobs N]`.
"""
from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "tests", "python"))


def make_submissions(folder: str, n: int) -> None:
    import ec2lab.labs
    from test_lab_lifecycle import CASES, work

    lab = ec2lab.labs.get("lifecycle")
    variants = [{}] + [how for how, _, _ in CASES]
    for i in range(n):
        cloud = lab.start()
        work(cloud, **variants[i % len(variants)])
        cloud.save(os.path.join(folder, f"student{i:03d}.json"))


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--n", type=int, default=200)
    ap.add_argument("--jobs", type=int, default=os.cpu_count() or 1)
    args = ap.parse_args()
    from ec2lab.grading import gradebook

    with tempfile.TemporaryDirectory() as folder:
        t = time.perf_counter()
        make_submissions(folder, args.n)
        made = time.perf_counter() - t
        sizes = [os.path.getsize(os.path.join(folder, f)) for f in os.listdir(folder)]
        print(f"{args.n} submissions of 'lifecycle' recorded in {made:.2f} s (recording sizes: median {statistics.median(sizes) / 1024:.1f} KiB)")

        t = time.perf_counter()
        rows = gradebook.grade_folder("lifecycle", folder, jobs=args.jobs)
        parallel = time.perf_counter() - t
        assert all(r["status"] == "graded" for r in rows), [r["reason"] for r in rows if r["status"] != "graded"]

        t = time.perf_counter()
        rows = gradebook.grade_folder("lifecycle", folder, jobs=1)
        serial = time.perf_counter() - t

        # CPU time per submission (steadier than wall time on a shared machine)
        import ec2lab.labs

        lab = ec2lab.labs.get("lifecycle")
        cpu_replay, cpu_checks = [], []
        for name in sorted(os.listdir(folder)):
            t0 = time.process_time()
            cloud = lab.load(os.path.join(folder, name))
            t1 = time.process_time()
            lab.grade(cloud)
            cpu_replay.append((t1 - t0) * 1000)
            cpu_checks.append((time.process_time() - t1) * 1000)

    replay = [r["seconds"]["replay"] * 1000 for r in rows]
    checks = [r["seconds"]["checks"] * 1000 for r in rows]
    print(f"grade {args.n} submissions, {args.jobs} processes: {parallel:.2f} s wall ({parallel / args.n * 1000:.1f} ms per submission)")
    print(f"grade {args.n} submissions, 1 process:   {serial:.2f} s wall ({serial / args.n * 1000:.1f} ms per submission)")
    print(f"per submission (1 process): replay + verify median {statistics.median(replay):.2f} ms (max {max(replay):.2f}), "
          f"checks median {statistics.median(checks):.2f} ms (max {max(checks):.2f})")
    print(f"CPU time per submission: replay + verify mean {statistics.mean(cpu_replay):.2f} ms, checks mean {statistics.mean(cpu_checks):.2f} ms")
    return 0


if __name__ == "__main__":
    sys.exit(main())
