package io.baton.adapter.pacemaker;

import java.util.Optional;

/** Baton application name to Pacemaker resource id and back: resource id = prefix + app. */
record NameMapping(String prefix) {

    String resource(String app) {
        return prefix + app;
    }

    /** The application a resource is, or empty when the resource is not Baton's. */
    Optional<String> app(String resource) {
        if (resource.startsWith(prefix) && resource.length() > prefix.length()) {
            return Optional.of(resource.substring(prefix.length()));
        }
        return Optional.empty();
    }
}
