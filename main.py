"""支部管家 (BranchKeeper) entry point: command line or the program window."""

import os
import sys


def main(argv: list[str] | None = None) -> int:
    if sys.stdout is None:  # the windowed Windows build has no console: keep prints harmless
        sys.stdout = sys.stderr = open(os.devnull, "w", encoding="utf-8")  # noqa: SIM115
    from models.cli.main import build_parser, run

    args = build_parser().parse_args(argv)
    if args.command is None:
        from ui.app import run_gui
        from views.tabs import create_tabs

        return run_gui(args.db, create_tabs)
    if args.command == "self-test":
        from ui.self_test import run_self_test
        from views.tabs import create_tabs

        return run_self_test(create_tabs)
    return run(args)


if __name__ == "__main__":
    sys.exit(main())
