"""Rate limits counted in the hub's database, and who a request's client is.

Limits are fixed windows: ``hit(engine, "followup:user:7", limit=10, window_s=60)``
counts one hit in the current 60-second window and says whether it is within the
limit. The counter is a row in ``rate_limits`` bumped by one upsert, so every hub
process (``serve --workers N``, or several hosts on one PostgreSQL) shares it.

A client's address is the TCP peer's, unless that peer is a proxy given to
``kiosk-hub serve --trusted-proxy``: then it is the right-most address in
``X-Forwarded-For`` that is not itself a trusted proxy. A client that is not behind a
trusted proxy cannot choose its address by sending the header. Anonymous limits count
``limit_key(address)``: an IPv6 client is its /64, since it can choose any address in it.
"""

from __future__ import annotations

import ipaddress
import random
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.engine import Connection, Engine
from starlette.requests import Request

from kiosk.hub.db import write_tx
from kiosk.hub.schema import rate_limits, utcnow

IPNetwork = ipaddress.IPv4Network | ipaddress.IPv6Network
# Old windows are deleted now and then by whoever counts a hit, not on every hit.
_PRUNE_EVERY = 200
_KEEP_WINDOWS_S = 24 * 3600


@dataclass(frozen=True)
class Decision:
    """The outcome of one counted hit: allowed or not, and seconds until the window ends."""

    allowed: bool
    hits: int
    retry_after_s: int


def _upsert(conn: Connection) -> sa.Insert:
    values = {"bucket": sa.bindparam("b"), "window_start": sa.bindparam("w"), "hits": 1}
    if conn.dialect.name == "postgresql":
        from sqlalchemy.dialects.postgresql import insert
    else:
        from sqlalchemy.dialects.sqlite import insert  # type: ignore[assignment]
    statement = insert(rate_limits).values(values)
    return statement.on_conflict_do_update(
        index_elements=["bucket", "window_start"],
        set_={"hits": rate_limits.c.hits + 1},
    ).returning(rate_limits.c.hits)


def hit(
    engine: Engine, bucket: str, limit: int, window_s: int, now: datetime | None = None
) -> Decision:
    """Count one hit in ``bucket``'s current window; allowed while hits <= ``limit``.

    A refused hit is counted too, so hammering does not reopen the window early.
    """
    moment = int((now or utcnow()).timestamp())
    window_start = moment - moment % window_s
    with write_tx(engine) as conn:
        hits = int(conn.execute(_upsert(conn), {"b": bucket, "w": window_start}).scalar_one())
        if random.randrange(_PRUNE_EVERY) == 0:
            conn.execute(
                rate_limits.delete().where(rate_limits.c.window_start < moment - _KEEP_WINDOWS_S)
            )
    return Decision(hits <= limit, hits, window_start + window_s - moment)


def parse_trusted_proxies(specs: Iterable[str]) -> tuple[IPNetwork, ...]:
    """Addresses or networks (``10.0.0.1``, ``10.0.0.0/8``); ValueError naming a bad one."""
    networks = []
    for spec in specs:
        for part in spec.split(","):
            part = part.strip()
            if not part:
                continue
            try:
                networks.append(ipaddress.ip_network(part, strict=False))
            except ValueError:
                raise ValueError(f"{part!r} is not an IP address or network") from None
    return tuple(networks)


def _is_trusted(address: str, trusted: tuple[IPNetwork, ...]) -> bool:
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return False
    return any(ip in network for network in trusted)


def client_address(request: Request) -> str:
    """The client's address under the trusted-proxy rule (see the module docstring)."""
    peer = request.client.host if request.client else ""
    trusted: tuple[IPNetwork, ...] = getattr(request.app.state, "trusted_proxies", ())
    if not trusted or not _is_trusted(peer, trusted):
        return peer
    forwarded = ",".join(request.headers.getlist("x-forwarded-for"))
    hops = [hop.strip() for hop in forwarded.split(",") if hop.strip()]
    for hop in reversed(hops):
        if not _is_trusted(hop, trusted):
            try:
                return str(ipaddress.ip_address(hop))
            except ValueError:
                return peer  # garbage from the proxy's client: fall back to the proxy
    return hops[0] if hops else peer


def limit_key(address: str) -> str:
    """What an anonymous rate limit counts for a client address: an IPv4 address itself,
    an IPv6 address's /64 network (one client holds a whole /64 and may pick a new
    address per request; an IPv4-mapped address counts as its IPv4 address)."""
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return address
    if isinstance(ip, ipaddress.IPv6Address):
        if ip.ipv4_mapped is not None:
            return str(ip.ipv4_mapped)
        return str(ipaddress.IPv6Network((ip, 64), strict=False))
    return str(ip)


def forwarded_https(request: Request) -> bool:
    """Whether the client reached us over TLS (directly, or at a trusted proxy)."""
    if request.url.scheme == "https":
        return True
    peer = request.client.host if request.client else ""
    trusted: tuple[IPNetwork, ...] = getattr(request.app.state, "trusted_proxies", ())
    if trusted and _is_trusted(peer, trusted):
        return request.headers.get("x-forwarded-proto", "").lower() == "https"
    return False
