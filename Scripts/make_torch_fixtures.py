#!/usr/bin/env python3
"""Writes the PyTorch fixtures that the Swift parity tests compare against.

Every fixture is a small safetensors file of float32 tensors (integers such as label
indices and `num_batches_tracked` are stored as F32 too), with a README.md beside it that
lists every key. The networks come from ../shared/bench/torch_reference.py (the reference
implementation of shared/spec/acgan64.md), built in a SMALL configuration so the files stay
well under 1 MB:

  Tests/ACGANTests/Fixtures/
    acgan_small_forward.safetensors    initial weights, inputs, G/D outputs, losses, BN stats
    acgan_small_gradients.safetensors  parameter gradients of the D step, the G step and R1
    acgan_small_training.safetensors   3 full Adam training steps (train_step replayed)
  Tests/NeuralNetworkTests/Fixtures/
    adam_linear.safetensors            torch.optim.Adam alone on a tiny Linear
    python_written.safetensors         written by the `safetensors` library itself

Run from the repository root with the PyTorch venv:
  /root/venvs/torch/bin/python Scripts/make_torch_fixtures.py
"""

import argparse
import importlib.util
import json
import math
import subprocess
from pathlib import Path

import torch
import torch.nn.functional as F
from safetensors.torch import save_file

REPO_ROOT = Path(__file__).resolve().parent.parent

# The small acgan configuration (the spec's acgan64 has z 128, ch 64, 8 blocks, D 32..256).
Z_DIM = 16
CH = 8
NUM_RES_BLOCKS = 2
D_CHANNELS = (4, 8, 8, 8)
BATCH = 3
TRAINING_STEPS = 3
LR, BETAS = 2e-4, (0.5, 0.999)


def load_reference(path):
    spec = importlib.util.spec_from_file_location("torch_reference", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def find_reference(relative):
    """The reference script, relative to the repository root; in a git worktree, relative to
    the main checkout as well (worktrees live elsewhere, beside no `shared/`)."""
    candidates = [REPO_ROOT / relative]
    try:
        common = subprocess.run(["git", "rev-parse", "--path-format=absolute", "--git-common-dir"],
                                cwd=REPO_ROOT, capture_output=True, text=True, check=True)
        candidates.append(Path(common.stdout.strip()).parent / relative)
    except (OSError, subprocess.CalledProcessError):
        pass
    for path in candidates:
        if path.is_file():
            return path.resolve()
    raise SystemExit(f"torch_reference.py not found at {', '.join(map(str, candidates))}; "
                     "pass --reference PATH")


def f32(t):
    """Detached, contiguous float32 copy (labels and counters become floats)."""
    return t.detach().to(torch.float32).contiguous().clone()


def prefixed(prefix, named):
    return {f"{prefix}{name}": f32(t) for name, t in named}


def save(path, tensors, provenance):
    # One metadata key only: the safetensors library writes `__metadata__` from a hash map,
    # in an order that changes from run to run, and these files should be reproducible.
    save_file(tensors, str(path), metadata={"provenance": json.dumps(provenance, sort_keys=True)})
    size = path.stat().st_size
    print(f"wrote {path.relative_to(REPO_ROOT)}: {len(tensors)} tensors, {size / 1024:.0f} KiB")
    assert size < 1_100_000, f"{path} is larger than ~1 MB"


def labels_tensors(prefix, labels):
    group_idx, _ = labels
    return {f"{prefix}.{g}": f32(idx) for g, idx in enumerate(group_idx)}


# ----------------------------------------------------------------------------
# acgan small: forward, gradients, training
# ----------------------------------------------------------------------------


def make_models(ref, seed):
    torch.manual_seed(seed)
    G = ref.Generator(z_dim=Z_DIM, cond_dim=ref.T, ch=CH, num_res_blocks=NUM_RES_BLOCKS)
    D = ref.Discriminator(cond_dim=ref.T, channels=D_CHANNELS)
    return G, D


def sample_step_inputs(ref):
    """The random draws of train_step, in its order: z, then the fake labels."""
    z = torch.randn(BATCH, Z_DIM)
    fake_labels = ref.sample_labels(BATCH)
    return z, fake_labels


def d_loss_parts(ref, D, real, real_labels, fake, fake_labels):
    adv_r, cls_r = D(real)
    adv_f, cls_f = D(fake)
    parts = {
        "d_adv_real": ref.adversarial_loss(adv_r, True),
        "d_adv_fake": ref.adversarial_loss(adv_f, False),
        "d_cls_real": ref.classification_loss(cls_r, real_labels),
        "d_cls_fake": ref.classification_loss(cls_f, fake_labels),
    }
    # Summed in train_step's order, so the float result is bit-identical to it.
    total = parts["d_adv_real"] + parts["d_adv_fake"] + parts["d_cls_real"] + parts["d_cls_fake"]
    return total, parts, (adv_r, cls_r, adv_f, cls_f)


def g_loss_parts(ref, D, fake, fake_labels):
    adv_f, cls_f = D(fake)
    parts = {"g_adv": ref.adversarial_loss(adv_f, True),
             "g_cls": ref.classification_loss(cls_f, fake_labels)}
    return parts["g_adv"] + parts["g_cls"], parts


def grads(prefix, module):
    """Parameter gradients; a parameter the loss does not reach (grad None) gets zeros."""
    return {f"{prefix}{name}": f32(p.grad) if p.grad is not None else torch.zeros_like(p)
            for name, p in module.named_parameters()}


def unreached(module):
    return [name for name, p in module.named_parameters() if p.grad is None]


def acgan_fixtures(ref, seed, out_dir, config, command):
    G, D = make_models(ref, seed)
    G.train()
    D.train()
    initial_g = {k: v.clone() for k, v in G.state_dict().items()}
    initial_d = {k: v.clone() for k, v in D.state_dict().items()}

    torch.manual_seed(seed + 1)
    real = torch.rand(BATCH, 3, 64, 64) * 2 - 1
    real_labels = ref.sample_labels(BATCH)
    z, fake_labels = sample_step_inputs(ref)
    c = ref.labels_to_condition(fake_labels)

    # ---- forward fixture --------------------------------------------------
    forward = {}
    forward.update(prefixed("G.", G.state_dict().items()))
    forward.update(prefixed("D.", D.state_dict().items()))
    forward["input.z"] = f32(z)
    forward["input.c"] = f32(c)
    forward.update(labels_tensors("input.fake_labels", fake_labels))
    forward["input.real"] = f32(real)
    forward["input.real_c"] = f32(ref.labels_to_condition(real_labels))
    forward.update(labels_tensors("input.real_labels", real_labels))

    fake = G(z, c)  # train mode: batch statistics, running statistics updated once
    forward["output.G_train"] = f32(fake)
    forward.update(prefixed("bn_after_forward.G.", G.named_buffers()))

    gradients = {}
    # D step, exactly train_step's loss (no optimiser step in this fixture).
    D.zero_grad(set_to_none=True)
    d_loss, d_parts, (adv_r, cls_r, adv_f, cls_f) = d_loss_parts(
        ref, D, real, real_labels, fake.detach(), fake_labels)
    d_loss.backward()
    gradients.update(grads("grad_d_step.D.", D))
    forward["output.D_adv_real"] = f32(adv_r)
    forward["output.D_cls_real"] = f32(cls_r)
    forward["output.D_adv_fake"] = f32(adv_f)
    forward["output.D_cls_fake"] = f32(cls_f)
    forward["loss.d"] = f32(d_loss)
    for name, value in d_parts.items():
        forward[f"loss.{name}"] = f32(value)

    # G step through the SAME (unchanged) D, so the gradients depend on the initial weights only.
    G.zero_grad(set_to_none=True)
    D.zero_grad(set_to_none=True)
    fake.retain_grad()
    g_loss, g_parts = g_loss_parts(ref, D, fake, fake_labels)
    g_loss.backward()
    gradients.update(grads("grad_g_step.G.", G))
    gradients.update(grads("grad_g_step.D.", D))
    gradients["grad_g_step.fake"] = f32(fake.grad)
    forward["loss.g"] = f32(g_loss)
    for name, value in g_parts.items():
        forward[f"loss.{name}"] = f32(value)

    # R1 penalty on the real batch: mean over the batch of ||dD_adv(x)/dx||^2, then its
    # gradient with respect to D's parameters (a double backward).
    D.zero_grad(set_to_none=True)
    x = real.clone().requires_grad_(True)
    adv, _ = D(x)
    (input_grad,) = torch.autograd.grad(adv.sum(), x, create_graph=True)
    r1 = input_grad.pow(2).flatten(1).sum(1).mean()
    r1.backward()
    # R1 does not depend on the class head at all, nor on the adversarial head's bias (a
    # constant shift of D_adv has no input gradient): PyTorch leaves those grads None.
    assert unreached(D) == ["adv_head.bias", "cls_head.weight", "cls_head.bias"], unreached(D)
    gradients["r1.value"] = f32(r1)
    gradients["r1.input_grad"] = f32(input_grad)
    gradients.update(grads("grad_r1.D.", D))

    # Eval mode: running statistics (updated once by the train-mode forward above).
    G.eval()
    with torch.no_grad():
        forward["output.G_eval"] = f32(G(z, c))

    meta = {"config": config, "command": command, "torch": torch.__version__}
    save(out_dir / "acgan_small_forward.safetensors", forward, meta)
    save(out_dir / "acgan_small_gradients.safetensors", gradients, meta)

    # ---- training fixture: train_step replayed with recorded noise --------
    training = training_fixture(ref, seed, real, real_labels, initial_g, initial_d)
    save(out_dir / "acgan_small_training.safetensors", training, meta)
    return forward, gradients, training


def replay_train_step(ref, G, D, opt_g, opt_d, real, real_labels, z, fake_labels):
    """torch_reference.train_step with z and fake labels given instead of drawn."""
    fake = G(z, ref.labels_to_condition(fake_labels))
    opt_d.zero_grad(set_to_none=True)
    d_loss, _, _ = d_loss_parts(ref, D, real, real_labels, fake.detach(), fake_labels)
    d_loss.backward()
    opt_d.step()
    opt_g.zero_grad(set_to_none=True)
    g_loss, _ = g_loss_parts(ref, D, fake, fake_labels)
    g_loss.backward()
    opt_g.step()
    return d_loss.item(), g_loss.item()


def training_fixture(ref, seed, real, real_labels, initial_g, initial_d):
    G, D = make_models(ref, seed)
    assert all(torch.equal(initial_g[k], v) for k, v in G.state_dict().items())
    assert all(torch.equal(initial_d[k], v) for k, v in D.state_dict().items())
    opt_g = torch.optim.Adam(G.parameters(), lr=LR, betas=BETAS)
    opt_d = torch.optim.Adam(D.parameters(), lr=LR, betas=BETAS)
    torch.manual_seed(seed + 2)
    tensors = {"input.real": f32(real)}
    tensors.update(labels_tensors("input.real_labels", real_labels))
    for step in range(1, TRAINING_STEPS + 1):
        z, fake_labels = sample_step_inputs(ref)
        d_loss, g_loss = replay_train_step(ref, G, D, opt_g, opt_d, real, real_labels,
                                           z, fake_labels)
        tensors[f"step{step}.z"] = f32(z)
        tensors[f"step{step}.c"] = f32(ref.labels_to_condition(fake_labels))
        tensors.update(labels_tensors(f"step{step}.fake_labels", fake_labels))
        tensors[f"step{step}.loss.d"] = torch.tensor(d_loss, dtype=torch.float32)
        tensors[f"step{step}.loss.g"] = torch.tensor(g_loss, dtype=torch.float32)
    tensors.update(prefixed(f"after_{TRAINING_STEPS}_steps.G.", G.state_dict().items()))
    tensors.update(prefixed(f"after_{TRAINING_STEPS}_steps.D.", D.state_dict().items()))

    # Self-check: the reference's own train_step, drawing the same noise from the same
    # seed, must land on bit-identical weights (ref.Z_DIM is patched to the small z size).
    G2, D2 = make_models(ref, seed)
    opt_g2 = torch.optim.Adam(G2.parameters(), lr=LR, betas=BETAS)
    opt_d2 = torch.optim.Adam(D2.parameters(), lr=LR, betas=BETAS)
    saved_z_dim, ref.Z_DIM = ref.Z_DIM, Z_DIM
    try:
        torch.manual_seed(seed + 2)
        for _ in range(TRAINING_STEPS):
            ref.train_step(G2, D2, opt_g2, opt_d2, real, real_labels, BATCH)
    finally:
        ref.Z_DIM = saved_z_dim
    for (k, a), (_, b) in zip(G.state_dict().items(), G2.state_dict().items()):
        assert torch.equal(a, b), f"replay differs from train_step at G.{k}"
    for (k, a), (_, b) in zip(D.state_dict().items(), D2.state_dict().items()):
        assert torch.equal(a, b), f"replay differs from train_step at D.{k}"
    return tensors


# ----------------------------------------------------------------------------
# Adam alone on a tiny Linear
# ----------------------------------------------------------------------------

ADAM_CONFIGS = {
    "plain": dict(lr=1e-2, betas=(0.5, 0.999), eps=1e-8, weight_decay=0.0, amsgrad=False),
    "weight_decay": dict(lr=1e-2, betas=(0.9, 0.999), eps=1e-8, weight_decay=0.1, amsgrad=False),
}
ADAM_STEPS = 5


def adam_fixture(seed, out_dir, command):
    tensors, hyper = {}, {}
    for name, options in ADAM_CONFIGS.items():
        torch.manual_seed(seed)
        layer = torch.nn.Linear(4, 3)
        opt = torch.optim.Adam(layer.parameters(), **options)
        hyper[name] = {**options, "betas": list(options["betas"]), "steps": ADAM_STEPS}
        tensors.update(prefixed(f"{name}.initial.", layer.named_parameters()))
        for step in range(1, ADAM_STEPS + 1):
            x, target = torch.randn(5, 4), torch.randn(5, 3)
            opt.zero_grad(set_to_none=True)
            loss = F.mse_loss(layer(x), target)
            loss.backward()
            tensors[f"{name}.step{step}.x"] = f32(x)
            tensors[f"{name}.step{step}.target"] = f32(target)
            tensors[f"{name}.step{step}.loss"] = f32(loss)
            tensors.update(prefixed(f"{name}.step{step}.grad.",
                                    ((n, p.grad) for n, p in layer.named_parameters())))
            opt.step()
            tensors.update(prefixed(f"{name}.step{step}.", layer.named_parameters()))
        for pname, p in layer.named_parameters():
            state = opt.state[p]
            tensors[f"{name}.state.exp_avg.{pname}"] = f32(state["exp_avg"])
            tensors[f"{name}.state.exp_avg_sq.{pname}"] = f32(state["exp_avg_sq"])
            tensors[f"{name}.state.step.{pname}"] = f32(state["step"])
    check_adam_formula(tensors)
    save(out_dir / "adam_linear.safetensors", tensors,
         {"adam": hyper, "command": command, "torch": torch.__version__})
    return tensors


def check_adam_formula(tensors):
    """The update rule the README states, replayed from the stored gradients."""
    for name, o in ADAM_CONFIGS.items():
        (beta1, beta2), lr, eps, wd = o["betas"], o["lr"], o["eps"], o["weight_decay"]
        for param in ("weight", "bias"):
            p = tensors[f"{name}.initial.{param}"].clone()
            m, v = torch.zeros_like(p), torch.zeros_like(p)
            for t in range(1, ADAM_STEPS + 1):
                g = tensors[f"{name}.step{t}.grad.{param}"] + wd * p
                m = beta1 * m + (1 - beta1) * g
                v = beta2 * v + (1 - beta2) * g * g
                p = p - lr / (1 - beta1 ** t) * m / (v.sqrt() / math.sqrt(1 - beta2 ** t) + eps)
                expected = tensors[f"{name}.step{t}.{param}"]
                assert torch.allclose(p, expected, rtol=1e-6, atol=0), (name, param, t)


# ----------------------------------------------------------------------------
# A file written by the safetensors library itself (for the Swift reader and writer)
# ----------------------------------------------------------------------------


def python_written_fixture(out_dir):
    tensors = {
        # 1/3, -2.5, the largest float16, a float32 subnormal, -0.0, float32 max
        "f32.matrix": torch.tensor([[1 / 3, -2.5, 65504.0], [1e-40, -0.0, 3.4028234663852886e38]],
                                   dtype=torch.float32),
        # rounded by torch: 1/3 -> 0.333251953125, 2**-24 (smallest subnormal), 1e5 -> inf
        "f16.values": torch.tensor([1 / 3, 65504.0, 2.0 ** -24, 1e5, -0.0, 0.1],
                                   dtype=torch.float16),
        # rounded by torch: 1/3 -> 0.333984375, -1.5 exact, 1e-40 (a bfloat16 subnormal)
        "bf16.values": torch.tensor([1 / 3, -1.5, 1e-40, 3.0e38], dtype=torch.bfloat16),
        "i64.scalar": torch.tensor(7, dtype=torch.int64),  # like BN's num_batches_tracked
        "f32.empty": torch.zeros(0, 3, dtype=torch.float32),
    }
    path = out_dir / "python_written.safetensors"
    save_file(tensors, str(path), metadata={"format": "pt"})
    print(f"wrote {path.relative_to(REPO_ROOT)}: {path.stat().st_size} bytes")
    return tensors


# ----------------------------------------------------------------------------
# README generation
# ----------------------------------------------------------------------------


def bias_before_batch_norm_names():
    names = []
    for block in range(NUM_RES_BLOCKS):
        names += [f"res_blocks.{block}.conv1.bias", f"res_blocks.{block}.conv2.bias"]
    # The last block's bn2 shift reaches bn_post unchanged (through the residual sum).
    return names + [f"res_blocks.{NUM_RES_BLOCKS - 1}.bn2.bias"]


def key_table(tensors, describe):
    rows = ["| key | shape | meaning |", "| --- | --- | --- |"]
    for key in sorted(tensors):
        shape = "[" + ", ".join(str(d) for d in tensors[key].shape) + "]"
        rows.append(f"| `{key}` | {shape} | {describe(key)} |")
    return "\n".join(rows)



def describe_acgan(key):
    parts = key.split(".")
    head, rest = parts[0], ".".join(parts[1:])
    fixed = {
        "input.z": "noise z ~ N(0, 1) for the fake batch",
        "input.c": "condition of the fake batch: one_hot(fake_labels.0, 12) ++ one_hot(fake_labels.1, 10)",
        "input.real": "\"real\" images, uniform in [-1, 1)",
        "input.real_c": "condition of the real batch (not an input of D; for convenience)",
        "output.G_train": "G(z, c) in train mode (batch statistics), initial weights",
        "output.G_eval": "G(z, c) in eval mode, after the train-mode forward (running statistics = `bn_after_forward.G.*`)",
        "output.D_adv_real": "D adversarial logits on input.real",
        "output.D_cls_real": "D class logits on input.real",
        "output.D_adv_fake": "D adversarial logits on output.G_train",
        "output.D_cls_fake": "D class logits on output.G_train",
        "loss.d": "D loss = d_adv_real + d_adv_fake + d_cls_real + d_cls_fake (train_step's order)",
        "loss.d_adv_real": "BCE-with-logits(D_adv_real, 1), mean over the batch",
        "loss.d_adv_fake": "BCE-with-logits(D_adv_fake, 0), mean over the batch",
        "loss.d_cls_real": "sum over groups of softmax cross-entropy (mean over batch) on D_cls_real, real labels",
        "loss.d_cls_fake": "the same on D_cls_fake with the fake labels",
        "loss.g": "G loss = g_adv + g_cls",
        "loss.g_adv": "BCE-with-logits(D(G_train) adv, 1) (non-saturating)",
        "loss.g_cls": "class loss of D(G_train) with the fake labels",
        "grad_g_step.fake": "d loss.g / d output.G_train",
        "r1.value": "R1 = mean over the batch of sum over (C,H,W) of (d sum(D_adv(x)) / dx)^2 at x = input.real",
        "r1.input_grad": "d sum(D_adv(x)) / dx at x = input.real (the gradient inside R1)",
    }
    if key in fixed:
        return fixed[key]
    if head in ("G", "D"):
        return f"{head}.state_dict()[`{rest}`], initial weights (before any forward)"
    if head == "bn_after_forward":
        return f"{rest} after the one train-mode forward of G (momentum 0.1, unbiased variance)"
    if head == "grad_d_step":
        return f"d loss.d / d {rest} (fake detached, so no G gradients)"
    if head == "grad_g_step":
        if rest.startswith("D."):
            return f"d loss.g / d {rest} (train_step computes and discards these)"
        return f"d loss.g / d {rest}, D at the initial weights"
    if head == "grad_r1":
        if rest in ("D.adv_head.bias", "D.cls_head.weight", "D.cls_head.bias"):
            return "zeros: R1 does not reach this parameter (PyTorch leaves its grad None)"
        return f"d r1.value / d {rest} (double backward)"
    if key.startswith("input.fake_labels."):
        return f"fake batch: class index in group {parts[-1]} (0 hair 12, 1 eyes 10), as float"
    if key.startswith("input.real_labels."):
        return f"real batch: class index in group {parts[-1]} (0 hair 12, 1 eyes 10), as float"
    if head.startswith("step"):
        what = ".".join(parts[1:])
        return {"z": f"noise z drawn by training step {head[4:]}",
                "c": f"condition of step {head[4:]} (one-hot of its fake labels)",
                "loss.d": f"D loss of step {head[4:]} (before its optimiser steps)",
                "loss.g": f"G loss of step {head[4:]}, with D already updated in that step",
                }.get(what, f"step {head[4:]}: fake class index in group {parts[-1]}, as float")
    if head.startswith("after_"):
        return f"{rest} after {TRAINING_STEPS} full train_step iterations"
    raise KeyError(f"no description for fixture key {key}")


def describe_nn(key):
    parts = key.split(".")
    if parts[0] in ADAM_CONFIGS:
        config, what = parts[0], parts[1:]
        param = what[-1]
        if what[0] == "initial":
            return f"Linear(4, 3).{param} before any step ({config})"
        if what[0] == "state":
            return f"Adam state `{what[1]}` of {param} after the last step ({config})"
        step = what[0][4:]
        if what[1] == "x":
            return f"input batch of step {step}"
        if what[1] == "target":
            return f"target of step {step}"
        if what[1] == "loss":
            return f"mse_loss(layer(x), target) of step {step}"
        if what[1] == "grad":
            return f"gradient of {param} fed to Adam at step {step}"
        return f"{param} after Adam step {step}"
    return {
        "f32.matrix": "F32 [[1/3, -2.5, 65504], [1e-40 (subnormal), -0.0, 3.4028235e38]]",
        "f16.values": "F16 of [1/3, 65504, 2^-24, 1e5, -0.0, 0.1]: bits 0x3555, 0x7BFF, 0x0001, 0x7C00 (inf), 0x8000, 0x2E66",
        "bf16.values": "BF16 of [1/3, -1.5, 1e-40, 3e38]: bits 0x3EAB, 0xBFC0, 0x0001, 0x7F62",
        "i64.scalar": "I64 scalar 7 (shape [], like BatchNorm's num_batches_tracked)",
        "f32.empty": "F32 with zero elements (data_offsets [n, n])",
    }[key]


ACGAN_README = """# ACGAN parity fixtures (PyTorch)

Made by `{command}` (run from the repository root;
PyTorch {torch}, one thread), from the model classes of `../shared/bench/torch_reference.py`
in a small configuration: `Generator(z_dim={z_dim}, cond_dim={cond_dim}, ch={ch},
num_res_blocks={num_res_blocks})` (64x64 output), `Discriminator(cond_dim={cond_dim},
channels={d_channels})`, batch {batch}, categorical groups {categorical_groups}, seed {seed}.
Each file's `__metadata__` has one key, `provenance`: JSON with `config`, `command`, `torch`.

Conventions: every tensor is F32 (label indices and `num_batches_tracked` too); scalars have
shape `[]`. `G.` and `D.` prefix PyTorch `state_dict` names. Train mode throughout except
`output.G_eval`. BatchNorm (PyTorch): batch statistics with the biased variance for
normalising, running statistics updated with momentum 0.1 and the UNBIASED variance
(n/(n-1)), `num_batches_tracked` += 1 per train-mode forward; eval uses the running statistics.

What was run, in order (`acgan_small_forward` and `acgan_small_gradients`):
1. `fake = G(z, c)` in train mode from the initial weights (updates G's BN buffers once).
2. D step: `loss.d` as in `torch_reference.train_step` on `input.real` and `fake.detach()`;
   backward gives `grad_d_step.*`. No optimiser step is taken in these two files.
3. G step through the same, unchanged D: `loss.g`, backward gives `grad_g_step.*`.
4. R1 on the real batch with `create_graph=True`, backward gives `grad_r1.D.*`.
5. `G.eval()`, `output.G_eval = G(z, c)`.

`acgan_small_training` replays `train_step` exactly for {training_steps} iterations from the
same initial weights (the `G.*`/`D.*` of `acgan_small_forward`), Adam lr {lr}, betas {betas},
eps 1e-8, no weight decay, on `input.real` every step, with the recorded `stepK.z` and
`stepK.fake_labels.*`. Per step: `fake = G(z, c)`; D step on real and `fake.detach()`, Adam
on D; then the G step through the UPDATED D, Adam on G. The script checks that this replay
is bit-identical to `torch_reference.train_step` itself.

Tolerance note: the conv biases directly followed by a train-mode BatchNorm
(`G.res_blocks.*.conv{{1,2}}.bias`), and the last residual block's `bn2.bias` (its shift reaches
`bn_post` unchanged through the residual sum), have a mathematically zero gradient: a
per-channel constant is removed by the next BN's per-channel batch mean. PyTorch's values there are rounding noise
({noise}), and Adam divides by
sqrt(v) + 1e-8, so after Adam steps those biases move by up to ~lr per step in a direction
set by noise. Compare them with an absolute tolerance of about lr x steps, or check only that
their gradients are tiny. (`G.fc.bias` and `G.up.*.conv.bias` are not in this class: their
entries are not constant over a BN channel, since `fc` has one bias per (channel, y, x) and
PixelShuffle puts four conv channels into one BN channel; only sums of them have zero gradient.)

"""

NN_README = """# NeuralNetwork fixtures

Made by `{command}` (run from the repository root; PyTorch {torch}).

## python_written.safetensors

Written by the Python `safetensors` library (`safetensors.torch.save_file`, metadata
`{{"format": "pt"}}`): the reference for the Swift reader, and for the Swift writer, which must
reproduce it byte for byte (same tensor order: dtype alignment descending, then name; same
compact JSON header padded with spaces to a multiple of 8 bytes).

{written_table}

## adam_linear.safetensors

`torch.optim.Adam` alone (its default single-tensor loop on CPU, amsgrad off, L2 weight decay
added to the gradient, not AdamW) on `torch.nn.Linear(4, 3)` (seed {seed}), {steps} steps of
`mse_loss(layer(x), target)` with a fresh random batch each step. An Adam test can feed the
stored gradients directly; a module test can recompute them from `x` and `target`.
Hyper-parameters (also in the file's `__metadata__`: key `provenance`, JSON, field `adam`):

{hyper}

PyTorch's update (per parameter, step t from 1): `g = grad + weight_decay * p`;
`m = beta1 m + (1 - beta1) g`; `v = beta2 v + (1 - beta2) g^2`;
`p -= lr / (1 - beta1^t) * m / (sqrt(v) / sqrt(1 - beta2^t) + eps)`.
The script checks this formula against the stored steps (they agree within 1e-6 relative).

{adam_table}
"""


def write_acgan_readme(out_dir, command, config, forward, gradients, training, noise):
    text = ACGAN_README.format(command=command, torch=torch.__version__, noise=noise, **config)
    for name, tensors in (("acgan_small_forward", forward), ("acgan_small_gradients", gradients),
                          ("acgan_small_training", training)):
        text += f"## {name}.safetensors\n\n{key_table(tensors, describe_acgan)}\n\n"
    (out_dir / "README.md").write_text(text)


def write_nn_readme(out_dir, command, seed, adam, written):
    hyper = "\n".join(f"- `{name}`: {json.dumps({**o, 'betas': list(o['betas'])})}"
                      for name, o in ADAM_CONFIGS.items())
    text = NN_README.format(command=command, torch=torch.__version__, seed=seed,
                            steps=ADAM_STEPS, hyper=hyper,
                            written_table=key_table(written, describe_nn),
                            adam_table=key_table(adam, describe_nn))
    (out_dir / "README.md").write_text(text)


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--reference", default="../shared/bench/torch_reference.py",
                    help="torch_reference.py, relative to the repository root")
    ap.add_argument("--seed", type=int, default=0)
    args = ap.parse_args()

    torch.set_num_threads(1)  # one summation order, so the files are reproducible
    reference_path = find_reference(args.reference)
    print(f"reference model: {reference_path}")
    ref = load_reference(reference_path)
    command = ("/root/venvs/torch/bin/python Scripts/make_torch_fixtures.py "
               f"--reference {args.reference} --seed {args.seed}")
    config = {"z_dim": Z_DIM, "cond_dim": ref.T, "categorical_groups": list(ref.CATEGORICAL_GROUPS),
              "ch": CH, "num_res_blocks": NUM_RES_BLOCKS, "d_channels": list(D_CHANNELS),
              "batch": BATCH, "seed": args.seed, "lr": LR, "betas": list(BETAS),
              "training_steps": TRAINING_STEPS}

    acgan_dir = REPO_ROOT / "Tests/ACGANTests/Fixtures"
    nn_dir = REPO_ROOT / "Tests/NeuralNetworkTests/Fixtures"
    forward, gradients, training = acgan_fixtures(ref, args.seed, acgan_dir, config, command)
    adam = adam_fixture(args.seed, nn_dir, command)
    written = python_written_fixture(nn_dir)

    noise = max(gradients[f"grad_{step}_step.G.{name}"].abs().max().item()
                for step in ("g",) for name in bias_before_batch_norm_names())
    write_acgan_readme(acgan_dir, command, config, forward, gradients, training,
                       f"largest |gradient| {noise:.1e} in grad_g_step")
    write_nn_readme(nn_dir, command, args.seed, adam, written)

if __name__ == "__main__":
    main()
