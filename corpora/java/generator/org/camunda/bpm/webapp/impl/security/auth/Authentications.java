package org.camunda.bpm.webapp.impl.security.auth;

import java.io.Serializable;
import java.util.HashMap;
import java.util.Map;

/** Shape of Camunda 7's per-session authentications, keyed by process engine name. */
public class Authentications implements Serializable {
    private static final long serialVersionUID = 1L;

    protected Map<String, Authentication> authentications = new HashMap<>();

    public void addOrReplace(Authentication authentication) {
        authentications.put(authentication.getProcessEngineName(), authentication);
    }

    public Authentication getAuthentication(String engineName) {
        return authentications.get(engineName);
    }
}
