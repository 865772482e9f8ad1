#!/usr/bin/env bash
# services.sh - install (if missing) and start, on loopback only, the real services
# the test suite needs: PostgreSQL 15 (Debian), Elasticsearch (integration-test
# distribution from Maven Central, with the Polish hunspell dictionary and the
# k3d-analysis-common plugin built from scripts/es-analysis-plugin) and headless
# Chromium (Debian). Safe to run again. Progress goes to stderr; stdout only gets the
# `export` lines, so `eval "$(bash scripts/services.sh)"` works.
#   scripts/services.sh             install + start + check, then print the exports
#   scripts/services.sh --env-only  only print the exports (installs nothing)
# Env: ES_VERSION (default 8.19.21), K3D_CACHE (default <repo>/.cache/services).
# Stop everything with scripts/services-stop.sh.
set -euo pipefail

print_env() {
  cat <<'EOF'
export DATABASE_URL=postgres://kooperacje:kooperacje@127.0.0.1:5432/kooperacje
export ELASTICSEARCH_URL=http://127.0.0.1:9200
export CHROMIUM_PATH=/usr/bin/chromium
EOF
}
if [[ "${1:-}" == "--env-only" ]]; then print_env; exit 0; fi
if [[ $# -gt 0 ]]; then echo "usage: $0 [--env-only]" >&2; exit 2; fi
if [[ $(id -u) -ne 0 ]]; then echo "services.sh: must run as root (installs packages, starts servers)" >&2; exit 1; fi

REPO=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
# Elasticsearch runs as an unprivileged user, who must be able to reach its folder: a checkout
# inside a private folder (e.g. one made by mktemp -d) keeps it in /var/lib instead.
if runuser -u nobody -- test -x "$REPO" 2>/dev/null; then
  CACHE=${K3D_CACHE:-$REPO/.cache/services}
else
  CACHE=${K3D_CACHE:-/var/lib/kooperacje3d/services}
fi
ES_VERSION=${ES_VERSION:-8.19.21}
ES_HOME=$CACHE/elasticsearch-$ES_VERSION
ES_USER=elasticsearch-k3d
# The integ-test build lacks the analysis-common module (asciifolding, ngram, edge_ngram), which
# Wagtail's index settings use: this plugin provides them (scripts/es-analysis-plugin/README.md).
ES_PLUGIN=k3d-analysis-common
ES_PLUGIN_SRC=$REPO/scripts/es-analysis-plugin
ES_PLUGIN_BUILD=$CACHE/es-analysis-plugin
ES_PLUGIN_ZIP=$ES_PLUGIN_BUILD/$ES_PLUGIN.zip
ES_URL=http://127.0.0.1:9200
DB_URL=postgresql://kooperacje:kooperacje@127.0.0.1:5432/kooperacje
log() { echo "[services] $*"; }
die() { echo "[services] ERROR: $*"; exit 1; }

install_packages() {  # one `apt-get update`, and only if something is missing
  local want=(postgresql-15 hunspell-pl chromium chromium-driver maven unzip curl) missing=() p
  command -v javac >/dev/null || want+=(openjdk-17-jdk-headless)   # the plugin build needs a JDK
  for p in "${want[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'ok installed' || missing+=("$p")
  done
  [[ ${#missing[@]} -gt 0 ]] || return 0
  log "installing: ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -q
  apt-get install -y -q "${missing[@]}"
}

pg_sql() { (cd / && runuser -u postgres -- psql -X -q -v ON_ERROR_STOP=1 -At "$@"); }
start_postgres() {  # cluster 15/main on 127.0.0.1:5432, role + database kooperacje
  pg_lsclusters -h 15 main >/dev/null 2>&1 || { log "creating cluster 15/main"; pg_createcluster 15 main; }
  # A drop-in: Debian's postgresql.conf includes conf.d last (pg_lsclusters reads it too).
  local dropin=/etc/postgresql/15/main/conf.d/k3d.conf changed=0 conf
  conf=$(printf "# Written by scripts/services.sh\nlisten_addresses = '127.0.0.1'\nport = 5432")
  if [[ "$(cat "$dropin" 2>/dev/null)" != "$conf" ]]; then echo "$conf" >"$dropin"; changed=1; fi
  if ! pg_lsclusters -h 15 main | awk '{print $4}' | grep -q online; then
    log "starting PostgreSQL 15"; pg_ctlcluster 15 main start
  elif [[ $changed -eq 1 ]]; then
    log "restarting PostgreSQL 15 (listen settings changed)"; pg_ctlcluster 15 main restart
  fi
  for _ in $(seq 60); do pg_isready -q -h 127.0.0.1 -p 5432 && break; sleep 0.5; done
  pg_isready -q -h 127.0.0.1 -p 5432 || die "PostgreSQL does not answer on 127.0.0.1:5432"
  pg_sql <<'SQL'
DO $$ BEGIN
  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'kooperacje') THEN
    CREATE ROLE kooperacje LOGIN CREATEDB PASSWORD 'kooperacje';
  ELSE
    ALTER ROLE kooperacje LOGIN CREATEDB PASSWORD 'kooperacje';
  END IF;
END $$;
SQL
  [[ "$(pg_sql -c "SELECT 1 FROM pg_database WHERE datname = 'kooperacje'")" == 1 ]] \
    || pg_sql -c 'CREATE DATABASE kooperacje OWNER kooperacje'
  # Password auth over TCP (Debian's pg_hba.conf has scram-sha-256 for 127.0.0.1/32).
  if ! psql -X "$DB_URL" -Atc 'SELECT 1' >/dev/null 2>&1; then
    local hba; hba=$(pg_sql -c 'SHOW hba_file')
    log "password login failed; adding a scram rule for 127.0.0.1 to $hba"
    sed -i '1i host all all 127.0.0.1/32 scram-sha-256' "$hba"
    pg_ctlcluster 15 main reload; sleep 1
    psql -X "$DB_URL" -Atc 'SELECT 1' >/dev/null || die "cannot log in as kooperacje over TCP"
  fi
  log "PostgreSQL $(psql -X "$DB_URL" -Atc 'SHOW server_version') ok on 127.0.0.1:5432"
}

es_log_tail() {
  log "Elasticsearch did not start; last lines of its console output and log:"
  echo "--- $ES_HOME/logs/console.out"; tail -n 15 "$ES_HOME/logs/console.out" 2>/dev/null || true
  echo "--- $ES_HOME/logs/k3d-test.log"; tail -n 40 "$ES_HOME/logs/k3d-test.log" 2>/dev/null || true
  exit 1
}
es_pid() {  # the pid of the Elasticsearch running from $ES_HOME, or nothing
  local pid
  pid=$(cat "$ES_HOME/elasticsearch.pid" 2>/dev/null) || return 0
  if [[ $pid =~ ^[0-9]+$ ]] && tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null | grep -q org.elasticsearch; then
    echo "$pid"
  fi
}
stop_elasticsearch() {  # stop_elasticsearch PID
  kill -TERM "$1"
  for _ in $(seq 120); do kill -0 "$1" 2>/dev/null || break; sleep 0.5; done
  ! kill -0 "$1" 2>/dev/null || die "Elasticsearch (pid $1) did not stop within 60 s"
  rm -f "$ES_HOME/elasticsearch.pid"
}
es_lacks_plugin() {  # true if the node answers but has not loaded $ES_PLUGIN
  local loaded
  loaded=$(curl -fsS -m 5 "$ES_URL/_cat/plugins?h=component" 2>/dev/null) || return 1
  ! grep -qx "$ES_PLUGIN" <<<"$loaded"
}

build_es_plugin() {  # Maven-build the plugin zip, only if it is missing or pom.xml/src changed
  local stamp=$ES_PLUGIN_BUILD/sources.sha256 hash buildlog=$CACHE/es-analysis-plugin-build.log
  hash=$(cd "$ES_PLUGIN_SRC" && find pom.xml src -type f -print0 | LC_ALL=C sort -z | xargs -0 sha256sum | sha256sum)
  [[ -s $ES_PLUGIN_ZIP && "$(cat "$stamp" 2>/dev/null)" == "$hash" ]] && return 0
  log "building the $ES_PLUGIN plugin (Maven)"
  if ! (cd "$ES_PLUGIN_SRC" && mvn -B -q -Dk3d.build.directory="$ES_PLUGIN_BUILD" clean package) >"$buildlog" 2>&1; then
    sed 's/\x1b\[[0-9;]*m//g' "$buildlog" | tail -n 30   # maven -q still prints color codes
    die "the $ES_PLUGIN build failed (full output: $buildlog)"
  fi
  echo "$hash" >"$stamp"
}
install_es_plugin() {  # (re)install the zip unless the installed files are the same; sets es_plugin_changed=1
  local dir=$ES_HOME/plugins/$ES_PLUGIN unpacked same=0
  unpacked=$(mktemp -d)
  unzip -q "$ES_PLUGIN_ZIP" -d "$unpacked"
  diff -rq "$unpacked" "$dir" >/dev/null 2>&1 && same=1
  rm -rf "$unpacked"
  [[ $same -eq 0 ]] || return 0
  if [[ -d $dir ]]; then
    log "replacing the $ES_PLUGIN plugin (the installed one differs from the build)"
    ES_JAVA_HOME="$java_home" "$ES_HOME/bin/elasticsearch-plugin" remove --silent "$ES_PLUGIN"
  else
    log "installing the $ES_PLUGIN plugin"
  fi
  # --silent drops the notice "plugin has a policy file with no additional entitlements"
  ES_JAVA_HOME="$java_home" "$ES_HOME/bin/elasticsearch-plugin" install --batch --silent "file://$ES_PLUGIN_ZIP"
  es_plugin_changed=1
}

es_analyze() {  # es_analyze ANALYZER TEXT: the tokens of the k3d-selftest index's analyzer, one a line
  curl -fsS -m 30 "$ES_URL/k3d-selftest/_analyze?filter_path=tokens.token" -H 'Content-Type: application/json' \
    -d "{\"analyzer\": \"$1\", \"text\": \"$2\"}" | grep -o '"token":"[^"]*"' | cut -d'"' -f4
}
es_self_test() {  # hunspell pl_PL + the plugin's components, in an analyzer like Wagtail's and a Polish one
  local polish1 polish2 edge
  curl -fsS -m 30 -X DELETE "$ES_URL/k3d-selftest?ignore_unavailable=true" >/dev/null
  curl -fsS -m 60 -X PUT "$ES_URL/k3d-selftest" -H 'Content-Type: application/json' -d '{
    "settings": {"number_of_shards": 1, "number_of_replicas": 0, "analysis": {
      "filter": {
        "pl_hunspell": {"type": "hunspell", "locale": "pl_PL"},
        "edgengram": {"type": "edge_ngram", "min_gram": 1, "max_gram": 15},
        "ngram": {"type": "ngram", "min_gram": 3, "max_gram": 15}},
      "tokenizer": {
        "ngram_tokenizer": {"type": "ngram", "min_gram": 3, "max_gram": 15},
        "edgengram_tokenizer": {"type": "edge_ngram", "min_gram": 2, "max_gram": 15, "side": "front"}},
      "analyzer": {
        "polish": {"type": "custom", "tokenizer": "standard", "filter": ["lowercase", "pl_hunspell", "asciifolding"]},
        "edgengram_analyzer": {"type": "custom", "tokenizer": "standard", "filter": ["asciifolding", "lowercase", "edgengram"]}}}}}' \
    >/dev/null || die "cannot create an index with hunspell pl_PL, asciifolding, ngram and edge_ngram"
  polish1=$(es_analyze polish "współpracy")
  polish2=$(es_analyze polish "gminach")
  edge=$(es_analyze edgengram_analyzer "Współ" | paste -sd ' ')
  curl -fsS -m 30 -X DELETE "$ES_URL/k3d-selftest" >/dev/null
  grep -qx wspolpraca <<<"$polish1" || die "the polish analyzer did not turn 'współpracy' into 'wspolpraca': $polish1"
  grep -qx gmina <<<"$polish2" || die "hunspell pl_PL did not stem 'gminach' to 'gmina': $polish2"
  [[ $edge == "w ws wsp wspo wspol" ]] || die "edge_ngram + asciifolding gave '$edge' for 'Współ'"
}

start_elasticsearch() {
  local dl=$CACHE/download pidfile=$ES_HOME/elasticsearch.pid ml_line="" java_home pid es_plugin_changed=0
  java_home=$(dirname "$(dirname "$(readlink -f /usr/bin/java)")")   # Debian's OpenJDK 17
  if [[ ! -x $ES_HOME/bin/elasticsearch ]]; then
    log "fetching Elasticsearch $ES_VERSION (Maven)"
    mkdir -p "$dl"
    mvn -B -q org.apache.maven.plugins:maven-dependency-plugin:3.8.1:copy \
      -Dartifact="org.elasticsearch.distribution.integ-test-zip:elasticsearch:$ES_VERSION:zip" \
      -DoutputDirectory="$dl" 2>&1 | sed 's/\x1b\[[0-9;]*m//g'   # maven -q still prints color codes
    rm -rf "$dl/unpack"; unzip -q "$dl/elasticsearch-$ES_VERSION.zip" -d "$dl/unpack"
    mv "$dl/unpack/elasticsearch-$ES_VERSION" "$ES_HOME"
    rm -rf "$dl"
  fi
  id "$ES_USER" >/dev/null 2>&1 \
    || useradd --system --no-create-home --home-dir /nonexistent --shell /usr/sbin/nologin "$ES_USER"
  mkdir -p "$ES_HOME/config/hunspell/pl_PL" "$ES_HOME/config/jvm.options.d" "$ES_HOME/data" "$ES_HOME/logs"
  cp /usr/share/hunspell/pl_PL.aff /usr/share/hunspell/pl_PL.dic "$ES_HOME/config/hunspell/pl_PL/"
  # The integ-test build has no ML module, and an unknown setting stops Elasticsearch.
  [[ -d $ES_HOME/modules/x-pack-ml ]] && ml_line="xpack.ml.enabled: false"
  cat >"$ES_HOME/config/elasticsearch.yml" <<EOF
# Written by scripts/services.sh: single node, loopback only, no security.
cluster.name: k3d-test
network.host: 127.0.0.1
http.port: 9200
discovery.type: single-node
xpack.security.enabled: false
$ml_line
path.data: $ES_HOME/data
path.logs: $ES_HOME/logs
cluster.routing.allocation.disk.threshold_enabled: false
EOF
  printf -- '-Xms1g\n-Xmx1g\n' >"$ES_HOME/config/jvm.options.d/k3d-heap.options"
  build_es_plugin
  install_es_plugin
  chown -R "$ES_USER:" "$ES_HOME"
  runuser -u "$ES_USER" -- test -x "$ES_HOME/bin" || die "$ES_USER cannot reach $ES_HOME (parent folder permissions)"
  # A node started before the plugin was (re)installed has to restart to load it.
  pid=$(es_pid)
  if [[ -n $pid ]] && { [[ $es_plugin_changed -eq 1 ]] || es_lacks_plugin; }; then
    log "restarting Elasticsearch (pid $pid) to load the $ES_PLUGIN plugin"
    stop_elasticsearch "$pid"
  fi
  # (this build has no `GET /`, so probe the cluster health API)
  if curl -fsS -m 5 "$ES_URL/_cluster/health" >/dev/null 2>&1; then
    log "Elasticsearch already answers on $ES_URL"
  elif [[ -s $pidfile ]] && kill -0 "$(cat "$pidfile")" 2>/dev/null; then
    log "Elasticsearch is starting (pid $(cat "$pidfile"))"
  else
    rm -f "$pidfile"
    log "starting Elasticsearch $ES_VERSION (java: $java_home)"
    # -d returns once the node has started (or failed); setsid: own session, so the server
    # outlives the caller's process group
    setsid -w runuser -u "$ES_USER" -- env ES_JAVA_HOME="$java_home" \
      "$ES_HOME/bin/elasticsearch" -d -p "$pidfile" </dev/null >"$ES_HOME/logs/console.out" 2>&1 \
      || es_log_tail
  fi
  local deadline=$((SECONDS + 120))
  until curl -fsS -m 6 "$ES_URL/_cluster/health?wait_for_status=yellow&timeout=5s" >/dev/null 2>&1; do
    [[ $SECONDS -lt $deadline ]] || es_log_tail
    sleep 1
  done
  es_lacks_plugin && die "the Elasticsearch on $ES_URL runs without the $ES_PLUGIN plugin (not started by this script? stop it and run again)"
  es_self_test
  local version
  version=$(curl -fsS "$ES_URL/_nodes/_local?filter_path=nodes.*.version" | sed 's/.*"version":"\([^"]*\)".*/\1/')
  log "Elasticsearch $version ok on $ES_URL with $ES_PLUGIN; 'polish' analyzer: współpracy -> wspolpraca, gminach -> gmina"
  [[ $version == "$ES_VERSION" ]] || log "WARNING: the running Elasticsearch is $version, not $ES_VERSION"
}

check_chromium() {
  [[ -x /usr/bin/chromium ]] || die "/usr/bin/chromium is missing"
  local profile dom
  profile=$(mktemp -d)
  dom=$(timeout 60 /usr/bin/chromium --headless --no-sandbox --disable-gpu --disable-background-networking \
    --disable-component-update --no-first-run --disable-sync --user-data-dir="$profile" \
    --dump-dom about:blank 2>"$profile.err") || true
  if [[ $dom != *"<html"* ]]; then
    tail -n 20 "$profile.err"; rm -rf "$profile" "$profile.err"; die "headless Chromium failed"
  fi
  rm -rf "$profile" "$profile.err"
  log "$(/usr/bin/chromium --version 2>/dev/null) ok (headless)"
}

# Progress goes to stderr. Bash keeps the saved stdout close-on-exec, so the servers
# started here do not hold a caller's `$(...)` open.
{
  install_packages
  start_postgres
  start_elasticsearch
  check_chromium
} >&2
print_env
