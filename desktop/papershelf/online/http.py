"""One polite HTTP client for every online service: timeouts, retries, rate limits.

Every request the app makes goes through `HttpClient.get`, so docs/online.md can list them
and tests can point every service at a local server through the base-URL settings.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from email.utils import parsedate_to_datetime
from urllib.parse import urlsplit

import httpx

from papershelf import __version__
from papershelf.config.settings import Settings
from papershelf.core.errors import PapershelfError

RETRY_STATUSES = frozenset({429, 500, 502, 503, 504})


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
        contact = f"; mailto:{settings.contact_email}" if settings.contact_email else ""
        self._client = httpx.Client(
            timeout=httpx.Timeout(settings.http_timeout),
            follow_redirects=True,
            headers={"User-Agent": f"Papershelf/{__version__} (desktop reading list{contact})"},
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
    ) -> httpx.Response:
        """The response for a GET, after up to `settings.http_retries` retries.

        Raises `OfflineError` when the host cannot be reached and `ServiceError` for a
        timeout, an HTTP status outside `ok_statuses` or a broken connection.
        """
        host = urlsplit(url).netloc
        attempts = 1 + max(0, self.settings.http_retries)
        last: ServiceError | None = None
        for attempt in range(attempts):
            if attempt:
                self._sleep(self._backoff(attempt, last))
            self._wait_turn(host)
            self.requests_made += 1
            try:
                response = self._client.get(url, params=params, headers=headers)
            except httpx.ConnectError as exc:
                last = OfflineError(service, url, f"cannot connect ({_reason(exc)})")
                continue
            except httpx.TimeoutException:
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

    @staticmethod
    def _backoff(attempt: int, last: ServiceError | None) -> float:
        if last is not None and last.retry_after is not None:
            return min(last.retry_after, 60.0)
        return float(min(0.5 * 2.0 ** (attempt - 1), 8.0))


def _reason(exc: Exception) -> str:
    return str(exc) or type(exc).__name__


def _retry_after(response: httpx.Response) -> float | None:
    value = response.headers.get("Retry-After")
    if not value:
        return None
    try:
        return max(0.0, float(value))
    except ValueError:
        pass
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
