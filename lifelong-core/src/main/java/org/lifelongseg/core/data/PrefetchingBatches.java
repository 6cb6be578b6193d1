package org.lifelongseg.core.data;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.training.dataset.Batch;
import ai.djl.translate.Batchifier;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Iterates the batches of one epoch, preparing the samples of at most {@code prefetch} batches
 * ahead in parallel (one task per sample) and stacking each batch into tensors on the consuming
 * thread. Obtained from {@link SegmentationDataset#getData}.
 */
final class PrefetchingBatches implements Iterable<Batch>, Iterator<Batch> {

    private static final Logger LOG = LoggerFactory.getLogger(PrefetchingBatches.class);

    private record Pending(List<Long> indices, List<Future<PreparedSample>> samples) {}

    private final SegmentationDataset dataset;
    private final NDManager manager;
    private final List<List<Long>> batches;
    private final int epoch;
    private final ExecutorService executor;
    private final int prefetch;
    private final ArrayDeque<Pending> queue = new ArrayDeque<>();
    private int submitted;
    private long progress;
    private Batch ready;
    private boolean iterated;

    PrefetchingBatches(
            SegmentationDataset dataset,
            NDManager manager,
            List<List<Long>> batches,
            int epoch,
            ExecutorService executor,
            int prefetch) {
        this.dataset = dataset;
        this.manager = manager;
        this.batches = batches;
        this.epoch = epoch;
        this.executor = executor;
        this.prefetch = prefetch;
    }

    @Override
    public Iterator<Batch> iterator() {
        if (iterated) {
            throw new IllegalStateException(
                    "the batches of an epoch can be iterated once; call getData again");
        }
        iterated = true;
        fill();
        return this;
    }

    private void fill() {
        while (queue.size() < prefetch && submitted < batches.size()) {
            List<Long> idx = batches.get(submitted++);
            List<Future<PreparedSample>> fs = new ArrayList<>(idx.size());
            for (long i : idx) {
                fs.add(executor.submit(() -> dataset.prepare(i, epoch)));
            }
            queue.add(new Pending(idx, fs));
        }
    }

    @Override
    public boolean hasNext() {
        while (ready == null && !queue.isEmpty()) {
            ready = take(queue.poll());
            fill();
        }
        return ready != null;
    }

    @Override
    public Batch next() {
        if (!hasNext()) {
            throw new NoSuchElementException();
        }
        Batch b = ready;
        ready = null;
        return b;
    }

    /** Waits for a batch's samples; returns null if all of them were skipped as bad. */
    private Batch take(Pending p) {
        List<PreparedSample> samples = new ArrayList<>(p.indices().size());
        List<Long> kept = new ArrayList<>(p.indices().size());
        for (int k = 0; k < p.samples().size(); k++) {
            long index = p.indices().get(k);
            try {
                samples.add(p.samples().get(k).get());
                kept.add(index);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                cancelAll();
                throw new IllegalStateException("interrupted while loading data", e);
            } catch (ExecutionException e) {
                Throwable c = e.getCause();
                if (c instanceof BadSampleException bad && dataset.skipsBadSamples()) {
                    LOG.warn("skipping bad sample {}", bad.getMessage());
                    dataset.badSamples().add(bad.sampleId(), bad.getMessage());
                    continue;
                }
                cancelAll();
                String id = dataset.sampleId(index);
                if (c instanceof IOException io) {
                    throw new UncheckedIOException("loading sample " + id + " failed: " + io.getMessage(), io);
                }
                if (c instanceof RuntimeException r) {
                    throw r;
                }
                throw new IllegalStateException("loading sample " + id + " failed", c);
            }
        }
        progress += p.indices().size();
        if (samples.isEmpty()) {
            return null;
        }
        NDManager sub = manager.newSubManager();
        NDList both = dataset.toBatch(sub, samples);
        return new Batch(
                sub,
                new NDList(both.get(0)),
                new NDList(both.get(1)),
                samples.size(),
                Batchifier.STACK,
                Batchifier.STACK,
                progress,
                dataset.size(),
                kept);
    }

    private void cancelAll() {
        for (Pending p : queue) {
            p.samples().forEach(f -> f.cancel(true));
        }
        queue.clear();
    }
}
