"""Names the launcher and the strategies share, in a module that loads no TensorFlow."""

# the kinds of strategy `tfcourse.distribute.get_strategy` builds
KINDS = ("auto", "cpu", "gpu", "mirrored", "multiworker", "tpu")

# how replicas sum their gradients: across workers, TensorFlow's ring all-reduce or NVIDIA's
# NCCL; on one machine, NCCL or copies through one device (hierarchically, or all to one)
MULTIWORKER_OPS = ("auto", "ring", "nccl")
MIRRORED_OPS = ("auto", "nccl", "hierarchical_copy", "reduce_to_one")
CROSS_DEVICE_OPS = ("auto", "ring", "nccl", "hierarchical_copy", "reduce_to_one")

# set by `python -m tfcourse.launch --cross-device-ops`, read by `get_strategy`
CROSS_DEVICE_OPS_ENV = "TFCOURSE_CROSS_DEVICE_OPS"

# seconds a worker waits for every worker TF_CONFIG names to start; the variable overrides it
WORKER_TIMEOUT = 60.0
WORKER_TIMEOUT_ENV = "TFCOURSE_WORKER_TIMEOUT"
