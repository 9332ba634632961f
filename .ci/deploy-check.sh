#!/usr/bin/env bash
# Validates deploy/: every YAML file parses (Helm templates excepted: they are YAML only once
# rendered), every Kustomize overlay builds with `kubectl kustomize` and yields the objects it
# promises, and the Helm chart renders and lints with `helm` when helm is installed.
set -euo pipefail
cd "$(dirname "$0")/.."
log() { printf '[deploy-check] %s\n' "$*"; }

python3 - <<'PY'
import glob, sys, yaml
files = [f for f in glob.glob("deploy/**/*.yaml", recursive=True) if "/templates/" not in f]
if not files:
    sys.exit("no manifests under deploy/")
for f in files:
    with open(f) as fh:
        docs = [d for d in yaml.safe_load_all(fh) if d is not None]
    if not docs:
        sys.exit(f"{f}: empty")
print(f"[deploy-check] {len(files)} YAML files parse")
PY

if command -v kubectl >/dev/null && kubectl kustomize --help >/dev/null 2>&1; then
  for overlay in dev prod; do
    out=$(mktemp)
    kubectl kustomize "deploy/kustomize/overlays/$overlay" > "$out"
    python3 - "$out" "$overlay" <<'PY'
import sys, yaml
docs = [d for d in yaml.safe_load_all(open(sys.argv[1])) if d]
overlay = sys.argv[2]
kinds = {d["kind"]: d for d in docs}
deployment = kinds["Deployment"]
replicas = deployment["spec"]["replicas"]
container = deployment["spec"]["template"]["spec"]["containers"][0]
assert container["readinessProbe"]["httpGet"]["path"] == "/health/readiness", container
assert container["livenessProbe"]["httpGet"]["path"] == "/health/liveness", container
assert container["resources"]["requests"], container
if overlay == "dev":
    assert replicas == 1, replicas
    assert "PersistentVolumeClaim" in kinds, kinds.keys()
else:
    assert replicas == 3, replicas
    assert "PodDisruptionBudget" in kinds, kinds.keys()
print(f"[deploy-check] kustomize overlay {overlay}: {sorted(kinds)} with {replicas} replica(s)")
PY
    rm -f "$out"
  done
else
  log "kubectl is not installed: the Kustomize overlays were parsed but not built"
fi

if command -v helm >/dev/null; then
  helm lint deploy/helm/ditto
  helm template ditto deploy/helm/ditto --set serviceMonitor.enabled=true > /dev/null
  log "helm chart lints and renders"
else
  log "helm is not installed (no Debian package): the chart was not rendered"
fi
