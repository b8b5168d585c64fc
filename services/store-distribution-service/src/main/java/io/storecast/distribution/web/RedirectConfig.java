package io.storecast.distribution.web;

import io.micrometer.core.instrument.MeterRegistry;
import io.storecast.distribution.application.LinkCommands;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.PathItem;
import io.swagger.v3.oas.models.headers.Header;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.StringSchema;
import io.swagger.v3.oas.models.parameters.Parameter;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.oas.models.responses.ApiResponses;
import org.springdoc.core.customizers.OpenApiCustomizer;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;

/** Puts {@link RedirectFilter} in front of everything else on {@code /l/*}, and describes it in OpenAPI. */
@Configuration
class RedirectConfig {

    @Bean
    FilterRegistrationBean<RedirectFilter> redirectFilter(
            LinkCommands links, MeterRegistry meters, @Value("${storecast.public-base-url}") String publicBaseUrl,
            @Value("${storecast.redirect.rate-limit.per-second:20}") long perSecond,
            @Value("${storecast.redirect.rate-limit.burst:40}") long burst) {
        FilterRegistrationBean<RedirectFilter> registration = new FilterRegistrationBean<>(new RedirectFilter(links,
                new RedirectRateLimit(perSecond, burst), publicBaseUrl.startsWith("https:"), meters));
        registration.addUrlPatterns("/l/*");
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE);
        return registration;
    }

    /** The filter is not an MVC handler, so springdoc cannot see it: describe it by hand. */
    @Bean
    OpenApiCustomizer redirectApi() {
        Content html = new Content().addMediaType("text/html", new MediaType().schema(new StringSchema()));
        Operation follow = new Operation().operationId("follow").addTagsItem("links")
                .summary("Follow a tracked link: 302 to its room's watch URL with ref={code}, recording the click")
                .description("The target is built from our own room record, never from the request. Sets the "
                        + "first-party visitor cookie " + RedirectFilter.VISITOR_COOKIE + " when absent.")
                .addParametersItem(new Parameter().in("path").name("code").required(true)
                        .schema(new StringSchema().pattern("[0-9A-Za-z]+")))
                .responses(new ApiResponses()
                        .addApiResponse("302", new ApiResponse().description("to the room's watch URL")
                                .addHeaderObject("Location", new Header().schema(new StringSchema())))
                        .addApiResponse("404", new ApiResponse().description("unknown code").content(html))
                        .addApiResponse("410", new ApiResponse()
                                .description("expired or revoked link, or its owner deactivated").content(html))
                        .addApiResponse("429", new ApiResponse().description("too many requests from this address")
                                .addHeaderObject("Retry-After", new Header().schema(new StringSchema()))
                                .content(html)));
        return api -> api.path("/l/{code}", new PathItem().get(follow));
    }
}
