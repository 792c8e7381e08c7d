#!/usr/bin/env python3
"""Set up tfcourse in ``.venv`` and run a workshop command: one set-up for Linux, macOS, Windows.

    python3 bootstrap.py demo        # Linux, macOS (`make demo` runs this line)
    py -3.12 bootstrap.py demo       # Windows: PowerShell or cmd, no make needed

Commands: install (set up only), demo, test, test-all, notebooks, lab (JupyterLab on the
notebooks), bench. Words after the command go to it:
``python3 bootstrap.py test tests/test_cli.py``.

The first run checks this Python, creates ``.venv`` with it, and installs requirements.txt and
tfcourse (editable) into it; later runs reuse it until requirements.txt, setup.cfg or
pyproject.toml change. Standard library only, and no syntax newer than Python 3.6, so an old
Python gets the message saying which versions work instead of a SyntaxError.
"""

import hashlib
import ntpath
import os
import platform
import posixpath
import subprocess
import sys

ROOT = os.path.dirname(os.path.abspath(__file__))
SUPPORTED = ((3, 10), (3, 13))  # the Pythons TensorFlow 2.21.0 publishes wheels for
INPUTS = ("requirements.txt", "setup.cfg", "pyproject.toml")  # a change reinstalls
STAMP = ".tfcourse-installed"
OS_NAME = os.name  # "nt" on Windows; the tests set it to follow the Windows path on Linux
PYTEST = ["-m", "pytest", "-n", "2", "--dist", "loadfile"]
COMMANDS = {
    "install": None,
    "demo": ["-m", "demos", "run", "all", "--quick", "--out", "out"],
    "test": PYTEST,
    "test-all": PYTEST + ["-m", "not download and not gpu"],
    "notebooks": ["-m", "demos", "notebooks", "--execute", "out"],
    "lab": ["-m", "jupyterlab", "notebooks"],
    "bench": ["-m", "benchmarks", "run"],
}
USAGE = "usage: python bootstrap.py [--venv DIR] {%s} [ARGS...]" % ",".join(COMMANDS)

# how to get a supported Python next to the one you have, per operating system
HOW_TO_GET = {
    "Windows": "install Python 3.12 from https://www.python.org/downloads/windows/ (64-bit), "
               "then run:\n    py -3.12 bootstrap.py demo",
    "Darwin": "brew install python@3.12 (Homebrew), or pyenv install 3.12, or the python.org "
              "installer, then run:\n    python3.12 bootstrap.py demo     (or: make demo "
              "PYTHON=python3.12)",
    "Linux": "sudo apt install python3.12 python3.12-venv (older Ubuntu: add the deadsnakes "
             "PPA first), or pyenv install 3.12, then run:\n    python3.12 bootstrap.py demo"
             "     (or: make demo PYTHON=python3.12)",
}


def python_problem(version, system, machine, is_64bit=True):
    """Why TensorFlow 2.21 cannot install on this Python and platform, with what to do, or None.

    ``version`` is ``sys.version_info`` (or a tuple), ``system`` and ``machine`` as
    `platform.system` and `platform.machine` name them.
    """
    works = "Colab needs no install (see the README), or use a laptop that is supported."
    if system == "Darwin" and machine == "x86_64":
        return ("TensorFlow 2.21 has no version for Intel Macs (the last was 2.16). If this is "
                "an Apple Silicon Mac (M1 or later), this Python is an Intel build running "
                "under Rosetta: install an arm64 Python (Homebrew in /opt/homebrew, or the "
                "python.org installer) and run this again with it. " + works)
    if system == "Windows" and machine.upper() == "ARM64":
        return ("TensorFlow 2.21 has no version for Windows on ARM. Use WSL2 (wsl --install, "
                "then follow the Linux steps inside Ubuntu: Linux on ARM is supported). " + works)
    if not is_64bit:
        return ("this Python is 32-bit; TensorFlow needs a 64-bit Python 3.12: "
                + HOW_TO_GET.get(system, HOW_TO_GET["Linux"]))
    low, high = SUPPORTED
    if not low <= tuple(version[:2]) <= high:
        return ("tfcourse needs Python %d.%d to %d.%d: TensorFlow 2.21 publishes no version "
                "for Python %d.%d. Keep your Python; install a supported one next to it and "
                "use that one:\n  %s" % (low + high + tuple(version[:2]) + (
                    HOW_TO_GET.get(system, HOW_TO_GET["Linux"]),)))
    return None


def venv_python(venv, os_name=None):
    """The venv's own Python: ``venv/bin/python``, or ``venv\\Scripts\\python.exe`` on Windows."""
    if (os_name or OS_NAME) == "nt":
        return ntpath.join(venv, "Scripts", "python.exe")
    return posixpath.join(venv, "bin", "python")


def install_steps(base_python, venv, create="new", os_name=None):
    """The commands that set up ``venv``: ``create`` is "new", "clear" (remake it) or None."""
    py = venv_python(venv, os_name)
    pip = [py, "-m", "pip", "install", "--quiet"]
    steps = [[base_python, "-m", "venv"] + (["--clear"] if create == "clear" else []) + [venv]]
    return (steps if create else []) + [
        pip + ["--upgrade", "pip"],
        pip + ["-r", "requirements.txt"],
        pip + ["--no-deps", "--no-build-isolation", "-e", "."],  # the tfcourse being edited
    ]


def command_line(command, args, venv, os_name=None):
    """The line that runs ``command`` with the venv's Python, or None for ``install``."""
    if COMMANDS[command] is None:
        return None
    return [venv_python(venv, os_name)] + COMMANDS[command] + list(args)


def inputs_digest():
    """A digest of the files the install depends on: the stamp holds it."""
    digest = hashlib.sha256()
    for name in INPUTS:
        with open(name, "rb") as f:
            digest.update(name.encode() + b"\0" + f.read() + b"\0")
    return digest.hexdigest()


def probe_version(python):
    """``(major, minor)`` of a venv's Python, or None if it does not run or has no pip."""
    try:
        out = subprocess.run([python, "-c", "import sys, pip; print(*sys.version_info[:2])"],
                             stdout=subprocess.PIPE, universal_newlines=True, timeout=60)
    except (OSError, subprocess.SubprocessError):
        return None
    parts = out.stdout.split()
    return tuple(int(p) for p in parts) if out.returncode == 0 and len(parts) == 2 else None


def windows_long_paths_enabled():
    """Whether Windows allows paths over 260 characters (TensorFlow's files need it), or None."""
    try:
        import winreg

        key = winreg.OpenKey(winreg.HKEY_LOCAL_MACHINE,
                             r"SYSTEM\CurrentControlSet\Control\FileSystem")
        return bool(winreg.QueryValueEx(key, "LongPathsEnabled")[0])
    except (ImportError, OSError):
        return None


def call(cmd):
    """Run one step, showing it first; return its exit status."""
    shown = subprocess.list2cmdline(cmd) if OS_NAME == "nt" else " ".join(cmd)
    print("+ " + shown, flush=True)
    return subprocess.call(cmd)


def ensure_installed(venv):
    """Create and fill ``venv`` unless its stamp says it is up to date; return an exit status."""
    stamp = os.path.join(venv, STAMP)
    digest = inputs_digest()
    if os.path.exists(stamp):
        with open(stamp) as f:
            if f.read().strip() == digest:
                return 0
    py = venv_python(venv)
    create = "new"
    if os.path.exists(py):
        found = probe_version(py)
        create = None if found and python_problem(found, platform.system(),
                                                  platform.machine()) is None else "clear"
        if create:
            print("%s: %s; remaking it with this Python (%s)."
                  % (venv, "made with Python %d.%d" % found if found else
                     "its Python does not run or has no pip", platform.python_version()))
    if OS_NAME == "nt" and windows_long_paths_enabled() is False:
        print("WARNING: Windows long paths are off; pip may fail on TensorFlow's long file "
              "names. Turn them on (PowerShell as administrator), then run this again:\n"
              '  New-ItemProperty -Path "HKLM:\\SYSTEM\\CurrentControlSet\\Control\\FileSystem"'
              ' -Name "LongPathsEnabled" -Value 1 -PropertyType DWORD -Force')
    for step in install_steps(sys.executable, venv, create):
        status = call(step)
        if status:
            return status
    with open(stamp, "w") as f:
        f.write(digest + "\n")
    return 0


def main(argv=None):
    """Check this Python, set up the venv when needed, run the command; return an exit status."""
    argv = list(sys.argv[1:] if argv is None else argv)
    venv = ".venv"
    if argv[:1] == ["--venv"] and len(argv) > 1:
        venv, argv = argv[1], argv[2:]
    if argv[:1] in (["-h"], ["--help"]):
        print(USAGE + "\n" + __doc__)
        return 0
    if not argv or argv[0] not in COMMANDS:
        print(USAGE, file=sys.stderr)
        return 2
    problem = python_problem(sys.version_info, platform.system(), platform.machine(),
                             sys.maxsize > 2 ** 32)
    if problem:
        print("ERROR: %s\n(this Python: %s, %s)" % (problem, platform.python_version(),
                                                    sys.executable), file=sys.stderr)
        return 2
    os.chdir(ROOT)  # the venv, requirements.txt and the commands are relative to it
    status = ensure_installed(venv)
    line = command_line(argv[0], argv[1:], venv)
    return status or (call(line) if line else 0)


if __name__ == "__main__":
    try:
        sys.exit(main())
    except KeyboardInterrupt:
        sys.exit(130)
