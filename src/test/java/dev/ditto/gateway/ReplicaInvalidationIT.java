package dev.ditto.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ditto.store.jpa.JdbcUrl;
import dev.ditto.testing.GatewayServer;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Comparator;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;

/**
 * Two replicas sharing Redis ({@code DITTO_REDIS_URL}) and one database (a fresh PostgreSQL
 * schema when {@code DITTO_POSTGRES_URL} is set, else one H2 file): a change made through one
 * replica's admin API applies on the other within a second, although both trust their caches
 * for ten minutes. The announcement travels over Redis pub/sub; nothing else tells the other
 * replica.
 */
@EnabledIfEnvironmentVariable(named = "DITTO_REDIS_URL", matches = ".+")
class ReplicaInvalidationIT {

    private static final String MASTER_KEY = "sk-master-replicas-1234";
    private static final String CHAT = "{\"model\":\"ditto/echo\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration WITHIN = Duration.ofSeconds(1);

    private final String prefix = "ditto-it:" + UUID.randomUUID() + ":";
    private final String schema = "ditto_replicas_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    private @Nullable JdbcUrl postgres;
    private @Nullable Path h2Dir;
    private GatewayServer a;
    private GatewayServer b;

    @BeforeEach
    void start() throws Exception {
        String url = System.getenv("DITTO_POSTGRES_URL");
        String databaseUrl;
        if (url != null && !url.isBlank()) {
            postgres = JdbcUrl.parse(url);
            execute("CREATE SCHEMA " + schema);
            String separator = postgres.url().contains("?") ? "&" : "?";
            databaseUrl = postgres.url() + separator + "currentSchema=" + schema
                    + (postgres.username() == null ? "" : "&user=" + postgres.username()
                    + (postgres.password() == null ? "" : "&password=" + postgres.password()));
        } else {
            h2Dir = Files.createTempDirectory("ditto-replicas");
            databaseUrl = JdbcUrl.h2File(h2Dir).url();
        }
        String config = """
                model_list:
                  - {model_name: ditto/echo, litellm_params: {model: ditto/echo}}
                general_settings:
                  master_key: %s
                  database_url: "%s"
                ditto:
                  keys: {cache_ttl: 600}
                  limits: {redis_key_prefix: "%s", cache_ttl: 600}
                """.formatted(MASTER_KEY, databaseUrl, prefix);
        Map<String, String> env = Map.of("REDIS_URL", System.getenv("DITTO_REDIS_URL"));
        a = GatewayServer.start(config, env);
        b = GatewayServer.start(config, env);
    }

    @AfterEach
    void stop() throws Exception {
        try {
            if (b != null) {
                b.close();
            }
            if (a != null) {
                a.close();
            }
        } finally {
            if (postgres != null) {
                execute("DROP SCHEMA " + schema + " CASCADE");
            }
            if (h2Dir != null) {
                try (Stream<Path> files = Files.walk(h2Dir)) {
                    files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
                }
            }
        }
    }

    @Test
    void aKeyBlockedThroughOneReplicaIsRefusedByTheOtherWithinASecond() throws Exception {
        JsonNode key = newKey();
        assertThat(chat(b, key.path("key").asText()).statusCode()).as("b caches the key").isEqualTo(200);

        assertThat(admin(a, "POST", "/admin/keys/" + key.path("id").asText() + "/block", null).statusCode()).isEqualTo(200);

        assertThat(awaitStatus(b, key.path("key").asText(), 401)).isLessThan(WITHIN);
    }

    @Test
    void aKeyDeletedThroughLiteLlmsEndpointOnOneReplicaIsRefusedByTheOtherWithinASecond() throws Exception {
        JsonNode key = newKey();
        assertThat(chat(b, key.path("key").asText()).statusCode()).isEqualTo(200);

        assertThat(admin(a, "POST", "/key/delete", "{\"keys\":[\"" + key.path("key").asText() + "\"]}").statusCode())
                .isEqualTo(200);

        assertThat(awaitStatus(b, key.path("key").asText(), 401)).isLessThan(WITHIN);
    }

    @Test
    void aLimitSetThroughOneReplicaAppliesOnTheOtherAtOnce() throws Exception {
        JsonNode key = newKey();
        String secret = key.path("key").asText();
        assertThat(chat(b, secret).statusCode()).as("b caches that the key has no limits").isEqualTo(200);

        assertThat(admin(a, "POST", "/admin/limits", "{\"scope\":\"key:" + key.path("id").asText()
                + "\",\"rpm_limit\":1}").statusCode()).isEqualTo(201);

        // The first request after the change is the one the limit allows; wait until b counts it.
        Duration took = awaitStatus(b, secret, 429);
        assertThat(took).isLessThan(WITHIN);
    }

    private JsonNode newKey() throws Exception {
        HttpResponse<String> tenant = admin(a, "POST", "/admin/tenants", "{\"name\":\"Acme\"}");
        assertThat(tenant.statusCode()).as(tenant.body()).isEqualTo(201);
        HttpResponse<String> key = admin(a, "POST", "/admin/keys",
                "{\"tenant_id\":\"" + JSON.readTree(tenant.body()).path("id").asText() + "\"}");
        assertThat(key.statusCode()).as(key.body()).isEqualTo(201);
        return JSON.readTree(key.body());
    }

    /** Sends requests with the key every few milliseconds until one answers the status; returns how long it took. */
    private static Duration awaitStatus(GatewayServer gateway, String key, int status) throws Exception {
        long start = System.nanoTime();
        long deadline = start + Duration.ofSeconds(10).toNanos();
        int last;
        do {
            last = chat(gateway, key).statusCode();
            if (last == status) {
                return Duration.ofNanos(System.nanoTime() - start);
            }
            Thread.sleep(10);
        } while (System.nanoTime() < deadline);
        throw new AssertionError("still " + last + " instead of " + status + " after 10 s");
    }

    private static HttpResponse<String> chat(GatewayServer gateway, String key) throws Exception {
        return gateway.send(HttpRequest.newBuilder(gateway.uri("/v1/chat/completions"))
                .header("content-type", "application/json").header("authorization", "Bearer " + key)
                .POST(HttpRequest.BodyPublishers.ofString(CHAT)).build());
    }

    private static HttpResponse<String> admin(GatewayServer gateway, String method, String path, @Nullable String body)
            throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(gateway.uri(path))
                .header("authorization", "Bearer " + MASTER_KEY)
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (body != null) {
            request.header("content-type", "application/json");
        }
        return gateway.send(request.build());
    }

    private void execute(String sql) throws SQLException {
        JdbcUrl url = postgres;
        try (Connection connection = DriverManager.getConnection(url.url(), url.username(), url.password());
                Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }
}
