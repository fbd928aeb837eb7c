"""A grading process: ``python -m ec2lab.grading._worker LAB LANG PATHS.json`` grades the
submissions listed in PATHS.json and writes one JSON row per line on stdout, as each is done.

Workers are plain subprocesses, not multiprocessing children: nothing depends on how the
parent was started (a script, ``python -c``, a notebook), and no process is forked with the
extension's threads inside it."""
from __future__ import annotations

import json
import sys


def main(argv: list) -> int:
    lab, lang, listing = argv
    from .gradebook import grade_one

    with open(listing, encoding="utf-8") as f:
        paths = json.load(f)
    for path in paths:
        sys.stdout.write(json.dumps(grade_one(lab, path, lang), ensure_ascii=False) + "\n")
        sys.stdout.flush()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
