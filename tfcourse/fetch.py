"""Fetch the lessons' datasets and ImageNet weights once, make a bundle of them, and serve it.

Run before the workshop, on a machine with internet:

    python -m tfcourse fetch --all --dest bundle    # everything, into the caches and ./bundle
    python -m tfcourse serve-bundle bundle          # share it on the room's network
    python -m tfcourse fetch --from http://192.168.1.20:8000/   # on each participant's laptop

Downloads go through TFDS's and Keras's own code (their checksums, their progress bars).
"""

from __future__ import annotations

import functools
import http.server
import os
import shutil
import socket
import sys
import tempfile

from tfcourse import bundle
from tfcourse import validation as check
from tfcourse._quiet import stderr_silenced
from tfcourse.data import tfds_sources

# mobilenet_v2's weights file depends on the input size (its other bases' does not): fetch them
# all, so a lesson run at any size finds its file
WEIGHT_SIZES = {"mobilenet_v2": (96, 128, 160, 192, 224)}


def available_names() -> tuple[str, ...]:
    """The names `fetch` accepts: the TFDS sources, then the transfer bases."""
    with stderr_silenced():  # TensorFlow's C++ start-up lines
        from tfcourse.models.transfer_bases import TRANSFER_BASES

    return tuple(tfds_sources.TFDS_SOURCES) + tuple(TRANSFER_BASES)


def download_dataset(name: str, data_dir: str) -> str:
    """Download and prepare one TFDS dataset with TFDS's own code; return its prepared folder."""
    import tensorflow_datasets as tfds

    builder = tfds.builder(name, data_dir=data_dir)
    builder.download_and_prepare()
    return os.fspath(builder.data_dir)


def download_weights(base: str) -> list[str]:
    """Download a base's no-top ImageNet weights through keras.applications; return the files.

    Each file is downloaded into a scratch folder and moved into Keras's cache only when whole
    and checked (Keras's ``file_hash``), so an interrupted download leaves nothing there.
    """
    import keras
    from keras.src.backend.config import keras_home
    from keras.src.utils import file_utils

    from tfcourse.models.transfer_bases import TRANSFER_BASES

    spec, files, get_file = TRANSFER_BASES[base], [], file_utils.get_file
    models = os.path.join(keras_home(), "models")
    os.makedirs(models, exist_ok=True)

    def staged_get_file(fname, origin=None, **kwargs):  # the applications call this one
        if not os.path.exists(os.path.join(models, fname)):
            with tempfile.TemporaryDirectory(dir=keras_home(), prefix=".tfcourse-") as scratch:
                os.replace(get_file(fname, origin, cache_dir=scratch, **kwargs),
                           os.path.join(models, fname))
        files.append(get_file(fname, origin, **kwargs))  # in the cache now: Keras checks it
        return files[-1]

    file_utils.get_file = staged_get_file
    try:
        for size in WEIGHT_SIZES.get(base, (spec.native_size,)):
            spec.constructor(include_top=False, weights="imagenet", input_shape=(size, size, 3))
            keras.backend.clear_session()
    finally:
        file_utils.get_file = get_file
    return list(dict.fromkeys(files))  # in the order the sizes were built


def fetch(names, dest: str | None = None, *, data_dir: str | None = None, out=None) -> dict:
    """Download ``names`` into the standard caches, and into the bundle ``dest`` if given.

    Args:
        names: Datasets (`tfds_sources.TFDS_SOURCES`) and bases (`TRANSFER_BASES`) to fetch.
        dest: A bundle folder to write (created or updated). Defaults to None (caches only).
        data_dir: The TFDS data folder. Defaults to None (`tfds_sources.default_data_dir`).
        out: Where progress goes. Defaults to None (``sys.stdout``).

    Returns:
        ``{name: [paths]}`` of what was fetched, and ``{"failed": {name: reason}}`` when any failed.
    """
    out, known = out or sys.stdout, available_names()
    names = [check.one_of("names", n, known) for n in names]
    data_dir = tfds_sources.default_data_dir(data_dir)
    fetched, failed = {}, {}
    for name in names:
        print(f"{name}:", file=out, flush=True)
        try:
            if name in tfds_sources.TFDS_SOURCES:
                if not tfds_sources.is_cached(name, data_dir):
                    host, port = tfds_sources._download_endpoint()
                    if not tfds_sources.network_available(host, port):  # TFDS would retry
                        raise OSError(f"the network is unreachable ({host}:{port})")
                fetched[name] = [download_dataset(name, data_dir)]
            else:
                fetched[name] = download_weights(name)
        except Exception as e:  # noqa: BLE001 (report it, go on with the other names)
            failed[name] = f"{type(e).__name__}: {' '.join(str(e).split())[:300]}"
            print(f"  failed: {failed[name]}", file=out, flush=True)
    if dest and fetched:
        make_bundle(dest, fetched, data_dir, out=out)
    return dict(fetched, **({"failed": failed} if failed else {}))


def make_bundle(dest: str, fetched: dict, data_dir: str, *, out=None) -> str:
    """Copy fetched folders and files into the bundle ``dest``; write its manifest and README.

    Args:
        dest: The bundle folder; names already in its manifest and not fetched now are kept.
        fetched: ``{name: [dataset folder or weights file, ...]}`` as `fetch` returns it.
        data_dir: The TFDS data folder the dataset folders are in.
        out: Where progress goes. Defaults to None (``sys.stdout``).

    Returns:
        The path of the bundle's ``MANIFEST.json``.
    """
    out = out or sys.stdout
    os.makedirs(dest, exist_ok=True)
    old = bundle.read_manifest(dest) if os.path.exists(os.path.join(dest, bundle.MANIFEST)) else []
    entries = [e for e in old if e["name"] not in fetched]
    for name, paths in fetched.items():
        for src, rel in _bundle_paths(paths, data_dir):
            target = os.path.join(dest, *rel.split("/"))
            os.makedirs(os.path.dirname(target), exist_ok=True)
            shutil.copyfile(src, target + ".part")
            os.replace(target + ".part", target)
            entries.append({"path": rel, "size": os.path.getsize(target),
                            "sha256": bundle.sha256(target), "name": name})
    path = bundle.write_manifest(dest, entries)
    total = sum(e["size"] for e in entries) / 1e6
    print(f"Bundle: {os.path.abspath(dest)} ({len(entries)} files, {total:.0f} MB)", file=out)
    return path


def _bundle_paths(paths, data_dir):
    """(source file, bundle path) for each file under a dataset folder or a weights file."""
    for path in paths:
        if os.path.isdir(path):
            for root, _, files in os.walk(path):
                for f in sorted(files):
                    src = os.path.join(root, f)
                    rel = os.path.relpath(src, data_dir).replace(os.sep, "/")
                    yield src, f"datasets/{rel}"
        else:
            yield path, f"keras/models/{os.path.basename(path)}"


def lan_addresses() -> list[str]:
    """This machine's IPv4 addresses other than loopback (what others on the network can reach)."""
    found = set()
    try:  # connecting a UDP socket sends nothing: it only picks the outgoing interface
        with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as s:
            s.connect(("192.0.2.1", 9))  # TEST-NET-1: a documentation address
            found.add(s.getsockname()[0])
    except OSError:
        pass
    try:
        found.update(a[4][0] for a in socket.getaddrinfo(socket.gethostname(), None,
                                                         socket.AF_INET))
    except OSError:
        pass
    return sorted(a for a in found if not a.startswith(("127.", "0.")))


def serve(folder: str, *, host: str = "0.0.0.0", port: int = 8000, out=None) -> None:
    """Serve the bundle ``folder`` read-only over HTTP until Ctrl-C.

    Args:
        folder: A bundle folder (it holds ``MANIFEST.json``).
        host: The address to listen on. Defaults to ``"0.0.0.0"`` (every interface).
        port: The TCP port; 0 picks a free one. Defaults to 8000.
        out: Where the addresses go. Defaults to None (``sys.stdout``).

    Raises:
        BundleError: If ``folder`` is not a bundle.
    """
    out = out or sys.stdout
    port = check.integer("port", port, 0, 65535)
    bundle.read_manifest(folder)  # refuse to serve a folder that is not a bundle
    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=folder)
    with http.server.ThreadingHTTPServer((host, port), handler) as server:
        port = server.server_address[1]
        hosts = (lan_addresses() or ["<this computer's address>"]) if host in ("", "0.0.0.0") \
            else [host]
        print(f"Serving the bundle {os.path.abspath(folder)} (read-only). On each laptop run:",
              file=out)
        for h in hosts:
            print(f"    python -m tfcourse fetch --from http://{h}:{port}/", file=out)
        print("Press Ctrl-C to stop.", file=out, flush=True)
        server.serve_forever()
