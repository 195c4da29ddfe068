package org.stasensor.appliance.cli;

/**
 * {@code sta journal ARGS...} as its own program, for tests that stop it with a real signal, until {@link Sta}
 * dispatches {@code journal} itself: the same exit codes and one-line errors as {@link Sta#run}.
 */
public final class JournalTailMain
{
    private JournalTailMain()
    {
    }

    /**
     * Runs the journal command and exits with its code.
     *
     * @param args arguments after {@code journal}.
     */
    public static void main(final String[] args)
    {
        int code;
        try
        {
            code = JournalCommand.run(args, System.out, System.err);
        }
        catch (final UsageException ex)
        {
            System.err.println("sta: " + ex.getMessage());
            code = Sta.EXIT_USAGE;
        }
        System.out.flush();
        System.exit(code);
    }
}
