"""Sub-commands of `casefile`; each module registers its own."""

from tui.commands import cases, log

COMMAND_MODULES = [cases, log]
