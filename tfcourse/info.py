"""What this machine offers a TensorFlow lesson: versions, devices, strategy, datasets, GPU check.

Run it before the workshop (offline, a few seconds):

    python -m tfcourse info            # a readable report
    python -m tfcourse info --json     # the same facts as JSON

The GPU checks live in `tfcourse.gpu_check`. Importing this module is cheap: TensorFlow loads
only inside `collect`.
"""

from __future__ import annotations

import os
import platform

from tfcourse.gpu_check import (_cc, _dist_version, apple_gpu_mixed_precision, gpu_diagnosis,
                                is_apple_gpu, mixed_precision_support, physical_gpu_evidence,
                                pip_cuda_libs_installed, platform_gpu_advice)

__all__ = ["collect", "format_report", "gpu_diagnosis", "mixed_precision_support",
           "physical_gpu_evidence"]


def collect() -> dict:
    """Gather the facts `format_report` prints. Offline; creates no multi-worker strategy.

    A section that fails holds ``{"error": "..."}`` instead of stopping the report.

    Returns:
        A JSON-serialisable dict with keys ``python``, ``platform``, ``tensorflow``, ``keras``,
        ``keras_backend``, ``build``, ``devices``, ``cpu`` (with ``onednn``), ``strategy``,
        ``mixed_precision``, ``mixed_precision_switch``, ``tfds``, ``weights`` and ``gpu_check``.
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
    info["cpu"] = _section(_cpu)
    info["strategy"] = _section(_strategy)
    gpus = info["devices"].get("gpus", [])
    caps = [tuple(g["compute_capability"]) for g in gpus if g.get("compute_capability")]
    info["mixed_precision"] = (apple_gpu_mixed_precision() if gpus and is_apple_gpu() else
                               mixed_precision_support(caps, info["devices"].get("tpus", 0)))
    info["mixed_precision_switch"] = _section(lambda: _switch(info["devices"].get("tpus", 0)))
    info["tfds"] = _section(_tfds)
    info["weights"] = _section(_weights)
    evidence = physical_gpu_evidence()
    cuda_visible = os.environ.get("CUDA_VISIBLE_DEVICES")
    windows = platform.system() == "Windows"  # no CUDA fix there: the advice says WSL2
    info["gpu_check"] = {
        "physical_gpu_evidence": evidence,
        "cuda_visible_devices": cuda_visible,
        "platform_advice": _platform_advice(len(gpus), bool(evidence), tf.__version__),
        "diagnosis": gpu_diagnosis(
            bool(evidence) and not windows, len(gpus), bool(build.get("is_cuda_build")),
            build.get("cuda_version"), tf_version=tf.__version__,
            cuda_visible_devices=cuda_visible,
            cuda_libs_installed=pip_cuda_libs_installed(build.get("cuda_version")),
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
    rows += _cpu_rows(info["cpu"])
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
    switch = info["mixed_precision_switch"]
    rows.append(("switch", switch.get("error") or switch["note"]
                 or f"mixed_precision=True trains in {switch['policy']} here"))
    rows.append("Datasets (TFDS)")
    if "error" in tfds:
        rows.append(("error", tfds["error"]))
    else:
        rows += [("data dir", tfds["data_dir"]), ("cached", ", ".join(tfds["cached"]) or "none"),
                 ("supported", ", ".join(tfds["supported"]))]
    rows += _weights_rows(info.get("weights", {}))
    gpu = info["gpu_check"]
    rows += ["GPU check", ("NVIDIA GPU", ", ".join(gpu["physical_gpu_evidence"])
                           or "none found (no nvidia-smi, /proc/driver/nvidia, /dev/nvidia0)")]
    if gpu["cuda_visible_devices"] is not None:
        rows.append(("env", f"CUDA_VISIBLE_DEVICES={gpu['cuda_visible_devices']!r}"))
    lines = [r if isinstance(r, str) else f"  {r[0]:<16} {r[1]}" for r in rows]
    for note in (gpu["diagnosis"], gpu.get("platform_advice")):
        if note:
            lines += ["", note]
    return "\n".join(lines)


def _platform_advice(tf_gpus: int, nvidia_found: bool, tf_version: str) -> str | None:
    return platform_gpu_advice(platform.system(), platform.machine(), tf_gpus,
                               metal_version=_dist_version("tensorflow-metal"),
                               python=tuple(int(v) for v in platform.python_version_tuple()[:2]),
                               nvidia_found=nvidia_found, tf_version=tf_version)


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
                     "device_name": details.get("device_name", "Apple GPU (tensorflow-metal)"
                                                if is_apple_gpu() else "unknown GPU"),
                     "compute_capability": list(cc) if cc else None})
    return {"cpus": len(tf.config.list_physical_devices("CPU")), "gpus": gpus,
            "tpus": len(tf.config.list_physical_devices("TPU"))}


def _cpu() -> dict:
    from tfcourse.cpu import cpu_facts, onednn_state

    facts = cpu_facts()
    onednn = onednn_state(facts, os.environ)
    try:  # what TensorFlow actually runs (a private function: the prediction if it moved)
        from tensorflow.python.util import _pywrap_util_port

        onednn["on"] = bool(_pywrap_util_port.IsMklEnabled())
    except (ImportError, AttributeError):
        pass
    return {**facts, "onednn": onednn}


def _cpu_rows(cpu: dict) -> list:
    if "error" in cpu:
        return ["CPU", ("error", cpu["error"])]
    state = cpu["onednn"]
    on = {True: "on", False: "off", None: "unknown"}[state["on"]]
    return ["CPU", ("model", f"{cpu['model']} ({cpu['usable_cpus']} of {cpu['logical_cpus']} "
                             f"logical CPUs usable)"),
            ("features", " ".join(cpu["flags"]) or "none TensorFlow uses found"),
            ("oneDNN", f"{on} - {state['reason']}")]


def _switch(num_tpus: int) -> dict:
    from tfcourse.precision import resolve_policy

    policy, note = resolve_policy(True, device="tpu" if num_tpus else None)
    return {"policy": policy, "note": note}


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


def _weights() -> dict:
    from tfcourse import bundle

    return {"models_dir": bundle.keras_models_dir(), "cached": bundle.cached_weights()}


def _weights_rows(weights: dict) -> list:
    """The report's rows for the ImageNet weights files Keras has cached, and how to get more."""
    if "error" in weights:
        return ["ImageNet weights (Keras)", ("error", weights["error"])]
    return ["ImageNet weights (Keras)", ("weights dir", weights.get("models_dir", "?")),
            ("cached", ", ".join(weights.get("cached", [])) or "none"),
            ("get more", "python -m tfcourse fetch NAME... | --all | --from BUNDLE")]
