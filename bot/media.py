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


class DownloadError(Exception):
    """A channel's file could not be downloaded."""


def _capped_get(client: httpx.Client, url: str, **kw) -> bytes:
    with client.stream("GET", url, **kw) as r:
        if r.status_code != 200:
            raise DownloadError(f"HTTP {r.status_code}")
        body = bytearray()
        for chunk in r.iter_bytes():
            body += chunk
            if len(body) > MAX_BYTES:
                raise DownloadError(f"over {MAX_BYTES} bytes")
        return bytes(body)


def telegram_file(api_base_url: str, token: str, file_id: str, timeout: float = 30.0) -> bytes:
    """A file sent to the bot, through the Bot API: getFile, then the file URL
    (`…/bot` → `…/file/bot<token>/<file_path>`, as api.telegram.org and a self-hosted Bot API serve it)."""
    base = api_base_url.rstrip("/")
    with httpx.Client(timeout=timeout) as client:
        try:
            r = client.get(f"{base}{token}/getFile", params={"file_id": file_id})
            path = (r.json().get("result") or {}).get("file_path") if r.status_code == 200 else None
        except (httpx.HTTPError, ValueError, AttributeError) as e:
            raise DownloadError(f"getFile failed: {type(e).__name__}") from None
        if not path:
            raise DownloadError(f"getFile: no file_path (HTTP {r.status_code})")
        if path.startswith(("http://", "https://")):
            url = path
        else:
            root = base[:-len("/bot")] if base.endswith("/bot") else base
            url = f"{root}/file/bot{token}/{path.lstrip('/')}"
        try:
            return _capped_get(client, url)
        except httpx.HTTPError as e:
            raise DownloadError(f"download failed: {type(e).__name__}") from None


TOKEN_ERRORS = (40014, 42001)


async def wecom_media(api, media_id: str) -> bytes:
    """A temporary media file (a voice message's AMR) through `api` (bot.channels.wecom.WecomApi, whose
    cached token is renewed once when WeCom says it is invalid): GET /cgi-bin/media/get."""
    for attempt in (0, 1):
        token = await api.token(renew=attempt == 1)
        try:
            r = await api.client.get(api.base + "/cgi-bin/media/get",
                                     params={"access_token": token, "media_id": media_id})
        except httpx.HTTPError as e:
            raise DownloadError(f"media/get failed: {type(e).__name__}") from None
        if r.status_code != 200:
            raise DownloadError(f"media/get HTTP {r.status_code}")
        if r.content[:1] == b"{":  # an error comes as JSON, the file as bytes
            try:
                code = int(json.loads(r.content).get("errcode") or 0)
            except (ValueError, AttributeError):
                code = -1
            if code in TOKEN_ERRORS and attempt == 0:
                continue
            raise DownloadError(f"media/get errcode {code}")
        return r.content
    raise DownloadError("media/get: token kept failing")


def in_loop(loop, make_coro, timeout: float = 60.0):
    """A blocking call (from a worker thread) of a coroutine run on `loop` (the channel's own)."""
    import asyncio

    def run() -> bytes:
        return asyncio.run_coroutine_threadsafe(make_coro(), loop).result(timeout)
    return run
