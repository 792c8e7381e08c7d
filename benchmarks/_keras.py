"""What the Keras cases share: device name, data, plain-Keras baselines, epoch timers.

And `epochs`: the training side of a pair, driven one epoch at a time from another process.

Imported only inside the measuring child processes (it imports TensorFlow).
"""

from __future__ import annotations

import queue
import threading
import time
from typing import Callable

import tfcourse  # noqa: F401 - before TensorFlow, as in a lesson: it may set TF's CPU options
import keras
import tensorflow as tf

from benchmarks._data import INPUT_SHAPES, digits, for_model  # noqa: F401 - re-exported

BATCH = 64  # tfcourse.train's default per-replica batch size
LR = 1e-3
# the lesson models (see `builder`) at the global batch size their lessons train with
# (demos/mlp.py, cnn.py, rnn.py: batch_size = 32)
LESSONS = {"lesson_mlp": 32, "lenet": 32, "cnn": 32, "rnn": 32}


def device() -> str:
    """Where TensorFlow runs ops by default: ``"GPU: <name>"`` or ``"CPU"``."""
    gpus = tf.config.list_physical_devices("GPU")
    if not gpus:
        return "CPU"
    names = [tf.config.experimental.get_device_details(g).get("device_name", "GPU")
             for g in gpus]
    return f"GPU: {names[0]}" + (f" (×{len(gpus)} visible)" if len(gpus) > 1 else "")


def builder(name: str) -> Callable[[], keras.Model]:
    """The tfcourse builder of model ``name``, on the input `INPUT_SHAPES` gives it.

    ``"mlp"``: 784 → 128 → 10; ``"lesson_mlp"``: the mlp lesson's, 64 → 256 → 128 → 10 with
    dropout 0.3; ``"lenet"``: LeNet-5; ``"cnn"``: the modern CNN, filters (32, 64), dropout
    0.5, as the cnn lesson builds it; ``"rnn"``: the rnn lesson's LSTM of 64 units on rows.
    """
    from tfcourse.models import build_cnn, build_lenet, build_mlp, build_rnn

    shape = INPUT_SHAPES[name]
    return {"mlp": lambda: build_mlp(shape, 10),
            "lesson_mlp": lambda: build_mlp(shape, 10, hidden_units=(256, 128), dropout=0.3),
            "lenet": lambda: build_lenet(shape, 10),
            "cnn": lambda: build_cnn(shape, 10, filters=(32, 64), dropout=0.5),
            "rnn": lambda: build_rnn(shape, 10, cell="lstm", units=64)}[name]


def compiled(model: keras.Model, **kwargs) -> keras.Model:
    """``model`` compiled as `tfcourse.train` compiles it: Adam(1e-3), sparse CE, accuracy."""
    model.compile(optimizer=keras.optimizers.Adam(LR), loss="sparse_categorical_crossentropy",
                  metrics=["accuracy"], **kwargs)
    return model


class EpochTimer(keras.callbacks.Callback):
    """Records ``(wall, cpu)`` seconds of every epoch (begin to end: the training steps only)."""

    def __init__(self):
        super().__init__()
        self.seconds = []

    def on_epoch_begin(self, epoch, logs=None):
        self._start = time.perf_counter(), time.process_time()

    def on_epoch_end(self, epoch, logs=None):
        wall, cpu = self._start
        self.seconds.append((time.perf_counter() - wall, time.process_time() - cpu))


class EpochGate(EpochTimer):
    """Holds each epoch at its start until `release`, then hands its ``(wall, cpu)`` over.

    It lets one ``fit`` (or `tfcourse.train`) call, running in a thread, be driven one epoch at
    a time from outside: see `epochs`.
    """

    def __init__(self):
        super().__init__()
        self._go, self.done = threading.Semaphore(0), queue.Queue()

    def release(self):
        """Let the next epoch start."""
        self._go.release()

    def on_epoch_begin(self, epoch, logs=None):
        self._go.acquire()
        super().on_epoch_begin(epoch, logs)

    def on_epoch_end(self, epoch, logs=None):
        super().on_epoch_end(epoch, logs)
        self.done.put(self.seconds[-1])


def epochs(side: str, model: str, n: int | None, *, batch_size: int = BATCH, jit_compile=False,
           steps_per_execution: int | None = None, replicas: int | None = None,
           validation: bool = False, out_dir: str | None = None, patience: int | None = None,
           per_call: int = 1):
    """A function that trains one more epoch each call (a `benchmarks._isolate.Remote` target).

    Args:
        side: ``"tfcourse"`` (`tfcourse.train` on the arrays), ``"keras"`` (a plain Keras
            ``model.fit(x, y)``) or ``"pipeline"`` (``model.fit`` on
            `tfcourse.data.for_strategy`).
        model: A name `builder` knows.
        n: Examples an epoch (the digits, tiled), or None: the digits' training split.
        batch_size: The global batch size. Defaults to 64.
        jit_compile: XLA (``"tfcourse"`` and ``"keras"``). Defaults to False.
        steps_per_execution: Training steps per call into the compiled graph (``"tfcourse"``
            and ``"keras"``). Defaults to None: each side's default (``"auto"``, 32, for
            `tfcourse.train`; 1 for Keras' ``compile``).
        replicas: Train under a `MirroredStrategy` with this many replicas (several GPUs, else
            logical CPUs), each taking its share of the batch (``"tfcourse"`` only). Defaults
            to None: the default strategy.
        validation: Evaluate the validation split after every epoch (``"tfcourse"`` and
            ``"keras"``). Defaults to False.
        out_dir: `tfcourse.train`'s ``out_dir`` (``"tfcourse"`` only). Defaults to None.
        patience: `tfcourse.train`'s ``patience`` (``"tfcourse"`` only). Defaults to None.
        per_call: Epochs each call trains (their times summed). Defaults to 1.

    Returns:
        A function of no arguments returning the ``(wall, cpu)`` seconds of ``per_call``
        epochs; its ``info`` names the device.
    """
    from tfcourse.distribute import get_strategy

    strategy = None
    if replicas:  # first: cpu_replicas must precede every TensorFlow op
        many_gpus = len(tf.config.list_physical_devices("GPU")) > 1
        strategy = get_strategy("mirrored") if many_gpus else get_strategy(cpu_replicas=replicas)
    x, y = for_model(model, n)
    val = for_model(model, None, "val") if validation else None
    gate = EpochGate()  # last in the callback list: its epoch end follows every other callback's
    kw = dict(epochs=10**6, verbose=0, callbacks=[gate])

    def fit():
        if side == "tfcourse":
            from tfcourse.train import train

            per_replica = batch_size // (strategy.num_replicas_in_sync if strategy else 1)
            train(builder(model), (x, y), val, strategy=strategy,
                  per_replica_batch_size=per_replica, lr=LR, jit_compile=jit_compile,
                  steps_per_execution=steps_per_execution or "auto", out_dir=out_dir,
                  patience=patience, **kw)
        elif side == "keras":
            compiled(builder(model)(), jit_compile=jit_compile,
                     steps_per_execution=steps_per_execution or 1).fit(
                x, y, batch_size=batch_size, shuffle=True, validation_data=val, **kw)
        elif side == "pipeline":
            from tfcourse.data.pipeline import for_strategy

            compiled(builder(model)()).fit(
                for_strategy(x, y, per_replica_batch_size=batch_size), **kw)
        else:
            raise ValueError(f"Unknown side {side!r}: expected 'tfcourse', 'keras' or "
                             "'pipeline'")

    def run_fit():
        try:
            fit()
            gate.done.put(RuntimeError("training ended before the epochs asked for"))
        except BaseException as e:  # noqa: BLE001 - handed to the caller of `epoch`
            gate.done.put(e)

    threading.Thread(target=run_fit, daemon=True).start()

    def epoch():
        wall = cpu = 0.0
        for _ in range(per_call):
            gate.release()
            out = gate.done.get()
            if isinstance(out, BaseException):
                raise out
            wall, cpu = wall + out[0], cpu + out[1]
        return wall, cpu

    epoch.info = device()
    return epoch
