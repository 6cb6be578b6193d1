package org.lifelongseg.benchmarks;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** The process's resident set size (Linux), to watch native memory stay flat across iterations. */
final class NativeMemory {

    private NativeMemory() {}

    /** The resident set size in MiB, or -1 where {@code /proc/self/status} is unavailable. */
    static long residentMiB() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024;
                }
            }
        } catch (IOException | NumberFormatException e) {
            return -1;
        }
        return -1;
    }

    /** Prints {@code [rss] <what>: <n> MiB}, the line compare-with-pytorch.sh collects. */
    static void print(String what) {
        Runtime rt = Runtime.getRuntime();
        long heap = (rt.totalMemory() - rt.freeMemory()) >> 20;
        System.out.println("[rss] " + what + ": " + residentMiB() + " MiB (Java heap used " + heap + " MiB)");
    }
}
