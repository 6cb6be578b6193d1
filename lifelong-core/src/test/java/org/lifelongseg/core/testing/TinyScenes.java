package org.lifelongseg.core.testing;

import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import org.lifelongseg.core.data.PreparedSample;
import org.lifelongseg.core.data.SegmentationDataset;
import org.lifelongseg.core.task.ClassSpace;
import org.lifelongseg.core.task.Task;
import org.lifelongseg.core.task.TaskSequence;
import org.lifelongseg.core.train.LabelScope;
import org.lifelongseg.core.train.TaskDataProvider;

/**
 * In-memory training data for trainer tests: images of vertical stripes, each stripe one class
 * of the final class space with its own colour plus noise, so a small network can learn them.
 * Task {@code k} trains on the images of group {@code k} (a few per task).
 */
public final class TinyScenes implements TaskDataProvider {

    private final int height;
    private final int width;
    private final int imagesPerTask;
    private final int validationImages;
    private final Map<String, String> overrides;

    /** Data of {@code height x width} images, {@code imagesPerTask} per task. */
    public TinyScenes(int height, int width, int imagesPerTask, int validationImages) {
        this(height, width, imagesPerTask, validationImages, Map.of());
    }

    private TinyScenes(int height, int width, int imagesPerTask, int validationImages,
            Map<String, String> overrides) {
        this.height = height;
        this.width = width;
        this.imagesPerTask = imagesPerTask;
        this.validationImages = validationImages;
        this.overrides = overrides;
    }

    /** Same data, but the pixels of a class get the raw label {@code value} (to test bad labels). */
    public TinyScenes withLabelOverride(String className, String value) {
        Map<String, String> all = new java.util.HashMap<>(overrides);
        all.put(className, value);
        return new TinyScenes(height, width, imagesPerTask, validationImages, Map.copyOf(all));
    }

    /** A three-task sequence of six classes c0..c5, two per task. */
    public static TaskSequence sequence() {
        return TaskSequence.builder()
                .addTask(Task.builder().setName("A").setClasses("c0", "c1").build())
                .addTask(Task.builder().setName("B").setClasses("c2", "c3").build())
                .addTask(Task.builder().setName("C").setClasses("c4", "c5").build())
                .build();
    }

    @Override
    public SegmentationDataset trainingData(TaskSequence sequence, int step, LabelScope scope,
            int batchSize, long seed) {
        return new Data(sequence, step, scope.labelledClasses(sequence, step), imagesPerTask,
                1000L * step, batchSize, seed, true);
    }

    @Override
    public Optional<SegmentationDataset> validationData(TaskSequence sequence, int step, int batchSize) {
        if (validationImages == 0) {
            return Optional.empty();
        }
        return Optional.of(new Data(sequence, step, sequence.classSpaceAfter(step).names(),
                validationImages, 99_000L, batchSize, 0, false));
    }

    @Override
    public Map<String, String> describe() {
        return Map.of("data", "tiny " + height + "x" + width + " x" + imagesPerTask);
    }

    private final class Data extends SegmentationDataset {
        private final ClassSpace space;
        private final ClassSpace all;
        private final List<String> labelled;
        private final int count;
        private final long firstId;

        Data(TaskSequence sequence, int step, List<String> labelled, int count, long firstId,
                int batchSize, long seed, boolean train) {
            super(new B().setSampling(batchSize, train, train).optSeed(seed).optNumWorkers(1));
            this.space = sequence.classSpaceAfter(step);
            this.all = sequence.finalClassSpace();
            this.labelled = labelled;
            this.count = count;
            this.firstId = firstId;
        }

        @Override
        public PreparedSample prepare(long index, int epoch) throws IOException {
            Random rng = new Random(firstId + index);
            int stripes = all.size();
            int[] order = new int[stripes];
            for (int i = 0; i < stripes; i++) {
                order[i] = i;
            }
            for (int i = stripes - 1; i > 0; i--) {
                int j = rng.nextInt(i + 1);
                int tmp = order[i];
                order[i] = order[j];
                order[j] = tmp;
            }
            Random aug = sampleRandom(index, epoch);
            float[] img = new float[3 * height * width];
            byte[] lab = new byte[height * width];
            for (int y = 0; y < height; y++) {
                for (int x = 0; x < width; x++) {
                    int cls = order[Math.min(stripes - 1, x * stripes / width)];
                    String name = all.name(cls);
                    for (int c = 0; c < 3; c++) {
                        float base = ((cls + 1) * (c + 2) % 7) / 7f;
                        img[(c * height + y) * width + x] = base + 0.05f * (float) aug.nextGaussian();
                    }
                    int v = 255;
                    if (overrides.containsKey(name)) {
                        v = Integer.parseInt(overrides.get(name));
                    } else if (labelled.contains(name)) {
                        v = space.indexOf(name);
                    }
                    lab[y * width + x] = (byte) v;
                }
            }
            return new PreparedSample("tiny" + (firstId + index), img, width, height, lab, width, height);
        }

        @Override
        public String sampleId(long index) {
            return "tiny" + (firstId + index);
        }

        @Override
        protected long availableSize() {
            return count;
        }
    }

    private static final class B extends SegmentationDataset.Builder<B> {
        @Override
        protected B self() {
            return this;
        }
    }
}
