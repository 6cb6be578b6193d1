package org.lifelongseg.core.train;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.Optional;
import java.util.SplittableRandom;
import org.lifelongseg.core.data.Seeds;
import org.lifelongseg.core.engine.NativeArrays;

/**
 * The random generator of one training, for the random draws of its forward passes (channel
 * dropout masks), instead of the engine's process-wide generator: trainings that run at the same
 * time in one process then draw exactly what each would draw alone, whatever the scheduling.
 *
 * <p>The trainer binds a generator to the thread that runs a step: one seeded from (seed, step)
 * while the model is initialized, and one reseeded at the start of every epoch from (seed, step,
 * epoch), so a resumed run draws what an uninterrupted one draws. A block or initializer that
 * needs random numbers asks {@link #current()}; outside a training there is none.
 *
 * <pre>{@code
 * NDArray u = TrainingRandom.current()
 *         .map(r -> r.uniform(manager, new Shape(n, c, 1, 1)))   // this training's own draws
 *         .orElseGet(() -> manager.randomUniform(0, 1, new Shape(n, c, 1, 1)));
 * }</pre>
 *
 * <p>Draws come from {@link SplittableRandom}, whose sequence Java specifies for every JVM.
 */
public final class TrainingRandom {

    /** How a training's random numbers are made, as recorded in its configuration. */
    public static final String DESCRIPTION = "per training: initialization and dropout from"
            + " SplittableRandom seeded from (seed, step) and reseeded each epoch from (seed, step,"
            + " epoch); augmentation from java.util.Random per sample from (seed, epoch, index)";

    private static final ThreadLocal<TrainingRandom> CURRENT = new ThreadLocal<>();

    private static final Object ENGINE_LOCK = new Object();

    private SplittableRandom random;

    private TrainingRandom(long seed) {
        this.random = new SplittableRandom(seed);
    }

    /** A generator starting from {@code seed}. */
    public static TrainingRandom of(long seed) {
        return new TrainingRandom(seed);
    }

    /** The generator of the training running on this thread, if any. */
    public static Optional<TrainingRandom> current() {
        return Optional.ofNullable(CURRENT.get());
    }

    /**
     * Binds {@code random} to this thread until the returned handle is closed (the previous
     * binding, if any, is restored then).
     */
    public static Binding bind(TrainingRandom random) {
        TrainingRandom before = CURRENT.get();
        CURRENT.set(random);
        return () -> {
            if (before == null) {
                CURRENT.remove();
            } else {
                CURRENT.set(before);
            }
        };
    }

    /** The seed of a training's draws in {@code epoch} of {@code step}, for a run seeded with {@code seed}. */
    static long epochSeed(long seed, int step, int epoch) {
        return Seeds.forSample(seed ^ 0x3C6EF372FE94F82BL, epoch, step);
    }

    /**
     * Seeds the engine's process-wide generator with {@code seed} and runs {@code action} while no
     * other training can seed or draw from it through this method (initialization of weights,
     * which DJL's initializers draw from the engine's generator).
     */
    public static <T, E extends Exception> T withEngineSeed(int seed, EngineDraws<T, E> action) throws E {
        synchronized (ENGINE_LOCK) {
            Engine.getInstance().setRandomSeed(seed);
            return action.run();
        }
    }

    /** Work that draws from the engine's generator. */
    @FunctionalInterface
    public interface EngineDraws<T, E extends Exception> {
        /** Runs the work. */
        T run() throws E;
    }

    /** Restarts the sequence from {@code seed}. */
    public synchronized void reseed(long seed) {
        random = new SplittableRandom(seed);
    }

    /** The next {@code count} values, uniform in [0, 1). */
    public synchronized float[] nextUniform(int count) {
        float[] out = new float[count];
        for (int i = 0; i < count; i++) {
            out[i] = random.nextInt(1 << 24) * 0x1.0p-24f; // exact floats in [0, 1)
        }
        return out;
    }

    /** A float32 array of {@code shape} with values uniform in [0, 1), in {@code manager}. */
    public NDArray uniform(NDManager manager, Shape shape) {
        return uniform(manager, shape, 0, 1);
    }

    /**
     * A float32 array of {@code shape} with values uniform in [low, high) (as {@code low + (high -
     * low) * u} in float arithmetic), in {@code manager}.
     */
    public NDArray uniform(NDManager manager, Shape shape, float low, float high) {
        long size = shape.size();
        if (size > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("too many random values for one array: " + shape);
        }
        float[] u = nextUniform((int) size);
        if (low != 0 || high != 1) {
            float range = high - low;
            for (int i = 0; i < u.length; i++) {
                u[i] = low + range * u[i];
            }
        }
        return NativeArrays.of(manager, u, shape);
    }

    /** Ends a {@link #bind} without a checked exception. */
    @FunctionalInterface
    public interface Binding extends AutoCloseable {
        @Override
        void close();
    }
}
