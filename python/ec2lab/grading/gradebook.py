"""Grading a folder of submissions in parallel processes: one row per submission, a broken one
gets 0 with the reason and never stops the run."""
from __future__ import annotations

import os
import sys
import time

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import IO


def submissions(folder: str) -> list:
    """The ``*.json`` files directly in ``folder``, sorted; the student is the file's stem."""
    names = sorted(n for n in os.listdir(folder) if n.endswith(".json") and not n.startswith("."))
    return [os.path.join(folder, n) for n in names]


def grade_one(lab_name: str, path: str, lang: str) -> dict:
    """One row of the gradebook. Never raises: a refused or broken submission is a row too."""
    from .. import ReplayError
    from ..labs import get

    lab = get(lab_name)
    row = {"student": os.path.splitext(os.path.basename(path))[0], "file": os.path.basename(path), "max_score": lab.max_score}
    started = time.perf_counter()
    try:
        cloud = lab.load(path)
        loaded = time.perf_counter()
        report = lab.grade(cloud, lang)
        row.update(status="graded", score=report.score, reason="", checks=[r.to_dict(lang) for r in report.results])
        row["seconds"] = {"replay": loaded - started, "checks": time.perf_counter() - loaded}
    except ReplayError as e:
        row.update(status="refused", score=0.0, reason=str(e), checks=[])
    except Exception as e:  # isolation: whatever a submission does, the run goes on
        row.update(status="error", score=0.0, reason=f"{type(e).__name__}: {e}", checks=[])
    return row


def _in_processes(lab, paths: list, lang: str, workers: int):
    """Yields ``(path, row)`` as ``workers`` grading subprocesses finish submissions. A process
    that dies costs only the submissions it had not finished (0, with its last words)."""
    import json
    import queue
    import subprocess
    import tempfile
    import threading

    import ec2lab

    env = dict(os.environ)
    here = os.path.dirname(os.path.dirname(os.path.abspath(ec2lab.__file__)))
    env["PYTHONPATH"] = here + (os.pathsep + env["PYTHONPATH"] if env.get("PYTHONPATH") else "")
    done: queue.Queue = queue.Queue()
    with tempfile.TemporaryDirectory(prefix="ec2lab-grade-") as tmp:
        procs = []
        for w in range(workers):
            share = paths[w::workers]  # interleaved: each process gets a like mix
            listing = os.path.join(tmp, f"paths{w}.json")
            with open(listing, "w", encoding="utf-8") as f:
                json.dump(share, f)
            err = open(os.path.join(tmp, f"stderr{w}.txt"), "w+", encoding="utf-8")
            cmd = [sys.executable, "-m", "ec2lab.grading._worker", lab.name, lang, listing]
            proc = subprocess.Popen(cmd, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=err, env=env, text=True, encoding="utf-8")
            procs.append((proc, share, err))

        def read(proc, share, err):
            answered = 0
            for line in proc.stdout:
                if answered < len(share):
                    try:
                        done.put((share[answered], json.loads(line)))
                    except ValueError:
                        continue  # not a row: something printed by a submission's code path
                    answered += 1
            proc.wait()
            err.seek(0)
            last = (err.read().strip().splitlines() or [f"exit status {proc.returncode}"])[-1]
            for p in share[answered:]:
                done.put((p, _broken(lab, p, RuntimeError(f"the grading process stopped: {last}"))))
            err.close()

        threads = [threading.Thread(target=read, args=t, daemon=True) for t in procs]
        for t in threads:
            t.start()
        for _ in paths:
            yield done.get()
        for t in threads:
            t.join()


def _broken(lab, path: str, e: BaseException) -> dict:
    return {"student": os.path.splitext(os.path.basename(path))[0], "file": os.path.basename(path), "max_score": lab.max_score,
            "status": "error", "score": 0.0, "reason": f"{type(e).__name__}: {e}", "checks": []}


class Progress:
    """A progress bar on ``out`` (stdout): redrawn in place on a terminal, a line per tenth otherwise."""

    def __init__(self, total: int, out: IO[str] | None, width: int = 30):
        self.total, self.out, self.width, self.done, self._shown = total, out, width, 0, -1

    def step(self) -> None:
        self.done += 1
        if self.out is None or self.total == 0:
            return
        tty = getattr(self.out, "isatty", lambda: False)()
        tenth = self.done * 10 // self.total
        if not tty and tenth == self._shown and self.done != self.total:
            return
        self._shown = tenth
        filled = self.width * self.done // self.total
        bar = f"[{'#' * filled}{'.' * (self.width - filled)}] {self.done}/{self.total}"
        self.out.write(("\r" + bar) if tty else (bar + "\n"))
        if tty and self.done == self.total:
            self.out.write("\n")
        self.out.flush()


def grade_folder(lab_name: str, folder: str, lang: str = "en", jobs: int | None = None, progress: IO[str] | None = None) -> list:
    """Grades every submission in ``folder`` with ``jobs`` processes (default: the CPU count;
    1 grades in this process). Rows come back in file order."""
    from ..labs import get

    lab = get(lab_name)
    paths = submissions(folder)
    bar = Progress(len(paths), progress)
    jobs = jobs or os.cpu_count() or 1
    rows: dict = {}
    if jobs <= 1 or len(paths) <= 1:
        for p in paths:
            rows[p] = grade_one(lab_name, p, lang)
            bar.step()
    else:
        for p, row in _in_processes(lab, paths, lang, min(jobs, len(paths))):
            rows[p] = row
            bar.step()
    return [rows[p] for p in paths]


def write_csv(rows: list, lab, path: str, lang: str = "en") -> None:
    """student, file, status, score, max_score, then points and feedback per check, then reason."""
    import csv

    ids = [c.id for c in lab.checks]
    header = ["student", "file", "status", "score", "max_score"]
    for i in ids:
        header += [f"{i}", f"{i} feedback"]
    header.append("reason")
    with open(path, "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f)
        w.writerow(header)
        for r in rows:
            by_id = {c["id"]: c for c in r["checks"]}
            line = [r["student"], r["file"], r["status"], f"{r['score']:g}", f"{r['max_score']:g}"]
            for i in ids:
                c = by_id.get(i)
                line += [f"{c['points']:g}", c["feedback"]] if c else ["0", ""]
            line.append(r["reason"])
            w.writerow(line)


def write_json(rows: list, lab, path: str) -> None:
    import json

    doc = {"lab": lab.name, "max_score": lab.max_score, "submissions": [{k: v for k, v in r.items() if k != "seconds"} for r in rows]}
    with open(path, "w", encoding="utf-8") as f:
        json.dump(doc, f, ensure_ascii=False, indent=2)


def summary(rows: list, lab, lang: str = "en") -> str:
    """A few lines: how many were graded/refused/broken, the spread of scores, each check's pass rate."""
    import statistics

    graded = [r for r in rows if r["status"] == "graded"]
    refused = [r for r in rows if r["status"] == "refused"]
    broken = [r for r in rows if r["status"] == "error"]
    scores = [r["score"] for r in rows]
    ko = lang == "ko"
    lines = [
        (f"{lab.name}: 제출 {len(rows)}개, 채점 {len(graded)}, 거부 {len(refused)}, 오류 {len(broken)}" if ko
         else f"{lab.name}: {len(rows)} submissions, {len(graded)} graded, {len(refused)} refused, {len(broken)} broken"),
    ]
    if scores:
        lines.append(
            ("점수" if ko else "scores") + f" (/{lab.max_score:g}): mean {statistics.mean(scores):.2f}, median {statistics.median(scores):g}, "
            f"min {min(scores):g}, max {max(scores):g}"
        )
    for c in lab.checks:
        full = sum(1 for r in graded for x in r["checks"] if x["id"] == c.id and x["points"] >= x["max_points"])
        lines.append(f"  {c.id}: {full}/{len(graded)} " + ("만점" if ko else "full marks"))
    for r in refused + broken:
        lines.append(f"  ! {r['file']}: {r['reason']}")
    return "\n".join(lines)


def main(lab_name: str, folder: str, out: str, as_json: bool = False, lang: str = "en", jobs: int | None = None, stdout=None) -> int:
    """``python -m ec2lab grade``: grade, write the gradebook, print a summary. Exit status 0
    even when submissions were refused (they are in the gradebook); 2 for a bad invocation."""
    from ..labs import get

    stdout = stdout or sys.stdout
    try:
        lab = get(lab_name)
    except ValueError as e:
        stdout.write(f"{e}\n")
        return 2
    if not os.path.isdir(folder):
        stdout.write(f"No such folder: {folder}\n")
        return 2
    started = time.perf_counter()
    rows = grade_folder(lab_name, folder, lang, jobs, progress=stdout)
    (write_json(rows, lab, out) if as_json else write_csv(rows, lab, out, lang))
    stdout.write(summary(rows, lab, lang) + "\n")
    stdout.write(f"{'성적부' if lang == 'ko' else 'gradebook'}: {out} ({time.perf_counter() - started:.1f} s)\n")
    return 0
