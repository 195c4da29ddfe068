package org.stasensor.pipeline.enrich.rdap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link DomainAgeService} against a real HTTP server on loopback answering hand-written RFC 9083 bodies.
 */
class DomainAgeServiceTest
{
    @TempDir
    Path directory;

    private RdapTestServer server;
    private Path bootstrap;
    private final LinkedBlockingQueue<DomainAgeUpdate> updates = new LinkedBlockingQueue<>();
    private final List<DomainAgeService> opened = new ArrayList<>();

    @BeforeEach
    void startServer() throws IOException
    {
        server = new RdapTestServer(RdapTestServerScripts.STANDARD);
        bootstrap = server.writeBootstrap(directory);
    }

    @AfterEach
    void stop()
    {
        opened.forEach(DomainAgeService::close);
        server.close();
    }

    private RdapSettings settings(final Path cacheFile, final int entries, final double rps, final int burst,
        final Duration timeout, final int maxPending)
    {
        return new RdapSettings(true, bootstrap, cacheFile, entries, Duration.ofDays(30), Duration.ofDays(1),
            Duration.ofMinutes(10), rps, burst, timeout, maxPending);
    }

    private RdapSettings settings()
    {
        return settings(null, 1000, 1000, 1000, Duration.ofSeconds(5), 1000);
    }

    private DomainAgeService open(final RdapSettings settings) throws IOException
    {
        final DomainAgeService service = DomainAgeService.open(settings, updates::add);
        opened.add(service);
        return service;
    }

    private DomainAgeUpdate nextUpdate() throws InterruptedException
    {
        final DomainAgeUpdate update = updates.poll(10, TimeUnit.SECONDS);
        assertNotNull(update, "no update within 10 s");
        return update;
    }

    @Test
    void registeredDomainIsFoundWithTheDateTheServerSent() throws Exception
    {
        final DomainAgeService service = open(settings());
        final DomainAgeResult result = new DomainAgeResult();
        final long now = System.currentTimeMillis();

        assertEquals(DomainAgeStatus.PENDING, service.lookup("Registered.TEST.", now, result));
        final DomainAgeUpdate update = nextUpdate();

        assertEquals(new DomainAgeUpdate("registered.test", DomainAgeStatus.FOUND, RdapBodies.REGISTERED_1990_MILLIS,
            "registration event"), update);
        assertEquals(DomainAgeStatus.FOUND, service.lookup("registered.test", now, result));
        assertEquals(RdapBodies.REGISTERED_1990_MILLIS, result.creationEpochMillis());
        final RdapTestServer.Seen request = server.seen().get(0);
        assertEquals("/rdap/domain/registered.test", request.path());
        assertEquals("application/rdap+json", request.accept());
        assertEquals(1, service.cacheHits());
        assertEquals(1, service.cacheMisses());
    }

    @Test
    void dateWithAnOffsetIsReadAsTheSameInstant() throws Exception
    {
        final DomainAgeService service = open(settings());
        service.lookup("offset.test", System.currentTimeMillis(), new DomainAgeResult());

        assertEquals(RdapBodies.REGISTERED_2021_OFFSET_MILLIS, nextUpdate().creationEpochMillis());
    }

    @Test
    void longestLabelSequenceOfTheBootstrapChoosesTheServer() throws Exception
    {
        final DomainAgeService service = open(settings());
        service.lookup("registered.co.test", System.currentTimeMillis(), new DomainAgeResult());

        assertEquals(DomainAgeStatus.FOUND, nextUpdate().status());
        assertEquals("/rdap-co/domain/registered.co.test", server.seen().get(0).path());
    }

    @Test
    void unregisteredDomainIsNotRegistered() throws Exception
    {
        final DomainAgeService service = open(settings());
        final DomainAgeResult result = new DomainAgeResult();
        service.lookup("unregistered.test", System.currentTimeMillis(), result);

        assertEquals(DomainAgeStatus.NOT_REGISTERED, nextUpdate().status());
        assertEquals(DomainAgeStatus.NOT_REGISTERED, service.lookup("unregistered.test", System.currentTimeMillis(),
            result));
        assertEquals(DomainAgeResult.NO_DATE, result.creationEpochMillis());
    }

    @Test
    void answerWithoutRegistrationEventIsNoEvent() throws Exception
    {
        final DomainAgeService service = open(settings());
        service.lookup("noevent.test", System.currentTimeMillis(), new DomainAgeResult());

        final DomainAgeUpdate update = nextUpdate();
        assertEquals(DomainAgeStatus.NO_EVENT, update.status());
        assertEquals(DomainAgeResult.NO_DATE, update.creationEpochMillis());
    }

    @Test
    void brokenJsonAndServerErrorAreErrorsThatSayWhich() throws Exception
    {
        final DomainAgeService service = open(settings());
        service.lookup("broken.test", System.currentTimeMillis(), new DomainAgeResult());
        final DomainAgeUpdate broken = nextUpdate();
        service.lookup("failing.example", System.currentTimeMillis(), new DomainAgeResult());
        final DomainAgeUpdate failing = nextUpdate();

        assertEquals(new DomainAgeUpdate("broken.test", DomainAgeStatus.ERROR, DomainAgeResult.NO_DATE,
            "broken json"), broken);
        assertEquals(new DomainAgeUpdate("failing.example", DomainAgeStatus.ERROR, DomainAgeResult.NO_DATE,
            "http 500"), failing);
        assertEquals(2, service.errors());
    }

    @Test
    void tooManyRequestsIsRateLimitedUntilRetryAfterThenFound() throws Exception
    {
        final DomainAgeService service = open(settings());
        final DomainAgeResult result = new DomainAgeResult();
        assertEquals(DomainAgeStatus.PENDING, service.lookup("busy.test", System.currentTimeMillis(), result));

        final DomainAgeUpdate limited = nextUpdate();
        assertEquals(DomainAgeStatus.RATE_LIMITED, limited.status());
        assertEquals("http 429, retry after 1000 ms", limited.reason());
        assertEquals(DomainAgeStatus.RATE_LIMITED, service.lookup("busy.test", System.currentTimeMillis(), result));
        assertEquals(1, server.requestsFor("busy.test"));

        Thread.sleep(1100);
        assertEquals(DomainAgeStatus.PENDING, service.lookup("busy.test", System.currentTimeMillis(), result));
        final DomainAgeUpdate found = nextUpdate();
        assertEquals(DomainAgeStatus.FOUND, found.status());
        assertEquals(RdapBodies.REGISTERED_1990_MILLIS, found.creationEpochMillis());
        assertEquals(2, server.requestsFor("busy.test"));
        final List<RdapTestServer.Seen> seen = server.seen();
        assertTrue(seen.get(1).atNanos() - seen.get(0).atNanos() >= TimeUnit.MILLISECONDS.toNanos(1000),
            "second request came before Retry-After ran out");
        assertEquals(1, service.rateLimited());
    }

    @Test
    void slowServerTimesOutWhileTheCallerNeverWaits() throws Exception
    {
        final DomainAgeService service = open(settings(null, 100, 1000, 1000, Duration.ofMillis(300), 100));
        final DomainAgeResult result = new DomainAgeResult();
        service.lookup("warm-up.test", System.currentTimeMillis(), result); // class loading of the miss path
        assertEquals(DomainAgeStatus.FOUND, nextUpdate().status());
        long slowest = 0;
        for (int i = 0; i < 200; i++)
        {
            final long start = System.nanoTime();
            service.lookup("slow.test", System.currentTimeMillis(), result);
            slowest = Math.max(slowest, System.nanoTime() - start);
            assertEquals(DomainAgeStatus.PENDING, result.status());
        }

        final DomainAgeUpdate update = nextUpdate();
        assertEquals(new DomainAgeUpdate("slow.test", DomainAgeStatus.ERROR, DomainAgeResult.NO_DATE, "timeout"),
            update);
        // The server sleeps 3 s; every lookup call returned while it slept, none took anything like the timeout.
        assertTrue(slowest < TimeUnit.MILLISECONDS.toNanos(50), "slowest lookup took " + slowest + " ns");
        assertEquals(1, server.requestsFor("slow.test"));
    }

    @Test
    void tenLookupsOfOneDomainMakeOneRequest() throws Exception
    {
        final DomainAgeService service = open(settings());
        final DomainAgeResult result = new DomainAgeResult();
        for (int i = 0; i < 10; i++)
        {
            assertEquals(DomainAgeStatus.PENDING, service.lookup("delayed.test", System.currentTimeMillis(), result));
        }

        assertEquals(DomainAgeStatus.FOUND, nextUpdate().status());
        assertEquals(1, server.requestsFor("delayed.test"));
        assertNull(updates.poll(300, TimeUnit.MILLISECONDS), "one update per completed lookup");
        assertEquals(9, service.pendingAnswers());
    }

    @Test
    void concurrentLookupsOfOneDomainMakeOneRequest() throws Exception
    {
        final DomainAgeService service = open(settings());
        final Thread[] threads = new Thread[8];
        for (int t = 0; t < threads.length; t++)
        {
            threads[t] = new Thread(() ->
            {
                final DomainAgeResult result = new DomainAgeResult();
                for (int i = 0; i < 100; i++)
                {
                    service.lookup("delayed.test", System.currentTimeMillis(), result);
                }
            });
            threads[t].start();
        }
        for (final Thread thread : threads)
        {
            thread.join();
        }

        assertEquals(DomainAgeStatus.FOUND, nextUpdate().status());
        assertNull(updates.poll(300, TimeUnit.MILLISECONDS));
        assertEquals(1, server.requestsFor("delayed.test"));
        assertEquals(800, service.lookups());
    }

    @Test
    void serverErrorBacksOffFurtherRequestsToThatServer() throws Exception
    {
        final DomainAgeService service = open(settings());
        service.lookup("failing.test", System.currentTimeMillis(), new DomainAgeResult());
        assertEquals(DomainAgeStatus.ERROR, nextUpdate().status());
        service.lookup("registered.test", System.currentTimeMillis(), new DomainAgeResult());

        assertEquals(DomainAgeStatus.FOUND, nextUpdate().status());
        final List<RdapTestServer.Seen> seen = server.seen();
        final long gap = seen.get(1).atNanos() - seen.get(0).atNanos();
        assertTrue(gap >= ServerThrottle.BASE_BACKOFF_NANOS - TimeUnit.MILLISECONDS.toNanos(20),
            "request after a 500 came " + gap + " ns later, before the 1 s back-off");
    }

    @Test
    void requestsToOneServerKeepToTheRateAndBurst() throws Exception
    {
        final double rate = 5;
        final int burst = 2;
        final int domains = 12;
        final DomainAgeService service = open(settings(null, 1000, rate, burst, Duration.ofSeconds(5), 1000));
        final DomainAgeResult result = new DomainAgeResult();
        for (int i = 0; i < domains; i++)
        {
            assertEquals(DomainAgeStatus.PENDING, service.lookup("d" + i + ".test", System.currentTimeMillis(),
                result));
        }
        for (int i = 0; i < domains; i++)
        {
            assertEquals(DomainAgeStatus.FOUND, nextUpdate().status());
        }

        // A token bucket lets at most burst + rate * T requests through in any window of length T (here 1 s),
        // counted at the server as they arrive (a few ms of scheduling jitter allowed for).
        final List<RdapTestServer.Seen> seen = server.seen();
        assertEquals(domains, seen.size());
        final long window = TimeUnit.MILLISECONDS.toNanos(1000 - 30);
        for (int i = 0; i < seen.size(); i++)
        {
            int inWindow = 0;
            for (final RdapTestServer.Seen other : seen)
            {
                final long after = other.atNanos() - seen.get(i).atNanos();
                if (after >= 0 && after < window)
                {
                    inWindow++;
                }
            }
            assertTrue(inWindow <= burst + rate, "requests in one second: " + inWindow);
        }
        // Sent at 0, 0, 200, ..., 2000 ms; the first arrival may be late by a connection set-up, so allow a quarter.
        final long span = seen.get(seen.size() - 1).atNanos() - seen.get(0).atNanos();
        assertTrue(span >= TimeUnit.MILLISECONDS.toNanos((long)((domains - burst) / rate * 1000 * 3 / 4)),
            "12 requests at 5/s after a burst of 2 took only " + span + " ns");
    }

    @Test
    void cacheSurvivesARestartWithoutAskingAgain() throws Exception
    {
        final Path cacheFile = directory.resolve("state/rdap-cache.tsv");
        final DomainAgeService first = open(settings(cacheFile, 1000, 1000, 1000, Duration.ofSeconds(5), 1000));
        first.lookup("registered.test", System.currentTimeMillis(), new DomainAgeResult());
        first.lookup("unregistered.test", System.currentTimeMillis(), new DomainAgeResult());
        nextUpdate();
        nextUpdate();
        first.close();
        assertTrue(Files.exists(cacheFile));
        final int requestsBefore = server.requests();

        final DomainAgeService second = open(settings(cacheFile, 1000, 1000, 1000, Duration.ofSeconds(5), 1000));
        final DomainAgeResult result = new DomainAgeResult();
        assertEquals(DomainAgeStatus.FOUND, second.lookup("registered.test", System.currentTimeMillis(), result));
        assertEquals(RdapBodies.REGISTERED_1990_MILLIS, result.creationEpochMillis());
        assertEquals(DomainAgeStatus.NOT_REGISTERED, second.lookup("unregistered.test", System.currentTimeMillis(),
            result));
        assertEquals(requestsBefore, server.requests());
        assertNull(second.cacheLoadProblem());
    }

    @Test
    void corruptCacheFileIsReportedAndIgnored() throws Exception
    {
        final Path cacheFile = directory.resolve("rdap-cache.tsv");
        Files.writeString(cacheFile, DomainAgeCache.HEADER + "\nregistered.test\tfound\tnot-a-number\t1\n");
        final DomainAgeService service = open(settings(cacheFile, 1000, 1000, 1000, Duration.ofSeconds(5), 1000));

        assertNotNull(service.cacheLoadProblem());
        assertTrue(service.cacheLoadProblem().contains("line 2"), service.cacheLoadProblem());
        assertEquals(DomainAgeStatus.PENDING, service.lookup("registered.test", System.currentTimeMillis(),
            new DomainAgeResult()));
        assertEquals(DomainAgeStatus.FOUND, nextUpdate().status());
        service.close();
        assertTrue(Files.readString(cacheFile).contains("registered.test\tfound\t662687999000\t"));
    }

    @Test
    void cacheKeepsNoMoreThanItsBound() throws Exception
    {
        final DomainAgeService service = open(settings(null, 3, 1000, 1000, Duration.ofSeconds(5), 1000));
        for (int i = 0; i < 6; i++)
        {
            service.lookup("d" + i + ".test", System.currentTimeMillis(), new DomainAgeResult());
            assertEquals(DomainAgeStatus.FOUND, nextUpdate().status());
            assertTrue(service.cacheSize() <= 3, "cache size " + service.cacheSize());
        }
        assertEquals(3, service.cacheSize());
        final DomainAgeResult result = new DomainAgeResult();
        assertEquals(DomainAgeStatus.FOUND, service.lookup("d5.test", System.currentTimeMillis(), result));
        assertEquals(DomainAgeStatus.PENDING, service.lookup("d0.test", System.currentTimeMillis(), result),
            "the least recently used entry was evicted");
    }

    @Test
    void stoppedServerGivesErrorsAndNothingThrows() throws Exception
    {
        server.stop();
        final DomainAgeService service = open(settings(null, 100, 1000, 1000, Duration.ofSeconds(2), 100));
        final DomainAgeResult result = new DomainAgeResult();
        service.lookup("registered.test", System.currentTimeMillis(), result);
        service.lookup("other.example", System.currentTimeMillis(), result);

        final DomainAgeUpdate first = nextUpdate();
        final DomainAgeUpdate second = nextUpdate();
        assertEquals(DomainAgeStatus.ERROR, first.status());
        assertEquals("unreachable", first.reason());
        assertEquals(DomainAgeStatus.ERROR, second.status());
        assertEquals(DomainAgeStatus.ERROR, service.lookup("registered.test", System.currentTimeMillis(), result));
        assertEquals(2, service.errors());
    }

    @Test
    void offlineSettingsAnswerOfflineAndSendNothing() throws Exception
    {
        final DomainAgeService service = open(RdapSettings.offline());
        final DomainAgeResult result = new DomainAgeResult();

        assertEquals(DomainAgeStatus.OFFLINE, service.lookup("registered.test", System.currentTimeMillis(), result));
        assertEquals(DomainAgeResult.NO_DATE, result.creationEpochMillis());
        assertNull(updates.poll(200, TimeUnit.MILLISECONDS));
        assertEquals(0, server.requests());
        assertEquals("offline", DomainAgeStatus.OFFLINE.word());
    }

    @Test
    void unknownTopLevelDomainHasNoRdapServer() throws Exception
    {
        final DomainAgeService service = open(settings());
        assertEquals(DomainAgeStatus.NO_RDAP_SERVER, service.lookup("example.invalid", System.currentTimeMillis(),
            new DomainAgeResult()));
        assertEquals(0, server.requests());
    }

    @Test
    void nameThatIsNotADomainNameIsRefusedWithoutARequest() throws Exception
    {
        final DomainAgeService service = open(settings());
        assertEquals(DomainAgeStatus.ERROR, service.lookup("../../admin?x=.test", System.currentTimeMillis(),
            new DomainAgeResult()));
        assertEquals(DomainAgeStatus.ERROR, service.lookup("a b.test", System.currentTimeMillis(),
            new DomainAgeResult()));
        assertEquals(DomainAgeStatus.ERROR, service.lookup("a".repeat(250) + ".test", System.currentTimeMillis(),
            new DomainAgeResult()));
        assertEquals(DomainAgeStatus.ERROR, service.lookup("", System.currentTimeMillis(), new DomainAgeResult()));
        assertEquals(2, service.cacheSize(), "over-long and empty names are not cached");
        assertEquals(0, server.requests());
    }

    @Test
    void redirectIsFollowed() throws Exception
    {
        final DomainAgeService service = open(settings());
        service.lookup("moved.test", System.currentTimeMillis(), new DomainAgeResult());

        assertEquals(DomainAgeStatus.FOUND, nextUpdate().status());
        assertEquals("/moved/domain/moved.test", server.seen().get(1).path());
    }

    @Test
    void fullQueueAnswersRateLimitedAtOnce() throws Exception
    {
        final DomainAgeService service = open(settings(null, 100, 1000, 1000, Duration.ofSeconds(5), 2));
        final DomainAgeResult result = new DomainAgeResult();
        assertEquals(DomainAgeStatus.PENDING, service.lookup("delayed.test", System.currentTimeMillis(), result));
        assertEquals(DomainAgeStatus.PENDING, service.lookup("delayed.example", System.currentTimeMillis(), result));
        assertEquals(DomainAgeStatus.RATE_LIMITED, service.lookup("third.test", System.currentTimeMillis(), result));
        assertEquals(2, service.inFlight());
        assertEquals(1, service.rateLimited());
        nextUpdate();
        nextUpdate();
        assertEquals(0, service.inFlight());
    }

    @Test
    void closeCancelsLookupsInFlightWithoutUpdates() throws Exception
    {
        final DomainAgeService service = open(settings(null, 100, 1000, 1000, Duration.ofSeconds(5), 100));
        service.lookup("slow.test", System.currentTimeMillis(), new DomainAgeResult());
        Thread.sleep(100);
        service.close();

        assertEquals(0, service.inFlight());
        assertNull(updates.poll(300, TimeUnit.MILLISECONDS));
        assertEquals(DomainAgeStatus.OFFLINE, service.lookup("slow.test", System.currentTimeMillis(),
            new DomainAgeResult()));
    }

    /** The script every test's server follows: the first label of the domain says how to answer. */
    static final class RdapTestServerScripts
    {
        static final RdapTestServer.Script STANDARD = (domain, previous) ->
        {
            final String label = domain.substring(0, domain.indexOf('.'));
            return switch (label)
            {
                case "unregistered" -> RdapTestServer.Answer.json(404, RdapBodies.notFound());
                case "noevent" -> RdapTestServer.Answer.json(200, RdapBodies.domainWithoutRegistration(domain));
                case "offset" -> RdapTestServer.Answer.json(200, RdapBodies.domain(domain,
                    "2021-04-03T10:11:12+02:00"));
                case "broken" -> RdapTestServer.Answer.json(200, "{\"objectClassName\": \"domain\", \"events\": [");
                case "failing" -> RdapTestServer.Answer.json(500, "");
                case "busy" -> previous == 0
                    ? new RdapTestServer.Answer(429, Map.of("Retry-After", "1"), "", 0)
                    : RdapTestServer.Answer.json(200, RdapBodies.domain(domain, "1990-12-31T23:59:59Z"));
                case "slow" -> new RdapTestServer.Answer(200, Map.of(),
                    RdapBodies.domain(domain, "1990-12-31T23:59:59Z"), 3000);
                case "delayed" -> new RdapTestServer.Answer(200, Map.of(),
                    RdapBodies.domain(domain, "1990-12-31T23:59:59Z"), 300);
                case "moved" -> previous == 0
                    ? new RdapTestServer.Answer(301, Map.of("Location", "/moved/domain/" + domain), "", 0)
                    : RdapTestServer.Answer.json(200, RdapBodies.domain(domain, "1990-12-31T23:59:59Z"));
                default -> RdapTestServer.Answer.json(200, RdapBodies.domain(domain, "1990-12-31T23:59:59Z"));
            };
        };

        private RdapTestServerScripts()
        {
        }
    }
}
