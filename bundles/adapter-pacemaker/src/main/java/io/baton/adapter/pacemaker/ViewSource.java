package io.baton.adapter.pacemaker;

import io.baton.api.spi.ClusterManagerException;
import io.baton.api.spi.ClusterView;

/** Where the poller asks for the view. */
@FunctionalInterface
interface ViewSource {
    ClusterView view() throws ClusterManagerException;
}
