"""One typed settings object: `settings.toml` overridden by SALESBOT_<SECTION>__<KEY> env vars.

Secrets (tokens, keys, webhook secrets) are `SecretStr`: they print as '**********' in logs,
reprs and tracebacks; readers call `.get_secret_value()` (or `secret()` below) where the value
is needed."""

from __future__ import annotations

import os
import re
from pathlib import Path
from typing import Any, Literal
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import BaseModel, Field, SecretStr, ValidationError, field_validator
from pydantic_settings import (
    BaseSettings,
    PydanticBaseSettingsSource,
    SettingsConfigDict,
    TomlConfigSettingsSource,
)

DAY_KEYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")


def _hhmm(v: str) -> str:
    m = re.fullmatch(r"(\d{1,2}):(\d{2})", str(v))
    if not m or int(m[1]) > 23 or int(m[2]) > 59:
        raise ValueError(f"not a HH:MM time: {v!r}")
    return f"{int(m[1]):02d}:{m[2]}"


def secret(value: SecretStr | str | None) -> str:
    """The plain value of a secret setting ('' when unset)."""
    if value is None:
        return ""
    return value.get_secret_value() if isinstance(value, SecretStr) else str(value)


class SettingsError(Exception):
    """A setting has a bad value; the message names the key."""


class OrgSettings(BaseModel):
    timezone: str = "Asia/Shanghai"
    currency: str = "CNY"
    rates: dict[str, float] = Field(default_factory=lambda: {"USD": 7.2})
    language: Literal["zh", "en"] = "zh"
    date_order: Literal["mdy", "dmy"] = "mdy"  # how a numeric date like 3/5 reads

    @field_validator("timezone")
    @classmethod
    def _tz(cls, v: str) -> str:
        try:
            ZoneInfo(v)
        except (ZoneInfoNotFoundError, ValueError) as e:
            raise ValueError(f"unknown time zone {v!r}") from e
        return v

    @field_validator("currency")
    @classmethod
    def _cur(cls, v: str) -> str:
        if not re.fullmatch(r"[A-Za-z]{3}", v):
            raise ValueError(f"not an ISO currency code: {v!r}")
        return v.upper()

    @property
    def tz(self) -> ZoneInfo:
        return ZoneInfo(self.timezone)

    def rate(self, currency: str) -> float:
        """Units of base currency per one unit of `currency` (1 for the base itself)."""
        cur = currency.upper()
        if cur == self.currency:
            return 1.0
        return float(self.rates.get(cur, 1.0))


class DatabaseSettings(BaseModel):
    url: str = ""


class ServerSettings(BaseModel):
    host: str = "127.0.0.1"
    port: int = Field(default=8080, ge=0, le=65535)
    log_format: Literal["text", "json"] = "text"


class LLMSettings(BaseModel):
    provider: Literal["none", "openai"] = "none"
    model: str = ""
    base_url: str = ""
    api_key: SecretStr = SecretStr("")
    timeout: float = Field(default=8.0, gt=0)
    method: Literal["auto", "json_schema", "function_calling", "json_mode"] = "auto"


class TelegramSettings(BaseModel):
    token: SecretStr = SecretStr("")
    mode: Literal["polling", "webhook"] = "polling"
    webhook_secret: SecretStr = SecretStr("")
    webhook_url: str = ""  # public https URL of /telegram/webhook; when set, registered at start
    api_base_url: str = "https://api.telegram.org/bot"


class WecomSettings(BaseModel):
    corp_id: str = ""
    agent_id: str = ""
    secret: SecretStr = SecretStr("")
    token: SecretStr = SecretStr("")
    aes_key: SecretStr = SecretStr("")
    api_base_url: str = "https://qyapi.weixin.qq.com"


class DigestTarget(BaseModel):
    channel: Literal["telegram", "wecom_robot", "wecom_app"]
    chat: str
    team: str | None = None


class DigestSettings(BaseModel):
    time: str = "08:30"
    days: list[str] = Field(default_factory=lambda: list(DAY_KEYS[:5]))
    targets: list[DigestTarget] = Field(default_factory=list)

    _time = field_validator("time")(classmethod(lambda cls, v: _hhmm(v)))

    @field_validator("days", mode="before")
    @classmethod
    def _days(cls, v: Any) -> list[str]:
        if isinstance(v, str):
            v = [p for p in re.split(r"[,\s]+", v) if p]
        out = []
        for d in v:
            key = str(d).strip().lower()[:3]
            if key not in DAY_KEYS:
                raise ValueError(f"not a weekday: {d!r}")
            out.append(key)
        return out


class NudgeSettings(BaseModel):
    enabled: bool = False
    time: str = "18:30"

    _time = field_validator("time")(classmethod(lambda cls, v: _hhmm(v)))


class AsrSettings(BaseModel):
    """Speech to text: any OpenAI-compatible `/audio/transcriptions` endpoint (none: voice is declined)."""

    provider: Literal["none", "openai"] = "none"
    model: str = ""
    base_url: str = ""
    api_key: SecretStr = SecretStr("")
    timeout: float = Field(default=30.0, gt=0)


class PoolSettings(BaseModel):
    """The public-pool rules (公海规则); 0 turns a rule off."""

    return_after_days: int = Field(default=0, ge=0)
    warn_days: int = Field(default=3, ge=0)
    max_private: int = Field(default=0, ge=0)


class ReminderSettings(BaseModel):
    """Each rep's morning reminder and the manager escalation of overdue follow-ups."""

    time: str = "08:00"
    escalate_after_days: int = Field(default=3, ge=0)

    _time = field_validator("time")(classmethod(lambda cls, v: _hhmm(v)))


class Settings(BaseSettings):
    """Every setting of CONTRACT.md, typed."""

    model_config = SettingsConfigDict(env_prefix="SALESBOT_", env_nested_delimiter="__", extra="ignore")

    org: OrgSettings = Field(default_factory=OrgSettings)
    database: DatabaseSettings = Field(default_factory=DatabaseSettings)
    server: ServerSettings = Field(default_factory=ServerSettings)
    llm: LLMSettings = Field(default_factory=LLMSettings)
    telegram: TelegramSettings = Field(default_factory=TelegramSettings)
    wecom: WecomSettings = Field(default_factory=WecomSettings)
    digest: DigestSettings = Field(default_factory=DigestSettings)
    nudge: NudgeSettings = Field(default_factory=NudgeSettings)
    asr: AsrSettings = Field(default_factory=AsrSettings)
    pool: PoolSettings = Field(default_factory=PoolSettings)
    reminders: ReminderSettings = Field(default_factory=ReminderSettings)

    _toml_path: Path | None = None

    @classmethod
    def settings_customise_sources(
        cls,
        settings_cls: type[BaseSettings],
        init_settings: PydanticBaseSettingsSource,
        env_settings: PydanticBaseSettingsSource,
        dotenv_settings: PydanticBaseSettingsSource,
        file_secret_settings: PydanticBaseSettingsSource,
    ) -> tuple[PydanticBaseSettingsSource, ...]:
        sources: list[PydanticBaseSettingsSource] = [init_settings, env_settings]
        path = _CONFIG_PATH.get("path")
        if path is not None and path.exists():
            sources.append(TomlConfigSettingsSource(settings_cls, toml_file=path))
        return tuple(sources)

    def database_url(self, data_dir: Path | None = None) -> str:
        """The configured database URL, else a SQLite file in the data folder."""
        if self.database.url:
            return self.database.url
        folder = data_dir or Path(os.environ.get("SALESBOT_DATA_DIR", "data"))
        folder.mkdir(parents=True, exist_ok=True)
        return f"sqlite:///{folder / 'salesbot.db'}"


_CONFIG_PATH: dict[str, Path | None] = {"path": None}


def load_settings(config: str | os.PathLike[str] | None = None, **overrides: Any) -> Settings:
    """Load settings from `config` (else $SALESBOT_CONFIG, else ./settings.toml) and the environment.

    Raises SettingsError with one line naming the offending key.
    """
    path = Path(config or os.environ.get("SALESBOT_CONFIG") or "settings.toml")
    if config and not path.exists():
        raise SettingsError(f"config file not found: {path}")
    _CONFIG_PATH["path"] = path
    try:
        return Settings(**overrides)
    except ValidationError as e:
        err = e.errors()[0]
        key = ".".join(str(p) for p in err["loc"])
        raise SettingsError(f"setting {key}: {err['msg']}") from None
    except Exception as e:  # malformed TOML and the like
        raise SettingsError(f"cannot read settings from {path}: {e}") from None
