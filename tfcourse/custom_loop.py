"""A Keras model trained by a hand-written loop: what ``model.fit`` does, spelled out.

TensorFlow's distributed custom-training pattern: model, optimizer and metric are made in
``strategy.scope()``; the data is batched at the *global* batch size and distributed; each
replica averages its per-example losses over the global batch (`tf.nn.compute_average_loss`);
``strategy.run`` runs the step on every replica inside a `tf.function`, ``strategy.reduce``
sums the losses. With a ``checkpoint_dir`` a run resumes after its last saved epoch.
"""

from __future__ import annotations

import dataclasses
import time

import keras
import tensorflow as tf

from tfcourse import validation as check
from tfcourse.checkpointing import LoopCheckpoint
from tfcourse.checks import check_data
from tfcourse.data.pipeline import for_strategy
from tfcourse.precision import dtype_policy


@dataclasses.dataclass
class CustomResult:
    """What `fit_custom` returns: the model, each epoch's mean loss and accuracy (resumed
    epochs included), the dtype policy, and the seconds of this call's epochs."""

    model: keras.Model
    losses: list
    accuracies: list
    policy: str
    seconds: float


def fit_custom(build_model, x, y, *, strategy=None, per_replica_batch_size: int = 64,
               epochs: int = 5, lr: float = 1e-3, mixed_precision=False,
               checkpoint_dir=None, seed: int = 0, verbose: bool = True) -> CustomResult:
    """Train a classifier with sparse integer labels by an explicit distributed loop.

    Args:
        build_model: A function returning an uncompiled `keras.Model` with softmax outputs.
        x: Inputs, batch axis first.
        y: Integer labels, shape (m,).
        strategy: A `tf.distribute.Strategy`; the current one if None.
        per_replica_batch_size: Examples per replica per step. Defaults to 64.
        epochs: Epochs in total (a resumed run does only the missing ones). Defaults to 5.
        lr: Adam's learning rate. Defaults to 1e-3.
        mixed_precision: As in `tfcourse.precision.dtype_policy`. Defaults to False.
        checkpoint_dir: Save after every epoch and resume from here. Defaults to None.
        seed: Seeds weights and shuffling. Defaults to 0.
        verbose: Print one line per epoch. Defaults to True.

    Returns:
        A `CustomResult`.

    Raises:
        ValueError: On invalid arguments or data (see `tfcourse.checks`).
    """
    epochs = check.positive_int("epochs", epochs)
    per_replica_batch_size = check.positive_int("per_replica_batch_size", per_replica_batch_size)
    lr = check.positive_number("lr", lr)
    seed = check.seed(seed)
    strategy = strategy or tf.distribute.get_strategy()
    keras.utils.set_random_seed(seed)
    with dtype_policy(mixed_precision) as policy, strategy.scope():
        model = build_model()
        check_data(model, x, y, loss="sparse_categorical_crossentropy", name=None,
                   replicas=strategy.num_replicas_in_sync)
        optimizer = keras.optimizers.Adam(lr)
        if policy == "mixed_float16":  # float16 needs loss scaling; bfloat16 does not
            optimizer = keras.optimizers.LossScaleOptimizer(optimizer)
        optimizer.build(model.trainable_variables)
        accuracy = keras.metrics.SparseCategoricalAccuracy()
    loss_fn = keras.losses.SparseCategoricalCrossentropy(reduction=None)  # per-example
    dataset = for_strategy(x, y, per_replica_batch_size=per_replica_batch_size,
                           strategy=strategy, training=True, seed=seed)
    dist = strategy.experimental_distribute_dataset(dataset)

    def replica_step(inputs):
        images, labels = inputs  # (B_r, ...), (B_r,): this replica's share
        # the global batch, counted: the last batch of an epoch may be smaller
        global_batch = tf.distribute.get_replica_context().all_reduce(
            tf.distribute.ReduceOp.SUM, tf.shape(labels)[0])
        with tf.GradientTape() as tape:
            probs = model(images, training=True)  # (B_r, K), float32 under any policy
            per_example = loss_fn(labels, probs)  # (B_r,)
            loss = tf.nn.compute_average_loss(per_example, global_batch_size=global_batch)
            if model.losses:  # weight decay etc., split over the replicas
                loss += tf.nn.scale_regularization_loss(tf.add_n(model.losses))
            scaled = optimizer.scale_loss(loss) if policy == "mixed_float16" else loss
        grads = tape.gradient(scaled, model.trainable_variables)
        optimizer.apply(grads, model.trainable_variables)  # unscales first under float16
        accuracy.update_state(labels, probs)
        return loss

    @tf.function
    def train_step(inputs):
        per_replica = strategy.run(replica_step, args=(inputs,))
        return strategy.reduce(tf.distribute.ReduceOp.SUM, per_replica, axis=None)

    history, first, ckpt = {"loss": [], "accuracy": []}, 0, None
    if checkpoint_dir is not None:  # resume after the last saved epoch
        ckpt = LoopCheckpoint(checkpoint_dir, {"model": model, "optimizer": optimizer},
                              total=epochs, history=tuple(history), strategy=strategy)
        history, first = ckpt.history, ckpt.done
    start = time.perf_counter()
    for epoch in range(first, epochs):
        total, steps = tf.zeros(()), 0
        for batch in dist:
            total += train_step(batch)  # stays on the device: no wait for every step
            steps += 1
        history["loss"].append(float(total) / steps)
        history["accuracy"].append(float(accuracy.result()))
        accuracy.reset_state()
        if verbose:
            print(f"epoch {epoch + 1}/{epochs}: loss {history['loss'][-1]:.4f}, "
                  f"accuracy {history['accuracy'][-1]:.4f}")
        if ckpt is not None:
            ckpt.maybe_save(epoch + 1, history)
    return CustomResult(model, history["loss"], history["accuracy"], policy,
                        time.perf_counter() - start)
