package io.storecast.distribution.web;

import io.storecast.distribution.application.NetworkCommands;
import io.storecast.distribution.application.NetworkCommands.Page;
import io.storecast.distribution.domain.Dealer;
import io.storecast.distribution.domain.Staff;
import io.storecast.distribution.domain.Store;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/**
 * Dealers, stores and staff. Lists answer {@code {items, page, size, total}}; {@code size} is 1..200
 * (default 50), {@code page} starts at 0; {@code q} matches the start of a code or a name, ignoring case.
 */
@RestController
public class NetworkController {

    private final NetworkCommands network;

    public NetworkController(NetworkCommands network) {
        this.network = network;
    }

    public record DealerBody(@NotBlank @Size(max = 64) String code, @NotBlank @Size(max = 200) String name) {
    }

    public record StoreBody(@NotBlank @Size(max = 64) String code, @NotBlank @Size(max = 200) String name,
                            @Size(max = 100) String city, Double latitude, Double longitude,
                            @Size(max = 128) String dealerId) {
    }

    public record RegisterStaff(@NotBlank @Size(max = 200) String name, @Size(max = 128) String shopperCustomerId) {
    }

    /** {@code storeId} may be sent back as read, but a staff member never moves to another store. */
    public record UpdateStaff(@NotBlank @Size(max = 200) String name, @Size(max = 128) String shopperCustomerId,
                              @Size(max = 128) String storeId) {
    }

    // ---- dealers

    @PostMapping("/dealers")
    @ResponseStatus(HttpStatus.CREATED)
    public Dealer registerDealer(@Valid @RequestBody DealerBody r) {
        return network.registerDealer(r.code(), r.name());
    }

    @GetMapping("/dealers/{dealerId}")
    public Dealer dealer(@PathVariable String dealerId) {
        return network.dealer(dealerId);
    }

    @GetMapping("/dealers")
    public Page<Dealer> dealers(@RequestParam(required = false) Boolean active,
                                @RequestParam(required = false) String q,
                                @RequestParam(defaultValue = "0") int page,
                                @RequestParam(defaultValue = "50") int size) {
        return network.dealers(active, q, page, size);
    }

    @PutMapping("/dealers/{dealerId}")
    public Dealer updateDealer(@PathVariable String dealerId, @Valid @RequestBody DealerBody r) {
        return network.updateDealer(dealerId, r.code(), r.name());
    }

    @PostMapping("/dealers/{dealerId}/deactivate")
    public Dealer deactivateDealer(@PathVariable String dealerId) {
        return network.deactivateDealer(dealerId);
    }

    @PostMapping("/dealers/{dealerId}/activate")
    public Dealer activateDealer(@PathVariable String dealerId) {
        return network.activateDealer(dealerId);
    }

    // ---- stores

    @PostMapping("/stores")
    @ResponseStatus(HttpStatus.CREATED)
    public Store registerStore(@Valid @RequestBody StoreBody r) {
        return network.registerStore(r.code(), r.name(), r.city(), r.latitude(), r.longitude(), r.dealerId());
    }

    @GetMapping("/stores/{storeId}")
    public Store store(@PathVariable String storeId) {
        return network.store(storeId);
    }

    @GetMapping("/stores")
    public Page<Store> stores(@RequestParam(required = false) String dealerId,
                              @RequestParam(required = false) String city,
                              @RequestParam(required = false) Boolean active,
                              @RequestParam(required = false) String q,
                              @RequestParam(defaultValue = "0") int page,
                              @RequestParam(defaultValue = "50") int size) {
        return network.stores(dealerId, city, active, q, page, size);
    }

    @PutMapping("/stores/{storeId}")
    public Store updateStore(@PathVariable String storeId, @Valid @RequestBody StoreBody r) {
        return network.updateStore(storeId, r.code(), r.name(), r.city(), r.latitude(), r.longitude(),
                r.dealerId());
    }

    @PostMapping("/stores/{storeId}/deactivate")
    public Store deactivateStore(@PathVariable String storeId) {
        return network.deactivateStore(storeId);
    }

    @PostMapping("/stores/{storeId}/activate")
    public Store activateStore(@PathVariable String storeId) {
        return network.activateStore(storeId);
    }

    // ---- staff

    @PostMapping("/stores/{storeId}/staff")
    @ResponseStatus(HttpStatus.CREATED)
    public Staff registerStaff(@PathVariable String storeId, @Valid @RequestBody RegisterStaff r) {
        return network.registerStaff(storeId, r.name(), r.shopperCustomerId());
    }

    @GetMapping("/stores/{storeId}/staff")
    public Page<Staff> staffOf(@PathVariable String storeId,
                               @RequestParam(required = false) Boolean active,
                               @RequestParam(defaultValue = "0") int page,
                               @RequestParam(defaultValue = "50") int size) {
        return network.staffOf(storeId, active, page, size);
    }

    @GetMapping("/staff/{staffId}")
    public Staff staff(@PathVariable String staffId) {
        return network.staff(staffId);
    }

    @PutMapping("/staff/{staffId}")
    public Staff updateStaff(@PathVariable String staffId, @Valid @RequestBody UpdateStaff r) {
        return network.updateStaff(staffId, r.storeId(), r.name(), r.shopperCustomerId());
    }

    @PostMapping("/staff/{staffId}/deactivate")
    public Staff deactivateStaff(@PathVariable String staffId) {
        return network.deactivateStaff(staffId);
    }

    @PostMapping("/staff/{staffId}/activate")
    public Staff activateStaff(@PathVariable String staffId) {
        return network.activateStaff(staffId);
    }
}
