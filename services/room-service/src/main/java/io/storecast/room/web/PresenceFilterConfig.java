package io.storecast.room.web;

import io.micrometer.core.instrument.MeterRegistry;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.PathItem;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.ObjectSchema;
import io.swagger.v3.oas.models.media.StringSchema;
import io.swagger.v3.oas.models.parameters.Parameter;
import io.swagger.v3.oas.models.parameters.RequestBody;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.oas.models.responses.ApiResponses;
import io.storecast.room.application.PresenceCommands;
import org.springdoc.core.customizers.OpenApiCustomizer;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;

/** Puts {@link PresenceFilter} in front of everything else on {@code /sessions/*}, and describes it in OpenAPI. */
@Configuration
class PresenceFilterConfig {

    @Bean
    FilterRegistrationBean<PresenceFilter> presenceFilter(PresenceCommands presence, MeterRegistry meters) {
        FilterRegistrationBean<PresenceFilter> registration = new FilterRegistrationBean<>(
                new PresenceFilter(presence, meters));
        registration.addUrlPatterns("/sessions/*");
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE);
        return registration;
    }

    /** The filter is not an MVC handler, so springdoc cannot see it: describe it by hand. */
    @Bean
    OpenApiCustomizer presenceApi() {
        return api -> {
            api.path("/sessions/{sessionId}/join", new PathItem().post(operation("join",
                    "A viewer enters a LIVE session, through a link when ref is set; 202 once Kafka has the event",
                    true)));
            api.path("/sessions/{sessionId}/leave", new PathItem().post(operation("leave",
                    "A viewer leaves a LIVE session; 202 once Kafka has the event", false)));
        };
    }

    private static Operation operation(String id, String summary, boolean withRef) {
        ObjectSchema body = new ObjectSchema();
        body.addProperty("customerId", new StringSchema().maxLength(PresenceController.MAX_CUSTOMER_ID).pattern(PresenceController.TOKEN));
        if (withRef) {
            body.addProperty("ref", new StringSchema().maxLength(PresenceController.MAX_REF).pattern(PresenceController.TOKEN)
                    .nullable(true));
        }
        body.addRequiredItem("customerId");
        Content problem = new Content().addMediaType("application/problem+json", new MediaType().schema(new ObjectSchema()));
        ObjectSchema recorded = new ObjectSchema();
        for (String f : new String[]{"sessionId", "customerId", "ref", "at", "eventId"}) {
            recorded.addProperty(f, new StringSchema());
        }
        return new Operation().operationId(id).addTagsItem("presence").summary(summary)
                .addParametersItem(new Parameter().in("path").name("sessionId").required(true).schema(new StringSchema()))
                .requestBody(new RequestBody().required(true).content(new Content().addMediaType("application/json",
                        new MediaType().schema(body))))
                .responses(new ApiResponses()
                        .addApiResponse("202", new ApiResponse().description("recorded in Kafka").content(
                                new Content().addMediaType("application/json", new MediaType().schema(recorded))))
                        .addApiResponse("400", new ApiResponse().description("a field is missing or invalid")
                                .content(problem))
                        .addApiResponse("404", new ApiResponse().description("unknown session").content(problem))
                        .addApiResponse("409", new ApiResponse().description("the session is not LIVE").content(problem))
                        .addApiResponse("503", new ApiResponse().description("neither Kafka nor the store took it; retry")
                                .content(problem)));
    }
}
