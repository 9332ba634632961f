package dev.ditto.store.jpa;

import dev.ditto.control.ControlStore;
import dev.ditto.control.contract.WriteBehindContract;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;

/** The write-behind spend log and ledger on PostgreSQL ({@code DITTO_POSTGRES_URL}), in a schema of its own. */
@EnabledIfEnvironmentVariable(named = "DITTO_POSTGRES_URL", matches = ".+")
class JpaWriteBehindIT extends WriteBehindContract {

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
