"""Nearby stations are ordered by real (great-circle) distance."""

from __future__ import annotations

import math
from urllib.parse import parse_qs, urlparse

import pytest

from kiosk.content.catalogue import LocalText, Station, load_stations
from kiosk.content.geo import format_distance, haversine_km, map_url, nearby_stations

KM_PER_DEGREE = 2 * math.pi * 6371.0088 / 360  # along a meridian / the equator


def _station(ident: str, lat: float, lon: float) -> Station:
    text = LocalText(zh=f"驿站{ident}", en=f"Station {ident}")
    return Station(ident, 1, text, text, lat, lon, text, ("rest",))


def test_haversine_matches_hand_computed_distances() -> None:
    assert haversine_km(0, 0, 0.015, 0) == pytest.approx(0.015 * KM_PER_DEGREE, rel=1e-9)
    assert haversine_km(0, 0, 0, 0.02) == pytest.approx(0.02 * KM_PER_DEGREE, rel=1e-9)
    # Along a parallel at 60°N a degree of longitude is half as long as at the equator.
    assert haversine_km(60, 10, 60, 10.02) == pytest.approx(0.01 * KM_PER_DEGREE, rel=1e-3)
    # Beijing – Shanghai, about 1,067 km.
    assert haversine_km(39.9042, 116.4074, 31.2304, 121.4737) == pytest.approx(1067, abs=3)


def test_nearest_first_by_real_distance_not_by_degrees() -> None:
    here = (60.0, 10.0)
    stations = [
        _station("north", 60.015, 10.0),  # 0.015° of latitude: 1.668 km
        _station("east", 60.0, 10.02),  # 0.02° of longitude at 60°N: 1.112 km
        _station("far", 60.05, 10.0),  # 5.56 km
        _station("self", 60.0, 10.0),
    ]
    found = nearby_stations(stations, *here, exclude_id="self", limit=5)
    assert [station.id for station, _ in found] == ["east", "north", "far"]
    assert [round(km, 3) for _, km in found] == [1.112, 1.668, 5.560]


def test_shipped_stations_sorted_from_demo_station() -> None:
    stations = load_stations()
    found = nearby_stations(stations, 31.2304, 121.4737, exclude_id="demo-station-1", limit=3)
    assert len(found) == 3
    assert all(station.id != "demo-station-1" for station, _ in found)
    distances = [km for _, km in found]
    assert distances == sorted(distances)
    # demo-station-4 is 0.0109° south and 0.0013° east: sqrt(1.2120² + 0.1236²) = 1.218 km.
    assert found[0][0].id == "demo-station-4"
    assert found[0][1] == pytest.approx(1.218, abs=0.002)


def test_limit_is_respected() -> None:
    stations = load_stations()
    assert len(nearby_stations(stations, 31.2, 121.4, limit=2)) == 2
    assert nearby_stations(stations, 31.2, 121.4, limit=0) == []


def test_map_url_is_an_encoded_amap_marker() -> None:
    station = _station("x", 31.2304, 121.4737)
    url = map_url(station, "zh")
    parsed = urlparse(url)
    assert (parsed.scheme, parsed.netloc, parsed.path) == ("https", "uri.amap.com", "/marker")
    query = parse_qs(parsed.query)
    assert query["position"] == ["121.473700,31.230400"]
    assert query["name"] == ["驿站x"]
    assert query["coordinate"] == ["wgs84"]
    assert " " not in url and "驿" not in url


def test_format_distance() -> None:
    assert format_distance(0.347, "zh") == "350 米"
    assert format_distance(1.218, "en") == "1.2 km"
