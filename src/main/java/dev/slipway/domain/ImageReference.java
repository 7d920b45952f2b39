package dev.slipway.domain;

import java.util.Optional;

/**
 * Container image references as registries and Kubernetes accept them: {@code [registry[:port]/]path[:tag][@digest]},
 * following the grammar of the distribution project's reference package:
 * <pre>
 * reference  := name [ ":" tag ] [ "@" digest ]
 * name       := [ domain "/" ] path-component { "/" path-component }      at most 255 characters
 * domain     := domain-component { "." domain-component } [ ":" [0-9]+ ]
 * domain-component := [a-zA-Z0-9] | [a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9]
 * path-component   := [a-z0-9]+ { ( "." | "_" | "__" | "-"+ ) [a-z0-9]+ }
 * tag        := [\w][\w.-]{0,127}
 * digest     := [A-Za-z][A-Za-z0-9]* { [-_+.] [A-Za-z][A-Za-z0-9]* } ":" [0-9a-fA-F]{32,}
 * </pre>
 * plus a bound of Slipway's own on the whole: at most {@value #MAX_BYTES} bytes, far more than the longest real
 * reference (a 255-character name, a 128-character tag and a sha512 digest). The grammar is checked by hand rather
 * than by one regular expression, whose nested repetitions recurse once per character and overflow the stack on
 * long input.
 */
public final class ImageReference {
    public static final int MAX_BYTES = 1024;
    private static final int MAX_NAME_LENGTH = 255;
    private static final int MAX_TAG_LENGTH = 128;
    private static final int MIN_DIGEST_HEX = 32;
    /** Every character the grammar uses somewhere. */
    private static final String PUNCTUATION = "._-:/@+";
    private static final String FORM = "is not of the form [registry[:port]/]name[:tag][@digest]"
            + " (such as registry.example.com/team/app:1.2.3)";

    private ImageReference() {
    }

    public static boolean isValid(String reference) {
        return problem(reference).isEmpty();
    }

    /**
     * The first rule {@code reference} breaks, as words that follow "it" ({@code contains a space}), or empty when
     * it is a valid image reference.
     */
    public static Optional<String> problem(String reference) {
        if (reference == null || reference.isEmpty()) {
            return Optional.of("is empty");
        }
        Optional<String> character = characterProblem(reference);
        if (character.isPresent()) {
            return character;
        }
        // Only ASCII is left, so characters are bytes.
        if (reference.length() > MAX_BYTES) {
            return Optional.of("is longer than " + MAX_BYTES + " bytes");
        }
        String nameAndTag = reference;
        int at = reference.indexOf('@');
        if (at >= 0) {
            nameAndTag = reference.substring(0, at);
            if (!isDigest(reference.substring(at + 1))) {
                return Optional.of(FORM);
            }
        }
        String name = nameAndTag;
        int colon = nameAndTag.lastIndexOf(':');
        if (colon > nameAndTag.lastIndexOf('/')) {
            name = nameAndTag.substring(0, colon);
            String tag = nameAndTag.substring(colon + 1);
            if (tag.length() > MAX_TAG_LENGTH) {
                return Optional.of("has a tag longer than " + MAX_TAG_LENGTH + " characters");
            }
            if (!isTag(tag)) {
                return Optional.of(FORM);
            }
        }
        if (!isName(name)) {
            return Optional.of(FORM);
        }
        if (name.length() > MAX_NAME_LENGTH) {
            return Optional.of("has a name longer than " + MAX_NAME_LENGTH + " characters");
        }
        return Optional.empty();
    }

    /**
     * The first character of {@code text} that no image reference contains, as words that follow "it"; empty when
     * there is none. Also what a pattern of image references ({@link RefPattern}) may not contain.
     */
    static Optional<String> characterProblem(String text) {
        int i = 0;
        while (i < text.length()) {
            int c = text.codePointAt(i);
            if (c < 0x20 || c == 0x7F) {
                return Optional.of("contains a control character (" + Excerpt.codePoint(c) + ")");
            }
            if (c == ' ') {
                return Optional.of("contains a space");
            }
            if (!isAsciiLetterOrDigit(c) && PUNCTUATION.indexOf(c) < 0) {
                return Optional.of("contains `" + Excerpt.of(new String(Character.toChars(c))) + "`");
            }
            i += Character.charCount(c);
        }
        return Optional.empty();
    }

    private static boolean isName(String name) {
        String[] components = name.split("/", -1);
        for (int i = 0; i < components.length; i++) {
            boolean registry = i == 0 && components.length > 1 && isDomain(components[0]);
            if (!registry && !isPathComponent(components[i])) {
                return false;
            }
        }
        return true;
    }

    private static boolean isDomain(String domain) {
        String host = domain;
        int colon = domain.indexOf(':');
        if (colon >= 0) {
            host = domain.substring(0, colon);
            String port = domain.substring(colon + 1);
            if (port.isEmpty() || !port.chars().allMatch(ImageReference::isDigit)) {
                return false;
            }
        }
        for (String component : host.split("\\.", -1)) {
            if (component.isEmpty() || component.startsWith("-") || component.endsWith("-")
                    || !component.chars().allMatch(c -> isAsciiLetterOrDigit(c) || c == '-')) {
                return false;
            }
        }
        return true;
    }

    /** Runs of lower-case letters and digits joined by {@code .}, {@code _}, {@code __} or any number of {@code -}. */
    private static boolean isPathComponent(String component) {
        int i = 0;
        int n = component.length();
        while (true) {
            int run = i;
            while (i < n && isLowerOrDigit(component.charAt(i))) {
                i++;
            }
            if (i == run) {
                return false;
            }
            if (i == n) {
                return true;
            }
            int separator = i;
            while (i < n && !isLowerOrDigit(component.charAt(i))) {
                i++;
            }
            String joint = component.substring(separator, i);
            boolean dashes = joint.chars().allMatch(c -> c == '-');
            if (!joint.equals(".") && !joint.equals("_") && !joint.equals("__") && !dashes) {
                return false;
            }
        }
    }

    private static boolean isTag(String tag) {
        if (tag.isEmpty() || !isWord(tag.charAt(0))) {
            return false;
        }
        return tag.chars().allMatch(c -> isWord(c) || c == '.' || c == '-');
    }

    private static boolean isDigest(String digest) {
        int colon = digest.indexOf(':');
        if (colon < 0) {
            return false;
        }
        String hex = digest.substring(colon + 1);
        if (hex.length() < MIN_DIGEST_HEX || !hex.chars().allMatch(ImageReference::isHexDigit)) {
            return false;
        }
        String algorithm = digest.substring(0, colon);
        for (String component : algorithm.split("[-_+.]", -1)) {
            if (component.isEmpty() || !isAsciiLetter(component.charAt(0))
                    || !component.chars().allMatch(ImageReference::isAsciiLetterOrDigit)) {
                return false;
            }
        }
        return true;
    }

    private static boolean isAsciiLetter(int c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
    }

    private static boolean isDigit(int c) {
        return c >= '0' && c <= '9';
    }

    private static boolean isAsciiLetterOrDigit(int c) {
        return isAsciiLetter(c) || isDigit(c);
    }

    private static boolean isLowerOrDigit(int c) {
        return (c >= 'a' && c <= 'z') || isDigit(c);
    }

    private static boolean isWord(int c) {
        return isAsciiLetterOrDigit(c) || c == '_';
    }

    private static boolean isHexDigit(int c) {
        return isDigit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
    }
}
