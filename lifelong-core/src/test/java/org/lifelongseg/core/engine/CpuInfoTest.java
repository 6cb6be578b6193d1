package org.lifelongseg.core.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CpuInfoTest {

    @Test
    void readsTheModelAndTheExtensionsThatSelectKernels(@TempDir Path dir) throws Exception {
        Path file = Files.writeString(dir.resolve("cpuinfo"), String.join("\n",
                "processor\t: 0",
                "vendor_id\t: AuthenticAMD",
                "model name\t: AMD EPYC",
                "flags\t\t: fpu sse2 avx avx2 fma avx512f avx512_vnni avx512_bf16 sha_ni",
                "",
                "processor\t: 1",
                "model name\t: Other",
                ""));
        CpuInfo cpu = CpuInfo.read(file);
        assertEquals("AMD EPYC", cpu.modelName());
        assertEquals(List.of("avx2", "fma", "avx512f", "avx512_vnni", "avx512_bf16"), cpu.notableFlags());
        assertTrue(cpu.describe().startsWith("AMD EPYC (") && cpu.describe().endsWith("avx512_bf16)"),
                cpu.describe());
    }

    @Test
    void anUnreadableFileGivesAnUnknownModel(@TempDir Path dir) {
        CpuInfo cpu = CpuInfo.read(dir.resolve("missing"));
        assertEquals("unknown", cpu.modelName());
        assertTrue(cpu.notableFlags().isEmpty());
        assertEquals(System.getProperty("os.arch"), cpu.architecture());
    }
}
