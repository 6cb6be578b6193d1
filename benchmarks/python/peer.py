#!/usr/bin/env python3
"""Python/PyTorch peer of the JMH benchmarks: the same ERFNet (TorchScript traces of the same
fixed random weights), the same shapes and the same thread count. Prints one JSON object per
benchmark on stdout: {"name": ..., "median_ms": ..., "samples_ms": [...]}.

Usage: peer.py --models DIR [--threads 2] [--warmup 3] [--runs 10] [--train-warmup 2]
       [--train-runs 5] [--only inference|train]
"""
import argparse
import json
import statistics
import sys
import time

import torch
import torch.nn.functional as F

INFERENCE_SHAPES = [(1, 512, 1024), (1, 256, 512), (6, 192, 640)]
TRAIN_SHAPE = (6, 192, 640)
CLASSES = 20
IGNORE = 255


def timed(fn, warmup, runs):
    for _ in range(warmup):
        fn()
    samples = []
    for _ in range(runs):
        t0 = time.perf_counter()
        fn()
        samples.append((time.perf_counter() - t0) * 1e3)
    return samples


def emit(name, samples, **extra):
    record = {"name": name, "median_ms": statistics.median(samples), "samples_ms": samples}
    record.update(extra)
    print(json.dumps(record), flush=True)


def inference(models, warmup, runs):
    net = torch.jit.load(f"{models}/erfnet20_seed0_traced.pt").eval()
    for n, h, w in INFERENCE_SHAPES:
        x = torch.rand(n, 3, h, w, generator=torch.Generator().manual_seed(0))
        with torch.no_grad():
            samples = timed(lambda: net(x), warmup, runs)
        emit(f"inference_{n}x{h}x{w}", samples)


def masked_cross_entropy(logits, labels):
    # mean of -log softmax over labelled pixels; unlabelled (255) pixels are ignored
    return F.cross_entropy(logits, labels, ignore_index=IGNORE)


def train(models, warmup, runs):
    net = torch.jit.load(f"{models}/erfnet20_seed0_train_traced.pt")
    net.train()
    params = [p for p in net.parameters() if p.requires_grad]
    optimizer = torch.optim.Adam(params, lr=5e-4, betas=(0.9, 0.999), eps=1e-8, weight_decay=3e-4)
    n, h, w = TRAIN_SHAPE
    g = torch.Generator().manual_seed(0)
    x = torch.rand(n, 3, h, w, generator=g)
    cls = torch.randint(0, CLASSES, (n, h, w), generator=g)
    u = torch.rand(n, h, w, generator=g)
    labels = torch.where(u < 0.9, cls, torch.full_like(cls, IGNORE))

    def step():
        optimizer.zero_grad(set_to_none=True)
        logits = net(x)
        if isinstance(logits, (tuple, list)):
            logits = logits[0]
        loss = masked_cross_entropy(logits, labels)
        loss.backward()
        optimizer.step()
        return loss.item()

    samples = timed(step, warmup, runs)
    emit(f"train_static_{n}x{h}x{w}", samples)


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--models", required=True, help="directory with the erfnet20_seed0 TorchScript traces")
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--warmup", type=int, default=3)
    ap.add_argument("--runs", type=int, default=10)
    ap.add_argument("--train-warmup", type=int, default=2)
    ap.add_argument("--train-runs", type=int, default=5)
    ap.add_argument("--only", choices=["inference", "train"])
    args = ap.parse_args()
    torch.set_num_threads(args.threads)
    torch.set_num_interop_threads(1)
    print(json.dumps({"name": "config", "torch": torch.__version__,
                      "threads": torch.get_num_threads(),
                      "interop_threads": torch.get_num_interop_threads()}), flush=True)
    if args.only in (None, "inference"):
        inference(args.models, args.warmup, args.runs)
    if args.only in (None, "train"):
        train(args.models, args.train_warmup, args.train_runs)
    return 0


if __name__ == "__main__":
    sys.exit(main())
