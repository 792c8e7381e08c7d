"""A small spam-filter corpus: the talks' first example of a program that learns from data.

``spam_corpus.tsv`` (UTF-8, header ``label<TAB>text``, then one ``spam`` or ``ham`` message a
line) holds 365 short messages written for tfcourse, in English and some Spanish, a third
spam. Spammy words appear in both classes, so no single keyword separates them; numbers are
fictional (555-01xx) and links on example.com/.net/.org.
"""

from __future__ import annotations

import importlib.resources

import numpy as np

from tfcourse import validation as check
from tfcourse.data.splits import Splits, make_splits, split_70_15_15

CORPUS_FILE = "spam_corpus.tsv"
LABELS = ("ham", "spam")  # class 0, class 1


def read_corpus() -> tuple[np.ndarray, np.ndarray]:
    """``(texts, labels)`` in file order: (m,) strings (dtype object), (m,) int32, 1 = spam."""
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
    """The corpus as `Splits` ``"spam"``, 70/15/15 with the same share of spam in each split.

    ``x_*`` are strings (dtype object), ``y_*`` int32 labels, 1 = spam; ``seed`` seeds the split.
    """
    seed = check.seed(seed)
    texts, labels = read_corpus()
    parts = split_70_15_15(len(labels), seed, stratify=labels)
    description = (f"Spam filter: {len(labels)} short SMS/e-mail-like messages written for "
                   f"tfcourse (English and Spanish), {labels.mean():.0%} spam; label 1 = spam, "
                   "0 = ham; stratified 70/15/15 split.")
    return make_splits("spam", texts, labels, parts, 2, description)
