#!/bin/bash
# The front page (a template rendered with a database read) beside nginx serving the same bytes
# as a static file, measured with wrk in one run on loopback; the front page twice, with the web
# statistics' counting off and on (MINSIDE_STATS_FLUSH_SECONDS=0 and 10), every request with a
# browser's User-Agent and a referring site so that each is counted as a page view. Prints
# requests/s and p99 and the ratios, in the Markdown table bench/README.md keeps.
#
#   bench/frontpage.sh [seconds] [connections]
set -euo pipefail
cd "$(dirname "$0")/.."
duration=${1:-10}
connections=${2:-64}
threads=2

command -v wrk >/dev/null || { apt-get install -y -qq wrk >/dev/null; }
command -v nginx >/dev/null || { apt-get install -y -qq nginx-light >/dev/null; }
[ -x build/minside ] || make build >/dev/null

work=$(mktemp -d /tmp/minside-bench-XXXXXX)
cleanup() {
  [ -n "${minside_pid:-}" ] && kill "$minside_pid" 2>/dev/null && wait "$minside_pid" 2>/dev/null
  [ -f "$work/nginx.pid" ] && kill "$(cat "$work/nginx.pid")" 2>/dev/null
  rm -rf "$work"
}
trap cleanup EXIT

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])' 2>/dev/null \
  || node -e 'const s=require("net").createServer().listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})'; }

mport=$(free_port)
export MINSIDE_DATABASE_URL="sqlite:$work/minside.db" MINSIDE_LISTEN="127.0.0.1:$mport" \
       MINSIDE_BASE_URL="http://127.0.0.1:$mport" MINSIDE_VAR_DIR="$work/var" MINSIDE_THREADS=2
build/minside migrate >/dev/null
build/minside seed-demo >/dev/null
minside_start() { # flush seconds (0: counting off)
  MINSIDE_STATS_FLUSH_SECONDS=$1 build/minside serve 2>/dev/null &
  minside_pid=$!
  for _ in $(seq 50); do curl -sf "http://127.0.0.1:$mport/healthz" >/dev/null && break; sleep 0.1; done
}
minside_stop() { kill "$minside_pid" && wait "$minside_pid" 2>/dev/null; minside_pid=; }
minside_start 0

mkdir -p "$work/www"
curl -sf "http://127.0.0.1:$mport/" -o "$work/www/index.html"
nport=$(free_port)
cat > "$work/nginx.conf" <<NGINX
worker_processes 2;
pid $work/nginx.pid;
error_log $work/nginx-error.log;
events { worker_connections 1024; }
http {
  access_log off;
  default_type text/html;
  client_body_temp_path $work/tmp;
  proxy_temp_path $work/tmp;
  fastcgi_temp_path $work/tmp;
  uwsgi_temp_path $work/tmp;
  scgi_temp_path $work/tmp;
  server { listen 127.0.0.1:$nport; root $work/www; location / { try_files /index.html =404; } }
}
NGINX
mkdir -p "$work/tmp"
nginx -c "$work/nginx.conf"
for _ in $(seq 50); do curl -sf "http://127.0.0.1:$nport/" >/dev/null && break; sleep 0.1; done

# The server's CPU time (user + system, in clock ticks) so far, or 0 for nginx.
cpu_ticks() { if [ -n "${minside_pid:-}" ]; then awk '{print $14 + $15}' "/proc/$minside_pid/stat"; else echo 0; fi; }

measure() { # url -> "requests/s p99_ms server_cpu_us_per_request"
  local out rps p99 cpu0 cpu1 requests
  cpu0=$(cpu_ticks)
  out=$(wrk -t"$threads" -c"$connections" -d"${duration}s" --latency \
    -H "User-Agent: Mozilla/5.0 (X11; Linux x86_64; rv:121.0) Gecko/20100101 Firefox/121.0" \
    -H "Referer: https://www.example.org/lenke" "$1")
  cpu1=$(cpu_ticks)
  requests=$(awk '/requests in/ {print $1}' <<<"$out")
  rps=$(awk '/^Requests\/sec/ {print $2}' <<<"$out")
  p99=$(awk '$1=="99%" {v=$2; if (v ~ /us$/) {sub(/us/,"",v); v/=1000} else if (v ~ /ms$/) {sub(/ms/,"",v)} else if (v ~ /s$/) {sub(/s/,"",v); v*=1000}; printf "%.2f", v}' <<<"$out")
  echo "$rps $p99 $(awk -v c="$((cpu1 - cpu0))" -v n="$requests" -v hz="$(getconf CLK_TCK)" 'BEGIN {printf "%.1f", c * 1e6 / hz / n}')"
}

# Off and on twice, alternating, so that a change in the machine's load hits both alike; the
# figures are the means of the two runs.
read -r m1_rps m1_p99 m1_cpu < <(measure "http://127.0.0.1:$mport/")
minside_stop
minside_start 10
read -r c1_rps c1_p99 c1_cpu < <(measure "http://127.0.0.1:$mport/")
minside_stop # the last flush writes what was counted
minside_start 0
read -r m2_rps m2_p99 m2_cpu < <(measure "http://127.0.0.1:$mport/")
minside_stop
minside_start 10
read -r c2_rps c2_p99 c2_cpu < <(measure "http://127.0.0.1:$mport/")
minside_stop
counted=$(sqlite3 "$work/minside.db" "SELECT COALESCE(SUM(views), 0) FROM stats_page_view")
mean() { awk -v a="$1" -v b="$2" 'BEGIN {printf "%.2f", (a+b)/2}'; }
m_rps=$(mean "$m1_rps" "$m2_rps"); m_p99=$(mean "$m1_p99" "$m2_p99")
c_rps=$(mean "$c1_rps" "$c2_rps"); c_p99=$(mean "$c1_p99" "$c2_p99")
m_cpu=$(mean "$m1_cpu" "$m2_cpu"); c_cpu=$(mean "$c1_cpu" "$c2_cpu")
read -r n_rps n_p99 _ < <(measure "http://127.0.0.1:$nport/")
bytes=$(wc -c < "$work/www/index.html")
ratio=$(awk -v a="$m_rps" -v b="$n_rps" 'BEGIN {printf "%.2f", a/b}')
cost=$(awk -v a="$m_rps" -v c="$c_rps" 'BEGIN {printf "%.1f", (a-c)/a*100}')
cpu_cost=$(awk -v a="$m_cpu" -v c="$c_cpu" 'BEGIN {printf "%.1f", (c-a)/a*100}')

echo "| what | requests/s | p99 (ms) |"
echo "|---|---:|---:|"
printf '| Min side front page (template + SQLite read, %s bytes), counting off | %.0f | %s |\n' "$bytes" "$m_rps" "$m_p99"
printf '| Min side front page, every request counted as a page view | %.0f | %s |\n' "$c_rps" "$c_p99"
printf '| nginx, the same bytes as a static file | %.0f | %s |\n' "$n_rps" "$n_p99"
echo
echo "Min side / nginx: $ratio (wrk -t$threads -c$connections -d${duration}s, $(nproc) cores)"
echo "Server CPU per request: $m_cpu µs counting off, $c_cpu µs counting on ($cpu_cost % more)"
echo "Counting costs $cost % of the front page's requests/s (off: $m1_rps and $m2_rps, on: $c1_rps and $c2_rps); $counted page views written to stats_page_view"
