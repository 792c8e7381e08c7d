"""CPU facts without TensorFlow, and the oneDNN default tfcourse picks from them."""

import os
import subprocess
import sys

import pytest

from tfcourse import cpu

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
LINUX = {"system": "Linux", "machine": "x86_64"}

# the rule by hand: (system, machine, flags, TF's own default, what tfcourse sets)
TABLE = [
    ("Linux", "x86_64", ["avx2", "fma"], False, "1"),  # AMD Zen 2/3, Intel before 12th gen
    ("Linux", "x86_64", ["avx2", "avx512f"], False, "1"),  # AVX-512 without VNNI (Skylake-X)
    ("Linux", "x86_64", ["avx2", "avx512f", "avx512_vnni"], True, None),  # TF turns it on
    ("Linux", "x86_64", ["avx2", "avx512_bf16"], True, None),
    ("Linux", "x86_64", ["avx2", "avx_vnni"], True, None),  # Intel 12th gen and later
    ("Linux", "x86_64", ["avx2", "amx_tile"], True, None),
    ("Linux", "x86_64", [], False, None),  # no AVX2: left alone
    ("Windows", "AMD64", ["avx2"], True, None),  # TF's default there: on
    ("Darwin", "arm64", [], None, None),
    ("Linux", "aarch64", [], None, None),
]


@pytest.mark.parametrize("system, machine, flags, tf_default, value", TABLE)
def test_the_rule_by_hand(system, machine, flags, tf_default, value):
    facts = {"system": system, "machine": machine, "flags": flags}
    assert cpu.onednn_choice(facts, {})[0] == value
    state = cpu.onednn_state(facts, {})
    assert state["on"] is tf_default and state["source"] == "tensorflow"


@pytest.mark.parametrize("setting, on", [("0", False), ("false", False), ("1", True),
                                         ("True", True)])
def test_a_user_setting_always_wins(setting, on):
    facts = dict(LINUX, flags=["avx2"])
    env = {"TF_ENABLE_ONEDNN_OPTS": setting}
    assert cpu.onednn_choice(facts, env)[0] is None
    assert cpu.onednn_state(facts, env) == {"on": on, "source": "user", "reason":
                                            f"your setting TF_ENABLE_ONEDNN_OPTS={setting}"}
    assert cpu.apply_onednn_default(env, {}) is None and env == {"TF_ENABLE_ONEDNN_OPTS": setting}


def test_tfcourse_choice_is_reported_as_its_own(monkeypatch):
    monkeypatch.setenv("TFCOURSE_CPU_FLAGS", "avx2 fma")
    env = {}
    assert cpu.apply_onednn_default(env, {}) is None
    assert env == {"TF_ENABLE_ONEDNN_OPTS": "1", "TFCOURSE_ONEDNN_CHOSEN": "1"}
    state = cpu.onednn_state(cpu.cpu_facts(), env)
    assert state["on"] is True and state["source"] == "tfcourse" and "AVX2" in state["reason"]
    # the user changed it afterwards (a child process's environment): theirs
    assert cpu.onednn_state(cpu.cpu_facts(), dict(env, TF_ENABLE_ONEDNN_OPTS="0"))["source"] \
        == "user"


def test_an_unreadable_setting_leaves_tensorflow_default():
    state = cpu.onednn_state(dict(LINUX, flags=["avx512_vnni"]), {"TF_ENABLE_ONEDNN_OPTS": "yes"})
    assert state["on"] is True and state["source"] == "tensorflow" and "'yes'" in state["reason"]


def test_cpuinfo_reading(tmp_path):
    path = tmp_path / "cpuinfo"
    path.write_text("processor\t: 0\nmodel name\t: Test CPU @ 2GHz\nflags\t\t: fpu avx avx2 "
                    "avx512f avx512_bf16 amx_tile\n\nprocessor\t: 1\nflags\t\t: fpu\n")
    assert cpu._read_cpuinfo(str(path)) == ("Test CPU @ 2GHz", {"fpu", "avx", "avx2", "avx512f",
                                                                "avx512_bf16", "amx_tile"})
    assert cpu._read_cpuinfo(str(tmp_path / "missing")) == ("", set())


def test_cpu_facts_keeps_only_tensorflow_flags_in_a_fixed_order(monkeypatch):
    monkeypatch.setenv("TFCOURSE_CPU_FLAGS", "sse2 amx_bf16 avx2 fma")
    facts = cpu.cpu_facts()
    assert facts["flags"] == ["avx2", "fma", "amx_bf16"]
    assert 1 <= facts["usable_cpus"] <= facts["logical_cpus"] == os.cpu_count()
    assert isinstance(facts["model"], str) and facts["system"] and facts["machine"]


def import_tfcourse(code="", **env):
    """Run ``import tfcourse`` in a fresh Python; return (TF_ENABLE_ONEDNN_OPTS, stderr)."""
    base = {k: v for k, v in os.environ.items() if k not in (cpu.ONEDNN_ENV, cpu.CHOSEN_ENV)}
    out = subprocess.run([sys.executable, "-c", code + "import os, tfcourse; "
                          "print(os.environ.get('TF_ENABLE_ONEDNN_OPTS'))"], cwd=ROOT,
                         env={**base, "PYTHONPATH": ROOT, **env}, capture_output=True, text=True,
                         timeout=60, check=True)
    return out.stdout.strip(), out.stderr


@pytest.mark.skipif(not sys.platform.startswith("linux") or os.uname().machine != "x86_64",
                    reason="the rule sets the variable on Linux x86-64 only")
def test_import_tfcourse_sets_the_variable_before_tensorflow_loads():
    assert import_tfcourse(TFCOURSE_CPU_FLAGS="avx2 fma") == ("1", "")
    assert import_tfcourse(TFCOURSE_CPU_FLAGS="avx2 avx512_vnni") == ("None", "")
    assert import_tfcourse(TFCOURSE_CPU_FLAGS="avx2", TF_ENABLE_ONEDNN_OPTS="0") == ("0", "")
    # a notebook that imported TensorFlow first: nothing set, one warning saying what to do
    fake_tf = "import sys, types; sys.modules['tensorflow'] = types.ModuleType('tensorflow'); "
    value, err = import_tfcourse(fake_tf, TFCOURSE_CPU_FLAGS="avx2 fma")
    assert value == "None" and err.count("UserWarning") == 1
    assert "Restart the kernel and import tfcourse first" in err
    assert "TF_ENABLE_ONEDNN_OPTS=1" in err
    assert import_tfcourse(fake_tf, TFCOURSE_CPU_FLAGS="avx2 avx512_bf16") == ("None", "")


def test_this_test_process_runs_the_decision():
    # conftest imports tfcourse before TensorFlow: the variable is what the rule says, so the
    # tests' subprocesses (whose environments copy os.environ) run the same kernels
    expected = cpu.onednn_choice(cpu.cpu_facts(), {})[0]
    if cpu.ONEDNN_ENV in os.environ and cpu.CHOSEN_ENV not in os.environ:
        pytest.skip("TF_ENABLE_ONEDNN_OPTS set by the user")
    assert os.environ.get(cpu.ONEDNN_ENV) == expected


def test_import_reads_no_tensorflow():
    out = subprocess.run([sys.executable, "-c", "import sys, tfcourse, tfcourse.cpu; "
                          "print('tensorflow' in sys.modules, 'keras' in sys.modules)"],
                         cwd=ROOT, env={**os.environ, "PYTHONPATH": ROOT}, capture_output=True,
                         text=True, timeout=60, check=True)
    assert out.stdout.split() == ["False", "False"]
