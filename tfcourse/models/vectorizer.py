"""Text → word ids: 0 pads, 1 is "[UNK]", then the training words, most frequent first."""

from __future__ import annotations

import keras
import numpy as np
import tensorflow as tf  # TextVectorization runs on TensorFlow whatever the Keras backend

from tfcourse import validation as check


@keras.saving.register_keras_serializable(package="tfcourse")
def standardize_text(texts):
    """Lower-case and delete punctuation and symbols in any language (Keras's: ASCII only).

    Example:
        >>> standardize_text(tf.constant(["¿Qué tal? ¡ÚLTIMO aviso!"])).numpy()[0].decode()
        'qué tal último aviso'
    """
    texts = tf.strings.lower(texts, encoding="utf-8")
    return tf.strings.regex_replace(texts, r"[\p{P}\p{S}]", "")  # Unicode punctuation, symbols


def make_text_vectorizer(texts, *, max_tokens: int = 10000,
                         sequence_length: int = 100) -> keras.layers.TextVectorization:
    """A `keras.layers.TextVectorization` whose vocabulary is learned from ``texts``.

    Args:
        texts: The training texts only: a list or 1-D array of strings, or a `tf.data.Dataset`.
        max_tokens: Vocabulary size with padding and "[UNK]", at least 3. Defaults to 10000.
        sequence_length: Ids per text; longer texts are cut, shorter padded. Defaults to 100.

    Returns:
        The adapted layer ``"vectorizer"``: ``(B,)`` strings → ``(B, sequence_length)`` ids.
    """
    max_tokens = check.integer("max_tokens", max_tokens, 3,
                               expected="an integer >= 3 (padding, [UNK] and at least one word)")
    sequence_length = check.positive_int("sequence_length", sequence_length)
    if not isinstance(texts, tf.data.Dataset):
        texts = _texts(texts)
    vectorizer = keras.layers.TextVectorization(
        max_tokens=max_tokens, standardize=standardize_text, output_mode="int",
        output_sequence_length=sequence_length, name="vectorizer")
    vectorizer.adapt(texts)
    return vectorizer


def vectorizer_shape(vectorizer) -> tuple[int, int]:
    """``(vocabulary size, ids per text)`` of an adapted int-output TextVectorization."""
    if not isinstance(vectorizer, keras.layers.TextVectorization):
        raise check.invalid("vectorizer", "a keras.layers.TextVectorization (see "
                            "make_text_vectorizer)", vectorizer)
    config = vectorizer.get_config()
    length = config.get("output_sequence_length")
    if config.get("output_mode") != "int" or length is None:
        raise ValueError("Argument `vectorizer` must output word ids of a fixed length: "
                         "output_mode='int' and output_sequence_length set. Received: "
                         f"output_mode={config.get('output_mode')!r}, "
                         f"output_sequence_length={length!r}")
    size = vectorizer.vocabulary_size()
    if size <= 2:
        raise ValueError("Argument `vectorizer` has no vocabulary yet: call "
                         "vectorizer.adapt(train_texts) first, or use make_text_vectorizer.")
    return size, length


def _texts(texts) -> np.ndarray:
    """``texts`` as a 1-D array of ``str``, or a ValueError saying what came instead."""
    if isinstance(texts, str):
        raise check.invalid("texts", "a list or array of strings, not one string",
                            received=f"texts={texts[:40]!r}")
    array = np.asarray(texts, dtype=object).reshape(-1)  # (m,)
    if array.size == 0 or not all(isinstance(t, (str, bytes)) for t in array):
        preview = repr(texts) if len(repr(texts)) <= 60 else repr(texts)[:57] + "..."
        raise check.invalid("texts", "a non-empty list or array of strings",
                            received=f"texts={preview}")
    return array.astype(str)
