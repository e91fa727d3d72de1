"""Messages that carry media instead of text: a voice note is transcribed and then handled exactly as
the same text (its receipt starts "🎤 <transcript>"); a location is a check-in (bot/checkins.py);
a photo gets a polite answer. The stored message keeps a reference to the media (`Attachment.ref`),
so nothing is lost when the media cannot be read, and nothing is guessed.

    prepare(turn, conversation) -> (turn, action)    # called by the dispatcher for a known user
"""

from __future__ import annotations

import logging
import math
from collections.abc import Callable
from dataclasses import replace
from functools import partial
from pathlib import Path

from sqlalchemy import Connection

from bot import checkins
from bot.conversation_log import Turn
from bot.conversation_texts import lang_of
from bot.media import VoiceError, transcribe_voice
from bot.replies import Attachment, InboundMessage, Reply

log = logging.getLogger("salesbot.media")
Action = Callable[[Connection], list[Reply]]

VOICE_SORRY = {
    "not_configured": {"zh": "抱歉，暂时无法转写语音（没有配置语音识别），请打字发送。语音已保存。",
                       "en": "Sorry, I can't transcribe voice notes yet (no speech service is set up). "
                             "Please type it; the voice note is saved."},
    "unheard": {"zh": "抱歉，语音没听清，暂时无法转写，请打字发送。语音已保存。",
                "en": "Sorry, I couldn't make out that voice note. Please type it; the voice note is saved."},
    "down": {"zh": "抱歉，语音识别暂时不可用，请稍后再试或打字发送。语音已保存。",
             "en": "Sorry, speech recognition is unavailable right now. Please try again later or type it; "
                   "the voice note is saved."},
    "too_long": {"zh": "这条语音太长了，请分几段发送或打字。语音已保存。",
                 "en": "That voice note is too long; please send it in parts or type it. It is saved."},
    "lost": {"zh": "抱歉，没能取到这条语音，请重发或打字发送。",
             "en": "Sorry, I couldn't fetch that voice note; please send it again or type it."},
}
REASONS = {"not_configured": "not_configured", "unreadable": "unheard", "empty": "unheard", "failed": "down",
           "timeout": "down", "too_long": "too_long", "download": "lost"}
PHOTO_SORRY = {"zh": "收到图片，暂不支持识别。需要记录的内容请打字发送。",
               "en": "Got the picture; I can't read pictures yet. Please type what you want to record."}


def voice_ref(source: str) -> str:
    """The stored text of a voice message: a reference to the media, never a guess at its words."""
    return f"[voice] {source}"


def photo_ref(source: str) -> str:
    return f"[photo] {source}"


def location_ref(lat: float, lon: float, label: str) -> str:
    """The stored text of a location: enough to rebuild the check-in after a crash."""
    return f"[location] {lat:.6f},{lon:.6f} {label}".rstrip()


def location(lat: object, lon: object, label: object = "") -> Attachment:
    """A location attachment; ValueError when the coordinates are not a place on Earth."""
    try:
        la, lo = float(lat), float(lon)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        raise ValueError("a location needs numeric lat and lon") from None
    if not (math.isfinite(la) and math.isfinite(lo) and -90 <= la <= 90 and -180 <= lo <= 180):
        raise ValueError("lat must be within ±90 and lon within ±180")
    text = " ".join(str(label or "").split())[:200]
    return Attachment(kind="location", ref=location_ref(la, lo, text), lat=la, lon=lo, label=text)


def rebuilt(text: str) -> Attachment | None:
    """The attachment a stored text refers to (after a crash; the media itself is not fetched again)."""
    if text.startswith("[voice] "):
        return Attachment(kind="voice", ref=text)
    if text.startswith("[photo] "):
        return Attachment(kind="photo", ref=text)
    if text.startswith("[location] "):
        coords, _, label = text[len("[location] "):].partition(" ")
        lat, _, lon = coords.partition(",")
        try:
            return location(lat, lon, label)
        except ValueError:
            return None
    return None


def refetch(ref: str, settings) -> Callable[[], bytes] | None:
    """How to fetch again the media of a stored reference (a message rebuilt after a crash): a Telegram
    file id or a local path; None for a WeCom media id (its download needs the channel's token)."""
    from bot.media import telegram_file
    from domain.settings import secret

    source = ref.split(" ", 1)[1] if " " in ref else ""
    if source.startswith("telegram:") and secret(settings.telegram.token):
        fid = source[len("telegram:"):]
        return lambda: telegram_file(settings.telegram.api_base_url, secret(settings.telegram.token), fid)
    if source and not source.startswith(("wecom:", "telegram:")) and Path(source).is_file():
        return Path(source).read_bytes
    return None


def _const(replies: list[Reply]) -> Action:
    return lambda conn: replies


def _voice(turn: Turn, att: Attachment, handle_text: Callable[[Turn], Action]) -> tuple[Turn, Action]:
    org_lang = turn.settings.org.language
    lang = org_lang if org_lang in ("zh", "en") else "en"
    try:
        fetch = att.fetch or refetch(att.ref, turn.settings)
        if fetch is None:
            raise VoiceError("download", "no way to fetch it")
        try:
            data = fetch()
        except Exception as e:  # a channel's download failing in any way
            raise VoiceError("download", f"{type(e).__name__}: {e}") from None
        heard = transcribe_voice(data, turn.settings.asr)
    except VoiceError as e:
        log.warning("voice message %d not transcribed: %s", turn.message_id, e)
        return replace(turn, lang=lang), _const([Reply(VOICE_SORRY[REASONS.get(e.reason, "down")][lang])])
    log.info("voice message %d: %.1f s of audio, decoded in %.2f s, recognised in %.2f s", turn.message_id,
             heard.audio_seconds, heard.decode_seconds, heard.asr_seconds)
    msg: InboundMessage = replace(turn.msg, text=heard.text, attachment=None)
    said = replace(turn, msg=msg, lang=lang_of(heard.text, org_lang))
    return said, _prefixed(handle_text(said), f"🎤 {heard.text}")


def _prefixed(action: Action, line: str) -> Action:
    """The action's replies with `line` opening the first one (the rep sees what was heard)."""
    def run(conn: Connection) -> list[Reply]:
        replies = action(conn)
        if not replies:
            return [Reply(line)]
        replies[0].text = f"{line}\n{replies[0].text}" if replies[0].text else line
        return replies
    return run


def prepare(turn: Turn, handle_text: Callable[[Turn], Action]) -> tuple[Turn, Action]:
    """The turn as it will be handled and its action, for a message with an attachment.
    `handle_text` is the conversation's own handling of a text turn."""
    att = turn.msg.attachment
    assert att is not None
    if att.kind == "voice":
        return _voice(turn, att, handle_text)
    lang = turn.settings.org.language if turn.settings.org.language in ("zh", "en") else "en"
    turn = replace(turn, lang=lang)
    if att.kind == "location":
        return turn, checkins.check_in(turn, att)
    return turn, _photo(turn, att, lang)


CARD_TEXTS = {
    "no_card": {"zh": "收到图片，但没认出名片内容。需要记录的内容请打字发送。",
                "en": "Got the picture, but I couldn't read a business card on it. Please type what to record."},
}


def _photo(turn: Turn, att: Attachment, lang: str) -> Action:
    """A photo: read offline as a business card (bot.cards) and proposed as a contact to save
    (bot.card_proposal); else a polite answer."""
    reply = _photo_read(turn, att, lang)
    if isinstance(reply, Reply):
        return _const([reply])
    from bot import card_proposal

    return partial(card_proposal.propose, turn=turn, fields=reply)


def _photo_read(turn: Turn, att: Attachment, lang: str) -> Reply | dict:
    """The card's fields, or the polite answer when the photo is no card or cannot be read."""
    if att.fetch is None:
        return Reply(PHOTO_SORRY[lang])
    try:
        from bot.cards import CardError, read_card

        data = att.fetch()
        reading = read_card(data)
    except ImportError:
        return Reply(PHOTO_SORRY[lang])
    except CardError:
        return Reply(CARD_TEXTS["no_card"][lang])
    except Exception as e:  # a download failing in any way
        log.warning("photo of message %d not read: %s: %s", turn.message_id, type(e).__name__, e)
        return Reply(PHOTO_SORRY[lang])
    if not reading.is_card:
        return Reply(CARD_TEXTS["no_card"][lang])
    log.info("photo of message %d read as a card in %.2f s", turn.message_id, reading.seconds)
    return reading.fields.as_dict()


MEDIA_KEYS = ("voice", "photo", "location")


def _file_reader(path: Path) -> Callable[[], bytes]:
    return path.read_bytes


def media_line(item: dict) -> Attachment:
    """The attachment of a `salesbot chat --jsonl` media line: {"voice": PATH}, {"photo": PATH} or
    {"location": {"lat", "lon", "label"}}; ValueError for a line that is none of these."""
    if "location" in item:
        loc = item["location"]
        if not isinstance(loc, dict):
            raise ValueError('"location" must be an object {"lat", "lon", "label"}')
        return location(loc.get("lat"), loc.get("lon"), loc.get("label") or "")
    kind = "voice" if "voice" in item else "photo"
    path = Path(str(item[kind] or "")).expanduser()
    if not item[kind] or not path.is_file():
        raise ValueError(f"cannot read {kind} file {item[kind]!r}")
    ref = voice_ref(str(path)) if kind == "voice" else photo_ref(str(path))
    return Attachment(kind=kind, ref=ref, fetch=_file_reader(path))


def telegram_attachment(m, settings) -> Attachment | None:
    """The media of a Telegram message (python-telegram-bot's Message): a voice note (or an audio file),
    a location or venue, a photo; None for anything else. `settings`: TelegramSettings."""
    from bot.media import telegram_file
    from domain.settings import secret

    if m.location is not None:
        venue = m.venue
        label = " ".join(x for x in (venue.title, venue.address) if x) if venue is not None else ""
        return location(m.location.latitude, m.location.longitude, label)
    voice = m.voice or m.audio
    if voice is not None:
        fid = voice.file_id
        return Attachment(kind="voice", ref=voice_ref(f"telegram:{fid}"),
                          fetch=lambda: telegram_file(settings.api_base_url, secret(settings.token), fid))
    if m.photo:
        pid = m.photo[-1].file_id  # the largest size Telegram made
        return Attachment(kind="photo", ref=photo_ref(f"telegram:{pid}"),
                          fetch=lambda: telegram_file(settings.api_base_url, secret(settings.token), pid))
    return None


def wecom_attachment(data: dict) -> Attachment | None:
    """The media of a WeCom app message or event: a voice message WeCom did not transcribe itself, an
    image (their MediaId, fetched later by bind_wecom), a location message (Location_X/Y, Label) or a LOCATION event
    (Latitude/Longitude: passive, no label); None for anything else."""
    kind = str(data.get("MsgType") or "").lower()
    if kind == "voice" and data.get("MediaId") and not str(data.get("Recognition") or "").strip():
        return Attachment(kind="voice", ref=voice_ref(f"wecom:{data['MediaId']}"))
    if kind == "image" and data.get("MediaId"):
        return Attachment(kind="photo", ref=photo_ref(f"wecom:{data['MediaId']}"))
    if kind == "location":
        return location(data.get("Location_X"), data.get("Location_Y"), data.get("Label") or "")
    if kind == "event" and str(data.get("Event") or "").lower() == "location":
        att = location(data.get("Latitude"), data.get("Longitude"), "")
        att.passive = True
        return att
    return None


def bind_wecom(msg: InboundMessage | None, api, loop) -> None:
    """Let a WeCom voice message or image be downloaded (media/get) from a worker thread through the channel's
    own API client (its cached token), which lives on `loop`."""
    from functools import partial

    from bot.media import in_loop, wecom_media

    att = msg.attachment if msg is not None else None
    for prefix in (voice_ref("wecom:"), photo_ref("wecom:")):
        if att is not None and att.ref.startswith(prefix):
            att.fetch = in_loop(loop, partial(wecom_media, api, att.ref[len(prefix):]))
