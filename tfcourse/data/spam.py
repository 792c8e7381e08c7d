"""A small spam filter corpus: the talks' first example of a program that learns from data.

Nobody can write down the rule that tells spam from a friend's message ("free" appears in
both), but a model can learn one from labelled examples. ``spam_corpus.tsv``, next to this
file, holds 365 short SMS/e-mail-like messages written for tfcourse: about a third spam
(prizes, loans, phishing, parcel fees, "hi mum" scams), the rest ordinary messages, in
English with some in Spanish. Many ordinary messages use spammy words ("you won", "free",
"call", "transfer", a link) and some spam uses none, so no single keyword separates them.
Phone numbers are in the fictional 555-01xx range and every link is on example.com/.net/.org.

File format: UTF-8, a header line ``label<TAB>text``, then one message a line, label
``spam`` or ``ham``.

Example:
    >>> from tfcourse.data.spam import load_spam
    >>> splits = load_spam()
    >>> len(splits.x_train), len(splits.x_val), len(splits.x_test)
    (255, 55, 55)
    >>> round(float(splits.y_train.mean()), 2)  # share of spam, the same in every split
    0.33
"""

from __future__ import annotations

import importlib.resources

import numpy as np

from tfcourse import validation as check
from tfcourse.data.bundled import Splits, _split_70_15_15

CORPUS_FILE = "spam_corpus.tsv"
LABELS = ("ham", "spam")  # class 0, class 1


def read_corpus() -> tuple[np.ndarray, np.ndarray]:
    """All messages of ``spam_corpus.tsv`` in file order.

    Returns:
        ``(texts, labels)``: texts, a NumPy array of Python strings (dtype object), shape
        (m,); labels, int32 (m,), 1 for spam and 0 for ham.

    Raises:
        ValueError: If a line of the file is malformed (says which line).
    """
    raw = importlib.resources.files("tfcourse.data").joinpath(CORPUS_FILE).read_text("utf-8")
    lines = raw.splitlines()
    if not lines or lines[0] != "label\ttext":
        raise ValueError(f"{CORPUS_FILE} must start with the header 'label<TAB>text'. "
                         f"Received: {lines[0] if lines else ''!r}")
    texts, labels = [], []
    for number, line in enumerate(lines[1:], start=2):
        if not line.strip():
            continue
        label, sep, text = line.partition("\t")
        if not sep or label not in LABELS or not text.strip():
            raise ValueError(f"{CORPUS_FILE}, line {number}: expected 'spam' or 'ham', a tab, "
                             f"then the message. Received: {line!r}")
        texts.append(text.strip())
        labels.append(LABELS.index(label))
    return np.array(texts, dtype=object), np.array(labels, dtype=np.int32)


def load_spam(*, seed: int = 0) -> Splits:
    """The spam corpus, split 70/15/15 at random with the same share of spam in each split.

    Args:
        seed: Seed of the split. Defaults to 0.

    Returns:
        `Splits` named ``"spam"``: ``x_*`` NumPy arrays of strings (dtype object), ``y_*``
        int32 labels (1 = spam, 0 = ham), ``num_classes=2``.

    Raises:
        ValueError: If ``seed`` is not an integer in [0, 2**32 - 1].
    """
    seed = check.seed(seed)
    texts, labels = read_corpus()
    parts = _split_70_15_15(len(labels), seed, stratify=labels)
    xs, ys = [texts[p] for p in parts], [labels[p] for p in parts]
    description = (f"Spam filter: {len(labels)} short SMS/e-mail-like messages written for "
                   f"tfcourse (English and Spanish), {labels.mean():.0%} spam; label 1 = spam, "
                   "0 = ham; stratified 70/15/15 split.")
    return Splits("spam", xs[0], ys[0], xs[1], ys[1], xs[2], ys[2], 2, description)
