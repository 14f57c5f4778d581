#!/usr/bin/env python3
"""`acgan export --format onnx` checked by running the model in onnxruntime.

For each generator (the bundled model, which upsamples by resize-convolution, and the PyTorch-
made fixture Tests/ACGANTests/Fixtures/torch_export_generator.safetensors, which uses
PixelShuffle), this script exports the ONNX model, checks it with onnx's checker, draws faces
with `acgan generate --latent z.npy --separate` (fixed noise, tags drawn by the model's priors),
feeds the same noise and each face's condition (from samples.json) to onnxruntime, maps its
images to pixels as acgan does (round((x + 1) * 127.5), clamped) and compares them with acgan's
PNGs: at most 1 level apart in 99% of the values and at most 2 anywhere (the same float32
weights, summed in another order by another library). It also checks the model's metadata
(configuration, vocabulary) and that a batch of any size runs.

    python3 Scripts/onnx_test.py [--install] [--acgan .build/release/acgan]

Test-only Python packages: onnx, onnxruntime and numpy from PyPI (`--install` installs them).
"""

import argparse
import json
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def install_dependencies():
    subprocess.run([sys.executable, "-m", "pip", "install", "-q", "onnx", "onnxruntime", "numpy"], check=True)


def read_png(path):
    """An 8-bit RGB or RGBA PNG (what acgan writes) as (H, W, 3) uint8, with the browser test's
    zlib-only decoder."""
    import numpy as np
    from browser_test import png_pixels, png_size
    data = Path(path).read_bytes()
    if png_size(data) is None:
        raise ValueError(f"{path}: not a PNG")
    width, height = png_size(data)
    channels = {2: 3, 6: 4}[data[25]]   # IHDR's colour type
    return np.frombuffer(png_pixels(data), dtype=np.uint8).reshape(height, width, channels)[:, :, :3]


def write_npy(path, array):
    import numpy as np
    np.save(path, array.astype(np.float32))


def check(acgan, checkpoint, label, work, count=12, seed=5):
    import numpy as np
    import onnx
    import onnxruntime as ort

    model_path = work / f"{label}.onnx"
    subprocess.run([acgan, "export", "--checkpoint", str(checkpoint), "--format", "onnx", "--out", str(model_path)],
                   check=True)
    model = onnx.load(str(model_path))
    onnx.checker.check_model(model, full_check=True)
    metadata = {entry.key: entry.value for entry in model.metadata_props}
    configuration = json.loads(metadata["configuration"])
    vocabulary = json.loads(metadata["vocabulary"])
    assert metadata["format"] == "acgan-studio-onnx-generator", metadata["format"]
    assert vocabulary, "no vocabulary in the metadata"
    latent, length = configuration["latentSize"], configuration["conditionLength"]

    rng = np.random.default_rng(seed)
    z = rng.standard_normal((count, latent)).astype(np.float32)
    write_npy(work / f"{label}-z.npy", z)
    faces = work / f"{label}-faces"
    subprocess.run([acgan, "generate", "--checkpoint", str(checkpoint), "--latent", str(work / f"{label}-z.npy"),
                    "--count", str(count), "--separate", "--seed", str(seed), "--out", str(faces)], check=True)
    samples = json.loads((faces / "samples.json").read_text())
    assert len(samples) == count, f"{len(samples)} samples"
    condition = np.array([sample["condition"] for sample in samples], dtype=np.float32)
    assert condition.shape == (count, length), condition.shape

    session = ort.InferenceSession(str(model_path), providers=["CPUExecutionProvider"])
    images = session.run(["image"], {"z": z, "condition": condition})[0]
    pixels = np.clip(np.round((images + 1) * 127.5), 0, 255).astype(np.int16).transpose(0, 2, 3, 1)
    ours = np.stack([read_png(faces / sample["file"]) for sample in samples]).astype(np.int16)
    assert ours.shape == pixels.shape, (ours.shape, pixels.shape)
    difference = np.abs(ours - pixels)
    within_one = float(np.mean(difference <= 1))
    largest = int(difference.max())
    print(f"{label}: {count} faces, {difference.size} values: {100 * within_one:.3f}% within 1 level, "
          f"{int(np.sum(difference > 0))} differ, largest difference {largest}")
    assert within_one >= 0.99, f"{label}: only {100 * within_one:.3f}% of values within 1 level"
    assert largest <= 2, f"{label}: a value {largest} levels apart"

    # Any batch size runs (the batch dimension is symbolic), and one face equals its batch row.
    single = session.run(["image"], {"z": z[:1], "condition": condition[:1]})[0]
    assert single.shape == (1, 3, configuration["imageSize"], configuration["imageSize"]), single.shape
    assert np.max(np.abs(single[0] - images[0])) < 1e-4
    return within_one, largest


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--install", action="store_true", help="pip install onnx, onnxruntime and numpy first")
    parser.add_argument("--acgan", default=str(ROOT / ".build/release/acgan"))
    args = parser.parse_args()
    if args.install:
        install_dependencies()
    if not Path(args.acgan).is_file():
        parser.error(f"--acgan {args.acgan}: no such file (run make build)")
    generators = [("bundled", ROOT / "Models/acgan-synthetic-64.safetensors"),
                  ("pixel-shuffle", ROOT / "Tests/ACGANTests/Fixtures/torch_export_generator.safetensors")]
    with tempfile.TemporaryDirectory(prefix="acgan-onnx-") as folder:
        for label, checkpoint in generators:
            check(args.acgan, checkpoint, label, Path(folder))
    print("onnx test: all checks passed")


if __name__ == "__main__":
    sys.exit(main())
