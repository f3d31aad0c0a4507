#!/usr/bin/env bash
# Regenerates src/*/PublicAPI.Unshipped.txt from the PublicApiAnalyzers diagnostics (RS0016 added, RS0017 removed).
# Run it after changing a public API, then review the diff: it is the API change.
set -euo pipefail
cd "$(dirname "$0")/.."
target="${1:-ModelOps.Sdk.sln}"
for pass in 1 2 3; do
  log=$(mktemp)
  dotnet build "$target" -nologo -clp:NoSummary -p:TreatWarningsAsErrors=true > "$log" 2>&1 || true
  set +e
  python3 - "$log" <<'PY'
import re, sys, os, collections
log = open(sys.argv[1], encoding='utf-8', errors='replace').read()
add = collections.defaultdict(set); remove = collections.defaultdict(set)
for m in re.finditer(r"^(/[^\(\n]+?/src/[^/]+)/[^\(\n]*\(\d+,\d+\): error RS0016: Symbol '(.+?)' is not part of the declared public API", log, re.M):
    add[m.group(1)].add(m.group(2))
for m in re.finditer(r"^(/[^\(\n]+?/src/[^/]+)/PublicAPI\.(?:Unshipped|Shipped)\.txt\(\d+,\d+\): error RS0017: Symbol '(.+?)' is part of the declared API", log, re.M):
    remove[m.group(1)].add(m.group(2))
changed = False
for proj in set(add) | set(remove):
    path = os.path.join(proj, 'PublicAPI.Unshipped.txt')
    lines = [l.rstrip('\n') for l in open(path, encoding='utf-8')] if os.path.exists(path) else ['#nullable enable']
    body = set(l for l in lines if l and not l.startswith('#'))
    new = (body | add[proj]) - remove[proj]
    if new != body:
        changed = True
    open(path, 'w', encoding='utf-8').write('#nullable enable\n' + ''.join(l + '\n' for l in sorted(new, key=lambda s: s.lstrip('~').replace('static ', '').replace('override ', '').replace('abstract ', '').replace('virtual ', '').replace('const ', '').replace('readonly ', ''))))
    print(f"updated {path}: +{len(add[proj])} -{len(remove[proj])}")
sys.exit(0 if changed else 3)
PY
  rc=$?
  set -e
  rm -f "$log"
  [ $rc -eq 3 ] && break
done
echo "public API files are up to date"
