package io.baton.broker.embedded;

import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;

/**
 * The nodes' own broker users: a properties file, {@code NODE = PASSWORD} per line, mode 600. Each user is named
 * after its node and may write only that node's rows ({@link NodeAcl}). Names are plain (letters, digits, {@code _}
 * and {@code -}): they stand for themselves in topics.
 */
final class NodeUsers {
    private NodeUsers() {
    }

    static Map<String, byte[]> read(Path file) {
        try {
            Set<PosixFilePermission> mode = Files.getPosixFilePermissions(file);
            if (mode.contains(PosixFilePermission.GROUP_READ) || mode.contains(PosixFilePermission.OTHERS_READ)) {
                throw new IllegalArgumentException("nodeUsersFile " + file + " is readable by other users: chmod 600 "
                        + file);
            }
            Properties p = new Properties();
            try (StringReader in = new StringReader(Files.readString(file, StandardCharsets.UTF_8))) {
                p.load(in);
            }
            Map<String, byte[]> users = new TreeMap<>();
            for (String node : p.stringPropertyNames()) {
                if (!node.matches("[A-Za-z0-9_-]{1,64}")) {
                    throw new IllegalArgumentException("nodeUsersFile " + file + ": \"" + node + "\" is not a plain node "
                            + "name (letters, digits, _ and -)");
                }
                String password = p.getProperty(node);
                if (password.isEmpty()) {
                    throw new IllegalArgumentException("nodeUsersFile " + file + ": " + node + " has no password");
                }
                users.put(node, password.getBytes(StandardCharsets.UTF_8));
            }
            return users;
        } catch (IOException e) {
            throw new IllegalArgumentException("nodeUsersFile " + file + ": cannot read it: " + e.getMessage(), e);
        }
    }
}
