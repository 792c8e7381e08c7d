"""The workshop's lessons, notebooks first: ``python -m demos list`` / ``run`` / ``notebooks``.

Each lesson ``demos/NAME.py`` is a Jupytext percent script (``# %%`` cells) whose code runs at
top level, cell by cell; ``notebooks/NAME.ipynb`` is generated from it. Its settings cell (tagged
``parameters``) holds plain assignments a participant edits, and that the shell runner turns
into flags (`demos._runner`). Results (tables, ``metrics.json``, PNG figures) go to
``out/NAME/``; ``quick = True`` runs the same lesson in seconds.
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
