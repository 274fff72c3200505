"""Production refuses to start with a guessable SECRET_KEY or without SITE_URL (issue 7, lines
3 and 4); TRUSTED_HOSTS comes from the environment and SITE_URL."""
import os
import pathlib
import subprocess
import sys

import pytest

from app import create_app
from app.config import LOCAL_HOSTS, PLACEHOLDER_SECRET, load

ROOT = pathlib.Path(__file__).resolve().parents[2]
STRONG = "Zq3v8YtB1xWm-r6Kc0Hn_p2Lg9Jd5Fs7Ae4Ui"  # 38 bytes, made for this test only


def _example(name: str) -> str:
    for line in (ROOT / "deploy" / "env.example").read_text().splitlines():
        if line.startswith(name + "="):
            return line.split("=", 1)[1]
    raise AssertionError(f"{name} missing from deploy/env.example")


@pytest.fixture
def production(monkeypatch):
    for name in ("SECRET_KEY", "SITE_URL", "TRUSTED_HOSTS"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("SITE_URL", "https://kesat.example")
    monkeypatch.setenv("SECRET_KEY", STRONG)
    return monkeypatch


def test_a_strong_key_and_a_site_url_start(app, production):
    config = load(app.instance_path, env="production")
    assert config["SECRET_KEY"] == STRONG
    assert config["SITE_URL"] == "https://kesat.example"
    assert config["TRUSTED_HOSTS"] == ["kesat.example"]


@pytest.mark.parametrize("secret", ["a", "x" * 31, "short-but-not-empty"])
def test_a_short_key_refuses_to_start(app, production, secret):
    production.setenv("SECRET_KEY", secret)
    with pytest.raises(RuntimeError, match="SECRET_KEY is too short .* at least 32"):
        create_app({"APP_ENV": "production"})


def test_the_key_is_measured_in_bytes_not_characters(app, production):
    production.setenv("SECRET_KEY", "đồng-xanh-" * 2)  # 20 characters, 26 bytes
    with pytest.raises(RuntimeError, match="too short"):
        load(app.instance_path, env="production")


def test_a_key_of_one_repeated_character_refuses_to_start(app, production):
    production.setenv("SECRET_KEY", "a" * 64)
    with pytest.raises(RuntimeError, match="easy to guess"):
        load(app.instance_path, env="production")


def test_the_placeholder_of_env_example_refuses_to_start(app, production):
    placeholder = _example("SECRET_KEY")
    assert placeholder == PLACEHOLDER_SECRET
    assert len(placeholder.encode()) >= 32  # refused as the placeholder, not for its length
    production.setenv("SECRET_KEY", placeholder)
    with pytest.raises(RuntimeError, match="placeholder of deploy/env.example"):
        create_app({"APP_ENV": "production"})


def test_the_placeholder_is_obviously_a_placeholder():
    assert _example("SECRET_KEY").startswith("CHANGE-ME")
    assert _example("SITE_URL").startswith("https://")


def test_wsgi_refuses_to_start_with_a_weak_key_and_says_why(tmp_path):
    env = {**os.environ, "APP_ENV": "production", "SECRET_KEY": "a",
           "SITE_URL": "https://kesat.example", "INSTANCE_PATH": str(tmp_path),
           "DATABASE_URL": f"sqlite:///{tmp_path}/x.db"}
    done = subprocess.run([sys.executable, "-c", "import wsgi"], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=120, check=False)
    assert done.returncode != 0
    assert "SECRET_KEY is too short" in done.stderr


def test_development_and_tests_keep_their_own_keys(app, monkeypatch):
    monkeypatch.delenv("SECRET_KEY", raising=False)
    monkeypatch.delenv("SITE_URL", raising=False)
    monkeypatch.delenv("TRUSTED_HOSTS", raising=False)
    config = load(app.instance_path, env="testing")
    assert len(config["SECRET_KEY"]) >= 32
    assert config["SITE_URL"] == ""
    assert config["TRUSTED_HOSTS"] == list(LOCAL_HOSTS)


def test_production_requires_site_url(app, production):
    production.delenv("SITE_URL")
    with pytest.raises(RuntimeError, match="SITE_URL must be set"):
        create_app({"APP_ENV": "production"})


@pytest.mark.parametrize("value", ["kesat.example", "ftp://kesat.example", "https://",
                                   "https://kesat.example/portal", "https://kesat.example?a=1",
                                   "https://user:pw@kesat.example", "https://kesat.example:http"])
def test_a_site_url_that_is_not_an_origin_is_refused(app, production, value):
    production.setenv("SITE_URL", value)
    with pytest.raises(RuntimeError, match="SITE_URL"):
        load(app.instance_path, env="production")


def test_site_url_is_normalised(app, production):
    production.setenv("SITE_URL", " https://KeSat.Example:8443/ ")
    config = load(app.instance_path, env="production")
    assert config["SITE_URL"] == "https://kesat.example:8443"
    assert config["TRUSTED_HOSTS"] == ["kesat.example"]


def test_trusted_hosts_come_from_the_environment_and_site_url(app, production):
    production.setenv("TRUSTED_HOSTS", " www.kesat.example, , Kesat.example ")
    config = load(app.instance_path, env="production")
    assert config["TRUSTED_HOSTS"] == ["www.kesat.example", "kesat.example"]
    assert "127.0.0.1" not in config["TRUSTED_HOSTS"]


def test_development_trusts_the_local_hosts_and_site_url(app, monkeypatch):
    monkeypatch.delenv("TRUSTED_HOSTS", raising=False)
    monkeypatch.setenv("SECRET_KEY", STRONG)
    monkeypatch.setenv("SITE_URL", "http://portal.test:5000")
    config = load(app.instance_path, env="development")
    assert config["TRUSTED_HOSTS"] == ["127.0.0.1", "localhost", "portal.test"]
