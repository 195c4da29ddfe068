package org.stasensor.pipeline.enrich.rdap;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Flow;

/**
 * An HTTP body as bytes, refused past a size bound: a hostile or broken server cannot make the sensor buffer an
 * endless answer. A domain object is a few kilobytes; {@link #MAX_BYTES} leaves room for verbose registries.
 */
final class BoundedBody implements HttpResponse.BodySubscriber<byte[]>
{
    /** Largest answer read. */
    static final int MAX_BYTES = 512 * 1024;

    /** Thrown (inside the future) when an answer is larger than the bound. */
    static final class TooLargeException extends IOException
    {
        private static final long serialVersionUID = 1L;

        TooLargeException()
        {
            super("answer larger than " + MAX_BYTES + " bytes");
        }
    }

    private final CompletableFuture<byte[]> result = new CompletableFuture<>();
    private byte[] bytes = new byte[4096];
    private int length;
    private Flow.Subscription subscription;

    /** The handler to give {@code HttpClient.sendAsync}. */
    static final HttpResponse.BodyHandler<byte[]> HANDLER = info -> new BoundedBody();

    @Override
    public CompletionStage<byte[]> getBody()
    {
        return result;
    }

    @Override
    public void onSubscribe(final Flow.Subscription subscription)
    {
        this.subscription = subscription;
        subscription.request(Long.MAX_VALUE);
    }

    @Override
    public void onNext(final List<ByteBuffer> items)
    {
        if (result.isDone())
        {
            return;
        }
        for (final ByteBuffer item : items)
        {
            final int remaining = item.remaining();
            if (length + remaining > MAX_BYTES)
            {
                subscription.cancel();
                result.completeExceptionally(new TooLargeException());
                return;
            }
            if (length + remaining > bytes.length)
            {
                bytes = Arrays.copyOf(bytes, Math.min(MAX_BYTES, Math.max(bytes.length * 2, length + remaining)));
            }
            item.get(bytes, length, remaining);
            length += remaining;
        }
    }

    @Override
    public void onError(final Throwable throwable)
    {
        result.completeExceptionally(throwable);
    }

    @Override
    public void onComplete()
    {
        result.complete(Arrays.copyOf(bytes, length));
    }
}
