package dev.ditto.ops;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import com.marcnuri.helm.Helm;
import com.marcnuri.helm.LintResult;
import com.marcnuri.helm.TemplateCommand;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

/**
 * The Helm chart in {@code deploy/helm/ditto}, linted and rendered by Helm itself (its library,
 * through helm-java): the defaults give what a production install needs (replicas, probes on
 * /health, resource requests, a PodDisruptionBudget, the Secret as environment), the optional
 * ServiceMonitor and PrometheusRule render when asked for, and the chart's alert rules are the
 * ones in {@code deploy/prometheus} that promtool and MonitoringManifestsTest check.
 */
class HelmChartTest {

    private static final Path CHART = Path.of("deploy/helm/ditto");
    private static final YAMLMapper YAML = new YAMLMapper();

    @Test
    void theChartLintsCleanlyUnderStrictRules() {
        LintResult lint = new Helm(CHART).lint().strict().call();

        assertThat(lint.isFailed()).as(String.join("\n", lint.getMessages())).isFalse();
    }

    @Test
    void theDefaultsRenderAProductionDeployment() throws IOException {
        Map<String, JsonNode> kinds = render(command -> command);

        assertThat(kinds).containsOnlyKeys("ConfigMap", "Service", "Deployment", "PodDisruptionBudget");
        JsonNode deployment = kinds.get("Deployment");
        assertThat(deployment.at("/spec/replicas").asInt()).isEqualTo(3);
        JsonNode container = deployment.at("/spec/template/spec/containers/0");
        assertThat(container.at("/readinessProbe/httpGet/path").asText()).isEqualTo("/health/readiness");
        assertThat(container.at("/livenessProbe/httpGet/path").asText()).isEqualTo("/health/liveness");
        assertThat(container.at("/resources/requests/cpu").asText()).isEqualTo("500m");
        assertThat(container.at("/envFrom/0/secretRef/name").asText()).isEqualTo("ditto-secrets");
        assertThat(container.at("/image").asText()).isEqualTo("ditto-gateway:0.1.0-SNAPSHOT");
        assertThat(kinds.get("PodDisruptionBudget").at("/spec/minAvailable").asInt()).isEqualTo(1);
        assertThat(kinds.get("PodDisruptionBudget").at("/spec/selector/matchLabels"))
                .isEqualTo(deployment.at("/spec/selector/matchLabels"));
        // The config the pods mount is the gateway's config.yaml, and it loads as YAML.
        JsonNode config = YAML.readTree(kinds.get("ConfigMap").at("/data/config.yaml").asText());
        assertThat(config.at("/model_list/0/model_name").asText()).isEqualTo("gpt-4o-mini");
    }

    @Test
    void monitoringRendersWhenAskedForWithTheRulesOfDeployPrometheus() throws IOException {
        Map<String, JsonNode> kinds = render(command -> command
                .set("serviceMonitor.enabled", true)
                .set("serviceMonitor.tokenSecret.name", "ditto-secrets")
                .set("serviceMonitor.tokenSecret.key", "DITTO_METRICS_TOKEN")
                .set("prometheusRule.enabled", true)
                .set("prometheusRule.labels.release", "kube-prometheus-stack")
                .set("replicaCount", 1)
                .set("podDisruptionBudget.enabled", false));

        assertThat(kinds).containsOnlyKeys("ConfigMap", "Service", "Deployment", "ServiceMonitor", "PrometheusRule");
        JsonNode endpoint = kinds.get("ServiceMonitor").at("/spec/endpoints/0");
        assertThat(endpoint.at("/path").asText()).isEqualTo("/metrics");
        assertThat(endpoint.at("/authorization/credentials/key").asText()).isEqualTo("DITTO_METRICS_TOKEN");
        JsonNode rule = kinds.get("PrometheusRule");
        assertThat(rule.at("/metadata/labels/release").asText()).isEqualTo("kube-prometheus-stack");
        JsonNode canonical = YAML.readTree(Path.of("deploy/prometheus/ditto-rules.yaml").toFile());
        assertThat(rule.at("/spec")).as("the chart's rules are deploy/prometheus/ditto-rules.yaml's")
                .isEqualTo(canonical.at("/spec"));
        assertThat(rule.at("/spec/groups/0/rules").size()).isGreaterThanOrEqualTo(6);
    }

    private static Map<String, JsonNode> render(UnaryOperator<TemplateCommand> values) throws IOException {
        String manifest = values.apply(new Helm(CHART).template().withName("ditto").withNamespace("llm")).call();
        Map<String, JsonNode> kinds = new LinkedHashMap<>();
        List<String> duplicates = new ArrayList<>();
        try (MappingIterator<JsonNode> documents = YAML.readerFor(JsonNode.class).readValues(manifest)) {
            while (documents.hasNext()) {
                JsonNode document = documents.next();
                if (document == null || document.isNull() || document.isEmpty()) {
                    continue;
                }
                if (kinds.put(document.get("kind").asText(), document) != null) {
                    duplicates.add(document.get("kind").asText());
                }
            }
        }
        assertThat(duplicates).as("one resource of each kind").isEmpty();
        return kinds;
    }
}
