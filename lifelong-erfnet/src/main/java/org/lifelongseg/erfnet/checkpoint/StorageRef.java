package org.lifelongseg.erfnet.checkpoint;

/**
 * A reference from a pickle to a raw storage record of a checkpoint (its persistent id), not yet
 * read. {@code elementOffset} is non-zero only for legacy storage views.
 */
record StorageRef(String key, TorchDtype dtype, long numel, long elementOffset) {}
