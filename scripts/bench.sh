#!/usr/bin/env bash
# The benchmark harness (docs/PERFORMANCE.md). Builds the project, then runs one load driver:
#   scripts/bench.sh direct [options]   publishes over a component link the driver serves itself, with SSE
#                                       and XMPP subscribers (--help for the options)
#   scripts/bench.sh prosody [options]  end to end: Smack publishers and subscribers through the test
#                                       Prosody (scripts/test-servers.sh starts it; installs it if needed)
#   scripts/bench.sh idle [options]     many idle SSE streams: server memory per stream
#   scripts/bench.sh micro [regex]      JMH microbenchmarks of the hot paths
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
  direct|idle)
    if uses_postgresql "$@"; then scripts/test-servers.sh start postgresql >/dev/null; fi
    bench "$what" "$@" ;;
  prosody)
    scripts/test-servers.sh start prosody >/dev/null
    bench prosody "$@" ;;
  micro)
    java -cp "$classpath" org.openjdk.jmh.Main "${1:-org.pubsubserver.bench.micro|SseEncodingBenchmark}" -f 1 -wi 3 -i 5 -w 2s -r 2s ;;
  suite)
    echo "== $(date -u +%Y-%m-%dT%H:%MZ), $(nproc) cores, $(java -version 2>&1 | head -1)"
    # nodes as users get them (the service's defaults: max_items 100, the oldest retracted), and tuned for
    # throughput (max_items 1000, the oldest discarded) beside them
    bench direct --window 128
    bench direct --window 128 --nodes 4
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
  *) echo "usage: scripts/bench.sh [direct|prosody|idle|micro|suite] [options]" >&2; exit 2 ;;
esac
