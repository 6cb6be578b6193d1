package org.lifelongseg.core.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import ai.djl.Device;
import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.LambdaBlock;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.lifelongseg.core.data.PreparedSample;
import org.lifelongseg.core.data.SegmentationDataset;
import org.lifelongseg.core.task.ClassSpace;
import org.lifelongseg.core.task.ImageFilter;
import org.lifelongseg.core.task.Task;
import org.lifelongseg.core.task.TaskSequence;

/** One pass over a dataset, several class subsets, hand-computed scores. */
class DatasetEvaluatorTest {

    static final ClassSpace CLASSES = ClassSpace.of("p", "q", "r");
    static final int[][] LABELS = {{0, 0, 1, 2}, {1, 255, 2, 2}};

    /** Two 1x4 samples; the image's first channel holds the true class (0 on void). */
    static final class Fixed extends SegmentationDataset {
        Fixed() {
            super(new B().setSampling(1, false, false).optNumWorkers(1));
        }

        @Override
        public PreparedSample prepare(long index, int epoch) {
            int[] l = LABELS[(int) index];
            float[] img = new float[3 * 4];
            byte[] lab = new byte[4];
            for (int x = 0; x < 4; x++) {
                img[x] = l[x] == 255 ? 0 : l[x];
                lab[x] = (byte) l[x];
            }
            return new PreparedSample("s" + index, img, 4, 1, lab, 4, 1);
        }

        @Override
        public String sampleId(long index) {
            return "s" + index;
        }

        @Override
        protected long availableSize() {
            return LABELS.length;
        }
    }

    private static final class B extends SegmentationDataset.Builder<B> {
        @Override
        protected B self() {
            return this;
        }
    }

    /** Logits -(v - c)^2: the true class wins everywhere. */
    static NDList perfect(NDList in) {
        NDArray v = in.head().get(":, 0:1, :, :");
        List<NDArray> channels = new ArrayList<>();
        for (int c = 0; c < 3; c++) {
            channels.add(v.sub(c).square().neg());
        }
        return new NDList(NDArrays.concat(channels));
    }

    /** Channel p is always highest. */
    static NDList alwaysP(NDList in) {
        NDArray x = in.head();
        NDManager m = x.getManager();
        Shape s = x.getShape();
        NDArray p = m.ones(new Shape(s.get(0), 1, s.get(2), s.get(3)));
        return new NDList(p.concat(m.zeros(new Shape(s.get(0), 2, s.get(2), s.get(3))), 1));
    }

    static final class NDArrays {
        static NDArray concat(List<NDArray> list) {
            NDArray out = list.get(0);
            for (int i = 1; i < list.size(); i++) {
                out = out.concat(list.get(i), 1);
            }
            return out;
        }
    }

    @Test
    void scoresEverySubsetTheModelCoversInOnePass() throws IOException {
        TaskSequence seq = TaskSequence.builder()
                .addTask(Task.of("pq", List.of("p", "q"), ImageFilter.all()))
                .addTask(Task.of("r", List.of("r"), ImageFilter.all()))
                .build();
        DatasetEvaluator ev = DatasetEvaluator.builder()
                .addTasks(seq)
                .addSubset("all", List.of("p", "q", "r"))
                .addSubset("unknown", List.of("p", "z"))
                .build();
        try (Model perfect = Model.newInstance("perfect"); Model constant = Model.newInstance("p")) {
            perfect.setBlock(new LambdaBlock(DatasetEvaluatorTest::perfect));
            constant.setBlock(new LambdaBlock(DatasetEvaluatorTest::alwaysP));
            Map<String, SegmentationMetrics> best = ev.evaluate(perfect.getBlock(), CLASSES, new Fixed(), Device.cpu());
            assertEquals(List.of("pq", "r", "all"), List.copyOf(best.keySet()));
            best.values().forEach(m -> assertEquals(1.0, m.meanIoU()));

            Map<String, SegmentationMetrics> p = ev.evaluate(constant.getBlock(), CLASSES, new Fixed(), Device.cpu());
            // pq: r pixels ignored; p: 2 right of 4 predicted, q: never predicted
            assertEquals((2.0 / 4 + 0) / 2, p.get("pq").meanIoU(), 1e-12);
            assertEquals(1.0, p.get("r").meanIoU(), "the argmax over r alone is always r");
            assertEquals((2.0 / 7) / 3, p.get("all").meanIoU(), 1e-12);
            long counted = java.util.Arrays.stream(p.get("all").confusion()).flatMapToLong(java.util.Arrays::stream).sum();
            assertEquals(7, counted, "every labelled pixel once, void ignored");
        }
        assertThrows(IllegalStateException.class, () -> DatasetEvaluator.builder().build());
        assertThrows(IllegalStateException.class,
                () -> DatasetEvaluator.builder().addSubset("a", List.of("p")).addSubset("a", List.of("q")));
    }
}
