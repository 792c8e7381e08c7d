"""Case 1 — no overhead from the package: `tfcourse.train` vs the same model in plain Keras.

Both sides train the same architecture (a tfcourse builder) with Adam(1e-3), batch 64, sparse
cross-entropy and accuracy. tfcourse feeds `tfcourse.train` the arrays (its checks, then a
`tf.data` pipeline); the baseline is what a plain Keras script does: ``model.fit(x, y)``.
Two pairs per model: each side with its defaults (`tfcourse.train` runs 32 steps per compiled
call, ``steps_per_execution="auto"``; Keras' ``compile`` runs 1), which is what a participant
gets; and the baseline given the same 32 steps per call, which leaves only what the package
itself adds.
Then, per lesson model, what a demo runs: `tfcourse.train` with an ``out_dir`` (the history
log, the backup, the best model, TensorBoard logs) and early stopping, on the
digits' own training split with the validation split evaluated every epoch, at the lesson's
batch size, against the same `tfcourse.train` call without them: what the callbacks a
participant gets cost, and nothing else. Each ``out_dir`` is a temporary folder, removed
afterwards.
Each side trains in a process of its own, one epoch at a time, in turns; the first epoch of
each (tracing) is not kept. A last row times what happens before the first epoch starts
(building, compiling, `tfcourse.checks` and the pipeline vs build + compile + Keras' own
adapter), which no throughput figure shows.
"""

from __future__ import annotations

import os
import shutil
import tempfile
import time

from benchmarks._isolate import alternate_remote
from benchmarks._timing import alternate, record

CASE = "overhead"
TITLE = "No overhead from the package: tfcourse.train vs plain Keras model.fit"
# examples an epoch (full run, --quick): about a second an epoch on 2 CPU cores
EXAMPLES = {"mlp": (32768, 1024), "lenet": (16384, 512), "cnn": (4096, 128)}
BASELINE = "plain Keras: model.fit(x, y) on NumPy arrays"
EPOCHS = "benchmarks._keras:epochs"
# the demos' runs: epochs timed together per sample (about a second), and their examples: the
# digits' training split (None), or a few in --quick
DEMO_EPOCHS = {"lesson_mlp": 8, "lenet": 4, "cnn": 1, "rnn": 2}
DEMO_EXAMPLES = (None, 256)
PATIENCE = 10**6  # early stopping's callback as the demos have it, but it never stops here


def run(quick: bool = False, repeats: int = 5, models=("mlp", "lenet", "cnn"),
        demo_models=tuple(DEMO_EPOCHS)) -> list[dict]:
    """Training throughput of each model through `tfcourse.train` and through plain Keras.

    Args:
        quick: Tiny epochs, to check that the case runs. Defaults to False.
        repeats: Timed epochs of each side. Defaults to 5.
        models: Which of ``"mlp"``, ``"lenet"``, ``"cnn"``. Defaults to all three.
        demo_models: Lesson models trained as the demos train them (`DEMO_EPOCHS`). Defaults
            to all four.

    Returns:
        Two records per model (images/s, tfcourse vs the baseline: defaults, then the same
        steps per call), one per demo model (with ``out_dir``), and one for the set-up.
    """
    from tfcourse.train import AUTO_STEPS_PER_EXECUTION as N

    records = []
    for name in models:
        n = EXAMPLES[name][quick]
        for variant, steps, baseline in (
                (name, None, BASELINE),
                (f"{name}, both {N} steps per call", N,
                 f"{BASELINE}, compiled with steps_per_execution={N}")):
            ours, theirs, device, _ = alternate_remote(
                dict(target=EPOCHS, side="tfcourse", model=name, n=n),
                dict(target=EPOCHS, side="keras", model=name, n=n, steps_per_execution=steps),
                repeats=repeats)
            records.append(record(
                CASE, variant, "training throughput", "images/s", ours, theirs,
                scale=lambda s, n=n: n / s, baseline_name=baseline, goal="ratio >= 0.97",
                note=f"batch 64, {n} examples an epoch; tfcourse.train with its defaults",
                device=device))
    records += [_demo_record(name, quick, repeats) for name in demo_models]
    records.append(_setup_record(models[0], EXAMPLES[models[0]][quick], repeats))
    return records


def _demo_record(name: str, quick: bool, repeats: int) -> dict:
    """`tfcourse.train` with ``out_dir`` and validation, as a demo runs it, vs without."""
    from benchmarks._data import for_model
    from benchmarks._keras import LESSONS

    n, per_call = DEMO_EXAMPLES[quick], 1 if quick else DEMO_EPOCHS[name]
    images = per_call * len(for_model(name, n)[1])  # training images a sample
    common = dict(target=EPOCHS, model=name, n=n, batch_size=LESSONS[name], validation=True,
                  per_call=per_call)
    tmp = tempfile.mkdtemp(prefix="tfcourse-bench-")
    try:
        ours, theirs, device, _ = alternate_remote(
            dict(common, side="tfcourse", out_dir=os.path.join(tmp, name), patience=PATIENCE),
            dict(common, side="tfcourse"), repeats=repeats)
    finally:  # both processes have ended: nothing writes there any more
        shutil.rmtree(tmp, ignore_errors=True)
    label = {"lesson_mlp": "mlp"}.get(name, name)
    return record(
        CASE, f"{label}: a demo's callbacks (out_dir, early stopping), batch {LESSONS[name]}",
        "training throughput", "images/s", ours, theirs, scale=lambda s: images / s,
        baseline_name="the same tfcourse.train call without out_dir and patience",
        goal="ratio >= 0.95", device=device,
        note=f"tfcourse.train(out_dir=..., patience=...): history log, backup, "
             f"best-model checkpoint, TensorBoard, early stopping; {images // per_call} "
             f"training images an epoch plus the validation split, {per_call} epoch(s) a "
             f"sample; the out_dir in a temporary folder")


def _setup_record(name: str, n: int, repeats: int) -> dict:
    """Seconds from the call to the first epoch's start, `tfcourse.train` vs plain Keras."""
    import keras

    from benchmarks import _keras as K
    from tfcourse.train import train

    x, y = K.digits(n)

    class Started(keras.callbacks.Callback):
        def on_train_begin(self, logs=None):
            self.at = time.perf_counter()
            self.model.stop_training = True  # the set-up is all we time

    def ours():
        start, cb = time.perf_counter(), Started()
        train(K.builder(name), (x, y), epochs=1, per_replica_batch_size=K.BATCH, lr=K.LR,
              verbose=0, callbacks=[cb])
        return cb.at - start, None

    def theirs():
        start, cb = time.perf_counter(), Started()
        K.compiled(K.builder(name)()).fit(x, y, batch_size=K.BATCH, epochs=1, shuffle=True,
                                          verbose=0, callbacks=[cb])
        return cb.at - start, None

    a, b = alternate(ours, theirs, repeats=repeats, warmup=1)
    return record(CASE, f"{name}: set-up before the first epoch", "wall time", "s", a, b,
                  baseline_name="build + compile + model.fit(x, y) up to its first epoch",
                  note=f"{n} examples; ratio = tfcourse / plain Keras (lower is better)",
                  device=K.device())
