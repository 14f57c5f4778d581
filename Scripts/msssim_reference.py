#!/usr/bin/env python3
"""Golden MS-SSIM values for Tests/EvaluationTests (Evaluation.MultiScaleSSIM).

An independent numpy/scipy implementation of the MS-SSIM variant GAN papers use at 64x64
(progressive-GAN metrics/ms_ssim.py, after TensorFlow's msssim.py): 5 scales with weights
0.0448 0.2856 0.3001 0.2363 0.1333; 2-D Gaussian window of side min(11, H, W) with sigma
1.5 * side / 11 (half-integer offsets for even sides); K1 0.01, K2 0.03, data range 255;
"valid" filtering; 2x2 average downsampling (odd last row/column dropped); per-scale means over
positions and channels; negative means clipped to 0 before the weighted product.

Unlike the Swift code (separable 1-D passes) this uses full 2-D windows with
scipy.signal.convolve2d, in float64.

The test images are generated here from integer recipes on a 64-bit LCG, which the Swift tests
reproduce bit-exactly (see MultiScaleSSIMTests.swift). Run from the repository root:

    python3 Scripts/msssim_reference.py > Tests/EvaluationTests/Fixtures/msssim_golden.json
"""
import json
import sys

import numpy as np
from scipy import signal

MASK64 = (1 << 64) - 1
WEIGHTS = np.array([0.0448, 0.2856, 0.3001, 0.2363, 0.1333])


class LCG:
    """Knuth's MMIX LCG: state = state * 6364136223846793005 + 1442695040888963407 mod 2^64."""

    def __init__(self, seed):
        self.state = seed & MASK64

    def next(self):
        self.state = (self.state * 6364136223846793005 + 1442695040888963407) & MASK64
        return self.state


def pattern_image(width, height, seed):
    """Diagonal stripes with 4 bits of noise: ((3x + 5y + 85c) & 255) xor (next >> 60)."""
    rng = LCG(seed)
    image = np.zeros((height, width, 3), dtype=np.uint8)
    for y in range(height):
        for x in range(width):
            for c in range(3):
                image[y, x, c] = ((3 * x + 5 * y + 85 * c) & 255) ^ (rng.next() >> 60)
    return image


def block_image(width, height, seed, block=8):
    """Flat 8x8 blocks; colours drawn as next() >> 56 in (block row, block column, channel) order."""
    rng = LCG(seed)
    rows, columns = (height + block - 1) // block, (width + block - 1) // block
    colours = np.zeros((rows, columns, 3), dtype=np.uint8)
    for by in range(rows):
        for bx in range(columns):
            for c in range(3):
                colours[by, bx, c] = rng.next() >> 56
    image = np.zeros((height, width, 3), dtype=np.uint8)
    for y in range(height):
        for x in range(width):
            image[y, x] = colours[y // block, x // block]
    return image


def noisy(image, seed, amplitude):
    """Adds (next() mod (2a+1)) - a to every byte in HWC order, clipped to 0...255."""
    rng = LCG(seed)
    flat = image.reshape(-1).astype(np.int64)
    out = np.empty_like(flat)
    for index, value in enumerate(flat):
        out[index] = min(255, max(0, value + int(rng.next() % (2 * amplitude + 1)) - amplitude))
    return out.reshape(image.shape).astype(np.uint8)


def gaussian_window(side, sigma):
    """Normalised 2-D window like MATLAB fspecial('gaussian')."""
    offsets = np.arange(side, dtype=np.float64) - (side - 1) / 2.0
    xx, yy = np.meshgrid(offsets, offsets, indexing="ij")
    window = np.exp(-(xx ** 2 + yy ** 2) / (2.0 * sigma ** 2))
    return window / window.sum()


def single_scale(a, b):
    """Mean SSIM and mean cs over positions and channels of one scale; a, b are HxWxC float64."""
    height, width, channels = a.shape
    side = min(11, height, width)
    window = gaussian_window(side, 1.5 * side / 11.0)
    c1, c2 = (0.01 * 255) ** 2, (0.03 * 255) ** 2
    ssim_maps, cs_maps = [], []
    for c in range(channels):
        x, y = a[:, :, c], b[:, :, c]
        blur = lambda plane: signal.convolve2d(plane, window, mode="valid")
        mu_x, mu_y = blur(x), blur(y)
        var_x = blur(x * x) - mu_x ** 2
        var_y = blur(y * y) - mu_y ** 2
        cov = blur(x * y) - mu_x * mu_y
        cs = (2 * cov + c2) / (var_x + var_y + c2)
        ssim_maps.append((2 * mu_x * mu_y + c1) / (mu_x ** 2 + mu_y ** 2 + c1) * cs)
        cs_maps.append(cs)
    return float(np.mean(ssim_maps)), float(np.mean(cs_maps))


def downsample(image):
    height, width, channels = image.shape
    even = image[: height // 2 * 2, : width // 2 * 2, :]
    return even.reshape(height // 2, 2, width // 2, 2, channels).mean(axis=(1, 3))


def ms_ssim(a, b):
    a, b = a.astype(np.float64), b.astype(np.float64)
    ssims, css = [], []
    for scale in range(len(WEIGHTS)):
        if scale > 0:
            a, b = downsample(a), downsample(b)
        s, c = single_scale(a, b)
        ssims.append(s)
        css.append(c)
    clipped_ssim = np.clip(np.array(ssims), 0.0, None)
    clipped_cs = np.clip(np.array(css), 0.0, None)
    value = np.prod(clipped_cs[:-1] ** WEIGHTS[:-1]) * clipped_ssim[-1] ** WEIGHTS[-1]
    return float(value), ssims, css


def make(spec):
    kind = spec["kind"]
    if kind == "pattern":
        return pattern_image(spec["width"], spec["height"], spec["seed"])
    if kind == "blocks":
        return block_image(spec["width"], spec["height"], spec["seed"])
    base = make(spec["base"])
    if kind == "noisy":
        return noisy(base, spec["seed"], spec["amplitude"])
    if kind == "inverted":
        return 255 - base
    raise ValueError(kind)


def main():
    pattern64 = {"kind": "pattern", "width": 64, "height": 64, "seed": 1}
    blocks64 = {"kind": "blocks", "width": 64, "height": 64, "seed": 2}
    blocks40x48 = {"kind": "blocks", "width": 40, "height": 48, "seed": 3}
    cases = [
        ("identical", pattern64, pattern64),
        ("pattern vs light noise", pattern64,
         {"kind": "noisy", "base": pattern64, "seed": 11, "amplitude": 20}),
        ("blocks vs heavy noise", blocks64,
         {"kind": "noisy", "base": blocks64, "seed": 12, "amplitude": 60}),
        ("unrelated", pattern64, blocks64),
        ("inverted", blocks64, {"kind": "inverted", "base": blocks64}),
        ("non-square 40x48, odd sides at coarse scales", blocks40x48,
         {"kind": "noisy", "base": blocks40x48, "seed": 13, "amplitude": 40}),
    ]
    results = []
    for name, first, second in cases:
        value, ssims, css = ms_ssim(make(first), make(second))
        results.append({"name": name, "first": first, "second": second, "msssim": value,
                        "ssimPerScale": ssims, "csPerScale": css})
    json.dump({"generator": "Scripts/msssim_reference.py", "numpy": np.__version__,
               "cases": results}, sys.stdout, indent=1)
    sys.stdout.write("\n")


if __name__ == "__main__":
    main()
