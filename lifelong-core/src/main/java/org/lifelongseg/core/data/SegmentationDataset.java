package org.lifelongseg.core.data;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.dataset.Batch;
import ai.djl.training.dataset.BatchSampler;
import ai.djl.training.dataset.RandomAccessDataset;
import ai.djl.training.dataset.Record;
import ai.djl.training.dataset.Sampler;
import ai.djl.training.dataset.SequenceSampler;
import ai.djl.util.Progress;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.lifelongseg.core.engine.NativeArrays;

/**
 * A DJL dataset of segmentation samples with seeded shuffling, seeded per-sample augmentation and
 * bounded parallel prefetch. Subclasses implement {@link #prepare(long, int)} (decode and transform
 * on Java arrays, any thread); tensors are created on the consuming thread.
 *
 * <pre>{@code
 * for (Batch batch : dataset.getData(manager)) {       // epoch 0, 1, 2, ... on each call
 *     NDArray images = batch.getData().singletonOrThrow();   // float32 (B, 3, H, W)
 *     NDArray labels = batch.getLabels().singletonOrThrow(); // int32 (B, H, W), 255 = ignore
 *     ...
 *     batch.close();
 * }
 * }</pre>
 *
 * <p>Determinism: the sample order of epoch {@code e} comes from {@code Random(seed, e)} and the
 * augmentation of sample {@code i} from {@code Random(seed, e, i)}, so a run does not depend on
 * thread scheduling. {@link #getData(NDManager)} (what DJL's trainer calls) uses epochs 0, 1, 2,
 * ... in call order; {@link #getData(NDManager, int)} names the epoch. A custom {@link Sampler} set
 * on the builder is honoured but then decides the order itself.
 *
 * <p>Memory is bounded: at most {@code prefetchNumber} batches are decoded ahead.
 */
public abstract class SegmentationDataset extends RandomAccessDataset {

    private final long seed;
    private final int batchSize;
    private final boolean shuffle;
    private final boolean dropLast;
    private final boolean customSampler;
    private final int numWorkers;
    private final boolean skipBadSamples;
    private final DataType labelType;
    private final BadSampleReport badSamples = new BadSampleReport();
    private final AtomicInteger nextEpoch = new AtomicInteger();
    /** How long an idle loader thread lives. */
    static final long IDLE_WORKER_SECONDS = 2;

    private volatile ExecutorService ownPool;

    /** Creates the dataset from its builder. */
    protected SegmentationDataset(Builder<?> b) {
        super(b);
        this.seed = b.seed;
        this.batchSize = b.batchSize;
        this.shuffle = b.shuffle;
        this.dropLast = b.dropLast;
        this.customSampler = b.customSampler;
        this.numWorkers = b.numWorkers;
        this.skipBadSamples = b.skipBadSamples;
        this.labelType = b.labelType;
        if (prefetchNumber < 1) {
            throw new IllegalArgumentException("prefetch number must be >= 1, got " + prefetchNumber);
        }
    }

    /**
     * Decodes and transforms sample {@code index} for epoch {@code epoch}. Called from worker
     * threads; must be thread-safe and deterministic in (seed, epoch, index).
     *
     * @throws BadSampleException if the sample's files are bad (naming the file)
     * @throws IOException if reading fails otherwise
     */
    public abstract PreparedSample prepare(long index, int epoch) throws IOException;

    /** The id of sample {@code index} (for messages and reports). */
    public abstract String sampleId(long index);

    /** The base seed. */
    public long seed() {
        return seed;
    }

    /** The batch size. */
    public int batchSize() {
        return batchSize;
    }

    /** The samples skipped so far (only filled when skipping bad samples). */
    public BadSampleReport badSamples() {
        return badSamples;
    }

    /** Whether bad samples are skipped and reported instead of failing. */
    public boolean skipsBadSamples() {
        return skipBadSamples;
    }

    /** The seeded random source of sample {@code index} in epoch {@code epoch}. */
    public Random sampleRandom(long index, int epoch) {
        return new Random(Seeds.forSample(seed, epoch, index));
    }

    /** The batches (lists of sample indices) of epoch {@code epoch} in order. */
    public List<List<Long>> batchOrder(int epoch) {
        int n = Math.toIntExact(size());
        List<Long> order = new ArrayList<>(n);
        for (long i = 0; i < n; i++) {
            order.add(i);
        }
        if (shuffle) {
            Collections.shuffle(order, new Random(Seeds.forEpoch(seed, epoch)));
        }
        List<List<Long>> batches = new ArrayList<>();
        for (int from = 0; from < n; from += batchSize) {
            int to = Math.min(n, from + batchSize);
            if (to - from < batchSize && dropLast) {
                break;
            }
            batches.add(List.copyOf(order.subList(from, to)));
        }
        return batches;
    }

    /** Sample {@code index} of epoch 0 as a record: image (3,H,W) float32, labels (H,W). */
    @Override
    public Record get(NDManager manager, long index) throws IOException {
        return get(manager, index, 0);
    }

    /** Sample {@code index} of epoch {@code epoch} as a record. */
    public Record get(NDManager manager, long index, int epoch) throws IOException {
        PreparedSample s = prepare(index, epoch);
        try (NDList batch = toBatch(manager, List.of(s))) {
            NDArray img = batch.get(0).get(0);
            NDArray lab = batch.get(1).get(0);
            img.attach(manager);
            lab.attach(manager);
            return new Record(new NDList(img), new NDList(lab));
        }
    }

    /** The batches of the next epoch (0, 1, 2, ... in call order). */
    @Override
    public Iterable<Batch> getData(NDManager manager) {
        return getData(manager, sampler, null);
    }

    /** The batches of the next epoch, prefetched with the given executor. */
    @Override
    public Iterable<Batch> getData(NDManager manager, ExecutorService executorService) {
        return getData(manager, sampler, executorService);
    }

    /** The batches of the next epoch in the order of {@code sampler}. */
    @Override
    public Iterable<Batch> getData(NDManager manager, Sampler sampler, ExecutorService executor) {
        int epoch = nextEpoch.getAndIncrement();
        List<List<Long>> batches;
        if (sampler == this.sampler && !customSampler) {
            batches = batchOrder(epoch);
        } else {
            batches = new ArrayList<>();
            Iterator<List<Long>> it = sampler.sample(this);
            it.forEachRemaining(batches::add);
        }
        return new PrefetchingBatches(this, manager, batches, epoch,
                executor != null ? executor : pool(), prefetchNumber);
    }

    /** The batches of epoch {@code epoch} (seeded order and augmentation). */
    public Iterable<Batch> getData(NDManager manager, int epoch) {
        return new PrefetchingBatches(this, manager, batchOrder(epoch), epoch, pool(), prefetchNumber);
    }

    /** Resets the epoch counter used by {@link #getData(NDManager)} (e.g. when resuming). */
    public void setNextEpoch(int epoch) {
        nextEpoch.set(epoch);
    }

    @Override
    public void prepare(Progress progress) {
        // samples are located when the dataset is built
    }

    /**
     * Stacks prepared samples into (images float32 (B,3,H,W), labels (B,H',W')) in {@code manager}.
     *
     * @throws IllegalArgumentException naming the samples if their sizes differ
     */
    public NDList toBatch(NDManager manager, List<PreparedSample> samples) {
        PreparedSample first = samples.get(0);
        int h = first.height();
        int w = first.width();
        int lh = first.labelHeight();
        int lw = first.labelWidth();
        int b = samples.size();
        float[] img = new float[b * 3 * h * w];
        byte[] lab = new byte[b * lh * lw];
        for (int i = 0; i < b; i++) {
            PreparedSample s = samples.get(i);
            if (s.height() != h || s.width() != w || s.labelHeight() != lh || s.labelWidth() != lw) {
                throw new IllegalArgumentException(
                        "cannot batch samples of different sizes: " + first.id() + " image "
                                + h + "x" + w + " labels " + lh + "x" + lw + ", " + s.id()
                                + " image " + s.height() + "x" + s.width() + " labels "
                                + s.labelHeight() + "x" + s.labelWidth());
            }
            System.arraycopy(s.image(), 0, img, i * 3 * h * w, 3 * h * w);
            System.arraycopy(s.labels(), 0, lab, i * lh * lw, lh * lw);
        }
        NDArray images = NativeArrays.of(manager, img, new Shape(b, 3, h, w));
        NDArray labels = labelArray(manager, lab, new Shape(b, lh, lw));
        return new NDList(images, labels);
    }

    private NDArray labelArray(NDManager manager, byte[] lab, Shape shape) {
        switch (labelType) {
            case UINT8: {
                return NativeArrays.of(manager, ByteBuffer.wrap(lab), shape, DataType.UINT8);
            }
            case INT32: {
                int[] v = new int[lab.length];
                for (int i = 0; i < v.length; i++) {
                    v[i] = lab[i] & 0xFF;
                }
                return NativeArrays.of(manager, v, shape);
            }
            case INT64: {
                long[] v = new long[lab.length];
                for (int i = 0; i < v.length; i++) {
                    v[i] = lab[i] & 0xFF;
                }
                return NativeArrays.of(manager, v, shape);
            }
            case FLOAT32: {
                float[] v = new float[lab.length];
                for (int i = 0; i < v.length; i++) {
                    v[i] = lab[i] & 0xFF;
                }
                return NativeArrays.of(manager, v, shape);
            }
            default:
                throw new IllegalStateException("unsupported label type " + labelType);
        }
    }

    private ExecutorService pool() {
        ExecutorService p = ownPool;
        if (p == null) {
            synchronized (this) {
                p = ownPool;
                if (p == null) {
                    AtomicInteger n = new AtomicInteger();
                    ThreadFactory tf = r -> {
                        Thread t = new Thread(r, "segmentation-loader-" + n.incrementAndGet());
                        t.setDaemon(true);
                        return t;
                    };
                    // idle workers end after a few seconds, so datasets need no close() and a long
                    // run that builds many of them does not pile up threads
                    ThreadPoolExecutor tpe = new ThreadPoolExecutor(numWorkers, numWorkers,
                            IDLE_WORKER_SECONDS, TimeUnit.SECONDS, new LinkedBlockingQueue<>(), tf);
                    tpe.allowCoreThreadTimeOut(true);
                    p = tpe;
                    ownPool = p;
                }
            }
        }
        return p;
    }

    /**
     * Builder base; subclasses add their own settings. {@code setSampling(batchSize, shuffle,
     * dropLast)} is required.
     */
    public abstract static class Builder<T extends Builder<T>> extends BaseBuilder<T> {
        private long seed;
        private boolean seedSet;
        private int batchSize;
        private boolean shuffle;
        private boolean dropLast;
        private boolean samplingSet;
        private boolean customSampler;
        private int numWorkers = Math.max(1, Math.min(4, Runtime.getRuntime().availableProcessors()));
        private boolean workersSet;
        private boolean skipBadSamples;
        private DataType labelType = DataType.INT32;
        private boolean labelTypeSet;

        /** Sets batching: batch size, seeded shuffling, dropping an incomplete last batch. */
        @Override
        public T setSampling(int batchSize, boolean shuffle, boolean dropLast) {
            if (samplingSet) {
                throw new IllegalStateException("sampling already set");
            }
            if (batchSize < 1) {
                throw new IllegalArgumentException("batch size must be >= 1, got " + batchSize);
            }
            samplingSet = true;
            this.batchSize = batchSize;
            this.shuffle = shuffle;
            this.dropLast = dropLast;
            return super.setSampling(new BatchSampler(new SequenceSampler(), batchSize, dropLast));
        }

        /** Sets a custom DJL sampler (its order is then not seeded by this dataset). */
        @Override
        public T setSampling(Sampler sampler) {
            if (samplingSet) {
                throw new IllegalStateException("sampling already set");
            }
            samplingSet = true;
            customSampler = true;
            this.batchSize = sampler.getBatchSize();
            return super.setSampling(sampler);
        }

        /** Sets the seed of shuffling and augmentation; default 0. */
        public T optSeed(long seed) {
            if (seedSet) {
                throw new IllegalStateException("seed already set");
            }
            seedSet = true;
            this.seed = seed;
            return self();
        }

        /** Sets the number of loader threads when no executor is given; default min(4, cores). */
        public T optNumWorkers(int numWorkers) {
            if (workersSet) {
                throw new IllegalStateException("number of workers already set");
            }
            if (numWorkers < 1) {
                throw new IllegalArgumentException("number of workers must be >= 1, got " + numWorkers);
            }
            workersSet = true;
            this.numWorkers = numWorkers;
            return self();
        }

        /** Skips bad samples (reported in {@link #badSamples()}) instead of failing. */
        public T optSkipBadSamples(boolean skip) {
            this.skipBadSamples = skip;
            return self();
        }

        /** Sets the label tensor type: INT32 (default), INT64, UINT8 or FLOAT32. */
        public T optLabelType(DataType type) {
            if (labelTypeSet) {
                throw new IllegalStateException("label type already set");
            }
            if (type != DataType.INT32 && type != DataType.INT64 && type != DataType.UINT8
                    && type != DataType.FLOAT32) {
                throw new IllegalArgumentException(
                        "label type must be INT32, INT64, UINT8 or FLOAT32, got " + type);
            }
            labelTypeSet = true;
            this.labelType = type;
            return self();
        }

        /** Whether bad samples are to be skipped. */
        protected boolean skipsBadSamples() {
            return skipBadSamples;
        }

        /** Whether {@code setSampling} was called. */
        protected boolean samplingSet() {
            return samplingSet;
        }
    }
}
