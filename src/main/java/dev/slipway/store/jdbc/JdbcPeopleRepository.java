package dev.slipway.store.jdbc;

import static dev.slipway.store.jdbc.JdbcColumns.instant;
import static dev.slipway.store.jdbc.JdbcColumns.millis;

import dev.slipway.domain.PersonLink;
import dev.slipway.store.PeopleRepository;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.statement.StatementContext;

/**
 * Links in the {@code people_links} table: its primary key keeps one login per chat user, the unique
 * {@code login_key} (the login in lower case) one chat user per login.
 */
final class JdbcPeopleRepository implements PeopleRepository {

    private static final String COLUMNS = "chat_user, login, linked_at";
    /** Keys asked for in one statement, well under what either database takes as parameters. */
    private static final int KEYS_PER_QUERY = 500;

    private final Handle handle;
    private final JdbcConflicts conflicts;

    JdbcPeopleRepository(Handle handle, JdbcConflicts conflicts) {
        this.handle = handle;
        this.conflicts = conflicts;
    }

    @Override
    public Optional<PersonLink> findByChatUser(String chatUser) {
        return handle.createQuery("SELECT " + COLUMNS + " FROM people_links WHERE chat_user = :chatUser")
                .bind("chatUser", chatUser)
                .map(JdbcPeopleRepository::map)
                .findOne();
    }

    @Override
    public Optional<PersonLink> findByLogin(String login) {
        return handle.createQuery("SELECT " + COLUMNS + " FROM people_links WHERE login_key = :key")
                .bind("key", PersonLink.key(login))
                .map(JdbcPeopleRepository::map)
                .findOne();
    }

    @Override
    public List<PersonLink> listByLogins(Collection<String> logins) {
        List<String> keys = logins.stream().map(PersonLink::key).distinct().toList();
        List<PersonLink> links = new ArrayList<>();
        for (int from = 0; from < keys.size(); from += KEYS_PER_QUERY) {
            links.addAll(handle.createQuery("SELECT " + COLUMNS + " FROM people_links WHERE login_key IN (<keys>)")
                    .bindList("keys", keys.subList(from, Math.min(keys.size(), from + KEYS_PER_QUERY)))
                    .map(JdbcPeopleRepository::map)
                    .list());
        }
        return links;
    }

    @Override
    public void insert(PersonLink link) {
        conflicts.run(() -> handle.createUpdate("INSERT INTO people_links (chat_user, login, login_key, linked_at)"
                        + " VALUES (:chatUser, :login, :key, :linkedAt)")
                .bind("chatUser", link.chatUser())
                .bind("login", link.login())
                .bind("key", link.loginKey())
                .bind("linkedAt", millis(link.linkedAt()))
                .execute());
    }

    @Override
    public boolean delete(String chatUser) {
        return handle.createUpdate("DELETE FROM people_links WHERE chat_user = :chatUser")
                .bind("chatUser", chatUser)
                .execute() > 0;
    }

    private static PersonLink map(ResultSet rs, StatementContext ctx) throws SQLException {
        return new PersonLink(rs.getString("chat_user"), rs.getString("login"), instant(rs, "linked_at"));
    }
}
