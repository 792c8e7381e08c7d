"""Text classification: words → ids (`make_text_vectorizer`) → embedding → (bi)LSTM.

With the vectorizer inside, the model takes raw strings (a NumPy array of dtype object) and
saves its vocabulary; import this module before ``keras.saving.load_model``.
"""

from __future__ import annotations

import keras
import tensorflow as tf

from tfcourse import validation as check
from tfcourse.models.vectorizer import make_text_vectorizer, standardize_text, vectorizer_shape

__all__ = ["build_text_classifier", "add_vectorizer", "make_text_vectorizer",
           "standardize_text"]


def build_text_classifier(vocab_size, num_classes: int = 2, *, sequence_length: int = 100,
                          embedding_dim: int = 64, units: int = 32, bidirectional: bool = True,
                          dropout: float = 0.0, classifier_activation="softmax",
                          vectorizer=None) -> keras.Model:
    """An embedding and a (bidirectional) LSTM, which skips the padding, classify word ids.

    Args:
        vocab_size: Number of ids, padding and "[UNK]" included; None with a ``vectorizer``.
        num_classes: Number of classes, at least 2. Defaults to 2.
        sequence_length: Ids per text (the vectorizer's, if given). Defaults to 100.
        embedding_dim: Length of each word's learned vector. Defaults to 64.
        units: LSTM units per direction. Defaults to 32.
        bidirectional: Read the text both ways. Defaults to True.
        dropout: Dropout rate before the classifier, in [0, 1). Defaults to 0.0.
        classifier_activation: ``"softmax"``, or None for logits. Defaults to ``"softmax"``.
        vectorizer: An adapted `keras.layers.TextVectorization` to put inside, so the model
            takes raw strings. Defaults to None (it takes ids).

    Returns:
        A `keras.Model`: ``(B, sequence_length)`` ids, or ``(B,)`` strings, → ``(B, classes)``.
    """
    if vectorizer is not None:
        vocab_size, sequence_length = _check_vectorizer(vectorizer, vocab_size, sequence_length)
    vocab_size = check.positive_int("vocab_size", vocab_size)
    num_classes = check.integer("num_classes", num_classes, 2)
    sequence_length = check.positive_int("sequence_length", sequence_length)
    embedding_dim = check.positive_int("embedding_dim", embedding_dim)
    units = check.positive_int("units", units)
    check.flag("bidirectional", bidirectional)
    dropout = check.fraction("dropout", dropout)
    check.activation("classifier_activation", classifier_activation, allow_none=True)

    _use_up_onednn_bool_notice()
    if vectorizer is not None:
        inputs = keras.Input(shape=(), dtype="string", name="text")  # (B,) raw strings
        ids = vectorizer(inputs)  # (B, T) int64, 0 = padding
    else:
        inputs = keras.Input(shape=(sequence_length,), dtype="int32", name="tokens")  # (B, T)
        ids = inputs
    # mask_zero: padding ids 0 carry a mask, so the LSTM skips them instead of reading "nothing"
    x = keras.layers.Embedding(vocab_size, embedding_dim, mask_zero=True,
                               name="embedding")(ids)  # (B, T, E)
    lstm = keras.layers.LSTM(units, name="lstm")
    if bidirectional:
        x = keras.layers.Bidirectional(lstm, name="bilstm")(x)  # (B, 2 * units)
    else:
        x = lstm(x)  # (B, units): the state after the last real word
    if dropout:
        x = keras.layers.Dropout(dropout, name="dropout")(x)
    outputs = keras.layers.Dense(num_classes, activation=classifier_activation,
                                 name="classifier", dtype="float32")(x)  # (B, num_classes)
    return keras.Model(inputs, outputs, name="text_classifier")


def add_vectorizer(model: keras.Model, vectorizer) -> keras.Model:
    """``vectorizer`` then ``model`` (a word-id classifier): a model of raw strings.

    On several replicas, where Keras cannot fit on strings, train the id model on vectorized
    data, then wrap it. The result shares ``model``'s weights.
    """
    if not isinstance(model, keras.Model) or len(model.inputs) != 1 \
            or len(model.input_shape) != 2:
        raise check.invalid("model", "a word-id classifier from build_text_classifier(), "
                            "taking (B, sequence_length) ids",
                            received=f"model={getattr(model, 'name', model)!r}")
    embedding = next((layer for layer in model.layers
                      if isinstance(layer, keras.layers.Embedding)), None)
    size, length = vectorizer_shape(vectorizer)
    if length != model.input_shape[1] or (embedding is not None and embedding.input_dim != size):
        raise ValueError(
            f"Arguments `model` and `vectorizer` do not fit: the vectorizer gives {length} ids "
            f"from a vocabulary of {size}; the model takes {model.input_shape[1]} ids from a "
            f"vocabulary of {embedding.input_dim if embedding else '?'}. Use the vectorizer "
            "the model's training ids came from.")
    inputs = keras.Input(shape=(), dtype="string", name="text")  # (B,) raw strings
    outputs = model(vectorizer(inputs))  # (B, T) ids → (B, num_classes)
    return keras.Model(inputs, outputs, name=f"{model.name}_text")


def _check_vectorizer(vectorizer, vocab_size, sequence_length) -> tuple[int, int]:
    """The vectorizer's ``(vocab_size, sequence_length)``, checked against the arguments."""
    size, length = vectorizer_shape(vectorizer)
    if vocab_size is not None and vocab_size != size:
        raise ValueError(f"Arguments `vocab_size` and `vectorizer` disagree: the vectorizer "
                         f"knows {size} ids. Pass vocab_size={size} or None. Received: "
                         f"vocab_size={vocab_size!r}")
    if sequence_length != length:
        raise ValueError(f"Arguments `sequence_length` and `vectorizer` disagree: the "
                         f"vectorizer outputs {length} ids per text. Pass "
                         f"sequence_length={length}. Received: sequence_length={sequence_length!r}")
    return size, length


_onednn_bool_notice_used_up = False


def _use_up_onednn_bool_notice() -> None:
    """Let TensorFlow print its one-time oneDNN notice about booleans now, silenced."""
    global _onednn_bool_notice_used_up
    if _onednn_bool_notice_used_up:
        return
    _onednn_bool_notice_used_up = True
    from tfcourse._quiet import stderr_silenced

    # The padding mask makes the LSTM transpose a boolean tensor; the first such op in a
    # process logs "oneDNN supports DT_BOOL only on platforms with AVX-512" straight to fd 2
    # on CPUs without it (harmless: Eigen runs the op). One silenced transpose uses it up.
    with stderr_silenced():
        tf.transpose(tf.constant([[True]]))  # (1, 1) booleans: the op that logs
