package dev.ditto.store.jpa;

import dev.ditto.control.ControlStore;
import dev.ditto.control.contract.DirectoryStoreContract;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** The directory store contract on H2, the embedded default. */
class JpaDirectoryStoreTest extends DirectoryStoreContract {

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
