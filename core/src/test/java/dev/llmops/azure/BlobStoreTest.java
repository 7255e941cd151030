package dev.llmops.azure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.llmops.testing.azurite.Azurite;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link BlobStore} against a real Azurite. */
class BlobStoreTest {

    private static Azurite azurite;

    @TempDir
    Path dir;

    @BeforeAll
    static void start() {
        azurite = Azurite.start();
        azurite.createContainer("data");
    }

    @AfterAll
    static void stop() {
        azurite.close();
    }

    private static BlobStore.Target target() {
        return BlobStore.Target.of(
                Azurite.ACCOUNT,
                "https",
                "core.windows.net",
                "data",
                Optional.of(azurite.blobEndpoint().toString()));
    }

    private static final BlobStore.Auth KEY = new BlobStore.Auth.AccountKey(Azurite.KEY);

    private Path file(String name, int size) throws IOException {
        byte[] bytes = new byte[size];
        new Random(size).nextBytes(bytes);
        return Files.write(dir.resolve(name), bytes);
    }

    @Test
    void should_upload_a_small_file_in_one_request() throws IOException {
        // given
        Path file = Files.writeString(dir.resolve("a b.jsonl"), "{\"q\":1}\n");

        // when
        BlobStore.Uploaded up =
                new BlobStore(1024).upload(target(), KEY, "x/y/a b.jsonl", file, BlobStore.Progress.NONE);

        // then
        assertThat(up).isEqualTo(new BlobStore.Uploaded(8, 1, 0));
        assertThat(azurite.read("data", "x/y/a b.jsonl")).contains("{\"q\":1}\n".getBytes());
    }

    @Test
    void should_upload_a_large_file_as_staged_blocks_with_progress() throws IOException {
        // given
        Path file = file("big.bin", 5 * 1024 + 17);
        List<Long> progress = new ArrayList<>();

        // when
        BlobStore.Uploaded up =
                new BlobStore(1024).upload(target(), KEY, "big.bin", file, (done, total) -> progress.add(done));

        // then
        assertThat(up).isEqualTo(new BlobStore.Uploaded(5 * 1024 + 17, 6, 0));
        assertThat(azurite.read("data", "big.bin")).contains(Files.readAllBytes(file));
        assertThat(progress).containsExactly(1024L, 2048L, 3072L, 4096L, 5120L, 5137L);
    }

    @Test
    void should_resume_an_interrupted_upload_and_send_only_the_missing_blocks() throws IOException {
        // given: an upload that stops after three blocks, as when the connection or the process dies
        Path file = file("resume.bin", 5 * 1024);
        BlobStore store = new BlobStore(1024);
        assertThatThrownBy(() -> store.upload(target(), KEY, "resume.bin", file, (done, total) -> {
                    if (done >= 3 * 1024) {
                        throw new IllegalStateException("interrupted");
                    }
                }))
                .hasMessage("interrupted");
        assertThat(azurite.read("data", "resume.bin")).isEmpty();
        assertThat(azurite.client().uncommittedBlocks("data", "resume.bin")).isEqualTo(3);

        // when
        BlobStore.Uploaded up = store.upload(target(), KEY, "resume.bin", file, BlobStore.Progress.NONE);

        // then
        assertThat(up.resumed()).isEqualTo(3);
        assertThat(up.blocks()).isEqualTo(5);
        assertThat(azurite.read("data", "resume.bin")).contains(Files.readAllBytes(file));
    }

    @Test
    void should_not_reuse_staged_blocks_of_other_content() throws IOException {
        // given: blocks staged for one file, then the path gets different content
        BlobStore store = new BlobStore(1024);
        Path first = file("first.bin", 3 * 1024);
        assertThatThrownBy(() -> store.upload(target(), KEY, "changed.bin", first, (done, total) -> {
                    if (done >= 2 * 1024) {
                        throw new IllegalStateException("interrupted");
                    }
                }))
                .hasMessage("interrupted");
        Path second = file("second.bin", 3 * 1024 + 1);

        // when
        BlobStore.Uploaded up = store.upload(target(), KEY, "changed.bin", second, BlobStore.Progress.NONE);

        // then
        assertThat(up.resumed()).isZero();
        assertThat(azurite.read("data", "changed.bin")).contains(Files.readAllBytes(second));
    }

    @Test
    void should_download_through_a_partial_file_and_read_properties() throws IOException {
        // given
        byte[] content = Files.readAllBytes(file("src.bin", 70_000));
        azurite.write("data", "dl/src.bin", content);
        Path to = dir.resolve("cache/src.bin");

        // when
        new BlobStore().download(target(), KEY, "dl/src.bin", to, BlobStore.Progress.NONE);

        // then
        assertThat(Files.readAllBytes(to)).isEqualTo(content);
        assertThat(Files.list(to.getParent()).map(p -> p.getFileName().toString()))
                .containsExactly("src.bin");
        assertThat(new BlobStore().properties(target(), KEY, "dl/src.bin"))
                .map(BlobStore.BlobInfo::size)
                .contains(70_000L);
        assertThat(new BlobStore().properties(target(), KEY, "dl/absent.bin")).isEmpty();
    }

    @Test
    void should_say_which_blob_is_missing() {
        assertThatThrownBy(() -> new BlobStore().read(target(), KEY, "nope/absent.csv"))
                .isInstanceOf(ArmNotFoundException.class)
                .hasMessageContaining("nope/absent.csv")
                .hasMessageContaining("container data of storage account devstoreaccount1")
                .hasMessageContaining("404");
    }

    @Test
    void should_refuse_a_wrong_key_as_an_auth_problem() throws IOException {
        // given
        Path file = Files.writeString(dir.resolve("x.txt"), "x");
        BlobStore.Auth wrong = new BlobStore.Auth.AccountKey(
                java.util.Base64.getEncoder().encodeToString("not the key of this account!!!!!".getBytes()));

        // then
        assertThatThrownBy(() -> new BlobStore().upload(target(), wrong, "x.txt", file, BlobStore.Progress.NONE))
                .isInstanceOf(ArmAuthException.class)
                .hasMessageContaining("HTTP 403");
        assertThat(wrong.toString()).doesNotContain("bm90");
    }
}
