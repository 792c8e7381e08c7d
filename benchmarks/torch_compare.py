"""Case 4 — against PyTorch: every lesson model, at its lesson's batch size, same threads.

tfcourse trains each lesson model (`benchmarks._keras.LESSONS`: the mlp lesson's MLP, LeNet-5,
the modern CNN and the rnn lesson's row-by-row LSTM) through `tfcourse.train` with its
defaults; PyTorch trains its exact twin (`torch_model`: the same layers and parameter count,
channels-first as PyTorch lays images out) with Adam(1e-3), the same batch size, a fresh
shuffle each epoch, cross-entropy and an accuracy count, in the plain loop of PyTorch's
tutorials. Each side runs in a process of its own (`benchmarks._isolate.Remote`), with the same
number of threads, and epochs alternate between the two processes. Denormal floats are flushed
to zero in PyTorch as TensorFlow does on the CPU by default (without it PyTorch's LeNet slowed
down epoch after epoch here, to a sixth of its speed).
Needs the optional extra: ``pip install -e .[bench]`` (PyTorch 2.13.0, CPU build).
"""

from __future__ import annotations

from benchmarks._timing import record, skipped

CASE = "torch"
TITLE = "Against PyTorch: every lesson model at its lesson's batch size, same threads"
# examples an epoch (full run, --quick): one to three seconds an epoch on 2 CPU cores
EXAMPLES = {"lesson_mlp": (32768, 1024), "lenet": (16384, 512), "cnn": (2048, 128),
            "rnn": (8192, 256)}
LABELS = {"lesson_mlp": "mlp"}  # the variant names in the results
MODELS = {"lesson_mlp": "the mlp lesson's MLP: 8×8 digits, 64 → 256 → 128 → 10, dropout 0.3",
          "lenet": "LeNet-5 on 28×28 digits",
          "cnn": "the modern CNN: conv + batch norm + ReLU, filters (32, 64), dropout 0.5",
          "rnn": "the rnn lesson's LSTM, 64 units, on 28 rows of 28 pixels"}
GOAL = "ratio >= 1.1"


def torch_model(name: str):
    """The PyTorch twin of `benchmarks._keras.builder` ``name`` (logits: softmax is in the loss)."""
    import torch
    from torch import nn

    if name == "lesson_mlp":  # build_mlp((8, 8, 1), 10, hidden_units=(256, 128), dropout=0.3)
        return nn.Sequential(nn.Flatten(), nn.Linear(64, 256), nn.ReLU(), nn.Dropout(0.3),
                             nn.Linear(256, 128), nn.ReLU(), nn.Dropout(0.3), nn.Linear(128, 10))
    if name == "lenet":  # build_lenet(): (B, 1, 28, 28) → (B, 10)
        return nn.Sequential(
            nn.Conv2d(1, 6, 5, padding=2), nn.ReLU(), nn.MaxPool2d(2),  # (B, 6, 14, 14)
            nn.Conv2d(6, 16, 5), nn.ReLU(), nn.MaxPool2d(2),  # (B, 16, 5, 5)
            nn.Flatten(), nn.Linear(400, 120), nn.ReLU(), nn.Linear(120, 84), nn.ReLU(),
            nn.Linear(84, 10))
    if name == "cnn":  # build_cnn((28, 28, 1), 10, filters=(32, 64), dropout=0.5)
        layers, channels = [], 1
        for f in (32, 64):
            for _ in range(2):  # Keras' BatchNormalization: epsilon 1e-3, momentum 0.9
                layers += [nn.Conv2d(channels, f, 3, padding=1, bias=False),
                           nn.BatchNorm2d(f, eps=1e-3, momentum=0.1), nn.ReLU()]  # (B, f, h, w)
                channels = f
            layers.append(nn.MaxPool2d(2))  # (B, f, h/2, w/2)
        return nn.Sequential(*layers, nn.AdaptiveAvgPool2d(1), nn.Flatten(),  # (B, 64)
                             nn.Dropout(0.5), nn.Linear(64, 10))
    if name != "rnn":
        raise ValueError(f"Unknown model {name!r}: expected one of {', '.join(EXAMPLES)}")

    class RowLSTM(nn.Module):  # build_rnn((28, 28), 10, cell="lstm", units=64)
        """Keras' LSTM has one bias per gate, PyTorch's two: here a column of ones, read by
        the input weights, is the single bias (the same function and parameter count)."""

        def __init__(self):
            super().__init__()
            self.lstm = nn.LSTM(28 + 1, 64, batch_first=True, bias=False)
            self.fc = nn.Linear(64, 10)

        def forward(self, x):  # (B, 28, 28): 28 rows of 28 pixels
            ones = x.new_ones(x.shape[0], x.shape[1], 1)  # (B, 28, 1)
            _, (h, _) = self.lstm(torch.cat([x, ones], dim=2))  # h: (1, B, 64), the last state
            return self.fc(h[-1])  # (B, 10)

    return RowLSTM()


def count_params(model) -> int:
    """Numbers in a PyTorch model as Keras' ``count_params`` counts them: the parameters
    and batch norm's moving mean and variance."""
    return (sum(p.numel() for p in model.parameters())
            + sum(b.numel() for n, b in model.named_buffers() if n.endswith(("running_mean",
                                                                             "running_var"))))


def torch_epoch(name: str, n: int, *, batch_size: int, device: str):
    """A function that trains the PyTorch model one epoch on ``n`` digits (`Remote` target).

    ``device="cuda"`` falls back to the CPU when this PyTorch build has no CUDA; the function's
    ``info`` says which ran.
    """
    import torch

    from benchmarks._data import for_model

    if device == "cuda" and not torch.cuda.is_available():
        device = "cpu"
    torch.set_flush_denormal(True)
    torch.manual_seed(0)
    x, y = for_model(name, n)  # images (N, H, W, 1) or rows (N, 28, 28)
    model = torch_model(name).to(device)
    optimizer = torch.optim.Adam(model.parameters(), lr=1e-3)
    loss_fn = torch.nn.CrossEntropyLoss()
    xt = torch.from_numpy(x)
    if xt.ndim == 4:
        xt = xt.permute(0, 3, 1, 2)  # (N, 1, H, W)
    xt = xt.contiguous().to(device)
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


def run(quick: bool = False, repeats: int = 5, models=tuple(EXAMPLES)) -> list[dict]:
    """tfcourse's training throughput over PyTorch's, per lesson model.

    Args:
        quick: Tiny epochs, to check that the case runs. Defaults to False.
        repeats: Timed epochs of each side. Defaults to 5.
        models: Names from `EXAMPLES`. Defaults to all four.

    Returns:
        One record per model (`tfcourse.train`'s defaults); "skipped" records when PyTorch is
        not installed.
    """
    import importlib.metadata
    import importlib.util
    import os

    if importlib.util.find_spec("torch") is None:
        return [skipped(CASE, LABELS.get(m, m), "torch not installed (pip install -e .[bench])",
                        goal=GOAL) for m in models]
    from benchmarks._isolate import THREADS_ENV, alternate_remote
    from benchmarks._keras import LESSONS
    from benchmarks._keras import device as tf_device

    # on a GPU machine PyTorch uses the GPU too, if its build has CUDA
    want = "cpu" if tf_device() == "CPU" else "cuda"
    version = importlib.metadata.version("torch")
    threads = os.environ.get(THREADS_ENV, "the default number of")
    records = []
    for name in models:
        n, batch = EXAMPLES[name][quick], LESSONS[name]
        ours, theirs, info, torch_device = alternate_remote(
            dict(target="benchmarks.onednn:epochs", side="tfcourse", model=name, n=n,
                 batch_size=batch),
            dict(target=f"{__name__}:torch_epoch", library="torch", name=name, n=n,
                 batch_size=batch, device=want), repeats=repeats)
        records.append(record(
            CASE, f"{LABELS.get(name, name)}, batch {batch}", "training throughput",
            "images/s", ours, theirs, scale=lambda s, n=n: n / s, goal=GOAL,
            device=f"{info['device']}, oneDNN {info['onednn']}; torch: {torch_device}",
            baseline_name=f"PyTorch {version} eager loop on {torch_device}",
            note=f"{MODELS[name]}; its lesson's batch size; tfcourse.train's defaults; {n} "
                 f"examples an epoch; each side in its own process, {threads} threads for each"))
    return records
