#!/usr/bin/env bash
# Installs everything, migrates, seeds the demo workspace, builds, and runs web (port 3030) + worker until Ctrl-C.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/lib.sh

require_node
ensure_env_file
step "Checking PostgreSQL and Redis"
ensure_services
step "Installing dependencies"
install_dependencies
step "Migrating the system database"
npm run --silent emailops -- migrate
step "Seeding the demo workspace"
npm run --silent emailops -- seed-demo
step "Building the web app"
build_web

PORT="${PORT:-3030}"
step "Starting web (port $PORT) and worker"
pids=()
cleanup() {
  trap - INT TERM EXIT
  for pid in "${pids[@]}"; do kill -TERM -- "-$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
}
trap cleanup INT TERM EXIT

PORT="$PORT" HOSTNAME=0.0.0.0 setsid node .next/standalone/server.js &
pids+=($!)
setsid npx tsx --max-semi-space-size=64 worker/index.ts &
pids+=($!)

for _ in $(seq 1 60); do
  curl -fs "http://127.0.0.1:$PORT/api/ready" >/dev/null 2>&1 && break
  sleep 1
done
curl -fs "http://127.0.0.1:$PORT/api/ready" >/dev/null || fail "The web app did not become ready; see the log above."

cat <<MSG

  EmailOps is running:  http://localhost:$PORT
  Demo login:           admin@emailops.local / emailops-demo
  Worker health:        http://localhost:${WORKER_PORT:-3031}/ready
  Stop with Ctrl-C.

MSG
wait -n "${pids[@]}"
