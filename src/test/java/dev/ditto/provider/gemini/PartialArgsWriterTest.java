package dev.ditto.provider.gemini;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.IntNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.ditto.provider.gemini.GeminiWire.PartialArg;
import dev.ditto.sdk.ErrorDetails;
import dev.ditto.sdk.UnexpectedResponseException;
import org.junit.jupiter.api.Test;

/** Streamed argument pieces written out as JSON text in document order. */
class PartialArgsWriterTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final PartialArgsWriter writer = new PartialArgsWriter(ErrorDetails.of("gemini", "m"));

    private static PartialArg string(String path, String value, boolean continues) {
        return new PartialArg(path, value, null, null, null, continues);
    }

    @Test
    void writesNestedValuesAndContinuedStringsPieceByPiece() throws Exception {
        StringBuilder deltas = new StringBuilder();
        deltas.append(writer.apply(string("$.query", "say \"hi", true)));
        deltas.append(writer.apply(string("$.query", "\"\n", false)));
        deltas.append(writer.apply(new PartialArg("$.filters[0].min", null, IntNode.valueOf(3), null, null, null)));
        deltas.append(writer.apply(new PartialArg("$.filters[0].exact", null, null, Boolean.TRUE, null, null)));
        deltas.append(writer.apply(new PartialArg("$.filters[1]['odd key']", null, null, null,
                TextNode.valueOf("NULL_VALUE"), null)));
        deltas.append(writer.apply(string("$.tags[0]", "a", false)));
        deltas.append(writer.apply(string("$.tags[1]", "b", true)));
        deltas.append(writer.finish());

        JsonNode expected = JSON.readTree("{\"query\":\"say \\\"hi\\\"\\n\",\"filters\":[{\"min\":3,\"exact\":true},"
                + "{\"odd key\":null}],\"tags\":[\"a\",\"b\"]}");
        assertThat(JSON.readTree(writer.text())).isEqualTo(expected);
        assertThat(deltas.toString()).isEqualTo(writer.text());
    }

    @Test
    void anEmptyCallIsAnEmptyObject() {
        assertThat(writer.finish()).isEqualTo("{}");
        assertThat(writer.text()).isEqualTo("{}");
    }

    @Test
    void rejectsPiecesOutOfDocumentOrder() {
        writer.apply(string("$.a.x", "1", false));
        writer.apply(string("$.b", "2", false));

        assertThatThrownBy(() -> writer.apply(string("$.a.y", "3", false)))
                .isInstanceOf(UnexpectedResponseException.class).hasMessageContaining("$.a.y");
    }

    @Test
    void rejectsSkippedIndexesMalformedPathsAndMissingValues() {
        PartialArgsWriter skipping = new PartialArgsWriter(ErrorDetails.of("gemini", "m"));
        skipping.apply(string("$.list[0]", "a", false));

        assertThatThrownBy(() -> skipping.apply(string("$.list[2]", "c", false)))
                .isInstanceOf(UnexpectedResponseException.class);
        assertThatThrownBy(() -> writer.apply(string("list", "x", false))).isInstanceOf(UnexpectedResponseException.class);
        assertThatThrownBy(() -> writer.apply(string("$", "x", false))).isInstanceOf(UnexpectedResponseException.class);
        assertThatThrownBy(() -> writer.apply(new PartialArg("$.x", null, null, null, null, null)))
                .isInstanceOf(UnexpectedResponseException.class).hasMessageContaining("no value");
    }
}
