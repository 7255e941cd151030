package dev.llmops.secret;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SecretNamesTest {

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(textBlock = """
            api_key,            true
            API_KEY,            true
            apiKey,             true
            api-key,            true
            subscription_key,   true
            AccountKey,         true
            client_secret,      true
            secret_value,       true
            access_token,       true
            sas_token,          true
            password,           true
            db_password_hash,   true
            pwd,                true
            connection_string,  true
            ConnectionString,   true
            credentials,        true
            key_vault_name,     false
            max_tokens,         false
            token_url,          false
            api_base,           false
            deployment_name,    false
            keyword,            false
            endpoint,           false
            """)
    void should_tell_secret_fields_by_their_name(String name, boolean secret) {
        assertThat(SecretNames.isSecret(name)).isEqualTo(secret);
    }
}
