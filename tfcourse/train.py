"""The one training helper every Keras lesson uses: strategy scope, compile, callbacks, fit.

The model is *built* inside ``strategy.scope()`` — that is why `train` takes a model-building
function rather than a model: variables created in the scope are mirrored on every replica (one
CPU, N GPUs, or N machines), and so are the optimizer's slots and the metrics.

Batch sizes are per replica: with 2 replicas and ``per_replica_batch_size=64`` each step sees
128 examples, 64 on each replica, and Keras averages the loss over all 128.

Example:
    >>> import numpy as np
    >>> from tfcourse.models import build_mlp
    >>> from tfcourse.train import train
    >>> x, y = np.random.rand(64, 4).astype("float32"), np.arange(64) % 2
    >>> result = train(lambda: build_mlp((4,), 2), (x, y), epochs=2, verbose=0)
    >>> len(result.history["loss"])
    2
"""

from __future__ import annotations

import dataclasses
import logging
import os
import shutil
import time
from typing import Callable

import keras
import numpy as np
import tensorflow as tf

from tfcourse import validation as check
from tfcourse.data.pipeline import even_first_batch, for_strategy
from tfcourse.multiworker import num_workers, worker_dir


class _KerasFirstTraceFilter(logging.Filter):
    """Drop TensorFlow's "retracing" warning about Keras' per-model train functions.

    TensorFlow counts traces per Python function, and Keras makes a new `tf.function` from the
    same code for every model it trains; each traces once, as it must. A lesson that trains
    several small models in a row then gets TensorFlow's warning "5 out of the last N calls to
    <function TensorFlowTrainer...> triggered tf.function retracing" about retracing that does
    not happen. Your own functions' retracing warnings still show.
    """

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        return not ("triggered tf.function retracing" in message
                    and "TensorFlowTrainer." in message)


if not any(isinstance(f, _KerasFirstTraceFilter) for f in tf.get_logger().filters):
    tf.get_logger().addFilter(_KerasFirstTraceFilter())

OPTIMIZERS = ("adam", "sgd", "rmsprop", "adamw")
# what steps_per_execution="auto" runs per call: 32 took LeNet on a 2-core CPU from 0.79x to
# 1.10x PyTorch's speed, and 64 gained nothing clear over 32 (BENCHMARKS.md, case 4)
AUTO_STEPS_PER_EXECUTION = 32
_BATCH_HOOKS = ("on_batch_begin", "on_batch_end", "on_train_batch_begin", "on_train_batch_end",
                "on_test_batch_begin", "on_test_batch_end")


@dataclasses.dataclass
class TrainResult:
    """What `train` and `fine_tune` return.

    Attributes:
        model: The trained model (best weights when early stopping restored them).
        history: Per-epoch metrics, e.g. ``{"loss": [...], "val_accuracy": [...]}``; a
            fine-tuning phase appends to the history of the phase before it.
        strategy: The strategy the model lives under.
        seconds: Wall time of ``fit`` (all phases).
        out_dir: Where checkpoints and TensorBoard logs went, or None.
        per_replica_batch_size: The batch size per replica used.
    """

    model: keras.Model
    history: dict
    strategy: tf.distribute.Strategy
    seconds: float
    out_dir: str | None
    per_replica_batch_size: int

    @property
    def epochs(self) -> int:
        """Epochs trained so far (all phases)."""
        return len(self.history.get("loss", []))


def make_optimizer(name: str, lr: float) -> keras.optimizers.Optimizer:
    """A Keras optimizer by name (``adam``, ``sgd``, ``rmsprop``, ``adamw``) at rate ``lr``."""
    name = check.one_of("optimizer", name, OPTIMIZERS)
    lr = check.positive_number("lr", lr)
    cls = {"adam": keras.optimizers.Adam, "sgd": keras.optimizers.SGD,
           "rmsprop": keras.optimizers.RMSprop, "adamw": keras.optimizers.AdamW}[name]
    return cls(learning_rate=lr)


def watches_batches(callback) -> bool:
    """Whether a Keras callback overrides a per-batch hook (``on_train_batch_end`` and the like)."""
    base = keras.callbacks.Callback
    return any(getattr(type(callback), hook, None) is not getattr(base, hook)
               for hook in _BATCH_HOOKS)


def resolve_steps_per_execution(value, callbacks=(), strategy=None) -> int:
    """The training steps per compiled call that ``steps_per_execution=value`` means.

    Args:
        value: A positive integer, or ``"auto"``: `AUTO_STEPS_PER_EXECUTION` (32); 1 when one
            of ``callbacks`` watches individual batches (with N steps per call Keras calls batch
            hooks every N-th batch only) or when ``strategy`` spans several workers.
        callbacks: The callbacks the user passed. Defaults to ().
        strategy: The strategy training runs under, or None. Defaults to None.

    Returns:
        A positive integer.

    Raises:
        ValueError: If ``value`` is neither ``"auto"`` nor a positive integer, or is above 1
            across several workers: Keras 3.15's loop of several steps per call fails there
            (TensorFlow: "You must feed a value for placeholder tensor ...").

    Example:
        >>> resolve_steps_per_execution("auto"), resolve_steps_per_execution(4)
        (32, 4)
        >>> resolve_steps_per_execution("auto", [keras.callbacks.TerminateOnNaN()])
        1
    """
    workers = num_workers(strategy)
    if value == "auto":
        if workers > 1 or any(watches_batches(c) for c in callbacks):
            return 1
        return AUTO_STEPS_PER_EXECUTION
    value = check.integer("steps_per_execution", value, 1,
                          expected='"auto" or a positive integer')
    if value > 1 and workers > 1:  # Keras 3.15's multi-step loop fails across workers
        raise check.invalid("steps_per_execution", f'1 or "auto" across several workers '
                            f"({workers} here), where Keras' loop of several steps per call "
                            "fails", value)
    return value


def _as_dataset(data, name, *, per_replica_batch_size, strategy, training, seed):
    """Arrays ``(x, y)`` or an unbatched `tf.data.Dataset` → batched at the global batch size."""
    if data is None:
        return None
    if isinstance(data, tf.data.Dataset):
        from tfcourse.distribute import global_batch_size

        batch = global_batch_size(per_replica_batch_size, strategy)
        size = int(data.cardinality())  # negative when unknown or infinite
        batch = even_first_batch(batch, strategy.num_replicas_in_sync,
                                 size if size >= 0 else None)
        if training:
            data = data.shuffle(10_000, seed=seed, reshuffle_each_iteration=True)
        # across workers, training drops its last partial batch (why: `for_strategy`)
        return data.batch(batch, drop_remainder=training and num_workers(strategy) > 1
                          ).prefetch(tf.data.AUTOTUNE)
    if not (isinstance(data, (tuple, list)) and len(data) == 2):
        raise TypeError(
            f"Argument `{name}` must be a pair (x, y) of arrays or an unbatched tf.data.Dataset. "
            f"Received: {type(data).__name__}"
        )
    x, y = data
    for part, arr in (("x", x), ("y", y)):
        arr = np.asarray(arr)
        if np.issubdtype(arr.dtype, np.floating) and not np.all(np.isfinite(arr)):
            bad = np.argwhere(~np.isfinite(arr))[0][0]
            raise ValueError(
                f"Argument `{name}` holds NaN or infinite values in {part} (first in example "
                f"{bad}). Keras would train on them silently; clean or impute them first."
            )
    return for_strategy(x, y, per_replica_batch_size=per_replica_batch_size, strategy=strategy,
                        training=training, seed=seed)


class StepProgbar(keras.callbacks.ProgbarLogger):
    """Keras' progress bar, counting the steps that actually ran.

    With several steps per call, Keras reports each call's last step as if the call were full,
    so a 20-step epoch shows ``32/20`` and a negative time left; this caps the count at the
    epoch's steps.
    """

    def on_train_batch_end(self, batch, logs=None):
        super().on_train_batch_end(batch if self.target is None else min(batch, self.target - 1),
                                   logs)


def _callbacks(out_dir, *, monitor, patience, phase, extra, prior, first_epoch, verbose):
    from tfcourse import resume

    best_path = None if out_dir is None else os.path.join(out_dir, "best.keras")
    callbacks = [keras.callbacks.TerminateOnNaN()]
    if verbose != 0 and not any(isinstance(c, keras.callbacks.ProgbarLogger) for c in extra):
        callbacks.append(StepProgbar())
    if patience is not None:
        callbacks.append(resume.ResumableEarlyStopping(
            monitor=monitor, patience=patience, restore_best_weights=True,
            prior=prior.get(monitor, ()), first_epoch=first_epoch, best_model_path=best_path))
    if out_dir is not None:
        callbacks += [
            # the history line first, then the backup: a crash between them leaves an extra
            # line (trimmed on resume), never a missing one
            resume.HistoryLog(out_dir, phase),
            # an interrupted run restarts from its last completed epoch (deleted when fit ends)
            keras.callbacks.BackupAndRestore(resume.backup_dir(out_dir, phase)),
            keras.callbacks.ModelCheckpoint(
                best_path, monitor=monitor, save_best_only=True,
                initial_value_threshold=resume.best_so_far(prior, monitor)),
            keras.callbacks.TensorBoard(os.path.join(out_dir, "logs", phase)),
        ]
    return callbacks + list(extra)


def train(build_model: Callable[[], keras.Model], train_data, val_data=None, *,
          strategy: tf.distribute.Strategy | None = None,
          per_replica_batch_size: int | None = None, global_batch_size: int | None = None,
          epochs: int = 10, lr: float = 1e-3, optimizer: str = "adam",
          loss="sparse_categorical_crossentropy", metrics=("accuracy",),
          patience: int | None = None, out_dir: str | None = None, seed: int = 0,
          verbose="auto", callbacks=(), mixed_precision=False,
          jit_compile: bool = False, steps_per_execution="auto") -> TrainResult:
    """Build, compile and fit a Keras model under a `tf.distribute` strategy.

    Args:
        build_model: A function with no arguments returning an uncompiled `keras.Model`,
            e.g. ``lambda: build_cnn((28, 28, 1), 10)``. It is called inside the strategy scope.
        train_data: ``(x, y)`` arrays, or an unbatched `tf.data.Dataset` of ``(x, y)`` pairs.
        val_data: Validation data in the same form, or None. Defaults to None.
        strategy: The strategy; the current one (one device by default) if None.
        per_replica_batch_size: Examples per replica per step: the global batch grows with the
            replicas (scaling out for speed). Defaults to 64 when neither batch size is given.
        global_batch_size: Or: examples per step over all replicas, split among them (rounded
            up when they don't divide it), so a run on N replicas takes the same steps on the
            same batches as one device. Give one of the two, not both. Defaults to None.
        epochs: Maximum epochs. Defaults to 10.
        lr: Learning rate. Defaults to 1e-3.
        optimizer: ``"adam"``, ``"sgd"``, ``"rmsprop"`` or ``"adamw"``. Defaults to ``"adam"``.
        loss: A Keras loss (name or object). Defaults to sparse categorical cross-entropy
            (integer labels, softmax outputs).
        metrics: Keras metrics. Defaults to ``("accuracy",)``.
        patience: Stop after this many epochs without improvement of the validation loss (the
            training loss without validation data) and restore the best weights; None trains all
            epochs. Defaults to None.
        out_dir: If given, write ``best.keras`` (best model so far), TensorBoard logs under
            ``logs/`` and a backup that lets an interrupted run resume. Across several workers
            only the chief writes here (`tfcourse.multiworker.worker_dir`). Defaults to None.
        seed: Seeds weights, shuffling and dropout (`keras.utils.set_random_seed`). Defaults to 0.
        verbose: Keras progress-bar mode. Defaults to "auto".
        callbacks: Extra Keras callbacks. Defaults to ().
        mixed_precision: True builds the model under the machine's mixed policy
            (``mixed_float16`` on recent NVIDIA GPUs, with loss scaling added by Keras'
            ``compile``; ``mixed_bfloat16`` on CPU/TPU), or a policy name; weights and outputs
            stay float32 (see `tfcourse.precision`). Defaults to False.
        jit_compile: Compile the train step with XLA. Opt-in: it slowed LeNet on CPU here, and
            recurrent layers don't compile. Defaults to False.
        steps_per_execution: Training steps per call into the compiled graph, a positive
            integer or ``"auto"``. Small models on a CPU spend most of a step in TensorFlow's
            fixed cost per call, so running many steps per call trains them up to 1.6x faster
            (BENCHMARKS.md) to the same weights; Keras then calls batch-level callback hooks
            every N-th batch only. ``"auto"`` runs 32 steps per call, or 1 when one of
            ``callbacks`` overrides a batch hook or training spans several workers (see
            `resolve_steps_per_execution`). Defaults to ``"auto"``.

    Returns:
        A `TrainResult`.

    Raises:
        ValueError, TypeError: On invalid arguments.
    """
    if isinstance(build_model, keras.Model) or not callable(build_model):
        raise TypeError(f"Argument `build_model` must be a function returning a keras.Model. "
                        f"Received: {type(build_model).__name__} (wrap it: lambda: model)")
    if per_replica_batch_size is not None and global_batch_size is not None:
        raise ValueError(f"Give one of `per_replica_batch_size` and `global_batch_size`, not both. "
                         f"Received: per_replica_batch_size={per_replica_batch_size}, "
                         f"global_batch_size={global_batch_size}")
    epochs = check.positive_int("epochs", epochs)
    per_replica_batch_size = check.positive_int("per_replica_batch_size", per_replica_batch_size,
                                                allow_none=True)
    global_batch_size = check.positive_int("global_batch_size", global_batch_size, allow_none=True)
    patience = check.non_negative_int("patience", patience, allow_none=True)
    seed = check.seed(seed)
    strategy = strategy or tf.distribute.get_strategy()
    if global_batch_size is not None:  # split over the replicas, rounded up
        per_replica_batch_size = -(-global_batch_size // strategy.num_replicas_in_sync)
    per_replica_batch_size = per_replica_batch_size or 64
    steps_per_execution = resolve_steps_per_execution(steps_per_execution, callbacks, strategy)
    keras.utils.set_random_seed(seed)
    from tfcourse.precision import dtype_policy

    with dtype_policy(mixed_precision), strategy.scope():  # layers take the policy when built
        model = build_model()
        if not isinstance(model, keras.Model):
            raise TypeError(f"`build_model()` must return a keras.Model. "
                            f"Received: {type(model).__name__}")
        model.compile(optimizer=make_optimizer(optimizer, lr), loss=loss, metrics=list(metrics),
                      jit_compile=jit_compile, steps_per_execution=steps_per_execution)
    result = TrainResult(model, {}, strategy, 0.0, out_dir, per_replica_batch_size)
    return _fit(result, train_data, val_data, epochs=epochs, patience=patience, seed=seed,
                verbose=verbose, phase="train", callbacks=callbacks)


def fine_tune(result: TrainResult, train_data, val_data=None, *, from_layer: int,
              epochs: int = 5, lr: float = 1e-5, optimizer: str = "adam",
              loss="sparse_categorical_crossentropy", metrics=("accuracy",),
              patience: int | None = None, seed: int = 0, verbose="auto",
              callbacks=(), steps_per_execution="auto") -> TrainResult:
    """Second phase of transfer learning: unfreeze the top of the base, recompile, continue.

    Args:
        result: What `train` returned for a `tfcourse.models.build_transfer` model.
        train_data: As in `train`.
        val_data: As in `train`.
        from_layer: Layers of the base from this index on become trainable (see
            `tfcourse.models.unfreeze`); batch norm stays in inference mode.
        epochs: Further epochs. Defaults to 5.
        lr: A low learning rate, so the pretrained features are nudged, not wrecked.
            Defaults to 1e-5.
        optimizer, loss, metrics, patience, seed, verbose, callbacks, steps_per_execution:
            As in `train`.

    Returns:
        The same `TrainResult`, updated; its history continues the first phase's.
    """
    from tfcourse.models import unfreeze

    steps_per_execution = resolve_steps_per_execution(steps_per_execution, callbacks,
                                                      result.strategy)
    with result.strategy.scope():
        unfreeze(result.model, from_layer=from_layer)
        result.model.compile(optimizer=make_optimizer(optimizer, lr), loss=loss,
                             metrics=list(metrics), jit_compile=result.model.jit_compile,
                             steps_per_execution=steps_per_execution)
    return _fit(result, train_data, val_data, epochs=result.epochs + epochs, patience=patience,
                seed=seed, verbose=verbose, phase="fine_tune", callbacks=callbacks)


def _fit(result, train_data, val_data, *, epochs, patience, seed, verbose, phase, callbacks):
    kw = dict(per_replica_batch_size=result.per_replica_batch_size, strategy=result.strategy,
              seed=seed)
    for name, data in (("train_data", train_data), ("val_data", val_data)):
        _check_arrays(result, data, name)
    train_ds = _as_dataset(train_data, "train_data", training=True, **kw)
    val_ds = _as_dataset(val_data, "val_data", training=False, **kw)
    monitor = "val_loss" if val_ds is not None else "loss"
    # across workers only the chief writes to out_dir; the others to their own folder under it
    out_dir = worker_dir(result.out_dir, result.strategy)
    prior = {}
    if out_dir is not None:  # resuming after a crash: the epochs done before it
        from tfcourse.resume import prior_history

        prior = prior_history(out_dir, phase)
    first_epoch = result.epochs
    for key, values in prior.items():
        result.history.setdefault(key, []).extend(values)
    # Keras' BackupAndRestore sets model._initial_epoch on restore and nothing resets it, so a
    # later fit (fine-tuning) would restart from that stale epoch: clear it before every fit
    result.model._initial_epoch = None
    start = time.perf_counter()
    history = result.model.fit(
        train_ds, validation_data=val_ds, epochs=epochs, initial_epoch=first_epoch,
        shuffle=False,  # the pipeline shuffles (tfcourse.data.for_strategy)
        verbose=verbose,
        callbacks=_callbacks(out_dir, monitor=monitor, patience=patience, phase=phase,
                             extra=callbacks, prior=prior, first_epoch=first_epoch,
                             verbose=verbose))
    if out_dir != result.out_dir:  # a non-chief worker's copies: not needed after the phase
        shutil.rmtree(out_dir, ignore_errors=True)
    result.seconds += time.perf_counter() - start
    result.model._initial_epoch = None
    for key, values in history.history.items():
        result.history.setdefault(key, []).extend(float(v) for v in values)
    return result


def _check_arrays(result, data, name):
    """Clear errors for the usual data mistakes (`tfcourse.checks`), before Keras sees them."""
    if not (isinstance(data, (tuple, list)) and len(data) == 2):
        return  # None, or a tf.data.Dataset: its shapes are Keras' to check
    from tfcourse.checks import check_data

    check_data(result.model, data[0], data[1], loss=result.model.loss, name=name,
               replicas=result.strategy.num_replicas_in_sync)


def evaluate(result: TrainResult, x, y) -> dict:
    """The model's loss and metrics on ``(x, y)``, batched for its strategy.

    Returns:
        A dict such as ``{"loss": 0.07, "accuracy": 0.98}``.

    Raises:
        TypeError: If ``result`` is not a `TrainResult` (e.g. a bare model).
        ValueError: If ``(x, y)`` does not fit the model (see `tfcourse.checks`).
    """
    from tfcourse.checks import check_data

    if not isinstance(result, TrainResult):
        raise TypeError(f"Argument `result` must be the TrainResult that train() returned (it "
                        f"knows the strategy and batch size). Received: "
                        f"{type(result).__name__}. For a bare keras.Model, use "
                        f"model.evaluate(x, y).")
    check_data(result.model, x, y, loss=result.model.loss, name="x",
               replicas=result.strategy.num_replicas_in_sync)
    ds = for_strategy(x, y, per_replica_batch_size=result.per_replica_batch_size,
                      strategy=result.strategy, training=False)
    return {k: float(v) for k, v in result.model.evaluate(ds, verbose=0, return_dict=True).items()}
