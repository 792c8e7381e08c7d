"""What this machine offers a TensorFlow lesson: versions, devices, strategy, datasets, GPU check.

Run it before the workshop (offline, a few seconds):

    python -m tfcourse info            # a readable report
    python -m tfcourse info --json     # the same facts as JSON

Example:
    >>> from tfcourse.info import gpu_diagnosis
    >>> gpu_diagnosis(physical_gpu_present=False, tf_gpus=0, is_cuda_build=True,
    ...               cuda_version="12.5.1") is None
    True

Importing this module is cheap: TensorFlow loads only inside `collect`.
"""

from __future__ import annotations

import importlib.metadata
import os
import platform
import shutil

# where an NVIDIA driver leaves traces, whether or not TensorFlow can use the GPU
_GPU_PROBE_PATHS = ("/proc/driver/nvidia/version", "/dev/nvidia0", "/usr/lib/wsl/lib/nvidia-smi")


def physical_gpu_evidence() -> list[str]:
    """Signs of an NVIDIA GPU and driver on this machine, independent of TensorFlow.

    A CUDA toolkit (``nvcc``) alone is not a sign: it compiles CUDA code but drives no GPU.

    Returns:
        What was found, e.g. ``["nvidia-smi on PATH", "/dev/nvidia0"]``; empty if nothing.
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

    All inputs are probes passed in, so this runs (and is tested) without a GPU.

    Args:
        physical_gpu_present: Whether an NVIDIA GPU/driver is on the machine (see
            `physical_gpu_evidence`).
        tf_gpus: Number of GPUs TensorFlow lists (``tf.config.list_physical_devices("GPU")``).
        is_cuda_build: Whether this TensorFlow was built with CUDA
            (``tf.sysconfig.get_build_info()["is_cuda_build"]``).
        cuda_version: The CUDA version TensorFlow was built with, e.g. ``"12.5.1"``, or None.
        tf_version: The installed TensorFlow version, for the pip command. Defaults to the
            installed distribution's version.
        cuda_visible_devices: The value of ``CUDA_VISIBLE_DEVICES``, or None if unset.
            Defaults to None.
        cuda_libs_installed: Whether pip's NVIDIA libraries (``nvidia-cudnn-cuXX``) are
            installed, or None if unknown. Defaults to None.

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
    """Which Keras mixed-precision policies pay off here, each with a short reason.

    Args:
        gpu_capabilities: Compute capability ``(major, minor)`` of each visible GPU.
        num_tpus: Number of visible TPUs.

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


def collect() -> dict:
    """Gather the facts `format_report` prints. Offline; creates no multi-worker strategy.

    A section that fails holds ``{"error": "..."}`` instead of stopping the report.

    Returns:
        A JSON-serialisable dict with keys ``python``, ``platform``, ``tensorflow``, ``keras``,
        ``keras_backend``, ``build``, ``devices``, ``strategy``, ``mixed_precision``, ``tfds``
        and ``gpu_check``.
    """
    os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")
    import keras
    import tensorflow as tf

    info = {"python": platform.python_version(), "platform": platform.platform(),
            "tensorflow": tf.__version__, "keras": keras.__version__,
            "keras_backend": keras.backend.backend()}
    build = dict(tf.sysconfig.get_build_info())
    info["build"] = {k: build.get(k) for k in ("is_cuda_build", "cuda_version", "cudnn_version")}
    info["devices"] = _section(_devices)
    info["strategy"] = _section(_strategy)
    gpus = info["devices"].get("gpus", [])
    caps = [tuple(g["compute_capability"]) for g in gpus if g.get("compute_capability")]
    info["mixed_precision"] = mixed_precision_support(caps, info["devices"].get("tpus", 0))
    info["tfds"] = _section(_tfds)
    evidence = physical_gpu_evidence()
    cuda_visible = os.environ.get("CUDA_VISIBLE_DEVICES")
    info["gpu_check"] = {
        "physical_gpu_evidence": evidence,
        "cuda_visible_devices": cuda_visible,
        "diagnosis": gpu_diagnosis(
            bool(evidence), len(gpus), bool(build.get("is_cuda_build")),
            build.get("cuda_version"), tf_version=tf.__version__,
            cuda_visible_devices=cuda_visible,
            cuda_libs_installed=_cuda_libs_installed(build.get("cuda_version")),
        ),
    }
    return info


def format_report(info: dict) -> str:
    """Render the dict from `collect` as a short plain-text (ASCII) report."""
    b, dev, st, tfds = info["build"], info["devices"], info["strategy"], info["tfds"]
    cuda = (f"built with CUDA {b['cuda_version']}, cuDNN {b['cudnn_version']}"
            if b.get("is_cuda_build") else "built without CUDA")
    rows = [
        "tfcourse environment", ("Python", f"{info['python']} ({info['platform']})"),
        ("TensorFlow", f"{info['tensorflow']} ({cuda})"),
        ("Keras", f"{info['keras']} (backend: {info['keras_backend']})"),
        "Devices",
    ]
    if "error" in dev:
        rows.append(("error", dev["error"]))
    else:
        gpus = [f"{g['name']}: {g.get('device_name', '?')}"
                + (f" (compute capability {_cc(g['compute_capability'])})"
                   if g.get("compute_capability") else "") for g in dev["gpus"]]
        rows += [("CPUs", str(dev["cpus"])), ("GPUs", "; ".join(gpus) or "none"),
                 ("TPUs", str(dev["tpus"] or "none"))]
    rows.append("Strategy (get_strategy('auto'))")
    if "error" in st:
        rows.append(("error", st["error"]))
    else:
        rows += [("kind", st["kind"]), ("strategy", st["description"])]
        if "workers" in st:
            rows += [("workers", f"{st['workers']} (from TF_CONFIG)"),
                     ("replicas", "one per GPU (or CPU) on each worker")]
        else:
            rows.append(("replicas", str(st["num_replicas"])))
    rows.append("Mixed precision")
    rows += [(name, f"{'yes' if v['available'] else 'no'} - {v['reason']}")
             for name, v in info["mixed_precision"].items()]
    rows.append("Datasets (TFDS)")
    if "error" in tfds:
        rows.append(("error", tfds["error"]))
    else:
        rows += [("data dir", tfds["data_dir"]), ("cached", ", ".join(tfds["cached"]) or "none"),
                 ("supported", ", ".join(tfds["supported"]))]
    gpu = info["gpu_check"]
    rows += ["GPU check", ("NVIDIA GPU", ", ".join(gpu["physical_gpu_evidence"])
                           or "none found (no nvidia-smi, /proc/driver/nvidia, /dev/nvidia0)")]
    if gpu["cuda_visible_devices"] is not None:
        rows.append(("env", f"CUDA_VISIBLE_DEVICES={gpu['cuda_visible_devices']!r}"))
    lines = [r if isinstance(r, str) else f"  {r[0]:<16} {r[1]}" for r in rows]
    if gpu["diagnosis"]:
        lines += ["", gpu["diagnosis"]]
    return "\n".join(lines)


def _section(fn) -> dict:
    # a diagnostic tool must report what broke, not crash on it
    try:
        return fn()
    except Exception as e:  # noqa: BLE001
        return {"error": f"{type(e).__name__}: {e}"}


def _devices() -> dict:
    import tensorflow as tf

    gpus = []
    for d in tf.config.list_physical_devices("GPU"):
        details = tf.config.experimental.get_device_details(d)
        cc = details.get("compute_capability")
        gpus.append({"name": d.name.replace("/physical_device:", ""),
                     "device_name": details.get("device_name", "unknown GPU"),
                     "compute_capability": list(cc) if cc else None})
    return {"cpus": len(tf.config.list_physical_devices("CPU")), "gpus": gpus,
            "tpus": len(tf.config.list_physical_devices("TPU"))}


def _strategy() -> dict:
    from tfcourse import distribute

    kind = distribute.resolve_kind("auto")
    if kind == "multiworker":
        # creating it would start a server and block until every peer joins
        workers = distribute._tf_config_workers()
        return {"kind": kind, "workers": workers, "num_replicas": None,
                "description": "MultiWorkerMirroredStrategy (not created here: it starts a "
                               "server and waits for every worker in TF_CONFIG to join)"}
    strategy = distribute.get_strategy("auto")
    return {"kind": kind, "description": distribute.describe(strategy),
            "num_replicas": strategy.num_replicas_in_sync}


def _tfds() -> dict:
    from tfcourse.data import tfds_sources

    data_dir = tfds_sources.default_data_dir()
    return {"data_dir": data_dir, "cached": list(tfds_sources.cached_sources(data_dir)),
            "supported": list(tfds_sources.TFDS_SOURCES)}


def _cuda_libs_installed(cuda_version: str | None) -> bool | None:
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
