"""支部管家 (BranchKeeper) entry point: command line or the program window."""

import sys


def main(argv: list[str] | None = None) -> int:
    from models.cli import build_parser, run

    args = build_parser().parse_args(argv)
    if args.command is None:
        from ui.app import run_gui

        return run_gui(args.db)
    return run(args)


if __name__ == "__main__":
    sys.exit(main())
