#!/bin/sh
# The systemd unit of docs/deploy.md as an operator copies it: it has the hardening the
# documentation promises, `systemd-analyze verify` accepts it, and `systemd-analyze security`
# rates its exposure 2.0 or lower. Speaks TAP; skips when systemd-analyze is not installed.
# Arguments: the source folder and the minside binary (verify wants ExecStart to exist).
set -u
top=$1
bin=$(cd "$(dirname "$2")" && pwd)/$(basename "$2")
n=0
failed=0
ok() { n=$((n + 1)); if [ "$1" -eq 0 ]; then echo "ok $n - $2"; else echo "not ok $n - $2"; failed=1; fi; }

work=$(mktemp -d /tmp/minside-unit-XXXXXX)
trap 'rm -rf "$work"' EXIT
unit="$work/minside.service"
# The first ```ini block after the heading "## systemd".
sed -n '/^## systemd$/,$p' "$top/docs/deploy.md" | sed -n '/^```ini$/,/^```$/p' | sed '1d;$d' > "$unit"
[ -s "$unit" ]; ok $? "docs/deploy.md has a unit file under «## systemd»"

for setting in Type=notify PrivateTmp=yes ProtectHome=yes ProtectSystem=strict NoNewPrivileges=yes \
  SystemCallFilter=@system-service 'CapabilityBoundingSet=$'; do
  grep -q "^$setting" "$unit"; ok $? "the unit sets ${setting%$}"
done

if ! command -v systemd-analyze > /dev/null 2>&1; then
  n=$((n + 1)); echo "ok $n # SKIP systemd-analyze is not installed"
else
  sed "s|^ExecStart=/usr/local/bin/minside |ExecStart=$bin |" "$unit" > "$work/check.service"
  systemd-analyze verify "$work/check.service" > "$work/verify" 2>&1
  ok $? "systemd-analyze verify accepts the unit$(head -c 300 "$work/verify" | tr '\n' ' ')"
  systemd-analyze security --offline=yes --threshold=20 "$work/check.service" > "$work/security" 2>&1
  rc=$?
  ok $rc "systemd-analyze security rates it 2.0 or lower ($(grep -o 'exposure level.*' "$work/security"))"
fi

echo "1..$n"
exit $failed
