"""What a prose figure is of, when no rule names it and no counted noun follows it: the
subject its sentence counts ("Het aantal Enschedeërs in de bijstand daalde van 6.943 naar
6.669"), the one a fronted verb puts after it ("In 2013 groeide het aantal
bijstandsuitkering ... met 2,9 procent"), or the previous sentence's subject when this one
refers back to it ("Dat is 1% meer dan ...")."""

from __future__ import annotations

import re

#: what a sentence counts: "Het aantal Enschedeërs in de bijstand daalde", "het percentage jongeren met jeugdhulp is"
SUBJECT = re.compile(
    r"\b(?:het|dit|de)\s+(?P<np>(?:aantal|percentage|totale aantal|gemiddelde aantal)\s+(?!(?:is|was|zijn|waren)\b)[^\W\d_][^,;:()\d]*?)"
    r"(?:\s+(?:is|was|zijn|waren|bedraagt|bedroeg|daalde|daalt|steeg|stijgt|nam|neemt|groeide|groeit|ligt|lag|"
    r"kwam|komt|blijft|bleef|ging|gaat|liep|loopt)\b|\s*(?=[-−]?\d|$))", re.I)
#: a sentence that says more of what the one before counts: "Dat is 1% meer", "Een daling van 274", "Dit aantal is"
REFERS_BACK = re.compile(r"^\s*(?:dat|dit|dit aantal|dat aantal|een (?:daling|stijging|toename|afname|groei)|"
                         r"daarmee|hiermee)\b", re.I)

#: a sentence that opens with what changes: "De bemiddeling naar werk steeg ...", "De groep dementerende ouderen zal toenemen"
_CHANGING_SUBJECT = re.compile(
    r"^\s*(?:de|het)\s+(?P<np>[^\W\d_][^,;:()\d]{2,60}?)\s+(?:steeg|stegen|daalde|daalden|groeide|groeiden|"
    r"nam (?:toe|af)|namen (?:toe|af)|is (?:gestegen|gedaald|toegenomen|afgenomen|gegroeid)|"
    r"zal (?:toenemen|afnemen|stijgen|dalen|groeien)|neemt (?:toe|af)|stijgt|daalt|groeit)\b", re.I)

#: the subject after its verb, as Dutch puts it after a fronted phrase: "In 2013 groeide het aantal bijstandsuitkering in ..."
INVERTED_SUBJECT = re.compile(
    r"\b(?:groeide|groeit|steeg|stijgt|daalde|daalt|nam|neemt|was|is|bedroeg|bedraagt)\s+(?:zelfs\s+|ook\s+)?"
    r"(?:het|de)\s+(?P<np>(?:aantal|percentage)\s+[^\W\d_][\w-]*(?:\s+(?!in\b|met\b|op\b|van\b|naar\b|tot\b|"
    r"sinds\b|nog\b)[^\W\d_][\w-]*){0,3})", re.I)


def counted_subject(text: str) -> str | None:
    """The noun phrase a sentence counts, when it says so ("aantal Enschedeërs in de bijstand"),
    or the one it opens with that rises or falls ("bemiddeling naar werk")."""
    found = SUBJECT.search(text) or _CHANGING_SUBJECT.search(text)
    if found is None or len(found.group("np").split()) > 12:
        return None
    return noun_phrase(found.group("np"))


def noun_phrase(text: str) -> str:
    """A subject without the small words it ran into before its figure: "aantal X in onze stad met" -> "aantal X in onze stad"."""
    return re.sub(r"(?:\s+(?:met|van|op|in|tot|naar|nog|zelfs|ook|ruim|bijna|circa|ongeveer))+\s*$", "", text.strip(), flags=re.I)
