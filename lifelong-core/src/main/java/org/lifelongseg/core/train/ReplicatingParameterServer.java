package org.lifelongseg.core.train;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterServer;
import ai.djl.training.optimizer.Optimizer;
import org.lifelongseg.core.engine.NativeArrays;

/**
 * Data-parallel updates with one optimizer state: the gradients of every device's replica are
 * summed on the first device, the optimizer updates the first replica only, and the result is
 * copied to the other replicas (whose gradients are zeroed). Unlike DJL's local parameter server
 * it never asks the optimizer to update the same parameter on several devices, which {@link
 * org.lifelongseg.core.train.optim.TorchAdam} (one state per parameter) does not support.
 *
 * <pre>{@code
 * ps.setParameterServer(new ReplicatingParameterServer(adam), devices);   // devices.length > 1
 * }</pre>
 */
final class ReplicatingParameterServer implements ParameterServer {

    private final Optimizer optimizer;

    ReplicatingParameterServer(Optimizer optimizer) {
        this.optimizer = optimizer;
    }

    @Override
    public void init(String parameterId, NDArray[] value) {}

    @Override
    public void update(String parameterId, NDArray[] grads, NDArray[] params) {
        Device first = params[0].getDevice();
        for (int i = 1; i < grads.length; i++) {
            try (NDArray copy = grads[i].toDevice(first, true)) {
                grads[0].addi(copy);
            }
        }
        optimizer.update(parameterId, params[0], grads[0]);
        for (int i = 1; i < params.length; i++) {
            NativeArrays.copyInto(params[0], params[i]);
            try (NDArray zero = grads[i].getManager().zeros(new Shape(), grads[i].getDataType())) {
                grads[i].set(new NDIndex("..."), zero);
            }
        }
    }

    @Override
    public void close() {}
}
