package org.lifelongseg.erfnet.checkpoint;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Parameter;
import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableMap;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.lifelongseg.core.engine.NativeArrays;

/**
 * Copies the tensors of a {@link StateDict} into named DJL {@link Parameter}s (e.g. {@code
 * ErfNet.stateDictParameters()}), and exports parameters back into a state dict.
 *
 * <pre>{@code
 * ErfNet net = ErfNet.builder().setNumClasses(20).optEncoderOutputConv(true).build();
 * net.initializeParameters(model.getNDManager());
 * try (StateDict sd = NpzStateDictReader.read(path, manager)) {
 *     StateDictLoader.strict().load(sd, net.stateDictParameters());   // all or nothing
 *     StateDictLoader.Report r = StateDictLoader.lenient().load(sd, params); // what matches
 * }
 * }</pre>
 *
 * <p>{@link #strict()} fails, loading nothing, on any missing key, unexpected key or shape
 * mismatch, naming the key and both shapes. {@link #lenient()} loads every key present on both
 * sides with equal shapes and reports the rest. Both tolerate PyTorch's {@code
 * *.num_batches_tracked} buffers, which have no DJL counterpart. Floating-point tensors are
 * converted to the parameter's data type. Parameters must be initialized (shapes known) first.
 */
public final class StateDictLoader {

    private static final String NUM_BATCHES_TRACKED = "num_batches_tracked";
    private static final int MAX_LISTED = 10;

    private static final StateDictLoader STRICT = new StateDictLoader(true);
    private static final StateDictLoader LENIENT = new StateDictLoader(false);

    private final boolean strict;

    private StateDictLoader(boolean strict) {
        this.strict = strict;
    }

    /** A loader that requires both key sets to match exactly, with equal shapes. */
    public static StateDictLoader strict() {
        return STRICT;
    }

    /** A loader that loads what matches and reports what did not. */
    public static StateDictLoader lenient() {
        return LENIENT;
    }

    /** Whether this loader is strict. */
    public boolean isStrict() {
        return strict;
    }

    /**
     * Copies {@code source}'s tensors into the parameters of {@code target} with the same name.
     *
     * @param source the state dict (not modified)
     * @param target named, initialized parameters (PyTorch names)
     * @return what was loaded, skipped and missing
     * @throws IllegalArgumentException (strict mode) on missing/unexpected keys or shape mismatches,
     *     before anything is loaded
     * @throws IllegalStateException if a target parameter is not initialized
     */
    public Report load(StateDict source, Map<String, Parameter> target) {
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(target, "target");
        List<String> loaded = new ArrayList<>();
        List<String> missing = new ArrayList<>();
        List<String> unexpected = new ArrayList<>();
        List<String> ignored = new ArrayList<>();
        Map<String, String> mismatched = new LinkedHashMap<>();

        for (Map.Entry<String, Parameter> e : target.entrySet()) {
            String key = e.getKey();
            Parameter param = e.getValue();
            if (param == null || !param.isInitialized()) {
                throw new IllegalStateException(
                        "parameter '" + key + "' is not initialized; initialize the model"
                                + " (e.g. ErfNet.initializeParameters) before loading "
                                + source.source());
            }
            NDArray tensor = source.get(key);
            if (tensor == null) {
                missing.add(key);
                continue;
            }
            NDArray array = param.getArray();
            if (!tensor.getShape().equals(array.getShape())) {
                mismatched.put(
                        key,
                        "checkpoint shape " + tensor.getShape() + " vs model shape "
                                + array.getShape());
            } else if (tensor.getDataType() != array.getDataType()
                    && !(tensor.getDataType().isFloating() && array.getDataType().isFloating())) {
                mismatched.put(
                        key,
                        "checkpoint dtype " + tensor.getDataType() + " vs model dtype "
                                + array.getDataType());
            } else {
                loaded.add(key);
            }
        }
        for (String key : source.keys()) {
            if (!target.containsKey(key)) {
                if (isNumBatchesTracked(key)) {
                    ignored.add(key);
                } else {
                    unexpected.add(key);
                }
            }
        }
        if (strict && (!missing.isEmpty() || !unexpected.isEmpty() || !mismatched.isEmpty())) {
            throw new IllegalArgumentException(
                    describeProblems(source.source(), missing, unexpected, mismatched));
        }
        for (String key : loaded) {
            copy(source.get(key), target.get(key).getArray());
        }
        return new Report(loaded, missing, unexpected, mismatched, ignored);
    }

    private static boolean isNumBatchesTracked(String key) {
        return key.equals(NUM_BATCHES_TRACKED) || key.endsWith("." + NUM_BATCHES_TRACKED);
    }

    private static void copy(NDArray tensor, NDArray target) {
        NativeArrays.copyInto(tensor, target);
    }

    private static String describeProblems(
            String source,
            List<String> missing,
            List<String> unexpected,
            Map<String, String> mismatched) {
        StringBuilder sb = new StringBuilder("state dict ").append(source).append(" does not match the model:");
        for (Map.Entry<String, String> e : limit(mismatched.entrySet())) {
            sb.append("\n  shape mismatch for '").append(e.getKey()).append("': ").append(e.getValue());
        }
        appendKeys(sb, "missing key", missing);
        appendKeys(sb, "unexpected key", unexpected);
        int total = missing.size() + unexpected.size() + mismatched.size();
        sb.append("\n(").append(total).append(" problem(s): ").append(mismatched.size())
                .append(" mismatched, ").append(missing.size()).append(" missing, ")
                .append(unexpected.size()).append(" unexpected; use StateDictLoader.lenient()"
                        + " to load only what matches)");
        return sb.toString();
    }

    private static void appendKeys(StringBuilder sb, String what, List<String> keys) {
        for (String key : limit(keys)) {
            sb.append("\n  ").append(what).append(" '").append(key).append('\'');
        }
        if (keys.size() > MAX_LISTED) {
            sb.append("\n  ... and ").append(keys.size() - MAX_LISTED).append(" more ").append(what)
                    .append('s');
        }
    }

    private static <T> List<T> limit(Iterable<T> items) {
        List<T> out = new ArrayList<>();
        for (T t : items) {
            if (out.size() == MAX_LISTED) {
                break;
            }
            out.add(t);
        }
        return out;
    }

    /**
     * Copies the parameters' current values into a new state dict with the same (PyTorch) names and
     * order, for writing a checkpoint. The state dict owns copies; the model is not affected.
     *
     * @param params named, initialized parameters, e.g. {@code ErfNet.stateDictParameters()}
     * @param parent manager whose sub-manager will own the copies
     * @param source a description for error messages (e.g. the file to be written)
     */
    public static StateDict export(Map<String, Parameter> params, NDManager parent, String source) {
        return export(params, parent, source, false);
    }

    /**
     * Like {@link #export}, and adds a {@code num_batches_tracked} int64 scalar (value 0) after
     * every {@code running_var}, so that PyTorch's strict {@code load_state_dict} accepts the
     * result. PyTorch ignores the value when BatchNorm has a momentum (ERFNet: 0.1).
     */
    public static StateDict exportForPyTorch(
            Map<String, Parameter> params, NDManager parent, String source) {
        return export(params, parent, source, true);
    }

    private static StateDict export(
            Map<String, Parameter> params, NDManager parent, String source, boolean counters) {
        StateDict sd = StateDict.create(parent, source);
        boolean ok = false;
        try {
            for (Map.Entry<String, Parameter> e : params.entrySet()) {
                String key = e.getKey();
                Parameter p = e.getValue();
                if (p == null || !p.isInitialized()) {
                    throw new IllegalStateException("parameter '" + key + "' is not initialized");
                }
                NDArray copy = p.getArray().duplicate();
                copy.setRequiresGradient(false);
                sd.put(key, copy);
                if (counters && key.endsWith(".running_var")) {
                    String counter =
                            key.substring(0, key.length() - "running_var".length())
                                    + NUM_BATCHES_TRACKED;
                    sd.put(counter, NativeArrays.scalar(sd.manager(), 0L));
                }
            }
            ok = true;
            return sd;
        } finally {
            if (!ok) {
                sd.close();
            }
        }
    }

    /** The outcome of {@link #load}: immutable lists of keys in their original order. */
    public static final class Report {
        private final ImmutableList<String> loaded;
        private final ImmutableList<String> missing;
        private final ImmutableList<String> unexpected;
        private final ImmutableMap<String, String> mismatched;
        private final ImmutableList<String> ignored;

        Report(
                List<String> loaded,
                List<String> missing,
                List<String> unexpected,
                Map<String, String> mismatched,
                List<String> ignored) {
            this.loaded = ImmutableList.copyOf(loaded);
            this.missing = ImmutableList.copyOf(missing);
            this.unexpected = ImmutableList.copyOf(unexpected);
            this.mismatched = ImmutableMap.copyOf(mismatched);
            this.ignored = ImmutableList.copyOf(ignored);
        }

        /** Keys copied into the model. */
        public ImmutableList<String> loaded() {
            return loaded;
        }

        /** Model parameters the state dict lacks (left unchanged). */
        public ImmutableList<String> missing() {
            return missing;
        }

        /** State-dict keys the model lacks (skipped), excluding {@code num_batches_tracked}. */
        public ImmutableList<String> unexpected() {
            return unexpected;
        }

        /** Keys on both sides whose shapes (or dtypes) differ, with both shapes (skipped). */
        public ImmutableMap<String, String> mismatched() {
            return mismatched;
        }

        /** {@code num_batches_tracked} keys, which have no DJL counterpart (skipped). */
        public ImmutableList<String> ignored() {
            return ignored;
        }

        /** Whether every model parameter was loaded and nothing but counters was skipped. */
        public boolean isComplete() {
            return missing.isEmpty() && unexpected.isEmpty() && mismatched.isEmpty();
        }

        @Override
        public String toString() {
            return "StateDictLoader.Report[loaded " + loaded.size() + ", missing " + missing.size()
                    + ", unexpected " + unexpected.size() + ", mismatched " + mismatched.size()
                    + ", ignored " + ignored.size() + "]";
        }
    }
}
