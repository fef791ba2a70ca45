"""The kiosk's configuration: one TOML file, validated key by key.

Lookup order (first found wins): ``--config FILE``, the ``KIOSK_CONFIG``
environment variable, ``kiosk.toml`` in the platform config dir, and finally the
embedded demo station. Every problem is one :class:`ConfigError` line naming
the file, the key and what is wrong; nothing is written before the config is
valid. Only the standard library and platformdirs are imported here because
config is read before the home screen is painted.
"""

import os
import re
from pathlib import Path
from typing import Any, NamedTuple

APP_NAME = "station-kiosk"
CONFIG_FILENAME = "kiosk.toml"
DEMO_SOURCE = "<embedded demo config>"

# The demo PIN is 1234; `kiosk set-pin` replaces it. self-test warns while it is in use.
DEMO_PIN_HASH = (
    "scrypt$16384$8$1$a2lvc2stZGVtby1zYWx0IQ==$UwQ7MPwLFIqPHW+SjdFrcal9PvmtHhq60fyj+sqhsTo="
)


class ConfigError(Exception):
    """A config problem, as one line: ``FILE: [section] key: problem``."""


# The sections are NamedTuples, not frozen dataclasses: as immutable and as typed, and
# about 5x cheaper to define (dataclasses compile six methods per class), which counts
# because the config is read before home is painted. Change one with ``_replace``.
# For the same reason this module has no ``from __future__ import annotations``: with
# it, NamedTuple compiles each of its 27 field annotations from a string.


class StationConfig(NamedTuple):
    id: str = "demo-station-1"
    name: str = "示范驿站 Demo Station"
    language: str = "zh"
    latitude: float = 31.2304
    longitude: float = 121.4737
    hours: str = "24h"


class KioskConfig(NamedTuple):
    idle_timeout_s: int = 60
    countdown_s: int = 15
    member_number: str = "off"
    member_number_min_length: int = 6
    member_number_max_length: int = 20
    member_number_check: str = "none"
    fullscreen: bool = True


class PrinterConfig(NamedTuple):
    backend: str = "file"
    name: str = ""
    paper: str = "80mm"
    output_dir: str = ""


class HubConfig(NamedTuple):
    url: str = "http://127.0.0.1:8750"
    ca_bundle: str = ""
    sync_interval_s: int = 60
    # The address phones reach for the worker's booking page (<public_url>/b/<code>);
    # empty: hub.url. The page may be published alone through a reverse proxy.
    public_url: str = ""


class AttendantConfig(NamedTuple):
    pin_hash: str = ""


class Config(NamedTuple):
    """The whole validated configuration, plus where it came from."""

    station: StationConfig = StationConfig()
    kiosk: KioskConfig = KioskConfig()
    printer: PrinterConfig = PrinterConfig()
    hub: HubConfig = HubConfig()
    attendant: AttendantConfig = AttendantConfig()
    source: str = DEMO_SOURCE

    @property
    def is_demo(self) -> bool:
        return self.source == DEMO_SOURCE


# --- the schema: (type, check, description) per key ------------------------------

_ID_RE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$")


def _one_of(*choices: str):
    def check(value: Any) -> str | None:
        return None if value in choices else f"must be one of {', '.join(choices)}"

    return check


def _between(lo: float, hi: float):
    def check(value: Any) -> str | None:
        return None if lo <= value <= hi else f"must be between {lo} and {hi}"

    return check


def _non_empty(value: Any) -> str | None:
    return None if value.strip() else "must not be empty"


def _station_id(value: Any) -> str | None:
    if _ID_RE.match(value):
        return None
    return "must be 1-64 letters, digits, '-', '_' or '.', starting with a letter or digit"


def _url(value: Any) -> str | None:
    if value == "" or re.match(r"^https?://[^\s/]+(/\S*)?$", value):
        return None
    return "must be an http:// or https:// URL (or empty to disable sync)"


def _public_url(value: Any) -> str | None:
    if value == "" or re.match(r"^https?://[^\s/]+(/\S*)?$", value):
        return None
    return "must be an http:// or https:// URL (or empty to use hub.url)"


def _pin_hash(value: Any) -> str | None:
    if value == "" or value.startswith("scrypt$") and value.count("$") == 5:
        return None
    return "must be a hash made by `kiosk set-pin` (scrypt$…)"


def _anything(value: Any) -> str | None:
    return None


SCHEMA: dict[str, dict[str, tuple[type | tuple[type, ...], Any, str]]] = {
    "station": {
        "id": (str, _station_id, "the station's id as the hub knows it"),
        "name": (str, _non_empty, "the name shown on the home screen and slips"),
        "language": (str, _one_of("zh", "en"), "the language home starts in"),
        "latitude": ((int, float), _between(-90, 90), "the station's latitude"),
        "longitude": ((int, float), _between(-180, 180), "the station's longitude"),
        "hours": (str, _non_empty, "opening hours shown on home"),
    },
    "kiosk": {
        "idle_timeout_s": (int, _between(10, 3600), "seconds without a touch before the countdown"),
        "countdown_s": (int, _between(3, 120), "seconds of countdown before the wipe"),
        "member_number": (
            str,
            _one_of("off", "optional", "required"),
            "whether check-in asks for a union member number",
        ),
        "member_number_min_length": (int, _between(1, 32), "shortest member number accepted"),
        "member_number_max_length": (int, _between(1, 32), "longest member number accepted"),
        "member_number_check": (str, _one_of("none", "luhn"), "check-digit rule"),
        "fullscreen": (bool, _anything, "frameless full screen (false for development)"),
    },
    "printer": {
        "backend": (str, _one_of("file", "cups", "qt"), "how slips are printed"),
        "name": (str, _anything, "printer/queue name for cups and qt"),
        "paper": (str, _one_of("80mm", "58mm", "A6", "A4"), "slip paper"),
        "output_dir": (str, _anything, "folder for the file backend (empty: data dir/slips)"),
    },
    "hub": {
        "url": (str, _url, "the hub's base URL"),
        "ca_bundle": (str, _anything, "CA bundle file to verify the hub (empty: system store)"),
        "sync_interval_s": (int, _between(5, 86400), "seconds between sync attempts"),
        "public_url": (str, _public_url, "the address phones reach for booking pages"),
    },
    "attendant": {
        "pin_hash": (str, _pin_hash, "the attendant PIN's scrypt hash"),
    },
}

_SECTION_TYPES = {
    "station": StationConfig,
    "kiosk": KioskConfig,
    "printer": PrinterConfig,
    "hub": HubConfig,
    "attendant": AttendantConfig,
}


def _type_name(expected: type | tuple[type, ...]) -> str:
    names = {int: "an integer", float: "a number", str: "a string", bool: "true or false"}
    if isinstance(expected, tuple):
        return "a number"
    return names.get(expected, expected.__name__)


def _check_type(value: Any, expected: type | tuple[type, ...]) -> bool:
    # TOML booleans are ints in Python; never let `true` pass as a number or vice versa.
    if isinstance(value, bool):
        return expected is bool
    return isinstance(value, expected)


def parse_config(data: dict[str, Any], source: str) -> Config:
    """Validate a parsed TOML mapping; raise ConfigError naming source, key and problem."""
    sections: dict[str, Any] = {}
    for section, values in data.items():
        if section not in SCHEMA:
            raise ConfigError(f"{source}: [{section}]: unknown section")
        if not isinstance(values, dict):
            raise ConfigError(f"{source}: {section}: must be a [section] table")
        keys = SCHEMA[section]
        checked: dict[str, Any] = {}
        for key, value in values.items():
            if key not in keys:
                raise ConfigError(f"{source}: [{section}] {key}: unknown key")
            expected, check, _ = keys[key]
            if not _check_type(value, expected):
                raise ConfigError(
                    f"{source}: [{section}] {key}: must be {_type_name(expected)}, "
                    f"got {type(value).__name__}"
                )
            problem = check(value)
            if problem:
                raise ConfigError(f"{source}: [{section}] {key}: {problem} (got {value!r})")
            checked[key] = float(value) if expected == (int, float) else value
        sections[section] = _SECTION_TYPES[section](**checked)
    config = Config(**sections, source=source)
    k = config.kiosk
    if k.member_number_min_length > k.member_number_max_length:
        raise ConfigError(
            f"{source}: [kiosk] member_number_min_length: must not exceed "
            f"member_number_max_length ({k.member_number_max_length})"
        )
    if config.printer.backend in ("cups", "qt") and not config.printer.name:
        raise ConfigError(
            f"{source}: [printer] name: must name the printer when backend is "
            f"{config.printer.backend!r}"
        )
    return config


def load_config_file(path: Path) -> Config:
    """Read and validate one TOML file."""
    import tomllib  # here, not at the top: the demo station starts without a file to parse

    source = str(path)
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        raise ConfigError(f"{source}: cannot read config: file not found") from None
    except OSError as exc:
        raise ConfigError(f"{source}: cannot read config: {exc.strerror or exc}") from None
    try:
        data = tomllib.loads(raw.decode("utf-8"))
    except UnicodeDecodeError:
        raise ConfigError(f"{source}: cannot read config: not UTF-8 text") from None
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{source}: not valid TOML: {exc}") from None
    return parse_config(data, source)


def config_dir() -> Path:
    """The platform config dir (e.g. ~/.config/station-kiosk)."""
    from platformdirs import user_config_dir

    return Path(user_config_dir(APP_NAME, appauthor=False))


def find_config_path(explicit: str | os.PathLike[str] | None = None) -> Path | None:
    """Return the config file to use, or None for the embedded demo."""
    if explicit:
        return Path(explicit)
    env = os.environ.get("KIOSK_CONFIG")
    if env:
        return Path(env)
    candidate = config_dir() / CONFIG_FILENAME
    return candidate if candidate.exists() else None


def load_config(explicit: str | os.PathLike[str] | None = None) -> Config:
    """Load the config by the documented lookup order; the demo when there is none."""
    path = find_config_path(explicit)
    if path is None:
        return demo_config()
    return load_config_file(path)


def demo_config() -> Config:
    """The embedded demo station: file printer, hub on localhost, PIN 1234."""
    return Config(attendant=AttendantConfig(pin_hash=DEMO_PIN_HASH))


def data_dir() -> Path:
    """Where the database, slips and (by default) logs go; KIOSK_DATA_DIR overrides."""
    env = os.environ.get("KIOSK_DATA_DIR")
    if env:
        return Path(env)
    from platformdirs import user_data_dir

    return Path(user_data_dir(APP_NAME, appauthor=False))


def log_dir() -> Path:
    """Where log files go: ``logs/`` under KIOSK_DATA_DIR if set, else the platform log dir."""
    if os.environ.get("KIOSK_DATA_DIR"):
        return data_dir() / "logs"
    from platformdirs import user_log_dir

    return Path(user_log_dir(APP_NAME, appauthor=False))


def database_path(folder: Path | None = None) -> Path:
    """The kiosk's database file in ``folder`` (default :func:`data_dir`)."""
    return (folder or data_dir()) / "kiosk.db"


def slips_dir(config: Config) -> Path:
    """The file backend's output folder."""
    return Path(config.printer.output_dir) if config.printer.output_dir else data_dir() / "slips"


def describe_keys() -> list[tuple[str, str, str, str]]:
    """(section.key, default, type/range, description) for the README's reference table."""
    defaults = Config()
    rows = []
    for section, keys in SCHEMA.items():
        for key, (expected, _check, desc) in keys.items():
            default = getattr(getattr(defaults, section), key)
            rows.append((f"{section}.{key}", repr(default), _type_name(expected), desc))
    return rows
