#!/usr/bin/env bash
# Runs Doyensec's electronegativity over the app sources and fails on any
# HIGH finding. The report is written to docs/security/electronegativity.csv.
# AVAILABLE_SECURITY_FIXES_GLOBAL_CHECK is left out: it asks the internet for
# Electron's release list, which these machines cannot reach.
set -euo pipefail
cd "$(dirname "$0")/.."
report=docs/security/electronegativity.csv
rm -f "$report"
npx electronegativity -i app -r -e 45.0.0 -x availablesecurityfixesglobalcheck -o "$report" >/dev/null 2>&1 || true
[ -s "$report" ] || { echo "electronegativity: no report written" >&2; exit 1; }
# Paths in the report are relative; keep the committed copy stable.
findings=$(($(wc -l <"$report") - 1))
high=$(grep -c '^[A-Z_]*,"HIGH"' "$report" || true)
echo "electronegativity: $findings findings, $high high (report: $report)"
if [ "$high" -ne 0 ]; then grep '^[A-Z_]*,"HIGH"' "$report" >&2; exit 1; fi
