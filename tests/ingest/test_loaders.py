"""Each loader on a small file generated under tmp_path."""

import pytest

from ingest.documents import LoadError, Section
from ingest.formats import loader_for
from tests.ingest.conftest import write_docx, write_pdf


def load(path):
    return loader_for(path)(path.read_bytes())


def test_markdown_headings_give_section_paths_without_the_title(tmp_path):
    path = tmp_path / "notat.md"
    path.write_text(
        "---\ntitle: Notat\n---\n\n# Notat\n\nInnledning.\n\n## Bakgrunn\n\nTekst.\n\n"
        "### Detaljer\n\nMer.\n\n## Mål\n\nMål.\n",
        encoding="utf-8",
    )
    document = load(path)
    assert document.metadata.title == "Notat"
    assert document.first_heading == "Notat"
    assert document.sections == (
        Section(headings=(), body="Innledning."),
        Section(headings=("Bakgrunn",), body="Tekst."),
        Section(headings=("Bakgrunn", "Detaljer"), body="Mer."),
        Section(headings=("Mål",), body="Mål."),
    )


def test_markdown_without_a_single_top_heading_keeps_every_heading(tmp_path):
    path = tmp_path / "liste.md"
    path.write_text("## Første\n\nA.\n\n## Andre\n\n```\n# ikke en overskrift\n```\n", encoding="utf-8")
    sections = load(path).sections
    assert [section.headings for section in sections] == [("Første",), ("Andre",)]
    assert "# ikke en overskrift" in sections[1].body


def test_latin1_text_file_keeps_norwegian_letters(tmp_path):
    path = tmp_path / "gammel.txt"
    path.write_bytes("Blåbærsyltetøy og ærlige øyne på Ærøy.".encode("latin-1"))
    assert load(path).sections[0].body == "Blåbærsyltetøy og ærlige øyne på Ærøy."


def test_utf8_text_file_with_bom_is_read_as_utf8(tmp_path):
    path = tmp_path / "ny.txt"
    path.write_bytes("\ufeffÅrets vertskommune".encode())
    assert load(path).sections[0].body == "Årets vertskommune"


def test_html_headings_give_sections_and_scripts_styles_navigation_are_dropped(tmp_path):
    path = tmp_path / "side.htm"
    path.write_text(
        "<html><head><title>Side | KS</title><style>p {color: red}</style></head><body>"
        "<nav><a href='/'>Hjem</a></nav><h1>Årets vertskommune</h1><p>Kåringen <b>står</b> KS bak.</p>"
        "<h2>Kriterier</h2><ul><li>Dialog</li><li>Service</li></ul><script>alert('x')</script></body></html>",
        encoding="utf-8",
    )
    document = load(path)
    assert document.first_heading == "Årets vertskommune"
    assert [section.headings for section in document.sections] == [(), ("Kriterier",)]
    assert document.sections[0].body == "Kåringen står KS bak."
    assert document.sections[1].body == "- Dialog\n\n- Service"
    assert not any("alert" in s.body or "Hjem" in s.body or "color" in s.body for s in document.sections)


@pytest.mark.parametrize(
    ("page", "encoding"),
    [
        ("<h1>Blåbær</h1><p>Ærlig øl på Ærøy.</p>", "latin-1"),
        ('<meta charset="iso-8859-1"><h1>Blåbær</h1><p>Ærlig øl på Ærøy.</p>', "latin-1"),
        ('<meta charset="utf-8"><h1>Blåbær</h1><p>Ærlig øl på Ærøy.</p>', "utf-8"),
    ],
)
def test_html_keeps_norwegian_letters_whatever_its_encoding(tmp_path, page, encoding):
    path = tmp_path / "side.html"
    path.write_bytes(page.encode(encoding))
    document = load(path)
    assert (document.first_heading, document.sections[0].body) == ("Blåbær", "Ærlig øl på Ærøy.")


def test_pdf_pages_keep_their_page_numbers(tmp_path):
    path = write_pdf(tmp_path / "rapport.pdf", [["Side én om næringsutvikling."], [], ["Tredje side: vertskommune."]])
    sections = load(path).sections
    assert [section.page for section in sections] == [1, 3]
    assert "næringsutvikling" in sections[0].body and "vertskommune" in sections[1].body


def test_docx_heading_styles_give_the_section_path(tmp_path):
    path = write_docx(
        tmp_path / "program.docx",
        [
            ("Title", "Bærekraftsløftet"),
            ("Normal", "Et program for kommuner."),
            ("Heading 1", "Bakgrunn"),
            ("Normal", "Utfordringene er store."),
            ("Heading 2", "Kull"),
            ("List Bullet", "Kull 1 startet i 2023."),
        ],
    )
    document = load(path)
    assert document.first_heading == "Bærekraftsløftet"
    assert document.sections == (
        Section(headings=(), body="Et program for kommuner."),
        Section(headings=("Bakgrunn",), body="Utfordringene er store."),
        Section(headings=("Bakgrunn", "Kull"), body="- Kull 1 startet i 2023."),
    )


@pytest.mark.parametrize("name", ["skadet.pdf", "skadet.docx"])
def test_corrupt_pdf_and_docx_raise_a_load_error(tmp_path, name):
    path = tmp_path / name
    path.write_bytes(b"dette er ikke et dokument")
    with pytest.raises(LoadError, match="not a readable"):
        load(path)


def test_unsupported_extension_is_named(tmp_path):
    with pytest.raises(LoadError, match=r"unsupported file type \.xyz"):
        loader_for(tmp_path / "data.xyz")


def test_markdown_text_drops_bold_markers_and_link_targets_but_keeps_note_italics():
    from ingest.formats.markdown import load_markdown

    source = "# Tittel\n\n## Om **LUP**\n\n**Læring for næring.** Les [mer hos KS](https://ks.no).\n\n*Endres ved x.*\n"
    document = load_markdown(source.encode())
    text = "\n".join(section.body for section in document.sections)
    assert "Læring for næring. Les mer hos KS." in text
    assert "*Endres ved x.*" in text
    assert document.sections[0].headings[-1] == "Om LUP"


def test_markdown_text_keeps_double_underscores_of_code():
    from ingest.formats.markdown import load_markdown

    document = load_markdown(b"# T\n\nKoden window.__xss=1 og window.__xss=2 er tekst.\n")
    assert "window.__xss=1 og window.__xss=2" in document.sections[0].body
