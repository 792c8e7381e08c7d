"""`python -m tfcourse fetch` / `serve-bundle` and the bundle, offline.

A tiny bundle is made from a real prepared TFDS dataset (12 + 4 random MNIST-shaped images,
written by TFDS's own builder code) and a real MobileNetV2 weights file (saved from a
``weights=None`` model under the name Keras asks for). Only the download step is replaced;
every transfer is served from 127.0.0.1.
"""

import functools
import hashlib
import http.server
import json
import os
import re
import shutil
import subprocess
import sys
import threading
import types

import numpy as np
import pytest

from tfcourse import bundle, cli, fetch
from tfcourse.data import tfds_sources

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
WEIGHTS = "mobilenet_v2_weights_tf_dim_ordering_tf_kernels_1.0_96_no_top.h5"  # what Keras asks for
SHARD = "datasets/mnist/3.0.1/mnist-train.tfrecord-00000-of-00001"


def _examples(n, seed):
    rng = np.random.default_rng(seed)
    return [(rng.integers(0, 256, (28, 28, 1), dtype=np.uint8), i % 10) for i in range(n)]


def _prepare_tiny_mnist(data_dir):
    """TFDS's MNIST builder with its download replaced by a few known examples."""
    from tensorflow_datasets.image_classification.mnist import MNIST

    class TinyMnist(MNIST, skip_registration=True):
        name = "mnist"  # so it writes <data_dir>/mnist/3.0.1/, which tfds.load("mnist") reads

        def _split_generators(self, dl_manager):
            return {"train": self._gen(12, 0), "test": self._gen(4, 1)}

        def _gen(self, n, seed):
            for i, (image, label) in enumerate(_examples(n, seed)):
                yield i, {"image": image, "label": label}

    builder = TinyMnist(data_dir=data_dir)
    builder.download_and_prepare()
    return os.fspath(builder.data_dir)


def _save_random_weights(models_dir):
    """MobileNetV2's weights=None arrays in Keras's legacy .h5 layout; return their abs-sum."""
    import h5py
    import keras
    from keras.src.legacy.saving import legacy_h5_format

    model = keras.applications.MobileNetV2(include_top=False, weights=None,
                                           input_shape=(96, 96, 3))
    os.makedirs(models_dir, exist_ok=True)
    path = os.path.join(models_dir, WEIGHTS)
    with h5py.File(path, "w") as f:
        legacy_h5_format.save_weights_to_hdf5_group(f, model)
    return path, float(sum(np.abs(w).astype(np.float64).sum() for w in model.get_weights()))


@pytest.fixture(scope="module")
def made(tmp_path_factory):
    """`fetch.fetch` with only its two download steps replaced: caches and a bundle in tmp."""
    root = tmp_path_factory.mktemp("organiser")
    data_dir, models_dir = str(root / "tfds"), str(root / "keras" / "models")
    weights_sum = {}

    def fake_weights(base):
        path, weights_sum["sum"] = _save_random_weights(models_dir)
        return [path]

    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(fetch, "download_dataset", lambda name, d: _prepare_tiny_mnist(d))
        mp.setattr(fetch, "download_weights", fake_weights)
        mp.setattr(tfds_sources, "network_available", lambda *a, **k: True)
        result = fetch.fetch(["mnist", "mobilenet_v2"], str(root / "bundle"), data_dir=data_dir)
    return {"bundle": str(root / "bundle"), "data_dir": data_dir, "result": result,
            "weights_sum": weights_sum["sum"]}


def _tree(folder):
    """{relative '/'-path: sha256} of every file under ``folder`` (hashlib as the oracle)."""
    out = {}
    for root, _, files in os.walk(folder):
        for f in files:
            path = os.path.join(root, f)
            with open(path, "rb") as fh:
                rel = os.path.relpath(path, folder).replace(os.sep, "/")
                out[rel] = hashlib.sha256(fh.read()).hexdigest()
    return out


def _install(source, tmp_path, **kwargs):
    data_dir, models_dir = str(tmp_path / "tfds"), str(tmp_path / "models")
    done = bundle.install(source, data_dir=data_dir, models_dir=models_dir, **kwargs)
    return done, data_dir, models_dir


def test_bundle_holds_the_prepared_dataset_and_weights_with_their_hashes(made):
    tree = _tree(made["bundle"])
    manifest = json.loads(open(os.path.join(made["bundle"], "MANIFEST.json")).read())
    listed = {e["path"]: e for e in manifest["files"]}
    assert set(tree) == set(listed) | {"MANIFEST.json", "README.txt"}
    expected = {"datasets/mnist/3.0.1/dataset_info.json", SHARD, f"keras/models/{WEIGHTS}"}
    assert expected <= set(listed)
    for path, entry in listed.items():
        assert entry["sha256"] == tree[path]
        assert entry["size"] == os.path.getsize(os.path.join(made["bundle"], *path.split("/")))
    assert manifest["names"] == ["mnist", "mobilenet_v2"]
    # the bundle's datasets/ is the TFDS folder as prepared
    assert _tree(os.path.join(made["bundle"], "datasets")) == _tree(made["data_dir"])
    readme = open(os.path.join(made["bundle"], "README.txt")).read()
    assert "python -m tfcourse fetch --from" in readme and "TFDS_DATA_DIR" in readme
    assert "KERAS_HOME" in readme and "failed" not in made["result"]


def test_fetching_again_into_a_bundle_replaces_only_those_names(made, tmp_path):
    copy = str(tmp_path / "bundle")
    shutil.copytree(made["bundle"], copy)
    before = bundle.read_manifest(copy)
    fetch.make_bundle(copy, {"mnist": [os.path.join(made["data_dir"], "mnist", "3.0.1")]},
                      made["data_dir"], out=open(os.devnull, "w"))
    assert bundle.read_manifest(copy) == before  # same files, same hashes; the base kept


@pytest.fixture
def served(made):
    """`python -m tfcourse serve-bundle` on 127.0.0.1, a free port; yields its URL."""
    proc = subprocess.Popen([sys.executable, "-m", "tfcourse", "serve-bundle", made["bundle"],
                             "--host", "127.0.0.1", "--port", "0"], cwd=REPO,
                            stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    try:
        lines = [proc.stdout.readline() for _ in range(3)]
        assert "read-only" in lines[0] and "Ctrl-C" in lines[2]
        yield re.search(r"--from (http://127\.0\.0\.1:\d+/)", lines[1]).group(1)
    finally:
        proc.terminate()
        proc.wait(timeout=10)


LESSON = """
import json, numpy as np
from tfcourse.data import load_tfds, to_arrays
from tfcourse.models.transfer import build_transfer, get_base
x, y = to_arrays(load_tfds("mnist", split="train"))
base = get_base(build_transfer("mobilenet_v2", (96, 96, 3)))  # weights="imagenet"
w = float(sum(np.abs(a).astype(np.float64).sum() for a in base.get_weights()))
print(json.dumps({"pixels": sorted(int(v) for v in x.reshape(len(x), -1).sum(1)),
                  "labels": sorted(int(v) for v in y), "weights": w}))
"""


def test_fetch_from_http_then_the_lessons_load_the_data_and_weights(made, served, tmp_path):
    env = dict(os.environ, TFDS_DATA_DIR=str(tmp_path / "tfds"),
               KERAS_HOME=str(tmp_path / "keras"), PYTHONPATH=REPO)
    run = functools.partial(subprocess.run, cwd=REPO, env=env, capture_output=True, text=True,
                            timeout=300)
    first = run([sys.executable, "-m", "tfcourse", "fetch", "--from", served])
    assert first.returncode == 0, first.stderr
    assert "Installed 2, already there 0" in first.stdout
    again = run([sys.executable, "-m", "tfcourse", "fetch", "--from", served])
    assert "Installed 0, already there 2" in again.stdout  # nothing copied twice
    lesson = run([sys.executable, "-c", LESSON])
    assert lesson.returncode == 0, lesson.stderr
    got = json.loads(lesson.stdout.strip().splitlines()[-1])
    examples = _examples(12, 0)  # the oracle: what the tiny builder wrote
    assert got["pixels"] == sorted(int(im.sum()) for im, _ in examples)
    assert got["labels"] == sorted(label for _, label in examples)
    assert got["weights"] == pytest.approx(made["weights_sum"], rel=1e-9)
    info = run([sys.executable, "-m", "tfcourse", "info"])
    assert re.search(rf"^  cached +{WEIGHTS}$", info.stdout, re.M), info.stdout
    assert re.search(r"^  cached +mnist$", info.stdout, re.M)


def test_fetch_from_folder_copies_the_bundle_exactly_and_skips_what_is_there(made, tmp_path):
    done, data_dir, models_dir = _install(made["bundle"], tmp_path, out=open(os.devnull, "w"))
    assert done == {"installed": ["datasets/mnist/3.0.1", f"keras/models/{WEIGHTS}"],
                    "present": []}
    assert _tree(data_dir) == _tree(os.path.join(made["bundle"], "datasets"))
    assert _tree(models_dir) == _tree(os.path.join(made["bundle"], "keras", "models"))
    only, *_ = _install(made["bundle"], tmp_path, names=["mnist"], out=open(os.devnull, "w"))
    assert only == {"installed": [], "present": ["datasets/mnist/3.0.1"]}
    with pytest.raises(bundle.BundleError, match=r"has no cifar10; it holds mnist, mobilenet_v2"):
        _install(made["bundle"], tmp_path, names=["cifar10"])


def _leftovers(folder):
    return [p for p in _tree(folder) if p.endswith(".part") or "incomplete" in p]


def test_corrupt_file_is_refused_and_nothing_is_left(made, tmp_path):
    copy = str(tmp_path / "bundle")
    shutil.copytree(made["bundle"], copy)
    weights = os.path.join(copy, "keras", "models", WEIGHTS)
    data = bytearray(open(weights, "rb").read())
    data[len(data) // 2] ^= 0xFF  # one flipped byte, same size
    open(weights, "wb").write(bytes(data))
    with pytest.raises(bundle.BundleError, match=rf"Cannot install keras/models/{WEIGHTS} from "
                                                 r".*: its sha256 is [0-9a-f]{64} but "
                                                 r"MANIFEST.json says [0-9a-f]{64} \(a damaged"):
        _install(copy, tmp_path / "dest", out=open(os.devnull, "w"))
    assert not os.path.exists(tmp_path / "dest" / "models" / WEIGHTS)
    assert _leftovers(tmp_path / "dest") == []


class _CutShort(http.server.SimpleHTTPRequestHandler):
    """Serves a bundle, but closes the connection halfway through the training shard."""

    def copyfile(self, source, outputfile):
        if self.path.endswith(SHARD.rsplit("/", 1)[1]):
            outputfile.write(source.read(os.fstat(source.fileno()).st_size // 2))
            return
        super().copyfile(source, outputfile)

    def log_message(self, *args):
        pass


def test_interrupted_transfer_leaves_no_dataset_then_a_rerun_completes(made, tmp_path):
    handler = functools.partial(_CutShort, directory=made["bundle"])
    with http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler) as server:
        threading.Thread(target=server.serve_forever, daemon=True).start()
        url = f"http://127.0.0.1:{server.server_address[1]}/"
        size = os.path.getsize(os.path.join(made["bundle"], *SHARD.split("/")))
        with pytest.raises(bundle.BundleError,
                           match=rf"Cannot install {SHARD} from {re.escape(url)}.*: the transfer "
                                 rf"stopped after {size // 2} of {size} bytes\. Nothing "
                                 "half-written was left; run the same command again"):
            _install(url, tmp_path, names=["mnist"], out=open(os.devnull, "w"))
        server.shutdown()
    data_dir = str(tmp_path / "tfds")
    assert not tfds_sources.is_cached("mnist", data_dir)  # the lessons see no half dataset
    assert not [p for p in _tree(data_dir) if p.endswith(".part")]
    staged = [p for p in _tree(data_dir) if p.startswith("mnist/incomplete.tfcourse_3.0.1/")]
    assert SHARD.rsplit("/", 1)[1] not in {p.rsplit("/", 1)[1] for p in staged}
    done, *_ = _install(made["bundle"], tmp_path, out=open(os.devnull, "w"))  # the rerun
    assert "datasets/mnist/3.0.1" in done["installed"] and _leftovers(tmp_path) == []
    assert _tree(data_dir) == _tree(os.path.join(made["bundle"], "datasets"))


def test_manifest_paths_outside_the_caches_are_refused(tmp_path):
    for path in ("../evil.h5", "keras/models/../../evil.h5", "/etc/evil", "other/x/y"):
        (tmp_path / "MANIFEST.json").write_text(json.dumps(
            {"files": [{"path": path, "size": 1, "sha256": "0", "name": "x"}]}))
        with pytest.raises(bundle.BundleError, match=r"names a file outside"):
            _install(str(tmp_path), tmp_path / "dest")
    assert not os.path.exists(tmp_path / "dest")


def test_a_folder_that_is_not_a_bundle(tmp_path, capsys):
    with pytest.raises(bundle.BundleError, match=r"Cannot read the bundle's MANIFEST.json at "
                                                 r".*FileNotFoundError.*fetch --all --dest DIR"):
        _install(str(tmp_path), tmp_path / "dest")
    with pytest.raises(bundle.BundleError, match=r"no such folder; an address needs http://"):
        _install("192.168.1.20:8000", tmp_path / "dest")
    assert cli.main(["serve-bundle", str(tmp_path), "--port", "0"]) == 1
    assert cli.main(["fetch", "--from", str(tmp_path)]) == 1
    assert "error: Cannot read the bundle's MANIFEST.json" in capsys.readouterr().err


def test_fetch_needs_known_names(capsys):
    assert cli.main(["fetch"]) == 2
    assert "Name what to fetch, or --all" in capsys.readouterr().err
    assert cli.main(["fetch", "mnistt"]) == 2
    assert re.search(r"Invalid value for argument `names`.*Received: names='mnistt'",
                     capsys.readouterr().err)
    assert cli.main(["fetch", "--from", "x", "--dest", "y"]) == 2


def test_offline_fetch_fails_fast_and_says_why(tmp_path, monkeypatch):
    monkeypatch.setattr(tfds_sources, "network_available", lambda *a, **k: False)
    result = fetch.fetch(["cifar10"], data_dir=str(tmp_path), out=open(os.devnull, "w"))
    assert list(result) == ["failed"]
    assert result["failed"]["cifar10"].startswith("OSError: the network is unreachable (")


def test_unavailable_dataset_message_names_the_fetch_command(tmp_path, monkeypatch):
    monkeypatch.setattr(tfds_sources, "network_available", lambda *a, **k: False)
    monkeypatch.setenv("TFDS_DATA_DIR", str(tmp_path))
    with pytest.raises(tfds_sources.DatasetUnavailableError) as info:
        tfds_sources.load_tfds("tf_flowers")
    message = str(info.value)
    assert "python -m tfcourse fetch tf_flowers\n" in message
    assert "python -m tfcourse fetch --from BUNDLE tf_flowers" in message
    with pytest.raises(tfds_sources.DatasetUnavailableError, match=r"set TFDS_DATA_DIR="):
        tfds_sources.load_tfds("tf_flowers", data_dir=tmp_path / "elsewhere")


@pytest.fixture
def keras_cache(tmp_path, monkeypatch):
    """Keras's cache moved to tmp; its download (urlretrieve) replaced by ``keras_cache.serve``."""
    from keras.src.backend import config

    monkeypatch.setattr(config, "_KERAS_DIR", str(tmp_path / "keras"))
    cache = types.SimpleNamespace(calls=[], home=tmp_path / "keras", serve=None)

    def urlretrieve(url, filename, reporthook=None):
        cache.calls.append(url)
        cache.serve(url, filename)

    monkeypatch.setattr("keras.src.utils.file_utils.urlretrieve", urlretrieve)
    return cache


def test_weights_download_goes_through_keras_into_its_cache(keras_cache, tmp_path):
    published, _ = _save_random_weights(str(tmp_path / "published"))
    keras_cache.serve = lambda url, filename: shutil.copyfile(published, filename)
    files = fetch.download_weights("mobilenet_v2")
    expected = [f"mobilenet_v2_weights_tf_dim_ordering_tf_kernels_1.0_{rows}_no_top.h5"
                for rows in (96, 128, 160, 192, 224)]  # Keras's published names, one per size
    assert [os.path.basename(u) for u in keras_cache.calls] == expected
    assert files == [str(keras_cache.home / "models" / f) for f in expected]
    assert os.listdir(keras_cache.home) == ["models"]  # no scratch folder left
    keras_cache.calls.clear()
    assert fetch.download_weights("mobilenet_v2") == files and keras_cache.calls == []


@pytest.mark.parametrize("fault, match", [
    ("cut", "Connection reset by peer"),
    ("corrupt", "Incomplete or corrupted file detected"),  # Keras's file_hash check
])
def test_failed_weights_download_leaves_nothing_in_the_cache(keras_cache, fault, match):
    def serve(url, filename):
        with open(filename, "wb") as f:
            f.write(b"not the weights")
        if fault == "cut":
            raise ConnectionResetError(104, "Connection reset by peer")

    keras_cache.serve = serve
    with pytest.raises(Exception, match=match):
        fetch.download_weights("efficientnet_b0")
    assert os.listdir(keras_cache.home) == ["models"]
    assert os.listdir(keras_cache.home / "models") == []


@pytest.mark.download
def test_fetch_downloads_through_tfds_and_keras(tmp_path):
    result = fetch.fetch(["mnist", "mobilenet_v2"], str(tmp_path / "bundle"),
                         data_dir=str(tmp_path / "tfds"))
    assert "failed" not in result and len(result["mobilenet_v2"]) == 5  # one file per size
    names = {e["name"] for e in bundle.read_manifest(str(tmp_path / "bundle"))}
    assert names == {"mnist", "mobilenet_v2"}
