"""The supplier field: it offers the workspace's suppliers as you type, so one supplier
is not typed three ways (issue #13), each under the name it goes by after the recorded
merges (casefile/actions/supplier_merge.py). The rules are casefile.rules.supplier_names."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from textual.message import Message
from textual.suggester import Suggester

from casefile.actions.supplier_merge import supplier_merges
from casefile.rules.supplier_names import known_suppliers, normalise, suggest
from casefile.store.protocol import CaseListing
from screens.services import services
from screens.widgets.still import StillInput
from screens.workers import Loaded, LoadFailed, start_load


class KnownSuppliers(Suggester):
    """The best known supplier that goes on from what is typed (right arrow takes it)."""

    def __init__(self) -> None:
        # No cache: the names arrive after the first keys may have been typed.
        super().__init__(use_cache=False, case_sensitive=True)
        self.names: list[str] = []
        self.merges: Mapping[str, str] = {}

    async def get_suggestion(self, value: str) -> str | None:
        # The Input shows the suggestion's text past what is typed, so only a name that
        # starts with it can be shown ("brightway" finding "Shenzhen Brightway" cannot).
        typed = value.casefold()
        return next((n for n in suggest(value, self.names, merges=self.merges) if n.casefold().startswith(typed)),
                    None)


def _known(listing: CaseListing, merges: Mapping[str, str]) -> tuple[list[str], dict[str, str], Mapping[str, str]]:
    """The suppliers' names, each once under its merged name, and each key -> that name
    (keyed once here, in the worker: the hint is asked for on every key)."""
    names, by_key = known_suppliers((s.supplier for s in listing.summaries if s.supplier), merges)
    return names, by_key, merges


class SupplierInput(StillInput):
    """Loads the case list's supplier names when mounted (a thread worker) and offers them."""

    @dataclass
    class Known(Message):
        """The supplier names are loaded: a hint about what is typed can be given now."""

    def __init__(self, root, **kwargs) -> None:
        known = KnownSuppliers()
        super().__init__(suggester=known, **kwargs)
        self.known = known
        self.root = root  # the workspace's, for its recorded merges
        self.by_key: dict[str, str] = {}  # supplier key -> the name it goes by

    def on_mount(self) -> None:
        app = services(self)  # looked up here, on the UI thread
        start_load(self, lambda: _known(app.list_cases(), supplier_merges(self.root)))

    def on_loaded(self, message: Loaded[tuple[list[str], dict[str, str], Mapping[str, str]]]) -> None:
        message.stop()  # the form's own Loaded is its case
        self.known.names, self.by_key, self.known.merges = message.data
        self.post_message(self.Known())

    def on_load_failed(self, message: LoadFailed) -> None:
        # No suggestions then; the case list says why the list could not be read.
        message.stop()

    def same_as(self, typed: str) -> str | None:
        """The known supplier `typed` names under another spelling, if any."""
        # as casefile.rules.supplier_names.same_supplier, with the known names keyed once
        key = normalise(typed)
        if not key or typed.strip() in self.known.names:
            return None
        return self.by_key.get(key)
