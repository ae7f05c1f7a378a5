"""Bad input: one clear line naming the file and the reason; the batch goes on."""

from __future__ import annotations

import csv
import os
import shutil

import pytest
from click.testing import CliRunner
from conftest import CORPUS, Q2

from extract.cli.main import main
from extract.documents import ReadError, read_document


def read_error(path, **kwargs) -> str:
    with pytest.raises(ReadError) as info:
        read_document(path, **kwargs)
    message = str(info.value)
    assert message.startswith(str(path) + ": ")
    assert "\n" not in message
    return info.value.reason


def test_empty_file(tmp_path):
    f = tmp_path / "leeg.txt"
    f.write_bytes(b"")
    assert read_error(f) == "empty file"


def test_whitespace_only_file_has_no_text(tmp_path):
    f = tmp_path / "spaties.md"
    f.write_text("   \n\n \t\n", encoding="utf-8")
    assert "no text found" in read_error(f)


def test_binary_file_with_text_extension(tmp_path):
    f = tmp_path / "plaatje.txt"
    f.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 4)
    assert "binary content" in read_error(f)


def test_unsupported_extension(tmp_path):
    f = tmp_path / "tabel.xlsx"
    f.write_bytes(b"PK\x03\x04 not really")
    assert read_error(f).startswith("unsupported file type '.xlsx'")


def test_missing_file(tmp_path):
    assert read_error(tmp_path / "weg.txt") == "no such file"


def test_file_over_the_size_limit(tmp_path):
    f = tmp_path / "groot.txt"
    shutil.copy(Q2, f)
    assert read_error(f, max_bytes=10_000).startswith("file too large (0.0 MB; limit")


def test_cp1252_text_is_decoded_and_the_repair_recorded(tmp_path):
    # a real sentence of the Q2 report, saved by an old Windows editor
    sentence = "Het aantal cliënten op de (externe²) wachtlijst is in het tweede kwartaal 2017 licht gedaald."
    f = tmp_path / "oud.txt"
    f.write_bytes(("Wachtlijst\n\n" + sentence.replace("²", "") + "\n").encode("cp1252"))
    doc = read_document(f)
    assert doc.paragraphs()[0].content == sentence.replace("²", "")
    assert "decoded as cp1252 (not valid UTF-8)" in doc.repairs


def test_cli_run_goes_on_past_bad_files_and_counts_them(tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    shutil.copy(Q2, corpus / Q2.name)
    (corpus / "leeg.txt").write_bytes(b"")
    (corpus / "notities.yaml").write_text("a: 1\n", encoding="utf-8")
    out = tmp_path / "out"
    result = CliRunner().invoke(main, ["run", str(corpus), "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert f"error: {corpus / 'leeg.txt'}: empty file" in result.stderr
    assert "1 new documents read" in result.stderr and "1 failed, 1 other files skipped" in result.stderr
    rows = documents(out)
    assert sorted((r["doc"], r["status"], r["error"]) for r in rows) == [
        ("haarlem_2017-q2_rapportage-sociaal-domein", "ok", ""), ("leeg", "error", "empty file")]
    assert not list(out.glob(".*.tmp"))  # nothing half-written


def documents(out):
    with open(out / "documents.csv", encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def test_cli_run_exits_2_when_the_only_input_fails(tmp_path):
    f = tmp_path / "leeg.txt"
    f.write_bytes(b"")
    result = CliRunner().invoke(main, ["run", str(f), "--out", str(tmp_path / "out"), "-q"])
    assert result.exit_code == 2
    assert result.stderr.strip() == f"error: {f}: empty file"


def test_cli_parse_of_a_bad_file_exits_2(tmp_path):
    f = tmp_path / "x.docx"
    f.write_text("geen zip", encoding="utf-8")
    result = CliRunner().invoke(main, ["parse", str(f)])
    assert result.exit_code == 2
    assert result.stderr.startswith(f"error: {f}: ")


def test_cli_run_on_the_corpus_writes_store_and_exports(tmp_path):
    out = tmp_path / "out"
    result = CliRunner().invoke(main, ["run", str(CORPUS), "--out", str(out), "-q"])
    assert result.exit_code == 0, result.stderr
    rows = documents(out)
    assert len(rows) == 5 and all(r["status"] == "ok" for r in rows)
    assert (out / "indicators.sqlite").is_file() and (out / "datapackage.json").is_file()
    header = (out / "measurements.csv").read_text(encoding="utf-8").splitlines()[0]
    assert header.startswith("doc,path,municipality,municipality_code,indicator,label,value,unit,low,high,qualifier,kind,period_start")


def test_cli_run_applies_a_corpus_manifest(tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    shutil.copy(Q2, corpus / Q2.name)
    (corpus / "manifest.yaml").write_text(
        f"files:\n  {Q2.name}:\n    reference: '2017/999999'\n    doc_type: kwartaalrapportage\n", encoding="utf-8")
    out = tmp_path / "out"
    result = CliRunner().invoke(main, ["run", str(corpus), "--out", str(out), "-q"])
    assert result.exit_code == 0, result.stderr
    row = documents(out)[0]
    assert (row["reference"], row["doc_type"], row["municipality"]) == ("2017/999999", "kwartaalrapportage", "Haarlem")


def test_cli_run_refuses_an_invalid_manifest(tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    shutil.copy(Q2, corpus / Q2.name)
    (corpus / "manifest.yaml").write_text("files:\n  ../../etc/passwd:\n    title: x\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["run", str(corpus), "--out", str(tmp_path / "out"), "-q"])
    assert result.exit_code == 2
    assert "manifest.yaml:" in result.stderr and "\n" not in result.stderr.strip()


def test_a_fifo_and_a_symlink_loop_in_the_folder_get_a_line_each_and_the_batch_goes_on(tmp_path):
    # hostile entries (issue 14): a FIFO named like a report would block any reader that opens it;
    # a symbolic link that points at itself has no file behind it
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    shutil.copy(Q2, corpus / Q2.name)
    os.mkfifo(corpus / "pijp.txt")
    (corpus / "lus.txt").symlink_to(corpus / "lus.txt")
    out = tmp_path / "out"
    result = CliRunner().invoke(main, ["run", str(corpus), "--out", str(out), "-q"])
    assert result.exit_code == 0, result.output
    assert f"error: {corpus / 'pijp.txt'}: not a regular file (a FIFO, device or socket): not read" in result.stderr
    assert f"error: {corpus / 'lus.txt'}: cannot be read:" in result.stderr
    assert [r["status"] for r in documents(out)] == ["ok"]


def test_a_device_on_the_command_line_is_not_read(tmp_path):
    # "/dev/zero" never ends: it is refused by its kind, before anything reads or hashes it
    result = CliRunner().invoke(main, ["run", "/dev/zero", "--out", str(tmp_path / "out"), "-q"])
    assert result.exit_code == 2
    assert result.stderr.strip() == "error: /dev/zero: not a regular file (a FIFO, device or socket): not read"


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads files without read permission")
def test_a_file_without_read_permission_is_recorded_once_and_not_read(tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    locked = corpus / "dicht.txt"
    locked.write_text("In 2017 waren er 12 bezwaren.", encoding="utf-8")
    locked.chmod(0)
    result = CliRunner().invoke(main, ["run", str(corpus), "--out", str(tmp_path / "out"), "-q"])
    assert result.stderr.count(str(locked)) == 1 and "cannot be read: Permission denied" in result.stderr


def test_a_400_digit_number_is_no_figure_and_the_exports_are_written(tmp_path):
    # a run of digits too long for any figure would become an infinite value and break the report's charts
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "haarlem_2017_lang-getal.txt").write_text(f"In 2017 waren er {'9' * 400} bezwaren.\n", encoding="utf-8")
    out = tmp_path / "out"
    result = CliRunner().invoke(main, ["run", str(corpus), "--out", str(out), "-q"])
    assert result.exit_code == 0, result.output
    assert (out / "report.html").exists() and (out / "measurements.csv").exists()
    with open(out / "measurements.csv", encoding="utf-8", newline="") as f:
        assert not any("inf" in row["value"] for row in csv.DictReader(f))


def test_one_bad_byte_in_a_utf8_file_keeps_the_rest_utf8(tmp_path):
    # a real sentence of the Q2 report in UTF-8, with one cp1252 byte pasted in ("caf\xe9")
    sentence = "Het aantal cliënten op de wachtlijst is in het tweede kwartaal 2017 licht gedaald."
    f = tmp_path / "geplakt.txt"
    f.write_bytes(sentence.encode("utf-8") + b"\n\nIn het caf\xe9 zijn 12 bezoekers geteld.\n")
    doc = read_document(f)
    assert doc.paragraphs()[0].content == sentence  # "cliënten" stays UTF-8, not "cliÃ«nten"
    assert "café" in doc.text
    assert doc.repairs == ["decoded as utf-8 with 1 byte that is not (read as cp1252)"]


def test_a_sentence_of_over_a_million_characters_is_read(tmp_path):
    # no full stop in 1.2 MB: spaCy's length limit (meant for its parser, which a blank pipeline has not)
    f = tmp_path / "lang.txt"
    f.write_text("Het aantal cliënten " + "is groot en " * 100_000 + "bedraagt 45 in 2017.\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["run", str(f), "--out", str(tmp_path / "out"), "-q"])
    assert result.exit_code == 0, result.output
    assert "failed" not in result.output or "0 failed" in result.output


def test_a_bug_in_one_document_is_recorded_and_the_batch_goes_on(tmp_path, monkeypatch):
    # an extraction that raises for one document (a bug of the tool, made here): that document is recorded with
    # "internal error", the other is stored, and the batch ends normally
    from extract.batch import pipeline
    from extract.extraction.extractor import Extractor

    corpus = tmp_path / "corpus"
    corpus.mkdir()
    shutil.copy(Q2, corpus / Q2.name)
    (corpus / "stuk.txt").write_text("In 2017 zijn 193 uitkeringen beëindigd.\n", encoding="utf-8")
    real = Extractor.extract

    def failing(self, doc):
        if doc.name == "stuk":
            raise KeyError("a bug")
        return real(self, doc)

    monkeypatch.setattr(Extractor, "extract", failing)
    pipeline._EXTRACTORS.clear()
    result = CliRunner().invoke(main, ["ingest", str(corpus), "--store", str(tmp_path / "s.sqlite"), "--workers", "1"])
    assert "stuk.txt: internal error while processing it (KeyError: 'a bug')" in result.output
    assert "1 failed" in result.output and "1 new documents read" in result.output


def test_a_document_of_too_many_paragraphs_is_refused_while_it_is_read(tmp_path, monkeypatch):
    """A million one-line paragraphs took 1 GB to read: the builder stops at the limit."""
    from extract import limits

    monkeypatch.setattr(limits, "MAX_BLOCKS", 50)
    path = tmp_path / "haarlem_2017-q2_lijnen.txt"
    path.write_text("Rapportage sociaal domein gemeente Haarlem\n\n" + "12,5%\n\n" * 60, encoding="utf-8")
    with pytest.raises(ReadError, match=r"too many paragraphs and tables \(over 50\)"):
        read_document(path)


def test_a_document_of_too_many_numbers_is_refused_before_extraction(tmp_path, monkeypatch):
    from extract import limits

    monkeypatch.setattr(limits, "MAX_NUMBERS", 100)
    with pytest.raises(ReadError, match=r"too many numbers \(\d+; limit 100\)"):
        read_document(CORPUS / "haarlem_2017-q2_rapportage-sociaal-domein.txt")
    monkeypatch.setattr(limits, "MAX_NUMBERS", 100_000)
    assert read_document(CORPUS / "haarlem_2017-q2_rapportage-sociaal-domein.txt").blocks


def test_an_unreadable_subfolder_gets_a_line_and_the_rest_is_read(tmp_path, monkeypatch):
    """As root a chmod 0 folder can still be read, so os.walk's report of one is stood in for."""
    import extract.batch.corpus as corpus_walk

    corpus = tmp_path / "corpus"
    (corpus / "dicht").mkdir(parents=True)
    shutil.copy(Q2, corpus)
    real_walk = os.walk

    def walk(top, onerror=None, **kwargs):
        for root, dirs, names in real_walk(top, onerror=onerror, **kwargs):
            if "dicht" in dirs:
                dirs.remove("dicht")
                onerror(PermissionError(13, "Permission denied", str(corpus / "dicht")))
            yield root, dirs, names

    monkeypatch.setattr(corpus_walk.os, "walk", walk)
    result = CliRunner().invoke(main, ["run", str(corpus), "--out", str(tmp_path / "out"), "-q"])
    assert result.exit_code == 0, result.output
    assert f"{corpus / 'dicht'}: folder cannot be read: Permission denied" in result.stderr
    assert (tmp_path / "out" / "measurements.csv").read_text(encoding="utf-8").count("\n") > 100


def test_a_file_name_that_is_not_utf8_is_read_and_stored_with_its_bytes_escaped(tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    # the content is beside the point: the name's byte 0xff is no UTF-8
    with open(os.fsencode(corpus) + b"/haarlem_\xff.txt", "w", encoding="utf-8") as f:
        f.write("Rapportage sociaal domein gemeente Haarlem\n\nIn 2017 zijn 345 bezwaarschriften ontvangen.\n")
    out = tmp_path / "out"
    result = CliRunner().invoke(main, ["run", str(corpus), "--out", str(out), "-q", "--workers", "1"])
    assert result.exit_code == 0, result.output
    with open(out / "documents.csv", encoding="utf-8", newline="") as f:
        [row] = list(csv.DictReader(f))
    assert row["path"].endswith("haarlem_\\xff.txt") and row["status"] == "ok"
