"""A training run for tests/test_resume.py to kill and restart.

    python tests/_resume_job.py OUT_DIR EPOCHS [PATIENCE]

Trains an MLP on the bundled digits through `tfcourse.train.train` with ``out_dir=OUT_DIR``.
Every epoch start is appended to ``OUT_DIR/epochs_begun.txt`` (one line per epoch: epoch,
process id, worker index), and each batch sleeps a little so a test can kill the process
mid-epoch. At the end the chief writes the history and test accuracy to ``OUT_DIR/result.json``.
The strategy is ``get_strategy()``: one device alone, multi-worker under
``python -m tfcourse.launch``.
"""

import json
import os
import sys
import time

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")

import keras  # noqa: E402

from tfcourse.data.bundled import load_digits  # noqa: E402
from tfcourse.distribute import get_strategy  # noqa: E402
from tfcourse.multiworker import is_chief, tf_config  # noqa: E402
from tfcourse.models import build_mlp  # noqa: E402
from tfcourse.train import evaluate, train  # noqa: E402


WORKER = tf_config().get("task", {}).get("index", 0)


class Trace(keras.callbacks.Callback):
    def __init__(self, path):
        super().__init__()
        self.path = path

    def on_epoch_begin(self, epoch, logs=None):
        with open(self.path, "a") as f:
            f.write(f"{epoch} {os.getpid()} {WORKER}\n")

    def on_train_batch_end(self, batch, logs=None):
        time.sleep(0.02)  # ~0.4 s per epoch: room to be killed mid-epoch


def main(out_dir, epochs, patience=None):
    strategy = get_strategy()  # first, before any other TensorFlow op
    data = load_digits()
    result = train(lambda: build_mlp((8, 8, 1), 10, hidden_units=(32,)),
                   (data.x_train, data.y_train), (data.x_val, data.y_val),
                   strategy=strategy, per_replica_batch_size=64, epochs=epochs, lr=3e-3, patience=patience,
                   out_dir=out_dir, verbose=0,
                   callbacks=[Trace(os.path.join(out_dir, "epochs_begun.txt"))])
    accuracy = evaluate(result, data.x_test, data.y_test)["accuracy"]  # every worker takes part
    if not is_chief(strategy):
        return
    with open(os.path.join(out_dir, "result.json"), "w") as f:
        json.dump({"history": result.history, "epochs": result.epochs,
                   "test_accuracy": accuracy}, f)


if __name__ == "__main__":
    args = sys.argv[1:]
    main(args[0], int(args[1]), int(args[2]) if len(args) > 2 else None)
