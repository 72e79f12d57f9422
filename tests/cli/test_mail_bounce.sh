#!/bin/sh
# `minside mail-bounce` as Postfix's pipe transport runs it: every bounce report in
# reference/mail/bounces/bounce/ (Postfix, Exim, Sendmail, qmail, Gmail, Office 365, plain RFC
# 3464; hard and soft) is fed for a subscriber with the address the report names, and the
# address must be deleted (5.x.x) or kept with its temporary failure counted (4.x.x); every
# auto-reply and ordinary mail in not-bounce/ must change nothing. Then: temporary failures of
# consecutive issues deleting the address after MINSIDE_NEWSLETTER_SOFT_BOUNCES, a report about
# another address, forged and unknown return paths, the token found in the report's headers,
# input that is not mail, and a database that cannot be reached, each with its exit code.
# Speaks TAP. SQLite (the SQL is shared with the newsletter tests on both engines).
set -u
bin=$1
spec=${MINSIDE_SPEC_DIR:-../shared/reference}/mail/bounces
n=0
failed=0
ok() { n=$((n + 1)); if [ "$1" -eq 0 ]; then echo "ok $n - $2"; else echo "not ok $n - $2"; failed=1; fi; }

work=$(mktemp -d /tmp/minside-bounce-XXXXXX)
trap 'rm -rf "$work"' EXIT
export MINSIDE_VAR_DIR="$work/var"
export MINSIDE_DATABASE_URL="sqlite:$work/minside.db"
export MINSIDE_MAIL_FROM="ikke-svar@eksempel.no"
unset MINSIDE_NEWSLETTER_RETURN_PATH MINSIDE_NEWSLETTER_SOFT_BOUNCES
db="$work/minside.db"

"$bin" migrate > /dev/null 2>&1; ok $? "a migrated database"
sqlite3 "$db" "INSERT INTO staff (subject, name, roles, last_login_at) VALUES ('s', 'Leder', 'leder', 0);
  INSERT INTO newsletter_issue (id, title, body, state, created_by, created_at, updated_at, send_started_at)
  VALUES (1, 'Første', 'x', 'sent', 1, 1, 1, 100), (2, 'Andre', 'x', 'sent', 1, 1, 1, 200),
         (3, 'Tredje', 'x', 'sent', 1, 1, 1, 300), (4, 'Fjerde', 'x', 'sent', 1, 1, 1, 400);"

# subscribe ADDRESS: a confirmed subscriber with a new random ref; prints the ref.
subscribe() {
  ref=$(head -c 16 /dev/urandom | od -An -tx1 | tr -d ' \n')
  sqlite3 "$db" "DELETE FROM newsletter_subscriber WHERE address = '$1';
    INSERT INTO newsletter_subscriber (address, ref, consent_version, consent_at, confirmed_at, created_at)
    VALUES ('$1', '$ref', '2026-12-01', 1, 1, 1);"
  echo "$ref"
}
rows() { sqlite3 "$db" "SELECT COUNT(*) FROM newsletter_subscriber WHERE ref = '$1'"; }
soft() { sqlite3 "$db" "SELECT soft_bounces FROM newsletter_subscriber WHERE ref = '$1'"; }

# Each report: the address it names as failed, and hard (5.x.x) or soft (4.x.x).
while read -r file address kind; do
  ref=$(subscribe "$address")
  "$bin" mail-bounce "bounce+$ref-1@eksempel.no" < "$spec/bounce/$file" > "$work/out" 2>&1
  rc=$?
  if [ "$kind" = hard ]; then
    [ $rc -eq 0 ] && [ "$(rows "$ref")" = 0 ]
    ok $? "$file: permanent failure for $address deletes the address (exit $rc: $(tail -n 1 "$work/out"))"
  else
    [ $rc -eq 0 ] && [ "$(rows "$ref")" = 1 ] && [ "$(soft "$ref")" = 1 ]
    ok $? "$file: temporary failure for $address is counted, the address kept (exit $rc)"
  fi
done <<'LIST'
lhost-exim-01.eml kijitora@example.ed.jp hard
lhost-exim-02.eml kijitora@example.jp hard
lhost-exim-03.eml kijitora@example.jp hard
lhost-exim-04.eml kijitora@example.ed.jp hard
lhost-exim-05.eml kijitora@neko.example.co.jp hard
lhost-exim-06.eml kijitora@example.com hard
lhost-exim-07.eml shiba@example.com hard
lhost-exim-08.eml kijitora@example.org hard
lhost-gmail-01.eml userunknown@example.jp hard
lhost-gmail-03.eml kijitora@example.co.jp hard
lhost-gmail-04.eml kijitora@example.com hard
lhost-gmail-05.eml shironeko@example.jp hard
lhost-office365-01.eml kijitora@example.com hard
lhost-office365-02.eml kijitora@example.onmicrosoft.com hard
lhost-office365-03.eml kijitora@example.com hard
lhost-postfix-01.eml r@p351355.pool.example.ne.jp hard
lhost-postfix-02.eml filtered@example.co.jp hard
lhost-postfix-03.eml kijitora@example.net hard
lhost-postfix-04.eml kijitora@example.co.jp hard
lhost-postfix-05.eml kijitora@example.org soft
lhost-postfix-06.eml kijitora@neko.example.jp hard
lhost-postfix-07.eml kijitora@user.example.or.jp hard
lhost-postfix-08.eml kijitora@example.com soft
lhost-postfix-09.eml kijitora@example.ne.jp soft
lhost-postfix-10.eml kijitora@example.jp hard
lhost-qmail-01.eml kijitora@example.ne.jp hard
lhost-qmail-02.eml userunknown@example.jp hard
lhost-sendmail-01.eml userunknown@bouncehammer.jp hard
lhost-sendmail-02.eml userunknown@example.org hard
lhost-sendmail-03.eml bounce0@example.org hard
rfc3464-01.eml userunknown@bouncehammer.jp hard
rfc3464-03.eml kijitora@example.com hard
rfc3464-04.eml kijitora@mailx-53.neko.example.edu hard
rfc3464-06.eml kijitora@example.net hard
LIST
count=$(ls "$spec/bounce/"*.eml | wc -l)
[ "$n" -eq $((count + 1)) ]; ok $? "every report in bounce/ was fed ($count)"

# Auto-replies and ordinary mail: every address a message names is a subscriber, the message is
# fed once with each one's return path, and nothing may go.
for f in "$spec/not-bounce/"*.eml; do
  refs=""
  for address in $(grep -o -i '[a-z0-9._%+-]*@[a-z0-9.-]*\.[a-z]*' "$f" | tr 'A-Z' 'a-z' | sort -u); do
    refs="$refs $(subscribe "$address")"
  done
  codes=""
  bad=0
  for r in $refs; do
    "$bin" mail-bounce "bounce+$r-1@eksempel.no" < "$f" > "$work/out" 2>&1
    rc=$?
    codes="$codes $rc"
    [ $rc -eq 3 ] || [ $rc -eq 4 ] || bad=1
  done
  for r in $refs; do [ "$(rows "$r")" = 1 ] || bad=1; done
  [ $bad -eq 0 ]; ok $? "$(basename "$f"): not a bounce, nothing deleted for any address it names (exits$codes)"
done

# Temporary failures in a row: three consecutive issues delete the address (default 3); the
# same issue twice counts once; a gap starts the count again.
soft_report="$spec/bounce/lhost-postfix-05.eml"
ref=$(subscribe kijitora@example.org)
"$bin" mail-bounce "bounce+$ref-1@eksempel.no" < "$soft_report" > /dev/null 2>&1
"$bin" mail-bounce "bounce+$ref-1@eksempel.no" < "$soft_report" > /dev/null 2>&1
[ "$(soft "$ref")" = 1 ]; ok $? "two reports for the same issue count once"
"$bin" mail-bounce "bounce+$ref-2@eksempel.no" < "$soft_report" > /dev/null 2>&1
[ "$(soft "$ref")" = 2 ]; ok $? "the next issue's counts as the second in a row"
"$bin" mail-bounce "bounce+$ref-4@eksempel.no" < "$soft_report" > /dev/null 2>&1
[ "$(soft "$ref")" = 1 ] && [ "$(rows "$ref")" = 1 ]; ok $? "an issue without a failure in between starts the count again"
"$bin" mail-bounce "bounce+$ref-3@eksempel.no" < "$soft_report" > /dev/null 2>&1
ref=$(subscribe kijitora@example.org)
for i in 1 2 3; do "$bin" mail-bounce "bounce+$ref-$i@eksempel.no" < "$soft_report" > "$work/out" 2>&1; done
[ "$(rows "$ref")" = 0 ] && grep -q slettet "$work/out"; ok $? "three issues in a row: the address is deleted"
ref=$(subscribe kijitora@example.org)
MINSIDE_NEWSLETTER_SOFT_BOUNCES=1 "$bin" mail-bounce "bounce+$ref-1@eksempel.no" < "$soft_report" > /dev/null 2>&1
[ "$(rows "$ref")" = 0 ]; ok $? "MINSIDE_NEWSLETTER_SOFT_BOUNCES=1 deletes at the first"
[ "$(sqlite3 "$db" "SELECT bounced FROM newsletter_issue WHERE id = 1")" -gt 0 ]; ok $? "bounces are counted on their issue"

# Reports that are not about our address, and return paths that are not ours.
hard_report="$spec/bounce/lhost-postfix-01.eml"
ref=$(subscribe annen@eksempel.no)
"$bin" mail-bounce "bounce+$ref-1@eksempel.no" < "$hard_report" > "$work/out" 2>&1
[ $? -eq 4 ] && [ "$(rows "$ref")" = 1 ]; ok $? "a report naming another address: exit 4, nothing deleted"
ref=$(subscribe r@p351355.pool.example.ne.jp)
"$bin" mail-bounce "bounce+$(printf '%032x' 99999)-1@eksempel.no" < "$hard_report" > /dev/null 2>&1
[ $? -eq 4 ] && [ "$(rows "$ref")" = 1 ]; ok $? "an unknown token: exit 4, nothing deleted"
"$bin" mail-bounce "bounce+ikke-et-token@eksempel.no" < "$hard_report" > /dev/null 2>&1
[ $? -eq 4 ] && [ "$(rows "$ref")" = 1 ]; ok $? "a malformed token: exit 4"
"$bin" mail-bounce < "$hard_report" > /dev/null 2>&1
[ $? -eq 4 ] && [ "$(rows "$ref")" = 1 ]; ok $? "no return path at all: exit 4"
{ printf 'X-Original-To: bounce+%s-1@eksempel.no\n' "$ref"; cat "$hard_report"; } > "$work/with-header.eml"
"$bin" mail-bounce < "$work/with-header.eml" > /dev/null 2>&1
[ $? -eq 0 ] && [ "$(rows "$ref")" = 0 ]; ok $? "the return path found in X-Original-To when not given"

# Input that is not a mail message at all.
ref=$(subscribe kijitora@example.com)
: | "$bin" mail-bounce "bounce+$ref-1@eksempel.no" > /dev/null 2>&1
[ $? -eq 65 ]; ok $? "empty input: exit 65"
printf 'bare tekst uten hoder\n' | "$bin" mail-bounce "bounce+$ref-1@eksempel.no" > /dev/null 2>&1
[ $? -eq 65 ] && [ "$(rows "$ref")" = 1 ]; ok $? "text that is not mail: exit 65, nothing deleted"
head -c 3000 /dev/urandom | "$bin" mail-bounce "bounce+$ref-1@eksempel.no" > /dev/null 2>&1
rc=$?
[ $rc -eq 65 ] || [ $rc -eq 3 ]; ok $? "random bytes: exit 65 or 3 (exit $rc), no crash"
[ "$(rows "$ref")" = 1 ]; ok $? "and nothing deleted"
MINSIDE_DATABASE_URL="postgresql://nobody@127.0.0.1:1/ingen" "$bin" mail-bounce "bounce+$ref-1@eksempel.no" \
  < "$spec/bounce/rfc3464-03.eml" > /dev/null 2>&1
[ $? -eq 75 ]; ok $? "a database that cannot be reached: exit 75, so the MTA tries again"

echo "1..$n"
exit $failed
