package io.baton.support;

import io.baton.api.spi.ClusterManagerException;
import io.baton.api.spi.ClusterView;

/** Where the poller asks for the view. */
@FunctionalInterface
public interface ViewSource {
    ClusterView view() throws ClusterManagerException;
}
