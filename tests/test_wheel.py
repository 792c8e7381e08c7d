"""The installed package stands alone: build a wheel, install it in a fresh venv, use it elsewhere.

Offline: the wheel is built without build isolation (this venv's setuptools), and the fresh venv
borrows this venv's dependencies through a ``.pth`` line (a plain path: the editable tfcourse
installed here is not picked up, which the test checks).
"""

import os
import shutil
import subprocess
import sys
import sysconfig
import textwrap

import pytest

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
# what a source distribution of the package holds
SOURCES = ("setup.cfg", "pyproject.toml", "README.md", "tfcourse", "demos")

# one small call per builder in tfcourse.models.__all__: a new builder must be added here
BUILDERS = {
    "build_mlp": "build_mlp((8, 8, 1), 10)",
    "build_lenet": "build_lenet((28, 28, 1), 10)",
    "build_cnn": "build_cnn((32, 32, 3), 10)",
    "build_rnn": "build_rnn((8, 8), 10)",
    "build_forecaster": "build_forecaster(16)",
    "build_transfer": "build_transfer('mobilenet_v2', (32, 32, 3), 2, weights=None)",
    "build_text_classifier": "build_text_classifier(100)",
    "build_from_pretrained": "build_from_pretrained(build_cnn((32, 32, 3), 10), 3)",
}

CHECK = textwrap.dedent("""
    import sys, tfcourse
    print("tfcourse from", tfcourse.__file__)
    assert tfcourse.__file__.startswith(sys.prefix), tfcourse.__file__

    from tfcourse.data import BUNDLED, load_bundled
    from tfcourse.data.spam import load_spam
    for name in BUNDLED:
        print(name, len(load_bundled(name).x_train))
    print("spam", len(load_spam().x_train))

    import tfcourse.models as models
    from tfcourse.models import *
    for name, call in BUILDERS.items():
        print(name, eval(call).count_params())
    missing = {n for n in models.__all__ if n.startswith("build_")} - set(BUILDERS)
    assert not missing, f"add these builders to tests/test_wheel.py: {missing}"

    import importlib, pkgutil, tfcourse.exercises as exercises
    for info in pkgutil.iter_modules(exercises.__path__):
        if not info.name.startswith("_"):
            module = importlib.import_module(f"tfcourse.exercises.{info.name}")
            print("exercises", info.name, repr(module.q1.check(module.q1.reference(), lang="en"))[:1])
""")

WORKER = "import json, os, tfcourse; print('worker', json.loads(os.environ['TF_CONFIG'])" \
         "['task']['index'], 'from', tfcourse.__file__)"


def run(args, cwd, env, timeout=120):
    out = subprocess.run(args, cwd=cwd, env=env, capture_output=True, text=True, timeout=timeout)
    assert out.returncode == 0, f"{args}\n{out.stdout[-2000:]}\n{out.stderr[-3000:]}"
    return out.stdout + out.stderr


@pytest.fixture(scope="module")
def venv(tmp_path_factory):
    """A fresh venv with the wheel installed; its Python, an environment, a folder to run in."""
    tmp = tmp_path_factory.mktemp("wheel")
    source, wheels, env_dir, work = (tmp / d for d in ("source", "wheels", "venv", "work"))
    source.mkdir()
    for name in SOURCES:  # build from a copy: setuptools writes build/ and *.egg-info there
        path = os.path.join(ROOT, name)
        if os.path.isdir(path):
            shutil.copytree(path, source / name, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            shutil.copy(path, source / name)
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "TF_CONFIG")}
    env.update(PIP_NO_INDEX="1", PIP_DISABLE_PIP_VERSION_CHECK="1", TF_CPP_MIN_LOG_LEVEL="3",
               CUDA_VISIBLE_DEVICES="")
    run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-q",
         "-w", str(wheels), str(source)], tmp, env)
    wheel, = wheels.glob("tfcourse-*.whl")
    run([sys.executable, "-m", "venv", "--without-pip", str(env_dir)], tmp, env)
    python = str(env_dir / ("Scripts/python.exe" if os.name == "nt" else "bin/python"))
    run([sys.executable, "-m", "pip", "--python", python, "install", "--no-deps", "-q",
         str(wheel)], tmp, env)
    # the dependencies: this venv's site-packages as a plain path (its own .pth files unread)
    site = run([python, "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
               tmp, env).strip()
    with open(os.path.join(site, "borrowed_dependencies.pth"), "w") as f:
        f.write(sysconfig.get_paths()["purelib"] + "\n")
    work.mkdir()
    return python, env, work, wheel


def test_the_wheel_holds_the_package_and_its_data(venv):
    import zipfile

    names = zipfile.ZipFile(venv[3]).namelist()
    assert "tfcourse/data/spam_corpus.tsv" in names and "tfcourse/__main__.py" in names
    assert "tfcourse/constants.py" in names
    assert "tfcourse/exercises/texts/linear_regression.toml" in names


def test_installed_package_runs_outside_the_repository(venv):
    python, env, work, _ = venv
    script = work / "check.py"
    script.write_text(f"BUILDERS = {BUILDERS!r}\n{CHECK}")
    out = run([python, str(script)], work, env, timeout=300)
    assert f"tfcourse from {work.parent / 'venv'}" in out  # not the repository's
    assert "spam " in out and "build_from_pretrained " in out
    assert "exercises linear_regression ✓" in out and "exercises transfer ✓" in out

    report = run([python, "-m", "tfcourse", "info"], work, env, timeout=300)
    assert "tfcourse environment" in report and "Strategy (get_strategy('auto'))" in report


def test_installed_launcher_runs_a_script_on_two_workers(venv):
    python, env, work, _ = venv
    (work / "job.py").write_text(WORKER + "\n")
    out = run([python, "-m", "tfcourse.launch", "--workers", "2", "--timeout", "60",
               "--log-dir", str(work / "logs"), "--", "python", "job.py"], work, env)
    assert "all 2 workers finished" in out
    venv_dir = str(work.parent / "venv")
    assert f"worker 0 from {venv_dir}" in out  # the chief prints here
    assert f"worker 1 from {venv_dir}" in (work / "logs" / "worker1.log").read_text()
