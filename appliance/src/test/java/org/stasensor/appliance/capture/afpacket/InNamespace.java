package org.stasensor.appliance.capture.afpacket;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;

import org.stasensor.nativebindings.libc.Libc;

/**
 * Runs code in a lab's network namespace without leaving the JVM: a fresh thread enters {@code /run/netns/NAME}
 * with setns(2) (a network namespace is a property of the thread, so the rest of the JVM stays where it is), runs
 * the code and ends. Sockets opened there stay in that namespace whichever thread uses them later, which is how the
 * sensor under test captures inside the lab while its workers run on ordinary threads.
 */
final class InNamespace
{
    private InNamespace()
    {
    }

    /**
     * Calls {@code body} on a thread inside the namespace.
     *
     * @param namespace the {@code ip netns} name.
     * @param body      what to run.
     * @param <T>       what it returns.
     * @return what it returned.
     * @throws Exception what it threw.
     */
    static <T> T call(final String namespace, final Callable<T> body) throws Exception
    {
        final FutureTask<T> task = new FutureTask<>(() ->
        {
            enter(namespace);
            return body.call();
        });
        final Thread thread = new Thread(task, "netns-" + namespace);
        thread.start();
        thread.join();
        try
        {
            return task.get();
        }
        catch (final ExecutionException ex)
        {
            if (ex.getCause() instanceof Exception cause)
            {
                throw cause;
            }
            throw (Error)ex.getCause();
        }
    }

    private static void enter(final String namespace)
    {
        try (Arena arena = Arena.ofConfined())
        {
            final MemorySegment state = Libc.allocateCallState(arena);
            final String path = "/run/netns/" + namespace;
            final int fd = Libc.open(state, arena.allocateFrom(path), Libc.O_RDONLY() | Libc.O_CLOEXEC());
            if (fd < 0)
            {
                throw new IllegalStateException("cannot open " + path + ": " + Libc.errorText(Libc.errno(state)));
            }
            try
            {
                if (Libc.setns(state, fd, Libc.CLONE_NEWNET()) != 0)
                {
                    throw new IllegalStateException("cannot enter " + path + ": "
                        + Libc.errorText(Libc.errno(state)));
                }
            }
            finally
            {
                Libc.close(state, fd);
            }
        }
    }
}
