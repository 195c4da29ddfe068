package org.stasensor.appliance.detect;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;
import org.stasensor.appliance.config.StaConfig;
import org.stasensor.rules.Detector;
import org.stasensor.rules.policy.Policy;
import org.stasensor.rules.policy.PolicyEngine;
import org.stasensor.rules.policy.PolicyException;
import org.stasensor.rules.policy.PolicyLoader;
import org.stasensor.rules.signature.BlockList;
import org.stasensor.rules.signature.SignatureSet;

/**
 * The detectors a configuration asks for, loaded from their files: policy rules, Suricata-syntax signatures, block
 * lists. Reloading (SIGHUP) loads the files again and keeps the stateful detectors' state; a file that no longer loads
 * keeps the rules in use and says why.
 */
public final class Detections
{
    private final StaConfig.Rules config;
    private final Path stateDir;
    private final Consumer<String> log;
    private List<Detector> detectors = List.of();
    private PolicyEngine policy;

    private Detections(final StaConfig.Rules config, final Path stateDir, final Consumer<String> log)
    {
        this.config = config;
        this.stateDir = stateDir;
        this.log = log;
    }

    /**
     * Loads the configured rules.
     *
     * @param config   the rules section.
     * @param stateDir where detector state is kept across restarts.
     * @param log      where warnings (skipped signatures) and reloads are reported.
     * @return the detections.
     * @throws IOException naming the file and line of the first rule file that cannot be used.
     */
    public static Detections load(final StaConfig.Rules config, final Path stateDir, final Consumer<String> log)
        throws IOException
    {
        final Detections detections = new Detections(config, stateDir, log);
        detections.detectors = detections.build();
        return detections;
    }

    private List<Detector> build() throws IOException
    {
        final List<Detector> built = new ArrayList<>();
        if (config.policy() != null)
        {
            final Policy rules;
            try
            {
                rules = PolicyLoader.load(config.policy());
            }
            catch (final PolicyException ex)
            {
                throw new IOException(String.join("; ", ex.problems()), ex);
            }
            if (policy == null)
            {
                // Made once: a reload swaps the rules and keeps what the detectors learnt.
                policy = new PolicyEngine(rules, stateDir, PolicyEngine.DEFAULT_CAPACITY);
                final String problem = policy.load();
                if (problem != null)
                {
                    log.accept(problem);
                }
            }
            else
            {
                policy.reload(rules);
            }
            built.add(policy);
        }
        if (!config.signatures().isEmpty() || !config.blocklists().isEmpty())
        {
            final List<Path> files = new ArrayList<>(config.signatures());
            final List<SignatureSet.BlockListFile> plain = new ArrayList<>();
            for (final StaConfig.Blocklist list : config.blocklists())
            {
                if ("sslbl_csv".equals(list.format()))
                {
                    files.add(list.file());
                }
                else
                {
                    plain.add(new SignatureSet.BlockListFile(list.file(),
                        BlockList.Kind.valueOf(list.kind().toUpperCase(Locale.ROOT))));
                }
            }
            final SignatureSet signatures = SignatureSet.load(files, plain, config.vars(), log);
            built.add(signatures);
        }
        return List.copyOf(built);
    }

    /**
     * The detectors in use.
     *
     * @return the list, in evaluation order.
     */
    public List<Detector> detectors()
    {
        return detectors;
    }

    /**
     * Loads the rule files again, keeping detector state.
     *
     * @return the new detectors, or the old ones when a file does not load.
     */
    public List<Detector> reload()
    {
        try
        {
            detectors = build();
            log.accept("rules: reloaded");
        }
        catch (final IOException | RuntimeException ex)
        {
            log.accept("rules: reload failed, keeping the rules in use: " + ex.getMessage());
        }
        return detectors;
    }

    /** Saves detector state (periodically and at stop), on the thread that runs detection. */
    public void save()
    {
        if (policy == null)
        {
            return;
        }
        try
        {
            policy.save();
        }
        catch (final IOException ex)
        {
            log.accept("rules: cannot save detector state in " + stateDir + ": " + ex.getMessage());
        }
    }

    /**
     * The policy engine, for its counters.
     *
     * @return the engine, or null without a policy.
     */
    public PolicyEngine policy()
    {
        return policy;
    }
}
