"""Sub-commands of `casefile`; each module registers its own."""

from tui.commands import cases, log, reports

COMMAND_MODULES = [cases, log, reports]
