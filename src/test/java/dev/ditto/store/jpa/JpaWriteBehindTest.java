package dev.ditto.store.jpa;

import dev.ditto.control.ControlStore;
import dev.ditto.control.contract.WriteBehindContract;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** The write-behind spend log and ledger on H2, the embedded default. */
class JpaWriteBehindTest extends WriteBehindContract {

    private JpaStoreFixture fixture;

    @BeforeAll
    void open() {
        fixture = JpaStoreFixture.h2();
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
