"""tfcourse: an introductory deep-learning workshop as code you run, read and import.

Importing the package is cheap: TensorFlow, TensorFlow Datasets and matplotlib load only when
a submodule that needs them is imported (``tfcourse.distribute``, ``tfcourse.lowlevel``, ...).

Example:
    >>> import tfcourse
    >>> tfcourse.__version__
    '0.1.0'
"""

__version__ = "0.1.0"

__all__ = ["__version__"]
