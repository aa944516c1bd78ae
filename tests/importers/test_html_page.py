"""A copied or saved web page gives each linked paper its identifier, with no request."""

from __future__ import annotations

from papershelf.importers.html_page import HtmlPageImporter, paper_link
from papershelf.importers.registry import choose_importer

# The shape of the Daily Papers page: each card links the paper three times (thumbnail,
# title, comments), with relative links.
DAILY_PAGE = """<!doctype html><html><head><title>Daily Papers - Hugging Face</title>
<script>var x = "<a href='/papers/9999.99999'>not a paper</a>";</script></head><body>
<article><a href="/papers/2410.17243"><img src="t.png"></a>
<h3><a href="/papers/2410.17243">Breaking the Memory Barrier: Near Infinite Batch Size
Scaling for Contrastive Loss</a></h3>
<a href="/papers/2410.17243#community">12 comments</a><div>Submitted by AK · 85 upvotes</div>
</article>
<article><a href="/papers/2410.18057"><img src="t.png"></a>
<h3><a href="/papers/2410.18057">CLEAR: Character Unlearning in Textual and Visual
Modalities</a></h3>
</article></body></html>"""

# arXiv's listing: the link text is the id; the title is in the block after it.
ARXIV_LIST = """<html><body><dl>
<dt><a href="/abs/2401.00001" title="Abstract">arXiv:2401.00001</a>
 [<a href="/pdf/2401.00001" title="Download PDF">pdf</a>]</dt>
<dd><div class="list-title mathjax"><span class="descriptor">Title:</span>
 Sparse Attention for Long Documents</div><div class="list-authors">A. Author</div></dd>
<dt><a href="/abs/2401.00002">arXiv:2401.00002</a></dt>
<dd><div class="list-title">Title: Rectified Flow Matching at Scale</div></dd>
</dl></body></html>"""

LAB_PAGE = """<ul>
<li><a href="https://doi.org/10.1145/3597503.3639130">Fuzzing the Kernel with Grammars</a>,
 ICSE 2024. [<a href="https://arxiv.org/pdf/2312.00001v2.pdf">PDF</a>]</li>
<li>Graph Transport Without Tears.
 <a href="https://openreview.net/forum?id=AbC123xyz">OpenReview</a></li>
<li><a href="https://example.org/talk">A talk about nothing in particular</a></li>
</ul>"""


def test_the_daily_papers_page_gives_each_paper_its_arxiv_id_once() -> None:
    result = HtmlPageImporter().parse(DAILY_PAGE)
    assert [(d.arxiv_id, d.title) for d in result.drafts] == [
        (
            "2410.17243",
            "Breaking the Memory Barrier: Near Infinite Batch Size Scaling for Contrastive Loss",
        ),
        ("2410.18057", "CLEAR: Character Unlearning in Textual and Visual Modalities"),
    ]
    assert not result.skipped
    assert choose_importer(DAILY_PAGE).name == "html"


def test_an_arxiv_listing_takes_the_title_below_the_id() -> None:
    drafts = HtmlPageImporter().parse(ARXIV_LIST).drafts
    assert [(d.arxiv_id, d.title) for d in drafts] == [
        ("2401.00001", "Sparse Attention for Long Documents"),
        ("2401.00002", "Rectified Flow Matching at Scale"),
    ]


def test_a_publication_list_links_dois_and_openreview() -> None:
    result = HtmlPageImporter().parse(LAB_PAGE)
    assert [(d.title, d.doi, d.arxiv_id, d.url) for d in result.drafts] == [
        # One entry with a DOI link and its arXiv PDF is one paper with both ids.
        ("Fuzzing the Kernel with Grammars", "10.1145/3597503.3639130", "2312.00001", None),
        # The link reads "OpenReview": the entry's own text is the title.
        (
            "Graph Transport Without Tears",
            None,
            None,
            "https://openreview.net/forum?id=AbC123xyz",
        ),
    ]
    assert not result.skipped  # the talk links no paper: not an entry at all


def test_a_paper_link_with_no_title_near_it_is_reported() -> None:
    result = HtmlPageImporter().parse('<p><a href="https://arxiv.org/abs/2401.00003">pdf</a></p>')
    assert result.drafts == []
    assert [s.reason for s in result.skipped] == ["a link to arxiv:2401.00003 has no title near it"]


def test_links_that_name_papers() -> None:
    assert paper_link("https://huggingface.co/papers/2410.17243") == ("arxiv", "2410.17243")
    assert paper_link("https://arxiv.org/abs/hep-th/9901001v3") == ("arxiv", "hep-th/9901001")
    assert paper_link("https://arxiv.org/pdf/2312.00001v2.pdf") == ("arxiv", "2312.00001")
    assert paper_link("https://dx.doi.org/10.1038/SREP16696") == ("doi", "10.1038/srep16696")
    assert paper_link("https://openreview.net/forum?id=AbC") == ("openreview", "AbC")
    assert paper_link("https://huggingface.co/models") is None
    assert paper_link("/papers/trending") is None
