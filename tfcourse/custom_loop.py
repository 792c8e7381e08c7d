"""A Keras model trained by a hand-written loop: what ``model.fit`` does, spelled out.

This is TensorFlow's distributed custom-training pattern, the one every tfcourse loop follows:

1. the model, optimizer and metric are created inside ``strategy.scope()``;
2. the dataset is batched at the *global* batch size and distributed over the replicas;
3. each replica computes its per-example losses and averages them over the global batch
   (`tf.nn.compute_average_loss`), so summing the replicas' gradients gives the batch mean's;
4. ``strategy.run`` runs that step on every replica inside a `tf.function`, and
   ``strategy.reduce(SUM)`` adds up the replicas' losses.

With mixed precision under ``mixed_float16`` the optimizer is a `keras.optimizers.
LossScaleOptimizer`: the loss is multiplied by ``optimizer.scale_loss`` before the backward
pass, and ``optimizer.apply`` divides the gradients back (skipping a step whose gradients
overflowed). Keras 2's ``get_scaled_loss``/``get_unscaled_gradients`` no longer exist.
A `tf.train.CheckpointManager` saves model, optimizer and epoch after every epoch; calling
again with the same ``checkpoint_dir`` resumes after the last saved epoch.

Example:
    >>> import numpy as np
    >>> from tfcourse.models import build_mlp
    >>> x, y = np.random.rand(64, 4).astype("float32"), np.arange(64) % 2
    >>> result = fit_custom(lambda: build_mlp((4,), 2), x, y, epochs=2, verbose=False)
    >>> len(result.losses)
    2
"""

from __future__ import annotations

import dataclasses
import time

import keras
import tensorflow as tf

from tfcourse import validation as check
from tfcourse.checkpointing import LoopCheckpoint
from tfcourse.data.pipeline import for_strategy
from tfcourse.precision import dtype_policy


@dataclasses.dataclass
class CustomResult:
    """What `fit_custom` returns.

    Attributes:
        model: The trained model.
        losses: Mean training loss of each epoch (all epochs, resumed ones included).
        accuracies: Training accuracy of each epoch.
        policy: The dtype policy the model was built under.
        seconds: Wall time of the epochs run in this call.
    """

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
        mixed_precision: True to build the model under the machine's mixed policy, or a
            policy name (see `tfcourse.precision.dtype_policy`). Defaults to False.
        checkpoint_dir: Save after every epoch and resume from here. Defaults to None.
        seed: Seeds weights and shuffling. Defaults to 0.
        verbose: Print one line per epoch. Defaults to True.

    Returns:
        A `CustomResult`.

    Raises:
        ValueError: If ``epochs`` or ``per_replica_batch_size`` is not a positive integer.
    """
    epochs = check.positive_int("epochs", epochs)
    per_replica_batch_size = check.positive_int("per_replica_batch_size", per_replica_batch_size)
    lr = check.positive_number("lr", lr)
    seed = check.seed(seed)
    strategy = strategy or tf.distribute.get_strategy()
    keras.utils.set_random_seed(seed)
    with dtype_policy(mixed_precision) as policy, strategy.scope():
        model = build_model()
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
