"""Ejercicios — aumento de datos: the lesson's block, a transform digits forbid, inference.

Example:
    >>> from tfcourse.exercises import ____, augmentation as ej
    >>> ej.q2.check(____)
    … Sin responder todavía: sustituye ____ por tu respuesta.
"""

from __future__ import annotations

from tfcourse.exercises import _model_checks as models
from tfcourse.exercises._core import Mistake, Question, _describe, expect_function

__all__ = ["q1", "q2", "q3"]

AUGMENT = {"rotation": 0.05, "zoom": 0.1, "translation": 0.1}  # the lesson's, without flip
NAMES = {"RandomRotation": "rotation", "RandomZoom": "zoom", "RandomTranslation": "translation"}


def _layers(layer):
    """Every layer inside ``layer`` (nested Sequential blocks too), depth first."""
    for sub in getattr(layer, "layers", ()):
        yield sub
        yield from _layers(sub)


def _span(factor) -> tuple:
    """A factor as Keras reads it: 0.1 means (−0.1, 0.1)."""
    if isinstance(factor, (int, float)):
        return (-abs(float(factor)), abs(float(factor)))
    return tuple(float(f) for f in factor)


# ------------------------------------------------------------------ q1: the lesson's block


def _factors(layer) -> tuple:
    kind = type(layer).__name__
    if kind == "RandomRotation":
        return (_span(layer.factor),)
    if kind == "RandomZoom":
        height = _span(layer.height_factor)
        return (height, height if layer.width_factor is None else _span(layer.width_factor))
    return (_span(layer.height_factor), _span(layer.width_factor))  # RandomTranslation


def _check_block(build):
    expect_function(build)
    block = models.expect_model(build, (28, 28, 1))
    from tfcourse.models import augmentation_block

    found = {type(layer).__name__: layer for layer in _layers(block)}
    want = {type(layer).__name__: layer
            for layer in _layers(augmentation_block((28, 28, 1), flip=None, **AUGMENT))}
    if "RandomFlip" in found:
        raise Mistake("flip", mode=found["RandomFlip"].mode)
    missing = [NAMES[k] for k in want if k not in found]
    if missing:
        raise Mistake("missing", names=", ".join(missing))
    extra = sorted(k for k in found if k not in want and k != "InputLayer")
    if extra:
        raise Mistake("extra", names=", ".join(extra))
    for kind, layer in want.items():
        got, expected = _factors(found[kind]), _factors(layer)
        if got != expected:
            if kind == "RandomTranslation" and 0.0 in (max(got[0]), max(got[1])):
                raise Mistake("one_axis")
            raise Mistake(NAMES[kind], got=got[0], want=expected[0],
                          degrees=round(360 * max(got[0])))


q1 = Question(
    answer="build_augmentation",
    task={"es": "Escribe build_augmentation(input_shape), que devuelve el bloque de aumento de la "
                "lección como un keras.Sequential: RandomRotation(0.05), RandomZoom(0.1) y "
                "RandomTranslation(0.1, 0.1), sin volteos (son dígitos).",
          "en": "Write build_augmentation(input_shape), returning the lesson's augmentation "
                "block as a keras.Sequential: RandomRotation(0.05), RandomZoom(0.1) and "
                "RandomTranslation(0.1, 0.1), with no flips (these are digits)."},
    checker=_check_block,
    hints=[{"es": "keras.Sequential([keras.Input(shape=input_shape), capa1, capa2, capa3]).",
            "en": "keras.Sequential([keras.Input(shape=input_shape), layer1, layer2, layer3])."},
           {"es": "RandomTranslation recibe dos fracciones: la del alto y la del ancho.",
            "en": "RandomTranslation takes two fractions: height's and width's."}],
    solution="""
        import keras

        def build_augmentation(input_shape):
            return keras.Sequential([
                keras.Input(shape=input_shape),  # (B, 28, 28, 1)
                keras.layers.RandomRotation(0.05),  # up to ±0.05 of a turn: ±18°
                keras.layers.RandomZoom(0.1),  # in or out by up to 10%
                keras.layers.RandomTranslation(0.1, 0.1),  # up to 10% of height and width
            ])
    """,
    correct={"es": "¡Correcto! Es el augmentation_block(flip=None, rotation=0.05, zoom=0.1, "
                   "translation=0.1) de la lección: en cada época el modelo ve cada dígito un "
                   "poco girado, ampliado o desplazado.",
             "en": "Correct! It is the lesson's augmentation_block(flip=None, rotation=0.05, "
                   "zoom=0.1, translation=0.1): each epoch the model sees each digit slightly "
                   "turned, zoomed or shifted."},
    mistakes={
        "flip": {"es": "Tu bloque voltea las imágenes (RandomFlip('{mode}')). Un 2, 3, 4 o 7 "
                       "en espejo no es un dígito: en los dígitos no se voltea. Quita RandomFlip.",
                 "en": "Your block flips the images (RandomFlip('{mode}')). A mirrored 2, 3, 4 "
                       "or 7 is not a digit: digits are never flipped. Remove RandomFlip."},
        "missing": {"es": "Falta una transformación: {names}.",
                    "en": "A transform is missing: {names}."},
        "extra": {"es": "El bloque lleva capas que no se piden: {names}. Solo giro, zoom y "
                        "desplazamiento.",
                  "en": "The block has layers not asked for: {names}. Only rotation, zoom and "
                        "translation."},
        "rotation": {"es": "El giro de RandomRotation es una fracción de vuelta completa: tu "
                           "rango {got} llega a ±{degrees}°; 0.05 es ±18°. Girado de más, un 6 "
                           "se convierte en un 9.",
                     "en": "RandomRotation's factor is a fraction of a full turn: your range "
                           "{got} reaches ±{degrees}°; 0.05 is ±18°. Turned too far, a 6 "
                           "becomes a 9."},
        "zoom": {"es": "El zoom no es el pedido: tu rango es {got} y se pide {want}, "
                       "RandomZoom(0.1).",
                 "en": "The zoom is not the one asked for: your range is {got} and {want} is "
                       "asked, RandomZoom(0.1)."},
        "translation": {"es": "El desplazamiento no es el pedido: tu rango es {got} y se pide "
                              "{want}, RandomTranslation(0.1, 0.1).",
                        "en": "The translation is not the one asked for: your range is {got} "
                              "and {want} is asked, RandomTranslation(0.1, 0.1)."},
        "one_axis": {"es": "Tu RandomTranslation solo desplaza en un eje. Dale las dos "
                           "fracciones: RandomTranslation(0.1, 0.1) mueve en alto y en ancho.",
                     "en": "Your RandomTranslation shifts along one axis only. Give it both "
                           "fractions: RandomTranslation(0.1, 0.1) moves in height and width."},
    },
)


# ------------------------------------------------------------------ q2, q3: choices


def _choice(answer, right: str, wrong: dict):
    """A letter answer: right, one of the anticipated wrong ones, or not an option."""
    if not isinstance(answer, str):
        raise Mistake("type", expected={"es": "una letra: 'a', 'b', 'c' o 'd'",
                                        "en": "a letter: 'a', 'b', 'c' or 'd'"},
                      received=_describe(answer))
    letter = answer.strip().strip("().").lower()
    if letter != right:
        raise Mistake(wrong.get(letter, "not_an_option"), answer=answer)


NOT_AN_OPTION = {"es": "{answer!r} no es una de las opciones: responde con 'a', 'b', 'c' o 'd'.",
                 "en": "{answer!r} is not one of the options: answer 'a', 'b', 'c' or 'd'."}

q2 = Question(
    answer="choice",
    task={"es": "¿Qué transformación NO debe usarse para aumentar dígitos? (a) RandomRotation(0.05)"
                ", giros de hasta ±18°; (b) RandomZoom(0.1); (c) RandomFlip('horizontal'), "
                "espejo izquierda-derecha; (d) RandomTranslation(0.1, 0.1). Responde con la "
                "letra.",
          "en": "Which transform must NOT be used to augment digits? (a) RandomRotation(0.05), "
                "turns of up to ±18°; (b) RandomZoom(0.1); (c) RandomFlip('horizontal'), a "
                "left-right mirror; (d) RandomTranslation(0.1, 0.1). Answer with the letter."},
    checker=lambda answer: _choice(answer, "c", {"a": "rotation", "b": "zoom",
                                                 "d": "translation"}),
    hints=[{"es": "La charla: una transformación que no encaja con el problema perjudica. ¿Cuál "
                  "cambia lo que un dígito *es*?",
            "en": "The talk: a transform that does not suit the problem hurts. Which one "
                  "changes what a digit *is*?"},
           {"es": "Imagina un 3 o un 7 en un espejo.", "en": "Picture a 3 or a 7 in a mirror."}],
    solution='choice = "c"  # a mirrored 2, 3, 4 or 7 is no digit',
    correct={"es": "¡Correcto! Un 2, 3, 4 o 7 en espejo no es un dígito: el modelo aprendería a "
                   "aceptar formas que no existen. Para fotos de perros y gatos, en cambio, el "
                   "volteo horizontal sí sirve.",
             "en": "Correct! A mirrored 2, 3, 4 or 7 is no digit: the model would learn to accept "
                   "shapes that do not exist. For photos of cats and dogs, on the other hand, a "
                   "horizontal flip does help."},
    mistakes={
        "rotation": {"es": "Un giro pequeño (±18°) es como escribir algo inclinado: el dígito "
                           "sigue siendo el mismo. Solo un giro grande convierte un 6 en un 9.",
                     "en": "A small turn (±18°) is like writing at a slant: the digit stays the "
                           "same. Only a large turn makes a 6 a 9."},
        "zoom": {"es": "Un dígito algo más grande o más pequeño sigue siendo el mismo dígito: "
                       "el zoom es de las transformaciones de la lección.",
                 "en": "A digit a little larger or smaller is still the same digit: zoom is one "
                       "of the lesson's transforms."},
        "translation": {"es": "Un dígito desplazado sigue siendo el mismo dígito, y es justo lo "
                              "que varía en los dígitos movidos de la lección.",
                        "en": "A shifted digit is still the same digit, and that is just what "
                              "varies in the lesson's moved digits."},
        "not_an_option": NOT_AN_OPTION,
    },
)

q3 = Question(
    answer="choice",
    task={"es": "block es un bloque de aumento (augmentation_block) y x un lote de imágenes. "
                "¿Qué devuelve block(x, training=False), como al llamar a predict o evaluate? "
                "(a) x sin cambios; (b) una copia transformada al azar, distinta en cada "
                "llamada; (c) una copia transformada, la misma en cada llamada si el bloque "
                "tiene semilla; (d) un error: el bloque solo funciona al entrenar. Responde "
                "con la letra.",
          "en": "block is an augmentation block (augmentation_block) and x a batch of images. "
                "What does block(x, training=False) return, as when predict or evaluate call "
                "it? (a) x unchanged; (b) a randomly transformed copy, different at each call; "
                "(c) a transformed copy, the same at each call if the block has a seed; (d) an "
                "error: the block only works in training. Answer with the letter."},
    checker=lambda answer: _choice(answer, "a", {"b": "changes_inference", "c": "seeded",
                                                 "d": "error"}),
    hints=[{"es": "fit llama al modelo con training=True; predict y evaluate, con "
                  "training=False. ¿Querrías evaluar con imágenes giradas al azar?",
            "en": "fit calls the model with training=True; predict and evaluate, with "
                  "training=False. Would you want to evaluate on randomly turned images?"},
           {"es": "Pruébalo: np.allclose(block(x, training=False), x).",
            "en": "Try it: np.allclose(block(x, training=False), x)."}],
    solution='choice = "a"  # at inference the random layers pass the images through',
    correct={"es": "¡Correcto! El aumento solo actúa al entrenar: en inferencia las capas "
                   "aleatorias dejan pasar las imágenes tal cual, así que el modelo guardado no "
                   "necesita quitar nada y nunca se evalúa con imágenes transformadas por "
                   "accidente.",
             "en": "Correct! Augmentation acts only in training: at inference the random layers "
                   "pass the images through as they are, so the saved model needs nothing "
                   "removed and is never evaluated on transformed images by accident."},
    mistakes={
        "changes_inference": {"es": "No: con training=False (predict, evaluate) las capas "
                                    "aleatorias no transforman nada y devuelven x tal cual. Si "
                                    "transformaran, la misma imagen recibiría predicciones "
                                    "distintas en cada llamada.",
                              "en": "No: with training=False (predict, evaluate) the random "
                                    "layers transform nothing and return x as it is. If they "
                                    "did, the same image would get different predictions at "
                                    "each call."},
        "seeded": {"es": "La semilla solo fija la secuencia de transformaciones *al entrenar*. "
                         "Con training=False no se aplica ninguna: devuelve x sin cambios.",
                   "en": "The seed only fixes the sequence of transforms *in training*. With "
                         "training=False none is applied: it returns x unchanged."},
        "error": {"es": "No da error: el bloque funciona en los dos modos; con training=False "
                        "simplemente deja pasar las imágenes (x sin cambios).",
                  "en": "No error: the block works in both modes; with training=False it "
                        "simply passes the images through (x unchanged)."},
        "not_an_option": NOT_AN_OPTION,
    },
)
