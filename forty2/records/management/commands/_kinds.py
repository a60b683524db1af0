"""The shared body of ``forty2 import`` and ``forty2 export`` (not a command itself): one sub-command per kind
the apps registered (:mod:`forty2.records.cli`), each handled by its kind with the options its sub-parser
declared."""

from forty2.core.commands import Forty2Command, OneLineParser
from forty2.records import cli


class KindsCommand(Forty2Command):
    """``forty2 <command> KIND …``: ``command`` is ``"import"`` or ``"export"``."""

    command: cli.Command

    def add_arguments(self, parser):
        registered = cli.kinds(self.command)
        sub = parser.add_subparsers(dest="kind", required=True, metavar="|".join(k.name for k in registered),
                                    parser_class=OneLineParser)
        self.declared = {}
        for kind in registered:
            kind.add_parser(sub)
            # the option names the kind's sub-parser declares: Django's own (``verbosity``, …) are not passed on
            self.declared[kind.name] = {a.dest for a in sub.choices[kind.name]._actions if a.dest != "help"}

    def handle(self, *args, kind, **options):
        handler = cli.kind(self.command, kind)
        if handler is None:  # only reachable through call_command with a kind nobody registered
            self.fail(f"no {self.command} kind '{kind}'; use one of: "
                      f"{', '.join(k.name for k in cli.kinds(self.command))}")
        declared = self.declared[kind]
        return handler.handle(self, **{k: v for k, v in options.items() if k in declared})
