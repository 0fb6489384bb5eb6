"""支部管家 (BranchKeeper) entry point: command line or the program window."""

import os
import sys


def use_utf8_output() -> None:
    """Chinese output must not depend on the console: a pipe under a cp1252 (or GBK) console
    raised UnicodeEncodeError in the Windows build. Before anything is printed, streams that are not
    UTF-8 are switched to it; a character a stream still cannot take becomes '?', never a crash."""
    if sys.stdout is None:  # the windowed Windows build has no console: keep prints harmless
        sys.stdout = sys.stderr = open(os.devnull, "w", encoding="utf-8")  # noqa: SIM115
    for stream in (sys.stdout, sys.stderr):
        encoding = (getattr(stream, "encoding", None) or "").lower().replace("-", "").replace("_", "")
        if encoding != "utf8" and hasattr(stream, "reconfigure"):
            try:
                stream.reconfigure(encoding="utf-8", errors="replace")
            except (OSError, ValueError):
                pass  # a stream that cannot be reconfigured keeps its encoding


def main(argv: list[str] | None = None) -> int:
    use_utf8_output()
    try:
        return _run(argv)
    except KeyboardInterrupt:
        print("已中断。没有完成的操作不会留下改动。", file=sys.stderr)
        return 130
    except Exception as exc:  # noqa: BLE001 - the last line of defence: never a traceback
        from models.cli.common import report_failure

        return report_failure(exc, None)


def window_only(argv: list[str]) -> tuple[bool, str | None]:
    """(True, the --db value or None) when the arguments only open the window: no sub-command, no
    --help or --version. The window then starts without building the command line's parser, whose
    report commands import every report (ReportLab) — a second of the start on an office PC."""
    rest, db = list(argv), None
    while rest:
        arg = rest.pop(0)
        if arg == "--db" and rest and not rest[0].startswith("-"):
            db = rest.pop(0)
        elif arg.startswith("--db=") and len(arg) > len("--db="):
            db = arg[len("--db="):]
        else:
            return False, None
    return True, db


def _run(argv: list[str] | None) -> int:
    window, db = window_only(sys.argv[1:] if argv is None else argv)
    if window:
        from models.cli.common import database

        return _open_window(database(db) if db is not None else None)
    from models.cli.main import build_parser, run

    args = build_parser().parse_args(argv)
    if args.command is None:
        return _open_window(args.db)
    if args.command == "self-test":
        from ui.self_test import run_self_test
        from views.tabs import create_tabs

        return run_self_test(create_tabs)
    return run(args)


def _open_window(db) -> int:
    from views.tabs import create_tabs

    if isinstance(db, str):  # a server database's URL (models.cli.common.database)
        from ui.server_window import run_server_gui

        return run_server_gui(db, create_tabs)
    from ui.app import run_gui

    return run_gui(db, create_tabs)


def leave(code: int) -> None:
    """End the process once everything is saved, closed and flushed, without Python's final
    clean-up: after the window has closed, that clean-up destroys the remaining Qt objects in an
    arbitrary order, which sometimes aborted the program on exit ("shared QObject was deleted
    directly", malloc_consolidate) — a crash report on Windows, though the data was already safe."""
    import logging

    logging.shutdown()
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except (OSError, ValueError, AttributeError):
            pass
    os._exit(code)


if __name__ == "__main__":
    leave(main())
