"""tfcourse: an introductory deep-learning workshop as code you run, read and import.

Importing the package is cheap: TensorFlow, TensorFlow Datasets and matplotlib load only with
the submodules that need them (``tfcourse.distribute``, ``tfcourse.lowlevel``, ...). It does set
``TF_ENABLE_ONEDNN_OPTS=1`` on CPUs where TensorFlow's oneDNN kernels are faster for the lessons
but off by default (see `tfcourse.cpu`); a value you set wins.
"""

from tfcourse.cpu import apply_onednn_default as _apply_onednn_default

__version__ = "0.1.0"

__all__ = ["__version__"]

_message = _apply_onednn_default()
if _message:
    import warnings

    warnings.warn(_message, stacklevel=2)
del _message
