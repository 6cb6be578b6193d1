package org.lifelongseg.core.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.dataset.Batch;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

@Tag("memory-safety") // also run under glibc heap checks, see the root pom
class SegmentationDatasetTest {

    /** A toy dataset: sample i is random noise drawn from its seeded Random; "bad" ids fail. */
    static final class Toy extends SegmentationDataset {
        final int n;
        final Set<Long> bad;
        final AtomicInteger maxInFlight = new AtomicInteger();
        final AtomicInteger inFlight = new AtomicInteger();

        Toy(Builder b) {
            super(b);
            this.n = b.n;
            this.bad = b.bad;
        }

        @Override
        public PreparedSample prepare(long index, int epoch) throws IOException {
            int now = inFlight.incrementAndGet();
            maxInFlight.accumulateAndGet(now, Math::max);
            try {
                if (bad.contains(index)) {
                    throw new BadSampleException(sampleId(index), null, "is bad on purpose");
                }
                Random r = sampleRandom(index, epoch);
                float[] img = new float[3 * 4 * 5];
                for (int i = 0; i < img.length; i++) {
                    img[i] = r.nextFloat();
                }
                byte[] lab = new byte[4 * 5];
                for (int i = 0; i < lab.length; i++) {
                    lab[i] = (byte) (r.nextBoolean() ? 255 : r.nextInt(3));
                }
                img[0] = index; // identifies the sample
                Thread.sleep(2);
                return new PreparedSample(sampleId(index), img, 5, 4, lab, 5, 4);
            } catch (InterruptedException e) {
                throw new IOException(e);
            } finally {
                inFlight.decrementAndGet();
            }
        }

        @Override
        public String sampleId(long index) {
            return "toy" + index;
        }

        @Override
        protected long availableSize() {
            return n;
        }

        static final class Builder extends SegmentationDataset.Builder<Builder> {
            Builder bad(Long... ids) {
                bad = Set.of(ids);
                return this;
            }

            int n = 23;
            Set<Long> bad = Set.of();

            @Override
            protected Builder self() {
                return this;
            }

            Toy build() {
                return new Toy(this);
            }
        }
    }

    static List<float[]> epoch(Toy ds, NDManager m, int epoch, List<Long> order) {
        List<float[]> out = new ArrayList<>();
        for (Batch b : ds.getData(m, epoch)) {
            try (b) {
                assertEquals(DataType.FLOAT32, b.getData().head().getDataType());
                assertEquals(DataType.INT32, b.getLabels().head().getDataType());
                assertEquals(new Shape(b.getSize(), 3, 4, 5), b.getData().head().getShape());
                out.add(b.getData().head().toFloatArray());
                for (Object i : b.getIndices()) {
                    order.add((Long) i);
                }
            }
        }
        return out;
    }

    @Test
    void sameSeedSameBatchesAndEpochsDiffer() {
        try (NDManager m = NDManager.newBaseManager()) {
            Toy a = new Toy.Builder().setSampling(4, true, false).optSeed(7).optPrefetchNumber(3).build();
            Toy b = new Toy.Builder().setSampling(4, true, false).optSeed(7).optNumWorkers(1).build();
            List<Long> oa = new ArrayList<>();
            List<Long> ob = new ArrayList<>();
            List<float[]> ea = epoch(a, m, 0, oa);
            List<float[]> eb = epoch(b, m, 0, ob);
            assertEquals(oa, ob);
            assertEquals(ea.size(), eb.size());
            for (int i = 0; i < ea.size(); i++) {
                assertArrayEquals(ea.get(i), eb.get(i));
            }
            assertEquals(23, new HashSet<>(oa).size());
            assertEquals(6, ea.size()); // 5 full batches + 1 of 3
            List<Long> o1 = new ArrayList<>();
            epoch(a, m, 1, o1);
            assertNotEquals(oa, o1, "epoch 1 is shuffled differently");
            assertTrue(a.maxInFlight.get() <= 3 * 4, "prefetch bounded: " + a.maxInFlight.get());
            // the epoch counter of getData(manager)
            Toy c = new Toy.Builder().setSampling(4, true, true).optSeed(7).build();
            List<Long> oc = new ArrayList<>();
            for (Batch batch : c.getData(m)) {
                batch.getIndices().forEach(i -> oc.add((Long) i));
                batch.close();
            }
            assertEquals(oa.subList(0, 20), oc);
        }
    }

    private static long loaderThreads() {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.isAlive() && t.getName().startsWith("segmentation-loader-")).count();
    }

    @Test
    void idleLoaderThreadsEndSoManyDatasetsDoNotPileUpThreads() throws InterruptedException {
        try (NDManager m = NDManager.newBaseManager()) {
            for (int i = 0; i < 5; i++) {
                Toy ds = new Toy.Builder().setSampling(4, true, false).optSeed(i).optNumWorkers(2).build();
                epoch(ds, m, 0, new ArrayList<>());
            }
            assertTrue(loaderThreads() > 0, "the loaders ran on their own threads");
            long deadline = System.nanoTime() + (SegmentationDataset.IDLE_WORKER_SECONDS + 8) * 1_000_000_000L;
            while (loaderThreads() > 0 && System.nanoTime() < deadline) {
                Thread.sleep(100);
            }
            assertEquals(0, loaderThreads(), "idle loader threads are gone after the keep-alive");
        }
    }

    @Test
    void badSamplesFailNamingTheSampleOrAreSkippedAndReported() {
        try (NDManager m = NDManager.newBaseManager()) {
            Toy strict = new Toy.Builder().bad(5L).setSampling(4, false, false).build();
            UncheckedIOException e = assertThrows(UncheckedIOException.class, () -> {
                for (Batch b : strict.getData(m, 0)) {
                    b.close();
                }
            });
            assertTrue(e.getMessage().contains("toy5"), e.getMessage());
            Toy lenient = new Toy.Builder().bad(5L, 8L, 9L, 10L, 11L)
                    .setSampling(4, false, false).optSkipBadSamples(true).build();
            int seen = 0;
            int batches = 0;
            for (Batch b : lenient.getData(m, 0)) {
                seen += b.getSize();
                batches++;
                b.close();
            }
            assertEquals(18, seen);
            assertEquals(5, batches, "the batch of only bad samples is left out");
            assertEquals(5, lenient.badSamples().entries().size());
            assertTrue(lenient.badSamples().entries().get(0).reason().contains("is bad on purpose"));
        }
    }

    @Test
    void recordsHoldOneSample() throws Exception {
        try (NDManager m = NDManager.newBaseManager()) {
            Toy ds = new Toy.Builder().setSampling(4, true, false).optSeed(2).build();
            ai.djl.training.dataset.Record r = ds.get(m, 7, 3);
            assertEquals(new Shape(3, 4, 5), r.getData().head().getShape());
            assertEquals(new Shape(4, 5), r.getLabels().head().getShape());
            PreparedSample p = ds.prepare(7, 3);
            assertArrayEquals(p.image(), r.getData().head().toFloatArray());
            int[] lab = r.getLabels().head().toIntArray();
            for (int i = 0; i < lab.length; i++) {
                assertEquals(p.labels()[i] & 0xFF, lab[i]);
            }
        }
    }

    @Test
    void settingsGivenTwiceAreErrors() {
        assertThrows(IllegalStateException.class,
                () -> new Toy.Builder().setSampling(2, true, false).setSampling(3, true, false));
        assertThrows(IllegalStateException.class, () -> new Toy.Builder().optSeed(1).optSeed(2));
        assertThrows(IllegalArgumentException.class,
                () -> new Toy.Builder().optLabelType(DataType.FLOAT16));
    }

    @Test
    void seedsDependOnEveryCoordinate() {
        Set<Long> s = new HashSet<>();
        for (int e = 0; e < 10; e++) {
            for (int i = 0; i < 100; i++) {
                s.add(Seeds.forSample(1, e, i));
            }
        }
        s.add(Seeds.forSample(2, 0, 0));
        assertEquals(1001, s.size());
    }
}
