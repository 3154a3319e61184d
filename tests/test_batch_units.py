"""``report-lint batch`` without checking any report: the worker pool (with stand-in
functions: a hang, a crash, an exception, a memory hog), finding the submissions in folders and
ZIPs (Moodle names, several files, unsafe and oversized members), and reading rosters."""

from __future__ import annotations

import os
import time
import zipfile
from pathlib import Path

import pytest

from report_lint import batch, workers
from report_lint.batch import StudentResult, discover, match_roster, read_roster


# -- stand-in worker functions (module level: they are sent to worker processes) -------------


def behave(what: str) -> str:
    if what == "hang":
        time.sleep(3600)
    if what == "exit":
        os._exit(3)
    if what == "raise":
        raise ValueError("bad\nthing")
    if what == "memory":
        blob = bytearray(1024 * 1024 * 1024)  # 1 GiB under a 400 MiB limit
        return str(len(blob))
    return what.upper()


def test_pool_reports_each_failure_and_finishes_the_others():
    tasks = [workers.Task(i, (what,)) for i, what in
             enumerate(["a", "hang", "b", "exit", "c", "raise", "memory", "d"])]
    start = time.monotonic()
    outcomes = {o.key: o for o in workers.run_tasks(
        tasks, behave, jobs=2, timeout=2, memory_mb=400, initializer=None)}
    assert time.monotonic() - start < 60
    assert sorted(outcomes) == list(range(8))
    assert [outcomes[i].value for i in (0, 2, 4, 7)] == ["A", "B", "C", "D"]
    assert outcomes[1].status == workers.TIMEOUT
    assert outcomes[3].status == workers.CRASH and "status 3" in outcomes[3].detail
    assert outcomes[5].status == workers.CRASH and outcomes[5].kind == "ValueError"
    assert "bad thing" in outcomes[5].detail  # one line
    assert outcomes[6].status == workers.MEMORY


def test_pool_with_no_task_starts_nothing():
    assert list(workers.run_tasks([], behave, initializer=None)) == []


def failing_start() -> None:
    raise RuntimeError("no model")


def test_pool_worker_that_cannot_start_fails_every_task():
    outcomes = list(workers.run_tasks([workers.Task(i, ("a",)) for i in range(3)], behave,
                                      jobs=1, initializer=failing_start))
    assert sorted(o.key for o in outcomes) == [0, 1, 2]
    assert all(o.status == workers.CRASH and "no model" in o.detail for o in outcomes)


# -- discovery ----------------------------------------------------------------------------


def make_zip(path: Path, members: dict[str, bytes], utf8: bool = True) -> Path:
    with zipfile.ZipFile(path, "w") as zf:
        for name, data in members.items():
            info = zipfile.ZipInfo(name, date_time=(2026, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            zf.writestr(info, data)
    return path


PDF = b"%PDF-1.4\n%%EOF\n"


def test_moodle_folders_files_and_junk(tmp_path):
    archive = make_zip(tmp_path / "export.zip", {
        "Dubois Hugo_12_assignsubmission_file_/notes.txt": b"x",
        "Dubois Hugo_12_assignsubmission_file_/brouillon.pdf": PDF,
        "Dubois Hugo_12_assignsubmission_file_/Rapport de stage.pdf": PDF + b" " * 10,
        "Dubois Hugo_12_assignsubmission_file_/Rapport de stage.docx": b"PK",
        "Élodie Ñuñez_13_assignsubmission_file_rapport.pdf": PDF,  # flat Moodle name
        "__MACOSX/Dubois Hugo_12_assignsubmission_file_/._x.pdf": b"junk",
        "Abel Zoé_14_assignsubmission_onlinetext_/onlinetext.html": b"<p>hi</p>",
    })
    submissions, notes = discover(archive)
    assert [s.student for s in submissions] == ["Abel Zoé", "Dubois Hugo", "Élodie Ñuñez"]
    abel, dubois, elodie = submissions
    assert abel.chosen is None and [f.name for f in abel.files] == ["onlinetext.html"]
    assert dubois.student_id == "12"
    assert dubois.chosen.name == "Rapport de stage.pdf"
    assert sorted(f.name for f in dubois.others) == [
        "Rapport de stage.docx", "brouillon.pdf", "notes.txt"]
    assert elodie.chosen.name == "rapport.pdf" and elodie.student_id == "13"
    assert notes == []


def test_plain_folder_one_file_per_student(tmp_path):
    (tmp_path / "classe").mkdir()
    (tmp_path / "classe" / "Martin_Lea.pdf").write_bytes(PDF)
    (tmp_path / "classe" / "~$Martin_Lea.docx").write_bytes(b"lock")
    (tmp_path / "classe" / "Roux Emma").mkdir()
    (tmp_path / "classe" / "Roux Emma" / "rapport.odt").write_bytes(b"PK")
    submissions, _ = discover(tmp_path / "classe")
    assert [(s.student, s.chosen.name) for s in submissions] == [
        ("Martin Lea", "Martin_Lea.pdf"), ("Roux Emma", "rapport.odt")]


def test_zip_wrapping_one_folder_is_looked_into(tmp_path):
    archive = make_zip(tmp_path / "c.zip", {"BTS SN2/Martin Léa/rapport.pdf": PDF,
                                            "BTS SN2/Roux Emma/rapport.pdf": PDF})
    assert [s.student for s in discover(archive)[0]] == ["Martin Léa", "Roux Emma"]


def test_unsafe_names_are_ignored_and_nothing_is_written_outside(tmp_path):
    archive = make_zip(tmp_path / "evil.zip", {
        "../../escaped.pdf": PDF,
        "/abs/path.pdf": PDF,
        "Roux Emma_1_assignsubmission_file_/../../x.pdf": PDF,
        "Roux Emma_1_assignsubmission_file_/rapport.pdf": PDF,
    })
    submissions, notes = discover(archive)
    assert [s.student for s in submissions] == ["Roux Emma"]
    assert len(notes) == 3 and all("unsafe" in n for n in notes)


def test_windows_names_without_utf8_flag(tmp_path):
    # What a Windows archiver writes: UTF-8 bytes in the name, without the UTF-8 flag (so
    # zipfile reads them as cp437). zipfile would set the flag: write ASCII, patch the bytes.
    path = tmp_path / "win.zip"
    with zipfile.ZipFile(path, "w") as zf:
        zf.writestr("ThXXo Garnier/rapport.pdf", PDF)
    path.write_bytes(path.read_bytes().replace(b"ThXXo", "Théo".encode("utf-8")))
    with zipfile.ZipFile(path) as zf:
        assert zf.infolist()[0].flag_bits & 0x800 == 0
    assert discover(path)[0][0].student == "Théo Garnier"


def test_zip_bomb_member_is_refused_not_inflated(tmp_path):
    archive = make_zip(tmp_path / "bomb.zip", {
        "Roux Emma_1_assignsubmission_file_/rapport.pdf": PDF + b"\0" * (50 * 1024 * 1024)})
    with zipfile.ZipFile(archive) as zf:
        info = zf.infolist()[0]
        assert info.compress_size < 1024 * 1024
        with pytest.raises(batch._RefusedMember, match="bomb"):
            batch.read_member(zf, info, [batch.MAX_TOTAL_BYTES])
        with pytest.raises(batch._RefusedMember):
            batch.read_member(zf, info, [1000])  # the class's byte budget


def test_refused_member_makes_an_unreadable_row_without_a_worker(tmp_path, monkeypatch):
    archive = make_zip(tmp_path / "bomb.zip", {
        "Roux Emma_1_assignsubmission_file_/rapport.pdf": PDF + b"\0" * (50 * 1024 * 1024)})
    from report_lint.config import load_config

    result = batch.run_batch(archive, load_config(tmp_path), initializer=None)
    (row,) = result.students
    assert row.status == "unreadable" and "bomb" in row.detail
    assert result.exit_status == 2


def test_damaged_zip_is_one_clear_error(tmp_path):
    bad = tmp_path / "classe.zip"
    bad.write_bytes(b"PK\x03\x04" + b"\0" * 100)
    with pytest.raises(batch.BatchError):
        discover(bad)


# -- roster -------------------------------------------------------------------------------


@pytest.mark.parametrize("content, encoding", [
    ("Nom;Prénom;Adresse de courriel\nGarnier;Théo;t@x\nMoreau;Inès;i@x\n", "utf-8-sig"),
    ("Prénom,Nom\nThéo,Garnier\nInès,Moreau\n", "utf-8"),
    ("Nom complet\nGarnier Théo\nMoreau Inès\n", "cp1252"),
    ("Garnier;Théo\nMoreau;Inès\n", "utf-8"),
])
def test_roster_formats(tmp_path, content, encoding):
    path = tmp_path / "eleves.csv"
    path.write_bytes(content.encode(encoding))
    assert read_roster(path) == ["Garnier Théo", "Moreau Inès"]


def test_roster_matching_ignores_order_case_and_accents():
    students = [StudentResult("GARNIER Theo"), StudentResult("Martin Léa Marie"),
                StudentResult("Inconnu Paul")]
    missing = match_roster(["Théo Garnier", "Martin Léa", "Moreau Inès"], students)
    assert [s.on_roster for s in students] == [True, True, False]
    assert [(m.student, m.status) for m in missing] == [("Moreau Inès", "missing")]
