"""The wheel, installed into a fresh virtual environment, runs `harvest run` in an empty folder
outside the repository: the rule files and reference data travel inside the package."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import sysconfig
import venv
from pathlib import Path

import pytest
from conftest import CORPUS, ROOT


@pytest.fixture(scope="module")
def installed(tmp_path_factory):
    """A venv with only the wheel of this checkout installed; its dependencies are found in the
    test environment's site-packages (a .pth line), so nothing is downloaded but the build tools."""
    work = tmp_path_factory.mktemp("install")
    build = subprocess.run([sys.executable, "-m", "pip", "wheel", str(ROOT), "--no-deps", "-q", "-w", str(work)],
                           capture_output=True, text=True)
    if build.returncode != 0:
        pytest.fail(f"building the wheel failed:\n{build.stderr[-2000:]}")
    [wheel] = work.glob("extract-*.whl")
    env = work / "venv"
    venv.EnvBuilder(with_pip=False).create(env)
    python = env / "bin" / "python"
    site = Path(subprocess.run([str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
                               capture_output=True, text=True, check=True).stdout.strip())
    (site / "test_dependencies.pth").write_text(sysconfig.get_paths()["purelib"] + "\n", encoding="utf-8")
    subprocess.run([sys.executable, "-m", "pip", "--python", str(python), "install", "--no-deps", "-q", str(wheel)],
                   check=True, capture_output=True)
    return env


def test_harvest_run_from_an_empty_folder_uses_the_packaged_rules(installed, tmp_path):
    shutil.copy(CORPUS / "haarlem_2017-q2_rapportage-sociaal-domein.txt", tmp_path)
    env = {k: v for k, v in os.environ.items() if k not in ("HARVEST_RULES", "PYTHONPATH")}
    done = subprocess.run([str(installed / "bin" / "harvest"), "run", ".", "--out", "output", "-q"], cwd=tmp_path,
                          capture_output=True, text=True, env=env, timeout=300)
    assert done.returncode == 0, done.stderr
    rows = (tmp_path / "output" / "measurements.csv").read_text(encoding="utf-8").splitlines()
    assert len(rows) > 100  # the Q2 report gives about 160 measurements with the repository's rules
    where = subprocess.run([str(installed / "bin" / "python"), "-c",
                            "import extract.ruleset.locate as l; print(l.packaged_rules())"],
                           cwd=tmp_path, capture_output=True, text=True, env=env, check=True).stdout.strip()
    assert Path(where).is_relative_to(installed) and not Path(where).is_relative_to(ROOT)


def test_harvest_init_from_the_installed_package(installed, tmp_path):
    env = {k: v for k, v in os.environ.items() if k not in ("HARVEST_RULES", "PYTHONPATH")}
    done = subprocess.run([str(installed / "bin" / "harvest"), "init", "project"], cwd=tmp_path,
                          capture_output=True, text=True, env=env, timeout=120)
    assert done.returncode == 0, done.stderr
    shipped = sorted(p.relative_to(ROOT / "rules") for p in (ROOT / "rules").rglob("*.yaml"))
    copied = sorted(p.relative_to(tmp_path / "project" / "rules") for p in (tmp_path / "project" / "rules").rglob("*.yaml"))
    assert copied == shipped


def test_every_package_folder_is_in_the_wheel():
    """The package list in pyproject.toml is explicit (rules/ is mapped into the package): a new
    folder under extract/ must be added there, or the installed tool cannot import it."""
    import tomllib

    listed = set(tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["setuptools"]["packages"])
    folders = {".".join(p.parent.relative_to(ROOT).parts) for p in (ROOT / "extract").rglob("__init__.py")}
    assert folders - listed == set()
