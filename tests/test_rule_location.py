"""Where the rules come from: one folder for every part of a run (vocabulary, indicators and
the non-measurement reasons of mentions.yaml), found the same way by the CLI, the Python API
and the workers; a project file (harvest.toml) found from the current folder up."""

from __future__ import annotations

import shutil
import sqlite3

import pytest
from click.testing import CliRunner
from conftest import ROOT

from extract.cli.main import main
from extract.ruleset.errors import RuleFileError
from extract.ruleset.load import load_rules
from extract.ruleset.locate import find_project, packaged_rules, rules_folder

RULES = ROOT / "rules"
# Haarlem, Q2 2017: "Op dit moment staan er 159 cliënten op de wachtlijst, vorig kwartaal waren dat er 164."
SENTENCE = "Op dit moment staan er 159 cliënten op de wachtlijst, vorig kwartaal waren dat er 164."


@pytest.fixture
def own_rules(tmp_path):
    """A copy of the rules whose mentions.yaml has one reason more, first: '159 cliënten' is no figure."""
    folder = tmp_path / "own_rules"
    shutil.copytree(RULES, folder)
    mentions = folder / "mentions.yaml"
    text = mentions.read_text(encoding="utf-8")
    extra = ("  - id: local_exception\n    description: a number this project does not count\n"
             "    patterns: ['(?P<n>159) cliënten']\n    examples: []\n")
    mentions.write_text(text.replace("reasons:\n", "reasons:\n" + extra, 1), encoding="utf-8")
    return folder


def test_the_rule_set_carries_the_reasons_of_its_own_folder(own_rules):
    assert "local_exception" in [r.id for r in load_rules(own_rules).reasons]
    assert "local_exception" not in [r.id for r in load_rules(RULES).reasons]


def test_ingest_with_rules_applies_that_folders_mentions_yaml(own_rules, tmp_path):
    doc = tmp_path / "docs" / "haarlem_2017-q2_wachtlijst.txt"
    doc.parent.mkdir()
    doc.write_text(SENTENCE + "\n", encoding="utf-8")
    store = tmp_path / "own.sqlite"
    result = CliRunner().invoke(main, ["ingest", str(doc.parent), "--store", str(store), "--rules", str(own_rules), "-q"])
    assert result.exit_code == 0, result.output
    with sqlite3.connect(store) as db:
        reasons = dict(db.execute("SELECT text, reason FROM mentions").fetchall())
        values = {v for (v,) in db.execute("SELECT value FROM measurements")}
    assert reasons["159"] == "local_exception"
    assert 164 in values and 159 not in values


def test_the_order_explicit_environment_project_local_packaged(tmp_path, monkeypatch):
    monkeypatch.delenv("HARVEST_RULES", raising=False)
    monkeypatch.chdir(tmp_path)
    assert rules_folder() == packaged_rules()  # an empty folder: the rules that ship with the package
    (tmp_path / "rules").mkdir()
    (tmp_path / "rules" / "mentions.yaml").write_text("version: 1\nreasons: []\n", encoding="utf-8")
    assert rules_folder() == tmp_path / "rules"
    (tmp_path / "harvest.toml").write_text('rules = "team_rules"\n', encoding="utf-8")
    sub = tmp_path / "reports" / "2023"
    sub.mkdir(parents=True)
    monkeypatch.chdir(sub)
    assert rules_folder() == tmp_path / "team_rules"  # the project file above the current folder
    monkeypatch.setenv("HARVEST_RULES", str(RULES))
    assert rules_folder() == RULES
    assert rules_folder(tmp_path / "given") == tmp_path / "given"


def test_the_packaged_rules_are_the_repository_rules_in_a_source_checkout():
    assert (packaged_rules() / "mentions.yaml").read_bytes() == (RULES / "mentions.yaml").read_bytes()


def test_a_bad_project_file_is_one_line_naming_it(tmp_path):
    (tmp_path / "harvest.toml").write_text('rules = "rules"\nworkers = 4\n', encoding="utf-8")
    with pytest.raises(RuleFileError, match=r"harvest.toml:1: unknown key\(s\) workers"):
        find_project(tmp_path)
    (tmp_path / "harvest.toml").write_text('rules = [1, 2]\n', encoding="utf-8")
    with pytest.raises(RuleFileError, match="'rules' must be a path in quotes"):
        find_project(tmp_path)
    (tmp_path / "harvest.toml").write_text('rules = "unterminated\n', encoding="utf-8")
    with pytest.raises(RuleFileError, match="invalid TOML"):
        find_project(tmp_path)


def test_a_missing_rule_folder_is_named(tmp_path):
    with pytest.raises(RuleFileError, match="no such rule folder"):
        load_rules(tmp_path / "nothing_here")


def test_reasons_with_patterns_of_the_wrong_type_are_refused(own_rules):
    mentions = own_rules / "mentions.yaml"
    mentions.write_text(mentions.read_text(encoding="utf-8").replace("patterns: ['(?P<n>159) cliënten']", "patterns: 159"),
                        encoding="utf-8")
    with pytest.raises(RuleFileError, match="'patterns' must be a list"):
        load_rules(own_rules)

