#!/usr/bin/env bash
# Installs everything and runs the whole suite: typecheck, lint, unit, integration, build, Playwright e2e.
# Ends with a pass/fail summary; exits non-zero when any step failed.
set -uo pipefail
cd "$(dirname "$0")/.."
. scripts/lib.sh

set -e
require_node
ensure_env_file
step "Checking PostgreSQL and Redis"
ensure_services
step "Installing dependencies"
install_dependencies
ensure_chromium
set +e

names=()
results=()
durations=()
run_step() {
  local name=$1
  shift
  step "$name"
  local started=$SECONDS
  "$@"
  local status=$?
  names+=("$name")
  durations+=($((SECONDS - started)))
  if [ $status -eq 0 ]; then results+=("pass"); else results+=("FAIL"); fi
  return $status
}

run_step "typecheck" npx tsc --noEmit
run_step "lint" npx eslint --max-warnings 0 .
run_step "unit tests" npx vitest run --project unit
run_step "integration tests" npx vitest run --project integration
if run_step "next build" build_web; then
  run_step "e2e (Playwright + Chromium)" npx vitest run --project e2e
else
  names+=("e2e (Playwright + Chromium)"); results+=("FAIL"); durations+=(0)
  echo "Skipping e2e: the build failed."
fi

printf '\n\033[1mSummary\033[0m\n'
failed=0
for i in "${!names[@]}"; do
  printf '  %-32s %-5s %4ss\n' "${names[$i]}" "${results[$i]}" "${durations[$i]}"
  [ "${results[$i]}" = "pass" ] || failed=1
done
if [ $failed -ne 0 ]; then
  printf '\033[31mSome steps failed.\033[0m\n'
  exit 1
fi
printf '\033[32mAll steps passed in %ss.\033[0m\n' "$SECONDS"
