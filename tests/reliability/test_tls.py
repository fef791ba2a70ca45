"""TLS: the terminal verifies the hub's certificate and never silently accepts a bad one."""

from __future__ import annotations

import datetime as dt
import ipaddress
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from relkit import STATION, Terminal, enroll, launch_hub, stop, terminal_config

from kiosk.sync import outbox
from kiosk.sync.credentials import save_credentials
from kiosk.sync.http import SyncError
from kiosk.sync.syncer import Syncer

trustme = pytest.importorskip("trustme")
ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def pki(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """A throwaway CA with a certificate for 127.0.0.1, another CA, and a self-signed one."""
    folder = tmp_path_factory.mktemp("pki")
    ca, other = trustme.CA(), trustme.CA()
    leaf = ca.issue_cert("127.0.0.1", "localhost")
    files = {
        "ca": folder / "ca.pem",
        "other_ca": folder / "other-ca.pem",
        "cert": folder / "hub.pem",
        "key": folder / "hub.key",
    }
    ca.cert_pem.write_to_path(str(files["ca"]))
    other.cert_pem.write_to_path(str(files["other_ca"]))
    leaf.cert_chain_pems[0].write_to_path(str(files["cert"]))
    leaf.private_key_pem.write_to_path(str(files["key"]))
    files["self_cert"], files["self_key"] = _self_signed(folder)
    return files


def _self_signed(folder: Path) -> tuple[Path, Path]:
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID

    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "127.0.0.1")])
    now = dt.datetime.now(dt.UTC)
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(days=1))
        .not_valid_after(now + dt.timedelta(days=30))
        .add_extension(
            x509.SubjectAlternativeName([x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]),
            critical=False,
        )
        .sign(key, hashes.SHA256())
    )
    cert_path, key_path = folder / "self.pem", folder / "self.key"
    cert_path.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    key_path.write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )
    return cert_path, key_path


@pytest.fixture(scope="module")
def https_hub(pki: dict[str, Path], tmp_path_factory: pytest.TempPathFactory) -> Iterator:
    hub = launch_hub(
        tmp_path_factory.mktemp("tlshub"),
        None,
        "--ssl-certfile",
        str(pki["cert"]),
        "--ssl-keyfile",
        str(pki["key"]),
        ca_file=pki["ca"],
        access_log=False,
    )
    yield hub
    stop(hub)


def _refused(terminal: Terminal, ca_bundle: str) -> SyncError:
    with pytest.raises(SyncError) as caught:
        Syncer(terminal.db, terminal_config(ca_bundle), terminal.creds).sync_once()
    return caught.value


def test_a_certificate_from_the_configured_ca_is_accepted(https_hub, pki, tmp_path) -> None:  # type: ignore[no-untyped-def]
    """Invariant: with hub.ca_bundle naming the throwaway CA, the terminal syncs over HTTPS
    and the hub's database holds exactly the terminal's events."""
    terminal = Terminal.create(tmp_path, enroll(https_hub))
    for _ in range(7):
        terminal.db.record("staff_call", {"reason": "help", "station_id": STATION})
    Syncer(terminal.db, terminal_config(str(pki["ca"])), terminal.creds).sync_once()
    assert https_hub.count("events", terminal_id=terminal.creds.terminal_id) == 7
    assert outbox.stats(terminal.db).pending == 0
    terminal.db.dispose()


def test_kiosk_sync_once_uses_the_config_files_ca_bundle(https_hub, pki, tmp_path) -> None:  # type: ignore[no-untyped-def]
    """Invariant: ``kiosk sync --once`` with ``[hub] ca_bundle`` in its config file pushes
    every event (counted in the hub), and the same command without the bundle refuses the
    hub's certificate, says so, exits non-zero and sends nothing."""
    data = Path(os.environ["KIOSK_DATA_DIR"])
    creds = enroll(https_hub)
    save_credentials(creds)
    terminal = Terminal.create(data, creds)
    for _ in range(3):
        terminal.db.record("staff_call", {"reason": "help", "station_id": STATION})
    terminal.db.dispose()
    bare = tmp_path / "bare.toml"
    bare.write_text(f'[station]\nid = "{STATION}"\n[hub]\nurl = "{https_hub.base_url}"\n')
    trusted = tmp_path / "kiosk.toml"
    trusted.write_text(bare.read_text() + f'ca_bundle = "{pki["ca"]}"\n')

    def sync(config: Path) -> subprocess.CompletedProcess[str]:
        env = {**os.environ, "PYTHONPATH": str(ROOT)}
        return subprocess.run(
            [sys.executable, "-m", "kiosk.cli", "sync", "--once", "--config", str(config)],
            capture_output=True,
            text=True,
            cwd=ROOT,
            env=env,
            timeout=120,
        )

    refused = sync(bare)
    assert refused.returncode == 1, refused.stderr
    assert "certificate" in refused.stderr
    assert https_hub.count("events", terminal_id=creds.terminal_id) == 0
    accepted = sync(trusted)
    assert accepted.returncode == 0, accepted.stderr
    assert https_hub.count("events", terminal_id=creds.terminal_id) == 3


def test_a_certificate_from_another_ca_is_refused(https_hub, pki, tmp_path) -> None:  # type: ignore[no-untyped-def]
    """Invariant: trusting another CA, the terminal refuses the hub with a "tls" sync error
    that names the certificate; the hub stores nothing and the outbox keeps every event."""
    terminal = Terminal.create(tmp_path, enroll(https_hub))
    terminal.db.record("staff_call", {"reason": "help", "station_id": STATION})
    error = _refused(terminal, str(pki["other_ca"]))
    assert error.kind == "tls"
    assert "certificate" in error.message
    assert https_hub.count("events", terminal_id=terminal.creds.terminal_id) == 0
    assert outbox.stats(terminal.db).pending == 1
    terminal.db.dispose()


def test_the_system_store_does_not_trust_the_throwaway_ca(https_hub, tmp_path) -> None:  # type: ignore[no-untyped-def]
    """Invariant: without hub.ca_bundle (the system store) the throwaway CA's certificate
    is refused with a "tls" error naming the certificate, and nothing is stored."""
    terminal = Terminal.create(tmp_path, enroll(https_hub))
    terminal.db.record("staff_call", {"reason": "help", "station_id": STATION})
    error = _refused(terminal, "")
    assert error.kind == "tls" and "certificate" in error.message
    assert https_hub.count("events", terminal_id=terminal.creds.terminal_id) == 0
    terminal.db.dispose()


def test_a_self_signed_certificate_is_refused(pki, tmp_path) -> None:  # type: ignore[no-untyped-def]
    """Invariant: a hub presenting a self-signed certificate is refused with a "tls" error
    naming the certificate, whether the terminal trusts the throwaway CA or the system
    store; the hub's database receives nothing."""
    hub = launch_hub(
        tmp_path / "selfhub",
        None,
        "--ssl-certfile",
        str(pki["self_cert"]),
        "--ssl-keyfile",
        str(pki["self_key"]),
        ca_file=pki["self_cert"],
        access_log=False,
    )
    try:
        terminal = Terminal.create(tmp_path / "t", enroll(hub))
        terminal.db.record("staff_call", {"reason": "help", "station_id": STATION})
        for bundle in (str(pki["ca"]), ""):
            error = _refused(terminal, bundle)
            assert error.kind == "tls" and "certificate" in error.message, error
        assert hub.count("events") == 0
        terminal.db.dispose()
    finally:
        stop(hub)
