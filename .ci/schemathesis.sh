#!/usr/bin/env bash
# Fuzzes the running API with Schemathesis over every operation of its own OpenAPI document: examples,
# coverage (boundary and invalid values, wrong methods), fuzzing (positive and negative data) and stateful
# links, with a fixed seed and a bounded number of examples. Any 5xx, any reply that departs from the
# document and any undeclared status fails the run.
# The API starts as `npm start` would, with its local Neo4j (tools/neo4j-local) on free ports, a throw-away
# store and the seed loaded; both stop when this script exits.
set -euo pipefail
cd "$(dirname "$0")/.."

schemathesis_version=4.32.5
venv=.venv-schemathesis # project-local, git-ignored
seed=20261128
max_examples=${SCHEMATHESIS_MAX_EXAMPLES:-25}

if ! "$venv/bin/st" --version 2>/dev/null | grep -q "$schemathesis_version"; then
  echo "== install: Schemathesis $schemathesis_version from PyPI into $venv"
  python3 -m venv "$venv"
  "$venv/bin/pip" install --quiet --disable-pip-version-check "schemathesis==$schemathesis_version"
fi

free_port() {
  node -e 'const s = require("node:net").createServer(); s.listen(0, "127.0.0.1", () => { console.log(s.address().port); s.close(); });'
}

api_port=$(free_port)
neo4j_port=$(free_port)
# The local Neo4j stops with the API here, rather than staying up for a next start that never comes.
export NEO4J_LOCAL_IDLE_MINUTES=0
store=$(mktemp -d)
log=.ci/schemathesis-api.log
base="http://127.0.0.1:$api_port"

# The fuzzer is one client sending about 1,200 requests as fast as it can on a shared CI machine: rate limits
# and load shedding are off and timeouts generous (a 1 s health probe calls a merely busy Neo4j "down"), so
# a 429 or 503 it meets is a finding, not the limits doing their job (test/ covers those). Everything else
# is the production configuration.
echo "== start: API on $base, local Neo4j on port $neo4j_port (log: $log)"
NEO4J_URI='' NEO4J_LOCAL_PORT=$neo4j_port NEO4J_LOCAL_HOME=$store HOST=127.0.0.1 PORT=$api_port \
  SEED_ON_START=never NEO4J_QUERY_TIMEOUT_MS=30000 HTTP_HANDLER_TIMEOUT_MS=30000 NEO4J_PROBE_TIMEOUT_MS=5000 \
  RATE_LIMIT_LOOKUP_MAX=0 RATE_LIMIT_HEAVY_MAX=0 HTTP_MAX_EVENT_LOOP_DELAY_MS=0 \
  LOG_LEVEL=warn node --import tsx tools/neo4j-local/run.ts src/server.ts >"$log" 2>&1 &
api_pid=$!
stop_api() {
  kill -TERM "$api_pid" 2>/dev/null || true
  wait "$api_pid" 2>/dev/null || true
  rm -rf "$store"
}
trap stop_api EXIT

deadline=$((SECONDS + 240))
until curl -fsS "$base/health/ready" >/dev/null 2>&1; do
  if ! kill -0 "$api_pid" 2>/dev/null; then
    echo "the API exited before it was ready:" >&2
    tail -20 "$log" >&2
    exit 1
  fi
  if ((SECONDS > deadline)); then
    echo "the API was not ready within 240 s:" >&2
    tail -20 "$log" >&2
    exit 1
  fi
  sleep 1
done

# Loaded with the seed command rather than on start, so that a load that times out on a busy machine is retried
# here instead of leaving the API not ready.
echo "== seed: graph-seed/ into the local Neo4j"
for attempt in 1 2 3; do
  if NEO4J_URI='' NEO4J_LOCAL_PORT=$neo4j_port NEO4J_LOCAL_HOME=$store node --import tsx tools/neo4j-local/run.ts src/seed/cli.ts >>"$log" 2>&1; then break; fi
  if ((attempt == 3)); then
    echo "loading the seed failed three times:" >&2
    tail -20 "$log" >&2
    exit 1
  fi
  echo "   seed attempt $attempt failed; retrying"
done

# A key with the write scope, so the writes are fuzzed past authentication (their 401 and 403 are tested in
# test/routes/curation.int.test.ts). Reads ignore it.
echo "== key: a write key for the fuzzer"
key=$(NEO4J_URI='' NEO4J_LOCAL_PORT=$neo4j_port NEO4J_LOCAL_HOME=$store node --import tsx tools/neo4j-local/run.ts src/auth/cli.ts \
  create --name schemathesis --scopes write 2>>"$log" | grep -o 'cg_[A-Za-z0-9_-]*' | head -1)
if [ -z "$key" ]; then
  echo "creating the fuzzer's key failed:" >&2
  tail -20 "$log" >&2
  exit 1
fi

# The change stream never ends by design (Server-Sent Events): test/routes/curation.int.test.ts reads it.
echo "== schemathesis: seed $seed, at most $max_examples examples per operation and phase (stateful links included)"
status=0
"$venv/bin/st" --config-file tools/schemathesis/schemathesis.toml run "$base/openapi.json" \
  --header "Authorization: Bearer $key" \
  --exclude-path '/v1/changes/stream' \
  --seed "$seed" \
  --max-examples "$max_examples" \
  --generation-database none \
  --report junit --report-dir .ci/schemathesis-report || status=$?

# The exports again, each request conditional: `If-None-Match: *` turns a streamed 200 into a 304, the reply
# path that once left a transaction open for good.
echo "== schemathesis: the exports with If-None-Match: *"
"$venv/bin/st" --config-file tools/schemathesis/schemathesis.toml run "$base/openapi.json" \
  --include-path-regex '^/v1/graph' \
  --header 'If-None-Match: *' \
  --phases examples,coverage,fuzzing \
  --seed "$seed" \
  --max-examples "$max_examples" \
  --generation-database none || status=$?

# Whatever the fuzzer sent, every pooled Neo4j connection must be back and the instance ready.
echo "== after fuzzing: the Neo4j pool is idle and the API is ready"
idle=0
for _ in $(seq 20); do
  in_use=$(curl -fsS "$base/metrics" | awk '$1 == "neo4j_pool_connections_in_use" { print $2 }')
  if [ "$in_use" = "0" ]; then idle=1; break; fi
  sleep 0.5
done
if [ "$idle" != 1 ]; then
  echo "connections still in use after fuzzing: ${in_use:-unknown}" >&2
  status=1
fi
if ! curl -fsS "$base/health/ready" >/dev/null; then
  echo "the API is not ready after fuzzing:" >&2
  curl -sS "$base/health/ready" >&2 || true
  status=1
fi
exit "$status"
