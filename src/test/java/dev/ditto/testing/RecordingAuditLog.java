package dev.ditto.testing;

import dev.ditto.control.audit.AuditLog;
import dev.ditto.control.audit.AuditRecord;
import dev.ditto.control.audit.SecurityEvent;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** An {@link AuditLog} that keeps what it is told, unsampled, for tests to read. Thread-safe. */
public final class RecordingAuditLog implements AuditLog {

    private final List<SecurityEvent> events = new CopyOnWriteArrayList<>();
    private final List<AuditRecord> records = new CopyOnWriteArrayList<>();

    @Override
    public void security(SecurityEvent event) {
        events.add(event);
    }

    @Override
    public void append(AuditRecord record) {
        records.add(record);
    }

    /**
     * Returns the security events reported so far.
     *
     * @return in the order reported
     */
    public List<SecurityEvent> events() {
        return List.copyOf(events);
    }

    /**
     * Returns the security events of one action.
     *
     * @param action such as {@link SecurityEvent#REAPER_RUN}
     * @return in the order reported
     */
    public List<SecurityEvent> events(String action) {
        return events.stream().filter(event -> event.action().equals(action)).toList();
    }
}
