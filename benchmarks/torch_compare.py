"""Case 4 — against PyTorch: the same LeNet and MLP, same batch size, same threads.

tfcourse trains ``build_lenet`` / ``build_mlp`` through `tfcourse.train` (its defaults, and the
MLP also with XLA, ``jit_compile=True``); PyTorch trains the same layers (channels-first, as
PyTorch lays images out) with Adam(1e-3), batch 64, a fresh shuffle each epoch, cross-entropy
and an accuracy count, in the plain loop of PyTorch's tutorials. Each side runs in a process of
its own (`benchmarks._isolate.Remote`), with the same number of threads, and epochs alternate
between the two processes. Denormal floats are flushed to zero in PyTorch as TensorFlow does on
the CPU by default (without it PyTorch's LeNet slowed down epoch after epoch here, to a sixth
of its speed).
Needs the optional extra: ``pip install -e .[bench]`` (PyTorch 2.13.0, CPU build).
"""

from __future__ import annotations

from benchmarks._timing import record, skipped

CASE = "torch"
TITLE = "Against PyTorch: the same LeNet and MLP, same batch size and threads"
EXAMPLES = {"mlp": (32768, 1024), "lenet": (16384, 512)}
GOAL = "ratio >= 1.1"


def torch_model(name: str):
    """The PyTorch twin of the tfcourse builder ``name`` (logits out; softmax is in the loss)."""
    from torch import nn

    if name == "mlp":  # build_mlp((28, 28, 1), 10): 784 → 128 → 10
        return nn.Sequential(nn.Flatten(), nn.Linear(784, 128), nn.ReLU(), nn.Linear(128, 10))
    return nn.Sequential(  # build_lenet(): (B, 1, 28, 28) → (B, 10)
        nn.Conv2d(1, 6, 5, padding=2), nn.ReLU(), nn.MaxPool2d(2),  # (B, 6, 14, 14)
        nn.Conv2d(6, 16, 5), nn.ReLU(), nn.MaxPool2d(2),  # (B, 16, 5, 5)
        nn.Flatten(), nn.Linear(400, 120), nn.ReLU(), nn.Linear(120, 84), nn.ReLU(),
        nn.Linear(84, 10))


def torch_epoch(name: str, n: int, *, batch_size: int, device: str):
    """A function that trains the PyTorch model one epoch on ``n`` digits (`Remote` target).

    ``device="cuda"`` falls back to the CPU when this PyTorch build has no CUDA; the function's
    ``info`` says which ran.
    """
    import torch

    from benchmarks._data import digits

    if device == "cuda" and not torch.cuda.is_available():
        device = "cpu"
    torch.set_flush_denormal(True)
    torch.manual_seed(0)
    x, y = digits(n)
    model = torch_model(name).to(device)
    optimizer = torch.optim.Adam(model.parameters(), lr=1e-3)
    loss_fn = torch.nn.CrossEntropyLoss()
    xt = torch.from_numpy(x).permute(0, 3, 1, 2).contiguous().to(device)  # (N, 1, 28, 28)
    yt = torch.from_numpy(y).long().to(device)  # (N,)

    def epoch():
        model.train()
        correct = torch.zeros((), device=device)
        for idx in torch.randperm(len(xt), device=device).split(batch_size):
            xb, yb = xt[idx], yt[idx]
            optimizer.zero_grad(set_to_none=True)
            logits = model(xb)  # (B, 10)
            loss = loss_fn(logits, yb)
            loss.backward()
            optimizer.step()
            correct += (logits.argmax(1) == yb).sum()
        float(correct)  # waits for the device, as Keras' epoch end does

    epoch.info = device
    return epoch


def run(quick: bool = False, repeats: int = 5, models=("lenet", "mlp")) -> list[dict]:
    """tfcourse's training throughput over PyTorch's, per model.

    Args:
        quick: Tiny epochs, to check that the case runs. Defaults to False.
        repeats: Timed epochs of each side. Defaults to 5.
        models: Which of ``"lenet"``, ``"mlp"``. Defaults to both.

    Returns:
        One record per model (`tfcourse.train`'s defaults), one for the MLP with XLA, then one
        per model at one step per call; "skipped" records when PyTorch is not installed.
    """
    import importlib.metadata
    import importlib.util
    import os

    if importlib.util.find_spec("torch") is None:
        return [skipped(CASE, m, "torch not installed (pip install -e .[bench])", goal=GOAL)
                for m in models]
    from benchmarks._isolate import THREADS_ENV, alternate_remote
    from benchmarks._keras import device as tf_device

    # on a GPU machine PyTorch uses the GPU too, if its build has CUDA
    want = "cpu" if tf_device() == "CPU" else "cuda"
    version = importlib.metadata.version("torch")
    threads = os.environ.get(THREADS_ENV, "the default number of")
    records = []
    # tfcourse.train with its defaults (32 steps per call); XLA where it pays (dense layers:
    # on a CPU it slows convolutions down); and, without a goal, one step per call (Keras'
    # default, tfcourse's before "auto"), to show what running many steps per call gains
    sides = [(name, dict(side="tfcourse"), GOAL) for name in models]
    sides += [(f"{name}, jit_compile=True", dict(side="tfcourse", jit_compile=True), GOAL)
              for name in models if name == "mlp"]
    sides += [(f"{name}, what-if: steps_per_execution=1",
               dict(side="tfcourse", steps_per_execution=1), None) for name in models]
    for variant, side, goal in sides:
        name = variant.split(",")[0]
        n = EXAMPLES[name][quick]
        ours, theirs, device, torch_device = alternate_remote(
            dict(target="benchmarks._keras:epochs", model=name, n=n, **side),
            dict(target=f"{__name__}:torch_epoch", library="torch", name=name, n=n,
                 batch_size=64, device=want), repeats=repeats)
        records.append(record(
            CASE, variant, "training throughput", "images/s", ours, theirs,
            scale=lambda s, n=n: n / s, goal=goal,
            device=f"{device}; torch: {torch_device}",
            baseline_name=f"PyTorch {version} eager loop on {torch_device}",
            note=f"batch 64, {n} examples an epoch; each side in its own process, "
                 f"{threads} threads for each"))
    return records
