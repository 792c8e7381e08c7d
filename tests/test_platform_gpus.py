"""GPUs beyond Linux + NVIDIA: an Apple GPU through tensorflow-metal, and native Windows.

No Mac or Windows here: the platform, TensorFlow's device lists and tensorflow-metal's version
are faked, and `info`, `get_strategy("auto")` and the mixed-precision choice read the fakes.
Oracles: pip's wheel tags for tensorflow-metal 1.2.0 (cp39 to cp312, macOS arm64 only) and
TensorFlow's release notes (native Windows GPU support ended with 2.10).
"""

import types

import pytest
import tensorflow as tf

from tfcourse import distribute, gpu_check, info, precision
from tfcourse.data import tfds_sources  # noqa: F401  (imported before any platform is faked)
from tfcourse.gpu_check import (METAL_PYTHONS, apple_gpu_mixed_precision, has_fast_float16,
                                mixed_precision_support, platform_gpu_advice)

GPU0 = tf.config.PhysicalDevice(name="/physical_device:GPU:0", device_type="GPU")
MACHINES = {"Darwin": "arm64", "Windows": "AMD64", "Linux": "x86_64"}


def test_metal_pythons_are_the_wheels_pip_found():
    assert METAL_PYTHONS == ((3, 9), (3, 12))


@pytest.mark.parametrize("system, machine, gpus, metal, python, nvidia, words", [
    ("Windows", "AMD64", 0, None, (3, 12), False,
     ["Native Windows", "ended with TensorFlow 2.10", "WSL2", "wsl --install",
      'pip install "tensorflow[and-cuda]==2.21.0"']),
    ("Windows", "AMD64", 0, None, (3, 12), True, ["This machine has an NVIDIA GPU, but",
                                                    "Native Windows", "WSL2"]),
    ("Darwin", "arm64", 0, None, (3, 12), False, ["Apple GPU is not used",
                                                  "pip install tensorflow-metal"]),
    ("Darwin", "arm64", 0, None, (3, 13), False, ["Python 3.9 to 3.12 only (this is 3.13)",
                                                  "python3.12 bootstrap.py install"]),
    ("Darwin", "arm64", 1, "1.2.0", (3, 12), False, ["used through tensorflow-metal 1.2.0",
                                                     "get_strategy('cpu')"]),
    ("Darwin", "arm64", 0, "1.2.0", (3, 12), False, ["1.2.0 is installed, but TensorFlow sees "
                                                     "no GPU", "pip uninstall tensorflow-metal"]),
])
def test_platform_gpu_advice(system, machine, gpus, metal, python, nvidia, words):
    advice = platform_gpu_advice(system, machine, gpus, metal_version=metal, python=python,
                                 nvidia_found=nvidia, tf_version="2.21.0")
    assert all(w in advice for w in words), advice
    if python[:2] <= METAL_PYTHONS[1]:
        assert "only" not in advice


@pytest.mark.parametrize("system, machine", [("Linux", "x86_64"), ("Linux", "aarch64"),
                                             ("Darwin", "x86_64")])
def test_no_platform_advice_where_gpu_diagnosis_speaks(system, machine):
    assert platform_gpu_advice(system, machine, 0) is None


@pytest.mark.parametrize("details, system, fast", [
    ({"compute_capability": (7, 5)}, "Linux", True),   # T4: tensor cores
    ({"compute_capability": (6, 1)}, "Linux", False),  # Pascal
    ({}, "Linux", False),                              # unknown: not assumed fast
    ({}, "Darwin", True),                              # the Apple GPU (tensorflow-metal)
])
def test_has_fast_float16(details, system, fast):
    assert has_fast_float16(details, system) is fast


def test_apple_gpu_support_has_the_same_shape():
    assert apple_gpu_mixed_precision().keys() == mixed_precision_support([], 0).keys()
    assert apple_gpu_mixed_precision()["mixed_float16"]["available"] is True


class FakePlatform(types.SimpleNamespace):
    """The `platform` functions tfcourse reads, for another operating system."""

    def __init__(self, system):
        import platform

        super().__init__(system=lambda: system, machine=lambda: MACHINES[system],
                         platform=lambda: f"{system}-fake",
                         python_version=platform.python_version,
                         python_version_tuple=platform.python_version_tuple)


@pytest.fixture
def fake(monkeypatch):
    """fake(system, gpus, details, metal, nvidia): that machine, as TensorFlow sees it."""
    real_physical, real_logical = tf.config.list_physical_devices, tf.config.list_logical_devices

    def apply(system, gpus, details=None, metal=None, nvidia=()):
        for module in (info, gpu_check):
            monkeypatch.setattr(module, "platform", FakePlatform(system))
        monkeypatch.setattr(tf.config, "list_physical_devices",
                            lambda kind=None: [GPU0] * gpus if kind == "GPU" else
                            real_physical(kind))
        monkeypatch.setattr(tf.config, "list_logical_devices", lambda kind=None: [
            tf.config.LogicalDevice(name="/device:GPU:0", device_type="GPU")] * gpus
            if kind == "GPU" else real_logical(kind))
        monkeypatch.setattr(tf.config.experimental, "get_device_details",
                            lambda device: dict(details or {}))
        monkeypatch.setattr(info, "_dist_version", lambda name: metal)
        monkeypatch.setattr(info, "physical_gpu_evidence", lambda: list(nvidia))
        monkeypatch.delenv("TF_CONFIG", raising=False)

    return apply


@pytest.mark.parametrize("system, gpus, details, policy_device, kind", [
    ("Darwin", 1, {}, "gpu", "gpu"),                            # Apple GPU: float16, on the GPU
    ("Windows", 0, {}, "cpu", "cpu"),                           # native Windows: CPU only
    ("Linux", 1, {"compute_capability": (8, 0)}, "gpu", "gpu"),  # A100
    ("Linux", 1, {"compute_capability": (6, 1)}, "cpu", "gpu"),  # Pascal: GPU, no float16 gain
])
def test_strategy_and_mixed_policy_per_platform(fake, system, gpus, details, policy_device,
                                                kind):
    expected = precision.mixed_policy_name(policy_device)
    fake(system, gpus, details)
    assert precision.mixed_policy_name() == expected
    assert distribute.resolve_kind("auto") == kind
    strategy = distribute.get_strategy("auto")
    assert distribute.describe(strategy).endswith("GPU:0)" if kind == "gpu" else "CPU:0)")


def test_info_on_an_apple_gpu(fake):
    fake("Darwin", 1, metal="1.2.0")
    collected = info.collect()
    assert collected["devices"]["gpus"][0]["device_name"] == "Apple GPU (tensorflow-metal)"
    assert collected["mixed_precision"] == apple_gpu_mixed_precision()
    assert collected["gpu_check"]["diagnosis"] is None
    report = info.format_report(collected)
    assert "GPU:0: Apple GPU (tensorflow-metal)" in report
    assert "used through tensorflow-metal 1.2.0" in report


def test_info_on_a_mac_without_metal_says_how_to_get_it(fake):
    fake("Darwin", 0)
    report = info.format_report(info.collect())
    assert "pip install tensorflow-metal" in report


def test_info_on_windows_with_an_nvidia_gpu_points_to_wsl2(fake):
    fake("Windows", 0, nvidia=["nvidia-smi on PATH"])
    collected = info.collect()
    assert collected["gpu_check"]["diagnosis"] is None  # no Linux CUDA fix on Windows
    report = info.format_report(collected)
    assert "This machine has an NVIDIA GPU, but TensorFlow cannot use it here" in report
    assert "ended with TensorFlow 2.10" in report and "wsl --install" in report
    assert f'"tensorflow[and-cuda]=={tf.__version__}"' in report
