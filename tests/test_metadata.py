"""Metadata detection: the corpus pins, the renditions, each cue, and the gazetteer."""

from __future__ import annotations

import csv
import importlib.util
import re
from pathlib import Path

import pytest
from conftest import CORPUS, RENDITIONS, load

from extract.documents.builder import DocumentBuilder
from extract.metadata.detect import DATA_DIR, detect_metadata, gazetteer, regions
from extract.model import Document, Metadata, Period

#: The five corpus documents: every field the content states, and None where it is silent.
EXPECTED = {
    "haarlem_2017-q2_rapportage-sociaal-domein": {
        "title": "Rapportage sociaal domein behorende bij de Tweede Bestuursrapportage",
        "municipality": "Haarlem",
        "region": None,
        "doc_type": "bestuursrapportage",
        "period": Period("2017-01-01", "2017-06-30", "eerste periode van 2017"),
        "date": None,
        "reference": None,
    },
    "haarlem_2017_jaarverslag-sociaal-domein": {
        "title": None,
        "municipality": "Haarlem",
        "region": None,
        "doc_type": "jaarverslag",
        "period": Period("2017-01-01", "2017-12-31", "in 2017"),
        "date": None,
        "reference": None,
    },
    "haarlemmermeer_2017-06_raadsbrief-sociaal-domein": {
        "title": "Stand van zaken sociaal domein",
        "municipality": "Haarlemmermeer",
        "region": None,
        "doc_type": "raadsbrief",
        "period": Period("2017-01-01", "2017-06-30", "eerste helft van 2017"),
        "date": "2017-06-27",
        "reference": "X2017.46954",
    },
    # The first line, "Beleidsdoel A: ...", heads one section of the programme accounts, not
    # the document (and the PDF rendition has it only as an image), so there is no title.
    "haarlemmermeer_2024_jaarverslag-sociaal-domein": {
        "title": None,
        "municipality": "Haarlemmermeer",
        "region": None,
        "doc_type": "jaarverslag",
        "period": Period("2024-01-01", "2024-12-31", "2024"),  # the file name's year, as the text dwells on
        "date": None,
        "reference": None,
    },
    "haarlem-regio_2017-03_uitvoeringsprogramma-opvang-wonen-herstel": {
        "title": "UITVOERINGSPROGRAMMA OPVANG, WONEN EN HERSTEL",
        "municipality": "Haarlem",
        "region": "Zuid-Kennemerland, IJmond en Haarlemmermeer",
        "doc_type": "uitvoeringsprogramma",
        "period": Period("2017-01-01", "2020-12-31", "2017-2020"),
        "date": "2017-03",
        "reference": None,
    },
}
FIELDS = ("title", "municipality", "region", "doc_type", "period", "date", "reference")


def folded(text: str) -> str:
    return " ".join(text.split())


def assert_metadata(doc: Document, expected: dict) -> None:
    for field in FIELDS:
        assert getattr(doc.meta, field) == expected[field], field
    for field, quote in doc.meta.evidence.items():
        assert getattr(doc.meta, field) not in (None, "other"), f"evidence for an empty {field}"
        if quote != f"file name: {Path(doc.meta.path).name}":
            assert folded(quote) in folded(doc.text), f"{field} evidence is not a quote: {quote!r}"
    filled = {f for f in FIELDS if expected[f] not in (None, "other")}
    assert filled == set(doc.meta.evidence), "every detected field, and only those, has its evidence"


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_corpus_document(name):
    path = next(CORPUS.glob(f"{name}.*"))
    assert_metadata(load(path), EXPECTED[name])


@pytest.mark.parametrize("path", sorted(RENDITIONS.glob("*.*")), ids=lambda p: p.name)
def test_rendition_gives_the_same_metadata(path):
    reader = f"extract.documents.{path.suffix[1:]}"
    if importlib.util.find_spec(reader) is None:
        pytest.skip(f"no {path.suffix} reader yet ({reader} is missing)")
    assert_metadata(load(path), EXPECTED[path.stem])


def test_evidence_points_at_the_source():
    doc = load(CORPUS / "haarlemmermeer_2017-06_raadsbrief-sociaal-domein.md")
    assert doc.meta.evidence["date"] == "Verzenddatum: 27 JUNI 2017"
    assert doc.meta.evidence["reference"] == "Ons kenmerk X2017.46954"
    assert doc.meta.evidence["municipality"] == "De leden van de gemeenteraad van Haarlemmermeer"
    assert "eerste helft van 2017" in doc.meta.evidence["period"]


# -- cues, on documents built in the test ------------------------------------------


def build(*lines: str, path: str = "doc.txt", **meta) -> Document:
    """A document from lines: "# x" is a heading, anything else a paragraph."""
    builder = DocumentBuilder(Metadata(id="0", path=path, format="text", **meta))
    for number, line in enumerate(lines, start=1):
        if line.startswith("# "):
            builder.heading(line[2:], 1, line=number)
        else:
            builder.paragraph(line, line=number)
    doc = builder.build()
    detect_metadata(doc)
    return doc


LONG = " Dit is een lange alinea met lopende tekst over het sociaal domein." * 4


def test_file_name_gives_municipality_and_type_only_when_the_text_names_none():
    doc = build("Tekst zonder aanwijzingen." + LONG, path="haarlem_2017-q2_bestuursrapportage.pdf")
    assert (doc.meta.title, doc.meta.period, doc.meta.date) == (None, None, None)  # a half year is no year
    assert (doc.meta.doc_type, doc.meta.municipality) == ("bestuursrapportage", "Haarlem")
    assert doc.meta.evidence == {"municipality": "file name: haarlem_2017-q2_bestuursrapportage.pdf",
                                 "doc_type": "file name: haarlem_2017-q2_bestuursrapportage.pdf"}
    named = build("In deze rapportage schetst de gemeente Velsen de stand." + LONG, path="haarlem_2017-q2.pdf")
    assert named.meta.municipality == "Velsen"
    assert build("Tekst zonder aanwijzingen." + LONG, path="scan001.pdf").meta.municipality is None


def test_an_annual_reports_file_name_gives_its_year_before_the_year_its_text_dwells_on():
    # Best, begroting 2024, "Wat mag het kosten?": its prose speaks mostly of 2023, the year before the budget's
    text = "In 2023 is de vraag gestegen. In 2023 kwamen er meer aanvragen. Vanaf 2024 verwachten we een daling."
    doc = build("# Wat mag het kosten?", text + LONG, path="best_2024_begroting-wat-mag-het-kosten.txt")
    assert (doc.meta.doc_type, doc.meta.period) == ("begroting", Period("2024-01-01", "2024-12-31", "2024"))
    assert doc.meta.evidence["period"] == "file name: best_2024_begroting-wat-mag-het-kosten.txt"
    # without a year in its name, the year the text dwells on; two years in a name say nothing
    assert build("# Wat mag het kosten?", text + LONG, path="best_begroting.txt").meta.period.start == "2023-01-01"
    assert build("# Wat mag het kosten?", text + LONG, path="best_2023-2024.txt").meta.period.start == "2023-01-01"


def test_a_bbv_cost_question_with_in_totaal_makes_a_jaarverslag():
    # Leeuwarden, jaarstukken 2019: "Wat heeft het in totaal gekost?"
    doc = build("# Sociaal", "# Wat heeft het in totaal gekost?", "Tekst." + LONG)
    assert doc.meta.doc_type == "jaarverslag"


def test_fields_already_set_are_kept():
    doc = build(
        "# Kwartaalrapportage sociaal domein",
        "In deze rapportage over het 2e kwartaal 2017 schetst de gemeente Velsen de stand." + LONG,
        municipality="Heemstede",
        doc_type="jaarverslag",
    )
    assert doc.meta.municipality == "Heemstede" and doc.meta.doc_type == "jaarverslag"
    assert "municipality" not in doc.meta.evidence and "doc_type" not in doc.meta.evidence
    assert doc.meta.title == "Kwartaalrapportage sociaal domein"


@pytest.mark.parametrize(
    ("sentence", "start", "end", "label"),
    [
        ("In deze kwartaalrapportage gaat het om het 2e kwartaal 2017.", "2017-04-01", "2017-06-30", "2e kwartaal 2017"),
        ("Dit overzicht betreft Q3 2018.", "2018-07-01", "2018-09-30", "Q3 2018"),
        ("In deze brief: de tweede helft van 2016.", "2016-07-01", "2016-12-31", "tweede helft van 2016"),
        ("In deze rapportage de eerste vier maanden van 2019.", "2019-01-01", "2019-04-30", "eerste vier maanden van 2019"),
        ("In deze nota het vierde kwartaal van 2020.", "2020-10-01", "2020-12-31", "vierde kwartaal van 2020"),
        ("Dit verslag gaat over 2021.", "2021-01-01", "2021-12-31", "over 2021"),
    ],
)
def test_period_phrases(sentence, start, end, label):
    doc = build(sentence + LONG)
    assert doc.meta.period == Period(start, end, label)
    assert doc.meta.evidence["period"] == sentence


def test_period_needs_a_sentence_about_the_document():
    # "in 2016" here is an event, not what the report covers
    assert build("In 2016 is de raad begonnen met een nieuwe aanpak." + LONG).meta.period is None


def test_title_year_gives_the_period():
    doc = build("# Jaarverslag 2018", "Tekst." + LONG)
    assert doc.meta.period == Period("2018-01-01", "2018-12-31", "2018")
    assert doc.meta.doc_type == "jaarverslag"


@pytest.mark.parametrize(
    ("lines", "expected"),
    [
        (["Verzenddatum: 3 maart 2018"], "2018-03-03"),
        (["Datum", "12 okt. 2019"], "2019-10-12"),
        (["Haarlem, 1 FEBRUARI 2016"], "2016-02-01"),
        (["# Nota wonen", "april 2020"], "2020-04"),
        (["Verzenddatum: 31 februari 2017"], None),
    ],
)
def test_dates(lines, expected):
    assert build(*lines, "Tekst." + LONG).meta.date == expected


@pytest.mark.parametrize(
    ("title", "doc_type"),
    [
        ("Programmabegroting 2019-2022", "begroting"),
        ("Kwartaalrapportage Jeugd", "kwartaalrapportage"),
        ("Programmaverantwoording 2018", "jaarverslag"),
        ("Raadsinformatiebrief wachtlijsten", "raadsbrief"),
        ("Realisatie ten opzichte van de begroting", "other"),
    ],
)
def test_type_from_the_title(title, doc_type):
    assert build(f"# {title}", "Tekst." + LONG).meta.doc_type == doc_type


def test_bbv_budget_questions_make_a_begroting():
    doc = build("# Programma 2 Zorg", "# Wat willen we bereiken?", "Tekst." + LONG)
    assert doc.meta.doc_type == "begroting"
    assert doc.meta.title is None  # "Programma 2" is a part of the document


LETTERHEAD = ("Aan de gemeenteraad van Velsen", "Uw kenmerk 2018/999", "Ons kenmerk: 2018/123456")


def test_letter_reference_is_ours_not_theirs():
    doc = build(*LETTERHEAD, "Geachte leden van de raad,", "Wij informeren u." + LONG)
    assert doc.meta.reference == "2018/123456"
    assert doc.meta.doc_type == "raadsbrief"
    assert doc.meta.title is None  # a letter's title is its subject, and this one has none
    assert doc.meta.municipality == "Velsen"


def test_raadsinformatiebrief_without_salutation_is_a_letter():
    doc = build("Raadsinformatiebrief", "Onderwerp: Wachttijden Wmo", "Ons kenmerk: 2019/77", "Tekst." + LONG)
    assert (doc.meta.doc_type, doc.meta.title) == ("raadsbrief", "Wachttijden Wmo")
    assert doc.meta.evidence["doc_type"] == "Onderwerp: Wachttijden Wmo"


def test_title_page_furniture_is_not_the_title():
    doc = build("Gemeente Heemstede", "Haarlem", "Concept", "# Aan de slag met de Wmo", "Tekst." + LONG)
    assert doc.meta.title == "Aan de slag met de Wmo"


def test_letterhead_columns_merged_by_pdf():
    doc = build(
        "Bijlage(n) Geen Onderwerp Wachtlijsten jeugdhulp Verzenddatum: 5 juli 2018",
        "Ons kenmerk 2018.4411",
        "Geachte heer, mevrouw,",
        "Wij informeren u." + LONG,
    )
    assert (doc.meta.title, doc.meta.date, doc.meta.reference) == ("Wachtlijsten jeugdhulp", "2018-07-05", "2018.4411")


def test_region_mentions_do_not_vote_for_their_members():
    doc = build(
        "Veilig Thuis in de regio IJmond, Zuid-Kennemerland en Haarlemmermeer groeit." + LONG,
        "Ook in de regio Zuid-Kennemerland, IJmond en Haarlemmermeer. De gemeente Zandvoort doet mee.",
    )
    assert doc.meta.municipality == "Zandvoort"


def test_region_on_the_title_page_in_any_order():
    doc = build("# Regionaal kompas", "IJmond, Zuid-Kennemerland en Haarlemmermeer", "Tekst." + LONG)
    assert doc.meta.region == "Zuid-Kennemerland, IJmond en Haarlemmermeer"
    assert doc.meta.evidence["region"] == "IJmond, Zuid-Kennemerland en Haarlemmermeer"


def test_aliases_give_the_official_name():
    doc = build("De gemeente Den Bosch en de gemeente Den Bosch werken samen." + LONG)
    assert doc.meta.municipality == "'s-Hertogenbosch"


def test_ambiguous_and_ended_names_are_not_guessed():
    # "Bergen" is Bergen (NH.) or Bergen (L.); Haarlemmerliede en Spaarnwoude ended in 2019
    doc = build("In deze rapportage over 2021: de gemeente Bergen en de gemeente Haarlemmerliede." + LONG)
    assert doc.meta.municipality is None
    earlier = build("In deze rapportage over 2017: de gemeente Haarlemmerliede en Spaarnwoude." + LONG)
    assert earlier.meta.municipality == "Haarlemmerliede en Spaarnwoude"


def test_tie_between_municipalities_stays_unknown():
    assert build("De gemeente Velsen en de gemeente Heemskerk." + LONG).meta.municipality is None


# -- the gazetteer and the regions --------------------------------------------------


def test_gazetteer_has_the_342_municipalities_of_2024():
    active = [g for g in gazetteer() if g.ended is None]
    assert len(active) == 342
    assert len({g.code for g in gazetteer()}) == len(gazetteer())
    by_code = {g.code: g for g in gazetteer()}
    assert by_code["GM0392"].name == "Haarlem" and by_code["GM0394"].name == "Haarlemmermeer"
    assert by_code["GM0796"].name == "'s-Hertogenbosch" and "Den Bosch" in by_code["GM0796"].aliases
    assert by_code["GM1900"].name == "Súdwest-Fryslân" and by_code["GM1900"].province == "Friesland"
    assert by_code["GM0373"].name == "Bergen (NH.)" and "Bergen" in by_code["GM0373"].aliases
    assert by_code["GM1992"].name == "Voorne aan Zee"
    assert (by_code["GM0393"].name, by_code["GM0393"].ended) == ("Haarlemmerliede en Spaarnwoude", 2019)


def test_gazetteer_file_is_well_formed():
    with open(DATA_DIR / "gemeenten.csv", encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f))
    assert list(rows[0]) == ["code", "name", "province", "ended", "aliases"]
    assert all(re.fullmatch(r"GM[0-9]{4}", r["code"]) for r in rows)
    assert all(r["ended"] == "" or 2015 <= int(r["ended"]) <= 2024 for r in rows)
    assert len({r["province"] for r in rows}) == 12


def test_region_members_are_municipalities():
    names = {g.name for g in gazetteer()}
    for region in regions():
        assert set(region.members) <= names, region.name
    footnote = (CORPUS / "haarlem-regio_2017-03_uitvoeringsprogramma-opvang-wonen-herstel.md").read_text("utf-8")
    listed = re.search(r"^² (.+)$", footnote, re.M).group(1).replace(" en ", ", ").replace(" & ", " en ")
    centre = next(r for r in regions() if r.name == "Zuid-Kennemerland, IJmond en Haarlemmermeer")
    assert set(centre.members) == {name.strip() for name in listed.split(",")}


def test_data_ships_inside_the_package():
    assert Path(DATA_DIR).parent.name == "extract"
    assert (DATA_DIR / "README.md").is_file()


def test_municipality_from_the_file_or_folder_name():
    from extract.metadata.detect import municipality_from_path, slug

    assert slug("Capelle aan den IJssel") == "capelle-aan-den-ijssel" and slug("Hengelo (O.)") == "hengelo"
    assert municipality_from_path("tests/devset/hoorn_2019_begroting-beleidsindicatoren.txt", 2019).value == "Hoorn"
    found = municipality_from_path("in/capelle-aan-den-ijssel_2019_jaarstukken.txt", 2019)
    assert found.value == "Capelle aan den IJssel" and found.quote.startswith("file name:")
    assert municipality_from_path("rapportages/Hengelo/2016-jaarverslag.pdf", 2016).value == "Hengelo (O.)"
    assert municipality_from_path("haarlem-regio_2017-03_uitvoeringsprogramma.md", 2017) is None  # a region's report
    assert municipality_from_path("2019_jaarverslag.pdf", 2019) is None


def test_every_dev_set_document_has_its_municipality_with_cbs_code_and_source_or_is_flagged():
    # the hand gold of each dev-set document names its municipality and CBS code
    # ("municipality: Almelo", "municipality_code: GM0141"); joint bodies have none
    import yaml

    from extract.documents import read_document
    from extract.extraction.coverage import coverage_of

    devset = Path(__file__).parent / "devset"
    for gold_path in sorted((devset / "gold").glob("*.yaml")):
        gold = yaml.safe_load(gold_path.read_text(encoding="utf-8"))
        doc = read_document(devset / f"{gold['doc']}.txt")
        meta = doc.meta
        if gold.get("municipality_code"):
            assert (meta.municipality, meta.municipality_code) == (gold["municipality"], gold["municipality_code"]), gold["doc"]
            assert meta.municipality_source in ("text", "file name", "folder"), gold["doc"]
        else:
            warnings = coverage_of(doc.name, meta.municipality, [], [], []).warnings()
            assert meta.municipality is None and any("no municipality" in w for w in warnings), gold["doc"]
