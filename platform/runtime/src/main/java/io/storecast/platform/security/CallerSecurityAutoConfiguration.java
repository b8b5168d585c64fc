package io.storecast.platform.security;

import io.storecast.platform.streams.Peers;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springdoc.core.customizers.OpenApiCustomizer;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.security.authorization.AuthorizationDecision;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configuration.EnableWebSecurity;
import org.springframework.security.config.annotation.web.configurers.AbstractHttpConfigurer;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.core.authority.AuthorityUtils;
import org.springframework.security.oauth2.core.DelegatingOAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtClaimNames;
import org.springframework.security.oauth2.jwt.JwtClaimValidator;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtValidators;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;
import org.springframework.security.oauth2.server.resource.InvalidBearerTokenException;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.SecurityFilterChain;
import tools.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.MessageDigest;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.X509EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Who may call a service (ADR 0009). A service that sets {@code storecast.security.require-token} answers only
 * requests carrying a bearer token (a JWT) signed by the brand's identity provider, naming the caller's {@code role}
 * and {@code party} ({@link Caller}); its controllers then decide what that caller may see. The identity provider is
 * {@code issuer-uri} (its OpenID configuration gives the signing keys) or {@code public-key} (a PEM file holding its
 * RSA public key), and, when {@code audience} is set, tokens must name it in {@code aud}. Health, metrics and the
 * OpenAPI description need no token; {@code /internal/**} (instances of one service asking each other what their
 * state stores hold) takes instead the instances' shared {@code peer-secret} in {@link Peers#HEADER}, and nobody
 * when none is set. A missing or bad token answers {@code 401}, a caller without the right {@code 403}, both as
 * problem bodies naming {@code Authorization}.
 *
 * <p>Present only where Spring Security is on the classpath. A service that does not set {@code require-token} there
 * (locally all four services share one classpath) gets a chain that lets every request through and adds no headers,
 * as before.
 */
@AutoConfiguration(beforeName = {
        "org.springframework.boot.security.autoconfigure.web.servlet.ServletWebSecurityAutoConfiguration",
        "org.springframework.boot.security.autoconfigure.actuate.web.servlet.ManagementWebSecurityAutoConfiguration",
        "org.springframework.boot.security.autoconfigure.UserDetailsServiceAutoConfiguration",
        "org.springframework.boot.security.oauth2.server.resource.autoconfigure.servlet.OAuth2ResourceServerAutoConfiguration"})
@ConditionalOnClass({SecurityFilterChain.class, JwtDecoder.class})
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@EnableWebSecurity
@EnableConfigurationProperties(CallerSecurityAutoConfiguration.SecurityProperties.class)
public class CallerSecurityAutoConfiguration {

    private static final Logger log = LoggerFactory.getLogger(CallerSecurityAutoConfiguration.class);

    /**
     * @param requireToken whether every API request must carry a bearer token
     * @param issuerUri    the identity provider's issuer (OpenID discovery); tokens must name it as {@code iss}
     * @param publicKey    or: a PEM file with the identity provider's RSA public key
     * @param audience     when set, tokens must name it in {@code aud} (the identity provider's id for storecast)
     * @param peerSecret   what the service's instances prove themselves to each other with on {@code /internal/**}
     */
    @ConfigurationProperties("storecast.security")
    public record SecurityProperties(boolean requireToken, String issuerUri, String publicKey, String audience,
                                     String peerSecret) {
    }

    @Bean
    SecurityFilterChain storecastCallers(HttpSecurity http, SecurityProperties props, JsonMapper json)
            throws Exception {
        http.csrf(AbstractHttpConfigurer::disable)
                .httpBasic(AbstractHttpConfigurer::disable)
                .formLogin(AbstractHttpConfigurer::disable)
                .logout(AbstractHttpConfigurer::disable)
                .requestCache(AbstractHttpConfigurer::disable)
                .anonymous(AbstractHttpConfigurer::disable)
                .sessionManagement(s -> s.sessionCreationPolicy(SessionCreationPolicy.STATELESS));
        if (!props.requireToken()) {
            return http.headers(AbstractHttpConfigurer::disable)
                    .authorizeHttpRequests(a -> a.anyRequest().permitAll()).build();
        }
        JwtDecoder decoder = decoder(props);
        byte[] peerSecret = props.peerSecret() == null || props.peerSecret().isBlank() ? null
                : props.peerSecret().getBytes(StandardCharsets.UTF_8);
        if (peerSecret == null) {
            log.warn("storecast.security.peer-secret (STORECAST_PEER_SECRET) is not set: this service's instances "
                    + "cannot ask each other for what their state stores hold (/internal/**)");
        }
        AuthenticationEntryPoint unauthenticated = (req, res, e) -> problem(json, req, res, HttpStatus.UNAUTHORIZED,
                message(e, req.getHeader(HttpHeaders.AUTHORIZATION) != null));
        return http
                .authorizeHttpRequests(a -> a
                        .dispatcherTypeMatchers(DispatcherType.ERROR, DispatcherType.ASYNC).permitAll()
                        .requestMatchers("/actuator/health/**", "/actuator/health", "/actuator/info",
                                "/actuator/prometheus", "/v3/api-docs", "/v3/api-docs/**").permitAll()
                        .requestMatchers("/internal/**").access((auth, ctx) -> new AuthorizationDecision(
                                peerSecret != null && ctx.getRequest().getHeader(Peers.HEADER) != null
                                        && MessageDigest.isEqual(peerSecret, ctx.getRequest().getHeader(Peers.HEADER)
                                        .getBytes(StandardCharsets.UTF_8))))
                        .anyRequest().authenticated())
                .oauth2ResourceServer(o -> o
                        .jwt(j -> j.decoder(decoder)
                                .jwtAuthenticationConverter(CallerSecurityAutoConfiguration::caller))
                        .authenticationEntryPoint(unauthenticated)
                        .accessDeniedHandler((req, res, e) -> problem(json, req, res, HttpStatus.FORBIDDEN,
                                "this caller may not do this")))
                .exceptionHandling(e -> e.authenticationEntryPoint(unauthenticated))
                .build();
    }

    /** The API description says every operation takes the bearer token (where the service requires one). */
    @Bean
    @ConditionalOnProperty("storecast.security.require-token")
    OpenApiCustomizer bearerTokens() {
        return api -> {
            api.schemaRequirement("bearer", new io.swagger.v3.oas.models.security.SecurityScheme()
                    .type(io.swagger.v3.oas.models.security.SecurityScheme.Type.HTTP).scheme("bearer")
                    .bearerFormat("JWT").description("from the brand's identity provider: claims role (HQ, FINANCE, "
                            + "DEALER, STORE, STAFF) and party (the dealer's, store's or staff member's id)"));
            api.addSecurityItem(new io.swagger.v3.oas.models.security.SecurityRequirement().addList("bearer"));
        };
    }

    /** A verified token whose claims name a {@link Caller}; one that names none is as bad as a forged one. */
    static AbstractAuthenticationToken caller(Jwt jwt) {
        Caller c;
        try {
            c = Caller.of(jwt.getClaims());
        } catch (IllegalArgumentException e) {
            throw new InvalidBearerTokenException(e.getMessage());
        }
        return new CallerAuthentication(c, jwt);
    }

    static JwtDecoder decoder(SecurityProperties props) {
        boolean issuer = props.issuerUri() != null && !props.issuerUri().isBlank();
        boolean key = props.publicKey() != null && !props.publicKey().isBlank();
        if (issuer == key) {
            throw new IllegalStateException("storecast.security.require-token is set: give exactly one of "
                    + "storecast.security.issuer-uri (STORECAST_JWT_ISSUER_URI) and storecast.security.public-key "
                    + "(STORECAST_JWT_PUBLIC_KEY, a PEM file), so the service knows whose tokens to trust");
        }
        NimbusJwtDecoder d = issuer ? NimbusJwtDecoder.withIssuerLocation(props.issuerUri().trim()).build()
                : NimbusJwtDecoder.withPublicKey(readPublicKey(Path.of(props.publicKey().trim()))).build();
        List<OAuth2TokenValidator<Jwt>> checks = new ArrayList<>();
        checks.add(issuer ? JwtValidators.createDefaultWithIssuer(props.issuerUri().trim())
                : JwtValidators.createDefault());
        if (props.audience() != null && !props.audience().isBlank()) {
            String audience = props.audience().trim();
            checks.add(new JwtClaimValidator<List<String>>(JwtClaimNames.AUD,
                    aud -> aud != null && aud.contains(audience)));
        }
        d.setJwtValidator(new DelegatingOAuth2TokenValidator<>(checks));
        return d;
    }

    /** An RSA public key from a PEM file ({@code -----BEGIN PUBLIC KEY-----}, X.509 SubjectPublicKeyInfo). */
    public static RSAPublicKey readPublicKey(Path pem) {
        try {
            String body = Files.readString(pem).replaceAll("-----(BEGIN|END) PUBLIC KEY-----", "")
                    .replaceAll("\\s", "");
            return (RSAPublicKey) KeyFactory.getInstance("RSA")
                    .generatePublic(new X509EncodedKeySpec(Base64.getDecoder().decode(body)));
        } catch (IOException | GeneralSecurityException | IllegalArgumentException | ClassCastException e) {
            throw new IllegalStateException("storecast.security.public-key: " + pem + " holds no RSA public key "
                    + "in PEM: " + e.getMessage(), e);
        }
    }

    private static String message(Exception e, boolean tokenSent) {
        if (!tokenSent) {
            return "a bearer token is required: Authorization: Bearer <token from the brand's identity provider>";
        }
        return e instanceof OAuth2AuthenticationException o && o.getError().getDescription() != null
                ? "the bearer token was refused: " + o.getError().getDescription()
                : "the bearer token was refused";
    }

    /** The same problem body {@code ProblemDetailsAdvice} writes, from a filter (before any controller). */
    private static void problem(JsonMapper json, HttpServletRequest req, HttpServletResponse res, HttpStatus status,
                                String message) throws IOException {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("type", "about:blank");
        p.put("title", status.getReasonPhrase());
        p.put("status", status.value());
        p.put("detail", message);
        p.put("instance", req.getRequestURI());
        p.put("errors", List.of(Map.of("field", HttpHeaders.AUTHORIZATION, "message", message)));
        res.setStatus(status.value());
        if (status == HttpStatus.UNAUTHORIZED) {
            res.setHeader(HttpHeaders.WWW_AUTHENTICATE, "Bearer");
        }
        res.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
        res.getOutputStream().write(json.writeValueAsBytes(p));
    }

    /** The authenticated caller: {@link #getPrincipal()} is the {@link Caller}, the authority {@code ROLE_<role>}. */
    static final class CallerAuthentication extends AbstractAuthenticationToken {

        private final Caller caller;
        private final Jwt jwt;

        CallerAuthentication(Caller caller, Jwt jwt) {
            super(AuthorityUtils.createAuthorityList("ROLE_" + caller.role().name()));
            this.caller = caller;
            this.jwt = jwt;
            setAuthenticated(true);
        }

        @Override
        public Object getCredentials() {
            return jwt;
        }

        @Override
        public Caller getPrincipal() {
            return caller;
        }
    }
}
