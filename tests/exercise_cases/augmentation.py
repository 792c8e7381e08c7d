"""Anticipated mistakes of the augmentation exercises: wrong answers written by hand."""


def _block(rotation=0.05, zoom=0.1, translation=(0.1, 0.1), flip=None, extra=False):
    """A participant's build_augmentation(): None leaves a transform out."""
    def build_augmentation(input_shape):
        import keras

        layers = [keras.Input(shape=input_shape)]
        if flip:
            layers.append(keras.layers.RandomFlip(flip))
        if rotation is not None:
            layers.append(keras.layers.RandomRotation(rotation))
        if zoom is not None:
            layers.append(keras.layers.RandomZoom(zoom))
        if translation is not None:
            layers.append(keras.layers.RandomTranslation(*translation))
        if extra:
            layers.append(keras.layers.RandomContrast(0.2))
        return keras.Sequential(layers)
    return build_augmentation


# (question, wrong answer, mistake key, Spanish fragment, English fragment)
MISTAKES = [
    ("q1", _block(flip="horizontal"), "flip", "RandomFlip('horizontal')",
     "RandomFlip('horizontal')"),
    ("q1", _block(zoom=None), "missing", "Falta una transformación: zoom",
     "A transform is missing: zoom"),
    ("q1", _block(extra=True), "extra", "RandomContrast", "RandomContrast"),
    ("q1", _block(rotation=0.5), "rotation", "llega a ±180°", "reaches ±180°"),
    ("q1", _block(zoom=0.3), "zoom", "tu rango es (-0.3, 0.3)", "your range is (-0.3, 0.3)"),
    ("q1", _block(translation=(0.2, 0.2)), "translation", "(-0.2, 0.2)", "(-0.2, 0.2)"),
    ("q1", _block(translation=(0.0, 0.1)), "one_axis", "solo desplaza en un eje",
     "shifts along one axis only"),
    ("q1", lambda input_shape: 18, "type", "has dado int 18", "got int 18"),
    ("q2", "a", "rotation", "Un giro pequeño", "A small turn"),
    ("q2", "(b)", "zoom", "sigue siendo el mismo dígito", "still the same digit"),
    ("q2", "D", "translation", "dígitos movidos", "moved digits"),
    ("q2", "e", "not_an_option", "'e' no es una de las opciones", "'e' is not one of the"),
    ("q2", 3, "type", "una letra", "a letter"),
    ("q3", "b", "changes_inference", "devuelven x tal cual", "return x as it is"),
    ("q3", "c", "seeded", "La semilla solo fija", "The seed only fixes"),
    ("q3", "d", "error", "No da error", "No error"),
    ("q3", "training", "not_an_option", "no es una de las opciones", "is not one of the"),
]
