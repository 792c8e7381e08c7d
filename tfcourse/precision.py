"""Mixed precision: compute in 16 bits where the hardware is fast at it, keep weights in 32.

A Keras *dtype policy* decides each layer's compute dtype and variable dtype. ``mixed_float16``
computes in float16 on NVIDIA GPUs with tensor cores (compute capability 7.0 or higher: V100,
T4, A100, H100, RTX 20xx and newer); float16's small range needs *loss scaling* (the loss is
multiplied before the backward pass so small gradients don't round to zero, and the gradients
divided back after). ``mixed_bfloat16`` suits CPUs and TPUs: bfloat16 has float32's range, so
no loss scaling is needed. Weights stay float32 under both, and tfcourse's builders give their
output layer ``dtype="float32"`` so probabilities and losses are computed in full precision.

Example:
    >>> import keras
    >>> with dtype_policy(True, device="cpu") as name:
    ...     inner = keras.config.dtype_policy().name
    >>> name, inner, keras.config.dtype_policy().name
    ('mixed_bfloat16', 'mixed_bfloat16', 'float32')
"""

from __future__ import annotations

import contextlib

from tfcourse import validation as check

POLICIES = ("float32", "mixed_float16", "mixed_bfloat16")


def mixed_policy_name(device: str | None = None) -> str:
    """The mixed policy this machine should use: ``mixed_float16`` or ``mixed_bfloat16``.

    Args:
        device: ``"gpu"``, ``"cpu"`` or ``"tpu"`` to decide for that kind; None looks at the
            visible devices (float16 only when every visible GPU has compute capability ≥ 7.0).

    Returns:
        The policy name.

    Raises:
        ValueError: If ``device`` is not one of the above.
    """
    check.one_of("device", device, (None, "gpu", "cpu", "tpu"))
    if device is None:
        import tensorflow as tf

        gpus = tf.config.list_physical_devices("GPU")
        capable = [tf.config.experimental.get_device_details(g).get("compute_capability", (0, 0))
                   >= (7, 0) for g in gpus]
        device = "gpu" if gpus and all(capable) else "cpu"
    return "mixed_float16" if device == "gpu" else "mixed_bfloat16"


@contextlib.contextmanager
def dtype_policy(mixed, *, device: str | None = None):
    """Set Keras' global dtype policy for the models built inside the ``with`` block.

    Layers take the policy in force when they are created, so build the model inside the
    block; the previous policy comes back afterwards (a policy is global state).

    Args:
        mixed: True for the machine's mixed policy (`mixed_policy_name`), False for float32,
            or a policy name from ``POLICIES`` (e.g. to try ``mixed_float16`` on a CPU).
        device: Passed to `mixed_policy_name`.

    Yields:
        The policy name in force inside the block.

    Raises:
        ValueError: If ``mixed`` is neither a bool nor a name in ``POLICIES``.
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
