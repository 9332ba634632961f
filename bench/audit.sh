#!/usr/bin/env bash
# Audit and spend-log benchmarks (docs/performance.md): write-behind append throughput on H2 and
# PostgreSQL, and an export of 1,000,000 spend rows from a gateway limited to a 128 MB heap.
# Not part of the test suite. PostgreSQL runs need DITTO_POSTGRES_URL (as .ci/run exports it).
#   bench/audit.sh                 # everything
#   bench/audit.sh append h2       # one benchmark, one database
#   ROWS=200000 bench/audit.sh export postgres
set -euo pipefail
cd "$(dirname "$0")/.."

./mvnw -q -o test-compile
./mvnw -q -o dependency:build-classpath -Dmdep.outputFile=target/bench.cp -Dmdep.includeScope=test
CP="target/test-classes:target/classes:$(cat target/bench.cp)"
RECORDS=${RECORDS:-100000}
ROWS=${ROWS:-1000000}

what=${1:-all}
dbs=${2:-"h2 postgres"}
for db in $dbs; do
  if [ "$db" = postgres ] && [ -z "${DITTO_POSTGRES_URL:-}" ]; then
    echo "skipping postgres: set DITTO_POSTGRES_URL" >&2; continue
  fi
  if [ "$what" = all ] || [ "$what" = append ]; then
    java -cp "$CP" dev.ditto.bench.WriteBehindBench --db "$db" --records "$RECORDS" 2>/dev/null | grep '^db='
  fi
  if [ "$what" = all ] || [ "$what" = export ]; then
    java -Xmx128m -cp "$CP" dev.ditto.bench.SpendExportBench --db "$db" --rows "$ROWS" 2>/dev/null | grep '^exported='
  fi
done
