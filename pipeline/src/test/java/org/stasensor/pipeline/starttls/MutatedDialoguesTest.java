package org.stasensor.pipeline.starttls;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;
import org.stasensor.pipeline.starttls.Dialogues.Dialogue;
import org.stasensor.pipeline.starttls.Dialogues.Message;
import org.stasensor.pipeline.starttls.InspectedFlows.Handshake;
import org.stasensor.pipeline.starttls.InspectedFlows.Records;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Hostile clear text: every dialogue, with the TLS handshake after it, cut, bit-flipped, with bytes dropped,
 * inserted or spliced from another dialogue, with huge lines and garbage, in random segments, goes through the whole
 * packet path. Nothing may throw or count a parser error, no connection gets more than one TLS record, and every
 * handshake session is given back. Fixed seeds.
 */
class MutatedDialoguesTest
{
    private static final int MUTATIONS_PER_DIALOGUE = 250;

    @Test
    void mutatedDialoguesNeverThrowAndStayBounded()
    {
        final Handshake handshake = InspectedFlows.sampleHandshakes().get(0);
        final List<Dialogue> dialogues = Dialogues.all();
        final InspectedFlows flows = new InspectedFlows();
        int upgraded = 0;
        for (int d = 0; d < dialogues.size(); d++)
        {
            final Dialogue dialogue = dialogues.get(d);
            final Random random = new Random(31L * d + 7);
            final byte[] client = Dialogues.concat(dialogue.clientBytes(), handshake.clientHello());
            final byte[] server = Dialogues.concat(dialogue.serverBytes(), handshake.serverFlight());
            for (int i = 0; i < MUTATIONS_PER_DIALOGUE; i++)
            {
                final Dialogue other = dialogues.get(random.nextInt(dialogues.size()));
                final boolean mutateClient = random.nextBoolean();
                final byte[] mutatedClient = mutateClient ? mutate(client, other.clientBytes(), random) : client;
                final byte[] mutatedServer = mutateClient && random.nextBoolean() ? server :
                    mutate(server, other.serverBytes(), random);
                final Records records = flows.connection(dialogue.port(), interleave(mutatedClient, mutatedServer,
                    random), 1 + random.nextInt(1500));
                assertTrue(records.tlsRecords() <= 1, dialogue.name() + " mutation " + i);
                upgraded += records.tlsRecords();
            }
        }
        assertEquals(0, flows.inspector().counters().parserErrors(), "parser errors");
        assertEquals(0, flows.inspector().sessions().inUse(), "every handshake session was given back");
        assertTrue(upgraded > 0, "some mutations still upgrade: " + upgraded);
    }

    /** Both directions in pieces of random size, taking turns at random. */
    private static List<Message> interleave(final byte[] client, final byte[] server, final Random random)
    {
        final List<Message> messages = new ArrayList<>();
        int c = 0;
        int s = 0;
        while (c < client.length || s < server.length)
        {
            final boolean fromClient = s >= server.length || (c < client.length && random.nextBoolean());
            final byte[] from = fromClient ? client : server;
            final int at = fromClient ? c : s;
            final int length = Math.min(from.length - at, 1 + random.nextInt(200));
            messages.add(new Message(fromClient, Arrays.copyOfRange(from, at, at + length)));
            if (fromClient)
            {
                c += length;
            }
            else
            {
                s += length;
            }
        }
        return messages;
    }

    private static byte[] mutate(final byte[] seed, final byte[] other, final Random random)
    {
        final byte[] bytes = seed.clone();
        switch (random.nextInt(8))
        {
            case 0 ->
            {
                for (int i = 0; i < 1 + random.nextInt(8); i++)
                {
                    bytes[random.nextInt(bytes.length)] ^= (byte)(1 << random.nextInt(8));
                }
                return bytes;
            }
            case 1 ->
            {
                return Arrays.copyOf(bytes, random.nextInt(bytes.length));
            }
            case 2 ->
            {
                final int at = random.nextInt(bytes.length);
                final int length = Math.min(bytes.length - at, 1 + random.nextInt(64));
                final ByteArrayOutputStream out = new ByteArrayOutputStream();
                out.write(bytes, 0, at);
                out.write(bytes, at + length, bytes.length - at - length);
                return out.toByteArray();
            }
            case 3 ->
            {
                // A huge line (past the clear-text bound) somewhere in the clear text.
                return insert(bytes, random.nextInt(bytes.length), Dialogues.ascii("a".repeat(5000) + "\r\n"));
            }
            case 4 ->
            {
                final byte[] garbage = new byte[1 + random.nextInt(300)];
                random.nextBytes(garbage);
                return insert(bytes, random.nextInt(bytes.length), garbage);
            }
            case 5 ->
            {
                return insert(bytes, random.nextInt(bytes.length), other);
            }
            case 6 ->
            {
                // Lines cut short: every CR LF becomes a lone CR.
                for (int i = 0; i < bytes.length - 1; i++)
                {
                    if (bytes[i] == '\r' && bytes[i + 1] == '\n')
                    {
                        bytes[i + 1] = ' ';
                    }
                }
                return bytes;
            }
            default ->
            {
                // Random lengths in what may be BER or TLS length fields.
                for (int i = 0; i < 4; i++)
                {
                    bytes[random.nextInt(bytes.length)] = (byte)(0x80 | random.nextInt(6));
                }
                return bytes;
            }
        }
    }

    private static byte[] insert(final byte[] bytes, final int at, final byte[] inserted)
    {
        final ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(bytes, 0, at);
        out.writeBytes(inserted);
        out.write(bytes, at, bytes.length - at);
        return out.toByteArray();
    }
}
