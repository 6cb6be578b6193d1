#!/usr/bin/env python3
"""Turns the JMH JSON results, the Python peer's JSON lines and the precision check into the
comparison table and the final machine-readable line (see benchmarks/README.md).

Usage: report.py JMH.json PEER.jsonl [PRECISION.txt] [THROUGHPUT_2T.json]
"""
import json
import sys

FORWARD_GFLOP_512x1024 = 53.2  # ERFNet, one 1x3x512x1024 forward


def jmh_medians(path):
    out = {}
    with open(path) as f:
        for r in json.load(f):
            name = r["benchmark"].rsplit(".", 2)[-2] + "." + r["benchmark"].rsplit(".", 1)[-1]
            params = r.get("params", {})
            key = name + "".join(f"[{k}={v}]" for k, v in sorted(params.items()))
            m = r["primaryMetric"]
            if r["mode"] == "sample":
                out[key] = ("ms", m["scorePercentiles"]["50.0"])
            else:
                out[key] = (m["scoreUnit"], m["score"], r.get("threads", 1))
            sec = r.get("secondaryMetrics", {})
            if "gc.alloc.rate.norm" in sec:
                out[key + ":alloc"] = ("B/op", sec["gc.alloc.rate.norm"]["score"])
    return out


def peer_medians(path):
    out = {}
    with open(path) as f:
        for line in f:
            line = line.strip()
            if line.startswith("{"):
                r = json.loads(line)
                out[r["name"]] = r
    return out


def main():
    ours = jmh_medians(sys.argv[1])
    peer = peer_medians(sys.argv[2])
    precision = None
    if len(sys.argv) > 3 and sys.argv[3] != "-":
        with open(sys.argv[3]) as f:
            for line in f:
                if line.startswith("precision_check "):
                    precision = dict(kv.split("=") for kv in line.split()[1:])
    throughput2 = jmh_medians(sys.argv[4]) if len(sys.argv) > 4 else {}
    cfg = peer.get("config", {})
    print(f"Python peer: torch {cfg.get('torch')} threads {cfg.get('threads')}")
    print()
    print(f"{'benchmark':44s} {'ours ms':>10s} {'python ms':>10s} {'ratio':>7s}")

    def ms(key):
        v = ours.get(key)
        return v[1] if v else None

    rows = []
    for shape in ["1x512x1024", "1x256x512", "6x192x640"]:
        rows.append((f"inference {shape}", ms(f"InferenceBenchmark.forward[shape={shape}]"),
                     peer.get(f"inference_{shape}", {}).get("median_ms")))
    rows.append(("train step static 6x192x640",
                 ms("TrainStepBenchmark.step[mode=static][shape=6x192x640]"),
                 peer.get("train_static_6x192x640", {}).get("median_ms")))
    rows.append(("train step distill 6x192x640",
                 ms("TrainStepBenchmark.step[mode=distill][shape=6x192x640]"), None))
    for name, a, b in rows:
        ratio = f"{a / b:7.2f}" if a and b else "      -"
        print(f"{name:44s} {a if a else float('nan'):10.1f} "
              f"{b if b else float('nan'):10.1f} {ratio}")
    print()

    inf = ms("InferenceBenchmark.forward[shape=1x512x1024]")
    if inf:
        print(f"ERFNet 1x512x1024 forward: {FORWARD_GFLOP_512x1024 / (inf / 1e3):.1f} GFLOP/s ours"
              + (f", {FORWARD_GFLOP_512x1024 / (peer['inference_1x512x1024']['median_ms'] / 1e3):.1f}"
                 " GFLOP/s python" if "inference_1x512x1024" in peer else ""))
    for key, v in ours.items():
        if key.startswith("GemmBenchmark.multiply") and not key.endswith(":alloc"):
            n = int(key.split("size=")[1].split("]")[0])
            floor = 2 * n ** 3 / (v[1] / 1e3) / 1e9
            print(f"FP32 matrix-multiply floor ({n}x{n}, same libtorch): {floor:.1f} GFLOP/s"
                  + (f"; ERFNet forward at {FORWARD_GFLOP_512x1024 / (inf / 1e3) / floor:.2f} of it,"
                     f" {inf / (FORWARD_GFLOP_512x1024 / floor * 1e3):.2f}x the floor's time" if inf else ""))
    ts32 = ms("TorchScriptInferenceBenchmark.forward[precision=fp32][shape=1x512x1024]")
    ts16 = ms("TorchScriptInferenceBenchmark.forward[precision=bf16][shape=1x512x1024]")
    if ts32 and inf:
        print(f"same engine (DJL TorchScript, PyTorch natives of DJL) fp32 1x512x1024: {ts32:.1f} ms"
              f" (our block / TorchScript = {inf / ts32:.2f})")
    if ts16 and inf:
        print(f"bfloat16 TorchScript 1x512x1024: {ts16:.1f} ms (speed-up over our FP32 block"
              f" {inf / ts16:.2f}x, over FP32 TorchScript {ts32 / ts16 if ts32 else float('nan'):.2f}x)")
    if precision:
        print(f"bfloat16 on {precision['frames']} real frames (trained ERFNet, full segment() calls):"
              f" mIoU {precision['ref_miou']} -> {precision['cand_miou']}"
              f" ({float(precision['delta_points']):+.2f} points), {precision['ref_ms']} ->"
              f" {precision['cand_ms']} ms per frame ({precision['speedup']}x)")
    alloc = ours.get("InferenceBenchmark.forward[shape=1x512x1024]:alloc")
    if alloc:
        print(f"Java heap allocation per 1x512x1024 inference call: {alloc[1] / 1024:.1f} KiB")

    cm = {p: ms(f"ConfusionMatrixBenchmark.update[path={p}]") for p in ["BYTES", "HOST", "DEVICE"]}
    px = 2048 * 1024
    parts = [f"{p} {px / (v / 1e3) / 1e6:.0f} Mpx/s ({v:.2f} ms)" for p, v in cm.items() if v]
    if parts:
        print("confusion matrix, 2048x1024 frame: " + ", ".join(parts))
    pipe = ms("DataPipelineBenchmark.decodeAndAugment")
    static = ms("TrainStepBenchmark.step[mode=static][shape=6x192x640]")
    if pipe and static:
        supply = 1e3 / pipe
        demand = 6 / (static / 1e3)
        print(f"data pipeline (1 thread): {supply:.1f} images/s; the static train step consumes"
              f" {demand:.1f} images/s -> supply/demand {supply / demand:.2f}")
    best = None
    for src, label in [(ours, "1 Java thread x 2 intra-op"), (throughput2, "2 Java threads x 1 intra-op")]:
        for key, v in src.items():
            if key.startswith("ThroughputBenchmark.forwardBatch") and not key.endswith(":alloc"):
                batch = int(key.split("batch=")[1].split("]")[0])
                ips = v[1] * batch
                print(f"throughput 512x1024, batch {batch}, {label}: {ips:.2f} images/s")
                if best is None or ips > best[0]:
                    best = (ips, batch, label)
    if best:
        print(f"best offline throughput: {best[0]:.2f} images/s (batch {best[1]}, {best[2]})")

    py_inf = peer.get("inference_1x512x1024", {}).get("median_ms")
    py_train = peer.get("train_static_6x192x640", {}).get("median_ms")
    distill = ms("TrainStepBenchmark.step[mode=distill][shape=6x192x640]")

    def fmt(x):
        return f"{x:.2f}" if x is not None else "nan"

    print()
    print(f"inference_ratio={fmt(inf / py_inf if inf and py_inf else None)}"
          f" train_ratio={fmt(static / py_train if static and py_train else None)}"
          f" kd_overhead={fmt(distill / static if distill and static else None)}")


if __name__ == "__main__":
    main()
