package io.baton.load;

import io.baton.api.decision.Trigger;
import io.baton.api.spi.ControllerService;

import java.lang.reflect.Proxy;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A local controller that records what it is handed. A proxy rather than a class so that a method
 * added to the (concurrently developed) interface does not break these tests; calls other than
 * isActive and submit fail loudly.
 */
final class FakeController {
    volatile boolean active;
    volatile RuntimeException failure;
    final List<Trigger> submitted = new CopyOnWriteArrayList<>();

    ControllerService service() {
        return (ControllerService) Proxy.newProxyInstance(ControllerService.class.getClassLoader(),
                new Class<?>[]{ControllerService.class}, (proxy, method, args) -> switch (method.getName()) {
                    case "isActive" -> active;
                    case "submit" -> {
                        if (failure != null) {
                            throw failure;
                        }
                        submitted.add((Trigger) args[0]);
                        yield null;
                    }
                    case "toString" -> "FakeController";
                    case "hashCode" -> System.identityHashCode(proxy);
                    case "equals" -> proxy == args[0];
                    default -> throw new UnsupportedOperationException(method.getName());
                });
    }

    long ticks() {
        return submitted.stream().filter(Trigger.LoadTick.class::isInstance).count();
    }
}
