#!/usr/bin/env bash
# Prints every failed test of the CTRF reports under a folder: name, message and the top of the
# stack, so that a CI log cut to its end still says what failed and why.
set -uo pipefail
folder=${1:-artifacts/test-results}
shopt -s globstar nullglob
for report in "$folder"/**/*.ctrf; do
  jq -r '.results.tests[] | select(.status == "failed")
    | "FAILED " + .name + "\n  " + ((.message // "") | gsub("\n"; "\n  "))
      + "\n  " + ((.trace // "") | split("\n")[0:12] | join("\n  "))' "$report"
done
