package org.lifelongseg.erfnet.checkpoint;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * An ordered map of named tensors with PyTorch {@code state_dict} names, e.g.
 * {@code encoder.initial_block.conv.weight}, read from any checkpoint format.
 *
 * <p>The tensors live in the state dict's own {@link NDManager}; closing the state dict frees
 * them. Keys keep the order in which they were read.
 *
 * <pre>{@code
 * try (StateDict sd = StateDict.create(NDManager.newBaseManager(), Path.of("model.pth").toString())) {
 *     sd.put("decoder.output_conv.bias", array);
 *     NDArray w = sd.get("decoder.output_conv.weight");
 * }
 * }</pre>
 */
public final class StateDict implements AutoCloseable {

    private final NDManager manager;
    private final String source;
    private final LinkedHashMap<String, NDArray> tensors = new LinkedHashMap<>();
    private final LinkedHashMap<String, String> skipped = new LinkedHashMap<>();

    private StateDict(NDManager manager, String source) {
        this.manager = manager;
        this.source = source;
    }

    /**
     * Creates an empty state dict whose tensors live in a new sub-manager of {@code parent}.
     *
     * @param parent manager whose sub-manager will own the tensors
     * @param source where the tensors come from (file name), used in error messages
     */
    public static StateDict create(NDManager parent, String source) {
        return new StateDict(parent.newSubManager(), Objects.requireNonNull(source, "source"));
    }

    /** The manager that owns this state dict's tensors; put tensors created here. */
    public NDManager manager() {
        return manager;
    }

    /** Where the tensors were read from (for error messages). */
    public String source() {
        return source;
    }

    /** Adds (or replaces) a tensor; it is attached to this state dict's manager. */
    public void put(String key, NDArray tensor) {
        tensor.attach(manager);
        tensors.put(key, tensor);
    }

    /** The tensor under {@code key}, or null. */
    public NDArray get(String key) {
        return tensors.get(key);
    }

    /** Whether {@code key} is present. */
    public boolean contains(String key) {
        return tensors.containsKey(key);
    }

    /** Removes and returns the tensor under {@code key} (still owned by this state dict), or null. */
    public NDArray remove(String key) {
        return tensors.remove(key);
    }

    /** The keys in reading order. */
    public Set<String> keys() {
        return Collections.unmodifiableSet(tensors.keySet());
    }

    /** A read-only view of the entries in reading order. */
    public Map<String, NDArray> asMap() {
        return Collections.unmodifiableMap(tensors);
    }

    /** The number of tensors. */
    public int size() {
        return tensors.size();
    }

    /**
     * Records an entry of the source that was not read as a tensor (an epoch counter, optimizer
     * state, a key dropped by a {@link KeyMapping}), with a short description of what it was.
     */
    public void addSkipped(String key, String description) {
        skipped.put(Objects.requireNonNull(key, "key"), Objects.requireNonNull(description, "description"));
    }

    /**
     * The entries of the source that were not read as tensors, in reading order: key to a short
     * description (e.g. {@code "epoch" -> "int 42"}).
     */
    public Map<String, String> skipped() {
        return Collections.unmodifiableMap(skipped);
    }

    @Override
    public void close() {
        tensors.clear();
        manager.close();
    }

    @Override
    public String toString() {
        return "StateDict[" + source + ", " + tensors.size() + " tensors]";
    }
}
