package org.lifelongseg.erfnet.checkpoint;

/**
 * The file formats {@link PyTorchCheckpoints#detect} tells apart by content.
 *
 * <pre>{@code
 * if (PyTorchCheckpoints.detect(path) == CheckpointFormat.TORCHSCRIPT) { ... }
 * }</pre>
 */
public enum CheckpointFormat {
    /** {@code torch.save} zip archive (PyTorch 1.6 and later). */
    PYTORCH_ZIP,
    /** {@code torch.save} legacy pickle stream (before PyTorch 1.6), often named {@code .pth.tar}. */
    PYTORCH_LEGACY,
    /** Hugging Face safetensors. */
    SAFETENSORS,
    /** numpy {@code savez} archive of named arrays. */
    NPZ,
    /** TorchScript module archive (code and weights; read with {@link TorchScriptModels}). */
    TORCHSCRIPT
}
