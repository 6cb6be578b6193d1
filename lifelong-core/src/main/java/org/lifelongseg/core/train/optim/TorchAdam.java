package org.lifelongseg.core.train.optim;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.training.optimizer.Optimizer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import org.lifelongseg.core.engine.NativeArrays;

/**
 * Adam exactly as PyTorch's {@code torch.optim.Adam} computes it (the reference trainer's
 * optimizer), with classic L2 weight decay, a per-epoch learning rate and exportable state.
 *
 * <pre>{@code
 * TorchAdam adam = TorchAdam.builder()
 *         .optLearningRate(PolyLearningRate.builder().setEpochs(200).build())
 *         .build();                                 // betas (0.9, 0.999), eps 1e-8, wd 3e-4
 * TrainingConfig config = new DefaultTrainingConfig(loss).optOptimizer(adam);
 * for (int epoch = 0; epoch < 200; epoch++) {
 *     adam.setEpoch(epoch);                         // once per epoch, before its first step
 *     ... trainer.step() per batch ...
 * }
 * NDList state = adam.exportState(manager, ParameterNames.of(model.getBlock()));
 * }</pre>
 *
 * <p>Per parameter θ with gradient g and its own step count t:
 *
 * <pre>
 *   g ← g + wd·θ                         (L2 added to the gradient, not decoupled as in AdamW)
 *   m ← β1·m + (1 − β1)·g
 *   v ← β2·v + (1 − β2)·g²
 *   θ ← θ − (lr / (1 − β1^t)) · m / (sqrt(v) / sqrt(1 − β2^t) + eps)
 * </pre>
 *
 * <p>The learning rate is {@code schedule.learningRate(epoch)} for the epoch last given to
 * {@link #setEpoch(int)} (0 until then). The bias corrections and step size are computed in
 * double precision, the tensor arithmetic in the parameter's type, in place. DJL's gradient
 * rescaling and clipping are not part of this algorithm: the builder rejects them. Like DJL's
 * own PyTorch optimizers, {@link #update} zeroes the weight's accumulated gradient afterwards.
 *
 * <p>The state (m, v, t per parameter) lives in native memory owned by the optimizer; {@link
 * #close()} frees it. Parameters on one device each (no multi-device mirroring).
 */
public final class TorchAdam extends Optimizer implements AutoCloseable {

    /** Suffix of a parameter's first-moment entry in the exported state. */
    public static final String EXP_AVG = "exp_avg";
    /** Suffix of a parameter's second-moment entry in the exported state. */
    public static final String EXP_AVG_SQ = "exp_avg_sq";
    /** Suffix of a parameter's step-count entry (int64 scalar) in the exported state. */
    public static final String STEP = "step";

    private final LearningRateSchedule schedule;
    private final double beta1;
    private final double beta2;
    private final double epsilon;
    private final double weightDecay;
    private final Map<String, ParameterState> states = new ConcurrentHashMap<>();
    private volatile int epoch;
    private NDManager stateManager;
    private boolean closed;

    private TorchAdam(Builder builder) {
        super(builder);
        this.schedule = builder.schedule;
        this.beta1 = builder.beta1;
        this.beta2 = builder.beta2;
        this.epsilon = builder.epsilon;
        this.weightDecay = builder.weightDecay;
        if (rescaleGrad != 1f || clipGrad >= 0) {
            throw new IllegalArgumentException("rescaleGrad/clipGrad are not part of Adam");
        }
    }

    /**
     * Returns a builder with PyTorch's and the reference's defaults: constant learning rate
     * 5e-4, betas (0.9, 0.999), eps 1e-8, weight decay 3e-4.
     *
     * @return a new builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Sets the epoch whose learning rate the following updates use (the trainer calls this once
     * at the start of every epoch).
     *
     * @param epoch the 0-based epoch, covered by the schedule
     * @throws IllegalArgumentException if the schedule does not cover the epoch
     */
    public void setEpoch(int epoch) {
        schedule.learningRate(epoch); // validates
        this.epoch = epoch;
    }

    /** @return the epoch last given to {@link #setEpoch(int)} (0 initially) */
    public int epoch() {
        return epoch;
    }

    /** @return the learning rate the next update uses */
    public double learningRate() {
        return schedule.learningRate(epoch);
    }

    /** @return the learning-rate schedule */
    public LearningRateSchedule schedule() {
        return schedule;
    }

    /**
     * Returns how many updates a parameter has received (PyTorch's {@code state['step']}).
     *
     * @param parameterId the DJL parameter id
     * @return the step count, 0 if never updated
     */
    public long step(String parameterId) {
        ParameterState s = states.get(parameterId);
        return s == null ? 0 : s.step;
    }

    @Override
    public void update(String parameterId, NDArray weight, NDArray grad) {
        if (!weight.getShape().equals(grad.getShape())) {
            throw new IllegalArgumentException(
                    "gradient of parameter " + parameterId + " has shape " + grad.getShape()
                            + ", the weight " + weight.getShape());
        }
        ParameterState s = stateFor(parameterId, weight);
        synchronized (s) {
            long step = s.step + 1;
            double learningRate = schedule.learningRate(epoch);
            double biasCorrection1 = 1.0 - Math.pow(beta1, step);
            double biasCorrection2Sqrt = Math.sqrt(1.0 - Math.pow(beta2, step));
            // One native call per parameter (the engine's fused update: g + wd·θ, both moments in
            // place, θ − step·m / (sqrt(v) + eps')) instead of 15 operators and their scalar
            // arrays through JNI. PyTorch's θ − (lr / c1)·m / (sqrt(v) / c2 + eps) is the same
            // update with step = lr·c2 / c1 and eps' = eps·c2. The engine also zeroes the weight's
            // accumulated gradient, as DJL's own optimizers do.
            weight.getNDArrayInternal().adamUpdate(
                    new NDList(weight, grad, s.expAvg, s.expAvgSq),
                    new NDList(weight),
                    (float) learningRate, // only read for AdamW's decoupled decay, off here
                    (float) (learningRate * biasCorrection2Sqrt / biasCorrection1),
                    (float) weightDecay,
                    1f, // no gradient rescaling
                    -1f, // no clipping
                    (float) beta1,
                    (float) beta2,
                    (float) (epsilon * biasCorrection2Sqrt),
                    false,
                    false);
            s.step = step;
        }
    }

    private ParameterState stateFor(String parameterId, NDArray weight) {
        ParameterState s = states.get(parameterId);
        if (s == null) {
            synchronized (this) {
                checkOpen();
                s = states.computeIfAbsent(parameterId, k -> {
                    NDManager m = manager(weight.getDevice(), weight.getManager());
                    return new ParameterState(
                            m.zeros(weight.getShape(), weight.getDataType()),
                            m.zeros(weight.getShape(), weight.getDataType()),
                            0);
                });
            }
        }
        if (!s.expAvg.getShape().equals(weight.getShape())
                || s.expAvg.getDataType() != weight.getDataType()) {
            throw new IllegalStateException(
                    "optimizer state of parameter " + parameterId + " is " + s.expAvg.getShape()
                            + " " + s.expAvg.getDataType() + " but the weight is "
                            + weight.getShape() + " " + weight.getDataType());
        }
        if (!s.expAvg.getDevice().equals(weight.getDevice())) {
            throw new IllegalStateException(
                    "parameter " + parameterId + " is on " + weight.getDevice()
                            + " but its optimizer state on " + s.expAvg.getDevice()
                            + " (TorchAdam supports one device per parameter)");
        }
        return s;
    }

    private synchronized NDManager manager(Device device, NDManager like) {
        if (stateManager == null) {
            stateManager = NDManager.newBaseManager(device, like.getEngine().getEngineName());
            stateManager.setName("TorchAdam state");
        }
        return stateManager;
    }

    private void checkOpen() {
        if (closed) {
            throw new IllegalStateException("TorchAdam is closed");
        }
    }

    /**
     * Copies the optimizer state into {@code manager}: for every updated parameter, arrays named
     * {@code <name>.exp_avg}, {@code <name>.exp_avg_sq} and {@code <name>.step} (int64 scalar),
     * ordered by name. Parameter ids are random per process, so the state is keyed by stable
     * names (see {@link ParameterNames#of}).
     *
     * @param manager receives the copies
     * @param namesById parameter id to name
     * @return the state, to be saved e.g. with {@link NDList#encode()}
     * @throws IllegalArgumentException if an updated parameter has no name
     */
    public synchronized NDList exportState(NDManager manager, Map<String, String> namesById) {
        checkOpen();
        TreeMap<String, ParameterState> byName = new TreeMap<>();
        for (Map.Entry<String, ParameterState> e : states.entrySet()) {
            String name = namesById.get(e.getKey());
            if (name == null) {
                throw new IllegalArgumentException(
                        "parameter id " + e.getKey() + " has optimizer state but no name in the"
                                + " given map");
            }
            if (byName.put(name, e.getValue()) != null) {
                throw new IllegalArgumentException("two parameters are named " + name);
            }
        }
        NDList out = new NDList();
        for (Map.Entry<String, ParameterState> e : byName.entrySet()) {
            ParameterState s = e.getValue();
            synchronized (s) {
                out.add(copy(s.expAvg, manager, e.getKey() + "." + EXP_AVG));
                out.add(copy(s.expAvgSq, manager, e.getKey() + "." + EXP_AVG_SQ));
                NDArray step = NativeArrays.scalar(manager, s.step);
                step.setName(e.getKey() + "." + STEP);
                out.add(step);
            }
        }
        return out;
    }

    private static NDArray copy(NDArray source, NDManager manager, String name) {
        NDArray copy = NativeArrays.copy(source, manager);
        copy.setName(name);
        return copy;
    }

    /**
     * Replaces the whole optimizer state by {@code state} (as written by {@link #exportState});
     * parameters absent from it start afresh. The arrays are copied.
     *
     * @param state the exported state
     * @param namesById parameter id to name, for the parameters of this process
     * @throws IllegalArgumentException if an entry is malformed, incomplete, or names no
     *     parameter of {@code namesById}
     */
    public synchronized void importState(NDList state, Map<String, String> namesById) {
        checkOpen();
        Map<String, String> idsByName = new HashMap<>();
        for (Map.Entry<String, String> e : namesById.entrySet()) {
            if (idsByName.put(e.getValue(), e.getKey()) != null) {
                throw new IllegalArgumentException("two parameters are named " + e.getValue());
            }
        }
        Map<String, NDArray[]> entries = new TreeMap<>();
        for (NDArray array : state) {
            String entry = array.getName();
            int dot = entry == null ? -1 : entry.lastIndexOf('.');
            if (dot <= 0) {
                throw new IllegalArgumentException(
                        "optimizer state entry '" + entry + "' is not <parameter>.<field>");
            }
            String name = entry.substring(0, dot);
            int field = List.of(EXP_AVG, EXP_AVG_SQ, STEP).indexOf(entry.substring(dot + 1));
            if (field < 0) {
                throw new IllegalArgumentException(
                        "optimizer state entry '" + entry + "' has an unknown field; expected "
                                + EXP_AVG + ", " + EXP_AVG_SQ + " or " + STEP);
            }
            if (!idsByName.containsKey(name)) {
                throw new IllegalArgumentException(
                        "optimizer state entry '" + entry + "' names no parameter of the model");
            }
            NDArray[] fields = entries.computeIfAbsent(name, k -> new NDArray[3]);
            if (fields[field] != null) {
                throw new IllegalArgumentException("duplicate optimizer state entry '" + entry + "'");
            }
            fields[field] = array;
        }
        List<Map.Entry<String, ParameterState>> imported = new ArrayList<>();
        for (Map.Entry<String, NDArray[]> e : entries.entrySet()) {
            NDArray[] f = e.getValue();
            String name = e.getKey();
            if (f[0] == null || f[1] == null || f[2] == null) {
                throw new IllegalArgumentException(
                        "optimizer state of parameter " + name + " lacks one of " + EXP_AVG + ", "
                                + EXP_AVG_SQ + ", " + STEP);
            }
            if (!f[0].getShape().equals(f[1].getShape())
                    || f[0].getDataType() != f[1].getDataType()) {
                throw new IllegalArgumentException(
                        "optimizer state of parameter " + name + ": " + EXP_AVG + " "
                                + f[0].getShape() + " and " + EXP_AVG_SQ + " " + f[1].getShape()
                                + " differ");
            }
            if (f[2].getShape().size() != 1 || f[2].getDataType() != DataType.INT64) {
                throw new IllegalArgumentException(
                        "optimizer state entry " + name + "." + STEP
                                + " must be an int64 scalar, got " + f[2].getDataType() + " "
                                + f[2].getShape());
            }
            long step = f[2].getLong();
            if (step < 1) {
                throw new IllegalArgumentException(
                        "optimizer state entry " + name + "." + STEP + " must be >= 1, got " + step);
            }
            NDManager m = manager(f[0].getDevice(), f[0].getManager());
            // copies: the given arrays may wrap memory their owner frees
            ParameterState s = new ParameterState(
                    NativeArrays.copy(f[0], m), NativeArrays.copy(f[1], m), step);
            imported.add(Map.entry(idsByName.get(name), s));
        }
        clearState();
        for (Map.Entry<String, ParameterState> e : imported) {
            states.put(e.getKey(), e.getValue());
        }
    }

    private void clearState() {
        for (ParameterState s : states.values()) {
            s.expAvg.close();
            s.expAvgSq.close();
        }
        states.clear();
    }

    /** Frees the optimizer state. */
    @Override
    public synchronized void close() {
        if (!closed) {
            closed = true;
            clearState();
            if (stateManager != null) {
                stateManager.close();
            }
        }
    }

    @Override
    public String toString() {
        return "TorchAdam{schedule=" + schedule + ", betas=(" + beta1 + ", " + beta2 + "), eps="
                + epsilon + ", weightDecay=" + weightDecay + ", epoch=" + epoch + "}";
    }

    /** One parameter's state; guarded by its own monitor. */
    private static final class ParameterState {
        final NDArray expAvg;
        final NDArray expAvgSq;
        long step;

        ParameterState(NDArray expAvg, NDArray expAvgSq, long step) {
            this.expAvg = expAvg;
            this.expAvgSq = expAvgSq;
            this.step = step;
        }
    }

    /** Builds a {@link TorchAdam}; each option may be given once. */
    public static final class Builder extends OptimizerBuilder<Builder> {

        private LearningRateSchedule schedule = LearningRateSchedule.constant(5e-4);
        private double beta1 = 0.9;
        private double beta2 = 0.999;
        private double epsilon = 1e-8;
        private double weightDecay = 3e-4;
        private boolean scheduleSet;
        private boolean betasSet;
        private boolean epsilonSet;
        private boolean weightDecaySet;

        private Builder() {}

        @Override
        protected Builder self() {
            return this;
        }

        /**
         * Sets the learning-rate schedule (default constant 5e-4).
         *
         * @param schedule the per-epoch learning rate
         * @return this builder
         */
        public Builder optLearningRate(LearningRateSchedule schedule) {
            scheduleSet = once(scheduleSet, "learning rate");
            if (schedule == null) {
                throw new IllegalArgumentException("learning rate schedule must not be null");
            }
            this.schedule = schedule;
            return this;
        }

        /**
         * Sets β1 and β2 (default 0.9, 0.999).
         *
         * @param beta1 in [0, 1)
         * @param beta2 in [0, 1)
         * @return this builder
         */
        public Builder optBetas(double beta1, double beta2) {
            betasSet = once(betasSet, "betas");
            if (!(beta1 >= 0 && beta1 < 1) || !(beta2 >= 0 && beta2 < 1)) {
                throw new IllegalArgumentException(
                        "betas must be in [0, 1), got (" + beta1 + ", " + beta2 + ")");
            }
            this.beta1 = beta1;
            this.beta2 = beta2;
            return this;
        }

        /**
         * Sets eps, added to the denominator (default 1e-8).
         *
         * @param epsilon finite, &ge; 0
         * @return this builder
         */
        public Builder optEpsilon(double epsilon) {
            epsilonSet = once(epsilonSet, "epsilon");
            if (!(epsilon >= 0) || Double.isInfinite(epsilon)) {
                throw new IllegalArgumentException("epsilon must be finite and >= 0, got " + epsilon);
            }
            this.epsilon = epsilon;
            return this;
        }

        /**
         * Sets the L2 weight decay, added to the gradient as {@code wd·θ} (default 3e-4).
         *
         * @param weightDecay finite, &ge; 0
         * @return this builder
         */
        public Builder optWeightDecay(double weightDecay) {
            weightDecaySet = once(weightDecaySet, "weight decay");
            if (!(weightDecay >= 0) || Double.isInfinite(weightDecay)) {
                throw new IllegalArgumentException(
                        "weight decay must be finite and >= 0, got " + weightDecay);
            }
            this.weightDecay = weightDecay;
            return this;
        }

        /** Same as {@link #optWeightDecay(double)}. */
        @Override
        public Builder optWeightDecays(float weightDecays) {
            return optWeightDecay(weightDecays);
        }

        /**
         * Rejected unless 1: gradient rescaling is not part of PyTorch's Adam.
         *
         * @param rescaleGrad must be 1
         * @return this builder
         */
        @Override
        public Builder setRescaleGrad(float rescaleGrad) {
            if (rescaleGrad != 1f) {
                throw new IllegalArgumentException(
                        "TorchAdam does not rescale gradients (got rescaleGrad " + rescaleGrad
                                + "); scale the loss instead");
            }
            return this;
        }

        /**
         * Rejected unless negative (off): gradient clipping is not part of PyTorch's Adam.
         *
         * @param clipGrad must be &lt; 0
         * @return this builder
         */
        @Override
        public Builder optClipGrad(float clipGrad) {
            if (clipGrad >= 0) {
                throw new IllegalArgumentException(
                        "TorchAdam does not clip gradients (got clipGrad " + clipGrad + ")");
            }
            return this;
        }

        /**
         * Rejected unless 0: step counts are per parameter and restored by {@link
         * TorchAdam#importState}.
         *
         * @param beginNumUpdate must be 0
         * @return this builder
         */
        @Override
        public Builder optBeginNumUpdate(int beginNumUpdate) {
            if (beginNumUpdate != 0) {
                throw new IllegalArgumentException(
                        "TorchAdam counts steps per parameter; restore them with importState"
                                + " instead of beginNumUpdate " + beginNumUpdate);
            }
            return this;
        }

        private static boolean once(boolean alreadySet, String option) {
            if (alreadySet) {
                throw new IllegalStateException(option + " was already set");
            }
            return true;
        }

        /**
         * Builds the optimizer.
         *
         * @return the optimizer
         */
        public TorchAdam build() {
            return new TorchAdam(this);
        }
    }
}
