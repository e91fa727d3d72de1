"""Voice notes and check-ins through the real channels: a Telegram webhook (the voice file downloaded
with getFile from a local Bot API) and the WeCom callback (the AMR downloaded with its MediaId through
a local media/get), transcribed by a local /audio/transcriptions server."""

from __future__ import annotations

import time

import pytest
from sqlalchemy import text

from domain.settings import AsrSettings, Settings
from storage.db import make_engine
from tests.bot_support import REP_TG, load_team, settings_for, start, wait_until, wecom_aes_key
from tests.fakes.asr_api import FakeAsr
from tests.fakes.http_base import RawBody, Request
from tests.fakes.telegram_api import FakeTelegram, text_update
from tests.fakes.wecom_api import FakeWecom
from tests.media_support import amr_nb, card_jpeg, ogg_opus
from tests.test_bot_telegram import hook
from tests.wecom_support import SEND, deliver, message_xml

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")


class TelegramFiles(FakeTelegram):
    """The local Bot API, also serving files: getFile → file_path, GET /file/bot<token>/<file_path>."""

    def __init__(self) -> None:
        super().__init__()
        self.files: dict[str, bytes] = {}

    def handle(self, req: Request):
        if req.path == f"/bot{self.token}/getFile":
            fid = req.query.get("file_id", "")
            if fid not in self.files:
                return 400, {"ok": False, "error_code": 400, "description": "Bad Request: invalid file_id"}
            return 200, {"ok": True, "result": {"file_id": fid, "file_unique_id": "u", "file_path": f"voice/{fid}.oga"}}
        prefix = f"/file/bot{self.token}/voice/"
        if req.path.startswith(prefix):
            return 200, RawBody(self.files[req.path[len(prefix):-len(".oga")]])
        return super().handle(req)


class WecomMedia(FakeWecom):
    """The local WeCom API, also serving temporary media: GET /cgi-bin/media/get?access_token&media_id."""

    def __init__(self) -> None:
        super().__init__()
        self.media: dict[str, bytes] = {}
        self.fetched: list[str] = []

    def handle(self, req: Request):
        if req.path == "/cgi-bin/media/get":
            if req.query.get("access_token") != self.token:
                return 200, {"errcode": 42001, "errmsg": "access_token expired"}
            self.fetched.append(req.query.get("media_id", ""))
            data = self.media.get(req.query.get("media_id", ""))
            return (200, RawBody(data)) if data else (200, {"errcode": 40007, "errmsg": "invalid media_id"})
        return super().handle(req)


@pytest.fixture
def asr():
    server = FakeAsr()
    yield server
    server.close()


def with_asr(settings: Settings, server: FakeAsr) -> Settings:
    settings.asr = AsrSettings(provider="openai", model="whisper-1", base_url=server.url + "/v1", timeout=5)
    return settings


def sql(db_url: str, query: str) -> list[tuple]:
    with make_engine(db_url).connect() as c:
        return [tuple(r) for r in c.execute(text(query))]


VISITS = "SELECT customer_id, kind FROM activities WHERE message_id IS NOT NULL"
CHECKINS = "SELECT user_id, label, lat, lon, activity_id IS NOT NULL FROM checkins ORDER BY id"


@pytest.fixture
def tg():
    fake = TelegramFiles()
    yield fake
    fake.close()


@pytest.fixture
def tg_bot(tg, asr, db_url, tmp_path):
    load_team(db_url, tmp_path, Settings().org.tz)
    served = start(with_asr(settings_for(telegram_url=tg.base_url), asr), db_url)
    yield served
    served.close()


def tg_message(update_id: int, **fields) -> dict:
    upd = text_update(update_id, REP_TG, "x")
    del upd["message"]["text"]
    upd["message"].update(fields)
    return upd


def test_telegram_voice_note_is_transcribed_and_logged(tg_bot, tg, asr, db_url):
    tg.files["VOICE1"] = ogg_opus(2.0)
    asr.transcript = "今天拜访了明德食品的邱总，聊了报价"
    voice = {"file_id": "VOICE1", "file_unique_id": "v1", "duration": 2, "mime_type": "audio/ogg"}
    assert hook(tg_bot, tg_message(301, voice=voice)).status_code == 200
    said = tg.wait_for("sendMessage")[0]["params"]["text"]
    assert said.startswith("🎤 今天拜访了明德食品的邱总，聊了报价\n") and "✅" in said
    assert sql(db_url, VISITS) == [("C1", "visit")]
    assert sql(db_url, "SELECT text FROM inbound_messages") == [("[voice] telegram:VOICE1",)]


def test_telegram_voice_with_the_speech_service_down(tg_bot, tg, asr, db_url):
    tg.files["VOICE2"] = ogg_opus(1.0)
    asr.mode = "error"
    voice = {"file_id": "VOICE2", "file_unique_id": "v2", "duration": 1}
    hook(tg_bot, tg_message(302, voice=voice))
    said = tg.wait_for("sendMessage")[0]["params"]["text"]
    assert "暂时不可用" in said and "🎤" not in said
    assert sql(db_url, VISITS) == []
    assert sql(db_url, "SELECT text, status FROM inbound_messages") == [("[voice] telegram:VOICE2", "done")]


def test_telegram_location_is_a_check_in(tg_bot, tg, db_url):
    loc = {"latitude": 30.2741, "longitude": 120.1551}
    venue = {"location": loc, "title": "明德食品", "address": "文三路 90 号"}
    hook(tg_bot, tg_message(303, location=loc, venue=venue))
    said = tg.wait_for("sendMessage")[0]["params"]["text"]
    assert said.startswith("📍 明德食品 文三路 90 号\n")
    assert sql(db_url, CHECKINS) == [("R01", "明德食品 文三路 90 号", 30.2741, 120.1551, False)]


def test_telegram_photo_gets_a_polite_answer(tg_bot, tg, db_url):
    photo = [{"file_id": "P1", "file_unique_id": "p1", "width": 90, "height": 60}]
    hook(tg_bot, tg_message(304, photo=photo))
    assert "收到图片" in tg.wait_for("sendMessage")[0]["params"]["text"]
    assert sql(db_url, "SELECT text FROM inbound_messages") == [("[photo] telegram:P1",)]


@pytest.fixture
def wx():
    fake = WecomMedia()
    yield fake
    fake.close()


@pytest.fixture
def key():
    return wecom_aes_key()


@pytest.fixture
def wx_bot(wx, key, asr, db_url, tmp_path):
    load_team(db_url, tmp_path, Settings().org.tz)
    served = start(with_asr(settings_for(wecom_url=wx.url, aes_key=key), asr), db_url)
    yield served
    served.close()


def test_wecom_amr_voice_is_downloaded_transcribed_and_logged(wx_bot, wx, key, asr, db_url):
    wx.media["MEDIA-AMR-1"] = amr_nb(3.0)
    asr.transcript = "Visited Acme today, talked about pricing with Mary"
    deliver(wx_bot, key, message_xml("voice", "<MediaId><![CDATA[MEDIA-AMR-1]]></MediaId><Format><![CDATA[amr]]></Format>"))
    said = wx.wait_for(SEND)[0]["json"]["text"]["content"]
    assert said.startswith("🎤 Visited Acme today, talked about pricing with Mary\n")
    assert wx.fetched == ["MEDIA-AMR-1"]
    assert abs(asr.requests[0]["seconds"] - 3.0) < 0.1
    assert sql(db_url, VISITS) == [("C6", "visit")]


def test_wecom_voice_that_cannot_be_downloaded_is_a_polite_reply(wx_bot, wx, key, asr, db_url):
    deliver(wx_bot, key, message_xml("voice", "<MediaId><![CDATA[GONE]]></MediaId>", "9002"))
    said = wx.wait_for(SEND)[0]["json"]["text"]["content"]
    assert "没能取到" in said
    assert asr.requests == [] and sql(db_url, VISITS) == []
    assert sql(db_url, "SELECT text, status FROM inbound_messages") == [("[voice] wecom:GONE", "done")]


def test_wecom_location_message_and_location_events(wx_bot, wx, key, db_url):
    t0 = int(time.time())
    event = "<Event><![CDATA[LOCATION]]></Event><Latitude>23.1</Latitude><Longitude>113.3</Longitude>" \
            "<Precision>30</Precision>"
    deliver(wx_bot, key, message_xml("event", event, None, created=t0 - 60))  # the app reports where the rep is
    assert wx.wait_for(SEND)[0]["json"]["text"]["content"].startswith("📍 23.10000, 113.30000\n")
    deliver(wx_bot, key, message_xml("location", "<Location_X>23.134521</Location_X><Location_Y>113.358803</Location_Y>"
                                            "<Scale>20</Scale><Label><![CDATA[广州市天河区体育西路]]></Label>", "9003"))
    assert wx.wait_for(SEND, 2)[1]["json"]["text"]["content"].startswith("📍 广州市天河区体育西路\n")
    deliver(wx_bot, key, message_xml("event", event, None, created=t0 - 5))  # within 30 min of the last: not kept
    assert wait_until(lambda: sql(db_url, "SELECT count(*) FROM inbound_messages WHERE status = 'done'")
                      == [(3,)])
    assert sql(db_url, CHECKINS) == [("R01", "", 23.1, 113.3, False),
                                     ("R01", "广州市天河区体育西路", 23.134521, 113.358803, False)]
    assert len(wx.sent(SEND)) == 2


def test_wecom_image_of_a_card_is_downloaded_and_read(wx_bot, wx, key, db_url):
    wx.media["MEDIA-IMG-1"] = card_jpeg([("Acme Robotics Inc.", 40), ("Mary Walker", 56), ("Chief Technology Officer", 30),
                                         ("Mobile: +1 415 555 0142", 28), ("mary.walker@acme-robotics.com", 28)])
    deliver(wx_bot, key, message_xml("image", "<PicUrl><![CDATA[http://example.invalid/p.jpg]]></PicUrl>"
                                         "<MediaId><![CDATA[MEDIA-IMG-1]]></MediaId>", "9010"))
    lines = wx.wait_for(SEND, timeout=30)[0]["json"]["text"]["content"].splitlines()
    assert lines[0] == "📇 名片："
    assert {"姓名：Mary Walker", "公司：Acme Robotics Inc.", "邮箱：mary.walker@acme-robotics.com",
            "客户：Acme Robotics Inc.（已有客户）", "Mary Walker 已是这个客户的联系人：保存会更新职位、电话、邮箱。",
            "1. 保存", "2. 修改", "3. 取消"} <= set(lines)  # proposed, the buttons as numbered lines
    assert wx.fetched == ["MEDIA-IMG-1"]
