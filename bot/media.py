"""Voice notes: decode what a phone sends (Telegram OGG/Opus, WeCom AMR, any audio PyAV reads —
no system ffmpeg) to 16 kHz mono WAV, and transcribe it through the `[asr]` endpoint (any
OpenAI-compatible `/audio/transcriptions`: a self-hosted Whisper or SenseVoice server, or a cloud one).

    transcribe_voice(data, asr) -> Transcript     # blocking: decode + one HTTP call

Every failure is a `VoiceError` with a reason the bot turns into a polite reply; nothing is guessed.
"""

from __future__ import annotations

import io
import json
import time
import wave
from dataclasses import dataclass

import httpx

from domain.settings import AsrSettings, secret

RATE = 16000  # what speech models expect
MAX_SECONDS = 600.0  # a voice note longer than this is declined (Telegram and WeCom allow ~60 s; a file more)
MAX_BYTES = 25 * 1024 * 1024  # larger files are not read at all
MAX_ANSWER = 1024 * 1024  # a transcript answer larger than this is refused unread


class VoiceError(Exception):
    """A voice note that could not be turned into text; `reason` names why (see REASONS in bot.attachments)."""

    def __init__(self, reason: str, detail: str = "") -> None:
        super().__init__(f"{reason}: {detail}" if detail else reason)
        self.reason = reason


@dataclass
class Transcript:
    """What was heard, how long the note was and how long decoding and recognition took."""

    text: str
    audio_seconds: float
    decode_seconds: float
    asr_seconds: float


def to_wav(data: bytes, max_seconds: float = MAX_SECONDS) -> tuple[bytes, float]:
    """The audio as 16-bit 16 kHz mono WAV bytes and its length in seconds; VoiceError("unreadable")
    when it is no audio PyAV can decode, VoiceError("too_long") past `max_seconds`."""
    import av

    if len(data) > MAX_BYTES:
        raise VoiceError("too_long", f"{len(data)} bytes")
    pcm = bytearray()
    limit = int(max_seconds * RATE) * 2
    try:
        with av.open(io.BytesIO(data), mode="r") as container:
            if not container.streams.audio:
                raise VoiceError("unreadable", "no audio stream")
            stream = container.streams.audio[0]
            resampler = av.AudioResampler(format="s16", layout="mono", rate=RATE)
            for frame in container.decode(stream):
                for out in resampler.resample(frame):
                    pcm += out.to_ndarray().tobytes()
                if len(pcm) > limit:
                    raise VoiceError("too_long", f"over {max_seconds:.0f} s")
            for out in resampler.resample(None):
                pcm += out.to_ndarray().tobytes()
    except (av.FFmpegError, ValueError, IndexError) as e:
        raise VoiceError("unreadable", f"{type(e).__name__}: {e}") from None
    if not pcm:
        raise VoiceError("unreadable", "no samples")
    buf = io.BytesIO()
    with wave.open(buf, "wb") as w:
        w.setnchannels(1)
        w.setsampwidth(2)
        w.setframerate(RATE)
        w.writeframes(bytes(pcm))
    return buf.getvalue(), len(pcm) / 2 / RATE


def heard(text: object) -> str | None:
    """The transcript when it says something: a string with at least one letter or digit, else None."""
    if not isinstance(text, str):
        return None
    text = " ".join(text.split())
    return text if any(ch.isalnum() for ch in text) else None


def asr_request(wav: bytes, asr: AsrSettings) -> str:
    """POST the WAV to `{base_url}/audio/transcriptions` (multipart: file, model, response_format=json);
    the text heard. VoiceError("not_configured"|"timeout"|"failed"|"empty")."""
    if asr.provider == "none" or not asr.base_url:
        raise VoiceError("not_configured")
    headers = {"Authorization": f"Bearer {secret(asr.api_key)}"} if secret(asr.api_key) else {}
    data = {"response_format": "json"}
    if asr.model:
        data["model"] = asr.model
    url = asr.base_url.rstrip("/") + "/audio/transcriptions"
    try:
        status, raw = _post(url, wav, data, headers, asr.timeout)
    except httpx.TimeoutException as e:
        raise VoiceError("timeout", type(e).__name__) from None
    except httpx.HTTPError as e:
        raise VoiceError("failed", f"{type(e).__name__}: {e}") from None
    if status != 200:
        raise VoiceError("failed", f"HTTP {status}")
    if raw is None:
        raise VoiceError("failed", f"answer over {MAX_ANSWER} bytes")
    try:
        body = json.loads(raw)
    except ValueError:
        raise VoiceError("failed", "not JSON") from None
    text = heard(body.get("text") if isinstance(body, dict) else None)
    if text is None:
        raise VoiceError("empty", "no words in the transcript")
    return text


def _post(url: str, wav: bytes, data: dict, headers: dict, timeout: float) -> tuple[int, bytes | None]:
    """POST the multipart request; (status, body), body None when the answer is over MAX_ANSWER bytes.
    `timeout` bounds the whole exchange, not only each read."""
    deadline = time.monotonic() + timeout
    with httpx.Client(timeout=timeout) as client, client.stream(
            "POST", url, files={"file": ("voice.wav", wav, "audio/wav")}, data=data, headers=headers) as r:
        body = bytearray()
        for chunk in r.iter_bytes():
            body += chunk
            if len(body) > MAX_ANSWER:
                return r.status_code, None
            if time.monotonic() > deadline:
                raise httpx.ReadTimeout("the answer took too long")
        return r.status_code, bytes(body)


def transcribe_voice(data: bytes, asr: AsrSettings) -> Transcript:
    """Decode and transcribe one voice note (checks the settings first: no decoding when there is no ASR)."""
    if asr.provider == "none" or not asr.base_url:
        raise VoiceError("not_configured")
    t0 = time.perf_counter()
    wav, seconds = to_wav(data)
    t1 = time.perf_counter()
    text = asr_request(wav, asr)
    return Transcript(text=text, audio_seconds=seconds, decode_seconds=t1 - t0, asr_seconds=time.perf_counter() - t1)
