package msmcorpus;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.apache.catalina.Manager;
import org.apache.catalina.session.StandardSession;

/**
 * A Tomcat 9 session with the extra state msm's MemcachedBackupSession keeps
 * ({@code lastBackupTime}) and access to the raw fields msm serializes. msm reads the
 * {@code *Internal} values, i.e. the fields themselves, not the getters that check validity or
 * update access times.
 */
final class BackupSession extends StandardSession {
    private static final long serialVersionUID = 1L;

    long lastBackupTime;

    /** One setAttribute (value non-null) or removeAttribute (value null) call, in call order. */
    record AttributeCall(String name, Object value) {}

    /**
     * Every attribute call made on this session. Replaying them on another Tomcat session gives a
     * map with the same iteration order (a ConcurrentHashMap's order within a bin depends on the
     * order of the puts, not only on the keys).
     */
    final transient List<AttributeCall> attributeCalls = new ArrayList<>();

    BackupSession(Manager manager) {
        super(manager);
    }

    @Override
    public void setAttribute(String name, Object value, boolean notify) {
        attributeCalls.add(new AttributeCall(name, value));
        super.setAttribute(name, value, notify);
    }

    @Override
    public void removeAttribute(String name, boolean notify) {
        attributeCalls.add(new AttributeCall(name, null));
        super.removeAttribute(name, notify);
    }

    long creationTimeInternal() {
        return creationTime;
    }

    long lastAccessedTimeInternal() {
        return lastAccessedTime;
    }

    long thisAccessedTimeInternal() {
        return thisAccessedTime;
    }

    int maxInactiveIntervalInternal() {
        return maxInactiveInterval;
    }

    boolean newInternal() {
        return isNew;
    }

    boolean validInternal() {
        return isValid;
    }

    /** Sets the three times directly: {@code setCreationTime} would overwrite the access times. */
    void times(long creation, long lastAccessed, long thisAccessed) {
        this.creationTime = creation;
        this.lastAccessedTime = lastAccessed;
        this.thisAccessedTime = thisAccessed;
    }

    /** The session's own attribute map (a ConcurrentHashMap), as msm's getAttributesInternal. */
    Map<String, Object> attributeMap() {
        return attributes;
    }

    /** Tomcat's exclusion rule, which msm's Java transcoder applies to every attribute. */
    boolean excludes(String name, Object value) {
        return exclude(name, value);
    }
}
