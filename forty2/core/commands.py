"""Base class for Forty2's management commands: one-line errors with exit code 2, progress on a terminal."""

import argparse
import sys

from django.core.management.base import BaseCommand, CommandError, CommandParser


class OneLineParser(CommandParser):
    """Bad arguments: one clear line on stderr and exit code 2 (no usage dump)."""

    def error(self, message):
        if self.called_from_command_line:
            self.exit(2, f"{self.prog}: error: {message} (see --help)\n")
        raise CommandError(f"Error: {message}", returncode=2)


def _one_line(parser) -> None:
    """Give the parser and every sub-parser (``token create``, ``audit verify``) the one-line error().

    Sub-parsers are built in ``add_arguments``, before the class of the top parser can be swapped, so they
    are swapped here too; else ``forty2 token create`` without ``--org`` prints a usage dump and
    ``call_command`` raises with exit code 1 instead of 2.
    """
    parser.__class__ = OneLineParser  # same state; only error() differs
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for sub in action.choices.values():
                _one_line(sub)


class Forty2Command(BaseCommand):
    requires_system_checks = []

    def create_parser(self, prog_name, subcommand, **kwargs):
        parser = super().create_parser(prog_name, subcommand, **kwargs)
        _one_line(parser)
        return parser

    def fail(self, message: str, code: int = 2):
        """Stop with one line on stderr: 2 for bad input, 1 for a failed check."""
        raise CommandError(message, returncode=code)

    def progress(self, done: int, total: int, label: str = ""):
        """A progress line on an interactive terminal; nothing when piped or redirected."""
        stream = sys.stderr
        if not stream.isatty() or total <= 0:
            return
        width = 30
        filled = int(width * done / total)
        stream.write(f"\r{label} [{'#' * filled}{'.' * (width - filled)}] {done}/{total}")
        if done >= total:
            stream.write("\n")
        stream.flush()
