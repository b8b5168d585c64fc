package io.storecast.attribution.web;

import io.storecast.attribution.application.Access;
import io.storecast.attribution.application.Policies;
import io.storecast.attribution.domain.Policy;
import io.storecast.attribution.persistence.AttributionDocuments.PolicyDoc;
import io.storecast.platform.security.Caller;
import io.storecast.platform.security.Caller.Role;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

import java.util.List;

/**
 * HQ reads and changes the brand's attribution policy. Each change is a new version; decisions record the version
 * they used, and one taken earlier never changes.
 */
@RestController
public class PolicyController {

    private final Policies policies;
    private final Access access;

    public PolicyController(Policies policies, Access access) {
        this.policies = policies;
        this.access = access;
    }

    /** The whole new policy, the version it is based on, and why (who: the person the token names). */
    public record ChangePolicy(
            @NotNull @Min(1) Integer basedOnVersion,
            @NotNull Policy.Model model,
            @NotNull @Min(1) @Max(8760) Integer lookbackHours,
            @NotNull @Min(0) @Max(3650) Integer protectionDays,
            @NotNull @Min(0) @Max(3650) Integer validityDays,
            @NotNull Policy.SelfPurchase selfPurchase,
            @NotBlank @Size(max = 1000) String reason) {
    }

    /** Every caller reads the rules; who at HQ changed them ({@code changedBy}) only HQ and finance. */
    @GetMapping("/attribution/policy")
    public PolicyDoc current(@AuthenticationPrincipal Caller caller) {
        return seen(caller, policies.latest());
    }

    @GetMapping("/attribution/policy/versions")
    public List<PolicyDoc> versions(@AuthenticationPrincipal Caller caller) {
        return policies.history().stream().map(p -> seen(caller, p)).toList();
    }

    @GetMapping("/attribution/policy/versions/{version}")
    public PolicyDoc version(@AuthenticationPrincipal Caller caller, @PathVariable int version) {
        return seen(caller, policies.version(version));
    }

    private static PolicyDoc seen(Caller caller, PolicyDoc p) {
        return caller.seesAll() ? p : new PolicyDoc(p.version(), p.model(), p.lookbackHours(), p.protectionDays(),
                p.validityDays(), p.selfPurchase(), null, p.reason(), p.changedAt());
    }

    /** HQ only; every caller may read the policy, so a store knows the rules its orders are credited by. */
    @PutMapping("/attribution/policy")
    public PolicyDoc change(@AuthenticationPrincipal Caller caller, @Valid @RequestBody ChangePolicy c) {
        access.require(caller, Role.HQ);
        return policies.change(c.basedOnVersion(), c.model(), c.lookbackHours(), c.protectionDays(), c.validityDays(),
                c.selfPurchase(), caller.name(), c.reason().trim());
    }
}
