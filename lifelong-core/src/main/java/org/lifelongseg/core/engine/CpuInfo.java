package org.lifelongseg.core.engine;

import com.google.common.collect.ImmutableList;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The CPU this process runs on, as recorded in provenance: results of the same code and seed can
 * differ between CPUs (different kernels, instruction sets), so every checkpoint and result names
 * the model and the vector extensions that select those kernels.
 *
 * <pre>{@code
 * CpuInfo cpu = CpuInfo.current();
 * cpu.modelName();    // "AMD EPYC" or "Intel(R) Xeon(R) Platinum 8481C CPU @ 2.70GHz"
 * cpu.describe();     // "AMD EPYC (amd64; avx2 avx512f avx512_bf16)"
 * }</pre>
 *
 * <p>Read from {@code /proc/cpuinfo} on Linux; elsewhere the model is {@code unknown} and only
 * the architecture is known.
 */
public final class CpuInfo {

    /** The extensions named in {@link #describe()}, the ones that change which kernels run. */
    private static final List<String> NOTABLE_FLAGS = List.of(
            "avx2", "fma", "avx512f", "avx512_vnni", "avx512_bf16", "avx512_fp16", "amx_tile",
            "amx_bf16", "asimd", "sve");

    private static final CpuInfo CURRENT = read(Path.of("/proc/cpuinfo"));

    private final String modelName;
    private final String architecture;
    private final ImmutableList<String> notableFlags;

    CpuInfo(String modelName, String architecture, List<String> notableFlags) {
        this.modelName = modelName;
        this.architecture = architecture;
        this.notableFlags = ImmutableList.copyOf(notableFlags);
    }

    /** The CPU of this process (read once). */
    public static CpuInfo current() {
        return CURRENT;
    }

    /** Parses a {@code /proc/cpuinfo} file; a missing or unreadable file gives an unknown model. */
    static CpuInfo read(Path cpuinfo) {
        String arch = System.getProperty("os.arch", "unknown");
        String model = null;
        Set<String> flags = new HashSet<>();
        try {
            for (String line : Files.readAllLines(cpuinfo, StandardCharsets.UTF_8)) {
                int colon = line.indexOf(':');
                if (colon < 0) {
                    if (line.isBlank() && model != null) {
                        break; // the first processor is enough
                    }
                    continue;
                }
                String key = line.substring(0, colon).trim().toLowerCase(Locale.ROOT);
                String value = line.substring(colon + 1).trim();
                if (model == null && (key.equals("model name") || key.equals("hardware")
                        || key.equals("cpu model"))) {
                    model = value;
                } else if (key.equals("flags") || key.equals("features")) {
                    flags.addAll(Arrays.asList(value.split("\\s+")));
                }
            }
        } catch (IOException | RuntimeException e) {
            // not Linux, or not readable: the model stays unknown
        }
        List<String> notable = new ArrayList<>();
        for (String f : NOTABLE_FLAGS) {
            if (flags.contains(f)) {
                notable.add(f);
            }
        }
        return new CpuInfo(model == null || model.isBlank() ? "unknown" : model, arch, notable);
    }

    /** The model name, e.g. {@code AMD EPYC}; {@code unknown} when the system does not say. */
    public String modelName() {
        return modelName;
    }

    /** The architecture as Java names it, e.g. {@code amd64}. */
    public String architecture() {
        return architecture;
    }

    /** The extensions among avx2, avx512f, avx512_bf16, amx_tile, ... that this CPU has. */
    public ImmutableList<String> notableFlags() {
        return notableFlags;
    }

    /** Model, architecture and notable extensions in one line. */
    public String describe() {
        return modelName + " (" + architecture
                + (notableFlags.isEmpty() ? "" : "; " + String.join(" ", notableFlags)) + ")";
    }

    @Override
    public String toString() {
        return describe();
    }
}
