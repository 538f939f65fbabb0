package io.baton.store.mqtt;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.AttributeType;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** Configuration of the MQTT shared store (PID {@value #PID}); an empty text means "not set". */
@ObjectClassDefinition(name = "Baton shared store (MQTT)",
        description = "Mirrors the shared tables through retained MQTT messages under baton/<cluster>/.")
public @interface StoreConfig {
    String PID = "io.baton.store.mqtt";

    @AttributeDefinition(description = "The cluster's name: the topic tree baton/<cluster>/ it shares. Every node "
            + "of a cluster uses the same name, and rule files must name it.")
    String cluster() default "demo";

    @AttributeDefinition(required = false, description = "This node's server name, as the rule file lists it. "
            + "Empty: this host's name up to the first dot.")
    String node() default "";

    @AttributeDefinition(description = "The brokers, in priority order: tcp://host:port or ssl://host:port, "
            + "comma-separated. The node keeps a connection to every one (its heartbeats go through all of them) and "
            + "uses the first that a majority reaches for the shared tables. Every node lists the same brokers in the "
            + "same order. One broker alone is a single point of failure.")
    String[] brokerUrls() default {"tcp://127.0.0.1:1883"};

    @AttributeDefinition(required = false, description = "MQTT client id. Empty: baton-<cluster>-<node>.")
    String clientId() default "";

    @AttributeDefinition(required = false, description = "User name for the broker. Empty: none.")
    String username() default "";

    @AttributeDefinition(required = false, type = AttributeType.PASSWORD, description = "Password for the broker. "
            + "The embedded broker fills it in when it generates its own.")
    String password() default "";

    @AttributeDefinition(min = "1", description = "MQTT keep-alive in seconds. The broker notices a dead node "
            + "after 1.5 times this and publishes its Will, so this sets how fast a failure is detected.")
    int keepAliveSeconds() default 2;

    @AttributeDefinition(min = "400", description = "The lease, in milliseconds: a node that a majority of the rule "
            + "file's servers has not acknowledged for this long stops its apps (fences). Must be below 1.5 times the "
            + "keep-alive (a dead node's Will comes then) and at least four heartbeats.")
    int leaseMillis() default 2000;

    @AttributeDefinition(min = "50", description = "Milliseconds between two heartbeats of this node (sent through "
            + "every broker). A node whose heartbeats stop departs after the lease plus two heartbeats.")
    int beatIntervalMillis() default 250;

    @AttributeDefinition(min = "1", description = "Seconds to wait for the broker to accept a connection.")
    int connectionTimeoutSeconds() default 5;

    @AttributeDefinition(min = "1", description = "Longest pause in seconds between two reconnection attempts "
            + "(they start at a quarter of a second and double).")
    int reconnectMaxDelaySeconds() default 5;

    @AttributeDefinition(required = false, description = "Where this node keeps its mirror of the tables on disk "
            + "(mode 600), to publish the rows again to brokers that lost them all. Empty: ${karaf.data}/baton/store, "
            + "or nowhere outside Karaf.")
    String stateDirectory() default "";

    @AttributeDefinition(required = false, description = "Where this node's keys are (SPEC \"Availability and "
            + "trust\"): operator.pub (the operator's public key, the same on every node), node.key (this node's key, "
            + "mode 600, made at first start), node.cert (the operator's certificate of it), and operator.key (mode "
            + "600) only where operators deploy. Empty: ${karaf.etc}/baton.")
    String keyDirectory() default "";

    @AttributeDefinition(min = "65536", description = "The largest message, in bytes, this node accepts from a "
            + "broker; a larger one is ignored (counted and logged). Set the brokers' own limit to the same value "
            + "(mosquitto max_packet_size, the embedded broker's maxMessageBytes).")
    int maxMessageBytes() default 4 * 1024 * 1024;

    @AttributeDefinition(min = "1", description = "Decisions kept in the history.")
    int historySize() default 100;

    @AttributeDefinition(min = "1", description = "Answers to operator requests kept; the oldest are removed.")
    int outcomesSize() default 100;

    @AttributeDefinition(required = false, description = "TLS (ssl:// URLs): trust store file. Empty: the JVM's "
            + "default trust store.")
    String trustStore() default "";

    @AttributeDefinition(required = false, type = AttributeType.PASSWORD, description = "Password of the trust store.")
    String trustStorePassword() default "";

    @AttributeDefinition(description = "Type of the trust store (PKCS12, JKS).")
    String trustStoreType() default "PKCS12";

    @AttributeDefinition(required = false, description = "TLS client certificate: key store file. Empty: none.")
    String keyStore() default "";

    @AttributeDefinition(required = false, type = AttributeType.PASSWORD, description = "Password of the key store "
            + "and of its key.")
    String keyStorePassword() default "";

    @AttributeDefinition(description = "Type of the key store (PKCS12, JKS).")
    String keyStoreType() default "PKCS12";

    @AttributeDefinition(description = "TLS: check that the broker's certificate names the host connected to.")
    boolean tlsHostnameVerification() default true;
}
