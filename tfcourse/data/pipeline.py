"""tf.data input pipelines from in-memory arrays, batched for a `tf.distribute.Strategy`.

The order of the steps matters: cache before shuffle (so each epoch reshuffles the cached
examples), shuffle before batch (so batches mix examples, not just batch order), prefetch last
(so the next batch is prepared while the model trains on this one).

With a strategy, a dataset is batched at the *global* batch size: with 2 replicas and 32
examples per replica, each step reads 64 examples and every replica gets 32. `for_strategy`
does that arithmetic.

Example:
    >>> import numpy as np
    >>> from tfcourse.data.pipeline import make_dataset
    >>> ds = make_dataset(np.arange(10), np.arange(10) % 2, batch_size=4)
    >>> [len(x) for x, y in ds]
    [4, 4, 2]
"""

from __future__ import annotations

import tensorflow as tf

from tfcourse import validation as check
from tfcourse.distribute import global_batch_size


def make_dataset(x, y=None, *, batch_size: int, shuffle: bool = False, seed: int = 0,
                 cache: bool = True, drop_remainder: bool = False,
                 repeat: bool = False) -> tf.data.Dataset:
    """A batched `tf.data.Dataset` of ``x`` (and ``y``): cache → shuffle → batch → prefetch.

    Args:
        x: Inputs, an array of m examples (m, ...).
        y: Targets (m, ...), or None for a dataset of inputs only. Defaults to None.
        batch_size: Examples per batch, a positive integer. Under a strategy this is the
            *global* batch (see `for_strategy`).
        shuffle: Shuffle all m examples, afresh every epoch. Defaults to False.
        seed: Seed of the shuffle: the same seed gives the same sequence of epochs.
            Defaults to 0.
        cache: Keep the examples in memory after the first epoch. Costs nothing here, and is
            where an expensive decode or augmentation ``map`` would go before. Defaults to True.
        drop_remainder: Drop the last batch if it is smaller than ``batch_size`` (every batch
            then has a static shape). Defaults to False.
        repeat: Repeat forever (then pass ``steps_per_epoch`` to `fit`). Defaults to False.

    Returns:
        A prefetching `tf.data.Dataset` of ``x`` batches, or of ``(x, y)`` batch pairs.

    Raises:
        ValueError: If ``x`` is empty, ``x`` and ``y`` differ in length, or ``batch_size`` or
            ``seed`` is invalid.
    """
    batch_size = check.positive_int("batch_size", batch_size)
    seed = check.seed(seed)
    m = len(x)
    if m == 0:
        raise ValueError("Argument `x` must hold at least one example. Received: len(x)=0")
    if y is not None and len(y) != m:
        raise ValueError(f"Arguments `x` and `y` must hold the same number of examples. "
                         f"Received: len(x)={m}, len(y)={len(y)}")

    ds = tf.data.Dataset.from_tensor_slices(x if y is None else (x, y))
    if cache:
        ds = ds.cache()
    if shuffle:  # a buffer of all m examples: a full, uniform shuffle
        ds = ds.shuffle(m, seed=int(seed), reshuffle_each_iteration=True)
    ds = ds.batch(int(batch_size), drop_remainder=drop_remainder)
    if repeat:  # after batch, so every epoch ends with its own (possibly partial) batch
        ds = ds.repeat()
    ds = ds.prefetch(tf.data.AUTOTUNE)

    # in-memory data has no files to shard by, so under multi-worker training each worker
    # takes every n-th element (DATA) instead of trying FILE sharding and warning
    options = tf.data.Options()
    options.experimental_distribute.auto_shard_policy = tf.data.experimental.AutoShardPolicy.DATA
    return ds.with_options(options)


def for_strategy(x, y=None, *, per_replica_batch_size: int,
                 strategy: tf.distribute.Strategy | None = None, training: bool = True,
                 seed: int = 0) -> tf.data.Dataset:
    """A dataset batched at the global batch size of ``strategy``, shuffled when training.

    The global batch is ``per_replica_batch_size × strategy.num_replicas_in_sync``. Pass the
    result straight to `Model.fit` / `evaluate`: Keras splits each batch across the replicas.
    A custom training loop distributes it itself with
    ``strategy.experimental_distribute_dataset(ds)``.

    The last, partial batch. On one machine it is kept. Across several workers
    (`MultiWorkerMirroredStrategy`) every worker reads the same, identically shuffled examples
    and keeps its own share of each batch (sharding by DATA), so a short last batch gives some
    workers few examples or none: 1 example over 2 workers is 1 + 0. An empty share breaks
    synchronized batch norm (the workers' collective ops disagree on shapes: measured with
    Keras 3.15), and Keras weighs each replica's *mean* loss equally, so a small share would
    count more per example. So training data drops its last partial batch there: every step
    then has the full global batch, on every worker, and since the shuffle differs each
    epoch, different examples sit out each time (fewer than one global batch per epoch).
    Evaluation keeps every example: its counts are summed over the workers, and batch norm
    then uses its moving averages, so empty shares do no harm.

    Args:
        x: Inputs (m, ...).
        y: Targets (m, ...), or None. Defaults to None.
        per_replica_batch_size: Examples each replica sees per step, a positive integer.
        strategy: The strategy; the current one (`tf.distribute.get_strategy()`, which inside
            ``strategy.scope()`` is that strategy) if None. Defaults to None.
        training: Shuffle (training data) or keep the order (evaluation). Defaults to True.
        seed: Seed of the shuffle. Defaults to 0.

    Returns:
        A `tf.data.Dataset` as from `make_dataset`, batched at the global batch size.

    Raises:
        ValueError: If an argument is invalid (see `make_dataset`).

    Example:
        >>> import numpy as np
        >>> ds = for_strategy(np.zeros((10, 3)), np.zeros(10), per_replica_batch_size=4)
        >>> [len(x) for x, y in ds]  # one replica: global batch 4
        [4, 4, 2]
    """
    from tfcourse.multiworker import num_workers

    n = check.positive_int("per_replica_batch_size", per_replica_batch_size)
    strategy = strategy or tf.distribute.get_strategy()
    batch_size = global_batch_size(int(n), strategy)
    batch_size = even_first_batch(batch_size, batch_size // int(n), len(x))
    return make_dataset(x, y, batch_size=batch_size, shuffle=training, seed=seed,
                        drop_remainder=training and num_workers(strategy) > 1)


def even_first_batch(batch_size: int, replicas: int, num_examples: int | None) -> int:
    """The global batch size to use so that the first batch splits evenly over the replicas.

    Keras 3.15 under `MirroredStrategy` fails when the *first* batch splits unevenly over the
    replicas (measured: 55 examples over 2 replicas, 28 + 27). That only happens when there are
    fewer examples than one global batch; then the batch shrinks to the largest multiple of
    ``replicas`` that fits, and the few examples left over form a last, partial batch, which
    Keras handles. Every example is still used once.

    Args:
        batch_size: The global batch size.
        replicas: The number of replicas.
        num_examples: Examples in the dataset, or None when unknown (nothing changes).

    Returns:
        ``batch_size``, or the smaller even size.

    Example:
        >>> even_first_batch(64, 2, 55), even_first_batch(64, 2, 200), even_first_batch(64, 1, 55)
        (54, 64, 64)
    """
    if num_examples is not None and replicas > 1 and replicas <= num_examples < batch_size:
        return replicas * (num_examples // replicas)
    return batch_size
