"""The command line (README: 命令行): `main.build_parser` and `main.run`; argparse set up in Chinese
in `parsing`; what commands share in `common`; one module per command group."""
