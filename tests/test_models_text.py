"""Text models against hand-counted vocabularies, Python's unicodedata and scikit-learn.

The spam corpus is checked as data (sizes, stratification, no real links or numbers, no single
word that gives the answer away), and a short fit of the default classifier is compared with
TF-IDF + logistic regression on the same split.
"""

import collections
import re
import unicodedata

import keras
import numpy as np
import pytest
import tensorflow as tf

from tfcourse.data.spam import load_spam, read_corpus
from tfcourse.models.text import (
    add_vectorizer,
    build_text_classifier,
    make_text_vectorizer,
    standardize_text,
)


def _vocabulary(vectorizer):
    return [str(word) for word in vectorizer.get_vocabulary()]


def _python_standardize(text):
    """The oracle for standardize_text: lower-case, drop Unicode punctuation (P*), symbols (S*)."""
    return "".join(ch for ch in text.lower()
                   if not unicodedata.category(ch).startswith(("P", "S")))


@pytest.fixture(scope="module")
def spam():
    return load_spam(seed=0)


# ----------------------------------------------------------------------------- the corpus


def test_corpus_is_a_third_spam_in_two_languages_without_duplicates():
    texts, labels = read_corpus()
    assert 300 <= len(texts) <= 400 and texts.dtype == object and labels.dtype == np.int32
    assert 0.30 <= labels.mean() <= 0.37
    assert len(set(texts)) == len(texts)
    spanish = [t for t in texts if re.search(r"[¿¡ñáéíóú]", t)]
    assert len(spanish) >= 40 and 0 < np.mean([labels[list(texts).index(t)] for t in spanish]) < 1


def test_corpus_has_only_fictional_links_and_numbers():
    text = " ".join(read_corpus()[0])
    domains = re.findall(r"\b(?:[\w-]+\.)+(?:com|net|org|es|io|ly|co|uk|info)\b", text)
    assert domains and all(re.search(r"(^|\.)example\.(com|net|org)$", d) for d in domains)
    phones = re.findall(r"\d[\d -]{6,}\d", text)
    assert phones and all(re.fullmatch(r"555-01\d\d", p) for p in phones)


def test_no_single_word_separates_spam_from_ham():
    texts, labels = read_corpus()
    words = [set(_python_standardize(t).split()) for t in texts]
    majority = max(labels.mean(), 1 - labels.mean())
    best = 0.0
    for word in set().union(*words):
        has = np.array([word in w for w in words])
        best = max(best, (has == labels).mean(), (has != labels).mean())
    assert majority < best < 0.80  # some words help, none gives the answer away


def test_load_spam_is_a_stratified_70_15_15_split(spam):
    texts, labels = read_corpus()
    parts = [(spam.x_train, spam.y_train), (spam.x_val, spam.y_val), (spam.x_test, spam.y_test)]
    assert [len(y) for _, y in parts] == [255, 55, 55]
    assert spam.name == "spam" and spam.num_classes == 2
    together = collections.Counter()
    for x, y in parts:
        assert x.dtype == object and y.dtype == np.int32 and len(x) == len(y)
        assert abs(y.mean() - labels.mean()) < 0.02  # the same share of spam everywhere
        together += collections.Counter(zip(x, y.tolist()))
    assert together == collections.Counter(zip(texts, labels.tolist()))  # nothing lost or doubled


def test_load_spam_same_seed_same_split(spam):
    again, other = load_spam(seed=0), load_spam(seed=1)
    np.testing.assert_array_equal(again.x_train, spam.x_train)
    np.testing.assert_array_equal(again.y_test, spam.y_test)
    assert not np.array_equal(other.x_train, spam.x_train)
    with pytest.raises(ValueError, match=r"`seed`.*Received: seed=-1"):
        load_spam(seed=-1)


# ----------------------------------------------------------------------------- vectorizing


def test_standardize_text_equals_python_on_the_whole_corpus():
    extra = ["¿Qué tal? ¡ÚLTIMO aviso!", "Ünd ÁRBOL l'été €5 «hola»"]
    texts = list(read_corpus()[0]) + extra
    got = [s.decode("utf-8") for s in standardize_text(tf.constant(texts)).numpy()]
    assert got == [_python_standardize(t) for t in texts]
    assert got[-2] == "qué tal último aviso"


def test_vectorizer_vocabulary_and_ids_are_the_hand_counted_ones():
    # counts after lower-casing and stripping punctuation: the 4, cat 3, sat 2
    corpus = ["The cat sat.", "the CAT sat!", "the cat", "THE"]
    vectorizer = make_text_vectorizer(corpus, sequence_length=8)
    assert _vocabulary(vectorizer) == ["", "[UNK]", "the", "cat", "sat"]
    ids = np.asarray(vectorizer(["the dog sat on the cat", "¿cat?"]))
    assert ids.tolist() == [[2, 1, 4, 1, 2, 3, 0, 0], [3, 0, 0, 0, 0, 0, 0, 0]]
    short = make_text_vectorizer(corpus, max_tokens=4, sequence_length=3)  # keeps 2 words
    assert _vocabulary(short) == ["", "[UNK]", "the", "cat"]
    assert np.asarray(short(["the dog sat on the cat"])).tolist() == [[2, 1, 1]]  # cut to 3


def test_vectorizer_vocabulary_follows_word_counts_on_the_corpus(spam):
    vectorizer = make_text_vectorizer(spam.x_train, max_tokens=50)
    counts = collections.Counter(w for t in spam.x_train for w in _python_standardize(t).split())
    words = _vocabulary(vectorizer)[2:]
    assert len(words) == 48
    kept = [counts[w] for w in words]
    assert kept == sorted(kept, reverse=True)  # most frequent first
    assert min(kept) >= max(c for w, c in counts.items() if w not in words)  # the top 48


@pytest.mark.parametrize("texts, match", [
    ([], r"`texts`.*non-empty"),
    ("just one string", r"`texts`.*not one string"),
    ([1, 2], r"`texts`.*strings"),
])
def test_vectorizer_rejects_what_is_not_a_list_of_texts(texts, match):
    with pytest.raises(ValueError, match=match):
        make_text_vectorizer(texts)


def test_vectorizer_rejects_bad_sizes():
    with pytest.raises(ValueError, match=r"`max_tokens`.*Received: max_tokens=2"):
        make_text_vectorizer(["a b"], max_tokens=2)
    with pytest.raises(ValueError, match=r"`sequence_length`.*Received: sequence_length=0"):
        make_text_vectorizer(["a b"], sequence_length=0)


# ----------------------------------------------------------------------------- the classifier


@pytest.mark.parametrize("bidirectional, recurrent", [(True, "bilstm"), (False, "lstm")])
def test_classifier_layers_shapes_and_masking(bidirectional, recurrent):
    keras.utils.set_random_seed(0)
    model = build_text_classifier(50, 3, sequence_length=6, embedding_dim=8, units=4,
                                  bidirectional=bidirectional, dropout=0.1)
    assert [layer.name for layer in model.layers] == ["tokens", "embedding", recurrent,
                                                      "dropout", "classifier"]
    padded = np.array([[5, 9, 2, 0, 0, 0], [7, 7, 7, 7, 7, 7]])  # (2, 6)
    probs = np.asarray(model(padded))
    assert probs.shape == (2, 3)
    # the oracle for masking: a model that only ever sees the 3 real words, same weights
    short = build_text_classifier(50, 3, sequence_length=3, embedding_dim=8, units=4,
                                  bidirectional=bidirectional, dropout=0.1)
    short.set_weights(model.get_weights())
    np.testing.assert_allclose(np.asarray(short(padded[:1, :3])), probs[:1], rtol=1e-5,
                               atol=1e-6)


@pytest.mark.parametrize("kwargs, match", [
    (dict(vocab_size=0), r"`vocab_size`.*Received: vocab_size=0"),
    (dict(vocab_size=None), r"`vocab_size`.*Received: vocab_size=None"),
    (dict(num_classes=1), r"`num_classes`.*Received: num_classes=1"),
    (dict(units=2.5), r"`units`.*Received: units=2.5"),
    (dict(bidirectional="yes"), r"`bidirectional`.*Received: bidirectional='yes'"),
    (dict(dropout=-0.1), r"`dropout`.*Received: dropout=-0.1"),
    (dict(classifier_activation="soft"), r"`classifier_activation`"),
    (dict(vectorizer="tokenizer"), r"`vectorizer`.*TextVectorization"),
])
def test_classifier_rejects_bad_arguments(kwargs, match):
    with pytest.raises(ValueError, match=match):
        build_text_classifier(**{"vocab_size": 100, **kwargs})


def test_classifier_checks_the_vectorizer_it_is_given():
    vectorizer = make_text_vectorizer(["free prize now", "lunch at noon"], sequence_length=5)
    size = vectorizer.vocabulary_size()
    with pytest.raises(ValueError, match=r"vectorizer outputs 5 ids.*sequence_length=5\. "
                                         r"Received: sequence_length=100"):
        build_text_classifier(None, vectorizer=vectorizer)
    with pytest.raises(ValueError, match=rf"knows {size} ids.*Received: vocab_size=3"):
        build_text_classifier(3, sequence_length=5, vectorizer=vectorizer)
    blank = keras.layers.TextVectorization(output_sequence_length=5)
    with pytest.raises(ValueError, match=r"no vocabulary yet"):
        build_text_classifier(None, sequence_length=5, vectorizer=blank)


def test_raw_text_model_round_trips_through_a_keras_file(tmp_path, spam):
    vectorizer = make_text_vectorizer(spam.x_train, sequence_length=32)
    model = build_text_classifier(None, sequence_length=32, embedding_dim=8, units=4,
                                  vectorizer=vectorizer)
    assert model.input_shape == (None,) and model.input.dtype == "string"
    path = tmp_path / "spam.keras"
    model.save(path)
    loaded = keras.saving.load_model(path, safe_mode=True)
    np.testing.assert_array_equal(np.asarray(loaded(tf.constant(spam.x_test.tolist()))),
                                  np.asarray(model(tf.constant(spam.x_test.tolist()))))
    assert _vocabulary(loaded.get_layer("vectorizer")) == _vocabulary(vectorizer)
    assert loaded.get_layer("vectorizer").get_config()["standardize"] is standardize_text


def test_add_vectorizer_wraps_an_id_model_without_copying(spam):
    vectorizer = make_text_vectorizer(spam.x_train, sequence_length=32)
    ids_model = build_text_classifier(vectorizer.vocabulary_size(), sequence_length=32,
                                      embedding_dim=8, units=4)
    text_model = add_vectorizer(ids_model, vectorizer)
    texts = tf.constant(spam.x_val[:8].tolist())
    np.testing.assert_allclose(np.asarray(text_model(texts)),
                               np.asarray(ids_model(vectorizer(texts))), rtol=1e-6)
    assert text_model.count_params() == ids_model.count_params()  # shared, not copied
    other = make_text_vectorizer(spam.x_train, sequence_length=16)
    with pytest.raises(ValueError, match=r"`model` and `vectorizer` do not fit"):
        add_vectorizer(ids_model, other)


def test_trains_under_a_strategy_on_vectorized_batches(strategy, spam):
    # the multi-replica recipe: vectorize in tf.data, train the id model, wrap it for text
    vectorizer = make_text_vectorizer(spam.x_train, sequence_length=32)
    batches = (tf.data.Dataset.from_tensor_slices((spam.x_train.tolist(), spam.y_train))
               .shuffle(255, seed=0).batch(64)
               .map(lambda x, y: (vectorizer(x), y)))  # (B, 32) ids, (B,) labels
    with strategy.scope():
        model = build_text_classifier(vectorizer.vocabulary_size(), sequence_length=32,
                                      embedding_dim=16, units=8)
        model.compile(keras.optimizers.Adam(1e-2), "sparse_categorical_crossentropy")
    losses = model.fit(batches, epochs=3, shuffle=False, verbose=0).history["loss"]
    assert losses[-1] < losses[0]
    probs = add_vectorizer(model, vectorizer).predict(spam.x_test, verbose=0)
    assert probs.shape == (55, 2)


def test_short_fit_on_spam_learns_and_is_close_to_tfidf_logistic_regression(spam):
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.linear_model import LogisticRegression
    from sklearn.pipeline import make_pipeline

    reference = make_pipeline(TfidfVectorizer(), LogisticRegression(max_iter=1000))
    reference_acc = reference.fit(spam.x_train, spam.y_train).score(spam.x_test, spam.y_test)

    keras.utils.set_random_seed(0)
    vectorizer = make_text_vectorizer(spam.x_train, sequence_length=32)
    model = build_text_classifier(None, sequence_length=32, vectorizer=vectorizer)  # defaults
    model.compile(keras.optimizers.Adam(1e-2), "sparse_categorical_crossentropy",
                  metrics=["accuracy"])
    # stop when the validation loss stops falling, keep the best epoch's weights
    stop = keras.callbacks.EarlyStopping("val_loss", patience=3, restore_best_weights=True)
    losses = model.fit(spam.x_train, spam.y_train, epochs=15, batch_size=32, verbose=0,
                       validation_data=(spam.x_val, spam.y_val), callbacks=[stop]
                       ).history["loss"]
    _, keras_acc = model.evaluate(spam.x_test, spam.y_test, verbose=0)
    majority = 1 - spam.y_test.mean()
    print(f"spam test accuracy: keras {keras_acc:.3f}, tf-idf + logistic regression "
          f"{reference_acc:.3f}, majority class {majority:.3f}")
    assert losses[-1] < 0.5 * losses[0]
    assert reference_acc > majority + 0.15  # the reference itself learns something
    assert keras_acc > majority + 0.1
    assert keras_acc >= min(reference_acc - 0.05, 0.85)
