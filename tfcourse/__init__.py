"""tfcourse: an introductory deep-learning workshop as code you run, read and import.

Importing the package is cheap: TensorFlow, TensorFlow Datasets and matplotlib load only with
the submodules that need them (``tfcourse.distribute``, ``tfcourse.lowlevel``, ...).
"""

__version__ = "0.1.0"

__all__ = ["__version__"]
