package dev.llmops.llm.http;

/**
 * What a call goes to, for error messages: never holds a key, and the endpoint is shown without its query.
 *
 * @param connection the connection name
 * @param provider {@code Azure OpenAI} or {@code OpenAI}
 * @param endpoint the URL without query string
 * @param deployment the deployment (Azure) or model (OpenAI)
 * @param notFoundHint what to check when the endpoint answers 404
 */
record CallTarget(String connection, String provider, String endpoint, String deployment, String notFoundHint) {

    String describe() {
        return provider + " connection '" + connection + "' (endpoint " + endpoint + ", deployment '" + deployment
                + "')";
    }
}
