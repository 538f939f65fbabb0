package io.baton.broker.embedded;

import io.moquette.broker.Server;
import io.moquette.broker.config.MemoryConfig;
import io.moquette.interception.AbstractInterceptHandler;
import io.moquette.interception.messages.InterceptExceptionMessage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.function.Consumer;

/**
 * One Moquette server at a time. Moquette 0.17 ends a session thread for good when a command on it throws
 * (seen: a PUBACK racing a closing session, IllegalReferenceCountException), leaving every client hashed to that
 * thread unserved: {@code onThreadLost} is told, so the owner can restart the broker.
 */
final class MoquetteRunner {
    private static final Logger LOG = LoggerFactory.getLogger(MoquetteRunner.class);
    private static final Duration WARM_UP_TIMEOUT = Duration.ofSeconds(5);
    private final Consumer<Throwable> onThreadLost;
    private Server server;

    MoquetteRunner(Consumer<Throwable> onThreadLost) {
        this.onThreadLost = onThreadLost;
    }

    synchronized void start(BrokerSettings settings) {
        Server next = new Server();
        try {
            BrokerAccess access = new BrokerAccess(settings.username(), settings.password().orElseThrow(),
                    settings.nodeUsersFile().map(NodeUsers::read).orElse(java.util.Map.of()));
            next.startServer(new MemoryConfig(settings.moquette()), List.of(new ThreadWatch()), null, access, access);
        } catch (IOException | RuntimeException e) {
            throw new IllegalStateException("cannot start the embedded MQTT broker on " + settings + ": "
                    + e.getMessage(), e);
        }
        server = next;
        warmUp(settings);
    }

    /** See {@link WillWarmUp}; a failure is only logged, the broker serves anyway. */
    private static void warmUp(BrokerSettings settings) {
        if (settings.port() == 0) {
            return; // TLS only: the warm-up speaks plain MQTT
        }
        long start = System.nanoTime();
        String host = settings.host().equals("0.0.0.0") || settings.host().equals("::") ? "127.0.0.1" : settings.host();
        try {
            String will = new WillWarmUp(new InetSocketAddress(host, settings.port()), settings.username(),
                    settings.password().orElseThrow(), WARM_UP_TIMEOUT).run();
            LOG.debug("the broker's Will path ran once (\"{}\") in {} ms", will, (System.nanoTime() - start) / 1_000_000);
        } catch (IOException | RuntimeException e) {
            LOG.warn("could not run the broker's Will path once at start (the first node to die may take longer to"
                    + " be noticed): {}", e.toString());
        }
    }

    synchronized void stop() {
        if (server != null) {
            server.stopServer();
            server = null;
        }
    }

    synchronized boolean running() {
        return server != null;
    }

    private final class ThreadWatch extends AbstractInterceptHandler {
        @Override
        public String getID() {
            return "baton-session-thread-watch";
        }

        @Override
        public Class<?>[] getInterceptedMessageTypes() {
            return new Class<?>[]{InterceptExceptionMessage.class};
        }

        @Override
        public void onSessionLoopError(Throwable error) {
            onThreadLost.accept(error);
        }
    }
}
