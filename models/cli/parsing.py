"""The command line's one argparse set-up: Chinese help, Chinese errors, the real program name.

argparse looks up each text of its own ("usage: ", "options", "the following arguments are
required: %s" …) through its module-level gettext function `_` (and `ngettext`) at the moment it
needs the text. `install_chinese_messages` wraps those two functions with the table below, so
argparse's texts come out in Chinese wherever argparse produces them, in one place; a text not in
the table passes through unchanged. The wrap is process-wide: the program's parsers are the only
argparse users in its process. The first ChineseArgumentParser installs it.
"""

from __future__ import annotations

import argparse
import difflib
import os
import re
import sys
import unicodedata
from typing import NoReturn

from models import APP_NAME

# argparse's own texts (Python 3.12) -> Chinese. Values are %-formatted by argparse with the same keys.
MESSAGES = {
    "usage: ": "用法：",
    "positional arguments": "参数",
    "options": "选项",
    "show this help message and exit": "显示本帮助并退出",
    "argument %(argument_name)s: %(message)s": "参数 %(argument_name)s：%(message)s",
    "the following arguments are required: %s": "缺少必需的参数：%s",
    "unrecognized arguments: %s": "无法识别的参数：%s",
    "invalid choice: %(value)r (choose from %(choices)s)": "无效的选择“%(value)s”（可选：%(choices)s）",
    "invalid %(type)s value: %(value)r": "无效的值“%(value)s”",
    "expected one argument": "后面需要一个值",
    "expected at most one argument": "后面最多只能有一个值",
    "expected at least one argument": "后面至少需要一个值",
    "ambiguous option: %(option)s could match %(matches)s": "选项 %(option)s 不明确，可能是：%(matches)s",
    "not allowed with argument %s": "不能与 %s 同时使用",
    "ignored explicit argument %r": "不需要值，却给了“%s”",
    "one of the arguments %s is required": "%s 中必须给出一个",
    "unexpected option string: %s": "意外的选项：%s",
    "unknown parser %(parser_name)r (choices: %(choices)s)": "没有子命令“%(parser_name)s”（可选：%(choices)s）",
    "can't open '%(filename)s': %(error)s": "无法打开“%(filename)s”：%(error)s",
}
PLURAL_MESSAGES = {"expected %s argument": "后面需要 %s 个值"}


def install_chinese_messages() -> None:
    """Make argparse's own texts Chinese (see the module docstring); calling it again does nothing."""
    if getattr(argparse._, "chinese", False):
        return
    english, english_plural = argparse._, argparse.ngettext

    def chinese(text):
        return MESSAGES.get(text) or english(text)

    def chinese_plural(singular, plural, count):
        return PLURAL_MESSAGES.get(singular) or english_plural(singular, plural, count)

    chinese.chinese = True
    argparse._, argparse.ngettext = chinese, chinese_plural


def program_name() -> str:
    """The name the program was started by (BranchKeeperCLI.exe, main.py …), as the help shows it."""
    return os.path.basename(sys.argv[0]) if sys.argv and sys.argv[0] else APP_NAME


def display_width(text: str) -> int:
    """Columns `text` takes in a terminal: two for each Chinese character."""
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


# Punctuation that may not begin a line (Chinese typesetting): it goes down with the character before it;
_NO_LINE_START = "，。、；：！？）》」』”’"
_NO_LINE_END = tuple("（《「『“‘")  # and opening brackets go down with what they open


def wrap(text: str, width: int) -> list[str]:
    """Lines of at most `width` columns, broken between Chinese characters or at spaces
    (textwrap breaks only at spaces, so a Chinese sentence would run off the screen); a line never
    starts with closing punctuation."""
    lines, line = [], ""
    for token in re.findall(r"[!-~]+|\s+|.", " ".join(text.split())):
        if line.strip() and display_width(line + token.rstrip()) > width:
            carried = ""
            if token in _NO_LINE_START and len(line.rstrip()) > 1 and not line.endswith(" "):
                line, carried = line[:-1], line[-1]
            if line.endswith(_NO_LINE_END) and len(line) > 1:
                line, carried = line[:-1], line[-1] + carried
            lines.append(line.rstrip())
            line = "" if token.isspace() else carried + token
        else:
            line += token
    return [*lines, line.rstrip()]


class ChineseHelpFormatter(argparse.HelpFormatter):
    """argparse's help layout measured in display columns: Chinese help text wraps, the help column
    lines up after options whose placeholders are Chinese (argparse counts characters, and leaves
    out the indent of sub-commands), and headings end in "："."""

    def add_argument(self, action: argparse.Action) -> None:
        super().add_argument(action)
        if action.help is not argparse.SUPPRESS:
            widths = [display_width(self._format_action_invocation(action)) + self._current_indent]
            for sub in self._iter_indented_subactions(action):  # indented while iterating
                widths.append(display_width(self._format_action_invocation(sub)) + self._current_indent)
            self._action_max_length = max(self._action_max_length, *widths)

    def format_help(self) -> str:
        # Section headings end in a full-width colon, as Chinese text does (argparse writes "选项:").
        return re.sub(r"^(\S[^\n]*):$", r"\1：", super().format_help(), flags=re.MULTILINE)

    def _format_action(self, action: argparse.Action) -> str:
        text = super()._format_action(action)
        invocation = self._format_action_invocation(action)
        extra = display_width(invocation) - len(invocation)
        head, newline, rest = text.partition("\n")
        end = head.find(invocation) + len(invocation)
        gap = len(head) - len(head[end:].lstrip(" ")) - end
        if extra and action.help and gap - extra >= 2 and head[end:].strip():
            head = head[:end] + " " * (gap - extra) + head[end + gap:]
        return head + newline + rest

    def _split_lines(self, text: str, width: int) -> list[str]:
        return wrap(text, width)

    def _fill_text(self, text: str, width: int, indent: str) -> str:
        # Each line of a description wrapped on its own (a list of reports stays a list); a line's
        # own indent is kept on the lines it wraps into.
        lines = []
        for paragraph in text.splitlines() or [""]:
            margin = len(paragraph) - len(paragraph.lstrip(" "))
            first, rest = indent + " " * margin, indent + " " * (margin * 2)  # an indented item hangs
            wrapped = wrap(paragraph, width - len(rest))
            lines += [(rest if n else first) + line for n, line in enumerate(wrapped)]
        return "\n".join(lines)


class ChineseArgumentParser(argparse.ArgumentParser):
    """An ArgumentParser whose help and errors are Chinese: `用法：…`, 参数/选项 headings, and
    `错误：…` with exit code 2 for a wrong command line. Sub-parsers are made of this class too."""

    def __init__(self, *args, **kwargs) -> None:
        install_chinese_messages()  # before argparse names its groups and its -h
        kwargs.setdefault("prog", program_name())
        kwargs.setdefault("formatter_class", ChineseHelpFormatter)
        super().__init__(*args, **kwargs)
        self._given: list[str] = []  # the arguments this parser was asked to read

    def add_subparsers(self, **kwargs):  # argparse override
        kwargs.setdefault("parser_class", SubcommandParser)
        return super().add_subparsers(**kwargs)

    def parse_known_args(self, args=None, namespace=None):  # argparse override
        self._given = list(sys.argv[1:] if args is None else args)
        return super().parse_known_args(args, namespace)

    def unknown_options(self) -> list[str]:
        """Options among this parser's arguments that it does not have (the part after a
        sub-command's name belongs to the sub-command). argparse sets them aside and then reports
        whatever goes wrong next — `--dbb x` came out as 无效的选择“x”."""
        known = self._option_string_actions
        commands = {name for action in self._actions if isinstance(action, argparse._SubParsersAction)
                    for name in action.choices}
        unknown = []
        for arg in self._given:
            if arg == "--" or arg in commands:
                break
            if not arg.startswith("-") or arg == "-" or self._negative_number_matcher.match(arg):
                continue
            name = arg.split("=", 1)[0]
            abbreviates = self.allow_abbrev and name.startswith("--") and any(o.startswith(name) for o in known)
            if name not in known and not abbreviates:
                unknown.append(name)
        return unknown

    def _unknown_message(self, unknown: list[str]) -> str:
        options = sorted(o for o in self._option_string_actions if o.startswith("--"))
        guesses = [difflib.get_close_matches(name, options, n=1, cutoff=0.6) for name in unknown]
        hint = "、".join(g[0] for g in guesses if g)
        return (f"无法识别的参数：{'、'.join(unknown)}（没有这个选项"
                + (f"，是不是 {hint}？" if hint else "") + "）")

    def _check_value(self, action: argparse.Action, value: object) -> None:  # argparse override
        # argparse lists the choices as Python reprs ('init', 'check'); a Chinese list uses 、.
        if action.choices is not None and value not in action.choices:
            choices = "、".join(map(str, action.choices))
            raise argparse.ArgumentError(action, f"无效的选择“{value}”（可选：{choices}）")

    def error(self, message: str) -> NoReturn:  # argparse override; keeps its exit code 2
        unknown = self.unknown_options()
        if unknown:  # the cause of whatever else went wrong
            message = self._unknown_message(unknown)
        self.print_usage(sys.stderr)
        self.exit(2, f"错误：{message}\n（查看说明：{self.prog} -h）\n")


class SubcommandParser(ChineseArgumentParser):
    """A sub-command's parser: it reports arguments it does not know itself, so the message and
    its help hint name the sub-command (`main.py report -h`, not `main.py -h`)."""

    def parse_known_args(self, args=None, namespace=None):  # argparse override
        namespace, extras = super().parse_known_args(args, namespace)
        if extras:
            self.error(argparse._("unrecognized arguments: %s") % " ".join(extras))
        return namespace, extras
