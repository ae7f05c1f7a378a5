"""Reviews of findings (``reviews.yaml``, ``harvest review``): a stable id per finding, kept across
runs and rule changes; a dismissed finding stays dismissed; bad review files are refused by name."""

from __future__ import annotations

import shutil
from dataclasses import replace

import pytest
import yaml
from click.testing import CliRunner
from conftest import Q2, ROOT, load

from extract.checks import duplicates, run_checks
from extract.checks.reviews import Review, ReviewFileError, apply_reviews, load_reviews, save_reviews
from extract.cli.main import main
from extract.evaluate import findings_score, load_gold
from extract.extraction.extractor import Extractor
from extract.ruleset.load import load_rules

RULES = load_rules(ROOT / "rules")


def bezwaren_finding(measurements):
    # Q2: "Het aantal afgedane bezwaarzaken in het tweede kwartaal 2016 bedroeg 121." (line 90) and "... bedroeg 16."
    [f] = [f for f in duplicates.run(measurements, RULES) if f.stated == "121, 16"]
    return f


def test_a_finding_keeps_its_id_across_runs_wordings_and_rule_changes():
    first = bezwaren_finding(Extractor(RULES).extract(load(Q2)).measurements)
    again = bezwaren_finding(Extractor(RULES).extract(load(Q2)).measurements)
    assert first.finding_id == again.finding_id and first.finding_id.startswith("HC005-")
    # a rule change that renames the indicator of both figures, and a message reworded: the same finding
    renamed = [replace(m, indicator="bezwaren.afgehandeld") if m.indicator == "bezwaren.afgedaan" else m
               for m in Extractor(RULES).extract(load(Q2)).measurements]
    [moved] = [f for f in duplicates.run(renamed, None) if f.stated == "121, 16"]
    assert moved.finding_id == first.finding_id
    others = {f.finding_id for f in run_checks(Extractor(RULES).extract(load(Q2)).measurements, RULES)}
    assert len(others) == len(run_checks(Extractor(RULES).extract(load(Q2)).measurements, RULES))  # all distinct


def test_reviews_round_trip_and_are_applied_by_id(tmp_path):
    f = bezwaren_finding(Extractor(RULES).extract(load(Q2)).measurements)
    path = tmp_path / "reviews.yaml"
    save_reviews(path, {f.finding_id: Review(f.finding_id, "confirmed", "16 is bedoeld als beroepzaken", f.check,
                                             f.message)})
    reviews = load_reviews(path)
    assert reviews[f.finding_id].note == "16 is bedoeld als beroepzaken"
    [reviewed] = [g for g in apply_reviews([f], reviews)]
    assert (reviewed.review, reviewed.review_note) == ("confirmed", "16 is bedoeld als beroepzaken")
    assert list(tmp_path.iterdir()) == [path]  # written atomically: no temporary file left


@pytest.mark.parametrize("text, problem", [
    ("reviews: {a: 1}\n", "expected a mapping with a list 'reviews'"),
    ("reviews:\n  - {id: HC005-x, status: maybe}\n", "review 1: expected an 'id' and a 'status'"),
    ("reviews: [\n", "cannot be read"),
])
def test_a_bad_reviews_file_is_refused_by_name(tmp_path, text, problem):
    path = tmp_path / "reviews.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ReviewFileError, match=problem) as raised:
        load_reviews(path)
    assert str(path) in str(raised.value)


def test_confirmed_reviews_count_as_confirmed_in_eval():
    gold = load_gold(ROOT / "corpus" / "gold")
    unannotated = {"check": "HC005", "severity": "error", "doc": "haarlem_2017-q2_rapportage-sociaal-domein",
                   "finding_id": "HC005-0123456789", "measurements": [{"value": 1, "quote": "x"}]}
    assert findings_score(gold, [unannotated])["precision"] == 0.0
    assert findings_score(gold, [unannotated], {"HC005-0123456789"})["precision"] == 1.0


def test_a_dismissed_finding_stays_dismissed_after_a_new_run(tmp_path, monkeypatch):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    shutil.copy(Q2, corpus / Q2.name)
    monkeypatch.chdir(tmp_path)
    runner = CliRunner()
    rules = ["--rules", str(ROOT / "rules")]
    assert runner.invoke(main, ["run", "corpus", "--out", "out", "-q", *rules]).exit_code == 0
    store = ["--store", "out/indicators.sqlite"]
    listed = runner.invoke(main, ["check", *store, *rules])
    assert listed.exit_code == 1
    [finding_id] = [line.split("(")[1].split(",")[0] for line in listed.output.splitlines()
                    if line.startswith("ERROR") and "HC005" in line and "(HC005-" in line][:1]
    result = runner.invoke(main, ["review", finding_id, "--dismiss", "--note", "checked by hand", *store])
    assert result.exit_code == 0, result.output
    reviews = yaml.safe_load((tmp_path / "reviews.yaml").read_text(encoding="utf-8"))["reviews"]
    assert [(r["id"], r["status"], r["note"]) for r in reviews] == [(finding_id, "dismissed", "checked by hand")]
    assert runner.invoke(main, ["run", "corpus", "--out", "out", "-q", *rules]).exit_code == 0  # a new run
    hidden = runner.invoke(main, ["check", *store, *rules])
    assert finding_id not in hidden.output and "1 dismissed in reviews.yaml" in hidden.output
    shown = runner.invoke(main, ["check", *store, *rules, "--show-dismissed"])
    assert f"({finding_id}, confidence 0.90)  [dismissed: checked by hand]" in shown.output
    # a rule change (a copy of rules/ with one more phrase, so the rules hash changes and the corpus is
    # extracted afresh): the finding keeps its id and stays dismissed
    changed = tmp_path / "rules"
    shutil.copytree(ROOT / "rules", changed)
    vocabulary = changed / "vocabulary.yaml"
    vocabulary.write_text(vocabulary.read_text(encoding="utf-8").replace(
        "households: [huishoudens,", "households: [huishoudens, leefeenheden,"), encoding="utf-8")
    assert runner.invoke(main, ["run", "corpus", "--out", "out", "-q", "--rules", str(changed)]).exit_code == 0
    again = runner.invoke(main, ["check", *store, "--rules", str(changed)])
    assert finding_id not in again.output and "1 dismissed in reviews.yaml" in again.output
    unknown = runner.invoke(main, ["review", "HC005-nothing", "--confirm", *store])
    assert unknown.exit_code == 2 and "no finding HC005-nothing" in unknown.output
