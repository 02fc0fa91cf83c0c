"""Sub-commands of `casefile`; each module registers its own."""

from tui.commands import across, cases, evidence, export, ledger, log, reports, settings

COMMAND_MODULES = [cases, log, reports, ledger, export, evidence, across, settings]
