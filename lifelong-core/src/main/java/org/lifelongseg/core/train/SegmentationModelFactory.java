package org.lifelongseg.core.train;

import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import org.lifelongseg.core.task.ClassSpace;

/**
 * The model SPI of the trainer: builds a segmentation network for a class space, names its
 * parameters stably and stores them in checkpoints.
 *
 * <pre>{@code
 * SegmentationModelFactory factory = new ErfNetFactory();          // lifelong-erfnet
 * Block block = factory.newBlock(sequence.classSpaceAfter(1));    // 11 output channels
 * factory.initialize(block, manager);                            // DJL init or pretrained
 * Map<String, Parameter> named = factory.namedParameters(block);  // e.g. PyTorch state_dict names
 * factory.saveParameters(block, dir.resolve(factory.parameterFileName()));
 * }</pre>
 *
 * <p>A block maps images {@code (B, 3, H, W)} to raw logits {@code (B, C, H, W)} with one channel
 * per class of the class space, in its order. {@link #namedParameters} must list every parameter
 * and buffer (e.g. BatchNorm running statistics) so that saving and loading restore the model
 * exactly. The default file format is safetensors written by DJL ({@code NDList} encoding) with
 * those names; implementations may override the two I/O methods (e.g. to add PyTorch metadata).
 */
public interface SegmentationModelFactory {

    /** A short name for checkpoints and logs, e.g. {@code "erfnet"}. */
    String name();

    /**
     * A new, uninitialized block with one output channel per class of {@code classes}.
     *
     * @param classes the output classes (channel order)
     * @return the block
     */
    Block newBlock(ClassSpace classes);

    /** The input shape used to initialize a block, e.g. {@code (1, 3, 32, 32)}. */
    Shape initializationShape();

    /**
     * Initializes a new block's parameters in {@code manager} (default: DJL initialization with
     * {@link #initializationShape()}); an implementation may load pretrained weights here. The
     * engine's random generator is seeded before the call.
     *
     * @param block a block made by {@link #newBlock}
     * @param manager the model's manager
     * @throws IOException if pretrained weights cannot be read
     */
    default void initialize(Block block, NDManager manager) throws IOException {
        block.initialize(manager, DataType.FLOAT32, initializationShape());
    }

    /**
     * Every parameter and buffer of an initialized block by stable name, in a fixed order.
     *
     * @param block a block made by {@link #newBlock}
     * @return the named parameters (a new map)
     */
    Map<String, Parameter> namedParameters(Block block);

    /** The file name of the parameters inside a checkpoint folder. */
    default String parameterFileName() {
        return "model.safetensors";
    }

    /** Settings that identify the architecture, recorded in checkpoints (e.g. dropout). */
    default Map<String, String> describe() {
        return Map.of("model", name());
    }

    /**
     * Writes the block's named parameters to {@code file} (safetensors), atomically.
     *
     * @param block an initialized block
     * @param file the target file
     * @throws IOException naming the file on failure
     */
    default void saveParameters(Block block, Path file) throws IOException {
        NamedParameters.save(namedParameters(block), file);
    }

    /**
     * Loads every named parameter of the block from {@code file}, strictly (all names, same
     * shapes, nothing extra).
     *
     * @param block an initialized block
     * @param file a file written by {@link #saveParameters}
     * @throws IOException naming the file if it cannot be read or does not match the block
     */
    default void loadParameters(Block block, Path file) throws IOException {
        NamedParameters.load(namedParameters(block), file);
    }
}
