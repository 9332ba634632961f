#!/usr/bin/env bash
# Gateway overhead benchmark: one command, see docs/performance.md.
#
# Starts nginx as a mock upstream (a fixed chat completion and a fixed SSE stream), then drives wrk
# at concurrency 1 (latency) and 64 (throughput), non-streaming and streaming, against:
#   direct   nginx alone
#   memory   Ditto (executable WAR, one core, whole control plane on, in-memory limits store)
#   redis    the same with the Redis limits store
#   portkey  Portkey's open-source gateway (@portkey-ai/gateway, one core)
# and prints a table: p50/p99 latency, added latency against direct, requests/s, ratios, CPU, peak RSS.
#
# Settings (environment):
#   BENCH_DURATION=15s     each measured wrk run          BENCH_WARMUP=60s  warm-up per gateway and mode (C2 needs it on one core)
#   BENCH_CONNECTIONS=64   the throughput concurrency      BENCH_TARGETS="direct memory redis portkey"
#   BENCH_GATEWAY_CPU=1    the core of the gateway         BENCH_LOAD_CPU=0  the core of nginx and wrk
#   BENCH_REDIS_URL=redis://127.0.0.1:6379                 BENCH_HEAP=512m
#   BENCH_NICE=-10         priority of every measured process when run as root (same for all targets)
#   BENCH_JFR=1            record a JFR profile of each Ditto run into bench/.run/<target>.jfr
#   BENCH_JAVA_OPTS="..."  extra JVM options of Ditto
#   BENCH_BUILD=1          rebuild target/ditto-gateway.war even if it exists
#   BENCH_MOCK_PORT=18081 BENCH_GATEWAY_PORT=18400 BENCH_PORTKEY_PORT=18787
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/.." && pwd)
run="$here/.run"
duration=${BENCH_DURATION:-15s}
warmup=${BENCH_WARMUP:-60s}
conns=${BENCH_CONNECTIONS:-64}
targets=${BENCH_TARGETS:-direct memory redis portkey}
gw_cpu=${BENCH_GATEWAY_CPU:-1}
load_cpu=${BENCH_LOAD_CPU:-0}
redis_url=${BENCH_REDIS_URL:-redis://127.0.0.1:6379}
heap=${BENCH_HEAP:-512m}
mock_port=${BENCH_MOCK_PORT:-18081}
gw_port=${BENCH_GATEWAY_PORT:-18400}
pk_port=${BENCH_PORTKEY_PORT:-18787}
portkey_version=1.15.2
master_key=sk-bench-master-key

nice_cmd=()
if [[ $(id -u) == 0 ]]; then nice_cmd=(nice -n "${BENCH_NICE:--10}"); fi

log() { printf '[bench %s] %s\n' "$(date +%H:%M:%S)" "$*" >&2; }

# ---------------------------------------------------------------- prerequisites
need_apt=()
command -v nginx >/dev/null || [[ -x /usr/sbin/nginx ]] || need_apt+=(nginx-light)
command -v wrk >/dev/null || need_apt+=(wrk)
if ((${#need_apt[@]})); then
    if [[ $(id -u) == 0 ]]; then
        log "installing ${need_apt[*]} from Debian"
        apt-get install -y "${need_apt[@]}" >/dev/null
    else
        echo "bench: needs ${need_apt[*]}: sudo apt-get install -y ${need_apt[*]}" >&2; exit 1
    fi
fi
nginx_bin=$(command -v nginx || echo /usr/sbin/nginx)
for tool in java taskset curl python3; do
    command -v "$tool" >/dev/null || { echo "bench: needs $tool" >&2; exit 1; }
done
if [[ " $targets " == *" portkey "* && ! -f "$here/.portkey/node_modules/@portkey-ai/gateway/build/start-server.js" ]]; then
    log "installing @portkey-ai/gateway@$portkey_version into bench/.portkey"
    mkdir -p "$here/.portkey"
    npm install --prefix "$here/.portkey" --no-audit --no-fund "@portkey-ai/gateway@$portkey_version" >/dev/null
fi
war="$root/target/ditto-gateway.war"
if [[ ( " $targets " == *" memory "* || " $targets " == *" redis "* ) && ( ! -f "$war" || -n "${BENCH_BUILD:-}" ) ]]; then
    log "building $war"
    (cd "$root" && ./mvnw -q -o package -DskipTests)
fi

rm -rf "$run"
mkdir -p "$run"
results="$run/results.tsv"
printf 'target\tscenario\tconns\trps\tp50_us\tp99_us\trequests\tnon2xx\tsocket_errors\tcpu_s\tpeak_rss_kb\n' > "$results"

pids=()
cleanup() {
    for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
    wait 2>/dev/null || true
}
trap cleanup EXIT

wait_port() { # port, pid
    for _ in $(seq 1 240); do
        if curl -s -o /dev/null "http://127.0.0.1:$1/"; then return 0; fi
        kill -0 "$2" 2>/dev/null || { echo "bench: process $2 died, see $run" >&2; exit 1; }
        sleep 0.5
    done
    echo "bench: port $1 did not open" >&2; exit 1
}

cpu_ticks() { # utime + stime of a process, in clock ticks
    [[ -n "$1" ]] || { echo 0; return; }
    awk '{ print $14 + $15 }' "/proc/$1/stat"
}
peak_rss() { [[ -n "$1" ]] && awk '/VmHWM/ { print $2 }' "/proc/$1/status" || echo 0; }

# ---------------------------------------------------------------- mock upstream
sed -e "s#@PORT@#$mock_port#g; s#@DIR@#$here/mock#g; s#@RUN@#$run#g" "$here/mock/nginx.conf.template" > "$run/nginx.conf"
"${nice_cmd[@]}" taskset -c "$load_cpu" "$nginx_bin" -c "$run/nginx.conf" -e "$run/nginx-error.log" &
pids+=($!)
wait_port "$mock_port" "$!"
log "mock upstream on 127.0.0.1:$mock_port (nginx, core $load_cpu)"

# wrk_run target scenario conns url pid model stream auth portkey_host duration record
wrk_run() {
    local target=$1 scenario=$2 c=$3 url=$4 pid=$5 model=$6 stream=$7 auth=$8 pk_host=$9 dur=${10} record=${11}
    local out="$run/wrk-$target-$scenario-c$c.txt"
    local before; before=$(cpu_ticks "$pid")
    BENCH_MODEL=$model BENCH_STREAM=$stream BENCH_AUTH=$auth BENCH_PORTKEY_HOST=$pk_host \
        "${nice_cmd[@]}" taskset -c "$load_cpu" wrk -t1 -c"$c" -d"$dur" --timeout 10s --latency \
        -s "$here/post.lua" "$url" > "$out" 2>&1 || true
    [[ $record == 1 ]] || return 0
    local after; after=$(cpu_ticks "$pid")
    local hz; hz=$(getconf CLK_TCK)
    python3 - "$out" "$target" "$scenario" "$c" "$(( after - before ))" "$hz" "$(peak_rss "$pid")" >> "$results" <<'EOF'
import re, sys
path, target, scenario, c, ticks, hz, rss = sys.argv[1:]
text = open(path).read()
def us(v):
    m = re.match(r'([\d.]+)(us|ms|s|m)$', v)
    n, unit = float(m.group(1)), m.group(2)
    return n * {'us': 1, 'ms': 1e3, 's': 1e6, 'm': 6e7}[unit]
def pct(p):
    m = re.search(r'^\s+%s%%\s+(\S+)' % p, text, re.M)
    return '%.0f' % us(m.group(1)) if m else ''
rps = re.search(r'Requests/sec:\s+([\d.]+)', text)
reqs = re.search(r'(\d+) requests in', text)
non2xx = re.search(r'Non-2xx or 3xx responses:\s+(\d+)', text)
errs = re.search(r'Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)', text)
print('\t'.join([target, scenario, c, rps.group(1) if rps else '0', pct(50), pct(99),
                 reqs.group(1) if reqs else '0', non2xx.group(1) if non2xx else '0',
                 str(sum(int(x) for x in errs.groups())) if errs else '0',
                 '%.2f' % (int(ticks) / int(hz)), rss]))
EOF
}

# measure target base_json base_sse pid model_json model_sse auth pk_json pk_sse
measure() {
    local target=$1 url_json=$2 url_sse=$3 pid=$4 m_json=$5 m_sse=$6 auth=$7 pk_json=$8 pk_sse=$9
    if [[ $target != direct ]]; then
        log "$target: warm-up ${warmup} per mode"
        wrk_run "$target" warmjson "$conns" "$url_json" "$pid" "$m_json" 0 "$auth" "$pk_json" "$warmup" 0
        wrk_run "$target" warmsse "$conns" "$url_sse" "$pid" "$m_sse" 1 "$auth" "$pk_sse" "$warmup" 0
    fi
    # Throughput first: its requests finish warming the JIT before the latency runs.
    for c in "$conns" 1; do
        log "$target: json c=$c for $duration"
        wrk_run "$target" json "$c" "$url_json" "$pid" "$m_json" 0 "$auth" "$pk_json" "$duration" 1
        log "$target: sse  c=$c for $duration"
        wrk_run "$target" sse "$c" "$url_sse" "$pid" "$m_sse" 1 "$auth" "$pk_sse" "$duration" 1
    done
}

start_ditto() { # name, extra env...
    local name=$1; shift
    sed -e "s#@MOCK_PORT@#$mock_port#g" "$here/config.yaml" > "$run/config.yaml"
    local jfr=()
    [[ -n "${BENCH_JFR:-}" ]] && jfr=("-XX:StartFlightRecording=filename=$run/$name.jfr,settings=profile")
    env "$@" "${nice_cmd[@]}" taskset -c "$gw_cpu" java -Xms"$heap" -Xmx"$heap" ${BENCH_JAVA_OPTS:-} "${jfr[@]}" \
        -jar "$war" --config "$run/config.yaml" --port "$gw_port" --data-dir "$run/data-$name" \
        > "$run/$name.log" 2>&1 &
    ditto_pid=$!
    pids+=("$ditto_pid")
    wait_port "$gw_port" "$ditto_pid"
    log "$name: Ditto on 127.0.0.1:$gw_port (pid $ditto_pid, core $gw_cpu, heap $heap)"
}

stop() { kill "$1"; wait "$1" 2>/dev/null || true; }

for target in $targets; do
    case $target in
        direct)
            measure direct "http://127.0.0.1:$mock_port/v1/chat/completions" \
                "http://127.0.0.1:$mock_port/stream/v1/chat/completions" "" bench bench "" "" ""
            ;;
        memory | redis)
            if [[ $target == redis ]]; then
                redis_host_port=${redis_url#*://}; redis_host_port=${redis_host_port##*@}; redis_host_port=${redis_host_port%%/*}
                if command -v redis-cli >/dev/null; then
                    redis-cli -u "$redis_url" --scan --pattern 'ditto-bench:*' | xargs -r redis-cli -u "$redis_url" del >/dev/null
                fi
                start_ditto redis -u DITTO_REDIS_URL REDIS_URL="$redis_url"
                grep -q 'store=redis' "$run/redis.log" || { echo "bench: Ditto did not use Redis ($redis_host_port), see $run/redis.log" >&2; exit 1; }
            else
                start_ditto memory -u DITTO_REDIS_URL -u REDIS_URL -u REDIS_HOST
            fi
            measure "$target" "http://127.0.0.1:$gw_port/v1/chat/completions" \
                "http://127.0.0.1:$gw_port/v1/chat/completions" "$ditto_pid" bench bench-stream "$master_key" "" ""
            stop "$ditto_pid"
            ;;
        portkey)
            NODE_ENV=production "${nice_cmd[@]}" taskset -c "$gw_cpu" node "$here/portkey-start.mjs" \
                --port="$pk_port" --headless > "$run/portkey.log" 2>&1 &
            pk_pid=$!
            pids+=("$pk_pid")
            wait_port "$pk_port" "$pk_pid"
            log "portkey: @portkey-ai/gateway@$portkey_version on 127.0.0.1:$pk_port (pid $pk_pid, core $gw_cpu, node $(node --version))"
            measure portkey "http://127.0.0.1:$pk_port/v1/chat/completions" \
                "http://127.0.0.1:$pk_port/v1/chat/completions" "$pk_pid" gpt-4o-mini gpt-4o-mini sk-upstream \
                "http://127.0.0.1:$mock_port/v1" "http://127.0.0.1:$mock_port/stream/v1"
            stop "$pk_pid"
            ;;
        *) echo "bench: unknown target $target" >&2; exit 1 ;;
    esac
done

# ---------------------------------------------------------------- report
{
    echo "date: $(date -u +%Y-%m-%dT%H:%MZ)"
    echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'), $(awk '/MemTotal/ {printf "%.0f GB", $2/1048576}' /proc/meminfo); $(uname -sr)"
    echo "java: $(java -version 2>&1 | head -1); node: $(node --version 2>/dev/null || echo none); nginx: $("$nginx_bin" -v 2>&1 | cut -d/ -f2); $(wrk -v 2>&1 | head -1 | cut -d' ' -f1-2)"
    echo "load average at the end: $(cut -d' ' -f1-3 /proc/loadavg)"
    echo "command: BENCH_DURATION=$duration BENCH_WARMUP=$warmup BENCH_CONNECTIONS=$conns bench/run.sh"
    echo
    python3 "$here/report.py" "$results"
} | tee "$run/report.md"
