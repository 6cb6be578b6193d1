package org.lifelongseg.core.report;

import com.google.common.base.Preconditions;
import com.google.common.collect.ImmutableMap;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * One row of an Ianvs-style leaderboard ({@link LeaderboardCsv}): an algorithm, its metrics, the
 * paradigm, its modules and their hyperparameters, a time and an output location.
 *
 * <pre>{@code
 * LeaderboardEntry e = LeaderboardEntry.forMethod(run, run.method("distill").orElseThrow())
 *         .optModules(Map.of("basemodel", "ERFNet"))
 *         .addHyperparameter("basemodel", "learning_rate", "5e-4")
 *         .optUrl(outDir.toString())
 *         .build();
 * }</pre>
 */
public final class LeaderboardEntry {

    /** The default paradigm, Ianvs' name for lifelong learning. */
    public static final String LIFELONG_PARADIGM = "lifelonglearning";

    private final String algorithm;
    private final ImmutableMap<String, Double> metrics;
    private final String paradigm;
    private final ImmutableMap<String, String> modules;
    private final ImmutableMap<String, String> hyperparameters;
    private final LocalDateTime time;
    private final String url;

    private LeaderboardEntry(Builder b) {
        this.algorithm = b.algorithm;
        this.metrics = ImmutableMap.copyOf(b.metrics);
        this.paradigm = b.paradigm == null ? LIFELONG_PARADIGM : b.paradigm;
        this.modules = b.modules == null ? ImmutableMap.of() : ImmutableMap.copyOf(b.modules);
        this.hyperparameters = ImmutableMap.copyOf(b.hyperparameters);
        this.time = b.time == null ? LocalDateTime.now() : b.time;
        this.url = b.url == null ? "" : b.url;
    }

    /** A builder for {@code algorithm}. */
    public static Builder builder(String algorithm) {
        return new Builder(algorithm);
    }

    /**
     * A builder pre-filled from a method of a run: metric {@code accuracy} = the final mIoU over
     * all tasks, {@code BWT} and {@code FWT} (GEM forms, when an accuracy matrix is present), then
     * the run's and the method's extra metrics; time = the run's end time (in the system zone)
     * if known.
     */
    public static Builder forMethod(RunResults run, MethodResult method) {
        Builder b = new Builder(method.name());
        b.addMetric("accuracy", method.taskScore(run.taskKeys().allTasksKey()));
        method.lifelong().ifPresent(s -> {
            b.addMetric("BWT", s.backwardTransfer());
            b.addMetric("FWT", s.forwardTransfer());
        });
        run.extraMetrics().forEach(b::addMetric);
        method.extraMetrics().forEach((k, v) -> {
            if (!b.metrics.containsKey(k)) {
                b.addMetric(k, v);
            }
        });
        run.endTime().ifPresent(t -> b.setTimeInternal(LocalDateTime.ofInstant(t, ZoneId.systemDefault())));
        return b;
    }

    /** The algorithm's name. */
    public String algorithm() {
        return algorithm;
    }

    /** Metric name to value (NaN = not available), in insertion order. */
    public Map<String, Double> metrics() {
        return metrics;
    }

    /** The paradigm, by default {@value #LIFELONG_PARADIGM}. */
    public String paradigm() {
        return paradigm;
    }

    /** Module type to module name (e.g. basemodel → ERFNet). */
    public Map<String, String> modules() {
        return modules;
    }

    /** Column name {@code {module_type}-{hp_name}} to value. */
    public Map<String, String> hyperparameters() {
        return hyperparameters;
    }

    /** When the entry was produced (local time; written as {@code yyyy-MM-dd HH:mm:ss}). */
    public LocalDateTime time() {
        return time;
    }

    /** The run's output location (may be empty). */
    public String url() {
        return url;
    }

    /** Builder of {@link LeaderboardEntry}; each {@code opt} option may be given once. */
    public static final class Builder {
        private final String algorithm;
        private final LinkedHashMap<String, Double> metrics = new LinkedHashMap<>();
        private String paradigm;
        private Map<String, String> modules;
        private final LinkedHashMap<String, String> hyperparameters = new LinkedHashMap<>();
        private LocalDateTime time;
        private boolean timeSet;
        private String url;

        private Builder(String algorithm) {
            Objects.requireNonNull(algorithm, "algorithm");
            Preconditions.checkArgument(!algorithm.isBlank(), "algorithm name must not be blank");
            this.algorithm = algorithm;
        }

        /** Adds a metric column value (NaN = empty cell). */
        public Builder addMetric(String name, double value) {
            checkName(name, "metric");
            Preconditions.checkArgument(
                    !LeaderboardCsv.isFixedColumn(name), "metric name '%s' is a reserved column", name);
            Preconditions.checkArgument(
                    metrics.put(name, value) == null, "metric '%s' given twice", name);
            return this;
        }

        /** Sets the paradigm (default {@value #LIFELONG_PARADIGM}). */
        public Builder optParadigm(String paradigm) {
            Preconditions.checkState(this.paradigm == null, "paradigm given twice");
            this.paradigm = Objects.requireNonNull(paradigm, "paradigm");
            return this;
        }

        /** Sets module type → module name; a type must not contain '-' (it separates hyperparameters). */
        public Builder optModules(Map<String, String> modules) {
            Preconditions.checkState(this.modules == null, "modules given twice");
            Map<String, String> m = new LinkedHashMap<>();
            modules.forEach((k, v) -> {
                checkName(k, "module type");
                Preconditions.checkArgument(!k.contains("-"), "module type '%s' must not contain '-'", k);
                Preconditions.checkArgument(
                        !LeaderboardCsv.isFixedColumn(k), "module type '%s' is a reserved column", k);
                m.put(k, Objects.requireNonNull(v, () -> "module of type " + k));
            });
            this.modules = m;
            return this;
        }

        /** Adds a hyperparameter, written in column {@code {moduleType}-{name}}. */
        public Builder addHyperparameter(String moduleType, String name, String value) {
            checkName(moduleType, "module type");
            checkName(name, "hyperparameter");
            Preconditions.checkArgument(!moduleType.contains("-"), "module type '%s' must not contain '-'", moduleType);
            String column = moduleType + "-" + name;
            Preconditions.checkArgument(
                    hyperparameters.put(column, Objects.requireNonNull(value, column)) == null,
                    "hyperparameter '%s' given twice", column);
            return this;
        }

        /** Sets the time (default: the run's end time for {@link #forMethod}, else now). */
        public Builder optTime(LocalDateTime time) {
            Preconditions.checkState(!timeSet, "time given twice");
            timeSet = true;
            this.time = Objects.requireNonNull(time, "time");
            return this;
        }

        /** Sets the time from an instant in the given zone. */
        public Builder optTime(Instant time, ZoneId zone) {
            return optTime(LocalDateTime.ofInstant(time, zone));
        }

        /** Sets the output location (default empty). */
        public Builder optUrl(String url) {
            Preconditions.checkState(this.url == null, "url given twice");
            this.url = Objects.requireNonNull(url, "url");
            return this;
        }

        private void setTimeInternal(LocalDateTime t) {
            this.time = t;
        }

        /** Builds the entry. */
        public LeaderboardEntry build() {
            return new LeaderboardEntry(this);
        }

        private static void checkName(String name, String what) {
            Objects.requireNonNull(name, what);
            Preconditions.checkArgument(!name.isBlank(), "%s name must not be blank", what);
        }
    }
}
