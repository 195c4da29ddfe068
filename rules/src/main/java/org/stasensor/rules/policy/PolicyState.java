package org.stasensor.rules.policy;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Map;
import java.util.zip.CRC32;
import java.util.zip.CheckedInputStream;
import java.util.zip.CheckedOutputStream;

/**
 * What the policy detectors remember, kept across reloads and (through {@link #save}/{@link #load}) restarts:
 * DNS servers each LAN host has used, hosts seen answering DNS, SSH attempts per source, rate baselines, and when
 * each rule last alerted for each key. Every table is a {@link BoundedMap} with the same cap.
 * <p>
 * File {@value #FILE_NAME}: magic, version, the tables, then a CRC-32 of everything before it. Written to a temporary
 * file in the same directory and renamed over the old one, so a crash mid-write leaves the previous state whole.
 */
final class PolicyState
{
    /** The state file in the state directory. */
    static final String FILE_NAME = "policy-state.bin";

    private static final int MAGIC = 0x53544150; // "STAP"
    private static final int VERSION = 1;

    /** A LAN host and a public DNS server it has used. */
    record ClientServer(HostKey client, HostKey server)
    {
    }

    /** A rate_anomaly rule's measured key: a host (two address halves) or a service (transport, port). */
    record RateKey(String rule, long high, long low)
    {
    }

    final int capacity;
    final BoundedMap<ClientServer, Long> dnsServersUsed;
    final BoundedMap<HostKey, Long> dnsAnswerers;
    final BoundedMap<HostKey, SshAttemptWindow> sshAttempts;
    final BoundedMap<RateKey, RateBaseline> rates;
    final BoundedMap<String, Long> lastAlerts;
    /** Time of the first DNS record ever seen: learning periods count from here. Long.MIN_VALUE before. */
    long dnsLearningStart = Long.MIN_VALUE;

    PolicyState(final int capacity)
    {
        this.capacity = capacity;
        dnsServersUsed = new BoundedMap<>(capacity);
        dnsAnswerers = new BoundedMap<>(capacity);
        sshAttempts = new BoundedMap<>(capacity);
        rates = new BoundedMap<>(capacity);
        lastAlerts = new BoundedMap<>(capacity);
    }

    /**
     * Writes the state atomically.
     *
     * @param directory the state directory, created when missing.
     * @throws IOException when it cannot be written; the previous file stays.
     */
    void save(final Path directory) throws IOException
    {
        Files.createDirectories(directory);
        final Path target = directory.resolve(FILE_NAME);
        final Path temporary = Files.createTempFile(directory, FILE_NAME, ".tmp");
        try
        {
            try (OutputStream file = Files.newOutputStream(temporary);
                CheckedOutputStream checked = new CheckedOutputStream(new BufferedOutputStream(file), new CRC32());
                DataOutputStream out = new DataOutputStream(checked))
            {
                write(out);
                out.flush();
                out.writeLong(checked.getChecksum().getValue());
                out.flush();
                file.flush();
            }
            try
            {
                Files.move(temporary, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            }
            catch (final AtomicMoveNotSupportedException ex)
            {
                Files.move(temporary, target, StandardCopyOption.REPLACE_EXISTING);
            }
        }
        finally
        {
            Files.deleteIfExists(temporary);
        }
    }

    private void write(final DataOutputStream out) throws IOException
    {
        out.writeInt(MAGIC);
        out.writeInt(VERSION);
        out.writeLong(dnsLearningStart);
        out.writeInt(dnsServersUsed.size());
        for (final Map.Entry<ClientServer, Long> entry : dnsServersUsed.entrySet())
        {
            writeHost(out, entry.getKey().client());
            writeHost(out, entry.getKey().server());
            out.writeLong(entry.getValue());
        }
        out.writeInt(dnsAnswerers.size());
        for (final Map.Entry<HostKey, Long> entry : dnsAnswerers.entrySet())
        {
            writeHost(out, entry.getKey());
            out.writeLong(entry.getValue());
        }
        out.writeInt(sshAttempts.size());
        for (final Map.Entry<HostKey, SshAttemptWindow> entry : sshAttempts.entrySet())
        {
            writeHost(out, entry.getKey());
            final SshAttemptWindow window = entry.getValue();
            out.writeInt(window.used);
            out.writeInt(window.next);
            for (int i = 0; i < window.used; i++)
            {
                out.writeLong(window.times[i]);
                out.writeInt(window.attempts[i]);
            }
        }
        out.writeInt(rates.size());
        for (final Map.Entry<RateKey, RateBaseline> entry : rates.entrySet())
        {
            out.writeUTF(entry.getKey().rule());
            out.writeLong(entry.getKey().high());
            out.writeLong(entry.getKey().low());
            final RateBaseline baseline = entry.getValue();
            out.writeLong(baseline.minute);
            out.writeDouble(baseline.current);
            out.writeDouble(baseline.mean);
            out.writeDouble(baseline.variance);
            out.writeLong(baseline.observedMinutes);
            out.writeBoolean(baseline.alerted);
        }
        out.writeInt(lastAlerts.size());
        for (final Map.Entry<String, Long> entry : lastAlerts.entrySet())
        {
            out.writeUTF(entry.getKey());
            out.writeLong(entry.getValue());
        }
    }

    private static void writeHost(final DataOutputStream out, final HostKey host) throws IOException
    {
        out.writeLong(host.high());
        out.writeLong(host.low());
    }

    /**
     * Reads a saved state. Tables larger than this state's cap keep their most recently used entries.
     *
     * @param directory the state directory.
     * @param capacity  the cap of each table.
     * @return the state; an empty one when there is no file.
     * @throws IOException when the file is there but cannot be read or is corrupt (the message says how).
     */
    static PolicyState load(final Path directory, final int capacity) throws IOException
    {
        final PolicyState state = new PolicyState(capacity);
        final Path file = directory.resolve(FILE_NAME);
        if (!Files.exists(file))
        {
            return state;
        }
        try (InputStream raw = Files.newInputStream(file);
            CheckedInputStream checked = new CheckedInputStream(new BufferedInputStream(raw), new CRC32());
            DataInputStream in = new DataInputStream(checked))
        {
            if (in.readInt() != MAGIC)
            {
                throw new IOException(file + ": not a policy state file");
            }
            final int version = in.readInt();
            if (version != VERSION)
            {
                throw new IOException(file + ": state version " + version + " is not " + VERSION);
            }
            state.read(in, file);
            final long computed = checked.getChecksum().getValue();
            if (in.readLong() != computed)
            {
                throw new IOException(file + ": checksum mismatch (file damaged)");
            }
        }
        catch (final java.io.EOFException ex)
        {
            throw new IOException(file + ": truncated");
        }
        return state;
    }

    private void read(final DataInputStream in, final Path file) throws IOException
    {
        dnsLearningStart = in.readLong();
        final int pairs = count(in, file);
        for (int i = 0; i < pairs; i++)
        {
            dnsServersUsed.put(new ClientServer(readHost(in), readHost(in)), in.readLong());
        }
        final int answerers = count(in, file);
        for (int i = 0; i < answerers; i++)
        {
            dnsAnswerers.put(readHost(in), in.readLong());
        }
        final int sources = count(in, file);
        for (int i = 0; i < sources; i++)
        {
            final HostKey host = readHost(in);
            final SshAttemptWindow window = new SshAttemptWindow();
            window.used = in.readInt();
            window.next = in.readInt();
            if (window.used < 0 || window.used > SshAttemptWindow.SLOTS || window.next < 0
                || window.next >= SshAttemptWindow.SLOTS)
            {
                throw new IOException(file + ": bad SSH attempt window");
            }
            for (int j = 0; j < window.used; j++)
            {
                window.times[j] = in.readLong();
                window.attempts[j] = in.readInt();
            }
            sshAttempts.put(host, window);
        }
        final int keys = count(in, file);
        for (int i = 0; i < keys; i++)
        {
            final RateKey key = new RateKey(in.readUTF(), in.readLong(), in.readLong());
            final RateBaseline baseline = new RateBaseline(in.readLong());
            baseline.current = in.readDouble();
            baseline.mean = in.readDouble();
            baseline.variance = in.readDouble();
            baseline.observedMinutes = in.readLong();
            baseline.alerted = in.readBoolean();
            rates.put(key, baseline);
        }
        final int alerts = count(in, file);
        for (int i = 0; i < alerts; i++)
        {
            lastAlerts.put(in.readUTF(), in.readLong());
        }
    }

    private static int count(final DataInputStream in, final Path file) throws IOException
    {
        final int count = in.readInt();
        // No table is ever written larger than 16M entries; a larger count is damage, not data to allocate for.
        if (count < 0 || count > 1 << 24)
        {
            throw new IOException(file + ": implausible table size " + count);
        }
        return count;
    }

    private static HostKey readHost(final DataInputStream in) throws IOException
    {
        return new HostKey(in.readLong(), in.readLong());
    }
}
