#!/usr/bin/env bash
# Runs every test tier and fails if any tier fails, is skipped or runs no test:
# unit, integration (loopback TCP against sim/), keychain (real gnome-keyring),
# e2e (Debian Chromium against the browser preview host).
set -uo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh || exit 1
mkdir -p .tmp

status=0
summary=()
failures=()
total_passed=0
total_failed=0

run_tier() {
  local tier=$1; shift
  echo "=== tier: $tier"
  local report=".tmp/vitest-$tier.json"
  rm -f "$report"
  "$@" npx vitest run --project "$tier" --reporter=default --reporter=json --outputFile="$report"
  local rc=$?
  local counts
  counts=$(node -e '
    const fs = require("fs");
    try {
      const r = JSON.parse(fs.readFileSync(process.argv[1], "utf8"));
      console.log([r.numPassedTests, r.numFailedTests, r.numPendingTests + r.numTodoTests].join(" "));
    } catch { console.log("0 0 0"); }' "$report")
  read -r passed failed skipped <<<"$counts"
  # The failed tests by name, repeated in the summary: CI shows only the log's tail.
  local names
  names=$(node -e '
    const fs = require("fs");
    try {
      const r = JSON.parse(fs.readFileSync(process.argv[1], "utf8"));
      for (const f of r.testResults)
        for (const t of f.assertionResults)
          if (t.status === "failed")
            console.log("  " + f.name.replace(process.cwd() + "/", "") + " > " + t.fullName + ": " +
              String((t.failureMessages || [])[0] || "").split("\n")[0].slice(0, 300));
    } catch {}' "$report")
  [ -n "$names" ] && failures+=("$tier:" "$names")
  total_passed=$((total_passed + passed)); total_failed=$((total_failed + failed))
  if [ "$rc" -ne 0 ] || [ "$failed" -ne 0 ]; then
    summary+=("$tier: FAILED ($passed passed, $failed failed)"); status=1
  elif [ "$passed" -eq 0 ]; then
    summary+=("$tier: FAILED (no test ran)"); status=1
  elif [ "$skipped" -ne 0 ]; then
    summary+=("$tier: FAILED ($skipped skipped; every tier must run in full)"); status=1
  else
    summary+=("$tier: ok ($passed passed)")
  fi
}

run_tier unit
run_tier integration
run_tier keychain bash scripts/with-keychain.sh
echo "=== building the renderer for e2e"
if npm run --silent build:renderer; then
  run_tier e2e
else
  summary+=("e2e: FAILED (renderer build failed)"); status=1
fi

echo
echo "=== summary"
printf '%s\n' "${summary[@]}"
echo "$total_passed passed, $total_failed failed"
if [ "${#failures[@]}" -ne 0 ]; then
  echo "=== failed tests"
  printf '%s\n' "${failures[@]}"
fi
exit $status
