"""Command line: ``python -m ec2lab tour`` runs the narrated tour; ``lab list|show|start`` for
students; ``grade LAB SUBMISSIONS_DIR --out grades.csv`` for instructors."""
from __future__ import annotations

import argparse
import sys


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m ec2lab", description="ec2lab: a local, deterministic Amazon EC2 for learning.")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")
    tour_parser = commands.add_parser("tour", help="a narrated tour of ec2lab")
    tour_parser.add_argument("--lang", choices=("en", "ko"), default=None, help="language of the tour (default: en, or EC2LAB_LANGUAGE)")

    lab_parser = commands.add_parser("lab", help="labs: list them, show one's instructions, start one (copies its starter notebook here)")
    lab_parser.add_argument("action", choices=("list", "show", "start"))
    lab_parser.add_argument("lab", nargs="?", help="the lab's name (for show and start)")
    lab_parser.add_argument("--lang", choices=("en", "ko"), default="en", help="language of the titles")

    grade_parser = commands.add_parser("grade", help="grade a folder of submissions (*.json recordings) into a gradebook")
    grade_parser.add_argument("lab", help="the lab's name (python -m ec2lab lab list)")
    grade_parser.add_argument("submissions", help="a folder of recordings, one *.json per student (the file's stem names the student)")
    grade_parser.add_argument("--out", default="grades.csv", help="the gradebook to write (default grades.csv)")
    grade_parser.add_argument("--json", action="store_true", help="write the gradebook as JSON instead of CSV")
    grade_parser.add_argument("--lang", choices=("en", "ko"), default="en", help="language of the feedback and summary")
    grade_parser.add_argument("--jobs", type=int, default=None, help="processes to grade with (default: the CPU count)")

    args = parser.parse_args(argv)
    if args.command == "tour":
        from ec2lab import tour

        result = tour.main(lang=args.lang)
        return result if isinstance(result, int) else 0
    if args.command == "lab":
        return _lab(args)
    if args.command == "grade":
        from ec2lab.grading import gradebook

        return gradebook.main(args.lab, args.submissions, args.out, as_json=args.json, lang=args.lang, jobs=args.jobs)
    parser.print_help()
    return 0


def _lab(args) -> int:
    import os
    import shutil

    import ec2lab.labs

    if args.action == "list":
        labs = ec2lab.labs.list()
        width = max(len(lab.name) for lab in labs)
        for lab in labs:
            print(f"{lab.name:<{width}}  {lab.title(args.lang)}  ({lab.max_score:g} points, {lab.region})")
        return 0
    if not args.lab:
        print(f"Which lab? python -m ec2lab lab {args.action} LAB (labs: {', '.join(ec2lab.labs.names())})")
        return 2
    try:
        lab = ec2lab.labs.get(args.lab)
    except ValueError as e:
        print(e)
        return 2
    if args.action == "show":
        print(lab.readme())
        return 0
    target = f"{lab.name}.ipynb"
    if os.path.exists(target):
        print(f"{target} already exists here; not overwriting it.")
        return 1
    shutil.copyfile(lab.starter_path, target)
    print(f"{target}: the starter notebook of '{lab.name}' ({lab.title(args.lang)}). Instructions: python -m ec2lab lab show {lab.name}")
    return 0


if __name__ == "__main__":
    try:
        status = main()
        sys.stdout.flush()  # a closed pipe shows up here, inside the try, not at interpreter exit
    except BrokenPipeError:
        # The reader went away (`| head`): say nothing more, on stdout or stderr (Python docs' recipe).
        import os

        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        sys.exit(1)
    sys.exit(status)
