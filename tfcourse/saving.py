"""Save and load models and arrays safely: a file you were sent must never run code.

A `keras.layers.Lambda` in a ``.keras`` file carries Python bytecode that runs when the model is
called, so `load_model` refuses any file holding one and loads with ``safe_mode=True``;
`load_arrays` reads ``.npy``/``.npz`` with ``allow_pickle=False`` (unpickling runs code).
"""

from __future__ import annotations

import json
import os
import zipfile

import numpy as np


class UnsafeModelError(ValueError):
    """A model file asks to run code when loaded (it contains a `Lambda` layer)."""


def save_model(model, path: str | os.PathLike) -> str:
    """Save ``model`` as a ``.keras`` file (architecture + weights), creating the folder.

    Returns:
        The path written, as a string.

    Raises:
        TypeError: If ``model`` is not a `keras.Model`.
        ValueError: If ``path`` does not end in ``.keras``.
    """
    import keras

    if not isinstance(model, keras.Model):
        raise TypeError(f"Argument `model` must be a keras.Model. "
                        f"Received: model of type {type(model).__name__}")
    path = os.fspath(path)
    if not path.endswith(".keras"):
        raise ValueError(f"Invalid value for argument `path`: a model file must end in '.keras' "
                         f"(the Keras 3 format). Received: path={path!r}")
    os.makedirs(os.path.dirname(path) or ".", exist_ok=True)
    model.save(path)
    return path


def _read_config(path: str) -> dict:
    """The architecture inside a ``.keras`` zip, or a clear error saying what is wrong."""
    if not os.path.exists(path):
        raise FileNotFoundError(f"No model file at {path!r}. Check the path (relative paths "
                                f"start from {os.getcwd()!r}).")
    if not path.endswith(".keras"):
        raise ValueError(f"Invalid value for argument `path`: expected a '.keras' file saved by "
                         f"Keras 3 (model.save('name.keras')). Received: path={path!r}")
    try:
        with zipfile.ZipFile(path) as archive:
            names = set(archive.namelist())
            missing = {"config.json", "model.weights.h5"} - names
            if missing:
                raise ValueError(f"{path!r} is a zip but not a complete .keras model file: it "
                                 f"lacks {sorted(missing)}. Save it again with model.save().")
            bad = archive.testzip()  # CRC-checks every member: catches corrupted bytes
            if bad is not None:
                raise ValueError(f"{path!r} is corrupt: {bad!r} fails its checksum. Copy or "
                                 f"download the file again.")
            try:
                return json.loads(archive.read("config.json"))
            except (json.JSONDecodeError, UnicodeDecodeError) as err:
                raise ValueError(f"{path!r} is damaged: its config.json (the architecture) is "
                                 f"not valid JSON ({err}). Copy the file again, or re-save the "
                                 f"model with model.save().") from None
    except zipfile.BadZipFile:
        size = os.path.getsize(path)
        raise ValueError(
            f"{path!r} ({size} bytes) is not a readable .keras file: a .keras file is a zip "
            f"archive, and this one is truncated or corrupt (an interrupted copy or download?). "
            f"Copy it again, or re-save the model with model.save()."
        ) from None


def lambda_layers(config) -> list[str]:
    """Names of every `Lambda` layer anywhere in a saved model config (nested models too)."""
    found = []
    if isinstance(config, dict):
        if config.get("class_name") == "Lambda":
            found.append(config.get("config", {}).get("name", "?"))
        for value in config.values():
            found += lambda_layers(value)
    elif isinstance(config, list):
        for value in config:
            found += lambda_layers(value)
    return found


def load_model(path: str | os.PathLike, *, compile: bool = True):
    """Load a ``.keras`` model with ``safe_mode=True``, refusing files that would run code.

    tfcourse's own layers are registered first; ``compile`` restores the optimizer, loss and
    metrics too (defaults to True).

    Raises:
        FileNotFoundError: If there is no file at ``path``.
        UnsafeModelError: If the model contains a `Lambda` layer (code in the file).
        ValueError: If the file is not a complete, uncorrupted ``.keras`` archive.
    """
    path = os.fspath(path)
    names = lambda_layers(_read_config(path))
    if names:
        raise UnsafeModelError(
            f"Refusing to load {path!r}: it contains Lambda layer(s) {names}. A Lambda layer "
            f"stores Python code that would run on this machine when the model is used, so "
            f"tfcourse never loads one. Ask for a version of the model that replaces each Lambda "
            f"by a registered layer (see tfcourse.models.preprocessing for an example)."
        )
    import keras

    import tfcourse.models.preprocessing  # noqa: F401  registers tfcourse's layers with Keras
    import tfcourse.models.text  # noqa: F401

    return keras.saving.load_model(path, compile=compile, safe_mode=True)


def load_arrays(path: str | os.PathLike) -> dict[str, np.ndarray]:
    """A ``.npz`` (or ``.npy``, as ``{"arr_0": a}``) file as a dict of name → array.

    Raises:
        FileNotFoundError: If there is no file at ``path``.
        ValueError: If the file holds pickled Python objects (refused: unpickling runs code) or
            is not a NumPy file.
    """
    path = os.fspath(path)
    if not os.path.exists(path):
        raise FileNotFoundError(f"No array file at {path!r}.")
    with open(path, "rb") as f:
        magic = f.read(6)
    if magic != b"\x93NUMPY" and not magic.startswith(b"PK"):  # .npy header, or a zip (.npz)
        raise ValueError(f"{path!r} is not a readable NumPy .npy/.npz file: it starts with "
                         f"{magic!r}, not a NumPy header or a zip archive.")
    try:
        loaded = np.load(path, allow_pickle=False)
        if isinstance(loaded, np.ndarray):
            return {"arr_0": loaded}
        with loaded:
            return {name: loaded[name] for name in loaded.files}
    except ValueError as err:
        if "pickle" in str(err).lower():
            raise ValueError(f"Refusing to read {path!r}: it holds pickled Python objects, and "
                             f"unpickling can run code. Save plain numeric arrays instead.") from None
        raise ValueError(f"{path!r} is not a readable NumPy .npy/.npz file: {err}") from None
    except (OSError, zipfile.BadZipFile) as err:
        raise ValueError(f"{path!r} is not a readable NumPy .npy/.npz file: {err}") from None
