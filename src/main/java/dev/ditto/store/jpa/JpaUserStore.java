package dev.ditto.store.jpa;

import dev.ditto.control.Page;
import dev.ditto.control.PageRequest;
import dev.ditto.control.tenancy.User;
import dev.ditto.control.tenancy.UserStore;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/** {@link UserStore} on {@code ditto_user}. */
final class JpaUserStore implements UserStore {

    private final Crud<UserEntity, User> crud;

    JpaUserStore(Transactions tx) {
        this.crud = new Crud<>(tx, UserEntity.class, "user", UserEntity::of, UserEntity::toRecord, UserEntity::apply,
                User::id, entity -> entity.id);
    }

    @Override
    public User create(User user) {
        return crud.create(user);
    }

    @Override
    public Optional<User> get(String id) {
        return crud.get(id);
    }

    @Override
    public User update(User user) {
        return crud.update(user);
    }

    @Override
    public boolean delete(String id) {
        return crud.delete(id);
    }

    @Override
    public Page<User> list(@Nullable String tenantId, PageRequest page) {
        return crud.list(new Keyset().eq("tenantId", tenantId), page);
    }
}
