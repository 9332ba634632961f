package dev.ditto.gateway.api;

import dev.ditto.store.jpa.Database;
import dev.ditto.testing.GatewayServer;

/** The admin flow on the embedded H2 database, as the gateway runs by default. */
class AdminFlowTest extends AdminFlowContract {

    @Override
    GatewayServer start(String config) throws Exception {
        return GatewayServer.start(config);
    }

    @Override
    Database openDatabase(GatewayServer gateway) {
        return gateway.openDatabase();
    }
}
