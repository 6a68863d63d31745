package io.datahub.model.notify;

import io.datahub.model.definition.EmailNotification;
import io.datahub.model.definition.JobPipelineDefinition;
import io.datahub.model.definition.Notification;
import io.datahub.model.definition.WebhookNotification;
import java.util.List;
import java.util.Objects;

/**
 * One {@code <notifications>} entry: who is told, on which event. A webhook has either a plain {@code url} or a
 * {@code urlSecretRef}, the name of a secret holding the URL (the URL itself never appears here).
 *
 * @param channel      {@code email} or {@code webhook}
 * @param to           the address(es) of an email, else null
 * @param url          the plain URL of a webhook, else null
 * @param urlSecretRef the secret naming a webhook's URL, else null
 * @param on           the event
 */
public record NotificationTarget(String channel, String to, String url, String urlSecretRef, NotifyEvent on) {

    public static final String EMAIL = "email";
    public static final String WEBHOOK = "webhook";

    public NotificationTarget {
        Objects.requireNonNull(on, "on");
        if (EMAIL.equals(channel)) {
            if (to == null || to.isBlank() || url != null || urlSecretRef != null) {
                throw new IllegalArgumentException("an email notification needs 'to' and nothing else");
            }
        } else if (WEBHOOK.equals(channel)) {
            if (to != null || (url == null) == (urlSecretRef == null)) {
                throw new IllegalArgumentException("a webhook notification needs exactly one of url or urlSecretRef");
            }
        } else {
            throw new IllegalArgumentException("channel '" + channel + "' is not email or webhook");
        }
    }

    public static NotificationTarget email(String to, NotifyEvent on) {
        return new NotificationTarget(EMAIL, to, null, null, on);
    }

    public static NotificationTarget webhook(String url, String urlSecretRef, NotifyEvent on) {
        return new NotificationTarget(WEBHOOK, null, url, urlSecretRef, on);
    }

    /** The entries of a (validated) job definition, in document order. */
    public static List<NotificationTarget> of(JobPipelineDefinition job) {
        return job.notifications().stream().map(NotificationTarget::of).toList();
    }

    private static NotificationTarget of(Notification n) {
        NotifyEvent on = NotifyEvent.fromXml(n.on());
        if (n instanceof EmailNotification e) {
            return email(e.to(), on);
        }
        WebhookNotification w = (WebhookNotification) n;
        return webhook(w.url(), w.urlSecretRef(), on);
    }
}
