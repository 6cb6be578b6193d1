package org.lifelongseg.core.engine;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.training.GradientCollector;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;

/**
 * Gradient collectors that several threads can hold at once, so trainings can run concurrently in
 * one process.
 *
 * <pre>{@code
 * try (GradientCollector gc = GradientCollectors.open()) {
 *     gc.backward(loss);
 * }
 * }</pre>
 *
 * <p>DJL's PyTorch collector allows one collector at a time in the whole process (a static flag),
 * although what it switches, libtorch's gradient mode, is per thread. On the PyTorch engine this
 * class makes the same two calls (gradient mode on for the calling thread, and restored on close;
 * backward with a gradient of ones) without the flag; on any other engine it returns the engine's
 * own collector.
 */
public final class GradientCollectors {

    private static final Jni JNI = Jni.find();

    private GradientCollectors() {}

    /** A collector for the calling thread: gradients are recorded until it is closed. */
    public static GradientCollector open() {
        Engine engine = Engine.getInstance();
        if (JNI == null || !"PyTorch".equals(engine.getEngineName())) {
            return engine.newGradientCollector();
        }
        return new ThreadCollector(JNI);
    }

    /**
     * Switches gradient recording off for the calling thread until a collector is opened. The
     * engine does so only on the thread that starts it; libtorch's default on any other thread is
     * on, under which in-place writes to parameters fail and every forward pass builds a graph.
     */
    public static void stopRecordingOnThisThread() {
        if (JNI != null && "PyTorch".equals(Engine.getInstance().getEngineName())) {
            JNI.gradMode(false);
        }
    }

    /** libtorch's per-thread gradient mode and backward, as DJL's JNI binding exposes them. */
    private record Jni(MethodHandle isGradMode, MethodHandle setGradMode, MethodHandle backward) {

        static Jni find() {
            try {
                Class<?> jni = Class.forName("ai.djl.pytorch.jni.JniUtils");
                Class<?> array = Class.forName("ai.djl.pytorch.engine.PtNDArray");
                MethodHandles.Lookup lookup = MethodHandles.publicLookup();
                return new Jni(
                        lookup.findStatic(jni, "isGradMode", MethodType.methodType(boolean.class)),
                        lookup.findStatic(jni, "setGradMode",
                                MethodType.methodType(void.class, boolean.class)),
                        lookup.findStatic(jni, "backward", MethodType.methodType(void.class,
                                array, array, boolean.class, boolean.class)));
            } catch (ReflectiveOperationException | LinkageError e) {
                return null; // not the PyTorch engine: the engine's own collector is used
            }
        }

        boolean gradMode() {
            try {
                return (boolean) isGradMode.invoke();
            } catch (Throwable e) {
                throw rethrow(e);
            }
        }

        void gradMode(boolean on) {
            try {
                setGradMode.invoke(on);
            } catch (Throwable e) {
                throw rethrow(e);
            }
        }

        void backward(NDArray target, NDArray gradient) {
            try {
                backward.invoke(target, gradient, false, false);
            } catch (Throwable e) {
                throw rethrow(e);
            }
        }

        private static RuntimeException rethrow(Throwable e) {
            if (e instanceof RuntimeException r) {
                throw r;
            }
            if (e instanceof Error err) {
                throw err;
            }
            return new IllegalStateException(e);
        }
    }

    private static final class ThreadCollector implements GradientCollector {
        private final Jni jni;
        private final boolean before;
        private boolean closed;

        ThreadCollector(Jni jni) {
            this.jni = jni;
            this.before = jni.gradMode();
            jni.gradMode(true);
        }

        @Override
        public void backward(NDArray target) {
            try (NDArray ones = target.onesLike()) {
                jni.backward(target, ones);
            }
        }

        @Override
        public void zeroGradients() {
            throw new UnsupportedOperationException(
                    "zero gradients through the optimizer or the parameter store");
        }

        @Override
        public void close() {
            if (!closed) {
                closed = true;
                jni.gradMode(before);
            }
        }
    }
}
