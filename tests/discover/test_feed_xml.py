"""The generic RSS/Atom reader used for feeds given by URL."""

from __future__ import annotations

import pytest
from papershelf.core.errors import ImportFormatError
from papershelf.importers.feed_xml import parse_feed

from tests.conftest import shared_file
from tests.discover.conftest import ARXIV_QUERY

# The shape of rss.arxiv.org items (RSS 2.0 with dc:creator and an "Announce Type" prefix).
ARXIV_RSS = """<?xml version='1.0' encoding='UTF-8'?>
<rss xmlns:dc="http://purl.org/dc/elements/1.1/" version="2.0">
  <channel>
    <title>cs.LG updates on arXiv.org</title>
    <item>
      <title>Sparse Mixtures for Tiny Models</title>
      <link>https://arxiv.org/abs/2410.12345</link>
      <description>arXiv:2410.12345v1 Announce Type: new
Abstract: We make &lt;i&gt;tiny&lt;/i&gt; models sparse.</description>
      <guid isPermaLink="false">oai:arXiv.org:2410.12345v1</guid>
      <pubDate>Fri, 25 Oct 2024 00:00:00 -0400</pubDate>
      <dc:creator>Ada Lovelace, Alan Turing</dc:creator>
    </item>
    <item>
      <title>A blog post about a journal paper</title>
      <link>https://doi.org/10.1000/XYZ.123</link>
      <author>editor@example.org (Grace Hopper)</author>
    </item>
    <item><description>an item without a title is left out</description></item>
  </channel>
</rss>"""


def test_arxiv_style_rss_items_become_drafts() -> None:
    first, second = parse_feed(ARXIV_RSS)
    assert first.draft.title == "Sparse Mixtures for Tiny Models"
    assert (first.draft.arxiv_id, first.draft.arxiv_version) == ("2410.12345", None)
    assert first.draft.authors == ["Ada Lovelace", "Alan Turing"]
    assert first.draft.abstract == "We make tiny models sparse."
    assert first.published is not None
    assert first.published.isoformat() == ("2024-10-25T00:00:00-04:00")
    assert second.draft.doi == "10.1000/xyz.123"
    assert second.draft.arxiv_id is None
    assert second.published is None


def test_an_arxiv_api_atom_feed_reads_as_a_generic_feed() -> None:
    entries = parse_feed(shared_file(ARXIV_QUERY).read_text("utf-8"))
    assert len(entries) == 10
    assert entries[0].draft.arxiv_id == "nucl-ex/0408020"
    assert entries[0].draft.authors[0] == "J. Arrington"
    assert entries[0].published is not None
    assert entries[0].published.year == 2004


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("<html><body>hello</body></html>", "not an RSS or Atom feed"),
        ("{json: true}", "not a readable feed"),
        (
            '<?xml version="1.0"?><!DOCTYPE r [<!ENTITY a "aaaa">]><rss>&a;</rss>',
            "refused for safety",
        ),
    ],
)
def test_what_is_not_a_feed_is_refused_clearly(text: str, message: str) -> None:
    with pytest.raises(ImportFormatError, match=message):
        parse_feed(text, source="https://example.org/feed")
