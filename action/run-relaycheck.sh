#!/usr/bin/env bash
# The run step of action.yml: relaycheck's command line from the action's inputs (given as
# environment variables, never pasted into a script), the Markdown report appended to the job
# summary, the exit code in the step's outputs. It exits 0 itself: action.yml fails the job last,
# after the report folder is uploaded.
set -uo pipefail

out="${INPUT_OUT:-relaycheck-report}"
args=(run --base-url "${INPUT_BASE_URL:?the base-url input is required}" --out "$out")
# The key travels by variable name only, so it is on no command line and in no report.
if [ -n "${RELAYCHECK_API_KEY:-}" ]; then args+=(--api-key-env RELAYCHECK_API_KEY); fi
if [ -n "${INPUT_MODEL:-}" ]; then args+=(--model "$INPUT_MODEL"); fi
if [ -n "${INPUT_SUITE:-}" ]; then args+=(--suite "$INPUT_SUITE"); fi
if [ -n "${INPUT_BASELINE:-}" ]; then
  # No baseline yet (the first run on the main branch) is normal: judge without one.
  if [ -f "$INPUT_BASELINE" ]; then args+=(--baseline "$INPUT_BASELINE"); else echo "relaycheck: no baseline report at $INPUT_BASELINE, judging without one"; fi
fi

code=0
node "$(dirname "$0")/../bin/relaycheck.mjs" "${args[@]}" || code=$?

if [ -n "${GITHUB_STEP_SUMMARY:-}" ]; then
  for file in comparison.md report.md; do
    if [ -f "$out/$file" ]; then cat "$out/$file" >> "$GITHUB_STEP_SUMMARY"; fi
  done
fi
if [ -n "${GITHUB_OUTPUT:-}" ]; then
  echo "exit-code=$code" >> "$GITHUB_OUTPUT"
  echo "report-dir=$out" >> "$GITHUB_OUTPUT"
fi
