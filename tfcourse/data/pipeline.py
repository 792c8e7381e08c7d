"""tf.data input pipelines, batched for a `tf.distribute.Strategy` (`for_strategy`).

The order of the steps matters: cache before shuffle (each epoch reshuffles the cached
examples), shuffle before batch (batches mix examples), prefetch last (the next batch is
prepared while the model trains on this one).
"""

from __future__ import annotations

import tensorflow as tf

from tfcourse import validation as check
from tfcourse.checks import same_length
from tfcourse.distribute import global_batch_size

SHUFFLE_BUFFER = 10_000  # examples shuffled at a time when a dataset's size is unknown


def make_dataset(x, y=None, *, batch_size: int, shuffle: bool = False, seed: int = 0,
                 cache: bool = True, drop_remainder: bool = False,
                 repeat: bool = False) -> tf.data.Dataset:
    """A batched `tf.data.Dataset` of ``x`` (and ``y``): cache → shuffle → batch → prefetch.

    Args:
        x: Inputs, an array of m examples (m, ...).
        y: Targets (m, ...), or None for a dataset of inputs only. Defaults to None.
        batch_size: Examples per batch (under a strategy, the *global* batch).
        shuffle: Shuffle all m examples, afresh every epoch. Defaults to False.
        seed: Seed of the shuffle. Defaults to 0.
        cache: Keep the examples in memory after the first epoch. Defaults to True.
        drop_remainder: Drop a last batch smaller than ``batch_size``. Defaults to False.
        repeat: Repeat forever (then pass ``steps_per_epoch`` to `fit`). Defaults to False.

    Raises:
        ValueError: If ``x`` is empty, ``x`` and ``y`` differ in length, or an argument is bad.
    """
    batch_size = check.positive_int("batch_size", batch_size)
    seed = check.seed(seed)
    if len(x) == 0:
        raise ValueError("Argument `x` must hold at least one example. Received: len(x)=0")
    if y is not None:
        same_length(x, y)
    ds = tf.data.Dataset.from_tensor_slices(x if y is None else (x, y))
    return _batched(ds.cache() if cache else ds, batch_size, shuffle=shuffle, seed=seed,
                    drop_remainder=drop_remainder, repeat=repeat)


def _size(ds: tf.data.Dataset) -> int | None:
    """The number of elements of ``ds``, or None when unknown or infinite."""
    size = int(ds.cardinality())
    return size if size >= 0 else None


def _batched(ds, batch_size, *, shuffle, seed, drop_remainder=False, repeat=False):
    """shuffle → batch → (repeat) → prefetch, sharded by DATA across workers."""
    if shuffle:  # a buffer of all the examples (a full, uniform shuffle) when their number is known
        ds = ds.shuffle(_size(ds) or SHUFFLE_BUFFER, seed=seed, reshuffle_each_iteration=True)
    ds = ds.batch(batch_size, drop_remainder=drop_remainder)
    if repeat:  # after batch, so every epoch ends with its own (possibly partial) batch
        ds = ds.repeat()
    # data in memory has no files to shard by: each worker takes every n-th element (DATA)
    options = tf.data.Options()
    options.experimental_distribute.auto_shard_policy = tf.data.experimental.AutoShardPolicy.DATA
    return ds.prefetch(tf.data.AUTOTUNE).with_options(options)


def for_strategy(x, y=None, *, per_replica_batch_size: int,
                 strategy: tf.distribute.Strategy | None = None, training: bool = True,
                 seed: int = 0) -> tf.data.Dataset:
    """A dataset batched at the global batch size of ``strategy``, shuffled when training.

    The global batch is ``per_replica_batch_size × strategy.num_replicas_in_sync``. Across
    several workers training drops its last partial batch (an empty share on a worker breaks
    synchronized batch norm); evaluation keeps every example.

    Args:
        x: Inputs (m, ...), or an unbatched `tf.data.Dataset` (of ``(x, y)`` pairs, say).
        y: Targets (m, ...), or None (always None with a dataset). Defaults to None.
        per_replica_batch_size: Examples each replica sees per step.
        strategy: The strategy; the current one (`tf.distribute.get_strategy()`) if None.
        training: Shuffle (training data) or keep the order (evaluation). Defaults to True.
        seed: Seed of the shuffle. Defaults to 0.

    Raises:
        ValueError, TypeError: On bad arguments (as in `make_dataset`), or ``y`` with a dataset.

    Example:
        >>> import numpy as np
        >>> ds = for_strategy(np.zeros((10, 3)), np.zeros(10), per_replica_batch_size=4)
        >>> [len(x) for x, y in ds]  # one replica: global batch 4
        [4, 4, 2]
    """
    from tfcourse.multiworker import num_workers

    n = check.positive_int("per_replica_batch_size", per_replica_batch_size)
    strategy = strategy or tf.distribute.get_strategy()
    batch_size = global_batch_size(n, strategy)
    drop = training and num_workers(strategy) > 1
    if not isinstance(x, tf.data.Dataset):
        batch_size = even_first_batch(batch_size, batch_size // n, len(x))
        return make_dataset(x, y, batch_size=batch_size, shuffle=training, seed=seed,
                            drop_remainder=drop)
    if y is not None:
        raise TypeError("Argument `y` must be None when `x` is a tf.data.Dataset (of (x, y) "
                        f"pairs). Received: y of type {type(y).__name__}")
    batch_size = even_first_batch(batch_size, batch_size // n, _size(x))
    return _batched(x, batch_size, shuffle=training, seed=check.seed(seed), drop_remainder=drop)


def even_first_batch(batch_size: int, replicas: int, num_examples: int | None) -> int:
    """``batch_size``, or less so that the first batch splits evenly over the replicas.

    Keras 3.15 under `MirroredStrategy` fails on an uneven first batch (55 examples over 2
    replicas: 28 + 27); with fewer examples than one global batch, the batch shrinks to the
    largest multiple of ``replicas`` that fits, and the rest form a last, partial batch.

    Example:
        >>> even_first_batch(64, 2, 55), even_first_batch(64, 2, 200), even_first_batch(64, 1, 55)
        (54, 64, 64)
    """
    if num_examples is not None and replicas > 1 and replicas <= num_examples < batch_size:
        return replicas * (num_examples // replicas)
    return batch_size
