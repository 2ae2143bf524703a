#!/usr/bin/env bash
# Drive the matdiff REPL as a user would, under tmux, and print the screen.
#
#   scripts/repl-demo.sh            # the seed example, line by line
#
# Runs `node dist/cjs/cli/main.js repl` when the project is built, else the CLI (or the REPL
# module) through ts-node. Without tmux it falls back to a piped session (no line editing, no
# prompts, no echo of the input) and says so. History goes to a temporary file, not ~/.matdiff_history.
set -euo pipefail
cd "$(dirname "$0")/.."

if [[ -f dist/cjs/cli/main.js ]]; then
  CMD=(node dist/cjs/cli/main.js repl)
elif [[ -f src/cli/main.ts ]]; then
  CMD=(npx ts-node --transpile-only src/cli/main.ts repl)
else
  CMD=(npx ts-node --transpile-only -e "require('./src/repl').startRepl()")
fi

WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
export MATDIFF_HISTORY="$WORK/history"

LINES=(
  'A : matrix(m, n)'
  'x : vector(n)'
  'b : vector(m)'
  "J = -1/m * (b' * log(sigmoid(A*x)) + (1 - b)' * log(1 - sigmoid(A*x)))"
  'grad(J, x)'
  "check grad(J, x) == A' * (sigmoid(A*x) - b)"
  'A * b'
  ':vars'
  ':latex grad(J, x)'
  ':eval grad(J, x) with m=3, n=2'
  ':eval J with m=100, n=3, b=labels'
  'ans'
  ':help eval'
  ":save $WORK/session.matdiff"
)

if command -v tmux >/dev/null 2>&1; then
  SESSION="matdiff-demo-$$"
  printf -v QUOTED '%q ' "${CMD[@]}"
  tmux new-session -d -s "$SESSION" -x 110 -y 100 "MATDIFF_HISTORY=$MATDIFF_HISTORY $QUOTED"
  # Wait for the prompt (ts-node takes a few seconds to start).
  for _ in $(seq 1 120); do
    tmux capture-pane -p -t "$SESSION" | grep -q 'matdiff> ' && break
    sleep 0.25
  done
  for line in "${LINES[@]}"; do
    tmux send-keys -t "$SESSION" -l "$line"
    tmux send-keys -t "$SESSION" Enter
    sleep 0.4
  done
  sleep 1
  tmux capture-pane -p -t "$SESSION" | sed -e :a -e '/^\n*$/{$d;N;ba' -e '}'
  tmux send-keys -t "$SESSION" ':quit' Enter
  sleep 0.5
  tmux kill-session -t "$SESSION" 2>/dev/null || true
else
  echo "(tmux is not installed: showing a piped session instead; prompts and input lines are not printed)"
  printf '%s\n' "${LINES[@]}" ':quit' | "${CMD[@]}"
fi
echo "--- history written to \$MATDIFF_HISTORY:"
cat "$MATDIFF_HISTORY"
