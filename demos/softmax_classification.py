# %% [markdown]
# # Clasificación softmax — softmax regression: the talk's TensorFlow demo, then and now
#
# **Lesson 2 of the workshop** (talk 002, with the softmax of talk 000). In a notebook: run the
# cells from the top (Run All), then change a setting and run again. From a shell:
# `python -m demos run softmax_classification [--quick] [--steps 300] [--cpu-replicas 2]
# [--dataset mnist]` (`--help` lists every setting).
#
# Talk 002 ends with a TensorFlow 1 program that classifies images of handwritten digits: a
# *grafo de flujo de datos* (dataflow graph) with truncated-normal weights, zero biases,
# `logits = tf.matmul(...) + biases`, `softmax_cross_entropy_with_logits`,
# `GradientDescentOptimizer(0.5)`, and a `Session` fed mini-batches through `feed_dict`. Here we
#
# 1. look at the images and turn each one into a row of pixels;
# 2. write the model's two formulas, *softmax* and *entropía cruzada* (cross-entropy), by hand,
#    and see why TensorFlow wants the *logits*, not the probabilities;
# 3. run the talk's program as it was (through `tf.compat.v1`), beside the same model in
#    TensorFlow 2 (`tf.GradientTape` under a `tf.distribute` strategy) and in NumPy. Same data,
#    same start, same mini-batches: the three must give the same costs, step by step;
# 4. see which digits it confuses, and draw the straight borders such a model puts between
#    classes (iris flowers, two features).
#
# Data: scikit-learn's 1,797 real 8×8 handwritten digits, bundled, offline. With
# `dataset = "mnist"` the 28×28 MNIST digits come through TensorFlow Datasets when cached.

# %%
# Setup: makes `tfcourse` importable where it is not installed yet (a fresh Colab runtime, a
# plain Jupyter): installs it from the copy of the repository this notebook sits in (or that
# was cloned here). Does nothing where tfcourse is installed.
import importlib.util, pathlib, subprocess, sys  # noqa: E401

if importlib.util.find_spec("tfcourse") is None:
    here = pathlib.Path.cwd().resolve()
    repo = next((p for p in (here, *here.parents, here / "tfcourse")
                 if (p / "tfcourse" / "lesson.py").exists()), None)
    if repo is None:
        raise ModuleNotFoundError(
            "tfcourse is not installed in this kernel, and no copy of the tfcourse repository "
            f"was found in {here} or above it. Get the repository (in Colab: run "
            "`!git clone <its URL>` in a cell; elsewhere: git clone or unzip it), then run this "
            "cell again; or install it yourself: `%pip install /path/to/tfcourse`.")
    print(f"Installing tfcourse from {repo} (once; a minute or more) ...")
    subprocess.check_call([sys.executable, "-m", "pip", "install", "--quiet", str(repo)])
    importlib.invalidate_caches()

# %% [markdown]
# ## Ajustes — settings
# Every number the lesson uses is here. Change one, then run the cells again from this one.
# `quick = True` runs the same lesson with fewer steps, in seconds.

# %% tags=["parameters"]
quick = False  # fewer steps: the same lesson in seconds
dataset = "digits"  # digits (bundled 8×8, offline) or mnist (28×28, TFDS, when cached)
data_dir: str | None = None  # TFDS data folder (default: $TFDS_DATA_DIR or ~/tensorflow_datasets)
lr = 0.5  # learning rate α (tasa de aprendizaje); the talk: GradientDescentOptimizer(0.5)
steps = 1000  # training steps (pasos), one mini-batch each
batch_size = 128  # examples per mini-batch (the global batch, split over the replicas)
seed = 0  # seed of the initial weights, the mini-batch order and the digits' split
strategy = "auto"  # tf.distribute strategy for the GradientTape version: auto, cpu, gpu, mirrored
cpu_replicas: int | None = None  # split the CPU into N replicas (restart the kernel to change it)
out = "out"  # results go to out/softmax_classification/

# %%
if quick:
    steps = min(steps, 300)

# tfcourse.lesson starts TensorFlow quietly (its C++ start-up lines hidden)
from tfcourse.lesson import output_dir, print_setup, print_table, save_metrics  # noqa: E402

import numpy as np  # noqa: E402
import tensorflow as tf  # noqa: E402

from tfcourse import plots  # noqa: E402
from tfcourse.distribute import describe, get_strategy  # noqa: E402
from tfcourse.lowlevel import softmax_regression as sr  # noqa: E402

dist_strategy = get_strategy(strategy, cpu_replicas=cpu_replicas)  # before any other TF op
results_dir = output_dir(out, "softmax_classification")
print_setup(dist_strategy, results_dir)

# %% [markdown]
# ## 1. Los datos — images as rows of pixels
# An image is a matrix of pixel values (talk 000: *representación de imágenes*; MNIST is
# 1×28×28). `tfcourse.data.load_images` gives the pixels in [0, 1] and the labels 0–9, split
# into *entrenamiento / validación / prueba* (train / validation / test). A few training
# digits, with their labels:

# %%
from tfcourse.data import load_images  # noqa: E402

data = load_images(dataset, size=8, data_dir=data_dir, seed=seed)
print(data)
plots.plot_images(data.x_train[:16], [str(label) for label in data.y_train[:16]],
                  title=f"Los datos — {dataset}, the first training images",
                  path=f"{results_dir}/samples.png")

# %% [markdown]
# Softmax regression does not know that pixels have neighbours: each image becomes one row of
# `FLATTENED_SIZE` numbers (64 for 8×8 digits, 784 for MNIST), and the whole training set a
# matrix X with one row per example.

# %%
x_train = data.x_train.reshape(len(data.x_train), -1)  # (m, h, w, 1) → (m, FLATTENED_SIZE)
x_test = data.x_test.reshape(len(data.x_test), -1)  # (m_test, FLATTENED_SIZE)
y_train, y_test = data.y_train, data.y_test  # (m,), (m_test,): integer labels 0–9
num_labels = data.num_classes
print(f"x_train: {x_train.shape}, y_train: {y_train.shape}, x_test: {x_test.shape}; "
      f"FLATTENED_SIZE = {x_train.shape[1]}, NUM_LABELS = {num_labels}")

# %% [markdown]
# ## 2. El modelo — logits, softmax and cross-entropy
# The model gives every class k a score, its *logit* $z_k$: one weighted sum of the pixels per
# class, exactly the talk's `logits = tf.matmul(tf_train_dataset, weights) + biases`:
#
# $$z = x W + b, \qquad x: (1, n), \quad W: (n, K), \quad b: (K,)$$
#
# Logits are any real numbers. The *softmax* (talk 000: "Softmax: clasificación multiclase")
# turns them into probabilities, positive and summing to 1, keeping their order:
#
# $$\hat y_k = \sigma(z)_k = \frac{e^{z_k}}{\sum_{j=1}^{K} e^{z_j}}$$
#
# The cost is the *entropía cruzada* (cross-entropy) between the one-hot label $y^{(i)}$ and
# the prediction $\hat y^{(i)}$, averaged over the m examples of a batch:
#
# $$J(W, b) = -\frac{1}{m} \sum_{i=1}^{m} \sum_{k=1}^{K} y_k^{(i)} \log \hat y_k^{(i)}$$
#
# Only the true class's term survives the inner sum, so each example costs $-\log$ (the
# probability it gave to the right answer): 0 when sure and right, large when sure and wrong.
# Both formulas in NumPy, checked against `tf.nn.softmax`:

# %%
z = np.array([2.0, 1.0, 0.1])  # three logits
y_hat = np.exp(z) / np.exp(z).sum()  # softmax
print(f"softmax({z}) = {np.round(y_hat, 4)}, sum = {y_hat.sum():.4f}; "
      f"tf.nn.softmax: {np.round(tf.nn.softmax(z).numpy(), 4)}")
print(f"cost if the true class is 0: −log {y_hat[0]:.3f} = {-np.log(y_hat[0]):.3f}; "
      f"if it is 2: −log {y_hat[2]:.3f} = {-np.log(y_hat[2]):.3f}")

# %% [markdown]
# A check on our data: with all weights and biases at zero every logit is 0, every class gets
# probability 1/K, and the cost is $\log K$ for any data ($\log 10 \approx 2.303$).

# %%
W, b = np.zeros((x_train.shape[1], num_labels)), np.zeros(num_labels)  # (n, K), (K,)
logits = x_train @ W + b  # (m, K)
probs = np.exp(logits) / np.exp(logits).sum(axis=1, keepdims=True)  # (m, K)
J = -np.mean(np.log(probs[np.arange(len(y_train)), y_train]))  # only the true class's term
print(f"J at W = 0: {J:.4f}; log {num_labels} = {np.log(num_labels):.4f}")

# %% [markdown]
# ### Why `softmax_cross_entropy_with_logits` takes logits
# The talk never computes the probabilities in its cost: it hands the logits to
# `tf.nn.softmax_cross_entropy_with_logits`, which does softmax and log in one step. Done
# separately, floating point breaks twice: $e^{1000}$ overflows (inf/inf is NaN), and a
# probability like $e^{-200}$ rounds to 0 in float32, whose log is −∞. The fused op uses the
# identity
#
# $$\log \sigma(z)_k = z_k - \log \sum_j e^{z_j}
#   = (z_k - c) - \log \sum_j e^{z_j - c}, \qquad c = \max_j z_j$$
#
# (*log-sum-exp*): after subtracting the largest logit no exponential exceeds 1, and no
# probability is ever rounded to 0 before its log is taken.

# %%
big = tf.constant([[1000.0, 999.0, 998.0]])  # (1, 3) logits
print("softmax by hand:", (tf.exp(big) / tf.reduce_sum(tf.exp(big))).numpy(),
      " tf.nn.softmax:", tf.nn.softmax(big).numpy().round(4))

sure_and_wrong = tf.constant([[0.0, -200.0]])  # (1, 2): sure of class 0 ...
label = tf.constant([[0.0, 1.0]])  # ... but the true class is 1
by_hand = -tf.reduce_sum(label * tf.math.log(tf.nn.softmax(sure_and_wrong)), axis=1)
fused = tf.nn.softmax_cross_entropy_with_logits(labels=label, logits=sure_and_wrong)
print(f"cross-entropy: log(softmax) by hand = {by_hand.numpy()[0]}, "
      f"softmax_cross_entropy_with_logits = {fused.numpy()[0]:.1f}")

# %% [markdown]
# ## 3. El demo de la charla — the graph, the tape, and NumPy
# The talk's program, as on its slides:
#
# ```python
# graph = tf.Graph()
# with graph.as_default():
#     weights = tf.Variable(tf.truncated_normal([FLATTENED_SIZE, NUM_LABELS]), name='w')
#     biases = tf.Variable(tf.zeros([NUM_LABELS]), name='b')
#     logits = tf.matmul(tf_train_dataset, weights) + biases
#     loss = tf.reduce_mean(tf.nn.softmax_cross_entropy_with_logits(
#         labels=tf_train_labels, logits=logits))
#     optimizer = tf.train.GradientDescentOptimizer(0.5).minimize(loss)
#
# with tf.Session(graph=graph) as session:
#     tf.global_variables_initializer().run()
#     feed_dict = {tf_train_dataset: batch_data, tf_train_labels: batch_labels}
#     _, l, predictions = session.run([optimizer, loss, train_prediction], feed_dict=feed_dict)
# ```
#
# First the graph is *declared* (nothing is computed: `tf_train_dataset` and `tf_train_labels`
# are placeholders, empty slots), then a `Session` *runs* it. Each `session.run` takes one
# **mini-batch**: `feed_dict` fills the placeholders with `batch_size` examples and their
# one-hot labels, and the optimizer takes one gradient step on that batch's cost. A step on a
# mini-batch is much cheaper than on the whole training set, and its gradient points roughly
# the same way (talk 001: "SGD ... mini-batches").
#
# `tfcourse.lowlevel.softmax_regression` runs that training three ways:
#
# - `fit_graph`: the talk's program almost line for line, through `tf.compat.v1` (placeholders,
#   `GradientDescentOptimizer`, `Session`, `feed_dict`);
# - `fit_tape`: TensorFlow 2: two `tf.Variable`s, the cost recorded by `tf.GradientTape`
#   (which returns the gradients), inside `tf.function`, under the `tf.distribute` strategy.
#   Each replica takes its share of the batch and divides its cost by the *global* batch size
#   (`tf.nn.compute_average_loss`); the replicas' gradients are summed, which is the gradient
#   of the batch mean. It takes integer labels (`sparse_softmax_cross_entropy_with_logits`);
#   no one-hot rows needed;
# - `fit_numpy`: the gradient in closed form, $\nabla_W J = X^\top(\hat Y - Y)/m$,
#   $\nabla_b J = \text{mean}(\hat Y - Y)$.
#
# All three start from the same truncated-normal weights (drawn once with `seed`) and see the
# same mini-batches in the same order.

# %%
steps_per_epoch = len(x_train) / batch_size
print(f"{len(x_train)} training examples, {batch_size} per step: one pass over the data (an "
      f"epoch) every {steps_per_epoch:.1f} steps, so {steps} steps ≈ "
      f"{steps / steps_per_epoch:.0f} epochs")

# %%
kw = dict(lr=lr, steps=steps, batch_size=batch_size, init="truncated_normal", seed=seed,
          num_classes=num_labels)
fits = {
    "tf1 graph + session": sr.fit_graph(x_train, y_train, **kw),
    "gradient tape": sr.fit_tape(x_train, y_train, strategy=dist_strategy, **kw),
    "numpy": sr.fit_numpy(x_train, y_train, **kw),
}
for name, f in fits.items():
    print(f"{name:<20} cost J: {f.losses[0]:.4f} on the first batch, {f.losses[-1]:.4f} on the "
          f"last; {f.seconds:.2f} s")

# %% [markdown]
# The *exactitud* (accuracy) of each on the test images, which no training step has seen. As a
# reference, scikit-learn's `LogisticRegression` without penalty (`C=np.inf`) solves the same
# model, multinomial logistic regression, to convergence with a second-order method (skipped in
# quick mode on a large dataset, where it would take longest).

# %%
rows = [{"implementation": name, "final batch cost": float(f.losses[-1]),
         "test accuracy": float((f.predict(x_test) == y_test).mean()), "seconds": f.seconds}
        for name, f in fits.items()]
if not quick or len(x_train) < 5000:
    from sklearn.linear_model import LogisticRegression

    sk = LogisticRegression(C=np.inf, max_iter=2000).fit(x_train, y_train)
    rows.append({"implementation": "sklearn LogisticRegression", "final batch cost": None,
                 "test accuracy": float(sk.score(x_test, y_test)), "seconds": None})
print_table(rows, f"Regresión softmax — {dataset}, lr={lr}, batch {batch_size}, {steps} steps, "
                  f"{describe(dist_strategy)}")
costs = [r["final batch cost"] for r in rows if r["final batch cost"] is not None]
spread = (max(costs) - min(costs)) / max(costs)
print(f"The three implementations {'agree' if spread < 1e-4 else 'do NOT agree'}: their final "
      f"batch costs differ by {spread:.1e} of the cost (float32 keeps about 7 significant "
      f"digits).")
if rows[-1]["implementation"].startswith("sklearn"):
    gd, ref = rows[1]["test accuracy"], rows[-1]["test accuracy"]
    more = round((ref - gd) * len(y_test))  # test images sklearn gets right beyond GD
    print(f"Gradient descent gets {gd:.1%} of the {len(y_test)} test images right, the fully "
          f"solved model {ref:.1%}: " + (f"{abs(more)} image{'s' * (abs(more) != 1)} "
          f"{'more' if more > 0 else 'fewer'}." if more else "the same."))

# %% [markdown]
# The cost of every mini-batch, for the three implementations: the curves lie on top of each
# other. The cost is noisy because each step sees a different batch.

# %%
plots.plot_losses({k: f.losses for k, f in fits.items()}, path=f"{results_dir}/losses.png",
                  title="Entropía cruzada — cross-entropy per mini-batch (curves coincide)")

# %% [markdown]
# ## 4. Evaluación — which digits get confused
# The *matriz de confusión* (confusion matrix) counts, for each true digit (row), what the
# model predicted (column), on the test images; the diagonal holds the right answers.

# %%
y_pred = fits["gradient tape"].predict(x_test)  # (m_test,)
cm = plots.confusion_matrix(y_test, y_pred, num_classes=num_labels)  # (K, K)
off = cm - np.diag(np.diag(cm))  # (K, K): the mistakes only
worst = [f"{t} read as {p} ({off[t, p]} of the {cm[t].sum()} test {t}s)"
         for t, p in zip(*np.nonzero(off == off.max()))]  # every pair tied for the most
print(f"{off.sum()} of {cm.sum()} test images misclassified; the most frequent mistake"
      f"{'s' * (len(worst) > 1)}: {'; '.join(worst)}." if off.sum() else
      "No test image misclassified.")

# %%
plots.plot_confusion_matrix(y_test, y_pred, path=f"{results_dir}/confusion_matrix.png",
                            title=f"Matriz de confusión — softmax regression, {dataset} test")

# %% [markdown]
# ## 5. Frontera de decisión — what a linear classifier draws
# Class k wins where its logit is the largest, and the border between two classes is where two
# logits are equal: $x \cdot (w_j - w_k) + b_j - b_k = 0$, a straight line (a hyperplane in
# more dimensions). With two features we can see it: iris flowers by petal length and width
# (standardised), three species, trained with `fit_numpy`.

# %%
from tfcourse.data import load_iris  # noqa: E402

iris_data = load_iris(seed=seed)
iris_train, iris_test = iris_data.x_train[:, 2:], iris_data.x_test[:, 2:]  # (m, 2): petals
iris_fit = sr.fit_numpy(iris_train, iris_data.y_train, lr=0.5, steps=steps, num_classes=3)
iris = {"implementation": "numpy, iris petals (2 features)",
        "final batch cost": float(iris_fit.losses[-1]),
        "test accuracy": float((iris_fit.predict(iris_test) == iris_data.y_test).mean()),
        "seconds": iris_fit.seconds}
print_table([iris], "Frontera de decisión — two features, three classes")
wrong = int((iris_fit.predict(iris_test) != iris_data.y_test).sum())
print(f"{wrong} of the {len(iris_test)} test flowers {'falls' if wrong == 1 else 'fall'} on the "
      "wrong side of a border.")

# %%
plots.plot_decision_boundary(iris_fit.predict, np.r_[iris_train, iris_test],
                             np.r_[iris_data.y_train, iris_data.y_test],
                             class_names=["setosa", "versicolor", "virginica"],
                             feature_names=("petal length (std)", "petal width (std)"),
                             title="Frontera de decisión — softmax on two iris features",
                             path=f"{results_dir}/decision_boundary.png")

# %% [markdown]
# ## Resultados — what to take away
# - Softmax regression is one matrix product and a softmax; the cross-entropy punishes a
#   confident wrong answer hardest.
# - Give the cost the logits (`softmax_cross_entropy_with_logits`, or Keras'
#   `from_logits=True`): computing the probabilities first overflows or takes log 0.
# - The talk's graph-and-session program, GradientTape and NumPy are one algorithm: the same
#   costs step by step, on one device or split over replicas.
# - A linear model draws straight borders; the hidden layers of the next lessons (the MLP, the
#   CNN) bend them.
#
# Things to try (change the setting, run the cells again):
# - `lr = 0.05` or `lr = 5`: measured in quick mode (300 steps), the last batch's cost is 1.49
#   with 55% of the test digits right at 0.05, and 0.081 with 96.7% at 5. On these small
#   images even ten times the talk's rate converges; too small a rate simply has not arrived;
# - `batch_size = 16` (noisier costs) or `batch_size = 1257`, all the training digits: the
#   full batch, a smooth cost curve;
# - `cpu_replicas = 2` (restart the kernel first): the GradientTape version splits every batch
#   over two replicas, and the costs still agree;
# - `dataset = "mnist"` (needs the TFDS copy): 784 pixels per image, 54,000 training images.
#
# The numbers are saved to `metrics.json` in the results folder.

# %%
save_metrics(results_dir, {
    "settings": {"quick": quick, "dataset": dataset, "data_dir": data_dir, "lr": lr,
                 "steps": steps, "batch_size": batch_size, "seed": seed, "strategy": strategy,
                 "cpu_replicas": cpu_replicas, "out": out},
    "results": rows, "decision_boundary": iris})

# %% [markdown]
# ## Ejercicios
# Replace each `____` with your answer and run the check under it: it says whether the answer is
# right and, if not, what is wrong. `ej.q1.hint()` gives a hint (another on each call),
# `ej.q1.solution()` the answer; `lang="en"` (or `TFCOURSE_LANG=en`) switches to English.

# %%
from tfcourse.exercises import ____, softmax_classification as ej  # noqa: E402

# %% [markdown]
# **Ejercicio 1 — un softmax estable.** Write `softmax(z)` for a matrix of logits (m, k), one
# example per row. It must also work for logits such as 1000 (no NaN, no inf).

# %% tags=["exercise"]
def softmax(z):
    return ____


# %%
ej.q1.check(softmax)

# %% [markdown]
# **Ejercicio 2 — la entropía cruzada.** Write `cross_entropy(logits, y)`: the mean cross-entropy
# from logits (m, k) and integer labels y (m,), finite even when a logit is ±1000.

# %% tags=["exercise"]
def cross_entropy(logits, y):
    return ____


# %%
ej.q2.check(cross_entropy)

# %% [markdown]
# **Ejercicio 3 — la pérdida de Keras.** A model ends in `keras.layers.Dense(10)` with no
# activation (it outputs logits) and the labels are integers 0–9. Which loss goes in
# `model.compile`?

# %% tags=["exercise"]
import keras  # noqa: E402

loss = ____

# %%
ej.q3.check(loss)

# %% [markdown]
# **Ejercicio 4 — la línea que falta del grafo de la charla.** `train_op(loss, alpha)` returns
# the operation that takes one gradient-descent step on every `session.run` (`tf.compat.v1`).

# %% tags=["exercise"]
def train_op(loss, alpha):
    return ____


# %%
ej.q4.check(train_op)
