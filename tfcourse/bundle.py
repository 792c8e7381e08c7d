"""A workshop bundle: the prepared datasets and ImageNet weights in one folder, and installing it.

A bundle is a folder (on a USB stick, or served with ``python -m tfcourse serve-bundle DIR``):

    MANIFEST.json              every file: path, size, sha256, and the dataset or base it belongs to
    README.txt                 how to use it
    datasets/<name>/<version>/ TFDS's prepared folders (what $TFDS_DATA_DIR holds)
    keras/models/<file>.h5     keras.applications' weights files (what $KERAS_HOME/models holds)

`install` copies it into the caches the lessons read, each file checked against its sha256 and
renamed into place only when whole. Imports no TensorFlow.
"""

from __future__ import annotations

import hashlib
import json
import os
import posixpath
import shutil
import sys
import urllib.parse
import urllib.request

from tfcourse.data.tfds_sources import _VERSION_DIR, default_data_dir

MANIFEST = "MANIFEST.json"
CHUNK = 1 << 20


class BundleError(OSError):
    """A bundle could not be read, or one of its files could not be installed whole."""


def keras_models_dir() -> str:
    """Where Keras looks for cached weights: ``$KERAS_HOME/models``, else ``~/.keras/models``."""
    return os.path.join(os.environ.get("KERAS_HOME") or os.path.expanduser("~/.keras"), "models")


def cached_weights(models_dir: str | None = None) -> list[str]:
    """The ``.h5`` weights files in the Keras cache (`keras_models_dir`), sorted."""
    models_dir = models_dir or keras_models_dir()
    if not os.path.isdir(models_dir):
        return []
    return sorted(f for f in os.listdir(models_dir) if f.endswith(".h5"))


def sha256(path: str) -> str:
    """The hex SHA-256 of a file."""
    digest = hashlib.sha256()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(CHUNK), b""):
            digest.update(block)
    return digest.hexdigest()


def unit_of(path: str) -> str:
    """The folder or file installed as one piece: a dataset's version folder, or a weights file."""
    parts = path.split("/")
    if parts[0] == "datasets":
        for i, part in enumerate(parts[:-1]):
            if _VERSION_DIR.match(part):
                return "/".join(parts[:i + 1])
    return path


def target_of(path: str, data_dir: str, models_dir: str) -> str:
    """Where a bundle path goes on this machine (bundle paths are relative, '/'-separated)."""
    parts = path.split("/")
    if (posixpath.isabs(path) or ".." in parts or "" in parts or "\\" in path
            or parts[0] not in ("datasets", "keras") or len(parts) < 3):
        raise BundleError(f"{MANIFEST} names a file outside datasets/ and keras/models/: {path!r}")
    if parts[0] == "datasets":
        return os.path.join(data_dir, *parts[1:])
    if parts[1] != "models" or len(parts) != 3:
        raise BundleError(f"{MANIFEST} names a file outside keras/models/: {path!r}")
    return os.path.join(models_dir, parts[2])


def write_manifest(bundle: str, entries: list[dict]) -> str:
    """Write ``MANIFEST.json`` (atomically) and ``README.txt`` into ``bundle``; return its path."""
    names = sorted({e["name"] for e in entries})
    manifest = {"format": "tfcourse-bundle", "version": 1, "names": names,
                "files": sorted(entries, key=lambda e: e["path"])}
    path = os.path.join(bundle, MANIFEST)
    with open(path + ".part", "w", encoding="utf-8") as f:
        json.dump(manifest, f, indent=1)
    os.replace(path + ".part", path)
    with open(os.path.join(bundle, "README.txt"), "w", encoding="utf-8") as f:
        f.write(README.format(names=", ".join(names), total=sum(e["size"] for e in entries) / 1e6))
    return path


README = """tfcourse workshop bundle: {names} ({total:.0f} MB)

Install it into this computer's caches (checks every file; safe to re-run):
    python -m tfcourse fetch --from /path/to/this/folder
or, when the organiser serves it on the room's network (python -m tfcourse serve-bundle DIR):
    python -m tfcourse fetch --from http://ADDRESS:8000/
Or use it where it is, without copying (before starting Python or Jupyter):
    TFDS_DATA_DIR=/path/to/this/folder/datasets
    KERAS_HOME=/path/to/this/folder/keras
Check with: python -m tfcourse info
"""


def read_manifest(source: str) -> list[dict]:
    """The file entries of the bundle at ``source`` (a folder, or an http(s) URL)."""
    try:
        with _open(source, MANIFEST) as f:
            manifest = json.loads(f.read().decode("utf-8"))
        files = manifest["files"]
        if not all({"path", "size", "sha256", "name"} <= set(e) for e in files):
            raise ValueError("an entry lacks its path, size, sha256 or name")
    except (OSError, ValueError, KeyError, TypeError) as e:
        hint = "" if _is_url(source) or os.path.isdir(source) else (
            " (no such folder; an address needs http://, e.g. http://192.168.1.20:8000/)")
        raise BundleError(f"Cannot read the bundle's {MANIFEST} at {_where(source, MANIFEST)}: "
                          f"{_why(e)}{hint}. Is {source!r} a bundle made by "
                          "`python -m tfcourse fetch --all --dest DIR`?") from e
    return files


def install(source: str, names=None, *, data_dir: str | None = None,
            models_dir: str | None = None, out=None) -> dict:
    """Install a bundle's files (all, or those of ``names``) where the lessons look.

    Each file is copied or downloaded to a temporary name, checked against the manifest's
    size and sha256, then renamed into place; a dataset folder appears only when complete.

    Args:
        source: The bundle folder, or the URL it is served at (``http://host:port/``).
        names: Datasets or bases to install. Defaults to None (everything in the bundle).
        data_dir: The TFDS data folder. Defaults to None (`default_data_dir`).
        models_dir: The Keras weights folder. Defaults to None (`keras_models_dir`).
        out: Where progress goes. Defaults to None (``sys.stdout``).

    Returns:
        ``{"installed": [...], "present": [...]}``: the units copied and those already there.

    Raises:
        BundleError: If the bundle cannot be read, or a file is missing, cut short or corrupt.
    """
    out = out or sys.stdout
    data_dir, models_dir = default_data_dir(data_dir), models_dir or keras_models_dir()
    files = read_manifest(source)
    if names:
        missing = sorted(set(names) - {e["name"] for e in files})
        if missing:
            raise BundleError(f"The bundle at {source} has no {', '.join(missing)}; it holds "
                              f"{', '.join(sorted({e['name'] for e in files}))}.")
        files = [e for e in files if e["name"] in names]
    units: dict[str, list[dict]] = {}
    for e in files:
        target_of(e["path"], data_dir, models_dir)  # refuse a bad path before copying anything
        units.setdefault(unit_of(e["path"]), []).append(e)
    done = {"installed": [], "present": []}
    for unit, entries in units.items():
        final = target_of(unit, data_dir, models_dir)
        if all(_intact(target_of(e["path"], data_dir, models_dir), e) for e in entries):
            print(f"  ok       {unit} (already installed)", file=out)
            done["present"].append(unit)
            continue
        if unit.startswith("datasets/"):
            _install_folder(source, unit, entries, final, out)
        else:
            _install_file(source, entries[0], final, out)
        done["installed"].append(unit)
    return done


def _install_folder(source, unit, entries, final, out):
    # TFDS skips "incomplete.*" folders; a re-run resumes from the files already staged here
    parent, version = os.path.split(final)
    staging = os.path.join(parent, f"incomplete.tfcourse_{version}")
    for e in entries:
        rel = os.path.join(*e["path"][len(unit) + 1:].split("/"))
        old, new = os.path.join(final, rel), os.path.join(staging, rel)
        if not _intact(new, e):
            os.makedirs(os.path.dirname(new), exist_ok=True)
            if _intact(old, e):
                shutil.copyfile(old, new)
            else:
                _install_file(source, e, new, out)
    if os.path.isdir(final):  # an older or damaged copy: swap it out, then delete it
        os.replace(final, staging + ".old")
    os.replace(staging, final)
    shutil.rmtree(staging + ".old", ignore_errors=True)


def _install_file(source: str, entry: dict, target: str, out) -> None:
    """Copy one file to ``target + '.part'``, check size and sha256, rename it to ``target``."""
    os.makedirs(os.path.dirname(target), exist_ok=True)
    part, size, digest, got = target + ".part", entry["size"], hashlib.sha256(), 0
    label = f"  get      {entry['path']} ({size / 1e6:.1f} MB)"
    tty = getattr(out, "isatty", lambda: False)()
    print(label, end="" if tty else "\n", file=out, flush=True)
    try:
        with _open(source, entry["path"]) as src, open(part, "wb") as dst:
            for block in iter(lambda: src.read(CHUNK), b""):
                dst.write(block)
                digest.update(block)
                got += len(block)
                if tty:  # a percentage that rewrites itself
                    print(f"\r{label} {100 * got // max(size, 1):3d}%", end="", file=out,
                          flush=True)
        if got != size:
            why = f"the transfer stopped after {got} of {size} bytes"
        elif digest.hexdigest() != entry["sha256"]:
            why = (f"its sha256 is {digest.hexdigest()} but {MANIFEST} says {entry['sha256']} "
                   "(a damaged copy?)")
        else:
            os.replace(part, target)
            return
    except (OSError, ValueError) as e:  # URLError, IncompleteRead, ConnectionResetError...
        why = _why(e)
    finally:
        if tty:
            print(file=out)
        if os.path.exists(part):
            os.remove(part)  # never leave a half-written file behind, even on Ctrl-C
    raise BundleError(f"Cannot install {entry['path']} from {_where(source, entry['path'])}: "
                      f"{why}. Nothing half-written was left; run the same command again to "
                      "retry (files already installed are kept).")


def _intact(path: str, entry: dict) -> bool:
    return (os.path.isfile(path) and os.path.getsize(path) == entry["size"]
            and sha256(path) == entry["sha256"])


def _is_url(source: str) -> bool:
    return urllib.parse.urlsplit(source).scheme in ("http", "https")


def _where(source: str, path: str) -> str:
    if _is_url(source):
        return urllib.parse.urljoin(source.rstrip("/") + "/", urllib.parse.quote(path))
    return os.path.join(source, *path.split("/"))


def _open(source: str, path: str):
    if _is_url(source):
        return urllib.request.urlopen(_where(source, path), timeout=30)
    return open(_where(source, path), "rb")


def _why(error: Exception) -> str:
    return f"{type(error).__name__}: {getattr(error, 'reason', None) or error}"
