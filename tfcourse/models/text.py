"""Text classification: words -> token ids -> embeddings -> (Bi)LSTM -> class probabilities.

A network needs numbers, so text goes through two steps. `make_text_vectorizer` learns a
vocabulary from the training texts (0 is padding, 1 is "[UNK]" for unseen words, then the
words from most to least frequent) and turns each text into a fixed-length row of word ids.
`build_text_classifier` embeds each id as a learned vector and reads the sequence with an
LSTM; padding is masked, so the LSTM ignores it.

Pass the vectorizer to `build_text_classifier` and the model takes raw strings: the vocabulary
is saved inside the ``.keras`` file, and the loaded model classifies text on its own (import
``tfcourse.models.text`` before ``keras.saving.load_model``, so Keras knows `standardize_text`).

Two things to know about Keras 3.15 here:

* ``fit``, ``evaluate`` and ``predict`` want strings as a NumPy array of dtype ``object``
  (what `load_spam` gives) or a `tf.data.Dataset`; a fixed-width ``"<U..."`` array, such as
  ``np.array(["a", "b"])`` or ``x.astype(str)``, is refused ("Invalid dtype: str...").
* Under a multi-replica `MirroredStrategy`, ``fit`` and ``evaluate`` fail on string inputs
  (Keras averages the first batch across replicas to build the model, and strings cannot be
  averaged). There, vectorize in the `tf.data` pipeline, train the word-id model, and wrap it
  for raw text afterwards with `add_vectorizer`.

Example:
    >>> import numpy as np
    >>> texts = np.array(["Free prize, call now!", "see you at lunch"], dtype=object)
    >>> vectorizer = make_text_vectorizer(texts, sequence_length=6)
    >>> model = build_text_classifier(None, 2, sequence_length=6, vectorizer=vectorizer)
    >>> model.predict(texts, verbose=0).shape
    (2, 2)
"""

from __future__ import annotations

import keras
import numpy as np
import tensorflow as tf  # TextVectorization runs on TensorFlow whatever the Keras backend

from tfcourse import validation as check


@keras.saving.register_keras_serializable(package="tfcourse")
def standardize_text(texts):
    """Lower-case every letter and delete every punctuation mark and symbol.

    Keras' default (``"lower_and_strip_punctuation"``) only knows ASCII: it keeps ``¿``, ``¡``,
    ``€`` and capitals such as ``Á``, so ``"¿Qué"`` and ``"qué"`` would be different words.
    This is registered with Keras, so a model using it still saves and loads with
    ``safe_mode=True``.

    Args:
        texts: A string tensor of any shape.

    Returns:
        The standardized strings, same shape.

    Example:
        >>> standardize_text(tf.constant(["¿Qué tal? ¡ÚLTIMO aviso!"])).numpy()[0].decode()
        'qué tal último aviso'
    """
    texts = tf.strings.lower(texts, encoding="utf-8")
    return tf.strings.regex_replace(texts, r"[\p{P}\p{S}]", "")  # Unicode punctuation, symbols


def make_text_vectorizer(texts, *, max_tokens: int = 10000,
                         sequence_length: int = 100) -> keras.layers.TextVectorization:
    """A `keras.layers.TextVectorization` that has learned its vocabulary from ``texts``.

    Texts are standardized with `standardize_text` (lower case, no punctuation, in any
    language), split on whitespace, and mapped to word ids: 0 pads, 1 stands for any word not
    in the vocabulary, and the ``max_tokens - 2`` most frequent words get 2, 3, ... in order of
    frequency. Every output row has exactly ``sequence_length`` ids: longer texts are cut,
    shorter ones padded with 0.

    Args:
        texts: The training texts: a list or 1-D NumPy array of strings, or a `tf.data.Dataset`
            of strings. Only the training split, so validation words stay unseen.
        max_tokens: Vocabulary size, including padding and "[UNK]"; at least 3.
            Defaults to 10000.
        sequence_length: Number of ids per text. Defaults to 100.

    Returns:
        The adapted layer, named ``"vectorizer"``: ``(B,)`` strings -> ``(B, sequence_length)``
        int64 ids. ``vectorizer.vocabulary_size()`` is the ``vocab_size`` of the classifier.

    Raises:
        ValueError: If ``texts`` is empty or not text, or an argument is out of range.

    Example:
        >>> v = make_text_vectorizer(["the cat sat", "the cat", "The dog!"], sequence_length=4)
        >>> [str(word) for word in v.get_vocabulary()]  # a tie: Keras lists "sat" before "dog"
        ['', '[UNK]', 'the', 'cat', 'sat', 'dog']
        >>> np.asarray(v(["the bird sat"])).tolist()  # "bird" was never seen: [UNK]
        [[2, 1, 4, 0]]
    """
    max_tokens = check.integer("max_tokens", max_tokens, 3,
                               expected="an integer >= 3 (padding, [UNK] and at least one word)")
    sequence_length = check.positive_int("sequence_length", sequence_length)
    if not _is_dataset(texts):
        if isinstance(texts, str):
            raise ValueError("Invalid value for argument `texts`: expected a list or array of "
                             f"strings, not one string. Received: texts={texts[:40]!r}")
        array = np.asarray(texts, dtype=object).reshape(-1)  # (m,)
        if array.size == 0 or not all(isinstance(t, (str, bytes)) for t in array):
            raise ValueError("Invalid value for argument `texts`: expected a non-empty list or "
                             f"array of strings. Received: texts={_preview(texts)}")
        texts = array.astype(str)
    vectorizer = keras.layers.TextVectorization(
        max_tokens=max_tokens, standardize=standardize_text, output_mode="int",
        output_sequence_length=sequence_length, name="vectorizer")
    vectorizer.adapt(texts)
    return vectorizer


def build_text_classifier(vocab_size, num_classes: int = 2, *, sequence_length: int = 100,
                          embedding_dim: int = 64, units: int = 32, bidirectional: bool = True,
                          dropout: float = 0.0, classifier_activation="softmax",
                          vectorizer=None) -> keras.Model:
    """An embedding and a (bidirectional) LSTM that classify a sequence of word ids.

    Args:
        vocab_size: Number of different ids, padding and "[UNK]" included: the vectorizer's
            ``vocabulary_size()``. May be None when ``vectorizer`` is given.
        num_classes: Number of classes, at least 2. Defaults to 2.
        sequence_length: Ids per text; with a ``vectorizer`` it must equal the vectorizer's.
            Defaults to 100.
        embedding_dim: Length of each word's learned vector. Defaults to 64.
        units: LSTM units (per direction). Defaults to 32.
        bidirectional: Read the text both ways and join what the two LSTMs remember, so the
            end of a message counts as much as its start. Defaults to True.
        dropout: Dropout rate before the classifier, in [0, 1); 0 leaves the layer out.
            Defaults to 0.0.
        classifier_activation: Activation of the last layer, or None for logits.
            Defaults to ``"softmax"``.
        vectorizer: An adapted `keras.layers.TextVectorization` (e.g. from
            `make_text_vectorizer`) to put inside the model, which then takes raw strings.
            Defaults to None (the model takes word ids).

    Returns:
        An uncompiled `keras.Model`: ``(B, sequence_length)`` int ids, or ``(B,)`` strings
        with a vectorizer, to ``(B, num_classes)``.

    Raises:
        ValueError: If an argument is invalid, or disagrees with the ``vectorizer``.

    Example:
        >>> model = build_text_classifier(1000, 3, sequence_length=20, bidirectional=False)
        >>> [layer.name for layer in model.layers]
        ['tokens', 'embedding', 'lstm', 'classifier']
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
    """Wrap a word-id classifier so it takes raw strings: ``vectorizer`` then ``model``.

    The usual way to train on several replicas: vectorize in the `tf.data` pipeline, fit the
    word-id model under ``strategy.scope()``, then wrap it for saving and serving. The
    returned model shares ``model``'s layers and weights.

    Args:
        model: A classifier from `build_text_classifier` (without a vectorizer).
        vectorizer: The adapted `keras.layers.TextVectorization` its ids came from.

    Returns:
        A `keras.Model` mapping ``(B,)`` strings to what ``model`` outputs.

    Raises:
        ValueError: If the vectorizer does not fit the model's input.

    Example:
        >>> v = make_text_vectorizer(["free prize now", "lunch at noon"], sequence_length=5)
        >>> ids_model = build_text_classifier(v.vocabulary_size(), sequence_length=5)
        >>> add_vectorizer(ids_model, v).input_shape
        (None,)
    """
    if not isinstance(model, keras.Model) or len(model.inputs) != 1 \
            or len(model.input_shape) != 2:
        raise ValueError("Invalid value for argument `model`: expected a word-id classifier "
                         "from build_text_classifier(), taking (B, sequence_length) ids. "
                         f"Received: model={getattr(model, 'name', model)!r}")
    embedding = next((layer for layer in model.layers
                      if isinstance(layer, keras.layers.Embedding)), None)
    size, length = _vectorizer_shape(vectorizer)
    if length != model.input_shape[1] or (embedding is not None and embedding.input_dim != size):
        raise ValueError(
            f"Arguments `model` and `vectorizer` do not fit: the vectorizer gives {length} ids "
            f"from a vocabulary of {size}; the model takes {model.input_shape[1]} ids from a "
            f"vocabulary of {embedding.input_dim if embedding else '?'}. Use the vectorizer "
            "the model's training ids came from."
        )
    inputs = keras.Input(shape=(), dtype="string", name="text")  # (B,) raw strings
    ids = vectorizer(inputs)  # (B, T)
    outputs = model(ids)  # (B, num_classes)
    return keras.Model(inputs, outputs, name=f"{model.name}_text")


# ----------------------------------------------------------------------------- helpers


def _vectorizer_shape(vectorizer) -> tuple[int, int]:
    """(vocabulary size, output length) of an adapted int-output TextVectorization."""
    if not isinstance(vectorizer, keras.layers.TextVectorization):
        raise ValueError("Invalid value for argument `vectorizer`: expected a keras.layers."
                         "TextVectorization (see make_text_vectorizer). Received: "
                         f"vectorizer={vectorizer!r}")
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


def _check_vectorizer(vectorizer, vocab_size, sequence_length) -> tuple[int, int]:
    """The vectorizer's (vocab_size, sequence_length), checked against the arguments."""
    size, length = _vectorizer_shape(vectorizer)
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
    """Let TensorFlow print its one-time oneDNN notice about booleans now, where nobody sees it.

    The padding mask makes Keras transpose a boolean tensor in the LSTM's training graph. The
    first time a process does that, TensorFlow's oneDNN build logs, as an error, "oneDNN
    supports DT_BOOL only on platforms with AVX-512. Falling back to the default Eigen-based
    implementation" on CPUs it does not fully support: nothing is wrong (Eigen runs the op), but
    the line lands among the lesson's output. It is logged once per process, straight to file
    descriptor 2, so one boolean transpose here with that descriptor silenced uses it up.
    """
    global _onednn_bool_notice_used_up
    if _onednn_bool_notice_used_up:
        return
    _onednn_bool_notice_used_up = True
    from tfcourse._quiet import stderr_silenced

    with stderr_silenced():
        tf.transpose(tf.constant([[True]]))  # (1, 1) booleans: the op that logs


def _is_dataset(value) -> bool:
    return isinstance(value, tf.data.Dataset)


def _preview(value) -> str:
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."
