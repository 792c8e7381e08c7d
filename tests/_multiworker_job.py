"""A training run for tests/test_launch.py, alone or as one worker of several.

    python tests/_multiworker_job.py {keras,tape} OUT_DIR [--global-batch 64] [--epochs 6]
    python -m tfcourse.launch --workers 2 -- python tests/_multiworker_job.py keras OUT_DIR

``keras`` trains the modern CNN on the bundled 8×8 digits through `tfcourse.train.train`
(with ``out_dir=OUT_DIR/train``); ``tape`` trains softmax regression with
`tfcourse.lowlevel.softmax_regression.fit_tape`. The strategy is ``--strategy`` (``auto``:
one process, or `MultiWorkerMirroredStrategy` when ``TF_CONFIG`` names several workers). Each
process writes its final weights (``arr_0``, ``arr_1``, ...), test accuracy and replica count
to ``OUT_DIR/worker<i>.npz``. ``--fail-worker I`` makes worker I exit with status 1 once the
strategy exists, leaving the others waiting for it.
"""

import argparse
import os
import sys

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")

from tfcourse.distribute import describe, get_strategy  # noqa: E402
from tfcourse.multiworker import tf_config  # noqa: E402


def main(argv=None):
    parser = argparse.ArgumentParser()
    parser.add_argument("path", choices=["keras", "tape"])
    parser.add_argument("out")
    parser.add_argument("--global-batch", type=int, default=64)
    parser.add_argument("--epochs", type=int, default=6)
    parser.add_argument("--strategy", default="auto")
    parser.add_argument("--fail-worker", type=int, default=None)
    args = parser.parse_args(argv)
    strategy = get_strategy(args.strategy)  # first: a multi-worker strategy precedes every op
    index = tf_config().get("task", {}).get("index", 0)
    print(describe(strategy), flush=True)
    if index == args.fail_worker:
        sys.exit(f"worker {index} fails on purpose")

    import numpy as np

    from tfcourse.data.bundled import load_digits

    data = load_digits(size=8)
    replicas = strategy.num_replicas_in_sync
    if args.path == "keras":
        from tfcourse.models import build_cnn
        from tfcourse.train import evaluate, train

        # no dropout: its masks differ between one and two replicas, and the runs are compared
        result = train(lambda: build_cnn((8, 8, 1), 10, filters=(16, 32), dropout=0.0),
                       (data.x_train, data.y_train), (data.x_val, data.y_val),
                       strategy=strategy, per_replica_batch_size=args.global_batch // replicas,
                       epochs=args.epochs, lr=3e-3, out_dir=os.path.join(args.out, "train"),
                       verbose=0)
        weights = result.model.get_weights()
        accuracy = evaluate(result, data.x_test, data.y_test)["accuracy"]
    else:
        from tfcourse.lowlevel.softmax_regression import fit_tape

        steps = args.epochs * len(data.x_train) // args.global_batch
        fit = fit_tape(data.x_train, data.y_train, lr=0.5, steps=steps,
                       batch_size=args.global_batch, strategy=strategy)
        weights = [fit.weights, fit.bias, fit.losses]
        accuracy = float(np.mean(fit.predict(data.x_test) == data.y_test))
    np.savez(os.path.join(args.out, f"worker{index}.npz"), *weights, accuracy=accuracy,
             replicas=replicas)
    print(f"test accuracy {accuracy:.4f}", flush=True)


if __name__ == "__main__":
    main()
