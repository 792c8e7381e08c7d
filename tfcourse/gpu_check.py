"""Why TensorFlow might not see this machine's GPU, and which mixed precision pays off here.

Every check takes its probes as arguments, so it runs (and is tested) without a GPU;
`tfcourse.info` gathers the probes and prints the report.

Example:
    >>> gpu_diagnosis(physical_gpu_present=False, tf_gpus=0, is_cuda_build=True,
    ...               cuda_version="12.5.1") is None
    True
"""

from __future__ import annotations

import importlib.metadata
import os
import platform
import shutil

# the Pythons Apple's tensorflow-metal plug-in (1.2.0, the last) publishes wheels for
METAL_PYTHONS = ((3, 9), (3, 12))

# where an NVIDIA driver leaves traces, whether or not TensorFlow can use the GPU
_GPU_PROBE_PATHS = ("/proc/driver/nvidia/version", "/dev/nvidia0", "/usr/lib/wsl/lib/nvidia-smi")


def physical_gpu_evidence() -> list[str]:
    """Signs of an NVIDIA GPU and driver here, e.g. ``["nvidia-smi on PATH", "/dev/nvidia0"]``.

    Independent of TensorFlow; a CUDA toolkit (``nvcc``) alone drives no GPU, so is no sign.
    """
    found = ["nvidia-smi on PATH"] if shutil.which("nvidia-smi") else []
    return found + [p for p in _GPU_PROBE_PATHS if os.path.exists(p)]


def gpu_diagnosis(
    physical_gpu_present: bool,
    tf_gpus: int,
    is_cuda_build: bool,
    cuda_version: str | None,
    *,
    tf_version: str | None = None,
    cuda_visible_devices: str | None = None,
    cuda_libs_installed: bool | None = None,
) -> str | None:
    """Explain why TensorFlow sees no GPU although the machine has one, and how to fix it.

    Args:
        physical_gpu_present: Whether an NVIDIA GPU/driver is here (`physical_gpu_evidence`).
        tf_gpus: Number of GPUs TensorFlow lists.
        is_cuda_build: Whether this TensorFlow was built with CUDA.
        cuda_version: The CUDA version TensorFlow was built with, e.g. ``"12.5.1"``, or None.
        tf_version: TensorFlow's version, for the pip command. Defaults to the installed one.
        cuda_visible_devices: ``CUDA_VISIBLE_DEVICES``, or None if unset. Defaults to None.
        cuda_libs_installed: Whether pip's NVIDIA libraries are installed, or None if unknown.
            Defaults to None.

    Returns:
        A multi-line warning with the usual fix, or None when there is nothing to fix (no
        GPU on the machine, or TensorFlow sees it).
    """
    if not physical_gpu_present or tf_gpus > 0:
        return None
    if tf_version is None:
        tf_version = _dist_version("tensorflow") or "<your TensorFlow version>"
    pip_fix = f'pip install "tensorflow[and-cuda]=={tf_version}"'
    windows = "On native Windows, GPU support ended with TensorFlow 2.10: use WSL2 instead."
    head = "WARNING: this machine has an NVIDIA GPU, but TensorFlow sees no GPU."
    if not is_cuda_build:
        return "\n".join([
            f"{head}\nThis TensorFlow {tf_version} was built without CUDA (e.g. tensorflow-cpu).",
            f"  Fix (Linux or WSL2): {pip_fix}",
            f"  {windows}",
        ])
    cuda = f"CUDA {cuda_version}" if cuda_version else "its CUDA version"
    cuda_short = ".".join(cuda_version.split(".")[:2]) if cuda_version else "that version"
    steps = []
    if cuda_visible_devices is not None:
        steps.append(
            f"CUDA_VISIBLE_DEVICES={cuda_visible_devices!r} limits which GPUs TensorFlow may use\n"
            "     ('' or '-1' hides them all): unset it."
        )
    if cuda_libs_installed is not True:
        missing = "are not installed" if cuda_libs_installed is False else "may be missing"
        steps.append(f"The CUDA libraries TensorFlow loads from pip {missing}:\n     {pip_fix}")
    steps.append(
        f"The NVIDIA driver: `nvidia-smi` must list the GPU, and the 'CUDA Version' it shows\n"
        f"     must be >= {cuda_short} (TensorFlow {tf_version} was built with {cuda}); if not, "
        "update the driver."
    )
    steps.append(windows)
    lines = [head, "Check, in order:"] + [f"  {i}. {s}" for i, s in enumerate(steps, 1)]
    if cuda_visible_devices is None:
        lines.append("(CUDA_VISIBLE_DEVICES is unset, so it is not hiding the GPU.)")
    return "\n".join(lines)


def mixed_precision_support(gpu_capabilities: list[tuple[int, int]], num_tpus: int) -> dict:
    """Which Keras mixed-precision policies pay off, given each GPU's ``(major, minor)``
    compute capability and the number of TPUs.

    Returns:
        ``{"mixed_float16": {"available": bool, "reason": str}, "mixed_bfloat16": {...}}``.
    """
    if not gpu_capabilities:
        f16 = (False, "needs an NVIDIA GPU with compute capability >= 7.0; none visible")
    elif min(gpu_capabilities) >= (7, 0):
        f16 = (True, f"GPU compute capability {_cc(min(gpu_capabilities))} >= 7.0 (Tensor Cores)")
    else:
        f16 = (False, f"GPU compute capability {_cc(min(gpu_capabilities))} < 7.0: no speed-up")
    if num_tpus:
        bf16 = (True, "TPUs compute in bfloat16 natively")
    elif gpu_capabilities and min(gpu_capabilities) >= (8, 0):
        bf16 = (True, f"GPU compute capability {_cc(min(gpu_capabilities))} >= 8.0")
    else:
        bf16 = (True, "runs on the CPU (fast only on CPUs with AVX512-BF16/AMX) and on TPUs")
    return {name: {"available": ok, "reason": why}
            for name, (ok, why) in (("mixed_float16", f16), ("mixed_bfloat16", bf16))}


def is_apple_gpu(system: str | None = None) -> bool:
    """Whether a GPU TensorFlow lists here is an Apple one (on macOS, only tensorflow-metal adds
    a GPU)."""
    return (system or platform.system()) == "Darwin"


def has_fast_float16(details: dict, system: str | None = None) -> bool:
    """Whether a GPU computes float16 fast: an Apple GPU (tensorflow-metal), or an NVIDIA GPU
    whose `get_device_details` give compute capability >= 7.0 (tensor cores)."""
    return is_apple_gpu(system) or tuple(details.get("compute_capability", (0, 0))) >= (7, 0)


def apple_gpu_mixed_precision() -> dict:
    """`mixed_precision_support`'s answer for an Apple GPU used through tensorflow-metal."""
    return {"mixed_float16": {"available": True, "reason": "Apple GPU (tensorflow-metal): "
                              "float16 is its native 16-bit type; halves activation memory"},
            "mixed_bfloat16": {"available": False, "reason": "Apple GPU: prefer mixed_float16, "
                               "its native 16-bit type"}}


def platform_gpu_advice(system: str, machine: str, tf_gpus: int, *,
                        metal_version: str | None = None, python: tuple = (3, 12),
                        nvidia_found: bool = False, tf_version: str | None = None) -> str | None:
    """What to know about GPUs beyond Linux + NVIDIA: an Apple GPU, or native Windows.

    Args:
        system: `platform.system()`, e.g. ``"Darwin"``, ``"Windows"``, ``"Linux"``.
        machine: `platform.machine()`, e.g. ``"arm64"``, ``"AMD64"``.
        tf_gpus: Number of GPUs TensorFlow lists.
        metal_version: tensorflow-metal's installed version, or None if not installed.
        python: ``(major, minor)`` of this Python. Defaults to ``(3, 12)``.
        nvidia_found: Whether an NVIDIA GPU shows (`physical_gpu_evidence`). Defaults to False.
        tf_version: TensorFlow's version, for the pip command. Defaults to the installed one.

    Returns:
        A few lines to print, or None (Linux, where `gpu_diagnosis` speaks).
    """
    if system == "Windows":
        found = "This machine has an NVIDIA GPU, but TensorFlow cannot use it here.\n" \
            if nvidia_found else ""
        tf_version = tf_version or _dist_version("tensorflow") or "<your TensorFlow version>"
        return (f"{found}Native Windows: TensorFlow's GPU support ended with TensorFlow 2.10;\n"
                "this TensorFlow runs on the CPU (enough for the workshop's lessons).\n"
                "To train on an NVIDIA GPU, use WSL2: `wsl --install` (Ubuntu), follow the Linux\n"
                f'set-up inside it, then pip install "tensorflow[and-cuda]=={tf_version}"\n'
                "(the Windows NVIDIA driver serves WSL2: install no driver inside it).")
    if system != "Darwin" or machine != "arm64":
        return None
    if tf_gpus and metal_version:
        return (f"Apple GPU: used through tensorflow-metal {metal_version}. If a lesson stops "
                "with\n"
                "\"No registered ... OpKernel for 'GPU'\", that op has no Metal version: run it on "
                "the CPU\n(get_strategy('cpu')), or pip uninstall tensorflow-metal.")
    if metal_version:
        return (f"tensorflow-metal {metal_version} is installed, but TensorFlow sees no GPU: the "
                "plug-in did not\nload into this TensorFlow (python -c \"import tensorflow\" "
                "shows why). Try\npip install -U tensorflow-metal, or pip uninstall "
                "tensorflow-metal to run on the CPU.")
    low, high = METAL_PYTHONS
    lines = ["This Mac's Apple GPU is not used: TensorFlow reaches it through Apple's "
             "tensorflow-metal\nplug-in, which is not installed. The lessons run well on the "
             "CPU. To try the GPU (Apple's\nnotes for the plug-in stop at TensorFlow 2.18, so it "
             "may not load into this one):",
             "  .venv/bin/pip install tensorflow-metal"]
    if not low <= tuple(python[:2]) <= high:
        lines.append(f"  It has wheels for Python {_cc(low)} to {_cc(high)} only (this is "
                     f"{_cc(python[:2])}): remove .venv,\n  run python3.12 bootstrap.py "
                     "install, then the line above.")
    lines.append("  If `import tensorflow` then fails: .venv/bin/pip uninstall tensorflow-metal")
    return "\n".join(lines)


def pip_cuda_libs_installed(cuda_version: str | None) -> bool | None:
    """Whether pip's cuDNN for this CUDA major version is installed (None: no CUDA build)."""
    if not cuda_version:
        return None
    return _dist_version(f"nvidia-cudnn-cu{cuda_version.split('.')[0]}") is not None


def _dist_version(name: str) -> str | None:
    try:
        return importlib.metadata.version(name)
    except importlib.metadata.PackageNotFoundError:
        return None


def _cc(capability) -> str:
    return ".".join(str(x) for x in capability)
