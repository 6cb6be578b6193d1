package org.lifelongseg.core.train.optim;

import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.util.Pair;
import com.google.common.collect.ImmutableMap;
import java.util.HashMap;
import java.util.Map;

/**
 * Stable names for a block's parameters, keyed by their per-process random DJL ids.
 *
 * <pre>{@code
 * Map<String, String> names = ParameterNames.of(model.getBlock());
 * NDList state = adam.exportState(manager, names);
 * }</pre>
 *
 * <p>The names are DJL's hierarchical parameter names ({@code Block.getParameters()}, child
 * names joined with {@code _}), identical between processes for the same architecture.
 */
public final class ParameterNames {

    private ParameterNames() {}

    /**
     * Maps every parameter id of {@code block} to its hierarchical name.
     *
     * @param block the model's block
     * @return an immutable id-to-name map in the block's parameter order
     * @throws IllegalArgumentException if two parameters have the same name
     */
    public static ImmutableMap<String, String> of(Block block) {
        ImmutableMap.Builder<String, String> names = ImmutableMap.builder();
        Map<String, String> seen = new HashMap<>();
        for (Pair<String, Parameter> p : block.getParameters()) {
            String previous = seen.put(p.getKey(), p.getValue().getId());
            if (previous != null && !previous.equals(p.getValue().getId())) {
                throw new IllegalArgumentException(
                        "block " + block.getClass().getSimpleName()
                                + " has two parameters named " + p.getKey());
            }
            if (previous == null) {
                names.put(p.getValue().getId(), p.getKey());
            }
        }
        return names.buildOrThrow();
    }
}
