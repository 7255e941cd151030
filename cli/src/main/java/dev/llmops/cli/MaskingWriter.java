package dev.llmops.cli;

import dev.llmops.secret.SecretMasker;
import java.io.IOException;
import java.io.Writer;

/** Holds text back until a line ends (or a flush) so that a secret split across writes is still masked. */
final class MaskingWriter extends Writer {

    private final Writer target;
    private final SecretMasker masker;
    private final StringBuilder pending = new StringBuilder();

    MaskingWriter(Writer target, SecretMasker masker) {
        this.target = target;
        this.masker = masker;
    }

    @Override
    public synchronized void write(char[] cbuf, int off, int len) throws IOException {
        for (int i = off; i < off + len; i++) {
            char c = cbuf[i];
            pending.append(c);
            if (c == '\n' || c == '\r') {
                drain();
            }
        }
    }

    private void drain() throws IOException {
        if (!pending.isEmpty()) {
            target.write(masker.mask(pending.toString()));
            pending.setLength(0);
        }
    }

    @Override
    public synchronized void flush() throws IOException {
        drain();
        target.flush();
    }

    @Override
    public synchronized void close() throws IOException {
        flush();
    }
}
