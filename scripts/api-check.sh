#!/usr/bin/env bash
# The API's contract, judged by a fuzzer nobody here wrote: schemathesis, every check, against the server as
# `npm start` builds it (a fresh embedded database, the first-run admin key). Exits non-zero on any failure.
#   bash scripts/api-check.sh            (API_CHECK_MAX_EXAMPLES=10 by default; SCHEMATHESIS=path/to/st)
set -uo pipefail
cd "$(dirname "$0")/.."
st_bin=${SCHEMATHESIS:-st}
command -v "$st_bin" >/dev/null || { echo "schemathesis is not installed: pip install schemathesis==4.32.5" >&2; exit 1; }
max_examples=${API_CHECK_MAX_EXAMPLES:-10}
started=$(date +%s)

npm run build --silent || { echo "api check: the build failed" >&2; exit 1; }

work=$(mktemp -d)
port=$(node -e 'const s = require("node:net").createServer().listen(0, "127.0.0.1", () => { console.log(s.address().port); s.close(); });')
bot_pid=
cleanup() {
  [[ -n "$bot_pid" ]] && kill "$bot_pid" 2>/dev/null && wait "$bot_pid" 2>/dev/null
  rm -rf "$work"
}
trap cleanup EXIT

# Its own database (MONGODB_URI unset: the embedded one, in a data directory of its own) and high rate limits,
# so the fuzzer reaches the routes' logic; the 429s are documented all the same.
env -u MONGODB_URI PORT="$port" HOST=127.0.0.1 DATA_DIR="$work/data" LOG_LEVEL=warn \
  RATE_LIMIT_PER_IP_PER_MINUTE=1000000 RATE_LIMIT_PER_PERSON_PER_MINUTE=1000000 \
  node --disable-warning=DEP0111 dist/bot/index.js >"$work/bot.out" 2>"$work/bot.err" &
bot_pid=$!
for _ in $(seq 1 120); do
  node -e 'fetch(process.argv[1]).then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))' "http://127.0.0.1:$port/readyz" && break
  kill -0 "$bot_pid" 2>/dev/null || break
  sleep 1
done
key=$(grep -o 'cbk_[A-Za-z0-9_-]*' "$work/bot.err" | head -1)
if [[ -z "$key" ]]; then
  echo "api check: the bot did not start, or printed no first-run admin key" >&2
  tail -20 "$work/bot.err" >&2
  exit 1
fi

node -e 'fetch(process.argv[1]).then((r) => r.text()).then((t) => require("node:fs").writeFileSync(process.argv[2], t))' \
  "http://127.0.0.1:$port/openapi.json" "$work/openapi.json" || { echo "api check: no /openapi.json" >&2; exit 1; }
echo "== the served document against the OpenAPI 3.1 schemas, every \$ref resolved"
node scripts/validate-openapi.mjs "$work/openapi.json" || { echo "== api check: FAILED (the document is not valid OpenAPI 3.1)"; exit 1; }

echo "== schemathesis against http://127.0.0.1:$port/openapi.json (--checks all, --max-examples $max_examples)"
SCHEMATHESIS_HOOKS=api_check_hooks PYTHONPATH="$PWD/scripts${PYTHONPATH:+:$PYTHONPATH}" \
  "$st_bin" --config-file scripts/schemathesis.toml run "http://127.0.0.1:$port/openapi.json" \
  --header "X-Api-Key: $key" --checks all --max-examples "$max_examples" --seed "${API_CHECK_SEED:-20}" \
  --request-timeout 40 --no-color
status=$?
echo "== api check: $([[ $status -eq 0 ]] && echo passed || echo FAILED) in $(( $(date +%s) - started )) s"
exit "$status"
