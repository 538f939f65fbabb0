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

    @AttributeDefinition(description = "Broker URL(s): tcp://host:port or ssl://host:port. Several (comma-separated) "
            + "form a failover list, tried in order at every connection.")
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

    @AttributeDefinition(min = "1", description = "Seconds to wait for the broker to accept a connection.")
    int connectionTimeoutSeconds() default 5;

    @AttributeDefinition(min = "1", description = "Longest pause in seconds between two reconnection attempts "
            + "(they start at a quarter of a second and double).")
    int reconnectMaxDelaySeconds() default 5;

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
