"""Mixed precision (bfloat16 on CPU, float16 with loss scaling) and the Keras custom loop."""

import keras
import numpy as np
import pytest

from tfcourse.custom_loop import fit_custom
from tfcourse.data.bundled import load_digits
from tfcourse.models import build_cnn, build_mlp
from tfcourse.precision import choose_policy, describe_precision, dtype_policy, mixed_policy_name

DIGITS = load_digits()


def mlp():
    return build_mlp((8, 8, 1), 10, hidden_units=(64,))


def accuracy(model):
    return float((model.predict(DIGITS.x_test, verbose=0).argmax(1) == DIGITS.y_test).mean())


@pytest.fixture
def bf16_cpu(monkeypatch):
    """A CPU with native bfloat16 (AVX512-BF16), whatever this one has."""
    monkeypatch.setenv("TFCOURSE_CPU_FLAGS", "avx2 avx512f avx512_bf16")


@pytest.fixture
def avx2_cpu(monkeypatch):
    """A CPU without native bfloat16 (AVX2 only), whatever this one has."""
    monkeypatch.setenv("TFCOURSE_CPU_FLAGS", "avx2 fma")


# the switch by hand: (mixed_precision, device, CPU flags, policy that runs, a note?)
SWITCH = [
    (False, "cpu", ["avx2"], "float32", False),
    ("float32", "gpu", [], "float32", False),
    (True, "gpu", [], "mixed_float16", False),
    (True, "tpu", [], "mixed_bfloat16", False),
    (True, "cpu", ["avx2", "avx512_bf16"], "mixed_bfloat16", False),
    (True, "cpu", ["avx2", "amx_bf16"], "mixed_bfloat16", False),
    (True, "cpu", ["avx2", "avx512f", "avx512_vnni"], "float32", True),  # emulated: slower
    ("mixed_bfloat16", "cpu", ["avx2"], "mixed_bfloat16", True),  # forced, with a note
    ("mixed_bfloat16", "cpu", ["amx_bf16"], "mixed_bfloat16", False),
    ("mixed_float16", "cpu", ["avx512_bf16"], "mixed_float16", True),
    ("mixed_float16", "gpu", [], "mixed_float16", False),
]


@pytest.mark.parametrize("mixed, device, flags, policy, note", SWITCH)
def test_mixed_precision_only_where_it_pays(mixed, device, flags, policy, note):
    name, why = choose_policy(mixed, device, flags)
    assert name == policy and bool(why) is note
    if note:
        assert "slower than float32" in why


def test_true_on_a_cpu_without_bfloat16_trains_in_float32_and_says_so(avx2_cpu):
    assert describe_precision(True, device="cpu") == (
        "float32 (mixed precision would be slower on this CPU)")
    with pytest.warns(UserWarning, match=r"no native bfloat16.*trains in float32.*"
                                         r"mixed_precision='mixed_bfloat16' to force"):
        with dtype_policy(True, device="cpu") as name:
            model = mlp()
    assert name == "float32" and model.get_layer("dense_1").compute_dtype == "float32"
    with pytest.warns(UserWarning, match="emulated, expect it slower"):
        with dtype_policy("mixed_bfloat16", device="cpu") as name:
            model = mlp()
    assert name == "mixed_bfloat16" and model.get_layer("dense_1").compute_dtype == "bfloat16"
    assert describe_precision("mixed_bfloat16", device="cpu") == (
        "mixed_bfloat16 (emulated here: slower)")
    assert describe_precision(False) == "float32"


def test_policy_choice_and_restore(bf16_cpu):
    assert mixed_policy_name("gpu") == "mixed_float16"
    assert mixed_policy_name("cpu") == mixed_policy_name("tpu") == "mixed_bfloat16"
    assert mixed_policy_name() == "mixed_bfloat16"  # this CPU-only machine
    with dtype_policy(True) as name:
        model = build_cnn((28, 28, 1), 10, filters=(4, 8))
    assert name == "mixed_bfloat16" and keras.config.dtype_policy().name == "float32"
    assert model.get_layer("block1_conv1").compute_dtype == "bfloat16"
    assert model.get_layer("block1_conv1").variable_dtype == "float32"  # weights stay float32
    assert model.get_layer("predictions").compute_dtype == "float32"  # float32 outputs
    with pytest.raises(ValueError, match=r"`mixed_precision`.*Received: mixed_precision='fp8'"):
        with dtype_policy("fp8"):
            pass
    with pytest.raises(ValueError, match="`device`"):
        mixed_policy_name("npu")


@pytest.mark.filterwarnings("ignore:mixed_precision=.*slower than float32")  # forced: emulated
@pytest.mark.parametrize("policy", ["mixed_bfloat16", "mixed_float16"])
def test_custom_loop_mixed_precision_ends_near_float32(policy, strategy):
    kw = dict(strategy=strategy, per_replica_batch_size=32, epochs=6, lr=3e-3, verbose=False)
    full = fit_custom(mlp, DIGITS.x_train, DIGITS.y_train, **kw)
    mixed = fit_custom(mlp, DIGITS.x_train, DIGITS.y_train, mixed_precision=policy, **kw)
    assert mixed.policy == policy
    if policy == "mixed_float16":  # loss scaling: a LossScaleOptimizer did the updates
        assert mixed.losses[-1] < 0.5 * mixed.losses[0]
    assert mixed.losses[-1] == pytest.approx(full.losses[-1], rel=0.1, abs=0.02)
    assert abs(accuracy(mixed.model) - accuracy(full.model)) < 0.03
    assert mixed.model.output.dtype == "float32"


def test_custom_loop_matches_fit_on_one_device():
    """Same model, same batches, same optimizer: the loop and model.fit reach similar loss."""
    from tfcourse.train import train

    loop = fit_custom(mlp, DIGITS.x_train, DIGITS.y_train, per_replica_batch_size=32, epochs=5,
                      lr=3e-3, verbose=False)
    fit = train(mlp, (DIGITS.x_train, DIGITS.y_train), per_replica_batch_size=32, epochs=5,
                lr=3e-3, verbose=0)
    assert loop.losses[-1] == pytest.approx(fit.history["loss"][-1], rel=0.15)
    assert accuracy(loop.model) > 0.93 and accuracy(fit.model) > 0.93


def test_custom_loop_resumes_from_its_checkpoint(tmp_path):
    kw = dict(per_replica_batch_size=32, lr=3e-3, verbose=False, checkpoint_dir=tmp_path)
    first = fit_custom(mlp, DIGITS.x_train, DIGITS.y_train, epochs=2, **kw)
    resumed = fit_custom(mlp, DIGITS.x_train, DIGITS.y_train, epochs=4, **kw)
    assert resumed.losses[:2] == pytest.approx(first.losses)
    assert len(resumed.losses) == 4 and resumed.losses[2] < first.losses[0]
    np.testing.assert_array_equal(np.load(tmp_path / "history.npz")["loss"], resumed.losses)


def test_train_helper_mixed_precision_on_cpu(bf16_cpu):
    from tfcourse.train import train

    kw = dict(per_replica_batch_size=32, epochs=6, lr=3e-3, verbose=0)
    full = train(mlp, (DIGITS.x_train, DIGITS.y_train), **kw)
    mixed = train(mlp, (DIGITS.x_train, DIGITS.y_train), mixed_precision=True, **kw)
    assert mixed.model.get_layer("dense_1").compute_dtype == "bfloat16"
    assert keras.config.dtype_policy().name == "float32"  # restored after building
    assert mixed.history["loss"][-1] == pytest.approx(full.history["loss"][-1], rel=0.1,
                                                     abs=0.02)


def test_custom_loop_rejects_bad_arguments():
    with pytest.raises(ValueError, match=r"`epochs`.*Received: epochs=0"):
        fit_custom(mlp, DIGITS.x_train, DIGITS.y_train, epochs=0)


def test_xla_is_opt_in():
    from tfcourse.train import train

    x, y = DIGITS.x_train[:64], DIGITS.y_train[:64]
    assert train(mlp, (x, y), epochs=1, verbose=0).model.jit_compile is False
    assert train(mlp, (x, y), epochs=1, verbose=0, jit_compile=True).model.jit_compile is True


def test_steps_per_execution_reaches_compile_and_trains():
    from tfcourse.train import train

    x, y = DIGITS.x_train, DIGITS.y_train
    r = train(mlp, (x, y), epochs=3, lr=3e-3, verbose=0, steps_per_execution=8)
    assert r.model.steps_per_execution == 8
    assert r.history["loss"][-1] < 0.5 * r.history["loss"][0]


class _BatchCounter(keras.callbacks.Callback):
    def __init__(self):
        super().__init__()
        self.batches = 0

    def on_train_batch_end(self, batch, logs=None):
        self.batches += 1


def test_auto_steps_per_execution_trains_to_the_same_weights_as_one_step_per_call():
    # the oracle: the same training, one step per call (Keras' default); dropout and batch norm
    # make it check that the random streams and the BN statistics advance the same way too
    from tfcourse.train import train

    x, y = DIGITS.x_train[:700], DIGITS.y_train[:700]  # 11 batches an epoch, 64 each
    build = lambda: build_mlp((8, 8, 1), 10, hidden_units=(32,), dropout=0.3,  # noqa: E731
                              batch_norm=True)
    auto = train(build, (x, y), epochs=3, verbose=0)
    one = train(build, (x, y), epochs=3, verbose=0, steps_per_execution=1)
    assert auto.model.steps_per_execution == 32 and one.model.steps_per_execution == 1
    for a, b in zip(auto.model.get_weights(), one.model.get_weights()):
        np.testing.assert_allclose(a, b, rtol=1e-4, atol=1e-5)
    np.testing.assert_allclose(auto.history["loss"], one.history["loss"], rtol=1e-4)
    # a callback that watches batches gets every batch: "auto" falls back to one step per call
    counter = _BatchCounter()
    r = train(build, (x, y), epochs=2, verbose=0, callbacks=[counter])
    assert r.model.steps_per_execution == 1 and counter.batches == 2 * 11


def test_fine_tune_recompiles_with_the_same_steps_per_execution_and_xla_choice():
    from tfcourse.train import fine_tune, train

    def build():  # a frozen "base" and a new head, as build_transfer makes
        inputs = keras.Input((8, 8, 1))
        base = keras.Sequential([keras.layers.Flatten(), keras.layers.Dense(16)], name="base")
        base.trainable = False
        return keras.Model(inputs, keras.layers.Dense(10, activation="softmax")(base(inputs)))

    x, y = DIGITS.x_train[:256], DIGITS.y_train[:256]
    # XLA on: Keras' own default for a recompile ("auto") would turn it off on a CPU
    r = fine_tune(train(build, (x, y), epochs=1, verbose=0, jit_compile=True), (x, y),
                  from_layer=0, epochs=1, verbose=0)
    assert r.model.steps_per_execution == 32 and r.model.jit_compile is True
    assert r.model.get_layer("base").trainable and r.epochs == 2


@pytest.mark.parametrize("value", [0, -3, 2.0, True, "fast"])
def test_bad_steps_per_execution_is_named(value):
    from tfcourse.train import train

    with pytest.raises(ValueError, match=r"`steps_per_execution`: expected \"auto\" or a "
                                         r"positive integer\. Received: steps_per_execution="):
        train(mlp, (DIGITS.x_train, DIGITS.y_train), epochs=1, verbose=0,
              steps_per_execution=value)


def test_several_workers_run_one_step_per_call(monkeypatch):
    # Keras 3.15's multi-step loop fails under MultiWorkerMirroredStrategy (tests/test_launch.py
    # runs the real thing with "auto"); here the rule itself, with 2 workers pretended
    import tfcourse.compiling as T  # where the rule lives (tfcourse.train re-exports it)

    assert T.resolve_steps_per_execution("auto") == T.AUTO_STEPS_PER_EXECUTION
    monkeypatch.setattr(T, "num_workers", lambda strategy=None: 2)
    assert T.resolve_steps_per_execution("auto") == 1
    assert T.resolve_steps_per_execution(1) == 1
    with pytest.raises(ValueError, match=r"`steps_per_execution`: expected 1 or \"auto\" across "
                                         r"several workers \(2 here\).*Received: "
                                         r"steps_per_execution=8"):
        T.resolve_steps_per_execution(8)
