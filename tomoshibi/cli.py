"""The `tomoshibi` command.

Most subcommands are Django management commands (`tomoshibi serve`,
`tomoshibi worker`, `tomoshibi setup`, `tomoshibi directory ...`). Commands
built on a pure library run without loading Django at all, so they start fast
and work on any machine that has the package.
"""

import importlib
import os
import sys

# Subcommand -> "module:function" taking argv (without the subcommand).
PURE_COMMANDS: dict[str, str] = {
    "estimate": "tomoshibi.estimation.cli:main",
    "linkage": "tomoshibi.linkage.cli:main",
}


def run_django(argv: list[str]) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    from django.core.exceptions import ImproperlyConfigured
    from django.core.management import execute_from_command_line

    try:
        execute_from_command_line(argv)
    except ImproperlyConfigured as error:
        # A setting only the operator can give (a missing SECRET_KEY, say): what to do, not a traceback.
        sys.exit(f"error: {error}")


def main(argv: list[str] | None = None) -> None:
    argv = list(sys.argv if argv is None else argv)
    command = argv[1] if len(argv) > 1 else "help"
    if command in PURE_COMMANDS:
        module_name, function_name = PURE_COMMANDS[command].split(":")
        function = getattr(importlib.import_module(module_name), function_name)
        sys.exit(function(argv[2:]))
    run_django(["tomoshibi", *argv[1:]])


if __name__ == "__main__":
    main()
