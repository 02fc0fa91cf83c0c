"""The ways out of a failed inspection: the one list of options (DOMAIN.md's table).

Everything that lists options iterates this catalogue: the fit and its order, the
comparison's money and time, the decision's terms, the gate's balance due, the case
list's words, the letters, the dossier, the command line and the screens. Adding an
option is an entry module beside this one and a line here.
"""

from __future__ import annotations

from casefile.rules.options.cancel import CANCEL
from casefile.rules.options.discount import DISCOUNT
from casefile.rules.options.option import Option
from casefile.rules.options.replace import REPLACE
from casefile.rules.options.rework import REWORK
from casefile.rules.options.sort import SORT
from casefile.values.errors import CasefileError

# key -> entry, in DOMAIN.md's order: the order the comparison's columns keep
CATALOGUE: dict[str, Option] = {o.key: o for o in (REWORK, SORT, DISCOUNT, REPLACE, CANCEL)}


class UnknownOption(CasefileError):
    """A decision names an option this version does not know: a case file written by a
    newer version, or changed by hand. Like a case file that cannot be read, exit 1."""

    exit_code = 1

    def __init__(self, key: str) -> None:
        self.reason = f"a decision names the option {key!r}, which this version of Casefile does not know"
        super().__init__(f"{self.reason} (it knows {keys_in_words()}); the case file may come from a newer version")


def option(key: str) -> Option:
    """The entry of `key`; UnknownOption for a key no entry has."""
    try:
        return CATALOGUE[key]
    except KeyError:
        raise UnknownOption(key) from None


def inspected_by(scope: str) -> Option | None:
    """The option whose lot a report of `scope` inspects (a sorted lot: sort), if any."""
    return next((o for o in CATALOGUE.values() if o.lot is not None and o.lot.scope == scope), None)


def keys_in_words(entries=None) -> str:
    """'rework, sort, discount, replace or cancel'."""
    keys = [o.key for o in (CATALOGUE.values() if entries is None else entries)]
    return keys[0] if len(keys) == 1 else f"{', '.join(keys[:-1])} or {keys[-1]}"
