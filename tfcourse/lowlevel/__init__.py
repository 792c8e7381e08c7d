"""The low-level lessons: each model written three ways (NumPy, TF1 graph, GradientTape)."""
