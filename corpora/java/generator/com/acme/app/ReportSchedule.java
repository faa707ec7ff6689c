package com.acme.app;

import java.io.Serializable;

/** A serializable schedule holding a ReportJob: Java aborts inside the nested job. */
public class ReportSchedule implements Serializable {
    private static final long serialVersionUID = 1L;

    private final String cron;
    private final ReportJob job;
    private final int retries;

    public ReportSchedule(String cron, ReportJob job, int retries) {
        this.cron = cron;
        this.job = job;
        this.retries = retries;
    }
}
