package org.lifelongseg.erfnet.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import com.google.common.collect.ImmutableMap;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.lifelongseg.core.task.ClassSpace;
import org.lifelongseg.core.train.SegmentationModelFactory;
import org.lifelongseg.core.train.TrainingRandom;
import org.lifelongseg.erfnet.checkpoint.CheckpointFormatException;
import org.lifelongseg.erfnet.checkpoint.KeyMapping;
import org.lifelongseg.erfnet.checkpoint.PyTorchCheckpoints;
import org.lifelongseg.erfnet.checkpoint.SafetensorsWriter;
import org.lifelongseg.erfnet.checkpoint.StateDict;
import org.lifelongseg.erfnet.checkpoint.StateDictLoader;
import org.lifelongseg.erfnet.model.ErfNet;

/**
 * ERFNet for the trainer: one output channel per class, parameters under their PyTorch {@code
 * state_dict} names, checkpoints as {@code model.safetensors} that PyTorch loads with {@code
 * safetensors.torch.load_file} + {@code load_state_dict} (BatchNorm counters included).
 *
 * <pre>{@code
 * ErfNetFactory erfnet = ErfNetFactory.builder()
 *         .optPretrainedEncoder(Path.of("erfnet_encoder_pretrained.pth.tar"))   // as the reference
 *         .build();
 * LifelongTrainer.forTasks(sequence).model(erfnet)...
 * }</pre>
 *
 * <p>Loading accepts every format {@link PyTorchCheckpoints} reads (safetensors, the
 * reference's {@code model.pth}, npz), strictly. The optional pretrained encoder (the ImageNet
 * ERFNet encoder layout {@code module.features.encoder.*} or any ERFNet checkpoint's {@code
 * encoder.*}) is copied into every fresh student; everything else starts from PyTorch's
 * default initialization, as in the reference ({@link Initialization}).
 */
public final class ErfNetFactory implements SegmentationModelFactory {

    /** How a fresh network's weights are drawn. */
    public enum Initialization {
        /**
         * PyTorch's defaults, as the reference's decoder (and its encoder without ImageNet
         * weights): every convolution's weight and bias uniform in ±1/sqrt(fan_in), fan_in =
         * {@code weight.size(1) * kH * kW} (PyTorch's rule for plain and transposed convolutions);
         * BatchNorm scale 1, shift 0.
         */
        PYTORCH,
        /** DJL's initializers (Xavier-style normal for convolutions). */
        DJL
    }

    private final float dropoutScale;
    private final Path pretrainedEncoder;
    private final Initialization initialization;

    private ErfNetFactory(Builder b) {
        this.dropoutScale = b.dropoutScale;
        this.pretrainedEncoder = b.pretrainedEncoder;
        this.initialization = b.initialization;
    }

    /** ERFNet with the reference dropout and no pretrained encoder. */
    public ErfNetFactory() {
        this(new Builder());
    }

    /** A new builder. */
    public static Builder builder() {
        return new Builder();
    }

    /** The pretrained encoder file, if any. */
    public Optional<Path> pretrainedEncoder() {
        return Optional.ofNullable(pretrainedEncoder);
    }

    @Override
    public String name() {
        return "erfnet";
    }

    @Override
    public Block newBlock(ClassSpace classes) {
        return ErfNet.builder().setNumClasses(classes.size()).optDropoutScale(dropoutScale).build();
    }

    @Override
    public Shape initializationShape() {
        return new Shape(1, 3, 32, 32);
    }

    @Override
    public void initialize(Block block, NDManager manager) throws IOException {
        ErfNet net = erfnet(block);
        net.initializeParameters(manager);
        if (initialization == Initialization.PYTORCH) {
            initializeAsPyTorch(net);
        }
        if (pretrainedEncoder != null) {
            loadEncoder(net, manager);
        }
    }

    /**
     * Redraws convolution weights and biases as PyTorch's defaults, from the training's own
     * generator ({@link TrainingRandom}) when one is bound, else from the engine's.
     */
    private static void initializeAsPyTorch(ErfNet net) {
        Map<String, Parameter> params = net.stateDictParameters();
        for (Map.Entry<String, Parameter> e : params.entrySet()) {
            String name = e.getKey();
            NDArray value = e.getValue().getArray();
            Shape shape;
            if (name.endsWith(".weight") && value.getShape().dimension() == 4) {
                shape = value.getShape();
            } else if (name.endsWith(".bias") && params.containsKey(weightOf(name))
                    && params.get(weightOf(name)).getArray().getShape().dimension() == 4) {
                shape = params.get(weightOf(name)).getArray().getShape();
            } else {
                continue;
            }
            double bound = 1.0 / Math.sqrt(shape.get(1) * shape.get(2) * shape.get(3));
            NDManager m = value.getManager();
            Shape target = value.getShape();
            try (NDArray drawn = TrainingRandom.current()
                    .map(r -> r.uniform(m, target, (float) -bound, (float) bound))
                    .orElseGet(() -> m.randomUniform((float) -bound, (float) bound, target,
                            value.getDataType(), value.getDevice()))) {
                value.set(new NDIndex("..."), drawn);
            }
        }
    }

    private static String weightOf(String biasName) {
        return biasName.substring(0, biasName.length() - "bias".length()) + "weight";
    }

    private void loadEncoder(ErfNet net, NDManager manager) throws IOException {
        KeyMapping toEncoder = key -> {
            String k = key.startsWith("module.") ? key.substring("module.".length()) : key;
            if (k.startsWith("features.encoder.")) {
                k = k.substring("features.".length());
            }
            return k.startsWith("encoder.") && !k.startsWith("encoder.output_conv.")
                    ? Optional.of(k) : Optional.empty();
        };
        Map<String, Parameter> encoder = new LinkedHashMap<>();
        net.stateDictParameters().forEach((k, v) -> {
            if (k.startsWith("encoder.")) {
                encoder.put(k, v);
            }
        });
        try (NDManager scratch = manager.newSubManager();
                StateDict sd = PyTorchCheckpoints.read(pretrainedEncoder, scratch, toEncoder)) {
            StateDictLoader.strict().load(sd, encoder);
        } catch (IllegalArgumentException e) {
            throw new CheckpointFormatException(pretrainedEncoder,
                    "not an ERFNet encoder: " + e.getMessage());
        }
    }

    @Override
    public Map<String, Parameter> namedParameters(Block block) {
        return erfnet(block).stateDictParameters();
    }

    @Override
    public Map<String, String> describe() {
        return ImmutableMap.of("model", name(), "dropoutScale", Float.toString(dropoutScale),
                "pretrainedEncoder", pretrainedEncoder == null ? "none" : pretrainedEncoder.toString(),
                "initialization", initialization.name());
    }

    @Override
    public void saveParameters(Block block, Path file) throws IOException {
        Map<String, Parameter> params = namedParameters(block);
        NDManager owner = params.values().iterator().next().getArray().getManager();
        try (StateDict sd = StateDictLoader.exportForPyTorch(params, owner, file.toString())) {
            SafetensorsWriter.write(sd, file, Map.of("format", "pt", "classes",
                    Integer.toString(erfnet(block).numClasses())));
        }
    }

    @Override
    public void loadParameters(Block block, Path file) throws IOException {
        ErfNet net = erfnet(block);
        Map<String, Parameter> params = net.stateDictParameters();
        NDManager owner = params.values().iterator().next().getArray().getManager();
        try (NDManager scratch = owner.newSubManager();
                StateDict sd = PyTorchCheckpoints.read(file, scratch, KeyMapping.stripDataParallel())) {
            StateDictLoader.strict().load(sd, params);
        } catch (IllegalArgumentException e) {
            throw new CheckpointFormatException(file, e.getMessage());
        }
    }

    private static ErfNet erfnet(Block block) {
        if (!(block instanceof ErfNet net)) {
            throw new IllegalArgumentException(
                    "ErfNetFactory handles ErfNet blocks, got " + block.getClass().getName());
        }
        return net;
    }

    @Override
    public String toString() {
        return "ErfNetFactory" + describe();
    }

    /** Builds an {@link ErfNetFactory}; a setting given twice is an error. */
    public static final class Builder {
        private float dropoutScale = 1f;
        private boolean dropoutSet;
        private Path pretrainedEncoder;
        private Initialization initialization = Initialization.PYTORCH;
        private boolean initializationSet;

        private Builder() {}

        /** How fresh weights are drawn (default {@link Initialization#PYTORCH}). */
        public Builder optInitialization(Initialization initialization) {
            if (initializationSet) {
                throw new IllegalStateException("initialization given twice");
            }
            initializationSet = true;
            this.initialization = Objects.requireNonNull(initialization, "initialization");
            return this;
        }

        /** Scales the encoder's dropout rates (default 1; 0 disables dropout). */
        public Builder optDropoutScale(float scale) {
            if (dropoutSet) {
                throw new IllegalStateException("dropout scale given twice");
            }
            ErfNet.builder().setNumClasses(1).optDropoutScale(scale); // validates
            dropoutSet = true;
            this.dropoutScale = scale;
            return this;
        }

        /** Initializes every fresh student's encoder from this checkpoint (strictly). */
        public Builder optPretrainedEncoder(Path checkpoint) {
            if (pretrainedEncoder != null) {
                throw new IllegalStateException("pretrained encoder given twice");
            }
            this.pretrainedEncoder = Objects.requireNonNull(checkpoint, "checkpoint");
            return this;
        }

        /** Builds the factory. */
        public ErfNetFactory build() {
            return new ErfNetFactory(this);
        }
    }
}
