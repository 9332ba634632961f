package dev.ditto.gateway.api;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.ws.rs.core.Response;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

class GatewayExceptionMapperTest {

    private final ObjectMapper json = new ObjectMapper();

    @Test
    void unexpectedFailureIs500WithAnErrorIdThatIsAlsoLogged() throws Exception {
        Logger logger = (Logger) LoggerFactory.getLogger(GatewayExceptionMapper.class);
        ListAppender<ILoggingEvent> appender = new ListAppender<>();
        appender.start();
        logger.addAppender(appender);
        try {
            Response response = new GatewayExceptionMapper(json).toResponse(new IllegalStateException("boom"));

            JsonNode error = json.readTree((byte[]) response.getEntity()).path("error");
            assertThat(response.getStatus()).isEqualTo(500);
            assertThat(error.path("type").asText()).isEqualTo("server_error");
            assertThat(error.path("code").asText()).isEqualTo("internal_error");
            String errorId = error.path("message").asText().replaceAll(".*error id ([0-9a-f]{16}).*", "$1");
            assertThat(errorId).hasSize(16);
            assertThat(error.path("message").asText()).doesNotContain("boom");
            assertThat(appender.list).singleElement().satisfies(event -> {
                assertThat(event.getFormattedMessage()).contains("error_id=" + errorId);
                assertThat(event.getThrowableProxy().getMessage()).isEqualTo("boom");
            });
        } finally {
            logger.detachAppender(appender);
        }
    }

    @Test
    void apiExceptionsKeepTheirStatusTypeAndCode() throws Exception {
        ApiError error = ApiError.invalidRequest(429, "too_many", "slow down", "model");

        Response response = new GatewayExceptionMapper(json).toResponse(new ApiException(error));

        JsonNode body = json.readTree((byte[]) response.getEntity()).path("error");
        assertThat(response.getStatus()).isEqualTo(429);
        assertThat(body.path("code").asText()).isEqualTo("too_many");
        assertThat(body.path("param").asText()).isEqualTo("model");
        assertThat(body.path("message").asText()).isEqualTo("slow down");
    }
}
