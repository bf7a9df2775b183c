#!/usr/bin/env bash
# make bench: how fast the provider is, measured side by side. Prints tables;
# BENCHMARKS.md explains the method and records the latest figures.
#
#   1. Go benchmarks of the plan-time work: Request.Validate and Request.Parts
#      on 1, 100, 1,000 and 10,000 paths (time, bytes and allocations).
#   2. Waiting (BenchmarkWait) and split requests (BenchmarkSplit) against
#      the in-process emulator, its clock moved by the client's waits; the
#      API side of an apply of 50 resources (BenchmarkApplyRefreshes).
#   3. The real CLI: `plan` of one resource with 1,000 paths and `apply` of 50
#      resources with 10 paths each, the provider (built as a release builds
#      it) against a minimal framework provider (internal/bench/baseline),
#      alternating, medians and ratios, and each provider process's peak RSS;
#      then many resources: `plan` of 200 finished refreshes (no API call),
#      `apply` of 200 waited refreshes (look-ups counted, none refused), and
#      `apply` of 200 refreshes with one alicloud_cache_refresh_wait for
#      10-second tasks (against one task's duration); these run at most 3
#      times each, as an apply of them takes 15 to 30 seconds.
#
# Environment:
#   BENCH_RUNS=7        timed CLI runs of each scenario and provider (after one warm-up)
#   BENCH_MEMRUNS=2     separate CLI runs for peak memory
#   BENCH_BENCHTIME=1s  -benchtime of the Validate and Parts benchmarks
#   BENCH_SKIP_GO=1     skip parts 1 and 2; BENCH_SKIP_CLI=1 skips part 3
#   BENCH_OUT=FILE      also write everything printed to FILE
# The CLI is the one the acceptance tests use (scripts/tf-cli.sh).
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
runs=${BENCH_RUNS:-7}
memruns=${BENCH_MEMRUNS:-2}
benchtime=${BENCH_BENCHTIME:-1s}

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
if [ -n "${BENCH_OUT:-}" ]; then
  exec > >(tee "$BENCH_OUT")
fi

# gobench_table COLUMNS... < go test output: a Markdown table of the
# Benchmark lines, one column per metric unit asked for.
gobench_table() {
  awk -v cols="$*" '
    BEGIN {
      n = split(cols, unit, " ")
      printf "| benchmark |"; for (i = 1; i <= n; i++) printf " %s |", unit[i]; print ""
      printf "|---|"; for (i = 1; i <= n; i++) printf "---:|"; print ""
    }
    /^Benchmark/ {
      name = $1; sub(/^Benchmark/, "", name); sub(/-[0-9]+$/, "", name)
      delete v
      for (i = 3; i < NF; i += 2) v[$(i + 1)] = $i
      printf "| %s |", name
      for (i = 1; i <= n; i++) printf " %s |", ((unit[i] in v) ? v[unit[i]] : "")
      print ""
    }'
}

echo "# make bench"
echo
echo "- machine: $(uname -sm), $(nproc) CPUs ($(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | sed -n 1p)), load average at start $(cut -d' ' -f1-3 /proc/loadavg)"
echo "- $(go version | cut -d' ' -f3-)"
if commit=$(git -C "$root" rev-parse --short HEAD 2>/dev/null); then
  git -C "$root" diff --quiet HEAD 2>/dev/null || commit="$commit, with uncommitted changes"
  echo "- commit $commit"
fi

cd "$root"
if [ -z "${BENCH_SKIP_GO:-}" ]; then
  echo
  echo "## Plan-time work: Request.Validate and Request.Parts (go test -bench -benchmem, benchtime $benchtime)"
  echo
  go test ./internal/refresh -run '^$' -bench '^Benchmark(Validate|Parts)$' -benchmem -benchtime "$benchtime" -count 1 \
    >"$work/plan-time.txt"
  gobench_table ns/op ns/path B/op allocs/op <"$work/plan-time.txt"

  # The wait and split benchmarks report figures of the emulator's clock,
  # which do not depend on the machine: a few iterations suffice.
  # ApplyRefreshes runs on the real clock.
  go test ./internal/alibaba -run '^$' -bench '^Benchmark(Wait|Split|ApplyRefreshes)$' -benchmem -benchtime 2x -count 1 \
    >"$work/quota.txt"
  echo
  echo "## The API side of an apply (BenchmarkApplyRefreshes): 50 refreshes of 10 URLs, 10 at a time, one client, real clock"
  echo
  grep '^BenchmarkApplyRefreshes' "$work/quota.txt" | gobench_table ns/op refused B/op allocs/op
  echo
  echo "## Waiting for completion (BenchmarkWait): look-ups per task, seconds between completion and noticing it"
  echo
  grep '^BenchmarkWait' "$work/quota.txt" | gobench_table lookups/task s-late
  echo
  echo "## Split requests (BenchmarkSplit): 10,000 DCDN URLs, seconds on the emulator's clock against the quota-bound minimum"
  echo
  grep '^BenchmarkSplit' "$work/quota.txt" | gobench_table s-taken s-minimum %-of-bound refused
fi

if [ -z "${BENCH_SKIP_CLI:-}" ]; then
  tf=$(bash "$root/scripts/tf-cli.sh")
  echo
  echo "## Whole CLI: $("$tf" version 2>/dev/null | sed -n 1p), $runs runs of each"
  echo
  bin="$work/bin"
  mkdir -p "$bin/alicloud" "$bin/baseline" "$work/runs"
  # Both providers as a release builds them; the emulator, the peak-memory
  # wrapper and the driver as ordinary builds.
  go build -trimpath -ldflags "-s -w" -o "$bin/alicloud/terraform-provider-alicloud" .
  go build -trimpath -ldflags "-s -w" -o "$bin/baseline/terraform-provider-baseline" ./internal/bench/baseline
  go build -o "$bin/alicloud-emulator" ./internal/emulator/cmd/alicloud-emulator
  go build -o "$bin/rss" ./internal/bench/rss
  go build -o "$work/bench-cli" ./internal/bench/cli
  "$work/bench-cli" -tf "$tf" -bin "$bin" -work "$work/runs" -runs "$runs" -memruns "$memruns"
  echo
  echo "Load average at the end: $(cut -d' ' -f1-3 /proc/loadavg)"
fi
