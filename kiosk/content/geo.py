"""Distances between stations and map links for them."""

from __future__ import annotations

import math
from collections.abc import Iterable
from urllib.parse import quote, urlencode

from kiosk.content.catalogue import Station

EARTH_RADIUS_KM = 6371.0088  # mean Earth radius (IUGG)


def haversine_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance in kilometres between two WGS-84 points (degrees)."""
    phi1, phi2 = math.radians(lat1), math.radians(lat2)
    dphi = phi2 - phi1
    dlambda = math.radians(lon2 - lon1)
    a = math.sin(dphi / 2) ** 2 + math.cos(phi1) * math.cos(phi2) * math.sin(dlambda / 2) ** 2
    return 2 * EARTH_RADIUS_KM * math.asin(min(1.0, math.sqrt(a)))


def nearby_stations(
    stations: Iterable[Station],
    lat: float,
    lon: float,
    exclude_id: str | None = None,
    limit: int = 5,
) -> list[tuple[Station, float]]:
    """Return up to ``limit`` stations nearest to (lat, lon) first, each with its distance in km.

    ``exclude_id`` leaves out this station itself. Ties keep the input order.
    """
    if limit <= 0:
        return []
    found = [
        (station, haversine_km(lat, lon, station.latitude, station.longitude))
        for station in stations
        if station.id != exclude_id
    ]
    found.sort(key=lambda pair: pair[1])
    return found[:limit]


def map_url(station: Station, lang: str = "zh") -> str:
    """Return an Amap (高德地图) marker link for the station, readable by any phone browser.

    Station coordinates in content are WGS-84 (what a GPS reports); ``coordinate=wgs84``
    tells Amap so, since it otherwise assumes its own GCJ-02 offsets. Amap expects
    "longitude,latitude"; the label is the station name in ``lang``.
    """
    query = urlencode(
        {
            "position": f"{station.longitude:.6f},{station.latitude:.6f}",
            "name": station.name.get(lang),
            "coordinate": "wgs84",
        },
        quote_via=quote,
        safe=",",
    )
    return f"https://uri.amap.com/marker?{query}"


def format_distance(km: float, lang: str) -> str:
    """Format a distance for people: metres under 1 km, else one decimal in km."""
    if km < 1.0:
        metres = max(10, int(round(km * 1000 / 10.0)) * 10)
        return f"{metres} 米" if lang == "zh" else f"{metres} m"
    return f"{km:.1f} 公里" if lang == "zh" else f"{km:.1f} km"
