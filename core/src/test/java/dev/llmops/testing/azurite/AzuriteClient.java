package dev.llmops.testing.azurite;

import com.azure.core.util.BinaryData;
import com.azure.storage.blob.BlobContainerClient;
import com.azure.storage.blob.BlobServiceClient;
import com.azure.storage.blob.BlobServiceClientBuilder;
import com.azure.storage.blob.models.BlobItem;
import com.azure.storage.blob.models.BlobStorageException;
import com.azure.storage.blob.models.BlockListType;
import com.azure.storage.common.StorageSharedKeyCredential;
import java.util.List;
import java.util.Optional;

/** The tests' own view of an {@link Azurite}: set-up and assertions with the SDK, signed with the account key. */
public final class AzuriteClient {

    private final BlobServiceClient service;

    AzuriteClient(Azurite azurite) {
        this.service = new BlobServiceClientBuilder()
                .endpoint(azurite.blobEndpoint().toString())
                .credential(new StorageSharedKeyCredential(Azurite.ACCOUNT, Azurite.KEY))
                .buildClient();
    }

    public void createContainer(String container) {
        BlobContainerClient c = service.getBlobContainerClient(container);
        if (!c.exists()) {
            c.create();
        }
    }

    public void write(String container, String blob, byte[] content) {
        createContainer(container);
        service.getBlobContainerClient(container).getBlobClient(blob).upload(BinaryData.fromBytes(content), true);
    }

    public Optional<byte[]> read(String container, String blob) {
        try {
            return Optional.of(service.getBlobContainerClient(container)
                    .getBlobClient(blob)
                    .downloadContent()
                    .toBytes());
        } catch (BlobStorageException e) {
            if (e.getStatusCode() == 404) {
                return Optional.empty();
            }
            throw e;
        }
    }

    public List<String> list(String container) {
        BlobContainerClient c = service.getBlobContainerClient(container);
        if (!c.exists()) {
            return List.of();
        }
        return c.listBlobs().stream().map(BlobItem::getName).sorted().toList();
    }

    /** How many blocks of a blob are staged but not committed (an interrupted upload leaves them). */
    public int uncommittedBlocks(String container, String blob) {
        try {
            return service.getBlobContainerClient(container)
                    .getBlobClient(blob)
                    .getBlockBlobClient()
                    .listBlocks(BlockListType.UNCOMMITTED)
                    .getUncommittedBlocks()
                    .size();
        } catch (BlobStorageException e) {
            if (e.getStatusCode() == 404) {
                return 0;
            }
            throw e;
        }
    }
}
