package org.lifelongseg.core.train;

import ai.djl.Device;
import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.lifelongseg.core.engine.NativeArrays;
import org.lifelongseg.core.infer.InputSpec;
import org.lifelongseg.core.task.ClassSpace;

/**
 * Ready-made {@link Teacher}s and the class-name adapter.
 *
 * <pre>{@code
 * Teacher previous = Teachers.of(stepResult.block(), stepResult.classSpace(), factory);
 * Teacher saved = Teachers.fromCheckpoint(factory, weightsFolder.resolve("model.safetensors"),
 *         sequence.classSpaceAfter(0), Device.cpu());
 * Teacher forStep = Teachers.selecting(saved, sequence.oldClasses(1));  // channels by name
 * }</pre>
 */
public final class Teachers {

    private Teachers() {}

    /**
     * A teacher running {@code block} (not owned: closing the teacher leaves it alone).
     *
     * @param block an initialized block producing one channel per class
     * @param classes the block's output classes
     * @return the teacher
     */
    public static Teacher of(Block block, ClassSpace classes) {
        return new BlockTeacher(block, classes, null, null, "model" + classes.names());
    }

    /**
     * A teacher running a block of {@code factory}; its parameters can initialize a student.
     *
     * @param block an initialized block made by the factory
     * @param classes the block's output classes
     * @param factory the block's factory
     * @return the teacher (not owning the block)
     */
    public static Teacher of(Block block, ClassSpace classes, SegmentationModelFactory factory) {
        return new BlockTeacher(block, classes, factory, null,
                factory.name() + classes.names());
    }

    /**
     * Loads a teacher from a parameter file written by the factory (e.g. a checkpoint's {@code
     * model.safetensors}); closing the teacher frees it.
     *
     * @param factory the model factory
     * @param parameterFile the parameters
     * @param classes the model's output classes
     * @param device where to run it
     * @return the teacher
     * @throws IOException naming the file if it does not hold a model of {@code classes.size()}
     *     channels
     */
    public static Teacher fromCheckpoint(
            SegmentationModelFactory factory, Path parameterFile, ClassSpace classes, Device device)
            throws IOException {
        Model model = Model.newInstance(factory.name() + "-teacher", device);
        try {
            Block block = factory.newBlock(classes);
            model.setBlock(block);
            factory.initialize(block, model.getNDManager());
            factory.loadParameters(block, parameterFile);
            InputSpec.find(parameterFile).ifPresent(s -> s.attachTo(model));
            return new BlockTeacher(block, classes, factory, model, parameterFile.toString());
        } catch (IOException | RuntimeException e) {
            model.close();
            throw e;
        }
    }

    /**
     * A teacher owning {@code model} (closed with the teacher), e.g. a TorchScript network.
     *
     * @param model a loaded model whose block outputs one channel per class
     * @param classes the classes of its channels
     * @param description where it came from
     * @return the teacher
     */
    public static Teacher owning(Model model, ClassSpace classes, String description) {
        return new BlockTeacher(model.getBlock(), classes, null, model, description);
    }

    /**
     * A teacher owning {@code model}, whose block is a model of {@code factory} (so a student can
     * be initialized from it).
     *
     * @param model a loaded model
     * @param classes the classes of its channels
     * @param factory the factory that names the block's parameters
     * @param description where it came from
     * @return the teacher
     */
    public static Teacher owning(Model model, ClassSpace classes, SegmentationModelFactory factory,
            String description) {
        return new BlockTeacher(model.getBlock(), classes, factory, model, description);
    }

    /**
     * The channels of {@code classes}, in that order, of {@code teacher}'s logits.
     *
     * @param teacher the teacher (not owned)
     * @param classes the wanted classes, e.g. {@code sequence.oldClasses(step)}
     * @return the adapted teacher
     * @throws IllegalArgumentException naming both class lists if the teacher lacks a class
     */
    public static Teacher selecting(Teacher teacher, List<String> classes) {
        Objects.requireNonNull(teacher, "teacher");
        List<String> missing = new ArrayList<>();
        int[] channels = new int[classes.size()];
        for (int i = 0; i < channels.length; i++) {
            var idx = teacher.classes().find(classes.get(i));
            if (idx.isEmpty()) {
                missing.add(classes.get(i));
            } else {
                channels[i] = idx.getAsInt();
            }
        }
        if (!missing.isEmpty()) {
            throw new IllegalArgumentException(
                    "the teacher (" + teacher.description() + ") has no channel for class(es) "
                            + missing + "; teacher classes: " + teacher.classes().names()
                            + ", classes needed: " + classes);
        }
        ClassSpace selected = ClassSpace.of(classes);
        boolean identity = selected.equals(teacher.classes());
        if (identity) {
            return teacher;
        }
        return new SelectingTeacher(teacher, selected, channels);
    }

    /** Runs a block in inference mode. */
    private static final class BlockTeacher implements Teacher {
        private final Block block;
        private final ClassSpace classes;
        private final SegmentationModelFactory factory;
        private final Model owned;
        private final String description;

        BlockTeacher(Block block, ClassSpace classes, SegmentationModelFactory factory, Model owned,
                String description) {
            this.block = Objects.requireNonNull(block, "block");
            this.classes = Objects.requireNonNull(classes, "classes");
            this.factory = factory;
            this.owned = owned;
            this.description = description;
        }

        @Override
        public ClassSpace classes() {
            return classes;
        }

        @Override
        public NDArray logits(NDArray images) {
            NDManager target = images.getManager();
            NDArray out;
            try (NDManager scope = target.newSubManager()) {
                scope.tempAttachAll(images); // intermediates land in the scope and are freed
                NDList result = block.forward(new ParameterStore(scope, false), new NDList(images), false);
                out = result.head().stopGradient();
                out.attach(target);
            }
            long channels = out.getShape().dimension() == 4 ? out.getShape().get(1) : -1;
            if (channels != classes.size()) {
                out.close();
                throw new IllegalStateException(
                        "the teacher (" + description + ") produced logits of shape " + out.getShape()
                                + " but declares " + classes.size() + " classes " + classes.names()
                                + "; give the teacher its true class list");
            }
            return out;
        }

        @Override
        public Optional<Map<String, Parameter>> namedParameters() {
            return factory == null ? Optional.empty() : Optional.of(factory.namedParameters(block));
        }

        @Override
        public String description() {
            return description;
        }

        @Override
        public Optional<InputSpec> inputSpec() {
            return owned == null ? Optional.empty() : InputSpec.of(owned);
        }

        @Override
        public void close() {
            if (owned != null) {
                owned.close();
            }
        }
    }

    /** Selects and reorders channels by class name. */
    private static final class SelectingTeacher implements Teacher {
        private final Teacher inner;
        private final ClassSpace classes;
        private final long[] channels;

        SelectingTeacher(Teacher inner, ClassSpace classes, int[] channels) {
            this.inner = inner;
            this.classes = classes;
            this.channels = java.util.Arrays.stream(channels).asLongStream().toArray();
        }

        @Override
        public ClassSpace classes() {
            return classes;
        }

        @Override
        public NDArray logits(NDArray images) {
            NDManager target = images.getManager();
            try (NDManager scope = target.newSubManager()) {
                NDArray all = inner.logits(images);
                all.attach(scope);
                NDArray index = NativeArrays.of(scope, channels);
                NDArray picked = all.get(new NDIndex(":, {}", index));
                picked.attach(target);
                return picked;
            }
        }

        @Override
        public String description() {
            return inner.description() + " restricted to " + classes.names();
        }

        @Override
        public Optional<InputSpec> inputSpec() {
            return inner.inputSpec();
        }
    }
}
