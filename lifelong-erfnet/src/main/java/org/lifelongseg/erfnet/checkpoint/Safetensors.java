package org.lifelongseg.erfnet.checkpoint;

/** Constants of the safetensors format shared by the reader and the writer. */
final class Safetensors {

    /** The largest header the reference implementation accepts. */
    static final long MAX_HEADER_SIZE = 100_000_000L;
    /** Header alignment used when writing (the reference implementation pads to 8 bytes). */
    static final int HEADER_ALIGNMENT = 8;
    static final String METADATA_KEY = "__metadata__";

    private Safetensors() {}
}
