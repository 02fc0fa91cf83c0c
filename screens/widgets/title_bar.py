"""A one-line title bar: no clock, so an idle app writes nothing to the terminal."""

from __future__ import annotations

from screens.widgets.plain import PlainStatic


class TitleBar(PlainStatic):
    """The title holds a PO and a supplier: data, shown as written."""

    DEFAULT_CSS = """
    TitleBar {
        dock: top;
        height: 1;
        width: 100%;
        background: $primary;
        color: $text;
        text-style: bold;
        padding: 0 1;
    }
    """

    def __init__(self, title: str, **kwargs) -> None:
        super().__init__(title, **kwargs)
