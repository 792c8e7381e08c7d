"""Benchmarks: tfcourse's figures as ratios against baselines measured in the same run.

Run from the repository root (see ``python -m benchmarks --help``):

    python -m benchmarks list
    python -m benchmarks run                  # every case → benchmarks/results/, BENCHMARKS.md
    python -m benchmarks run --quick overhead # seconds, to check a case runs (→ out/benchmarks/)

Each case lives in its own module with a ``run(quick, repeats)`` that returns result records
(`benchmarks._timing.record`); the runner calls it in a fresh Python process.
"""

# every process here (the runner, each measuring child) imports this package first: tfcourse's
# oneDNN default (tfcourse.cpu) is applied before any case loads TensorFlow, as in the lessons
import tfcourse  # noqa: F401

# name → (module, one line); the order of BENCHMARKS.md
CASES = {
    "noise": ("benchmarks.noise", "identical sides (A/A): the noise floor of this run"),
    "overhead": ("benchmarks.overhead", "tfcourse.train vs plain Keras model.fit (≥ 0.97); "
                 "with the demos' out_dir callbacks (≥ 0.95)"),
    "pipeline": ("benchmarks.pipeline", "tfcourse.data pipeline vs in-memory arrays (≥ 0.95)"),
    "graph_eager": ("benchmarks.graph_eager",
                    "tf.function vs eager tape loop; custom loop vs model.fit (≥ 0.9)"),
    "torch": ("benchmarks.torch_compare",
              "tfcourse vs PyTorch, every lesson model at its batch size (≥ 1.1)"),
    "onednn": ("benchmarks.onednn", "TF_ENABLE_ONEDNN_OPTS=1 vs =0, each lesson model (report)"),
    "mfu": ("benchmarks.mfu", "MLP training FLOP/s vs measured matmul peak (≥ 50%)"),
    "time_to_accuracy": ("benchmarks.time_to_accuracy",
                         "seconds for the modern CNN to reach 98% test accuracy (≤ 10 s)"),
    "replicas": ("benchmarks.replicas", "cpu_replicas=2 vs the default strategy (report)"),
    "startup": ("benchmarks.startup", "import tfcourse vs import keras (≤ 1.1×); info time"),
    "lessons": ("benchmarks.lessons", "every lesson in full mode: python -m demos run all "
                "(≤ 3 min)"),
}
