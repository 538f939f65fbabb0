package io.baton.broker.embedded;

import io.moquette.broker.security.IAuthenticator;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

/** Accepts exactly one user name and password; compares in constant time. */
final class PasswordAuthenticator implements IAuthenticator {
    private final byte[] username;
    private final byte[] password;

    PasswordAuthenticator(String username, String password) {
        this.username = username.getBytes(StandardCharsets.UTF_8);
        this.password = password.getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public boolean checkValid(String clientId, String user, byte[] given) {
        boolean userMatches = user != null && MessageDigest.isEqual(username, user.getBytes(StandardCharsets.UTF_8));
        boolean passwordMatches = given != null && MessageDigest.isEqual(password, given);
        return userMatches & passwordMatches;
    }
}
