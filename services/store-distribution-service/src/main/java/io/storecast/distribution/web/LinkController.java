package io.storecast.distribution.web;

import io.storecast.distribution.application.Funnels;
import io.storecast.distribution.application.LinkCommands;
import io.storecast.distribution.domain.TrackedLink;
import io.storecast.distribution.domain.TrackedLink.OwnerType;
import io.storecast.platform.problems.InvalidFieldException;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.http.CacheControl;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

@RestController
public class LinkController {

    private static final Instant LATEST = Instant.parse("9999-12-31T23:59:59Z");

    private final LinkCommands links;
    private final Funnels funnels;
    private final Clock clock;
    private final String publicBaseUrl;

    public LinkController(LinkCommands links, Funnels funnels, Clock clock,
                          @Value("${storecast.public-base-url}") String publicBaseUrl) {
        this.links = links;
        this.funnels = funnels;
        this.clock = clock;
        this.publicBaseUrl = publicBaseUrl;
    }

    public record IssueLink(@NotNull OwnerType ownerType, @NotBlank @Size(max = 128) String ownerId,
                            @NotBlank @Size(max = 128) String roomId, @Size(max = 128) String sessionId,
                            @NotBlank @Size(max = 64) String channel, Instant expiresAt) {
    }

    public record LinkView(String code, OwnerType ownerType, String ownerId, String storeId, String dealerId,
                           String roomId, String sessionId, String channel, Instant issuedAt, Instant expiresAt,
                           Instant revokedAt, String url, String qrPng) {
    }

    /** One link per store (ownerType STORE) or per staff member (STAFF) of a dealer, or of the chain. */
    public record IssueBulk(@NotNull OwnerType ownerType, @Size(max = 128) String dealerId,
                            @NotBlank @Size(max = 128) String roomId, @Size(max = 128) String sessionId,
                            @NotBlank @Size(max = 64) String channel, Instant expiresAt) {
    }

    public record BulkView(int issued, int existing, List<LinkView> links) {
    }

    public record PageView(List<LinkView> items, int page, int size, long total) {
    }

    @PostMapping("/links")
    @ResponseStatus(HttpStatus.CREATED)
    public LinkView issue(@Valid @RequestBody IssueLink r) {
        return view(links.issue(r.ownerType(), r.ownerId(), r.roomId(), r.sessionId(), r.channel(), r.expiresAt()));
    }

    /** 201 when it issued links, 200 when every owner already had one. */
    @PostMapping("/links/bulk")
    public ResponseEntity<BulkView> issueBulk(@Valid @RequestBody IssueBulk r) {
        LinkCommands.Bulk bulk = links.issueBulk(r.ownerType(), r.dealerId(), r.roomId(), r.sessionId(), r.channel(),
                r.expiresAt());
        return ResponseEntity.status(bulk.issued() > 0 ? HttpStatus.CREATED : HttpStatus.OK)
                .body(new BulkView(bulk.issued(), bulk.existing(), bulk.links().stream().map(this::view).toList()));
    }

    @GetMapping("/links/{code}")
    public LinkView link(@PathVariable String code) {
        return view(links.link(code));
    }

    /** Revoked links answer 410 from now on (within the redirect cache period on other instances). */
    @PostMapping("/links/{code}/revoke")
    public LinkView revoke(@PathVariable String code) {
        return view(links.revoke(code));
    }

    @GetMapping("/stores/{storeId}/links")
    public PageView storeLinks(@PathVariable String storeId, @RequestParam(defaultValue = "0") int page,
                               @RequestParam(defaultValue = "50") int size) {
        if (size < 1 || size > 200) {
            throw new InvalidFieldException("size", "size must be between 1 and 200", 400);
        }
        if (page < 0 || (long) page * size > 1_000_000) {
            throw new InvalidFieldException("page", "page must be 0 or more, within the first million entries", 400);
        }
        LinkCommands.Page p = links.storeLinks(storeId, page, size);
        return new PageView(p.items().stream().map(this::view).toList(), p.page(), p.size(), p.total());
    }

    /** Raw clicks and visitors counted once per hour, from {@code from} (default: issue time) to {@code to} (now). */
    @GetMapping("/links/{code}/funnel")
    public Funnels.Funnel funnel(@PathVariable String code, @RequestParam(required = false) Instant from,
                                 @RequestParam(required = false) Instant to) {
        TrackedLink link = links.link(code);
        Instant start = from == null ? link.issuedAt() : from;
        Instant end = to == null ? clock.instant() : to;
        if (start.isBefore(Instant.EPOCH) || start.isAfter(LATEST)) {
            throw new InvalidFieldException("from", "from must lie between 1970 and 9999", 400);
        }
        if (!end.isAfter(start) || end.isAfter(LATEST)) {
            throw new InvalidFieldException("to", "to must come after from and before 10000", 400);
        }
        return funnels.funnel(code, start, end);
    }

    @GetMapping("/links/{code}/qr.png")
    public ResponseEntity<byte[]> qr(@PathVariable String code, @RequestParam(defaultValue = "512") int size) {
        if (size < 128 || size > 2048) {
            throw new InvalidFieldException("size", "size must be between 128 and 2048 pixels", 400);
        }
        TrackedLink link = links.link(code);
        return ResponseEntity.ok().contentType(MediaType.IMAGE_PNG)
                .cacheControl(CacheControl.maxAge(Duration.ofDays(1)))
                .body(QrCodes.png(link.shareUrl(publicBaseUrl), size));
    }

    private LinkView view(TrackedLink l) {
        return new LinkView(l.code(), l.ownerType(), l.ownerId(), l.storeId(), l.dealerId(), l.roomId(),
                l.sessionId(), l.channel(), l.issuedAt(), l.expiresAt(), l.revokedAt(), l.shareUrl(publicBaseUrl),
                l.qrPngUrl(publicBaseUrl));
    }
}
