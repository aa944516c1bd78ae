"""One polite HTTP client for every online service: timeouts, retries, rate limits, caps.

Every request the app makes goes through `HttpClient.get`, so docs/online.md can list them
and tests can point every service at a local server through the base-URL settings.

httpx's timeouts bound each network operation, not a request: a server that sends one byte
every few seconds (headers or body) would hold a request forever, and an endless body would
fill the memory. So every request also has a deadline for the whole answer, applied to
every socket read (`online/deadline.py`), and a cap on the size of the body it reads.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

from papershelf import __version__
from papershelf.core.errors import PapershelfError

if TYPE_CHECKING:
    import httpx

    from papershelf.config.settings import Settings

# httpx and httpcore (~40-70 ms) are imported by the first client, i.e. when a request is
# about to be made: the window and the command line import this module (through the
# lookups and the ops) on every start, and most starts make no request.

RETRY_STATUSES = frozenset({429, 500, 502, 503, 504})

MAX_BODY_BYTES = 128 * 1024 * 1024
"""The largest answer read by default (an arXiv PDF is at most 50 MB); more is refused."""
DEADLINE_FACTOR = 8
"""A whole answer must arrive within this many `http_timeout`s (2 minutes by default)."""


class ServiceError(PapershelfError):
    """A request that failed for good; `str()` names the service, the URL and the reason."""

    def __init__(
        self,
        service: str,
        url: str,
        reason: str,
        *,
        status: int | None = None,
        retry_after: float | None = None,
    ):
        super().__init__(f"{service}: {reason} ({url})")
        self.service = service
        self.url = url
        self.reason = reason
        self.status = status
        self.retry_after = retry_after
        """Seconds the server asked us to wait (HTTP Retry-After), if it said."""


class OfflineError(ServiceError):
    """The service could not be reached at all (no network, DNS, refused connection)."""


ONLINE_OFF = "online lookups are turned off (papershelf config online true)"


class OnlineDisabledError(OfflineError):
    """The library's `online` setting is off: the request was refused before it was made."""

    def __init__(self, service: str, url: str) -> None:
        super().__init__(service, url, ONLINE_OFF)
        self.args = (f"{service}: {ONLINE_OFF}",)


class HttpClient:
    """GET with a per-host minimum interval, retries with backoff, and clear errors.

    Thread-safe: the GUI's workers may share one client; the interval is kept per host
    across threads.
    """

    def __init__(
        self,
        settings: Settings,
        *,
        sleep: Callable[[float], None] = time.sleep,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.settings = settings
        self._sleep = sleep
        self._clock = clock
        self._lock = threading.Lock()
        self._next_allowed: dict[str, float] = {}
        self._intervals: dict[str, float] = {}
        import httpx

        from papershelf.online.deadline import deadline_transport

        contact = f"; mailto:{settings.contact_email}" if settings.contact_email else ""
        self._client = httpx.Client(
            timeout=httpx.Timeout(settings.http_timeout),
            follow_redirects=True,
            headers={"User-Agent": f"Papershelf/{__version__} (desktop reading list{contact})"},
            transport=deadline_transport(),
        )
        self.requests_made = 0
        """Requests sent (retries included); tests use it to check batching."""

    def close(self) -> None:
        self._client.close()

    def __enter__(self) -> HttpClient:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def set_interval(self, base_url: str, seconds: float) -> None:
        """Ask for at least `seconds` between two requests to the host of `base_url`."""
        self._intervals[urlsplit(base_url).netloc] = seconds

    def _wait_turn(self, host: str) -> None:
        interval = self._intervals.get(host, 0.0)
        with self._lock:
            now = self._clock()
            start = max(now, self._next_allowed.get(host, now))
            self._next_allowed[host] = start + interval
        if start > now:
            self._sleep(start - now)

    def get(
        self,
        service: str,
        url: str,
        *,
        params: Mapping[str, str | int] | None = None,
        headers: Mapping[str, str] | None = None,
        ok_statuses: frozenset[int] = frozenset({200}),
        max_bytes: int = MAX_BODY_BYTES,
        deadline: float | None = None,
    ) -> httpx.Response:
        """The response for a GET, after up to `settings.http_retries` retries.

        Args:
            service: the service's name, for messages.
            url: what to get.
            params: query parameters.
            headers: extra request headers.
            ok_statuses: the statuses that count as an answer.
            max_bytes: the largest body read; a larger one is refused, not read.
            deadline: seconds the whole answer may take (default: `DEADLINE_FACTOR` ×
                `settings.http_timeout`), however steadily a slow server sends it.

        Raises `OfflineError` when the host cannot be reached and `ServiceError` for a
        timeout, an HTTP status outside `ok_statuses`, a broken connection, an answer larger
        than `max_bytes` or slower than the deadline (these two are not retried), and
        `OnlineDisabledError` at once, before any connection, when `settings.online` is off.
        """
        if not self.settings.online:  # the one gate: every request of the app passes here
            raise OnlineDisabledError(service, url)
        import httpx

        from papershelf.online.deadline import DeadlineError

        host = urlsplit(url).netloc
        attempts = 1 + max(0, self.settings.http_retries)
        allowed = deadline if deadline is not None else self.settings.http_timeout * DEADLINE_FACTOR
        last: ServiceError | None = None
        for attempt in range(attempts):
            if attempt:
                self._sleep(self._backoff(attempt, last))
            self._wait_turn(host)
            self.requests_made += 1
            until = time.monotonic() + allowed
            try:
                response = self._fetch(url, params, headers, until, max_bytes)
            except _TooLargeError as exc:
                raise ServiceError(
                    service, url, f"gave up: the answer is larger than {_size(exc.limit)}"
                ) from None
            except httpx.ConnectError as exc:
                last = OfflineError(service, url, f"cannot connect ({_reason(exc)})")
                continue
            except (httpx.TimeoutException, DeadlineError):
                if time.monotonic() >= until:
                    raise ServiceError(
                        service, url, f"gave up: the answer took longer than {allowed:g} s"
                    ) from None
                last = ServiceError(
                    service, url, f"no answer within {self.settings.http_timeout:g} s"
                )
                continue
            except httpx.HTTPError as exc:
                last = ServiceError(service, url, _reason(exc))
                continue
            if response.status_code in ok_statuses:
                return response
            last = ServiceError(
                service,
                url,
                f"HTTP {response.status_code} {response.reason_phrase}".rstrip(),
                status=response.status_code,
                retry_after=_retry_after(response),
            )
            if response.status_code not in RETRY_STATUSES:
                break
        assert last is not None
        raise last

    def _fetch(
        self,
        url: str,
        params: Mapping[str, str | int] | None,
        headers: Mapping[str, str] | None,
        until: float,
        max_bytes: int,
    ) -> httpx.Response:
        """Send the request and read the body, within the deadline and the size cap."""
        from papershelf.online.deadline import DeadlineError, deadline

        request = self._client.build_request("GET", url, params=params, headers=headers)
        with deadline(until):
            response = self._client.send(request, stream=True)
            try:
                declared = response.headers.get("Content-Length", "")
                if declared.isdigit() and int(declared) > max_bytes:
                    raise _TooLargeError(max_bytes)
                chunks: list[bytes] = []
                size = 0
                for chunk in response.iter_bytes():  # decoded: a gzip bomb is capped too
                    size += len(chunk)
                    if size > max_bytes:
                        raise _TooLargeError(max_bytes)
                    if time.monotonic() > until:
                        raise DeadlineError
                    chunks.append(chunk)
            finally:
                response.close()
        # What `Response.read()` does, from the chunks read under our limits.
        response._content = b"".join(chunks)
        return response

    @staticmethod
    def _backoff(attempt: int, last: ServiceError | None) -> float:
        if last is not None and last.retry_after is not None:
            return min(last.retry_after, 60.0)
        return float(min(0.5 * 2.0 ** (attempt - 1), 8.0))


def _reason(exc: Exception) -> str:
    return str(exc) or type(exc).__name__


def _size(n: int) -> str:
    if n >= 1024 * 1024 and n % (1024 * 1024) == 0:
        return f"{n // (1024 * 1024)} MB"
    return f"{n:,} bytes"


class _TooLargeError(Exception):
    def __init__(self, limit: int) -> None:
        super().__init__(limit)
        self.limit = limit


def _retry_after(response: httpx.Response) -> float | None:
    value = response.headers.get("Retry-After")
    if not value:
        return None
    try:
        return max(0.0, float(value))
    except ValueError:
        pass
    from email.utils import parsedate_to_datetime

    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    return max(0.0, when.timestamp() - time.time())


PERMANENT_STATUSES = frozenset({400, 401, 403, 404, 410})
"""Answers that asking again later will not change."""


@dataclass(frozen=True)
class LookupFailure:
    """Why one identifier could not be looked up, and whether asking later may succeed."""

    reason: str
    transient: bool
    """Offline, a timeout, a server error or an unreadable answer: worth a later retry."""
    offline: bool = False

    @classmethod
    def from_error(cls, error: ServiceError) -> LookupFailure:
        if isinstance(error, OfflineError):
            return cls(str(error), transient=True, offline=True)
        return cls(str(error), transient=error.status not in PERMANENT_STATUSES)
