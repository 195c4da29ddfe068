package org.stasensor.pipeline.enrich.rdap;

import java.io.IOException;
import java.net.ConnectException;
import java.net.IDN;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.file.Files;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * Creation dates of registered domains over RDAP (RFC 7480-7484, RFC 9083, RFC 9224), for {@code domain.creation_date}
 * and {@code domain.creation_date_status} (docs/rdap.md).
 *
 * <p>{@link #lookup} never waits: it answers from a bounded cache (a hit allocates nothing), or queues a lookup and
 * answers {@link DomainAgeStatus#PENDING}; the answer arrives later on an HTTP client thread through the update
 * consumer given to {@link #open}, once per completed lookup, and is cached. Lookups of one domain while one is
 * pending share it. Each RDAP server host gets a token bucket and a back-off (429 honours Retry-After; 5xx, timeouts
 * and refused connections back off exponentially); lookups queued or in flight are bounded by
 * {@link RdapSettings#maxPending()}, past which a lookup answers {@link DomainAgeStatus#RATE_LIMITED} at once.
 *
 * <p>Threads: one scheduler ({@code sta-rdap-scheduler}: sends queued requests when their server allows, saves the
 * cache every {@link #SAVE_INTERVAL}) and two HTTP client threads ({@code sta-rdap-http}). With lookups disabled
 * (the default) no thread is started and no file is touched.
 */
public final class DomainAgeService implements AutoCloseable
{
    /** RFC 7480 section 4.2: the media type a client asks for. */
    static final String RDAP_MEDIA_TYPE = "application/rdap+json";
    /** Says who asks, so that a registry's operator can tell the sensor's queries apart. */
    static final String USER_AGENT = "sta-sensor RDAP domain-age lookup (docs/rdap.md)";
    /** How often the cache is saved when it changed. */
    static final Duration SAVE_INTERVAL = Duration.ofMinutes(5);
    /** RFC 1035 section 2.3.4: longest name in text form, without the trailing dot. */
    static final int MAX_NAME_LENGTH = 253;
    /** Longest Retry-After honoured; a larger one is cut to this. */
    static final long MAX_RETRY_AFTER_MILLIS = 3_600_000L;

    private static final System.Logger LOG = System.getLogger(DomainAgeService.class.getName());

    private final RdapSettings settings;
    private final Consumer<DomainAgeUpdate> updates;
    private final RdapBootstrap bootstrap;
    private final DomainAgeCache cache;
    private final String loadProblem;
    private final HttpClient http;
    private final ExecutorService httpThreads;
    private final ScheduledThreadPoolExecutor scheduler;
    private final ConcurrentHashMap<String, Lookup> inFlight = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, ServerThrottle> throttles = new ConcurrentHashMap<>();
    private final Object missLock = new Object();
    private final AtomicInteger pending = new AtomicInteger();
    private final AtomicLong lookups = new AtomicLong();
    private final AtomicLong cacheHits = new AtomicLong();
    private final AtomicLong cacheMisses = new AtomicLong();
    private final AtomicLong pendingAnswers = new AtomicLong();
    private final AtomicLong rateLimited = new AtomicLong();
    private final AtomicLong errors = new AtomicLong();
    private final AtomicLong requests = new AtomicLong();
    private volatile boolean closed;

    /** One lookup queued or in flight. */
    private static final class Lookup
    {
        final String domain;
        final URI uri;
        final ServerThrottle throttle;
        volatile CompletableFuture<HttpResponse<byte[]>> exchange;

        Lookup(final String domain, final URI uri, final ServerThrottle throttle)
        {
            this.domain = domain;
            this.uri = uri;
            this.throttle = throttle;
        }
    }

    /** What a completed exchange means. */
    private record Outcome(DomainAgeStatus status, long creationMillis, String reason, long ttlMillis)
    {
    }

    private DomainAgeService(final RdapSettings settings, final Consumer<DomainAgeUpdate> updates,
        final RdapBootstrap bootstrap, final DomainAgeCache cache, final String loadProblem)
    {
        this.settings = settings;
        this.updates = updates;
        this.bootstrap = bootstrap;
        this.cache = cache;
        this.loadProblem = loadProblem;
        if (settings.enabled())
        {
            httpThreads = Executors.newFixedThreadPool(2, daemonThreads("sta-rdap-http"));
            scheduler = new ScheduledThreadPoolExecutor(1, daemonThreads("sta-rdap-scheduler"));
            scheduler.setRemoveOnCancelPolicy(true);
            http = HttpClient.newBuilder()
                .connectTimeout(settings.requestTimeout())
                .followRedirects(HttpClient.Redirect.NORMAL) // at most 5 hops (jdk.httpclient.redirects.retrylimit)
                .executor(httpThreads)
                .build();
            if (settings.cacheFile() != null)
            {
                final long every = SAVE_INTERVAL.toMillis();
                scheduler.scheduleWithFixedDelay(this::saveIfChanged, every, every, TimeUnit.MILLISECONDS);
            }
        }
        else
        {
            httpThreads = null;
            scheduler = null;
            http = null;
        }
    }

    /**
     * Starts the service: reads the bootstrap file and, when lookups are enabled, the saved cache (a corrupt cache
     * file is reported and ignored).
     *
     * @param settings how to look up; {@link RdapSettings#offline()} for none.
     * @param updates  told of each completed lookup, on an HTTP client thread; must not block for long.
     * @return the service.
     * @throws IOException when the configured bootstrap file cannot be read or is not a bootstrap file.
     */
    public static DomainAgeService open(final RdapSettings settings, final Consumer<DomainAgeUpdate> updates)
        throws IOException
    {
        Objects.requireNonNull(settings, "settings");
        Objects.requireNonNull(updates, "updates");
        if (!settings.enabled())
        {
            return new DomainAgeService(settings, updates, null, new DomainAgeCache(1), null);
        }
        final RdapBootstrap bootstrap = settings.bootstrapFile() != null
            ? RdapBootstrap.load(settings.bootstrapFile()) : RdapBootstrap.bundled();
        if (bootstrap.entryCount() == 0)
        {
            LOG.log(System.Logger.Level.WARNING, "RDAP bootstrap " + bootstrap.source()
                + " lists no server: every domain will be no_rdap_server");
        }
        final DomainAgeCache cache = new DomainAgeCache(settings.cacheEntries());
        String problem = null;
        if (settings.cacheFile() != null && Files.exists(settings.cacheFile()))
        {
            try
            {
                cache.load(settings.cacheFile(), System.currentTimeMillis());
            }
            catch (final IOException | RuntimeException ex)
            {
                problem = "RDAP cache ignored, starting empty: " + ex.getMessage();
                LOG.log(System.Logger.Level.WARNING, problem);
            }
        }
        return new DomainAgeService(settings, updates, bootstrap, cache, problem);
    }

    /**
     * The creation date of a registered domain. Never blocks: the cached answer, or starts a lookup and returns
     * {@link DomainAgeStatus#PENDING} (or {@link DomainAgeStatus#OFFLINE} when disabled). A hit allocates nothing.
     *
     * @param registeredDomain e.g. "example.co.uk" (any case, a trailing dot is ignored).
     * @param nowMillis        the wall clock, epoch milliseconds: cached answers older than their TTL are not used.
     * @param out              gets the status and the date.
     * @return the status, also in {@code out}.
     */
    public DomainAgeStatus lookup(final CharSequence registeredDomain, final long nowMillis,
        final DomainAgeResult out)
    {
        lookups.incrementAndGet();
        if (!settings.enabled() || closed)
        {
            out.set(DomainAgeStatus.OFFLINE, DomainAgeResult.NO_DATE);
            return DomainAgeStatus.OFFLINE;
        }
        final int length = DomainAgeCache.nameLength(registeredDomain);
        if (length == 0 || length > MAX_NAME_LENGTH)
        {
            // Not a domain name; not cached either, so hostile long names cannot fill the cache's memory.
            errors.incrementAndGet();
            out.set(DomainAgeStatus.ERROR, DomainAgeResult.NO_DATE);
            return DomainAgeStatus.ERROR;
        }
        if (cache.get(registeredDomain, nowMillis, out))
        {
            (out.status() == DomainAgeStatus.PENDING ? pendingAnswers : cacheHits).incrementAndGet();
            return out.status();
        }
        synchronized (missLock)
        {
            if (cache.get(registeredDomain, nowMillis, out))
            {
                (out.status() == DomainAgeStatus.PENDING ? pendingAnswers : cacheHits).incrementAndGet();
                return out.status();
            }
            return startLookup(registeredDomain, nowMillis, out);
        }
    }

    private DomainAgeStatus startLookup(final CharSequence registeredDomain, final long nowMillis,
        final DomainAgeResult out)
    {
        final String domain = RdapBootstrap.normalise(registeredDomain);
        if (inFlight.containsKey(domain))
        {
            cache.put(domain, DomainAgeStatus.PENDING, DomainAgeResult.NO_DATE, Long.MAX_VALUE);
            pendingAnswers.incrementAndGet();
            out.set(DomainAgeStatus.PENDING, DomainAgeResult.NO_DATE);
            return DomainAgeStatus.PENDING;
        }
        cacheMisses.incrementAndGet();
        final String ascii = ldhName(domain);
        if (ascii == null)
        {
            errors.incrementAndGet();
            cache.put(domain, DomainAgeStatus.ERROR, DomainAgeResult.NO_DATE,
                nowMillis + settings.errorTtl().toMillis());
            out.set(DomainAgeStatus.ERROR, DomainAgeResult.NO_DATE);
            return DomainAgeStatus.ERROR;
        }
        final List<URI> bases = bootstrap.baseUrls(ascii);
        if (bases.isEmpty())
        {
            cache.put(domain, DomainAgeStatus.NO_RDAP_SERVER, DomainAgeResult.NO_DATE,
                nowMillis + settings.negativeTtl().toMillis());
            out.set(DomainAgeStatus.NO_RDAP_SERVER, DomainAgeResult.NO_DATE);
            return DomainAgeStatus.NO_RDAP_SERVER;
        }
        if (pending.get() >= settings.maxPending())
        {
            rateLimited.incrementAndGet();
            out.set(DomainAgeStatus.RATE_LIMITED, DomainAgeResult.NO_DATE);
            return DomainAgeStatus.RATE_LIMITED;
        }
        final URI base = bases.get(0);
        final ServerThrottle throttle = throttles.computeIfAbsent(base.getScheme() + "://" + base.getAuthority(),
            host -> new ServerThrottle(settings.requestsPerSecondPerServer(), settings.burstPerServer(),
            System.nanoTime()));
        final long now = System.nanoTime();
        final long sendAt = throttle.reserve(now);
        final Lookup lookup = new Lookup(domain, base.resolve("domain/" + ascii), throttle);
        pending.incrementAndGet();
        inFlight.put(domain, lookup);
        cache.put(domain, DomainAgeStatus.PENDING, DomainAgeResult.NO_DATE, Long.MAX_VALUE);
        try
        {
            scheduler.schedule(() -> send(lookup), Math.max(0, sendAt - now), TimeUnit.NANOSECONDS);
        }
        catch (final RejectedExecutionException ex)
        {
            forget(lookup); // closing
        }
        out.set(DomainAgeStatus.PENDING, DomainAgeResult.NO_DATE);
        return DomainAgeStatus.PENDING;
    }

    /** On the scheduler thread: sends when the server's back-off allows, else waits for it. */
    private void send(final Lookup lookup)
    {
        if (closed)
        {
            return;
        }
        final long wait = lookup.throttle.blockedUntilNanos() - System.nanoTime();
        if (wait > 0)
        {
            scheduler.schedule(() -> send(lookup), wait, TimeUnit.NANOSECONDS);
            return;
        }
        try
        {
            final HttpRequest request = HttpRequest.newBuilder(lookup.uri)
                .timeout(settings.requestTimeout())
                .header("Accept", RDAP_MEDIA_TYPE)
                .header("User-Agent", USER_AGENT)
                .GET()
                .build();
            requests.incrementAndGet();
            final CompletableFuture<HttpResponse<byte[]>> exchange = http.sendAsync(request, BoundedBody.HANDLER);
            lookup.exchange = exchange;
            // The request timeout covers the wait for the headers; this bounds the body too.
            exchange.orTimeout(settings.requestTimeout().toMillis() * 2, TimeUnit.MILLISECONDS)
                .whenComplete((response, failure) -> complete(lookup, response, failure));
        }
        catch (final RuntimeException ex)
        {
            complete(lookup, null, ex);
        }
    }

    private void complete(final Lookup lookup, final HttpResponse<byte[]> response, final Throwable failure)
    {
        if (closed)
        {
            return;
        }
        Outcome outcome;
        try
        {
            outcome = failure != null ? failed(lookup, failure) : answered(lookup, response);
        }
        catch (final RuntimeException ex)
        {
            outcome = new Outcome(DomainAgeStatus.ERROR, DomainAgeResult.NO_DATE, "failed: " + ex,
                settings.errorTtl().toMillis());
        }
        if (outcome.status() == DomainAgeStatus.ERROR)
        {
            errors.incrementAndGet();
        }
        else if (outcome.status() == DomainAgeStatus.RATE_LIMITED)
        {
            rateLimited.incrementAndGet();
        }
        cache.put(lookup.domain, outcome.status(), outcome.creationMillis(),
            System.currentTimeMillis() + outcome.ttlMillis());
        forget(lookup);
        try
        {
            updates.accept(new DomainAgeUpdate(lookup.domain, outcome.status(), outcome.creationMillis(),
                outcome.reason()));
        }
        catch (final RuntimeException ex)
        {
            LOG.log(System.Logger.Level.WARNING, "RDAP update consumer failed for " + lookup.domain, ex);
        }
    }

    private Outcome answered(final Lookup lookup, final HttpResponse<byte[]> response)
    {
        final int code = response.statusCode();
        if (code == 200)
        {
            lookup.throttle.onAnswer();
            final RdapDomainAnswer answer = new RdapDomainAnswer().read(response.body());
            final long ttl = switch (answer.status())
            {
                case FOUND -> settings.positiveTtl().toMillis();
                case NO_EVENT -> settings.negativeTtl().toMillis();
                default -> settings.errorTtl().toMillis();
            };
            return new Outcome(answer.status(), answer.creationEpochMillis(), answer.reason(), ttl);
        }
        if (code == 404)
        {
            lookup.throttle.onAnswer();
            return new Outcome(DomainAgeStatus.NOT_REGISTERED, DomainAgeResult.NO_DATE, "http 404",
                settings.negativeTtl().toMillis());
        }
        if (code == 429)
        {
            final long retryAfterMillis = retryAfterMillis(response);
            final long delay = lookup.throttle.onFailure(System.nanoTime(),
                retryAfterMillis < 0 ? -1 : TimeUnit.MILLISECONDS.toNanos(retryAfterMillis));
            return new Outcome(DomainAgeStatus.RATE_LIMITED, DomainAgeResult.NO_DATE,
                retryAfterMillis < 0 ? "http 429" : "http 429, retry after " + retryAfterMillis + " ms",
                Math.max(1, TimeUnit.NANOSECONDS.toMillis(delay)));
        }
        if (code >= 500)
        {
            lookup.throttle.onFailure(System.nanoTime(), -1);
        }
        return new Outcome(DomainAgeStatus.ERROR, DomainAgeResult.NO_DATE, "http " + code,
            settings.errorTtl().toMillis());
    }

    private Outcome failed(final Lookup lookup, final Throwable failure)
    {
        Throwable cause = failure;
        while ((cause instanceof CompletionException || cause instanceof ExecutionException)
            && cause.getCause() != null)
        {
            cause = cause.getCause();
        }
        final String reason;
        if (cause instanceof HttpTimeoutException || cause instanceof TimeoutException)
        {
            reason = "timeout";
        }
        else if (cause instanceof BoundedBody.TooLargeException)
        {
            reason = "answer too large";
        }
        else if (cause instanceof ConnectException)
        {
            reason = "unreachable";
        }
        else if (cause instanceof IOException)
        {
            reason = "io: " + cause.getMessage();
        }
        else
        {
            reason = "failed: " + cause;
        }
        if (!(cause instanceof BoundedBody.TooLargeException))
        {
            lookup.throttle.onFailure(System.nanoTime(), -1);
        }
        return new Outcome(DomainAgeStatus.ERROR, DomainAgeResult.NO_DATE, reason, settings.errorTtl().toMillis());
    }

    /** RFC 9110 section 10.2.3: delay-seconds or an HTTP-date; -1 when absent or unreadable. */
    static long retryAfterMillis(final HttpResponse<?> response)
    {
        final String value = response.headers().firstValue("Retry-After").orElse("").trim();
        if (value.isEmpty())
        {
            return -1;
        }
        try
        {
            if (value.chars().allMatch(Character::isDigit))
            {
                return Math.min(MAX_RETRY_AFTER_MILLIS, Long.parseLong(value) * 1000L);
            }
            final long at = ZonedDateTime.parse(value, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant()
                .toEpochMilli();
            return Math.max(0, Math.min(MAX_RETRY_AFTER_MILLIS, at - System.currentTimeMillis()));
        }
        catch (final RuntimeException ex)
        {
            return value.chars().allMatch(Character::isDigit) ? MAX_RETRY_AFTER_MILLIS : -1;
        }
    }

    private void forget(final Lookup lookup)
    {
        if (inFlight.remove(lookup.domain, lookup))
        {
            pending.decrementAndGet();
        }
        cache.removeIf(lookup.domain, DomainAgeStatus.PENDING);
    }

    /**
     * The name as it goes into the URL (RFC 9082 section 3.1.3): LDH labels, IDNs as A-labels. Anything else would
     * let a name from the wire change the request's path, so it is refused.
     *
     * @return the name, or null when it cannot be a domain name.
     */
    static String ldhName(final String domain)
    {
        String ascii = domain;
        for (int i = 0; i < domain.length(); i++)
        {
            if (domain.charAt(i) > 0x7f)
            {
                try
                {
                    ascii = IDN.toASCII(domain, IDN.USE_STD3_ASCII_RULES).toLowerCase(Locale.ROOT);
                }
                catch (final IllegalArgumentException ex)
                {
                    return null;
                }
                break;
            }
        }
        if (ascii.isEmpty() || ascii.length() > MAX_NAME_LENGTH)
        {
            return null;
        }
        int labelStart = 0;
        for (int i = 0; i <= ascii.length(); i++)
        {
            final char c = i < ascii.length() ? ascii.charAt(i) : '.';
            if (c == '.')
            {
                final int labelLength = i - labelStart;
                if (labelLength < 1 || labelLength > 63 || ascii.charAt(labelStart) == '-'
                    || ascii.charAt(i - 1) == '-')
                {
                    return null;
                }
                labelStart = i + 1;
            }
            else if (!(c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '-'))
            {
                return null;
            }
        }
        return ascii;
    }

    private void saveIfChanged()
    {
        if (!closed && cache.dirty())
        {
            save();
        }
    }

    private synchronized void save()
    {
        try
        {
            cache.save(settings.cacheFile(), System.currentTimeMillis());
        }
        catch (final IOException | RuntimeException ex)
        {
            LOG.log(System.Logger.Level.WARNING, "RDAP cache not saved to " + settings.cacheFile() + ": " + ex);
        }
    }

    /** Cancels queued and in-flight lookups (no update is sent for them), saves the cache, stops the threads. */
    @Override
    public void close()
    {
        if (closed)
        {
            return;
        }
        closed = true;
        if (!settings.enabled())
        {
            return;
        }
        scheduler.shutdownNow();
        for (final Lookup lookup : inFlight.values())
        {
            final CompletableFuture<HttpResponse<byte[]>> exchange = lookup.exchange;
            if (exchange != null)
            {
                exchange.cancel(true);
            }
            forget(lookup);
        }
        if (settings.cacheFile() != null)
        {
            save();
        }
        http.shutdownNow();
        httpThreads.shutdownNow();
    }

    /**
     * Lookups asked for, for metrics.
     *
     * @return calls of {@link #lookup}.
     */
    public long lookups()
    {
        return lookups.get();
    }

    /**
     * Lookups answered from the cache with a settled answer.
     *
     * @return the count.
     */
    public long cacheHits()
    {
        return cacheHits.get();
    }

    /**
     * Lookups the cache could not answer (each started a lookup, or was refused as rate limited).
     *
     * @return the count.
     */
    public long cacheMisses()
    {
        return cacheMisses.get();
    }

    /**
     * Lookups answered "pending" because one for the domain was already under way.
     *
     * @return the count.
     */
    public long pendingAnswers()
    {
        return pendingAnswers.get();
    }

    /**
     * Domains in the cache now, pending ones included.
     *
     * @return the count.
     */
    public int cacheSize()
    {
        return cache.size();
    }

    /**
     * Lookups queued or in flight now.
     *
     * @return at most {@link RdapSettings#maxPending()}.
     */
    public int inFlight()
    {
        return pending.get();
    }

    /**
     * Answers of 429 plus lookups refused because the queue was full.
     *
     * @return the count.
     */
    public long rateLimited()
    {
        return rateLimited.get();
    }

    /**
     * Lookups that ended in {@link DomainAgeStatus#ERROR}.
     *
     * @return the count.
     */
    public long errors()
    {
        return errors.get();
    }

    /**
     * HTTP requests sent.
     *
     * @return the count.
     */
    public long requests()
    {
        return requests.get();
    }

    /**
     * The bootstrap data in use.
     *
     * @return its {@code publication} field, or null (none, or lookups disabled).
     */
    public String bootstrapPublication()
    {
        return bootstrap != null ? bootstrap.publication() : null;
    }

    /**
     * Why the saved cache was not loaded at start.
     *
     * @return the message, or null when it loaded (or there was none).
     */
    public String cacheLoadProblem()
    {
        return loadProblem;
    }

    private static ThreadFactory daemonThreads(final String name)
    {
        final AtomicInteger number = new AtomicInteger();
        return runnable ->
        {
            final Thread thread = new Thread(runnable, name + "-" + number.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }
}
