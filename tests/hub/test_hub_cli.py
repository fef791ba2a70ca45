"""The ``kiosk-hub`` commands as an operator meets them, and HTTPS serving."""

from __future__ import annotations

import ssl
import subprocess
import sys
from pathlib import Path

import httpx
import pytest
from hubtools import ROOT, Hub, hub_env, run_cli, start_hub, stop_hub


def test_enroll_code_prints_the_code_alone_on_the_last_line(hub: Hub) -> None:
    result = hub.cli("enroll-code", "--station", "st-cli", "--days", "2")
    assert result.returncode == 0, result.stderr
    code = result.stdout.strip().splitlines()[-1]
    assert " " not in code and len(code) >= 16
    response = hub.http.post("/v1/enroll", json={"code": code, "terminal_name": "cli"})
    assert response.status_code == 201
    assert response.json()["station_id"] == "st-cli"


@pytest.mark.parametrize(
    ("args", "problem"),
    [
        (("enroll-code", "--station", "bad station!"), "station id"),
        (("enroll-code", "--station", "st-1", "--days", "0"), "days"),
        (("enroll-code", "--station", "st-1", "--days", "soon"), "soon"),
        (("enroll-code",), "--station"),
        (("prune-tombstones", "--older-than-days", "-1"), "negative"),
    ],
)
def test_bad_input_is_one_line_exit_2_and_nothing_written(
    hub: Hub, args: tuple[str, ...], problem: str
) -> None:
    before = hub.count("enrollment_codes")
    result = hub.cli(*args)
    assert result.returncode == 2
    assert len(result.stderr.strip().splitlines()) == 1, result.stderr
    assert problem in result.stderr
    assert hub.count("enrollment_codes") == before


def test_bad_database_url_is_bad_input(tmp_path: Path) -> None:
    for url in ("nonsense://", "mysql://x@127.0.0.1/db", "sqlite://"):
        result = run_cli(url, "enroll-code", "--station", "st-1", data_dir=tmp_path)
        assert result.returncode == 2, (url, result.stderr)
        assert len(result.stderr.strip().splitlines()) == 1, result.stderr


def test_default_database_lives_in_the_hub_data_dir(tmp_path: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "kiosk.hub.cli", "enroll-code", "--station", "st-1"],
        cwd=ROOT,
        env=hub_env(tmp_path / "hubdata"),
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "hubdata" / "hub.db").is_file()


def test_serve_refuses_half_a_tls_setup(tmp_path: Path) -> None:
    result = run_cli(f"sqlite:///{tmp_path / 'hub.db'}", "serve", "--ssl-certfile", "x.pem")
    assert result.returncode == 2
    assert "--ssl-keyfile" in result.stderr


def test_hub_serves_https_with_the_given_certificate(tmp_path: Path) -> None:
    trustme = pytest.importorskip("trustme")
    ca = trustme.CA()
    cert = ca.issue_cert("127.0.0.1", "localhost")
    cert_file, key_file, ca_file = (tmp_path / n for n in ("cert.pem", "key.pem", "ca.pem"))
    cert.cert_chain_pems[0].write_to_path(str(cert_file))
    cert.private_key_pem.write_to_path(str(key_file))
    ca.cert_pem.write_to_path(str(ca_file))
    hub = start_hub(
        tmp_path / "hub",
        None,
        "--ssl-certfile",
        str(cert_file),
        "--ssl-keyfile",
        str(key_file),
        ca_file=ca_file,
    )
    try:
        assert hub.http.get("/v1/health").json()["status"] == "ok"
        # A client that trusts only the system store refuses the throwaway CA.
        with pytest.raises(httpx.ConnectError):
            httpx.get(f"{hub.base_url}/v1/health", verify=ssl.create_default_context())
    finally:
        stop_hub(hub)
