#!/usr/bin/env python3
"""Exports a bfloat16 variant of an FP32 ERFNet TorchScript for DJL: float32 in, float32 out,
every weight and activation inside in bfloat16 (optionally channels-last).

DJL 0.36's PyTorch JNI has no mapping for torch.bfloat16 (a bfloat16 tensor reaching Java
terminates the JVM), so the casts live inside the TorchScript.

Usage: export_bf16.py IN.pt OUT.pt [--channels-last]

Note: torch 1.13 (Debian's python3-torch) writes the file but cannot run bfloat16 transposed
convolutions itself; the exported model is meant for the PyTorch 2.x natives DJL runs on.
"""
import argparse

import torch


class Bf16(torch.nn.Module):
    def __init__(self, net: torch.nn.Module, channels_last: bool):
        super().__init__()
        self.net = net
        self.channels_last = channels_last

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        y = x.to(torch.bfloat16)
        if self.channels_last:
            y = y.contiguous(memory_format=torch.channels_last)
        return self.net(y).float().contiguous()


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("source", help="FP32 TorchScript (eval mode)")
    ap.add_argument("target", help="output TorchScript")
    ap.add_argument("--channels-last", action="store_true")
    args = ap.parse_args()
    net = torch.jit.load(args.source, map_location="cpu").eval().to(torch.bfloat16)
    if args.channels_last:
        net = net.to(memory_format=torch.channels_last)
    torch.jit.script(Bf16(net, args.channels_last)).save(args.target)


if __name__ == "__main__":
    main()
