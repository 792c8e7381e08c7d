"""What this CPU offers TensorFlow, read without TensorFlow, and the oneDNN choice made from it.

TensorFlow has two sets of CPU kernels: its default ones and Intel's oneDNN. On Linux it turns
oneDNN on by itself only on CPUs with AVX-512 VNNI or BF16, AVX-VNNI or AMX; on CPUs with AVX2
but none of those, oneDNN trains the lessons' convolutional models faster, so ``import
tfcourse`` sets ``TF_ENABLE_ONEDNN_OPTS=1`` there, before TensorFlow loads. A value the user set
always wins (``TF_ENABLE_ONEDNN_OPTS=0`` turns oneDNN off).

    python -m tfcourse info     # the CPU, and whether oneDNN is on and why
"""

import os
import sys

ONEDNN_ENV = "TF_ENABLE_ONEDNN_OPTS"
# set next to TF_ENABLE_ONEDNN_OPTS when tfcourse chose its value (child processes inherit both)
CHOSEN_ENV = "TFCOURSE_ONEDNN_CHOSEN"
# for tests only: space-separated flags that replace the CPU's own
FLAGS_ENV = "TFCOURSE_CPU_FLAGS"

# the /proc/cpuinfo flags TensorFlow's kernels care about, as Linux spells them
TF_FLAGS = ("avx2", "fma", "avx512f", "avx512_vnni", "avx512_bf16", "avx_vnni",
            "amx_tile", "amx_int8", "amx_bf16")
# any of these and TensorFlow turns oneDNN on by itself on Linux (DefaultOneDnnPolicy)
TF_ONEDNN_FLAGS = ("avx512_vnni", "avx512_bf16", "avx_vnni", "amx_tile", "amx_int8", "amx_bf16")
# native bfloat16 arithmetic: where mixed_bfloat16 is faster than float32
BF16_FLAGS = ("avx512_bf16", "amx_bf16")

_TRUE, _FALSE = ("1", "true"), ("0", "false")  # what TensorFlow's ReadBoolFromEnvVar accepts


def cpu_facts() -> dict:
    """The CPU's model, system, the flags TensorFlow can use and the number of threads.

    Reads ``/proc/cpuinfo`` on Linux (no TensorFlow); elsewhere the flags are unknown (empty).

    Returns:
        ``{"model": str, "system": str, "machine": str, "flags": [...], "logical_cpus": int,
        "usable_cpus": int}``; ``flags`` holds the names in ``TF_FLAGS`` the CPU has.
    """
    model, flags = _read_cpuinfo() if sys.platform.startswith("linux") else ("", set())
    if FLAGS_ENV in os.environ:
        flags = set(os.environ[FLAGS_ENV].split())
    if hasattr(os, "uname"):  # cheaper than importing platform, which `import tfcourse` avoids
        system, machine = os.uname().sysname, os.uname().machine
    else:
        import platform

        system, machine, model = platform.system(), platform.machine(), platform.processor()
    logical = os.cpu_count() or 1
    usable = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else logical
    return {"model": model or "unknown", "system": system, "machine": machine,
            "flags": [f for f in TF_FLAGS if f in flags], "logical_cpus": logical,
            "usable_cpus": usable}


def _read_cpuinfo(path: str = "/proc/cpuinfo") -> tuple[str, set]:
    # the first processor's block is enough: stop at its flags line (the file can be large)
    model = ""
    try:
        with open(path, encoding="utf-8", errors="replace") as f:
            for line in f:
                key, _, value = line.partition(":")
                key = key.strip()
                if key == "model name":
                    model = value.strip()
                elif key == "flags":
                    return model, set(value.split())
    except OSError:
        pass
    return model, set()


def onednn_choice(facts: dict, env) -> tuple[str | None, str]:
    """What tfcourse sets ``TF_ENABLE_ONEDNN_OPTS`` to, and why (a pure function).

    Args:
        facts: A dict like `cpu_facts`'s (``system``, ``machine`` and ``flags`` are read).
        env: The environment, e.g. ``os.environ``.

    Returns:
        ``(value, reason)``: ``"1"`` on Linux x86-64 with AVX2 and none of ``TF_ONEDNN_FLAGS``
        when the user has not set the variable, else None (leave it to the user or TensorFlow).

    Example:
        >>> onednn_choice({"system": "Linux", "machine": "x86_64", "flags": ["avx2"]}, {})[0]
        '1'
    """
    if ONEDNN_ENV in env:
        return None, f"{ONEDNN_ENV} is already set"
    if facts["system"] != "Linux" or facts["machine"].lower() not in ("x86_64", "amd64"):
        return None, f"not Linux on x86-64 ({facts['system']} {facts['machine']})"
    flags = set(facts["flags"])
    native = [f for f in TF_ONEDNN_FLAGS if f in flags]
    if native:
        return None, f"this CPU has {', '.join(native)}, where TensorFlow turns it on itself"
    if "avx2" not in flags:
        return None, "this CPU has no AVX2"
    return "1", ("this CPU has AVX2 but no AVX-512 VNNI/BF16, AVX-VNNI or AMX, where "
                 "TensorFlow leaves oneDNN off and the lessons' CNNs train faster with it on")


def onednn_state(facts: dict, env) -> dict:
    """Whether TensorFlow will run oneDNN in a process with this environment, and why.

    Returns:
        ``{"on": bool | None, "source": "user" | "tfcourse" | "tensorflow", "reason": str}``;
        ``on`` is None where TensorFlow's default is not known here (not x86-64).
    """
    value = env.get(ONEDNN_ENV)
    if value is not None and value.strip().lower() in _TRUE + _FALSE:
        on = value.strip().lower() in _TRUE
        if env.get(CHOSEN_ENV) == value:
            _, why = onednn_choice(facts, {})
            return {"on": on, "source": "tfcourse", "reason": f"tfcourse set {ONEDNN_ENV}="
                    f"{value}: {why}; set {ONEDNN_ENV}=0 before importing tfcourse to turn it off"}
        return {"on": on, "source": "user", "reason": f"your setting {ONEDNN_ENV}={value}"}
    on = _tensorflow_default(facts)
    value_, why = onednn_choice(facts, {})
    if value_ is not None:  # tfcourse would have turned it on: TensorFlow loaded first
        why = "import tfcourse before TensorFlow to have it turned on"
    why = f"TensorFlow's default: {why}"
    if on is not None:
        why += f"; set {ONEDNN_ENV}={0 if on else 1} to change it"
    if value is not None:
        why = f"{ONEDNN_ENV}={value!r} is not 0/1/true/false, so {why}"
    return {"on": on, "source": "tensorflow", "reason": why}


def _tensorflow_default(facts: dict) -> bool | None:
    # TensorFlow's DefaultOneDnnPolicy for its x86 wheels: on in Windows, on in Linux only with
    # the features in TF_ONEDNN_FLAGS; elsewhere (macOS, ARM) not predicted here: None
    if facts["machine"].lower() not in ("x86_64", "amd64"):
        return None
    if facts["system"] == "Windows":
        return True
    return facts["system"] == "Linux" and bool(set(facts["flags"]) & set(TF_ONEDNN_FLAGS))


def apply_onednn_default(env=None, modules=None) -> str | None:
    """Set ``TF_ENABLE_ONEDNN_OPTS`` where `onednn_choice` says so; `import tfcourse` calls it.

    When TensorFlow is already in ``modules`` (it read the variable when it loaded), nothing is
    set, and a message says what to do.

    Args:
        env: The environment to change. Defaults to ``os.environ``.
        modules: The loaded modules. Defaults to ``sys.modules``.

    Returns:
        The message when TensorFlow loaded first and would have had oneDNN on, else None.
    """
    env = os.environ if env is None else env
    modules = sys.modules if modules is None else modules
    if ONEDNN_ENV in env:  # the user's choice (or tfcourse's, inherited): read no /proc file
        return None
    value, _ = onednn_choice(cpu_facts(), env)
    if value is None:
        return None
    if "tensorflow" in modules:
        return (f"TensorFlow was imported before tfcourse, so its oneDNN kernels stay off on "
                f"this CPU, where they train the lessons' CNNs faster. Restart the kernel and "
                f"import tfcourse first, or set {ONEDNN_ENV}=1 before TensorFlow loads.")
    env[ONEDNN_ENV] = env[CHOSEN_ENV] = value
    return None
