package dev.ditto.store.jpa;

import dev.ditto.control.ControlStore;
import dev.ditto.control.contract.RetentionContract;
import dev.ditto.control.retention.RetentionStore;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;

/** The retention contract on PostgreSQL ({@code DITTO_POSTGRES_URL}). */
@EnabledIfEnvironmentVariable(named = "DITTO_POSTGRES_URL", matches = ".+")
class JpaRetentionIT extends RetentionContract {

    private JpaStoreFixture fixture;
    private RetentionStore retention;

    @BeforeAll
    void open() throws Exception {
        fixture = JpaStoreFixture.postgres();
        retention = new JpaRetentionStore(fixture.database().entityManagerFactory());
    }

    @AfterAll
    void close() throws Exception {
        fixture.close();
    }

    @Override
    protected ControlStore store() {
        return fixture.store();
    }

    @Override
    protected RetentionStore retention() {
        return retention;
    }

    @Override
    protected void deleteAll() {
        fixture.deleteAll();
    }
}
