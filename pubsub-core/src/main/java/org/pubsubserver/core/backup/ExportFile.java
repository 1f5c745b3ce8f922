package org.pubsubserver.core.backup;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.zip.GZIPOutputStream;

/**
 * An export's file: it appears whole or not at all (written beside it as {@code NAME.partial}, moved in place once
 * complete, removed otherwise), gzip-compressed when its name ends in {@code .gz}, and readable by its owner only
 * where the file system has POSIX modes, whatever the umask (an export holds every payload and subscriber).
 */
public final class ExportFile {
    /** What writes the export's bytes; the stream is closed after it. */
    @FunctionalInterface
    public interface Content<T> {
        T writeTo(OutputStream out) throws IOException;
    }

    private ExportFile() {
    }

    /** Writes {@code file} with {@code content}; returns what the content returned. */
    public static <T> T write(Path file, Content<T> content) throws IOException {
        Path absolute = file.toAbsolutePath();
        Path partial = absolute.resolveSibling(absolute.getFileName() + ".partial");
        try {
            T written;
            try (OutputStream out = open(partial, absolute.getFileName().toString().endsWith(".gz"))) {
                written = content.writeTo(out);
            }
            Files.move(partial, absolute, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            return written;
        } finally {
            try {
                Files.deleteIfExists(partial);
            } catch (IOException ignored) {
                // left behind: it says by its name that it is not an export
            }
        }
    }

    private static OutputStream open(Path file, boolean gzip) throws IOException {
        Files.deleteIfExists(file);
        OutputStream out;
        if (file.getParent().getFileSystem().supportedFileAttributeViews().contains("posix")) {
            Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            out = Files.newOutputStream(file, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING);
        } else {
            out = Files.newOutputStream(file);
        }
        return gzip ? new GZIPOutputStream(out, 1 << 16) : out;
    }
}
