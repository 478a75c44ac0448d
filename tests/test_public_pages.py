"""The built site as a reader meets it: full case cards, one Sources section, readable dates,
routes to act on a page, addresses and share cards, feeds, tombstones, the glossary and statement."""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
import yaml

from practice_exchange.loader import load_case_studies
from practice_exchange.taxonomy import load_taxonomy
from tests.site_helpers import COLLECTION, ROOT, build_site, new_collection, write_case

SITE_URL = "https://example.org/practice/"
REPO_URL = "https://github.com/example/practice-exchange"
ATOM = "{http://www.w3.org/2005/Atom}"

AGREEMENT = [
    "provider_roles: [national-leader-of-education, senco]",
    "agreement:",
    "  aims: [Improve writing in key stage 1, Train two middle leaders]",
    "  measures: not reported",
    "  duration: One school year",
    "  outcome: not reported",
    "  what_did_not_work: not reported",
]


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    collection = new_collection(tmp_path_factory.mktemp("collection"))
    write_case(collection, "zebra-crossing-case", "Zebra: the last by title", ["send"], ["primary"], extra=AGREEMENT)
    write_case(
        collection,
        "apple-case",
        "Apple: the first by title",
        ["attendance"],
        ["secondary"],
        first_published="2026-11-30",
    )
    write_case(
        collection,
        "old-merged-case",
        "An archived case with a unique word quuxarchived",
        ["send"],
        ["primary"],
        status="archived",
        extra=[
            "replaced_by: zebra-crossing-case",
            "archive_note: Merged into the Zebra case, which covers the same work.",
        ],
    )
    env = {"PRACTICE_SITE_URL": SITE_URL, "PRACTICE_REPO_URL": REPO_URL}
    return build_site(collection, tmp_path_factory.mktemp("site"), env)


class _Text(HTMLParser):
    """The text a reader sees in a page's content, leaving out code, scripts and styles."""

    def __init__(self, skip: frozenset[str]) -> None:
        super().__init__()
        self.skip = skip
        self.parts: list[str] = []
        self._skipping = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in self.skip:
            self._skipping += 1

    def handle_endtag(self, tag: str) -> None:
        if tag in self.skip and self._skipping:
            self._skipping -= 1

    def handle_data(self, data: str) -> None:
        if not self._skipping:
            self.parts.append(data)


READER_SKIPS = frozenset({"code", "pre", "script", "style", "svg"})
"""Code and preformatted text show frontmatter as written (ISO dates and all); readers' prose is the rest."""


def visible_text(html_text: str, skip: frozenset[str] = READER_SKIPS) -> str:
    parser = _Text(skip)
    parser.feed(html_text)
    # Text split by an element (a link before a comma) would otherwise read "(NLE) , SENCO".
    return re.sub(r" ([,.;:)])|(\() ", r"\1\2", " ".join(" ".join(parser.parts).split()))


def read(site: Path, page: str) -> str:
    return (site / page).read_text(encoding="utf-8")


def case(site: Path, case_id: str) -> str:
    return read(site, f"cases/{case_id}/index.html")


# 1. The card shows everything the case holds.


def test_the_card_shows_who_gave_the_support_and_the_agreement(site: Path) -> None:
    page = case(site, "zebra-crossing-case")
    text = visible_text(page)
    assert "Who gave the support National Leader of Education (NLE), SENCO" in text
    assert 'href="../../glossary/#role-national-leader-of-education"' in page
    assert "Who it was for Primary" in text
    assert "The agreement Aims Improve writing in key stage 1 Train two middle leaders" in text
    assert "How success was judged Not reported Duration One school year Outcome Not reported" in text
    assert "What did not work Not reported" in text


def test_a_case_without_an_agreement_says_so_naming_each_part(site: Path) -> None:
    text = visible_text(case(site, "apple-case"))
    assert (
        "The agreement Not reported: the source does not give its aims, how success was judged, "
        "how long it ran, the outcome or what did not work."
    ) in text
    assert "Who gave the support Not reported" in text


def test_the_card_gives_the_source_publisher_and_date(site: Path) -> None:
    source = load_taxonomy(COLLECTION).sources["nctl-teaching-schools-and-las-2015"]
    assert source.published == "2015-02-06"
    expected = f'<dt>Source</dt>\n<dd>{source.publisher}, <time datetime="2015-02-06">6 February 2015</time></dd>'
    assert expected in case(site, "apple-case")


def test_a_historic_role_brings_a_historic_note_from_the_taxonomy(site: Path) -> None:
    nle = load_taxonomy(COLLECTION).term("provider_roles", "national-leader-of-education")
    assert nle is not None and nle.historic and nle.historic_note
    text = visible_text(case(site, "zebra-crossing-case"))
    assert "Historic practice." in text
    assert nle.historic_note in text
    assert "Historic practice." not in visible_text(case(site, "apple-case"))


def test_the_card_lists_what_the_source_does_not_report(site: Path) -> None:
    text = visible_text(case(site, "zebra-crossing-case"))
    gaps = text[text.index("What this case does not tell you") :].split("Context")[0]
    assert gaps.startswith("What this case does not tell you The source does not report when it ended; ")
    for gap in ("how success was judged", "outcome", "what did not work"):
        assert gap in gaps
    assert "its aims" not in gaps  # the zebra case's source reports its aims


# 2. One Sources section, readable dates, listings by title.


def test_one_sources_section_with_full_linked_citations_and_no_internal_ids(site: Path) -> None:
    for page in (case(site, "apple-case"), case(site, "zebra-crossing-case")):
        assert len(re.findall(r"<h2[^>]*>Sources", page)) == 1
        assert "Full citations" not in page
        sources = page[page.index('id="sources"') : page.index('id="related-practice"')]
        assert '<a href="https://' in sources
        assert "<code>" not in sources


def _toc_links(page: str) -> list[tuple[str, str]]:
    """(href, text) of each entry of the table of contents sidebar, in order."""
    toc = page[page.index('data-md-type="toc"') :]
    toc = toc[: toc.index("</nav>")]
    links = re.findall(r'<a href="(#[^"]*)" class="md-nav__link">(.*?)</a>', toc, re.DOTALL)
    return [(href, " ".join(re.sub(r"<[^>]+>", " ", text).split())) for href, text in links]


def test_the_table_of_contents_lists_the_body_headings_sources_and_related_practice(site: Path) -> None:
    # A case page is one HTML block (pages.case_page), so its Markdown gives MkDocs no headings:
    # the toc is made from pages.case_toc and must still match the page's own headings, in order.
    # (Material shows the children of a lone title, not the title itself.)
    page = case(site, "apple-case")
    toc = _toc_links(page)
    headings = re.findall(r'<h2(?: class="[^"]*")? id="([^"]+)">(.*?)<a class="headerlink"', page)
    assert toc == [(f"#{anchor}", title) for anchor, title in headings]
    assert toc[-2:] == [("#sources", "Sources"), ("#related-practice", "Related practice")]
    assert len(toc) >= 3  # the body's one section in this fixture, Sources, Related practice
    assert page.count('<h1 id="px-title">Apple: the first by title<a class="headerlink"') == 1


@pytest.fixture(scope="module")
def real_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_site(COLLECTION, tmp_path_factory.mktemp("real"))


def test_real_case_pages_keep_one_sources_section(real_site: Path) -> None:
    for study in load_case_studies(COLLECTION):
        page = read(real_site, f"cases/{study.id}/index.html")
        assert len(re.findall(r"<h2[^>]*>Sources", page)) == 1, study.id
        assert "<code>" not in page[page.index('id="sources"') : page.index('id="related-practice"')], study.id


_ISO = re.compile(r"\b\d{4}-\d{2}-\d{2}\b")


def test_no_iso_date_in_the_visible_text_of_reader_pages(site: Path, real_site: Path) -> None:
    checked = 0
    for root in (site, real_site):
        for path in root.rglob("index.html"):
            relative = path.relative_to(root).as_posix()
            if relative.startswith(("reference/", "contributing/", "pagefind/")):
                continue  # contributors' pages show frontmatter as it is written
            article = path.read_text(encoding="utf-8")
            assert not _ISO.search(visible_text(article)), f"{relative}: {_ISO.search(visible_text(article))}"
            checked += 1
    assert checked > 50
    assert '<time datetime="2026-11-24">24 November 2026</time>' in case(site, "apple-case")


def test_listings_are_sorted_by_title_with_a_tag_line(site: Path) -> None:
    listing = read(site, "cases/index.html")
    assert listing.index("Apple: the first by title") < listing.index("Zebra: the last by title")
    assert (
        '<span class="px-tags">Attendance · Secondary · London · Source '
        '<time datetime="2015-02-06">6 February 2015</time> · Reported</span>'
    ) in listing


# 7. Archived cases.


def test_an_archived_case_answers_with_a_tombstone_linking_to_its_replacement(site: Path) -> None:
    page = case(site, "old-merged-case")
    text = visible_text(page)
    assert "This case study has been archived." in text
    assert "Merged into the Zebra case, which covers the same work." in text
    assert '<a href="../zebra-crossing-case/">Zebra: the last by title</a>' in page
    assert "data-pagefind-body" not in page


def test_an_archived_case_is_left_out_of_listings_feeds_search_and_the_catalogue(site: Path) -> None:
    for page in ("cases/index.html", "themes/send/index.html", "catalogue.json", "catalogue.csv", "feeds/all.xml"):
        assert "old-merged-case" not in read(site, page), page
    assert "quuxarchived" not in visible_text(read(site, "themes/send/index.html"))
    # Pagefind indexes only pages marked data-pagefind-body (main.html); the tombstone is not.
    assert "data-pagefind-body" in case(site, "zebra-crossing-case")
    assert "data-pagefind-body" not in case(site, "old-merged-case")


# 4. Footer and routes.


def test_footer_links_report_a_problem_and_edit_the_case_file(site: Path) -> None:
    page = case(site, "zebra-crossing-case")
    report = re.search(r'<a href="([^"]+)">Report a problem with this page</a>', page)
    assert report
    url = urlsplit(report.group(1).replace("&amp;", "&"))
    assert f"{url.scheme}://{url.netloc}{url.path}" == f"{REPO_URL}/issues/new"
    query = parse_qs(url.query)
    assert query["template"] == ["correction.yml"]
    assert query["case"] == ["zebra-crossing-case"]
    assert query["page"] == [f"{SITE_URL}cases/zebra-crossing-case/"]
    assert f'<a href="{REPO_URL}/edit/main/practice/zebra-crossing-case.md">Edit this case study</a>' in page
    assert f'<a href="{REPO_URL}">The project on GitHub</a>' in page


def test_every_page_has_the_footer_with_the_licence_and_routes(site: Path) -> None:
    for path in site.rglob("*.html"):
        if "pagefind" in path.parts:
            continue
        page = path.read_text(encoding="utf-8")
        assert "Report a problem with this page" in page, path
        assert "https://creativecommons.org/licenses/by/4.0/" in page, path
        assert "Accessibility statement</a>" in page, path
    about = read(site, "about/index.html")
    assert f'<a href="{REPO_URL}/edit/main/docs/about.md">Edit this page</a>' in about


def test_the_correction_form_has_the_fields_the_links_fill_in() -> None:
    form = yaml.safe_load((ROOT / ".github/ISSUE_TEMPLATE/correction.yml").read_text(encoding="utf-8"))
    ids = {item.get("id") for item in form["body"]}
    assert {"case", "page"} <= ids
    for item in form["body"]:
        if item["type"] == "dropdown":
            assert all(not re.fullmatch(r"[a-z0-9-]+", option) for option in item["attributes"]["options"])
    chooser = yaml.safe_load((ROOT / ".github/ISSUE_TEMPLATE/config.yml").read_text(encoding="utf-8"))
    assert chooser["blank_issues_enabled"] is False
    assert all(link["url"].startswith("https://") for link in chooser["contact_links"])


def test_mkdocs_sets_the_site_and_repository_addresses_from_the_environment() -> None:
    config = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    assert 'site_url: !ENV [PRACTICE_SITE_URL, "http://127.0.0.1:8000/"]' in config
    assert 'repo_url: !ENV [PRACTICE_REPO_URL, "https://github.com/practice-exchange/practice-exchange"]' in config
    assert "edit_uri: edit/main/docs/" in config
    workflow = yaml.safe_load((ROOT / ".github/workflows/pages.yml").read_text(encoding="utf-8"))
    build = workflow["jobs"]["build"]["steps"]
    step = next(step for step in build if "mkdocs build" in step.get("run", ""))
    assert step["env"]["PRACTICE_SITE_URL"].startswith("${{ steps.pages.outputs.base_url }}")


# 5. Addresses, sharing and the catalogue.


def test_the_sitemap_lists_every_page(site: Path) -> None:
    tree = ET.parse(site / "sitemap.xml")
    locations = {loc.text for loc in tree.iter("{http://www.sitemaps.org/schemas/sitemap/0.9}loc")}
    assert f"{SITE_URL}cases/zebra-crossing-case/" in locations
    assert f"{SITE_URL}glossary/" in locations
    pages = [p for p in site.rglob("index.html") if "pagefind" not in p.parts]
    assert len(locations) >= len(pages)


def test_case_pages_carry_a_canonical_link_and_share_tags(site: Path) -> None:
    page = case(site, "zebra-crossing-case")
    assert f'<link rel="canonical" href="{SITE_URL}cases/zebra-crossing-case/">' in page
    assert '<meta property="og:title" content="Zebra: the last by title">' in page
    assert '<meta property="og:description" content="A short summary of the practice.">' in page
    assert f'<meta property="og:url" content="{SITE_URL}cases/zebra-crossing-case/">' in page
    assert '<meta name="twitter:card" content="summary">' in page
    assert '<meta name="twitter:title" content="Zebra: the last by title">' in page


def test_the_catalogue_carries_its_version_date_and_licence(site: Path) -> None:
    data = json.loads(read(site, "catalogue.json"))
    assert data["schema_version"] >= 2
    assert re.fullmatch(r"\d{4}-\d{2}-\d{2}", data["generated"])
    assert data["licence"]["url"] == "https://creativecommons.org/licenses/by/4.0/"
    notes = read(site, "catalogue-readme.txt")
    assert "Licence: CC BY 4.0" in notes and "Schema version" in notes
    assert read(site, "catalogue.csv").startswith("id,title,summary,")
    assert "catalogue-readme.txt" in read(site, "find/index.html")


# 6. Feeds.


def _feed(site: Path, path: str) -> ET.Element:
    root = ET.parse(site / path).getroot()
    assert root.tag == f"{ATOM}feed"
    for required in ("id", "title", "updated", "author"):
        assert root.find(f"{ATOM}{required}") is not None, required
    for entry in root.findall(f"{ATOM}entry"):
        for required in ("id", "title", "updated", "link", "summary"):
            assert entry.find(f"{ATOM}{required}") is not None, required
    return root


def test_the_feed_of_all_cases_parses_as_atom_newest_first(site: Path) -> None:
    root = _feed(site, "feeds/all.xml")
    entries = root.findall(f"{ATOM}entry")
    titles = [entry.findtext(f"{ATOM}title") for entry in entries]
    assert titles == ["Apple: the first by title", "Zebra: the last by title"]
    assert [entry.findtext(f"{ATOM}published") for entry in entries] == [
        "2026-11-30T00:00:00Z",
        "2026-11-24T00:00:00Z",
    ]
    # Dated by the newest case, never by the build.
    assert root.findtext(f"{ATOM}updated") == "2026-11-30T00:00:00Z"
    link = entries[0].find(f"{ATOM}link")
    assert link is not None and link.get("href") == f"{SITE_URL}cases/apple-case/"


def test_each_theme_has_a_feed_linked_from_its_page_and_the_home_page_links_the_main_one(site: Path) -> None:
    taxonomy = load_taxonomy(COLLECTION)
    for theme in taxonomy.ids("themes"):
        root = _feed(site, f"feeds/themes/{theme}.xml")
        expected = 1 if theme in ("send", "attendance") else 0
        assert len(root.findall(f"{ATOM}entry")) == expected, theme
        assert f'href="../../feeds/themes/{theme}.xml"' in read(site, f"themes/{theme}/index.html")
    home = read(site, "index.html")
    assert 'href="feeds/all.xml"' in home
    assert '<link rel="alternate feed" type="application/atom+xml"' in home


# 8. Pages of a public service.


def test_the_accessibility_statement_and_glossary_exist(site: Path) -> None:
    statement = visible_text(read(site, "accessibility/index.html"))
    for heading in ("How accessible this website is", "What we test, and how", "Reporting accessibility problems"):
        assert heading in statement
    glossary = read(site, "glossary/index.html")
    for term in load_taxonomy(COLLECTION).terms("provider_roles"):
        assert f'id="role-{term.id}"' in glossary, term.id
        if term.historic:
            assert term.historic_note in visible_text(glossary)


def test_the_navigation_puts_teachers_first_and_groups_contributor_pages(site: Path) -> None:
    home = read(site, "index.html")
    nav = home[home.index('<nav class="md-nav md-nav--primary"') :]
    assert nav.index("For contributors") > nav.index("All case studies")
    assert nav.index("Validation rules") > nav.index("For contributors")
    assert nav.index("Glossary") < nav.index("For contributors")


# 9. The rule reference renders every rule.


def _comparable(text: str) -> str:
    """Help text may use Markdown emphasis (PX401's "**bold**"): compare words without its markers."""
    words = " ".join(text.replace("*", "").replace("_", "").split())
    return re.sub(r" ([,.;:)])|(\() ", r"\1\2", words)


def test_the_rule_reference_shows_every_rule_heading_and_full_explanation(real_site: Path) -> None:
    from practice_exchange.rules.registry import RULES

    page = read(real_site, "reference/rules/index.html")
    text = _comparable(visible_text(page, skip=frozenset({"script", "style", "svg"})))
    for rule in RULES.values():
        assert f"{rule.id} {rule.name}" in text, rule.id
        for help_text in (rule.summary, rule.explanation, rule.fix):
            words = _comparable(help_text.replace("`", ""))
            assert words in text, f"{rule.id}: {words[:60]}"


_ARTICLE = re.compile(r"<article\b.*?</article>", re.DOTALL)
# The finder's vocabulary is a JSON data block (type application/json, never run), written by
# pages.find_page with "<" escaped, so no text can close it; it is the one script element allowed.
_FINDER_DATA = re.compile(r'<script type="application/json" id="px-finder-vocabulary">[^<]*</script>')


def test_no_page_content_holds_a_script_element(real_site: Path) -> None:
    checked = 0
    for path in real_site.rglob("*.html"):
        if "pagefind" in path.parts:
            continue
        for article in _ARTICLE.findall(_FINDER_DATA.sub("", path.read_text(encoding="utf-8"))):
            assert "<script" not in article.lower(), path.relative_to(real_site)
            checked += 1
    assert checked > 50
