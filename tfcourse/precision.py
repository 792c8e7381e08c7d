"""Mixed precision: compute in 16 bits where the hardware is fast at it, keep weights in 32.

``mixed_float16`` suits NVIDIA GPUs with tensor cores (compute capability ≥ 7.0) and needs
loss scaling (float16's small range); ``mixed_bfloat16`` suits TPUs and CPUs with native
bfloat16 (AVX512-BF16 or AMX) and needs none. Elsewhere 16-bit arithmetic is emulated and
slower than float32, so ``mixed_precision=True`` means "where it pays" and runs float32 there;
a policy's name forces it. tfcourse's builders keep their output layer float32.
"""

from __future__ import annotations

import contextlib
import warnings

from tfcourse import validation as check
from tfcourse.cpu import BF16_FLAGS

POLICIES = ("float32", "mixed_float16", "mixed_bfloat16")
DEVICES = (None, "gpu", "cpu", "tpu")


def mixed_policy_name(device: str | None = None) -> str:
    """``mixed_float16`` when every visible GPU (or ``device="gpu"``) is fast at float16, else
    ``mixed_bfloat16``; ``device`` is ``"gpu"``, ``"cpu"``, ``"tpu"`` or None (look)."""
    check.one_of("device", device, DEVICES)
    return "mixed_float16" if (device or _device()) == "gpu" else "mixed_bfloat16"


def choose_policy(mixed, device: str, cpu_flags=()) -> tuple[str, str | None]:
    """The policy ``mixed_precision=mixed`` runs on ``device``, and a note when it is slow there.

    Args:
        mixed: True (mixed where it pays, else float32), False, or a name from ``POLICIES``
            (forced).
        device: ``"gpu"`` (with tensor cores), ``"cpu"`` or ``"tpu"``.
        cpu_flags: The CPU's flags (`tfcourse.cpu.cpu_facts`); read when ``device="cpu"``.

    Returns:
        ``(policy name, note or None)``.

    Example:
        >>> choose_policy(True, "cpu", ["avx2"])[0]
        'float32'
        >>> choose_policy(True, "cpu", ["avx2", "avx512_bf16"])[0]
        'mixed_bfloat16'
    """
    check.one_of("mixed_precision", mixed, (True, False) + POLICIES)
    check.one_of("device", device, DEVICES[1:])
    mixed = mixed if isinstance(mixed, str) else bool(mixed)  # 1 passes the check as True
    emulated = device == "cpu" and not set(cpu_flags) & set(BF16_FLAGS)
    if mixed is True and emulated:
        return "float32", ("mixed_precision=True: this CPU has no native bfloat16 (AVX512-BF16 "
                           "or AMX), where mixed_bfloat16 trains slower than float32, so it "
                           "trains in float32. Pass mixed_precision='mixed_bfloat16' to force "
                           "it.")
    if mixed is True:
        return mixed_policy_name(device), None
    if mixed == "mixed_bfloat16" and emulated:
        return mixed, ("mixed_precision='mixed_bfloat16' on a CPU without native bfloat16 "
                       "(AVX512-BF16 or AMX): emulated, expect it slower than float32.")
    if mixed == "mixed_float16" and device != "gpu":
        return mixed, ("mixed_precision='mixed_float16' without a GPU with tensor cores: "
                       "emulated, expect it slower than float32.")
    return mixed or "float32", None


def resolve_policy(mixed, *, device: str | None = None) -> tuple[str, str | None]:
    """`choose_policy` for this machine: ``device`` (None: look) and this CPU's flags."""
    from tfcourse.cpu import cpu_facts

    check.one_of("device", device, DEVICES)
    if check.one_of("mixed_precision", mixed, (True, False) + POLICIES) in (False, "float32"):
        return "float32", None  # no need to look at the devices
    return choose_policy(mixed, device or _device(), cpu_facts()["flags"])


def describe_precision(mixed, *, device: str | None = None) -> str:
    """The precision ``mixed_precision=mixed`` runs here, for a lesson's header.

    Example:
        >>> describe_precision(False)
        'float32'
    """
    name, note = resolve_policy(mixed, device=device)
    if note and mixed is True:
        return f"{name} (mixed precision would be slower on this CPU)"
    return f"{name} (emulated here: slower)" if note else name


@contextlib.contextmanager
def dtype_policy(mixed, *, device: str | None = None):
    """Set Keras' dtype policy for the models built inside the ``with`` block, then restore it.

    ``mixed`` is as in `choose_policy`; the block gets the policy's name. A warning says when
    the policy is slow here (or when True fell back to float32).

    Example:
        >>> with dtype_policy(True, device="tpu") as name:
        ...     print(name)
        mixed_bfloat16
    """
    import keras

    name, note = resolve_policy(mixed, device=device)
    if note:
        warnings.warn(note, stacklevel=3)
    previous = keras.config.dtype_policy()
    keras.config.set_dtype_policy(name)
    try:
        yield name
    finally:
        keras.config.set_dtype_policy(previous)


def _device() -> str:
    import tensorflow as tf

    from tfcourse.gpu_check import has_fast_float16

    gpus = tf.config.list_physical_devices("GPU")
    capable = [has_fast_float16(tf.config.experimental.get_device_details(g)) for g in gpus]
    return "gpu" if gpus and all(capable) else "cpu"
