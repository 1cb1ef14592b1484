"""What needs attention today: the shape every feature reports in (see coaching/today.py)."""

from collections.abc import Callable
from dataclasses import dataclass

from sqlalchemy import Engine

from coaching.store.accounts import User


@dataclass(frozen=True)
class Attention:
    text_key: str  # UI string with {count}
    count: int
    page: str  # script path in pages/, for a link
    urgent: bool = False


Provider = Callable[[Engine, User], list[Attention]]
