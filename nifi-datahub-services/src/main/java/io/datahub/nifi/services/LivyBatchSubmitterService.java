package io.datahub.nifi.services;

import io.datahub.submit.SparkSubmitter;
import io.datahub.submit.livy.LivyBatchSubmitter;
import io.datahub.submit.livy.LivySettings;
import java.util.List;
import org.apache.nifi.annotation.behavior.DynamicProperties;
import org.apache.nifi.annotation.behavior.DynamicProperty;
import org.apache.nifi.annotation.behavior.SupportsSensitiveDynamicProperties;
import org.apache.nifi.annotation.documentation.CapabilityDescription;
import org.apache.nifi.annotation.documentation.SeeAlso;
import org.apache.nifi.annotation.documentation.Tags;
import org.apache.nifi.components.PropertyDescriptor;
import org.apache.nifi.controller.ConfigurationContext;
import org.apache.nifi.expression.ExpressionLanguageScope;

/** One Livy batch (one Spark application) per pipeline run, through {@code datahub-submit}'s {@link LivyBatchSubmitter}. */
@Tags({"datahub", "spark", "livy", "batch", "submit"})
@CapabilityDescription("Submits each Data Hub pipeline run to Apache Livy as a batch (POST /batches, one Spark application per"
        + " run, named by the run id so that a lost answer never starts a second job) and follows it by polling."
        + " Use it for large or long runs and runs that need their own resources.")
@SeeAlso({LivySessionSubmitterService.class})
@SupportsSensitiveDynamicProperties
@DynamicProperties({
    @DynamicProperty(name = "spark.<key>", value = "a Spark configuration value",
            description = "Spark configuration sent with every batch, e.g. spark.sql.shuffle.partitions = 200.",
            expressionLanguageScope = ExpressionLanguageScope.ENVIRONMENT),
    @DynamicProperty(name = "secret.<name>", value = "the secret's value (sensitive)",
            description = "A secret the pipelines reference by name (userSecretRef, secretRef); sent to Spark as the redacted"
                    + " configuration spark.datahub.secret.<name>, never as an argument.",
            expressionLanguageScope = ExpressionLanguageScope.NONE)
})
public class LivyBatchSubmitterService extends AbstractLivySubmitterService {

    @Override
    protected List<PropertyDescriptor> getSupportedPropertyDescriptors() {
        return LIVY_PROPERTIES;
    }

    @Override
    String verifyPath() {
        return "/batches";
    }

    @Override
    SparkSubmitter createSubmitter(final ConfigurationContext context, final LivySettings settings) {
        return new LivyBatchSubmitter(settings);
    }
}
