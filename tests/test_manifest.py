"""The corpus manifest: loading, refusing mistakes with file and line, finding, applying."""

from __future__ import annotations

import shutil
import textwrap

import pytest
from conftest import Q2

from extract.documents import read_document
from extract.metadata.manifest import Manifest, ManifestError
from extract.model import Document, Metadata, Period


def write(folder, name, text):
    path = folder / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(textwrap.dedent(text).lstrip("\n"), encoding="utf-8")
    return path


def doc_at(path) -> Document:
    return Document(meta=Metadata(id="0", path=str(path), format="text", title="detected", municipality="Velsen"))


def refused(tmp_path, name, text) -> str:
    with pytest.raises(ManifestError) as err:
        Manifest.load(write(tmp_path, name, text))
    return str(err.value)


def test_yaml_overrides_fields_with_manifest_evidence(tmp_path):
    manifest = Manifest.load(
        write(
            tmp_path,
            "manifest.yaml",
            """
            files:
              haarlem/q2.pdf:
                municipality: Den Bosch
                doc_type: kwartaalrapportage
                period: {start: 2017-04-01, end: 2017-06-30, label: tweede kwartaal 2017}
                date: 2017-08-01
                reference: "2017/412345"
                title: null
            """,
        )
    )
    doc = doc_at(tmp_path / "haarlem" / "q2.pdf")
    manifest.apply(doc)
    assert doc.meta.municipality == "'s-Hertogenbosch"  # aliases become the official name
    assert doc.meta.doc_type == "kwartaalrapportage"
    assert doc.meta.period == Period("2017-04-01", "2017-06-30", "tweede kwartaal 2017")
    assert doc.meta.date == "2017-08-01"  # an unquoted YAML date is taken as written
    assert doc.meta.reference == "2017/412345"
    assert doc.meta.title is None  # null clears a wrongly detected field
    assert doc.meta.evidence == dict.fromkeys(
        ["municipality", "doc_type", "period", "date", "reference", "title"], "manifest"
    )


def test_files_not_listed_are_untouched(tmp_path):
    manifest = Manifest.load(write(tmp_path, "manifest.yaml", "files:\n  a.txt: {municipality: Haarlem}\n"))
    doc = doc_at(tmp_path / "b.txt")
    manifest.apply(doc)
    assert (doc.meta.municipality, doc.meta.evidence) == ("Velsen", {})


def test_csv_manifest(tmp_path):
    manifest = Manifest.load(
        write(
            tmp_path,
            "manifest.csv",
            """
            path,municipality,doc_type,period_start,period_end,period_label,region
            sub/rapport.txt,Haarlemmermeer,jaarverslag,2024-01-01,2024-12-31,2024,
            """,
        )
    )
    doc = doc_at(tmp_path / "sub" / "rapport.txt")
    manifest.apply(doc)
    assert (doc.meta.municipality, doc.meta.doc_type) == ("Haarlemmermeer", "jaarverslag")
    assert doc.meta.period == Period("2024-01-01", "2024-12-31", "2024")
    assert "region" not in doc.meta.evidence  # an empty cell overrides nothing


@pytest.mark.parametrize("escape", ["../../etc/passwd", "../outside.txt", "/etc/passwd", "sub/../../x.pdf"])
def test_paths_outside_the_corpus_root_are_refused(tmp_path, escape):
    message = refused(tmp_path, "manifest.yaml", f"files:\n  ok.txt: {{title: A}}\n  {escape!r}: {{title: B}}\n")
    assert message.startswith(f"{tmp_path / 'manifest.yaml'}:3: ")
    assert escape in message


def test_csv_path_escape_is_refused_with_its_line(tmp_path):
    message = refused(tmp_path, "manifest.csv", "path,title\nok.txt,A\n../../etc/passwd,B\n")
    assert message == f"{tmp_path / 'manifest.csv'}:3: path '../../etc/passwd' points outside the corpus root {tmp_path.resolve()}"


def test_unknown_field_is_refused_with_its_line(tmp_path):
    message = refused(
        tmp_path,
        "manifest.yaml",
        """
        files:
          a.txt:
            title: Jaarverslag
            gemeente: Haarlem
        """,
    )
    assert message.startswith(f"{tmp_path / 'manifest.yaml'}:4: unknown field 'gemeente'")


def test_unknown_doc_type_is_refused(tmp_path):
    message = refused(tmp_path, "manifest.yaml", "files:\n  a.txt:\n    doc_type: jaarrapport\n")
    assert message.startswith(f"{tmp_path / 'manifest.yaml'}:3: unknown doc_type 'jaarrapport'")
    assert "bestuursrapportage" in message  # says what is allowed


def test_unknown_csv_column_is_refused(tmp_path):
    message = refused(tmp_path, "manifest.csv", "path,gemeente\na.txt,Haarlem\n")
    assert message.startswith(f"{tmp_path / 'manifest.csv'}:1: unknown column 'gemeente'")


@pytest.mark.parametrize(
    ("body", "line", "problem"),
    [
        ("file:\n  a.txt: {title: A}\n", 1, "unknown top-level key 'file'"),
        ("files:\n  a.txt: {municipality: Harlem}\n", 2, "unknown municipality 'Harlem' (did you mean 'Haarlem'?)"),
        ("files:\n  a.txt: {municipality: Bergen}\n", 2, "municipality 'Bergen' is ambiguous"),
        ("files:\n  a.txt: {date: 27-06-2017}\n", 2, "date '27-06-2017' is not an ISO date"),
        ("files:\n  a.txt: {date: 2017-02-30}\n", 2, "'2017-02-30' is not a valid date"),
        ("files:\n  a.txt: {date: '2017-02-30'}\n", 2, "date '2017-02-30' is not an ISO date"),
        ("files:\n  a.txt:\n    period: {start: 2017-07-01, end: 2017-06-30}\n", 3, "period starts (2017-07-01) after"),
        ("files:\n  a.txt:\n    period: {start: 2017-01-01}\n", 3, "period needs start and end"),
        ("files:\n  a.txt: {reference: 2017.10}\n", 2, "reference must be text; quote it"),
        ("files:\n  a.txt: {title: A}\n  a.txt: {title: B}\n", 3, "'a.txt' is listed twice"),
        ("files:\n  a.txt: [title]\n", 2, "'a.txt' must map field names to values"),
        ("files:\n  a.txt: {title: [unclosed\n", 3, "not valid YAML"),
    ],
)
def test_mistakes_are_refused_with_file_and_line(tmp_path, body, line, problem):
    message = refused(tmp_path, "manifest.yaml", body)
    assert message.startswith(f"{tmp_path / 'manifest.yaml'}:{line}: {problem}")


def test_find_walks_up_from_the_file_to_the_root(tmp_path):
    write(tmp_path, "manifest.yaml", "files:\n  deep/er/a.txt: {municipality: Haarlem}\n")
    target = write(tmp_path, "deep/er/a.txt", "tekst")
    manifest = Manifest.find(tmp_path, target)
    assert manifest is not None and manifest.path == tmp_path / "manifest.yaml"
    assert Manifest.find(tmp_path) is not None  # the root itself


def test_find_stops_at_the_root(tmp_path):
    write(tmp_path, "manifest.yaml", "files: {}\n")
    corpus = tmp_path / "corpus"
    target = write(corpus, "a.txt", "tekst")
    assert Manifest.find(corpus, target) is None  # the manifest above the given folder is not ours
    assert Manifest.find(corpus) is None


def test_nearest_manifest_wins(tmp_path):
    write(tmp_path, "manifest.yaml", "files: {}\n")
    inner = write(tmp_path, "sub/manifest.csv", "path,municipality\na.txt,Heemstede\n")
    target = write(tmp_path, "sub/a.txt", "tekst")
    assert Manifest.find(tmp_path, target).path == inner


def test_read_document_applies_the_manifest_over_detection(tmp_path):
    copy = tmp_path / "rapportage.txt"
    shutil.copy(Q2, copy)
    manifest = Manifest.load(write(tmp_path, "manifest.yaml", "files:\n  rapportage.txt: {municipality: Zandvoort}\n"))
    doc = read_document(copy, manifest=manifest)
    assert doc.meta.municipality == "Zandvoort" and doc.meta.evidence["municipality"] == "manifest"
    assert doc.meta.doc_type == "bestuursrapportage"  # detection still fills the rest
    assert doc.meta.evidence["doc_type"] == "Rapportage sociaal domein behorende bij de Tweede Bestuursrapportage"
