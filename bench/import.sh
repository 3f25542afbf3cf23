#!/usr/bin/env bash
# Imports a spreadsheet of 5,000 firms (each with two capabilities) through the running app, as
# the Deyang demo official: the upload (read, checked, kept as a preview) and the confirmation
# (one transaction), timed from the client, with the rows per second and the peak resident
# memory of the server. Goal: each step within 5 s. Exits 1 when the goal is missed.
# Uses a database of its own (`alliance_hub_bench_import`, made afresh each run) and the release
# site of `make run` (target/site must exist: `make run` or `make e2e` builds it).
set -euo pipefail
cd "$(dirname "$0")/.."
server_url=${DATABASE_SERVER_URL:-postgres://postgres@127.0.0.1:5432}
runtime_url=${RUNTIME_SERVER_URL:-postgres://alliance_hub_app@127.0.0.1:5432}
database=${BENCH_IMPORT_DATABASE:-alliance_hub_bench_import}
rows=${BENCH_IMPORT_ROWS:-5000}
goal_s=${BENCH_IMPORT_GOAL_S:-5}
addr=${BENCH_IMPORT_ADDR:-127.0.0.1:3200}

source bench/release-server.sh
DATABASE_OWNER_URL="$server_url/$database" .ci/postgres.sh --fresh "$database" >&2

work=$(mktemp -d)
DEMO_DATA=true DATABASE_URL="$runtime_url/$database" DATABASE_OWNER_URL="$server_url/$database" \
  LEPTOS_SITE_ADDR="$addr" LEPTOS_OUTPUT_NAME=alliance_hub LEPTOS_SITE_ROOT=target/site \
  LEPTOS_SITE_PKG_DIR=pkg LEPTOS_HASH_FILES=true LEPTOS_ENV=PROD \
  "$server_bin" >"$work/server.log" 2>&1 &
server=$!
trap 'kill "$server" 2>/dev/null; wait "$server" 2>/dev/null || true; rm -rf "$work"' EXIT
for _ in $(seq 1 600); do
  curl -sf "http://$addr/readyz" >/dev/null 2>&1 && break
  kill -0 "$server" 2>/dev/null || { cat "$work/server.log" >&2; exit 1; }
  sleep 0.1
done

# The file: Chinese headers, UTF-8 with its BOM, as Excel saves "CSV UTF-8".
python3 - "$rows" >"$work/firms.csv" <<'PY'
import sys
alphabet = "0123456789ABCDEFGHJKLMNPQRTUWXY"
def code(first17):
    total = sum(alphabet.index(c) * (3 ** i % 31) for i, c in enumerate(first17))
    return first17 + alphabet[(31 - total % 31) % 31]
out = ["\ufeff企业名称,统一社会信用代码,机构类型,简介,联系电话,能力"]
for n in range(1, int(sys.argv[1]) + 1):
    out.append(f"德阳基准测试企业{n:05d},{code(f'91510600MA6B{n:05d}')},制造企业,"
               f"\"精密零部件加工，第 {n} 家\",0838-{n:07d},"
               "谐波减速器（批量生产，1000/月，30天）；轴承（小批量）")
sys.stdout.write("\r\n".join(out) + "\r\n")
PY

curl -sf -c "$work/jar" -b "$work/jar" -o /dev/null \
  --data-urlencode "email=deyang@demo.alliance-hub.cn" \
  --data-urlencode "password=alliance-demo-2026" --data-urlencode "next=/" \
  "http://$addr/api/sign_in"

now() { date +%s.%N; }
started=$(now)
id=$(curl -sf -b "$work/jar" -F "file=@$work/firms.csv;type=text/csv" "http://$addr/api/upload_firm_import")
uploaded=$(now)
imported=$(curl -sf -b "$work/jar" --data-urlencode "import_id=$id" "http://$addr/api/confirm_firm_import")
confirmed=$(now)
rss_kb=$(awk '/VmHWM/ {print $2}' "/proc/$server/status")

python3 - "$rows" "$imported" "$started" "$uploaded" "$confirmed" "$goal_s" "$rss_kb" "$(stat -c %s "$work/firms.csv")" <<'PY'
import sys
rows, imported = int(sys.argv[1]), int(sys.argv[2])
started, uploaded, confirmed, goal = map(float, sys.argv[3:7])
rss_kb, size = int(sys.argv[7]), int(sys.argv[8])
upload, confirm = uploaded - started, confirmed - uploaded
print(f"import of {rows} firms ({size / 1024 / 1024:.1f} MB, two capabilities each)")
print(f"  upload and check: {upload:6.2f} s  ({rows / upload:7.0f} rows/s)")
print(f"  confirm:          {confirm:6.2f} s  ({imported / confirm:7.0f} firms/s, {imported} imported)")
print(f"  server peak resident memory: {rss_kb / 1024:.0f} MB")
ok = imported == rows and upload <= goal and confirm <= goal
print(f"goal: each step within {goal:.0f} s: {'met' if ok else 'MISSED'}")
sys.exit(0 if ok else 1)
PY
