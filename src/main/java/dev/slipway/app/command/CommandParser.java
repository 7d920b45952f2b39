package dev.slipway.app.command;

import dev.slipway.domain.DeploymentState;
import dev.slipway.domain.Excerpt;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** Turns a line of text into a {@link Command}, following the grammar in {@link CommandSpec}. */
public final class CommandParser {
    private static final java.util.regex.Pattern WHITESPACE = java.util.regex.Pattern.compile("\\s+");
    /** Days, hours and minutes, in that order; six digits each at most, which is already far enough back. */
    private static final java.util.regex.Pattern DURATION =
            java.util.regex.Pattern.compile("(?:(\\d{1,6})d)?(?:(\\d{1,6})h)?(?:(\\d{1,6})m)?");
    private static final String DURATIONS = "7d, 12h or 30m";

    private final Keywords keywords;

    public CommandParser() {
        this(Keywords.none());
    }

    public CommandParser(Keywords keywords) {
        this.keywords = keywords;
    }

    public Command parse(String text) {
        String trimmed = text == null ? "" : text.strip();
        if (trimmed.isEmpty()) {
            return new Command.Help(null);
        }
        if (keywords.isThanks(trimmed)) {
            return new Command.Thanks();
        }
        List<String> words = Arrays.asList(WHITESPACE.split(trimmed));
        String first = words.get(0).toLowerCase(Locale.ROOT);
        List<String> args = words.subList(1, words.size());
        if (keywords.isRelease(first)) {
            return parse(CommandSpec.RELEASE, args);
        }
        if (CommandSpec.byWord(first).filter(spec -> spec == CommandSpec.RUNBOOK).isPresent()) {
            return runbook(trimmed.substring(words.get(0).length()).strip());
        }
        return CommandSpec.byWord(first)
                .map(spec -> parse(spec, args))
                .orElseGet(() -> new Command.Unknown(trimmed));
    }

    /** {@code runbook <name> [args…]}, its arguments split as a shell would, but never run by one. */
    private Command runbook(String rest) {
        Optional<List<String>> split = QuotedWords.split(rest);
        if (split.isEmpty()) {
            return invalid(CommandSpec.RUNBOOK, "a quote is not closed");
        }
        if (split.get().isEmpty()) {
            return invalid(CommandSpec.RUNBOOK, "name the runbook (`runbooks` lists them)");
        }
        return new Command.Runbook(split.get().get(0), split.get().subList(1, split.get().size()));
    }

    private Command parse(CommandSpec spec, List<String> args) {
        return switch (spec) {
            case DEPLOY -> forced(args);
            case CONFIRM -> deploymentId(spec, args).<Command>map(Command.Confirm::new).orElseGet(() -> badId(spec, args));
            case RETRY -> deploymentId(spec, args).<Command>map(Command.Retry::new).orElseGet(() -> badId(spec, args));
            case ROLLBACK -> rollback(args);
            case FREEZE -> freeze(args);
            case UNFREEZE -> args.size() == 2 ? new Command.Unfreeze(args.get(0), args.get(1))
                    : invalid(spec, "name the project (or all) and the environment");
            case RELEASE -> args.size() <= 1 ? new Command.Release(optional(args, 0))
                    : invalid(spec, "give at most one project");
            case STATUS -> args.size() <= 1 ? new Command.Status(optional(args, 0))
                    : invalid(spec, "give at most one project");
            case HISTORY -> history(args);
            case AUDIT -> audit(args);
            case LOCK -> lock(args);
            case UNLOCK -> args.size() == 1 && isRunbook(args.get(0)) ? new Command.Unlock(null, args.get(0))
                    : args.size() == 2 ? new Command.Unlock(args.get(0), args.get(1))
                    : invalid(spec, "name the project and the environment, or runbook:<name>");
            case RUNBOOK -> runbook(String.join(" ", args));
            case RUNBOOKS -> args.isEmpty() ? new Command.Runbooks() : invalid(spec, "it takes no arguments");
            case CANCEL -> deploymentId(spec, args).<Command>map(Command.Cancel::new).orElseGet(() -> badId(spec, args));
            case RESOLVE -> resolve(args);
            case REJECT -> args.isEmpty() ? badId(spec, args) : deploymentId(spec, args.subList(0, 1))
                    .<Command>map(id -> new Command.ReviewStep(spec, id, args.size() == 1 ? null
                            : String.join(" ", args.subList(1, args.size()))))
                    .orElseGet(() -> badId(spec, args.subList(0, 1)));
            case APPROVE, PROMOTE, CLOSE -> deploymentId(spec, args)
                    .<Command>map(id -> new Command.ReviewStep(spec, id)).orElseGet(() -> badId(spec, args));
            case BUILD -> args.size() == 4 ? new Command.Build(args.get(0), args.get(1), args.get(2), args.get(3))
                    : invalid(spec, "name the project, the image, branch or tag, and the branch or tag's name");
            case SETUP -> setup(args);
            case RESET -> args.isEmpty() ? new Command.Reset() : invalid(spec, "it takes no arguments");
            case CONFIG -> args.isEmpty() ? new Command.Config() : invalid(spec, "it takes no arguments");
            case HELLO -> args.size() <= 1 ? new Command.Hello(optional(args, 0)) : invalid(spec, "give at most one login");
            case GOODBYE -> args.isEmpty() ? new Command.Goodbye() : invalid(spec, "it takes no arguments");
            case HELP -> new Command.Help(optional(args, 0));
        };
    }

    /** {@code history runbooks}, {@code history runbook <name>}, or a project's and environment's history. */
    private Command history(List<String> args) {
        if (args.size() == 1 && args.get(0).equalsIgnoreCase("runbooks")) {
            return new Command.RunbookHistory(null);
        }
        if (args.size() == 2 && args.get(0).equalsIgnoreCase("runbook")) {
            return new Command.RunbookHistory(args.get(1));
        }
        return args.size() <= 2 ? new Command.History(optional(args, 0), optional(args, 1))
                : invalid(CommandSpec.HISTORY, "give at most a project and an environment");
    }

    /** {@code audit [<project>] [<environment>] [--since <duration>]}, the option before, between or after the words. */
    private static Command audit(List<String> args) {
        List<String> words = new java.util.ArrayList<>();
        java.time.Duration since = null;
        for (int i = 0; i < args.size(); i++) {
            // A chat client may have turned the two hyphens into a dash.
            String word = args.get(i).startsWith("—") ? "--" + args.get(i).substring(1) : args.get(i);
            if (!word.startsWith("-")) {
                words.add(word);
                continue;
            }
            int equals = word.indexOf('=');
            String option = equals < 0 ? word : word.substring(0, equals);
            if (!option.equalsIgnoreCase("--since")) {
                return invalid(CommandSpec.AUDIT, "there is no option `" + Excerpt.of(option) + "`; the one there is,"
                        + " --since, takes a duration like " + DURATIONS);
            }
            if (since != null) {
                return invalid(CommandSpec.AUDIT, "give --since once");
            }
            if (equals < 0 && i + 1 == args.size()) {
                return invalid(CommandSpec.AUDIT, "say how far back --since goes, like " + DURATIONS);
            }
            String value = equals < 0 ? args.get(++i) : word.substring(equals + 1);
            Optional<java.time.Duration> parsed = duration(value);
            if (parsed.isEmpty()) {
                return invalid(CommandSpec.AUDIT, "`" + Excerpt.of(value) + "` is not a duration; --since takes one like "
                        + DURATIONS);
            }
            since = parsed.get();
        }
        return words.size() <= 2 ? new Command.Audit(optional(words, 0), optional(words, 1),
                since == null ? Command.Audit.DEFAULT_SINCE : since)
                : invalid(CommandSpec.AUDIT, "give at most a project and an environment");
    }

    /** {@code 7d}, {@code 12h}, {@code 30m} or a sum such as {@code 1d12h}; longer than nothing. */
    private static Optional<java.time.Duration> duration(String text) {
        java.util.regex.Matcher m = DURATION.matcher(text.toLowerCase(Locale.ROOT));
        if (text.isEmpty() || !m.matches()) {
            return Optional.empty();
        }
        java.time.Duration duration = java.time.Duration.ofDays(number(m.group(1))).plusHours(number(m.group(2)))
                .plusMinutes(number(m.group(3)));
        return duration.isZero() ? Optional.empty() : Optional.of(duration);
    }

    private static long number(String digits) {
        return digits == null ? 0 : Long.parseLong(digits);
    }

    /** {@code lock <project> <environment> [reason…]}, or {@code lock runbook:<name> [reason…]}. */
    private Command lock(List<String> args) {
        if (!args.isEmpty() && isRunbook(args.get(0))) {
            return new Command.Lock(null, args.get(0), String.join(" ", args.subList(1, args.size())));
        }
        return args.size() >= 2
                ? new Command.Lock(args.get(0), args.get(1), String.join(" ", args.subList(2, args.size())))
                : invalid(CommandSpec.LOCK, "name the project and the environment, or runbook:<name>");
    }

    private static boolean isRunbook(String word) {
        return dev.slipway.domain.Runbook.isRunbookEnvironment(word) && word.length() > "runbook:".length();
    }

    /**
     * {@code deploy <project> [<ref>] [to] <environment>}, or {@code deploy <environment> [<ref>]} for the channel's
     * project; two words without {@code to} may mean either, which only the dispatcher can tell.
     */
    private Command deploy(List<String> args) {
        boolean to = args.size() >= 3 && args.get(args.size() - 2).equalsIgnoreCase("to");
        if (to) {
            args = concat(args.subList(0, args.size() - 2), args.get(args.size() - 1));
        }
        return switch (args.size()) {
            case 1 -> new Command.Deploy(null, null, args.get(0));
            case 2 -> to ? new Command.Deploy(args.get(0), null, args.get(1))
                    : new Command.DeployEither(args.get(0), args.get(1));
            case 3 -> new Command.Deploy(args.get(0), args.get(1), args.get(2));
            default -> invalid(CommandSpec.DEPLOY, args.isEmpty() ? "name the environment (and the project, outside"
                    + " a channel bound to one)" : "too many words");
        };
    }

    /** {@code deploy … --force <reason…>}: everything after the flag is the reason, which must be given. */
    private Command forced(List<String> args) {
        int flag = args.stream().map(word -> word.toLowerCase(Locale.ROOT)).toList().indexOf("--force");
        if (flag < 0) {
            return deploy(args);
        }
        String reason = String.join(" ", args.subList(flag + 1, args.size())).strip();
        if (reason.isEmpty()) {
            return invalid(CommandSpec.DEPLOY, "say why it must go through the freeze: `--force <reason…>`");
        }
        Command deploy = deploy(args.subList(0, flag));
        return deploy instanceof Command.Invalid ? deploy : new Command.Force(deploy, reason);
    }

    /** {@code rollback <project> [to] <environment>}, or {@code rollback <deployment-id>} as a button sends it. */
    private static Command rollback(List<String> args) {
        if (args.size() == 1) {
            return deploymentId(CommandSpec.ROLLBACK, args).<Command>map(id -> new Command.Rollback(null, null, id))
                    .orElseGet(() -> invalid(CommandSpec.ROLLBACK, "name the project and the environment"));
        }
        if (args.size() == 3 && args.get(1).equalsIgnoreCase("to")) {
            return new Command.Rollback(args.get(0), args.get(2), null);
        }
        return args.size() == 2 ? new Command.Rollback(args.get(0), args.get(1), null)
                : invalid(CommandSpec.ROLLBACK, "name the project and the environment");
    }

    /** {@code freeze <project|all> <environment> <duration> [reason…]}. */
    private static Command freeze(List<String> args) {
        if (args.size() < 3) {
            return invalid(CommandSpec.FREEZE, "name the project (or all), the environment and how long, such as 2h");
        }
        Optional<java.time.Duration> length = duration(args.get(2));
        if (length.isEmpty()) {
            return invalid(CommandSpec.FREEZE, "`" + Excerpt.of(args.get(2)) + "` is not a duration such as " + DURATIONS);
        }
        if (length.get().compareTo(LONGEST_FREEZE) > 0) {
            return invalid(CommandSpec.FREEZE, "a freeze lasts at most 90 days");
        }
        return new Command.Freeze(args.get(0), args.get(1), length.get(),
                String.join(" ", args.subList(3, args.size())));
    }

    private static final java.time.Duration LONGEST_FREEZE = java.time.Duration.ofDays(90);

    /** {@code setup <owner>/<repo>}. */
    private static Command setup(List<String> args) {
        if (args.size() != 1) {
            return invalid(CommandSpec.SETUP, "name one GitHub repository, as owner/repo");
        }
        String repository = args.get(0);
        int slash = repository.indexOf('/');
        if (slash <= 0 || slash == repository.length() - 1 || repository.indexOf('/', slash + 1) >= 0) {
            return invalid(CommandSpec.SETUP, "`" + Excerpt.of(repository) + "` is not owner/repo");
        }
        return new Command.Setup(repository);
    }

    /** {@code resolve <deployment-id> succeeded|failed}. */
    private static Command resolve(List<String> args) {
        if (args.size() != 2) {
            return invalid(CommandSpec.RESOLVE, "name one deployment and how it ended: succeeded or failed");
        }
        java.util.Optional<Long> id = deploymentId(CommandSpec.RESOLVE, args.subList(0, 1));
        if (id.isEmpty()) {
            return badId(CommandSpec.RESOLVE, args.subList(0, 1));
        }
        return switch (args.get(1).toLowerCase(Locale.ROOT)) {
            case "succeeded" -> new Command.Resolve(id.get(), DeploymentState.SUCCEEDED);
            case "failed" -> new Command.Resolve(id.get(), DeploymentState.FAILED);
            default -> invalid(CommandSpec.RESOLVE, "say how it ended, `succeeded` or `failed`, not `"
                    + Excerpt.of(args.get(1)) + "`");
        };
    }

    /** The one deployment id a command names ({@code 12} or {@code #12}). */
    private static java.util.Optional<Long> deploymentId(CommandSpec spec, List<String> args) {
        if (args.size() != 1) {
            return java.util.Optional.empty();
        }
        String id = args.get(0).startsWith("#") ? args.get(0).substring(1) : args.get(0);
        if (id.isEmpty() || !id.chars().allMatch(Character::isDigit)) {
            return java.util.Optional.empty();
        }
        try {
            return java.util.Optional.of(Long.parseLong(id));
        } catch (NumberFormatException e) {
            return java.util.Optional.empty();
        }
    }

    private static Command badId(CommandSpec spec, List<String> args) {
        return invalid(spec, args.size() != 1 ? "name one deployment"
                : "`" + Excerpt.of(args.get(0)) + "` is not a deployment id");
    }

    private static List<String> concat(List<String> head, String last) {
        List<String> all = new java.util.ArrayList<>(head);
        all.add(last);
        return all;
    }

    private static String optional(List<String> args, int index) {
        return args.size() > index ? args.get(index) : null;
    }

    private static Command invalid(CommandSpec spec, String reason) {
        return new Command.Invalid(spec, reason);
    }
}
