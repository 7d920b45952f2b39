package dev.slipway.domain;

import java.util.regex.Pattern;

/**
 * Container image references as registries and Kubernetes accept them: {@code [registry[:port]/]path[:tag][@digest]},
 * following the grammar of the distribution project's reference package.
 */
public final class ImageReference {
    private static final String DOMAIN_COMPONENT = "(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])";
    private static final String DOMAIN = DOMAIN_COMPONENT + "(?:\\." + DOMAIN_COMPONENT + ")*(?::[0-9]+)?";
    private static final String PATH_COMPONENT = "[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*";
    private static final String NAME = "(?:" + DOMAIN + "/)?" + PATH_COMPONENT + "(?:/" + PATH_COMPONENT + ")*";
    private static final String TAG = "[\\w][\\w.-]{0,127}";
    private static final String DIGEST = "[A-Za-z][A-Za-z0-9]*(?:[-_+.][A-Za-z][A-Za-z0-9]*)*:[0-9a-fA-F]{32,}";
    private static final Pattern REFERENCE = Pattern.compile("(" + NAME + ")(?::" + TAG + ")?(?:@" + DIGEST + ")?");
    private static final int MAX_NAME_LENGTH = 255;

    private ImageReference() {
    }

    public static boolean isValid(String reference) {
        if (reference == null) {
            return false;
        }
        java.util.regex.Matcher matcher = REFERENCE.matcher(reference);
        return matcher.matches() && matcher.group(1).length() <= MAX_NAME_LENGTH;
    }
}
