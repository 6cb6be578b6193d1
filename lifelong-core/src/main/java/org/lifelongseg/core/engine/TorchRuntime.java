package org.lifelongseg.core.engine;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Block;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Prepares PyTorch's CPU runtime once per process so that it computes correctly and quietly on
 * whatever CPU it runs on. The trainer, the segmenter, the evaluators and confidence scorers, and
 * ERFNet's blocks and loaders call {@link #ensureReady()} before their first use; applications
 * need not. Without DJL's PyTorch engine it does nothing.
 *
 * <pre>{@code
 * TorchRuntime.Status s = TorchRuntime.ensureReady();
 * s.convolutions();   // "oneDNN", or "aten (oneDNN gave wrong results on this CPU: ...)"
 * }</pre>
 *
 * <ul>
 *   <li><b>Convolutions are checked.</b> A few small convolutions, forward and both gradients,
 *       are compared with the definition evaluated in double precision ({@link
 *       ConvolutionCheck}). If libtorch's oneDNN kernels get them wrong, oneDNN is switched off
 *       for the process and PyTorch's own kernels, checked the same way, are used. Measured: the
 *       AVX-512 kernels of oneDNN 3.7.1 (libtorch 2.7.1) on an AMD EPYC (Zen 5) compute wrong
 *       forwards for input channel counts above 16 that are not a multiple of 16 and wrong input
 *       gradients for output channel counts that are not, which includes ERFNet's classifier
 *       head; on an Intel Xeon the same convolution tests passed with oneDNN. The system
 *       property {@value #ONEDNN_PROPERTY} = {@code auto} (default), {@code on} (keep oneDNN
 *       unchecked) or {@code off} overrides the check.
 *   <li><b>NNPACK is off.</b> libtorch otherwise probes NNPACK on convolutions and, on CPUs
 *       NNPACK does not support, logs "Could not initialize NNPACK! Reason: Unsupported
 *       hardware." on every call; it would also make results depend on whether the probe
 *       succeeds.
 * </ul>
 *
 * <p>The outcome is recorded in {@link EngineSettings} and so in the provenance of every
 * checkpoint and result. If neither backend computes convolutions correctly, {@link
 * #ensureReady()} throws: a model trained or evaluated with wrong arithmetic is worse than none.
 */
public final class TorchRuntime {

    /** System property choosing oneDNN for convolutions: {@code auto}, {@code on} or {@code off}. */
    public static final String ONEDNN_PROPERTY = "lifelong.onednn";

    /** Largest relative error accepted from a float32 convolution against the definition. */
    static final double TOLERANCE = 1e-4;

    private static final Logger LOG = LoggerFactory.getLogger(TorchRuntime.class);

    private static volatile Status status;

    private static volatile Admission admission;

    private TorchRuntime() {}

    /** What {@link #ensureReady()} decided. */
    public record Status(String convolutions, String nnpack) {}

    /**
     * Checks and configures the runtime the first time it is called (a few milliseconds);
     * afterwards returns the same status at once. Does nothing but report when the default engine
     * is not PyTorch.
     *
     * @throws IllegalStateException if convolutions are wrong with every backend, or {@value
     *     #ONEDNN_PROPERTY} has an unknown value
     */
    public static Status ensureReady() {
        Status s = status;
        if (s == null) {
            synchronized (TorchRuntime.class) {
                s = status;
                if (s == null) {
                    s = configure();
                    status = s;
                }
            }
        }
        return s;
    }

    private static Status configure() {
        Engine engine = Engine.getInstance();
        if (!"PyTorch".equals(engine.getEngineName())) {
            return record(new Status("engine " + engine.getEngineName() + " (not configured)",
                    "n/a"));
        }
        String mode = System.getProperty(ONEDNN_PROPERTY, "auto").trim().toLowerCase(Locale.ROOT);
        if (!mode.equals("auto") && !mode.equals("on") && !mode.equals("off")) {
            throw new IllegalStateException("system property " + ONEDNN_PROPERTY + "=" + mode
                    + " is not one of auto, on, off");
        }
        LibTorchContext context;
        try {
            context = LibTorchContext.open();
        } catch (UnsatisfiedLinkError | RuntimeException e) {
            LOG.warn("cannot reach libtorch's context ({}); convolutions are not checked and"
                    + " NNPACK stays on", e.getMessage());
            return record(new Status("unchecked (libtorch context not reachable)", "default"));
        }
        context.setNnpackEnabled(false);
        String nnpack = context.nnpackEnabled() ? "on (could not be switched off)" : "off";
        if (mode.equals("off")) {
            context.setOneDnnEnabled(false);
            return record(new Status(checked(context, "aten (oneDNN off by " + ONEDNN_PROPERTY
                    + ")"), nnpack));
        }
        if (mode.equals("on") || !context.oneDnnEnabled()) {
            return record(new Status(context.oneDnnEnabled() ? "oneDNN (unchecked)" : "aten",
                    nnpack));
        }
        ConvolutionCheck.Result onednn = check();
        if (onednn.correct(TOLERANCE)) {
            return record(new Status("oneDNN", nnpack));
        }
        context.setOneDnnEnabled(false);
        String why = String.format(Locale.ROOT,
                "oneDNN gave wrong results on this CPU (%s): relative error %.3g in the %s",
                CpuInfo.current().modelName(), onednn.error(), onednn.where());
        LOG.info("{}; using PyTorch's own convolution kernels unless every model admitted to this"
                + " process has only convolutions oneDNN computes right (-D{}=on keeps oneDNN)",
                why, ONEDNN_PROPERTY);
        admission = new Admission(context, why);
        return record(new Status(checked(context, "aten (" + why + ")"), nnpack));
    }

    /**
     * Declares that {@code block} (initialized) runs in this process, before its first use; the
     * trainer, the evaluators and the segmenters call it. Where oneDNN was found wrong on some
     * convolution shapes ({@link #ensureReady()}), oneDNN is used as long as every model admitted
     * so far has only convolutions that oneDNN computes right: each new shape is checked, forward
     * and both gradients, against the definition ({@code ConvolutionCheck}). The first model with
     * a shape oneDNN gets wrong, or whose convolutions cannot be listed (a TorchScript module),
     * switches oneDNN off for the rest of the process, with a log line. Elsewhere it does nothing.
     *
     * <p>The switch is process-wide: admit every model before convolutions run on other threads
     * (the pipeline admits all of its models before its first training), or a model running
     * meanwhile changes kernels halfway.
     *
     * @return the status after the admission
     */
    public static Status admit(Block block) {
        ensureReady();
        Admission a = admission;
        if (a == null) {
            return status;
        }
        synchronized (TorchRuntime.class) {
            String convolutions = a.admit(block);
            if (convolutions != null) {
                status = record(new Status(convolutions, status.nnpack()));
            }
            return status;
        }
    }

    /** The oneDNN decision where oneDNN is right on some convolution shapes and wrong on others. */
    private static final class Admission {
        private final LibTorchContext context;
        private final String why;
        private final Set<ConvolutionShape> checked = new LinkedHashSet<>();
        private String lockedOff;

        Admission(LibTorchContext context, String why) {
            this.context = context;
            this.why = why;
        }

        /** Returns the new convolution status, or null if unchanged. */
        String admit(Block block) {
            if (lockedOff != null) {
                return null;
            }
            Optional<Set<ConvolutionShape>> shapes = ConvolutionScan.of(block);
            if (shapes.isEmpty()) {
                return off("a model whose convolutions cannot all be listed ("
                        + block.getClass().getSimpleName() + ")");
            }
            List<ConvolutionCheck.Case> fresh = new ArrayList<>();
            for (ConvolutionShape shape : shapes.get()) {
                if (!checked.contains(shape)) {
                    fresh.add(ConvolutionCheck.of(shape));
                }
            }
            boolean wasOn = context.oneDnnEnabled();
            if (fresh.isEmpty() && wasOn) {
                return null;
            }
            context.setOneDnnEnabled(true);
            ConvolutionCheck.Result r;
            try (NDManager manager = NDManager.newBaseManager()) {
                r = ConvolutionCheck.run(manager, true, fresh);
            }
            if (!r.correct(TOLERANCE)) {
                return off(String.format(Locale.ROOT, "oneDNN is wrong on a convolution of an admitted"
                        + " model: relative error %.3g in the %s", r.error(), r.where()));
            }
            shapes.get().forEach(checked::add);
            String on = "oneDNN on the " + checked.size() + " convolution shapes of the admitted models,"
                    + " each checked (" + why + ")";
            if (!wasOn) {
                LOG.info("oneDNN switched on: every convolution of the admitted models ({} shapes) is"
                        + " computed right by it", checked.size());
            }
            return on;
        }

        private String off(String reason) {
            context.setOneDnnEnabled(false);
            lockedOff = reason;
            LOG.info("oneDNN switched off for the rest of the process: {}", reason);
            return checked(context, "aten (" + why + "; " + reason + ")");
        }
    }

    /** Runs the check on the current backend and returns {@code description} if it passes. */
    private static String checked(LibTorchContext context, String description) {
        ConvolutionCheck.Result r = check();
        if (!r.correct(TOLERANCE)) {
            throw new IllegalStateException(String.format(Locale.ROOT,
                    "PyTorch computes convolutions wrongly on this CPU (%s) with every backend"
                            + " (oneDNN %s): relative error %.3g in the %s",
                    CpuInfo.current().describe(), context.oneDnnEnabled() ? "on" : "off",
                    r.error(), r.where()));
        }
        return description;
    }

    private static ConvolutionCheck.Result check() {
        try (NDManager manager = NDManager.newBaseManager()) {
            try {
                return ConvolutionCheck.run(manager, true);
            } catch (IllegalStateException e) {
                // a gradient collector is already active on this thread: check the forward only
                return ConvolutionCheck.run(manager, false);
            }
        }
    }

    private static Status record(Status s) {
        EngineSettings.record("convolution", s.convolutions());
        EngineSettings.record("nnpack", s.nnpack());
        return s;
    }
}
