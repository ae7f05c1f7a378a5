"""A change of a count or an amount stated in percent ("groeide het aantal bijstandsuitkering
... met 2,9 procent") is a typed change in percent of that indicator, from the dev set's
real documents; the levels of "van ... naar" and plain shares are none."""

from __future__ import annotations

import pytest
from test_labelled import measurements

from extract.extraction.extractor import Extractor, _relative_change
from extract.ruleset.load import load_rules
from extract.text.quantities import find_quantities


def percentages(sentence: str) -> list[bool]:
    return [_relative_change(sentence, q) for q in find_quantities(sentence) if q.unit == "percent"]


def test_a_percentage_change_of_a_count_is_typed_as_a_change_of_its_indicator():
    # Heerlen, persbericht 2015: "In 2013 groeide het aantal bijstandsuitkering in onze stad met 2,9 procent en
    # in 2012 daalde zelfs het nog met 1,4 procent."
    found = measurements(Extractor(load_rules()), "heerlen_2015_monitor-bijstand-persbericht")
    ours = [m for m in found if m.quote.startswith("In 2013 groeide")]
    assert [(m.indicator, m.value, m.unit, m.kind) for m in ours] == [
        ("bijstand.uitkeringen", 2.9, "percent", "change"), ("bijstand.uitkeringen", -1.4, "percent", "change")]
    assert [m.period_start[:4] for m in ours] == ["2013", "2012"]


@pytest.mark.parametrize("sentence, relative", [
    # Enschede, persbericht 2017
    ("Een daling van 274, oftewel 3,95%.", [True]),
    ("Ook het aantal banen steeg sterk in 2017: 2,4% groei.", [True]),
    # ISD Brabantse Wal, jaarverslag 2022
    ("De ISD, waar de gemeenten Bergen op Zoom, Steenbergen en Woensdrecht binnen samenwerken, zag het aantal "
     "uitkeringen met 5,2% afnemen.", [True]),
    # Maastricht, monitor sociaal domein 2019
    ("Dit aantal is 3% gestegen ten opzichte dezelfde periode in 2018.", [True]),
    ("Dat is 2% hoger dan in dezelfde periode in 2018.", [True]),
    # Heerlen: two percentages listed, the first without its own sign
    ("Landelijk groeide de uitkeringen in die jaren met respectievelijk 9,1 en 2,9 procent.", [True, True]),
    # levels and shares: Dordrecht, Haarlem Q2
    ("Het percentage werklozen daalde van 13,3% naar 12,4%.", [False, False]),
    ("Op dit moment is 41% van de indicatie besteed.", [False]),
])
def test_which_percentages_are_relative_changes(sentence, relative):
    assert percentages(sentence) == relative


def test_bare_figures_listed_before_a_percentage_are_percentages_and_a_year_is_not():
    # Heerlen: "... met respectievelijk 9,1 en 2,9 procent."
    listed = find_quantities("Landelijk groeide de uitkeringen in die jaren met respectievelijk 9,1 en 2,9 procent.")
    assert [(q.value, q.unit) for q in listed] == [(9.1, "percent"), (2.9, "percent")]
    assert [q.unit for q in find_quantities("in 2017 en 12%")] == ["count", "percent"]
    assert [q.unit for q in find_quantities("12 cliënten en 15%")] == ["count", "percent"]
