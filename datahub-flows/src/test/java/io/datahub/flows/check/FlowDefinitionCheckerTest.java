package io.datahub.flows.check;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.datahub.flows.FlowDefinitionJson;
import io.datahub.flows.Repo;
import java.util.List;
import java.util.Set;
import org.apache.nifi.flow.Bundle;
import org.apache.nifi.flow.VersionedConnection;
import org.apache.nifi.flow.VersionedControllerService;
import org.apache.nifi.flow.VersionedParameter;
import org.apache.nifi.flow.VersionedProcessGroup;
import org.apache.nifi.flow.VersionedProcessor;
import org.apache.nifi.flow.VersionedPropertyDescriptor;
import org.apache.nifi.registry.flow.RegisteredFlowSnapshot;
import org.junit.jupiter.api.Test;

/** The check finds each kind of mistake NiFi would refuse, in an otherwise valid definition (the customer template). */
class FlowDefinitionCheckerTest {

    private static final String STAGING = "customer/staging/";

    private final RegisteredFlowSnapshot flow = FlowDefinitionJson.read(Repo.read(Repo.template("customer")));

    private List<String> problems() {
        return FlowDefinitionCheckTest.check(flow).problems();
    }

    private VersionedProcessGroup staging() {
        return flow.getFlowContents().getProcessGroups().stream().filter(g -> g.getName().equals("staging")).findFirst().orElseThrow();
    }

    private VersionedProcessor processor(final String name) {
        return staging().getProcessors().stream().filter(p -> p.getName().equals(name)).findFirst().orElseThrow();
    }

    private VersionedControllerService service(final String name) {
        return flow.getFlowContents().getControllerServices().stream().filter(s -> s.getName().equals(name)).findFirst().orElseThrow();
    }

    private static VersionedPropertyDescriptor descriptor(final String name, final boolean sensitive, final boolean dynamic) {
        final VersionedPropertyDescriptor descriptor = new VersionedPropertyDescriptor();
        descriptor.setName(name);
        descriptor.setDisplayName(name);
        descriptor.setSensitive(sensitive);
        descriptor.setDynamic(dynamic);
        return descriptor;
    }

    @Test
    void theUnchangedTemplateHasNoProblem() {
        assertEquals(List.of(), problems());
    }

    @Test
    void aPropertyTheComponentDoesNotDeclare() {
        final VersionedProcessor putFile = processor("Put into layer data");
        putFile.getProperties().put("Directory Path", "/tmp");
        putFile.getPropertyDescriptors().put("Directory Path", descriptor("Directory Path", false, false));

        assertEquals(List.of(STAGING + "Put into layer data: property 'Directory Path' is not a property of org.apache.nifi.processors.standard.PutFile"
                + " (it has [Directory, Conflict Resolution Strategy, Create Missing Directories, Maximum File Count, Last Modified Time,"
                + " Permissions, Owner, Group])"), problems());
    }

    @Test
    void aRequiredPropertyLeftUnset() {
        processor("Put into layer data").getProperties().remove("Directory");

        assertEquals(List.of(STAGING + "Put into layer data: required property 'Directory' has no value and no default"), problems());
    }

    @Test
    void aRequiredPropertyWhoseDependencyIsNotMetMayStayUnset() {
        // PutEmail's OAuth2 provider is required only in OAuth2 mode; choosing that mode makes it required.
        final VersionedProcessor email = processor("Send email");
        email.getProperties().put("authorization-mode", "oauth-based-authorization-mode");
        email.getPropertyDescriptors().put("authorization-mode", descriptor("authorization-mode", false, false));

        assertEquals(List.of(STAGING + "Send email: required property 'oauth2-access-token-provider' has no value and no default"), problems());
    }

    @Test
    void anUndefinedParameter() {
        processor("List landing files").getProperties().put("Input Directory", "#{datahub.landing.dir}/customer/staging");

        // datahub.inbox.dir is still used by the other layers.
        assertEquals(List.of(STAGING + "List landing files: property 'Input Directory' references parameter 'datahub.landing.dir', which the"
                + " group's parameter context does not define"), problems());
    }

    @Test
    void aSensitiveParameterInANonSensitiveProperty() {
        processor("Send email").getProperties().put("SMTP Username", "#{datahub.smtp.password}");

        assertEquals(List.of(STAGING + "Send email: property 'SMTP Username' is not sensitive but references sensitive parameter"
                        + " 'datahub.smtp.password' (NiFi refuses: sensitive parameters may only be referenced by sensitive properties)",
                "parameter context 'datahub': parameter 'datahub.smtp.username' is referenced by no property"), problems());
    }

    @Test
    void aSecretValueWrittenIntoASensitiveProperty() {
        service("Run History Database").getProperties().put("Password", "s3cret");

        assertEquals(List.of("customer/Run History Database: sensitive property 'Password' must be exactly one parameter reference #{name}"
                        + " (a definition carries no secret value)",
                "parameter context 'datahub': parameter 'datahub.history.db.password' is referenced by no property"), problems());
    }

    @Test
    void aSensitivePropertyFilledFromANonSensitiveParameter() {
        final VersionedParameter password = flow.getParameterContexts().get("datahub").getParameters().stream()
                .filter(p -> p.getName().equals("datahub.history.db.password")).findFirst().orElseThrow();
        password.setSensitive(false);

        assertEquals(List.of("customer/Run History Database: sensitive property 'Password' references parameter 'datahub.history.db.password',"
                + " which is not sensitive (NiFi refuses it)"), problems());
    }

    @Test
    void aSensitiveParameterWithAValue() {
        flow.getParameterContexts().get("datahub-customer").getParameters().stream()
                .filter(p -> p.getName().equals("customer_mask_key")).findFirst().orElseThrow().setValue("k");

        assertEquals(List.of("parameter context 'datahub-customer': sensitive parameter 'customer_mask_key' carries a value"), problems());
    }

    @Test
    void aControllerServiceThatDoesNotProvideTheApiTheProcessorNeeds() {
        // The loader needs a PipelineRegistry; the run-history store is none.
        processor("Load pipeline").getProperties().put("Pipeline Registry", service("Run History Store").getIdentifier());

        assertEquals(List.of(STAGING + "Load pipeline: property 'Pipeline Registry' needs a io.datahub.nifi.services.PipelineRegistry, but"
                + " 'Run History Store' (io.datahub.nifi.services.JdbcRunHistoryStore) does not provide one"), problems());
    }

    @Test
    void aControllerServiceThatIsNotInScope() {
        processor("Record run").getProperties().put("Run History Store", "5f0b7c5e-0000-3000-8000-000000000000");

        assertEquals(List.of(STAGING + "Record run: property 'Run History Store' names controller service 5f0b7c5e-0000-3000-8000-000000000000,"
                + " which is not in its group or an enclosing one"), problems());
    }

    @Test
    void aComponentInAnotherBundleVersion() {
        processor("Fetch landing file").setBundle(new Bundle("org.apache.nifi", "nifi-standard-nar", "2.7.0"));

        assertEquals(List.of(STAGING + "Fetch landing file: bundle org.apache.nifi:nifi-standard-nar:2.7.0, but"
                + " org.apache.nifi.processors.standard.FetchFile is in org.apache.nifi:nifi-standard-nar:2.8.0"), problems());
    }

    @Test
    void aTypeNoBundleHas() {
        processor("Fetch landing file").setType("org.apache.nifi.processors.standard.FetchFiles");

        assertEquals(List.of(STAGING + "Fetch landing file: type org.apache.nifi.processors.standard.FetchFiles is not a known component"),
                problems());
    }

    @Test
    void aConnectionOverARelationshipTheSourceDoesNotHave() {
        final VersionedConnection loaderToSubmit = staging().getConnections().stream()
                .filter(c -> c.getSource().getName().equals("Load pipeline") && c.getSelectedRelationships().equals(Set.of("valid")))
                .findFirst().orElseThrow();
        loaderToSubmit.setSelectedRelationships(Set.of("success"));

        assertEquals(List.of(STAGING + "Load pipeline: relationship 'valid' is neither connected nor auto-terminated",
                STAGING + "connection Load pipeline -[success]-> Submit to Spark: 'Load pipeline' has no relationship 'success'"
                        + " (it has [invalid, valid])"),
                problems().stream().sorted().toList());
    }

    @Test
    void theRunningLoopMissing() {
        staging().getConnections().removeIf(c -> c.getSource().getName().equals("Submit to Spark")
                && c.getSelectedRelationships().equals(Set.of("running")));

        assertEquals(List.of(STAGING + "Submit to Spark: relationship 'running' is neither connected nor auto-terminated"), problems());
    }

    @Test
    void aProcessorThatNeedsInputWithoutAnIncomingConnection() {
        staging().getConnections().removeIf(c -> c.getDestination().getName().equals("Fetch landing file"));
        processor("List landing files").getAutoTerminatedRelationships().add("success");

        assertEquals(List.of(STAGING + "Fetch landing file: needs an incoming connection (input required)"), problems());
    }

    @Test
    void twoProcessorsOnTheSameSpot() {
        processor("Fetch landing file").setPosition(processor("List landing files").getPosition());

        final List<String> problems = problems();
        assertEquals(1, problems.size(), problems.toString());
        // Whichever of the two is met second is reported.
        assertTrue(problems.get(0).matches(STAGING + "(Fetch landing file|List landing files): is placed at 0.0,0.0 on top of another processor"),
                problems.get(0));
    }

    @Test
    void aDynamicPropertyOnAComponentWithoutThem() {
        final VersionedProcessor fetch = processor("Fetch landing file");
        fetch.getProperties().put("retries", "3");
        fetch.getPropertyDescriptors().put("retries", descriptor("retries", false, true));

        assertEquals(1, problems().size());
        assertEquals(STAGING + "Fetch landing file: property 'retries' is not a property of org.apache.nifi.processors.standard.FetchFile (it has"
                + " [File to Fetch, Completion Strategy, Move Destination Directory, Move Conflict Strategy, Log level when file not found,"
                + " Log level when permission denied])", problems().get(0));
    }

    @Test
    void aSubmitterSecretThatIsNotMarkedSensitive() {
        service("Spark Submitter (Livy batch)").getPropertyDescriptors().get("secret.customer_mask_key").setSensitive(false);

        assertEquals(List.of("customer/Spark Submitter (Livy batch): property 'secret.customer_mask_key' is described as not sensitive,"
                + " the component says it is sensitive"), problems());
    }

    @Test
    void aWebhookUrlParameterThatIsNotSensitive() {
        flow.getParameterContexts().get("datahub-customer").getParameters().stream()
                .filter(p -> p.getName().equals("customer_slack_webhook")).findFirst().orElseThrow().setSensitive(false);

        assertEquals(List.of(STAGING + "Post webhook: sensitive property 'secret.customer_slack_webhook' references parameter"
                + " 'customer_slack_webhook', which is not sensitive (NiFi refuses it)"), problems());
    }

    @Test
    void aWebhookUrlParameterInAPropertyThatIsNotSensitive() {
        // As it would be in InvokeHTTP's HTTP URL: PostWebhook's Request Timeout is a declared, non-sensitive property.
        final VersionedProcessor webhook = processor("Post webhook");
        webhook.getProperties().put("Request Timeout", "#{customer_slack_webhook}");
        webhook.getPropertyDescriptors().put("Request Timeout", descriptor("Request Timeout", false, false));

        assertEquals(List.of(STAGING + "Post webhook: property 'Request Timeout' is not sensitive but references sensitive parameter"
                + " 'customer_slack_webhook' (NiFi refuses: sensitive parameters may only be referenced by sensitive properties)"), problems());
    }

    @Test
    void aWebhookUrlPropertyDescribedAsNotSensitive() {
        processor("Post webhook").getPropertyDescriptors().get("secret.customer_slack_webhook").setSensitive(false);

        assertEquals(List.of(STAGING + "Post webhook: property 'secret.customer_slack_webhook' is described as not sensitive, the component"
                + " says it is sensitive"), problems());
    }

    @Test
    void aWebhookUrlWrittenIntoTheDefinition() {
        processor("Post webhook").getProperties().put("secret.customer_slack_webhook", "https://hooks.slack.com/services/T1/B2/abc");

        assertEquals(List.of(STAGING + "Post webhook: sensitive property 'secret.customer_slack_webhook' must be exactly one parameter"
                        + " reference #{name} (a definition carries no secret value)",
                "parameter context 'datahub-customer': parameter 'customer_slack_webhook' is referenced by no property"), problems());
    }

    @Test
    void theWebhookRetryLoopMissing() {
        staging().getConnections().removeIf(c -> c.getSource().getName().equals("Post webhook") && c.getSelectedRelationships().equals(Set.of("retry")));

        assertEquals(List.of(STAGING + "Post webhook: relationship 'retry' is neither connected nor auto-terminated"), problems());
    }

    @Test
    void aJobRunnerRelationshipLeftOpen() {
        processor("Run jobs").getAutoTerminatedRelationships().remove("original");

        assertEquals(List.of(STAGING + "Run jobs: relationship 'original' is neither connected nor auto-terminated"), problems());
    }
}
