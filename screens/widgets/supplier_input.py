"""The supplier field: it offers the workspace's suppliers as you type, so one supplier
is not typed three ways (issue #13). The rules are casefile.rules.supplier_names."""

from __future__ import annotations

from dataclasses import dataclass

from textual.message import Message
from textual.suggester import Suggester

from casefile.rules.supplier_names import normalise, suggest
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

    async def get_suggestion(self, value: str) -> str | None:
        # The Input shows the suggestion's text past what is typed, so only a name that
        # starts with it can be shown ("brightway" finding "Shenzhen Brightway" cannot).
        typed = value.casefold()
        return next((n for n in suggest(value, self.names) if n.casefold().startswith(typed)), None)


def _known(listing: CaseListing) -> tuple[list[str], dict[str, str]]:
    """The suppliers' names, each once, and each supplier key -> the first name it goes by
    (keyed once here, in the worker: the hint is asked for on every key)."""
    names = list(dict.fromkeys(s.supplier for s in listing.summaries if s.supplier))
    by_key: dict[str, str] = {}
    for name in names:
        by_key.setdefault(normalise(name), name)
    return names, by_key


class SupplierInput(StillInput):
    """Loads the case list's supplier names when mounted (a thread worker) and offers them."""

    @dataclass
    class Known(Message):
        """The supplier names are loaded: a hint about what is typed can be given now."""

    def __init__(self, **kwargs) -> None:
        known = KnownSuppliers()
        super().__init__(suggester=known, **kwargs)
        self.known = known
        self.by_key: dict[str, str] = {}  # supplier key -> the first name it is known by

    def on_mount(self) -> None:
        app = services(self)  # looked up here, on the UI thread
        start_load(self, lambda: _known(app.list_cases()))

    def on_loaded(self, message: Loaded[tuple[list[str], dict[str, str]]]) -> None:
        message.stop()  # the form's own Loaded is its case
        self.known.names, self.by_key = message.data
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
