"""TensorFlow Datasets (TFDS) sources, with a fast and clear answer when they cannot be had.

Offline and without a prepared copy, ``tfds.load`` retries for minutes; `load_tfds` checks
first (a file lookup, a short network probe) and raises `DatasetUnavailableError` within
seconds, saying where it looked, how to get the data and which bundled dataset stands in.
"""

from __future__ import annotations

import glob
import os
import re
import socket
import threading
import urllib.parse

import numpy as np

from tfcourse import validation as check

TFDS_SOURCES = ("mnist", "fashion_mnist", "cifar10", "cats_vs_dogs", "tf_flowers", "imdb_reviews")

# the bundled dataset (tfcourse.data.bundled) a lesson can use when the TFDS source is missing
OFFLINE_ALTERNATIVE = {
    "mnist": "digits",
    "fashion_mnist": "digits",
    "cifar10": "digits",
    "cats_vs_dogs": "digits",
    "tf_flowers": "digits",
    "imdb_reviews": None,
}

_VERSION_DIR = re.compile(r"^\d+\.\d+\.\d+$")  # 3.0.1; not 3.0.1.incompleteXYZ (half-prepared)


class DatasetUnavailableError(OSError):
    """A TFDS dataset is neither prepared locally nor downloadable right now."""


def default_data_dir(data_dir: str | os.PathLike | None = None) -> str:
    """The TFDS data folder: ``data_dir``, else ``$TFDS_DATA_DIR``, else ~/tensorflow_datasets."""
    path = data_dir or os.environ.get("TFDS_DATA_DIR") or os.path.join("~", "tensorflow_datasets")
    return os.path.expanduser(os.fspath(path))


def is_cached(name: str, data_dir: str | os.PathLike | None = None) -> bool:
    """Whether ``<data_dir>/<name>/[<config>/]<version>/dataset_info.json`` exists (no TFDS)."""
    if not isinstance(name, str) or not name or os.sep in name or name.startswith("."):
        raise check.invalid("name", "a TFDS dataset name such as 'mnist'", name)
    root = os.path.join(default_data_dir(data_dir), name)
    patterns = (os.path.join(root, "*", "dataset_info.json"),
                os.path.join(root, "*", "*", "dataset_info.json"))
    for pattern in patterns:
        for info in glob.glob(pattern):
            if _VERSION_DIR.match(os.path.basename(os.path.dirname(info))):
                return True
    return False


def cached_sources(data_dir: str | os.PathLike | None = None) -> list[str]:
    """The entries of `TFDS_SOURCES` that are prepared in ``data_dir`` (see `is_cached`)."""
    return [name for name in TFDS_SOURCES if is_cached(name, data_dir)]


def network_available(host: str = "storage.googleapis.com", port: int = 443,
                      timeout: float = 3.0) -> bool:
    """Whether a TCP connection to ``host:port`` (TFDS's file host) opens within ``timeout`` s."""
    timeout = check.positive_number("timeout", timeout)
    result = []

    def probe():
        try:
            socket.create_connection((host, port), timeout=timeout).close()
            result.append(True)
        except OSError:
            pass

    # in a daemon thread: a DNS resolver that hangs (offline) cannot stall the caller
    thread = threading.Thread(target=probe, name="tfcourse-network-probe", daemon=True)
    thread.start()
    thread.join(timeout)
    return bool(result)


def _download_endpoint() -> tuple[str, int]:
    # behind an HTTPS proxy the downloads go through the proxy, so that is what must answer
    proxy = os.environ.get("HTTPS_PROXY") or os.environ.get("https_proxy")
    if proxy:
        parsed = urllib.parse.urlsplit(proxy if "://" in proxy else f"http://{proxy}")
        if parsed.hostname:
            return parsed.hostname, parsed.port or (443 if parsed.scheme == "https" else 80)
    return "storage.googleapis.com", 443


def _unavailable_message(name: str, data_dir: str, reason: str) -> str:
    alternative = OFFLINE_ALTERNATIVE[name]
    offline = (f"Offline, use the bundled dataset instead: --dataset {alternative} "
               f"(tfcourse.data.load({alternative!r}))."
               if alternative else f"No bundled dataset stands in for {name!r}.")
    where = "" if data_dir == default_data_dir() else (
        f" (it installs into {default_data_dir()}: set TFDS_DATA_DIR={data_dir} first)")
    return (
        f"TFDS dataset {name!r} is not available: {reason}, and there is no prepared copy in "
        f"{data_dir} (looked for {name}/<version>/dataset_info.json).\n"
        f"To get it, either:\n"
        f"  * on a machine with internet: python -m tfcourse fetch {name}{where}\n"
        f"  * from the workshop's bundle (a folder, or the organiser's http://ADDRESS:8000/): "
        f"python -m tfcourse fetch --from BUNDLE {name}\n"
        f"  * or copy a prepared `{name}/` folder (e.g. from ~/tensorflow_datasets on another "
        f"machine) into {data_dir}, or set TFDS_DATA_DIR to the folder that holds it.\n"
        f"{offline}"
    )


def load_tfds(name: str, *, split=("train", "test"), data_dir: str | os.PathLike | None = None,
              as_supervised: bool = True, download: bool = True, with_info: bool = False):
    """`tfds.load` of one of `TFDS_SOURCES`, failing within seconds when it cannot be had.

    Args:
        name: One of `TFDS_SOURCES`.
        split: A split name or a tuple of them. Defaults to ``("train", "test")``.
        data_dir: The TFDS data folder (`default_data_dir`). Defaults to None.
        as_supervised: ``(input, label)`` pairs instead of feature dicts. Defaults to True.
        download: Allow downloading when no prepared copy exists. Defaults to True.
        with_info: Also return the `tfds.core.DatasetInfo`. Defaults to False.

    Raises:
        DatasetUnavailableError: If there is no prepared copy and downloading is off or the
            network is unreachable.
    """
    check.one_of("name", name, TFDS_SOURCES)
    data_dir = default_data_dir(data_dir)
    if not is_cached(name, data_dir):
        if not download:
            reason = "downloading is off (download=False)"
            raise DatasetUnavailableError(_unavailable_message(name, data_dir, reason))
        host, port = _download_endpoint()
        if not network_available(host, port):
            raise DatasetUnavailableError(
                _unavailable_message(name, data_dir, f"the network is unreachable ({host}:{port})")
            )
    import tensorflow_datasets as tfds  # slow to import, so only here

    return tfds.load(name, split=split, data_dir=data_dir, as_supervised=as_supervised,
                     download=download, with_info=with_info)


def to_arrays(ds) -> tuple[np.ndarray, np.ndarray]:
    """A small unbatched dataset of ``(x, y)`` pairs of one shape as arrays (m, ...), (m,)."""
    pairs = list(ds.as_numpy_iterator())
    if not pairs:
        raise ValueError("Argument `ds` holds no examples. Received: an empty dataset")
    xs, ys = zip(*pairs)
    try:
        return np.stack(xs), np.asarray(ys)
    except ValueError as e:
        shapes = sorted({x.shape for x in xs})[:3]
        raise ValueError(
            f"Argument `ds` must yield inputs of one shape; resize them first (e.g. with "
            f"tf.image.resize). Received: shapes {shapes}..."
        ) from e
