"""A rate field that, once the cursor leaves it, shows the rate as it will be stored: '215.5'
becomes '215.5000' (casefile.values.money.fmt_rate), the digits the ledger, the case view and
`casefile ledger` show after a reload (issue #12). Text the core would refuse stays as typed,
for its error to name."""

from __future__ import annotations

from pydantic import TypeAdapter, ValidationError

from casefile.values.money import Rate, fmt_rate
from screens.widgets.still import StillInput

_RATE = TypeAdapter(Rate)


class RateInput(StillInput):
    def on_blur(self) -> None:
        try:
            rate = _RATE.validate_python(self.value.strip())
        except ValidationError:
            return
        if self.value != fmt_rate(rate):
            self.value = fmt_rate(rate)
