#!/usr/bin/env bash
# One blue-green shift of a cell under load, for docs/benchmarks.md: cells/blue-green.json on loopback (a router, c0 on
# a blue and a green node, c1), `akkapay load` at a fixed rate that first puts all of c0 on blue, then shifts it
# 0 → 100 % green; prints, per shift, how long it took, the errors, and p50/p99 during it against the 10 s before the first.
#   bench/shift.sh [output folder]      (default bench/results/shift-<date-time>; RATE, DURATION, SHIFT_AT override 300, 70s, 40s)
# Every process it starts is stopped when it ends.
set -euo pipefail
cd "$(dirname "$0")/.."
out=${1:-bench/results/shift-$(date -u +%Y%m%dT%H%M%SZ)}
rate=${RATE:-300}
duration=${DURATION:-70s}
shift_at=${SHIFT_AT:-40s}
mkdir -p "$out"
out=$(cd "$out" && pwd)

dotnet build -c Release -v q -nologo src/AkkaPay.Host/AkkaPay.Host.csproj
akkapay=(dotnet src/AkkaPay.Host/bin/Release/net10.0/akkapay.dll)   # an array, not a function: $! must be the process itself

data=$(mktemp -d)
token=bench-$$
pids=()
stop() {
  for pid in "${pids[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
  for pid in "${pids[@]}"; do wait "$pid" 2>/dev/null || true; done
  rm -rf "$data"
}
trap stop EXIT
for node in router c0-blue c0-green c1-blue; do
  "${akkapay[@]}" node --topology cells/blue-green.json --node "$node" --data "$data" --admin-token "$token" > "$out/$node.log" 2>&1 &
  pids+=($!)
done
for port in 8080 8081 8082 8083; do
  for _ in $(seq 120); do
    curl -sf "http://127.0.0.1:$port/health/ready" > /dev/null && break
    sleep 0.5
  done
done

"${akkapay[@]}" load --target http://127.0.0.1:8080 --token "$token" --accounts 500 --seed 11 --rate "$rate" --duration "$duration" \
  --shift "c0:0@20s" --shift "c0:100@$shift_at" --report "$out/load" > "$out/load.log" 2>&1 || true

echo "$(date -u +%F), $(nproc) cores ($(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)), Linux $(uname -r), .NET $(dotnet --version)" | tee "$out/machine"
python3 - "$out" <<'PY'
import json, sys
summary = json.load(open(f"{sys.argv[1]}/load/summary.json"))
before = summary["beforeShifts"]
ledger = summary.get("ledger") or {}
clean = ledger.get("auditAnswered") and ledger.get("balanced") and not ledger.get("missing")
print(f"offered {summary['schedule'][0]['ratePerSecond']:,.0f}/s, answered {summary['answered']}, errors {summary['errors']}, "
      f"ledger {'clean' if clean else 'NOT clean'}; in the 10 s before the first shift p50 {before['p50']:.1f} ms, p99 {before['p99']:.1f} ms")
print("| shift | took | outcome | answers meanwhile | errors | p50 ms | p99 ms | p99 / before |")
print("| --- | ---: | --- | ---: | ---: | ---: | ---: | ---: |")
for s in summary["shifts"]:
    lat = s["latency"]
    print(f"| {s['cell']} → green {s['greenPercent']} % at {s['startSecond']:.0f} s | {s['durationSeconds']:.1f} s | {s['outcome']} | {s['answers']} | "
          f"{s['errors']} | {lat['p50']:.1f} | {lat['p99']:.1f} | {lat['p99'] / before['p99']:.1f} |")
PY
