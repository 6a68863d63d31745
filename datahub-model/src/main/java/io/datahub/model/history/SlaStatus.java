package io.datahub.model.history;

/** Whether a run met its SLA (DESIGN section 5). UNKNOWN: no SLA, or a run still within it. */
public enum SlaStatus {
    MET, BREACHED, UNKNOWN
}
