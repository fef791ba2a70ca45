"""Retry timing: full-jitter exponential backoff, Retry-After, and a reconnect spread."""

from __future__ import annotations

import random

CAP_S = 300.0
BASE_S = 2.0
RECONNECT_SPREAD_S = 30.0


class Backoff:
    """Full jitter (AWS architecture blog): sleep uniform(0, min(cap, base·2^attempt)).

    A ``Retry-After`` from the hub is a floor: we never come back sooner than asked.
    """

    def __init__(
        self, *, base: float = BASE_S, cap: float = CAP_S, rng: random.Random | None = None
    ):
        self.base, self.cap = base, cap
        self.attempt = 0
        self._rng = rng or random.Random()

    def next_delay(self, retry_after: float | None = None) -> float:
        ceiling = min(self.cap, self.base * (2**self.attempt))
        self.attempt += 1
        delay = self._rng.uniform(0, ceiling)
        if retry_after is not None:
            delay = max(delay, min(retry_after, self.cap))
        return delay

    def reset(self) -> None:
        self.attempt = 0

    def reconnect_delay(self) -> float:
        """A random 0–30 s wait after connectivity returns, so a fleet does not return in step."""
        return self._rng.uniform(0, RECONNECT_SPREAD_S)
