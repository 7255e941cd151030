package dev.llmops.azure;

/**
 * Bearer tokens for Azure Resource Manager. Implementations cache a token until shortly before it expires and
 * are thread-safe; {@link DefaultArmCredential} is the real one.
 */
@FunctionalInterface
public interface ArmCredential {

    /**
     * A token for {@code scope} (e.g. {@code https://management.azure.com/.default}).
     *
     * @throws ArmAuthException when no credential could produce one; retrying does not help
     */
    String token(String scope);
}
