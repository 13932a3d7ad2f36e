"""Number format of the MLP's training products: bfloat16 where the CPU multiplies it natively.

On the 20,000-item long-tail shape most of a training step is the output layer's three batch ×
hidden × items products. CPUs with bfloat16 dot-product instructions (x86 ``avx512_bf16`` or
``amx_bf16``, used by TensorFlow's oneDNN kernels) run them about twice as fast in bfloat16 as in
float32 (measured on 2 cores: 65 → 31 ms for the three products of a batch of 128 users).
Everywhere else bfloat16 is emulated and slower, so "auto" keeps float32 there.

Only the products of the training step change (mixed precision): the weights, their gradients'
accumulation into Adam, the L2 term, the softmax and the loss stay float32, and validation and
scoring always multiply in float32, so rankings do not gain ties from bfloat16's 8-bit mantissa.
On ML-100K (seeds 0-2, leave-last-out, full ranking) the MLP's HR@10 / NDCG@10 were 0.183 /
0.098 with bfloat16 products against 0.181 / 0.097 in float32 (docs/BENCHMARKS.md).
"""

from __future__ import annotations

import os
import platform
from typing import Literal

Precision = Literal["auto", "float32", "bfloat16"]
NATIVE_FLAGS = ("avx512_bf16", "amx_bf16")
CPUINFO = "/proc/cpuinfo"


def native_bfloat16(cpuinfo: str | None = None, machine: str | None = None) -> bool:
    """Whether this CPU multiplies bfloat16 natively under TensorFlow's oneDNN kernels: an x86
    CPU whose flags (``cpuinfo``: the text of /proc/cpuinfo, read when None) include one of
    ``NATIVE_FLAGS``, with oneDNN not switched off (``TF_ENABLE_ONEDNN_OPTS=0``)."""
    machine = (machine or platform.machine()).lower()
    if machine not in ("x86_64", "amd64") or os.environ.get("TF_ENABLE_ONEDNN_OPTS") == "0":
        return False
    if cpuinfo is None:
        try:
            with open(CPUINFO, encoding="utf-8", errors="replace") as file:
                cpuinfo = file.read()
        except OSError:
            return False
    for line in cpuinfo.splitlines():
        if line.startswith("flags"):
            flags = set(line.partition(":")[2].split())
            return any(flag in flags for flag in NATIVE_FLAGS)
    return False


def resolve(precision: Precision) -> Literal["float32", "bfloat16"]:
    """The format "auto" stands for on this machine (others as they are)."""
    if precision == "auto":
        return "bfloat16" if native_bfloat16() else "float32"
    if precision not in ("float32", "bfloat16"):
        raise ValueError(f"unknown precision {precision!r}")
    return precision
