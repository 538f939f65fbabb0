package io.baton.api.testing;

import java.lang.reflect.Proxy;
import java.util.Map;

/**
 * Instances of a DS component property type (a configuration annotation) as SCR builds them: the
 * given values, else the annotation's defaults. For constructing components in plain tests.
 */
public final class Configs {
    private Configs() {
    }

    public static <A> A of(Class<A> type, Map<String, Object> values) {
        return type.cast(Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[]{type}, (proxy, method, args) -> {
            if (method.getName().equals("annotationType")) {
                return type;
            }
            Object value = values.get(method.getName());
            return value != null ? value : method.getDefaultValue();
        }));
    }

    /** The annotation's defaults only. */
    public static <A> A defaults(Class<A> type) {
        return of(type, Map.of());
    }
}
