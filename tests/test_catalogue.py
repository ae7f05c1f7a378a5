"""Finding indicators and municipalities by what a researcher types: `harvest indicators`,
and `harvest show` with any case and the nearest names when a name is not exact."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner
from conftest import Q2

from extract.cli.main import main
from extract.ruleset.catalogue import resolve, search
from extract.ruleset.load import load_rules


@pytest.fixture(scope="module")
def q2_store(tmp_path_factory):
    """The Haarlem Q2 2017 report ingested: "Op dit moment staan er 159 cliënten op de wachtlijst"."""
    store = tmp_path_factory.mktemp("store") / "q2.sqlite"
    result = CliRunner().invoke(main, ["ingest", str(Q2), "--store", str(store), "-q"])
    assert result.exit_code == 0, result.output
    return store


def test_search_finds_by_id_label_phrase_and_definition():
    rules = load_rules()
    ids = [i.id for i in search(rules, "Bijstandsuitkering")]
    assert "bbv.bijstandsuitkeringen" in ids  # by its label "Personen met een bijstandsuitkering"
    assert {i.domain for i in search(rules, domain="JEUGD")} == {"jeugd"}
    assert search(rules, "no such word anywhere") == []


def test_resolve_is_case_blind_and_offers_the_ids_under_a_prefix():
    known = ["bijstand.aanvragen", "bijstand.uitkeringen", "bw.wachtlijst"]
    assert resolve("BW.Wachtlijst", known).found == "bw.wachtlijst"
    nearest = resolve("bijstand", known)
    assert nearest.found is None and nearest.nearest[:2] == ("bijstand.aanvragen", "bijstand.uitkeringen")


def test_indicators_command_lists_the_catalogue_with_bbv_numbers():
    result = CliRunner().invoke(main, ["indicators", "--search", "re-integratie"])
    assert result.exit_code == 0
    assert any(line.startswith("bbv.reintegratievoorzieningen") and "BBV 28" in line for line in result.stdout.splitlines())
    rows = [json.loads(line) for line in CliRunner().invoke(main, ["indicators", "--domain", "bbv", "--json"]).stdout.splitlines()]
    assert rows and all(r["bbv_number"] and r["unit"] and r["description"] for r in rows)


def test_indicators_command_names_an_unknown_domain_with_the_nearest(tmp_path):
    result = CliRunner().invoke(main, ["indicators", "--domain", "jeugdhulp"])
    assert result.exit_code == 2 and "nearest: jeugd" in result.stderr


def test_show_takes_an_indicator_and_municipality_in_any_case(q2_store):
    result = CliRunner().invoke(main, ["show", "BW.Wachtlijst", "--municipality", "haarlem", "--store", str(q2_store)])
    assert result.exit_code == 0, result.output
    assert any(" 159 " in line and "L253" in line for line in result.stdout.splitlines())


def test_show_of_a_word_that_is_no_id_lists_the_nearest_ids(q2_store):
    result = CliRunner().invoke(main, ["show", "bijstand", "--store", str(q2_store)])
    assert result.exit_code == 2
    assert "nearest: bijstand.aanvragen" in result.stderr and "harvest indicators --search bijstand" in result.stderr
    missing = CliRunner().invoke(main, ["show", "bw.wachtlijst", "--municipality", "harlem", "--store", str(q2_store)])
    assert missing.exit_code == 2 and "nearest: Haarlem" in missing.stderr


def test_show_of_a_catalogue_indicator_without_figures_says_so(q2_store):
    result = CliRunner().invoke(main, ["show", "vt.huisverboden", "--store", str(q2_store)])
    assert result.exit_code == 0 and "no measurements of 'vt.huisverboden'" in result.stderr
