package io.baton.broker.embedded;

import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;

import java.lang.reflect.Proxy;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** Config Admin in memory: getConfiguration, getProperties and update; nothing else. */
final class FakeConfigAdmin {
    final Map<String, Dictionary<String, Object>> stored = new ConcurrentHashMap<>();
    final Map<String, String> locations = new ConcurrentHashMap<>();

    ConfigurationAdmin service() {
        return (ConfigurationAdmin) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[]{ConfigurationAdmin.class}, (proxy, method, args) -> {
                    if (method.getName().equals("getConfiguration") && args.length == 2) {
                        locations.putIfAbsent((String) args[0], (String) args[1]);
                        return configuration((String) args[0]);
                    }
                    throw new UnsupportedOperationException(method.getName());
                });
    }

    /** Sets a configuration as if a .cfg file held it. */
    void put(String pid, Map<String, Object> properties) {
        stored.put(pid, new Hashtable<>(properties));
    }

    Object get(String pid, String key) {
        Dictionary<String, Object> d = stored.get(pid);
        return d == null ? null : d.get(key);
    }

    private Configuration configuration(String pid) {
        return (Configuration) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[]{Configuration.class},
                (proxy, method, args) -> switch (method.getName()) {
                    case "getPid" -> pid;
                    case "getProperties" -> {
                        Dictionary<String, Object> d = stored.get(pid);
                        yield d == null ? null : new Hashtable<>((Hashtable<String, Object>) d);
                    }
                    case "update" -> {
                        @SuppressWarnings("unchecked")
                        Dictionary<String, Object> d = (Dictionary<String, Object>) args[0];
                        stored.put(pid, new Hashtable<>((Hashtable<String, Object>) d));
                        yield null;
                    }
                    default -> throw new UnsupportedOperationException(method.getName());
                });
    }
}
