package dev.ditto.store.jpa;

import dev.ditto.control.ControlStore;
import dev.ditto.control.contract.AuditChainContract;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** The audit chain contract on H2, the embedded default: three stores with pools of their own, as three replicas. */
class JpaAuditChainTest extends AuditChainContract {

    private JpaStoreFixture fixture;
    private List<ControlStore> replicas;

    @BeforeAll
    void open() throws Exception {
        fixture = JpaStoreFixture.h2();
        replicas = List.of(fixture.store(), fixture.replica(), fixture.replica());
    }

    @AfterAll
    void close() throws Exception {
        fixture.close();
    }

    @Override
    protected List<ControlStore> replicas() {
        return replicas;
    }

    @Override
    protected void deleteAll() {
        fixture.deleteAll();
    }
}
