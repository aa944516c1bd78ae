"""Hostile and malformed input: every reader either reads it or says clearly why not.

Hypothesis feeds each importer, the format sniffer, the query parser and the identifier
parsers with random text and with "token soup" built from each format's own syntax (so the
examples get past the first line of the parser). The only exceptions allowed out are our
`PapershelfError`s, whose message is meant for the user. The default run uses `BUDGET`
examples per target; `-m slow` runs `SLOW_BUDGET`.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from papershelf.core.errors import ImportFormatError, PapershelfError
from papershelf.core.identifiers import normalize_doi, parse_arxiv_id, title_key
from papershelf.importers.registry import choose_importer, importers
from papershelf.library import Library
from papershelf.search.query import QueryParser

BUDGET = 400
SLOW_BUDGET = 3000
RUNS: dict[str, int] = {}
"""Examples run per target in this session (printed by `-s`, quoted in docs/reliability.md)."""

BUDGETS = [
    pytest.param(BUDGET, id="default"),
    pytest.param(SLOW_BUDGET, id="slow", marks=pytest.mark.slow),
]

TOKENS: dict[str, list[str]] = {
    "bibtex": [
        "@article{",
        "@misc{",
        "@string{s = ",
        "@comment{",
        "@preamble{",
        "key,",
        "title = {",
        "author = {",
        " and ",
        "}",
        "{",
        '"',
        "year = 20",
        "doi = {10.1/x}",
        "#",
        "=",
        ",",
        "\\'{e}",
        "$\\alpha$",
        "\\",
        "eprint = {2101.00001}",
        "month = jan",
        "\n",
        "%",
    ],
    "ris": [
        "TY  - JOUR\n",
        "TY  - ",
        "ER  - \n",
        "TI  - ",
        "T1  - ",
        "AU  - ",
        "A1  - ",
        "PY  - ",
        "Y1  - 2020/01//",
        "DO  - 10.1/x\n",
        "UR  - http://x\n",
        "AB  - ",
        "JO  - ",
        "KW  - ",
        "\n",
        "\r\n",
        "  - ",
        "-",
        "ER",
        "N1  - ",
    ],
    "csl-json": [
        "[",
        "]",
        "{",
        "}",
        '"title": ',
        '"author": ',
        '"family": ',
        '"given": ',
        '"issued": ',
        '{"date-parts": [[2020, 1]]}',
        '"DOI": ',
        '"type": "article"',
        ",",
        '"x"',
        "null",
        "1e999",
        "-1",
        '"id": ',
        '"URL": ',
        ":",
        '"abstract": ',
    ],
    "arxiv-atom": [
        '<feed xmlns="http://www.w3.org/2005/Atom">',
        "</feed>",
        "<entry>",
        "</entry>",
        "<title>",
        "</title>",
        "<id>http://arxiv.org/abs/2101.00001v2</id>",
        "<id>",
        "</id>",
        "<author><name>",
        "</name></author>",
        "<summary>",
        "</summary>",
        "<published>2021-01-01T00:00:00Z</published>",
        "&amp;",
        "&lt;",
        "<![CDATA[",
        "]]>",
        '<link href="http://arxiv.org/pdf/2101.00001"/>',
        "<?xml version='1.0'?>",
        '<arxiv:doi xmlns:arxiv="http://arxiv.org/schemas/atom">10.1/x</arxiv:doi>',
    ],
    "hf-json": [
        "[",
        "]",
        "{",
        "}",
        '"paper": ',
        '"id": "2101.00001"',
        '"title": ',
        '"summary": ',
        '"authors": ',
        '[{"name": "A B"}]',
        '"publishedAt": "2024-01-01T00:00:00.000Z"',
        '"upvotes": 3',
        ",",
        ":",
        "null",
        '"x"',
        "12",
        "true",
    ],
    "daily-papers": [
        "Submitted by",
        "upvote",
        "\n\n",
        "\n",
        "arXiv",
        "·",
        "Authors:",
        "Abstract",
        "2101.00001",
        "new",
        "Subscribe",
        "Diffusion Models Beat GANs",
        "42",
        "https://huggingface.co/papers/2101.00001",
        " ",
        "Published on Jan 1",
    ],
    "ids": [
        "arXiv:2101.00001",
        "2101.00001v2",
        "10.1000/xyz123",
        "doi:",
        "https://",
        "arxiv.org/abs/",
        "doi.org/",
        "hep-th/9901001",
        "\n",
        " ",
        "#",
        "v",
        ".",
        "/",
    ],
}
TOKENS["crossref-json"] = TOKENS["csl-json"] + ['"message": ', '"items": ', '"status": "ok"']
QUERY_TOKENS = [
    "title:",
    "tag:",
    "tags:",
    "author:",
    "year:",
    "status:",
    "priority:",
    "note:",
    "2020..2023",
    "..",
    '"',
    "(",
    ")",
    "-",
    "OR",
    "AND",
    "NOT",
    "*",
    "~",
    "^2",
    ">",
    "<",
    "=",
    "diffusion",
    "flow",
    " ",
    "abstract:",
    "is:",
    "read",
    "to-read",
    "'",
]


def soup(tokens: list[str]) -> st.SearchStrategy[str]:
    piece = st.one_of(st.sampled_from(tokens), st.text(max_size=6))
    return st.lists(piece, max_size=40).map("".join)


def inputs(tokens: list[str]) -> st.SearchStrategy[str]:
    return st.one_of(st.text(max_size=300), soup(tokens))


def _run(
    name: str, budget: int, strategy: st.SearchStrategy[str], check: Callable[[str], object]
) -> None:
    count = 0

    @settings(
        max_examples=budget,
        database=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
    )
    @given(strategy)
    def run(text: str) -> None:
        nonlocal count
        count += 1
        try:
            check(text)
        except PapershelfError as exc:
            message = str(exc).strip()
        else:
            message = "ok"
        assert message, "an error must say what is wrong"

    run()
    RUNS[name] = RUNS.get(name, 0) + count
    print(f"fuzz {name}: {count} examples")
    assert count >= budget // 2, f"only {count} examples ran"


def _parse_with(fmt: str) -> Callable[[str], object]:
    importer = next(i for i in importers() if i.name == fmt)

    def check(text: str) -> object:
        importer.sniff(text)
        result = importer.parse(text, source="fuzz.txt")
        for draft in result.drafts:
            assert isinstance(draft.title, str)
        return result

    return check


@pytest.mark.parametrize("budget", BUDGETS)
@pytest.mark.parametrize("fmt", sorted(TOKENS))
def test_importer_never_crashes(fmt: str, budget: int) -> None:
    assert fmt in {i.name for i in importers()}
    _run(f"importer {fmt}", budget, inputs(TOKENS[fmt]), _parse_with(fmt))


@pytest.mark.parametrize("budget", BUDGETS)
def test_auto_detection_never_crashes(budget: int) -> None:
    every = sorted({t for tokens in TOKENS.values() for t in tokens})

    def check(text: str) -> object:
        return choose_importer(text, "auto", path="fuzz.txt").parse(text, source="fuzz.txt")

    _run("auto-detect", budget, inputs(every), check)


@pytest.mark.parametrize("budget", BUDGETS)
def test_query_parser_never_crashes(budget: int) -> None:
    parser = QueryParser()

    def check(text: str) -> None:
        parser.parse(text)
        parser.typing(text)

    _run("query parser", budget, inputs(QUERY_TOKENS), check)


@pytest.mark.parametrize("budget", BUDGETS)
def test_identifier_parsers_never_crash(budget: int) -> None:
    def check(text: str) -> None:
        parsed = parse_arxiv_id(text)
        if parsed is not None:
            assert parse_arxiv_id(parsed[0]) is not None, "a parsed id parses again"
        doi = normalize_doi(text)
        if doi is not None:
            assert normalize_doi(doi) == doi, "normalising a DOI twice changes nothing"
        title_key(text)

    _run("identifiers", budget, inputs(TOKENS["ids"]), check)


def test_imported_fuzz_is_stored_whole_or_skipped(tmp_path: Path) -> None:
    """What the parsers accept, the library stores (or skips with a reason), never crashes."""
    every = sorted({t for tokens in TOKENS.values() for t in tokens})
    with Library.open(tmp_path / "lib", indexing="none") as lib:

        def check(text: str) -> object:
            return lib.import_text(text, source="fuzz.txt")

        _run("library import", 60, soup(every), check)
        assert lib.check(sync=True).integrity == "ok"


XXE = """<?xml version="1.0"?>
<!DOCTYPE feed [<!ENTITY secret SYSTEM "file:///etc/passwd">]>
<feed xmlns="http://www.w3.org/2005/Atom"><entry>
<id>http://arxiv.org/abs/2101.00001v1</id><title>&secret;</title>
<summary>x</summary><author><name>A B</name></author></entry></feed>
"""


def test_external_entities_in_atom_are_refused(tmp_path: Path) -> None:
    with pytest.raises(ImportFormatError) as info:
        choose_importer(XXE, "arxiv-atom").parse(XXE, source="evil.xml")
    assert "evil.xml" in str(info.value)
    assert "root:" not in str(info.value)
    with Library.open(tmp_path / "lib") as lib:
        with pytest.raises(ImportFormatError):
            lib.import_text(XXE, fmt="arxiv-atom", source="evil.xml")
        assert lib.count() == 0


def test_json_nesting_bomb_is_a_clear_error() -> None:
    deep = "[" * 100_000 + "]" * 100_000
    for fmt in ("csl-json", "hf-json", "crossref-json"):
        importer = next(i for i in importers() if i.name == fmt)
        with pytest.raises(ImportFormatError, match=r"deep\.json: JSON nested too deeply"):
            importer.parse(deep, source="deep.json")
    with pytest.raises(PapershelfError):
        choose_importer(deep, "auto", path="deep.json").parse(deep, source="deep.json")
