"""A from-scratch GradientTape run for tests/test_resume.py to kill and restart.

    python tests/_tape_resume_job.py CKPT_DIR RESULT.npz

Softmax regression on the bundled digits with ``fit_tape(checkpoint_dir=CKPT_DIR)``; each step
is slowed by a few milliseconds (only here, by wrapping the divergence check the loop calls)
so a test can kill the process between checkpoints.
"""

import os
import sys
import time

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")

from tfcourse.data.bundled import load_digits  # noqa: E402
from tfcourse.lowlevel import _common, softmax_regression  # noqa: E402

STEPS, EVERY = 300, 50


def main(ckpt_dir, result_path, slow=True):
    if slow:
        check = _common.check_diverged

        def slow_check(losses, lr):
            time.sleep(0.01)
            return check(losses, lr)

        _common.check_diverged = slow_check  # what the tape loop (_common.run_tape) calls
    data = load_digits()
    x = data.x_train.reshape(len(data.x_train), -1)  # (m, 64)
    fit = softmax_regression.fit_tape(x, data.y_train, lr=0.5, steps=STEPS, batch_size=64,
                                      checkpoint_dir=ckpt_dir, checkpoint_every=EVERY)
    import numpy as np

    np.savez(result_path, weights=fit.weights, bias=fit.bias, losses=fit.losses)


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
