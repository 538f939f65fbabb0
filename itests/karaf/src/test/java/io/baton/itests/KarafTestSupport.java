package io.baton.itests;

import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.karaf.options.LogLevelOption;
import org.ops4j.pax.exam.options.MavenArtifactUrlReference;
import org.ops4j.pax.exam.options.extra.VMOption;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;

import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.util.Arrays;
import java.util.stream.Stream;

import static org.ops4j.pax.exam.CoreOptions.maven;
import static org.ops4j.pax.exam.CoreOptions.systemProperty;
import static org.ops4j.pax.exam.CoreOptions.systemTimeout;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.configureConsole;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.editConfigurationFilePut;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.karafDistributionConfiguration;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.keepRuntimeFolder;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.logLevel;

/** Boots Baton's own Karaf assembly (not a stock Karaf) for Pax Exam tests. */
public abstract class KarafTestSupport {

    protected static Option[] batonDistribution(Option... extra) {
        String karafVersion = System.getProperty("karaf.version");
        MavenArtifactUrlReference distribution = maven().groupId("io.baton").artifactId("baton-karaf-assembly")
                .version(System.getProperty("project.version")).type("tar.gz");
        String localRepository = System.getProperty("org.ops4j.pax.url.mvn.localRepository", "");
        Option[] base = {
                karafDistributionConfiguration().frameworkUrl(distribution).name("Baton").karafVersion(karafVersion)
                        .unpackDirectory(new File("target/exam")),
                configureConsole().ignoreLocalConsole(),
                keepRuntimeFolder(),
                logLevel(LogLevelOption.LogLevel.INFO),
                systemTimeout(120_000),
                editConfigurationFilePut("etc/org.apache.karaf.shell.cfg", "sshPort", Integer.toString(freePort())),
                editConfigurationFilePut("etc/org.ops4j.pax.url.mvn.cfg", "org.ops4j.pax.url.mvn.localRepository", localRepository),
                editConfigurationFilePut("etc/org.apache.karaf.features.cfg", "updateSnapshots", "none"),
                systemProperty("pax.exam.osgi.unresolved.fail").value("true"),
        };
        return Stream.of(base, java17Options(karafVersion), extra).flatMap(Arrays::stream).toArray(Option[]::new);
    }

    /** What bin/karaf adds on Java 9+ (Pax Exam starts Karaf without that script). */
    private static Option[] java17Options(String karafVersion) {
        return Stream.of(
                        "--add-reads=java.xml=java.logging",
                        "--add-exports=java.base/org.apache.karaf.specs.locator=java.xml,ALL-UNNAMED",
                        "--patch-module", "java.base=lib/endorsed/org.apache.karaf.specs.locator-" + karafVersion + ".jar",
                        "--patch-module", "java.xml=lib/endorsed/org.apache.karaf.specs.java.xml-" + karafVersion + ".jar",
                        "--add-opens", "java.base/java.security=ALL-UNNAMED",
                        "--add-opens", "java.base/java.net=ALL-UNNAMED",
                        "--add-opens", "java.base/java.lang=ALL-UNNAMED",
                        "--add-opens", "java.base/java.util=ALL-UNNAMED",
                        "--add-opens", "java.naming/javax.naming.spi=ALL-UNNAMED",
                        "--add-opens", "java.rmi/sun.rmi.transport.tcp=ALL-UNNAMED",
                        "--add-exports=java.base/sun.net.www.protocol.file=ALL-UNNAMED",
                        "--add-exports=java.base/sun.net.www.protocol.jar=ALL-UNNAMED",
                        "-classpath", "lib/jdk9plus/*" + File.pathSeparator + "lib/boot/*")
                .map(VMOption::new).toArray(Option[]::new);
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException("no free port for the test container's SSH console", e);
        }
    }

    /** A free port on loopback, for a broker or console of the test. */
    protected static int port() {
        return freePort();
    }

    /**
     * Runs a shell command as an operator would and returns what it printed. A failing command's
     * error message is returned after "ERROR: ", so tests assert on the message a user sees.
     */
    protected static String execute(org.apache.karaf.shell.api.console.SessionFactory sessions, String command) {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        java.io.PrintStream print = new java.io.PrintStream(out, true, java.nio.charset.StandardCharsets.UTF_8);
        org.apache.karaf.shell.api.console.Session session = sessions.create(new java.io.ByteArrayInputStream(new byte[0]), print, print);
        try {
            Object result = session.execute(command);
            if (result != null) {
                print.println(result);
            }
        } catch (Exception e) {
            print.println("ERROR: " + e.getMessage());
        } finally {
            session.close();
        }
        return out.toString(java.nio.charset.StandardCharsets.UTF_8);
    }

    /**
     * Polls until {@code accept} takes the value, failing after {@code timeout} with the last value seen.
     * (The tests run inside the container, where the API's test-jar Await is not deployed.)
     */
    protected static <T> T await(String what, java.time.Duration timeout, java.util.function.Supplier<T> value,
                                 java.util.function.Predicate<T> accept) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        T last = value.get();
        while (!accept.test(last)) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out after " + timeout.toSeconds() + " s waiting for " + what + "; last: " + last);
            }
            Thread.sleep(50);
            last = value.get();
        }
        return last;
    }

    protected static Bundle bundle(BundleContext context, String symbolicName) {
        return Arrays.stream(context.getBundles()).filter(b -> symbolicName.equals(b.getSymbolicName())).findFirst()
                .orElseThrow(() -> new AssertionError("bundle " + symbolicName + " is not installed"));
    }
}
