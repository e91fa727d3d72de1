"""Voice notes: PyAV decoding of what phones send (OGG/Opus, AMR-NB) to 16 kHz mono WAV, and the
`[asr]` client against a loopback OpenAI-compatible /audio/transcriptions server."""

from __future__ import annotations

import io
import time
import wave

import pytest

from bot.media import RATE, VoiceError, to_wav, transcribe_voice
from domain.settings import AsrSettings
from tests.fakes.asr_api import FakeAsr
from tests.media_support import amr_nb, ogg_opus


@pytest.fixture
def asr():
    server = FakeAsr()
    yield server
    server.close()


def settings_of(server: FakeAsr, timeout: float = 5.0) -> AsrSettings:
    return AsrSettings(provider="openai", model="sensevoice-small", base_url=server.url + "/v1", api_key="k-1",
                       timeout=timeout)


@pytest.mark.parametrize("make, seconds", [(ogg_opus, 2.0), (amr_nb, 3.0)])
def test_phone_audio_decodes_to_16k_mono_wav(make, seconds):
    wav, length = to_wav(make(seconds))
    with wave.open(io.BytesIO(wav)) as w:
        assert (w.getframerate(), w.getnchannels(), w.getsampwidth()) == (RATE, 1, 2)
        frames = w.getnframes()
    assert abs(length - seconds) < 0.1  # codec padding only
    assert abs(frames / RATE - seconds) < 0.1


@pytest.mark.parametrize("data", [b"", b"not audio at all" * 40, b"#!AMR\n" + b"\xff" * 3])
def test_what_is_no_audio_is_unreadable(data):
    with pytest.raises(VoiceError) as e:
        to_wav(data)
    assert e.value.reason == "unreadable"


def test_a_note_over_the_limit_is_too_long():
    with pytest.raises(VoiceError) as e:
        to_wav(amr_nb(4.0), max_seconds=2.0)
    assert e.value.reason == "too_long"


@pytest.mark.parametrize("make, words", [(ogg_opus, "今天拜访了明德食品，聊了报价"),
                                         (amr_nb, "Met Mary at Acme, talked about pricing")])
def test_transcript_comes_back_from_the_endpoint(asr, make, words):
    asr.transcript = f"  {words} "
    heard = transcribe_voice(make(2.5), settings_of(asr))
    assert heard.text == words
    assert len(asr.requests) == 1
    got = asr.requests[0]
    assert (got["rate"], got["channels"], got["model"], got["auth"]) == (16000, 1, "sensevoice-small", "Bearer k-1")
    assert abs(got["seconds"] - 2.5) < 0.1


def test_not_configured_sends_nothing(asr):
    for s in (AsrSettings(), AsrSettings(provider="openai", base_url="")):
        with pytest.raises(VoiceError) as e:
            transcribe_voice(ogg_opus(1.0), s)
        assert e.value.reason == "not_configured"
    assert asr.requests == []


@pytest.mark.parametrize("mode, reason", [("error", "failed"), ("garbage", "failed"), ("huge", "failed"),
                                          ("empty", "empty")])
def test_a_bad_answer_is_a_voice_error(asr, mode, reason):
    asr.mode, asr.transcript = mode, "不该出现"
    with pytest.raises(VoiceError) as e:
        transcribe_voice(ogg_opus(1.0), settings_of(asr))
    assert e.value.reason == reason
    assert len(asr.requests) == 1


def test_a_slow_endpoint_times_out(asr):
    asr.mode, asr.delay = "slow", 3.0
    start = time.monotonic()
    with pytest.raises(VoiceError) as e:
        transcribe_voice(ogg_opus(1.0), settings_of(asr, timeout=0.5))
    assert e.value.reason == "timeout"
    assert time.monotonic() - start < 2.5


def test_endpoint_down_is_a_voice_error(asr):
    s = settings_of(asr)
    asr.close()
    with pytest.raises(VoiceError) as e:
        transcribe_voice(ogg_opus(1.0), s)
    assert e.value.reason == "failed"


@pytest.mark.parametrize("make", [ogg_opus, amr_nb])
def test_a_long_note_of_70_seconds_goes_through_in_a_few_seconds(asr, make):
    asr.transcript = "今天跑了三家：远航、恒通、华信"
    data = make(70.0)
    start = time.perf_counter()
    heard = transcribe_voice(data, settings_of(asr))
    took = time.perf_counter() - start
    assert heard.text == asr.transcript
    assert abs(asr.requests[0]["seconds"] - 70.0) < 0.1 and abs(heard.audio_seconds - 70.0) < 0.1
    assert took < 10.0, took  # decode + upload of 2.2 MB WAV + answer, on a loaded 2-core machine
