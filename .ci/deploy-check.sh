#!/usr/bin/env bash
# Validates deploy/ with the real tools the registries offer:
# - every YAML and JSON file parses (Helm templates excepted: they are YAML only once rendered);
# - the PrometheusRule's groups pass `promtool check rules` (promtool from Debian's prometheus
#   package, unpacked once into ~/.cache/ditto-ci, never installed);
# - every Kustomize overlay builds with `kubectl kustomize` and yields what it promises (dev: one
#   replica on H2 with a volume; prod: three replicas, PostgreSQL and Redis from the Secret, a
#   PodDisruptionBudget, probes on /health/*, resource requests);
# - the Helm chart: HelmChartTest (in ./mvnw verify) lints it and renders it with Helm's own
#   library (helm-java), since no registry here offers the helm binary. Here: `helm lint` and
#   `helm template` when helm is installed, else a static check (Chart.yaml and values.yaml parse,
#   every .Values path a template reads exists in values.yaml, every include is defined).
# The metrics the rules and the dashboard use are checked against a real scrape by
# MonitoringManifestsTest (part of ./mvnw verify).
set -euo pipefail
cd "$(dirname "$0")/.."
log() { printf '[deploy-check] %s\n' "$*"; }
CACHE=${XDG_CACHE_HOME:-$HOME/.cache}/ditto-ci
WORK=target/deploy-check
rm -rf "$WORK"
mkdir -p "$WORK" "$CACHE"

# ---------------------------------------------------------------- every manifest parses
python3 - <<'PY'
import glob, json, sys, yaml
files = [f for f in glob.glob("deploy/**/*.yaml", recursive=True) if "/templates/" not in f]
if not files:
    sys.exit("no manifests under deploy/")
for f in files:
    with open(f) as fh:
        docs = [d for d in yaml.safe_load_all(fh) if d is not None]
    if not docs:
        sys.exit(f"{f}: empty")
dashboards = glob.glob("deploy/**/*.json", recursive=True)
for f in dashboards:
    d = json.load(open(f))
    assert d.get("panels"), f"{f}: no panels"
print(f"[deploy-check] {len(files)} YAML files and {len(dashboards)} dashboard(s) parse")
PY

# ---------------------------------------------------------------- promtool on the alert rules
promtool_bin() {
  if command -v promtool >/dev/null; then command -v promtool; return; fi
  local unpacked=$CACHE/prometheus/usr/bin/promtool
  if [ ! -x "$unpacked" ]; then
    log "fetching Debian's prometheus package for promtool (once; cached in $CACHE)" >&2
    (cd "$CACHE" && rm -f prometheus_*.deb && apt-get download prometheus >/dev/null 2>&1) \
      || { log "apt-get download prometheus failed" >&2; return 1; }
    dpkg-deb -x "$CACHE"/prometheus_*.deb "$CACHE/prometheus"
    rm -f "$CACHE"/prometheus_*.deb
  fi
  printf '%s' "$unpacked"
}
PROMTOOL=$(promtool_bin)
for rule in deploy/prometheus/*.yaml; do
  # A PrometheusRule's spec is a Prometheus rule file.
  python3 -c 'import sys, yaml; d = yaml.safe_load(open(sys.argv[1])); assert d["kind"] == "PrometheusRule", d["kind"]; yaml.safe_dump(d["spec"], open(sys.argv[2], "w"))' \
    "$rule" "$WORK/$(basename "$rule" .yaml).rules.yaml"
  "$PROMTOOL" check rules "$WORK/$(basename "$rule" .yaml).rules.yaml"
done
log "promtool $("$PROMTOOL" --version 2>&1 | head -1 | awk '{print $3}'): the alert rules check"

# ---------------------------------------------------------------- Kustomize overlays
if ! command -v kubectl >/dev/null; then
  log "kubectl is not installed: installing Debian's kubernetes-client"
  if [ "$(id -u)" -eq 0 ]; then apt-get install -y -qq kubernetes-client >/dev/null; else sudo apt-get install -y -qq kubernetes-client >/dev/null; fi
fi
for overlay in dev prod; do
  out=$WORK/kustomize-$overlay.yaml
  kubectl kustomize "deploy/kustomize/overlays/$overlay" > "$out"
  python3 - "$out" "$overlay" <<'PY'
import sys, yaml
docs = [d for d in yaml.safe_load_all(open(sys.argv[1])) if d]
overlay = sys.argv[2]
kinds = {d["kind"]: d for d in docs}
deployment = kinds["Deployment"]
replicas = deployment["spec"]["replicas"]
pod = deployment["spec"]["template"]["spec"]
container = pod["containers"][0]
assert container["readinessProbe"]["httpGet"]["path"] == "/health/readiness", container
assert container["livenessProbe"]["httpGet"]["path"] == "/health/liveness", container
assert container["resources"]["requests"], container
env = {e["name"]: e for e in container.get("env", [])}
secrets = [s["secretRef"]["name"] for s in container.get("envFrom", []) if "secretRef" in s]
if overlay == "dev":
    assert replicas == 1, replicas
    assert "PersistentVolumeClaim" in kinds, kinds.keys()
    assert pod.get("volumes"), "dev: no volume for the H2 file"
else:
    assert replicas == 3, replicas
    pdb = kinds["PodDisruptionBudget"]
    assert pdb["spec"]["selector"]["matchLabels"].items() <= deployment["spec"]["selector"]["matchLabels"].items(), pdb
    assert secrets or ("DATABASE_URL" in env and "REDIS_URL" in env), "prod: no DATABASE_URL/REDIS_URL source"
print(f"[deploy-check] kustomize overlay {overlay}: {sorted(kinds)} with {replicas} replica(s)")
PY
done

# ---------------------------------------------------------------- Helm chart
CHART=deploy/helm/ditto
if command -v helm >/dev/null; then
  helm lint "$CHART"
  helm template ditto "$CHART" --set serviceMonitor.enabled=true --set prometheusRule.enabled=true > "$WORK/helm.yaml"
  log "helm chart lints and renders"
else
  python3 - "$CHART" <<'PY'
import glob, os, re, sys, yaml
chart = sys.argv[1]
meta = yaml.safe_load(open(os.path.join(chart, "Chart.yaml")))
assert meta["apiVersion"] == "v2" and meta["name"] and meta["version"], meta
values = yaml.safe_load(open(os.path.join(chart, "values.yaml")))
templates = glob.glob(os.path.join(chart, "templates", "*"))
defined = set()
for t in templates:
    defined |= set(re.findall(r'define\s+"([^"]+)"', open(t).read()))
missing = []
for t in templates:
    text = open(t).read()
    for path in re.findall(r"\.Values((?:\.[A-Za-z_][A-Za-z0-9_]*)+)", text):
        node = values
        for part in path.strip(".").split("."):
            if not isinstance(node, dict) or part not in node:
                missing.append(f"{t}: .Values{path}")
                break
            node = node[part]
    for name in re.findall(r'include\s+"([^"]+)"', text):
        if name not in defined:
            missing.append(f"{t}: include \"{name}\" is not defined")
if missing:
    sys.exit("helm chart: " + "; ".join(missing))
print(f"[deploy-check] helm is not installed (no registry here offers it): chart {meta['name']} {meta['version']} "
      f"checked statically ({len(templates)} templates, every .Values path and include resolves); HelmChartTest "
      f"lints and renders it with Helm's library")
PY
fi
log "deploy/ validated"
