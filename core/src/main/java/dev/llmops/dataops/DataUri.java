package dev.llmops.dataops;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Where a {@code uri_file} data asset's file is: {@code azureml://subscriptions/<s>/resourcegroups/<rg>/workspaces/
 * <ws>/datastores/<ds>/paths/<path>} (what the SDK and {@code llmops data register} write) or the short
 * {@code azureml://datastores/<ds>/paths/<path>} (what the template's DataOps assets write).
 *
 * @param subscription the workspace's subscription when the URI names it, else null (the asset's own workspace)
 * @param resourceGroup likewise
 * @param workspace likewise
 * @param datastore the datastore name
 * @param path the blob path inside the datastore's container, decoded
 */
record DataUri(String subscription, String resourceGroup, String workspace, String datastore, String path) {

    private static final Pattern LONG = Pattern.compile(
            "azureml://subscriptions/([^/]+)/resource[gG]roups/([^/]+)/(?:providers/Microsoft\\.MachineLearningServices/)?"
                    + "workspaces/([^/]+)/datastores/([^/]+)/paths/(.+)",
            Pattern.CASE_INSENSITIVE);
    private static final Pattern SHORT =
            Pattern.compile("azureml://datastores/([^/]+)/paths/(.+)", Pattern.CASE_INSENSITIVE);

    static Optional<DataUri> parse(String uri) {
        if (uri == null) {
            return Optional.empty();
        }
        Matcher m = LONG.matcher(uri.strip());
        if (m.matches()) {
            return Optional.of(new DataUri(m.group(1), m.group(2), m.group(3), m.group(4), decode(m.group(5))));
        }
        m = SHORT.matcher(uri.strip());
        if (m.matches()) {
            return Optional.of(new DataUri(null, null, null, m.group(1), decode(m.group(2))));
        }
        return Optional.empty();
    }

    private static String decode(String path) {
        String p = path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
        return URLDecoder.decode(p.replace("+", "%2B"), StandardCharsets.UTF_8);
    }

    /** The file name the path ends in. */
    String fileName() {
        return path.substring(path.lastIndexOf('/') + 1);
    }
}
