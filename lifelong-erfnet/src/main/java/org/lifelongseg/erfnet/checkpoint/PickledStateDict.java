package org.lifelongseg.erfnet.checkpoint;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import net.razorvine.pickle.PickleException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The weights found in an unpickled checkpoint object, before any storage is read: either a plain
 * state dict or a dict wrapping one under {@code state_dict}, {@code model_state_dict} or
 * {@code model}. Everything else (epoch counters, optimizer state, strings) is recorded as skipped.
 */
final class PickledStateDict {

    private static final Logger LOG = LoggerFactory.getLogger(PickledStateDict.class);

    /** Keys under which training scripts commonly wrap the weights, in order of preference. */
    static final List<String> WRAPPER_KEYS = List.of("state_dict", "model_state_dict", "model");

    private final LinkedHashMap<String, TensorRef> tensors = new LinkedHashMap<>();
    private final LinkedHashMap<String, String> skipped = new LinkedHashMap<>();

    private PickledStateDict() {}

    /** Reads storage bytes (whole storage, little-endian) for a storage reference. */
    interface StorageSource {
        ByteBuffer read(StorageRef ref) throws CheckpointFormatException;
    }

    static PickledStateDict from(Path file, Object root) throws CheckpointFormatException {
        if (!(root instanceof Map)) {
            throw new CheckpointFormatException(file, "not a state dict: the checkpoint holds a "
                    + describe(root) + " instead of a dict of tensors");
        }
        Map<?, ?> top = (Map<?, ?>) root;
        PickledStateDict out = new PickledStateDict();
        if (hasTensor(top)) {
            out.collect(file, top, "");
            return out;
        }
        for (String wrapper : WRAPPER_KEYS) {
            Object inner = top.get(wrapper);
            if (inner instanceof Map && hasTensor((Map<?, ?>) inner)) {
                out.collect(file, (Map<?, ?>) inner, "");
                for (Map.Entry<?, ?> e : top.entrySet()) {
                    if (!wrapper.equals(e.getKey())) {
                        out.skip(String.valueOf(e.getKey()), describe(e.getValue()));
                    }
                }
                return out;
            }
        }
        List<String> keys = new ArrayList<>();
        for (Object k : top.keySet()) {
            keys.add(String.valueOf(k));
        }
        throw new CheckpointFormatException(file, "no tensors found: neither the top-level dict nor"
                + " its " + WRAPPER_KEYS + " entry holds tensors (top-level keys " + keys + ")");
    }

    private void collect(Path file, Map<?, ?> map, String prefix) throws CheckpointFormatException {
        for (Map.Entry<?, ?> e : map.entrySet()) {
            if (!(e.getKey() instanceof String)) {
                throw new CheckpointFormatException(file, "state dict key is not a string: " + describe(e.getKey()));
            }
            String key = prefix + e.getKey();
            if (e.getValue() instanceof TensorRef) {
                tensors.put(key, (TensorRef) e.getValue());
            } else {
                skip(key, describe(e.getValue()));
            }
        }
    }

    private void skip(String key, String description) {
        skipped.put(key, description);
    }

    Map<String, TensorRef> tensors() {
        return tensors;
    }

    /** The storage keys the kept tensors need. */
    Set<String> neededStorageKeys() {
        Set<String> keys = new LinkedHashSet<>();
        for (TensorRef t : tensors.values()) {
            keys.add(t.storage().key());
        }
        return keys;
    }

    /** Reads every kept tensor into a new state dict under {@code parent}; closes it on failure. */
    StateDict materialize(Path file, NDManager parent, StorageSource storages)
            throws CheckpointFormatException {
        StateDict sd = StateDict.create(parent, file.toString());
        try {
            for (Map.Entry<String, TensorRef> e : tensors.entrySet()) {
                TensorRef t = e.getValue();
                ByteBuffer data = storages.read(t.storage());
                NDArray array;
                try {
                    array = t.materialize(data, sd.manager());
                } catch (IllegalArgumentException | ArithmeticException ex) {
                    throw new CheckpointFormatException(file, "tensor '" + e.getKey() + "': " + ex.getMessage(), ex);
                }
                array.setName(e.getKey());
                sd.put(e.getKey(), array);
            }
            for (Map.Entry<String, String> e : skipped.entrySet()) {
                sd.addSkipped(e.getKey(), e.getValue());
            }
        } catch (CheckpointFormatException | RuntimeException ex) {
            sd.close();
            throw ex;
        }
        if (!skipped.isEmpty()) {
            LOG.info("{}: read {} tensors, skipped {} non-tensor entries {}", file, tensors.size(),
                    skipped.size(), skipped.keySet());
        }
        return sd;
    }

    private static boolean hasTensor(Map<?, ?> map) {
        for (Object v : map.values()) {
            if (v instanceof TensorRef) {
                return true;
            }
        }
        return false;
    }

    /** A short human description of an unpickled value, for skip reports and errors. */
    static String describe(Object v) {
        if (v == null) {
            return "None";
        }
        if (v instanceof TensorRef) {
            return "tensor " + ((TensorRef) v).describe();
        }
        if (v instanceof Boolean) {
            return "bool " + v;
        }
        if (v instanceof Number) {
            boolean integral = v instanceof Integer || v instanceof Long || v instanceof java.math.BigInteger;
            return (integral ? "int " : "float ") + v;
        }
        if (v instanceof String) {
            String s = (String) v;
            return "str '" + (s.length() > 40 ? s.substring(0, 40) + "...'" : s + "'");
        }
        if (v instanceof Map) {
            return "dict (" + ((Map<?, ?>) v).size() + " entries)";
        }
        if (v instanceof List) {
            return "list (" + ((List<?>) v).size() + " items)";
        }
        if (v instanceof Object[]) {
            return "tuple (" + ((Object[]) v).length + " items)";
        }
        if (v instanceof byte[]) {
            return "bytes (" + ((byte[]) v).length + ")";
        }
        if (v instanceof Set) {
            return "set (" + ((Set<?>) v).size() + " items)";
        }
        return v.getClass().getSimpleName();
    }

    /** Parses a storage persistent id; throws a refusal naming the file if it is malformed. */
    static StorageRef parseStoragePid(Path file, Object[] pid, boolean legacy) {
        try {
            if (pid.length < 5 || !"storage".equals(pid[0])) {
                throw new CheckpointFormatException(file, "unsupported persistent id " + describe(pid)
                        + " (expected ('storage', type, key, location, numel))");
            }
            Object type = pid[1];
            if (!(type instanceof SafeUnpickler.StorageType)) {
                throw new CheckpointFormatException(file, "unknown storage type " + describe(type)
                        + (type instanceof SafeUnpickler.Global ? " (" + type + ")" : ""));
            }
            if (!(pid[2] instanceof String)) {
                throw new CheckpointFormatException(file, "storage key is not a string: " + describe(pid[2]));
            }
            TorchDtype dtype = ((SafeUnpickler.StorageType) type).dtype();
            long numel = SafeUnpickler.toLong(pid[4]);
            long viewOffset = 0;
            if (legacy && pid.length > 5 && pid[5] != null) {
                if (!(pid[5] instanceof Object[]) || ((Object[]) pid[5]).length != 3) {
                    throw new CheckpointFormatException(file, "malformed storage view metadata " + describe(pid[5]));
                }
                viewOffset = SafeUnpickler.toLong(((Object[]) pid[5])[1]);
            }
            if (numel < 0 || viewOffset < 0) {
                throw new CheckpointFormatException(file, "negative storage size or view offset in " + describe(pid));
            }
            return new StorageRef((String) pid[2], dtype, numel, viewOffset);
        } catch (CheckpointFormatException e) {
            throw new SafeUnpickler.Refusal(e);
        } catch (PickleException e) {
            throw new SafeUnpickler.Refusal(new CheckpointFormatException(file, "malformed persistent id: " + e.getMessage(), e));
        }
    }
}
