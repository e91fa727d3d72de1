"""The HTTP client the optional LLM is reached through: its answer is read at most MAX_RESPONSE
bytes (an endpoint that streams megabytes is cut off, never held in memory) and never
decompressed (identity encoding asked; a compressed answer stays unreadable instead of
expanding), within the configured timeout."""

from __future__ import annotations

from collections.abc import Iterator

import httpx

MAX_RESPONSE = 1024 * 1024  # a structured reading is a few hundred bytes


class ResponseTooLarge(httpx.ReadError):
    """The endpoint sent more than MAX_RESPONSE bytes."""


class _CappedStream(httpx.SyncByteStream):
    def __init__(self, inner: httpx.SyncByteStream, cap: int) -> None:
        self.inner, self.cap = inner, cap

    def __iter__(self) -> Iterator[bytes]:
        seen = 0
        for chunk in self.inner:
            seen += len(chunk)
            if seen > self.cap:
                raise ResponseTooLarge(f"LLM response over {self.cap} bytes")
            yield chunk

    def close(self) -> None:
        self.inner.close()


class CappedTransport(httpx.HTTPTransport):
    """httpx transport whose responses are cut at `cap` bytes and passed on undecoded."""

    def __init__(self, cap: int = MAX_RESPONSE, **kw) -> None:
        super().__init__(**kw)
        self.cap = cap

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        request.headers["Accept-Encoding"] = "identity"
        resp = super().handle_request(request)
        declared = resp.headers.get("content-length", "")
        if declared.isdigit() and int(declared) > self.cap:
            resp.close()
            raise ResponseTooLarge(f"LLM response of {declared} bytes refused")
        headers = [(k, v) for k, v in resp.headers.raw if k.lower() != b"content-encoding"]
        assert isinstance(resp.stream, httpx.SyncByteStream)
        return httpx.Response(resp.status_code, headers=headers, stream=_CappedStream(resp.stream, self.cap),
                              extensions=resp.extensions, request=request)


def capped_client(timeout: float, cap: int = MAX_RESPONSE) -> httpx.Client:
    """A client for one LLM call (close it after)."""
    return httpx.Client(transport=CappedTransport(cap), timeout=timeout)
