"""Command line: ``python -m ec2lab tour`` runs the narrated tour."""
from __future__ import annotations

import argparse
import sys


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m ec2lab", description="ec2lab: a local, deterministic Amazon EC2 for learning.")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")
    tour_parser = commands.add_parser("tour", help="a narrated tour of ec2lab")
    tour_parser.add_argument("--lang", choices=("en", "ko"), default=None, help="language of the tour (default: en, or EC2LAB_LANGUAGE)")
    args = parser.parse_args(argv)
    if args.command == "tour":
        from ec2lab import tour

        result = tour.main(lang=args.lang)
        return result if isinstance(result, int) else 0
    parser.print_help()
    return 0


if __name__ == "__main__":
    sys.exit(main())
