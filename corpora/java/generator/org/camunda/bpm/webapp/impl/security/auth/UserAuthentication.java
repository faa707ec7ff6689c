package org.camunda.bpm.webapp.impl.security.auth;

import java.util.Date;
import java.util.List;
import java.util.Set;

/** Shape of Camunda 7's authenticated user (same class name, SUID and serial fields). */
public class UserAuthentication extends Authentication {
    private static final long serialVersionUID = 1L;

    protected List<String> groupIds;
    protected List<String> tenantIds;
    protected Set<String> authorizedApps;
    protected Date cacheValidationTime;

    public UserAuthentication(String userId, String processEngineName) {
        super(userId, processEngineName);
    }

    public void setGroupIds(List<String> groupIds) { this.groupIds = groupIds; }
    public void setTenantIds(List<String> tenantIds) { this.tenantIds = tenantIds; }
    public void setAuthorizedApps(Set<String> authorizedApps) { this.authorizedApps = authorizedApps; }
    public void setCacheValidationTime(Date cacheValidationTime) { this.cacheValidationTime = cacheValidationTime; }
}
