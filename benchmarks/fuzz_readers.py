"""Mutation fuzzing of the readers: damaged corpus files and renditions through read_document.

Every input is one seed file (``corpus/`` and ``tests/fixtures/renditions/``, and an HTML
page made of each Markdown corpus file, since the corpus has no HTML report) damaged
by byte flips, a truncation (for a PDF also one that keeps an end-of-file marker,
so PDFium's repair code runs), a splice with another seed of the same format, or a
repeated chunk. A DOCX is also damaged inside one member of its zip and zipped
again, so the XML readers see the damage rather than the zip check. read_document
may refuse an input with a ReadError; any other exception is a crash, and an input
still running after ``--hang`` seconds is a hang. ReadErrors that read_document's
catch-all made from a reader's own exception ("cannot read PDF: KeyError: ...") are
counted apart: the file was refused cleanly, but the reader did not foresee it.

Input n of seed S is rebuilt exactly with ``--seed S --replay n`` (it is written to
``--out`` and its traceback printed), so a crash becomes a regression test.

Run: ``python benchmarks/fuzz_readers.py [--seconds 60] [--jobs 2] [--seed 1]``
"""

from __future__ import annotations

import argparse
import html
import io
import os
import random
import re
import shutil
import tempfile
import time
import traceback
import zipfile
from collections import Counter
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

from extract import limits
from extract.documents import ReadError, is_supported, read_document

ROOT = Path(__file__).resolve().parent.parent


@dataclass(frozen=True)
class Seed:
    name: str
    suffix: str
    data: bytes


def _html_of(markdown: str) -> str:
    """An HTML page with the headings, paragraphs and tables (pipe or tab separated) of a
    Markdown corpus file: the corpus has no HTML report, and the HTML reader deserves real
    structure to damage."""
    out = ["<!DOCTYPE html><html><head><meta charset='utf-8'><title>seed</title></head><body>"]
    table: list[str] = []
    for line in [*re.sub(r"</?b>", "", markdown).splitlines(), ""]:
        if line.startswith("|") or "\t" in line:
            if not set(line) <= set("|-: "):
                cells = line.strip("|").split("|") if line.startswith("|") else line.split("\t")
                table.append("<tr>" + "".join(f"<td>{html.escape(c.strip())}</td>" for c in cells) + "</tr>")
            continue
        if table:
            out.append("<table>" + "".join(table) + "</table>")
            table = []
        heading = re.match(r"^(#{1,6})\s+(.*)", line)
        if heading:
            level = len(heading.group(1))
            out.append(f"<h{level}>{html.escape(heading.group(2))}</h{level}>")
        elif line.strip():
            out.append(f"<p>{html.escape(line.strip())}</p>")
    return "\n".join(out + ["</body></html>"])


def _seeds() -> list[Seed]:
    files = sorted(p for folder in (ROOT / "corpus", ROOT / "tests" / "fixtures" / "renditions")
                   for p in folder.iterdir() if is_supported(p))
    seeds = [Seed(p.name, p.suffix, p.read_bytes()) for p in files]
    seeds += [Seed(f"{p.stem}.html", ".html", _html_of(p.read_text(encoding="utf-8")).encode())
              for p in files if p.suffix == ".md"]
    return seeds


SEEDS = _seeds()
DOCX_MEMBERS = re.compile(r"^word/(document|styles|numbering|footnotes)\.xml$")
#: what a text format's reader may meet that random bytes seldom produce
TOKENS = [b"<table>", b"</td><td colspan=9999>", b"|", b"| --- |", b"\x00", b"\xff\xfe", b"\xef\xbb\xbf", b"\xc3",
          b"&#0;", b"&#xD800;", b"<!--", b"]]>", b"\r", b"\t" * 50, b"9" * 400, b"1.234.567,89 ", b"x 1.000"]


@dataclass
class Tally:
    inputs: int = 0
    read: int = 0
    refused: int = 0
    caught: Counter = field(default_factory=Counter)  # reader exceptions read_document turned into ReadErrors
    examples: dict[str, str] = field(default_factory=dict)  # the first input of each of them
    hangs: list[str] = field(default_factory=list)
    crashes: list[str] = field(default_factory=list)
    formats: Counter = field(default_factory=Counter)

    def add(self, other: Tally) -> None:
        self.inputs += other.inputs
        self.read += other.read
        self.refused += other.refused
        self.caught.update(other.caught)
        self.examples = {**other.examples, **self.examples}
        self.hangs.extend(other.hangs)
        self.crashes.extend(other.crashes)
        self.formats.update(other.formats)


def mutate(n: int, seed: int) -> tuple[Seed, bytes, str]:
    """Input ``n``: which seed file, its damaged bytes, and how it was damaged."""
    rng = random.Random(f"{seed}:{n}")
    suffix = rng.choice(sorted({p.suffix for p in SEEDS}))  # formats alike, however many seeds each has
    same_format = [p for p in SEEDS if p.suffix == suffix]
    source = rng.choice(same_format)
    data, other = source.data, rng.choice(same_format).data
    if source.suffix == ".docx" and rng.random() < 0.7:
        data, how = _mutate_member(rng, data, other)
    else:
        data, how = _damage(rng, data, other, source.suffix)
    return source, data, how


def _damage(rng: random.Random, data: bytes, other: bytes, suffix: str) -> tuple[bytes, str]:
    kind = rng.choice(["flip", "flip", "truncate", "splice", "repeat", "token"])
    if kind == "flip":
        out = bytearray(data)
        spots = sorted(rng.randrange(len(out)) for _ in range(rng.randint(1, 32)))
        for i in spots:
            out[i] = rng.randrange(256)
        return bytes(out), f"flip {len(spots)} bytes from {spots[0]}"
    if kind == "truncate":
        cut = rng.randrange(1, len(data))
        tail = b"\n%%EOF\n" if suffix == ".pdf" and rng.random() < 0.6 else b""
        return data[:cut] + tail, f"truncate at {cut}" + (" + %%EOF" if tail else "")
    if kind == "splice":
        i, j = rng.randrange(len(data)), rng.randrange(len(other))
        return data[:i] + other[j:], f"splice at {i} with another seed from {j}"
    if kind == "repeat":
        i = rng.randrange(len(data))
        j = min(len(data), i + rng.randint(1, 4096))
        times = rng.randint(2, 200)
        return data[:i] + data[i:j] * times + data[j:], f"repeat {i}:{j} x{times}"
    i = 0 if rng.random() < 0.2 else rng.randrange(len(data))  # a byte-order mark means most at the start
    token = rng.choice(TOKENS)
    return data[:i] + token * rng.randint(1, 50) + data[i:], f"insert {token[:12]!r} at {i}"


def _mutate_member(rng: random.Random, data: bytes, other: bytes) -> tuple[bytes, str]:
    """Damage one XML member of a DOCX and zip it again with valid checksums."""
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        members = {info.filename: z.read(info) for info in z.infolist()}
    name = rng.choice(sorted(m for m in members if DOCX_MEMBERS.match(m)))
    members[name], how = _damage(rng, members[name], members[name], ".xml")
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        for member, content in members.items():
            z.writestr(member, content)
    return out.getvalue(), f"{name}: {how}"


def try_input(n: int, seed: int, hang: float, out: Path, tally: Tally, keep: bool = False) -> None:
    source, data, how = mutate(n, seed)
    path = out / f"input-{seed}-{n}{source.suffix}"
    path.write_bytes(data)
    tally.inputs += 1
    tally.formats[source.suffix] += 1
    label = f"#{n} {source.name}: {how}"
    try:
        with limits.time_limit(hang):
            read_document(path)
        tally.read += 1
    except ReadError as err:
        caught = err.__cause__
        if caught is not None:
            what = f"{type(caught).__name__} ({source.suffix})"
            tally.caught[what] += 1
            tally.examples.setdefault(what, f"{label} -> {err.reason}")
        else:
            tally.refused += 1
    except limits.DocumentTimeout:
        tally.hangs.append(label)
        return
    except Exception as err:  # the point of fuzzing: anything but a ReadError is a bug
        tally.crashes.append(f"{label}\n{type(err).__name__}: {err}\n{traceback.format_exc(limit=-3)}")
        return
    if not keep:  # a replayed input stays, to be read again or made a test
        path.unlink()


def fuzz(job: int, jobs: int, seed: int, seconds: float, hang: float, out: str) -> Tally:
    """Inputs job, job + jobs, ... until the time is up (one worker process)."""
    tally = Tally()
    deadline = time.monotonic() + seconds
    n = job
    while time.monotonic() < deadline:
        try_input(n, seed, hang, Path(out), tally)
        n += jobs
    return tally


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=60, help="how long to fuzz (wall clock)")
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 1, help="processes fuzzing in parallel")
    parser.add_argument("--seed", type=int, default=1, help="inputs are a function of the seed and their number")
    parser.add_argument("--hang", type=float, default=20, help="seconds after which one input counts as a hang")
    parser.add_argument("--replay", type=int, help="rebuild and read input N only")
    parser.add_argument("--out", type=Path, help="folder for crashing and hanging inputs (default: a temp folder)")
    args = parser.parse_args()
    out = args.out or Path(tempfile.mkdtemp(prefix="fuzz-readers-"))
    out.mkdir(parents=True, exist_ok=True)
    if args.replay is not None:
        tally = Tally()
        try_input(args.replay, args.seed, args.hang, out, tally, keep=True)
        print(mutate(args.replay, args.seed)[2], tally, f"input written to {out}", sep="\n")
        return
    started = time.monotonic()
    total = Tally()
    with ProcessPoolExecutor(args.jobs) as pool:
        for tally in pool.map(fuzz, range(args.jobs), [args.jobs] * args.jobs, [args.seed] * args.jobs,
                              [args.seconds] * args.jobs, [args.hang] * args.jobs, [str(out)] * args.jobs):
            total.add(tally)
    elapsed = time.monotonic() - started
    print(f"seed {args.seed}, {args.jobs} processes, {elapsed:.0f} s: {total.inputs} inputs "
          f"({', '.join(f'{n} {ext}' for ext, n in sorted(total.formats.items()))}), {total.inputs / elapsed:.1f}/s")
    print(f"  read: {total.read}   refused with a reason: {total.refused}   "
          f"refused by the catch-all: {sum(total.caught.values())}   hangs: {len(total.hangs)}   "
          f"crashes: {len(total.crashes)}")
    for what, n in total.caught.most_common():
        print(f"  catch-all: {n:>4}  {what}, e.g. {total.examples[what][:300]}")
    for label in total.hangs:
        print(f"HANG  {label}")
    for crash in total.crashes:
        print(f"CRASH {crash}")
    if total.hangs or total.crashes:
        print(f"inputs kept in {out}")
    elif args.out is None:
        shutil.rmtree(out)


if __name__ == "__main__":
    main()
