package org.lifelongseg.core.metrics;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.lifelongseg.core.image.Resampler;

class TaskEvaluatorTest {

    @Test
    void nearestIndexFollowsPytorch() {
        // F.interpolate(size=7, mode='nearest') of 3 pixels: floor(dst * 3/7) = 0 0 0 1 1 2 2
        org.junit.jupiter.api.Assertions.assertArrayEquals(
                new int[] {0, 0, 0, 1, 1, 2, 2}, Resampler.torchNearestIndices(3, 7));
        // exact 2x: dst >> 1; downsampling 4 -> 2: floor(dst * 2) = 0, 2
        assertEquals(511, Resampler.torchNearestIndices(512, 1024)[1023]);
        assertEquals(2, Resampler.torchNearestIndices(4, 2)[1]);
    }

    @Test
    void upsamplesMapsWithBatch() {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray map = m.create(new long[] {1, 2, 3, 4, 5, 6, 7, 8}, new Shape(2, 2, 2));
            NDArray up = TaskEvaluator.upsampleNearest(map, 3, 4);
            // rows 2->4: 0 0 1 1; cols 2->3: floor(dst*2/3) = 0 0 1
            long[] expected = {
                1, 1, 2, 1, 1, 2, 3, 3, 4, 3, 3, 4,
                5, 5, 6, 5, 5, 6, 7, 7, 8, 7, 7, 8
            };
            assertEquals(new Shape(2, 4, 3), up.getShape());
            assertArrayEquals(expected, up.toLongArray());
        }
    }

    @Test
    void restrictedArgmaxIgnoresOtherChannelsAndLabels() {
        try (NDManager m = NDManager.newBaseManager()) {
            // 4 channels, 1x1 image per pixel column: 3 pixels (h=1, w=3)
            // pixel 0: channel 3 is the global max, among {2, 0} channel 0 wins -> position 1
            // pixel 1: channel 2 wins -> position 0
            // pixel 2: channel 0 wins -> position 1
            float[][] perPixel = {{0.5f, 0f, 0.1f, 9f}, {0f, 5f, 1f, 0f}, {3f, 0f, 2f, 0f}};
            float[] data = new float[12];
            for (int p = 0; p < 3; p++) {
                for (int c = 0; c < 4; c++) {
                    data[c * 3 + p] = perPixel[p][c];
                }
            }
            NDArray logits = m.create(data, new Shape(1, 4, 1, 3));
            assertArrayEquals(
                    new long[] {1, 0, 1}, TaskEvaluator.restrictedArgmax(logits, 2, 0).toLongArray());

            TaskEvaluator task =
                    TaskEvaluator.builder()
                            .setChannels(2, 0)
                            .setClassNames(List.of("two", "zero"))
                            .build();
            // labels: pixel 0 = class 0 (position 1, correct), pixel 1 = class 1 (not in task,
            // ignored), pixel 2 = class 2 (position 0, predicted position 1)
            NDArray labels = m.create(new int[] {0, 1, 2}, new Shape(1, 3)).toType(DataType.UINT8, false);
            task.update(logits, labels);
            assertArrayEquals(new long[][] {{0, 1}, {0, 1}}, task.confusion().toArray());
            // IoU(two) = 0/(1+0-0) = 0; IoU(zero) = 1/(1+2-1) = 1/2
            assertEquals(0.25, task.metrics().meanIoU(), 1e-15);
        }
    }

    @Test
    void builderValidates() {
        assertThrows(IllegalStateException.class, () -> TaskEvaluator.builder().build());
        assertThrows(
                IllegalArgumentException.class,
                () -> TaskEvaluator.builder().setChannels(0, 0).setClassNames(List.of("a", "b")).build());
        assertThrows(
                IllegalArgumentException.class,
                () -> TaskEvaluator.builder().setChannels(0).setClassNames(List.of("a", "b")).build());
        assertThrows(
                IllegalStateException.class,
                () -> TaskEvaluator.builder().setChannels(0).setChannels(1));
    }
}
