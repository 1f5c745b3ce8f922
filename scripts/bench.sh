#!/usr/bin/env bash
# The benchmark harness (docs/PERFORMANCE.md). Builds the project, then runs one load driver:
#   scripts/bench.sh direct [options]   publishes over a component link the driver serves itself, with SSE
#                                       and XMPP subscribers (--help for the options); --publish-over http1|http2
#                                       publishes the same items over HTTP (POST /pubsub_post/<node>, a token
#                                       got over the link) instead: HTTP/1.1 keep-alive connections, or h2c
#   scripts/bench.sh prosody [options]  end to end: Smack publishers and subscribers through the test
#                                       Prosody (scripts/test-servers.sh starts it; installs it if needed)
#   scripts/bench.sh idle [options]     many idle SSE streams: server memory per stream
#   scripts/bench.sh archive [options]  queries of a node's archive of a million items, in process (--help)
#   scripts/bench.sh micro [regex]      JMH microbenchmarks of the hot paths
#   scripts/bench.sh notify             what LISTEN/NOTIFY costs PostgreSQL's commits: pgbench commits of one
#                                       insert each, with and without a pg_notify, from 1 and 4 connections
#   scripts/bench.sh suite              every scenario of docs/PERFORMANCE.md's table, one after another
# Set BENCH_SKIP_BUILD=1 to run against the last build, BENCH_DISTRIBUTION=DIR to run another build's unpacked
# distribution (e.g. an older commit's, for a before/after). Nothing else should run on the machine meanwhile.
set -euo pipefail
cd "$(dirname "$0")/.."

what=${1:-suite}
shift || true

if [ "${BENCH_SKIP_BUILD:-}" != 1 ]; then
  ./mvnw -q -B -DskipTests install
  ./mvnw -q -B -pl distribution dependency:build-classpath -Dmdep.includeScope=test \
    -Dmdep.outputFile=target/bench.classpath >/dev/null
fi
classpath="distribution/target/test-classes:distribution/target/classes:$(cat distribution/target/bench.classpath)"
# Both the driver and the server hold one socket per stream.
ulimit -n "$(ulimit -Hn)"

bench() {
  java -cp "$classpath" -Dlogback.configurationFile=distribution/src/test/resources/logback-test.xml \
    -Dpubsub.distribution="${BENCH_DISTRIBUTION:-distribution/target/pubsub-server}" \
    org.pubsubserver.bench.Bench "$@"
}

# The PostgreSQL scenarios (--store postgresql) use scripts/test-servers.sh's, started fresh here.
uses_postgresql() { [[ " $* " == *" postgresql "* ]]; }

case "$what" in
  direct|idle|archive)
    if uses_postgresql "$@"; then scripts/test-servers.sh start postgresql >/dev/null; fi
    bench "$what" "$@" ;;
  prosody)
    scripts/test-servers.sh start prosody >/dev/null
    bench prosody "$@" ;;
  notify)
    # Each commit of the server that carries events notifies (PostgresEventTransport); PostgreSQL takes a lock
    # on its notification queue at such a commit, so notifying commits go one after another across the database.
    scripts/test-servers.sh start postgresql >/dev/null
    bin="$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)"
    work=$(mktemp -d)
    # the same statements both ways, so that the difference is the notification's alone
    printf 'BEGIN;\nINSERT INTO bench_notify (payload) VALUES (:client_id);\nSELECT :client_id::text;\nEND;\n' >"$work/plain.sql"
    printf 'BEGIN;\nINSERT INTO bench_notify (payload) VALUES (:client_id);\nSELECT pg_notify('"'"'bench_notify'"'"', :client_id::text);\nEND;\n' >"$work/notify.sql"
    export PGPASSWORD=test-secret
    psql_args=(-h 127.0.0.1 -p 25432 -U pubsub pubsub)
    "$bin/psql" "${psql_args[@]}" -q -c "SET client_min_messages = warning; DROP TABLE IF EXISTS bench_notify; CREATE TABLE bench_notify (id BIGSERIAL PRIMARY KEY, payload INT)"
    echo "== NOTIFY's cost on commits (synchronous_commit on, $(nproc) cores, PostgreSQL on the same machine)"
    for clients in 1 4; do
      for script in plain notify; do
        tps=$(PGOPTIONS='-c synchronous_commit=on' "$bin/pgbench" "${psql_args[@]}" -n -f "$work/$script.sql" -c "$clients" -j "$clients" -T 10 2>/dev/null \
          | awk '/^tps/ {print int($3); exit}')
        printf '  %d connection(s), %-6s commits/s %s\n' "$clients" "$script" "$tps"
      done
    done
    rm -rf "$work" ;;
  micro)
    java -cp "$classpath" org.openjdk.jmh.Main "${1:-org.pubsubserver.bench.micro|SseEncodingBenchmark}" -f 1 -wi 3 -i 5 -w 2s -r 2s ;;
  suite)
    echo "== $(date -u +%Y-%m-%dT%H:%MZ), $(nproc) cores, $(java -version 2>&1 | head -1)"
    # nodes as users get them (the service's defaults: max_items 100, the oldest retracted), and tuned for
    # throughput (max_items 1000, the oldest discarded) beside them
    bench direct --window 128
    bench direct --window 128 --nodes 4
    # the same publishes over HTTP (issue 17): HTTP/1.1 keep-alive, HTTP/2 (h2c)
    bench direct --window 128 --publish-over http1
    bench direct --window 128 --publish-over http2
    bench direct --h2-sync --window 128
    bench direct --h2-sync --window 128 --nodes 4
    # several instances on one PostgreSQL (issue 14)
    scripts/test-servers.sh start postgresql >/dev/null
    bench direct --store postgresql --window 128
    bench direct --store postgresql --window 128 --nodes 4
    bench direct --store postgresql --instances 2 --rate 200 --sse 100 --sse-on first
    bench direct --store postgresql --instances 2 --rate 200 --sse 100 --sse-on second
    bench direct --store postgresql --window 128 --sse 2000
    bench direct --store postgresql --instances 2 --window 128 --sse 2000 --sse-on both
    BENCH_SKIP_BUILD=1 "$0" notify
    for config in default tuned; do
      bench direct --node-config $config --window 128 --sse 1000
      bench direct --node-config $config --window 128 --sse 5000
      bench direct --node-config $config --rate 200 --sse 1000
      bench direct --node-config $config --rate 200 --sse 500
      bench direct --node-config $config --rate 1000 --sse 1000
      bench direct --node-config $config --window 128 --sse 1500 --stall-every 3
    done
    bench direct --node-config tuned --window 128 --sse 1500
    bench direct --window 128 --xmpp-subscribers 100
    bench direct --count 1 --xmpp-subscribers 100000
    bench idle --streams 19000
    scripts/test-servers.sh start prosody >/dev/null
    bench prosody
    bench prosody --subscribers 0
    bench prosody --subscribers 0 --sse 1000
    ;;
  *) echo "usage: scripts/bench.sh [direct|prosody|idle|archive|micro|notify|suite] [options]" >&2
     echo "       scripts/bench.sh direct --publish-over link|http1|http2 [options]: publishing over the link or HTTP" >&2
     exit 2 ;;
esac
