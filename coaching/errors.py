"""The one shape of a refusal: message keys for the person's language, with the values each needs.

Every domain module raises a subclass of InputError; the page shows each problem with
t(key, **values)
(coaching.ui.widgets.show_problems), so a form can name every problem at once.
"""


class InputError(Exception):
    """One or more problems, each (message key, values for its placeholders)."""

    def __init__(
        self, key: str | None = None, /, *, problems: list | None = None, **values: object
    ) -> None:
        self.problems: list[tuple[str, dict]] = [*(problems or ())]
        if key is not None:
            self.problems.insert(0, (key, values))
        super().__init__("; ".join(k for k, _ in self.problems))

    @property
    def key(self) -> str:
        return self.problems[0][0]

    @property
    def values(self) -> dict:
        return self.problems[0][1]
