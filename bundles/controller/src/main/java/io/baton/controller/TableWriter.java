package io.baton.controller;

import io.baton.api.model.AppStatus;
import io.baton.api.model.ClusterState;
import io.baton.api.model.ServerStatus;
import io.baton.api.spi.SharedStore;

import java.util.Objects;

/** Writes the rows that differ between two versions of the tables, and nothing else. */
final class TableWriter {
    private TableWriter() {
    }

    /** @return how many rows were written */
    static int write(SharedStore store, ClusterState from, ClusterState to) {
        int written = 0;
        for (ServerStatus row : to.servers().values()) {
            if (!Objects.equals(from.servers().get(row.name()), row)) {
                store.putServer(row);
                written++;
            }
        }
        for (AppStatus row : to.apps().values()) {
            if (!Objects.equals(from.apps().get(row.name()), row)) {
                store.putApp(row);
                written++;
            }
        }
        for (String app : from.apps().keySet()) {
            if (!to.apps().containsKey(app)) {
                store.removeApp(app);
                written++;
            }
        }
        return written;
    }
}
