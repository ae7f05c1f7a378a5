"""The rule files load, lint clean, and every example gives what it says (`harvest rules test`)."""

from __future__ import annotations

import re
import shutil

import pytest
from click.testing import CliRunner
from conftest import CORPUS, ROOT

from extract.cli.main import main
from extract.ruleset.load import RuleFileError, lint, load_rules

RULES = ROOT / "rules"


def test_rules_load_and_lint_clean():
    rules = load_rules(RULES)
    assert lint(rules) == []
    assert all(ind.examples for ind in rules.indicators)


def test_harvest_rules_lint_passes():
    result = CliRunner().invoke(main, ["rules", "lint", "--rules", str(RULES)])
    assert result.exit_code == 0, result.output
    assert "0 problems" in result.stderr


def test_harvest_rules_test_passes():
    """Every example of every rule file, run inside the corpus report it quotes."""
    result = CliRunner().invoke(main, ["rules", "test", "--rules", str(RULES), "--corpus", str(CORPUS)])
    assert result.exit_code == 0, result.output
    assert result.output.strip().splitlines()[-1].endswith(" 0 failed")


@pytest.fixture
def rules_copy(tmp_path):
    folder = tmp_path / "rules"
    shutil.copytree(RULES, folder)
    return folder


def write(folder, text: str) -> None:
    (folder / "indicators" / "extra.yaml").write_text(text, encoding="utf-8")


def test_unknown_key_is_refused_with_file_and_line(rules_copy):
    write(rules_copy, "version: 1\ndomain: wmo\nindicators:\n  - id: x.y\n    label: X\n    unit: count\n"
                      "    quantity: flow\n    phrases: [x]\n    phrasess: [y]\n")
    with pytest.raises(RuleFileError, match=r"extra.yaml:4: unknown key\(s\): phrasess"):
        load_rules(rules_copy)


def test_unknown_unit_and_domain_are_refused(rules_copy):
    write(rules_copy, "version: 1\ndomain: wmo\nindicators:\n  - id: x.y\n    label: X\n    unit: liters\n"
                      "    quantity: flow\n    phrases: [x]\n")
    with pytest.raises(RuleFileError, match=r"extra.yaml:4: indicator 'x.y': unknown unit 'liters'"):
        load_rules(rules_copy)
    write(rules_copy, "version: 1\ndomain: sport\nindicators:\n  - id: x.y\n")
    with pytest.raises(RuleFileError, match=r"extra.yaml:1: unknown domain 'sport'"):
        load_rules(rules_copy)


def test_a_comparison_pattern_that_is_no_regular_expression_is_refused(rules_copy):
    vocabulary = rules_copy / "vocabulary.yaml"
    text = vocabulary.read_text(encoding="utf-8")
    vocabulary.write_text(re.sub(r"(?m)^  pattern: .*$", "  pattern: '(unclosed'", text, count=1), encoding="utf-8")
    with pytest.raises(RuleFileError, match=r"vocabulary.yaml:\d+: comparison_groups.pattern: not a regular expression"):
        load_rules(rules_copy)


def test_python_tags_are_refused(rules_copy):
    write(rules_copy, "version: 1\ndomain: !!python/object/apply:os.system ['echo hacked']\nindicators: []\n")
    with pytest.raises(RuleFileError, match=r"extra.yaml:2: invalid YAML"):
        load_rules(rules_copy)


def test_lint_finds_duplicates_and_examples_missing(rules_copy):
    first = next(i for i in load_rules(rules_copy).indicators if not i.context)
    write(rules_copy, f"version: 1\ndomain: wmo\nindicators:\n  - id: {first.id}\n    label: X\n    unit: count\n"
                      f"    quantity: flow\n    phrases: [iets anders]\n"
                      f"  - id: test.claim\n    label: Y\n    unit: count\n"
                      f"    quantity: flow\n    phrases: ['{first.phrases[0]}']\n")
    problems = lint(load_rules(rules_copy))
    assert any(f"duplicate indicator id '{first.id}'" in p for p in problems)
    assert any("has no example that gives a measurement" in p for p in problems)
    assert any(f"phrase '{first.phrases[0].lower()}'" in p and "also claimed" in p for p in problems)


def test_a_failing_example_is_reported(rules_copy):
    write(rules_copy, "version: 1\ndomain: participatiewet\nindicators:\n  - id: test.gevallen\n    label: X\n"
                      "    unit: count\n    quantity: flow\n    phrases: [testgevallen]\n"
                      "    examples:\n      - text: \"Er zijn 12 testgevallen gevonden.\"\n"
                      "        expect:\n          - {value: 13}\n")
    result = CliRunner().invoke(main, ["rules", "test", "--rules", str(rules_copy), "--corpus", str(CORPUS)])
    assert result.exit_code == 1
    assert "FAIL  test.gevallen  extra.yaml:10: expected 13, got 12" in result.output
    assert result.output.strip().splitlines()[-1].endswith(" 1 failed")


def test_bbv_number_is_validated_and_unique(rules_copy):
    entry = ("  - id: test.banen{n}\n    label: Banen\n    unit: per_1000\n    quantity: rate\n"
             "    phrases: [testbanen{n}]\n    bbv: {bbv}\n")
    write(rules_copy, "version: 1\ndomain: bbv\nindicators:\n" + entry.format(n=1, bbv="{number: 'eenentwintig', name: Banen}"))
    with pytest.raises(RuleFileError, match=r"extra.yaml:4: indicator 'test.banen1': 'bbv' must be"):
        load_rules(rules_copy)
    write(rules_copy, "version: 1\ndomain: bbv\nindicators:\n" + entry.format(n=1, bbv="{number: 921, name: Banen}")
          + entry.format(n=2, bbv="{number: 921, name: Banen}"))
    rules = load_rules(rules_copy)
    assert rules.by_id()["test.banen1"].bbv_number == 921
    assert any("BBV number 921 of 'test.banen2' is also 'test.banen1'" in p for p in lint(rules))


@pytest.mark.parametrize("line, problem", [
    ("    plausible: [a, 2000]", r"'plausible' must be \[low, high\], two numbers, got \['a', 2000\]"),
    ("    plausible: [10, 1]", r"'plausible' must be \[low, high\]"),
    ("    additive: 'ja'", r"'additive' must be true or false, got str 'ja'"),
])
def test_a_value_of_the_wrong_type_is_refused_with_file_and_line(rules_copy, line, problem):
    write(rules_copy, "version: 1\ndomain: wmo\nindicators:\n  - id: test.typed\n    label: X\n    unit: count\n"
                      f"    quantity: flow\n    phrases: [iets]\n{line}\n")
    with pytest.raises(RuleFileError, match=rf"extra.yaml:4: indicator 'test.typed': {problem}"):
        load_rules(rules_copy)


def test_a_unit_given_as_a_list_is_refused(rules_copy):
    write(rules_copy, "version: 1\ndomain: wmo\nindicators:\n  - id: test.typed\n    label: X\n    unit: [count]\n"
                      "    quantity: flow\n    phrases: [iets]\n")
    with pytest.raises(RuleFileError, match=r"extra.yaml:4: .*'unit' must be text, got list \['count'\]"):
        load_rules(rules_copy)


def test_a_bad_region_pattern_is_refused_before_any_document_is_read(rules_copy, tmp_path):
    vocabulary = rules_copy / "vocabulary.yaml"
    text = vocabulary.read_text(encoding="utf-8")
    assert "  region_pattern:" in text
    vocabulary.write_text(re.sub(r"(?m)^  region_pattern: .*$", '  region_pattern: "([a-z"', text), encoding="utf-8")
    result = CliRunner().invoke(main, ["run", str(CORPUS), "--out", str(tmp_path / "out"), "--rules", str(rules_copy)])
    assert result.exit_code == 2
    assert re.fullmatch(r"error: \S*vocabulary.yaml:\d+: geography.region_pattern: not a regular expression: .*\n",
                        result.stderr)
    assert not (tmp_path / "out" / "indicators.sqlite").exists()
