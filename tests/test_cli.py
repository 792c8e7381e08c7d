"""Tests for ``python -m tfcourse`` (tfcourse.cli) and its ``info`` report (tfcourse.info).

The report is checked against TensorFlow and Keras themselves as oracles. Offline, CPU or GPU.
"""

import json
import os
import re
import subprocess
import sys

import pytest

from tfcourse import cli
from tfcourse.info import format_report, gpu_diagnosis, mixed_precision_support

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
KEYS = {"python", "platform", "tensorflow", "keras", "keras_backend", "build", "devices",
        "strategy", "mixed_precision", "tfds", "weights", "gpu_check", "cpu",
        "mixed_precision_switch"}


def run_tfcourse(*args, env=None):
    return subprocess.run([sys.executable, "-m", "tfcourse", *args], cwd=REPO, env=env,
                          capture_output=True, text=True, timeout=120)


@pytest.fixture(scope="module")
def tfds_dir(tmp_path_factory):
    # a fake prepared mnist: what tfds leaves behind after a download
    root = tmp_path_factory.mktemp("tfds")
    (root / "mnist" / "3.0.1").mkdir(parents=True)
    (root / "mnist" / "3.0.1" / "dataset_info.json").write_text("{}")
    return str(root)


@pytest.fixture(scope="module")
def keras_home(tmp_path_factory):
    # a fake cached weights file: what keras.utils.get_file leaves in $KERAS_HOME/models
    root = tmp_path_factory.mktemp("keras")
    (root / "models").mkdir()
    (root / "models" / "vgg16_weights_tf_dim_ordering_tf_kernels_notop.h5").write_bytes(b"h5")
    return str(root)


@pytest.fixture(scope="module")
def env(tfds_dir, keras_home):
    env = dict(os.environ, TFDS_DATA_DIR=tfds_dir, KERAS_HOME=keras_home)
    env.pop("TF_CONFIG", None)  # so `auto` picks a single-machine strategy
    return env


@pytest.fixture(scope="module")
def report(env):
    return run_tfcourse("info", env=env)


@pytest.fixture(scope="module")
def report_json(env):
    return run_tfcourse("info", "--json", env=env)


@pytest.fixture(scope="module")
def oracle():
    import keras
    import tensorflow as tf

    gpus = tf.config.list_physical_devices("GPU")
    strategy = {0: "default strategy", 1: "OneDeviceStrategy"}.get(len(gpus), "MirroredStrategy")
    return {"tf": tf.__version__, "keras": keras.__version__, "strategy": strategy,
            "replicas": max(len(gpus), 1)}


def test_info_report_names_versions_strategy_and_data_dir(report, oracle, tfds_dir):
    assert report.returncode == 0, report.stderr
    out = report.stdout
    assert re.search(rf"^  TensorFlow +{re.escape(oracle['tf'])} ", out, re.M)
    assert re.search(rf"^  Keras +{re.escape(oracle['keras'])} ", out, re.M)
    assert oracle["strategy"] in out
    assert tfds_dir in out


def test_info_reports_the_cpu_and_onednn(report_json):
    from tensorflow.python.util import _pywrap_util_port

    cpu = json.loads(report_json.stdout)["cpu"]
    with open("/proc/cpuinfo") as f:  # the oracle: the first flags line, read here
        flags = next(line for line in f if line.startswith("flags")).split(":")[1].split()
    assert cpu["flags"] == [f for f in ("avx2", "fma", "avx512f", "avx512_vnni", "avx512_bf16",
                                        "avx_vnni", "amx_tile", "amx_int8", "amx_bf16")
                            if f in flags]
    # the same environment as this process (conftest imported tfcourse first)
    assert cpu["onednn"]["on"] is bool(_pywrap_util_port.IsMklEnabled())
    assert cpu["logical_cpus"] == os.cpu_count()


def test_info_on_an_avx2_only_cpu_says_what_tfcourse_chose(env):
    # a CPU like the AMD EPYCs and pre-12th-gen Intel laptops: AVX2, no VNNI/BF16/AMX
    fake = {k: v for k, v in env.items() if k not in ("TF_ENABLE_ONEDNN_OPTS",
                                                      "TFCOURSE_ONEDNN_CHOSEN")}
    out = run_tfcourse("info", env=dict(fake, TFCOURSE_CPU_FLAGS="avx2 fma")).stdout
    assert re.search(r"^  features +avx2 fma$", out, re.M)
    assert re.search(r"^  oneDNN +on - tfcourse set TF_ENABLE_ONEDNN_OPTS=1: this CPU has AVX2",
                     out, re.M)
    assert re.search(r"^  switch +mixed_precision=True: this CPU has no native bfloat16.*"
                     r"trains in float32", out, re.M)


def test_info_report_lists_cached_dataset_and_weights(report, keras_home):
    cached = [line.split() for line in report.stdout.splitlines()
              if line.strip().startswith("cached")]
    assert cached == [["cached", "mnist"],
                      ["cached", "vgg16_weights_tf_dim_ordering_tf_kernels_notop.h5"]]
    assert re.search(rf"^  weights dir +{re.escape(os.path.join(keras_home, 'models'))}$",
                     report.stdout, re.M)


def test_info_json(report_json, oracle, tfds_dir):
    assert report_json.returncode == 0, report_json.stderr
    info = json.loads(report_json.stdout)
    assert set(info) == KEYS
    assert info["tensorflow"] == oracle["tf"]
    assert info["keras"] == oracle["keras"]
    assert info["keras_backend"] == "tensorflow"
    assert set(info["build"]) == {"is_cuda_build", "cuda_version", "cudnn_version"}
    assert info["strategy"]["description"].startswith(oracle["strategy"])
    assert info["strategy"]["num_replicas"] == oracle["replicas"]
    assert info["tfds"]["data_dir"] == tfds_dir
    assert info["tfds"]["cached"] == ["mnist"]
    assert set(info["mixed_precision"]) == {"mixed_float16", "mixed_bfloat16"}
    assert set(info["gpu_check"]) == {"physical_gpu_evidence", "cuda_visible_devices",
                                      "platform_advice", "diagnosis"}


def test_info_does_not_create_multiworker_strategy(env):
    # creating it would block, waiting for the second worker; info must report and return
    tf_config = {"cluster": {"worker": ["localhost:23456", "localhost:23457"]},
                 "task": {"type": "worker", "index": 0}}
    result = run_tfcourse("info", "--json", env=dict(env, TF_CONFIG=json.dumps(tf_config)))
    assert result.returncode == 0, result.stderr
    strategy = json.loads(result.stdout)["strategy"]
    assert strategy["kind"] == "multiworker"
    assert strategy["workers"] == 2


def test_help_is_fast_and_lists_info():
    result = run_tfcourse("--help")
    assert result.returncode == 0
    assert "info" in result.stdout
    # --help must not pay for importing TensorFlow
    check = subprocess.run(
        [sys.executable, "-c", "import sys, tfcourse.cli, tfcourse.info; "
                               "sys.exit('tensorflow' in sys.modules)"],
        cwd=REPO, timeout=60)
    assert check.returncode == 0


@pytest.mark.parametrize("argv, code", [(["--help"], 0), (["info", "--help"], 0), ([], 2),
                                        (["no-such-command"], 2)])
def test_main_returns_exit_code(argv, code, capsys):
    assert cli.main(argv) == code


def test_gpu_diagnosis_present_but_unseen():
    msg = gpu_diagnosis(True, 0, True, "12.5.1", tf_version="2.21.0")
    assert msg.startswith("WARNING")
    assert "nvidia-smi" in msg and ">= 12.5" in msg and "CUDA 12.5.1" in msg
    assert "CUDA_VISIBLE_DEVICES" in msg and "WSL2" in msg
    assert 'pip install "tensorflow[and-cuda]==2.21.0"' in msg


def test_gpu_diagnosis_names_hiding_env_and_skips_installed_libs():
    msg = gpu_diagnosis(True, 0, True, "12.5.1", tf_version="2.21.0",
                        cuda_visible_devices="-1", cuda_libs_installed=True)
    assert "CUDA_VISIBLE_DEVICES='-1'" in msg
    assert "tensorflow[and-cuda]" not in msg


def test_gpu_diagnosis_not_cuda_build():
    msg = gpu_diagnosis(True, 0, False, None, tf_version="2.21.0")
    assert "built without CUDA" in msg
    assert 'pip install "tensorflow[and-cuda]==2.21.0"' in msg
    assert "2.10" in msg and "WSL2" in msg


@pytest.mark.parametrize("present, tf_gpus", [(False, 0), (True, 1), (True, 2), (False, 1)])
def test_gpu_diagnosis_nothing_to_fix(present, tf_gpus):
    assert gpu_diagnosis(present, tf_gpus, True, "12.5.1", tf_version="2.21.0") is None


@pytest.mark.parametrize("caps, tpus, f16, bf16", [
    ([], 0, False, True),              # CPU only
    ([(6, 1)], 0, False, True),        # Pascal: no Tensor Cores
    ([(7, 5)], 0, True, True),         # T4
    ([(8, 0), (8, 0)], 0, True, True),  # two A100s
    ([], 8, False, True),              # TPU
])
def test_mixed_precision_support(caps, tpus, f16, bf16):
    support = mixed_precision_support(caps, tpus)
    assert support["mixed_float16"]["available"] is f16
    assert support["mixed_bfloat16"]["available"] is bf16
    assert all(v["reason"] for v in support.values())


def test_format_report_shows_section_errors_and_diagnosis():
    info = {
        "python": "3.11.7", "platform": "Linux", "tensorflow": "2.21.0", "keras": "3.15.1",
        "keras_backend": "tensorflow",
        "build": {"is_cuda_build": True, "cuda_version": "12.5.1", "cudnn_version": "9"},
        "devices": {"cpus": 1, "gpus": [], "tpus": 0},
        "strategy": {"error": "ValueError: The TF_CONFIG environment variable is not valid JSON"},
        "mixed_precision": mixed_precision_support([], 0),
        "cpu": {"error": "OSError: no /proc"},
        "mixed_precision_switch": {"policy": "float32", "note": "mixed_precision=True: slower"},
        "tfds": {"error": "ModuleNotFoundError: no tfds"},
        "gpu_check": {"physical_gpu_evidence": ["/dev/nvidia0"], "cuda_visible_devices": "",
                      "diagnosis": gpu_diagnosis(True, 0, True, "12.5.1", tf_version="2.21.0")},
    }
    text = format_report(info)
    assert "TF_CONFIG environment variable is not valid JSON" in text
    assert "no tfds" in text
    assert "OSError: no /proc" in text and "mixed_precision=True: slower" in text
    assert "/dev/nvidia0" in text
    assert "WARNING: this machine has an NVIDIA GPU" in text
    assert text.rstrip().endswith("not hiding the GPU.)")
