package dev.ditto.control.tenancy;

import dev.ditto.control.ConflictException;
import dev.ditto.control.NotFoundException;
import dev.ditto.control.Page;
import dev.ditto.control.PageRequest;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * Stores users. Thread-safe; each call is its own transaction unless made inside
 * {@link dev.ditto.control.ControlStore#inTransaction}.
 */
public interface UserStore {

    /**
     * Stores a new user.
     *
     * @param user the user
     * @return the user as stored
     * @throws ConflictException if the id exists or the tenant does not
     */
    User create(User user);

    /**
     * Finds a user.
     *
     * @param id the id
     * @return the user, or empty
     */
    Optional<User> get(String id);

    /**
     * Replaces a user's e-mail, alias and metadata (its tenant never changes).
     *
     * @param user the new state
     * @return the user as stored
     * @throws NotFoundException if no user has that id
     */
    User update(User user);

    /**
     * Deletes a user.
     *
     * @param id the id
     * @return true if it existed
     * @throws ConflictException if keys still belong to the user
     */
    boolean delete(String id);

    /**
     * Lists users by id.
     *
     * @param tenantId only this tenant's users, or null for every user
     * @param page where to start and how many
     * @return the page
     */
    Page<User> list(@Nullable String tenantId, PageRequest page);
}
