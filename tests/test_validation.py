"""tfcourse.validation: the one home of argument guards (values and messages by hand)."""

import subprocess
import sys

import numpy as np
import pytest

from tfcourse import validation as check


@pytest.mark.parametrize("call, message", [
    (lambda: check.positive_int("units", 0),
     "Invalid value for argument `units`: expected a positive integer. Received: units=0"),
    (lambda: check.positive_int("units", True), "Received: units=True"),
    (lambda: check.non_negative_int("seed", -1), "expected a non-negative integer"),
    (lambda: check.integer("size", 3, 4), "expected an integer >= 4. Received: size=3"),
    (lambda: check.integer("port", 70000, 1, 65535), "expected an integer in [1, 65535]"),
    (lambda: check.integer("axis", 1.5), "expected an integer. Received: axis=1.5"),
    (lambda: check.integer("shift", 3, high=2), "expected an integer <= 2. Received: shift=3"),
    (lambda: check.seed(2**32), "expected an integer in [0, 4294967295]"),
    (lambda: check.seed("1", allow_none=True), "expected None or an integer in [0, 4294967295]"),
    (lambda: check.positive_number("lr", float("nan")), "expected a finite number > 0"),
    (lambda: check.positive_number("lr", 0), "Received: lr=0"),
    (lambda: check.non_negative_number("noise", -0.1), "expected a finite number >= 0"),
    (lambda: check.fraction("dropout", 1), "expected a number in [0, 1). Received: dropout=1"),
    (lambda: check.positive_ints("hidden_units", (64, 0)), "such as (128, 64)"),
    (lambda: check.positive_ints("hidden_units", ()), "Received: hidden_units=()"),
    (lambda: check.one_of("padding", "full", ("valid", "same")),
     "expected one of ('valid', 'same'). Received: padding='full'"),
    (lambda: check.one_of("size", True, (8, 28)), "Received: size=True"),
    (lambda: check.flag("shuffle", 1), "expected True or False. Received: shuffle=1"),
    (lambda: check.input_shape((28, 28), layout="(h, w, c)", ranks=(3,)),
     "expected a tuple (h, w, c) of positive integers, without the batch axis"),
    (lambda: check.activation("activation", "relux"), "Received: activation='relux'"),
    (lambda: check.float_array("X", np.zeros((2, 2, 2)), ndims=(1, 2)),
     "expected an array with 1 or 2 dimensions. Received: X.shape=(2, 2, 2)"),
    (lambda: check.float_array("X", [1.0, np.inf]), "contains NaN or infinite values"),
])
def test_bad_values_name_the_argument_the_rule_and_the_value(call, message):
    with pytest.raises(ValueError) as info:
        call()
    assert message in str(info.value)


def test_good_values_come_back_clean():
    assert check.positive_int("n", np.int64(3)) == 3 and type(check.positive_int("n", np.int64(3))) is int
    assert check.positive_int("n", None, allow_none=True) is None
    assert check.positive_number("lr", 1) == 1.0 and check.fraction("p", 0) == 0.0
    assert check.positive_ints("h", [3, 2]) == (3, 2) and check.positive_ints("h", (), allow_empty=True) == ()
    assert check.flag("f", np.bool_(True)) is True
    assert check.seed(2**32 - 1) == 2**32 - 1
    assert check.activation("a", None, allow_none=True) is None and check.activation("a", "gelu") == "gelu"
    assert check.float_array("x", np.arange(3)).dtype == np.float64
    assert check.float_array("x", np.zeros(2, np.float32)).dtype == np.float32


def test_wrong_kind_of_array_is_a_type_error():
    with pytest.raises(TypeError, match="must hold real numbers. Received: y.dtype=<U3"):
        check.float_array("y", ["cat", "dog"])
    with pytest.raises(TypeError, match="must be a numeric array"):
        check.float_array("y", [[1], [1, 2]])


def test_imports_without_tensorflow_or_keras():
    code = ("import sys; import tfcourse.validation as v; v.positive_int('n', 2); "
            "print(sorted(m for m in ('tensorflow', 'keras') if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def test_one_of_accepts_none_and_bools_only_when_listed():
    assert check.one_of("augment", None, (None, "light")) is None
    assert check.one_of("mixed", True, (True, False, "float32")) is True
    with pytest.raises(ValueError, match="Received: n=True"):
        check.one_of("n", True, (1, 2))
    with pytest.raises(ValueError, match="expected one of"):
        check.one_of("n", np.zeros(2), (1, 2))
