"""Mixed precision: compute in 16 bits where the hardware is fast at it, keep weights in 32.

``mixed_float16`` suits NVIDIA GPUs with tensor cores (compute capability ≥ 7.0) and needs
loss scaling (float16's small range); ``mixed_bfloat16`` suits CPUs and TPUs and needs none.
tfcourse's builders keep their output layer float32.
"""

from __future__ import annotations

import contextlib

from tfcourse import validation as check

POLICIES = ("float32", "mixed_float16", "mixed_bfloat16")


def mixed_policy_name(device: str | None = None) -> str:
    """``mixed_float16`` when every visible GPU (or ``device="gpu"``) is fast at float16, else
    ``mixed_bfloat16``; ``device`` is ``"gpu"``, ``"cpu"``, ``"tpu"`` or None (look)."""
    check.one_of("device", device, (None, "gpu", "cpu", "tpu"))
    if device is None:
        import tensorflow as tf

        from tfcourse.gpu_check import has_fast_float16

        gpus = tf.config.list_physical_devices("GPU")
        capable = [has_fast_float16(tf.config.experimental.get_device_details(g))
                   for g in gpus]
        device = "gpu" if gpus and all(capable) else "cpu"
    return "mixed_float16" if device == "gpu" else "mixed_bfloat16"


@contextlib.contextmanager
def dtype_policy(mixed, *, device: str | None = None):
    """Set Keras' dtype policy for the models built inside the ``with`` block, then restore it.

    ``mixed`` is True (the machine's mixed policy, `mixed_policy_name` for ``device``), False
    (float32) or a name from ``POLICIES``; the block gets the policy's name.

    Example:
        >>> with dtype_policy(True, device="cpu") as name:
        ...     print(name)
        mixed_bfloat16
    """
    import keras

    check.one_of("mixed_precision", mixed, (True, False) + POLICIES)
    name = mixed if isinstance(mixed, str) else mixed_policy_name(device) if mixed else "float32"
    previous = keras.config.dtype_policy()
    keras.config.set_dtype_policy(name)
    try:
        yield name
    finally:
        keras.config.set_dtype_policy(previous)
