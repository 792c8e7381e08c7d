"""Anticipated mistakes of the CNN exercises: wrong answers written by hand."""


def _lenet(pad1="same", pad2="valid", pool="max", dense=(120, 84), act="relu",
           out_act="softmax", filters1=6, fixed=False):
    """A participant's LeNet-5 builder, with one thing changed."""
    def build(input_shape=(28, 28, 1), num_classes=10):
        import keras

        if fixed:  # the arguments ignored
            input_shape, num_classes = (28, 28, 1), 10
        Pool = {"max": keras.layers.MaxPooling2D, "avg": keras.layers.AveragePooling2D}[pool]
        inputs = keras.Input(shape=input_shape)
        x = keras.layers.Conv2D(filters1, 5, padding=pad1, activation=act)(inputs)
        x = Pool(2)(x)
        x = keras.layers.Conv2D(16, 5, padding=pad2, activation=act)(x)
        x = keras.layers.Flatten()(Pool(2)(x))
        for units in dense:
            x = keras.layers.Dense(units, activation=act)(x)
        return keras.Model(inputs, keras.layers.Dense(num_classes, activation=out_act)(x))
    return build


def _one_output(input_shape=(28, 28, 1), num_classes=10):
    return _lenet()(input_shape, 1)


def _raises(*_):
    raise NameError("name 'Conv2d' is not defined")


# (question, wrong answer, mistake key, Spanish fragment, English fragment)
MISTAKES = [
    ("q1", _one_output, "outputs", "forma (1,)", "shape (1,)"),
    ("q1", _lenet(pool="avg"), "avg_pool", "usas average pooling", "you use average pooling"),
    ("q1", _lenet(pad1="valid"), "valid_first", "tiene 44 426 parámetros",
     "has 44,426 parameters"),
    ("q1", _lenet(pad2="same"), "same_second", "flatten da 784 en vez de 400",
     "flatten gives 784 instead of 400"),
    ("q1", _lenet(dense=(120,)), "missing_dense", "tiene 120 → 10", "yours has 120 → 10"),
    ("q1", _lenet(filters1=8), "layers", "La capa 1 no es la de LeNet-5",
     "Layer 1 is not LeNet-5's"),
    ("q1", _lenet(act=None), "linear", "no tiene activación", "has no activation"),
    ("q1", _lenet(out_act=None), "no_softmax", "activación 'linear'", "activation is 'linear'"),
    ("q1", _lenet(fixed=True), "ignores_args", "usa los argumentos", "use the arguments"),
    ("q1", lambda input_shape, num_classes: 61706, "type", "has dado int 61706",
     "got int 61706"),
    ("q1", _raises, "raised", "NameError", "NameError"),
    ("q2", (3 * 3 * 32 + 1) * 64, "with_bias", "Quita el +1", "Drop the +1"),
    ("q2", 3 * 3 * 32 * 64 + 4 * 64, "with_bn", "block2_bn1", "block2_bn1"),
    ("q2", (3 * 3 + 1) * 64, "no_cin", "Te falta C_in", "C_in is missing"),
    ("q2", 3 * 3 * 32, "no_cout", "los pesos de un solo filtro", "the weights of one filter"),
    ("q2", 3 * 32 * 64, "k_once", "eleva K al cuadrado", "square K"),
    ("q2", 3 * 3 * 64 * 64, "block2_conv2", "36 864 sería block2_conv2",
     "36,864 would be block2_conv2"),
    ("q2", 1000, "count", "1 000 no es", "1,000 is not"),
    ("q2", 18432.5, "type", "un número entero", "a whole number"),
    ("q3", (None, 6, 6, 16), "batch", "quita el None", "drop the None"),
    ("q3", (6, 6, 3), "channels", "no son 3", "are not 3"),
    ("q3", (5, 5, 16), "valid_first", "primera convolución como 'valid'",
     "first convolution as 'valid'"),
    ("q3", (8, 8, 16), "same_second", "segunda convolución como 'same'",
     "second convolution as 'same'"),
    ("q3", (7, 7, 16), "swapped", "intercambiado los rellenos", "swapped the paddings"),
    ("q3", (12, 12, 16), "no_pool", "Falta el muestreo", "The pooling is missing"),
    ("q3", [28, 28, 16], "no_pool", "divide alto y ancho", "halves height and width"),
    ("q3", (6, 16), "shape", "(alto, ancho, canales)", "(height, width, channels)"),
    ("q3", (4, 4, 16), "wrong_size", "(4, 4, 16) no es la salida", "(4, 4, 16) is not the output"),
    ("q3", 576, "type", "una tupla", "a tuple"),
]
