package org.lifelongseg.erfnet.model;

import ai.djl.nn.Parameter;
import java.util.Map;

/**
 * A block whose parameters and buffers carry PyTorch {@code state_dict} names.
 *
 * <pre>{@code
 * LinkedHashMap<String, Parameter> out = new LinkedHashMap<>();
 * block.collectStateDict("decoder.output_conv.", out); // adds decoder.output_conv.weight, .bias
 * }</pre>
 */
public interface StateDictModule {

    /**
     * Adds this block's parameters (learnable ones and BatchNorm running statistics) to {@code
     * out}, keyed by {@code prefix} + their PyTorch name, in PyTorch's {@code state_dict} order.
     * {@code num_batches_tracked} buffers have no counterpart and are not added.
     *
     * @param prefix the module path including its trailing dot, e.g. {@code "encoder.layers.3."}
     * @param out where to add the parameters
     */
    void collectStateDict(String prefix, Map<String, Parameter> out);
}
