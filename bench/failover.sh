#!/usr/bin/env bash
# A site failover of a cell under load, for docs/benchmarks.md: a router, c0 active in site-a with a standby node in
# site-b, c1 in site-a; `akkapay load` at a fixed rate over every bucket, and two probes writing every 50 ms (a top-up
# to a c0 account, one to a c1 account). At 30 s site-a's node of c0 is killed (SIGKILL; on PostgreSQL its primary too);
# an operator fails c0 over as soon as site-a's node is unreachable (MODE=manual), or the keeper does (MODE=automatic,
# after 3 s without a live node). Prints the time from the failover command to c0's first 2xx, from the kill to it,
# the acknowledged top-ups missing afterwards, and c1's p99 during the gap against the 20 s before the kill. Every probe is kept in probes.csv.
# Every process runs on both CPUs; CPUS=per-cell holds each cell's nodes to a CPU of their own, as `akkapay chaos`
# does (c0's on CPU 0, c1's on CPU 1; the router, the PostgreSQL servers, the load and the probes on both).
#   bench/failover.sh [output folder]   (BACKEND=sqlite|postgres, MODE=manual|automatic, RATE=200, CPUS=shared|per-cell)
# Every process it starts is stopped when it ends.
set -euo pipefail
cd "$(dirname "$0")/.."
backend=${BACKEND:-sqlite}
mode=${MODE:-manual}
rate=${RATE:-200}
cpus=${CPUS:-shared}
out=${1:-bench/results/failover-$backend-$mode-$(date -u +%Y%m%dT%H%M%SZ)}
mkdir -p "$out"
out=$(cd "$out" && pwd)

dotnet build -c Release -v q -nologo src/AkkaPay.Host/AkkaPay.Host.csproj
akkapay=(dotnet src/AkkaPay.Host/bin/Release/net10.0/akkapay.dll)

data=$(mktemp -d)
chmod 755 "$data"
token=bench-$$
pids=()
bin=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)
stop() {
  for pid in "${pids[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
  for pid in "${pids[@]}"; do wait "$pid" 2>/dev/null || true; done
  for site in site-b site-a; do
    [ -f "$data/pg/$site/postmaster.pid" ] && runuser -u postgres -- "$bin/pg_ctl" -D "$data/pg/$site" -m immediate stop >/dev/null 2>&1 || true
  done
  rm -rf "$data"
}
trap stop EXIT

c0_journal='"journal":{"provider":"sqlite","path":"cell-c0.db"}'
if [ "$backend" = postgres ]; then
  PGDATA_ROOT="$data/pg" PRIMARY_PORT=55433 STANDBY_PORT=55434 infra/postgres/pair.sh c0 > "$out/pair.log"
  pg='Username=postgres;Database=akkapay_c0;Minimum Pool Size=10;Maximum Pool Size=20;Max Auto Prepare=20;Auto Prepare Min Usages=2;No Reset On Close=true'
  c0_journal="\"journal\":{\"provider\":\"postgres\",\"connectionString\":\"Host=127.0.0.1;Port=55433;$pg\"},\"journalBySite\":{\"site-b\":{\"provider\":\"postgres\",\"connectionString\":\"Host=127.0.0.1;Port=55434;$pg\"}}"
fi
automatic=""
[ "$mode" = automatic ] && automatic=',"autoFailoverAfterSeconds":3'
cat > "$data/topology.json" <<JSON
{"sites":["site-a","site-b"],
 "cells":[{"id":"c0","buckets":["00-49"],"site":"site-a",$c0_journal$automatic},
          {"id":"c1","buckets":["50-99"],"site":"site-a","journal":{"provider":"sqlite","path":"cell-c1.db"}}],
 "nodes":[{"name":"router","remotingPort":18053,"httpPort":18080,"router":true},
          {"name":"c0-a","remotingPort":18054,"httpPort":18081,"cells":["c0"]},
          {"name":"c0-b","remotingPort":18055,"httpPort":18082,"cells":["c0"],"site":"site-b"},
          {"name":"c1","remotingPort":18056,"httpPort":18083,"cells":["c1"]}]}
JSON
declare -A pid_of
declare -A cpu_of=([router]="" [c0-a]=0 [c0-b]=0 [c1]=1)
for node in router c0-a c0-b c1; do
  placed=()
  [ "$cpus" = per-cell ] && [ -n "${cpu_of[$node]}" ] && placed=(taskset --cpu-list "${cpu_of[$node]}")
  "${placed[@]}" "${akkapay[@]}" node --topology "$data/topology.json" --node "$node" --data "$data" --admin-token "$token" > "$out/$node.log" 2>&1 &
  pids+=($!)
  pid_of[$node]=$!
done
for port in 18080 18081 18082 18083; do
  for _ in $(seq 120); do curl -sf "http://127.0.0.1:$port/health/ready" > /dev/null && break; sleep 0.5; done
done

"${akkapay[@]}" load --target http://127.0.0.1:18080 --token "$token" --accounts 500 --seed 13 --rate "$rate" --duration 80s \
  --report "$out/load" > "$out/load.log" 2>&1 &
load=$!
pids+=($load)
primary_pid=$([ "$backend" = postgres ] && head -1 "$data/pg/site-a/postmaster.pid" || echo "")
python3 - "$out" "$token" "$mode" "${pid_of[c0-a]}" "$primary_pid" "${akkapay[@]}" <<'PY' | tee "$out/result.md"
import json, os, signal, subprocess, sys, threading, time, urllib.request, urllib.error
from concurrent.futures import ThreadPoolExecutor
out, token, mode, node_pid, primary_pid, akkapay = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4]), sys.argv[5], sys.argv[6:]
base = "http://127.0.0.1:18080"

def call(method, path, body=None, admin=False):
    request = urllib.request.Request(base + path, method=method, data=None if body is None else json.dumps(body).encode(),
                                     headers={"content-type": "application/json", **({"authorization": f"Bearer {token}"} if admin else {})})
    started = time.monotonic()
    try:
        with urllib.request.urlopen(request, timeout=10) as answer:
            return answer.status, json.loads(answer.read() or b"null"), time.monotonic() - started
    except urllib.error.HTTPError as e:
        return e.code, None, time.monotonic() - started
    except OSError:
        return 0, None, time.monotonic() - started

accounts = {"c0": "2088000000000105", "c1": "2088000000000160"}   # buckets 05 (c0) and 60 (c1)
for account in accounts.values():
    while call("POST", "/v1/accounts", {"accountId": account, "type": "personal"})[0] not in (201, 409): time.sleep(0.2)
records = {cell: [] for cell in accounts}   # (sent at, seconds, status, payment id)
stop = threading.Event()
senders = ThreadPoolExecutor(max_workers=400)
def send(cell, i):
    sent = time.monotonic()
    status, _, took = call("POST", "/v1/topups", {"requestId": f"probe-{i}", "accountId": accounts[cell], "amount": 1})
    records[cell].append((sent, took, status, f"{accounts[cell]}-probe-{i}"))
def probe(cell):
    # open loop: one top-up every 50 ms whether or not the earlier ones were answered, so a request waiting out its
    # deadline does not hide the moment the cell answers again
    i, next_at = 0, time.monotonic()
    while not stop.is_set():
        i += 1
        senders.submit(send, cell, i)
        next_at += 0.05
        time.sleep(max(0, next_at - time.monotonic()))
threads = [threading.Thread(target=probe, args=(cell,)) for cell in accounts]
for t in threads: t.start()

start = time.monotonic()
time.sleep(30)
killed = time.monotonic()
os.kill(node_pid, signal.SIGKILL)
if primary_pid: os.kill(int(primary_pid), signal.SIGKILL)
command = done = None
if mode == "manual":
    def c0_live_in_site_a():
        _, sites, _ = call("GET", "/admin/sites", admin=True)
        site_a = next(s for s in sites["sites"] if s["site"] == "site-a")
        return any(n["reachable"] and n["status"] == "Up" and "cell-c0" in n["roles"] for n in site_a["nodes"])
    while c0_live_in_site_a(): time.sleep(0.2)
    command = time.monotonic()
    subprocess.run([*akkapay, "traffic", "failover", "c0", "--to", "site-b", "--reason", "bench", "--node", "127.0.0.1:18080", "--token", token],
                   check=True, stdout=open(f"{out}/failover.log", "w"), stderr=subprocess.STDOUT)
    done = time.monotonic()
time.sleep(40)
stop.set()
for t in threads: t.join()
senders.shutdown(wait=True)

with open(f"{out}/probes.csv", "w") as csv:   # every probe: cell, sent (s from the kill), took (ms), status
    for cell in records:
        for sent, took, status, _ in records[cell]: csv.write(f"{cell},{sent - killed:.3f},{1000 * took:.1f},{status}\n")
def first_ok_after(cell, moment):
    return min((sent + took for sent, took, status, _ in records[cell] if sent >= moment and 200 <= status < 300), default=None)
serving = first_ok_after("c0", killed)
def p99(cell, frm, to):
    took = sorted(t for sent, t, status, _ in records[cell] if frm <= sent < to)
    return 1000 * took[min(len(took) - 1, int(len(took) * 0.99))] if took else float("nan")
acknowledged = [pid for cell in records for _, _, status, pid in records[cell] if 200 <= status < 300]
missing = [pid for pid in acknowledged if call("GET", f"/v1/payments/{pid}")[0] != 200]
c0_errors = sum(1 for sent, _, status, _ in records["c0"] if sent >= killed and not 200 <= status < 300)
before, during = p99("c1", killed - 20, killed), p99("c1", killed, serving or killed + 30)
print(f"mode {mode}: kill → c0's first 2xx {serving - killed:.1f} s" + (f"; failover command → first 2xx {serving - command:.1f} s "
      f"(the command itself {done - command:.1f} s, issued {command - killed:.1f} s after the kill)" if command else ""))
longest = max(took for sent, took, _, _ in records["c0"] if sent >= killed)
print(f"probe top-ups acknowledged {len(acknowledged)}, missing afterwards {len(missing)}; c0 probe answers not 2xx after the kill: {c0_errors}, "
      f"the longest took {longest:.1f} s")
print(f"c1 probe p99: {before:.1f} ms in the 20 s before the kill, {during:.1f} ms from the kill to c0's first 2xx ({during / before:.1f}×)")
PY
wait "$load" || true
python3 - "$out" <<'PY' | tee -a "$out/result.md"
import json, sys
s = json.load(open(f"{sys.argv[1]}/load/summary.json"))
ledger = s.get("ledger") or {}
clean = ledger.get("auditAnswered") and ledger.get("balanced") and not ledger.get("missing")
print(f"akkapay load: answered {s['answered']}, errors {s['errors']}, p99 {s['latency']['p99']:.1f} ms, ledger {'clean' if clean else 'NOT clean'}")
PY
echo "$(date -u +%F), $(nproc) cores ($(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)), Linux $(uname -r), .NET $(dotnet --version)" | tee "$out/machine"
