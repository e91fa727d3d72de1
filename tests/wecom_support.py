"""What a WeCom server sends to our callback, for the tests: a message's XML, sealed as WeCom seals
it (encrypted with the app's EncodingAESKey by wechatpy's crypto, signed with the callback token;
the signature, timestamp and nonce in the query string), and posted. The corp id, agent id and
token are those `tests.bot_support.settings_for` configures."""

from __future__ import annotations

import time
import uuid

import httpx
import xmltodict
from wechatpy.enterprise.crypto import WeChatCrypto

from tests.bot_support import post

CORP_ID, AGENT_ID, CALLBACK_TOKEN = "wwcorp", "1000002", "cbtoken"
SEND = "/cgi-bin/message/send"  # the WeCom API path our replies go to


def crypto(key: str) -> WeChatCrypto:
    return WeChatCrypto(CALLBACK_TOKEN, key, CORP_ID)


def message_xml(kind: str, body: str, msg_id: str | None = "9001", created: int | None = None,
                user: str = "rep1") -> str:
    """A message of `kind` (text, voice, image, location, event …) from `user`; `body` is its own
    elements; no MsgId element when `msg_id` is None (as in events)."""
    mid = f"<MsgId>{msg_id}</MsgId>" if msg_id else ""
    return (f"<xml><ToUserName><![CDATA[{CORP_ID}]]></ToUserName><FromUserName><![CDATA[{user}]]></FromUserName>"
            f"<CreateTime>{created or int(time.time())}</CreateTime><MsgType><![CDATA[{kind}]]></MsgType>"
            f"{body}{mid}<AgentID>{AGENT_ID}</AgentID></xml>")


def text_xml(user: str, text: str, msg_id: str, created: int | None = None) -> str:
    return message_xml("text", f"<Content><![CDATA[{text}]]></Content>", msg_id, created, user)


def sealed(key: str, plain: str, timestamp: int | None = None) -> tuple[bytes, dict[str, str]]:
    """(POST body, query string) of `plain` encrypted and signed at `timestamp` (default: now)."""
    nonce = uuid.uuid4().hex[:10]
    enc = xmltodict.parse(crypto(key).encrypt_message(plain, nonce, str(timestamp or int(time.time()))))["xml"]
    body = (f"<xml><ToUserName><![CDATA[{CORP_ID}]]></ToUserName><Encrypt><![CDATA[{enc['Encrypt']}]]></Encrypt>"
            f"<AgentID><![CDATA[{AGENT_ID}]]></AgentID></xml>")
    return body.encode(), {"msg_signature": enc["MsgSignature"], "timestamp": enc["TimeStamp"], "nonce": enc["Nonce"]}


def deliver(bot, key: str, xml: str, tamper: bool = False) -> httpx.Response:
    """POST `xml` to the served bot's callback as WeCom does (`tamper`: with a wrong signature)."""
    body, query = sealed(key, xml)
    if tamper:
        query["msg_signature"] = "0" * 40
    return post(f"{bot.url}/wecom/callback", content=body, params=query)
