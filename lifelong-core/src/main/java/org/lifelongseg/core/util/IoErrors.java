package org.lifelongseg.core.util;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.util.Locale;

/**
 * The reason of a file-system failure in words, without the exception's type or the temporary
 * paths it may name, for messages that name the file themselves.
 *
 * <pre>{@code
 * catch (IOException e) {
 *     throw new IOException(IoErrors.cannotWrite(file, e), e);
 *     // "cannot write /x/results.json: permission denied (the folder is not writable)"
 * }
 * }</pre>
 */
public final class IoErrors {

    private IoErrors() {}

    /** Why {@code e} happened: "permission denied", "no such file or folder", "read-only file system", .... */
    public static String reason(IOException e) {
        if (e instanceof AccessDeniedException) {
            return "permission denied";
        }
        if (e instanceof NoSuchFileException) {
            return "no such file or folder";
        }
        if (e instanceof FileAlreadyExistsException) {
            return "already exists";
        }
        if (e instanceof NotDirectoryException) {
            return "not a folder";
        }
        if (e instanceof FileSystemException f && f.getReason() != null && !f.getReason().isBlank()) {
            return lowerFirst(f.getReason()); // the operating system's text, e.g. "Read-only file system"
        }
        String msg = e.getMessage();
        return msg == null || msg.isBlank() ? "input/output error" : msg;
    }

    /**
     * "cannot write TARGET: REASON" for a failure to create or write {@code target}; a denied
     * permission or a read-only file system adds "(the folder is not writable)".
     */
    public static String cannotWrite(Path target, IOException e) {
        String reason = reason(e);
        if (e instanceof AccessDeniedException
                || e instanceof FileSystemException f && "Read-only file system".equals(f.getReason())) {
            reason += " (the folder is not writable)";
        }
        return "cannot write " + target + ": " + reason;
    }

    private static String lowerFirst(String s) {
        return s.length() > 1 && Character.isUpperCase(s.charAt(0)) && Character.isLowerCase(s.charAt(1))
                ? s.substring(0, 1).toLowerCase(Locale.ROOT) + s.substring(1)
                : s;
    }
}
