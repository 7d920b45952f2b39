package dev.slipway.store;

import dev.slipway.domain.PersonLink;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

/**
 * Chat users linked to code host logins: one login per chat user and one chat user per login, logins compared in
 * any case ({@link PersonLink#key}) and kept as they were spelled when claimed.
 */
public interface PeopleRepository {
    Optional<PersonLink> findByChatUser(String chatUser);

    /** The link of {@code login}, in whatever case it is given. */
    Optional<PersonLink> findByLogin(String login);

    /** The links of those of {@code logins} (in any case) that are linked, in no particular order. */
    List<PersonLink> listByLogins(Collection<String> logins);

    /** Throws {@link ConflictException} when the chat user already has a login, or the login already has a chat user. */
    void insert(PersonLink link);

    /** Returns false when the chat user had no login. */
    boolean delete(String chatUser);
}
