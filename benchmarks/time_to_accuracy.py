"""Case 6 — time to accuracy: seconds for the modern CNN to reach 98% test accuracy.

`build_cnn` trains through `tfcourse.train` on the bundled digits at 28×28 (1,257 training
images); after every epoch a callback evaluates the 270 *test* images and stops as soon as
accuracy reaches the target. The time runs from calling ``train`` (so it includes building,
tracing and every evaluation) to that moment. Each repetition uses its own seed; the baseline is
the same network, settings and seed in a plain Keras script (``model.fit`` on the arrays).
"""

from __future__ import annotations

import dataclasses
import time

from benchmarks._timing import alternate, record

CASE = "time_to_accuracy"
TITLE = "Time to accuracy: the modern CNN to 98% test accuracy on bundled digits"


@dataclasses.dataclass(frozen=True)
class Settings:
    """The training settings measured (chosen in BENCHMARKS.md, "What we tried")."""

    filters: tuple = (16, 32)
    dropout: float = 0.0
    batch_size: int = 32
    lr: float = 3e-3
    lr_decay: float = 0.7  # learning rate × this after every epoch (a Keras callback)
    target: float = 0.98
    max_epochs: int = 30


QUICK = Settings(filters=(8,), target=0.5, max_epochs=2)


def stop_at_accuracy(x, y, target: float, start: list):
    """A Keras callback: after each epoch, stop if accuracy on ``(x, y)`` reached ``target``.

    Its ``seconds`` is then the time since ``start[0]`` (None while not reached).
    """
    import keras

    class StopAtAccuracy(keras.callbacks.Callback):
        seconds = None

        def on_epoch_end(self, epoch, logs=None):
            acc = self.model.evaluate(x, y, batch_size=256, verbose=0,
                                      return_dict=True)["accuracy"]
            self.epochs, self.accuracy = epoch + 1, acc
            if acc >= target:
                self.seconds = time.perf_counter() - start[0]
                self.model.stop_training = True

    return StopAtAccuracy()


def _side(use_tfcourse: bool, s: Settings, data, seeds, log):
    import keras

    from tfcourse.models import build_cnn
    from tfcourse.train import train

    def build():
        return build_cnn((28, 28, 1), 10, filters=s.filters, dropout=s.dropout)

    def run():
        seed, start = next(seeds[use_tfcourse]), [time.perf_counter()]
        stop = stop_at_accuracy(data.x_test, data.y_test, s.target, start)
        decay = keras.callbacks.LearningRateScheduler(lambda epoch: s.lr * s.lr_decay**epoch)
        if use_tfcourse:
            train(build, (data.x_train, data.y_train), epochs=s.max_epochs, lr=s.lr,
                  per_replica_batch_size=s.batch_size, seed=seed, verbose=0,
                  callbacks=[stop, decay])
        else:
            keras.utils.set_random_seed(seed)
            model = build()
            model.compile(optimizer=keras.optimizers.Adam(s.lr),
                          loss="sparse_categorical_crossentropy", metrics=["accuracy"])
            model.fit(data.x_train, data.y_train, batch_size=s.batch_size, epochs=s.max_epochs,
                      shuffle=True, verbose=0, callbacks=[stop, decay])
        log[use_tfcourse].append((stop.epochs, stop.accuracy, stop.seconds))
        # not reached: the whole run, so the median says "too slow", not "fast"
        return stop.seconds if stop.seconds is not None else time.perf_counter() - start[0]

    return run


def run(quick: bool = False, repeats: int = 5) -> list[dict]:
    """Seconds to the target test accuracy, tfcourse vs plain Keras, seeds 0..repeats-1.

    Args:
        quick: One small block, target 50%, at most 2 epochs. Defaults to False.
        repeats: Timed trainings of each side (one seed each). Defaults to 5.

    Returns:
        One record: median seconds (goal ≤ 10 s), with the epochs each run needed.
    """
    from benchmarks import _keras as K
    from tfcourse.data import load_digits

    s = QUICK if quick else Settings()
    data = load_digits(size=28)
    order = [repeats, *range(repeats)]  # the warm-up run's seed first
    seeds = {True: iter(order), False: iter(order)}
    log = {True: [], False: []}
    ours, theirs = alternate(_side(True, s, data, seeds, log),
                             _side(False, s, data, seeds, log), repeats=repeats, warmup=1)
    reached = sum(sec is not None for _, _, sec in log[True][1:])
    epochs = [e for e, _, _ in log[True][1:]]
    return [record(
        CASE, f"build_cnn{s.filters}, dropout {s.dropout:g}, batch {s.batch_size}, "
              f"lr {s.lr:g} × {s.lr_decay:g}/epoch",
        f"seconds to {s.target:.0%} test accuracy", "s", ours, theirs, goal="value <= 10",
        baseline_name="plain Keras model.fit, same settings and seeds", device=K.device(),
        note=f"reached in {reached}/{repeats} runs, after {epochs} epochs (seeds 0..; the "
             f"warm-up run is not kept); time includes build, tracing and the "
             f"per-epoch test evaluations")]
