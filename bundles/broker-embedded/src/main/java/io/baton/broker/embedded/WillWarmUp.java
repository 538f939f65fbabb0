package io.baton.broker.embedded;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * Runs the broker's Will path once, over its own listener, right after it starts: a node's death reaches the
 * other nodes as its Will, and a fresh broker JVM (compiled by C1 only, see bin/setenv) took 20-30 ms longer to
 * publish its first Will. A watcher subscribes to {@link #TOPIC}; a client with a retained QoS 1 Will there, as the
 * nodes have, closes its connection without a DISCONNECT; the watcher waits for the Will, then clears the retained
 * message. (A connection ended by a reset, as a killed client with unread data ends it, takes Moquette's exception
 * path, also slow the first time; it is not run here because Moquette logs every reset as an error with its stack
 * trace, and each broker start would show one.) Plain MQTT 3.1.1 packets on a socket: the broker bundle has no
 * client library, and this needs nothing but these few packets.
 */
final class WillWarmUp {
    static final String TOPIC = "baton-broker/will-warm-up";
    private static final int CONNECT = 0x10;
    private static final int CONNACK = 0x20;
    private static final int PUBLISH = 0x30;
    private static final int PUBACK = 0x40;
    private static final int SUBSCRIBE = 0x82;
    private static final int SUBACK = 0x90;
    private static final int UNSUBSCRIBE = 0xA2;
    private static final int UNSUBACK = 0xB0;
    private static final int DISCONNECT = 0xE0;

    private final InetSocketAddress address;
    private final String username;
    private final String password;
    private final int timeoutMillis;

    WillWarmUp(InetSocketAddress address, String username, String password, Duration timeout) {
        this.address = address;
        this.username = username;
        this.password = password;
        this.timeoutMillis = Math.toIntExact(timeout.toMillis());
    }

    /** Runs it; returns the Will the watcher received ("closed"). Throws on any failure. */
    String run() throws IOException {
        String will;
        try (Socket watcher = connect("baton-broker-warm-up-watcher", null)) {
            DataInputStream in = new DataInputStream(watcher.getInputStream());
            clearRetained(watcher, in, 1); // one left by an earlier run cut short (not subscribed yet: only a PUBACK)
            send(watcher, SUBSCRIBE, concat(id(2), string(TOPIC), new byte[]{1}));
            expect(in, SUBACK);

            connect("baton-broker-warm-up-closed", "closed").close(); // no DISCONNECT: the Will is published
            will = receiveWill(watcher, in);

            // unsubscribed first, so the broker sends the watcher nothing it could still be acknowledging as it leaves
            // (Moquette 0.17 can lose a session thread to a PUBACK racing a closing session)
            send(watcher, UNSUBSCRIBE, concat(id(3), string(TOPIC)));
            expect(in, UNSUBACK);
            clearRetained(watcher, in, 4);
            send(watcher, DISCONNECT, new byte[0]);
        }
        return will;
    }

    /** Connects with a clean session and, unless {@code will} is null, a retained QoS 1 Will on {@link #TOPIC}. */
    private Socket connect(String clientId, String will) throws IOException {
        Socket socket = new Socket();
        try {
            socket.setSoTimeout(timeoutMillis);
            socket.setTcpNoDelay(true);
            socket.connect(address, timeoutMillis);
            int flags = 0x80 | 0x40 | 0x02 | (will == null ? 0 : 0x20 | 0x08 | 0x04); // user, password, clean, Will
            byte[] header = concat(string("MQTT"), new byte[]{4, (byte) flags, 0, 60}); // level 4, keep-alive 60 s
            byte[] payload = will == null
                    ? concat(string(clientId), string(username), string(password))
                    : concat(string(clientId), string(TOPIC), string(will), string(username), string(password));
            send(socket, CONNECT, concat(header, payload));
            byte[] ack = expect(new DataInputStream(socket.getInputStream()), CONNACK);
            if (ack.length != 2 || ack[1] != 0) {
                throw new IOException("the broker refused the warm-up client (CONNACK return code "
                        + (ack.length == 2 ? ack[1] : -1) + ")");
            }
            return socket;
        } catch (IOException | RuntimeException e) {
            socket.close();
            throw e;
        }
    }

    /** An empty retained message (QoS 1) deletes the retained one. */
    private static void clearRetained(Socket watcher, DataInputStream in, int packetId) throws IOException {
        send(watcher, PUBLISH | 0x02 | 0x01, concat(string(TOPIC), id(packetId)));
        expect(in, PUBACK);
    }

    private static String receiveWill(Socket watcher, DataInputStream in) throws IOException {
        byte[] body = expect(in, PUBLISH);
        int payload = acknowledge(watcher, body);
        return new String(body, payload, body.length - payload, StandardCharsets.UTF_8);
    }

    /** Sends the PUBACK of a QoS 1 PUBLISH's body; returns where its payload starts. */
    private static int acknowledge(Socket watcher, byte[] publish) throws IOException {
        int packetId = 2 + (((publish[0] & 0xFF) << 8) | (publish[1] & 0xFF));
        send(watcher, PUBACK, new byte[]{publish[packetId], publish[packetId + 1]});
        return packetId + 2;
    }

    /** Reads one packet of the given type (its flags ignored) and returns its body. */
    private static byte[] expect(DataInputStream in, int type) throws IOException {
        int first = in.readUnsignedByte();
        byte[] body = body(in);
        if ((first & 0xF0) != (type & 0xF0)) {
            throw new IOException("expected MQTT packet type " + (type >> 4) + " from the broker, got " + (first >> 4));
        }
        return body;
    }

    /** The remaining length, then that many bytes. */
    private static byte[] body(DataInputStream in) throws IOException {
        int length = 0;
        for (int shift = 0, digit = 0x80; (digit & 0x80) != 0; shift += 7) {
            if (shift > 21) {
                throw new IOException("malformed remaining length from the broker");
            }
            digit = in.readUnsignedByte();
            length |= (digit & 0x7F) << shift;
        }
        byte[] body = new byte[length];
        in.readFully(body);
        return body;
    }

    private static void send(Socket socket, int first, byte[] body) throws IOException {
        ByteArrayOutputStream packet = new ByteArrayOutputStream(body.length + 5);
        packet.write(first);
        int length = body.length;
        do {
            int digit = length & 0x7F;
            length >>>= 7;
            packet.write(length > 0 ? digit | 0x80 : digit);
        } while (length > 0);
        packet.writeBytes(body);
        OutputStream out = socket.getOutputStream();
        out.write(packet.toByteArray());
        out.flush();
    }

    private static byte[] string(String s) {
        byte[] utf8 = s.getBytes(StandardCharsets.UTF_8);
        return concat(new byte[]{(byte) (utf8.length >> 8), (byte) utf8.length}, utf8);
    }

    private static byte[] id(int packetId) {
        return new byte[]{(byte) (packetId >> 8), (byte) packetId};
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] part : parts) {
            out.writeBytes(part);
        }
        return out.toByteArray();
    }
}
