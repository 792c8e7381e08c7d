"""Ejercicios — tf.distribute: global vs per-replica batch, the replica loss, scope, learning rate.

Example:
    >>> from tfcourse.exercises import ____, distribute as ej
    >>> ej.q1.check(____)
    … Sin responder todavía: sustituye ____ por tu respuesta.
"""

from __future__ import annotations

from tfcourse.exercises._core import Question
from tfcourse.exercises._distribute_checks import (
    check_per_replica,
    check_replica_loss,
    check_scaled_lr,
    check_scope,
)

__all__ = ["q1", "q2", "q3", "q4"]

# ------------------------------------------------------------------ q1: the per-replica batch

q1 = Question(
    answer="per_replica_batch",
    task={"es": "tfcourse.train(..., global_batch_size=G) reparte cada lote global de G ejemplos "
                "entre las N réplicas. Escribe per_replica_batch(global_batch_size, "
                "num_replicas): cuántos ejemplos recibe cada réplica en cada paso (redondeando "
                "hacia arriba cuando N no divide G, como train).",
          "en": "tfcourse.train(..., global_batch_size=G) splits each global batch of G "
                "examples over the N replicas. Write per_replica_batch(global_batch_size, "
                "num_replicas): how many examples each replica gets per step (rounded up when "
                "N does not divide G, as train does)."},
    checker=check_per_replica,
    hints=[{"es": "Lote global = lote por réplica × número de réplicas "
                  "(strategy.num_replicas_in_sync).",
            "en": "Global batch = per-replica batch × number of replicas "
                  "(strategy.num_replicas_in_sync)."},
           {"es": "Redondear hacia arriba con enteros: -(-G // N), o math.ceil(G / N).",
            "en": "Rounding up with integers: -(-G // N), or math.ceil(G / N)."}],
    solution="""
        def per_replica_batch(global_batch_size, num_replicas):
            return -(-global_batch_size // num_replicas)  # ceil(G / N)
    """,
    correct={"es": "¡Correcto! Con global_batch_size una ejecución en N réplicas da los mismos "
                   "pasos sobre los mismos lotes que en un solo dispositivo.",
             "en": "Correct! With global_batch_size a run on N replicas takes the same steps on "
                   "the same batches as on one device."},
    mistakes={
        "global": {"es": "Devuelves el lote global ({got} para G={g}, N={n}): ese es el lote de "
                         "todas las réplicas juntas. Cada una recibe su parte: G / N, "
                         "redondeado hacia arriba ({want}).",
                   "en": "You return the global batch ({got} for G={g}, N={n}): that is the "
                         "batch of all the replicas together. Each gets its share: G / N, "
                         "rounded up ({want})."},
        "times": {"es": "Multiplicas ({got} para G={g}, N={n}): eso es lo que da "
                        "per_replica_batch_size=G, un lote global que crece con las réplicas. "
                        "global_batch_size se reparte: G / N ({want}).",
                  "en": "You multiply ({got} for G={g}, N={n}): that is what "
                        "per_replica_batch_size=G gives, a global batch that grows with the "
                        "replicas. global_batch_size is split: G / N ({want})."},
        "floor": {"es": "Redondeas hacia abajo: con G={g} y N={n} das {got}, y {got} × {n} = "
                        "{seen} < {g}, así que no cabría el lote entero. train redondea hacia "
                        "arriba ({want}).",
                  "en": "You round down: with G={g} and N={n} you give {got}, and {got} × {n} "
                        "= {seen} < {g}, so the whole batch would not fit. train rounds up "
                        "({want})."},
        "not_integer": {"es": "Con G={g} y N={n} das {got}: un lote es un número entero de "
                              "ejemplos. Redondea hacia arriba ({want}).",
                        "en": "With G={g} and N={n} you give {got}: a batch is a whole number "
                              "of examples. Round up ({want})."},
    },
)

# ------------------------------------------------------------------ q2: the replica's loss

q2 = Question(
    answer="replica_loss",
    task={"es": "Dentro de strategy.run, cada réplica tiene las pérdidas por ejemplo de su parte "
                "del lote. Escribe replica_loss(per_example_loss, global_batch_size): la "
                "pérdida de la réplica, tal que al sumar (ReduceOp.SUM) las de todas las "
                "réplicas salga la media sobre el lote global.",
          "en": "Inside strategy.run, each replica holds the per-example losses of its share "
                "of the batch. Write replica_loss(per_example_loss, global_batch_size): the "
                "replica's loss, such that summing (ReduceOp.SUM) all the replicas' gives the "
                "mean over the global batch."},
    checker=check_replica_loss,
    hints=[{"es": "La media del lote es Σ (todas las pérdidas) / G; cada réplica aporta su "
                  "trozo de esa suma.",
            "en": "The batch mean is Σ (all the losses) / G; each replica contributes its "
                  "piece of that sum."},
           {"es": "Es lo que hace tf.nn.compute_average_loss(per_example_loss, "
                  "global_batch_size=...), como en fit_tape.",
            "en": "That is what tf.nn.compute_average_loss(per_example_loss, "
                  "global_batch_size=...) does, as in fit_tape."}],
    solution="""
        import tensorflow as tf

        def replica_loss(per_example_loss, global_batch_size):
            return tf.nn.compute_average_loss(per_example_loss,
                                              global_batch_size=global_batch_size)
    """,
    correct={"es": "¡Correcto! Dividir entre el lote *global* hace que la suma de las réplicas "
                   "sea la media del lote, y el gradiente el mismo que en un solo dispositivo.",
             "en": "Correct! Dividing by the *global* batch makes the replicas' sum the batch "
                   "mean, and the gradient the same as on one device."},
    mistakes={
        "per_replica": {"es": "Divides entre el lote de la réplica ({b}), no entre el global "
                              "({g}): tu pérdida es {got}, no {want}. Al sumar las {n} réplicas "
                              "la pérdida y el gradiente salen {n} veces más grandes (como "
                              "multiplicar α por {n}).",
                        "en": "You divide by the replica's batch ({b}), not the global one "
                              "({g}): your loss is {got}, not {want}. Summed over the {n} "
                              "replicas, the loss and the gradient come out {n} times too large "
                              "(like multiplying α by {n})."},
        "sum": {"es": "Devuelves la suma sin dividir ({got}, esperado {want}): divide entre el "
                      "lote global, {g}.",
                "en": "You return the sum without dividing ({got}, expected {want}): divide by "
                      "the global batch, {g}."},
        "per_example": {"es": "Devuelves un array de forma {shape}, una pérdida por ejemplo: "
                              "la réplica devuelve un solo número.",
                        "en": "You return an array of shape {shape}, one loss per example: the "
                              "replica returns one number."},
    },
)

# ------------------------------------------------------------------ q3: what goes in the scope

q3 = Question(
    answer="build",
    task={"es": "Escribe build(strategy), que crea el MLP de la lección, "
                "build_mlp((8, 8, 1), 10), y un optimizador keras.optimizers.Adam(1e-3) de "
                "forma que sus variables queden replicadas en cada réplica, y devuelve "
                "(model, optimizer).",
          "en": "Write build(strategy), which creates the lesson's MLP, "
                "build_mlp((8, 8, 1), 10), and a keras.optimizers.Adam(1e-3) optimizer so that "
                "their variables are mirrored on every replica, and returns "
                "(model, optimizer)."},
    checker=check_scope,
    hints=[{"es": "Las variables se reparten por réplica solo si se crean dentro de "
                  "with strategy.scope():",
            "en": "Variables are mirrored on every replica only if they are created inside "
                  "with strategy.scope():"},
           {"es": "El modelo (sus pesos) y el optimizador (su contador de pasos y sus "
                  "momentos) tienen variables: créalos los dos dentro.",
            "en": "The model (its weights) and the optimizer (its step counter and moments) "
                  "both have variables: create both inside."}],
    solution="""
        import keras
        from tfcourse.models import build_mlp

        def build(strategy):
            with strategy.scope():  # variables created here live on every replica
                model = build_mlp((8, 8, 1), 10)
                optimizer = keras.optimizers.Adam(1e-3)
            return model, optimizer
    """,
    correct={"es": "¡Correcto! Pesos y optimizador son MirroredVariable: cada réplica tiene su "
                   "copia y los gradientes sumados las mantienen iguales. Por eso train recibe "
                   "una función que construye el modelo.",
             "en": "Correct! Weights and optimizer are MirroredVariables: each replica has its "
                   "copy, and the summed gradients keep them equal. That is why train takes a "
                   "function that builds the model."},
    mistakes={
        "outside": {"es": "Ni el modelo ni el optimizador se crean dentro de strategy.scope(): "
                          "sus variables viven en un solo dispositivo. Crea los dos dentro de "
                          "with strategy.scope():",
                    "en": "Neither the model nor the optimizer is created inside "
                          "strategy.scope(): their variables live on one device. Create both "
                          "inside with strategy.scope():"},
        "model_outside": {"es": "El optimizador está bien, pero el modelo se crea fuera de "
                                "strategy.scope(): sus pesos no se replican. Constrúyelo dentro.",
                          "en": "The optimizer is right, but the model is created outside "
                                "strategy.scope(): its weights are not mirrored. Build it "
                                "inside."},
        "optimizer_outside": {"es": "El modelo está bien, pero el optimizador se crea fuera de "
                                    "strategy.scope(): también tiene variables (pasos, "
                                    "momentos). Créalo dentro.",
                              "en": "The model is right, but the optimizer is created outside "
                                    "strategy.scope(): it has variables too (steps, moments). "
                                    "Create it inside."},
        "not_built": {"es": "El modelo no tiene pesos todavía (no conoce su entrada), así que "
                            "se crearían después, fuera del scope: dale una keras.Input.",
                      "en": "The model has no weights yet (it does not know its input), so "
                            "they would be created later, outside the scope: give it a "
                            "keras.Input."},
    },
)

# ------------------------------------------------------------------ q4: scaling the learning rate

q4 = Question(
    answer="scaled_lr",
    task={"es": "En tu portátil (1 réplica) ajustaste SGD con α = 0.1 y un lote global de 32. En "
                "una máquina con 4 GPU entrenas con per_replica_batch_size=64. Con la regla de "
                "escalado lineal (α proporcional al lote global), ¿qué α usas?",
          "en": "On your laptop (1 replica) you tuned SGD with α = 0.1 and a global batch of "
                "32. On a machine with 4 GPUs you train with per_replica_batch_size=64. With "
                "the linear scaling rule (α proportional to the global batch), which α do you "
                "use?"},
    checker=check_scaled_lr,
    hints=[{"es": "Primero el lote global nuevo: por réplica × réplicas.",
            "en": "First the new global batch: per replica × replicas."},
           {"es": "α nuevo = 0.1 × (lote global nuevo / 32).",
            "en": "New α = 0.1 × (new global batch / 32)."}],
    solution="scaled_lr = 0.1 * (4 * 64) / 32",
    correct={"es": "¡Correcto! α = 0.8: un lote 8 veces mayor da 8 veces menos pasos por época, "
                   "y cada paso avanza 8 veces más (conviene un calentamiento de unas épocas).",
             "en": "Correct! α = 0.8: a batch 8 times larger gives 8 times fewer steps per "
                   "epoch, and each step goes 8 times further (a few warm-up epochs help)."},
    mistakes={
        "not_scaled": {"es": "Sin escalar: el lote global pasa de 32 a {global_}, hay {ratio} "
                             "veces menos pasos por época, y con el mismo α se avanza menos. "
                             "Multiplica α por {ratio}.",
                       "en": "Not scaled: the global batch goes from 32 to {global_}, there are "
                             "{ratio} times fewer steps per epoch, and the same α goes less "
                             "far. Multiply α by {ratio}."},
        "by_replicas": {"es": "Escalas por el número de réplicas ({got}), pero lo que cuenta es "
                              "el lote global: 4 × 64 = {global_}, {ratio} veces 32 (α = {want}).",
                        "en": "You scale by the number of replicas ({got}), but what counts is "
                              "the global batch: 4 × 64 = {global_}, {ratio} times 32 "
                              "(α = {want})."},
        "per_replica_ratio": {"es": "Comparas el lote por réplica (64) con 32 ({got}); el de "
                                    "tu portátil era global. El lote global nuevo es "
                                    "4 × 64 = {global_}: α = {want}.",
                              "en": "You compare the per-replica batch (64) with 32 ({got}); "
                                    "your laptop's was global. The new global batch is "
                                    "4 × 64 = {global_}: α = {want}."},
        "inverse": {"es": "Divides α ({got}); la regla lineal lo multiplica: lote {ratio} veces "
                          "mayor, α {ratio} veces mayor ({want}).",
                    "en": "You divide α ({got}); the linear rule multiplies it: a batch {ratio} "
                          "times larger, an α {ratio} times larger ({want})."},
    },
)
