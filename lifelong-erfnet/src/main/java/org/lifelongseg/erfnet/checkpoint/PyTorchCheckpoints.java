package org.lifelongseg.erfnet.checkpoint;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Enumeration;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;
import org.lifelongseg.core.checkpoint.CheckpointLayout;

/**
 * Reads model weights from any supported checkpoint file into a {@link StateDict}, choosing the
 * format from the file's content (not its name): {@code torch.save} zip archives, legacy
 * {@code torch.save} pickle streams ({@code .pth.tar}), safetensors and numpy {@code .npz}.
 * Pickles are read with an allowlist; nothing in a checkpoint is ever executed.
 *
 * <p>Tensors keep their dtype, except that bfloat16 and int16 are widened exactly to float32 and
 * int32 (DJL 0.36's PyTorch engine cannot create those types). Strided and offset views are
 * materialised as contiguous arrays; a storage shared by several tensors is read once.
 *
 * <pre>{@code
 * try (NDManager manager = NDManager.newBaseManager();
 *      StateDict sd = PyTorchCheckpoints.read(Path.of("erfnet_pretrained.pth"), manager,
 *              KeyMapping.stripDataParallel())) {
 *     NDArray w = sd.get("encoder.initial_block.conv.weight");
 * }
 * }</pre>
 */
public final class PyTorchCheckpoints {

    private static final byte[] LEGACY_PREFIX = {(byte) 0x80, 0x02, (byte) 0x8a, 0x0a};

    private PyTorchCheckpoints() {}

    /**
     * Reads every tensor of {@code file} into a new state dict under {@code manager}. Non-tensor
     * entries (epoch, optimizer state, ...) are skipped and listed in {@link StateDict#skipped}.
     * A file of a checkpoint folder is first checked against the SHA-256 its checkpoint recorded
     * ({@link CheckpointLayout#verifyFile}).
     *
     * @throws CheckpointFormatException naming the file if it is truncated, not a checkpoint, a
     *     TorchScript module, refers to an unknown storage type or unsupported dtype, or to a
     *     Python global outside the allowlist ({@link UnsafeCheckpointException})
     */
    public static StateDict read(Path file, NDManager manager) throws IOException {
        CheckpointFormat format = detect(file);
        CheckpointLayout.verifyFile(file);
        switch (format) {
            case PYTORCH_ZIP:
                return ZipCheckpointReader.read(file, manager);
            case PYTORCH_LEGACY:
                return LegacyCheckpointReader.read(file, manager);
            case SAFETENSORS:
                return SafetensorsReader.read(file, manager);
            case NPZ:
                return NpzStateDictReader.read(file, manager);
            case TORCHSCRIPT:
            default:
                throw new CheckpointFormatException(file, "this is a TorchScript archive, not a state dict:"
                        + " load it with TorchScriptModels.load");
        }
    }

    /** {@link #read(Path, NDManager)} followed by {@code mapping.applyTo}. */
    public static StateDict read(Path file, NDManager manager, KeyMapping mapping) throws IOException {
        StateDict sd = read(file, manager);
        try {
            return mapping.applyTo(sd);
        } catch (RuntimeException e) {
            sd.close();
            throw e;
        }
    }

    /**
     * The format of {@code file}, from its first bytes (and, for zip archives, its entry names).
     *
     * @throws CheckpointFormatException if it is none of the supported formats or too short
     */
    public static CheckpointFormat detect(Path file) throws IOException {
        long size = Files.size(file);
        byte[] head;
        try (InputStream in = Files.newInputStream(file)) {
            head = in.readNBytes(16);
        }
        if (head.length >= 4 && head[0] == 'P' && head[1] == 'K' && head[2] == 3 && head[3] == 4) {
            return detectZip(file);
        }
        if (head.length >= 4 && head[0] == LEGACY_PREFIX[0]) {
            return CheckpointFormat.PYTORCH_LEGACY;
        }
        if (head.length >= 9 && head[8] == '{') {
            long n = ByteBuffer.wrap(head, 0, 8).order(ByteOrder.LITTLE_ENDIAN).getLong();
            if (n > 0 && n <= Safetensors.MAX_HEADER_SIZE) {
                return CheckpointFormat.SAFETENSORS;
            }
        }
        if (size < 9) {
            throw new CheckpointFormatException(file, "not a checkpoint: the file has only " + size + " bytes");
        }
        throw new CheckpointFormatException(file, "not a checkpoint: the content is neither a torch.save zip"
                + " archive, a legacy torch.save pickle, safetensors nor npz");
    }

    private static CheckpointFormat detectZip(Path file) throws IOException {
        try (ZipFile zip = new ZipFile(file.toFile())) {
            String prefix = ZipCheckpointReader.archivePrefix(zip);
            if (prefix != null) {
                return ZipCheckpointReader.isTorchScript(zip, prefix)
                        ? CheckpointFormat.TORCHSCRIPT
                        : CheckpointFormat.PYTORCH_ZIP;
            }
            Enumeration<? extends ZipEntry> entries = zip.entries();
            boolean any = false;
            while (entries.hasMoreElements()) {
                any = true;
                if (!entries.nextElement().getName().endsWith(".npy")) {
                    throw new CheckpointFormatException(file, "not a checkpoint: a zip archive that is neither"
                            + " a torch.save archive (no <archive>/data.pkl) nor an npz of .npy arrays");
                }
            }
            if (!any) {
                throw new CheckpointFormatException(file, "not a checkpoint: an empty zip archive");
            }
            return CheckpointFormat.NPZ;
        } catch (ZipException e) {
            throw new CheckpointFormatException(file, "truncated or corrupt zip archive (" + e.getMessage() + ")", e);
        }
    }

    /** Reads a numpy {@code savez} archive; each array's name is its key. */
}
