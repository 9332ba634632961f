package dev.ditto.store.jpa;

import dev.ditto.control.ControlStore;
import dev.ditto.control.contract.AuditChainContract;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;

/** The audit chain contract on PostgreSQL ({@code DITTO_POSTGRES_URL}), in a schema of its own: three stores with pools of their own, as three replicas. */
@EnabledIfEnvironmentVariable(named = "DITTO_POSTGRES_URL", matches = ".+")
class JpaAuditChainIT extends AuditChainContract {

    private JpaStoreFixture fixture;
    private List<ControlStore> replicas;

    @BeforeAll
    void open() throws Exception {
        fixture = JpaStoreFixture.postgres();
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
