package org.lifelongseg.erfnet.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import org.junit.jupiter.api.Test;

/** An evaluation forward of a large batch runs in chunks and gives each image's own logits. */
class ErfNetChunkTest {

    @Test
    void chunkSizeFollowsTheLargestActivation() {
        ErfNet net = ErfNet.builder().setNumClasses(20).build();
        // 20 x 512 x 1024 float logits are 40 MiB: one image per chunk
        assertEquals(1, net.imagesPerChunk(new Shape(4, 3, 512, 1024), 4));
        // 10 MiB at 256x512: two
        assertEquals(2, net.imagesPerChunk(new Shape(4, 3, 256, 512), 4));
        // 96x192 images: 1.4 MiB, a small batch never splits
        assertEquals(17, net.imagesPerChunk(new Shape(3, 3, 96, 192), 4));
    }

    @Test
    void chunkedBatchEqualsEveryImageAlone() {
        Engine.getInstance().setRandomSeed(11);
        try (NDManager m = NDManager.newBaseManager()) {
            ErfNet net = ErfNet.builder().setNumClasses(20).build().initializeParameters(m);
            ParameterStore ps = new ParameterStore(m, false);
            NDArray images = m.randomUniform(0f, 1f, new Shape(3, 3, 256, 512));
            // 2 images per chunk at 256x512: chunks of 2 and 1
            NDArray batch = net.forward(ps, new NDList(images), false).head();
            assertEquals(new Shape(3, 20, 256, 512), batch.getShape());
            for (int i = 0; i < 3; i++) {
                NDArray alone = net.forward(ps, new NDList(images.get(new NDIndex("{}:{}", i, i + 1))),
                        false).head();
                assertArrayEquals(alone.toFloatArray(),
                        batch.get(new NDIndex("{}:{}", i, i + 1)).toFloatArray(), 1e-5f, "image " + i);
            }
        }
    }
}
