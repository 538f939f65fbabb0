package io.baton.broker.embedded;

import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The embedded MQTT broker (Moquette) for the zero-setup default: loopback only unless configured, one user and
 * password, no anonymous access, no telemetry. Without a configured password it generates one and stores it
 * (see {@link GeneratedPassword}). A configuration change restarts the broker only when a setting changed.
 */
@Component(service = {}, immediate = true, configurationPid = BrokerConfig.PID,
        configurationPolicy = ConfigurationPolicy.OPTIONAL)
@Designate(ocd = BrokerConfig.class)
public final class EmbeddedBroker {
    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedBroker.class);

    private final ConfigurationAdmin configAdmin;
    private final MoquetteRunner moquette = new MoquetteRunner(this::threadLost);
    private final AtomicBoolean restarting = new AtomicBoolean();
    private BrokerSettings settings; // guarded by this

    @Activate
    public EmbeddedBroker(BrokerConfig config, @Reference ConfigurationAdmin configAdmin) {
        this(BrokerSettings.from(config, System.getProperty("karaf.data")), configAdmin);
    }

    EmbeddedBroker(BrokerSettings requested, ConfigurationAdmin configAdmin) {
        this.configAdmin = configAdmin;
        apply(requested);
    }

    @Modified
    void modified(BrokerConfig config) {
        apply(BrokerSettings.from(config, System.getProperty("karaf.data")));
    }

    @Deactivate
    synchronized void stop() {
        moquette.stop();
        settings = null;
        LOG.info("embedded MQTT broker stopped");
    }

    synchronized BrokerSettings settings() {
        return settings;
    }

    private synchronized void apply(BrokerSettings requested) {
        boolean generated = requested.password().isEmpty();
        // keep a password generated earlier: the stores already use it
        BrokerSettings next = !generated ? requested : requested.withPassword(settings != null
                ? settings.password().orElseThrow() : GeneratedPassword.generate());
        if (!next.equals(settings)) {
            moquette.stop();
            moquette.start(next);
            settings = next;
            LOG.info("embedded MQTT broker listening on {}", next);
        }
        if (generated) {
            GeneratedPassword.store(configAdmin, next.username(), next.password().orElseThrow());
        }
    }

    /** Called on a Moquette thread: restart from another one, once for a burst of failures. */
    private void threadLost(Throwable error) {
        if (!restarting.compareAndSet(false, true)) {
            return;
        }
        Thread restart = new Thread(() -> {
            try {
                synchronized (this) {
                    if (settings != null) {
                        LOG.error("the embedded broker lost a session thread (a Moquette 0.17 bug); restarting it so "
                                + "no client is left unserved", error);
                        moquette.stop();
                        moquette.start(settings);
                    }
                }
            } catch (RuntimeException e) {
                LOG.error("cannot restart the embedded MQTT broker", e);
            } finally {
                restarting.set(false);
            }
        }, "baton-broker-restart");
        restart.setDaemon(true);
        restart.start();
    }

    /** For tests: as if Moquette had lost a session thread. */
    void simulateThreadLoss(Throwable error) {
        threadLost(error);
    }
}
