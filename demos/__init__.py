"""The workshop's lessons as literate scripts: ``python -m demos list`` / ``python -m demos run``.

Each demo is a ``# %%`` script (it opens as a notebook in Jupyter or VS Code) with a
``main(argv=None)`` that returns 0 on success, a ``--quick`` mode that runs in seconds, and
results (a table, ``metrics.json`` and PNG figures) written under ``out/NAME/``.
"""

# in the order of the workshop
DEMOS = {
    "linear_regression": "Regresión lineal — the slides' line, then diabetes; NumPy vs TF1 graph vs GradientTape",
    "softmax_classification": "Clasificación softmax — the talk's graph-and-session demo beside GradientTape, on digits",
    "concepts": "Conceptos — activations, perceptron and XOR, backprop by hand, conv/pool by hand, kernels",
    "mlp": "Perceptrón multicapa — a dense Keras network, with and without dropout",
    "cnn": "Redes convolucionales — LeNet-5 beside a modern small CNN",
    "rnn": "Redes recurrentes — digits row by row, forecasting a series, a spam filter",
    "transfer": "Aprendizaje por transferencia — digits 0–4 → 5–9 on few labels: frozen, fine-tuned, from scratch",
    "augmentation": "Aumento de datos — augmented samples; a CNN on few labels with and without",
}
