package io.storecast.distribution.web;

import io.storecast.distribution.application.NetworkCommands;
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
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

@RestController
public class NetworkController {

    private final NetworkCommands network;

    public NetworkController(NetworkCommands network) {
        this.network = network;
    }

    public record RegisterDealer(@NotBlank @Size(max = 64) String code, @NotBlank @Size(max = 200) String name) {
    }

    public record RegisterStore(@NotBlank @Size(max = 64) String code, @NotBlank @Size(max = 200) String name,
                                @Size(max = 128) String dealerId) {
    }

    public record RegisterStaff(@NotBlank @Size(max = 200) String name, @Size(max = 128) String shopperCustomerId) {
    }

    @PostMapping("/dealers")
    @ResponseStatus(HttpStatus.CREATED)
    public Dealer registerDealer(@Valid @RequestBody RegisterDealer r) {
        return network.registerDealer(r.code(), r.name());
    }

    @GetMapping("/dealers/{dealerId}")
    public Dealer dealer(@PathVariable String dealerId) {
        return network.dealer(dealerId);
    }

    @PostMapping("/stores")
    @ResponseStatus(HttpStatus.CREATED)
    public Store registerStore(@Valid @RequestBody RegisterStore r) {
        return network.registerStore(r.code(), r.name(), r.dealerId());
    }

    @GetMapping("/stores/{storeId}")
    public Store store(@PathVariable String storeId) {
        return network.store(storeId);
    }

    @PostMapping("/stores/{storeId}/staff")
    @ResponseStatus(HttpStatus.CREATED)
    public Staff registerStaff(@PathVariable String storeId, @Valid @RequestBody RegisterStaff r) {
        return network.registerStaff(storeId, r.name(), r.shopperCustomerId());
    }

    @GetMapping("/staff/{staffId}")
    public Staff staff(@PathVariable String staffId) {
        return network.staff(staffId);
    }
}
