package io.baton.broker.embedded;

import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Dictionary;
import java.util.Enumeration;
import java.util.Hashtable;

/**
 * The broker's password when none is configured: random, generated once, and kept in Config Admin so it survives
 * restarts (Karaf writes it to etc/). The shared store of this node gets it too when it has no password of its own,
 * so one node works out of the box. Only where it was stored is logged, never the password.
 */
final class GeneratedPassword {
    static final String STORE_PID = "io.baton.store.mqtt";
    private static final Logger LOG = LoggerFactory.getLogger(GeneratedPassword.class);
    private static final SecureRandom RANDOM = new SecureRandom();
    // "?": a multi-location configuration, so the store's bundle receives the one this bundle creates
    private static final String ANY_BUNDLE = "?";

    private GeneratedPassword() {
    }

    /** 192 random bits as 32 URL-safe characters (no quoting needed in a .cfg file). */
    static String generate() {
        byte[] bytes = new byte[24];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    static void store(ConfigurationAdmin configAdmin, String username, String password) {
        try {
            Configuration own = configAdmin.getConfiguration(BrokerConfig.PID, ANY_BUNDLE);
            Dictionary<String, Object> p = copy(own);
            p.put("password", password);
            own.update(p);
            LOG.info("generated a password for the embedded broker; stored in configuration {}{}", BrokerConfig.PID,
                    where(own));
        } catch (IOException | RuntimeException e) {
            LOG.error("cannot store the generated broker password in configuration {} ({}); it holds only until the "
                    + "broker restarts", BrokerConfig.PID, e.toString());
            return;
        }
        try {
            Configuration store = configAdmin.getConfiguration(STORE_PID, ANY_BUNDLE);
            Dictionary<String, Object> p = copy(store);
            Object existing = p.get("password");
            if (existing != null && !existing.toString().isEmpty()) {
                LOG.info("the shared store has a password of its own (configuration {}); left as it is", STORE_PID);
                return;
            }
            p.put("username", username);
            p.put("password", password);
            store.update(p);
            LOG.info("set it as the shared store's user and password too, in configuration {}{}", STORE_PID,
                    where(store));
        } catch (IOException | RuntimeException e) {
            LOG.error("cannot give the generated broker password to the shared store (configuration {}): {}",
                    STORE_PID, e.toString());
        }
    }

    private static Dictionary<String, Object> copy(Configuration c) {
        Dictionary<String, Object> copy = new Hashtable<>();
        Dictionary<String, Object> current = c.getProperties();
        if (current != null) {
            for (Enumeration<String> keys = current.keys(); keys.hasMoreElements(); ) {
                String key = keys.nextElement();
                copy.put(key, current.get(key));
            }
        }
        return copy;
    }

    /** The file Karaf keeps the configuration in, when it says. */
    private static String where(Configuration c) {
        Dictionary<String, Object> p = c.getProperties();
        Object file = p == null ? null : p.get("felix.fileinstall.filename");
        return file == null ? " (Karaf saves it under etc/)" : " (" + file + ")";
    }
}
