package io.baton.load;

import io.baton.api.spi.LoadSample;
import io.baton.api.spi.LoadSource;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import oshi.SystemInfo;
import oshi.hardware.GlobalMemory;
import oshi.hardware.HardwareAbstractionLayer;
import oshi.hardware.NetworkIF;
import oshi.util.Memoizer;

import java.net.NetworkInterface;
import java.net.SocketException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Measures this server with OSHI: CPU from the tick counters since the previous sample, memory in
 * use now, network from the byte counters of the non-loopback interfaces that are up since the
 * previous sample. Thread-safe (samples one at a time).
 */
@Component(service = LoadSource.class, configurationPid = LoadConfig.PID,
        configurationPolicy = ConfigurationPolicy.OPTIONAL)
public final class OshiLoadSource implements LoadSource {
    /**
     * The shortest interval a sample measures; the first sample waits for it instead of reporting
     * noise. Longer than OSHI's cache of its readings (300 ms by default): within it the
     * tick counters come back unchanged. Ticks come at 100 Hz per CPU, so a shorter one is mostly
     * rounding anyway.
     */
    static final Duration MIN_WINDOW = Duration.ofMillis(250)
            .plusNanos(Math.max(0, Memoizer.defaultExpiration()));

    private final Supplier<HardwareAbstractionLayer> hardwareFactory;
    private final long fallbackBitsPerSecond;
    // created at the first sample, so that a platform OSHI cannot read fails a sample (logged and
    // retried by the updater) rather than this component
    private HardwareAbstractionLayer hardware;
    private Reading last;
    private double lastCpu;

    @Activate
    public OshiLoadSource(LoadConfig config) {
        this(() -> new SystemInfo().getHardware(), checkedCapacity(config.networkCapacityMbps()) * 1_000_000L);
    }

    OshiLoadSource(Supplier<HardwareAbstractionLayer> hardwareFactory, long fallbackBitsPerSecond) {
        this.hardwareFactory = hardwareFactory;
        this.fallbackBitsPerSecond = fallbackBitsPerSecond;
    }

    private static long checkedCapacity(long mbps) {
        if (mbps < 1) {
            throw new IllegalArgumentException(LoadConfig.PID + ": networkCapacityMbps must be at least 1, was " + mbps);
        }
        return mbps;
    }

    @Override
    public synchronized LoadSample sample() {
        if (last == null) {
            hardware = hardwareFactory.get();
            last = read();
        }
        waitForMinimumWindow();
        Reading now = read();
        // no tick passed (cannot happen after the window, but a VM may stall): keep the last figure
        lastCpu = CpuUsage.between(last.ticks(), now.ticks()).orElse(lastCpu);
        double network = NetworkUsage.between(last.interfaces(), now.interfaces(),
                Duration.ofNanos(now.nanos() - last.nanos()), fallbackBitsPerSecond);
        last = now;
        return new LoadSample(lastCpu, memory(), network);
    }

    private void waitForMinimumWindow() {
        long remaining = MIN_WINDOW.toNanos() - (System.nanoTime() - last.nanos());
        if (remaining > 0) {
            try {
                Thread.sleep(remaining / 1_000_000, (int) (remaining % 1_000_000));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt(); // measure the shorter interval; the caller is stopping
            }
        }
    }

    private double memory() {
        GlobalMemory memory = hardware.getMemory();
        long total = memory.getTotal();
        return total <= 0 ? 0 : Percent.clamp(100.0 * (total - memory.getAvailable()) / total);
    }

    private Reading read() {
        long[] ticks = hardware.getProcessor().getSystemCpuLoadTicks();
        Map<String, NetworkUsage.Counter> interfaces = new LinkedHashMap<>();
        // listed anew each time: interfaces come and go; new NetworkIF objects read their counters
        for (NetworkIF nif : hardware.getNetworkIFs(true)) {
            if (countsForLoad(nif.queryNetworkInterface())) {
                interfaces.put(nif.getName(),
                        new NetworkUsage.Counter(nif.getBytesRecv() + nif.getBytesSent(), nif.getSpeed()));
            }
        }
        return new Reading(System.nanoTime(), ticks, interfaces);
    }

    private static boolean countsForLoad(NetworkInterface nif) {
        try {
            // loopback traffic never leaves the server; a down interface's capacity is not available
            return !nif.isLoopback() && nif.isUp();
        } catch (SocketException e) {
            return false; // gone since it was listed
        }
    }

    private record Reading(long nanos, long[] ticks, Map<String, NetworkUsage.Counter> interfaces) {
    }
}
