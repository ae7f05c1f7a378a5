"""Scale and robustness: the Dask engine, the partitioned export, limits on hostile input,
generated input for the parsers and readers, and regressions found by fuzzing."""

from __future__ import annotations

import io
import re
import shutil
import signal
import subprocess
import sys
import threading
import time
import zipfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import asdict
from datetime import date
from functools import cache
from pathlib import Path

import pytest
from conftest import CORPUS, RAADSBRIEF, RENDITIONS, ROOT
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

from extract import limits
from extract.batch.pipeline import ingest
from extract.documents import ReadError, read_document
from extract.documents import html as html_reader
from extract.documents import markdown as markdown_reader
from extract.documents import text as text_reader
from extract.extraction.extractor import Extractor
from extract.metadata.detect import detect_metadata
from extract.model import Document, Metadata
from extract.ruleset.load import load_rules
from extract.store.export import export
from extract.store.sqlite import Store
from extract.text.periods import Anchor, find_periods
from extract.text.quantities import find_quantities, parse_cell

RULES = ROOT / "rules"


def content(store: Store) -> dict:
    """Everything a batch writes that does not depend on when it ran: documents (with
    their stored model), measurements and mentions, in the store's order."""
    documents = [{k: v for k, v in d.items() if k not in ("run_id", "ingested_at")} for d in store.documents()]
    models = {d["doc_id"]: store.load_document(d["doc_id"]).to_dict() for d in documents if d["status"] == "ok"}
    return {"documents": documents, "models": models,
            "measurements": [asdict(m) for m in store.measurements()],
            "mentions": [asdict(n) for n in store.mentions()]}


@pytest.fixture(scope="module")
def reference(tmp_path_factory):
    """The corpus ingested by the plain pipeline with one worker."""
    path = tmp_path_factory.mktemp("reference") / "indicators.sqlite"
    with Store.open(path) as store:
        ingest([CORPUS], store, load_rules(RULES), workers=1)
        return path, content(store)


# -- Dask -----------------------------------------------------------------------------


@pytest.fixture(scope="module")
def dask_cluster():
    """A running local cluster, or a skip saying why there is none."""
    distributed = pytest.importorskip("distributed", reason="dask[distributed] is not installed (extra 'dask')")
    try:
        cluster = distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=":0")
    except Exception as err:  # no free ports, no process spawning in this sandbox, ...
        pytest.skip(f"dask cannot start a local cluster here: {type(err).__name__}: {err}")
    with cluster:
        yield cluster


def test_dask_local_cluster_gives_the_same_store_as_one_worker(tmp_path, reference, dask_cluster):
    from extract.batch.distributed import ingest_dask

    with Store.open(tmp_path / "dask.sqlite") as store:
        counts = ingest_dask([CORPUS], store, load_rules(RULES), workers=2)
        assert (counts.read, counts.failed) == (5, 0)
        assert content(store) == reference[1]


def test_dask_scheduler_reextracts_stored_documents_like_the_pipeline(tmp_path, reference, dask_cluster):
    """After a rule change the stored Documents go to the cluster (extract_document) and
    come back as the same rows as a local re-extraction."""
    from extract.batch.distributed import ingest_dask

    rules_dir = tmp_path / "rules"
    shutil.copytree(RULES, rules_dir)
    vocabulary = rules_dir / "vocabulary.yaml"
    vocabulary.write_text(vocabulary.read_text(encoding="utf-8") + "\n# changes the rules hash\n", encoding="utf-8")
    changed = load_rules(rules_dir)
    stores = []
    for name in ("local", "dask"):
        shutil.copy(reference[0], tmp_path / f"{name}.sqlite")
        stores.append(Store.open(tmp_path / f"{name}.sqlite"))
    local, remote = stores
    with local, remote:
        ingest([CORPUS], local, changed, workers=1)
        counts = ingest_dask([CORPUS], remote, changed, scheduler=dask_cluster.scheduler_address)
        assert (counts.read, counts.reextracted) == (5, 5)
        assert content(remote) == content(local)
        assert {d["rules_hash"] for d in remote.documents()} == {changed.hash}


# -- partitioned Parquet -------------------------------------------------------------------


def test_partitioned_export_holds_the_same_rows_in_hive_folders(tmp_path, reference):
    pa_dataset = pytest.importorskip("pyarrow.dataset")
    pq = pytest.importorskip("pyarrow.parquet")
    from extract.store.parquet import export_partitioned

    out = tmp_path / "measurements"
    with Store.open(reference[0], create=False) as store:
        export(store, "measurements", "parquet", tmp_path / "flat.parquet")
        export_partitioned(store, out)
        export_partitioned(store, out)  # a second export replaces the first, adds nothing
    flat = pq.read_table(tmp_path / "flat.parquet").to_pylist()
    parts = pa_dataset.dataset(out, format="parquet", partitioning="hive").to_table().to_pylist()

    def key(row: dict) -> tuple:
        return tuple(str(row[c]) for c in sorted(flat[0]))

    assert sorted(parts, key=key) == sorted(({**r, "year": r["period_end"] and r["period_end"].year} for r in flat),
                                            key=key)
    assert (out / "municipality=Haarlem" / "year=2017").is_dir()
    assert {p.name for p in out.iterdir()} == {f"municipality={m}" for m in {r["municipality"] for r in flat}}


def test_partitioned_export_refuses_to_replace_another_folder(tmp_path, reference):
    pytest.importorskip("pyarrow.dataset")
    from extract.store.parquet import export_partitioned

    (tmp_path / "notes.txt").write_text("mine", encoding="utf-8")
    with Store.open(reference[0], create=False) as store, pytest.raises(FileExistsError, match="refusing"):
        export_partitioned(store, tmp_path)
    assert (tmp_path / "notes.txt").read_text(encoding="utf-8") == "mine"


# -- limits ---------------------------------------------------------------------------------


def test_time_limit_interrupts_a_blocking_call_in_the_main_thread():
    started = time.perf_counter()
    with pytest.raises(limits.DocumentTimeout, match=r"timed out after 0\.3 s"):
        with limits.time_limit(0.3):
            time.sleep(10)
    assert time.perf_counter() - started < 2


def test_time_limit_stops_a_loop_in_another_thread_and_leaves_no_stray_exception():
    """Dask runs tasks in worker threads, where there is no SIGALRM."""
    outcome: list[str] = []

    def task() -> None:
        try:
            with limits.time_limit(0.3):
                while True:
                    pass
        except limits.DocumentTimeout as err:
            outcome.append(str(err))
        with limits.time_limit(0.2):
            outcome.append("quick block done")
        time.sleep(0.5)  # past the second limit: nothing may strike now
        outcome.append("after")

    thread = threading.Thread(target=task)
    thread.start()
    thread.join(10)
    assert outcome == ["timed out after 0.3 s", "quick block done", "after"]


def nested_limits(wait) -> list:
    """A document's limit of 0.8 s with page limits inside: one that strikes, one that ends
    in time, one longer than the document has left. Returns what happened, with times."""
    events: list = []
    started = time.perf_counter()
    try:
        with limits.time_limit(0.8):
            try:
                with limits.time_limit(0.2, limits.PageTimeout):
                    wait(30)
            except limits.PageTimeout as err:
                events.append((str(err), time.perf_counter() - started))
            with limits.time_limit(30, limits.PageTimeout):
                pass
            with limits.time_limit(30, limits.PageTimeout):  # the document's limit strikes in here
                wait(30)
    except limits.DocumentTimeout as err:
        events.append((type(err).__name__, str(err), time.perf_counter() - started))
    wait(0.3)  # past every deadline: nothing may strike now
    events.append("after")
    return events


def spin(seconds: float) -> None:
    """Busy Python code: an exception sent to a thread arrives between its instructions."""
    end = time.perf_counter() + seconds
    while time.perf_counter() < end:
        pass


def check_nested(events: list) -> None:
    (page, page_at), (kind, document, document_at), after = events
    assert (page, kind, document, after) == ("timed out after 0.2 s", "DocumentTimeout", "timed out after 0.8 s", "after")
    assert 0.2 <= page_at < 0.7
    assert 0.8 <= document_at < 2.0  # not cancelled by the page limits, nor put off to their 30 s


def test_nested_limits_keep_the_outer_deadline_in_the_main_thread():
    """Before limits nested, closing the inner SIGALRM limit disarmed the outer one, and the
    last wait ran its full 30 s."""
    handler = signal.getsignal(signal.SIGALRM)
    check_nested(nested_limits(time.sleep))
    assert signal.getitimer(signal.ITIMER_REAL) == (0.0, 0.0)
    assert signal.getsignal(signal.SIGALRM) is handler


def test_nested_limits_keep_the_outer_deadline_in_another_thread():
    events: list = []
    thread = threading.Thread(target=lambda: events.extend(nested_limits(spin)))
    thread.start()
    thread.join(20)
    check_nested(events)


@pytest.mark.parametrize("workers", [1, 2])
def test_a_hanging_reader_is_stopped_and_the_batch_goes_on(tmp_path, monkeypatch, reference, workers):
    """The raadsbrief's reader hangs; it is recorded as timed out, the other four are stored as usual."""
    original = markdown_reader.read

    def hanging(data: bytes, meta: Metadata) -> Document:
        if Path(meta.path).name == RAADSBRIEF.name:
            time.sleep(40)
        return original(data, meta)

    monkeypatch.setattr(markdown_reader, "read", hanging)
    monkeypatch.setattr(limits, "DOCUMENT_SECONDS", 4)  # a margin for a busy machine; a document takes 0.3 s
    started = time.perf_counter()
    with Store.open(tmp_path / "s.sqlite") as store:
        counts = ingest([CORPUS], store, load_rules(RULES), workers=workers)
        got = content(store)
    assert time.perf_counter() - started < 25
    assert (counts.read, counts.failed) == (4, 1)
    assert counts.errors == [f"{CORPUS / RAADSBRIEF.name}: timed out after 4 s"]
    row = next(d for d in got["documents"] if d["doc"] == RAADSBRIEF.stem)
    assert (row["status"], row["error"]) == ("error", "timed out after 4 s")
    kept = [m for m in reference[1]["measurements"] if m["doc"] != RAADSBRIEF.stem]
    assert got["measurements"] == kept


def test_page_limit_refuses_a_long_pdf_before_parsing_it(monkeypatch):
    monkeypatch.setattr(limits, "MAX_PDF_PAGES", 5)
    path = RENDITIONS / "haarlem_2017-q2_rapportage-sociaal-domein.pdf"
    with pytest.raises(ReadError, match=r"too many pages \(16; limit 5\)"):
        read_document(path)


def test_table_cell_limit_refuses_a_span_bomb(tmp_path):
    """300 rows of one cell spanning 1000 columns would lay out 300,000 cells."""
    rows = "".join(f'<tr><td colspan="1000">{n}</td></tr>' for n in range(300))
    path = tmp_path / "bom.html"
    path.write_text(f"<html><body><p>Tabel</p><table>{rows}</table></body></html>", encoding="utf-8")
    started = time.perf_counter()
    with pytest.raises(ReadError, match=r"table too large \(300000 cells with its spans; limit 200000\)"):
        read_document(path)
    assert time.perf_counter() - started < 5


def test_table_cells_counts_the_spans():
    from extract.documents.tables import RawCell

    rows = [[RawCell("a", rowspan=2, colspan=3), RawCell("b")], [RawCell("c", rowspan=0, colspan=0)]]
    assert limits.table_cells(rows) == 8


# -- generated input: parsers --------------------------------------------------------------------

WORDS = ["Wmo", "bijstand", "cliënten", "wachtlijst", "meldingen", "ruim", "circa", "bijna", "ten minste",
         "maximaal", "tussen", "en", "à", "tot", "miljoen", "mln", "duizend", "procent", "%", "€", "x € 1.000",
         "uur", "dagen", "fte", "per 1.000", "gestegen", "gedaald", "van", "naar", "met", "Totaal", "*", "n.b.",
         "-", "–", "(", ")", "/", ",-", "2016/2555655", "X2017.46954", "tel. 023-5115115", "2011 AB",
         "één", "drieëntwintig", "tweehonderd", "een derde", "artikel 3.2", "18 jaar", "Tabel 4", "\u00a0", "\t"]
PERIOD_WORDS = ["eerste", "tweede", "derde", "vierde", "kwartaal", "Q1", "Q2", "Q3 2016", "Q4", "helft", "halfjaar",
                "januari", "februari", "maart", "juni", "juli", "september", "december", "jan", "mrt", "okt",
                "t/m", "tot en met", "-", "vorig jaar", "vorig kwartaal", "afgelopen jaar", "medio", "eind", "begin",
                "ultimo", "per", "dit jaar", "een jaar eerder", "voorgaande jaren", "zomer", "najaar", "'17",
                "Geheel '17", "Juli 17", "2015-2017", "2016/2017", "1 januari 2017", "31-12-2016", "30 juni",
                "schooljaar", "peildatum", "thans", "op dit moment", "2017", "1999", "2099", "0", "31", "32", "13"]


def dutch_number(n: int, decimals: int) -> str:
    whole = f"{abs(n):,}".replace(",", ".")
    return ("-" if n < 0 else "") + whole + ("," + "7" * decimals if decimals else "")


numbers = st.builds(dutch_number, st.integers(-10**10, 10**10), st.integers(0, 3))
sentences = st.lists(st.one_of(st.sampled_from(WORDS), numbers, st.text(max_size=4)), max_size=20).map(" ".join)
period_sentences = st.lists(st.one_of(st.sampled_from(PERIOD_WORDS), numbers, st.text(max_size=3)),
                            max_size=12).map(" ".join)
anchors = st.one_of(st.none(), st.builds(lambda a, days: Anchor(a, date.fromordinal(a.toordinal() + days)),
                                         st.dates(date(1990, 1, 1), date(2040, 12, 31)), st.integers(0, 800)))
#: no explain phase: after a failure it traces every line of every further example, which
#: turns a failing property of the extractor into a run of many minutes
GENERATED = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow],
                     phases=[phase for phase in Phase if phase is not Phase.explain])


@contextmanager
def no_hang(seconds: float = 20) -> Iterator[None]:
    """An input that hangs a parser fails the property (and is shrunk) instead of stalling the run."""
    try:
        with limits.time_limit(seconds):
            yield
    except limits.DocumentTimeout as err:
        raise AssertionError(f"hangs: {err}") from None


@GENERATED
@given(sentences, st.sampled_from([1.0, 1000.0, 1e6]), st.sampled_from(["", "eur", "percent", "count"]))
def test_quantity_parsers_take_any_sentence(text, scale, unit):
    with no_hang():
        found = find_quantities(text, scale_hint=scale, unit_hint=unit)
        cell = parse_cell(text, scale_hint=scale, unit_hint=unit)
    for q in found:
        assert 0 <= q.start < q.end <= len(text)
        assert q.low <= q.value <= q.high
    assert cell is None or cell.low <= cell.value <= cell.high


@GENERATED
@given(period_sentences, anchors)
def test_period_parser_takes_any_sentence(text, anchor):
    with no_hang():
        found = find_periods(text, anchor)
    for p in found:
        assert 0 <= p.start < p.end <= len(text)
        end = date.fromisoformat(p.period_end)
        assert not p.period_start or date.fromisoformat(p.period_start) <= end  # "" is open ("voorgaande jaren")


# -- generated input: readers ------------------------------------------------------------------

cells = st.lists(sentences, min_size=1, max_size=5)
text_lines = st.one_of(
    sentences,
    st.builds(lambda n, s: f"{'#' * n} {s}", st.integers(1, 7), sentences),
    st.builds(lambda n, s: f"{n}. {s}", st.integers(1, 12), sentences),
    st.builds(lambda b, s: f"{b} {s}", st.sampled_from(["-", "*", "•", "a)"]), sentences),
    cells.map(lambda cs: "| " + " | ".join(cs) + " |"),
    cells.map(lambda cs: "|" + "|".join("---" for _ in cs) + "|"),
    cells.map("\t".join),
    cells.map("   ".join),
    st.builds(lambda n, s: f"{n} {s}", st.integers(1, 9), sentences),  # a footnote line
    st.sampled_from(["", " ", "Tabel 1: Cliënten", "x € 1.000", "* voorlopig", "<b>vet</b>", "<sup>2</sup>"]),
    st.text(max_size=30),
)
text_documents = st.lists(text_lines, max_size=30).map("\n".join)

_SPANS = ["", ' colspan="2"', ' rowspan="3"', ' colspan="0"', ' rowspan="-1"', ' colspan="99999"', ' rowspan="x"']
_INLINE = ["<b>", "</b>", "<i>x</i>", "<sup>1</sup>", "<br>", "&amp;", "&lt;script&gt;", "&nbsp;", "<span>", "</p>"]
html_text = st.lists(st.one_of(sentences, st.sampled_from(_INLINE)), max_size=8).map(" ".join)
html_cells = st.builds(lambda tag, span, body: f"<{tag}{span}>{body}</{tag}>",
                       st.sampled_from(["td", "th"]), st.sampled_from(_SPANS), html_text)
html_rows = st.lists(html_cells, max_size=6).map(lambda cs: "<tr>" + "".join(cs) + "</tr>")


def _html_blocks(children):
    return st.one_of(
        html_text.map(lambda t: f"<p>{t}</p>"),
        st.builds(lambda n, t: f"<h{n}>{t}</h{n}>", st.integers(1, 6), html_text),
        st.lists(children, max_size=4).map(lambda cs: "<div>" + "".join(cs) + "</div>"),
        st.lists(html_text, max_size=5).map(lambda items: "<ul>" + "".join(f"<li>{i}</li>" for i in items) + "</ul>"),
        st.builds(lambda cap, head, body: f"<table><caption>{cap}</caption><thead>{head}</thead>{''.join(body)}</table>",
                  html_text, html_rows, st.lists(html_rows, max_size=6)),
        st.lists(children, max_size=3).map(lambda cs: "<table><tr><td>" + "".join(cs) + "</td></tr></table>"),
        st.sampled_from(["<script>alert(1)</script>", "<style>p{}</style>", "<!-- opmerking -->", "<p>", "</div>"]),
    )


html_documents = st.recursive(html_text.map(lambda t: f"<p>{t}</p>"), _html_blocks, max_leaves=12).map(
    lambda body: f"<html><head><title>Rapportage</title></head><body>{body}</body></html>")
encodings = st.sampled_from(["utf-8", "cp1252", "utf-16"])


@cache
def extractor() -> Extractor:
    return Extractor(load_rules(RULES))


def read_generated(reader, source: str, encoding: str, ext: str) -> None:
    """One reader, then metadata and extraction, on generated input: a ReadError is the only
    way to refuse it, and what is read keeps its offsets and survives a JSON round trip."""
    meta = Metadata(id="0" * 64, path=f"generated{ext}", format=ext[1:])
    rules = extractor()  # loaded outside the time limit
    with no_hang():
        try:
            doc = reader(source.encode(encoding, errors="replace"), meta)
        except ReadError:
            return
        detect_metadata(doc)
        rules.extract(doc)
    for block in doc.blocks:
        assert doc.text[block.span.start:block.span.end] == block.text
    assert Document.from_dict(doc.to_dict()).to_dict() == doc.to_dict()


@GENERATED
@given(text_documents, encodings)
def test_text_reader_takes_any_text(source, encoding):
    read_generated(text_reader.read, source, encoding, ".txt")


@GENERATED
@given(text_documents, encodings)
def test_markdown_reader_takes_any_text(source, encoding):
    read_generated(markdown_reader.read, source, encoding, ".md")


@GENERATED
@given(html_documents, encodings)
def test_html_reader_takes_any_html(source, encoding):
    read_generated(html_reader.read, source, encoding, ".html")


# -- regressions found by benchmarks/fuzz_readers.py ----------------------------------------------


@pytest.mark.parametrize("ext", [".txt", ".md", ".html"])
def test_broken_utf16_is_refused_by_the_reader_with_its_reason(tmp_path, ext):
    """A UTF-16 byte-order mark before bytes that are not UTF-16 (a lone surrogate, an odd last
    byte) reached read_document's catch-all as a UnicodeDecodeError."""
    path = tmp_path / f"kapot{ext}"
    path.write_bytes(b"\xff\xfe" + "Er waren 12 cliënten.".encode("utf-16-le") + b"\x00\xd8" + b"1")
    with pytest.raises(ReadError) as info:
        read_document(path)
    assert info.value.reason.startswith("broken UTF-16 text (")
    assert info.value.__cause__ is None  # refused by the reader, not by the catch-all for the unforeseen


Q2_PDF = RENDITIONS / "haarlem_2017-q2_rapportage-sociaal-domein.pdf"
JAARVERSLAG_PDF = RENDITIONS / "haarlem_2017_jaarverslag-sociaal-domein.pdf"
Q2_DOCX = RENDITIONS / "haarlem_2017-q2_rapportage-sociaal-domein.docx"


def unloadable_pages(path: Path, pages: list[int]) -> bytes:
    """The rendition with the xref entries of these pages' objects pointing at offset 0.
    Fuzzing flipped a digit of such an entry (seed 1, input 150: page 4 of the jaarverslag)
    and PDFium then fails to load the page; 18 inputs of that run ended so, in
    read_document's catch-all as "PdfiumError: Failed to load page."."""
    data = path.read_bytes()
    kids = re.search(rb"/Kids\s*\[([^\]]*)\]", data).group(1)
    objects = [int(n) for n in re.findall(rb"(\d+) 0 R", kids)]
    for page in pages:
        entry = b"%010d 00000 n" % (data.index(b"\n%d 0 obj" % objects[page - 1]) + 1)
        assert data.count(entry) == 1
        data = data.replace(entry, b"0000000000 00000 n")  # same length: the other entries stay right
    return data


def test_a_pdf_page_that_cannot_be_loaded_is_skipped_and_recorded(tmp_path):
    """Page 4 of the jaarverslag ("In 2017 zijn er in totaal 69 cliënten in en 60
    cliënten uit ...") is lost; the other twelve pages are read as without the damage."""
    path = tmp_path / JAARVERSLAG_PDF.name
    path.write_bytes(unloadable_pages(JAARVERSLAG_PDF, [4]))
    doc, whole = read_document(path), read_document(JAARVERSLAG_PDF)
    assert doc.meta.pages == 13
    assert doc.repairs[0] == "skipped page 4 of 13: corrupt PDF, PDFium cannot load it"
    assert doc.repairs[1:] == whole.repairs
    assert "69 cliënten in en 60 cliënten uit" in whole.text and "69 cliënten" not in doc.text
    assert not [b for b in doc.blocks if b.span.page == 4]

    def on_page(d, page: int) -> list[str]:
        return [b.text for b in d.blocks if b.span.page == page]

    for page in (1, 2, 6, 13):
        assert on_page(doc, page) == on_page(whole, page)
    # page 3's last paragraph went on over page 4 ("... zoeken naar een passende oplossing ..."): cut short
    (*first, cut), (*whole_first, joined) = on_page(doc, 3), on_page(whole, 3)
    assert first == whole_first and cut.endswith("zoeken naar een passende") and joined.startswith(cut + " oplossing")
    # page 5 starts with the end of page 4's last paragraph: now a paragraph of its own
    tail, *rest = on_page(doc, 5)
    assert rest == on_page(whole, 5) and tail.startswith("tussen de verschillende vormen van jeugdhulp")
    assert on_page(whole, 4)[-1].endswith(tail)


@pytest.mark.parametrize(("damage", "reason"), [
    (lambda data: unloadable_pages(Q2_PDF, list(range(1, 17))), "corrupt PDF: none of its 16 pages can be loaded"),
    # page 1's content stream replaced by the null object 0: a page without text
    (lambda data: unloadable_pages(Q2_PDF, list(range(2, 17))).replace(b"/Contents 2 0 R", b"/Contents 0 0 R", 1),
     "corrupt PDF: pages 2-16 of 16 cannot be loaded and the other pages have no text"),
], ids=["no-page-loads", "no-loaded-page-has-text"])
def test_a_pdf_without_a_readable_page_is_refused_by_the_reader(tmp_path, damage, reason):
    path = tmp_path / Q2_PDF.name
    path.write_bytes(damage(Q2_PDF.read_bytes()))
    with pytest.raises(ReadError) as info:
        read_document(path)
    assert info.value.reason == reason
    assert info.value.__cause__ is None


def rezipped(path: Path, member: str, old: bytes, new: bytes) -> bytes:
    """The DOCX with one replacement in one member, zipped again with valid checksums."""
    with zipfile.ZipFile(path) as z:
        members = {info.filename: z.read(info) for info in z.infolist()}
    assert members[member].count(old) == 1
    members[member] = members[member].replace(old, new)
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        for name, content in members.items():
            z.writestr(name, content)
    return out.getvalue()


@pytest.mark.parametrize(("new", "detail"), [
    (b'w:type="aph" w:styleId="TableHeading"', "WD_STYLE_TYPE has no XML mapping for 'aph'"),
    (b'w:styleId="TableHeading"', "a style without a type (w:type)"),
], ids=["unknown-type", "no-type"])
def test_a_docx_with_damaged_styles_is_refused_by_the_reader(tmp_path, new, detail):
    """Fuzzing spliced word/styles.xml into itself (seed 1, input 631) so that a style's
    w:type read "aph"; python-docx's ValueError reached read_document's catch-all."""
    path = tmp_path / Q2_DOCX.name
    path.write_bytes(rezipped(Q2_DOCX, "word/styles.xml", b'w:type="paragraph" w:styleId="TableHeading"', new))
    with pytest.raises(ReadError) as info:
        read_document(path)
    assert info.value.reason == f"corrupt DOCX: damaged styles (word/styles.xml): {detail}"
    assert info.value.__cause__ is None


# -- hostile content ---------------------------------------------------------------------------


@pytest.mark.parametrize("ext", [".txt", ".md"])
def test_script_in_a_text_document_stays_text(tmp_path, ext):
    script = '<script>alert("x")</script>'
    path = tmp_path / f"rapport{ext}"
    path.write_text(f"Wachtlijst\n\n{script} Er stonden 12 cliënten op de wachtlijst.\n", encoding="utf-8")
    doc = read_document(path)
    assert script in doc.paragraphs()[0].content and script in doc.text
    assert script in Document.from_dict(doc.to_dict()).paragraphs()[0].content


def test_escaped_script_in_html_is_text_and_a_script_element_is_not(tmp_path):
    path = tmp_path / "rapport.html"
    path.write_text("<html><body><p>Let op: &lt;script&gt;alert(1)&lt;/script&gt; 12 cliënten</p>"
                    "<script>stealCookies()</script></body></html>", encoding="utf-8")
    doc = read_document(path)
    assert doc.paragraphs()[0].content == "Let op: <script>alert(1)</script> 12 cliënten"
    assert "stealCookies" not in doc.text


def test_run_refuses_a_manifest_path_outside_the_corpus_with_worker_processes(tmp_path):
    """The ManifestError is raised in a worker process and must reach `harvest run` as one
    line and exit 2. A process of its own: importing dask (as this module's Dask tests do)
    changes how exceptions are pickled and would hide a ManifestError that cannot be."""
    corpus = tmp_path / "corpus"
    shutil.copytree(CORPUS, corpus)
    (tmp_path / "buiten.txt").write_text("Er waren 12 cliënten.\n", encoding="utf-8")
    (corpus / "manifest.yaml").write_text("files:\n  ../buiten.txt:\n    title: buiten\n", encoding="utf-8")
    result = subprocess.run([sys.executable, "-m", "extract.cli", "run", str(corpus), "--out", str(tmp_path / "out"),
                             "--rules", str(RULES), "--workers", "2", "-q"],
                            cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert result.returncode == 2, result.stderr
    assert result.stderr.strip() == (f"error: {corpus / 'manifest.yaml'}:2: path '../buiten.txt' points outside "
                                     f"the corpus root {corpus.resolve()}")
