#!/usr/bin/env bash
# Hot-path microbenchmarks (JMH 1.37), see docs/performance.md.
#
#   bench/jmh.sh                          every benchmark (about 6 minutes)
#   bench/jmh.sh Admission -p store=memory  the ones matching a pattern, JMH options after it
#   bench/jmh.sh -l                       list them
#
# Compiles bench/jmh/java with the Maven profile `jmh` (off in the normal build), then runs
# JMH's runner pinned to one core (JMH_CPU, default 1; forks inherit the pinning). The Redis
# admission benchmark needs Redis at DITTO_REDIS_URL (default redis://127.0.0.1:6379).
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
cp_file=target/jmh-classpath.txt
offline=-o
# The first run on a machine fetches JMH and the build helper from Maven Central.
[[ -d "${MAVEN_REPO:-$HOME/.m2/repository}/org/openjdk/jmh/jmh-core/1.37" ]] || offline=
./mvnw -q $offline -Pjmh test-compile dependency:build-classpath -Dmdep.includeScope=test \
    -Dmdep.outputFile="$cp_file" >&2
exec taskset -c "${JMH_CPU:-1}" java -cp "target/test-classes:target/classes:$(cat "$cp_file")" \
    org.openjdk.jmh.Main "$@"
