package dev.llmops.image;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Everything an image of a served use case holds, decided once and written two ways: as an OCI image by
 * {@link JibImageBuilder} and as a Docker build context by {@link BuildContextWriter}, so that both agree.
 *
 * @param experiment the experiment name
 * @param env the environment overlay served, if any
 * @param variant the variant selection served, if any
 * @param layers the application layers in image order (llmops jar, use case, flow)
 * @param entrypoint the container's entrypoint: {@code java ... -jar /app/llmops.jar serve -u /app/use-case ...}
 * @param environment variables set in the image
 * @param labels image labels (experiment, env, variant, build id, git sha, llmops version)
 * @param settings the variables the container needs at run time (connection secrets), empty values
 * @param python the flow has python nodes: the base image must provide {@code python3}
 * @param requirements the flow's {@code requirements.txt} as a path in the image, when it has one
 * @param jdk the flow has java {@code type: code} tools: the base image must be a JDK
 * @param notes what was left out and why (the template's Dockerfile, data files, links), for the user
 */
public record ImagePlan(
        String experiment,
        Optional<String> env,
        Optional<String> variant,
        List<ImageLayer> layers,
        List<String> entrypoint,
        Map<String, String> environment,
        Map<String, String> labels,
        List<String> settings,
        boolean python,
        Optional<String> requirements,
        boolean jdk,
        List<String> notes) {

    /** The application folder in the image. */
    public static final String APP_DIR = "/app";

    /** The llmops jar in the image. */
    public static final String JAR = APP_DIR + "/llmops.jar";

    /** The use-case folder in the image; the entrypoint serves it with {@code -u}. */
    public static final String USE_CASE_DIR = APP_DIR + "/use-case";

    /** A numeric non-root user, so the base needs no {@code /etc/passwd} entry. */
    public static final String USER = "10001:10001";

    /** The port {@code llmops serve} listens on in the container, as Prompt Flow's images. */
    public static final int PORT = 8080;

    public ImagePlan {
        layers = List.copyOf(layers);
        entrypoint = List.copyOf(entrypoint);
        environment = Collections.unmodifiableMap(new LinkedHashMap<>(environment));
        labels = Collections.unmodifiableMap(new LinkedHashMap<>(labels));
        settings = List.copyOf(settings);
        notes = List.copyOf(notes);
    }

    /** The base to use when the user names none. */
    public String defaultBase() {
        return jdk ? BaseImage.DEFAULT_JDK : BaseImage.DEFAULT_JRE;
    }
}
