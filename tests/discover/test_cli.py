"""`papershelf feeds`, `inbox` and `triage` against the local server."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from papershelf.cli.main import main
from papershelf.config.settings import save_setting
from pytest_httpserver import HTTPServer

Capture = pytest.CaptureFixture[str]


@pytest.fixture
def lib_dir(tmp_path: Path, server: HTTPServer, monkeypatch: pytest.MonkeyPatch) -> Path:
    base = server.url_for("").rstrip("/")
    monkeypatch.setenv("PAPERSHELF_HF_API", base)
    monkeypatch.setenv("PAPERSHELF_ARXIV_API", base)
    path = tmp_path / "lib"
    path.mkdir()
    save_setting(path, "http_retries", 0)
    save_setting(path, "http_timeout", 2)
    monkeypatch.setenv("PAPERSHELF_LIBRARY", str(path))
    return path


def run_json(capsys: Capture, *argv: str) -> object:
    assert main([*argv, "--json"]) == 0
    return json.loads(capsys.readouterr().out)


def test_subscribe_fetch_list_and_triage(
    lib_dir: Path, server: HTTPServer, daily_json: bytes, capsys: Capture
) -> None:
    # Today's list is asked for; the recorded one stands in for it.
    server.expect_request("/api/daily_papers").respond_with_data(
        daily_json, content_type="application/json"
    )
    assert main(["feeds", "add", "daily-papers"]) == 0
    assert "subscribed to Hugging Face Daily Papers (feed 1)" in capsys.readouterr().out

    assert main(["feeds", "fetch"]) == 0
    out = capsys.readouterr().out
    assert "Hugging Face Daily Papers: 29 new of 29" in out
    assert "inbox: 29 to triage (29 unseen)" in out

    items = run_json(capsys, "inbox")
    assert isinstance(items, list)
    assert len(items) == 29
    keys = {"id", "title", "authors", "abstract", "arxiv_id", "sources", "seen", "state"}
    assert keys | {"hf_upvotes", "published"} <= set(items[0])
    assert items[0]["sources"] == ["Hugging Face Daily Papers"]
    assert items[0]["seen"] is False
    assert items[0]["state"] == "new"

    first, second, third = (str(i["id"]) for i in items[:3])
    result = run_json(capsys, "triage", first, second, "add", "--tag", "from-inbox")
    assert isinstance(result, dict)
    assert len(result["paper_ids"]) == 2
    assert main(["triage", third, "read"]) == 0
    assert "added 1 item as Reading" in capsys.readouterr().out

    to_read = run_json(capsys, "list", "--status", "to-read")
    assert isinstance(to_read, list)
    assert {p["arxiv_id"] for p in to_read} == {items[0]["arxiv_id"], items[1]["arxiv_id"]}
    assert all(p["tags"] == ["from-inbox"] for p in to_read)
    reading = run_json(capsys, "list", "--status", "reading")
    assert isinstance(reading, list)
    assert reading[0]["arxiv_id"] == items[2]["arxiv_id"]

    remaining = run_json(capsys, "inbox")
    assert isinstance(remaining, list)
    assert len(remaining) == 26
    everything = run_json(capsys, "inbox", "--all")
    assert isinstance(everything, list)
    assert len(everything) == 29

    assert main(["inbox", "--related", "--limit", "2"]) == 0
    assert "~ #" in capsys.readouterr().out  # nearest library papers under each item


def test_bad_input_is_named(lib_dir: Path, capsys: Capture) -> None:
    assert main(["feeds", "add", "arxiv:cs LG"]) == 1
    assert "not an arXiv category" in capsys.readouterr().err
    assert main(["feeds", "add", "gopher://x"]) == 1
    assert "unknown feed 'gopher://x'" in capsys.readouterr().err
    assert main(["feeds", "add", "https://example.org/rss", "--include", "title:(x"]) == 1
    assert "--include filter" in capsys.readouterr().err
    assert main(["feeds", "add", "daily-papers"]) == 0
    assert main(["feeds", "add", "hf"]) == 1
    assert "already subscribed" in capsys.readouterr().err
    assert main(["triage", "99", "add"]) == 1
    assert "no inbox item with id 99" in capsys.readouterr().err
    assert main(["triage", "1", "keep"]) == 1
    assert "unknown triage action 'keep'" in capsys.readouterr().err
    assert main(["feeds", "remove"]) == 1
    assert "needs a feed id" in capsys.readouterr().err


def test_one_failing_feed_gives_exit_code_2_and_is_listed(
    lib_dir: Path, server: HTTPServer, daily_json: bytes, capsys: Capture
) -> None:
    server.expect_request("/api/daily_papers").respond_with_data(
        daily_json, content_type="application/json"
    )
    server.expect_request("/gone.xml").respond_with_data("gone", status=404)
    main(["feeds", "add", "daily-papers"])
    main(["feeds", "add", server.url_for("/gone.xml"), "--name", "Gone"])
    capsys.readouterr()

    assert main(["feeds", "fetch"]) == 2
    assert "Gone: error: Gone: HTTP 404" in capsys.readouterr().out
    feeds = run_json(capsys, "feeds", "list")
    assert isinstance(feeds, list)
    assert [f["last_error"] is None for f in feeds] == [True, False]

    assert main(["feeds", "remove", "2"]) == 0
    assert main(["feeds", "remove", "1"]) == 0
    assert "unsubscribed from Hugging Face Daily Papers (feed 1)" in capsys.readouterr().out
    assert run_json(capsys, "inbox") == []  # new items of a removed feed leave with it
