package org.lifelongseg.erfnet.model;

import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.nn.ParameterList;
import java.util.Map;

/** Maps DJL's built-in blocks' parameters onto PyTorch {@code state_dict} names. */
final class TorchNames {

    private TorchNames() {}

    /** A DJL {@code Conv2d}: {@code weight}, {@code bias}. */
    static void conv(String prefix, Block conv, Map<String, Parameter> out) {
        ParameterList p = conv.getDirectParameters();
        out.put(prefix + "weight", p.get("weight"));
        out.put(prefix + "bias", p.get("bias"));
    }

    /**
     * A DJL {@code BatchNorm}: {@code weight} (gamma), {@code bias} (beta), {@code running_mean},
     * {@code running_var}.
     */
    static void batchNorm(String prefix, Block bn, Map<String, Parameter> out) {
        ParameterList p = bn.getDirectParameters();
        out.put(prefix + "weight", p.get("gamma"));
        out.put(prefix + "bias", p.get("beta"));
        out.put(prefix + "running_mean", p.get("runningMean"));
        out.put(prefix + "running_var", p.get("runningVar"));
    }
}
