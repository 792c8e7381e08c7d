"""Case — oneDNN on vs off: the same tfcourse training of each lesson model, both ways.

TensorFlow reads ``TF_ENABLE_ONEDNN_OPTS`` once, when it loads, and picks its CPU kernels by it:
oneDNN's (``1``) or its default Eigen ones (``0``). Its own default depends on the CPU and the
system, and tfcourse may choose for the user where it is unset; this case sets it explicitly on
both sides, so it measures on against off whatever either default is. Each side trains every
lesson model (`benchmarks._keras.LESSONS`) through `tfcourse.train` with its defaults, at its
lesson's batch size, in a process of its own started with the variable set; epochs alternate
between the two processes. Each side reports the state TensorFlow actually took.
A report without a goal: the ratio says which kernels are faster for each model on this CPU.
"""

from __future__ import annotations

from benchmarks._timing import record, skipped
from benchmarks.torch_compare import EXAMPLES, LABELS

CASE = "onednn"
TITLE = "oneDNN on vs off: TF_ENABLE_ONEDNN_OPTS=1 against =0, each lesson model"
VARIABLE = "TF_ENABLE_ONEDNN_OPTS"
# EXAMPLES and LABELS: the epochs of the PyTorch comparison, so that its figures and these line up


def onednn_enabled() -> bool | None:
    """Whether this process's TensorFlow runs oneDNN's kernels (None if it cannot say)."""
    try:
        from tensorflow.python.util import _pywrap_util_port
    except ImportError:
        return None
    return bool(_pywrap_util_port.IsMklEnabled())


def epochs(**kwargs):
    """`benchmarks._keras.epochs`, its ``info`` also saying whether oneDNN is on."""
    from benchmarks import _keras

    epoch = _keras.epochs(**kwargs)
    state = {True: "on", False: "off", None: "unknown"}[onednn_enabled()]
    epoch.info = {"device": epoch.info, "onednn": state}
    return epoch


def run(quick: bool = False, repeats: int = 5, models=tuple(EXAMPLES)) -> list[dict]:
    """Training throughput with oneDNN on over that with it off, per lesson model.

    Args:
        quick: Tiny epochs, to check that the case runs. Defaults to False.
        repeats: Timed epochs of each side. Defaults to 5.
        models: Names from `EXAMPLES`. Defaults to all four.

    Returns:
        One record per model (ratio = on / off); a "skipped" record for a model whose sides
        did not get the state asked for.
    """
    from benchmarks._isolate import alternate_remote
    from benchmarks._keras import LESSONS

    records = []
    for name in models:
        n, batch = EXAMPLES[name][quick], LESSONS[name]
        side = dict(target=f"{__name__}:epochs", side="tfcourse", model=name, n=n,
                    batch_size=batch)
        on, off, info_on, info_off = alternate_remote(
            dict(side, env={VARIABLE: "1"}), dict(side, env={VARIABLE: "0"}), repeats=repeats)
        variant = f"{LABELS.get(name, name)}, batch {batch}"
        got = (info_on["onednn"], info_off["onednn"])
        if "unknown" not in got and got != ("on", "off"):
            records.append(skipped(CASE, variant, f"{VARIABLE}=1 / =0 gave oneDNN {got[0]} / "
                                   f"{got[1]}: the variable did not reach TensorFlow"))
            continue
        records.append(record(
            CASE, variant, "training throughput", "images/s", on, off,
            scale=lambda s, n=n: n / s, device=info_on["device"],
            baseline_name=f"the same with {VARIABLE}=0 (oneDNN off)",
            note=f"{VARIABLE}=1 vs =0, each set before TensorFlow loads (TensorFlow reported "
                 f"oneDNN {got[0]} / {got[1]}); tfcourse.train's defaults, its lesson's batch "
                 f"size, {n} examples an epoch; ratio = on / off"))
    return records
