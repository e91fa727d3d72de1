"""One typed settings object over settings.toml with SALESBOT_<SECTION>__<KEY> overrides."""

from __future__ import annotations

import subprocess
import sys

import pytest
from pydantic import SecretStr

from domain.settings import SettingsError, load_settings, secret
from tests.conftest import REPO

TOML = """
[org]
timezone = "Europe/Berlin"
currency = "eur"
language = "en"
[org.rates]
USD = 0.9
[server]
port = 9000
[digest]
time = "7:05"
days = ["Mon", "wed"]
targets = [{channel = "telegram", chat = "-100", team = "North"}]
"""


@pytest.fixture(autouse=True)
def _clean_env(monkeypatch):
    import os

    for k in list(os.environ):
        if k.startswith("SALESBOT_"):
            monkeypatch.delenv(k)


def test_file_values_are_typed(tmp_path):
    f = tmp_path / "s.toml"
    f.write_text(TOML)
    s = load_settings(f)
    assert s.org.timezone == "Europe/Berlin" and s.org.currency == "EUR" and s.org.language == "en"
    assert s.org.rate("USD") == 0.9 and s.org.rate("EUR") == 1.0
    assert s.server.port == 9000
    assert s.digest.time == "07:05" and s.digest.days == ["mon", "wed"]
    assert s.digest.targets[0].channel == "telegram" and s.digest.targets[0].team == "North"
    assert secret(s.telegram.token) == "" and s.llm.provider == "none"  # secrets never required


def test_environment_overrides_single_keys(tmp_path, monkeypatch):
    f = tmp_path / "s.toml"
    f.write_text(TOML)
    monkeypatch.setenv("SALESBOT_TELEGRAM__TOKEN", "123:abc")
    monkeypatch.setenv("SALESBOT_SERVER__PORT", "9100")
    monkeypatch.setenv("SALESBOT_DATABASE__URL", "postgresql://u@h/db")
    s = load_settings(f)
    assert secret(s.telegram.token) == "123:abc" and s.server.port == 9100
    assert s.database_url() == "postgresql://u@h/db"
    assert s.org.timezone == "Europe/Berlin"  # the rest of the section still comes from the file


def test_defaults_without_a_file(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    s = load_settings()
    assert (s.org.timezone, s.org.currency, s.org.language, s.org.rates) == ("Asia/Shanghai", "CNY", "zh", {"USD": 7.2})
    assert s.digest.time == "08:30" and s.digest.days == ["mon", "tue", "wed", "thu", "fri"]
    assert s.database_url(tmp_path / "d").endswith("d/salesbot.db")


@pytest.mark.parametrize(("env", "value", "key"), [
    ("SALESBOT_ORG__TIMEZONE", "Mars/Olympus", "org.timezone"),
    ("SALESBOT_DIGEST__TIME", "25:00", "digest.time"),
    ("SALESBOT_SERVER__PORT", "eighty", "server.port"),
    ("SALESBOT_TELEGRAM__MODE", "carrier-pigeon", "telegram.mode"),
    ("SALESBOT_ORG__LANGUAGE", "fr", "org.language"),
])
def test_a_bad_value_names_its_key(monkeypatch, env, value, key):
    monkeypatch.setenv(env, value)
    with pytest.raises(SettingsError) as err:
        load_settings()
    assert str(err.value).startswith(f"setting {key}:")
    assert "\n" not in str(err.value)


def test_cli_reports_a_bad_setting_in_one_line(tmp_path):
    f = tmp_path / "s.toml"
    f.write_text('[digest]\ndays = ["someday"]\n')
    p = subprocess.run([sys.executable, "-m", "bot.cli", "--config", str(f), "db", "current"],
                       capture_output=True, text=True, cwd=REPO)
    assert p.returncode == 1
    assert p.stderr.strip().count("\n") == 0 and "digest.days" in p.stderr and "Traceback" not in p.stderr
    missing = subprocess.run([sys.executable, "-m", "bot.cli", "--config", str(tmp_path / "nope.toml"), "db", "current"],
                             capture_output=True, text=True, cwd=REPO)
    assert missing.returncode == 1 and "config file not found" in missing.stderr


SECRETS = [("SALESBOT_TELEGRAM__TOKEN", ("telegram", "token")),
           ("SALESBOT_TELEGRAM__WEBHOOK_SECRET", ("telegram", "webhook_secret")),
           ("SALESBOT_WECOM__SECRET", ("wecom", "secret")), ("SALESBOT_WECOM__TOKEN", ("wecom", "token")),
           ("SALESBOT_WECOM__AES_KEY", ("wecom", "aes_key")), ("SALESBOT_LLM__API_KEY", ("llm", "api_key")),
           ("SALESBOT_ASR__API_KEY", ("asr", "api_key"))]


@pytest.mark.parametrize(("env", "path"), SECRETS)
def test_a_secret_never_shows_in_reprs_dumps_or_errors(tmp_path, monkeypatch, env, path):
    monkeypatch.chdir(tmp_path)
    value = "S3CR3T-" + path[1]
    monkeypatch.setenv(env, value)
    s = load_settings()
    field = getattr(getattr(s, path[0]), path[1])
    assert isinstance(field, SecretStr) and secret(field) == value
    assert value not in repr(s) and value not in str(s) and value not in s.model_dump_json()
    assert value not in f"{getattr(s, path[0])}"


def test_a_bad_setting_next_to_a_secret_does_not_echo_the_secret(monkeypatch, tmp_path):
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("SALESBOT_TELEGRAM__TOKEN", "999:TOPSECRET")
    monkeypatch.setenv("SALESBOT_TELEGRAM__MODE", "fax")
    with pytest.raises(SettingsError) as err:
        load_settings()
    assert "TOPSECRET" not in str(err.value) and "telegram.mode" in str(err.value)
