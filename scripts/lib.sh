# Shared steps of scripts/start.sh and scripts/test.sh. Sourced, not executed.

export NEXT_TELEMETRY_DISABLED=1

step() { printf '\n\033[1m==> %s\033[0m\n' "$*"; }
fail() { printf '\033[31mError: %s\033[0m\n' "$*" >&2; exit 1; }

require_node() {
  command -v node >/dev/null || fail "Node.js 20.9+ is required (node not found)."
  node -e 'const [a,b]=process.versions.node.split(".").map(Number); process.exit(a>20||(a===20&&b>=9)?0:1)' \
    || fail "Node.js 20.9+ is required (found $(node --version))."
}

ensure_env_file() {
  if [ ! -f .env ]; then
    cp .env.example .env
    echo "Created .env from .env.example"
  fi
  set -a
  # shellcheck disable=SC1091
  . ./.env
  set +a
}

# Postgres and Redis run locally on the project's machines; start them only when they do not answer.
ensure_services() {
  if ! pg_isready -q -h 127.0.0.1 -p 5432 2>/dev/null; then
    if command -v pg_ctlcluster >/dev/null && [ -d /etc/postgresql ]; then
      echo "Starting PostgreSQL"
      pg_ctlcluster --skip-systemctl-redirect "$(ls /etc/postgresql | head -n1)" main start || true
    fi
    for _ in $(seq 1 30); do pg_isready -q -h 127.0.0.1 -p 5432 && break; sleep 1; done
    pg_isready -q -h 127.0.0.1 -p 5432 || fail "PostgreSQL is not answering on 127.0.0.1:5432 (try: docker compose up -d postgres redis)."
  fi
  if ! (exec 3<>/dev/tcp/127.0.0.1/6379) 2>/dev/null; then
    if command -v redis-server >/dev/null; then
      echo "Starting Redis"
      redis-server --daemonize yes --bind 127.0.0.1 --port 6379 --save '' --appendonly no >/dev/null
    fi
    for _ in $(seq 1 30); do (exec 3<>/dev/tcp/127.0.0.1/6379) 2>/dev/null && break; sleep 1; done
    (exec 3<>/dev/tcp/127.0.0.1/6379) 2>/dev/null || fail "Redis is not answering on 127.0.0.1:6379 (try: docker compose up -d postgres redis)."
  fi
}

# npm ci only when package-lock.json changed since the last install: a fresh clone always installs.
install_dependencies() {
  local stamp=node_modules/.emailops-lock-hash
  local hash
  hash=$(sha256sum package-lock.json | cut -d' ' -f1)
  if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$hash" ]; then
    echo "Dependencies are up to date"
  else
    npm ci --no-audit --no-fund
    echo "$hash" > "$stamp"
  fi
}

ensure_chromium() {
  if [ ! -x /usr/bin/chromium ]; then
    echo "Installing Debian's Chromium for the browser tests"
    local sudo=""
    [ "$(id -u)" -ne 0 ] && sudo="sudo"
    $sudo apt-get install -y chromium >/dev/null || { $sudo apt-get update >/dev/null && $sudo apt-get install -y chromium >/dev/null; } \
      || fail "Could not install chromium with apt-get."
  fi
}

build_web() {
  npx next build
  # The standalone server serves only what is copied next to it.
  rm -rf .next/standalone/.next/static .next/standalone/public
  cp -r .next/static .next/standalone/.next/static
  cp -r public .next/standalone/public
}
