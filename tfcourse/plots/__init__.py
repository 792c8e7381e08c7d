"""Every picture the lessons leave behind (matplotlib, non-interactive, imported lazily).

Each plot function takes plain arrays, dicts and callables, returns the
`matplotlib.figure.Figure` and, given ``path``, also saves it as a PNG (creating the folder).
Importing this package imports neither matplotlib nor TensorFlow; the first plot loads
matplotlib with the non-interactive ``Agg`` backend, so demos run on servers and in CI.

==========================  ===============  ===============================================
function                    module           the picture
==========================  ===============  ===============================================
`plot_losses`               training         cost per step, one curve per implementation
`plot_history`              training         Keras learning curves, train and validation
`plot_regression_line`      regression       1-D data with fitted lines θ0 + θ1·x
`plot_cost_surface`         regression       contours of J(θ0, θ1) and the descent's path
`linear_cost`               regression       J(θ0, θ1) of a line on 1-D data, vectorized
`plot_decision_boundary`    classification   a classifier's regions on a 2-D plane
`plot_confusion_matrix`     classification   true × predicted counts, annotated
`confusion_matrix`          classification   the same counts as an array (NumPy only)
`plot_activations`          activations      f(x) and f'(x) for each activation
`plot_images`               images           a grid of images with titles
`plot_predictions`          images           a grid titled "true→predicted", red if wrong
`plot_kernels`              convolution      kernels as matrices beside the filtered image
`plot_filters`              convolution      a Conv2D's learned filters
`plot_feature_maps`         features         one image's activations, layer by layer
`feature_maps`              features         those activations from a Keras model
`save`                      _base            write a figure as PNG, creating the folder
==========================  ===============  ===============================================

Example:
    >>> from tfcourse import plots
    >>> fig = plots.plot_losses({"numpy": [3.0, 2.0, 1.5]})
    >>> fig.axes[0].get_ylabel()
    'cost J'
"""

from tfcourse.plots._base import save
from tfcourse.plots.activations import plot_activations
from tfcourse.plots.classification import (confusion_matrix, plot_confusion_matrix,
                                           plot_decision_boundary)
from tfcourse.plots.convolution import plot_filters, plot_kernels
from tfcourse.plots.features import feature_maps, plot_feature_maps
from tfcourse.plots.images import plot_images, plot_predictions
from tfcourse.plots.regression import linear_cost, plot_cost_surface, plot_regression_line
from tfcourse.plots.training import plot_history, plot_losses

__all__ = [
    "save", "plot_losses", "plot_history", "plot_regression_line", "plot_cost_surface",
    "linear_cost", "plot_decision_boundary", "plot_confusion_matrix", "confusion_matrix",
    "plot_activations", "plot_images", "plot_predictions", "plot_kernels", "plot_filters",
    "plot_feature_maps", "feature_maps",
]
