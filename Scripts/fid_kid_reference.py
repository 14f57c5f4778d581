#!/usr/bin/env python3
"""Golden FID and KID values for Tests/EvaluationTests (Evaluation.FrechetDistance, KernelDistance).

FID the way pytorch-fid computes it: numpy means and unbiased covariances, then
scipy.linalg.sqrtm of the (non-symmetric) product S1 S2 and its trace (real part). The Swift
code instead uses symmetric eigendecompositions, so this is an independent check.
KID as MMD-GAN / torch-fidelity define it: polynomial kernel (x.y / D + 1)^3 and the unbiased
MMD^2 estimate; here on whole sets of equal size (subset size = set size), so no random subset
draws need to match between Python and Swift.

Features are generated from a 64-bit LCG with values on a 2^-12 grid, so the Float32 features
in Swift are exactly the float64 ones here. Run from the repository root:

    python3 Scripts/fid_kid_reference.py > Tests/EvaluationTests/Fixtures/fid_kid_golden.json
"""
import json
import sys

import numpy as np
import scipy
from scipy import linalg

MASK64 = (1 << 64) - 1


def lcg_values(seed, count):
    """count values (next() >> 52) / 4096 - 0.5, i.e. multiples of 2^-12 in [-0.5, 0.5)."""
    state, out = seed & MASK64, []
    for _ in range(count):
        state = (state * 6364136223846793005 + 1442695040888963407) & MASK64
        out.append((state >> 52) / 4096.0 - 0.5)
    return np.array(out)


def feature_set(seed, rows, dimension, kind):
    """Correlated features from an LCG matrix R of rows x (dimension + 1):
    kind "a": f_j = R_j + 0.5 R_{j+1};  kind "b": f_j = 1.5 R_j - 0.5 R_{j+1} + (0.25 if j even)."""
    raw = lcg_values(seed, rows * (dimension + 1)).reshape(rows, dimension + 1)
    if kind == "a":
        return raw[:, :-1] + 0.5 * raw[:, 1:]
    shift = np.array([0.25 if j % 2 == 0 else 0.0 for j in range(dimension)])
    return 1.5 * raw[:, :-1] - 0.5 * raw[:, 1:] + shift


def fid(x, y):
    mu1, mu2 = x.mean(axis=0), y.mean(axis=0)
    s1, s2 = np.cov(x, rowvar=False), np.cov(y, rowvar=False)
    covmean = linalg.sqrtm(s1.dot(s2))
    covmean = np.real(covmean)
    return float(((mu1 - mu2) ** 2).sum() + np.trace(s1) + np.trace(s2) - 2 * np.trace(covmean))


def kid_full(x, y):
    m, dimension = x.shape
    kernel = lambda a, b: (a @ b.T / dimension + 1.0) ** 3
    kxx, kyy, kxy = kernel(x, x), kernel(y, y), kernel(x, y)
    within = (kxx.sum() - np.trace(kxx) + kyy.sum() - np.trace(kyy)) / (m * (m - 1))
    return float(within - 2 * kxy.sum() / (m * m))


def main():
    dimension = 12
    a = feature_set(21, 300, dimension, "a")
    b = feature_set(22, 250, dimension, "b")
    cases = {
        "fid_a300_b250": fid(a, b),
        "fid_a300_a300": fid(a, a),
        "kid_a250_b250": kid_full(a[:250], b),
        "kid_a250_a250": kid_full(a[:250], a[:250]),
    }
    json.dump({"generator": "Scripts/fid_kid_reference.py", "numpy": np.__version__,
               "scipy": scipy.__version__, "dimension": dimension,
               "setA": {"seed": 21, "rows": 300, "kind": "a"},
               "setB": {"seed": 22, "rows": 250, "kind": "b"}, "values": cases},
              sys.stdout, indent=1)
    sys.stdout.write("\n")


if __name__ == "__main__":
    main()
