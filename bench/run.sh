#!/usr/bin/env bash
# Reproduces the table of docs/benchmarks.md on this machine: every AkkaPay figure with its anchor from the same run.
#   bench/run.sh [output folder]        (default bench/results/<date-time>; needs the .NET SDK, python3 and PostgreSQL's binaries)
# Part 1: BenchmarkDotNet, in one process per benchmark: raw inserts (the database's ceiling), the journal
#         (Akka.Persistence.Sql as shipped against AkkaPay's group-commit journal), transfers over HTTP (a bare ASP.NET
#         Core endpoint against AkkaPay). About five minutes in all on two cores.
# Part 2: end to end, `akkapay up` (Release, fresh data) under `akkapay load` at a fixed rate: latency, the server's CPU
#         per answer, the ledger check. RATE and DURATION override 1500 and 30s.
set -euo pipefail
cd "$(dirname "$0")/.."
out=${1:-bench/results/$(date -u +%Y%m%dT%H%M%SZ)}
rate=${RATE:-1500}
duration=${DURATION:-30s}
mkdir -p "$out"
out=$(cd "$out" && pwd)

dotnet build -c Release -v q -nologo bench/AkkaPay.Benchmarks/AkkaPay.Benchmarks.csproj
dotnet build -c Release -v q -nologo src/AkkaPay.Host/AkkaPay.Host.csproj

dotnet bench/AkkaPay.Benchmarks/bin/Release/net10.0/AkkaPay.Benchmarks.dll \
  --filter '*RawInsertBenchmarks*' '*GroupJournalBenchmarks*' '*HttpBenchmarks*' \
  --exporters json --artifacts "$out/benchmarkdotnet"

data=$(mktemp -d)
port=18080
token=bench-$$
dotnet src/AkkaPay.Host/bin/Release/net10.0/akkapay.dll up --port "$port" --data "$data" --admin-token "$token" > "$out/up.log" 2>&1 &
server=$!
trap 'kill -TERM "$server" 2>/dev/null || true; wait "$server" 2>/dev/null || true; rm -rf "$data"' EXIT
for _ in $(seq 120); do
  curl -sf "http://127.0.0.1:$port/health/ready" > /dev/null && break
  sleep 0.5
done
ticks() { awk '{ print $14 + $15 }' "/proc/$server/stat"; }
before=$(ticks)
dotnet src/AkkaPay.Host/bin/Release/net10.0/akkapay.dll load --target "http://127.0.0.1:$port" --token "$token" \
  --accounts 500 --seed 11 --rate "$rate" --duration "$duration" --report "$out/load" > "$out/load.log" 2>&1 || true
after=$(ticks)
echo "$(( after - before )) $(getconf CLK_TCK)" > "$out/server-cpu-ticks"

echo "$(date -u +%F), $(nproc) cores ($(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)), $(free -g | awk '/Mem/ { print $2 }') GiB," \
  "Linux $(uname -r), .NET $(dotnet --version), PostgreSQL $(ls /usr/lib/postgresql | sort -n | tail -1)" | tee "$out/machine"
python3 - "$out" <<'PY'
import json, glob, sys
out = sys.argv[1]
def per_second(name, **params):
    """Operations per second from BenchmarkDotNet's mean, which is per operation (OperationsPerInvoke)."""
    for path in glob.glob(f"{out}/benchmarkdotnet/results/*{name}*-report-full-compressed.json"):
        for b in json.load(open(path))["Benchmarks"]:
            if all(f"{k}={v}" in b["Parameters"] for k, v in params.items()) and b["Statistics"]:
                return 1e9 / b["Statistics"]["Mean"]
    return None
rows = []
for backend in ("sqlite", "postgres"):
    raw = per_second("RawInsertBenchmarks", Backend=backend)
    for journal in ("persistence-sql", "group-commit"):
        got = per_second("GroupJournalBenchmarks", Backend=backend, Journal=journal)
        rows.append((f"durable events/s, {backend}, {journal}", got, f"raw {backend} rows/s", raw))
bare = per_second("HttpBenchmarks", Target="aspnetcore-bare")
for target in ("akkapay-sqlite", "akkapay-postgres"):
    rows.append((f"transfers/s over HTTP, {target}", per_second("HttpBenchmarks", Target=target), "bare ASP.NET Core requests/s", bare))
print("| figure | AkkaPay | anchor (same run) | anchor | ratio |")
print("| --- | ---: | --- | ---: | ---: |")
for name, got, anchor_name, anchor in rows:
    fmt = lambda v: "—" if v is None else f"{v:,.0f}"
    ratio = "—" if None in (got, anchor) else f"{got / anchor:.2f}"
    print(f"| {name} | {fmt(got)} | {anchor_name} | {fmt(anchor)} | {ratio} |")
summary = json.load(open(f"{out}/load/summary.json"))
ticks, hz = map(int, open(f"{out}/server-cpu-ticks").read().split())
lat = summary["latency"]
late = sorted(s["p99"] for s in summary["seconds"] if s["second"] >= 10)   # after a fresh process's first seconds
ledger = summary.get("ledger") or {}
clean = ledger.get("auditAnswered") and ledger.get("balanced") and not ledger.get("missing")
print()
print(f"end to end: {summary['throughputPerSecond']:,.0f} answers/s offered {summary['schedule'][0]['ratePerSecond']:,.0f}/s, "
      f"p50 {lat['p50']:.1f} ms, p99 {lat['p99']:.1f} ms (from second 10 on, median p99 {late[len(late) // 2]:.1f} ms), errors {summary['errors']}, "
      f"server CPU {ticks / hz / max(summary['answered'], 1) * 1000:.3f} ms per answer, ledger {'clean' if clean else 'NOT clean'}")
PY
