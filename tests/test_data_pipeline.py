"""tf.data pipelines: batch sizes, seeded shuffling, and global batches under a strategy."""

import numpy as np
import pytest
import tensorflow as tf

from tfcourse import data
from tfcourse.distribute import get_strategy


def _epoch(ds):
    """One pass over ``ds``: the list of (x batch, y batch) as NumPy."""
    return [(x.numpy(), y.numpy()) for x, y in ds]


@pytest.mark.parametrize("m,batch,drop,sizes", [
    (10, 4, False, [4, 4, 2]),
    (10, 4, True, [4, 4]),
    (8, 4, False, [4, 4]),
    (3, 8, False, [3]),
])
def test_batch_sizes(m, batch, drop, sizes):
    x = np.arange(m, dtype=np.float32)[:, None]  # (m, 1)
    ds = data.make_dataset(x, np.arange(m), batch_size=batch, drop_remainder=drop)
    assert [len(xb) for xb, _ in _epoch(ds)] == sizes
    np.testing.assert_array_equal(np.concatenate([yb for _, yb in _epoch(ds)]),
                                  np.arange(sum(sizes)))  # no shuffle: original order


def test_inputs_only_and_repeat():
    ds = data.make_dataset(np.arange(5), batch_size=2, repeat=True)
    firsts = [b.numpy().tolist() for b in ds.take(4)]
    assert firsts == [[0, 1], [2, 3], [4], [0, 1]]  # every epoch ends with its own batch


def test_shuffle_is_seeded_and_covers_each_example_once_per_epoch():
    x = np.arange(100)
    ds = data.make_dataset(x, x * 10, batch_size=16, shuffle=True, seed=7)
    epoch1, epoch2 = _epoch(ds), _epoch(ds)
    for epoch in (epoch1, epoch2):
        xs = np.concatenate([xb for xb, _ in epoch])
        np.testing.assert_array_equal(np.sort(xs), x)  # a permutation: each example once
        np.testing.assert_array_equal(np.concatenate([yb for _, yb in epoch]), xs * 10)  # pairs kept
    order1 = np.concatenate([xb for xb, _ in epoch1])
    order2 = np.concatenate([xb for xb, _ in epoch2])
    assert not np.array_equal(order1, x) and not np.array_equal(order1, order2)  # reshuffled
    again = data.make_dataset(x, x * 10, batch_size=16, shuffle=True, seed=7)
    np.testing.assert_array_equal(np.concatenate([xb for xb, _ in _epoch(again)]), order1)
    other = data.make_dataset(x, x * 10, batch_size=16, shuffle=True, seed=8)
    assert not np.array_equal(np.concatenate([xb for xb, _ in _epoch(other)]), order1)


def test_auto_shard_policy_is_data():
    ds = data.make_dataset(np.zeros(4), batch_size=2)
    policy = ds.options().experimental_distribute.auto_shard_policy
    assert policy == tf.data.experimental.AutoShardPolicy.DATA


@pytest.mark.parametrize("kwargs,match", [
    (dict(x=np.zeros(5), y=np.zeros(4), batch_size=2), r"`x` and `y`.*len\(x\)=5, len\(y\)=4"),
    (dict(x=np.zeros(5), batch_size=0), r"`batch_size`.*Received: batch_size=0"),
    (dict(x=np.zeros(5), batch_size=2.0), r"Received: batch_size=2.0"),
    (dict(x=np.zeros(0), batch_size=2), r"`x`.*len\(x\)=0"),
])
def test_make_dataset_rejects_bad_arguments(kwargs, match):
    with pytest.raises(ValueError, match=match):
        data.make_dataset(**kwargs)


@pytest.mark.parametrize("make_strategy,replicas", [
    (tf.distribute.get_strategy, 1),  # the default (no) strategy
    (lambda: get_strategy("cpu"), 1),
    (lambda: get_strategy(cpu_replicas=2), 2),  # conftest split the CPU in two
], ids=["default", "cpu", "mirrored-2"])
def test_for_strategy_batches_at_the_global_size(make_strategy, replicas):
    strategy = make_strategy()
    assert strategy.num_replicas_in_sync == replicas
    x = np.arange(20, dtype=np.float32)[:, None]  # (20, 1)
    ds = data.for_strategy(x, np.arange(20), per_replica_batch_size=4, strategy=strategy)
    sizes = [len(xb) for xb, _ in _epoch(ds)]
    assert sizes[0] == 4 * replicas and sum(sizes) == 20
    # the strategy splits each global batch: every replica gets per_replica_batch_size examples
    dist = strategy.experimental_distribute_dataset(ds)
    xb, _ = next(iter(dist))
    per_replica = strategy.experimental_local_results(xb)
    assert [len(t) for t in per_replica] == [4] * replicas


def test_for_strategy_shuffles_only_when_training():
    x = np.arange(50)
    train = data.for_strategy(x, x, per_replica_batch_size=10, training=True, seed=1)
    evaluation = data.for_strategy(x, x, per_replica_batch_size=10, training=False)
    assert not np.array_equal(np.concatenate([b for b, _ in _epoch(train)]), x)
    np.testing.assert_array_equal(np.concatenate([b for b, _ in _epoch(evaluation)]), x)


def test_for_strategy_uses_the_scoped_strategy():
    strategy = get_strategy(cpu_replicas=2)
    with strategy.scope():
        ds = data.for_strategy(np.zeros(12), None, per_replica_batch_size=3)
    assert [len(b) for b in ds] == [6, 6]
    with pytest.raises(ValueError, match=r"`per_replica_batch_size`.*Received: "
                                         r"per_replica_batch_size=0"):
        data.for_strategy(np.zeros(4), per_replica_batch_size=0)


@pytest.mark.parametrize("make_strategy", [tf.distribute.get_strategy,
                                           lambda: get_strategy(cpu_replicas=2)],
                         ids=["default", "mirrored-2"])
@pytest.mark.parametrize("m, training", [(20, True), (20, False), (7, True), (7, False)])
def test_for_strategy_gives_a_dataset_the_batches_of_its_arrays(make_strategy, m, training):
    """The oracle: an unbatched dataset gets exactly the batches of the same arrays."""
    strategy = make_strategy()
    x = np.arange(m, dtype=np.float32)[:, None]  # (m, 1)
    y = np.arange(m) * 10
    kw = dict(per_replica_batch_size=4, strategy=strategy, training=training, seed=3)
    arrays = data.for_strategy(x, y, **kw)
    dataset = data.for_strategy(tf.data.Dataset.from_tensor_slices((x, y)), **kw)
    for _ in range(2):  # two epochs: the same reshuffle on both
        got, want = _epoch(dataset), _epoch(arrays)
        assert [len(b) for b, _ in got] == [len(b) for b, _ in want]
        for (gx, gy), (wx, wy) in zip(got, want):
            np.testing.assert_array_equal(gx, wx)
            np.testing.assert_array_equal(gy, wy)
    replicas = strategy.num_replicas_in_sync
    # 7 examples over 2 replicas: the first batch shrinks to 6 so it splits evenly, then 1
    expected = {(20, 1): [4] * 5, (20, 2): [8, 8, 4], (7, 1): [4, 3], (7, 2): [6, 1]}
    assert [len(b) for b, _ in _epoch(dataset)] == expected[m, replicas]
    policy = dataset.options().experimental_distribute.auto_shard_policy
    assert policy == tf.data.experimental.AutoShardPolicy.DATA


def test_for_strategy_shuffles_a_dataset_of_unknown_size():
    x = np.arange(30)
    ds = tf.data.Dataset.from_tensor_slices((x, x)).filter(lambda a, b: True)  # size unknown
    assert int(ds.cardinality()) < 0
    out = data.for_strategy(ds, per_replica_batch_size=8, seed=1)
    xs = np.concatenate([b for b, _ in _epoch(out)])
    np.testing.assert_array_equal(np.sort(xs), x)  # each example once
    assert not np.array_equal(xs, x)  # shuffled
    with pytest.raises(TypeError, match=r"`y` must be None when `x` is a tf.data.Dataset"):
        data.for_strategy(ds, x, per_replica_batch_size=8)
