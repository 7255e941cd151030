package dev.llmops.azure;

import com.azure.core.credential.AccessToken;
import com.azure.core.credential.TokenCredential;
import com.azure.core.credential.TokenRequestContext;
import com.azure.core.util.BinaryData;
import com.azure.storage.blob.BlobClient;
import com.azure.storage.blob.BlobContainerClient;
import com.azure.storage.blob.BlobContainerClientBuilder;
import com.azure.storage.blob.models.BlobProperties;
import com.azure.storage.blob.models.BlobStorageException;
import com.azure.storage.blob.models.Block;
import com.azure.storage.blob.models.BlockListType;
import com.azure.storage.blob.specialized.BlockBlobClient;
import com.azure.storage.common.StorageSharedKeyCredential;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import reactor.core.publisher.Mono;

/**
 * Blob Storage through azure-storage-blob: the container of a workspace datastore or of a storage account, signed
 * with the account key, a SAS token, or an Entra token (identity-based datastores).
 *
 * <p>Large files are uploaded resumably: as staged blocks of {@link #blockSize} bytes whose ids are derived from
 * their position and content, committed in one block list at the end. A rerun after an interrupted upload asks the
 * service which blocks are already staged and sends only the others; nothing is visible at the path until the
 * commit, so a reader never sees half a file.
 */
public final class BlobStore {

    /** Points every Blob client at another service, path-style (Azurite, a private endpoint, a test's fake). */
    public static final String BLOB_ENDPOINT_VARIABLE = "LLMOPS_BLOB_ENDPOINT";

    /** 8 MiB: large enough for few round trips, small enough that an interruption loses little. */
    public static final long DEFAULT_BLOCK_SIZE = 8L * 1024 * 1024;

    private static final String STORAGE_SCOPE = "https://storage.azure.com/.default";

    /** How to sign. */
    public sealed interface Auth {
        record AccountKey(String key) implements Auth {
            @Override
            public String toString() {
                return "AccountKey[***]";
            }
        }

        record Sas(String token) implements Auth {
            @Override
            public String toString() {
                return "Sas[***]";
            }
        }

        record Entra(ArmCredential credential) implements Auth {}
    }

    /**
     * @param account the storage account
     * @param base {@code https://<account>.blob.core.windows.net}, or the override
     * @param container the container
     */
    public record Target(String account, URI base, String container) {

        /** The account's blob endpoint: {@code <protocol>://<account>.blob.<endpoint>}, unless overridden. */
        public static Target of(
                String account, String protocol, String endpointSuffix, String container, Optional<String> override) {
            URI base = URI.create(override.filter(o -> !o.isBlank())
                    .map(o -> o.endsWith("/") ? o.substring(0, o.length() - 1) : o)
                    .orElse((protocol == null || protocol.isBlank() ? "https" : protocol) + "://" + account + ".blob."
                            + (endpointSuffix == null || endpointSuffix.isBlank()
                                    ? "core.windows.net"
                                    : endpointSuffix)));
            return new Target(account, base, container);
        }

        /** Where people see it: {@code <base>/<container>/<path>}. */
        public String describe(String path) {
            return base + "/" + container + "/" + path;
        }
    }

    /** Progress of one transfer, called after each block. */
    @FunctionalInterface
    public interface Progress {
        Progress NONE = (done, total) -> {};

        void bytes(long done, long total);
    }

    /**
     * @param size the file's size in bytes
     * @param blocks the blocks committed (1 for a single-request upload)
     * @param resumed blocks found already staged by an earlier, interrupted upload and not sent again
     */
    public record Uploaded(long size, int blocks, int resumed) {}

    /** What a blob's properties say. */
    public record BlobInfo(long size, String etag, Optional<String> contentMd5) {}

    private final long blockSize;

    public BlobStore() {
        this(DEFAULT_BLOCK_SIZE);
    }

    /** @param blockSize the size of one staged block; files up to it go in one request */
    public BlobStore(long blockSize) {
        if (blockSize < 1 || blockSize > 4000L * 1024 * 1024) {
            throw new IllegalArgumentException("block size out of range: " + blockSize);
        }
        this.blockSize = blockSize;
    }

    public long blockSize() {
        return blockSize;
    }

    /**
     * Uploads {@code file} to {@code blobPath} (slash-separated, not encoded), replacing what is there.
     *
     * @throws ArmAuthException when the service refuses the signature or the role (401, 403)
     * @throws ArmNotFoundException when the container does not exist
     * @throws ArmServerException when it fails otherwise (after the SDK's retries)
     */
    public Uploaded upload(Target target, Auth auth, String blobPath, Path file, Progress progress) {
        long size;
        try {
            size = Files.size(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
        BlobClient blob = container(target, auth).getBlobClient(blobPath);
        return call(target, blobPath, "uploading", () -> {
            if (size <= blockSize) {
                blob.uploadFromFile(file.toString(), true);
                progress.bytes(size, size);
                return new Uploaded(size, 1, 0);
            }
            return staged(blob.getBlockBlobClient(), file, size, progress);
        });
    }

    private Uploaded staged(BlockBlobClient blob, Path file, long size, Progress progress) throws IOException {
        Map<String, Long> staged = new HashMap<>();
        try {
            for (Block b : blob.listBlocks(BlockListType.UNCOMMITTED).getUncommittedBlocks()) {
                staged.put(b.getName(), b.getSizeLong());
            }
        } catch (BlobStorageException e) {
            if (e.getStatusCode() != 404) {
                throw e;
            }
        }
        List<String> ids = new ArrayList<>();
        int resumed = 0;
        long done = 0;
        byte[] buffer = new byte[(int) Math.min(blockSize, size)];
        try (InputStream in = Files.newInputStream(file)) {
            int index = 0;
            while (done < size) {
                int n = in.readNBytes(buffer, 0, (int) Math.min(buffer.length, size - done));
                if (n <= 0) {
                    throw new IOException(file + " became shorter while it was uploaded");
                }
                String id = blockId(index, buffer, n);
                Long have = staged.get(id);
                if (have != null && have == n) {
                    resumed++;
                } else {
                    blob.stageBlock(id, BinaryData.fromBytes(java.util.Arrays.copyOf(buffer, n)));
                }
                ids.add(id);
                done += n;
                index++;
                progress.bytes(done, size);
            }
        }
        blob.commitBlockList(ids, true);
        return new Uploaded(size, ids.size(), resumed);
    }

    /** {@code llmops-<index>-<first 16 hex digits of the block's SHA-256>}, Base64: equal length for all blocks. */
    static String blockId(int index, byte[] data, int length) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            sha.update(data, 0, length);
            String hex = HexFormat.of().formatHex(sha.digest()).substring(0, 16);
            return Base64.getEncoder()
                    .encodeToString(String.format("llmops-%06d-%s", index, hex).getBytes(StandardCharsets.US_ASCII));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The blob's properties, or empty when it does not exist. */
    public Optional<BlobInfo> properties(Target target, Auth auth, String blobPath) {
        BlobClient blob = container(target, auth).getBlobClient(blobPath);
        return call(target, blobPath, "reading the properties of", () -> {
            try {
                BlobProperties p = blob.getProperties();
                return Optional.of(new BlobInfo(
                        p.getBlobSize(),
                        p.getETag(),
                        Optional.ofNullable(p.getContentMd5())
                                .map(md5 -> Base64.getEncoder().encodeToString(md5))));
            } catch (BlobStorageException e) {
                if (e.getStatusCode() == 404) {
                    return Optional.empty();
                }
                throw e;
            }
        });
    }

    /**
     * Downloads a blob to {@code file}, through a temporary file beside it, so {@code file} is either absent or
     * complete.
     *
     * @throws ArmNotFoundException when the blob or the container does not exist
     */
    public void download(Target target, Auth auth, String blobPath, Path file, Progress progress) {
        BlobClient blob = container(target, auth).getBlobClient(blobPath);
        call(target, blobPath, "downloading", () -> {
            Path parent = file.toAbsolutePath().getParent();
            Files.createDirectories(parent);
            Path partial = Files.createTempFile(parent, "." + file.getFileName(), ".partial");
            try {
                long size = blob.getProperties().getBlobSize();
                try (OutputStream out = Files.newOutputStream(partial);
                        InputStream in = blob.openInputStream()) {
                    byte[] buffer = new byte[64 * 1024];
                    long done = 0;
                    int n;
                    while ((n = in.read(buffer)) > 0) {
                        out.write(buffer, 0, n);
                        done += n;
                        progress.bytes(done, size);
                    }
                }
                Files.move(partial, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } finally {
                Files.deleteIfExists(partial);
            }
            return null;
        });
    }

    /** A small blob's content. */
    public byte[] read(Target target, Auth auth, String blobPath) {
        BlobClient blob = container(target, auth).getBlobClient(blobPath);
        return call(
                target, blobPath, "downloading", () -> blob.downloadContent().toBytes());
    }

    /** Writes a small blob, replacing what is there. */
    public void write(Target target, Auth auth, String blobPath, byte[] content) {
        BlobClient blob = container(target, auth).getBlobClient(blobPath);
        call(target, blobPath, "uploading", () -> {
            blob.upload(BinaryData.fromBytes(content), true);
            return null;
        });
    }

    private static BlobContainerClient container(Target target, Auth auth) {
        BlobContainerClientBuilder b = new BlobContainerClientBuilder()
                .endpoint(target.base().toString())
                .containerName(target.container());
        switch (auth) {
            case Auth.AccountKey key -> b.credential(new StorageSharedKeyCredential(target.account(), key.key()));
            case Auth.Sas sas ->
                b.sasToken(sas.token().startsWith("?") ? sas.token().substring(1) : sas.token());
            case Auth.Entra entra -> b.credential(tokens(entra.credential()));
        }
        return b.buildClient();
    }

    private static TokenCredential tokens(ArmCredential credential) {
        return new TokenCredential() {
            @Override
            public Mono<AccessToken> getToken(TokenRequestContext request) {
                return Mono.fromCallable(() -> getTokenSync(request));
            }

            @Override
            public AccessToken getTokenSync(TokenRequestContext request) {
                // ArmCredential caches and refreshes; a short expiry makes the SDK ask it again soon.
                return new AccessToken(
                        credential.token(STORAGE_SCOPE), OffsetDateTime.now().plusMinutes(5));
            }
        };
    }

    @FunctionalInterface
    private interface Call<T> {
        T run() throws IOException;
    }

    private static <T> T call(Target target, String blobPath, String doing, Call<T> call) {
        try {
            return call.run();
        } catch (BlobStorageException e) {
            int status = e.getStatusCode();
            String code = e.getErrorCode() == null ? "" : e.getErrorCode().toString();
            String said = doing + " " + blobPath + " in container " + target.container() + " of storage account "
                    + target.account() + ": HTTP " + status + " " + code;
            if (status == 401 || status == 403) {
                throw new ArmAuthException(
                        said + ". For an identity-based datastore the identity needs 'Storage Blob Data"
                                + " Contributor' on the storage account",
                        status,
                        null);
            }
            if (status == 404) {
                throw new ArmNotFoundException(said, status, null);
            }
            throw new ArmServerException(said, status, null);
        } catch (IOException e) {
            throw new UncheckedIOException(doing + " " + blobPath + ": " + e.getMessage(), e);
        } catch (UncheckedIOException e) {
            throw e;
        } catch (RuntimeException e) {
            if (e.getCause() instanceof IOException io) {
                throw new ArmServerException(
                        doing + " " + blobPath + " at " + target.base() + " failed: " + io.getMessage(), 0, null);
            }
            throw e;
        }
    }
}
