package io.baton.broker.embedded;

import io.moquette.broker.Server;
import io.moquette.broker.config.MemoryConfig;
import io.moquette.interception.AbstractInterceptHandler;
import io.moquette.interception.messages.InterceptExceptionMessage;

import java.io.IOException;
import java.util.List;
import java.util.function.Consumer;

/**
 * One Moquette server at a time. Moquette 0.17 ends a session thread for good when a command on it throws
 * (seen: a PUBACK racing a closing session, IllegalReferenceCountException), leaving every client hashed to that
 * thread unserved: {@code onThreadLost} is told, so the owner can restart the broker.
 */
final class MoquetteRunner {
    private final Consumer<Throwable> onThreadLost;
    private Server server;

    MoquetteRunner(Consumer<Throwable> onThreadLost) {
        this.onThreadLost = onThreadLost;
    }

    synchronized void start(BrokerSettings settings) {
        Server next = new Server();
        try {
            next.startServer(new MemoryConfig(settings.moquette()), List.of(new ThreadWatch()), null,
                    new PasswordAuthenticator(settings.username(), settings.password().orElseThrow()), null);
        } catch (IOException | RuntimeException e) {
            throw new IllegalStateException("cannot start the embedded MQTT broker on " + settings + ": "
                    + e.getMessage(), e);
        }
        server = next;
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
