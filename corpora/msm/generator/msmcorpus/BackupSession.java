package msmcorpus;

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

    BackupSession(Manager manager) {
        super(manager);
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
