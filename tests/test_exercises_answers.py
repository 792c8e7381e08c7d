"""Exercise checks on answers other than the reference: half-filled blanks, and other right ways."""

import math

import numpy as np
import pytest

from tfcourse.exercises import ____
from tfcourse.exercises import concepts, distribute, mlp, softmax_classification


@pytest.mark.parametrize("question, answer", [
    (concepts.q2, lambda w, b, x, t, eta: (w + ____, b)),  # an object array of blanks
    (concepts.q3, lambda o, t: o * (1 - o) * ____),
    (softmax_classification.q2, lambda z, y: -np.mean(____)),
    (distribute.q3, lambda strategy: (____, ____)),
], ids=["pair-with-array", "array", "mean-of-blank", "pair"])
def test_a_half_filled_answer_is_not_answered_yet(question, answer):
    assert question.check(answer).status == "blank"


def _functional_mlp(input_shape, num_classes):
    import keras

    inputs = keras.Input(shape=input_shape)
    x = keras.layers.Flatten()(inputs)
    x = keras.layers.ReLU()(keras.layers.Dense(256)(x))  # the activation as a layer
    x = keras.layers.Dense(128, activation="relu")(x)
    return keras.Model(inputs, keras.layers.Dense(num_classes, activation="softmax")(x))


def _lesson_mlp(input_shape, num_classes):
    from tfcourse.models import build_mlp

    return build_mlp(input_shape, num_classes, hidden_units=(256, 128), dropout=0.3)


def _tf(name):
    import tensorflow as tf

    return {
        "softmax": lambda z: tf.nn.softmax(tf.constant(z, tf.float32)),  # float32 logits
        "cross_entropy": lambda z, y: tf.reduce_mean(
            tf.nn.sparse_softmax_cross_entropy_with_logits(y, z)),
        "replica_loss": lambda losses, g: tf.reduce_sum(losses) / g,
    }[name]


@pytest.mark.parametrize("question, answer", [
    (softmax_classification.q1, "softmax"),
    (softmax_classification.q2, "cross_entropy"),
    (concepts.q1, lambda W, K, P, S: math.floor((W - K + 2 * P) / S) + 1),
    (concepts.q2, lambda w, b, x, t, eta: (  # the slide's form, Δw = η (t − o) x
        w + eta * (t - np.sign(w @ x + b)) * x, b + eta * (t - np.sign(w @ x + b)))),
    (mlp.q2, _functional_mlp),
    (mlp.q2, _lesson_mlp),
    (mlp.q3, 1.43),
    (distribute.q1, lambda g, n: math.ceil(g / n)),
    (distribute.q2, "replica_loss"),
], ids=["tf-softmax-float32", "tf-cross-entropy", "floor", "slide-perceptron", "functional",
        "build_mlp", "two-decimals", "ceil", "tf-replica-loss"])
def test_other_right_answers_pass(question, answer):
    answer = _tf(answer) if isinstance(answer, str) else answer
    feedback = question.check(answer, lang="en")
    assert feedback.status == "correct", feedback
