"""Document metadata read from the document's own words.

``detect_metadata(doc)`` fills title, municipality, region, document type, period,
date and reference from the content: downloads get renamed ("scan001.pdf",
"rapportage(2).pdf") and a wrong municipality or period silently corrupts every
measurement of the document. One exception: when the text names no municipality, a file
or folder named exactly after one ("hoorn_2019_begroting.txt", "Hoorn/") gives it, since
researchers name what they collect. Each filled field records the quote it came from
in ``meta.evidence`` ("file name: ...") so a researcher can check it. Fields a reader already
set are left alone; what the text does not say stays ``None``.

The cues are module-level data (labels, phrases, month names) so that extending them
is a one-line change. Municipality names come from the gazetteer in ``data/``.
"""

from __future__ import annotations

import calendar
import csv
import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from itertools import permutations
from pathlib import Path

from ..model import Document, Metadata, Paragraph, Period, Table
from ..text.numbers import UNITS as NUMBER_UNITS
from ..text.periods import MONTHS
from ..text.periods import ORDINALS as PERIOD_ORDINALS

DATA_DIR = Path(__file__).parent.parent / "data"

# the Dutch words of dates and counts are the text layer's (text/periods.py, text/numbers.py);
# "laatste" is left out here: the report's own period is a quarter or a half, and the last
# half is not the fourth
ORDINALS = {word: n for word, n in PERIOD_ORDINALS.items() if word != "laatste"}
COUNT_WORDS = {word: n for word, n in NUMBER_UNITS.items() if 2 <= n <= 11}

_MONTH = "|".join(sorted(MONTHS, key=len, reverse=True))
_ORD = "|".join(ORDINALS)
_YEAR = r"(?<![0-9])((?:19|20)[0-9]{2})(?![0-9])"
DATE_RE = re.compile(rf"(?<![0-9])([0-3]?[0-9])\s+({_MONTH})\.?\s+((?:19|20)[0-9]{{2}})(?![0-9])", re.I)
MONTH_YEAR_RE = re.compile(rf"^({_MONTH})\.?\s+((?:19|20)[0-9]{{2}})$", re.I)
PLACE_DATE_RE = re.compile(rf"^[A-Z][\w'. -]+,\s+[0-3]?[0-9]\s+(?:{_MONTH})\.?\s+(?:19|20)[0-9]{{2}}$", re.I)

#: Lines of a letterhead, address block or title-page furniture: never a title.
NOT_TITLE_WORDS = (
    "postbus", "bezoekadres", "telefoon", "telefax", "fax ", "e-mail", "email", "www.", "internet",
    "contactpersoon", "behandeld door", "organisatieonderdeel", "afdeling", "doorkiesnummer",
    "uw brief", "uw kenmerk", "ons kenmerk", "kenmerk", "bijlage", "onderwerp", "verzenddatum",
    "datum", "retouradres", "aan de raad", "aan de gemeenteraad", "aan de leden", "aan het college",
    "de leden van", "geachte", "gemeente ", "college van", "concept", "versie", "status:", "vertrouwelijk",
)  # fmt: skip
#: Labels that only a letter carries; with a salutation they make a document a raadsbrief.
LETTER_LABEL_WORDS = ("verzenddatum", "dagtekening", "ons kenmerk", "uw kenmerk", "uw brief", "onderwerp")
SUBJECT_LABEL_WORDS = ("onderwerp",)
DATE_LABEL_WORDS = ("verzenddatum", "dagtekening", "datum")
#: "Uw kenmerk" is the addressee's reference, so it is not among these.
REFERENCE_LABEL_WORDS = ("ons kenmerk", "kenmerk", "zaaknummer", "registratienummer")
ALL_LABEL_WORDS = (
    "organisatieonderdeel", "contactpersoon", "telefoonnummer", "telefoon", "uw brief", "uw kenmerk",
    "ons kenmerk", "kenmerk", "bijlage(n)", "bijlagen", "bijlage", "onderwerp", "verzenddatum", "datum",
)  # fmt: skip
REFERENCE_VALUE = re.compile(r"^[A-Za-z]{0,4}[0-9][\w./-]*[0-9A-Za-z]$")
SALUTATION = re.compile(r"^geachte\b", re.I)
LETTER_LABELS_WITHOUT_SALUTATION = 2

#: Headings that name a part of a document, not the document itself.
STRUCTURAL_HEADING = re.compile(
    r"^(?:[0-9]{1,2}(?:\.[0-9]{1,2})*\.?\s|[IVX]+\.\s|(?:hoofdstuk|paragraaf|bijlage|beleidsdoel|programma|doel|"
    r"inleiding|samenvatting|inhoud|inhoudsopgave|voorwoord)\b)",
    re.I,
)
NUMBERED_SECTION = re.compile(r"^[0-9]{1,2}(?:\.[0-9]{1,2})*\.?\s+[A-Z]")
POSTCODE_LINE = re.compile(r"^[0-9]{4}\s?[A-Z]{2}\b")
MAX_TITLE = 150
#: The front matter ends at the first paragraph this long (running text, not a title-page line).
FRONT_PARAGRAPH = 200
MAX_FRONT_BLOCKS = 30
INTRO_PARAGRAPHS = 8
#: The introduction's first paragraphs may say which document a report belongs to ("... in de Jaarrekening zelf").
TYPE_INTRO_PARAGRAPHS = 2

#: Words in a document's own title that name its type; the earliest in the title wins.
TYPE_WORDS = (
    (re.compile(r"bestuursrapportage|\bberap\b", re.I), "bestuursrapportage"),
    (re.compile(r"kwartaal\s*rapport(?:age)?|kwartaalbericht", re.I), "kwartaalrapportage"),
    (re.compile(r"jaarverslag|jaarrekening|jaarstukken|programmaverantwoording|jaarrapport(?:age)?", re.I), "jaarverslag"),
    (re.compile(r"raadsinformatiebrief|raadsbrief|raadsmededeling|collegebrief", re.I), "raadsbrief"),
    (re.compile(r"uitvoeringsprogramma", re.I), "uitvoeringsprogramma"),
    (re.compile(r"^(?:ontwerp|programma|meerjaren)?begroting\b", re.I), "begroting"),
)
#: The BBV question headings: programme accounts ask what was achieved, budgets what will be.
BBV_PHRASES = (
    (re.compile(r"\bwat hebben we (?:bereikt|daarvoor gedaan)\b|\bwat heeft het (?:in totaal )?gekost\b", re.I),
     "jaarverslag"),
    (re.compile(r"\bwat willen we bereiken\b|\bwat gaan we daarvoor doen\b|\bwat mag het (?:in totaal )?kosten\b",
                re.I), "begroting"),
)
#: Document types that cover one calendar year, so the year their text dwells on is their period.
ANNUAL_TYPES = ("jaarverslag", "begroting")

#: A sentence saying what the document covers ("In deze rapportage ...", "Dit programma ...").
SCOPE_NOUNS = (
    "rapportage", "brief", "verslag", "programma", "uitvoeringsprogramma", "notitie", "nota", "document",
    "memo", "monitor", "overzicht", "jaarverslag", "kwartaalrapportage", "raadsinformatiebrief", "evaluatie",
)  # fmt: skip
SCOPE_RE = re.compile(rf"(?:\b(?:in|met|via)\s+|^)(?:deze|dit)\s+(?:\w+\s+){{0,2}}?(?:{'|'.join(SCOPE_NOUNS)})\b", re.I)

HALF_RE = re.compile(rf"\b({_ORD})\s+(?:helft|half\s*jaar|halfjaar|periode)\s+(?:van\s+)?(?:het\s+jaar\s+)?{_YEAR}", re.I)
QUARTER_RE = re.compile(rf"\b({_ORD})\s+kwartaal\s+(?:van\s+)?(?:het\s+jaar\s+)?{_YEAR}", re.I)
Q_RE = re.compile(rf"\b(?:Q|kwartaal\s+)([1-4])\s+{_YEAR}", re.I)
MONTHS_SPAN_RE = re.compile(rf"\beerste\s+([0-9]{{1,2}}|{'|'.join(COUNT_WORDS)})\s+maanden\s+(?:van\s+)?{_YEAR}", re.I)
RANGE_RE = re.compile(r"(?<![0-9./])((?:19|20)[0-9]{2})\s*(?:[-–]|t/m|tot en met)\s*((?:19|20)[0-9]{2})(?![0-9])")
YEAR_PHRASE_RE = re.compile(rf"\b(?:in|over|(?:verslag|begrotings|boek)?jaar)\s+{_YEAR}", re.I)
#: A year on its own, not part of a reference number such as 2016/324154 or X2017.46954.
YEAR_RE = re.compile(r"(?<![0-9A-Za-z./-])((?:19|20)[0-9]{2})(?![0-9]|[./][0-9])")

#: Context right before a municipality name in running text, and how much that mention weighs.
MUNICIPALITY_CUES = (
    (re.compile(r"centrumgemeente\s+$", re.I), 5),
    (re.compile(r"burgemeester\s+en\s+wethouders\s+van\s+(?:de\s+gemeente\s+)?$", re.I), 5),
    (re.compile(r"(?:gemeenteraad\s+van\s+|gemeente\s+)$", re.I), 3),
)
BARE_MENTION = 1
MIN_MUNICIPALITY_SCORE = 2
#: A letterhead addressed to a council names the municipality outright.
ADDRESSEE_CUE = re.compile(r"(?:gemeenteraad|raad)\s+van\s+(?:de\s+gemeente\s+)?$", re.I)
QUOTE_CHARS = 200


@dataclass(frozen=True)
class Gemeente:
    code: str
    name: str
    province: str
    ended: int | None
    aliases: tuple[str, ...]

    def existed_in(self, year: int | None) -> bool:
        return year is None or self.ended is None or year < self.ended


@dataclass(frozen=True)
class Region:
    name: str
    kind: str
    members: tuple[str, ...]


@dataclass(frozen=True)
class Found:
    value: object
    quote: str


@dataclass(frozen=True)
class Front:
    """The title page or letterhead: its lines, and where the body starts."""

    lines: list[str]
    body_start: int


# -- reference data -----------------------------------------------------------------


@lru_cache(maxsize=1)
def gazetteer() -> tuple[Gemeente, ...]:
    """All municipalities since 2015 (see data/README.md for the source)."""
    with open(DATA_DIR / "gemeenten.csv", encoding="utf-8", newline="") as f:
        return tuple(
            Gemeente(r["code"], r["name"], r["province"], int(r["ended"]) if r["ended"] else None,
                     tuple(a for a in r["aliases"].split(";") if a))
            for r in csv.DictReader(f)
        )  # fmt: skip


@lru_cache(maxsize=1)
def regions() -> tuple[Region, ...]:
    """The regions the reports name that are not municipalities (see data/README.md)."""
    with open(DATA_DIR / "regions.csv", encoding="utf-8", newline="") as f:
        return tuple(Region(r["name"], r["kind"], tuple(r["members"].split(";"))) for r in csv.DictReader(f))


@lru_cache(maxsize=1)
def _surface_forms() -> dict[str, tuple[Gemeente, ...]]:
    """Every way a municipality is written -> the municipalities so written (Bergen: two)."""
    forms: dict[str, list[Gemeente]] = {}
    for g in gazetteer():
        for form in (g.name, *g.aliases):
            forms.setdefault(_canonical(form), []).append(g)
    return {k: tuple(v) for k, v in forms.items()}


@lru_cache(maxsize=1)
def _region_variants() -> dict[str, Region]:
    """Each region name in every order its parts can be listed ("IJmond, Zuid-Kennemerland en ...")."""
    variants: dict[str, Region] = {}
    for region in regions():
        parts = sorted(p.strip() for p in re.split(r",\s*|\s+en\s+", region.name) if p.strip())
        for order in permutations(parts):
            text = order[0] if len(order) == 1 else ", ".join(order[:-1]) + " en " + order[-1]
            variants[text] = region
    return variants


def _canonical(name: str) -> str:
    """A name with line-break damage undone: "Zuid- Kennemerland" and "Zuid-\\nKennemerland" are one name."""
    return re.sub(r"-\s+", "-", re.sub(r"\s+", " ", name.strip()))


def _names_re(names: Iterable[str]) -> re.Pattern[str]:
    """Whole-word alternation of ``names``, longest first, tolerant of wrapped lines."""
    alternatives = []
    for name in sorted(names, key=len, reverse=True):
        alternatives.append(r"-\s*".join(r"\s+".join(map(re.escape, part.split())) for part in name.split("-")))
    return re.compile(r"(?<![\w-])(?:" + "|".join(alternatives) + r")(?!\w)")


@lru_cache(maxsize=1)
def _municipality_re() -> re.Pattern[str]:
    return _names_re(_surface_forms())


@lru_cache(maxsize=1)
def _region_re() -> re.Pattern[str]:
    return _names_re(_region_variants())


def _label_re(words: tuple[str, ...]) -> re.Pattern[str]:
    """A letterhead label at the start of a line, or capitalised mid-line where a PDF merged columns."""
    escaped = [re.escape(w) for w in words]
    capitalised = [re.escape(w[0].upper() + w[1:]) for w in words]
    return re.compile(rf"(?:^(?i:{'|'.join(escaped)})|(?<=\s)(?:{'|'.join(capitalised)}))(?!\w)\s*:?\s*")


LETTER_LABEL = _label_re(LETTER_LABEL_WORDS)
SUBJECT_LABEL = _label_re(SUBJECT_LABEL_WORDS)
DATE_LABEL = _label_re(DATE_LABEL_WORDS)
REFERENCE_LABEL = _label_re(REFERENCE_LABEL_WORDS)
ANY_LABEL = _label_re(ALL_LABEL_WORDS)


# -- reading the document -----------------------------------------------------------


def front_matter(doc: Document) -> Front:
    """The lines before running text or the first numbered section."""
    lines: list[str] = []
    for index, block in enumerate(doc.blocks[:MAX_FRONT_BLOCKS]):
        if isinstance(block, Table):
            continue
        text = block.text.strip()
        if isinstance(block, Paragraph) and len(text) > FRONT_PARAGRAPH:
            return Front(lines, index)
        if NUMBERED_SECTION.match(text) and not DATE_RE.match(text):
            return Front(lines, index)
        lines.extend(line.strip() for line in text.split("\n") if line.strip())
    return Front(lines, min(len(doc.blocks), MAX_FRONT_BLOCKS))


def _intro_sentences(doc: Document, front: Front, paragraphs: int = INTRO_PARAGRAPHS) -> list[str]:
    """The sentences of the first paragraphs after the front matter: where a report says what it covers."""
    body = [b for b in doc.blocks[front.body_start :] if isinstance(b, Paragraph)][:paragraphs]
    return [s.text for p in body for s in (p.sentences or [p])]


def _prose(doc: Document) -> list[str]:
    """Running text and headings, without tables (a table of municipalities is not a cue)."""
    return [b.text for b in doc.blocks if not isinstance(b, Table)]


def _quote(text: str, start: int, end: int) -> str:
    """The sentence around a match, cut to QUOTE_CHARS around it."""
    stop = text.rfind(". ", 0, start)
    left = max(stop + 2 if stop != -1 else 0, text.rfind("\n", 0, start) + 1)
    stops = [i for i in (text.find(". ", end), text.find("\n", end)) if i != -1]
    right = min(stops) + 1 if stops else len(text)
    if right - left > QUOTE_CHARS:
        if start - QUOTE_CHARS // 2 > left:  # cut at a word boundary
            space = text.find(" ", start - QUOTE_CHARS // 2, start)
            left = space + 1 if space != -1 else start - QUOTE_CHARS // 2
        if end + QUOTE_CHARS // 2 < right:
            space = text.rfind(" ", end, end + QUOTE_CHARS // 2)
            right = space if space != -1 else end + QUOTE_CHARS // 2
    return text[left:right].strip()


def _labelled(lines: list[str], label: re.Pattern[str]) -> tuple[str, str] | None:
    """(value, quote) of the first letterhead line carrying ``label``; the value may be on the next line."""
    for i, line in enumerate(lines):
        m = label.search(line)
        if not m:
            continue
        rest = line[m.end() :]
        following = ANY_LABEL.search(rest)
        value = rest[: following.start()] if following else rest
        quote = line[m.start() : m.end() + len(value)]
        if not value.strip() and i + 1 < len(lines):
            value = lines[i + 1]
            quote = f"{quote.strip()} {value}"
        if value.strip("*_ "):
            return value.strip("*_ "), quote.strip()
    return None


# -- dates and periods --------------------------------------------------------------


def _iso_date(match: re.Match[str]) -> str | None:
    day, month, year = int(match.group(1)), MONTHS[match.group(2).lower()], int(match.group(3))
    if not 1 <= day <= calendar.monthrange(year, month)[1]:
        return None
    return f"{year:04d}-{month:02d}-{day:02d}"


def _span(year: int, first_month: int, last_month: int, label: str) -> Period:
    last_day = calendar.monthrange(year, last_month)[1]
    return Period(f"{year:04d}-{first_month:02d}-01", f"{year:04d}-{last_month:02d}-{last_day:02d}", label)


def _half(m: re.Match[str]) -> Period | None:
    half = ORDINALS[m.group(1).lower()]
    return _span(int(m.group(2)), 6 * half - 5, 6 * half, m.group(0)) if half <= 2 else None


def _quarter(m: re.Match[str]) -> Period:
    quarter = ORDINALS.get(m.group(1).lower()) or int(m.group(1))
    return _span(int(m.group(2)), 3 * quarter - 2, 3 * quarter, m.group(0))


def _months(m: re.Match[str]) -> Period | None:
    count = COUNT_WORDS.get(m.group(1).lower()) or int(m.group(1))
    return _span(int(m.group(2)), 1, count, m.group(0)) if 1 <= count <= 12 else None


def _range(m: re.Match[str]) -> Period | None:
    first, last = int(m.group(1)), int(m.group(2))
    return Period(f"{first}-01-01", f"{last}-12-31", m.group(0)) if 0 < last - first <= 10 else None


def _bare_year(m: re.Match[str]) -> Period:
    return _span(int(m.group(1)), 1, 12, m.group(0))


def _year(m: re.Match[str]) -> Period:
    label = m.group(0)
    return _span(int(m.group(1)), 1, 12, label[0].lower() + label[1:])


#: In priority order: a named part of a year beats a multi-year span beats a bare year.
PERIOD_CUES = (
    (HALF_RE, _half),
    (QUARTER_RE, _quarter),
    (Q_RE, _quarter),
    (MONTHS_SPAN_RE, _months),
    (RANGE_RE, _range),
    (YEAR_PHRASE_RE, _year),
)


def _period_in(text: str, title: bool = False) -> Period | None:
    """The first period cue in ``text``; in a title a bare year counts too ("Jaarverslag 2017")."""
    cues = PERIOD_CUES + ((YEAR_RE, _bare_year),) if title else PERIOD_CUES
    for pattern, build in cues:
        for m in pattern.finditer(text):
            period = build(m)
            if period is not None:
                return period
    return None


def detect_period(doc: Document, front: Front, title: str | None, doc_type: str) -> Found | None:
    """The title's period, else the one the introduction says the report covers.

    Annual documents without such a sentence get the year their text dwells on.
    """
    if title and (period := _period_in(title, title=True)):
        return Found(period, title)
    for sentence in _intro_sentences(doc, front):
        if SCOPE_RE.search(sentence) and (period := _period_in(sentence)):
            return Found(period, sentence.strip())
    if doc_type in ANNUAL_TYPES:
        return period_from_path(doc.meta.path) or _dominant_year(doc)
    return None


def _name_words(path: str) -> list[str]:
    return [w for w in re.split(r"[_\-\s.]+", Path(path).stem) if w]


def period_from_path(path: str) -> Found | None:
    """The year an annual report's file name gives ("leeuwarden_2019_jaarstukken.txt"): the
    researcher's own naming, surer than the year its text mentions most. Two years say nothing."""
    years = {int(w) for w in _name_words(path) if re.fullmatch(r"(?:19|20)\d\d", w)}
    if len(years) != 1:
        return None
    (year,) = years
    return Found(_span(year, 1, 12, str(year)), f"file name: {Path(path).name}")


def doc_type_from_path(path: str) -> Found | None:
    """The document type a file name names ("..._jaarstukken-sociaal.txt"), when it names one."""
    kinds = {kind for w in _name_words(path) if (kind := _type_word(w))}
    if len(kinds) != 1:
        return None
    return Found(kinds.pop(), f"file name: {Path(path).name}")


def _dominant_year(doc: Document) -> Found | None:
    counts: Counter[int] = Counter()
    for text in _prose(doc):
        counts.update(int(y) for y in YEAR_RE.findall(text))
    ranked = counts.most_common(2)
    if not ranked or ranked[0][1] < 2 or (len(ranked) > 1 and ranked[1][1] == ranked[0][1]):
        return None
    year = ranked[0][0]
    for text in _prose(doc):
        for m in YEAR_PHRASE_RE.finditer(text):
            if int(m.group(1)) == year:
                return Found(_year(m), _quote(text, m.start(), m.end()))
    return None


def detect_date(lines: list[str]) -> Found | None:
    """A dispatch date ("Verzenddatum: 27 JUNI 2017") or a date line on the title page ("maart 2017")."""
    labelled = _labelled(lines, DATE_LABEL)
    if labelled and (m := DATE_RE.search(labelled[0])) and (iso := _iso_date(m)):
        return Found(iso, labelled[1])
    for line in lines:
        if (DATE_RE.fullmatch(line) or PLACE_DATE_RE.match(line)) and (iso := _iso_date(DATE_RE.search(line))):
            return Found(iso, line)
        if m := MONTH_YEAR_RE.match(line):
            return Found(f"{int(m.group(2)):04d}-{MONTHS[m.group(1).lower()]:02d}", line)
    return None


# -- letter, title, type, reference -------------------------------------------------


def _letter_cue(doc: Document, front: Front) -> str | None:
    """Why the document is a letter: its salutation next to a letterhead label, or (a
    raadsinformatiebrief without "Geachte ...") several distinct letterhead labels."""
    labelled = [line for line in front.lines if LETTER_LABEL.search(line)]
    if not labelled:
        return None
    for block in doc.blocks[: front.body_start + 2]:
        line = block.text.strip()
        if SALUTATION.match(line):
            return line.split("\n")[0][: QUOTE_CHARS // 2]
    labels = {m.group(0).strip(" :").lower() for line in labelled for m in LETTER_LABEL.finditer(line)}
    return labelled[0] if len(labels) >= LETTER_LABELS_WITHOUT_SALUTATION else None


def _is_title_candidate(line: str) -> bool:
    return not (
        len(line) > MAX_TITLE
        or line.endswith("?")
        or not re.search(r"[A-Za-zÀ-ÿ]{3}", line)
        or line.lower().startswith(NOT_TITLE_WORDS)
        or _canonical(line) in _surface_forms()
        or STRUCTURAL_HEADING.match(line)
        or POSTCODE_LINE.match(line)
        or DATE_RE.search(line)
        or MONTH_YEAR_RE.match(line)
        or _canonical(line).rstrip(".") in _region_variants()
    )


def detect_title(front: Front, letter: bool) -> Found | None:
    """A letter's subject ("Onderwerp ..."); otherwise the first title-page line that names the document."""
    if letter:
        subject = _labelled(front.lines, SUBJECT_LABEL)
        return Found(*subject) if subject else None
    for line in front.lines:
        if _is_title_candidate(line):
            return Found(line, line)
    return None


def detect_doc_type(doc: Document, front: Front, title: str | None, letter: str | None) -> Found | None:
    """A letter is a raadsbrief; else the type its title names, its introduction names, or its BBV headings."""
    if letter:
        return Found("raadsbrief", letter)
    if title and (kind := _type_word(title)):
        return Found(kind, title)
    for sentence in _intro_sentences(doc, front, TYPE_INTRO_PARAGRAPHS):
        if kind := _type_word(sentence, prose=True):
            return Found(kind, sentence.strip())
    for text in _prose(doc):
        for pattern, kind in BBV_PHRASES:
            if m := pattern.search(text):
                return Found(kind, _quote(text, m.start(), m.end()))
    return None


def _type_word(text: str, prose: bool = False) -> str | None:
    """The type named earliest in ``text``. In prose "de begroting" is everywhere, so it never decides there."""
    hits = [(m.start(), kind) for pattern, kind in TYPE_WORDS if (m := pattern.search(text))]
    hits = [hit for hit in hits if not (prose and hit[1] == "begroting")]
    return min(hits)[1] if hits else None


def detect_reference(front: Front) -> Found | None:
    """The sender's reference ("Ons kenmerk X2017.46954")."""
    labelled = _labelled(front.lines, REFERENCE_LABEL)
    if labelled:
        value = labelled[0].split()[0].strip(".,;:")
        if REFERENCE_VALUE.match(value):
            return Found(value, labelled[1])
    return None


# -- geography ----------------------------------------------------------------------


def detect_region(front: Front) -> Found | None:
    """A region named on the title page ("Zuid-Kennemerland, IJmond en Haarlemmermeer")."""
    variants = _region_variants()
    for line in front.lines:
        region = variants.get(_canonical(line).rstrip("."))
        if region:
            return Found(region.name, line)
    return None


def detect_municipality(doc: Document, front: Front, year: int | None) -> Found | None:
    """The municipality the document is from: the council its letterhead addresses, else the one
    its text names most, "centrumgemeente X" and "de gemeente X" weighing more than a bare name.
    """
    for line in front.lines:
        for m, gemeente in _mentions(line, year):
            if ADDRESSEE_CUE.search(line[: m.start()]):
                return Found(gemeente.name, line)
    scores: Counter[str] = Counter()
    quotes: dict[str, tuple[int, str]] = {}
    members: set[str] = set()  # "de gemeenten Bergen op Zoom, Steenbergen en Woensdrecht": a joint body's
    for text in _prose(doc):
        for cue in _MEMBERS_CUE.finditer(text):
            listed = {g.name for _, g in _mentions(text[cue.end(): cue.end() + 120], year)}
            if len(listed) >= 2:
                members |= listed
        for m, gemeente in _mentions(text, year):
            weight = _cue_weight(text[max(0, m.start() - 60) : m.start()])
            scores[gemeente.name] += weight
            if weight > quotes.get(gemeente.name, (0, ""))[0]:
                quotes[gemeente.name] = (weight, _quote(text, m.start(), m.end()))
    ranked = scores.most_common(2)
    if not ranked or ranked[0][1] < MIN_MUNICIPALITY_SCORE or (len(ranked) > 1 and ranked[1][1] == ranked[0][1]):
        return None
    if ranked[0][0] in members and _JOINT_BODY.search(" ".join(front.lines[:8])):
        return None  # a report of the body the municipalities run together, not of one of them
    return Found(ranked[0][0], quotes[ranked[0][0]][1])


#: a joint body of several municipalities, as its report's first lines name it
_JOINT_BODY = re.compile(r"\b(?:ISD|intergemeentelijke|sociale dienst|gemeenschappelijke regeling|GR|werkbedrijf|"
                         r"samenwerkingsverband|serviceorganisatie)\b", re.I)
#: words before a list of the municipalities that run a joint body together
_MEMBERS_CUE = re.compile(r"\b(?:de|deelnemende|samenwerkende|aangesloten)\s+gemeenten\b", re.I)


def slug(name: str) -> str:
    """A municipality's name as file and folder names write it: "Capelle aan den IJssel" ->
    "capelle-aan-den-ijssel", "Hengelo (O.)" -> "hengelo", "'s-Gravenhage" -> "s-gravenhage"."""
    name = re.sub(r"\([^)]*\)", " ", name.lower())
    return "-".join(re.findall(r"[^\W_]+", name.replace("'", "")))


@lru_cache(maxsize=1)
def _slugs() -> dict[str, tuple[Gemeente, ...]]:
    forms: dict[str, list[Gemeente]] = {}
    for g in gazetteer():
        for form in (g.name, *g.aliases):
            key = slug(form)
            if key and g not in forms.setdefault(key, []):
                forms[key].append(g)
    return {k: tuple(v) for k, v in forms.items()}


def municipality_from_path(path: str, year: int | None) -> Found | None:
    """The municipality a file's name or folder names: "hoorn_2019_begroting.txt" (the name up
    to the first "_"), or a folder "Capelle aan den IJssel/" or "capelle-aan-den-ijssel/".
    Researchers name their files; a name that is no municipality, or two ("bergen"), says nothing."""
    parts = Path(path).parts
    candidates = [Path(path).stem.split("_")[0]] + [p for p in reversed(parts[:-1])][:2]
    for text in candidates:
        found = [g for g in _slugs().get(slug(text), ()) if g.existed_in(year)]
        if len(found) == 1:
            return Found(found[0].name, f"file name: {Path(path).name}" if text == candidates[0] else f"folder: {text}")
    return None


def _mentions(text: str, year: int | None) -> list[tuple[re.Match[str], Gemeente]]:
    """Unambiguous municipality names in ``text`` that existed in ``year``.

    Region names are blanked first, so "IJmond, Zuid-Kennemerland en Haarlemmermeer" never
    counts as a mention of Haarlemmermeer.
    """
    masked = _region_re().sub(lambda m: " " * len(m.group(0)), text)
    found = []
    for m in _municipality_re().finditer(masked):
        candidates = [g for g in _surface_forms()[_canonical(m.group(0))] if g.existed_in(year)]
        if len(candidates) == 1:
            found.append((m, candidates[0]))
    return found


def _cue_weight(before: str) -> int:
    for pattern, weight in MUNICIPALITY_CUES:
        if pattern.search(before):
            return weight
    return BARE_MENTION


# -- entry point --------------------------------------------------------------------


def detect_metadata(doc: Document) -> None:
    """Fill the empty fields of ``doc.meta`` from the document's content, with evidence."""
    meta = doc.meta
    front = front_matter(doc)
    letter = _letter_cue(doc, front)

    def fill(field: str, found: Found | None) -> None:
        if found is not None:
            setattr(meta, field, found.value)
            meta.evidence[field] = found.quote

    if meta.title is None:
        fill("title", detect_title(front, letter is not None))
    if meta.doc_type == "other":
        fill("doc_type", detect_doc_type(doc, front, meta.title, letter) or doc_type_from_path(meta.path))
    if meta.date is None:
        fill("date", detect_date(front.lines))
    if meta.reference is None:
        fill("reference", detect_reference(front))
    if meta.period is None:
        fill("period", detect_period(doc, front, meta.title, meta.doc_type))
    if meta.region is None:
        fill("region", detect_region(front))
    if meta.municipality is None:
        year = _year_of(meta)
        # the content first; a file or folder named after a municipality when the text names none
        fill("municipality", detect_municipality(doc, front, year) or municipality_from_path(meta.path, year))


def settle_municipality(meta: Metadata) -> None:
    """The CBS code of the document's municipality and where it was found, once the
    content, the file name and the manifest have had their say."""
    name = meta.municipality
    found = [g for g in gazetteer() if g.name == name] if name else []
    current = [g for g in found if g.existed_in(_year_of(meta))] or found
    meta.municipality_code = current[0].code if current else None
    evidence = meta.evidence.get("municipality", "")
    meta.municipality_source = None if not name else "manifest" if evidence == "manifest" else \
        "file name" if evidence.startswith("file name:") else "folder" if evidence.startswith("folder:") else "text"


def _year_of(meta: Metadata) -> int | None:
    """The year the document speaks of, to skip municipalities that no longer existed then."""
    source = meta.period.start if meta.period else meta.date
    return int(source[:4]) if source else None
