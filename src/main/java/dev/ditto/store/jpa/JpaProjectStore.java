package dev.ditto.store.jpa;

import dev.ditto.control.Page;
import dev.ditto.control.PageRequest;
import dev.ditto.control.tenancy.Project;
import dev.ditto.control.tenancy.ProjectStore;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/** {@link ProjectStore} on {@code ditto_project}. */
final class JpaProjectStore implements ProjectStore {

    private final Crud<ProjectEntity, Project> crud;

    JpaProjectStore(Transactions tx) {
        this.crud = new Crud<>(tx, ProjectEntity.class, "project", ProjectEntity::of, ProjectEntity::toRecord,
                ProjectEntity::apply, Project::id, entity -> entity.id);
    }

    @Override
    public Project create(Project project) {
        return crud.create(project);
    }

    @Override
    public Optional<Project> get(String id) {
        return crud.get(id);
    }

    @Override
    public Project update(Project project) {
        return crud.update(project);
    }

    @Override
    public boolean delete(String id) {
        return crud.delete(id);
    }

    @Override
    public Page<Project> list(@Nullable String tenantId, PageRequest page) {
        return crud.list(new Keyset().eq("tenantId", tenantId), page);
    }
}
