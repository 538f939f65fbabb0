package io.baton.simulator.cli;

import io.baton.trust.Ed25519;
import io.baton.trust.KeyFiles;
import io.baton.trust.TrustDirectory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.PublicKey;

/**
 * The operator key of a cluster, made once by {@code bin/baton up} (or an operator): {@code operator.key} (the
 * pair, mode 600) and {@code operator.pub} in a directory; an existing pair is kept. Prints the public key. Every
 * node gets {@code operator.pub}; {@code operator.key} goes only where operators deploy rules and make requests.
 */
public final class OperatorKey {

    private OperatorKey() {
    }

    public static void main(String[] args) {
        // the one place that writes to the process's streams: bin/baton's helper, outside Karaf
        if (args.length != 1) {
            System.err.println("usage: OperatorKey DIRECTORY (makes operator.key and operator.pub there unless present)");
            System.exit(OfflineCli.BAD_INPUT);
        }
        try {
            System.out.println(Ed25519.text(ensure(Path.of(args[0]))));
        } catch (IOException e) {
            System.err.println("baton: the operator key in " + args[0] + ": " + e.getMessage());
            System.exit(OfflineCli.FAILED);
        }
    }

    /** The operator's public key in {@code dir}, after making the pair if there is none. */
    static PublicKey ensure(Path dir) throws IOException {
        Path key = dir.resolve(TrustDirectory.OPERATOR_KEY);
        Path pub = dir.resolve(TrustDirectory.OPERATOR_PUBLIC);
        KeyPair pair;
        if (Files.exists(key)) {
            pair = KeyFiles.readPair(key);
            TrustDirectory.operatorKey(key); // refuses a key others can read
        } else {
            pair = Ed25519.generate();
            KeyFiles.writePair(key, pair, false);
        }
        if (!Files.exists(pub) || !KeyFiles.readPublic(pub).equals(pair.getPublic())) {
            KeyFiles.writePublic(pub, pair.getPublic(), true);
        }
        return pair.getPublic();
    }
}
