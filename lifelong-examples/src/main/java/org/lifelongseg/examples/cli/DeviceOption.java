package org.lifelongseg.examples.cli;

import ai.djl.Device;
import picocli.CommandLine.Option;

/** {@code --device}, shared by the commands that run a network. */
final class DeviceOption {

    @Option(names = "--device", defaultValue = "cpu", paramLabel = "DEVICE",
            description = "cpu, gpu or gpuN, e.g. gpu0 (default: ${DEFAULT-VALUE}).")
    String name;

    /** The device, checked (a usage error names the option). */
    Device device() {
        return CliValues.device(name);
    }
}
