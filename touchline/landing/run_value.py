"""A value fixed once per loader run and read by the per-record parsers.

The loader fixes some settings when a run starts (the date window, the record size limit) so
that a run judges every file alike; the parsers read them through a context variable instead
of taking each as one more argument down every hot path. Outside a run (a parser called on
its own, in a test) the value comes from the settings as of now.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Generic, TypeVar

T = TypeVar("T")


class RunValue(Generic[T]):
    def __init__(self, name: str, from_settings: Callable[[], T]) -> None:
        self._var: ContextVar[T | None] = ContextVar(name, default=None)
        self._from_settings = from_settings

    def current(self) -> T:
        """The running load's value; outside one, the settings' value now."""
        value = self._var.get()
        return value if value is not None else self._from_settings()

    @contextmanager
    def using(self, value: T) -> Iterator[T]:
        token = self._var.set(value)
        try:
            yield value
        finally:
            self._var.reset(token)
