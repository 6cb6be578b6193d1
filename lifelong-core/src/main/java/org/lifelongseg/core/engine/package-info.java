/**
 * The native side of the engine as this library uses it: {@link
 * org.lifelongseg.core.engine.NativeArrays} (the one way to make NDArrays from Java data, always
 * in engine-owned memory), {@link org.lifelongseg.core.engine.CpuInfo} (the CPU named in
 * provenance) and {@link org.lifelongseg.core.engine.EngineSettings} (engine choices that change
 * numerical results, recorded in provenance), and {@link
 * org.lifelongseg.core.engine.FreedMemory}, which makes a use of freed memory fail deterministically
 * in tests and memory-safety runs.
 */
package org.lifelongseg.core.engine;
