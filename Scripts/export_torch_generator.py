#!/usr/bin/env python3
"""Exports a PyTorch generator of ../shared/bench/torch_reference.py as an ACGAN Studio model
file, and the images PyTorch draws with it, so the Swift side can prove it draws the same faces.

The generator is the reference `Generator` (shared/spec/acgan64.md) in a small configuration
(z 16, width 8, 2 residual blocks, 64x64) conditioned on the 34 tags of
`TagVocabulary.syntheticAvatars`. Its weights are PyTorch's default initialisation, with the
BatchNorm affine parameters randomised and a few train-mode forward passes on random inputs
so that every BatchNorm buffer (running mean, running variance, num_batches_tracked) is far
from its initial value; the output convolution is scaled up so the images span most of
0..255 rather than a narrow grey band. Writes:

  Tests/ACGANTests/Fixtures/
    torch_export_generator.safetensors  G.eval().state_dict(), bare keys, F32 (num_batches_tracked
                                        I64, as torch stores it), and the `__metadata__` of
                                        TrainingCheckpoint.swift: format, configuration, vocabulary
    torch_export_samples.safetensors    z (4, 16), c (4, 34), torch's eval-mode output (4, 3, 64, 64)
                                        and its 8-bit images (4, 64, 64, 3) U8, round((x + 1) * 127.5)

The files are written by a small writer in this script (not `safetensors.torch.save_file`,
whose metadata order changes from run to run), then read back with the `safetensors`
library, which checks they are valid. Output is reproducible byte for byte with one thread.

Run from the repository root with the PyTorch venv:
  /root/venvs/torch/bin/python Scripts/export_torch_generator.py
"""

import argparse
import functools
import json
import operator
import struct
import sys
from pathlib import Path

import torch
from safetensors import safe_open

sys.path.insert(0, str(Path(__file__).resolve().parent))
from make_torch_fixtures import REPO_ROOT, find_reference, load_reference  # noqa: E402

FORMAT = "acgan-studio/1"  # TrainingCheckpoint.format
Z_DIM, CH, NUM_RES_BLOCKS, IMAGE_SIZE = 16, 8, 2, 64
TRAIN_PASSES, TRAIN_BATCH = 5, 8
OUTPUT_GAIN = 4.0  # conv_out weights and bias are multiplied by this
SEED = 2026

# ----------------------------------------------------------------------------
# TagVocabulary.syntheticAvatars (Sources/AnimeData/TagVocabulary+BuiltIn.swift)
# ----------------------------------------------------------------------------

SYNTHETIC_AVATARS = {
    "groups": [
        ("hair color",
         ["blonde hair", "brown hair", "black hair", "blue hair", "pink hair", "purple hair",
          "green hair", "red hair", "silver hair", "white hair", "orange hair", "aqua hair",
          "grey hair"],
         [0.160, 0.213, 0.155, 0.105, 0.080, 0.095, 0.036, 0.077, 0.032, 0.018, 0.022, 0.005, 0.002]),
        ("hair style",
         ["long hair", "short hair", "twin tail", "ponytail", "drill hair"],
         [0.35, 0.25, 0.15, 0.15, 0.10]),
        ("eye color",
         ["blue eyes", "red eyes", "brown eyes", "green eyes", "purple eyes", "yellow eyes",
          "pink eyes", "aqua eyes", "black eyes", "orange eyes"],
         [0.284, 0.158, 0.179, 0.134, 0.142, 0.054, 0.010, 0.006, 0.032, 0.002]),
    ],
    "binaryTags": [("blush", 0.6), ("smile", 0.6), ("open mouth", 0.25), ("hat", 0.045),
                   ("ribbon", 0.3), ("glasses", 0.054)],
}


def normalised(priors):
    # TagVocabulary.Group.init divides by `raw.reduce(0, +)`: a plain left-to-right sum
    # (Python >= 3.12's sum() compensates rounding and could differ in the last bit).
    total = functools.reduce(operator.add, priors, 0.0)
    return [p / total for p in priors]


def vocabulary_json():
    """The vocabulary as Swift's `TagVocabulary.jsonData()` writes it: JSONEncoder with
    [.prettyPrinted, .sortedKeys] (two-space indent, `"key" : value`, shortest doubles)."""
    value = {
        "binaryTags": [{"name": n, "prior": p} for n, p in SYNTHETIC_AVATARS["binaryTags"]],
        "groups": [{"name": n, "priors": normalised(p), "values": v}
                   for n, v, p in SYNTHETIC_AVATARS["groups"]],
    }
    return json.dumps(value, indent=2, separators=(",", " : "), sort_keys=True, ensure_ascii=False)


def condition_length():
    return sum(len(v) for _, v, _ in SYNTHETIC_AVATARS["groups"]) + len(SYNTHETIC_AVATARS["binaryTags"])


def configuration_json():
    """ModelConfiguration as TrainingCheckpoint encodes it: compact JSON, sorted keys. The
    discriminator fields do not matter for a generator file but must be present."""
    value = {
        "imageSize": IMAGE_SIZE, "latentSize": Z_DIM, "conditionLength": condition_length(),
        "generatorWidth": CH, "generatorBlocks": NUM_RES_BLOCKS,
        "discriminatorWidth": 32, "discriminatorMaxWidth": 512, "spectralNorm": False,
    }
    return json.dumps(value, separators=(",", ":"), sort_keys=True)


# ----------------------------------------------------------------------------
# Conditions
# ----------------------------------------------------------------------------


def condition(hair, style, eyes, tags):
    """One condition vector from tag phrases, laid out as TagVocabulary.condition(for:)."""
    parts = []
    for (_, values, _), chosen in zip(SYNTHETIC_AVATARS["groups"], (hair, style, eyes)):
        parts += [1.0 if v == chosen else 0.0 for v in values]
    parts += [1.0 if name in tags else 0.0 for name, _ in SYNTHETIC_AVATARS["binaryTags"]]
    return parts


def sample_conditions():
    a = condition("blue hair", "twin tail", "red eyes", {"smile", "blush"})
    b = condition("silver hair", "drill hair", "green eyes", {"hat", "glasses", "open mouth"})
    c = condition("black hair", "long hair", "yellow eyes", {"ribbon"})
    # The fourth is halfway between the first two, as interpolation between tag sets feeds G.
    return torch.tensor([a, b, c, [(x + y) / 2 for x, y in zip(a, b)]], dtype=torch.float32)


def random_conditions(n):
    rows = []
    for _ in range(n):
        row = []
        for _, values, _ in SYNTHETIC_AVATARS["groups"]:
            row += torch.nn.functional.one_hot(torch.randint(0, len(values), ()), len(values)).tolist()
        row += torch.randint(0, 2, (len(SYNTHETIC_AVATARS["binaryTags"]),)).tolist()
        rows.append(row)
    return torch.tensor(rows, dtype=torch.float32)


# ----------------------------------------------------------------------------
# A minimal, deterministic safetensors writer
# ----------------------------------------------------------------------------

DTYPES = {torch.float32: "F32", torch.int64: "I64", torch.uint8: "U8"}


def write_safetensors(path, tensors, metadata):
    """Header JSON (keys sorted, `__metadata__` first), padded with spaces to 8 bytes, then
    each tensor's little-endian bytes in key order."""
    header, blobs, offset = {"__metadata__": metadata}, [], 0
    for key in sorted(tensors):
        t = tensors[key].contiguous()
        data = t.numpy().tobytes()
        header[key] = {"dtype": DTYPES[t.dtype], "shape": list(t.shape), "data_offsets": [offset, offset + len(data)]}
        blobs.append(data)
        offset += len(data)
    text = json.dumps(header, separators=(",", ":")).encode()
    text += b" " * (-len(text) % 8)
    path.write_bytes(struct.pack("<Q", len(text)) + text + b"".join(blobs))
    # Read back with the reference library: same tensors, same metadata.
    with safe_open(str(path), framework="pt") as f:
        assert f.metadata() == metadata
        assert sorted(f.keys()) == sorted(tensors)
        for key in tensors:
            assert torch.equal(f.get_tensor(key), tensors[key]), key
    print(f"wrote {path.relative_to(REPO_ROOT)}: {len(tensors)} tensors, {path.stat().st_size / 1024:.0f} KiB")


# ----------------------------------------------------------------------------
# Export
# ----------------------------------------------------------------------------


def build_generator(ref):
    torch.manual_seed(SEED)
    G = ref.Generator(z_dim=Z_DIM, cond_dim=condition_length(), ch=CH, num_res_blocks=NUM_RES_BLOCKS)
    with torch.no_grad():
        for module in G.modules():
            if isinstance(module, torch.nn.BatchNorm2d):
                module.weight.uniform_(0.5, 1.5)
                module.bias.normal_(0, 0.2)
        G.conv_out.weight.mul_(OUTPUT_GAIN)
        G.conv_out.bias.mul_(OUTPUT_GAIN)
        G.train()
        for _ in range(TRAIN_PASSES):  # running statistics move towards the batch statistics
            G(torch.randn(TRAIN_BATCH, Z_DIM), random_conditions(TRAIN_BATCH))
    return G.eval()


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--reference", type=Path, help="path of torch_reference.py")
    ap.add_argument("--out", type=Path, default=REPO_ROOT / "Tests/ACGANTests/Fixtures")
    args = ap.parse_args()
    torch.set_num_threads(1)
    ref = load_reference(args.reference or find_reference("../shared/bench/torch_reference.py"))

    G = build_generator(ref)
    state = {k: v.detach().clone() for k, v in G.state_dict().items()}
    assert all(v.dtype == torch.int64 for k, v in state.items() if k.endswith("num_batches_tracked"))
    assert all(int(v) == TRAIN_PASSES for k, v in state.items() if k.endswith("num_batches_tracked"))
    metadata = {"format": FORMAT, "configuration": configuration_json(), "vocabulary": vocabulary_json()}
    write_safetensors(args.out / "torch_export_generator.safetensors", state, metadata)

    torch.manual_seed(SEED + 1)
    z = torch.randn(4, Z_DIM)
    c = sample_conditions()
    with torch.no_grad():
        output = G(z, c)
    images = torch.round((output + 1) * 127.5).clamp(0, 255).to(torch.uint8).permute(0, 2, 3, 1).contiguous()
    levels = images.float()
    print(f"output range [{output.min():.3f}, {output.max():.3f}], "
          f"pixels at 0: {(levels == 0).float().mean():.1%}, at 255: {(levels == 255).float().mean():.1%}")
    samples = {"z": z, "c": c, "output": output.contiguous(), "images": images}
    provenance = json.dumps({"command": "Scripts/export_torch_generator.py", "torch": torch.__version__,
                             "model": "torch_export_generator.safetensors"}, sort_keys=True)
    write_safetensors(args.out / "torch_export_samples.safetensors", samples, {"provenance": provenance})
    write_readme_section(args.out / "README.md", state)


# ----------------------------------------------------------------------------
# README section (make_torch_fixtures.py rewrites README.md without it: run this script after)
# ----------------------------------------------------------------------------

README_HEADING = "# Exported generator (torch_export_*)"

README_SECTION = """{heading}

Made by `/root/venvs/torch/bin/python Scripts/export_torch_generator.py` (run from the repository
root; PyTorch {torch}, one thread, seed {seed}), from the `Generator` class of
`../shared/bench/torch_reference.py`: `Generator(z_dim={z}, cond_dim={t}, ch={ch},
num_res_blocks={blocks})`, 64x64 output, conditioned on the {t} entries of
`TagVocabulary.syntheticAvatars` (hair colour 13, hair style 5, eye colour 10, 6 binary tags).
PyTorch's default initialisation, then every BatchNorm `weight` drawn from U(0.5, 1.5) and
`bias` from N(0, 0.2), `conv_out` weight and bias multiplied by {gain} (so the images span most
of 0..255), then {passes} train-mode forward passes (batch {batch}, z ~ N(0, 1), random one-hot
groups and 0/1 tags) to move the BatchNorm running statistics; then `G.eval()`.
`TorchExportTests` loads the model with `Sampler(checkpoint:)` and checks it draws these images.

## torch_export_generator.safetensors

A model file as `acgan generate --checkpoint` reads it: `G.eval().state_dict()` with bare
PyTorch keys, F32, `num_batches_tracked` I64 (= {passes}), and `__metadata__`:
- `format`: `{format}`
- `configuration`: `{configuration}` (ModelConfiguration; the discriminator fields are unused)
- `vocabulary`: `TagVocabulary.syntheticAvatars` exactly as Swift's `jsonData()` encodes it
  (pretty-printed, sorted keys, priors normalised by a left-to-right sum).

{keys}

## torch_export_samples.safetensors

| key | shape | meaning |
| --- | --- | --- |
| `z` | [4, {z}] | latents, N(0, 1) (seed {seed1}) |
| `c` | [4, {t}] | conditions: blue hair, twin tail, red eyes, blush, smile; silver hair, drill hair, green eyes, open mouth, hat, glasses; black hair, long hair, yellow eyes, ribbon; the mean of the first two |
| `output` | [4, 3, 64, 64] | `G(z, c)` in eval mode (F32, in [-1, 1]) |
| `images` | [4, 64, 64, 3] | U8, HWC: `round((output + 1) * 127.5)` clamped to 0..255 (torch rounds halves to even) |

`__metadata__` has `provenance`: JSON with `command`, `model`, `torch`.
"""


def write_readme_section(path, state):
    rows = ["| key | shape | dtype |", "| --- | --- | --- |"]
    for key in sorted(state):
        shape = "[" + ", ".join(str(d) for d in state[key].shape) + "]"
        rows.append(f"| `{key}` | {shape} | {DTYPES[state[key].dtype]} |")
    section = README_SECTION.format(
        heading=README_HEADING, torch=torch.__version__, seed=SEED, seed1=SEED + 1, z=Z_DIM,
        t=condition_length(), ch=CH, blocks=NUM_RES_BLOCKS, gain=OUTPUT_GAIN, passes=TRAIN_PASSES,
        batch=TRAIN_BATCH, format=FORMAT, configuration=configuration_json(), keys="\n".join(rows))
    text = path.read_text() if path.exists() else ""
    if README_HEADING in text:  # replace our old section, keep everything before it
        text = text[:text.index(README_HEADING)]
    text = text.rstrip("\n") + "\n\n" + section if text else section
    path.write_text(text)
    print(f"wrote the '{README_HEADING}' section of {path.relative_to(REPO_ROOT)}")


if __name__ == "__main__":
    main()
