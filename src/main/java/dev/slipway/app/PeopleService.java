package dev.slipway.app;

import dev.slipway.backend.Repositories;
import dev.slipway.chat.Choice;
import dev.slipway.domain.AuditEvent;
import dev.slipway.domain.ErrorCode;
import dev.slipway.domain.Excerpt;
import dev.slipway.domain.PersonLink;
import dev.slipway.domain.Project;
import dev.slipway.domain.RefusedException;
import dev.slipway.store.ConflictException;
import dev.slipway.store.Store;
import java.time.Clock;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Links chat users to their GitHub logins ({@code hello}, {@code goodbye}), so that Slipway can mention the people
 * a code host names. A chat user has at most one login and a login at most one chat user; logins compare in any case
 * and are kept as GitHub spells them. Only a collaborator of the channel's repository can be claimed.
 */
public final class PeopleService {
    private static final String HELLO = "hello";

    private final Store store;
    private final ChannelService channels;
    private final CodeHost codeHost;
    private final Clock clock;

    public PeopleService(Store store, ChannelService channels, Repositories repositories, Clock clock) {
        this.store = store;
        this.channels = channels;
        this.codeHost = new CodeHost(repositories);
        this.clock = clock;
    }

    /** What {@code hello} answers: its words and a button for each login that is still free. */
    public record Hello(String text, List<Choice> choices) {
        public Hello {
            choices = List.copyOf(choices);
        }
    }

    /** The collaborators of the channel's repository whom nobody has claimed yet, one button each. */
    public Hello hello(String channel, String chatUser) {
        Project project = channels.projectOf(channel).orElseThrow(() -> channels.notBound(HELLO));
        List<String> collaborators = codeHost.collaborators(project);
        Set<String> linked = store.read(tx -> tx.people().listByLogins(collaborators)).stream()
                .map(PersonLink::loginKey).collect(Collectors.toSet());
        List<String> free = collaborators.stream().filter(login -> !linked.contains(PersonLink.key(login))).toList();
        String you = loginOf(chatUser).map(login -> "You are linked as " + login + "; `goodbye` undoes it. ").orElse("");
        if (free.isEmpty()) {
            return new Hello(you + "Every collaborator of " + project.repository() + " is linked already.", List.of());
        }
        List<Choice> choices = free.stream().limit(Choice.MOST_PER_REPLY).map(login -> new Choice(HELLO, login, login))
                .toList();
        StringBuilder text = new StringBuilder(you).append("Who are you on GitHub? Press your login to link it to you")
                .append(" (").append(free.size()).append(free.size() == 1 ? " collaborator" : " collaborators")
                .append(" of ").append(project.repository()).append(" not linked yet).");
        if (free.size() > choices.size()) {
            text.append(" ").append(free.size() - choices.size()).append(" more are not shown:")
                    .append(" `hello <login>` claims any login.");
        }
        return new Hello(text.toString(), choices);
    }

    /** Links {@code login} to {@code chatUser}; returns the answer. */
    public String claim(String channel, String chatUser, String login) {
        Project project = channels.projectOf(channel).orElseThrow(() -> channels.notBound(HELLO + " <login>"));
        String spelled = codeHost.collaborators(project).stream().filter(c -> c.equalsIgnoreCase(login)).findFirst()
                .orElseThrow(() -> new RefusedException(ErrorCode.NOT_PERMITTED, "`%s` is not a collaborator of %s; `hello` lists those who are."
                        .formatted(Excerpt.of(login), project.repository())));
        PersonLink link = new PersonLink(chatUser, spelled, clock.instant());
        try {
            return store.inTransaction(tx -> {
                Optional<PersonLink> mine = tx.people().findByChatUser(chatUser);
                if (mine.isPresent()) {
                    if (mine.get().loginKey().equals(link.loginKey())) {
                        return "You are linked as " + mine.get().login() + " already.";
                    }
                    throw secondLogin(mine.get());
                }
                tx.people().findByLogin(spelled).ifPresent(holder -> {
                    throw taken(holder);
                });
                tx.people().insert(link);
                tx.audit().record(new AuditEvent(0, link.linkedAt(), chatUser, "person.link", project.id(), null, null,
                        "linked GitHub login " + spelled));
                return "Hello, %s! You (<@%s>) are linked to the GitHub login %s; `goodbye` undoes it."
                        .formatted(spelled, chatUser, spelled);
            });
        } catch (ConflictException raced) {
            // Someone claimed the login, or this user another one, between the read and the insert.
            Optional<PersonLink> mine = store.read(tx -> tx.people().findByChatUser(chatUser));
            if (mine.isPresent()) {
                if (mine.get().loginKey().equals(link.loginKey())) {
                    return "You are linked as " + mine.get().login() + " already.";
                }
                throw secondLogin(mine.get());
            }
            throw taken(store.read(tx -> tx.people().findByLogin(spelled)).orElseThrow(() -> raced));
        }
    }

    /** Removes {@code chatUser}'s link; returns the answer. */
    public String goodbye(String chatUser) {
        Optional<PersonLink> removed = store.inTransaction(tx -> {
            Optional<PersonLink> link = tx.people().findByChatUser(chatUser);
            link.ifPresent(l -> {
                tx.people().delete(chatUser);
                tx.audit().record(new AuditEvent(0, clock.instant(), chatUser, "person.unlink", null, null, null,
                        "unlinked GitHub login " + l.login()));
            });
            return link;
        });
        return removed.map(l -> "Goodbye! You are no longer linked to the GitHub login %s.".formatted(l.login()))
                .orElse("You have no GitHub login linked; there was nothing to undo. `hello` links one.");
    }

    /** The chat user of each of {@code logins} that is linked, keyed by the login as given (compared in any case). */
    public Map<String, String> chatUsersOf(Collection<String> logins) {
        if (logins.isEmpty()) {
            return Map.of();
        }
        Map<String, String> byKey = store.read(tx -> tx.people().listByLogins(logins)).stream()
                .collect(Collectors.toMap(PersonLink::loginKey, PersonLink::chatUser, (a, b) -> a));
        Map<String, String> users = new HashMap<>();
        for (String login : logins) {
            String user = byKey.get(PersonLink.key(login));
            if (user != null) {
                users.put(login, user);
            }
        }
        return users;
    }

    /** The GitHub login {@code chatUser} claimed, as GitHub spells it. */
    public Optional<String> loginOf(String chatUser) {
        return store.read(tx -> tx.people().findByChatUser(chatUser)).map(PersonLink::login);
    }

    private static RefusedException secondLogin(PersonLink mine) {
        return new RefusedException(ErrorCode.ALREADY_CLAIMED,
                "You are linked as %s already; `goodbye` first to claim another login.".formatted(mine.login()));
    }

    private static RefusedException taken(PersonLink holder) {
        return new RefusedException(ErrorCode.ALREADY_CLAIMED, "%s is claimed by <@%s>; they can free it with `goodbye`."
                .formatted(holder.login(), holder.chatUser()));
    }
}
