#!/usr/bin/env bash
# Runs the JMH benchmarks and a Python/PyTorch peer on the same ERFNet weights, shapes and thread
# count, then prints medians, ratios (ours / Python) and a final machine-readable line:
#   inference_ratio=0.93 train_ratio=1.02 kd_overhead=1.31
#
# Usage: benchmarks/compare-with-pytorch.sh            (from anywhere in a clone with ../shared)
# Environment:
#   THREADS=2        intra-op threads for both sides (DJL/PyTorch and torch.set_num_threads)
#   QUICK=1          fewer/shorter iterations (a smoke run, not a measurement)
#   REBUILD=1        rebuild benchmarks.jar even if it exists
#   LIFELONG_TEST_DATA=/path/to/shared   instead of ../shared beside the checkout
#   OUT=dir          where results go (default benchmarks/target/compare)
#   OMP_WAIT_POLICY=PASSIVE  (default here, both sides) idle OpenMP workers sleep instead of
#                    spinning: on a shared 2-core machine spinning workers slow the DJL block
#                    5-10x (see README); set ACTIVE to measure the spinning default
#   MALLOC_TRIM_THRESHOLD_, MALLOC_MMAP_THRESHOLD_, THP_MEM_ALLOC_ENABLE  (defaults here as in
#                    ../lifelong, both sides) keep freed native memory in the process and back large
#                    tensors with huge pages; NATIVE_MEMORY_DEFAULTS=1 leaves glibc's and libtorch's
#                    defaults (to measure them)
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(dirname "$HERE")"
THREADS="${THREADS:-2}"
SHARED="${LIFELONG_TEST_DATA:-$ROOT/../shared}"
OUT="${OUT:-$HERE/target/compare}"
PY=/usr/bin/python3   # Debian's python with python3-torch (a pyenv python3 on PATH may lack torch)
JAR="$HERE/target/benchmarks.jar"

if [ ! -d "$SHARED/reference/erfnet-random" ]; then
    echo "shared data not found at $SHARED (put ../shared beside the checkout or set LIFELONG_TEST_DATA)" >&2
    exit 1
fi
SHARED="$(cd "$SHARED" && pwd)"

if ! "$PY" -c 'import torch' 2>/dev/null; then
    echo "installing Debian's python3-torch ..." >&2
    apt-get install -y python3-torch || { apt-get update && apt-get install -y python3-torch; }
fi

if [ ! -f "$JAR" ] || [ "${REBUILD:-0}" = 1 ]; then
    echo "building benchmarks.jar ..." >&2
    (cd "$ROOT" && { mvn -o -q -Pbenchmarks -pl benchmarks -am package -DskipTests \
        || mvn -q -Pbenchmarks -pl benchmarks -am package -DskipTests; })
fi

mkdir -p "$OUT"
echo "load before: $(uptime)"
echo "cpu: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), $(nproc) cores," \
     "flags: $(grep -o 'avx512_bf16\|amx_bf16\|avx512f' /proc/cpuinfo | sort -u | xargs)"

# bfloat16 variants of the reference traces (casts inside the TorchScript; see README)
"$PY" "$HERE/python/export_bf16.py" --channels-last "$SHARED/reference/erfnet-random/erfnet20_seed0_traced.pt" \
    "$OUT/erfnet20_random_bf16.pt"
"$PY" "$HERE/python/export_bf16.py" --channels-last \
    "$SHARED/reference/erfnet-trained/erfnet20_selftrained_8frames_traced.pt" \
    "$OUT/erfnet20_trained_bf16.pt"

export OMP_NUM_THREADS="$THREADS"
export OMP_WAIT_POLICY="${OMP_WAIT_POLICY:-PASSIVE}"
# the native-memory settings of ../lifelong (see README "Findings"), for both sides alike
if [ -z "${NATIVE_MEMORY_DEFAULTS:-}" ]; then
    export MALLOC_TRIM_THRESHOLD_="${MALLOC_TRIM_THRESHOLD_:-2147483647}"
    export MALLOC_MMAP_THRESHOLD_="${MALLOC_MMAP_THRESHOLD_:-33554432}"
    export THP_MEM_ALLOC_ENABLE="${THP_MEM_ALLOC_ENABLE:-1}"
fi
echo "threads: $THREADS intra-op, 1 inter-op, OMP_WAIT_POLICY=$OMP_WAIT_POLICY, MALLOC_TRIM_THRESHOLD_=${MALLOC_TRIM_THRESHOLD_:-default}, MALLOC_MMAP_THRESHOLD_=${MALLOC_MMAP_THRESHOLD_:-default}, THP_MEM_ALLOC_ENABLE=${THP_MEM_ALLOC_ENABLE:-default}"
JVM="-Xmx4g -Dai.djl.offline=true -Dai.djl.pytorch.num_threads=$THREADS"
JVM="$JVM -Dai.djl.pytorch.num_interop_threads=1 -Dlifelong.testData=$SHARED"
JVM="$JVM -Dlifelong.bf16Model=$OUT/erfnet20_random_bf16.pt -Dorg.slf4j.simpleLogger.defaultLogLevel=warn"
ITER=()
if [ "${QUICK:-0}" = 1 ]; then
    ITER=(-wi 1 -i 2)
fi

java -jar "$JAR" \
    'GemmBenchmark|InferenceBenchmark|TrainStepBenchmark|ConfusionMatrixBenchmark|DataPipelineBenchmark|TorchScriptInferenceBenchmark|ThroughputBenchmark' \
    "${ITER[@]}" -prof gc -rf json -rff "$OUT/jmh.json" -jvmArgsAppend "$JVM" > "$OUT/jmh.log" 2>&1 \
    || { tail -50 "$OUT/jmh.log" >&2; exit 1; }
grep '^\[rss\]' "$OUT/jmh.log" | sort | uniq -c | sort -k2 > "$OUT/rss.txt" || true

# offline throughput with 2 Java threads, one intra-op thread each
OMP_NUM_THREADS=1 java -jar "$JAR" ThroughputBenchmark -t 2 "${ITER[@]}" -rf json -rff "$OUT/jmh-t2.json" \
    -jvmArgsAppend "${JVM/num_threads=$THREADS/num_threads=1}" > "$OUT/jmh-t2.log" 2>&1 \
    || { tail -50 "$OUT/jmh-t2.log" >&2; exit 1; }

PEER=(--threads "$THREADS")
if [ "${QUICK:-0}" = 1 ]; then
    PEER+=(--warmup 1 --runs 3 --train-warmup 1 --train-runs 2)
fi
"$PY" "$HERE/python/peer.py" --models "$SHARED/reference/erfnet-random" "${PEER[@]}" > "$OUT/peer.jsonl"

java $JVM -cp "$JAR" org.lifelongseg.benchmarks.PrecisionCheck \
    "$SHARED/reference/erfnet-trained/erfnet20_selftrained_8frames_state_dict.npz" \
    "$OUT/erfnet20_trained_bf16.pt" 2 > "$OUT/precision.txt" 2> "$OUT/precision.log" \
    || { cat "$OUT/precision.log" >&2; exit 1; }

echo "load after: $(uptime)"
echo "native RSS per iteration (count, benchmark, MiB):"
sed 's/^/  /' "$OUT/rss.txt"
echo
"$PY" "$HERE/python/report.py" "$OUT/jmh.json" "$OUT/peer.jsonl" "$OUT/precision.txt" "$OUT/jmh-t2.json"
