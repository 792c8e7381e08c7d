"""Anticipated mistakes of the transfer-learning exercises: wrong answers written by hand."""


def _head(freeze="base", units=None, num=None):
    """A participant's new_head(): ``freeze`` is "base", "none" or "all"."""
    def new_head(base, num_classes):
        import keras

        base.trainable = freeze == "none"
        inputs = keras.Input(shape=base.input_shape[1:])
        x = base(inputs, training=False)
        if units:
            x = keras.layers.Dense(units, activation="relu")(x)
        model = keras.Model(inputs, keras.layers.Dense(num or num_classes,
                                                       activation="softmax")(x))
        model.trainable = freeze != "all"
        return model
    return new_head


def _fresh_base(base, num_classes):
    from tfcourse.models import build_mlp

    return build_mlp((28, 28, 1), num_classes)


def _transfer(epochs=10, lr=3e-3, unfreeze=False, fit=True, classes=5, layer="block1_pool"):
    """A participant's transfer(): the reference with one thing changed."""
    def transfer(source, x, y):
        import keras
        from tfcourse.models.from_pretrained import build_from_pretrained

        model = build_from_pretrained(source, classes, feature_layer=layer)
        model.get_layer("base").trainable = unfreeze
        if fit:
            model.compile(keras.optimizers.Adam(lr), "sparse_categorical_crossentropy")
            model.fit(x, y, epochs=epochs, batch_size=32, verbose=0)
        return model
    return transfer


def _scratch(source, x, y):
    from tfcourse.models import build_cnn

    return build_cnn((28, 28, 1), 5, filters=(16, 32))


# (question, wrong answer, mistake key, Spanish fragment, English fragment)
MISTAKES = [
    ("q1", _head(freeze="none"), "not_frozen", "se entrenarían 4 285 parámetros en vez de los 85",
     "4,285 parameters would train instead of the head's 85"),
    ("q1", _head(freeze="all"), "all_frozen", "Has congelado todo", "You froze everything"),
    ("q1", _head(units=8), "head", "se entrenan 181 parámetros", "181 parameters train"),
    ("q1", _head(num=10), "outputs", "forma (10,)", "shape (10,)"),
    ("q1", _fresh_base, "not_reused", "no contiene la base", "does not contain the base"),
    ("q1", lambda base, num_classes: base, "outputs", "forma (16,)", "shape (16,)"),
    ("q2", 24501, "counts_base", "cuenta también la base", "counts the base too"),  # all
    ("q2", 24309, "counts_base", "24 309 cuenta", "24,309 counts"),  # the base unfrozen
    ("q2", 1568 * 5, "no_bias", "Falta el sesgo", "The bias is missing"),
    ("q2", 1568, "features_only", "es el número de características",
     "is the number of features"),
    ("q2", 1569, "one_output", "una sola salida", "one output"),
    ("q2", 15685, "wrong_layer", "acaba en block2_pool: 1 568", "ends at block2_pool: 1,568"),
    ("q2", 7000, "count", "7 000 no es", "7,000 is not"),
    ("q2", "7845", "type", "un número entero", "a whole number"),
    ("q3", _transfer(classes=10, fit=False), "outputs", "la cabeza nueva es Dense(5)",
     "the new head is Dense(5)"),
    ("q3", _scratch, "from_scratch", "entrenar desde cero", "training from scratch"),
    ("q3", _transfer(fit=False), "not_trained", "falta compile y fit", "compile it and fit it"),
    ("q3", _transfer(epochs=1, unfreeze=True), "not_frozen", "la base no estaba congelada",
     "the base was not frozen"),
    ("q3", _transfer(epochs=1, lr=1e-6), "too_low", "hace falta 0.80", "0.80 is needed"),
    ("q3", lambda source, x, y: 0.93, "type", "has dado float 0.93", "got float 0.93"),
]
