package org.stasensor.rules.signature;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

import org.stasensor.pipeline.record.RecordReader;
import org.stasensor.rules.AlertSink;
import org.stasensor.rules.Detector;

/**
 * Suricata rules and fingerprint block lists, loaded and indexed, evaluated on records. Made once per (re)load and
 * then used by one thread; {@link #onRecord} allocates nothing (beyond what an {@link AlertSink} does).
 * docs/signatures.md describes the keywords, their record fields and the index.
 */
public final class SignatureSet implements Detector
{
    /** A plain block list file and what it holds. */
    public record BlockListFile(Path path, BlockList.Kind kind)
    {
    }

    /** Bounded threshold tracking: (rule, address) pairs kept at once. */
    static final int THRESHOLD_SLOTS = 1 << 16;

    private final Signature[] signatures;
    private final BlockList[] blockLists;
    private final SignatureIndex index;
    private final int skipped;
    private final RecordView view = new RecordView();
    private final Candidates candidates;
    private final ThresholdTable thresholds = new ThresholdTable(THRESHOLD_SLOTS);
    private final long[] pcreAborted = new long[1];

    private SignatureSet(final List<Signature> signatures, final List<BlockList> blockLists, final int skipped)
    {
        this.signatures = signatures.toArray(new Signature[0]);
        this.blockLists = blockLists.toArray(new BlockList[0]);
        this.index = new SignatureIndex(signatures);
        this.skipped = skipped;
        this.candidates = new Candidates(Math.max(1, signatures.size()));
    }

    /**
     * Loads rules files ({@code .csv} files are read as abuse.ch SSLBL JA3 lists, anything else as Suricata rules).
     *
     * @param files    the files, in order; a sid seen before is skipped.
     * @param vars     address/port variables (names with or without "$"), over the defaults (HOME_NET: RFC 1918,
     *                 ULA and loopback; EXTERNAL_NET: !$HOME_NET; ...).
     * @param warnings receives one line per skipped rule or bad line, "FILE:LINE: sid N: reason", then a summary.
     * @return the set.
     */
    public static SignatureSet load(final List<Path> files, final Map<String, String> vars,
        final Consumer<String> warnings)
    {
        return load(files, List.of(), vars, warnings);
    }

    /**
     * Loads rules files and plain block lists.
     *
     * @param files      rules files and SSLBL CSVs, as in {@link #load(List, Map, Consumer)}.
     * @param blockLists plain one-per-line lists with their kinds.
     * @param vars       address/port variables.
     * @param warnings   receives problems and a summary line.
     * @return the set.
     */
    public static SignatureSet load(final List<Path> files, final List<BlockListFile> blockLists,
        final Map<String, String> vars, final Consumer<String> warnings)
    {
        final SignatureParser parser = new SignatureParser(Variables.withDefaults(vars));
        final List<Signature> signatures = new ArrayList<>();
        final List<BlockList> lists = new ArrayList<>();
        final Set<Long> sids = new HashSet<>();
        final Consumer<Problem> problems = problem -> warnings.accept(problem.toString());
        int skipped = 0;
        int listed = 0;
        for (final Path file : files)
        {
            try
            {
                if (file.getFileName().toString().endsWith(".csv"))
                {
                    final BlockList list = BlockList.sslblJa3(file, problems);
                    lists.add(list);
                    listed += list.size();
                }
                else
                {
                    skipped += RuleFiles.parse(file, parser, sids, signatures, problems);
                }
            }
            catch (final IOException ex)
            {
                warnings.accept(file + ":0: cannot read: " + ex.getMessage());
            }
        }
        for (final BlockListFile file : blockLists)
        {
            try
            {
                final BlockList list = BlockList.plain(file.path(), file.kind(), problems);
                lists.add(list);
                listed += list.size();
            }
            catch (final IOException ex)
            {
                warnings.accept(file.path() + ":0: cannot read: " + ex.getMessage());
            }
        }
        final SignatureSet set = new SignatureSet(signatures, lists, skipped);
        warnings.accept("signatures: " + signatures.size() + " loaded (" + set.index.indexed() + " indexed), " +
            skipped + " skipped; block lists: " + listed + " fingerprints in " + lists.size() + " lists");
        return set;
    }

    /**
     * Rules loaded.
     *
     * @return the count.
     */
    public int loaded()
    {
        return signatures.length;
    }

    /**
     * Rules skipped (problems, unsupported keywords, actions other than alert, duplicate sids).
     *
     * @return the count.
     */
    public int skipped()
    {
        return skipped;
    }

    /**
     * Fingerprints on the loaded block lists.
     *
     * @return the count.
     */
    public int blockListed()
    {
        int total = 0;
        for (final BlockList list : blockLists)
        {
            total += list.size();
        }
        return total;
    }

    /**
     * pcre evaluations stopped by the step budget (counted as no match).
     *
     * @return the count.
     */
    public long pcreAborted()
    {
        return pcreAborted[0];
    }

    /**
     * Threshold counts dropped because the bounded table was full around their key.
     *
     * @return the count.
     */
    public long thresholdEvictions()
    {
        return thresholds.evictions();
    }

    @Override
    public void onRecord(final RecordReader record, final AlertSink alerts)
    {
        if (evaluateIndexed(record, alerts, true))
        {
            for (final BlockList list : blockLists)
            {
                list.check(view, alerts);
            }
        }
        record.rewind();
    }

    /** The index's candidates, in rule order; false when the record is of no dataset rules look at. */
    private boolean evaluateIndexed(final RecordReader record, final AlertSink alerts, final boolean thresholded)
    {
        view.wrap(record);
        if (view.dataset() == null)
        {
            return false;
        }
        candidates.clear();
        index.candidates(view, candidates);
        candidates.sort();
        for (int i = 0; i < candidates.size(); i++)
        {
            final Signature signature = signatures[candidates.get(i)];
            if (signature.matches(view, pcreAborted) && (!thresholded || signature.threshold == null
                || thresholds.onMatch(signature.index, signature.threshold, record)))
            {
                alerts.raise(record, signature.identity, signature.message);
            }
        }
        return true;
    }

    /**
     * Evaluates every signature on a record, without the index: the reference the index is tested against.
     * Thresholds are not applied.
     *
     * @param record the record.
     * @param alerts where alerts go.
     */
    void evaluateAll(final RecordReader record, final AlertSink alerts)
    {
        view.wrap(record);
        if (view.dataset() == null)
        {
            return;
        }
        for (final Signature signature : signatures)
        {
            if (signature.matches(view, pcreAborted))
            {
                alerts.raise(record, signature.identity, signature.message);
            }
        }
        record.rewind();
    }

    /**
     * Evaluates the index's candidates on a record, thresholds not applied: compared with
     * {@link #evaluateAll(RecordReader, AlertSink)} in tests.
     *
     * @param record the record.
     * @param alerts where alerts go.
     */
    void evaluateCandidates(final RecordReader record, final AlertSink alerts)
    {
        evaluateIndexed(record, alerts, false);
        record.rewind();
    }

    /**
     * Candidates the index gave for the last record evaluated.
     *
     * @return the count.
     */
    int lastCandidateCount()
    {
        return candidates.size();
    }

    /** Address and port variables with Suricata's defaults under the caller's. */
    static final class Variables
    {
        private Variables()
        {
        }

        static Map<String, String> withDefaults(final Map<String, String> given)
        {
            final Map<String, String> vars = new HashMap<>();
            vars.put("HOME_NET", "[10.0.0.0/8,172.16.0.0/12,192.168.0.0/16,fc00::/7,127.0.0.0/8,::1/128]");
            vars.put("EXTERNAL_NET", "!$HOME_NET");
            for (final String servers : List.of("DNS_SERVERS", "HTTP_SERVERS", "SMTP_SERVERS", "SQL_SERVERS",
                "TELNET_SERVERS", "AIM_SERVERS", "DC_SERVERS", "DNP3_SERVER", "DNP3_CLIENT", "MODBUS_CLIENT",
                "MODBUS_SERVER", "ENIP_CLIENT", "ENIP_SERVER"))
            {
                vars.put(servers, "$HOME_NET");
            }
            vars.put("HTTP_PORTS", "80");
            vars.put("SHELLCODE_PORTS", "!80");
            vars.put("ORACLE_PORTS", "1521");
            vars.put("SSH_PORTS", "22");
            vars.put("DNP3_PORTS", "20000");
            vars.put("MODBUS_PORTS", "502");
            vars.put("FILE_DATA_PORTS", "[$HTTP_PORTS,110,143]");
            vars.put("FTP_PORTS", "21");
            vars.put("GENEVE_PORTS", "6081");
            vars.put("VXLAN_PORTS", "4789");
            vars.put("TEREDO_PORTS", "3544");
            vars.put("DNS_PORTS", "53");
            if (given != null)
            {
                given.forEach((name, value) -> vars.put(name.startsWith("$") ? name.substring(1) : name, value));
            }
            return vars;
        }
    }
}
