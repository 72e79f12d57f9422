#!/bin/sh
# Copies Designsystemet's stylesheets from node_modules into static/vendor/, where the server
# serves them as /static/vendor/designsystemet.css and /static/vendor/theme.css.
#
# Neither stylesheet references font files: the theme names the Inter typeface without shipping it,
# so static/css/minside.css sets a system font stack with Inter first (used when it is installed).
# Idempotent: a file is only rewritten when its source differs.
set -eu
cd "$(dirname "$0")/.."

CSS_SRC=node_modules/@digdir/designsystemet-css/dist/src/index.css
THEME_SRC=node_modules/@digdir/designsystemet-theme/brand/digdir.css
DEST=static/vendor

if [ ! -d node_modules ] || [ ! -f "$CSS_SRC" ] || [ ! -f "$THEME_SRC" ]; then
  echo "Fant ikke Designsystemet i node_modules. Kjør «make deps» først." >&2
  exit 1
fi

mkdir -p "$DEST"

copy_if_changed() {
  if ! cmp -s "$1" "$2"; then
    cp "$1" "$2.tmp"
    mv "$2.tmp" "$2"
    echo "Kopierte $1 til $2"
  fi
}

copy_if_changed "$CSS_SRC" "$DEST/designsystemet.css"
copy_if_changed "$THEME_SRC" "$DEST/theme.css"

# The stylesheets may only point at inline data or at files copied beside them; a reference to
# another host would load something at run time that the Content-Security-Policy forbids.
if grep -Eq 'url\(["'\'']?(https?:)?//' "$DEST/designsystemet.css" "$DEST/theme.css"; then
  echo "Et stilark i $DEST peker på en ekstern adresse; det skal ikke lastes i Min side." >&2
  exit 1
fi
if grep -Eq '@import' "$DEST/designsystemet.css" "$DEST/theme.css"; then
  echo "Et stilark i $DEST importerer andre filer; kopier dem også, eller bruk en samlet fil." >&2
  exit 1
fi
