"""`harvest eval` against the hand-written gold annotations of corpus/gold.

The floors are what the extractor reaches now; raise them as it improves, never lower
one to make a change pass.
"""

from __future__ import annotations

import json

from click.testing import CliRunner
from conftest import CORPUS, ROOT

from extract.cli.main import main
from extract.evaluate import GoldMeasurement, evaluate, findings_score, load_gold
from extract.records import Measurement

GOLD = CORPUS / "gold"
FLOORS = {"precision": 0.985, "recall": 0.90, "f1": 0.94}
FIELD_FLOORS = {"indicator": 0.99, "period": 0.70, "geography": 0.93, "dimensions": 0.92, "kind": 0.94}


def test_gold_covers_every_corpus_document_by_hand():
    gold = load_gold(GOLD)
    assert sorted(gold.docs) == sorted(p.stem for p in CORPUS.iterdir() if p.suffix in (".txt", ".md"))
    assert len(gold.measurements) >= 350
    assert {g.method for g in gold.measurements} == {"prose", "table"}
    assert any(f.check == "duplicate" and sorted(f.values) == [10.7, 11] for f in gold.findings)


def test_harvest_eval_reaches_its_floors():
    result = CliRunner().invoke(main, ["eval", "--gold", str(GOLD), "--rules", str(ROOT / "rules"), "--json"])
    assert result.exit_code == 0, result.output
    report = json.loads(result.output)
    for key, floor in FLOORS.items():
        assert report["overall"][key] >= floor, (key, report["overall"])
    for key, floor in FIELD_FLOORS.items():
        assert report["fields"][key] >= floor, (key, report["fields"])
    assert set(report["methods"]) == {"prose", "table"}
    findings = report["findings"]
    assert len(findings["detected"]) >= 8  # among them the landelijk gemiddelde 11% / 10,7%, "augustus 2017 tot en met juli 2017", "het overige budget van circa € 10 miljoen"
    assert any("10,7%" in line for line in findings["detected"])
    assert findings["false_alarms"] == []
    assert report["finding_precision"]["precision"] >= 0.90, report["finding_precision"]  # issue 13


def test_matching_needs_value_unit_and_an_overlapping_quote():
    quote = "Eind 2016 bedroeg het aantal bijstandsgerechtigden 3736."
    gold = load_gold(GOLD)
    gold.measurements = [GoldMeasurement("q2", quote, 3736, "count", "bijstand.uitkeringen", "actual", ("2016-12-31", "2016-12-31"))]
    gold.docs = ["q2"]

    def found(value, unit="count", text=quote, period="2016-12-31"):
        return Measurement("q2", "q2.txt", "Haarlem", "bijstand.uitkeringen", "x", value, unit, None, None,
                           period_start=period, period_end=period, quote=text)

    right = evaluate(gold, [found(3736)])
    assert (len(right.matches), len(right.misses), len(right.false_positives)) == (1, 0, 0)
    assert right.field_accuracy()["period"] == 1.0
    wrong_period = evaluate(gold, [found(3736, period="2017-06-30")])
    assert len(wrong_period.matches) == 1 and wrong_period.field_accuracy()["period"] == 0.0
    for other in (found(3835), found(3736, unit="eur"), found(3736, text="Een heel andere zin met 3736 erin.")):
        result = evaluate(gold, [other])
        assert (len(result.matches), len(result.misses), len(result.false_positives)) == (0, 1, 1)


def test_a_glued_quote_matches_the_same_words_split_into_cells():
    # Leeuwarden, jaarstukken 2019: the chart label "Begroting354,1 miljoen", read as the row "Begroting | 354,1 miljoen"
    gold = load_gold(GOLD)
    gold.measurements = [GoldMeasurement("lw", "Begroting354,1 miljoen", 354.1e6, "eur", "", "budget", ("", ""))]
    gold.docs = ["lw"]

    def found(text):
        return Measurement("lw", "lw.txt", "Leeuwarden", "", "Begroting / Bedrag", 354.1e6, "eur", None, None,
                           quote=text)

    assert len(evaluate(gold, [found("Begroting | 354,1 miljoen | ")]).matches) == 1
    assert len(evaluate(gold, [found("Rekening | 358,0 miljoen | ")]).matches) == 0


def test_labels_agree_across_row_label_and_column_forms():
    # Hoorn, begroting 2019: "6 | Banen | per 1.000 inwoners in de leeftijd 15 - 64 jaar | 685,1 | 2017 | ..."
    from extract.evaluate import labels_agree

    assert labels_agree("Banen", "Banen / Waarde")
    assert labels_agree("Samenkracht en burgerparticipatie", "6.1 Samenkracht en burgerparticipatie / Rekening 2021")
    assert labels_agree("personen met een bijstandsuitkering", "Personen met een bijstandsuitkering (BBV)")
    assert not labels_agree("Banen", "Netto arbeidsparticipatie / Waarde")
    assert not labels_agree("Banen", "")


def test_labelled_gold_scores_recall_with_label_and_period():
    quote = "6 | Banen | per 1.000 inwoners in de leeftijd 15 - 64 jaar | 685,1 | 2017"
    year = ("2017-01-01", "2017-12-31")
    gold = load_gold(GOLD)
    gold.measurements = [GoldMeasurement("hoorn", quote, 685.1, "per_1000", "", "actual", year, "Hoorn", None, "table", "Banen"),
                         GoldMeasurement("hoorn", quote, 2017.5, "count", "", "actual", year, "Hoorn", None, "table", "Banen")]
    gold.docs = ["hoorn"]

    def found(label, period):
        return Measurement("hoorn", "hoorn.txt", "Hoorn", "", label, 685.1, "per_1000", None, None,
                           period_start=period[0], period_end=period[1], quote=quote, method="table")

    right = evaluate(gold, [found("Banen / Waarde", year)])
    assert right.labelled_recall() == {"gold": 2, "label": 0.5, "label_and_period": 0.5}
    assert "dimensions" not in right.field_accuracy()  # labelled gold does not annotate a breakdown
    wrong = evaluate(gold, [found("Netto arbeidsparticipatie / Waarde", ("2016-01-01", "2016-12-31"))])
    assert wrong.labelled_recall()["label"] == 0.0 and wrong.field_accuracy()["label"] == 0.0


def test_catalogue_scores_count_typed_bbv_figures_and_their_units():
    # Hoorn, begroting 2019: the BBV row "Banen" with its unit in its own cell
    from extract.evaluate import catalogue_scores

    quote = "6 | Banen | per 1.000 inwoners in de leeftijd 15 - 64 jaar | 685,1 | 2017"
    year = ("2017-01-01", "2017-12-31")
    gold = load_gold(GOLD)
    gold.measurements = [GoldMeasurement("hoorn", quote, 685.1, "per_1000", "", "actual", year, "Hoorn", None, "table", "Banen",
                                         compare=True, bbv="Banen")]
    gold.docs = ["hoorn"]

    def found(indicator, unit):
        return Measurement("hoorn", "hoorn.txt", "Hoorn", indicator, "Banen", 685.1, unit, None, None,
                           period_start=year[0], period_end=year[1], quote=quote, method="table")

    names = {"bbv.banen": "Banen", "bbv.netto_arbeidsparticipatie": "Netto arbeidsparticipatie"}
    right = catalogue_scores(gold, [found("bbv.banen", "per_1000")], names)
    assert right["bbv"] == {"gold": 1, "found": 1.0, "typed": 1.0, "unit": 1.0, "right_bbv": 1.0}
    assert right["compare"]["typed"] == 1.0
    wrong = catalogue_scores(gold, [found("bbv.netto_arbeidsparticipatie", "per_1000")], names)["bbv"]
    assert wrong["typed"] == 1.0 and wrong["right_bbv"] == 0.0
    labelled_as_count = catalogue_scores(gold, [found("", "count")], names)["bbv"]
    assert labelled_as_count == {"gold": 1, "found": 1.0, "typed": 0.0, "unit": 0.0, "right_bbv": 0.0}
    assert catalogue_scores(gold, [], names)["bbv"]["found"] == 0.0


def test_harvest_eval_reports_each_gold_set_on_its_own():
    result = CliRunner().invoke(main, ["eval", "--gold", str(GOLD), "--gold", str(GOLD), "--json"])
    assert result.exit_code == 0, result.output
    report = json.loads(result.output)
    assert list(report) == [str(GOLD)]  # keyed by gold folder; the same folder once
    devset = ROOT / "tests" / "devset" / "gold"
    text = CliRunner().invoke(main, ["eval", "--gold", str(GOLD), "--gold", str(devset)]).output
    assert f"== {GOLD} (5 documents)" in text and f"== {devset}" in text
    assert "recall of the" in text.split(f"== {devset}")[1]  # labelled gold: recall with label and period


#: what the harvester reaches on the dev set of other municipalities now (issue 11 asks for
#: P 0.95, R 0.90 and 0.80 with the right period); raise these as it improves, never lower one
DEVSET_FLOORS = {"precision": 0.95, "recall": 0.955}
DEVSET_LABELLED_FLOORS = {"label": 0.91, "label_and_period": 0.82}  # issue 11
#: how much of what researchers compare the catalogue types (issue 12 asks for 0.80, unit right 0.95)
DEVSET_CATALOGUE_FLOORS = {("bbv", "right_bbv"): 0.93, ("bbv", "unit"): 0.98, ("compare", "typed"): 0.65}


def test_harvest_eval_on_the_dev_set_reaches_its_floors():
    devset = ROOT / "tests" / "devset" / "gold"
    result = CliRunner().invoke(main, ["eval", "--gold", str(devset), "--json"])
    assert result.exit_code == 0, result.output
    report = json.loads(result.output)
    assert len(report["documents"]) >= 40
    for key, floor in DEVSET_FLOORS.items():
        assert report["overall"][key] >= floor, (key, report["overall"])
    for key, floor in DEVSET_LABELLED_FLOORS.items():
        assert report["labelled_recall"][key] >= floor, (key, report["labelled_recall"])
    for (group, key), floor in DEVSET_CATALOGUE_FLOORS.items():
        assert report["catalogue"][group][key] >= floor, (group, key, report["catalogue"])


def test_findings_precision_counts_only_findings_an_annotated_contradiction_confirms():
    # the corpus gold's duplicate "11% ... 10,7%" is confirmed by the HC005 warning on it; a finding on a
    # consistent case ("62 op jaarbasis" / "eenmalig opgehoogd naar 80") would be unconfirmed
    gold = load_gold(GOLD)
    confirmed = {"check": "HC005", "severity": "warning", "doc": "haarlem_2017-q2_rapportage-sociaal-domein",
                 "measurements": [{"value": 11, "quote": "De gemeente Haarlem zit daarmee nog onder het landelijk "
                                   "gemiddelde van 11%."}, {"value": 10.7, "quote": "De gemeente zit daarmee nog "
                                   "onder het landelijk gemiddelde van 10,7%."}]}
    unconfirmed = {"check": "HC005", "severity": "error", "doc": "haarlem_2017_jaarverslag-sociaal-domein",
                   "measurements": [{"value": 62, "quote": "Op jaarbasis zijn er in totaal 62 contingent woningen"},
                                    {"value": 80, "quote": "eenmalig opgehoogd naar 80"}]}
    information = dict(unconfirmed, severity="info")
    score = findings_score(gold, [confirmed, unconfirmed, information])
    assert (score["raised"], score["precision"], score["unconfirmed"]) == (2, 0.5, [unconfirmed])
    listed = CliRunner().invoke(main, ["eval", "--gold", str(GOLD), "--show", "findings"]).output
    assert "findings at warning/error: " in listed and "precision 1.000" in listed
