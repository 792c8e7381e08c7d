"""The one training helper every Keras lesson uses: strategy scope, compile, callbacks, fit.

`train` calls a model-building *function* inside ``strategy.scope()``, so the variables are
mirrored on every replica; `fine_tune` continues a transfer model; `evaluate` scores one.

Example:
    >>> import numpy as np
    >>> from tfcourse.models import build_mlp
    >>> x, y = np.random.rand(64, 4).astype("float32"), np.arange(64) % 2
    >>> result = train(lambda: build_mlp((4,), 2), (x, y), epochs=2, verbose=0)
    >>> len(result.history["loss"])
    2
"""

from __future__ import annotations

import dataclasses
import shutil
import time
from typing import Callable

import keras
import tensorflow as tf

from tfcourse import validation as check
from tfcourse.backup import Backup
from tfcourse.callbacks import StepProgbar, phase_callbacks, watches_batches  # noqa: F401
from tfcourse.checks import check_data
from tfcourse.compiling import (  # noqa: F401  (these names keep their old import path here)
    AUTO_STEPS_PER_EXECUTION, OPTIMIZERS, make_optimizer, resolve_steps_per_execution)
from tfcourse.data.pipeline import for_strategy
from tfcourse.multiworker import num_workers, worker_dir


@dataclasses.dataclass
class TrainResult:
    """What `train` and `fine_tune` return: the model (best weights with ``patience``), its
    per-epoch ``history`` over all phases, its strategy, the seconds of ``fit``, the ``out_dir``
    and the batch size per replica."""

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


def _as_dataset(result, data, name, *, training, seed):
    """``(x, y)`` arrays (checked first) or an unbatched `tf.data.Dataset`, batched for training."""
    if data is None:
        return None
    if isinstance(data, tf.data.Dataset):  # its shapes are Keras' to check
        data = (data, None)
    elif isinstance(data, (tuple, list)) and len(data) == 2:
        check_data(result.model, *data, loss=result.model.loss, name=name,
                   replicas=result.strategy.num_replicas_in_sync)
    else:
        raise TypeError(f"Argument `{name}` must be a pair (x, y) of arrays or an unbatched "
                        f"tf.data.Dataset. Received: {type(data).__name__}")
    return for_strategy(*data, per_replica_batch_size=result.per_replica_batch_size,
                        strategy=result.strategy, training=training, seed=seed)


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
        build_model: A function returning an uncompiled `keras.Model`, called in the scope.
        train_data: ``(x, y)`` arrays, or an unbatched `tf.data.Dataset` of ``(x, y)`` pairs.
        val_data: Validation data in the same form, or None. Defaults to None.
        strategy: The strategy; the current one (one device by default) if None.
        per_replica_batch_size: Examples per replica per step. Defaults to 64.
        global_batch_size: Or examples per step over all replicas (not both). Defaults to None.
        epochs: Maximum epochs. Defaults to 10.
        lr: Learning rate. Defaults to 1e-3.
        optimizer: ``"adam"``, ``"sgd"``, ``"rmsprop"`` or ``"adamw"``. Defaults to ``"adam"``.
        loss: A Keras loss. Defaults to sparse categorical cross-entropy (integer labels).
        metrics: Keras metrics. Defaults to ``("accuracy",)``.
        patience: Early-stopping patience (best weights restored), or None. Defaults to None.
        out_dir: Folder for ``best.keras``, logs and the resume backup. Defaults to None.
        seed: Seeds weights, shuffling and dropout. Defaults to 0.
        verbose: Keras progress-bar mode. Defaults to "auto".
        callbacks: Extra Keras callbacks. Defaults to ().
        mixed_precision: As in `tfcourse.precision.dtype_policy`. Defaults to False.
        jit_compile: Compile the train step with XLA. Defaults to False.
        steps_per_execution: See `tfcourse.compiling`. Defaults to ``"auto"``.

    Returns:
        A `TrainResult`.

    Raises:
        ValueError, TypeError: On invalid arguments or data (see `tfcourse.checks`).
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

    ``from_layer`` is the first layer of the base to unfreeze (`tfcourse.models.unfreeze`);
    ``epochs`` (5) are further epochs, ``lr`` (1e-5) is low so the pretrained features are
    nudged, not wrecked; the other arguments are as in `train`. Returns ``result``, updated.
    """
    from tfcourse.models import unfreeze

    _check_result(result, "tfcourse.models.unfreeze(model, from_layer=...), then train it")
    epochs = check.positive_int("epochs", epochs)
    steps_per_execution = resolve_steps_per_execution(steps_per_execution, callbacks,
                                                      result.strategy)
    with result.strategy.scope():
        unfreeze(result.model, from_layer=from_layer)
        result.model.compile(optimizer=make_optimizer(optimizer, lr), loss=loss,
                             metrics=list(metrics), jit_compile=result.model.jit_compile,
                             steps_per_execution=steps_per_execution)
    return _fit(result, train_data, val_data, epochs=result.epochs + epochs, patience=patience,
                seed=seed, verbose=verbose, phase="fine_tune", callbacks=callbacks)


def _check_result(result, bare_model_advice: str) -> None:
    if not isinstance(result, TrainResult):
        raise TypeError(f"Argument `result` must be the TrainResult that train() returned (it "
                        f"knows the strategy and batch size). Received: "
                        f"{type(result).__name__}. For a bare keras.Model, use "
                        f"{bare_model_advice}.")


def _fit(result, train_data, val_data, *, epochs, patience, seed, verbose, phase, callbacks):
    train_ds = _as_dataset(result, train_data, "train_data", training=True, seed=seed)
    val_ds = _as_dataset(result, val_data, "val_data", training=False, seed=seed)
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
    phase_cbs = phase_callbacks(out_dir, monitor=monitor, patience=patience, phase=phase,
                                extra=callbacks, prior=prior, first_epoch=first_epoch,
                                verbose=verbose, workers=num_workers(result.strategy))
    backup = next((c for c in phase_cbs if isinstance(c, Backup)), None)
    initial_epoch = first_epoch
    if backup is not None:
        with result.strategy.scope():
            restored = backup.restore(result.model)
        initial_epoch = first_epoch if restored is None else restored
    # Keras' own BackupAndRestore, if passed in callbacks, sets model._initial_epoch on restore
    # and nothing resets it: a later fit (fine-tuning) would restart from that stale epoch
    result.model._initial_epoch = None
    start = time.perf_counter()
    try:
        history = result.model.fit(
            train_ds, validation_data=val_ds, epochs=epochs, initial_epoch=initial_epoch,
            shuffle=False,  # the pipeline shuffles (tfcourse.data.for_strategy)
            verbose=verbose, callbacks=phase_cbs)
    except BaseException:  # Ctrl-C or an error: the best model so far still reaches the disk
        if backup is not None and backup.best is not None:
            backup.best.flush()
        raise
    if out_dir != result.out_dir:  # a non-chief worker's copies: not needed after the phase
        shutil.rmtree(out_dir, ignore_errors=True)
    result.seconds += time.perf_counter() - start
    result.model._initial_epoch = None
    for key, values in history.history.items():
        result.history.setdefault(key, []).extend(float(v) for v in values)
    return result


def evaluate(result: TrainResult, x, y) -> dict:
    """The loss and metrics of ``result.model`` on ``(x, y)``, e.g. ``{"loss": 0.07, ...}``.

    Raises:
        TypeError: If ``result`` is not a `TrainResult` (e.g. a bare model).
        ValueError: If ``(x, y)`` does not fit the model (see `tfcourse.checks`).
    """
    _check_result(result, "model.evaluate(x, y)")
    check_data(result.model, x, y, loss=result.model.loss, name=None,
               replicas=result.strategy.num_replicas_in_sync)
    ds = for_strategy(x, y, per_replica_batch_size=result.per_replica_batch_size,
                      strategy=result.strategy, training=False)
    return {k: float(v) for k, v in result.model.evaluate(ds, verbose=0, return_dict=True).items()}
