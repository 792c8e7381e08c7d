"""bootstrap.py: the one set-up that `make` and Windows users run.

The Windows path runs here with Windows faked (``os.name``, platform, the venv's
``Scripts\\python.exe``): everything but the shell. Oracles: setup.cfg's ``python_requires`` read
by `packaging`, the wheel table pip reported for TensorFlow 2.21.0, and `make -n`.
"""

import configparser
import glob
import importlib.util
import os
import shutil
import subprocess
import sys

import pytest
from packaging.specifiers import SpecifierSet

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
spec = importlib.util.spec_from_file_location("bootstrap", os.path.join(ROOT, "bootstrap.py"))
bootstrap = importlib.util.module_from_spec(spec)
spec.loader.exec_module(bootstrap)

WIN_PY = r"C:\Python312\python.exe"
VENV_PY = r".venv\Scripts\python.exe"
PIP = [VENV_PY, "-m", "pip", "install", "--quiet"]
INSTALL = [PIP + ["--upgrade", "pip"], PIP + ["-r", "requirements.txt"],
           PIP + ["--no-deps", "--no-build-isolation", "-e", "."]]
DEMO = [VENV_PY, "-m", "demos", "run", "all", "--quick", "--out", "out"]


def test_python_range_is_setup_cfgs():
    cfg = configparser.ConfigParser()
    cfg.read(os.path.join(ROOT, "setup.cfg"))
    allowed = SpecifierSet(cfg["options"]["python_requires"])
    for minor in range(6, 16):
        ok = bootstrap.python_problem((3, minor, 0), "Linux", "x86_64") is None
        assert ok == (f"3.{minor}.0" in allowed), minor


# where pip finds a TensorFlow 2.21.0 wheel (pip install --dry-run --platform ... --python-version)
@pytest.mark.parametrize("version, system, machine, supported", [
    ((3, 10), "Linux", "x86_64", True), ((3, 13), "Linux", "x86_64", True),
    ((3, 12), "Linux", "aarch64", True), ((3, 12), "Darwin", "arm64", True),
    ((3, 12), "Windows", "AMD64", True), ((3, 14), "Linux", "x86_64", False),
    ((3, 14), "Darwin", "arm64", False), ((3, 9), "Linux", "x86_64", False),
    ((3, 12), "Darwin", "x86_64", False), ((3, 12), "Windows", "ARM64", False),
])
def test_python_problem_matches_the_wheels(version, system, machine, supported):
    assert (bootstrap.python_problem(version, system, machine) is None) is supported


@pytest.mark.parametrize("system, version, words", [
    ("Windows", (3, 14), ["3.10 to 3.13", "Python 3.14", "python.org", "py -3.12 bootstrap.py"]),
    ("Darwin", (3, 14), ["3.10 to 3.13", "brew install python@3.12", "pyenv"]),
    ("Linux", (3, 9), ["3.10 to 3.13", "Python 3.9", "deadsnakes", "python3.12 bootstrap.py"]),
])
def test_too_new_or_old_python_says_how_to_get_one(system, version, words):
    machine = {"Windows": "AMD64", "Darwin": "arm64", "Linux": "x86_64"}[system]
    message = bootstrap.python_problem(version, system, machine)
    assert all(w in message for w in words), message


@pytest.mark.parametrize("system, machine, is_64bit, words", [
    ("Darwin", "x86_64", True, ["Intel Macs", "Rosetta", "arm64 Python"]),
    ("Windows", "ARM64", True, ["Windows on ARM", "WSL2"]),
    ("Windows", "AMD64", False, ["32-bit", "64-bit", "py -3.12"]),
])
def test_platforms_without_tensorflow_say_what_to_do(system, machine, is_64bit, words):
    message = bootstrap.python_problem((3, 12), system, machine, is_64bit)
    assert all(w in message for w in words), message


# real Pythons older than 3.10 (pyenv's, or on PATH); bootstrap.py must parse on 3.6
OLD_PYTHONS = sorted(set(glob.glob(os.path.expanduser("~/.pyenv/versions/3.[6-9].*/bin/python"))
                         + [p for p in map(shutil.which, ("python3.8", "python3.9"))
                            if p and "shims" not in p]))


@pytest.mark.skipif(not OLD_PYTHONS, reason="no Python older than 3.10 here")
@pytest.mark.parametrize("python", OLD_PYTHONS or [None])
def test_an_old_python_stops_before_pip_with_the_message(python, tmp_path):
    shutil.copy(os.path.join(ROOT, "bootstrap.py"), tmp_path)
    result = subprocess.run([python, "bootstrap.py", "demo"], cwd=tmp_path,
                            capture_output=True, text=True, timeout=60)
    assert result.returncode == 2
    assert "needs Python 3.10 to 3.13" in result.stderr
    assert result.stdout == "" and os.listdir(tmp_path) == ["bootstrap.py"]  # no venv, no pip


def test_venv_python_per_os():
    assert bootstrap.venv_python(".venv", "nt") == VENV_PY
    assert bootstrap.venv_python(".venv", "posix") == ".venv/bin/python"


@pytest.fixture
def windows(tmp_path, monkeypatch):
    """A copy of the install's inputs, and bootstrap run as on 64-bit Windows, Python 3.12."""
    for name in bootstrap.INPUTS:
        shutil.copy(os.path.join(ROOT, name), tmp_path)
    monkeypatch.chdir(tmp_path)
    monkeypatch.setattr(bootstrap, "ROOT", str(tmp_path))
    monkeypatch.setattr(bootstrap, "OS_NAME", "nt")
    monkeypatch.setattr(bootstrap.sys, "executable", WIN_PY)
    monkeypatch.setattr(bootstrap.sys, "version_info", (3, 12, 7, "final", 0))
    monkeypatch.setattr(bootstrap.platform, "system", lambda: "Windows")
    monkeypatch.setattr(bootstrap.platform, "machine", lambda: "AMD64")
    monkeypatch.setattr(bootstrap, "windows_long_paths_enabled", lambda: True)
    state = {"ran": [], "fail": None, "venv_version": (3, 12)}

    def call(cmd):
        state["ran"].append(cmd)
        if cmd[1:3] == ["-m", "venv"]:  # what venv leaves: the folder and its python.exe
            os.makedirs(".venv", exist_ok=True)
            open(VENV_PY, "w").close()  # on Linux, a file named like the Windows path
        return 1 if cmd == state["fail"] else 0

    monkeypatch.setattr(bootstrap, "call", call)
    monkeypatch.setattr(bootstrap, "probe_version", lambda py: state["venv_version"])
    return state


def test_windows_first_run_creates_the_venv_then_runs_the_demo(windows):
    assert bootstrap.main(["demo"]) == 0
    assert windows["ran"] == [[WIN_PY, "-m", "venv", ".venv"]] + INSTALL + [DEMO]
    windows["ran"].clear()
    assert bootstrap.main(["test", "tests/test_cli.py"]) == 0  # stamp fresh: no pip
    assert windows["ran"] == [[VENV_PY, "-m", "pytest", "-n", "2", "--dist", "loadfile",
                               "tests/test_cli.py"]]


def test_changed_requirements_reinstall_into_the_same_venv(windows):
    bootstrap.main(["install"])
    with open("requirements.txt", "a") as f:
        f.write("# changed\n")
    windows["ran"].clear()
    assert bootstrap.main(["install"]) == 0
    assert windows["ran"] == INSTALL


@pytest.mark.parametrize("venv_version, says", [
    ((3, 14), "made with Python 3.14; remaking it"),  # pip failed in it on Python 3.14
    (None, "does not run or has no pip; remaking it"),  # e.g. Debian without python3-venv
])
def test_an_unusable_venv_is_remade(windows, venv_version, says, capsys):
    bootstrap.main(["install"])
    os.remove(os.path.join(".venv", bootstrap.STAMP))
    windows["ran"].clear()
    windows["venv_version"] = venv_version
    assert bootstrap.main(["install"]) == 0
    assert windows["ran"] == [[WIN_PY, "-m", "venv", "--clear", ".venv"]] + INSTALL
    assert says in capsys.readouterr().out


def test_probe_version_needs_a_python_with_pip(tmp_path):
    assert bootstrap.probe_version(sys.executable) == tuple(sys.version_info[:2])
    assert bootstrap.probe_version(str(tmp_path / "no-such-python")) is None
    # what Debian's python3 leaves without python3-venv: a venv whose Python has no pip
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(tmp_path / "v")],
                   check=True, timeout=120)
    assert bootstrap.probe_version(bootstrap.venv_python(str(tmp_path / "v"))) is None


def test_a_failed_step_stops_and_leaves_no_stamp(windows):
    windows["fail"] = INSTALL[1]
    assert bootstrap.main(["demo"]) == 1
    assert windows["ran"][-1] == INSTALL[1]  # neither the package nor the demo ran
    assert not os.path.exists(os.path.join(".venv", bootstrap.STAMP))


def test_windows_long_paths_off_warns_with_the_fix(windows, monkeypatch, capsys):
    monkeypatch.setattr(bootstrap, "windows_long_paths_enabled", lambda: False)
    bootstrap.main(["install"])
    assert "LongPathsEnabled" in capsys.readouterr().out


def test_windows_unsupported_python_stops_before_anything_runs(windows, monkeypatch, capsys):
    monkeypatch.setattr(bootstrap.sys, "version_info", (3, 14, 0, "final", 0))
    assert bootstrap.main(["demo"]) == 2
    assert windows["ran"] == [] and not os.path.exists(".venv")
    assert "py -3.12 bootstrap.py demo" in capsys.readouterr().err


def test_shown_commands_use_windows_quoting(monkeypatch, capsys):
    monkeypatch.setattr(bootstrap, "OS_NAME", "nt")
    monkeypatch.setattr(bootstrap.subprocess, "call", lambda cmd: 0)
    bootstrap.call([VENV_PY, "-m", "pytest", "-m", "not download and not gpu"])
    assert capsys.readouterr().out == \
        '+ .venv\\Scripts\\python.exe -m pytest -m "not download and not gpu"\n'


@pytest.mark.parametrize("argv, code", [([], 2), (["nope"], 2), (["--help"], 0)])
def test_usage(argv, code, capsys):
    assert bootstrap.main(argv) == code
    assert "usage: python bootstrap.py" in capsys.readouterr()[0 if code == 0 else 1]


@pytest.mark.skipif(not shutil.which("make"), reason="no make")
@pytest.mark.parametrize("command", sorted(bootstrap.COMMANDS))
def test_each_make_target_is_the_bootstrap_line(command):
    # --no-print-directory: under `make test` this make is nested and would name its folder
    out = subprocess.run(["make", "-n", "--no-print-directory", "PYTHON=python3", command],
                         cwd=ROOT, capture_output=True, text=True, check=True).stdout
    assert out.strip() == f"python3 bootstrap.py --venv .venv {command}"
