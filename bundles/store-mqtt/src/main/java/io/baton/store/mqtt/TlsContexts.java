package io.baton.store.mqtt;

import javax.net.ssl.KeyManager;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;

/** Builds the TLS socket factory for ssl:// brokers from the configured key and trust stores. */
final class TlsContexts {
    private TlsContexts() {
    }

    static SSLSocketFactory socketFactory(StoreSettings.Tls tls) {
        try {
            TrustManager[] trust = null; // null: the JVM's default trust store
            if (tls.trustStore().isPresent()) {
                TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
                tmf.init(load(tls.trustStore().get(), tls.trustStoreType(), tls.trustStorePassword()));
                trust = tmf.getTrustManagers();
            }
            KeyManager[] keys = null;
            if (tls.keyStore().isPresent()) {
                KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
                kmf.init(load(tls.keyStore().get(), tls.keyStoreType(), tls.keyStorePassword()),
                        tls.keyStorePassword().toCharArray());
                keys = kmf.getKeyManagers();
            }
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(keys, trust, null);
            return context.getSocketFactory();
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalArgumentException("cannot set up TLS (" + tls + "): " + e.getMessage(), e);
        }
    }

    private static KeyStore load(String path, String type, String password) throws GeneralSecurityException,
            IOException {
        KeyStore store = KeyStore.getInstance(type);
        try (InputStream in = Files.newInputStream(Path.of(path))) {
            store.load(in, password.isEmpty() ? null : password.toCharArray());
        }
        return store;
    }
}
