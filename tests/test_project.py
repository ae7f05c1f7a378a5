"""`harvest init` and harvest.toml: a project folder whose rules and output every command
finds from the folder or below it, options on the command line still first."""

from __future__ import annotations

import shutil
import sqlite3

from click.testing import CliRunner
from conftest import CORPUS

from extract.cli.main import main

Q2 = CORPUS / "haarlem_2017-q2_rapportage-sociaal-domein.txt"


def test_init_writes_the_rules_and_a_project_file_and_leaves_existing_ones(tmp_path):
    result = CliRunner().invoke(main, ["init", str(tmp_path / "project")])
    assert result.exit_code == 0, result.output
    project = tmp_path / "project"
    assert (project / "rules" / "mentions.yaml").is_file() and list((project / "rules" / "indicators").glob("*.yaml"))
    assert 'rules = "rules"' in (project / "harvest.toml").read_text(encoding="utf-8")
    (project / "harvest.toml").write_text('out = "elsewhere"\n', encoding="utf-8")
    again = CliRunner().invoke(main, ["init", str(project)])
    assert again.exit_code == 0 and "exists, left as it is" in again.stderr
    assert (project / "harvest.toml").read_text(encoding="utf-8") == 'out = "elsewhere"\n'


def test_commands_below_the_project_use_its_rules_and_output(tmp_path, monkeypatch):
    project = tmp_path / "project"
    CliRunner().invoke(main, ["init", str(project)])
    # the project's own rule edit: Haarlem Q2 "Op dit moment staan er 159 cliënten op de wachtlijst" is not counted
    mentions = project / "rules" / "mentions.yaml"
    extra = "  - id: local_exception\n    description: not counted here\n    patterns: ['(?P<n>159) cliënten']\n"
    mentions.write_text(mentions.read_text(encoding="utf-8").replace("reasons:\n", "reasons:\n" + extra, 1), encoding="utf-8")
    reports = project / "reports" / "2017"
    reports.mkdir(parents=True)
    shutil.copy(Q2, reports)
    monkeypatch.chdir(reports)
    result = CliRunner().invoke(main, ["run", ".", "-q"])
    assert result.exit_code == 0, result.output
    store = project / "output" / "indicators.sqlite"
    assert (project / "output" / "measurements.csv").is_file() and store.is_file()
    with sqlite3.connect(store) as db:
        assert db.execute("SELECT reason FROM mentions WHERE text = '159'").fetchone() == ("local_exception",)
    shown = CliRunner().invoke(main, ["show", "bw.wachtlijst"])  # the project's store, without --store
    assert shown.exit_code == 0 and "164" in shown.stdout
    other = tmp_path / "other"
    given = CliRunner().invoke(main, ["run", ".", "-q", "--out", str(other)])  # the command line wins
    assert given.exit_code == 0 and (other / "indicators.sqlite").is_file()


def test_a_broken_project_file_stops_every_command_with_one_line(tmp_path, monkeypatch):
    (tmp_path / "harvest.toml").write_text("rules = \n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(main, ["rules", "lint"])
    assert result.exit_code == 2
    assert result.stderr.startswith("error: ") and "harvest.toml" in result.stderr and "Traceback" not in result.output
