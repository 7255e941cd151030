package dev.llmops.cli;

import picocli.CommandLine;

/** The version for picocli's {@code --version} (after other options, or below a command): {@link Version}. */
final class VersionProvider implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
        return new String[] {Version.line()};
    }
}
