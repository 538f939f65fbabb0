package io.baton.broker.embedded;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.AttributeType;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** Configuration of the embedded MQTT broker (PID {@value #PID}). */
@ObjectClassDefinition(name = "Baton embedded MQTT broker",
        description = "An MQTT broker (Moquette) inside Karaf for a cluster without its own broker.")
public @interface BrokerConfig {
    String PID = "io.baton.broker.embedded";

    @AttributeDefinition(description = "Address to listen on. The default, loopback, serves this node only; "
            + "other nodes need an address they can reach (and a firewall that lets only them in).")
    String host() default "127.0.0.1";

    @AttributeDefinition(min = "0", max = "65535", description = "TCP port for plain MQTT; 0 for none (TLS only).")
    int port() default 1883;

    @AttributeDefinition(min = "0", max = "65535", description = "TCP port for MQTT over TLS (clients use ssl:// "
            + "URLs); 0 for none. Needs keyStore.")
    int tlsPort() default 0;

    @AttributeDefinition(required = false, description = "The broker's key and certificate for TLS: a PKCS12 file "
            + "(mode 600).")
    String keyStore() default "";

    @AttributeDefinition(required = false, type = AttributeType.PASSWORD, description = "The password of keyStore.")
    String keyStorePassword() default "";

    @AttributeDefinition(description = "The administrative user name: it may publish and read everything (tools, "
            + "operators). Nodes had better each have their own user (nodeUsersFile).")
    String username() default "baton";

    @AttributeDefinition(required = false, type = AttributeType.PASSWORD, description = "The password it accepts. "
            + "Empty: a random one is generated at first start and stored in this configuration (and in the "
            + "shared store's, when that one has none).")
    String password() default "";

    @AttributeDefinition(required = false, description = "The nodes' own users: a properties file (mode 600) of "
            + "NODE = PASSWORD lines. A node's user may publish only what that node writes: the shared rows, and its "
            + "own presence, heartbeat and load, never another node's. Empty: none.")
    String nodeUsersFile() default "";

    @AttributeDefinition(description = "Keep retained messages across broker restarts (on disk, in dataPath). The "
            + "nodes publish again what a broker lacks anyway; with this a broker restarted alone has the whole state.")
    boolean persistence() default true;

    @AttributeDefinition(required = false, description = "Directory for persistence. Empty: ${karaf.data}/baton/broker.")
    String dataPath() default "";

    @AttributeDefinition(min = "8092", description = "Largest MQTT message accepted, in bytes; a client that sends a"
            + " larger one is disconnected. Moquette's own default (8092) is too small for the decision history.")
    int maxMessageBytes() default BrokerSettings.DEFAULT_MAX_MESSAGE_BYTES;
}
