package org.camunda.bpm.webapp.impl.security.auth;

import java.io.Serializable;
import java.security.Principal;

/** Shape of Camunda 7's webapp authentication (same class name, SUID and serial fields). */
public class Authentication implements Principal, Serializable {
    private static final long serialVersionUID = 1L;

    public static final Authentication ANONYMOUS = new Authentication(null, null);

    protected final String identityId;
    protected final String processEngineName;

    public Authentication(String identityId, String processEngineName) {
        this.identityId = identityId;
        this.processEngineName = processEngineName;
    }

    @Override
    public String getName() {
        return identityId;
    }

    public String getIdentityId() {
        return identityId;
    }

    public String getProcessEngineName() {
        return processEngineName;
    }
}
