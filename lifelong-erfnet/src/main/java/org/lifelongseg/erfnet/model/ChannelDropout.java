package org.lifelongseg.erfnet.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import com.google.common.base.Preconditions;
import org.lifelongseg.core.train.TrainingRandom;

/**
 * Channel-wise dropout (PyTorch {@code Dropout2d}): in training, every channel of every sample is
 * zeroed with probability {@code p} and the kept channels are scaled by {@code 1 / (1 - p)}; in
 * inference it is the identity.
 *
 * <pre>{@code
 * Block dropout = ChannelDropout.builder().optRate(0.3f).build();
 * Engine.getInstance().setRandomSeed(42); // makes the masks reproducible
 * }</pre>
 *
 * <p>In a training of the {@code LifelongTrainer} the masks come from that training's own
 * generator ({@link TrainingRandom}), so concurrent trainings do not disturb each other's draws;
 * elsewhere from the engine's random generator ({@code NDManager.randomUniform}), which seeding
 * the engine makes deterministic. Input layout is {@code (N, C, ...)}.
 */
public final class ChannelDropout extends AbstractBlock {

    private static final byte VERSION = 1;

    private final float rate;

    private ChannelDropout(float rate) {
        super(VERSION);
        this.rate = rate;
    }

    /** Returns a new builder. */
    public static Builder builder() {
        return new Builder();
    }

    /** The probability of zeroing a channel in training. */
    public float rate() {
        return rate;
    }

    @Override
    protected NDList forwardInternal(
            ParameterStore parameterStore,
            NDList inputs,
            boolean training,
            PairList<String, Object> params) {
        NDArray x = inputs.singletonOrThrow();
        if (!training || rate == 0f) {
            return new NDList(x);
        }
        Shape shape = x.getShape();
        Preconditions.checkArgument(
                shape.dimension() >= 2, "ChannelDropout expects (N, C, ...) input, got %s", shape);
        long[] maskShape = new long[shape.dimension()];
        java.util.Arrays.fill(maskShape, 1L);
        maskShape[0] = shape.get(0);
        maskShape[1] = shape.get(1);
        Shape masks = new Shape(maskShape);
        NDManager manager = x.getManager();
        NDArray uniform = TrainingRandom.current()
                .map(r -> r.uniform(manager, masks))
                .orElseGet(() -> manager.randomUniform(0f, 1f, masks, DataType.FLOAT32));
        NDArray mask = uniform.gte(rate).toType(x.getDataType(), false).div(1f - rate);
        return new NDList(x.mul(mask));
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return new Shape[] {inputShapes[0]};
    }

    @Override
    public String toString() {
        return "ChannelDropout(p=" + rate + ")";
    }

    /** Builder of {@link ChannelDropout}. */
    public static final class Builder {
        private float rate = Float.NaN;

        private Builder() {}

        /** The drop probability in [0, 1) (default 0.5, as PyTorch). */
        public Builder optRate(float rate) {
            Preconditions.checkState(Float.isNaN(this.rate), "rate already set");
            Preconditions.checkArgument(
                    rate >= 0f && rate < 1f, "dropout rate must be in [0, 1), got %s", rate);
            this.rate = rate;
            return this;
        }

        /** Builds the block. */
        public ChannelDropout build() {
            return new ChannelDropout(Float.isNaN(rate) ? 0.5f : rate);
        }
    }
}
