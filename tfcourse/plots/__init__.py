"""Every picture the lessons leave behind, drawn with matplotlib (imported on the first plot).

Each ``plot_*`` function takes plain arrays, dicts and callables and returns the
`matplotlib.figure.Figure`; ``title=`` sets its title and ``path=`` also saves it as a PNG,
creating the folder. The non-interactive ``Agg`` backend is used outside notebooks.

Example:
    >>> from tfcourse import plots
    >>> plots.plot_losses({"numpy": [3.0, 2.0, 1.5]}).axes[0].get_ylabel()
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
