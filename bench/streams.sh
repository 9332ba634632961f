#!/usr/bin/env bash
# Streaming at scale: see docs/performance.md#streaming-at-scale.
#
# Starts an SSE mock upstream (bench/streams/SseMock.java: one selector thread; each POST gets
# 100 events 20 ms apart) and Ditto (executable WAR, pinned to one core, whole control plane on,
# in-memory store, the same bench/config.yaml as bench/run.sh), then with a Java load driver
# (bench/streams/StreamLoad.java) opens STREAMS concurrent streams: first directly against the
# mock (the baseline), then a warm-up through Ditto, then the measured run through Ditto.
# Prints time to first event (and its overhead against direct), Ditto's heap, threads, CPU and
# RSS, events per second and failures.
#
# Settings (environment):
#   STREAMS=5000  STREAMS_EVENTS=100  STREAMS_INTERVAL_MS=20  STREAMS_RAMP_MS=1000 (starts spread over)
#   STREAMS_WARMUP=1000 (streams of the warm-up)   STREAMS_HEAP=512m   STREAMS_LIVE_GC=1 (one full GC
#   mid-run: the live heap)   BENCH_GATEWAY_CPU=1  BENCH_LOAD_CPU=0   STREAMS_MOCK_PORT=18091
#   STREAMS_GATEWAY_PORT=18410   BENCH_JAVA_OPTS="..." extra JVM options of Ditto
#   BENCH_NICE=-10 priority of the mock, Ditto and the driver when run as root (as in bench/run.sh)
set -euo pipefail
# The gateway under test keeps its limits in memory, whatever Redis the shell points at.
unset DITTO_REDIS_URL REDIS_URL REDIS_HOST

here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/.." && pwd)
run="$here/.run-streams"
streams=${STREAMS:-5000}
events=${STREAMS_EVENTS:-100}
interval=${STREAMS_INTERVAL_MS:-20}
ramp=${STREAMS_RAMP_MS:-1000}
warm=${STREAMS_WARMUP:-1000}
heap=${STREAMS_HEAP:-512m}
gw_cpu=${BENCH_GATEWAY_CPU:-1}
load_cpu=${BENCH_LOAD_CPU:-0}
mock_port=${STREAMS_MOCK_PORT:-18091}
gw_port=${STREAMS_GATEWAY_PORT:-18410}
master_key=sk-bench-master-key

nice_cmd=()
if [[ $(id -u) == 0 ]]; then nice_cmd=(nice -n "${BENCH_NICE:--10}"); fi

log() { printf '[streams %s] %s\n' "$(date +%H:%M:%S)" "$*" >&2; }

# Every stream is a connection to Ditto and one from Ditto to the mock.
ulimit -n $((4 * streams + 4096)) 2>/dev/null || ulimit -n "$(ulimit -Hn)"
(( $(ulimit -n) > 2 * streams + 1024 )) || { echo "streams: needs ulimit -n above $((2 * streams + 1024))" >&2; exit 1; }

war="$root/target/ditto-gateway.war"
if [[ ! -f "$war" || -n "${BENCH_BUILD:-}" ]]; then
    log "building $war"
    (cd "$root" && ./mvnw -q -o package -DskipTests)
fi
rm -rf "$run"
mkdir -p "$run"

pids=()
cleanup() {
    for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
    wait 2>/dev/null || true
}
trap cleanup EXIT

wait_port() { # port, pid
    for _ in $(seq 1 240); do
        if (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; then return 0; fi
        kill -0 "$2" 2>/dev/null || { echo "streams: process $2 died, see $run" >&2; exit 1; }
        sleep 0.5
    done
    echo "streams: port $1 did not open" >&2; exit 1
}

# The driver and the mock are compiled once (JDK source launch compiles on every start).
javac -d "$run/classes" "$here/streams/SseMock.java" "$here/streams/StreamLoad.java"

"${nice_cmd[@]}" taskset -c "$load_cpu" java -Xmx256m -cp "$run/classes" SseMock "$mock_port" "$events" "$interval" > "$run/mock.log" 2>&1 &
pids+=($!)
wait_port "$mock_port" "$!"
log "SSE mock on 127.0.0.1:$mock_port (core $load_cpu): $events events, $interval ms apart"

sed -e "s#@MOCK_PORT@#$mock_port#g" "$here/config.yaml" > "$run/config.yaml"
"${nice_cmd[@]}" taskset -c "$gw_cpu" java -Xms"$heap" -Xmx"$heap" -Xlog:gc:file="$run/gc.log" ${BENCH_JAVA_OPTS:-} \
    -jar "$war" --config "$run/config.yaml" --port "$gw_port" --data-dir "$run/data" > "$run/ditto.log" 2>&1 &
ditto=$!
pids+=("$ditto")
wait_port "$gw_port" "$ditto"
log "Ditto on 127.0.0.1:$gw_port (pid $ditto, core $gw_cpu, heap $heap)"

drive() { # label url streams [auth]
    "${nice_cmd[@]}" taskset -c "$load_cpu" java -Xmx1g -cp "$run/classes" StreamLoad "$1" "$2" bench-stream "$3" "$events" "$ramp" "${4:-}"
}

log "direct: $streams streams against the mock"
drive direct "http://127.0.0.1:$mock_port/v1/chat/completions" "$streams" > "$run/direct.tsv"
log "warm-up: $warm streams through Ditto"
drive warmup "http://127.0.0.1:$gw_port/v1/chat/completions" "$warm" "$master_key" > "$run/warmup.tsv"

# Sample Ditto's threads and RSS during the measured run.
(
    while kill -0 "$ditto" 2>/dev/null; do
        awk '/^Threads:/ { t = $2 } /^VmRSS:/ { r = $2 } END { print t "\t" r }' "/proc/$ditto/status"
        sleep 0.1
    done
) > "$run/samples.tsv" 2>/dev/null &
sampler=$!
pids+=("$sampler")
if [[ ${STREAMS_LIVE_GC:-1} == 1 ]]; then
    # Once every stream is open: a full GC leaves the live heap, which young collections do not show.
    ( sleep $(( (ramp + events * interval / 2) / 1000 + 1 )); jcmd "$ditto" GC.run > /dev/null 2>&1 || true ) &
    pids+=($!)
fi
gc_from=$(wc -l < "$run/gc.log")
cpu_before=$(awk '{ print $14 + $15 }' "/proc/$ditto/stat")
log "measured: $streams streams through Ditto"
drive ditto "http://127.0.0.1:$gw_port/v1/chat/completions" "$streams" "$master_key" > "$run/ditto.tsv"
cpu_after=$(awk '{ print $14 + $15 }' "/proc/$ditto/stat")
kill "$sampler" 2>/dev/null || true

python3 - "$run" "$gc_from" "$(( cpu_after - cpu_before ))" "$(getconf CLK_TCK)" "$streams" "$events" "$interval" "$ramp" "$heap" <<'PYEOF'
import re, sys
run, gc_from, ticks, hz, streams, events, interval, ramp, heap = sys.argv[1:]
cols = ['label', 'streams', 'ok', 'failed', 'events', 'seconds', 'events_s', 't50', 't90', 't99', 'tmax', 'd50', 'd99', 'failures']
def row(name):
    return dict(zip(cols, open(f'{run}/{name}.tsv').read().strip().split('\t')))
direct, ditto = row('direct'), row('ditto')
gc = open(f'{run}/gc.log').read().splitlines()[int(gc_from):]
after = [int(m.group(1)) for m in (re.search(r'->(\d+)M\(', l) for l in gc) if m]
full = [int(m.group(1)) for m in (re.search(r'Pause Full.*->(\d+)M\(', l) for l in gc) if m]
samples = [l.split('\t') for l in open(f'{run}/samples.tsv').read().split('\n') if '\t' in l and l.split('\t')[0]]
threads = max(int(s[0]) for s in samples) if samples else 0
rss = max(int(s[1]) for s in samples if s[1]) // 1024 if samples else 0
cpu = int(ticks) / int(hz)
print(f'{streams} streams of {events} events {interval} ms apart, started over {ramp} ms; Ditto heap {heap}')
print()
print('| run | ok | failed | events/s | first event p50 | p90 | p99 | max | stream p50 | stream p99 |')
print('|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|')
for r in (direct, ditto):
    print(f"| {r['label']} | {r['ok']} | {r['failed']} | {float(r['events_s']):,.0f} | {r['t50']} ms | {r['t90']} ms | {r['t99']} ms | {r['tmax']} ms | {r['d50']} ms | {r['d99']} ms |")
print()
over = lambda k: float(ditto[k]) - float(direct[k])
print(f"time to first event added by Ditto: p50 {over('t50'):.2f} ms, p90 {over('t90'):.2f} ms, p99 {over('t99'):.2f} ms")
print(f"Ditto failures: {ditto['failures']}")
print(f"Ditto heap: live after the mid-run full GC {full[-1] if full else '-'} MB; most after any GC {max(after) if after else '-'} MB (of {heap})")
print(f"Ditto threads: peak {threads} (sampled every 100 ms); peak RSS {rss} MB")
print(f"Ditto CPU: {cpu:.1f} s over {float(ditto['seconds']):.1f} s ({100 * cpu / float(ditto['seconds']):.0f}% of its core), {1e6 * cpu / max(1, int(ditto['events'])):.1f} us per event")
PYEOF
echo "load average at the end: $(cut -d' ' -f1-3 /proc/loadavg)"
