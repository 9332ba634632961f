package dev.ditto.store.jpa;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class JdbcUrlTest {

    @Test
    void convertsLitellmDatabaseUrlAndTakesCredentialsOut() {
        JdbcUrl url = JdbcUrl.parse("postgresql://ditto:p%40ss@db.internal:5433/gateway?sslmode=require");

        assertThat(url.url()).isEqualTo("jdbc:postgresql://db.internal:5433/gateway?sslmode=require");
        assertThat(url.username()).isEqualTo("ditto");
        assertThat(url.password()).isEqualTo("p@ss");
        assertThat(url).hasToString("jdbc:postgresql://db.internal:5433/gateway?sslmode=require");
    }

    @Test
    void acceptsPostgresSchemeAndJdbcAsIs() {
        assertThat(JdbcUrl.parse("postgres://db/x").url()).isEqualTo("jdbc:postgresql://db/x");
        assertThat(JdbcUrl.parse("jdbc:h2:mem:x").url()).isEqualTo("jdbc:h2:mem:x");
        assertThatThrownBy(() -> JdbcUrl.parse("mysql://db/x")).hasMessageContaining("mysql://");
    }

    @Test
    void h2FileLivesInTheDataDirectory() {
        assertThat(JdbcUrl.h2File(Path.of("/var/lib/ditto")).url()).startsWith("jdbc:h2:file:/var/lib/ditto/ditto;");
    }
}
