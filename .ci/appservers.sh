#!/usr/bin/env bash
# Deploys target/ditto-gateway.war, unchanged, into the official distributions of Tomcat 10.1,
# Jetty 12 (ee10), Tomcat 11 and WildFly, runs a smoke suite against each, then undeploys and
# redeploys three times and fails on any leak: Ditto threads still alive after undeploy, Ditto
# classes still loaded after a full GC (a leaked class loader: a thread, a JDBC driver, an MBean or
# a ThreadLocal keeps it), the container's own leak warnings, or heap that does not come back.
# The class-loader check is what proves that the JDBC drivers were deregistered and the
# dev.ditto MBeans unregistered: DriverManager and the platform MBean server would otherwise keep
# an instance of a WAR class, and with it the WAR's class loader.
#
# The smoke suite: /v1/models with and without a key, LiteLLM's /model_group/info, a plain and a streamed chat completion
# through a fake upstream, readiness, the admin API with the master key and as a user of the
# container's realm (role ditto-admin; wrong password refused), and /metrics counting the
# completions; once per server, a configuration reload (a model added to the file and removed
# again, POST /admin/config/reload as the realm's user). The WAR's login-config is commented out, so each server adds BASIC sign-in from
# its own defaults (see setup_*), which is what keeps the WAR unchanged.
#
# The distributions come from Maven Central through Maven, so they are cached in ~/.m2 and
# downloaded once. Each server runs under target/appservers/<name>/ on free ports.
#
# Usage: .ci/appservers.sh [tomcat10 jetty12 tomcat11 wildfly]...   (default: all four, in that order)
# Needs: a built target/ditto-gateway.war, java + jcmd, curl, python3.
set -euo pipefail
# The WAR runs with its limits in memory: .ci/run exports DITTO_REDIS_URL for the Maven tests, and the
# servers would inherit it.
unset DITTO_REDIS_URL
cd "$(dirname "$0")/.."
ROOT=$PWD

TOMCAT10_VERSION=10.1.59
TOMCAT11_VERSION=11.0.24
# The embedded launcher uses Jetty 12.1.14, whose jetty-home archive is not served by the
# registry here; 12.1.12 is the newest 12.1 jetty-home that resolves.
JETTY_VERSION=12.1.12
WILDFLY_VERSION=39.0.1.Final

WAR=${DITTO_WAR:-$ROOT/target/ditto-gateway.war}
WORK=$ROOT/target/appservers
CONTEXT=/ditto
MASTER_KEY=sk-appservers-master
REALM_USER=ditto-ops
REALM_PASSWORD=ditto-ops-Secret1
REDEPLOYS=3
# A chat completion the smoke suite made, as /metrics counts it.
METRIC_REQUESTS='^ditto_requests_total\{.*route="/v1/chat/completions".*\} [1-9]'
# Every server JVM clears soft references at each GC, so a cache the JVM would drop under memory
# pressure (Jackson keeps a SoftReference to its buffer recycler in a ThreadLocal of each request
# thread) does not pass for a leak; a strong reference that keeps the WAR's class loader does.
SERVER_JVM_OPTS="-Xmx512m -XX:SoftRefLRUPolicyMSPerMB=0"
# Heap after a full GC may grow by at most this much between the first and the last undeploy.
HEAP_SLACK_KB=$((48 * 1024))

log() { printf '[appservers] %s\n' "$*"; }
fail() { printf '[appservers] FAIL (%s): %s\n' "${SERVER:-setup}" "$*" >&2; dump_log; exit 1; }

[ -f "$WAR" ] || { log "no $WAR: run ./mvnw package first"; exit 1; }
command -v jcmd >/dev/null || { log "jcmd not found (needs a JDK)"; exit 1; }

# ---------------------------------------------------------------- helpers

# The archive from Maven Central, through Maven so that it lands in (and is reused from) ~/.m2.
fetch() {
  local group=$1 artifact=$2 version=$3 type=$4
  local file="$HOME/.m2/repository/${group//.//}/$artifact/$version/$artifact-$version.$type"
  if [ ! -f "$file" ]; then
    # stderr: the caller takes this function's stdout as the path.
    log "downloading $group:$artifact:$version:$type (once; cached in ~/.m2)" >&2
    ./mvnw -B -q dependency:get -Dartifact="$group:$artifact:$version:$type" -Dtransitive=false >&2
  fi
  [ -f "$file" ] || { log "missing $file" >&2; exit 1; }
  printf '%s' "$file"
}

free_port() {
  python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'
}

port_free() {
  python3 -c 'import socket,sys; s=socket.socket(); s.bind(("127.0.0.1",int(sys.argv[1])))' "$1" 2>/dev/null
}

# Waits up to $1 seconds for the command to succeed.
wait_until() {
  local seconds=$1; shift
  local deadline=$((SECONDS + seconds))
  while [ $SECONDS -lt $deadline ]; do
    if "$@"; then return 0; fi
    sleep 0.5
  done
  return 1
}

# Prints the status code; the body goes to the file after -o when the first arguments are "-o FILE".
# Generous: on a loaded machine the first completion (class loading, the tokenizer's tables) took
# over 30 s in WildFly.
status_of() {
  local out=/dev/null
  if [ "${1:-}" = -o ]; then out=$2; shift 2; fi
  curl -s -o "$out" -w '%{http_code}' --max-time "${CURL_MAX_TIME:-120}" "$@" || true
}

is_up() { [ "$(status_of "$BASE/health/liveness")" = 200 ]; }
is_gone() { [ "$(status_of "$BASE/health/liveness")" = 404 ]; }

dump_log() {
  if [ -n "${SERVER_LOG:-}" ] && [ -f "$SERVER_LOG" ]; then
    printf '[appservers] ---- last lines of %s\n' "$SERVER_LOG" >&2
    tail -n 80 "$SERVER_LOG" >&2
  fi
}

# $1, if given, names a second model served by the same fake upstream (the reload check).
write_config() {
  local second=''
  if [ -n "${1:-}" ]; then
    second="  - model_name: $1
    litellm_params: {model: openai/gpt-4o-mini, api_base: \"http://127.0.0.1:$UPSTREAM_PORT/v1\", api_key: sk-fake-upstream}"
  fi
  cat > "$DIR/config.yaml" <<EOF
model_list:
  - model_name: fake-gpt
    litellm_params:
      model: openai/gpt-4o-mini
      api_base: http://127.0.0.1:$UPSTREAM_PORT/v1
      api_key: sk-fake-upstream
$second
general_settings:
  master_key: $MASTER_KEY
ditto:
  data_dir: $DIR/data
  # The watch thread runs (and must be gone after each undeploy) but never fires during the run,
  # so the reload check below sees its own reloads.
  reload: {watch_interval: 3600}
EOF
}

# Copies the WAR next to its target and renames it in place: a scanner that looks every second
# must never see a half-written archive (Tomcat then fails the deployment, "zip END header not
# found", and does not retry until the file changes again).
place_war() {
  cp "$WAR" "$DIR/ditto.war.part"
  mv "$DIR/ditto.war.part" "$1"
}

# ---------------------------------------------------------------- the checks

expect() {
  local what=$1 expected=$2 actual=$3
  [ "$actual" = "$expected" ] || fail "$what: expected $expected, got $actual"
}

smoke() {
  local out=$DIR/smoke
  mkdir -p "$out"
  local auth=(-H "Authorization: Bearer $MASTER_KEY")

  expect "GET /v1/models" 200 "$(status_of -o "$out/models.json" "${auth[@]}" "$BASE/v1/models")"
  grep -q '"fake-gpt"' "$out/models.json" || fail "/v1/models does not list fake-gpt: $(cat "$out/models.json")"

  expect "GET /v1/models without a key" 401 "$(status_of "$BASE/v1/models")"

  # LiteLLM's model information, under the data plane's key filter as mapped in web.xml.
  expect "GET /model_group/info" 200 "$(status_of -o "$out/groups.json" "${auth[@]}" "$BASE/model_group/info")"
  grep -q '"model_group":"fake-gpt"' "$out/groups.json" \
    || fail "/model_group/info does not describe fake-gpt: $(cat "$out/groups.json")"
  expect "GET /model/info without a key" 401 "$(status_of "$BASE/model/info")"

  expect "POST /v1/chat/completions" 200 "$(status_of -o "$out/chat.json" "${auth[@]}" \
    -H 'Content-Type: application/json' \
    -d '{"model":"fake-gpt","messages":[{"role":"user","content":"hi"}]}' "$BASE/v1/chat/completions")"
  grep -q 'Hello from fake' "$out/chat.json" || fail "chat completion: $(cat "$out/chat.json")"

  # A streamed completion relayed from the fake upstream: events as they come, then [DONE].
  expect "POST /v1/chat/completions stream" 200 "$(status_of -o "$out/stream.txt" -N "${auth[@]}" \
    -H 'Content-Type: application/json' \
    -d '{"model":"fake-gpt","stream":true,"messages":[{"role":"user","content":"hi"}]}' "$BASE/v1/chat/completions")"
  [ "$(grep -c '^data: {' "$out/stream.txt")" -ge 3 ] || fail "stream has fewer than 3 data events: $(cat "$out/stream.txt")"
  grep -q '^data: \[DONE\]' "$out/stream.txt" || fail "stream does not end with [DONE]: $(cat "$out/stream.txt")"
  grep -q ' fake' "$out/stream.txt" || fail "stream lost the upstream's content: $(cat "$out/stream.txt")"

  expect "GET /health/readiness" 200 "$(status_of -o "$out/readiness.json" "$BASE/health/readiness")"

  expect "GET /admin/deployments with the master key" 200 \
    "$(status_of -o "$out/deployments.json" "${auth[@]}" "$BASE/admin/deployments")"
  grep -q 'fake-gpt' "$out/deployments.json" || fail "/admin/deployments: $(cat "$out/deployments.json")"
  expect "GET /admin/deployments without credentials" 401 "$(status_of "$BASE/admin/deployments")"

  # Admin sign-in through the container's realm (user $REALM_USER, role ditto-admin).
  expect "GET /admin/whoami as the realm's ditto-admin" 200 \
    "$(status_of -o "$out/whoami.json" -u "$REALM_USER:$REALM_PASSWORD" "$BASE/admin/whoami")"
  grep -q "$REALM_USER" "$out/whoami.json" || fail "/admin/whoami: $(cat "$out/whoami.json")"
  grep -q 'global_admin' "$out/whoami.json" || fail "/admin/whoami: not global_admin: $(cat "$out/whoami.json")"
  expect "GET /admin/deployments as the realm's ditto-admin" 200 \
    "$(status_of -u "$REALM_USER:$REALM_PASSWORD" "$BASE/admin/deployments")"
  expect "GET /admin/whoami with a wrong password" 401 \
    "$(status_of -u "$REALM_USER:wrong" "$BASE/admin/whoami")"

  # Metrics: Prometheus text with the requests just made counted.
  expect "GET /metrics without credentials" 401 "$(status_of "$BASE/metrics")"
  expect "GET /metrics" 200 "$(status_of -o "$out/metrics.txt" "${auth[@]}" "$BASE/metrics")"
  grep -q '^# TYPE ' "$out/metrics.txt" || fail "/metrics is not Prometheus text: $(head -c 300 "$out/metrics.txt")"
  grep -qE "$METRIC_REQUESTS" "$out/metrics.txt" \
    || fail "/metrics does not count the chat completions ($METRIC_REQUESTS): $(grep -c . "$out/metrics.txt") lines"
  log "smoke passed"
}

# Reloading the configuration in the container: the WAR found its file through -Dditto.config and
# reads that file again. A second model appears for new requests, then goes again when the
# original file is restored, so the redeploy rounds start from the same configuration.
reload_check() {
  local out=$DIR/smoke
  jcmd "$PID" Thread.print 2>/dev/null | grep -q '^"ditto-config-watch-' \
    || fail "no ditto-config-watch thread although the configuration sets ditto.reload.watch_interval"
  write_config fake-gpt-2
  expect "POST /admin/config/reload as the realm's ditto-admin" 200 \
    "$(status_of -o "$out/reload.json" -X POST -u "$REALM_USER:$REALM_PASSWORD" "$BASE/admin/config/reload")"
  grep -q '"status":"reloaded"' "$out/reload.json" || fail "reload: $(cat "$out/reload.json")"
  expect "POST /v1/chat/completions to the reloaded model" 200 "$(status_of -o "$out/chat2.json" \
    -H "Authorization: Bearer $MASTER_KEY" -H 'Content-Type: application/json' \
    -d '{"model":"fake-gpt-2","messages":[{"role":"user","content":"hi"}]}' "$BASE/v1/chat/completions")"
  write_config
  expect "POST /admin/config/reload with the original file" 200 \
    "$(status_of -o "$out/reload.json" -X POST -H "Authorization: Bearer $MASTER_KEY" "$BASE/admin/config/reload")"
  expect "GET /v1/models after the second reload" 200 \
    "$(status_of -o "$out/models.json" -H "Authorization: Bearer $MASTER_KEY" "$BASE/v1/models")"
  if grep -q 'fake-gpt-2' "$out/models.json"; then
    fail "fake-gpt-2 is still served after the reload: $(cat "$out/models.json")"
  fi
  log "reload passed"
}

ditto_threads() { jcmd "$PID" Thread.print 2>/dev/null | grep -E '^"ditto[-: ]' || true; }
# On Java 17 an HttpClient has no close(): its selector thread ends once the client is collected.
client_threads() { jcmd "$PID" Thread.print 2>/dev/null | grep -E '^"HttpClient-[0-9]+-SelectorManager' || true; }
no_ditto_threads() { [ -z "$(ditto_threads)" ]; }
no_client_threads_after_gc() { full_gc; [ -z "$(client_threads)" ]; }

# Loaded copies of the WAR's composition root: 1 while deployed, 0 once the class loader is gone.
loaded_copies() {
  jcmd "$PID" VM.classloaders show-classes 2>/dev/null | grep -c 'dev\.ditto\.GatewayAssembly\b' || true
}

full_gc() { jcmd "$PID" GC.run >/dev/null; sleep 1; jcmd "$PID" GC.run >/dev/null; }

heap_used_kb() {
  jcmd "$PID" GC.heap_info | grep -oE 'used [0-9]+K' | head -1 | grep -oE '[0-9]+'
}

# Ditto's threads and class loader must be gone shortly after an undeploy.
# Container worker threads keep their last task in a stack frame until they run another one
# (seen with WildFly's Undertow workers), which holds the WAR's last request objects: give the
# workers other work (the server's root, not the WAR) before looking for leaks.
cycle_workers() {
  local root=${BASE%$CONTEXT}/
  for _ in 1 2 3; do
    local pids=()
    for _ in $(seq 1 40); do curl -s -o /dev/null --max-time 5 "$root" & pids+=($!); done
    wait "${pids[@]}" || true
  done
}

check_no_leak() {
  local round=$1
  cycle_workers
  wait_until 30 no_ditto_threads || fail "threads left after undeploy $round: $(ditto_threads)"
  if ! wait_until 30 no_client_threads_after_gc; then
    jcmd "$PID" GC.heap_dump "$DIR/leak.hprof" >/dev/null 2>&1 || true
    log "what holds the HttpClient:"
    python3 .ci/appservers/hprof_path.py "$DIR/leak.hprof" jdk.internal.net.http.HttpClientFacade --instances >&2 || true
    fail "HttpClient threads left after undeploy $round and GC: $(client_threads)"
  fi
  local copies=1
  for _ in 1 2 3 4 5; do
    full_gc
    copies=$(loaded_copies)
    [ "$copies" = 0 ] && break
  done
  if [ "$copies" != 0 ]; then
    jcmd "$PID" GC.class_histogram > "$DIR/histogram.txt" 2>&1 || true
    grep -E 'dev\.ditto|ClassLoader|HttpClient|Hikari|h2\.' "$DIR/histogram.txt" | head -40 >&2 || true
    jcmd "$PID" GC.heap_dump "$DIR/leak.hprof" >/dev/null 2>&1 || true
    log "what holds the WAR's class loader:"
    python3 .ci/appservers/hprof_path.py "$DIR/leak.hprof" dev.ditto.GatewayAssembly >&2 || true
    log "threads alive: $(jcmd "$PID" Thread.print 2>/dev/null | grep -oE '^"[^"]+"' | tr '\n' ' ')"
    fail "after undeploy $round and full GC, dev.ditto classes are still loaded: the WAR's class loader leaked (histogram in $DIR/histogram.txt)"
  fi
  local heap
  heap=$(heap_used_kb)
  log "undeploy $round: no ditto threads, class loader collected, heap after GC ${heap}K"
  LAST_HEAP=$heap
  if [ "$round" = 1 ]; then BASELINE_HEAP=$heap; fi
}

check_container_log() {
  local patterns='appears to have started a thread named .* but has failed to stop it|registered the JDBC driver .* but failed to unregister it|created a ThreadLocal with key of type .*dev\.ditto|failed to unregister|memory leak|WFLYSRV0026.*ditto|WFLYCTL0013|Failed startup of context|Error deploying|Exception in thread "ditto-'
  if grep -E "$patterns" "$SERVER_LOG" >/dev/null; then
    grep -E "$patterns" "$SERVER_LOG" | head -20 >&2
    fail "the container logged a leak or deployment warning"
  fi
}

run_server() {
  SERVER=$1
  DIR=$WORK/$SERVER
  rm -rf "$DIR"
  mkdir -p "$DIR/data"
  write_config
  local started=$SECONDS
  "setup_$SERVER"
  "start_$SERVER"
  log "$SERVER started (pid $PID, $BASE)"
  "deploy_$SERVER"
  wait_until 400 is_up || fail "the WAR did not come up at $BASE"
  smoke
  reload_check
  # The class-loader check below must be able to see the WAR, or it would prove nothing.
  [ "$(loaded_copies)" -ge 1 ] || fail "jcmd VM.classloaders does not show dev.ditto.GatewayAssembly while deployed"
  BASELINE_HEAP=''
  for round in $(seq 1 "$REDEPLOYS"); do
    "undeploy_$SERVER"
    wait_until 60 is_gone || fail "the WAR is still answering after undeploy $round"
    check_no_leak "$round"
    "deploy_$SERVER"
    wait_until 400 is_up || fail "the WAR did not come back after redeploy $round"
    smoke
  done
  "undeploy_$SERVER"
  wait_until 60 is_gone || fail "the WAR is still answering after the last undeploy"
  check_no_leak $((REDEPLOYS + 1))
  local growth=$((LAST_HEAP - BASELINE_HEAP))
  log "heap after GC: ${BASELINE_HEAP}K after the first undeploy, ${LAST_HEAP}K after the last (growth ${growth}K)"
  [ "$growth" -le "$HEAP_SLACK_KB" ] || fail "heap grew by ${growth}K over $REDEPLOYS redeploys"
  check_container_log
  "stop_$SERVER"
  log "$SERVER passed in $((SECONDS - started))s"
  SERVER=''
}

stop_pid() {
  kill "$PID" 2>/dev/null || true
  wait_until 30 sh -c "! kill -0 $PID 2>/dev/null" || kill -9 "$PID" 2>/dev/null || true
}

# ---------------------------------------------------------------- Tomcat (10.1 and 11)

setup_tomcat() {
  local version=$1 archive
  archive=$(fetch org.apache.tomcat tomcat "$version" tar.gz)
  tar -xzf "$archive" -C "$DIR"
  CATALINA_HOME=$DIR/apache-tomcat-$version
  rm -rf "$CATALINA_HOME"/webapps/*
  PORT=$(free_port)
  # HTTP on a free port, no shutdown port, and the deployer scanning every second.
  sed -i -e "s/port=\"8080\"/port=\"$PORT\" address=\"127.0.0.1\"/" \
         -e 's/<Server port="8005"/<Server port="-1"/' \
         -e 's/<Engine name="Catalina" defaultHost="localhost">/<Engine name="Catalina" defaultHost="localhost" backgroundProcessorDelay="1">/' \
         "$CATALINA_HOME/conf/server.xml"
  grep -q "port=\"$PORT\"" "$CATALINA_HOME/conf/server.xml" || fail "could not set the HTTP port in server.xml"
  # The realm: Tomcat's UserDatabaseRealm reads conf/tomcat-users.xml.
  cat > "$CATALINA_HOME/conf/tomcat-users.xml" <<EOF
<?xml version="1.0" encoding="UTF-8"?>
<tomcat-users xmlns="http://tomcat.apache.org/xml" version="1.0">
  <role rolename="ditto-admin"/>
  <user username="$REALM_USER" password="$REALM_PASSWORD" roles="ditto-admin"/>
</tomcat-users>
EOF
  # The WAR ships its login-config commented out (docs/security.md), and it is deployed unchanged:
  # the server-wide defaults add BASIC sign-in against that realm instead. Tomcat merges
  # conf/web.xml into every application, and preemptiveAuthentication on the default Context
  # signs in callers that send Basic credentials without any security-constraint, so Bearer
  # tokens keep working on /admin/*.
  python3 - "$CATALINA_HOME/conf/web.xml" <<'PY'
import sys
path = sys.argv[1]
text = open(path).read()
login = """  <login-config>
    <auth-method>BASIC</auth-method>
    <realm-name>ditto</realm-name>
  </login-config>
  <security-role><role-name>ditto-admin</role-name></security-role>
</web-app>"""
assert text.rstrip().endswith("</web-app>"), "unexpected conf/web.xml"
open(path, "w").write(text.rstrip()[: -len("</web-app>")] + login + "\n")
PY
  sed -i 's/^<Context>/<Context preemptiveAuthentication="true">/' "$CATALINA_HOME/conf/context.xml"
  grep -q 'preemptiveAuthentication="true"' "$CATALINA_HOME/conf/context.xml" || fail "could not set preemptiveAuthentication in context.xml"
  BASE=http://127.0.0.1:$PORT$CONTEXT
  SERVER_LOG=$CATALINA_HOME/logs/catalina.out
}

start_tomcat() {
  CATALINA_PID=$DIR/tomcat.pid CATALINA_OPTS="$SERVER_JVM_OPTS -Dditto.config=$DIR/config.yaml" \
    "$CATALINA_HOME/bin/catalina.sh" start >/dev/null
  wait_until 30 test -s "$DIR/tomcat.pid" || fail "Tomcat wrote no pid file"
  PID=$(cat "$DIR/tomcat.pid")
}

deploy_tomcat() { place_war "$CATALINA_HOME/webapps/ditto.war"; }
undeploy_tomcat() { rm -f "$CATALINA_HOME/webapps/ditto.war"; }
stop_tomcat() { stop_pid; }

setup_tomcat10() { setup_tomcat "$TOMCAT10_VERSION"; }
start_tomcat10() { start_tomcat; }
deploy_tomcat10() { deploy_tomcat; }
undeploy_tomcat10() { undeploy_tomcat; }
stop_tomcat10() { stop_tomcat; }
setup_tomcat11() { setup_tomcat "$TOMCAT11_VERSION"; }
start_tomcat11() { start_tomcat; }
deploy_tomcat11() { deploy_tomcat; }
undeploy_tomcat11() { undeploy_tomcat; }
stop_tomcat11() { stop_tomcat; }

# ---------------------------------------------------------------- Jetty 12 (ee10)

setup_jetty12() {
  local archive
  archive=$(fetch org.eclipse.jetty jetty-home "$JETTY_VERSION" tar.gz)
  tar -xzf "$archive" -C "$DIR"
  JETTY_HOME=$DIR/jetty-home-$JETTY_VERSION
  JETTY_BASE=$DIR/base
  mkdir -p "$JETTY_BASE/etc"
  (cd "$JETTY_BASE" && java -jar "$JETTY_HOME/start.jar" --add-modules=ee10-deploy,http >/dev/null 2>&1) \
    || fail "could not create the Jetty base"
  # The realm: a HashLoginService named "ditto" over realm.properties (user: password, roles).
  printf '%s: %s,ditto-admin\n' "$REALM_USER" "$REALM_PASSWORD" > "$JETTY_BASE/etc/realm.properties"
  cat > "$JETTY_BASE/etc/ditto-realm.xml" <<'EOF'
<?xml version="1.0"?>
<!DOCTYPE Configure PUBLIC "-//Jetty//Configure//EN" "https://jetty.org/configure_10_0.dtd">
<Configure id="Server" class="org.eclipse.jetty.server.Server">
  <Call id="dittoResourceFactory" class="org.eclipse.jetty.util.resource.ResourceFactory" name="of">
    <Arg><Ref refid="Server"/></Arg>
    <Call id="dittoRealmResource" name="newResource">
      <Arg><Property name="jetty.base"/>/etc/realm.properties</Arg>
    </Call>
  </Call>
  <Call name="addBean">
    <Arg>
      <New class="org.eclipse.jetty.security.HashLoginService">
        <Set name="name">ditto</Set>
        <Set name="config"><Ref refid="dittoRealmResource"/></Set>
      </New>
    </Arg>
  </Call>
</Configure>
EOF
  # The WAR's login-config is commented out and the WAR is deployed unchanged: the deployer's
  # defaults descriptor (webdefault-ee10.xml, applied to every ee10 web application) adds BASIC
  # sign-in against the "ditto" login service instead.
  python3 - "$JETTY_HOME/etc/webdefault-ee10.xml" "$JETTY_BASE/etc/webdefault-ditto.xml" <<'PY'
import sys
text = open(sys.argv[1]).read().rstrip()
assert text.endswith("</web-app>"), "unexpected webdefault-ee10.xml"
login = """  <login-config>
    <auth-method>BASIC</auth-method>
    <realm-name>ditto</realm-name>
  </login-config>
  <security-role><role-name>ditto-admin</role-name></security-role>
</web-app>
"""
open(sys.argv[2], "w").write(text[: -len("</web-app>")] + login)
PY
  PORT=$(free_port)
  BASE=http://127.0.0.1:$PORT$CONTEXT
  SERVER_LOG=$DIR/jetty.log
}

start_jetty12() {
  (cd "$JETTY_BASE" && exec java $SERVER_JVM_OPTS -Dditto.config="$DIR/config.yaml" -jar "$JETTY_HOME/start.jar" \
    jetty.http.host=127.0.0.1 jetty.http.port="$PORT" jetty.deploy.scanInterval=1 \
    jetty.deploy.defaultsDescriptorPath="$JETTY_BASE/etc/webdefault-ditto.xml" etc/ditto-realm.xml \
    > "$SERVER_LOG" 2>&1) &
  PID=$!
  wait_until 60 sh -c "grep -q 'Started oejs.Server' '$SERVER_LOG'" || fail "Jetty did not start"
}

deploy_jetty12() { place_war "$JETTY_BASE/webapps/ditto.war"; }
undeploy_jetty12() { rm -f "$JETTY_BASE/webapps/ditto.war"; }
stop_jetty12() { stop_pid; }

# ---------------------------------------------------------------- WildFly

setup_wildfly() {
  local archive
  archive=$(fetch org.wildfly wildfly-dist "$WILDFLY_VERSION" tar.gz)
  tar -xzf "$archive" -C "$DIR"
  JBOSS_HOME=$DIR/wildfly-$WILDFLY_VERSION
  # The realm: an application user in ApplicationRealm with the group (role) ditto-admin.
  JBOSS_HOME=$JBOSS_HOME "$JBOSS_HOME/bin/add-user.sh" -s -a -u "$REALM_USER" -p "$REALM_PASSWORD" -g ditto-admin \
    || fail "add-user.sh failed"
  # The WAR's login-config is commented out and the WAR is deployed unchanged: the default
  # application security domain authenticates with the BASIC mechanism of
  # application-http-authentication (ApplicationRealm) in place of what a deployment declares,
  # proactively, so credentials that are sent are checked without a security-constraint.
  # Idle Undertow workers end after a second (docs/operations.md, WildFly): a worker keeps its
  # last request, and with it objects of the undeployed WAR, until it runs another task.
  local config=$JBOSS_HOME/standalone/configuration/standalone.xml
  python3 - "$config" <<'PY'
import sys
path = sys.argv[1]
text = open(path).read()
def swap(old, new):
    global text
    assert text.count(old) >= 1, old
    text = text.replace(old, new)
undertow = text.index('urn:jboss:domain:undertow:')
head, tail = text[:undertow], text[undertow:]
old = '<application-security-domain name="other" security-domain="ApplicationDomain"/>'
assert old in tail, "no application-security-domain in the undertow subsystem"
tail = tail.replace(old, '<application-security-domain name="other" '
                    'http-authentication-factory="application-http-authentication" override-deployment-config="true"/>', 1)
text = head + tail
swap('<worker name="default"/>', '<worker name="default" task-core-threads="0" task-keepalive="1000"/>')
# Deploy only on the .dodeploy marker: with auto-deploy, the scanner could start on the WAR before
# the marker is written and then redeploy it for the marker, in the middle of the smoke suite.
swap('<deployment-scanner path="deployments"', '<deployment-scanner auto-deploy-zipped="false" path="deployments"')
open(path, "w").write(text)
PY
  # Every socket binding moves by one offset: find one where HTTP and management are both free.
  local offset
  for _ in $(seq 1 20); do
    offset=$(( $(free_port) - 8080 ))
    if [ $offset -gt 0 ] && [ $((9990 + offset)) -lt 65000 ] && port_free $((9990 + offset)) \
       && port_free $((8443 + offset)) && port_free $((9993 + offset)) && port_free $((8080 + offset)); then
      break
    fi
  done
  OFFSET=$offset
  PORT=$((8080 + OFFSET))
  BASE=http://127.0.0.1:$PORT$CONTEXT
  SERVER_LOG=$JBOSS_HOME/standalone/log/server.log
  DEPLOYMENTS=$JBOSS_HOME/standalone/deployments
}

start_wildfly() {
  LAUNCH_JBOSS_IN_BACKGROUND=1 JBOSS_PIDFILE=$DIR/wildfly.pid \
    JAVA_OPTS="-Xms64m $SERVER_JVM_OPTS -Djava.net.preferIPv4Stack=true -Dditto.config=$DIR/config.yaml" \
    "$JBOSS_HOME/bin/standalone.sh" -b 127.0.0.1 -bmanagement 127.0.0.1 \
    -Djboss.socket.binding.port-offset="$OFFSET" > "$DIR/wildfly.out" 2>&1 &
  wait_until 120 sh -c "grep -q 'WFLYSRV0025' '$DIR/wildfly.out'" || { SERVER_LOG=$DIR/wildfly.out; fail "WildFly did not start"; }
  PID=$(cat "$DIR/wildfly.pid")
}

deploy_wildfly() {
  rm -f "$DEPLOYMENTS"/ditto.war.*
  place_war "$DEPLOYMENTS/ditto.war"
  touch "$DEPLOYMENTS/ditto.war.dodeploy"
  wait_until 400 sh -c "[ -e '$DEPLOYMENTS/ditto.war.deployed' ] || [ -e '$DEPLOYMENTS/ditto.war.failed' ]" \
    || fail "WildFly did not pick up the deployment"
  [ -e "$DEPLOYMENTS/ditto.war.failed" ] && fail "WildFly failed the deployment: $(cat "$DEPLOYMENTS/ditto.war.failed")"
  return 0
}

undeploy_wildfly() {
  rm -f "$DEPLOYMENTS/ditto.war.deployed"
  wait_until 60 test -e "$DEPLOYMENTS/ditto.war.undeployed" || fail "WildFly did not undeploy"
}

stop_wildfly() { stop_pid; }

# ---------------------------------------------------------------- main

mkdir -p "$WORK"
UPSTREAM_PORT_FILE=$WORK/upstream.port
rm -f "$UPSTREAM_PORT_FILE"
python3 .ci/appservers/fake_upstream.py "$UPSTREAM_PORT_FILE" > "$WORK/upstream.log" 2>&1 &
UPSTREAM_PID=$!
PID=''
cleanup() {
  [ -n "${PID:-}" ] && kill -9 "$PID" 2>/dev/null || true
  kill "$UPSTREAM_PID" 2>/dev/null || true
}
trap cleanup EXIT
wait_until 10 test -s "$UPSTREAM_PORT_FILE" || { log "the fake upstream did not start"; exit 1; }
UPSTREAM_PORT=$(cat "$UPSTREAM_PORT_FILE")
log "fake upstream on 127.0.0.1:$UPSTREAM_PORT"

SERVERS=("$@")
[ ${#SERVERS[@]} -gt 0 ] || SERVERS=(tomcat10 jetty12 tomcat11 wildfly)
for server in "${SERVERS[@]}"; do
  run_server "$server"
  PID=''
done
log "all passed: ${SERVERS[*]}"
