package org.lifelongseg.erfnet.train;

import ai.djl.ndarray.NDManager;
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
 * encoder.*}) is copied into every fresh student; the decoder keeps DJL's initialization.
 */
public final class ErfNetFactory implements SegmentationModelFactory {

    private final float dropoutScale;
    private final Path pretrainedEncoder;

    private ErfNetFactory(Builder b) {
        this.dropoutScale = b.dropoutScale;
        this.pretrainedEncoder = b.pretrainedEncoder;
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
        if (pretrainedEncoder != null) {
            loadEncoder(net, manager);
        }
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
                "pretrainedEncoder", pretrainedEncoder == null ? "none" : pretrainedEncoder.toString());
    }

    @Override
    public void saveParameters(Block block, Path file) throws IOException {
        Map<String, Parameter> params = namedParameters(block);
        NDManager owner = params.values().iterator().next().getArray().getManager();
        try (StateDict sd = StateDictLoader.exportForPyTorch(params, owner, file.toString())) {
            SafetensorsWriter.write(sd, file, Map.of("format", "pt", "classes",
                    Integer.toString(erfnet(block).getNumClasses())));
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

        private Builder() {}

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
