package org.lifelongseg.core.checkpoint;

import ai.djl.engine.Engine;
import com.google.common.collect.ImmutableSortedMap;
import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import java.time.Instant;
import org.lifelongseg.core.engine.CpuInfo;
import org.lifelongseg.core.engine.EngineSettings;
import java.time.format.DateTimeParseException;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalLong;

/**
 * Where a checkpoint or result came from: software versions, machine, seed, device, time and the
 * run's configuration. Immutable; serialised as JSON.
 *
 * <pre>{@code
 * Provenance p = Provenance.builder()
 *         .optSeed(1234)
 *         .optDevice("cpu()")
 *         .optConfiguration(Map.of("epochs", "200", "batchSize", "6"))
 *         .build();                         // captures versions, OS, CPU and the time now
 * String json = p.toJson();
 * Provenance back = Provenance.fromJson(json);
 * }</pre>
 */
public final class Provenance {

    /** Recorded when a value cannot be determined (e.g. no DJL engine on the class path). */
    public static final String UNKNOWN = "unknown";

    private static final Gson GSON = new GsonBuilder().setPrettyPrinting().disableHtmlEscaping().create();

    private final String libraryVersion;
    private final String djlVersion;
    private final String engineName;
    private final String engineVersion;
    private final String javaVersion;
    private final String javaVendor;
    private final String os;
    private final String cpu;
    private final String cpuModel;
    private final int availableProcessors;
    private final Long seed;
    private final String device;
    private final Instant timestamp;
    private final ImmutableSortedMap<String, String> configuration;
    private final ImmutableSortedMap<String, String> engineSettings;

    private Provenance(Builder b) {
        this.libraryVersion = b.libraryVersion;
        this.djlVersion = b.djlVersion;
        this.engineName = b.engineName;
        this.engineVersion = b.engineVersion;
        this.javaVersion = b.javaVersion;
        this.javaVendor = b.javaVendor;
        this.os = b.os;
        this.cpu = b.cpu;
        this.cpuModel = b.cpuModel;
        this.availableProcessors = b.availableProcessors;
        this.seed = b.seed;
        this.device = b.device;
        this.timestamp = b.timestamp;
        this.configuration = ImmutableSortedMap.copyOf(b.configuration);
        this.engineSettings = ImmutableSortedMap.copyOf(b.engineSettings);
    }

    /**
     * Returns a builder that captures the current environment; seed, device, configuration and
     * timestamp are optional.
     *
     * @return a new builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /** @return this library's version ({@value #UNKNOWN} when run from classes, not a jar) */
    public String libraryVersion() {
        return libraryVersion;
    }

    /** @return the DJL version */
    public String djlVersion() {
        return djlVersion;
    }

    /** @return the DJL engine's name, e.g. {@code PyTorch} */
    public String engineName() {
        return engineName;
    }

    /** @return the engine's native version, e.g. the PyTorch version */
    public String engineVersion() {
        return engineVersion;
    }

    /** @return the Java runtime version */
    public String javaVersion() {
        return javaVersion;
    }

    /** @return the Java runtime vendor */
    public String javaVendor() {
        return javaVendor;
    }

    /** @return operating system name and version */
    public String os() {
        return os;
    }

    /** @return the CPU architecture */
    public String cpu() {
        return cpu;
    }

    /**
     * @return the CPU model and its notable vector extensions ({@link CpuInfo#describe()}), e.g.
     *     {@code AMD EPYC (amd64; avx2 avx512f avx512_bf16)}; results can differ between CPUs
     */
    public String cpuModel() {
        return cpuModel;
    }

    /** @return the engine choices that change numerical results ({@link EngineSettings}) */
    public ImmutableSortedMap<String, String> engineSettings() {
        return engineSettings;
    }

    /** @return the number of processors available to the JVM */
    public int availableProcessors() {
        return availableProcessors;
    }

    /** @return the random seed, if one was given */
    public OptionalLong seed() {
        return seed == null ? OptionalLong.empty() : OptionalLong.of(seed);
    }

    /** @return the compute device, e.g. {@code cpu()}, or {@value #UNKNOWN} */
    public String device() {
        return device;
    }

    /** @return when the provenance was recorded */
    public Instant timestamp() {
        return timestamp;
    }

    /** @return the run's configuration, sorted by key */
    public ImmutableSortedMap<String, String> configuration() {
        return configuration;
    }

    /** @return this provenance as a JSON object */
    public JsonObject toJsonObject() {
        JsonObject o = new JsonObject();
        o.addProperty("libraryVersion", libraryVersion);
        o.addProperty("djlVersion", djlVersion);
        o.addProperty("engineName", engineName);
        o.addProperty("engineVersion", engineVersion);
        o.addProperty("javaVersion", javaVersion);
        o.addProperty("javaVendor", javaVendor);
        o.addProperty("os", os);
        o.addProperty("cpu", cpu);
        o.addProperty("cpuModel", cpuModel);
        o.addProperty("availableProcessors", availableProcessors);
        if (seed != null) {
            o.addProperty("seed", seed);
        }
        o.addProperty("device", device);
        o.addProperty("timestamp", timestamp.toString());
        JsonObject config = new JsonObject();
        configuration.forEach(config::addProperty);
        o.add("configuration", config);
        JsonObject engine = new JsonObject();
        engineSettings.forEach(engine::addProperty);
        o.add("engineSettings", engine);
        return o;
    }

    /** @return this provenance as pretty-printed JSON */
    public String toJson() {
        return GSON.toJson(toJsonObject());
    }

    /**
     * Parses JSON written by {@link #toJson()}.
     *
     * @param json the text
     * @return the provenance
     * @throws IllegalArgumentException naming the field that is missing or malformed
     */
    public static Provenance fromJson(String json) {
        try {
            return fromJsonObject(JsonParser.parseString(json).getAsJsonObject());
        } catch (JsonParseException | IllegalStateException e) {
            throw new IllegalArgumentException("provenance is not a JSON object: " + e.getMessage(), e);
        }
    }

    /**
     * Reads a JSON object written by {@link #toJsonObject()}.
     *
     * @param o the object
     * @return the provenance
     * @throws IllegalArgumentException naming the field that is missing or malformed
     */
    public static Provenance fromJsonObject(JsonObject o) {
        Builder b = new Builder();
        b.libraryVersion = string(o, "libraryVersion");
        b.djlVersion = string(o, "djlVersion");
        b.engineName = string(o, "engineName");
        b.engineVersion = string(o, "engineVersion");
        b.javaVersion = string(o, "javaVersion");
        b.javaVendor = string(o, "javaVendor");
        b.os = string(o, "os");
        b.cpu = string(o, "cpu");
        // absent in files written before the CPU model was recorded
        b.cpuModel = o.has("cpuModel") ? string(o, "cpuModel") : UNKNOWN;
        b.device = string(o, "device");
        try {
            b.availableProcessors = field(o, "availableProcessors").getAsInt();
            if (o.has("seed")) {
                b.seed = o.get("seed").getAsLong();
            }
            b.timestamp = Instant.parse(string(o, "timestamp"));
        } catch (NumberFormatException | UnsupportedOperationException | IllegalStateException
                | DateTimeParseException e) {
            throw new IllegalArgumentException("malformed provenance field: " + e.getMessage(), e);
        }
        JsonElement config = field(o, "configuration");
        if (!config.isJsonObject()) {
            throw new IllegalArgumentException("provenance field 'configuration' is not an object");
        }
        for (Map.Entry<String, JsonElement> e : config.getAsJsonObject().entrySet()) {
            if (!e.getValue().isJsonPrimitive()) {
                throw new IllegalArgumentException(
                        "provenance configuration '" + e.getKey() + "' is not a string");
            }
            b.configuration.put(e.getKey(), e.getValue().getAsString());
        }
        if (o.has("engineSettings")) {
            b.engineSettings.putAll(stringMap(o, "engineSettings"));
        }
        return new Provenance(b);
    }

    private static Map<String, String> stringMap(JsonObject o, String name) {
        JsonElement el = field(o, name);
        if (!el.isJsonObject()) {
            throw new IllegalArgumentException("provenance field '" + name + "' is not an object");
        }
        Map<String, String> out = new java.util.TreeMap<>();
        for (Map.Entry<String, JsonElement> e : el.getAsJsonObject().entrySet()) {
            if (!e.getValue().isJsonPrimitive()) {
                throw new IllegalArgumentException(
                        "provenance " + name + " '" + e.getKey() + "' is not a string");
            }
            out.put(e.getKey(), e.getValue().getAsString());
        }
        return out;
    }

    private static JsonElement field(JsonObject o, String name) {
        JsonElement e = o.get(name);
        if (e == null || e.isJsonNull()) {
            throw new IllegalArgumentException("provenance field '" + name + "' is missing");
        }
        return e;
    }

    private static String string(JsonObject o, String name) {
        JsonElement e = field(o, name);
        if (!e.isJsonPrimitive()) {
            throw new IllegalArgumentException("provenance field '" + name + "' is not a string");
        }
        return e.getAsString();
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Provenance && toJson().equals(((Provenance) other).toJson());
    }

    @Override
    public int hashCode() {
        return toJson().hashCode();
    }

    @Override
    public String toString() {
        return "Provenance" + toJsonObject();
    }

    /** Builds a {@link Provenance}; each option may be given once. */
    public static final class Builder {

        private String libraryVersion;
        private String djlVersion;
        private String engineName;
        private String engineVersion;
        private String javaVersion;
        private String javaVendor;
        private String os;
        private String cpu;
        private String cpuModel;
        private int availableProcessors;
        private Long seed;
        private String device = UNKNOWN;
        private Instant timestamp;
        private final java.util.TreeMap<String, String> configuration = new java.util.TreeMap<>();
        private final java.util.TreeMap<String, String> engineSettings = new java.util.TreeMap<>();
        private boolean deviceSet;
        private boolean configurationSet;

        private Builder() {}

        /**
         * Sets the random seed of the run.
         *
         * @param seed the seed
         * @return this builder
         */
        public Builder optSeed(long seed) {
            if (this.seed != null) {
                throw new IllegalStateException("seed was already set");
            }
            this.seed = seed;
            return this;
        }

        /**
         * Sets the compute device, e.g. {@code Device.cpu().toString()}.
         *
         * @param device the device
         * @return this builder
         */
        public Builder optDevice(String device) {
            if (deviceSet) {
                throw new IllegalStateException("device was already set");
            }
            this.device = Objects.requireNonNull(device, "device");
            deviceSet = true;
            return this;
        }

        /**
         * Sets the run's configuration (option name to value).
         *
         * @param configuration the options
         * @return this builder
         */
        public Builder optConfiguration(Map<String, String> configuration) {
            if (configurationSet) {
                throw new IllegalStateException("configuration was already set");
            }
            configuration.forEach((k, v) -> this.configuration.put(
                    Objects.requireNonNull(k, "configuration key"),
                    Objects.requireNonNull(v, () -> "configuration value of " + k)));
            configurationSet = true;
            return this;
        }

        /**
         * Sets the time stamp (default: now, at {@link #build()}).
         *
         * @param timestamp the time
         * @return this builder
         */
        public Builder optTimestamp(Instant timestamp) {
            if (this.timestamp != null) {
                throw new IllegalStateException("timestamp was already set");
            }
            this.timestamp = Objects.requireNonNull(timestamp, "timestamp");
            return this;
        }

        /**
         * Captures the environment and builds the provenance.
         *
         * @return the provenance
         */
        public Provenance build() {
            String version = Provenance.class.getPackage().getImplementationVersion();
            libraryVersion = version == null ? UNKNOWN : version;
            djlVersion = orUnknown(Engine::getDjlVersion);
            engineName = orUnknown(() -> Engine.getInstance().getEngineName());
            engineVersion = orUnknown(() -> Engine.getInstance().getVersion());
            javaVersion = System.getProperty("java.version", UNKNOWN);
            javaVendor = System.getProperty("java.vendor", UNKNOWN);
            os = System.getProperty("os.name", UNKNOWN) + " " + System.getProperty("os.version", "");
            cpu = System.getProperty("os.arch", UNKNOWN);
            cpuModel = CpuInfo.current().describe();
            engineSettings.putAll(EngineSettings.snapshot());
            availableProcessors = Runtime.getRuntime().availableProcessors();
            if (timestamp == null) {
                timestamp = Instant.now();
            }
            return new Provenance(this);
        }

        private static String orUnknown(java.util.function.Supplier<String> value) {
            try {
                String v = value.get();
                return v == null ? UNKNOWN : v;
            } catch (RuntimeException e) { // no engine on the class path
                return UNKNOWN;
            }
        }
    }
}
