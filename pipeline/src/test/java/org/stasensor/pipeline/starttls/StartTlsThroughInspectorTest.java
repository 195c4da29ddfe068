package org.stasensor.pipeline.starttls;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.stasensor.pipeline.flow.AppProtocol;
import org.stasensor.pipeline.starttls.Dialogues.Dialogue;
import org.stasensor.pipeline.starttls.Dialogues.Message;
import org.stasensor.pipeline.starttls.InspectedFlows.Handshake;
import org.stasensor.pipeline.starttls.InspectedFlows.Records;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The whole packet path: each dialogue of {@link Dialogues}, followed by a real TLS 1.2 or 1.3 handshake from the
 * sample capture, as TCP segments through {@code PacketInspector}. An accepted upgrade gives one TLS record saying
 * {@code tls.established_via: starttls} and the application protocol, with the JA3, JA3S and SNI tshark computes
 * for the same hellos; a refused one gives none. The same handshakes on TLS-first ports say {@code implicit}.
 */
class StartTlsThroughInspectorTest
{
    private static List<Handshake> handshakes;

    @BeforeAll
    static void readTheSampleHandshakes()
    {
        handshakes = InspectedFlows.sampleHandshakes();
    }

    @Test
    void acceptedUpgradesGiveTheHandshakeTsharkSeesAndRefusedOnesNothing()
    {
        final InspectedFlows flows = new InspectedFlows();
        for (final Dialogue d : Dialogues.all())
        {
            for (final Handshake handshake : handshakes)
            {
                for (final int segment : new int[]{1460, 7})
                {
                    final String where = d.name() + ", " + handshake.name() + ", segments of " + segment;
                    final List<Message> messages = new ArrayList<>(d.messages());
                    if (d.accepted())
                    {
                        messages.add(new Message(true, handshake.clientHello()));
                        messages.add(new Message(false, handshake.serverFlight()));
                    }
                    final Records records = flows.connection(d.port(), messages, segment);
                    assertEquals(AppProtocol.name(d.protocol()), records.flowProtocol(), where + ": flow record");
                    assertEquals(d.accepted() ? 1 : 0, records.tlsRecords(), where + ": TLS records");
                    if (d.accepted())
                    {
                        assertHandshake(handshake, records, where);
                        assertEquals(AppProtocol.name(d.protocol()), records.protocol(), where);
                        assertEquals("starttls", records.establishedVia(), where);
                    }
                }
            }
        }
        assertEquals(0, flows.inspector().counters().parserErrors());
        assertEquals(0, flows.inspector().sessions().inUse(), "every handshake session was given back");
    }

    /** RFC 3207 5 forbids it, but a client may send its ClientHello in the segment of its STARTTLS command. */
    @Test
    void clientHelloInTheSegmentOfTheCommand()
    {
        final InspectedFlows flows = new InspectedFlows();
        for (final Handshake handshake : handshakes)
        {
            final List<Message> messages = List.of(
                new Message(false, Dialogues.ascii("220 mail.example.com ESMTP\r\n")),
                new Message(true, Dialogues.concat(Dialogues.ascii("EHLO a\r\nSTARTTLS\r\n"), handshake.clientHello())),
                new Message(false, Dialogues.ascii("250 mail.example.com\r\n220 ready\r\n")),
                new Message(false, handshake.serverFlight()));
            final Records records = flows.connection(25, messages, 1460);
            assertEquals(1, records.tlsRecords(), handshake.name());
            assertHandshake(handshake, records, handshake.name());
        }
    }

    /** TLS-first ports, including the implicit-TLS ports of the same protocols, say "implicit". */
    @Test
    void tlsFirstConnectionsSayImplicit()
    {
        final InspectedFlows flows = new InspectedFlows();
        for (final int port : new int[]{443, 465, 993, 995, 990, 636, 25})
        {
            for (final Handshake handshake : handshakes)
            {
                final Records records = flows.connection(port, List.of(new Message(true, handshake.clientHello()),
                    new Message(false, handshake.serverFlight())), 1460);
                final String where = handshake.name() + " on port " + port;
                assertEquals(1, records.tlsRecords(), where);
                assertHandshake(handshake, records, where);
                assertEquals("tls", records.protocol(), where);
                assertEquals("implicit", records.establishedVia(), where);
            }
        }
    }

    private static void assertHandshake(final Handshake handshake, final Records records, final String where)
    {
        assertEquals(handshake.ja3(), records.ja3(), where + ": JA3 (tshark)");
        assertEquals(handshake.ja3s(), records.ja3s(), where + ": JA3S (tshark)");
        assertEquals(handshake.sni(), records.sni(), where + ": SNI (tshark)");
    }
}
