#!/usr/bin/env bash
# The README's "Adding an article" path, on a throw-away copy of this project: the three articles
# of tests/fixtures/growth/ (invented for the tests) are added with `add-seed`, the corpus is built,
# the next minor version is released, the copy is validated, and every test that needs no Label
# Studio runs on it. It shows that the project keeps working as the corpus grows. The project itself
# is not touched; the copy (made from the files git tracks or would track) is removed at the end.
# Run it as `make growth-check`, or `PYTHON=/path/to/venv/bin/python bash tests/growth-check.sh`.
set -euo pipefail
cd "$(dirname "$0")/.."
python=$(command -v "${PYTHON:-.venv/bin/python}") || { echo "growth-check: no ${PYTHON:-.venv/bin/python}; run make setup first" >&2; exit 2; }
python="$(cd "$(dirname "$python")" && pwd)/$(basename "$python")"  # absolute, not resolved: a venv's python is a link
copy=$(mktemp -d "${TMPDIR:-/tmp}/id-pubadmin-growth.XXXXXX")
trap 'rm -rf "$copy"' EXIT
git ls-files -z --cached --others --exclude-standard \
  | tar --null --files-from=- --ignore-failed-read -cf - 2>/dev/null | tar -xf - -C "$copy"
cd "$copy"
git init -q && git add -A
git -c user.name=growth-check -c user.email=growth-check@example.invalid commit -qm "the project, before it grows"
export PYTHONPATH="$copy/scripts"  # the copy's package, whatever the virtualenv has installed
cli() { "$python" -m id_pubadmin "$@"; }

version=$("$python" -c 'import tomllib; print(tomllib.load(open("pyproject.toml", "rb"))["project"]["version"])')
next=$(echo "$version" | awk -F. '{ print $1 "." $2 + 1 ".0" }')
echo "[growth-check] in $copy: add 3 invented articles, build, release $next (after $version), validate, test"
cli add-seed tests/fixtures/growth/*.txt --rights "Invented for the tests of id-pubadmin-news; not news"
cli build --quiet
cli release "$next"
cli validate --quiet
"$python" -m pytest -q -x --ignore tests/test_studio_live.py -p no:cacheprovider
echo "[growth-check] the project grown by 3 articles and released as $next passes every test that needs no Label Studio"
