package io.baton.broker.embedded;

import io.moquette.broker.security.IAuthenticator;
import io.moquette.broker.security.IAuthorizatorPolicy;
import io.moquette.broker.subscriptions.Topic;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Map;

/**
 * Who may connect and what each may do: the administrative user (username and password of the configuration)
 * everything, each node's own user ({@link NodeUsers}) what {@link NodeAcl} allows. Passwords are compared in
 * constant time; anonymous clients are refused.
 */
final class BrokerAccess implements IAuthenticator, IAuthorizatorPolicy {
    private final String admin;
    private final byte[] adminPassword;
    private final Map<String, byte[]> nodes;

    BrokerAccess(String admin, String adminPassword, Map<String, byte[]> nodes) {
        this.admin = admin;
        this.adminPassword = adminPassword.getBytes(StandardCharsets.UTF_8);
        this.nodes = Map.copyOf(nodes);
    }

    @Override
    public boolean checkValid(String clientId, String user, byte[] given) {
        if (user == null || given == null) {
            return false;
        }
        byte[] expected = user.equals(admin) ? adminPassword : nodes.get(user);
        // compare against something of the same kind even for an unknown user, so timing says nothing
        boolean matches = MessageDigest.isEqual(expected == null ? adminPassword : expected, given);
        return expected != null & matches;
    }

    @Override
    public boolean canWrite(Topic topic, String user, String client) {
        return admin.equals(user) || nodes.containsKey(user) && NodeAcl.canWrite(topic.toString(), user);
    }

    @Override
    public boolean canRead(Topic topic, String user, String client) {
        return admin.equals(user) || nodes.containsKey(user) && NodeAcl.canRead(topic.toString(), user);
    }
}
