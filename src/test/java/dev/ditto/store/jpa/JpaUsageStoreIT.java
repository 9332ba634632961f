package dev.ditto.store.jpa;

import dev.ditto.control.ControlStore;
import dev.ditto.control.contract.UsageStoreContract;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;

/** The usage store contract on PostgreSQL ({@code DITTO_POSTGRES_URL}), in a schema of its own. */
@EnabledIfEnvironmentVariable(named = "DITTO_POSTGRES_URL", matches = ".+")
class JpaUsageStoreIT extends UsageStoreContract {

    private JpaStoreFixture fixture;

    @BeforeAll
    void open() throws Exception {
        fixture = JpaStoreFixture.postgres();
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
    protected void deleteAll() {
        fixture.deleteAll();
    }
}
