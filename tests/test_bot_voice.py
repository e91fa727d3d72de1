"""Voice notes end to end on `salesbot chat`: the transcript is handled exactly as the same text (its
receipt opens "🎤 <transcript>"); with no `[asr]`, an endpoint down, slow or saying nothing, a polite
reply and nothing written but the stored message (a reference to the media)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from bot.attachments import media_line
from bot.chat_command import TerminalChat
from bot.context import AppContext, parse_now
from bot.replies import InboundMessage
from domain.settings import AsrSettings, Settings
from storage.models import Activity
from storage.models import InboundMessage as Stored
from tests.bot_support import NOW, load_team, rows
from tests.fakes.asr_api import FakeAsr
from tests.media_support import amr_nb, ogg_opus


@pytest.fixture
def asr():
    server = FakeAsr()
    yield server
    server.close()


def chat_with(db_url: str, tmp: Path, asr: AsrSettings) -> TerminalChat:
    s = Settings(asr=asr)
    load_team(db_url, tmp, s.org.tz)
    return TerminalChat(AppContext(settings=s, db_url=db_url, fixed_now=parse_now(NOW, s.org.tz)), tmp / "charts")


def asr_of(server: FakeAsr, timeout: float = 5.0) -> AsrSettings:
    return AsrSettings(provider="openai", model="whisper-1", base_url=server.url + "/v1", timeout=timeout)


def clip(tmp: Path, name: str, data: bytes) -> str:
    path = tmp / name
    path.write_bytes(data)
    return str(path)


def activities(db_url: str) -> list[tuple]:
    return rows(db_url, Activity.customer_id, Activity.kind, Activity.status, where=Activity.message_id.is_not(None))


CASES = [  # (file kind, transcript, customer written, receipt language marker)
    ("ogg", "今天拜访了明德食品的邱总，聊了报价", "C1", "✅"),
    ("amr", "Visited Acme today, talked about pricing with Mary", "C6", "✅"),
]


@pytest.mark.parametrize("kind, words, customer, mark", CASES)
def test_a_voice_note_is_handled_as_its_transcript(db_url, tmp_path, asr, kind, words, customer, mark):
    asr.transcript = words
    chat = chat_with(db_url, tmp_path, asr_of(asr))
    data = ogg_opus(2.0) if kind == "ogg" else amr_nb(2.0)
    path = clip(tmp_path, f"note.{kind}", data)
    replies = chat.say("R01", attachment=media_line({"voice": path}))
    assert replies[0].text.startswith(f"🎤 {words}\n")
    assert mark in replies[0].text
    assert activities(db_url) == [(customer, "visit", "done")]
    assert rows(db_url, Stored.text, Stored.status) == [(f"[voice] {path}", "done")]
    assert asr.requests[0]["rate"] == 16000


SORRY = [  # (asr setting, fake mode, words the polite reply must carry)
    ("none", "good", "语音识别"),
    ("on", "error", "暂时不可用"),
    ("slow", "slow", "暂时不可用"),
    ("on", "empty", "没听清"),
    ("on", "garbage", "暂时不可用"),
]


@pytest.mark.parametrize("setting, mode, words", SORRY)
def test_no_transcript_is_a_polite_reply_and_nothing_written(db_url, tmp_path, asr, setting, mode, words):
    asr.mode, asr.delay, asr.transcript = mode, 2.0, "今天拜访了明德食品"
    settings = AsrSettings() if setting == "none" else asr_of(asr, timeout=0.5 if setting == "slow" else 5.0)
    chat = chat_with(db_url, tmp_path, settings)
    path = clip(tmp_path, "note.ogg", ogg_opus(1.0))
    replies = chat.say("R01", attachment=media_line({"voice": path}))
    assert len(replies) == 1 and words in replies[0].text and "打字" in replies[0].text
    assert "🎤" not in replies[0].text
    assert activities(db_url) == []
    assert rows(db_url, Stored.text, Stored.status) == [(f"[voice] {path}", "done")]


def test_english_org_gets_the_polite_reply_in_english(db_url, tmp_path):
    s = Settings(asr=AsrSettings())
    s.org.language = "en"
    load_team(db_url, tmp_path, s.org.tz)
    chat = TerminalChat(AppContext(settings=s, db_url=db_url, fixed_now=parse_now(NOW, s.org.tz)), None)
    replies = chat.say("R01", attachment=media_line({"voice": clip(tmp_path, "n.amr", amr_nb(1.0))}))
    assert replies[0].text.startswith("Sorry") and "type" in replies[0].text


def test_cli_jsonl_voice_lines(db_url, tmp_path, asr):
    """`salesbot chat --jsonl` with {"voice": PATH} lines, a missing file reported as an error line."""
    asr.transcript = "今天拜访了安泰教育，演示了产品"
    load_team(db_url, tmp_path, Settings().org.tz)
    path = clip(tmp_path, "note.ogg", ogg_opus(1.5))
    script = tmp_path / "talk.jsonl"
    script.write_text("\n".join(json.dumps(x, ensure_ascii=False) for x in [
        {"voice": path}, {"voice": str(tmp_path / "missing.ogg")}, {"text": "撤销"}]) + "\n", encoding="utf-8")
    env = {"SALESBOT_ASR__PROVIDER": "openai", "SALESBOT_ASR__BASE_URL": asr.url + "/v1",
           "SALESBOT_ASR__MODEL": "whisper-1", "PATH": "/usr/bin:/bin", "SALESBOT_CONFIG": str(tmp_path / "none.toml")}
    out = subprocess.run([sys.executable, "-m", "bot.cli", "--db", db_url, "--now", NOW, "--as", "R01", "chat",
                          "--jsonl", str(script)], capture_output=True, text=True, env=env, timeout=120,
                         cwd=Path(__file__).resolve().parents[1])
    lines = [json.loads(x) for x in out.stdout.splitlines()]
    assert out.returncode == 0, out.stderr
    assert lines[0]["in"] == 1 and lines[0]["replies"][0]["text"].startswith("🎤 今天拜访了安泰教育，演示了产品")
    assert lines[1]["in"] == 2 and "cannot read voice file" in lines[1]["error"]
    assert lines[2]["in"] == 3
    assert activities(db_url) == []  # the voice note's visit, undone


def test_a_voice_note_stored_before_a_crash_is_transcribed_by_the_next_process(db_url, tmp_path, asr):
    """Stored, never acted on (the process died); the next one rebuilds it from the stored reference."""
    from bot.dispatcher import rebuild_message
    from storage.db import make_engine
    from storage.records import inbound_row

    asr.transcript = "今天拜访了安泰教育"
    chat = chat_with(db_url, tmp_path, asr_of(asr))
    path = clip(tmp_path, "note.amr", amr_nb(1.5))
    msg = InboundMessage(channel="terminal", external_id="crash-1", chat_id="R01", sender="R01",
                         text=f"[voice] {path}", attachment=media_line({"voice": path}))
    mid = chat.dispatcher.receive(msg)  # ... and the process dies here
    row = inbound_row(make_engine(db_url), mid)
    done = chat.dispatcher.process(mid, rebuild_message(row))
    assert done.replies[0].text.startswith("🎤 今天拜访了安泰教育\n")
    assert activities(db_url) == [("C3", "visit", "done")]
