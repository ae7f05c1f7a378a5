"""`harvest rules suggest`: the labels no rule names, clustered and ranked, as draft rule entries
that load with the rule schema. On dev-set documents (read only) and on synthetic edge cases."""

from __future__ import annotations

import json
import shutil
import time

import pytest
import yaml
from click.testing import CliRunner
from conftest import ROOT

from extract.cli.main import main
from extract.records import Measurement
from extract.ruleset.load import load_rules
from extract.ruleset.suggest import Figure, Suggestion, clean, cluster, normalise, rank, suggest, to_yaml

RULES = ROOT / "rules"
DEVSET = ROOT / "tests" / "devset"
#: three BBV tables and three dashboards of six municipalities
BBV_TABLES = ["gouda_2019_begroting-wettelijk-voorgeschreven-indicatoren", "hoorn_2019_begroting-beleidsindicatoren",
              "kerkrade_2018_jaarverslag-beleidsindicatoren"]
DASHBOARDS = ["gooise-meren_2022_jaarstukken-werk-en-inkomen-wat-heeft-het-gekost",
              "horst-aan-de-maas_2020_jaarstukken-sociaal-maatschappelijk", "hendrik-ido-ambacht_2017_jaarstukken-indicatoren"]
SIX = [DEVSET / f"{name}.txt" for name in BBV_TABLES + DASHBOARDS]
HEADER = "version: 1\ndomain: bbv\n"


@pytest.fixture(scope="module")
def empty_catalogue(tmp_path_factory):
    """The vocabulary of the real rules with one indicator that names nothing: every figure with
    a label stays labelled, whatever the catalogue learns meanwhile."""
    folder = tmp_path_factory.mktemp("rules")
    (folder / "indicators").mkdir()
    for name in ("vocabulary.yaml", "mentions.yaml"):
        shutil.copy(RULES / name, folder / name)
    (folder / "indicators" / "none.yaml").write_text(
        HEADER + "indicators:\n  - id: test.none\n    label: Niets\n    unit: count\n    quantity: stock\n"
                 "    phrases: [qqq zzz]\n", encoding="utf-8")
    return load_rules(folder)


@pytest.fixture(scope="module")
def six(empty_catalogue):
    return suggest(empty_catalogue, SIX)["suggestions"]


def named(suggestions, name: str, unit: str | None = None) -> Suggestion:
    found = [s for s in suggestions if s.name == name and (unit is None or s.unit == unit)]
    assert found, f"no suggestion {name!r} ({unit}) in {[(s.name, s.unit) for s in suggestions]}"
    return found[0]


# -- on real documents -------------------------------------------------------------------------


def test_bbv_names_that_three_municipalities_share_come_first(six):
    # Gouda's table: "6. Sociaal domein | Banen | per 1.000 inwoners 15-64 jaar | 2017 | 752,9 | 758,2 | ...";
    # Kerkrade's: "Banen | LISA | Aantal per 1.000 inwoners 15-74 jr | 2017 | 420,5 | 651,5 | 594,7";
    # Hoorn's "Banen | per 1.000 inwoners in de leeftijd 15 - 64 jaar | 685,1 | 2017 | LISA | ...".
    # With no rule naming them, the BBV names the three share rank first, each in three municipalities.
    top = [s for s in six if s.municipalities == 3]
    names = {s.name for s in top}
    assert {"Banen", "Bijstandsuitkeringen", "Jongeren met delict voor rechter", "Netto arbeidsparticipatie",
            "Kinderen in armoede", "re-integratievoorzieningen"} <= names
    assert six[:len(top)] == top  # nothing seen in fewer municipalities is ranked above them
    order = [(-s.municipalities, -s.documents, -len(s.figures)) for s in six]
    assert order == sorted(order)
    banen = named(six, "Banen")
    assert banen.unit == "per_1000" and banen.quantity == "rate" and banen.documents == 3
    assert {f.measurement.value for f in banen.figures} >= {752.9, 758.2, 420.5, 651.5, 594.7, 685.1}


def test_labels_with_their_units_and_column_cluster_as_one(six):
    # Kerkrade "Aantal Re-integratievoorzieningen | CBS | Aantal per 1.000 inwoners 15-74 jr | ..." and
    # Gouda/Hoorn "Aantal re-integratievoorzieningen": one cluster, whatever the case and the unit column
    reintegratie = named(six, "re-integratievoorzieningen")
    assert reintegratie.members == ["reintegratievoorzieningen"]
    assert {t.lower() for t in reintegratie.table_labels} == {"aantal re-integratievoorzieningen"}
    # the label the table reader gave ("Bijstandsuitkeringen / Gouda", "... / Nederland") loses its column
    bijstand = named(six, "Bijstandsuitkeringen")
    assert bijstand.table_labels == ["Bijstandsuitkeringen"]
    assert {f.measurement.label.split(" / ")[-1] for f in bijstand.figures} >= {"Gouda", "Nederland", "Kerkrade"}


def test_a_dashboard_tile_gives_an_amount_and_a_share_apart(six):
    # Horst aan de Maas, Gooise Meren and Hendrik-Ido-Ambacht print the same tiles:
    # "Uitgaven" / "40,34%" / "€ 49.382" / "x €1.000" / "40,34% Complete" (Horst)
    for name in ("Uitgaven", "Inkomsten", "Saldo"):
        amount, share = named(six, name, "eur"), named(six, name, "percent")
        assert amount.municipalities == share.municipalities == 3
        assert (amount.quantity, share.quantity) == ("amount", "share")
    uitgaven = named(six, "Uitgaven", "eur")
    horst = [f for f in uitgaven.figures if f.measurement.doc.startswith("horst")]
    assert {f.measurement.value for f in horst} == {49382000}


def test_a_draft_quotes_its_rows_and_expects_their_figures(six):
    entry = named(six, "Banen").entry()
    assert entry["id"] == "draft.banen" and entry["table_labels"] == ["Banen"]
    assert len(entry["examples"]) == 3  # one per municipality
    kerkrade = next(e for e in entry["examples"] if e["doc"].startswith("kerkrade"))
    assert kerkrade["table"]["row"] == ["Banen", "LISA", "Aantal per 1.000 inwoners 15-74 jr", "2017", "420,5",
                                        "651,5", "594,7"]
    assert kerkrade["table"]["header"] == ["omschrijving", "bron", "eenheid", "periode", "Kerkrade", "Nederland",
                                           "Limburg"]
    assert [e["value"] for e in kerkrade["expect"]] == [420.5, 651.5, 594.7]
    assert all(e["unit"] == "per_1000" and e["period"] == ["2017-01-01", "2017-12-31"] for e in kerkrade["expect"])
    assert "dev-set document" in kerkrade["note"]


def test_drafts_load_with_the_rule_schema(six, tmp_path):
    text = to_yaml(six, len(SIX))
    assert "# review: guessed from the unit" in text and "municipalities, " in text
    folder = tmp_path / "rules"
    shutil.copytree(RULES, folder)
    (folder / "indicators" / "zz_draft.yaml").write_text(HEADER + text, encoding="utf-8")
    loaded = {i.id: i for i in load_rules(folder).indicators}
    for s in six:
        ind = loaded[s.id]
        assert s.id.startswith("draft.")
        assert (ind.label, ind.unit, ind.quantity) == (s.name, s.unit, s.quantity)
        assert list(ind.table_labels) == s.table_labels[:12] and ind.phrases
        assert [ex.table["row"] if ex.table else ex.text for ex in ind.examples] == \
            [e["table"]["row"] if "table" in e else e["text"] for e in s.examples()]
        assert all(ex.expect for ex in ind.examples)


def test_the_real_catalogue_and_the_whole_dev_set_in_seconds(tmp_path):
    """The command on the 40 dev-set documents with the rules as they are: well under a minute,
    drafts that load next to the catalogue, and ids that are not the catalogue's."""
    started = time.perf_counter()
    out = tmp_path / "draft.yaml"
    result = CliRunner().invoke(main, ["rules", "suggest", str(DEVSET), "--rules", str(RULES), "--out", str(out),
                                       "--top", "0"])
    elapsed = time.perf_counter() - started
    assert result.exit_code == 0, result.output
    assert elapsed < 30
    lines = result.stdout.splitlines()
    assert lines[0].split()[:6] == ["rank", "munis", "docs", "figs", "label", "unit"]
    assert len(lines) > 5 and " clusters in 2+ documents" in result.stderr
    # labels that name a thing ("Uitgaven", the share of the budget spent in Gooise Meren, Hendrik-Ido-Ambacht
    # and Horst aan de Maas) rank before "mensen", counted in more municipalities but naming no indicator;
    # "aanvragen bijzondere bijstand" and "Lopende reintegratievoorzieningen", which led here before
    # bijzondere_bijstand.aanvragen was added and a BBV name on its own row named the rows under it, are
    # no longer proposed
    at, end = lines[0].index("label"), lines[0].index("unit")
    labels = [line[at:end].strip() for line in lines[1:]]
    assert labels.index("Uitgaven") < labels.index("mensen")
    assert not {"aanvragen bijzondere bijstand", "lopende reintegratievoorzieningen"} & {label.lower() for label in labels}
    assert all(label in ("mensen", "inwoners", "uitkeringen") for label in labels[labels.index("mensen"):])
    folder = tmp_path / "rules"
    shutil.copytree(RULES, folder)
    (folder / "indicators" / "zz_draft.yaml").write_text(HEADER + out.read_text(encoding="utf-8"), encoding="utf-8")
    real = {i.id for i in load_rules(RULES).indicators}
    drafts = [i for i in load_rules(folder).indicators if i.id not in real]
    assert len(drafts) == len(lines) - 1 and all(i.id.startswith("draft.") for i in drafts)


# -- the command -------------------------------------------------------------------------------


def test_help_documents_the_options():
    result = CliRunner().invoke(main, ["rules", "suggest", "--help"])
    assert result.exit_code == 0
    for option in ("--rules", "--min-docs", "--top", "--threshold", "--out", "--json"):
        assert option in result.output
    assert "suggest" in CliRunner().invoke(main, ["rules", "--help"]).output


def test_json_lists_the_clusters_with_their_drafts(empty_catalogue):
    files = [str(DEVSET / f"{name}.txt") for name in BBV_TABLES]
    result = CliRunner().invoke(main, ["rules", "suggest", *files, "--rules", str(empty_catalogue.folder), "--json",
                                       "--top", "3"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)  # stdout is the JSON alone; the ranked list went to stderr
    assert [d["rank"] for d in data] == [1, 2, 3] and all(d["municipalities"] == 3 for d in data)
    assert all(d["entry"]["id"].startswith("draft.") for d in data)
    assert "rank munis docs" in result.stderr


def test_a_missing_path_is_an_input_error():
    result = CliRunner().invoke(main, ["rules", "suggest", str(DEVSET / "no-such-report.txt"), "--rules", str(RULES)])
    assert result.exit_code == 2 and "no such file" in result.stderr


# -- edge cases --------------------------------------------------------------------------------

def _report(folder, name: str, rows: list[tuple[str, str, str]]) -> None:
    table = "\n".join(f"| {label} | {a} | {b} |" for label, a, b in rows)
    (folder / f"{name}.md").write_text(f"# Kengetallen\n\n| Omschrijving | 2022 | 2023 |\n|---|---|---|\n{table}\n",
                                       encoding="utf-8")


def test_no_labelled_figures_gives_an_empty_draft(tmp_path, empty_catalogue):
    (tmp_path / "almelo_2023_brief.txt").write_text("Geen cijfers in deze brief, alleen woorden.\n", encoding="utf-8")
    report = suggest(empty_catalogue, [tmp_path / "almelo_2023_brief.txt"])
    assert report == {"documents": 1, "figures": 0, "suggestions": []}
    assert yaml.safe_load(to_yaml([], 1)) == {"indicators": []}
    result = CliRunner().invoke(main, ["rules", "suggest", str(tmp_path), "--rules", str(empty_catalogue.folder)])
    assert result.exit_code == 0 and "0 clusters" in result.stderr


def test_one_document_is_left_out_unless_min_docs_is_one(tmp_path, empty_catalogue):
    _report(tmp_path, "almelo_2023_kengetallen", [("Mantelzorgers in beeld", "120", "130"),
                                                   ("Mantelzorgers in beeld (x 1)", "5", "6")])
    files = [tmp_path / "almelo_2023_kengetallen.md"]
    assert suggest(empty_catalogue, files)["suggestions"] == []
    alone = suggest(empty_catalogue, files, min_docs=1)["suggestions"]
    assert [(s.name, s.documents, len(s.figures)) for s in alone] == [("Mantelzorgers in beeld", 1, 4)]


def test_odd_characters_in_labels_round_trip_through_yaml(tmp_path, empty_catalogue):
    odd = ['Cliënten: "tevreden" & \'zeer\' #1 {WMO} [ja] > 50 @ `x` — ’t café',
           "yes", "null", "- streepje vooraan", "!tag *anker &ref %procent", "~"]
    for n, municipality in enumerate(("almelo", "arnhem")):
        _report(tmp_path, f"{municipality}_2023_kengetallen", [(label, str(10 + n), str(20 + n)) for label in odd])
    suggestions = suggest(empty_catalogue, sorted(tmp_path.glob("*.md")))["suggestions"]
    written = {label for s in suggestions for label in s.table_labels}
    assert written == set(odd) - {"~"}  # "~" (YAML's null) names nothing: left out
    folder = tmp_path / "rules"
    shutil.copytree(empty_catalogue.folder, folder)
    (folder / "indicators" / "zz_draft.yaml").write_text(HEADER + to_yaml(suggestions, 2), encoding="utf-8")
    loaded = {i.id: i for i in load_rules(folder).indicators}
    for s in suggestions:
        ind = loaded[s.id]
        assert ind.label == s.name and list(ind.table_labels) == s.table_labels
        assert [ex.table["row"] for ex in ind.examples] == [e["table"]["row"] for e in s.examples()]


def test_line_breaks_and_controls_in_a_quote_cannot_break_the_yaml(tmp_path, empty_catalogue):
    """A label or quote may hold anything a document does: line breaks (also YAML 1.1's U+0085,
    U+2028), tabs, NUL. The comment lines stay one line and the values load back as written."""
    label = "Kosten\u2028per\x85geval\tmet\x00nul: #"
    figures = [Figure(Measurement(doc=f"doc{n}", path=f"doc{n}.txt", municipality=f"Gemeente {n}", indicator="",
                                  label=label, value=5.0 + n, unit="count", low=None, high=None,
                                  quote=f"Er waren\n{5 + n} gevallen\u2029: {label}", method="prose"),
                      label, "", clean(label), normalise(label), f"Gemeente {n}",
                      {"text": f"Er waren\n{5 + n} gevallen\u2029: {label}"}, (f"doc{n}", "q"))
               for n in range(2)]
    suggestions = rank(empty_catalogue, figures)
    assert len(suggestions) == 1
    text = to_yaml(suggestions, 2)
    assert all(line.startswith(("#", "indicators:", " ")) for line in text.split("\n") if line)
    assert "\u2028" not in "".join(line for line in text.split("\n") if line.lstrip().startswith("#"))
    folder = tmp_path / "rules"
    shutil.copytree(empty_catalogue.folder, folder)
    (folder / "indicators" / "zz_draft.yaml").write_text(HEADER + text, encoding="utf-8")
    ind = next(i for i in load_rules(folder).indicators if i.id.startswith("draft."))
    assert [ex.text for ex in ind.examples] == [f"Er waren\n{5 + n} gevallen\u2029: {label}" for n in range(2)]
    assert [ex.expect[0]["value"] for ex in ind.examples] == [5, 6]


def test_normalise_strips_units_years_footnotes_and_numbers():
    # row labels of dev-set BBV tables, as the reader gives them
    assert normalise("Lopende reintegratievoorzieningen, per 10.000 inwoners (15-64 jaar). **)") == \
        "lopende reintegratievoorzieningen"
    assert normalise("Lopende re-integratievoorzieningen Aantal per 10.000 inwoners van 15 - 64 jaar") == \
        "lopende reintegratievoorzieningen"
    assert normalise("Jongeren met delict voor rechter % van jongeren tussen 12 en 21 jaar") == \
        "jongeren met delict voor rechter"
    assert normalise("Personen met bijstandsuitkering (per 1.000 inwoners 18+)") == "personen met bijstandsuitkering"
    assert normalise("% Kinderen in armoede") == "kinderen in armoede"
    assert normalise("Wmo-cliënten met een maatwerkarrangement") == "wmo clienten met een maatwerkarrangement"
    assert normalise("Cliënten met een maatwerk-arrangement Wmo") == "clienten met een maatwerkarrangement wmo"
    assert normalise("Lasten (x € 1.000)") == normalise("Totaal lasten") == "lasten"
    assert normalise("Jongeren met een delict voor de rechter (27)") == "jongeren met een delict voor de rechter"
    assert normalise("Saldo 2023¹") == "saldo" and normalise("2019") == ""
    assert clean("Personen met een bijstandsuitkering (per 10.000 inwoners)") == "Personen met een bijstandsuitkering"


def test_clusters_do_not_chain_and_a_contained_word_does_not_absorb():
    keys = {"personen met een bijstandsuitkering": 5, "personen met bijstandsuitkering": 2, "inwoners": 4,
            "inwoners dat mantelzorg verleent met hoge belasting": 1, "onttrekkingen": 2, "totaal": 1,
            "jongeren met jeugdhulp": 3, "jongeren met jeugdbescherming": 2}
    from collections import Counter

    leader = cluster(Counter(keys))
    assert leader["personen met bijstandsuitkering"] == "personen met een bijstandsuitkering"
    assert leader["inwoners dat mantelzorg verleent met hoge belasting"] != "inwoners"
    assert leader["totaal"] == "totaal" and leader["jongeren met jeugdbescherming"] == "jongeren met jeugdbescherming"
